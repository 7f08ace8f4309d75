//! Reading a WAV into mono `f32` samples, with the sample-level facts (peak, clipping) that
//! must be measured before any conversion.

use std::path::Path;

use hound::{SampleFormat, WavReader};

/// A recording as the analysis needs it.
#[derive(Debug, Clone)]
pub struct MonoAudio {
    /// Mono samples (mean of the channels), full scale ±1.
    pub samples: Vec<f32>,
    /// Sample rate, Hz.
    pub sample_rate: u32,
    /// Samples (any channel) at the format's full scale.
    pub clipped_samples: u64,
    /// Largest absolute sample value of any channel, full scale 1.
    pub peak: f32,
}

/// Reads a WAV file (8–32-bit integer or 32-bit float, any channel count).
pub fn read(path: &Path) -> Result<MonoAudio, String> {
    let reader = WavReader::open(path).map_err(describe)?;
    let spec = reader.spec();
    if spec.channels == 0 {
        return Err("the WAV header says it has no channels".into());
    }
    if spec.sample_rate < 4000 {
        return Err(format!(
            "sample rate {} Hz is too low for speech analysis (need ≥ 4000 Hz)",
            spec.sample_rate
        ));
    }
    let channels = usize::from(spec.channels);
    let mut interleaved: Vec<f32> = Vec::with_capacity(reader.len() as usize);
    let mut clipped = 0u64;
    let mut peak = 0f32;
    match spec.sample_format {
        SampleFormat::Int => {
            if !(8..=32).contains(&spec.bits_per_sample) {
                return Err(format!(
                    "{}-bit integer samples are not supported",
                    spec.bits_per_sample
                ));
            }
            let max = (1i64 << (spec.bits_per_sample - 1)) - 1;
            let min = -(1i64 << (spec.bits_per_sample - 1));
            let scale = 1.0 / (1i64 << (spec.bits_per_sample - 1)) as f64;
            for s in reader.into_samples::<i32>() {
                let s = i64::from(s.map_err(describe)?);
                if s >= max || s <= min {
                    clipped += 1;
                }
                let v = (s as f64 * scale) as f32;
                peak = peak.max(v.abs());
                interleaved.push(v);
            }
        }
        SampleFormat::Float => {
            for s in reader.into_samples::<f32>() {
                let v = s.map_err(describe)?;
                let v = if v.is_finite() { v } else { 0.0 };
                if v.abs() >= 1.0 {
                    clipped += 1;
                }
                peak = peak.max(v.abs());
                interleaved.push(v);
            }
        }
    }
    let samples = if channels == 1 {
        interleaved
    } else {
        interleaved
            .chunks_exact(channels)
            .map(|frame| frame.iter().sum::<f32>() / channels as f32)
            .collect()
    };
    Ok(MonoAudio {
        samples,
        sample_rate: spec.sample_rate,
        clipped_samples: clipped,
        peak,
    })
}

fn describe(e: hound::Error) -> String {
    match e {
        hound::Error::IoError(io) => format!("cannot read the file: {io}"),
        hound::Error::FormatError(m) => format!("not a valid WAV file ({m})"),
        hound::Error::Unsupported => "this WAV encoding is not supported (use PCM or float)".into(),
        other => format!("not a usable WAV file ({other})"),
    }
}
