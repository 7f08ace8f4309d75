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
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        for f in &files {
            let m = rehearse::analysis::analyze_file(f);
            std::hint::black_box(&m);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "analysis: {} files, {:.1} s of audio in {:.3} s on one core = {:.0}x real time",
        files.len(),
        audio_s,
        best,
        audio_s / best
    );
}
