//! Conversion to the analysis rate with `rubato`'s FFT resampler.

use rubato::{FftFixedIn, Resampler};

/// Resamples mono `input` from `from_hz` to `to_hz`, keeping time alignment (the filter delay is removed).
pub fn to_rate(input: &[f32], from_hz: u32, to_hz: u32) -> Vec<f32> {
    if from_hz == to_hz || input.is_empty() {
        return input.to_vec();
    }
    const CHUNK: usize = 1024;
    let Ok(mut resampler) = FftFixedIn::<f32>::new(from_hz as usize, to_hz as usize, CHUNK, 1, 1)
    else {
        return input.to_vec();
    };
    let expected = (input.len() as u64 * u64::from(to_hz)).div_ceil(u64::from(from_hz)) as usize;
    let delay = resampler.output_delay();
    let mut out: Vec<f32> = Vec::with_capacity(expected + delay + CHUNK);
    let mut buffer = resampler.output_buffer_allocate(true);
    let mut pos = 0;
    while pos < input.len() || out.len() < expected + delay {
        let need = resampler.input_frames_next();
        let result = if pos + need <= input.len() {
            let r = resampler.process_into_buffer(&[&input[pos..pos + need]], &mut buffer, None);
            pos += need;
            r
        } else if pos < input.len() {
            let r =
                resampler.process_partial_into_buffer(Some(&[&input[pos..]]), &mut buffer, None);
            pos = input.len();
            r
        } else {
            resampler.process_partial_into_buffer(None::<&[&[f32]]>, &mut buffer, None)
        };
        match result {
            Ok((_, written)) => out.extend_from_slice(&buffer[0][..written]),
            Err(_) => break,
        }
    }
    let end = (delay + expected).min(out.len());
    out.get(delay..end).map(<[f32]>::to_vec).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_length_and_timing() {
        let sr = 44_100;
        let mut x = vec![0f32; sr as usize];
        x[22_050] = 1.0;
        let y = to_rate(&x, sr, 16_000);
        assert_eq!(y.len(), 16_000);
        let argmax = y
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .map(|(i, _)| i)
            .unwrap_or(0);
        assert!((argmax as i64 - 8_000).abs() <= 1, "impulse at {argmax}");
    }
}
