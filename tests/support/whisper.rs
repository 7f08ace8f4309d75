//! The Whisper model and real speech for the transcription tests and benchmark
//! (`#[path]`-included). `make test` installs Whisper tiny.en and passes its path in
//! `REHEARSE_WHISPER_MODEL`; without that variable the tests that need the model say they
//! skip, and with it set they fail, with how to fix it, when anything they need is missing.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The variable that names the installed tiny.en model file.
pub const MODEL_VAR: &str = "REHEARSE_WHISPER_MODEL";

/// Debian's `pocketsphinx-testdata`: five LibriVox recordings with their transcripts.
pub const LIBRIVOX: &str = "/usr/share/pocketsphinx/test/data/librivox";

/// The tiny.en model file, or `None` (after printing why the test skips) when `make test`
/// did not name one. Panics when one is named but missing.
pub fn model(test: &str) -> Option<PathBuf> {
    let Some(path) = std::env::var_os(MODEL_VAR) else {
        println!(
            "SKIPPED {test}: {MODEL_VAR} is not set (make test installs Whisper tiny.en and sets it)"
        );
        return None;
    };
    let path = PathBuf::from(path);
    assert!(
        path.is_file(),
        "{MODEL_VAR}={:?} is not a file: install the model with `make model` (or \
         scripts/fetch-model.sh && rehearse model install)",
        path
    );
    Some(path)
}

/// The model for the benchmarks: the file named in [`MODEL_VAR`], else the data folder's
/// tiny.en.
pub fn bench_model() -> PathBuf {
    std::env::var_os(MODEL_VAR)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            rehearse::data_dir::DataDir::resolve(None)
                .models()
                .join("ggml-tiny.en.bin")
        })
}

/// The LibriVox recordings with their reference text, in file order. Panics, naming the
/// package, when the data is not installed.
pub fn librivox() -> Vec<(PathBuf, String)> {
    let dir = Path::new(LIBRIVOX);
    let listing = std::fs::read_to_string(dir.join("transcription")).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: install Debian's pocketsphinx-testdata (scripts/install-system-deps.sh --test)",
            dir.join("transcription").display()
        )
    });
    // "<s> he was not an ill disposed young man </s> (sense_and_sensibility_01_austen_64kb-0880)"
    let mut set: Vec<(PathBuf, String)> = listing
        .lines()
        .filter_map(|line| {
            let (text, id) = line.rsplit_once(" (")?;
            let id = id.strip_suffix(')')?;
            let text = text
                .replace("<s>", "")
                .replace("</s>", "")
                .trim()
                .to_string();
            Some((dir.join(format!("{id}.wav")), text))
        })
        .collect();
    set.sort();
    assert_eq!(set.len(), 5, "the LibriVox set has five recordings");
    set
}

/// A 2-minute answer of real speech at 16 kHz, with its reference text: the LibriVox clips,
/// each followed by 1 s of quiet room noise (about -60 dBFS) when `room_noise`, else of
/// digital silence, four times over (118.9 s).
pub fn two_minute_answer(room_noise: bool) -> (Vec<f32>, String) {
    let clips: Vec<(Vec<f32>, String)> = librivox()
        .into_iter()
        .map(|(wav, text)| {
            let reader = rehearse::wav::open(&wav).expect("open a LibriVox clip");
            let samples = rehearse::transcribe::read_16k(reader).expect("read a LibriVox clip");
            (samples, text)
        })
        .collect();
    let rate = rehearse::transcribe::SAMPLE_RATE;
    let mut noise = fastrand::Rng::with_seed(9);
    let mut audio = Vec::new();
    let mut text = Vec::new();
    for _ in 0..4 {
        for (clip, words) in &clips {
            audio.extend_from_slice(clip);
            let level = if room_noise { 0.002 } else { 0.0 };
            audio.extend((0..rate).map(|_| (noise.f32() - 0.5) * level));
            text.push(words.as_str());
        }
    }
    (audio, text.join(" "))
}

/// Runs the built `rehearse` with `args`; fails instead of hanging when it takes over
/// 10 minutes. Returns the exit code, stdout and stderr.
pub fn rehearse(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run rehearse");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("rehearse {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `rehearse --data-dir DATA ARGS…`.
pub fn run_in(data: &Path, args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let mut all: Vec<&std::ffi::OsStr> = vec!["--data-dir".as_ref(), data.as_os_str()];
    all.extend_from_slice(args);
    rehearse(&all)
}

/// Asserts a failure explained in one line of stderr that contains every one of `says`.
pub fn fails_in_one_line(result: &(Option<i32>, String, String), says: &[&str]) {
    let (code, stdout, stderr) = result;
    assert_eq!(*code, Some(1), "stdout {stdout}\nstderr {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for s in says {
        assert!(stderr.contains(s), "no {s:?} in {stderr}");
    }
}
