//! The analysis as it was before it streamed: the whole answer in memory at its own rate and
//! at 16 kHz, every spectrum kept. Kept here only to check that the passes give the same
//! numbers, on short signals and on a long answer made of the evaluation set's speech.

use std::path::{Path, PathBuf};
use std::process::Command;

use ebur128::{EbuR128, Mode};

use super::pitch::PitchTracker;
use super::speech::Scorer;
use super::{Measured, Metrics, analyze_file, metrics, resample, spectrum, speech, syllables};
use super::{spans_of, voice_pitch};
use crate::wav;

/// The full-buffer analysis of a WAV file.
fn analyze_whole_file(path: &Path) -> Metrics {
    let audio = wav::read_mono(path).expect("read");
    analyze_whole(&audio.samples, audio.info.spec.sample_rate, audio.facts)
}

fn analyze_whole(samples: &[f32], sample_rate: u32, facts: wav::BlockFacts) -> Metrics {
    let duration_s = samples.len() as f64 / f64::from(sample_rate);
    let x = resample::to_rate(samples, sample_rate, spectrum::RATE);
    let rows = spectrum::spectrogram(&x);
    let noise = spectrum::noise_of(&rows);
    let n = rows.len();
    let mut scorer = Scorer::new(&noise);
    let frame = |u: usize| &rows[u][..];
    let scores: Vec<f32> = (0..n).map(|t| scorer.score(t, n, 0, frame)).collect();
    let edges: Vec<f32> = (0..n).map(|t| scorer.edge_score(t, n, frame)).collect();
    let segments = speech::segments(&scores, &edges);
    let spans = spans_of(&segments, duration_s);
    let signal = resample::to_rate(&x, spectrum::RATE, 8_000);
    let mut tracker = PitchTracker::new();
    let energy: Vec<f32> = rows.iter().map(|r| syllables::band_energy(r)).collect();
    let level = syllables::contour(&energy);
    let noise_db = syllables::noise_level(&noise);
    let nuclei = syllables::nuclei(&level, noise_db, &segments, |t| {
        tracker.f0_in(&signal, t).is_some()
    });
    let pitch = voice_pitch(&segments, &scores, |t| tracker.f0_in(&signal, t));
    let meter = EbuR128::new(1, spectrum::RATE, Mode::I).ok();
    let lufs = super::passes::integrated_lufs(
        meter.and_then(|mut m| m.add_frames_f32(&x).ok().map(|()| m)),
    );
    metrics(Measured {
        sample_rate,
        facts,
        pitch,
        spans: spans.clone(),
        syllables: nuclei.len() as u32,
        levels: levels(&x, &spans),
        lufs,
    })
}

/// Mean square inside and outside the speech spans, with a mask over the whole signal.
fn levels(x: &[f32], spans: &[(f64, f64)]) -> ((f64, usize), (f64, usize)) {
    let rate = f64::from(spectrum::RATE);
    let mut inside = vec![false; x.len()];
    for &(a, b) in spans {
        let (a, b) = ((a * rate) as usize, ((b * rate) as usize).min(x.len()));
        if a < b {
            inside[a..b].fill(true);
        }
    }
    let (mut s_in, mut n_in, mut s_out, mut n_out) = (0f64, 0usize, 0f64, 0usize);
    for (&v, &m) in x.iter().zip(&inside) {
        let p = f64::from(v) * f64::from(v);
        if m {
            s_in += p;
            n_in += 1;
        } else {
            s_out += p;
            n_out += 1;
        }
    }
    (
        (s_in / n_in.max(1) as f64, n_in),
        (s_out / n_out.max(1) as f64, n_out),
    )
}

/// Voice-like syllables in groups with pauses over a noise floor, `secs` long.
fn speech_in_noise(rate: u32, secs: f64, noise: f32, seed: u64) -> Vec<f32> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let n = (secs * f64::from(rate)) as usize;
    let syllable = (0.2 * f64::from(rate)) as usize;
    let cycle = (1.7 * f64::from(rate)) as usize;
    (0..n)
        .map(|i| {
            let t = i as f32 / rate as f32;
            let (k, j) = (i % cycle, i / cycle);
            let f0 = 100.0 + 40.0 * ((j % 5) as f32) + 20.0 * (t * 0.7).sin();
            let voice = if k < 5 * syllable && (k / syllable + j) % 7 != 3 {
                let env = (std::f32::consts::PI * (k % syllable) as f32 / syllable as f32).sin();
                (1..20)
                    .map(|h| (std::f32::consts::TAU * f0 * h as f32 * t).sin() / h as f32)
                    .sum::<f32>()
                    * env
                    * 0.2
            } else {
                0.0
            };
            voice + noise * (rng.f32() - 0.5)
        })
        .collect()
}

fn write_wav(path: &Path, x: &[f32], rate: u32, channels: u16, float: bool) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: if float { 32 } else { 16 },
        sample_format: if float {
            hound::SampleFormat::Float
        } else {
            hound::SampleFormat::Int
        },
    };
    let mut w = hound::WavWriter::create(path, spec).expect("create");
    for &v in x {
        for _ in 0..channels {
            if float {
                w.write_sample(v).expect("write");
            } else {
                w.write_sample((v * 32_767.0).round() as i16)
                    .expect("write");
            }
        }
    }
    w.finalize().expect("finalize");
}

#[test]
fn passes_give_the_numbers_of_the_whole_buffer_analysis() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        (48_000, 1, false, 0.002, 20.3),
        (44_100, 2, true, 0.02, 17.0),
        (16_000, 1, false, 0.0, 9.9),
        (22_050, 1, true, 0.05, 4.2),
    ];
    for (i, (rate, channels, float, noise, secs)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("case{i}.wav"));
        write_wav(
            &path,
            &speech_in_noise(rate, secs, noise, i as u64),
            rate,
            channels,
            float,
        );
        let streamed = analyze_file(&path).expect("analyse");
        assert!(
            streamed.syllables > 10 && streamed.pauses.len() >= 2,
            "{streamed:?}"
        );
        assert_eq!(streamed, analyze_whole_file(&path), "case {i}");
    }
    // short and odd signals, through `analyze_samples`
    let odd: [&[f32]; 4] = [&[], &[0.5], &[0.0; 399], &[0.9; 30_000]];
    for x in odd {
        let facts = wav::BlockFacts {
            frames: x.len(),
            peak: x.iter().fold(0f32, |m, s| m.max(s.abs())),
            clipped: 0,
        };
        assert_eq!(
            super::analyze_samples(x, 48_000),
            analyze_whole(x, 48_000, facts)
        );
    }
}

/// Builds a long answer from the evaluation set's 48 kHz files, with 2 s of quiet noise
/// between them, stopping once it is `secs` long (all files for `f64::INFINITY`);
/// `None` when espeak-ng, sox or python3 is missing.
fn long_answer(dir: &Path, secs: f64) -> Option<PathBuf> {
    let eval = match std::env::var_os("REHEARSE_EVAL_DIR") {
        Some(d) if Path::new(&d).join("wav").is_dir() => PathBuf::from(d),
        _ => {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/make_eval.sh");
            let made = Command::new("bash")
                .arg(script)
                .arg(dir.join("eval"))
                .output()
                .ok()?;
            if !made.status.success() {
                return None;
            }
            dir.join("eval")
        }
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(eval.join("wav"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut x = Vec::new();
    let mut rng = fastrand::Rng::with_seed(1);
    for f in files {
        if x.len() as f64 >= secs * 48_000.0 {
            break;
        }
        let audio = wav::read_mono(&f).ok()?;
        if audio.info.spec.sample_rate == 48_000 {
            x.extend_from_slice(&audio.samples);
            x.extend((0..96_000).map(|_| 0.002 * (rng.f32() - 0.5)));
        }
    }
    let path = dir.join("long.wav");
    write_wav(&path, &x, 48_000, 1, false);
    Some(path)
}

/// Analyses a long answer of at least `secs` (see [`long_answer`]) streamed and whole, and
/// checks that both give the same numbers.
fn streamed_equals_whole(secs: f64, min_syllables: u32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let Some(path) = long_answer(dir.path(), secs) else {
        println!("SKIPPED: the evaluation set needs espeak-ng, sox and python3");
        return;
    };
    let streamed = analyze_file(&path).expect("analyse");
    assert!(
        streamed.duration_s > secs.min(600.0),
        "{}",
        streamed.duration_s
    );
    assert!(streamed.syllables > min_syllables, "{}", streamed.syllables);
    assert_eq!(streamed, analyze_whole_file(&path));
}

/// 3 minutes of real speech: over 500 of the analysis' blocks, short enough for every run.
#[test]
fn a_three_minute_answer_of_real_speech_gives_the_same_numbers() {
    streamed_equals_whole(180.0, 250);
}

/// The whole evaluation set, 10.5 minutes, takes minutes in a debug build; run it with
/// `cargo test --release --lib analysis::reference -- --ignored`.
#[test]
#[ignore = "slow in a debug build: run with --release -- --ignored"]
fn a_long_answer_of_real_speech_gives_the_same_numbers() {
    streamed_equals_whole(f64::INFINITY, 1_000);
}
