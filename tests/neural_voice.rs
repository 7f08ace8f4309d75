//! The neural voice (Piper joe through ONNX Runtime) speaking real questions. `make test`
//! installs it and names its folder in `REHEARSE_NEURAL_VOICE`; without that variable these
//! tests say they skip, and with it set they fail when the voice is missing.

use std::path::PathBuf;

use rehearse::audio::neural_voice::{NeuralVoice, is_installed};
use rehearse::audio::voice::{DEFAULT_VOICE, NORMAL_WPM, Speech, speak};

/// The variable naming the installed voice's folder.
const VOICE_VAR: &str = "REHEARSE_NEURAL_VOICE";

/// A typical question: 12 words.
const QUESTION: &str = "Tell me about a time you had to learn something new quickly.";

fn voice_dir(test: &str) -> Option<PathBuf> {
    let Some(dir) = std::env::var_os(VOICE_VAR) else {
        println!("SKIPPED {test}: {VOICE_VAR} is not set (make test installs the neural voice)");
        return None;
    };
    let dir = PathBuf::from(dir);
    assert!(
        is_installed(&dir),
        "{VOICE_VAR}={dir:?} has no neural voice: scripts/fetch-model.sh --voice && rehearse voice install"
    );
    Some(dir)
}

fn rms(speech: &Speech) -> f64 {
    let sum: f64 = speech.samples.iter().map(|&v| f64::from(v).powi(2)).sum();
    (sum / speech.samples.len() as f64).sqrt()
}

/// The average log magnitude spectrum (dB) in 64 bands up to 8 kHz, over 1024-sample frames
/// louder than a tenth of the loudest: the timbre of a voice, whatever it says.
fn spectrum_db(speech: &Speech) -> Vec<f64> {
    use realfft::RealFftPlanner;
    let n = 1024;
    let fft = RealFftPlanner::<f64>::new().plan_fft_forward(n);
    let frames: Vec<&[i16]> = speech.samples.chunks_exact(n).collect();
    let energy = |f: &[i16]| f.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>();
    let loudest = frames.iter().map(|f| energy(f)).fold(0.0, f64::max);
    let top_bin = 8000 * n / speech.sample_rate as usize;
    let mut bands = vec![0.0; 64];
    let mut count = 0.0;
    for frame in frames.iter().filter(|f| energy(f) > loudest / 10.0) {
        let mut input: Vec<f64> = frame.iter().map(|&v| f64::from(v)).collect();
        let mut output = fft.make_output_vec();
        fft.process(&mut input, &mut output).unwrap();
        for (b, band) in bands.iter_mut().enumerate() {
            let (lo, hi) = (b * top_bin / 64, (b + 1) * top_bin / 64);
            let power: f64 = output[lo..hi].iter().map(|c| c.norm_sqr()).sum();
            *band += power.max(1e-9);
        }
        count += 1.0;
    }
    bands.iter().map(|p| 10.0 * (p / count).log10()).collect()
}

#[test]
fn a_question_is_spoken_at_a_plausible_pace_audibly_and_unlike_espeak() {
    let Some(dir) = voice_dir("a_question_is_spoken_at_a_plausible_pace") else {
        return;
    };
    let mut voice = NeuralVoice::load(&dir, 2).unwrap();
    let neural = voice.speak(QUESTION, NORMAL_WPM).unwrap();
    assert_eq!(neural.sample_rate, 22_050);
    // (eSpeak NG's 175 "words a minute" are 242 of this question's short words)
    let wpm = 12.0 / (neural.duration_s() / 60.0);
    assert!((150.0..300.0).contains(&wpm), "{wpm:.0} words a minute");
    let peak = neural
        .samples
        .iter()
        .map(|v| v.unsigned_abs())
        .max()
        .unwrap();
    assert!(peak > 20_000, "peak {peak}");
    assert!(rms(&neural) > 1500.0, "rms {:.0}", rms(&neural));

    let espeak = speak(QUESTION, NORMAL_WPM, DEFAULT_VOICE).unwrap();
    let (a, b) = (spectrum_db(&neural), spectrum_db(&espeak));
    // both normalised to their mean level before comparing the shapes
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (ma, mb) = (mean(&a), mean(&b));
    let distance = (a
        .iter()
        .zip(&b)
        .map(|(x, y)| ((x - ma) - (y - mb)).powi(2))
        .sum::<f64>()
        / a.len() as f64)
        .sqrt();
    println!(
        "neural {:.2} s ({wpm:.0} wpm), eSpeak {:.2} s; spectral distance {distance:.1} dB",
        neural.duration_s(),
        espeak.duration_s()
    );
    assert!(
        distance > 3.0,
        "the neural voice sounds like eSpeak: {distance:.1} dB"
    );
    assert_ne!(neural.samples.len(), espeak.samples.len());
    let pace = neural.duration_s() / espeak.duration_s();
    assert!(
        (0.7..1.4).contains(&pace),
        "×{pace:.2} eSpeak's length at the same speed"
    );
}

#[test]
fn whisper_hears_the_neural_question() {
    let Some(dir) = voice_dir("whisper_hears_the_neural_question") else {
        return;
    };
    let Some(model) = std::env::var_os("REHEARSE_WHISPER_MODEL") else {
        println!("SKIPPED whisper_hears_the_neural_question: REHEARSE_WHISPER_MODEL is not set");
        return;
    };
    let speech = NeuralVoice::load(&dir, 2)
        .unwrap()
        .speak(QUESTION, NORMAL_WPM)
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let wav = folder.path().join("q.wav");
    rehearse::wav::write_i16_mono(&wav, speech.sample_rate, speech.samples.iter().copied())
        .unwrap();
    let samples = rehearse::transcribe::read_16k(rehearse::wav::open(&wav).unwrap()).unwrap();
    let engine = rehearse::transcribe::engine::Engine::load(model.as_ref()).unwrap();
    let options = rehearse::transcribe::engine::Options::default();
    let heard = rehearse::transcribe::pieces::transcribe(&engine, &samples, &options).unwrap();
    let errors = rehearse::transcribe::wer::word_errors(QUESTION, &heard.text);
    // (the model draws its timing with noise: one slip in twelve words is allowed)
    assert!(errors.errors() <= 1, "heard {:?}", heard.text);
}

#[test]
fn a_slower_speed_speaks_longer_and_an_empty_text_is_silence() {
    let Some(dir) = voice_dir("a_slower_speed_speaks_longer") else {
        return;
    };
    let mut voice = NeuralVoice::load(&dir, 2).unwrap();
    // the model draws each phoneme's length with some noise: three of each, added up
    let mut length = |wpm| -> f64 {
        (0..3)
            .map(|_| voice.speak(QUESTION, wpm).unwrap().duration_s())
            .sum()
    };
    let normal = length(NORMAL_WPM);
    let slow = length(120);
    let ratio = slow / normal;
    assert!(
        (1.2..1.8).contains(&ratio),
        "120 against 175 wpm: ×{ratio:.2}"
    );
    assert!(voice.speak("", NORMAL_WPM).unwrap().samples.is_empty());
}

#[test]
fn install_copies_the_pinned_files_once_and_refuses_a_changed_one() {
    use rehearse::audio::neural_voice::{CONFIG_FILE, NeuralVoiceError, install};
    let Some(source) = voice_dir("install_copies_the_pinned_files_once") else {
        return;
    };
    let models = tempfile::tempdir().unwrap();
    let dir = install(models.path(), &source).unwrap();
    assert!(is_installed(&dir));
    let modified = |f: &str| std::fs::metadata(dir.join(f)).unwrap().modified().unwrap();
    let before = modified(CONFIG_FILE);
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(install(models.path(), &source).unwrap(), dir);
    assert_eq!(modified(CONFIG_FILE), before, "copied again");

    // a changed source is not copied over a missing file
    let changed = tempfile::tempdir().unwrap();
    for (file, _) in rehearse::audio::neural_voice::PINNED {
        std::os::unix::fs::symlink(source.join(file), changed.path().join(file)).unwrap();
    }
    std::fs::remove_file(changed.path().join(CONFIG_FILE)).unwrap();
    std::fs::write(changed.path().join(CONFIG_FILE), "{}").unwrap();
    std::fs::remove_file(dir.join(CONFIG_FILE)).unwrap();
    let Err(e) = install(models.path(), changed.path()) else {
        panic!("installed a changed file");
    };
    assert!(matches!(e, NeuralVoiceError::Changed { .. }), "{e}");
    assert!(!dir.join(CONFIG_FILE).exists());
}
