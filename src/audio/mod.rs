//! Audio: capture (cpal → rtrb → writer thread → hound), playback, devices, level meter.
//!
//! The app talks to audio only through [`AudioBackend`], so the real cpal backend and a
//! synthetic one (for UI tests and demos) are interchangeable.
//!
//! - [`CpalBackend`]: the real devices (ALSA → PulseAudio/PipeWire on Linux).
//! - [`SyntheticBackend`]: no device; a thread plays a signal into the same pipeline in real
//!   time, playback is a clock. `SyntheticBackend::without_microphone()` for the no-device path.
//! - [`stretch`]: playback speed 0.5×–2× with the pitch kept (`timestretch`), in the playback
//!   worker.
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
pub mod events;
pub mod feeder;
pub mod level;
pub mod neural_voice;
pub mod playback;
pub mod stream;
pub mod stretch;
pub mod synthetic;
pub mod voice;
pub mod writer;

pub use capture::{CaptureInput, CaptureShared, MAX_TAKE_SECONDS, capture_pipeline};
pub use cpal_backend::CpalBackend;
pub use events::{Severity, StreamEvent};
pub use level::LevelMeter;
pub use playback::CpalPlayback;
pub use stretch::{MAX_SPEED, MIN_SPEED};
pub use synthetic::SyntheticBackend;
pub use writer::{WriterHandle, WriterOptions, WriterOutcome, spawn_writer};

/// An audio failure. `Display` is the sentence for the user (what happened, what to do);
/// [`AudioError::detail`] is the raw cause (ALSA text, OS error, path) for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    /// No input device could be opened.
    #[error(
        "No microphone found. Connect one, or choose another input on the setup screen; \
         answers are still timed without one."
    )]
    NoMicrophone(String),
    /// No output device could be opened.
    #[error(
        "No speaker could be opened, so the take cannot be played. Check that an output \
         device is connected and not muted, then press Play again."
    )]
    NoSpeaker(String),
    /// The device refused every configuration we tried.
    #[error("The audio device could not be started. Try again, or choose another device.")]
    Device(String),
    /// Writing a WAV failed.
    #[error(
        "The recording could not be written to disk. Check that the disk has free space, \
         then record the answer again."
    )]
    File(String),
    /// Reading a WAV failed (missing, damaged or not a WAV).
    #[error("The take's audio file could not be read; it may be missing or damaged.")]
    Unreadable(String),
}

impl AudioError {
    /// The raw cause, for the log.
    pub fn detail(&self) -> &str {
        match self {
            Self::NoMicrophone(d)
            | Self::NoSpeaker(d)
            | Self::Device(d)
            | Self::File(d)
            | Self::Unreadable(d) => d,
        }
    }
}

/// An input or output device as listed to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// Name shown and remembered.
    pub name: String,
    /// Whether this is the host's default input (or output).
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
    fn poll_error(&mut self) -> Option<StreamEvent>;
    /// Stops, finalises the WAV and reports what was written.
    fn finish(self: Box<Self>) -> Result<CaptureResult, AudioError>;
    /// When the WAV's first sample was captured; `None` until the device has delivered it,
    /// which can be hundreds of milliseconds after `start_recording` returned.
    fn first_sample_at(&self) -> Option<std::time::Instant>;
    /// How fast the device's clock runs against the system's, in ppm, once enough audio
    /// came to tell (see `capture::CaptureShared::clock_drift_ppm`); `None` by default.
    fn clock_drift_ppm(&self) -> Option<i32> {
        None
    }
}

/// A level meter on an input without recording (the setup screen); dropping it stops.
pub trait Monitor: Send {
    /// The live level.
    fn level(&self) -> std::sync::Arc<dyn LevelSource>;
    /// A device error seen since the last call.
    fn poll_error(&mut self) -> Option<StreamEvent>;
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
    /// Plays at `speed` times normal speed, the pitch kept, clamped to
    /// [`MIN_SPEED`]..=[`MAX_SPEED`]; heard within the output buffer (about 250 ms). The
    /// position stays in take time.
    fn set_speed(&mut self, speed: f32);
    /// The playback speed (1 is normal).
    fn speed(&self) -> f32;
    /// Goes back to A each time playing reaches B (`None`: plays on to the end), without a gap.
    fn set_loop(&mut self, range: Option<(Duration, Duration)>);
    /// Whether it is playing now (false when paused or at the end).
    fn is_playing(&self) -> bool;
    /// A device error that stopped playback, seen since the last call.
    fn poll_error(&mut self) -> Option<StreamEvent>;
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
    /// Output devices, default first (empty where outputs cannot be chosen).
    fn output_devices(&self) -> Vec<DeviceInfo> {
        Vec::new()
    }
    /// Opens `path` for playback on `device` (the default when `None` or gone), paused at 0.
    fn open_playback_on(
        &self,
        device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Playback>, AudioError> {
        let _ = device;
        self.open_playback(path)
    }
}

/// A backend whose playback goes to the output the user chose: every take replayed and
/// every question asked aloud follows the choice, wherever it is opened.
pub struct ChosenOutput {
    inner: Box<dyn AudioBackend>,
    output: std::sync::Mutex<Option<String>>,
}

impl ChosenOutput {
    /// `inner`, playing on its default output until [`ChosenOutput::choose`] says otherwise.
    pub fn new(inner: Box<dyn AudioBackend>) -> Self {
        Self {
            inner,
            output: std::sync::Mutex::new(None),
        }
    }

    /// Plays on `device` from now on (`None`: the default output).
    pub fn choose(&self, device: Option<&str>) {
        *self
            .output
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = device.map(str::to_owned);
    }
}

impl AudioBackend for ChosenOutput {
    fn input_devices(&self) -> Vec<DeviceInfo> {
        self.inner.input_devices()
    }
    fn start_recording(
        &self,
        device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Recording>, AudioError> {
        self.inner.start_recording(device, path)
    }
    fn start_monitor(&self, device: Option<&str>) -> Result<Box<dyn Monitor>, AudioError> {
        self.inner.start_monitor(device)
    }
    fn open_playback(&self, path: &Path) -> Result<Box<dyn Playback>, AudioError> {
        let output = self
            .output
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        self.inner.open_playback_on(output.as_deref(), path)
    }
    fn output_devices(&self) -> Vec<DeviceInfo> {
        self.inner.output_devices()
    }
    fn open_playback_on(
        &self,
        device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Playback>, AudioError> {
        self.inner.open_playback_on(device, path)
    }
}
