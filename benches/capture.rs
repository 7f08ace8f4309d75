//! Capture benchmark (prints figures, asserts nothing).
//!
//! 1. Pipeline throughput: samples per second through ring + writer thread + WAV, as a
//!    multiple of real time at 48 kHz, and the cost of one 10 ms callback (stereo i16 → mono).
//! 2. Dropped frames during a real cpal recording from a virtual mic (`scripts/virtual-mic.sh`),
//!    speech looping into it. Skipped with a note when the virtual mic cannot start.
//!
//! `cargo bench --bench capture [-- --seconds N] [-- --record-only] [-- --current-device]`
//! (or `REHEARSE_BENCH_SECONDS=N`). `--current-device` records from the default input as it
//! is (e.g. a virtual mic already running while the app window redraws) instead of starting one.

#[path = "../tests/support/audio.rs"]
mod audio_support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use audio_support::{VirtualMic, WriterRig, process_cpu_seconds, writer_rig};
use rehearse::audio::{AudioBackend, CpalBackend, WriterOptions, capture_pipeline};

const RATE: u32 = 48_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let seconds: u64 = args
        .iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .or_else(|| std::env::var("REHEARSE_BENCH_SECONDS").ok()?.parse().ok())
        .unwrap_or(60);
    if !flag("--record-only") {
        pipeline_throughput();
        callback_cost();
    }
    virtual_mic_recording(seconds, flag("--current-device"));
}

/// Pushes 10 minutes of audio in 10 ms blocks as fast as the writer takes it.
fn pipeline_throughput() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("throughput.wav");
    let total = RATE as usize * 600;
    let block: Vec<f32> = (0..RATE as usize / 100)
        .map(|i| (i as f32 * 0.05).sin() * 0.5)
        .collect();
    let started = Instant::now();
    let WriterRig {
        mut input,
        shared,
        writer,
        ..
    } = writer_rig(&path, RATE, WriterOptions::new(RATE));
    let mut pushed = 0;
    while pushed < total {
        if input.free_slots() < block.len() {
            std::thread::yield_now();
            continue;
        }
        input.push_mono(&block);
        pushed += block.len();
    }
    drop(input);
    let outcome = writer.finish().expect("writer finishes");
    let elapsed = started.elapsed().as_secs_f64();
    let rate = outcome.frames_written as f64 / elapsed;
    println!(
        "capture pipeline: {} samples in {elapsed:.2} s = {:.1} M samples/s = {:.0}x real time at 48 kHz \
         (dropped {})",
        outcome.frames_written,
        rate / 1e6,
        rate / f64::from(RATE),
        shared.stats().dropped_frames
    );
}

/// The audio-thread work for one 10 ms stereo i16 buffer (convert, downmix, meter, push).
fn callback_cost() {
    let (mut input, mut consumer) = capture_pipeline(RATE);
    let frames = RATE as usize / 100;
    let buffer: Vec<i16> = (0..frames * 2).map(|i| (i * 37 % 20_000) as i16).collect();
    let rounds = 20_000;
    let mut spent = Duration::ZERO;
    for _ in 0..rounds {
        let t = Instant::now();
        input.push_interleaved(&buffer, 2);
        spent += t.elapsed();
        let n = consumer.slots();
        consumer.read_chunk(n).unwrap().commit_all();
    }
    let per = spent / rounds;
    println!(
        "capture callback: {per:?} per 10 ms stereo i16 buffer ({:.3} % of its real time)",
        per.as_secs_f64() / 0.01 * 100.0
    );
}

/// Starts a private virtual mic looping speech (stopped when dropped); `None`, with a note,
/// when it cannot.
fn start_mic() -> Option<VirtualMic> {
    let mic = match VirtualMic::try_start() {
        Ok(mic) => mic,
        Err(why) => {
            println!("virtual-mic recording: skipped ({why})");
            return None;
        }
    };
    let speech = mic.path("speech.wav");
    let spoke = Command::new("espeak-ng")
        .arg("-w")
        .arg(&speech)
        .arg("Tell me about yourself, and why you want to work here.")
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !spoke {
        println!("virtual-mic recording: skipped (espeak-ng is missing)");
        return None;
    }
    if !mic.play_loop(&speech) {
        println!("virtual-mic recording: skipped (paplay did not start)");
        return None;
    }
    Some(mic)
}

fn virtual_mic_recording(seconds: u64, current_device: bool) {
    let dir = tempfile::tempdir().unwrap();
    let _mic = if current_device {
        None
    } else {
        match start_mic() {
            Some(mic) => Some(mic),
            None => return,
        }
    };
    let path = dir.path().join("bench.wav");
    match CpalBackend.start_recording(None, &path) {
        Err(e) => println!("virtual-mic recording: skipped ({e})"),
        Ok(mut recording) => {
            let started = Instant::now();
            let cpu_before = process_cpu_seconds();
            let mut events = Vec::new();
            while started.elapsed() < Duration::from_secs(seconds) {
                std::thread::sleep(Duration::from_millis(100));
                while let Some(message) = recording.poll_error() {
                    events.push(message);
                }
            }
            let cpu = (process_cpu_seconds() - cpu_before) / started.elapsed().as_secs_f64();
            let rss = process_rss_mb();
            match recording.finish() {
                Ok(result) => println!(
                    "virtual-mic recording: {:.1} s at {} Hz, {} frames dropped, {} device events{}{}; \
                     CPU {:.1} % of one core, RSS {rss} MB",
                    result.duration.as_secs_f64(),
                    result.sample_rate,
                    result.dropped_frames,
                    events.len(),
                    events
                        .first()
                        .map(|e| format!(" (first: {e})"))
                        .unwrap_or_default(),
                    result
                        .interrupted
                        .map(|why| format!(", interrupted: {why}"))
                        .unwrap_or_default(),
                    100.0 * cpu,
                ),
                Err(e) => println!("virtual-mic recording: failed ({e})"),
            }
        }
    }
}

/// Resident memory of this process in MB, from /proc/self/status.
fn process_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}
