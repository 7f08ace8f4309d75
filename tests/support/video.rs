//! The A/V check through the real capture path, shared by `tests/video_av_sync.rs` and
//! `benches/video.rs` (which includes this file with `#[path]`).

use std::path::Path;
use std::time::Duration;

use rehearse::audio::{AudioBackend, CpalBackend};
use rehearse::video::{CameraSource, RecordOptions, VideoRecording, clock_now, first_bright};

/// Where a click and a flash at one instant landed in a recorded take.
#[derive(Debug, Clone, Copy)]
pub struct Landed {
    /// The click, in seconds of the WAV.
    pub click_s: f64,
    /// The flash, in seconds of the WAV (its time in the video plus the take's offset).
    pub flash_s: f64,
    /// The take's offset as the rehearsal stores it.
    pub offset_ms: i64,
}

/// Records take `n` in `dir` from the default input (the virtual microphone) and the flash
/// test camera, in the rehearsal's order (audio, the clock read, video); the camera turns
/// white 2 s after the audio starts while `paplay` plays a click into the virtual microphone
/// timed for that instant. Needs the virtual microphone running (`audio::VirtualMic`).
pub fn click_after_flash(dir: &Path, n: u32) -> Result<Landed, String> {
    let click = dir.join("click.wav");
    let mut samples = vec![0i16; 48_000 * 2];
    samples[48_000..48_000 + 480].fill(30_000);
    rehearse::wav::write_i16_mono(&click, 48_000, samples).map_err(|e| e.to_string())?;
    let wav = dir.join(format!("sync{n}.wav"));
    let webm = dir.join(format!("sync{n}.webm"));
    let recording = CpalBackend
        .start_recording(None, &wav)
        .map_err(|e| e.to_string())?;
    let audio_at = clock_now().ok_or("no GStreamer")?;
    let flash_at = audio_at + 2_000_000_000;
    let video = VideoRecording::start(
        &CameraSource::Flash(flash_at),
        &webm,
        RecordOptions::default(),
        None,
    )
    .map_err(|e| e.to_string())?;
    // The click is 1 s into its file: start playing it 1 s before the flash.
    while clock_now().unwrap_or(u64::MAX) < flash_at - 1_000_000_000 {
        std::thread::sleep(Duration::from_millis(1));
    }
    let mut player = std::process::Command::new("paplay")
        .args(["--latency-msec=20", "--device=virtmic"])
        .arg(&click)
        .spawn()
        .map_err(|e| format!("paplay: {e}"))?;
    std::thread::sleep(Duration::from_secs(3));
    let result = video.finish();
    recording.finish().map_err(|e| e.to_string())?;
    let _ = player.wait();
    let first = result.first_frame_at.ok_or("no frame filmed")?;
    let offset_ms = (first as i64 - audio_at as i64) / 1_000_000;
    let reader = hound::WavReader::open(&wav).map_err(|e| e.to_string())?;
    let rate = f64::from(reader.spec().sample_rate);
    let click_s = reader
        .into_samples::<i16>()
        .position(|s| s.unwrap_or(0).unsigned_abs() > 20_000)
        .ok_or("the click was not recorded")? as f64
        / rate;
    let flash = first_bright(&webm, 128.0)
        .map_err(|e| e.to_string())?
        .ok_or("the flash was not filmed")?;
    Ok(Landed {
        click_s,
        flash_s: offset_ms as f64 / 1000.0 + flash.as_secs_f64(),
        offset_ms,
    })
}
