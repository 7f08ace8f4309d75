//! Transcription speed on one core. Run: `cargo bench --bench transcribe` (`make bench` passes
//! the installed tiny.en in `REHEARSE_WHISPER_MODEL`; without it, the data folder's tiny.en).
//!
//! Real speech, Debian's `pocketsphinx-testdata` LibriVox recordings (24.7 s in five clips):
//! 1. each clip transcribed on its own, as short answers are;
//! 2. a 2-minute answer: the clips with 1 s of silence between them, repeated to 120 s, in one
//!    call (whisper.cpp walks it in 30 s windows).
//!
//! Each prints × real time (seconds of audio per second of wall time; the median of three
//! runs) and the process's CPU time over wall time (one thread: about 100 %), with the app's
//! 5-beam search and with greedy decoding; then the peak resident memory. whisper.cpp runs
//! with one thread, as the app does by default.

#[path = "../tests/support/whisper.rs"]
mod whisper;

use std::time::Instant;

use rehearse::transcribe::{Engine, Options, SAMPLE_RATE};

fn main() {
    let model = whisper::bench_model();
    let started = Instant::now();
    let engine = match Engine::load(&model) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("transcribe bench: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "model {} ({}), loaded in {:.2} s",
        model.display(),
        engine.facts().size_name(),
        started.elapsed().as_secs_f64()
    );
    let clips: Vec<Vec<f32>> = whisper::librivox()
        .iter()
        .map(|(wav, _)| {
            let reader = rehearse::wav::open(wav).expect("open a LibriVox clip");
            rehearse::transcribe::read_16k(reader).expect("read a LibriVox clip")
        })
        .collect();
    let gap = vec![0.0; SAMPLE_RATE as usize];
    let mut answer = Vec::new();
    while seconds(&answer) < 120.0 {
        for clip in &clips {
            answer.extend_from_slice(clip);
            answer.extend_from_slice(&gap);
        }
    }
    answer.truncate(120 * SAMPLE_RATE as usize);
    let clip_seconds: f64 = clips.iter().map(|c| seconds(c)).sum();
    let greedy = Options {
        beams: 1,
        ..Options::default()
    };
    for (decoding, options) in [
        ("5 beams, the app's default", Options::default()),
        ("greedy", greedy),
    ] {
        println!("{decoding}:");
        let runs: Vec<(f64, f64)> = (0..3)
            .map(|_| {
                measure(|| {
                    for clip in &clips {
                        engine.transcribe(clip, &options).expect("transcribe");
                    }
                })
            })
            .collect();
        report(
            &format!(
                "  {} clips, {clip_seconds:.1} s of speech, each on its own",
                clips.len()
            ),
            clip_seconds,
            runs,
        );
        let mut words = 0;
        let runs: Vec<(f64, f64)> = (0..3)
            .map(|_| {
                measure(|| {
                    let transcript = engine.transcribe(&answer, &options).expect("transcribe");
                    words = transcript.words.len();
                })
            })
            .collect();
        report(
            &format!("  a 2-minute answer in one call ({words} words)"),
            seconds(&answer),
            runs,
        );
    }
    println!(
        "peak resident memory {:.0} MB",
        peak_rss_kib().unwrap_or(0) as f64 / 1024.0
    );
}

fn seconds(samples: &[f32]) -> f64 {
    samples.len() as f64 / f64::from(SAMPLE_RATE)
}

/// Wall and process CPU seconds of `f`.
fn measure(f: impl FnOnce()) -> (f64, f64) {
    let (t0, c0) = (Instant::now(), process_cpu_s());
    f();
    (t0.elapsed().as_secs_f64(), process_cpu_s() - c0)
}

fn report(what: &str, audio_s: f64, mut runs: Vec<(f64, f64)>) {
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (wall, cpu) = runs[runs.len() / 2];
    println!(
        "{what}: {:.1}× real time ({wall:.2} s wall, median of {}; CPU {:.0} % of one core; runs {})",
        audio_s / wall,
        runs.len(),
        100.0 * cpu / wall,
        runs.iter()
            .map(|r| format!("{:.2} s", r.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// User plus system CPU time of this process, seconds (Linux `/proc/self/stat`).
fn process_cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    // after the command: state is field 3, utime 14, stime 15 (1-based over the whole line)
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    ticks / 100.0
}

/// Peak resident set size of this process, KiB (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
