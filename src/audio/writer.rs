//! The WAV writer thread of a capture: drains the ring into a mono 16-bit WAV via hound,
//! calls `WavWriter::flush()` about every second (so the file is readable up to there) plus
//! `sync_data()`, enforces the length cap and watches for a stalled device.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rtrb::Consumer;

use super::AudioError;
use super::capture::{CaptureShared, MAX_TAKE_SECONDS, max_take_frames};
use super::convert::f32_to_i16;
use super::events::{Severity, StreamEvent};

/// How often the writer makes the WAV header valid and syncs the file.
pub const FLUSH_INTERVAL: Duration = Duration::from_secs(1);
/// No callback for this long while recording counts as a stall.
pub const STALL_TIMEOUT: Duration = Duration::from_millis(500);
/// Grace period before the first callback (streams take a moment to start).
pub const FIRST_CALLBACK_TIMEOUT: Duration = Duration::from_secs(3);
/// How long the writer sleeps when the ring is empty.
const WRITER_POLL: Duration = Duration::from_millis(10);

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
                            let message = report_write_error(&self.events, &e.to_string());
                            interrupted.get_or_insert(message);
                        }
                    }
                    self.shared.written.store(written, Ordering::Release);
                }
                chunk.commit_all();
                if take < available && interrupted.is_none() {
                    let message = format!(
                        "The answer reached the {}-minute recording limit, so recording \
                         stopped there. Record another take to say more.",
                        MAX_TAKE_SECONDS / 60
                    );
                    report(&self.events, &message, "", Severity::Fatal);
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
                    let message = report_write_error(&self.events, &e);
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
                        STALLED,
                        "no audio callback for half a second",
                        Severity::Error,
                    ),
                    Some(false) => report(
                        &self.events,
                        "The microphone is sending audio again.",
                        "",
                        Severity::Notice,
                    ),
                    None => {}
                }
            }
        }
        if self.options.watchdog && watchdog.stalled && interrupted.is_none() {
            interrupted = Some(STALLED.into());
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

/// What the user reads when the microphone stops sending audio.
const STALLED: &str =
    "The microphone stopped sending audio. Check that it is connected and not muted.";

fn report(events: &Sender<StreamEvent>, message: &str, detail: &str, severity: Severity) {
    let _ = events.send(StreamEvent::new(message, detail, severity));
}

/// Reports a failed write (disk full, folder gone) and returns the user's sentence.
fn report_write_error(events: &Sender<StreamEvent>, detail: &str) -> String {
    let message = "The recording could not be written to disk, so it stopped here. \
                   Free some disk space, then record the answer again.";
    report(events, message, detail, Severity::Fatal);
    message.to_string()
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
