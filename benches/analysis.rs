//! Analysis speed: seconds of audio analysed per second of compute on one core, for the full
//! metric set, over the evaluation set (`REHEARSE_EVAL_DIR`, default `/tmp/eval`; generated
//! with `tests/eval/make_eval.sh` when absent). Run: `cargo bench --bench analysis`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let dir =
        PathBuf::from(std::env::var("REHEARSE_EVAL_DIR").unwrap_or_else(|_| "/tmp/eval".into()));
    let wav_dir = dir.join("wav");
    if !wav_dir.is_dir() {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/make_eval.sh");
        println!("generating the evaluation set in {} ...", dir.display());
        let status = Command::new("bash").arg(script).arg(&dir).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("could not generate the evaluation set (needs espeak-ng, sox, python3)");
            std::process::exit(1);
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&wav_dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "wav"));
    files.sort();
    if files.is_empty() {
        eprintln!("no WAV files in {}", wav_dir.display());
        std::process::exit(1);
    }
    // warm-up (page cache, FFT plans), then the best of three passes on this one thread
    let mut audio_s = 0.0;
    for f in &files {
        audio_s += rehearse::analysis::analyze_file(f).map_or(0.0, |m| m.duration_s);
    }
    let (mut best_wall, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        let (wall, cpu) = (Instant::now(), thread_cpu_s());
        for f in &files {
            let m = rehearse::analysis::analyze_file(f);
            std::hint::black_box(&m);
        }
        best_wall = best_wall.min(wall.elapsed().as_secs_f64());
        if let (Some(end), Some(start)) = (thread_cpu_s(), cpu) {
            best_cpu = best_cpu.min(end - start);
        }
    }
    println!(
        "analysis: {} files, {:.1} s of audio; wall {:.3} s = {:.0}x real time",
        files.len(),
        audio_s,
        best_wall,
        audio_s / best_wall
    );
    if best_cpu.is_finite() {
        println!(
            "analysis: CPU time of this one thread {:.3} s = {:.0}x real time (seconds of audio per second of compute on one core)",
            best_cpu,
            audio_s / best_cpu
        );
    }
}

/// CPU time this thread has run, seconds (Linux `schedstat`; `None` elsewhere). Unlike wall
/// time it does not count time spent waiting for a core on a busy machine.
fn thread_cpu_s() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
