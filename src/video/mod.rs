//! Video: the camera through GStreamer. A take's recording (camera → 640×480 at 30 fps →
//! VP8 → streamable WebM beside the take's WAV, with a self-view branch), the setup screen's
//! self-view, the file checks and repair that recovery needs, and review's frame source.
//!
//! Nothing here runs in an audio callback: GStreamer's own streaming threads encode and write,
//! and the app talks to them only through the handles below. The WAV stays the audio master:
//! a take's video carries its start offset against the WAV's first sample.
//!
//! The test camera ([`CameraSource::Test`], GStreamer's `videotestsrc is-live=true`) stands in
//! for a real one in tests, and is listed as a camera when [`TEST_CAMERA_ENV`] is set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use gstreamer as gst;
use gstreamer::prelude::*;
use gstreamer_app as gst_app;

mod opening;
mod player;
#[cfg(test)]
mod tests;

pub use opening::Opening;
pub use player::{VideoPlayer, video_time};

/// Set (to anything) to list GStreamer's test pattern as a camera: for tests and demos.
pub const TEST_CAMERA_ENV: &str = "REHEARSE_TEST_CAMERA";

/// The name the test camera is listed and remembered under.
pub const TEST_CAMERA_NAME: &str = "Test camera (pattern)";

/// Width of the self-view frames handed to the window.
pub const PREVIEW_WIDTH: u32 = 320;
/// Height of the self-view frames handed to the window.
pub const PREVIEW_HEIGHT: u32 = 240;

/// Mean luma (0–255) below which the self-view says "check your light".
pub const DARK_LUMA: f32 = 60.0;

/// The file name of take `take` of question `question_index` (0-based): the WAV's name with
/// `.webm` (`q01.webm`, `q01-take2.webm`).
pub fn video_name(question_index: usize, take: u32) -> String {
    let wav = crate::session::store::wav_name(question_index, take);
    format!("{}.webm", wav.trim_end_matches(".wav"))
}

/// A camera failure. `Display` is the sentence for the user; the `String` is the raw cause.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VideoError {
    /// GStreamer or one of its plugins is missing.
    #[error(
        "Video needs GStreamer with its base and good plugins; install them (see the README's \
         set-up command) or turn the camera off."
    )]
    Unavailable(String),
    /// The camera could not be opened or stopped working.
    #[error(
        "The camera could not be used. Check that it is connected and not used by another program."
    )]
    Camera(String),
    /// The video file could not be written or read.
    #[error("The video file could not be written or read; it may be missing or damaged.")]
    File(String),
}

impl VideoError {
    /// The raw cause, for the log.
    pub fn detail(&self) -> &str {
        match self {
            Self::Unavailable(d) | Self::Camera(d) | Self::File(d) => d,
        }
    }
}

/// Initialises GStreamer once; every entry point calls it.
pub fn init() -> Result<(), VideoError> {
    static INIT: OnceLock<Result<(), String>> = OnceLock::new();
    INIT.get_or_init(|| {
        gst::init().map_err(|e| e.to_string())?;
        for needed in [
            "videotestsrc",
            "videoconvert",
            "videoscale",
            "videorate",
            "vp8enc",
            "vp8dec",
            "webmmux",
            "matroskademux",
            "appsink",
        ] {
            if gst::ElementFactory::find(needed).is_none() {
                return Err(format!("GStreamer element {needed} is missing"));
            }
        }
        Ok(())
    })
    .clone()
    .map_err(VideoError::Unavailable)
}

/// Now on the clock GStreamer timestamps camera frames with (monotonic), in nanoseconds.
/// Read it when the audio starts, to place the video against the WAV.
pub fn clock_now() -> Option<u64> {
    init().ok()?;
    Some(gst::SystemClock::obtain().time().nseconds())
}

/// `instant` on [`clock_now`]'s clock. Both are the monotonic clock (`CLOCK_MONOTONIC` on
/// Linux: GStreamer's system clock and `std::time::Instant`), read one after the other.
pub fn clock_at(instant: std::time::Instant) -> Option<u64> {
    let now = clock_now()?;
    let ago = std::time::Instant::now().saturating_duration_since(instant);
    Some(now.saturating_sub(ago.as_nanos() as u64))
}

/// How many frames a flash of the flash test camera lasts (a third of a second).
pub const FLASH_FRAMES: u64 = 10;

/// The flash test camera's flashes: the instant asked for → when its first white frame was
/// captured (the frame's time on [`clock_now`]'s clock).
static FLASHES: Mutex<BTreeMap<u64, u64>> = Mutex::new(BTreeMap::new());

/// When the flash test camera asked to flash at `at` showed its first white frame, on
/// [`clock_now`]'s clock: within half a frame of `at`, as frames come every 33 ms.
pub fn flash_frame_at(at: u64) -> Option<u64> {
    FLASHES.lock().ok()?.get(&at).copied()
}

/// Where frames come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraSource {
    /// GStreamer's live test pattern (a moving ball), 30 frames a second.
    Test,
    /// A camera found by GStreamer's device monitor, by its display name.
    Device(String),
    /// A test camera that shows black, and white for [`FLASH_FRAMES`] frames from the frame
    /// whose time is nearest each of these instants on [`clock_now`]'s clock (the frame's
    /// time rounded, so that a flash lands within half a frame either side of its instant,
    /// not up to a whole frame after it): the flashes the A/V sync checks look for.
    Flash(Vec<u64>),
}

impl CameraSource {
    /// The source remembered under `name` ([`TEST_CAMERA_NAME`] is the test camera).
    pub fn named(name: &str) -> Self {
        if name == TEST_CAMERA_NAME {
            Self::Test
        } else {
            Self::Device(name.to_owned())
        }
    }

    /// The name shown and remembered.
    pub fn name(&self) -> &str {
        match self {
            Self::Test | Self::Flash(_) => TEST_CAMERA_NAME,
            Self::Device(name) => name,
        }
    }

    fn element(&self) -> Result<gst::Element, VideoError> {
        init()?;
        match self {
            Self::Test => gst::ElementFactory::make("videotestsrc")
                .property("is-live", true)
                .property_from_str("pattern", "ball")
                .build()
                .map_err(|e| VideoError::Unavailable(e.to_string())),
            Self::Flash(_) => gst::ElementFactory::make("videotestsrc")
                .property("is-live", true)
                .property_from_str("pattern", "black")
                .build()
                .map_err(|e| VideoError::Unavailable(e.to_string())),
            Self::Device(name) => {
                let monitor = gst::DeviceMonitor::new();
                monitor.add_filter(Some("Video/Source"), None);
                monitor
                    .start()
                    .map_err(|e| VideoError::Camera(e.to_string()))?;
                let found = monitor
                    .devices()
                    .into_iter()
                    .find(|d| d.display_name() == name.as_str());
                monitor.stop();
                let device =
                    found.ok_or_else(|| VideoError::Camera(format!("no camera named {name}")))?;
                device
                    .create_element(None)
                    .map_err(|e| VideoError::Camera(e.to_string()))
            }
        }
    }
}

/// The cameras to choose from: GStreamer's video sources, and the test camera when
/// [`TEST_CAMERA_ENV`] is set. Empty when there is none (or GStreamer is missing).
pub fn cameras() -> Vec<String> {
    let mut names = Vec::new();
    if std::env::var_os(TEST_CAMERA_ENV).is_some() {
        names.push(TEST_CAMERA_NAME.to_owned());
    }
    if init().is_err() {
        return names;
    }
    let monitor = gst::DeviceMonitor::new();
    monitor.add_filter(Some("Video/Source"), None);
    if monitor.start().is_ok() {
        for device in monitor.devices() {
            let name = device.display_name().to_string();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        monitor.stop();
    }
    names
}

/// How a take is recorded: picture size, frame rate and VP8 bit rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordOptions {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Frames a second.
    pub fps: u32,
    /// Target bit rate in kbit/s.
    pub kbps: u32,
}

impl Default for RecordOptions {
    fn default() -> Self {
        Self {
            width: 640,
            height: 480,
            fps: 30,
            kbps: 1000,
        }
    }
}

/// One self-view or playback picture, RGBA, rows packed.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 4` bytes.
    pub rgba: Arc<[u8]>,
    /// Counts up with every new frame, so the window uploads each picture once.
    pub serial: u64,
    /// Mean luma (BT.601, 0–255), read from a sample of the pixels.
    pub luma: f32,
}

/// The latest frame of a live self-view, shared with GStreamer's thread.
#[derive(Clone, Default)]
pub struct SelfView {
    latest: Arc<Mutex<Option<Frame>>>,
    serial: Arc<AtomicU64>,
    on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl std::fmt::Debug for SelfView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SelfView")
            .field("serial", &self.serial.load(Ordering::Relaxed))
            .finish()
    }
}

impl SelfView {
    /// A self-view that calls `on_frame` (a repaint request) after each new frame.
    pub fn new(on_frame: Option<Arc<dyn Fn() + Send + Sync>>) -> Self {
        Self {
            on_frame,
            ..Self::default()
        }
    }

    /// The latest frame, if one arrived.
    pub fn latest(&self) -> Option<Frame> {
        self.latest.lock().ok()?.clone()
    }

    fn put(&self, width: u32, height: u32, rgba: &[u8]) {
        let serial = self.serial.fetch_add(1, Ordering::Relaxed) + 1;
        let frame = Frame {
            width,
            height,
            rgba: Arc::from(rgba),
            serial,
            luma: mean_luma(rgba),
        };
        if let Ok(mut latest) = self.latest.lock() {
            *latest = Some(frame);
        }
        if let Some(on_frame) = &self.on_frame {
            on_frame();
        }
    }

    fn sink(&self) -> gst_app::AppSinkCallbacks {
        let view = self.clone();
        gst_app::AppSinkCallbacks::builder()
            .new_sample(move |sink| {
                let sample = sink.pull_sample().map_err(|_| gst::FlowError::Eos)?;
                if let Some((width, height, rgba)) = rgba_of(&sample) {
                    view.put(width, height, &rgba);
                }
                Ok(gst::FlowSuccess::Ok)
            })
            .build()
    }
}

/// The packed RGBA pixels of an appsink sample, with its size.
fn rgba_of(sample: &gst::Sample) -> Option<(u32, u32, Vec<u8>)> {
    let caps = sample.caps()?;
    let s = caps.structure(0)?;
    let width = u32::try_from(s.get::<i32>("width").ok()?).ok()?;
    let height = u32::try_from(s.get::<i32>("height").ok()?).ok()?;
    let buffer = sample.buffer()?;
    let map = buffer.map_readable().ok()?;
    let row = width as usize * 4;
    let len = row * height as usize;
    // RGBA rows are 4-byte aligned, so they are packed unless a stride is padded further.
    let stride = map.len() / height.max(1) as usize;
    if stride == row {
        return Some((width, height, map.get(..len)?.to_vec()));
    }
    let mut out = Vec::with_capacity(len);
    for y in 0..height as usize {
        out.extend_from_slice(map.get(y * stride..y * stride + row)?);
    }
    Some((width, height, out))
}

/// Mean BT.601 luma of RGBA pixels, from every 7th pixel.
pub fn mean_luma(rgba: &[u8]) -> f32 {
    let (mut sum, mut n) = (0.0f64, 0u32);
    for px in rgba.chunks_exact(4).step_by(7) {
        sum += 0.299 * f64::from(px[0]) + 0.587 * f64::from(px[1]) + 0.114 * f64::from(px[2]);
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        (sum / f64::from(n)) as f32
    }
}

/// The self-view chain: a camera's frames at up to 15 a second, 320×240 RGBA, into an appsink.
fn preview_chain() -> String {
    format!(
        "queue leaky=downstream max-size-buffers=2 ! videorate drop-only=true max-rate=15 ! \
         videoconvert ! videoscale ! \
         video/x-raw,format=RGBA,width={PREVIEW_WIDTH},height={PREVIEW_HEIGHT},pixel-aspect-ratio=1/1 ! \
         appsink name=preview sync=false drop=true max-buffers=1"
    )
}

/// Builds a pipeline of `source` followed by the bin described by `chain`.
fn pipeline_with(source: &CameraSource, chain: &str) -> Result<gst::Pipeline, VideoError> {
    init()?;
    let src = source.element()?;
    let bin = gst::parse::bin_from_description(chain, true)
        .map_err(|e| VideoError::Unavailable(e.to_string()))?;
    let pipeline = gst::Pipeline::new();
    pipeline
        .add_many([&src, bin.upcast_ref()])
        .map_err(|e| VideoError::Unavailable(e.to_string()))?;
    src.link(&bin)
        .map_err(|e| VideoError::Camera(e.to_string()))?;
    if let CameraSource::Flash(instants) = source
        && let Some(pad) = src.static_pad("src")
    {
        // Every frame of a flash is made white (all bytes 255: bright in any raw format the
        // pattern is drawn in).
        let instants = instants.clone();
        pad.add_probe(gst::PadProbeType::BUFFER, move |pad, info| {
            let base = pad.parent_element().and_then(|e| e.base_time());
            if let (Some(gst::PadProbeData::Buffer(buffer)), Some(base)) = (&mut info.data, base)
                && let span = buffer.duration().map_or(33_333_333, |d| d.nseconds())
                && let Some(shown) = buffer.pts().map(|pts| base.nseconds() + pts.nseconds())
                && let Some(&at) = instants
                    .iter()
                    .find(|&&at| (at..at + FLASH_FRAMES * span).contains(&(shown + span / 2)))
                && let Ok(mut map) = buffer.make_mut().map_writable()
            {
                map.as_mut_slice().fill(255);
                if let Ok(mut flashes) = FLASHES.lock() {
                    flashes.entry(at).or_insert(shown);
                }
            }
            gst::PadProbeReturn::Ok
        });
    }
    Ok(pipeline)
}

/// Sets `pipeline` playing and waits up to 2 s for it to get there or fail.
fn play(pipeline: &gst::Pipeline) -> Result<(), VideoError> {
    let failed = |detail: String| {
        let _ = pipeline.set_state(gst::State::Null);
        VideoError::Camera(detail)
    };
    pipeline
        .set_state(gst::State::Playing)
        .map_err(|e| failed(format!("{e}: {}", bus_error(pipeline).unwrap_or_default())))?;
    let (result, _, _) = pipeline.state(gst::ClockTime::from_seconds(2));
    if let Some(detail) = bus_error(pipeline) {
        return Err(failed(detail));
    }
    result.map_err(|e| failed(e.to_string()))?;
    Ok(())
}

/// An error waiting on `pipeline`'s bus, if any (does not block).
fn bus_error(pipeline: &gst::Pipeline) -> Option<String> {
    let bus = pipeline.bus()?;
    let msg = bus.pop_filtered(&[gst::MessageType::Error])?;
    match msg.view() {
        gst::MessageView::Error(e) => Some(format!(
            "{} ({})",
            e.error(),
            e.debug().map(|d| d.to_string()).unwrap_or_default()
        )),
        _ => None,
    }
}

/// Ends `pipeline` with end-of-stream (so the muxer writes its last cluster), waiting up to
/// `timeout`; then stops it.
fn end(pipeline: &gst::Pipeline, timeout: Duration) -> Result<(), String> {
    let mut result = Ok(());
    if pipeline.send_event(gst::event::Eos::new())
        && let Some(bus) = pipeline.bus()
    {
        let wait = gst::ClockTime::from_nseconds(timeout.as_nanos() as u64);
        match bus.timed_pop_filtered(wait, &[gst::MessageType::Eos, gst::MessageType::Error]) {
            Some(msg) => {
                if let gst::MessageView::Error(e) = msg.view() {
                    result = Err(e.error().to_string());
                }
            }
            None => result = Err("the video did not finish in time".into()),
        }
    }
    let _ = pipeline.set_state(gst::State::Null);
    result
}

/// The setup screen's live self-view; dropping it closes the camera.
pub struct CameraPreview {
    pipeline: gst::Pipeline,
    view: SelfView,
}

impl CameraPreview {
    /// Opens `source` and starts sending frames to a new self-view.
    pub fn start(
        source: &CameraSource,
        on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
    ) -> Result<Self, VideoError> {
        Self::open(source, SelfView::new(on_frame))
    }

    /// As [`CameraPreview::start`], on its own thread.
    pub fn opening(
        source: &CameraSource,
        on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
    ) -> Opening<Self> {
        let source = source.clone();
        Opening::spawn(SelfView::new(on_frame), move |view| {
            Self::open(&source, view)
        })
    }

    fn open(source: &CameraSource, view: SelfView) -> Result<Self, VideoError> {
        let pipeline = pipeline_with(source, &preview_chain())?;
        appsink(&pipeline, "preview")?.set_callbacks(view.sink());
        play(&pipeline)?;
        Ok(Self { pipeline, view })
    }

    /// The self-view.
    pub fn view(&self) -> &SelfView {
        &self.view
    }

    /// A camera error seen since the last call.
    pub fn poll_error(&mut self) -> Option<String> {
        bus_error(&self.pipeline)
    }
}

impl Drop for CameraPreview {
    fn drop(&mut self) {
        let _ = self.pipeline.set_state(gst::State::Null);
    }
}

fn appsink(pipeline: &gst::Pipeline, name: &str) -> Result<gst_app::AppSink, VideoError> {
    pipeline
        .by_name(name)
        .and_downcast::<gst_app::AppSink>()
        .ok_or_else(|| VideoError::Unavailable(format!("no appsink {name}")))
}

/// A finished video recording.
#[derive(Debug, Clone, PartialEq)]
pub struct VideoResult {
    /// The WebM written.
    pub path: PathBuf,
    /// Frames encoded into it.
    pub frames: u64,
    /// Frames the camera did not deliver in time, repeated to keep the frame rate.
    pub dropped_frames: u64,
    /// When its first frame was captured, on [`clock_now`]'s clock (nanoseconds).
    pub first_frame_at: Option<u64>,
    /// Why it ended badly, if it did; the file up to then is kept.
    pub error: Option<String>,
}

/// A take's video being recorded; [`VideoRecording::finish`] ends the file properly.
pub struct VideoRecording {
    pipeline: gst::Pipeline,
    path: PathBuf,
    frames: Arc<AtomicU64>,
    first_pts: Arc<AtomicU64>,
    view: SelfView,
}

impl VideoRecording {
    /// Starts recording `source` into a streamable WebM at `path` (VP8, `options`), which
    /// plays up to its last cluster (about a second) if the process dies; its frames also
    /// go to a self-view that calls `on_frame`.
    pub fn start(
        source: &CameraSource,
        path: &Path,
        options: RecordOptions,
        on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
    ) -> Result<Self, VideoError> {
        Self::open(source, path, options, SelfView::new(on_frame))
    }

    /// As [`VideoRecording::start`], on its own thread.
    pub fn opening(
        source: &CameraSource,
        path: &Path,
        options: RecordOptions,
        on_frame: Option<Arc<dyn Fn() + Send + Sync>>,
    ) -> Opening<Self> {
        let (source, path) = (source.clone(), path.to_owned());
        Opening::spawn(SelfView::new(on_frame), move |view| {
            Self::open(&source, &path, options, view)
        })
    }

    fn open(
        source: &CameraSource,
        path: &Path,
        options: RecordOptions,
        view: SelfView,
    ) -> Result<Self, VideoError> {
        let RecordOptions {
            width,
            height,
            fps,
            kbps,
        } = options;
        // Realtime VP8 (deadline=1, cpu-used=8), a key frame every second, so that each
        // cluster (one per key frame) starts decodable; streamable: no seek back to the header.
        let chain = format!(
            "videoconvert ! videoscale ! videorate name=rate skip-to-first=true ! \
             video/x-raw,format=I420,width={width},height={height},framerate={fps}/1,pixel-aspect-ratio=1/1 ! \
             tee name=t \
             t. ! queue name=encq max-size-time=2000000000 max-size-buffers=0 max-size-bytes=0 ! \
             vp8enc name=enc deadline=1 cpu-used=8 threads=1 end-usage=cbr \
               target-bitrate={bits} keyframe-max-dist={fps} ! \
             webmmux streamable=true min-cluster-duration=1000000000 max-cluster-duration=1000000000 ! \
             filesink name=file buffer-mode=2 \
             t. ! {preview}",
            bits = u64::from(kbps) * 1000,
            preview = preview_chain(),
        );
        let pipeline = pipeline_with(source, &chain)?;
        let file = pipeline
            .by_name("file")
            .ok_or_else(|| VideoError::Unavailable("no filesink".into()))?;
        file.set_property("location", path.to_string_lossy().as_ref());
        appsink(&pipeline, "preview")?.set_callbacks(view.sink());

        let frames = Arc::new(AtomicU64::new(0));
        let first_pts = Arc::new(AtomicU64::new(u64::MAX));
        let (count, first) = (frames.clone(), first_pts.clone());
        on_buffers(&pipeline, "enc", move |buffer| {
            if count.fetch_add(1, Ordering::Relaxed) == 0
                && let Some(pts) = buffer.pts()
            {
                first.store(pts.nseconds(), Ordering::Relaxed);
            }
        })?;
        play(&pipeline).map_err(|e| match e {
            VideoError::Camera(d) if !path.parent().is_some_and(Path::exists) => {
                VideoError::File(d)
            }
            other => other,
        })?;
        Ok(Self {
            pipeline,
            path: path.to_owned(),
            frames,
            first_pts,
            view,
        })
    }

    /// The self-view of what is being recorded.
    pub fn view(&self) -> &SelfView {
        &self.view
    }

    /// When the first frame was captured, on [`clock_now`]'s clock (ns), once it was.
    pub fn first_frame_at(&self) -> Option<u64> {
        let pts = self.first_pts.load(Ordering::Relaxed);
        let base = self.pipeline.base_time()?;
        (pts != u64::MAX).then(|| base.nseconds() + pts)
    }

    /// Frames encoded so far.
    pub fn frames(&self) -> u64 {
        self.frames.load(Ordering::Relaxed)
    }

    /// A camera or file error seen since the last call (the file so far is kept).
    pub fn poll_error(&mut self) -> Option<String> {
        bus_error(&self.pipeline)
    }

    /// Stops the camera, writes the last cluster and reports what was written.
    pub fn finish(self) -> VideoResult {
        let error = end(&self.pipeline, Duration::from_secs(5)).err();
        let dropped_frames = self
            .pipeline
            .by_name("rate")
            .map_or(0, |r| r.property::<u64>("duplicate"));
        let first_frame_at = self.first_frame_at();
        VideoResult {
            path: self.path.clone(),
            frames: self.frames.load(Ordering::Relaxed),
            dropped_frames,
            first_frame_at,
            error,
        }
    }
}

impl Drop for VideoRecording {
    fn drop(&mut self) {
        let _ = self.pipeline.set_state(gst::State::Null);
    }
}

/// Calls `seen` with every buffer entering the element `name` of `pipeline` (on GStreamer's
/// streaming thread).
fn on_buffers(
    pipeline: &gst::Pipeline,
    name: &str,
    seen: impl Fn(&gst::Buffer) + Send + Sync + 'static,
) -> Result<(), VideoError> {
    let pad = pipeline
        .by_name(name)
        .and_then(|e| e.static_pad("sink"))
        .ok_or_else(|| VideoError::Unavailable(format!("no element {name}")))?;
    pad.add_probe(gst::PadProbeType::BUFFER, move |_, info| {
        if let Some(gst::PadProbeData::Buffer(buffer)) = &info.data {
            seen(buffer);
        }
        gst::PadProbeReturn::Ok
    });
    Ok(())
}

/// What decoding a video file end to end found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FileCheck {
    /// Frames decoded.
    pub frames: u64,
    /// From the first frame's start to the last frame's end.
    pub duration: Duration,
    /// Whether it decoded to its end without an error (a cut-off file has `false`).
    pub complete: bool,
}

/// Decodes the WebM/Matroska at `path` end to end, as fast as it goes, counting frames.
pub fn check_file(path: &Path) -> Result<FileCheck, VideoError> {
    init()?;
    let pipeline = gst::parse::launch(
        "filesrc name=src ! matroskademux ! vp8dec ! fakesink name=out sync=false",
    )
    .map_err(|e| VideoError::Unavailable(e.to_string()))?
    .downcast::<gst::Pipeline>()
    .map_err(|_| VideoError::Unavailable("not a pipeline".into()))?;
    let src = pipeline
        .by_name("src")
        .ok_or_else(|| VideoError::Unavailable("no filesrc".into()))?;
    src.set_property("location", path.to_string_lossy().as_ref());
    let frames = Arc::new(AtomicU64::new(0));
    let span = Arc::new(Mutex::new((u64::MAX, 0u64)));
    let (count, seen) = (frames.clone(), span.clone());
    on_buffers(&pipeline, "out", move |buffer| {
        count.fetch_add(1, Ordering::Relaxed);
        if let (Some(pts), Ok(mut span)) = (buffer.pts(), seen.lock()) {
            let end = pts.nseconds() + buffer.duration().map_or(0, |d| d.nseconds());
            span.0 = span.0.min(pts.nseconds());
            span.1 = span.1.max(end);
        }
    })?;
    pipeline
        .set_state(gst::State::Playing)
        .map_err(|e| VideoError::File(format!("{}: {e}", path.display())))?;
    let bus = pipeline
        .bus()
        .ok_or_else(|| VideoError::Unavailable("no bus".into()))?;
    let msg = bus.timed_pop_filtered(
        gst::ClockTime::from_seconds(600),
        &[gst::MessageType::Eos, gst::MessageType::Error],
    );
    let _ = pipeline.set_state(gst::State::Null);
    let complete = matches!(
        msg.as_ref().map(|m| m.view()),
        Some(gst::MessageView::Eos(_))
    );
    let frames = frames.load(Ordering::Relaxed);
    if frames == 0 {
        let why = match msg.as_ref().map(|m| m.view()) {
            Some(gst::MessageView::Error(e)) => e.error().to_string(),
            _ => "no frame".into(),
        };
        return Err(VideoError::File(format!("{}: {why}", path.display())));
    }
    let (first, last) = *span
        .lock()
        .map_err(|_| VideoError::File("poisoned".into()))?;
    Ok(FileCheck {
        frames,
        duration: Duration::from_nanos(last.saturating_sub(first)),
        complete,
    })
}

/// When the picture of the video at `path` first turns bright (mean luma above `luma`,
/// 0–255), from its first frame; `None` if it never does.
pub fn first_bright(path: &Path, luma: f32) -> Result<Option<Duration>, VideoError> {
    Ok(bright_starts(path, luma, true)?.first().copied())
}

/// Every time the picture of the video at `path` turns bright (mean luma rising above
/// `luma`, 0–255), from its first frame; only the first one when `first_only`.
pub fn bright_starts(
    path: &Path,
    luma: f32,
    first_only: bool,
) -> Result<Vec<Duration>, VideoError> {
    init()?;
    let pipeline = gst::parse::launch(
        "filesrc name=src ! matroskademux ! vp8dec ! videoconvert ! video/x-raw,format=GRAY8 ! \
         appsink name=out sync=false",
    )
    .map_err(|e| VideoError::Unavailable(e.to_string()))?
    .downcast::<gst::Pipeline>()
    .map_err(|_| VideoError::Unavailable("not a pipeline".into()))?;
    if let Some(src) = pipeline.by_name("src") {
        src.set_property("location", path.to_string_lossy().as_ref());
    }
    let sink = appsink(&pipeline, "out")?;
    pipeline
        .set_state(gst::State::Playing)
        .map_err(|e| VideoError::File(format!("{}: {e}", path.display())))?;
    let mut first = None;
    let mut found = Vec::new();
    let mut was_bright = false;
    while let Some(sample) = sink.try_pull_sample(gst::ClockTime::from_seconds(5)) {
        let Some(buffer) = sample.buffer() else {
            continue;
        };
        let pts = buffer.pts().map_or(0, |p| p.nseconds());
        let first = *first.get_or_insert(pts);
        let Ok(map) = buffer.map_readable() else {
            continue;
        };
        let mean = map.iter().step_by(5).map(|&y| f64::from(y)).sum::<f64>()
            / map.len().div_ceil(5).max(1) as f64;
        let bright = mean as f32 > luma;
        if bright && !was_bright {
            found.push(Duration::from_nanos(pts - first));
            if first_only {
                break;
            }
        }
        was_bright = bright;
    }
    let _ = pipeline.set_state(gst::State::Null);
    Ok(found)
}

/// Rewrites a WebM that a kill or crash cut off as a finished one (duration and seek index
/// written), keeping every frame that decodes. Returns what the repaired file holds.
pub fn repair(path: &Path) -> Result<FileCheck, VideoError> {
    init()?;
    let tmp = path.with_extension("webm.repair");
    let remuxed = remux(path, &tmp);
    match remuxed.and_then(|_| check_file(&tmp)) {
        Ok(check) => {
            std::fs::rename(&tmp, path)
                .map_err(|e| VideoError::File(format!("{}: {e}", path.display())))?;
            Ok(check)
        }
        Err(_) => {
            let _ = std::fs::remove_file(&tmp);
            // Not remuxable: the streamable file still plays as far as it goes.
            check_file(path)
        }
    }
}

/// Copies the VP8 frames of `from` into a new non-streamable WebM `to`. A demuxer error at a
/// cut-off end still finishes `to` with the frames before it.
fn remux(from: &Path, to: &Path) -> Result<(), VideoError> {
    let pipeline = gst::parse::launch(
        "filesrc name=src ! matroskademux ! queue ! webmmux name=mux ! filesink name=dst",
    )
    .map_err(|e| VideoError::Unavailable(e.to_string()))?
    .downcast::<gst::Pipeline>()
    .map_err(|_| VideoError::Unavailable("not a pipeline".into()))?;
    let set = |name: &str, path: &Path| {
        pipeline
            .by_name(name)
            .map(|e| e.set_property("location", path.to_string_lossy().as_ref()))
    };
    set("src", from);
    set("dst", to);
    pipeline
        .set_state(gst::State::Playing)
        .map_err(|e| VideoError::File(e.to_string()))?;
    let bus = pipeline
        .bus()
        .ok_or_else(|| VideoError::Unavailable("no bus".into()))?;
    let msg = bus.timed_pop_filtered(
        gst::ClockTime::from_seconds(120),
        &[gst::MessageType::Eos, gst::MessageType::Error],
    );
    let result = match msg.as_ref().map(|m| m.view()) {
        Some(gst::MessageView::Eos(_)) => Ok(()),
        Some(gst::MessageView::Error(_)) => {
            // Cut off: end the muxer's input so it writes its index and duration.
            let finished = pipeline
                .by_name("mux")
                .and_then(|m| m.sink_pads().into_iter().next())
                .is_some_and(|pad| pad.send_event(gst::event::Eos::new()));
            let eos = finished
                && bus
                    .timed_pop_filtered(gst::ClockTime::from_seconds(10), &[gst::MessageType::Eos])
                    .is_some();
            if eos {
                Ok(())
            } else {
                Err(VideoError::File(
                    "the cut-off video could not be finished".into(),
                ))
            }
        }
        _ => Err(VideoError::File("remuxing timed out".into())),
    };
    let _ = pipeline.set_state(gst::State::Null);
    result
}
