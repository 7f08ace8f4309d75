//! Video benchmark (prints figures, asserts nothing): the CPU of filming an answer at
//! 640×480 and 30 fps against recording its audio alone, with the dropped audio and video
//! frames and the video's bit rate.
//!
//! Each phase records for `--seconds N` (default 60; `REHEARSE_BENCH_SECONDS`): the audio from
//! a private virtual microphone (`scripts/virtual-mic.sh`, a tone looping into it) through the
//! real cpal capture path, then the same with the test camera (`videotestsrc is-live=true`)
//! filmed as a take is. The test camera's own cost (drawing the pattern) is measured apart,
//! so the encoding and writing can be told from it. CPU is this process's user + system time
//! over wall time, as % of one core.
//!
//! Last, the A/V offset through the real capture path: the flash test camera flashes white at
//! an instant while a `pacat` already playing (20 ms latency asked) is fed a click into the
//! virtual microphone at that instant; the click and the flash are found in the recorded
//! files and compared after the offset, as the rehearsal stores it, is applied. Three short
//! takes (instants 2 s and 6 s in), then the drift: one take as long as the phases above with
//! a click and a flash every 30 s, whose take error (click − flash, less the flash frame's own
//! distance from its instant) is compared between the first and the last.
//!
//! `cargo bench --bench video [-- --seconds N]`; `bench/video_cpu.sh` builds and runs it.

#[path = "../tests/support/audio.rs"]
mod audio_support;
#[path = "../tests/support/video.rs"]
mod video_support;

use std::time::{Duration, Instant};

use audio_support::process_cpu_seconds;
use gstreamer as gst;
use gstreamer::prelude::*;
use rehearse::audio::{AudioBackend, CpalBackend};
use rehearse::video::{CameraSource, RecordOptions, VideoRecording};

fn main() {
    let seconds = audio_support::bench_seconds(60);
    let dir = tempfile::tempdir().unwrap();
    let mic = match audio_support::VirtualMic::try_start() {
        Ok(mic) => mic,
        Err(why) => {
            println!("video: skipped ({why})");
            return;
        }
    };
    let tone = mic.path("tone.wav");
    let samples = (0..48_000 * 4).map(|i| {
        let t = i as f32 / 48_000.0;
        (6_000.0 * (t * 330.0 * std::f32::consts::TAU).sin()) as i16
    });
    rehearse::wav::write_i16_mono(&tone, 48_000, samples).unwrap();
    if !mic.play_loop(&tone) {
        println!("video: skipped (paplay did not start)");
        return;
    }
    rehearse::video::init().expect("GStreamer with the base and good plugins");
    std::thread::sleep(Duration::from_millis(1500));

    let audio = record(dir.path(), 1, seconds, false);
    let both = record(dir.path(), 2, seconds, true);
    let camera = test_camera_cost(seconds.min(30));
    let short = [Duration::from_secs(2), Duration::from_secs(6)];
    for n in 0..3 {
        match video_support::clicks_and_flashes(dir.path(), 10 + n, &short) {
            Ok(landed) => {
                for (m, at) in landed.iter().zip(short) {
                    println!(
                        "A/V through the virtual microphone, try {} at {at:?}: click at {:.3} s, \
                         flash at {:.3} s of the audio (offset {} ms): the click {:.0} ms after \
                         the flash, of which {:+.1} ms the take's error (the first sample {:.0} \
                         ms after the stream started, the click {:.0} ms after the instant, fed \
                         {:.1} ms late)",
                        n + 1,
                        m.click_s,
                        m.flash_s,
                        m.offset_ms,
                        m.apart_ms(),
                        m.sync_error_ms(),
                        m.audio_late_ms,
                        m.click_late_ms,
                        m.fed_late_ms
                    );
                }
            }
            Err(why) => println!("A/V through the virtual microphone, try {}: {why}", n + 1),
        }
    }
    let every: Vec<Duration> = (0..)
        .map(|k| Duration::from_secs(2 + 30 * k))
        .take_while(|at| at.as_secs() + 2 <= seconds.max(4))
        .collect();
    match video_support::clicks_and_flashes(dir.path(), 20, &every) {
        Ok(landed) => {
            let text = |error: &dyn Fn(&video_support::Landed) -> f64| {
                let errors: Vec<f64> = landed.iter().map(error).collect();
                let each: Vec<String> = every
                    .iter()
                    .zip(&errors)
                    .map(|(at, e)| format!("{}s {e:+.1}", at.as_secs()))
                    .collect();
                format!(
                    "{}; last − first {:+.1} ms",
                    each.join(", "),
                    errors.last().unwrap_or(&0.0) - errors.first().unwrap_or(&0.0)
                )
            };
            println!(
                "A/V drift over a {seconds} s take (take error in ms at each instant), the \
                 microphone's clock measured {} ppm fast; as review plays it (corrected): {}; \
                 uncorrected: {} (a frame is 33 ms)",
                landed.first().map_or(0, |m| m.audio_ppm),
                text(&|m| m.sync_error_ms()),
                text(&|m| m.uncorrected_apart_ms() + m.flash_late_ms)
            );
        }
        Err(why) => println!("A/V drift over a {seconds} s take: {why}"),
    }
    println!(
        "audio only: CPU {:.1} % of one core, {:.1} s, {} audio frames dropped",
        audio.cpu, audio.audio_s, audio.audio_dropped
    );
    println!(
        "audio + video 640x480@30: CPU {:.1} % of one core, {:.1} s, {} audio frames dropped; \
         video {} frames ({:.2} fps), {} dropped, {:.2} Mbit/s",
        both.cpu,
        both.audio_s,
        both.audio_dropped,
        both.frames,
        both.frames as f64 / both.audio_s.max(0.001),
        both.video_dropped,
        both.bytes as f64 * 8.0 / both.audio_s.max(0.001) / 1e6
    );
    println!(
        "the test camera alone (videotestsrc 640x480@30 drawn, no encoding): CPU {:.1} % of one core",
        camera
    );
    println!(
        "video adds {:.1} % of one core ({:.1} % without drawing the test pattern; goal <= 40 %)",
        both.cpu - audio.cpu,
        both.cpu - audio.cpu - camera
    );
}

/// One phase's figures.
struct Phase {
    cpu: f64,
    audio_s: f64,
    audio_dropped: u64,
    frames: u64,
    video_dropped: u64,
    bytes: u64,
}

/// Records `seconds` of audio (take `n`), filmed too when `film`.
fn record(dir: &std::path::Path, n: u32, seconds: u64, film: bool) -> Phase {
    let wav = dir.join(format!("take{n}.wav"));
    let webm = dir.join(format!("take{n}.webm"));
    let cpu_before = process_cpu_seconds();
    let started = Instant::now();
    let recording = CpalBackend
        .start_recording(None, &wav)
        .expect("the virtual mic");
    let video = film.then(|| {
        VideoRecording::start(&CameraSource::Test, &webm, RecordOptions::default(), None)
            .expect("the test camera")
    });
    std::thread::sleep(Duration::from_secs(seconds));
    let video = video.map(VideoRecording::finish);
    let captured = recording.finish().expect("the recording finishes");
    let cpu = 100.0 * (process_cpu_seconds() - cpu_before) / started.elapsed().as_secs_f64();
    Phase {
        cpu,
        audio_s: captured.duration.as_secs_f64(),
        audio_dropped: captured.dropped_frames,
        frames: video.as_ref().map_or(0, |v| v.frames),
        video_dropped: video.as_ref().map_or(0, |v| v.dropped_frames),
        bytes: std::fs::metadata(&webm).map_or(0, |m| m.len()),
    }
}

/// CPU (% of one core) of drawing the test pattern alone, as the take's pipeline asks for it.
fn test_camera_cost(seconds: u64) -> f64 {
    let pipeline = gst::parse::launch(
        "videotestsrc is-live=true pattern=ball ! \
         video/x-raw,format=I420,width=640,height=480,framerate=30/1 ! fakesink",
    )
    .unwrap();
    let cpu_before = process_cpu_seconds();
    let started = Instant::now();
    pipeline.set_state(gst::State::Playing).unwrap();
    std::thread::sleep(Duration::from_secs(seconds));
    pipeline.set_state(gst::State::Null).unwrap();
    100.0 * (process_cpu_seconds() - cpu_before) / started.elapsed().as_secs_f64()
}
