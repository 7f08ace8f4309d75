//! The capture pipeline core, shared by the cpal and synthetic backends:
//! audio thread → [`CaptureInput`] → `rtrb` ring → writer thread ([`spawn_writer`]) → hound WAV.
//!
//! The audio-thread side never allocates, locks, logs or makes a syscall: it converts,
//! downmixes, updates level atomics and pushes into the ring, counting what does not fit. It
//! also reads the monotonic clock (vDSO, no syscall) to place the first sample (an atomic
//! minimum) and to follow the device's clock drift (atomic stores): see
//! [`CaptureShared::first_sample_at`] and [`CaptureShared::clock_drift_ppm`].
//! The writer thread is in [`super::writer`]; [`ActiveRecording`] ties a running source to it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use cpal::{FromSample, Sample};
use rtrb::{Consumer, Producer, RingBuffer};

use super::convert::downmix_frame;
use super::events::{Severity, StreamEvent};
use super::level::{LevelAccumulator, LevelMeter};
use super::stream::{CLOSE_TIMEOUT, drop_in_background, drop_within};
use super::writer::WriterHandle;
use super::{AudioError, CaptureResult, CaptureStats, LevelSource, Recording};

/// The longest single take, in seconds (1 hour). WAV sizes are u32, so a take must stay well
/// below 4 GiB: one hour of mono 16-bit audio at 192 kHz is 1.4 GB.
pub const MAX_TAKE_SECONDS: u64 = 3600;
/// Seconds of audio the ring holds: room for the writer thread to be late (e.g. a slow fsync).
pub const RING_SECONDS: usize = 2;

/// The maximum number of mono frames in one take at `sample_rate`.
pub fn max_take_frames(sample_rate: u32) -> u64 {
    let by_time = u64::from(sample_rate) * MAX_TAKE_SECONDS;
    let by_size = (u64::from(u32::MAX) - 1024) / 2; // 2 bytes per frame, header room
    by_time.min(by_size)
}

/// Counters and level shared by the audio thread, the writer thread and the UI.
#[derive(Debug)]
pub struct CaptureShared {
    level: Arc<LevelMeter>,
    pub(super) sample_rate: u32,
    dropped: AtomicU64,
    pub(super) written: AtomicU64,
    pub(super) flushed: AtomicU64,
    callbacks: AtomicU64,
    /// When the capture was set up: the origin of `start`.
    origin: Instant,
    /// When the first sample was captured, in ns after `origin` (`i64::MAX` until a callback
    /// came): the earliest of each of the first [`START_CALLBACKS`] callbacks' arrival minus
    /// the length of all the audio so far. Signed: a device may hand over audio captured just
    /// before the capture was set up, and a fast clock's later estimates fall further back.
    start: AtomicI64,
    /// The same estimate from the latest whole block of [`START_CALLBACKS`] callbacks
    /// (`i64::MAX` until one ended): it moves away from `start` as the device's clock runs
    /// fast or slow against the system's.
    late_start: AtomicI64,
    /// Frames received by the end of that block.
    late_frames: AtomicU64,
}

/// How many callbacks place the first sample (about 2 s with 85 ms buffers): one callback
/// delivered late (a busy machine) does not move it, and a sound card's clock has not drifted
/// measurably from the system's in that time.
const START_CALLBACKS: u64 = 24;

/// How much audio [`CaptureShared::clock_drift_ppm`] needs before it says anything.
pub const DRIFT_MIN_SECONDS: f64 = 20.0;

impl CaptureShared {
    /// When the WAV's first sample was captured: a callback's arrival minus the length of all
    /// the audio up to it (its last sample was captured as it was handed over), the earliest
    /// over the first callbacks (a late delivery only makes it later). `None` until the first
    /// callback; refined over the first 2 s. A device can deliver its first buffer long after
    /// its stream was started (PulseAudio's first capture stream, 250–450 ms), so the stream's
    /// start is not the WAV's start; cpal's own capture timestamp was measured 65 ms off on
    /// such a first buffer (README, "A/V offset").
    pub fn first_sample_at(&self) -> Option<Instant> {
        let start = self.start.load(Ordering::Acquire);
        if start == i64::MAX {
            return None;
        }
        let apart = Duration::from_nanos(start.unsigned_abs());
        if start >= 0 {
            Some(self.origin + apart)
        } else {
            self.origin.checked_sub(apart)
        }
    }

    /// How fast the device's clock runs against the system's (monotonic) clock, in parts per
    /// million: positive when a second of its audio lasts less than a second. Sound cards
    /// are off by tens to hundreds of ppm (the virtual PulseAudio microphone by about 200),
    /// enough to move a 5-minute take's picture a frame or two away from its sound. Measured
    /// from the first sample's estimate made again over the latest block of callbacks; `None`
    /// until [`DRIFT_MIN_SECONDS`] of audio came (before, the estimates' jitter of about a
    /// millisecond would outweigh the drift).
    pub fn clock_drift_ppm(&self) -> Option<i32> {
        let start = self.start.load(Ordering::Acquire);
        let late = self.late_start.load(Ordering::Acquire);
        let frames = self.late_frames.load(Ordering::Acquire);
        let seconds = frames as f64 / f64::from(self.sample_rate.max(1));
        if start == i64::MAX || late == i64::MAX || seconds < DRIFT_MIN_SECONDS {
            return None;
        }
        let ahead = (start as f64 - late as f64) / 1e9;
        Some((ahead / seconds * 1e6).round() as i32)
    }

    /// The level meter fed by this capture.
    pub fn level(&self) -> Arc<LevelMeter> {
        Arc::clone(&self.level)
    }
    /// Frames, written, dropped and the rate.
    pub fn stats(&self) -> CaptureStats {
        CaptureStats {
            sample_rate: self.sample_rate,
            frames_written: self.written.load(Ordering::Acquire),
            dropped_frames: self.dropped.load(Ordering::Acquire),
        }
    }
    /// Frames the WAV header covered at the last flush (readable after a crash).
    pub fn flushed_frames(&self) -> u64 {
        self.flushed.load(Ordering::Acquire)
    }
    /// How many audio callbacks have arrived (the watchdog's heartbeat).
    pub fn callbacks(&self) -> u64 {
        self.callbacks.load(Ordering::Acquire)
    }
}

/// The audio-thread end of the pipeline: converts, meters and pushes into the ring.
pub struct CaptureInput {
    producer: Option<Producer<f32>>,
    shared: Arc<CaptureShared>,
    level: LevelAccumulator,
    /// Frames received so far.
    frames_in: u64,
    /// The earliest first-sample estimate of the block of callbacks under way, in ns after
    /// the shared `origin` (see `CaptureShared::late_start`).
    block_start: i64,
}

/// A new capture at `sample_rate`: the input end and the ring's consumer for [`super::spawn_writer`].
pub fn capture_pipeline(sample_rate: u32) -> (CaptureInput, Consumer<f32>) {
    let capacity = (sample_rate as usize * RING_SECONDS).max(1024);
    let (producer, consumer) = RingBuffer::new(capacity);
    let shared = new_shared(sample_rate);
    let input = CaptureInput {
        producer: Some(producer),
        level: LevelAccumulator::new(sample_rate),
        shared,
        frames_in: 0,
        block_start: i64::MAX,
    };
    (input, consumer)
}

/// An input that only meters the level (no ring, no file): the setup screen's monitor.
pub fn monitor_input(sample_rate: u32) -> CaptureInput {
    CaptureInput {
        producer: None,
        level: LevelAccumulator::new(sample_rate),
        shared: new_shared(sample_rate),
        frames_in: 0,
        block_start: i64::MAX,
    }
}

fn new_shared(sample_rate: u32) -> Arc<CaptureShared> {
    Arc::new(CaptureShared {
        level: Arc::new(LevelMeter::default()),
        sample_rate,
        dropped: AtomicU64::new(0),
        written: AtomicU64::new(0),
        flushed: AtomicU64::new(0),
        callbacks: AtomicU64::new(0),
        origin: Instant::now(),
        start: AtomicI64::new(i64::MAX),
        late_start: AtomicI64::new(i64::MAX),
        late_frames: AtomicU64::new(0),
    })
}

impl CaptureInput {
    /// Takes one callback's interleaved buffer in any sample format (real-time safe).
    #[inline]
    pub fn push_interleaved<T: Sample>(&mut self, data: &[T], channels: usize)
    where
        f32: FromSample<T>,
    {
        let channels = channels.max(1);
        let total = data.len() / channels;
        let arrival = self.shared.origin.elapsed().as_nanos() as i64;
        self.note_arrival(total as u64, arrival);
        let Self {
            producer,
            shared,
            level,
            ..
        } = self;
        let meter = &*shared.level;
        let mut frames = data
            .chunks_exact(channels)
            .map(downmix_frame)
            .inspect(|&s| level.add(s, meter));
        if let Some(producer) = producer {
            let room = producer.slots().min(total);
            if room > 0
                && let Ok(chunk) = producer.write_chunk_uninit(room)
            {
                chunk.fill_from_iter(frames.by_ref());
            }
            if total > room {
                shared
                    .dropped
                    .fetch_add((total - room) as u64, Ordering::Release);
            }
        }
        frames.for_each(drop);
    }

    /// Counts a callback of `frames` frames that arrived `arrival` ns after the shared
    /// origin, and places the first sample from it: its arrival less all the audio so far
    /// (the first callbacks' earliest, and each block's, for the clock drift).
    fn note_arrival(&mut self, frames: u64, arrival: i64) {
        let shared = &*self.shared;
        let callback = shared.callbacks.fetch_add(1, Ordering::Release);
        self.frames_in += frames;
        let audio = self.frames_in * 1_000_000_000 / u64::from(shared.sample_rate.max(1));
        let estimate = arrival - audio as i64;
        if callback < START_CALLBACKS {
            shared.start.fetch_min(estimate, Ordering::AcqRel);
        }
        self.block_start = self.block_start.min(estimate);
        if callback % START_CALLBACKS == START_CALLBACKS - 1 {
            shared.late_frames.store(self.frames_in, Ordering::Release);
            shared.late_start.store(self.block_start, Ordering::Release);
            self.block_start = i64::MAX;
        }
    }

    /// Takes mono f32 samples (real-time safe).
    #[inline]
    pub fn push_mono(&mut self, samples: &[f32]) {
        self.push_interleaved(samples, 1);
    }

    /// Free room in the ring, in frames (0 for a monitor).
    pub fn free_slots(&self) -> usize {
        self.producer.as_ref().map_or(0, Producer::slots)
    }

    /// The counters and level this input feeds.
    pub fn shared(&self) -> Arc<CaptureShared> {
        Arc::clone(&self.shared)
    }
}

/// A recording made of a running source (a cpal stream, a synthetic thread) and its writer.
///
/// Dropping it stops the source first, then drains and finalises the WAV.
pub struct ActiveRecording<S: Send + 'static> {
    source: Option<S>,
    writer: Option<WriterHandle>,
    shared: Arc<CaptureShared>,
    events: Receiver<StreamEvent>,
    interrupted: Option<String>,
    path: PathBuf,
}

impl<S: Send + 'static> ActiveRecording<S> {
    /// Ties a started `source` to its writer; `events` receives device and writer events.
    pub fn new(
        source: S,
        writer: WriterHandle,
        shared: Arc<CaptureShared>,
        events: Receiver<StreamEvent>,
        path: PathBuf,
    ) -> Self {
        Self {
            source: Some(source),
            writer: Some(writer),
            shared,
            events,
            interrupted: None,
            path,
        }
    }

    /// Stops the source (the stream's callback) without ever hanging on a dead device.
    fn stop_source(&mut self) {
        if let Some(writer) = &self.writer {
            writer.closing();
        }
        if let Some(source) = self.source.take()
            && !drop_within(source, CLOSE_TIMEOUT)
            && self.interrupted.is_none()
        {
            self.interrupted = Some(
                "The microphone stopped responding (unplugged, or the sound server stopped). \
                 Check the microphone before the next answer."
                    .into(),
            );
        }
    }

    /// Remembers the first error as the reason the take is interrupted.
    fn note(&mut self, event: &StreamEvent) {
        if event.severity != Severity::Notice && self.interrupted.is_none() {
            self.interrupted = Some(event.message.clone());
        }
    }
}

impl<S: Send + 'static> Recording for ActiveRecording<S> {
    fn level(&self) -> Arc<dyn LevelSource> {
        self.shared.level()
    }

    fn stats(&self) -> CaptureStats {
        self.shared.stats()
    }

    fn first_sample_at(&self) -> Option<Instant> {
        self.shared.first_sample_at()
    }

    fn clock_drift_ppm(&self) -> Option<i32> {
        self.shared.clock_drift_ppm()
    }

    fn poll_error(&mut self) -> Option<StreamEvent> {
        // Notices (a skipped moment, audio resumed) are not errors: the take goes on.
        let event = self
            .events
            .try_iter()
            .find(|e| e.severity != Severity::Notice)?;
        self.note(&event);
        if event.is_fatal()
            && let Some(source) = self.source.take()
        {
            // The device is gone: stop its stream now (without blocking the caller); the
            // writer keeps what arrived and `finish` finalises the WAV.
            if let Some(writer) = &self.writer {
                writer.closing();
            }
            drop_in_background(source);
        }
        Some(event)
    }

    fn finish(mut self: Box<Self>) -> Result<CaptureResult, AudioError> {
        self.stop_source();
        let writer = self
            .writer
            .take()
            .ok_or_else(|| AudioError::File("The recording was already finished.".into()))?;
        let outcome = writer.finish()?;
        while let Ok(event) = self.events.try_recv() {
            self.note(&event);
        }
        let rate = self.shared.sample_rate.max(1);
        let stats = self.shared.stats();
        Ok(CaptureResult {
            path: self.path.clone(),
            sample_rate: rate,
            duration: Duration::from_secs_f64(outcome.frames_written as f64 / f64::from(rate)),
            dropped_frames: stats.dropped_frames,
            interrupted: self.interrupted.take().or(outcome.interrupted),
        })
    }
}

impl<S: Send + 'static> Drop for ActiveRecording<S> {
    fn drop(&mut self) {
        self.stop_source();
        drop(self.writer.take());
    }
}

/// An event channel for a capture.
pub fn event_channel() -> (Sender<StreamEvent>, Receiver<StreamEvent>) {
    mpsc::channel()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpal::{I24, U24};

    /// Pushes one stereo buffer in format `T` and returns what reached the ring.
    fn through_ring<T: Sample>(frames: &[[T; 2]]) -> Vec<f32>
    where
        f32: FromSample<T>,
    {
        let (mut input, mut consumer) = capture_pipeline(1000);
        let interleaved: Vec<T> = frames.iter().flatten().copied().collect();
        input.push_interleaved(&interleaved, 2);
        std::iter::from_fn(|| consumer.pop().ok()).collect()
    }

    fn assert_close(got: &[f32], want: &[f32]) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-4, "{got:?} != {want:?}");
        }
    }

    #[test]
    fn every_cpal_sample_format_arrives_as_mono_f32() {
        let want = [0.0, -1.0, 0.25];
        let i24 = |v: i32| I24::new(v).unwrap();
        let u24 = |v: i32| U24::new(v).unwrap();
        assert_close(&through_ring(&[[0i8, 0], [-128, -128], [32, 32]]), &want);
        assert_close(
            &through_ring(&[[0i16, 0], [-32768, -32768], [0, 16384]]),
            &want,
        );
        assert_close(
            &through_ring(&[
                [i24(0), i24(0)],
                [i24(-(1 << 23)), i24(-(1 << 23))],
                [i24(1 << 21), i24(1 << 21)],
            ]),
            &want,
        );
        assert_close(
            &through_ring(&[[0i32, 0], [i32::MIN, i32::MIN], [1 << 29, 1 << 29]]),
            &want,
        );
        assert_close(
            &through_ring(&[[0i64, 0], [i64::MIN, i64::MIN], [1 << 61, 1 << 61]]),
            &want,
        );
        assert_close(&through_ring(&[[128u8, 128], [0, 0], [160, 160]]), &want);
        assert_close(
            &through_ring(&[[32768u16, 32768], [0, 0], [40960, 40960]]),
            &want,
        );
        assert_close(
            &through_ring(&[
                [u24(1 << 23), u24(1 << 23)],
                [u24(0), u24(0)],
                [u24(5 << 21), u24(5 << 21)],
            ]),
            &want,
        );
        assert_close(
            &through_ring(&[[1u32 << 31, 1 << 31], [0, 0], [5 << 29, 5 << 29]]),
            &want,
        );
        assert_close(
            &through_ring(&[[1u64 << 63, 1 << 63], [0, 0], [5 << 61, 5 << 61]]),
            &want,
        );
        assert_close(
            &through_ring(&[[0.0f32, 0.0], [-1.0, -1.0], [0.5, 0.0]]),
            &want,
        );
        assert_close(
            &through_ring(&[[0.0f64, 0.0], [-1.0, -1.0], [0.25, 0.25]]),
            &want,
        );
    }

    #[test]
    fn the_length_cap_fits_a_wav_header() {
        assert_eq!(max_take_frames(48_000), 48_000 * MAX_TAKE_SECONDS);
        assert!(max_take_frames(384_000) * 2 < u64::from(u32::MAX));
    }

    #[test]
    fn the_device_clock_drift_is_measured_from_the_callbacks_arrivals() {
        // 100 ms buffers from a device whose clock runs 200 ppm fast, each delivered up to
        // 3 ms late (a busy machine). The first sample is captured 300 ms after the capture
        // was set up (a fresh PulseAudio), 1 ms after, or 5 ms before (audio the device held):
        // with a fast clock the later estimates fall before the set-up even in the second case.
        for first_sample in [0.3, 0.001, -0.005] {
            let (mut input, _consumer) = capture_pipeline(48_000);
            let shared = input.shared();
            let rate = 1.0 + 200e-6;
            for k in 0..3_000u64 {
                if k == 200 {
                    assert_eq!(
                        shared.clock_drift_ppm(),
                        None,
                        "under 20 s: too soon to tell"
                    );
                }
                let captured = (k + 1) as f64 * 0.1 / rate;
                let late = ((k * 7919) % 30) as f64 * 1e-4;
                input.note_arrival(4_800, ((first_sample + captured + late) * 1e9) as i64);
            }
            let ppm = shared.clock_drift_ppm().expect("300 s of audio");
            assert!(
                (195..=205).contains(&ppm),
                "{ppm} ppm from {first_sample} s"
            );
            let start = shared.start.load(Ordering::Acquire) as f64 / 1e9;
            assert!(
                (start - first_sample).abs() < 0.001,
                "the first sample at {start} s, not {first_sample} s"
            );
            let at = shared.first_sample_at().expect("placed");
            let origin = shared.origin;
            let apart = if first_sample >= 0.0 {
                at.duration_since(origin).as_secs_f64()
            } else {
                -origin.duration_since(at).as_secs_f64()
            };
            assert!((apart - first_sample).abs() < 0.001, "{apart} s");
        }
    }
}
