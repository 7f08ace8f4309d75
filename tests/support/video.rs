//! The A/V check through the real capture path, shared by `tests/video_av_sync.rs` and
//! `benches/video.rs` (which includes this file with `#[path]`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use rehearse::audio::{AudioBackend, CpalBackend};
use rehearse::video::{
    CameraSource, RecordOptions, VideoRecording, bright_starts, clock_at, clock_now,
    flash_frame_at, video_time,
};

/// Where a click and a flash at one instant landed in a recorded take.
#[derive(Debug, Clone, Copy)]
pub struct Landed {
    /// The click, in seconds of the WAV.
    pub click_s: f64,
    /// The flash, in seconds of the WAV (its time in the video plus the take's offset).
    pub flash_s: f64,
    /// The take's offset as the rehearsal stores it (from the WAV's first sample).
    pub offset_ms: i64,
    /// How long after the stream was started the WAV's first sample was captured.
    pub audio_late_ms: f64,
    /// Where the click landed on the clock (from the WAV's first sample), after the instant.
    pub click_late_ms: f64,
    /// How late the click was fed to the player.
    pub fed_late_ms: f64,
    /// When the flash frame was captured, after the instant (frames come every 33 ms, so
    /// the frame nearest the instant is up to 17 ms either side of it).
    pub flash_late_ms: f64,
    /// The microphone's clock drift as the rehearsal stores it (0 under 20 s).
    pub audio_ppm: i32,
}

impl Landed {
    /// The click after the flash in the take as review plays it (the audio position put on
    /// the video's clock with the take's drift, less its offset), in ms: the measure.
    pub fn apart_ms(&self) -> f64 {
        let click = video_time(Duration::from_secs_f64(self.click_s), self.audio_ppm);
        (click.as_secs_f64() - self.flash_s) * 1000.0
    }

    /// As [`Landed::apart_ms`] without the drift correction.
    pub fn uncorrected_apart_ms(&self) -> f64 {
        (self.click_s - self.flash_s) * 1000.0
    }

    /// How far the take puts the click and the flash from where they happened: the apart
    /// minus the flash frame's own distance from the click's instant.
    pub fn sync_error_ms(&self) -> f64 {
        self.apart_ms() + self.flash_late_ms
    }
}

/// Milliseconds from `from` to `to` on the video clock.
fn ms(from: u64, to: u64) -> f64 {
    (to as f64 - from as f64) / 1e6
}

/// Records take `n` in `dir` from the default input (the virtual microphone) and the flash
/// test camera, in the rehearsal's order (audio, video) and with its offset (from the WAV's
/// first sample, `Recording::first_sample_at`); the camera flashes white at each of
/// `instants` (after the audio stream was started) while a click is played into the virtual
/// microphone at the same instant; the take lasts until 2 s after the last. The capture
/// stream is the fresh PulseAudio's first stream on take 0, whose first samples come
/// 300–430 ms late: what the offset must absorb. The clicks go through a `pacat` started
/// beforehand and already connected, fed each click at its instant: spawning `paplay` for it
/// took 10–53 ms on a busy machine, which moved the click. Needs the virtual microphone
/// running (`audio::VirtualMic`). One [`Landed`] per instant.
pub fn clicks_and_flashes(
    dir: &Path,
    n: u32,
    instants: &[Duration],
) -> Result<Vec<Landed>, String> {
    let wav = dir.join(format!("sync{n}.wav"));
    let webm = dir.join(format!("sync{n}.webm"));
    let recording = CpalBackend
        .start_recording(None, &wav)
        .map_err(|e| e.to_string())?;
    let started = clock_now().ok_or("no GStreamer")?;
    let flashes: Vec<u64> = instants
        .iter()
        .map(|i| started + i.as_nanos() as u64)
        .collect();
    let video = VideoRecording::start(
        &CameraSource::Flash(flashes.clone()),
        &webm,
        RecordOptions::default(),
        None,
    )
    .map_err(|e| e.to_string())?;
    let mut player = Command::new("pacat")
        .args([
            "--playback",
            "--raw",
            "--format=s16le",
            "--rate=48000",
            "--channels=1",
            "--latency-msec=20",
            "--device=virtmic",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("pacat: {e}"))?;
    let mut stdin = player.stdin.take().ok_or("no stdin")?;
    // The click (10 ms at full scale), then silence to carry it through the buffers.
    let mut click = vec![0i16; 48_000 / 5];
    click[..480].fill(30_000);
    let bytes: Vec<u8> = click.iter().flat_map(|s| s.to_le_bytes()).collect();
    let mut fed = Vec::new();
    for &at in &flashes {
        while clock_now().unwrap_or(u64::MAX) < at {
            std::thread::sleep(Duration::from_millis(1));
        }
        fed.push(clock_now().ok_or("no GStreamer")?);
        stdin.write_all(&bytes).map_err(|e| format!("pacat: {e}"))?;
        stdin.flush().map_err(|e| format!("pacat: {e}"))?;
    }
    drop(stdin);
    std::thread::sleep(Duration::from_secs(2));
    let audio_at = recording
        .first_sample_at()
        .and_then(clock_at)
        .ok_or("no audio was captured")?;
    let audio_ppm = recording.clock_drift_ppm().unwrap_or(0);
    let result = video.finish();
    recording.finish().map_err(|e| e.to_string())?;
    let _ = player.wait();
    let first = result.first_frame_at.ok_or("no frame filmed")?;
    let offset_ms = (first as i64 - audio_at as i64) / 1_000_000;
    let reader = hound::WavReader::open(&wav).map_err(|e| e.to_string())?;
    let rate = f64::from(reader.spec().sample_rate);
    // Each click: the first loud sample at least half a second after the last click's.
    let mut clicks = Vec::new();
    for (i, sample) in reader.into_samples::<i16>().enumerate() {
        let loud = sample.unwrap_or(0).unsigned_abs() > 20_000;
        let apart = clicks
            .last()
            .is_none_or(|&last: &f64| i as f64 / rate - last > 0.5);
        if loud && apart {
            clicks.push(i as f64 / rate);
        }
    }
    let flashes_seen = bright_starts(&webm, 128.0, false).map_err(|e| e.to_string())?;
    if clicks.len() != flashes.len() || flashes_seen.len() != flashes.len() {
        return Err(format!(
            "{} instants, {} clicks recorded ({clicks:?} s), {} flashes filmed ({flashes_seen:?})",
            flashes.len(),
            clicks.len(),
            flashes_seen.len()
        ));
    }
    let mut landed = Vec::new();
    for (((&at, &fed), &click_s), flash) in flashes.iter().zip(&fed).zip(&clicks).zip(&flashes_seen)
    {
        landed.push(Landed {
            click_s,
            flash_s: offset_ms as f64 / 1000.0 + flash.as_secs_f64(),
            offset_ms,
            audio_late_ms: ms(started, audio_at),
            click_late_ms: ms(at, audio_at) + click_s * 1000.0,
            fed_late_ms: ms(at, fed),
            flash_late_ms: ms(
                at,
                flash_frame_at(at).ok_or("the flash frame's time was not kept")?,
            ),
            audio_ppm,
        });
    }
    Ok(landed)
}
