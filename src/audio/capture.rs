//! The capture pipeline core, shared by the cpal and synthetic backends:
//! audio thread → [`CaptureInput`] → `rtrb` ring → writer thread ([`spawn_writer`]) → hound WAV.
//!
//! The audio-thread side never allocates, locks, logs or makes a syscall: it converts,
//! downmixes, updates level atomics and pushes into the ring, counting what does not fit.
//! The writer thread turns samples into mono 16-bit PCM at the device's rate, calls
//! `WavWriter::flush()` about every second (so the file is readable up to there) plus
//! `sync_data()`, and watches for a stalled device.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::{FromSample, Sample};
use rtrb::{Consumer, Producer, RingBuffer};

use super::convert::{downmix_frame, f32_to_i16};
use super::level::{LevelAccumulator, LevelMeter};
use super::{AudioError, CaptureResult, CaptureStats, LevelSource, Recording};

/// The longest single take, in seconds (1 hour). WAV sizes are u32, so a take must stay well
/// below 4 GiB: one hour of mono 16-bit audio at 192 kHz is 1.4 GB.
pub const MAX_TAKE_SECONDS: u64 = 3600;
/// Seconds of audio the ring holds: room for the writer thread to be late (e.g. a slow fsync).
pub const RING_SECONDS: usize = 2;
/// How often the writer makes the WAV header valid and syncs the file.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(1);
/// No callback for this long while recording counts as a stall.
pub const STALL_TIMEOUT: Duration = Duration::from_millis(500);
/// Grace period before the first callback (streams take a moment to start).
pub const FIRST_CALLBACK_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the writer sleeps when the ring is empty.
const WRITER_POLL: Duration = Duration::from_millis(10);

/// How long closing a device stream may take before it is abandoned (see [`drop_within`]).
pub const CLOSE_TIMEOUT: Duration = Duration::from_secs(3);

/// Drops `value` on a helper thread and waits at most `limit`; `false` if it did not finish.
///
/// Closing a stream whose device died can hang forever inside the driver (seen with ALSA's
/// pulse plugin after the sound server was killed: a deadlock in libpulse). A stuck close is
/// left behind on its thread rather than freezing the caller, so the take still gets saved.
pub fn drop_within<T: Send + 'static>(value: T, limit: Duration) -> bool {
    let (done_tx, done_rx) = mpsc::channel();
    let closer = std::thread::Builder::new()
        .name("rehearse-audio-close".into())
        .spawn(move || {
            drop(value);
            let _ = done_tx.send(());
        });
    closer.is_ok() && done_rx.recv_timeout(limit).is_ok()
}

/// Drops `value` on a helper thread without waiting (a dead device may never let go).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("rehearse-audio-close".into())
        .spawn(move || drop(value));
}

/// The maximum number of mono frames in one take at `sample_rate`.
pub fn max_take_frames(sample_rate: u32) -> u64 {
    let by_time = u64::from(sample_rate) * MAX_TAKE_SECONDS;
    let by_size = (u64::from(u32::MAX) - 1024) / 2; // 2 bytes per frame, header room
    by_time.min(by_size)
}

/// Something the device or the writer reported during capture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEvent {
    /// What happened, for the user.
    pub message: String,
    /// Whether capture ended there (device lost, disk full, length limit).
    pub fatal: bool,
}

/// Counters and level shared by the audio thread, the writer thread and the UI.
#[derive(Debug)]
pub struct CaptureShared {
    level: Arc<LevelMeter>,
    sample_rate: u32,
    dropped: AtomicU64,
    written: AtomicU64,
    flushed: AtomicU64,
    callbacks: AtomicU64,
}

impl CaptureShared {
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
}

/// A new capture at `sample_rate`: the input end and the ring's consumer for [`spawn_writer`].
pub fn capture_pipeline(sample_rate: u32) -> (CaptureInput, Consumer<f32>) {
    let capacity = (sample_rate as usize * RING_SECONDS).max(1024);
    let (producer, consumer) = RingBuffer::new(capacity);
    let shared = new_shared(sample_rate);
    let input = CaptureInput {
        producer: Some(producer),
        level: LevelAccumulator::new(sample_rate),
        shared,
    };
    (input, consumer)
}

/// An input that only meters the level (no ring, no file): the setup screen's monitor.
pub fn monitor_input(sample_rate: u32) -> CaptureInput {
    CaptureInput {
        producer: None,
        level: LevelAccumulator::new(sample_rate),
        shared: new_shared(sample_rate),
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
    })
}

impl CaptureInput {
    /// Takes one callback's interleaved buffer in any sample format (real-time safe).
    #[inline]
    pub fn push_interleaved<T: Sample>(&mut self, data: &[T], channels: usize)
    where
        f32: FromSample<T>,
    {
        let Self {
            producer,
            shared,
            level,
        } = self;
        shared.callbacks.fetch_add(1, Ordering::Release);
        let channels = channels.max(1);
        let total = data.len() / channels;
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

/// How the writer thread ended.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WriterOutcome {
    /// Mono frames in the finished WAV.
    pub frames_written: u64,
    /// Why writing stopped before it was asked to (limit reached, write error, stalled device).
    pub interrupted: Option<String>,
}

/// The writer thread; [`WriterHandle::finish`] or dropping it drains the ring and finalises.
pub struct WriterHandle {
    stop: Arc<AtomicBool>,
    closing: Arc<AtomicBool>,
    thread: Option<JoinHandle<Result<WriterOutcome, AudioError>>>,
}

impl WriterHandle {
    /// Says the source is being stopped on purpose: silence from now on is not a stall.
    pub fn closing(&self) {
        self.closing.store(true, Ordering::Release);
    }

    /// Drains what is left in the ring, finalises the WAV and reports it.
    pub fn finish(mut self) -> Result<WriterOutcome, AudioError> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> Result<WriterOutcome, AudioError> {
        self.stop.store(true, Ordering::Release);
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(AudioError::File("The WAV writer crashed.".into()))),
            None => Err(AudioError::File(
                "The recording was already finished.".into(),
            )),
        }
    }
}

impl Drop for WriterHandle {
    fn drop(&mut self) {
        if self.thread.is_some() {
            let _ = self.stop_and_join();
        }
    }
}

/// Options of the writer thread.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Report a stall when no callback arrives for [`STALL_TIMEOUT`].
    pub watchdog: bool,
    /// Stop writing after this many frames (default [`max_take_frames`]).
    pub max_frames: u64,
}

impl WriterOptions {
    /// Defaults for a take at `sample_rate`: watchdog on, the standard length cap.
    pub fn new(sample_rate: u32) -> Self {
        Self {
            watchdog: true,
            max_frames: max_take_frames(sample_rate),
        }
    }
}

/// Creates the WAV at `path` (mono, 16-bit, `shared`'s rate) and starts the thread that
/// drains `consumer` into it. Events (stall, limit, write error) go to `events`.
pub fn spawn_writer(
    consumer: Consumer<f32>,
    path: &Path,
    shared: Arc<CaptureShared>,
    options: WriterOptions,
    events: Sender<StreamEvent>,
) -> Result<WriterHandle, AudioError> {
    let file_error =
        |e: std::io::Error| AudioError::File(format!("Could not create {}: {e}", path.display()));
    let file = File::create(path).map_err(file_error)?;
    let sync_handle = file.try_clone().map_err(file_error)?;
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: shared.sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let wav = hound::WavWriter::new(BufWriter::new(file), spec)
        .map_err(|e| AudioError::File(format!("Could not write {}: {e}", path.display())))?;
    let stop = Arc::new(AtomicBool::new(false));
    let closing = Arc::new(AtomicBool::new(false));
    let job = WriterJob {
        consumer,
        wav,
        sync_handle,
        shared,
        options,
        events,
        stop: Arc::clone(&stop),
        closing: Arc::clone(&closing),
        path: path.to_path_buf(),
    };
    let thread = std::thread::Builder::new()
        .name("rehearse-wav-writer".into())
        .spawn(move || job.run())
        .map_err(|e| AudioError::File(format!("Could not start the WAV writer: {e}")))?;
    Ok(WriterHandle {
        stop,
        closing,
        thread: Some(thread),
    })
}

struct WriterJob {
    consumer: Consumer<f32>,
    wav: hound::WavWriter<BufWriter<File>>,
    sync_handle: File,
    shared: Arc<CaptureShared>,
    options: WriterOptions,
    events: Sender<StreamEvent>,
    stop: Arc<AtomicBool>,
    closing: Arc<AtomicBool>,
    path: PathBuf,
}

impl WriterJob {
    fn run(mut self) -> Result<WriterOutcome, AudioError> {
        let mut written: u64 = 0;
        let mut interrupted: Option<String> = None;
        let mut failed = false;
        let mut last_flush = Instant::now();
        let mut flushed_at: u64 = 0;
        let mut watchdog = Watchdog::new(self.shared.callbacks());
        loop {
            let stopping = self.stop.load(Ordering::Acquire);
            let available = self.consumer.slots();
            if available > 0 {
                let chunk = match self.consumer.read_chunk(available) {
                    Ok(chunk) => chunk,
                    Err(_) => continue,
                };
                let (first, second) = chunk.as_slices();
                let room = self.options.max_frames.saturating_sub(written);
                let take = (available as u64).min(room) as usize;
                if !failed && take > 0 {
                    let mut samples = self.wav.get_i16_writer(take as u32);
                    for &s in first.iter().chain(second).take(take) {
                        samples.write_sample(f32_to_i16(s));
                    }
                    match samples.flush() {
                        Ok(()) => written += take as u64,
                        Err(e) => {
                            failed = true;
                            let message = format!("Could not write the recording: {e}");
                            report(&self.events, &message, true);
                            interrupted.get_or_insert(message);
                        }
                    }
                    self.shared.written.store(written, Ordering::Release);
                }
                chunk.commit_all();
                if take < available && interrupted.is_none() {
                    let message = format!(
                        "The answer reached the {}-minute recording limit; recording stopped there.",
                        MAX_TAKE_SECONDS / 60
                    );
                    report(&self.events, &message, true);
                    interrupted = Some(message);
                }
            } else if stopping {
                break;
            } else {
                std::thread::sleep(WRITER_POLL);
            }
            if !failed && written != flushed_at && last_flush.elapsed() >= FLUSH_INTERVAL {
                last_flush = Instant::now();
                if let Err(e) = self.flush() {
                    failed = true;
                    let message = format!("Could not write the recording: {e}");
                    report(&self.events, &message, true);
                    interrupted.get_or_insert(message);
                } else {
                    flushed_at = written;
                    self.shared.flushed.store(written, Ordering::Release);
                }
            }
            if self.options.watchdog && !stopping && !self.closing.load(Ordering::Acquire) {
                match watchdog.check(self.shared.callbacks()) {
                    Some(true) => report(
                        &self.events,
                        "The microphone stopped sending audio (nothing for half a second).",
                        false,
                    ),
                    Some(false) => report(
                        &self.events,
                        "The microphone is sending audio again.",
                        false,
                    ),
                    None => {}
                }
            }
        }
        if self.options.watchdog && watchdog.stalled && interrupted.is_none() {
            interrupted = Some("The microphone stopped sending audio.".into());
        }
        let finalised = self.wav.finalize().map_err(|e| e.to_string());
        let synced = self.sync_handle.sync_data().map_err(|e| e.to_string());
        if let Err(e) = finalised.and(synced) {
            if failed {
                // The header may lag behind; the session store repairs it from the file length.
                return Ok(WriterOutcome {
                    frames_written: self.shared.flushed_frames(),
                    interrupted,
                });
            }
            return Err(AudioError::File(format!(
                "Could not finish {}: {e}",
                self.path.display()
            )));
        }
        self.shared.flushed.store(written, Ordering::Release);
        Ok(WriterOutcome {
            frames_written: written,
            interrupted,
        })
    }

    fn flush(&mut self) -> Result<(), String> {
        self.wav.flush().map_err(|e| e.to_string())?;
        self.sync_handle.sync_data().map_err(|e| e.to_string())
    }
}

fn report(events: &Sender<StreamEvent>, message: &str, fatal: bool) {
    let _ = events.send(StreamEvent {
        message: message.to_string(),
        fatal,
    });
}

/// Notices when the callback counter stops moving.
struct Watchdog {
    last_count: u64,
    last_change: Instant,
    started: bool,
    stalled: bool,
}

impl Watchdog {
    fn new(count: u64) -> Self {
        Self {
            last_count: count,
            last_change: Instant::now(),
            started: count > 0,
            stalled: false,
        }
    }

    /// `Some(true)` when a stall begins, `Some(false)` when it ends.
    fn check(&mut self, count: u64) -> Option<bool> {
        if count != self.last_count {
            self.last_count = count;
            self.last_change = Instant::now();
            self.started = true;
            if self.stalled {
                self.stalled = false;
                return Some(false);
            }
            return None;
        }
        let limit = if self.started {
            STALL_TIMEOUT
        } else {
            FIRST_CALLBACK_TIMEOUT
        };
        if !self.stalled && self.last_change.elapsed() >= limit {
            self.stalled = true;
            return Some(true);
        }
        None
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
                "The microphone stopped responding (unplugged, or the sound server stopped)."
                    .into(),
            );
        }
    }

    fn note(&mut self, event: &StreamEvent) {
        if event.fatal && self.interrupted.is_none() {
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

    fn poll_error(&mut self) -> Option<String> {
        let event = self.events.try_recv().ok()?;
        self.note(&event);
        if event.fatal
            && let Some(source) = self.source.take()
        {
            // The device is gone: stop its stream now (without blocking the caller); the
            // writer keeps what arrived and `finish` finalises the WAV.
            if let Some(writer) = &self.writer {
                writer.closing();
            }
            drop_in_background(source);
        }
        Some(event.message)
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
}
