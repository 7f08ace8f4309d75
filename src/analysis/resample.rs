//! Conversion to the analysis rate with `rubato`'s FFT resampler, block by block.

use rubato::{FftFixedIn, Resampler};

/// Input frames per resampler call.
const CHUNK: usize = 1024;

/// Resamples a mono stream of known length from one rate to another, keeping time alignment
/// (the filter delay is removed) and giving exactly `ceil(len · to / from)` samples, whatever
/// the sizes of the blocks pushed in.
pub struct Stream {
    resampler: Option<FftFixedIn<f32>>,
    pending: Vec<f32>,
    buffer: Vec<Vec<f32>>,
    /// Output samples of the filter delay still to drop.
    skip: usize,
    /// Output samples still to deliver.
    left: usize,
}

impl Stream {
    /// A stream of `input_len` samples from `from_hz` to `to_hz`.
    pub fn new(from_hz: u32, to_hz: u32, input_len: usize) -> Self {
        let expected = (input_len as u64 * u64::from(to_hz)).div_ceil(u64::from(from_hz.max(1)));
        let resampler = (from_hz != to_hz && input_len > 0)
            .then(|| FftFixedIn::<f32>::new(from_hz as usize, to_hz as usize, CHUNK, 1, 1).ok())
            .flatten();
        let (buffer, skip) = resampler.as_ref().map_or((Vec::new(), 0), |r| {
            (r.output_buffer_allocate(true), r.output_delay())
        });
        Self {
            left: if resampler.is_some() {
                expected as usize
            } else {
                input_len
            },
            resampler,
            pending: Vec::with_capacity(CHUNK),
            buffer,
            skip,
        }
    }

    /// Feeds `input`, appending the samples that are ready to `out`.
    pub fn push(&mut self, mut input: &[f32], out: &mut Vec<f32>) {
        if self.resampler.is_none() {
            let n = input.len().min(self.left);
            out.extend_from_slice(&input[..n]);
            self.left -= n;
            return;
        }
        while !input.is_empty() {
            let take = (CHUNK - self.pending.len()).min(input.len());
            self.pending.extend_from_slice(&input[..take]);
            input = &input[take..];
            if self.pending.len() == CHUNK {
                self.process(false, out);
            }
        }
    }

    /// Ends the input, appending the remaining samples to `out`.
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        if self.resampler.is_none() {
            return;
        }
        if !self.pending.is_empty() {
            self.process(true, out);
        }
        while self.left > 0 {
            if !self.process(true, out) {
                break;
            }
        }
    }

    /// Runs the resampler on the pending input (all of it, or a final partial chunk); returns
    /// false when the resampler fails.
    fn process(&mut self, partial: bool, out: &mut Vec<f32>) -> bool {
        let Some(resampler) = self.resampler.as_mut() else {
            return false;
        };
        let result = match (partial, self.pending.is_empty()) {
            (false, _) => resampler.process_into_buffer(&[&self.pending], &mut self.buffer, None),
            (true, false) => resampler.process_partial_into_buffer(
                Some(&[&self.pending]),
                &mut self.buffer,
                None,
            ),
            (true, true) => {
                resampler.process_partial_into_buffer(None::<&[&[f32]]>, &mut self.buffer, None)
            }
        };
        self.pending.clear();
        let Ok((_, written)) = result else {
            self.left = 0;
            return false;
        };
        let produced = &self.buffer[0][..written];
        let dropped = self.skip.min(produced.len());
        self.skip -= dropped;
        let kept = &produced[dropped..];
        let n = kept.len().min(self.left);
        out.extend_from_slice(&kept[..n]);
        self.left -= n;
        true
    }
}

/// Resamples mono `input` from `from_hz` to `to_hz` in one call (see [`Stream`]).
pub fn to_rate(input: &[f32], from_hz: u32, to_hz: u32) -> Vec<f32> {
    let mut stream = Stream::new(from_hz, to_hz, input.len());
    let mut out = Vec::new();
    stream.push(input, &mut out);
    stream.finish(&mut out);
    out
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

    #[test]
    fn block_sizes_do_not_change_the_output() {
        let mut rng = fastrand::Rng::with_seed(3);
        let x: Vec<f32> = (0..50_001).map(|_| rng.f32() - 0.5).collect();
        for (from, to) in [
            (48_000u32, 16_000u32),
            (22_050, 16_000),
            (16_000, 8_000),
            (16_000, 16_000),
        ] {
            let whole = to_rate(&x, from, to);
            assert_eq!(
                whole.len() as u64,
                (50_001 * u64::from(to)).div_ceil(u64::from(from))
            );
            for block in [1, 333, 1024, 4096, 65_536] {
                let mut stream = Stream::new(from, to, x.len());
                let mut out = Vec::new();
                for piece in x.chunks(block) {
                    stream.push(piece, &mut out);
                }
                stream.finish(&mut out);
                assert_eq!(out, whole, "{from}→{to} in blocks of {block}");
            }
        }
    }
}
