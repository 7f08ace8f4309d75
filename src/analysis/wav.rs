//! Reading a WAV into mono `f32` samples, with the sample-level facts (peak, clipping) that
//! must be measured before any conversion.

use std::io::Cursor;
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

/// Reads a WAV file (8–32-bit integer or 32-bit float, any channel count). A data chunk cut
/// short (a recording interrupted before its header was finished) is read as far as it goes
/// for 16-bit and float files.
pub fn read(path: &Path) -> Result<MonoAudio, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut reader = WavReader::new(Cursor::new(bytes.as_slice())).map_err(describe)?;
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
    let declared = reader.len() as usize;
    let mut stats = Stats::default();
    let interleaved: Vec<f32> = match (spec.sample_format, spec.bits_per_sample) {
        // fast paths: decode the data chunk directly (hound parsed the header)
        (SampleFormat::Int, 16) => {
            let data = &bytes[reader.into_inner().position() as usize..];
            let n = declared.min(data.len() / 2);
            data[..2 * n]
                .chunks_exact(2)
                .map(|b| {
                    let s = i16::from_le_bytes([b[0], b[1]]);
                    stats.add_int(i64::from(s), 16)
                })
                .collect()
        }
        (SampleFormat::Float, 32) => {
            let data = &bytes[reader.into_inner().position() as usize..];
            let n = declared.min(data.len() / 4);
            data[..4 * n]
                .chunks_exact(4)
                .map(|b| stats.add_float(f32::from_le_bytes([b[0], b[1], b[2], b[3]])))
                .collect()
        }
        (SampleFormat::Int, bits @ 8..=32) => reader
            .samples::<i32>()
            .map(|s| s.map(|s| stats.add_int(i64::from(s), bits)))
            .collect::<Result<_, _>>()
            .map_err(describe)?,
        (SampleFormat::Int, bits) => {
            return Err(format!("{bits}-bit integer samples are not supported"));
        }
        (SampleFormat::Float, _) => reader
            .samples::<f32>()
            .map(|s| s.map(|s| stats.add_float(s)))
            .collect::<Result<_, _>>()
            .map_err(describe)?,
    };
    let channels = usize::from(spec.channels);
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
        clipped_samples: stats.clipped,
        peak: stats.peak,
    })
}

/// Full-scale count and peak, gathered while decoding.
#[derive(Default)]
struct Stats {
    clipped: u64,
    peak: f32,
}

impl Stats {
    fn add_int(&mut self, s: i64, bits: u16) -> f32 {
        let half = 1i64 << (bits - 1);
        if s >= half - 1 || s <= -half {
            self.clipped += 1;
        }
        let v = (s as f64 / half as f64) as f32;
        self.peak = self.peak.max(v.abs());
        v
    }

    fn add_float(&mut self, v: f32) -> f32 {
        let v = if v.is_finite() { v } else { 0.0 };
        if v.abs() >= 1.0 {
            self.clipped += 1;
        }
        self.peak = self.peak.max(v.abs());
        v
    }
}

fn describe(e: hound::Error) -> String {
    match e {
        hound::Error::IoError(io) => format!("cannot read the file: {io}"),
        hound::Error::FormatError(m) => format!("not a valid WAV file ({m})"),
        hound::Error::Unsupported => "this WAV encoding is not supported (use PCM or float)".into(),
        other => format!("not a usable WAV file ({other})"),
    }
}
