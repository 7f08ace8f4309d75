//! Playback of a take through a cpal output stream.
//!
//! Opening reads only the WAV header. A worker thread streams the file from disk
//! ([`super::feeder`]: block by block, resampled with rubato when the device runs at another
//! rate; [`super::stretch`]: time-stretched at any speed but 1) into a ring; the output
//! callback only pops from the ring, duplicates mono to every channel and counts what it
//! played. The worker notes which part of the take each block holds ([`Timeline`]), so the
//! position is the take time of what was played, at any speed. The UI thread sends
//! play/pause/seek/speed; dropping the handle stops the stream (on a helper thread, with a
//! timeout) and joins the worker.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample, StreamConfig};
use rtrb::{Consumer, Producer, RingBuffer};

use super::convert::from_f32;
use super::events::{Severity, StreamEvent};
use super::feeder::{CHUNK_FRAMES, Feeder};
use super::stream::{
    CLOSE_TIMEOUT, STREAM_SETUP_TIMEOUT, drop_within, error_callback, tolerant_config,
};
use super::stretch::{SpeedSource, Timeline, clamp_speed};
use super::{AudioError, Playback};

/// Audio the ring holds ahead of the device (also the longest a seek waits to be heard).
const RING_MILLIS: usize = 250;

/// State shared by the UI thread, the worker and the output callback.
#[derive(Debug, Default)]
struct Shared {
    paused: AtomicBool,
    failed: AtomicBool,
    /// Seek generation requested by the worker; the callback empties the ring on a change.
    flush_generation: AtomicU64,
    /// The generation the callback has carried out.
    flushed_generation: AtomicU64,
    /// Device frames played since the last seek.
    played: AtomicU64,
    /// Device frames pushed since the last seek.
    pushed: AtomicU64,
    /// Whether the whole file (from the last seek) is in the ring.
    source_done: AtomicBool,
    /// Output callbacks so far (the worker's watchdog).
    callbacks: AtomicU64,
    /// The playback speed (`f32` bits); the worker sets it back to 1 if it cannot stretch.
    speed: AtomicU32,
    /// Which part of the take each block pushed since the last seek holds (worker and UI
    /// thread only; the callback never locks it).
    timeline: Mutex<Timeline>,
}

/// No output callback for this long counts as a dead speaker.
const SPEAKER_STALL: Duration = Duration::from_millis(1500);

enum WorkerCommand {
    Seek {
        frame: usize,
        generation: u64,
    },
    /// The speed in `Shared::speed` changed (read there, so a burst of changes from a dragged
    /// slider costs one restart of the stretch, not one each).
    Speed,
    /// Loop between these source frames, or not.
    Loop(Option<(u64, u64)>),
    Stop,
}

/// A take playing through the default output device.
pub struct CpalPlayback {
    stream: Option<cpal::Stream>,
    worker: Option<JoinHandle<()>>,
    commands: Sender<WorkerCommand>,
    events: Receiver<StreamEvent>,
    shared: Arc<Shared>,
    source_rate: u32,
    total_frames: usize,
    base_frame: usize,
    generation: u64,
}

impl CpalPlayback {
    /// Opens `path` on output `device` (the default when `None` or gone), paused at 0.
    pub fn open(path: &Path, device: Option<&str>) -> Result<Self, AudioError> {
        let reader = crate::wav::open(path)
            .map_err(|e| AudioError::Unreadable(format!("{}: {e}", path.display())))?;
        let source_rate = reader.info().spec.sample_rate;
        let total_frames = reader.info().frames as usize;
        let host = cpal::default_host();
        let device = super::cpal_backend::find_output(&host, device)
            .ok_or_else(|| AudioError::NoSpeaker("the system reports no output device.".into()))?;
        let no_speaker =
            |why: String| AudioError::NoSpeaker(format!("the output could not be opened ({why})."));
        let config = device
            .default_output_config()
            .map_err(|e| no_speaker(e.to_string()))?;
        let device_rate = config.sample_rate();
        let capacity = (device_rate as usize * RING_MILLIS / 1000).max(CHUNK_FRAMES * 4);
        let (producer, consumer) = RingBuffer::new(capacity);
        let shared = Arc::new(Shared::default());
        shared.paused.store(true, Ordering::Release);
        shared.speed.store(1f32.to_bits(), Ordering::Release);
        let (events_tx, events_rx) = mpsc::channel();
        let watchdog_events = events_tx.clone();
        let stream = build_output_any(
            &device,
            &tolerant_config(&config),
            config.sample_format(),
            consumer,
            Arc::clone(&shared),
            events_tx,
        )
        .map_err(no_speaker)?;
        let source = SpeedSource::new(Feeder::new(reader, device_rate)?);
        let (commands, commands_rx) = mpsc::channel();
        let worker_shared = Arc::clone(&shared);
        let worker = std::thread::Builder::new()
            .name("rehearse-playback".into())
            .spawn(move || {
                feed(
                    source,
                    producer,
                    worker_shared,
                    commands_rx,
                    watchdog_events,
                )
            })
            .map_err(|e| AudioError::Device(format!("could not start playback: {e}")))?;
        stream
            .play()
            .map_err(|e| no_speaker(format!("it would not start: {e}")))?;
        Ok(Self {
            stream: Some(stream),
            worker: Some(worker),
            commands,
            events: events_rx,
            shared,
            source_rate: source_rate.max(1),
            total_frames,
            base_frame: 0,
            generation: 0,
        })
    }

    fn finished(&self) -> bool {
        let s = &self.shared;
        self.seek_done()
            && s.source_done.load(Ordering::Acquire)
            && s.played.load(Ordering::Acquire) >= s.pushed.load(Ordering::Acquire)
    }

    fn seek_done(&self) -> bool {
        self.shared.flushed_generation.load(Ordering::Acquire) == self.generation
    }

    fn frames_to_duration(&self, frames: usize) -> Duration {
        Duration::from_secs_f64(frames as f64 / f64::from(self.source_rate))
    }
}

impl Playback for CpalPlayback {
    fn play(&mut self) {
        if self.finished() {
            self.seek(Duration::ZERO);
        }
        self.shared.paused.store(false, Ordering::Release);
    }

    fn pause(&mut self) {
        self.shared.paused.store(true, Ordering::Release);
    }

    fn seek(&mut self, position: Duration) {
        let frame = (position.as_secs_f64() * f64::from(self.source_rate)) as usize;
        self.base_frame = frame.min(self.total_frames);
        self.generation += 1;
        let _ = self.commands.send(WorkerCommand::Seek {
            frame: self.base_frame,
            generation: self.generation,
        });
    }

    fn position(&self) -> Duration {
        if !self.seek_done() {
            return self.frames_to_duration(self.base_frame);
        }
        if self.finished() {
            return self.duration();
        }
        let played = self.shared.played.load(Ordering::Acquire);
        let frame = lock(&self.shared.timeline)
            .position(played)
            .map_or(self.base_frame, |frame| frame as usize);
        self.frames_to_duration(frame.min(self.total_frames))
    }

    fn duration(&self) -> Duration {
        self.frames_to_duration(self.total_frames)
    }

    fn set_speed(&mut self, speed: f32) {
        let speed = clamp_speed(speed);
        self.shared.speed.store(speed.to_bits(), Ordering::Release);
        let _ = self.commands.send(WorkerCommand::Speed);
    }

    fn speed(&self) -> f32 {
        f32::from_bits(self.shared.speed.load(Ordering::Acquire))
    }

    fn set_loop(&mut self, range: Option<(Duration, Duration)>) {
        let frame = |d: Duration| (d.as_secs_f64() * f64::from(self.source_rate)) as u64;
        let _ = self.commands.send(WorkerCommand::Loop(
            range.map(|(a, b)| (frame(a), frame(b))),
        ));
    }

    fn is_playing(&self) -> bool {
        !self.shared.paused.load(Ordering::Acquire)
            && !self.shared.failed.load(Ordering::Acquire)
            && !self.finished()
    }

    fn poll_error(&mut self) -> Option<StreamEvent> {
        // Glitches and errors the stream survives do not stop playback.
        let event = self.events.try_iter().find(StreamEvent::is_fatal)?;
        self.shared.failed.store(true, Ordering::Release);
        Some(event)
    }
}

impl Drop for CpalPlayback {
    fn drop(&mut self) {
        if let Some(stream) = self.stream.take() {
            drop_within(stream, CLOSE_TIMEOUT);
        }
        let _ = self.commands.send(WorkerCommand::Stop);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// The worker: keeps the ring full and carries out seeks and speed changes.
fn feed(
    mut source: SpeedSource,
    mut producer: Producer<f32>,
    shared: Arc<Shared>,
    commands: Receiver<WorkerCommand>,
    events: Sender<StreamEvent>,
) {
    let mut pending: Vec<f32> = Vec::with_capacity(4 * CHUNK_FRAMES);
    let mut pending_at = 0usize;
    let mut done = false;
    let mut heartbeat = (shared.callbacks.load(Ordering::Acquire), Instant::now());
    let mut stall_reported = false;
    loop {
        let callbacks = shared.callbacks.load(Ordering::Acquire);
        if callbacks != heartbeat.0 {
            heartbeat = (callbacks, Instant::now());
        } else if !stall_reported
            && heartbeat.1.elapsed() >= SPEAKER_STALL * if callbacks == 0 { 2 } else { 1 }
        {
            stall_reported = true;
            shared.failed.store(true, Ordering::Release);
            let _ = events.send(StreamEvent::new(
                "The speaker stopped responding (unplugged, or the sound server stopped). \
                 Check the speaker, then press Play again.",
                "no output callback",
                Severity::Fatal,
            ));
        }
        match commands.recv_timeout(Duration::from_millis(10)) {
            Ok(WorkerCommand::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(WorkerCommand::Speed) => {
                let speed = f32::from_bits(shared.speed.load(Ordering::Acquire));
                if source.set_speed(speed).is_err() {
                    // This device's rate cannot be stretched: the take plays on at 1x.
                    shared
                        .speed
                        .store(source.speed().to_bits(), Ordering::Release);
                }
            }
            Ok(WorkerCommand::Loop(range)) => source.set_loop(range),
            Ok(WorkerCommand::Seek { frame, generation }) => {
                lock(&shared.timeline).clear();
                if let Err(e) = source.seek(frame as u64) {
                    unreadable(&shared, &events, &e);
                }
                pending.clear();
                pending_at = 0;
                done = false;
                shared.source_done.store(false, Ordering::Release);
                shared.flush_generation.store(generation, Ordering::Release);
                // The callback empties the ring and resets `played`; wait until it has.
                let asked = Instant::now();
                while shared.flushed_generation.load(Ordering::Acquire) < generation {
                    if asked.elapsed() > Duration::from_secs(2) {
                        // The device is gone; nothing will be played anyway.
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                shared.pushed.store(0, Ordering::Release);
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        // Skip the fill while a newer seek is still queued.
        while !done {
            if pending_at >= pending.len() {
                pending_at = 0;
                match source.next_block(&mut pending) {
                    Ok(Some(span)) => {
                        let pushed = shared.pushed.load(Ordering::Acquire);
                        let played = shared.played.load(Ordering::Acquire);
                        lock(&shared.timeline).push(pushed, pending.len(), span, played);
                    }
                    Ok(None) => {
                        done = true;
                        shared.source_done.store(true, Ordering::Release);
                        break;
                    }
                    Err(e) => {
                        unreadable(&shared, &events, &e);
                        done = true;
                        shared.source_done.store(true, Ordering::Release);
                        break;
                    }
                }
            }
            let (written, _) = producer.push_partial_slice(&pending[pending_at..]);
            let count = written.len();
            pending_at += count;
            shared.pushed.fetch_add(count as u64, Ordering::AcqRel);
            if pending_at < pending.len() {
                break; // the ring is full
            }
        }
    }
}

fn lock(timeline: &Mutex<Timeline>) -> std::sync::MutexGuard<'_, Timeline> {
    timeline.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reports that the file could not be read (or stretched) any further; it ends the playback.
fn unreadable(shared: &Shared, events: &Sender<StreamEvent>, error: &AudioError) {
    shared.failed.store(true, Ordering::Release);
    let message = match error {
        AudioError::Unreadable(_) => {
            "The take's audio file could not be read any further; it may have been moved or \
             damaged."
        }
        _ => {
            "Playback stopped because the take's sound could not be processed; open the \
              take again to retry."
        }
    };
    let _ = events.send(StreamEvent::new(message, error.detail(), Severity::Fatal));
}

fn build_output<T>(
    device: &cpal::Device,
    config: &StreamConfig,
    mut consumer: Consumer<f32>,
    shared: Arc<Shared>,
    events: Sender<StreamEvent>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32>,
{
    let channels = usize::from(config.channels).max(1);
    let mut seen_generation = 0u64;
    let heard = Arc::clone(&shared);
    device.build_output_stream::<T, _, _>(
        *config,
        move |out: &mut [T], _: &cpal::OutputCallbackInfo| {
            shared.callbacks.fetch_add(1, Ordering::Release);
            let generation = shared.flush_generation.load(Ordering::Acquire);
            if generation != seen_generation {
                let stale = consumer.slots();
                if let Ok(chunk) = consumer.read_chunk(stale) {
                    chunk.commit_all();
                }
                shared.played.store(0, Ordering::Release);
                seen_generation = generation;
                shared
                    .flushed_generation
                    .store(generation, Ordering::Release);
            }
            let silence = T::EQUILIBRIUM;
            let mut filled = 0;
            if !shared.paused.load(Ordering::Acquire) {
                let frames = out.len() / channels;
                let available = consumer.slots().min(frames);
                if let Ok(chunk) = consumer.read_chunk(available) {
                    let (first, second) = chunk.as_slices();
                    for (frame, &sample) in out
                        .chunks_exact_mut(channels)
                        .zip(first.iter().chain(second))
                    {
                        frame.fill(from_f32::<T>(sample));
                    }
                    chunk.commit_all();
                    filled = available;
                }
                shared.played.fetch_add(filled as u64, Ordering::AcqRel);
            }
            out[filled * channels..].fill(silence);
        },
        error_callback(events, "speaker", move || {
            heard.callbacks.load(Ordering::Acquire)
        }),
        Some(STREAM_SETUP_TIMEOUT),
    )
}

/// Builds an output stream in whatever sample format the device wants.
fn build_output_any(
    device: &cpal::Device,
    config: &StreamConfig,
    format: SampleFormat,
    consumer: Consumer<f32>,
    shared: Arc<Shared>,
    events: Sender<StreamEvent>,
) -> Result<cpal::Stream, String> {
    use cpal::{I24, U24};
    let stream = match format {
        SampleFormat::I8 => build_output::<i8>(device, config, consumer, shared, events),
        SampleFormat::I16 => build_output::<i16>(device, config, consumer, shared, events),
        SampleFormat::I24 => build_output::<I24>(device, config, consumer, shared, events),
        SampleFormat::I32 => build_output::<i32>(device, config, consumer, shared, events),
        SampleFormat::I64 => build_output::<i64>(device, config, consumer, shared, events),
        SampleFormat::U8 => build_output::<u8>(device, config, consumer, shared, events),
        SampleFormat::U16 => build_output::<u16>(device, config, consumer, shared, events),
        SampleFormat::U24 => build_output::<U24>(device, config, consumer, shared, events),
        SampleFormat::U32 => build_output::<u32>(device, config, consumer, shared, events),
        SampleFormat::U64 => build_output::<u64>(device, config, consumer, shared, events),
        SampleFormat::F32 => build_output::<f32>(device, config, consumer, shared, events),
        SampleFormat::F64 => build_output::<f64>(device, config, consumer, shared, events),
        other => return Err(format!("its sample format {other} is not supported")),
    };
    stream.map_err(|e| e.to_string())
}
