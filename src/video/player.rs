//! Review's frame source: a take's video decoded on its own thread, following the audio
//! player's position. The audio is the clock: each position asked for shows the frame that
//! covers it (after the take's start offset), so the picture never drifts from the sound.
//! The file is opened and its first frame decoded on that thread too, so that opening a take
//! never holds up the window.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use gstreamer as gst;
use gstreamer::prelude::*;
use gstreamer_app as gst_app;

use super::{Frame, PREVIEW_HEIGHT, PREVIEW_WIDTH, VideoError, mean_luma, rgba_of};

/// A seek, not a decode forward, once the wanted frame is more than this ahead.
const SEEK_AHEAD: Duration = Duration::from_secs(2);

/// A take's video, decoded on demand; dropping it stops and joins its thread.
pub struct VideoPlayer {
    wanted: Option<Sender<Duration>>,
    shown: Arc<Mutex<Option<(Duration, Frame)>>>,
    failed: Arc<Mutex<Option<VideoError>>>,
    thread: Option<JoinHandle<()>>,
}

impl VideoPlayer {
    /// Opens the video at `path`, whose first frame was captured `offset` after the audio's
    /// first sample (negative: before it), beside audio whose clock ran `audio_ppm` fast (see
    /// `session::TakeVideo::audio_clock_ppm`), on its own thread: returns at once, and
    /// [`VideoPlayer::error`] says if it could not be opened. `on_frame` is called when a new
    /// frame is ready, or the opening failed.
    pub fn open(
        path: &Path,
        offset_ms: i64,
        audio_ppm: i32,
        on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
    ) -> Self {
        let shown = Arc::new(Mutex::new(None));
        let failed = Arc::new(Mutex::new(None));
        let (wanted, wishes) = channel();
        let (path, into, failure) = (path.to_owned(), shown.clone(), failed.clone());
        let thread = std::thread::Builder::new()
            .name("video-player".into())
            .spawn(move || {
                match Decoder::open(&path, offset_ms, audio_ppm, into, on_frame.clone()) {
                    Ok(mut decoder) => decoder.run(wishes),
                    Err(e) => {
                        if let Ok(mut failed) = failure.lock() {
                            *failed = Some(e);
                        }
                        if let Some(on_frame) = on_frame {
                            on_frame();
                        }
                    }
                }
            });
        let thread = match thread {
            Ok(thread) => Some(thread),
            Err(e) => {
                if let Ok(mut failed) = failed.lock() {
                    *failed = Some(VideoError::Unavailable(e.to_string()));
                }
                None
            }
        };
        Self {
            wanted: Some(wanted),
            shown,
            failed,
            thread,
        }
    }

    /// Why the video could not be opened, once that is known.
    pub fn error(&self) -> Option<VideoError> {
        self.failed.lock().ok()?.clone()
    }

    /// Asks for the frame at the audio position `position` (returns at once).
    pub fn show_at(&self, position: Duration) {
        if let Some(wanted) = &self.wanted {
            let _ = wanted.send(position);
        }
    }

    /// The frame last decoded, with the audio position it was decoded for.
    pub fn frame(&self) -> Option<(Duration, Frame)> {
        self.shown.lock().ok()?.clone()
    }
}

impl Drop for VideoPlayer {
    fn drop(&mut self) {
        self.wanted = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The decoding thread's state.
struct Decoder {
    pipeline: gst::Pipeline,
    sink: gst_app::AppSink,
    offset_ms: i64,
    /// The audio clock's drift: an audio second is 1 − ppm/10⁶ video seconds.
    audio_ppm: i32,
    /// The file's length (ns), when its header says.
    duration: Option<u64>,
    /// The file's first frame time (ns): file time − origin is video time.
    origin: u64,
    /// The frame held: its video time span (ns from the first frame) and pixels.
    current: Option<(u64, u64, Frame)>,
    shown: Arc<Mutex<Option<(Duration, Frame)>>>,
    serial: u64,
    on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl Decoder {
    /// Opens the video at `path` and decodes its first frame (tens of milliseconds).
    fn open(
        path: &Path,
        offset_ms: i64,
        audio_ppm: i32,
        shown: Arc<Mutex<Option<(Duration, Frame)>>>,
        on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
    ) -> Result<Self, VideoError> {
        super::init()?;
        let pipeline = gst::parse::launch(&format!(
            "filesrc name=src ! matroskademux ! vp8dec ! videoconvert ! videoscale ! \
             video/x-raw,format=RGBA,width={PREVIEW_WIDTH},height={PREVIEW_HEIGHT},pixel-aspect-ratio=1/1 ! \
             appsink name=out sync=false max-buffers=2 drop=false"
        ))
        .map_err(|e| VideoError::Unavailable(e.to_string()))?
        .downcast::<gst::Pipeline>()
        .map_err(|_| VideoError::Unavailable("not a pipeline".into()))?;
        if let Some(src) = pipeline.by_name("src") {
            src.set_property("location", path.to_string_lossy().as_ref());
        }
        let sink = super::appsink(&pipeline, "out")?;
        pipeline
            .set_state(gst::State::Playing)
            .map_err(|e| VideoError::File(format!("{}: {e}", path.display())))?;
        let first = sink
            .try_pull_sample(gst::ClockTime::from_seconds(5))
            .ok_or_else(|| {
                let _ = pipeline.set_state(gst::State::Null);
                VideoError::File(format!("{}: no frame could be decoded", path.display()))
            })?;
        let duration = pipeline
            .query_duration::<gst::ClockTime>()
            .map(|d| d.nseconds());
        let mut decoder = Decoder {
            pipeline,
            sink,
            offset_ms,
            audio_ppm,
            duration,
            origin: first
                .buffer()
                .and_then(|b| b.pts())
                .map_or(0, |p| p.nseconds()),
            current: None,
            shown,
            serial: 0,
            on_frame,
        };
        decoder.hold(first);
        Ok(decoder)
    }

    fn run(&mut self, wishes: Receiver<Duration>) {
        loop {
            let mut position = match wishes.recv_timeout(Duration::from_secs(3600)) {
                Ok(p) => p,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => break,
            };
            // Only the latest wish matters.
            while let Ok(p) = wishes.try_recv() {
                position = p;
            }
            self.go_to(position);
        }
        let _ = self.pipeline.set_state(gst::State::Null);
    }

    /// Holds `sample` as the current frame.
    fn hold(&mut self, sample: gst::Sample) {
        let Some(buffer) = sample.buffer() else {
            return;
        };
        let start = buffer
            .pts()
            .map_or(0, |p| p.nseconds())
            .saturating_sub(self.origin);
        let end = start + buffer.duration().map_or(33_333_333, |d| d.nseconds());
        if let Some((width, height, rgba)) = rgba_of(&sample) {
            self.serial += 1;
            let luma = mean_luma(&rgba);
            self.current = Some((
                start,
                end,
                Frame {
                    width,
                    height,
                    rgba: Arc::from(rgba),
                    serial: self.serial,
                    luma,
                },
            ));
        }
    }

    /// Decodes up to the frame covering the audio `position` and shows it.
    fn go_to(&mut self, position: Duration) {
        let mut at = (video_time(position, self.audio_ppm).as_nanos() as i64
            - self.offset_ms * 1_000_000)
            .max(0) as u64;
        if let Some(duration) = self.duration {
            // Past the end: the last frame.
            at = at.min(duration.saturating_sub(1));
        }
        let behind = self
            .current
            .as_ref()
            .is_none_or(|(start, _, _)| at < *start);
        let far = self
            .current
            .as_ref()
            .is_some_and(|(_, end, _)| at > end + SEEK_AHEAD.as_nanos() as u64);
        if behind || far {
            let target = gst::ClockTime::from_nseconds(self.origin + at);
            let seeked = self
                .pipeline
                .seek_simple(gst::SeekFlags::FLUSH | gst::SeekFlags::ACCURATE, target)
                .is_ok();
            if seeked {
                // The frame at the seek target comes next; the old one stays if none does
                // (past the end of a file whose header has no length).
                if let Some(sample) = self.sink.try_pull_sample(gst::ClockTime::from_seconds(2)) {
                    self.hold(sample);
                }
            }
        }
        while self.current.as_ref().is_none_or(|(_, end, _)| *end <= at) {
            match self.sink.try_pull_sample(gst::ClockTime::from_seconds(2)) {
                Some(sample) => self.hold(sample),
                None => break, // the end of the file: the last frame stays
            }
        }
        if let Some((_, _, frame)) = &self.current {
            if let Ok(mut shown) = self.shown.lock() {
                *shown = Some((position, frame.clone()));
            }
            if let Some(on_frame) = &self.on_frame {
                on_frame();
            }
        }
    }
}

/// The time on the video's clock, from the audio's first sample, of the audio position
/// `position`, when the audio's clock ran `audio_ppm` fast.
pub fn video_time(position: Duration, audio_ppm: i32) -> Duration {
    position.div_f64(1.0 + f64::from(audio_ppm) / 1e6)
}
