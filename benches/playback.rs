//! Playback benchmark (prints figures, asserts nothing): real cpal playback through the
//! virtual speaker of `scripts/virtual-mic.sh`.
//!
//! 1. Start latency for a 1-minute and a 60-minute take (48 kHz mono 16-bit): how long
//!    `open_playback` blocks the caller, and the time from the call until the device has
//!    taken the first audio of the file (position > 0 after `play()`).
//! 2. Peak RSS of this process while the 60-minute take plays (20 s, with seeks to the
//!    middle and near the end), from `VmHWM` after resetting it (`/proc/self/clear_refs`).
//!
//! `cargo bench --bench playback [-- --seconds N]`. Goals (issue 8): start < 100 ms for any
//! length, RSS < 150 MB while a 60-minute take plays.

#[path = "../tests/support/audio.rs"]
mod audio_support;

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use rehearse::audio::{AudioBackend, CpalBackend, Playback};

const RATE: u32 = 48_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args
        .iter()
        .position(|a| a == "--seconds")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let mic = audio_support::VirtualMic::start();
    let short = mic.path("one-minute.wav");
    let long = mic.path("sixty-minutes.wav");
    write_tone_wav(&short, 60);
    write_tone_wav(&long, 3600);
    // Warm the file cache the same way for both, as in the app right after a session.
    for (label, path) in [("1-minute", &short), ("60-minute", &long)] {
        let mut opens = Vec::new();
        let mut firsts = Vec::new();
        for _ in 0..5 {
            let (open, first, _playback) = start(path);
            opens.push(open);
            firsts.push(first);
        }
        println!(
            "playback start, {label} take: open_playback {} ms, first audio taken by the device {} ms \
             (median of 5; max {} / {} ms)",
            median_ms(&mut opens),
            median_ms(&mut firsts),
            opens.iter().max().unwrap().as_millis(),
            firsts.iter().max().unwrap().as_millis(),
        );
    }
    let rss_before = status_kb("VmRSS");
    reset_peak_rss();
    let (_, _, mut playback) = start(&long);
    let third = Duration::from_secs(seconds / 3);
    std::thread::sleep(third);
    playback.seek(Duration::from_secs(1800));
    std::thread::sleep(third);
    playback.seek(Duration::from_secs(3590));
    std::thread::sleep(third);
    let position = playback.position();
    let error = playback.poll_error();
    drop(playback);
    println!(
        "peak RSS while a 60-minute take plays for {seconds} s (seeks to 30:00 and 59:50): {:.1} MB \
         (VmRSS before {:.1} MB; position at the end {:.1} s; error: {})",
        status_kb("VmHWM") as f64 / 1024.0,
        rss_before as f64 / 1024.0,
        position.as_secs_f64(),
        error.map_or("none".to_string(), |e| e.to_string()),
    );
}

/// Opens and plays `path`: how long the open blocked, and until the device took audio.
fn start(path: &Path) -> (Duration, Duration, Box<dyn Playback>) {
    let asked = Instant::now();
    let mut playback = CpalBackend.open_playback(path).expect("playback opens");
    let open = asked.elapsed();
    playback.play();
    while playback.position() == Duration::ZERO && asked.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_micros(500));
    }
    (open, asked.elapsed(), playback)
}

fn median_ms(values: &mut [Duration]) -> u128 {
    values.sort();
    values[values.len() / 2].as_millis()
}

/// A mono 16-bit WAV of a 220 Hz tone, written in blocks (the file, not this process, is big).
fn write_tone_wav(path: &Path, seconds: u32) {
    let frames = RATE * seconds;
    let data_bytes = frames * 2;
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let mut header = Vec::with_capacity(44);
    header.extend_from_slice(b"RIFF");
    header.extend_from_slice(&(36 + data_bytes).to_le_bytes());
    header.extend_from_slice(b"WAVEfmt ");
    header.extend_from_slice(&16u32.to_le_bytes());
    header.extend_from_slice(&1u16.to_le_bytes()); // PCM
    header.extend_from_slice(&1u16.to_le_bytes()); // mono
    header.extend_from_slice(&RATE.to_le_bytes());
    header.extend_from_slice(&(RATE * 2).to_le_bytes());
    header.extend_from_slice(&2u16.to_le_bytes());
    header.extend_from_slice(&16u16.to_le_bytes());
    header.extend_from_slice(b"data");
    header.extend_from_slice(&data_bytes.to_le_bytes());
    out.write_all(&header).unwrap();
    // One second of tone, repeated.
    let second: Vec<u8> = (0..RATE)
        .flat_map(|i| {
            let t = i as f32 / RATE as f32;
            let s = (0.3 * (2.0 * std::f32::consts::PI * 220.0 * t).sin() * 32767.0) as i16;
            s.to_le_bytes()
        })
        .collect();
    for _ in 0..seconds {
        out.write_all(&second).unwrap();
    }
    out.flush().unwrap();
}

/// A field of /proc/self/status, in kB.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
