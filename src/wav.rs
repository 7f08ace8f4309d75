//! The one WAV reader (playback, analysis and review all use it).
//!
//! [`open`] parses the header with `hound`, refuses what is not a regular file, and reports the
//! spec with the frames the header declares and the frames the file really holds (a recording
//! cut short by a crash holds fewer). [`Reader::read_block`] streams mono `f32` blocks (mean of
//! the channels, full scale ±1) from any format hound decodes, with each block's peak and
//! clipping measured on the file's own samples; [`Reader::seek`] moves to a frame.
//! [`read_mono`] reads a whole (small) file; [`peaks`] and [`cached_peaks`] give the waveform.

mod peaks;

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

pub use hound::{SampleFormat, WavSpec};
pub use peaks::{cache_path, cached_peaks, peaks};

/// Why a WAV could not be read; the text is a short phrase for "path: …" messages.
#[derive(Debug, thiserror::Error)]
pub enum WavError {
    /// A FIFO, device, directory or socket: never opened, so reading cannot hang.
    #[error("not a regular file")]
    NotRegularFile,
    /// A file of zero bytes.
    #[error("empty file")]
    Empty,
    /// The operating system refused or failed a read.
    #[error("cannot read the file: {0}")]
    Io(#[from] io::Error),
    /// Not RIFF/WAVE, or a header that contradicts itself.
    #[error("not a valid WAV file ({0})")]
    Invalid(String),
    /// A valid WAV in an encoding hound cannot decode.
    #[error("{0}")]
    Unsupported(String),
}

/// What the header says and what the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WavInfo {
    /// Channels, rate and sample format from the header.
    pub spec: WavSpec,
    /// Frames (one sample per channel) the header declares.
    pub declared_frames: u64,
    /// Frames the file really holds (at most `declared_frames`); these are the ones read.
    pub frames: u64,
}

impl WavInfo {
    /// The header declares more frames than the file holds (a recording cut short).
    pub fn truncated(&self) -> bool {
        self.frames < self.declared_frames
    }

    /// Length of the audio present, seconds.
    pub fn duration_s(&self) -> f64 {
        self.frames as f64 / f64::from(self.spec.sample_rate.max(1))
    }

    /// Length the header declares, seconds.
    pub fn declared_duration_s(&self) -> f64 {
        self.declared_frames as f64 / f64::from(self.spec.sample_rate.max(1))
    }

    /// The CLI's warning for a recording cut short, `doing` ("analysing") what is present.
    pub fn cut_short_warning(&self, file: &std::path::Path, doing: &str) -> Option<String> {
        self.truncated().then(|| {
            format!(
                "{}: the header says {:.1} s but the file holds only {:.1} s (the recording was \
                 cut short); {doing} the {:.1} s present.",
                file.display(),
                self.declared_duration_s(),
                self.duration_s(),
                self.duration_s()
            )
        })
    }
}

/// Sample facts of a stretch of audio, measured on every channel before mixing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BlockFacts {
    /// Frames read.
    pub frames: usize,
    /// Largest absolute sample of any channel, full scale 1.
    pub peak: f32,
    /// Samples (any channel) at the format's full scale.
    pub clipped: u64,
}

impl BlockFacts {
    /// Adds the facts of the next block.
    pub fn merge(&mut self, other: BlockFacts) {
        self.frames += other.frames;
        self.peak = self.peak.max(other.peak);
        self.clipped += other.clipped;
    }
}

/// An open WAV, read as mono blocks from any frame.
pub struct Reader {
    file: BufReader<File>,
    info: WavInfo,
    data_start: u64,
    bytes_per_sample: u16,
    position: u64,
    raw: Vec<u8>,
    interleaved: Vec<f32>,
}

/// Opens a WAV file: checks that it is a regular, non-empty file and parses its header.
pub fn open(path: &Path) -> Result<Reader, WavError> {
    // checked on the path first: opening a FIFO would block until a writer appears
    if !std::fs::metadata(path)?.is_file() {
        return Err(WavError::NotRegularFile);
    }
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(WavError::NotRegularFile);
    }
    if meta.len() == 0 {
        return Err(WavError::Empty);
    }
    let file_len = meta.len();
    let header = hound::WavReader::new(BufReader::new(file)).map_err(describe)?;
    let spec = header.spec();
    let declared_samples = header.len();
    let mut file = header.into_inner();
    let data_start = file.stream_position()?;
    // hound checked that the data size is a whole number of samples; the container width
    // (24-bit samples may sit in 4 bytes) is that size over the sample count
    file.seek(SeekFrom::Start(data_start - 4))?;
    let mut size = [0u8; 4];
    file.read_exact(&mut size)?;
    let bytes_per_sample = u32::from_le_bytes(size)
        .checked_div(declared_samples)
        .map_or(spec.bits_per_sample.div_ceil(8), |b| b as u16);
    check_supported(spec, bytes_per_sample)?;
    let channels = u64::from(spec.channels);
    let block_align = u64::from(bytes_per_sample) * channels;
    let declared_frames = u64::from(declared_samples) / channels;
    let present = file_len.saturating_sub(data_start) / block_align;
    let mut reader = Reader {
        file,
        info: WavInfo {
            spec,
            declared_frames,
            frames: declared_frames.min(present),
        },
        data_start,
        bytes_per_sample,
        position: 0,
        raw: Vec::new(),
        interleaved: Vec::new(),
    };
    reader.seek(0)?;
    Ok(reader)
}

fn check_supported(spec: WavSpec, bytes_per_sample: u16) -> Result<(), WavError> {
    let bits = spec.bits_per_sample;
    match (spec.sample_format, bytes_per_sample, bits) {
        (SampleFormat::Int, 1, 8) | (SampleFormat::Int, 2, 16) => Ok(()),
        (SampleFormat::Int, 3 | 4, 24) | (SampleFormat::Int, 4, 32) => Ok(()),
        (SampleFormat::Float, 4, 32) => Ok(()),
        (SampleFormat::Int, ..) => Err(WavError::Unsupported(format!(
            "{bits}-bit integer samples in {bytes_per_sample} bytes are not supported"
        ))),
        (SampleFormat::Float, ..) => Err(WavError::Unsupported(format!(
            "{bits}-bit float samples are not supported (use 32-bit float)"
        ))),
    }
}

impl Reader {
    /// Spec and length.
    pub fn info(&self) -> &WavInfo {
        &self.info
    }

    /// The next frame [`Reader::read_block`] reads.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Moves to `frame` (clamped to the end of the audio present).
    pub fn seek(&mut self, frame: u64) -> Result<(), WavError> {
        let frame = frame.min(self.info.frames);
        let block_align = u64::from(self.bytes_per_sample) * u64::from(self.info.spec.channels);
        self.file
            .seek(SeekFrom::Start(self.data_start + frame * block_align))?;
        self.position = frame;
        Ok(())
    }

    /// Replaces `out` with up to `max_frames` mono samples from the current position; returns
    /// their facts (`frames == 0` at the end). Stops early, without error, where the file ends.
    pub fn read_block(
        &mut self,
        out: &mut Vec<f32>,
        max_frames: usize,
    ) -> Result<BlockFacts, WavError> {
        out.clear();
        let channels = usize::from(self.info.spec.channels);
        let block_align = usize::from(self.bytes_per_sample) * channels;
        let left = self.info.frames - self.position;
        let want = (max_frames as u64).min(left) as usize;
        self.raw.resize(want * block_align, 0);
        let got = read_up_to(&mut self.file, &mut self.raw)? / block_align;
        self.position += got as u64;
        let mut facts = BlockFacts {
            frames: got,
            ..BlockFacts::default()
        };
        let decoded = if channels == 1 {
            &mut *out
        } else {
            &mut self.interleaved
        };
        decoded.clear();
        let spec = self.info.spec;
        let mut bytes = &self.raw[..got * block_align];
        let width = self.bytes_per_sample;
        let bits = spec.bits_per_sample;
        let half = (1i64 << (bits - 1)) as f64;
        for _ in 0..got * channels {
            let v = match spec.sample_format {
                SampleFormat::Float => {
                    let v =
                        <f32 as hound::Sample>::read(&mut bytes, spec.sample_format, width, bits)
                            .map_err(describe)?;
                    let v = if v.is_finite() { v } else { 0.0 };
                    if v.abs() >= 1.0 {
                        facts.clipped += 1;
                    }
                    v
                }
                SampleFormat::Int => {
                    let s =
                        <i32 as hound::Sample>::read(&mut bytes, spec.sample_format, width, bits)
                            .map_err(describe)?;
                    let s = f64::from(s);
                    if s >= half - 1.0 || s <= -half {
                        facts.clipped += 1;
                    }
                    (s / half) as f32
                }
            };
            facts.peak = facts.peak.max(v.abs());
            decoded.push(v);
        }
        if channels > 1 {
            out.extend(
                self.interleaved
                    .chunks_exact(channels)
                    .map(|frame| frame.iter().sum::<f32>() / channels as f32),
            );
        }
        Ok(facts)
    }
}

/// Reads into `buf` until it is full or the file ends; returns the bytes read.
fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A whole recording as mono samples.
#[derive(Debug, Clone)]
pub struct MonoAudio {
    /// Mono samples (mean of the channels), full scale ±1.
    pub samples: Vec<f32>,
    /// Spec and length.
    pub info: WavInfo,
    /// Peak and clipping of the whole file.
    pub facts: BlockFacts,
}

/// Frames per block when a whole file or its peaks are read.
const BLOCK_FRAMES: usize = 1 << 16;

/// Reads a whole WAV to mono; for short files (a 60-minute take at 48 kHz is 690 MB).
pub fn read_mono(path: &Path) -> Result<MonoAudio, WavError> {
    let mut reader = open(path)?;
    let mut samples = Vec::with_capacity(reader.info.frames as usize);
    let mut facts = BlockFacts::default();
    let mut block = Vec::new();
    loop {
        let f = reader.read_block(&mut block, BLOCK_FRAMES)?;
        if f.frames == 0 {
            break;
        }
        facts.merge(f);
        samples.extend_from_slice(&block);
    }
    Ok(MonoAudio {
        samples,
        info: reader.info,
        facts,
    })
}

fn describe(e: hound::Error) -> WavError {
    match e {
        // hound's header reader says "Failed to read enough bytes." where the file ends
        hound::Error::IoError(io)
            if io.kind() == io::ErrorKind::UnexpectedEof
                || io.to_string().starts_with("Failed to read enough bytes") =>
        {
            WavError::Invalid("the file ends inside its header".into())
        }
        hound::Error::IoError(io) => WavError::Io(io),
        hound::Error::FormatError(m) => WavError::Invalid(m.into()),
        hound::Error::Unsupported => {
            WavError::Unsupported("this WAV encoding is not supported (use PCM or float)".into())
        }
        other => WavError::Invalid(other.to_string()),
    }
}

/// Writes 16-bit mono samples to a new WAV at `sample_rate` (fixtures, tests and benchmarks).
pub fn write_i16_mono(
    path: &Path,
    sample_rate: u32,
    samples: impl IntoIterator<Item = i16>,
) -> Result<(), hound::Error> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(path, spec)?;
    for sample in samples {
        writer.write_sample(sample)?;
    }
    writer.finalize()
}

#[cfg(test)]
mod tests;
