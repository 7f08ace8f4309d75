//! Audio: capture (cpal → rtrb → writer thread → hound), playback, devices, level meter.
//!
//! The app talks to audio only through [`AudioBackend`], so the real cpal backend and a
//! synthetic one (for UI tests and demos) are interchangeable.
//!
//! - [`CpalBackend`]: the real devices (ALSA → PulseAudio/PipeWire on Linux).
//! - [`SyntheticBackend`]: no device; a thread plays a signal into the same pipeline in real
//!   time, playback is a clock. `SyntheticBackend::without_microphone()` for the no-device path.
//! - [`capture`]: the pipeline both use (ring, writer thread, watchdog, length cap
//!   [`MAX_TAKE_SECONDS`]); [`spawn_writer`] is usable on its own.
//!
//! Opening streams, listing devices and finishing a take block the caller briefly (tens of
//! milliseconds; closing a dead device gives up after [`capture::CLOSE_TIMEOUT`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod capture;
pub mod convert;
pub mod cpal_backend;
pub mod level;
pub mod playback;
pub mod synthetic;

pub use capture::{
    CaptureInput, CaptureShared, MAX_TAKE_SECONDS, StreamEvent, WriterHandle, WriterOptions,
    WriterOutcome, capture_pipeline, spawn_writer,
};
pub use cpal_backend::CpalBackend;
pub use level::LevelMeter;
pub use playback::CpalPlayback;
pub use synthetic::{SyntheticBackend, read_wav_mono, wav_duration};

/// An audio failure, worded for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    /// No input device could be opened.
    #[error("No microphone found: {0}")]
    NoMicrophone(String),
    /// No output device could be opened.
    #[error("No speaker found: {0}")]
    NoSpeaker(String),
    /// The device refused every configuration we tried.
    #[error("The audio device could not be opened: {0}")]
    Device(String),
    /// Reading or writing a WAV failed.
    #[error("{0}")]
    File(String),
}

/// An input device as listed to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// Name shown and remembered.
    pub name: String,
    /// Whether this is the host's default input.
    pub is_default: bool,
}

/// Live input level, written by the audio thread and read by the UI (lock-free).
pub trait LevelSource: Send + Sync {
    /// Peak of the last ~50 ms, dBFS (−∞..0).
    fn peak_dbfs(&self) -> f32;
    /// RMS of the last ~50 ms, dBFS.
    fn rms_dbfs(&self) -> f32;
    /// Whether a sample hit full scale in the last ~second.
    fn clipping(&self) -> bool;
}

/// Progress of a recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaptureStats {
    /// The device's native rate, kept in the WAV.
    pub sample_rate: u32,
    /// Mono frames written to the WAV so far.
    pub frames_written: u64,
    /// Frames lost because the ring was full.
    pub dropped_frames: u64,
}

/// A finished recording.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureResult {
    /// The WAV written.
    pub path: PathBuf,
    /// Its sample rate.
    pub sample_rate: u32,
    /// Audio length.
    pub duration: Duration,
    /// Frames lost because the ring was full.
    pub dropped_frames: u64,
    /// Why the recording ended before it was stopped (device lost…); audio up to it is kept.
    pub interrupted: Option<String>,
}

/// A recording in progress; dropping it stops and finalises the WAV.
pub trait Recording: Send {
    /// The live level.
    fn level(&self) -> std::sync::Arc<dyn LevelSource>;
    /// Frames written and dropped so far.
    fn stats(&self) -> CaptureStats;
    /// A device error or stall seen since the last call (the recording keeps what it has).
    fn poll_error(&mut self) -> Option<String>;
    /// Stops, finalises the WAV and reports what was written.
    fn finish(self: Box<Self>) -> Result<CaptureResult, AudioError>;
}

/// A level meter on an input without recording (the setup screen); dropping it stops.
pub trait Monitor: Send {
    /// The live level.
    fn level(&self) -> std::sync::Arc<dyn LevelSource>;
    /// A device error seen since the last call.
    fn poll_error(&mut self) -> Option<String>;
}

/// A WAV being played; dropping it stops.
pub trait Playback: Send {
    /// Resumes.
    fn play(&mut self);
    /// Pauses, keeping the position.
    fn pause(&mut self);
    /// Jumps to `position`.
    fn seek(&mut self, position: Duration);
    /// Current position.
    fn position(&self) -> Duration;
    /// Length of the file.
    fn duration(&self) -> Duration;
    /// Whether it is playing now (false when paused or at the end).
    fn is_playing(&self) -> bool;
    /// A device error seen since the last call.
    fn poll_error(&mut self) -> Option<String>;
}

/// Where audio comes from and goes to.
pub trait AudioBackend: Send {
    /// Input devices, default first.
    fn input_devices(&self) -> Vec<DeviceInfo>;
    /// Starts recording `device` (or the default) into a mono 16-bit WAV at `path`.
    fn start_recording(
        &self,
        device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Recording>, AudioError>;
    /// Starts a level meter on `device` (or the default).
    fn start_monitor(&self, device: Option<&str>) -> Result<Box<dyn Monitor>, AudioError>;
    /// Opens `path` for playback on the default output, paused at 0.
    fn open_playback(&self, path: &Path) -> Result<Box<dyn Playback>, AudioError>;
}
