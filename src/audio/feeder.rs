//! The playback source: a WAV streamed from disk block by block ([`crate::wav::Reader`]),
//! resampled with rubato to the device rate when the rates differ. Only a few blocks are in
//! memory at any time, whatever the length of the take.

use rubato::{FftFixedIn, Resampler};

use super::AudioError;
use crate::wav::Reader;

/// Input frames per block (and per resampler chunk).
pub const CHUNK_FRAMES: usize = 1024;

/// The file's samples at the device rate, block by block from a position.
pub struct Feeder {
    reader: Reader,
    device_rate: u32,
    input: Vec<f32>,
    resampler: Option<FftFixedIn<f32>>,
    /// Resampler output frames still to drop after a seek (its delay).
    skip: usize,
    tail_done: bool,
}

impl Feeder {
    /// A feeder reading `reader` from its start, converting to `device_rate`.
    pub fn new(reader: Reader, device_rate: u32) -> Result<Self, AudioError> {
        let source_rate = reader.info().spec.sample_rate;
        let resampler = if source_rate == device_rate {
            None
        } else {
            let resampler = FftFixedIn::<f32>::new(
                source_rate as usize,
                device_rate as usize,
                CHUNK_FRAMES,
                2,
                1,
            )
            .map_err(|e| AudioError::Device(format!("cannot resample this take: {e}")))?;
            Some(resampler)
        };
        let mut feeder = Self {
            reader,
            device_rate,
            input: Vec::with_capacity(CHUNK_FRAMES),
            resampler,
            skip: 0,
            tail_done: false,
        };
        feeder.seek(0)?;
        Ok(feeder)
    }

    /// The file's sample rate.
    pub fn source_rate(&self) -> u32 {
        self.reader.info().spec.sample_rate
    }

    /// The rate of the blocks.
    pub fn device_rate(&self) -> u32 {
        self.device_rate
    }

    /// The file's length in source frames.
    pub fn total_frames(&self) -> u64 {
        self.reader.info().frames
    }

    /// Continues from source frame `frame`.
    pub fn seek(&mut self, frame: u64) -> Result<(), AudioError> {
        self.reader.seek(frame).map_err(read_error)?;
        self.tail_done = false;
        if let Some(resampler) = &mut self.resampler {
            resampler.reset();
            self.skip = resampler.output_delay();
        }
        Ok(())
    }

    /// Replaces `out` with the next block at the device rate; `false` at the end.
    pub fn next_block(&mut self, out: &mut Vec<f32>) -> Result<bool, AudioError> {
        out.clear();
        let Some(resampler) = &mut self.resampler else {
            let facts = self
                .reader
                .read_block(out, CHUNK_FRAMES)
                .map_err(read_error)?;
            return Ok(facts.frames > 0);
        };
        if self.tail_done {
            return Ok(false);
        }
        let needed = resampler.input_frames_next();
        let facts = self
            .reader
            .read_block(&mut self.input, needed)
            .map_err(read_error)?;
        let output = if facts.frames == needed {
            resampler.process(&[&self.input], None)
        } else {
            // The end of the file: the partial chunk, then the resampler's tail.
            self.tail_done = true;
            let partial = (facts.frames > 0).then_some([self.input.as_slice()]);
            resampler.process_partial(partial.as_ref().map(|p| p.as_slice()), None)
        }
        .map_err(|e| AudioError::Device(format!("resampling failed: {e}")))?;
        out.extend(output.into_iter().next().unwrap_or_default());
        let trim = self.skip.min(out.len());
        self.skip -= trim;
        out.drain(..trim);
        Ok(true)
    }
}

fn read_error(e: crate::wav::WavError) -> AudioError {
    AudioError::Unreadable(e.to_string())
}

/// Writes `samples` as a mono float WAV at `rate` (for tests).
#[cfg(test)]
pub(super) fn write_wav(path: &std::path::Path, samples: &[f32], rate: u32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut writer = hound::WavWriter::create(path, spec).unwrap();
    for &s in samples {
        writer.write_sample(s).unwrap();
    }
    writer.finalize().unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(feeder: &mut Feeder) -> Vec<f32> {
        let mut all = Vec::new();
        let mut block = Vec::new();
        while feeder.next_block(&mut block).unwrap() {
            all.extend_from_slice(&block);
        }
        all
    }

    #[test]
    fn same_rate_feeds_the_samples_unchanged_and_seeks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        let samples: Vec<f32> = (0..5000).map(|i| i as f32 / 5000.0).collect();
        write_wav(&path, &samples, 48_000);
        let mut feeder = Feeder::new(crate::wav::open(&path).unwrap(), 48_000).unwrap();
        assert_eq!(drain(&mut feeder), samples);
        feeder.seek(4000).unwrap();
        assert_eq!(drain(&mut feeder), samples[4000..]);
    }

    #[test]
    fn a_rate_change_keeps_length_and_level() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        let source: Vec<f32> = (0..22_050)
            .map(|i| 0.5 * (2.0 * std::f32::consts::PI * 300.0 * i as f32 / 22_050.0).sin())
            .collect();
        write_wav(&path, &source, 22_050);
        let mut feeder = Feeder::new(crate::wav::open(&path).unwrap(), 48_000).unwrap();
        let out = drain(&mut feeder);
        assert!(out.len() >= 48_000 && out.len() < 48_000 + 4 * CHUNK_FRAMES);
        let middle = &out[4_800..43_200];
        let rms = (middle.iter().map(|s| s * s).sum::<f32>() / middle.len() as f32).sqrt();
        assert!((rms - 0.5 / 2f32.sqrt()).abs() < 0.02, "rms {rms}");
        // After a seek to the middle, what follows is the second half at the new rate.
        feeder.seek(11_025).unwrap();
        let half = drain(&mut feeder);
        assert!(
            half.len().abs_diff(24_000) < 2 * CHUNK_FRAMES,
            "{}",
            half.len()
        );
    }
}
