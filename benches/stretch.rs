//! CPU of playback at another speed. Run: `cargo bench --bench stretch` (or, with the dev
//! profile's optimised dependencies, `cargo bench --bench stretch --profile dev`).
//!
//! A 48 kHz mono take of real speech (the LibriVox lines of Debian's `pocketsphinx-testdata`,
//! brought to 48 kHz by the player's own resampler; a synthetic voice where that package is
//! absent) is played through the playback worker's path, `Feeder` → `SpeedSource`, as fast as
//! it goes on one thread, at 0.5×, 1×, 1.5× and 2×. For each it prints the thread's CPU time
//! per second of sound played (the share of one core playback takes) and per second of take.

use std::path::Path;

use rehearse::audio::feeder::Feeder;
use rehearse::audio::stretch::SpeedSource;

const RATE: u32 = 48_000;
const LIBRIVOX: &str = "/usr/share/pocketsphinx/test/data/librivox";

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let take = dir.path().join("take.wav");
    let (what, samples) = speech();
    write_take(&take, &samples);
    let take_s = samples.len() as f64 / f64::from(RATE);
    println!("stretch: {what}, {take_s:.1} s at {RATE} Hz mono; best of 3 runs, one thread");
    for speed in [0.5f32, 1.0, 1.5, 2.0] {
        let mut best = f64::INFINITY;
        let mut played = 0;
        for _ in 0..3 {
            let feeder = Feeder::new(rehearse::wav::open(&take).expect("take"), RATE).unwrap();
            let mut source = SpeedSource::new(feeder);
            source.set_speed(speed).expect("speed");
            let mut block = Vec::new();
            let start = thread_cpu_s();
            played = 0;
            while source.next_block(&mut block).unwrap().is_some() {
                played += block.len();
            }
            best = best.min(thread_cpu_s() - start);
        }
        let played_s = played as f64 / f64::from(RATE);
        println!(
            "stretch: {speed}x: {best:.3} s CPU for {played_s:.1} s played = {:.2} % of a core \
             while playing ({:.4} s CPU per s of sound, {:.4} per s of take)",
            100.0 * best / played_s,
            best / played_s,
            best / take_s
        );
    }
}

/// LibriVox speech at 48 kHz (through the player's resampler), or a synthetic voice.
fn speech() -> (&'static str, Vec<f32>) {
    let mut files: Vec<_> = std::fs::read_dir(LIBRIVOX)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "wav"));
    files.sort();
    let mut samples = Vec::new();
    for path in &files {
        let mut feeder = Feeder::new(rehearse::wav::open(path).expect("speech"), RATE).unwrap();
        let mut block = Vec::new();
        while feeder.next_block(&mut block).unwrap() {
            samples.extend_from_slice(&block);
        }
    }
    if !samples.is_empty() {
        return ("LibriVox speech (pocketsphinx-testdata)", samples);
    }
    // 20 s of a 120 Hz voice with 30 harmonics, a slow vibrato and a 4 Hz syllable envelope.
    let mut phase = 0.0f64;
    let voice = (0..20 * RATE)
        .map(|i| {
            let t = f64::from(i) / f64::from(RATE);
            phase += std::f64::consts::TAU * 120.0 * (1.0 + 0.05 * (t * 3.0).sin()) / 48_000.0;
            let tone: f64 = (1..=30)
                .map(|h| (phase * f64::from(h)).sin() / f64::from(h))
                .sum();
            (0.2 * tone * (t * std::f64::consts::TAU * 4.0).sin().abs()) as f32
        })
        .collect();
    (
        "a synthetic voice (pocketsphinx-testdata is not installed)",
        voice,
    )
}

fn write_take(path: &Path, samples: &[f32]) {
    let to_i16 = |s: &f32| (s.clamp(-1.0, 1.0) * 32767.0) as i16;
    rehearse::wav::write_i16_mono(path, RATE, samples.iter().map(to_i16)).expect("write take");
}

/// This thread's CPU time in seconds (Linux `/proc/thread-self/schedstat`, nanoseconds).
fn thread_cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").expect("schedstat");
    stat.split_whitespace()
        .next()
        .and_then(|ns| ns.parse::<f64>().ok())
        .expect("ns")
        / 1e9
}
