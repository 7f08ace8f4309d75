//! Backends without a device, for tests and demos. [`SyntheticBackend`]: a thread plays a
//! signal into the same ring + writer pipeline as the microphone would, in real time; playback
//! is a clock. [`InstantBackend`]: every take is half a second of silence, written at once.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::capture::{
    ActiveRecording, CaptureInput, capture_pipeline, event_channel, monitor_input,
};
use super::events::{Severity, StreamEvent};
use super::level::LevelMeter;
use super::writer::{WriterOptions, spawn_writer};
use super::{
    AudioBackend, AudioError, CaptureResult, CaptureStats, DeviceInfo, LevelSource, Monitor,
    Playback, Recording,
};

/// The name of the one synthetic input device.
pub const SYNTHETIC_DEVICE: &str = "Synthetic microphone";

/// A deterministic backend: the "microphone" loops `signal` at `sample_rate`.
#[derive(Debug, Clone)]
pub struct SyntheticBackend {
    signal: Arc<[f32]>,
    sample_rate: u32,
    microphone: bool,
    device_loss_after: Option<Duration>,
}

impl SyntheticBackend {
    /// A microphone that loops `signal` (mono, −1..1) at `sample_rate`.
    pub fn new(signal: impl Into<Arc<[f32]>>, sample_rate: u32) -> Self {
        let signal: Arc<[f32]> = signal.into();
        Self {
            signal: if signal.is_empty() {
                Arc::from(vec![0.0; 1])
            } else {
                signal
            },
            sample_rate: sample_rate.max(1),
            microphone: true,
            device_loss_after: None,
        }
    }

    /// A microphone hearing a steady sine tone.
    pub fn tone(frequency: f32, amplitude: f32, sample_rate: u32) -> Self {
        let signal: Vec<f32> = (0..sample_rate)
            .map(|i| {
                let t = i as f32 / sample_rate as f32;
                amplitude * (2.0 * std::f32::consts::PI * frequency * t).sin()
            })
            .collect();
        Self::new(signal, sample_rate)
    }

    /// A microphone looping the (downmixed) samples of a WAV file.
    pub fn from_wav(path: &Path) -> Result<Self, AudioError> {
        let audio = crate::wav::read_mono(path).map_err(|e| unreadable(path, &e))?;
        Ok(Self::new(audio.samples, audio.info.spec.sample_rate))
    }

    /// A backend with no microphone: recording and monitoring fail with `NoMicrophone`.
    pub fn without_microphone() -> Self {
        Self {
            microphone: false,
            ..Self::tone(440.0, 0.2, 48_000)
        }
    }

    /// Simulates the microphone disappearing `after` this much audio into each recording.
    pub fn with_device_loss_after(mut self, after: Duration) -> Self {
        self.device_loss_after = Some(after);
        self
    }

    /// The rate recordings are written at.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    fn check_microphone(&self) -> Result<(), AudioError> {
        if self.microphone {
            Ok(())
        } else {
            Err(AudioError::NoMicrophone(
                "the synthetic backend was built without one.".into(),
            ))
        }
    }

    fn start_source(
        &self,
        input: CaptureInput,
        events: Option<Sender<StreamEvent>>,
    ) -> Result<SignalThread, AudioError> {
        let stop = Arc::new(AtomicBool::new(false));
        let job = SignalJob {
            input,
            signal: Arc::clone(&self.signal),
            sample_rate: self.sample_rate,
            loss_after_frames: self
                .device_loss_after
                .map(|d| (d.as_secs_f64() * f64::from(self.sample_rate)) as u64),
            events,
            stop: Arc::clone(&stop),
        };
        std::thread::Builder::new()
            .name("rehearse-synthetic-mic".into())
            .spawn(move || job.run())
            .map(|thread| SignalThread {
                stop,
                thread: Some(thread),
            })
            .map_err(|e| AudioError::Device(format!("could not start the synthetic input: {e}")))
    }
}

impl AudioBackend for SyntheticBackend {
    fn input_devices(&self) -> Vec<DeviceInfo> {
        synthetic_devices(self.microphone)
    }

    fn start_recording(
        &self,
        _device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Recording>, AudioError> {
        self.check_microphone()?;
        let (input, consumer) = capture_pipeline(self.sample_rate);
        let shared = input.shared();
        let (events_tx, events_rx) = event_channel();
        let options = WriterOptions {
            watchdog: false,
            ..WriterOptions::new(self.sample_rate)
        };
        let writer = spawn_writer(
            consumer,
            path,
            Arc::clone(&shared),
            options,
            events_tx.clone(),
        )?;
        let source = self.start_source(input, Some(events_tx))?;
        Ok(Box::new(ActiveRecording::new(
            source,
            writer,
            shared,
            events_rx,
            path.to_path_buf(),
        )))
    }

    fn start_monitor(&self, _device: Option<&str>) -> Result<Box<dyn Monitor>, AudioError> {
        self.check_microphone()?;
        let input = monitor_input(self.sample_rate);
        let level = input.shared().level();
        let source = self.start_source(input, None)?;
        Ok(Box::new(SyntheticMonitor {
            _source: Some(source),
            level,
        }))
    }

    fn open_playback(&self, path: &Path) -> Result<Box<dyn Playback>, AudioError> {
        let reader = crate::wav::open(path).map_err(|e| unreadable(path, &e))?;
        let duration = Duration::from_secs_f64(reader.info().duration_s());
        Ok(Box::new(ClockPlayback::new(duration)))
    }
}

/// The synthetic device list: the one default input, or none without a microphone.
fn synthetic_devices(microphone: bool) -> Vec<DeviceInfo> {
    microphone
        .then(|| DeviceInfo {
            name: SYNTHETIC_DEVICE.into(),
            is_default: true,
        })
        .into_iter()
        .collect()
}

fn unreadable(path: &Path, error: &crate::wav::WavError) -> AudioError {
    AudioError::Unreadable(format!("{}: {error}", path.display()))
}

/// The thread that plays the signal into a capture input in real time.
struct SignalThread {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for SignalThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct SignalJob {
    input: CaptureInput,
    signal: Arc<[f32]>,
    sample_rate: u32,
    loss_after_frames: Option<u64>,
    events: Option<Sender<StreamEvent>>,
    stop: Arc<AtomicBool>,
}

impl SignalJob {
    fn run(mut self) {
        let block = (self.sample_rate as usize / 100).max(1); // 10 ms, like a device callback
        let start = Instant::now();
        let mut produced: u64 = 0;
        let mut position = 0usize;
        let mut buffer = vec![0.0f32; block];
        while !self.stop.load(Ordering::Acquire) {
            let due = (start.elapsed().as_secs_f64() * f64::from(self.sample_rate)) as u64;
            while produced + block as u64 <= due {
                if let Some(limit) = self.loss_after_frames
                    && produced >= limit
                {
                    if let Some(events) = &self.events {
                        let _ = events.send(StreamEvent::new(
                            "The microphone was disconnected (unplugged, or the sound server \
                             stopped). Check the microphone, then try again.",
                            "synthetic device loss",
                            Severity::Fatal,
                        ));
                    }
                    return;
                }
                for sample in buffer.iter_mut() {
                    *sample = self.signal[position];
                    position = (position + 1) % self.signal.len();
                }
                self.input.push_mono(&buffer);
                produced += block as u64;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A monitor on the synthetic input (its signal thread, if any, stops on drop).
struct SyntheticMonitor {
    level: Arc<LevelMeter>,
    _source: Option<SignalThread>,
}

impl Monitor for SyntheticMonitor {
    fn level(&self) -> Arc<dyn LevelSource> {
        self.level.clone()
    }
    fn poll_error(&mut self) -> Option<StreamEvent> {
        None
    }
}

/// A backend for windowless tests: the synthetic device, takes of half a second of silence
/// written when they finish (so lengths are exact), and no speaker.
#[derive(Debug, Clone, Copy, Default)]
pub struct InstantBackend {
    /// Each recording reports a lost device on its first poll (its half second is kept).
    pub lose_device: bool,
}

/// How fast [`InstantBackend`]'s clock runs, in ppm (as if measured at once).
pub const INSTANT_DRIFT_PPM: i32 = 150;

/// The length of every [`InstantBackend`] take.
pub const INSTANT_TAKE: Duration = Duration::from_millis(500);

impl AudioBackend for InstantBackend {
    fn input_devices(&self) -> Vec<DeviceInfo> {
        synthetic_devices(true)
    }
    fn start_recording(
        &self,
        _device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Recording>, AudioError> {
        Ok(Box::new(InstantRecording {
            path: path.to_path_buf(),
            lose_device: self.lose_device,
            started: Instant::now(),
        }))
    }
    fn start_monitor(&self, _device: Option<&str>) -> Result<Box<dyn Monitor>, AudioError> {
        Ok(Box::new(SyntheticMonitor {
            _source: None,
            level: Arc::new(LevelMeter::default()),
        }))
    }
    fn open_playback(&self, _path: &Path) -> Result<Box<dyn Playback>, AudioError> {
        Err(AudioError::NoSpeaker("none in tests".into()))
    }
}

/// An [`InstantBackend`] take: silent, written by `finish`.
struct InstantRecording {
    path: std::path::PathBuf,
    lose_device: bool,
    started: Instant,
}

impl Recording for InstantRecording {
    fn level(&self) -> Arc<dyn LevelSource> {
        Arc::new(LevelMeter::default())
    }
    fn stats(&self) -> CaptureStats {
        CaptureStats::default()
    }
    fn poll_error(&mut self) -> Option<StreamEvent> {
        std::mem::take(&mut self.lose_device)
            .then(|| StreamEvent::new("The microphone was unplugged.", "fake", Severity::Fatal))
    }
    fn first_sample_at(&self) -> Option<Instant> {
        Some(self.started)
    }
    fn clock_drift_ppm(&self) -> Option<i32> {
        Some(INSTANT_DRIFT_PPM)
    }
    fn finish(self: Box<Self>) -> Result<CaptureResult, AudioError> {
        const RATE: u32 = 8000;
        let frames = (INSTANT_TAKE.as_secs_f64() * f64::from(RATE)) as usize;
        crate::wav::write_i16_mono(&self.path, RATE, std::iter::repeat_n(0i16, frames))
            .map_err(|e| AudioError::File(e.to_string()))?;
        Ok(CaptureResult {
            path: self.path,
            sample_rate: RATE,
            duration: INSTANT_TAKE,
            dropped_frames: 0,
            interrupted: None,
        })
    }
}

/// Playback without a device: a clock that advances `speed` times as fast as real time
/// while playing.
#[derive(Debug)]
pub struct ClockPlayback {
    duration: Duration,
    base: Duration,
    started: Option<Instant>,
    speed: f32,
    looped: Option<(Duration, Duration)>,
}

impl ClockPlayback {
    /// A paused clock at 0 over `duration`.
    pub fn new(duration: Duration) -> Self {
        Self {
            duration,
            base: Duration::ZERO,
            started: None,
            speed: 1.0,
            looped: None,
        }
    }
}

impl Playback for ClockPlayback {
    fn play(&mut self) {
        if self.position() >= self.duration {
            self.base = Duration::ZERO;
        } else {
            self.base = self.position();
        }
        self.started = Some(Instant::now());
    }
    fn pause(&mut self) {
        self.base = self.position();
        self.started = None;
    }
    fn seek(&mut self, position: Duration) {
        self.base = position.min(self.duration);
        if self.started.is_some() {
            self.started = Some(Instant::now());
        }
    }
    fn position(&self) -> Duration {
        let running = self
            .started
            .map_or(Duration::ZERO, |t| t.elapsed().mul_f32(self.speed));
        let reached = self.base + running;
        match self.looped {
            Some((a, b)) if self.base < b && reached >= b => {
                let lap = (b - a).as_secs_f64();
                a + Duration::from_secs_f64((reached - a).as_secs_f64() % lap)
            }
            _ => reached.min(self.duration),
        }
    }
    fn duration(&self) -> Duration {
        self.duration
    }
    fn set_speed(&mut self, speed: f32) {
        self.base = self.position();
        if self.started.is_some() {
            self.started = Some(Instant::now());
        }
        self.speed = super::stretch::clamp_speed(speed);
    }
    fn speed(&self) -> f32 {
        self.speed
    }
    fn set_loop(&mut self, range: Option<(Duration, Duration)>) {
        self.base = self.position();
        if self.started.is_some() {
            self.started = Some(Instant::now());
        }
        self.looped = range.filter(|(a, b)| a < b && *b <= self.duration);
    }
    fn is_playing(&self) -> bool {
        self.started.is_some() && self.position() < self.duration
    }
    fn poll_error(&mut self) -> Option<StreamEvent> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_goes_round_an_a_b_loop() {
        let mut p = ClockPlayback::new(Duration::from_secs(10));
        p.set_loop(Some((Duration::from_secs(1), Duration::from_millis(1300))));
        p.seek(Duration::from_millis(1250));
        p.play();
        std::thread::sleep(Duration::from_millis(200));
        let at = p.position();
        assert!(
            at >= Duration::from_secs(1) && at < Duration::from_millis(1300),
            "{at:?} is outside the loop"
        );
        assert!(p.is_playing());
        p.set_loop(None);
        std::thread::sleep(Duration::from_millis(400));
        assert!(
            p.position() >= Duration::from_millis(1300),
            "plays on past B"
        );
    }

    #[test]
    fn the_clock_plays_pauses_and_seeks() {
        let mut p = ClockPlayback::new(Duration::from_secs(10));
        assert!(!p.is_playing());
        assert_eq!(p.position(), Duration::ZERO);
        p.seek(Duration::from_secs(4));
        assert_eq!(p.position(), Duration::from_secs(4));
        p.play();
        assert!(p.is_playing());
        assert!(p.position() >= Duration::from_secs(4));
        p.pause();
        let at = p.position();
        assert!(!p.is_playing());
        assert_eq!(p.position(), at);
        p.seek(Duration::from_secs(60));
        assert_eq!(p.position(), Duration::from_secs(10));
        p.play(); // at the end: starts over
        assert!(p.position() < Duration::from_secs(10));
    }

    #[test]
    fn the_clock_runs_at_the_playback_speed() {
        let mut p = ClockPlayback::new(Duration::from_secs(60));
        assert_eq!(p.speed(), 1.0);
        p.set_speed(2.0);
        assert_eq!(p.speed(), 2.0);
        p.play();
        std::thread::sleep(Duration::from_millis(200));
        p.pause();
        // At least 0.4 s of take in 0.2 s; a slow machine only adds to it.
        let fast = p.position();
        assert!(fast >= Duration::from_millis(400), "{fast:?}");
        // The speed changes from the current position on.
        p.set_speed(0.5);
        assert_eq!(p.position(), fast);
        let wall = Instant::now();
        p.play();
        std::thread::sleep(Duration::from_millis(200));
        let ran = p.position() - fast;
        assert!(ran >= Duration::from_millis(100), "{ran:?}");
        assert!(
            ran <= wall.elapsed().mul_f32(0.5),
            "{ran:?} in {:?}",
            wall.elapsed()
        );
        p.set_speed(10.0);
        assert_eq!(p.speed(), 2.0);
        p.set_speed(0.0);
        assert_eq!(p.speed(), 0.5);
    }

    #[test]
    fn without_microphone_reports_no_microphone() {
        let backend = SyntheticBackend::without_microphone();
        assert!(backend.input_devices().is_empty());
        assert!(matches!(
            backend.start_monitor(None),
            Err(AudioError::NoMicrophone(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            backend.start_recording(None, &dir.path().join("q.wav")),
            Err(AudioError::NoMicrophone(_))
        ));
    }

    #[test]
    fn an_instant_take_is_half_a_second_and_loses_its_device_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q01.wav");
        let backend = InstantBackend { lose_device: true };
        let mut recording = backend.start_recording(None, &path).unwrap();
        assert!(recording.poll_error().is_some_and(|e| e.is_fatal()));
        assert!(recording.poll_error().is_none(), "reported once");
        let result = recording.finish().unwrap();
        assert_eq!(result.duration, INSTANT_TAKE);
        let info = *crate::wav::open(&path).unwrap().info();
        assert_eq!(info.duration_s(), INSTANT_TAKE.as_secs_f64());
        assert!(backend.open_playback(&path).is_err(), "no speaker");
    }
}
