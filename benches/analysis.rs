//! Analysis speed and memory. Run: `cargo bench --bench analysis`.
//!
//! 1. Speed: seconds of audio analysed per second of compute on one core, for the full metric
//!    set, over the evaluation set (`REHEARSE_EVAL_DIR`, default `/tmp/eval`; generated with
//!    `tests/eval/make_eval.sh` when absent).
//! 2. A 60-minute answer: the evaluation set's speech at 48 kHz, repeated to 60 minutes, as a
//!    16-bit mono WAV (written to the evaluation folder once). It is analysed in a child process
//!    (this program, started again), which reports its peak resident memory (`VmHWM`), wall
//!    time and CPU time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Set in the child: the WAV it analyses.
const CHILD_ENV: &str = "REHEARSE_BENCH_ANALYZE";
const LONG_MINUTES: usize = 60;
const LONG_RATE: u32 = 48_000;

fn main() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        child(Path::new(&path));
        return;
    }
    let dir =
        PathBuf::from(std::env::var("REHEARSE_EVAL_DIR").unwrap_or_else(|_| "/tmp/eval".into()));
    let files = eval_files(&dir);
    speed(&files);
    let long = dir.join(format!("long{LONG_MINUTES}.wav"));
    if !long.is_file() {
        println!(
            "writing a {LONG_MINUTES}-minute answer to {} ...",
            long.display()
        );
        write_long(&files, &long);
    }
    let out = Command::new(std::env::current_exe().expect("own path"))
        .env(CHILD_ENV, &long)
        .output()
        .expect("run the child");
    let report = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        eprintln!("the child failed: {}", String::from_utf8_lossy(&out.stderr));
        std::process::exit(1);
    }
    print!("{report}");
}

/// The evaluation set's WAV files, generated first when absent.
fn eval_files(dir: &Path) -> Vec<PathBuf> {
    let wav_dir = dir.join("wav");
    if !wav_dir.is_dir() {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/make_eval.sh");
        println!("generating the evaluation set in {} ...", dir.display());
        let status = Command::new("bash").arg(script).arg(dir).status();
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
    files
}

fn speed(files: &[PathBuf]) {
    // warm-up (page cache, FFT plans), then the best of three passes on this one thread
    let mut audio_s = 0.0;
    for f in files {
        audio_s += rehearse::analysis::analyze_file(f).map_or(0.0, |m| m.duration_s);
    }
    let (mut best_wall, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        let (wall, cpu) = (Instant::now(), thread_cpu_s());
        for f in files {
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

/// Writes the 48 kHz files of the set one after another (with 2 s of quiet noise between
/// them), again and again, up to [`LONG_MINUTES`].
fn write_long(files: &[PathBuf], path: &Path) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: LONG_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut speech = Vec::new();
    let mut rng = fastrand::Rng::with_seed(1);
    for f in files {
        let audio = rehearse::wav::read_mono(f).expect("read an evaluation file");
        if audio.info.spec.sample_rate == LONG_RATE {
            speech.extend(audio.samples.iter().map(|v| (v * 32_767.0).round() as i16));
            speech.extend((0..2 * LONG_RATE).map(|_| rng.i16(-32..=32)));
        }
    }
    let tmp = path.with_extension("wav.part");
    let mut w = hound::WavWriter::create(&tmp, spec).expect("create");
    let total = LONG_MINUTES * 60 * LONG_RATE as usize;
    for &v in speech.iter().cycle().take(total) {
        w.write_sample(v).expect("write");
    }
    w.finalize().expect("finalize");
    std::fs::rename(&tmp, path).expect("rename");
}

/// In the child: analyse the file and print the figures.
fn child(path: &Path) {
    let before = peak_rss_kib();
    let (wall, cpu) = (Instant::now(), thread_cpu_s());
    let m = rehearse::analysis::analyze_file(path).expect("analyse");
    let wall = wall.elapsed().as_secs_f64();
    let cpu = match (thread_cpu_s(), cpu) {
        (Some(end), Some(start)) => end - start,
        _ => f64::NAN,
    };
    let peak = peak_rss_kib();
    println!(
        "{LONG_MINUTES}-minute answer ({:.0} s at {} Hz, {} syllables): peak RSS {:.1} MiB \
         (process before the analysis: {:.1} MiB); wall {wall:.2} s = {:.0}x real time; \
         CPU {cpu:.2} s = {:.0}x real time",
        m.duration_s,
        m.sample_rate,
        m.syllables,
        peak.unwrap_or(0) as f64 / 1024.0,
        before.unwrap_or(0) as f64 / 1024.0,
        m.duration_s / wall,
        m.duration_s / cpu
    );
}

/// Peak resident set size of this process, KiB (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time this thread has run, seconds (Linux `schedstat`; `None` elsewhere). Unlike wall
/// time it does not count time spent waiting for a core on a busy machine.
fn thread_cpu_s() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
