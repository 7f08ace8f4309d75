//! Delivery metrics from a WAV: speech/silence, pauses, syllable rate, loudness, clipping, pitch.
//!
//! Method (every threshold is relative to the file's own noise, none is set per file):
//! 1. Read any PCM/float WAV, mix to mono, count full-scale samples and the peak on the
//!    original samples; integrated loudness with `ebur128`; resample to 16 kHz (`rubato`).
//! 2. Power spectra every 10 ms (25 ms Hann). The background spectrum is the mean of the
//!    quietest frames (within 3 dB of the 5th-percentile energy), never below −70 dBFS.
//! 3. Speech: per frame, the mean per-bin log-likelihood ratio of speech vs that background
//!    (Sohn et al. 1999). Frames above 1.0 seed speech; neighbours join while the ratio on
//!    ±20 ms-averaged spectra stays above 0.15 (pure noise stays below ~0.1 whatever its
//!    level or colour). Gaps < 0.25 s are speech, stretches < 60 ms are dropped.
//! 4. Syllables (after de Jong & Wempe 2009): peaks of the 300–3300 Hz intensity contour,
//!    smoothed over ±20 ms, with ≥ 3 dB prominence, ≤ 25 dB below the loudest frame, ≥ 3 dB
//!    above the band's noise, voiced, and inside speech.
//! 5. Pitch: McLeod's normalised square difference at 8 kHz; median F0 and the 5–95 %
//!    range in semitones after folding octave errors; monotone below 3 semitones.
//!
//! What each metric means and how far to trust it (measured on `tests/eval`: synthetic speech
//! from espeak-ng with exact truth, clean and in white noise down to −30 dBFS, and on a second
//! set with other voices, rates 130–220 wpm and pink noise):
//! - `speech_time_s`, `silence_time_s`, leading/trailing silence: time with and without voice;
//!   within ~1 % in clean audio, ~2.5 % short in loud noise (quiet consonants get lost).
//! - `pauses`: silences ≥ 0.25 s between the first and last word; every pause ≥ 1 s found,
//!   edges within ~10 ms; in loud noise a 0.25–0.3 s gap may appear at a comma.
//! - `syllables`, `speech_rate_syl_s` (per second of recording), `articulation_rate_syl_s`
//!   (per second of speaking): vowel nuclei counted, mean error 2–3 %; a single file can be
//!   off by ±5 %, and very fast speech is undercounted a little.
//! - `est_wpm`: syllables ÷ 1.4 per minute — an estimate; real words average 1.2–1.6
//!   syllables, so read it as a band of about ±15 %.
//! - `speech_rms_dbfs`, `noise_floor_dbfs`, `snr_db`: level of the voice, of the background,
//!   and their difference; `peak_dbfs`, `clipped_samples`: exact sample facts; `lufs`:
//!   integrated loudness per EBU R 128.
//! - `pitch_median_hz`, `pitch_spread_st`, `monotone`: the voice's typical pitch and how much
//!   it moves; flat and varied delivery were told apart on every test file, but the exact
//!   spread depends on the voice and the words.

pub mod cli;
mod loudness;
mod pitch;
mod resample;
mod spectrum;
mod speech;
mod syllables;
mod wav;

use serde::{Deserialize, Serialize};

/// Version of the metric algorithms; stored with every result.
pub const ALGORITHM_VERSION: u32 = 1;

/// A silent stretch between speech.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// Start, seconds from the beginning of the file.
    pub start_s: f64,
    /// End, seconds from the beginning of the file.
    pub end_s: f64,
}

/// Delivery metrics of one recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// [`ALGORITHM_VERSION`] that produced these numbers.
    pub algorithm_version: u32,
    /// Length of the recording, seconds.
    pub duration_s: f64,
    /// Time with speech, seconds (silences shorter than 0.25 s count as speech).
    pub speech_time_s: f64,
    /// Time without speech, seconds (`duration_s - speech_time_s`).
    #[serde(default)]
    pub silence_time_s: f64,
    /// Silence before the first speech, seconds.
    #[serde(default)]
    pub leading_silence_s: f64,
    /// Silence after the last speech, seconds.
    #[serde(default)]
    pub trailing_silence_s: f64,
    /// Silent stretches ≥ 0.25 s between the first and last speech.
    pub pauses: Vec<Pause>,
    /// Pauses of at least 1 s.
    #[serde(default)]
    pub pauses_ge_1s: u32,
    /// Longest pause, seconds (0 without pauses).
    #[serde(default)]
    pub longest_pause_s: f64,
    /// Syllable nuclei counted.
    pub syllables: u32,
    /// Syllables per second of the whole recording.
    #[serde(default)]
    pub speech_rate_syl_s: f64,
    /// Syllables per second of speaking time.
    #[serde(default)]
    pub articulation_rate_syl_s: f64,
    /// Estimated words per minute: syllables ÷ 1.4 per minute of the whole recording.
    pub est_wpm: f64,
    /// RMS level of the speech, dBFS.
    #[serde(default)]
    pub speech_rms_dbfs: f64,
    /// RMS level outside speech (background noise), dBFS; −120 for digital silence.
    #[serde(default)]
    pub noise_floor_dbfs: f64,
    /// Speech level minus noise floor, dB.
    #[serde(default)]
    pub snr_db: f64,
    /// Highest sample, dBFS.
    #[serde(default)]
    pub peak_dbfs: f64,
    /// Samples at full scale.
    pub clipped_samples: u64,
    /// Sample rate of the recording, Hz (to express clipping as a share of the answer).
    #[serde(default)]
    pub sample_rate: u32,
    /// Integrated loudness (EBU R 128, measured on the 16 kHz analysis copy), LUFS;
    /// `None` when too short or silent.
    #[serde(default)]
    pub lufs: Option<f64>,
    /// Median fundamental frequency of the voice, Hz.
    #[serde(default)]
    pub pitch_median_hz: Option<f64>,
    /// Pitch spread in semitones: the range between the 5th and 95th percentile of F0.
    pub pitch_spread_st: Option<f64>,
    /// Flat delivery: pitch spread below [`Thresholds::monotone_spread_st`]'s default.
    pub monotone: Option<bool>,
}

/// A failure to analyse a file.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// Not a readable WAV.
    #[error("{path}: {message}")]
    BadFile {
        path: std::path::PathBuf,
        message: String,
    },
}

/// User-adjustable limits for the feedback lines (documented defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// Lower edge of the pace band, estimated words per minute (120).
    pub pace_min_wpm: f64,
    /// Upper edge of the pace band (165).
    pub pace_max_wpm: f64,
    /// A pause at least this long is "long" (2 s).
    pub long_pause_s: f64,
    /// A pause at least this long is counted (1 s).
    pub count_pause_s: f64,
    /// Below this pitch spread (5–95 % range of F0, semitones) delivery counts as monotone (3).
    /// Measured: flat read speech spreads 1.4–2.1 semitones, ordinary read speech 6–8,
    /// lively speech 7–11; 3 sits between the flat and the ordinary groups.
    pub monotone_spread_st: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            pace_min_wpm: 120.0,
            pace_max_wpm: 165.0,
            long_pause_s: 2.0,
            count_pause_s: 1.0,
            monotone_spread_st: 3.0,
        }
    }
}

/// One plain, observable fact for the user, e.g. "Pace ≈ 150 wpm (target 120–165)".
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The sentence shown.
    pub text: String,
    /// Whether the value is inside its target (`None` when there is no target).
    pub in_target: Option<bool>,
}

/// Computes the metrics of a WAV file (any rate, 16-bit or float, mono or stereo).
pub fn analyze_file(path: &std::path::Path) -> Result<Metrics, AnalysisError> {
    let audio = wav::read(path).map_err(|message| AnalysisError::BadFile {
        path: path.to_path_buf(),
        message,
    })?;
    Ok(analyze(audio))
}

/// Computes the metrics of mono samples (full scale ±1) at `sample_rate` Hz.
pub fn analyze_samples(samples: &[f32], sample_rate: u32) -> Metrics {
    let full_scale = 1.0 - 1.0 / 32_768.0;
    let audio = wav::MonoAudio {
        samples: samples.to_vec(),
        sample_rate: sample_rate.max(1),
        clipped_samples: samples.iter().filter(|s| s.abs() >= full_scale).count() as u64,
        peak: samples.iter().fold(0f32, |m, s| m.max(s.abs())),
    };
    analyze(audio)
}

/// Takes the audio by value so the native-rate samples are freed once the 16 kHz copy exists.
fn analyze(audio: wav::MonoAudio) -> Metrics {
    let duration_s = audio.samples.len() as f64 / f64::from(audio.sample_rate);
    let x = resample::to_rate(&audio.samples, audio.sample_rate, spectrum::RATE);
    let wav::MonoAudio {
        samples,
        sample_rate,
        clipped_samples,
        peak,
    } = audio;
    drop(samples);
    let spec = spectrum::Spectrogram::new(&x);
    let noise = spec.noise_spectrum();
    let scores = speech::frame_scores(&spec, &noise, 0);
    let edge_scores = speech::edge_scores(&spec, &noise);
    let segments = speech::segments(&scores, &edge_scores);
    let frame_s = spectrum::HOP as f64 / f64::from(spectrum::RATE);
    let spans: Vec<(f64, f64)> = segments
        .iter()
        .map(|&(a, b)| {
            (
                speech::slot_start(a),
                (speech::slot_start(b - 1) + frame_s).min(duration_s),
            )
        })
        .collect();
    let speech_time_s: f64 = spans.iter().map(|(a, b)| b - a).sum();
    let pauses: Vec<Pause> = spans
        .windows(2)
        .map(|w| Pause {
            start_s: w[0].1,
            end_s: w[1].0,
        })
        .collect();
    let mut tracker = pitch::PitchTracker::new(&x);
    let level = syllables::contour(&spec);
    let nuclei = syllables::nuclei(
        &level,
        syllables::noise_level(&noise),
        &segments,
        &mut tracker,
    );
    let syllable_count = nuclei.len() as u32;
    let pitch_stats = voice_pitch(&segments, &scores, &mut tracker);
    let (speech_rms_dbfs, noise_floor_dbfs) = levels(&x, &spans);
    let leading_silence_s = spans.first().map_or(duration_s, |s| s.0);
    let trailing_silence_s = spans.last().map_or(0.0, |s| duration_s - s.1);
    let per_s = |count: f64, secs: f64| if secs > 0.0 { count / secs } else { 0.0 };
    let speech_rate = per_s(f64::from(syllable_count), duration_s);
    Metrics {
        algorithm_version: ALGORITHM_VERSION,
        duration_s,
        speech_time_s,
        silence_time_s: (duration_s - speech_time_s).max(0.0),
        leading_silence_s,
        trailing_silence_s,
        pauses_ge_1s: pauses.iter().filter(|p| p.end_s - p.start_s >= 1.0).count() as u32,
        longest_pause_s: pauses
            .iter()
            .map(|p| p.end_s - p.start_s)
            .fold(0.0, f64::max),
        pauses,
        syllables: syllable_count,
        speech_rate_syl_s: speech_rate,
        articulation_rate_syl_s: per_s(f64::from(syllable_count), speech_time_s),
        est_wpm: speech_rate * 60.0 / SYLLABLES_PER_WORD,
        speech_rms_dbfs,
        noise_floor_dbfs,
        snr_db: speech_rms_dbfs - noise_floor_dbfs,
        peak_dbfs: to_db(f64::from(peak)),
        clipped_samples,
        sample_rate,
        lufs: loudness::integrated_lufs(&x, spectrum::RATE),
        pitch_median_hz: pitch_stats.map(|p| p.median_hz),
        pitch_spread_st: pitch_stats.map(|p| p.spread_st),
        monotone: pitch_stats.map(|p| p.spread_st < Thresholds::default().monotone_spread_st),
    }
}

/// Average syllables per English word, for the words-per-minute estimate.
pub const SYLLABLES_PER_WORD: f64 = 1.4;
/// Lowest level reported, dBFS (digital silence).
pub const MIN_DBFS: f64 = -120.0;

fn to_db(amplitude: f64) -> f64 {
    if amplitude > 0.0 {
        (20.0 * amplitude.log10()).max(MIN_DBFS)
    } else {
        MIN_DBFS
    }
}

/// RMS level inside and outside the speech spans, dBFS.
fn levels(x: &[f32], spans: &[(f64, f64)]) -> (f64, f64) {
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
    let rms = |s: f64, n: usize| to_db((s / n.max(1) as f64).sqrt());
    (rms(s_in, n_in), rms(s_out, n_out))
}

/// Least clarity of an F0 estimate used for the pitch statistics (voicing alone needs less).
const PITCH_CLARITY: f32 = 0.8;

#[derive(Debug, Clone, Copy)]
struct PitchStats {
    median_hz: f64,
    spread_st: f64,
}

/// F0 every 20 ms in clearly voiced speech; median and a robust spread after octave correction.
fn voice_pitch(
    segments: &[(usize, usize)],
    scores: &[f32],
    tracker: &mut pitch::PitchTracker,
) -> Option<PitchStats> {
    let mut f0s = Vec::new();
    for &(a, b) in segments {
        for t in (a..b).step_by(2) {
            if scores[t] > speech::CORE_SCORE
                && let Some((f, clarity)) = tracker.f0_at(spectrum::Spectrogram::time_of(t))
                && clarity >= PITCH_CLARITY
            {
                f0s.push(f64::from(f));
            }
        }
    }
    if f0s.len() < 10 {
        return None;
    }
    let median_hz = percentile(&mut f0s.clone(), 0.5);

    // octave errors: a value more than 9 semitones from the median is moved by whole octaves
    let mut st: Vec<f64> = f0s
        .iter()
        .map(|f| {
            let s = 12.0 * (f / median_hz).log2();
            s - 12.0 * ((s.abs() - 9.0) / 12.0).max(0.0).ceil() * s.signum()
        })
        .collect();
    let spread_st = percentile(&mut st, 0.95) - percentile(&mut st, 0.05);
    Some(PitchStats {
        median_hz,
        spread_st,
    })
}

fn percentile(v: &mut [f64], q: f64) -> f64 {
    let idx = ((v.len() - 1) as f64 * q).round() as usize;
    *v.select_nth_unstable_by(idx, f64::total_cmp).1
}

/// The feedback lines for the rating form and review.
pub fn observations(metrics: &Metrics, thresholds: &Thresholds) -> Vec<Observation> {
    let m = metrics;
    let mut out = Vec::new();
    if m.speech_time_s <= 0.0 {
        out.push(Observation {
            text: format!("No speech found in {}", clock(m.duration_s)),
            in_target: Some(false),
        });
        return out;
    }
    let (lo, hi) = (thresholds.pace_min_wpm, thresholds.pace_max_wpm);
    out.push(Observation {
        text: format!(
            "Pace ≈ {:.0} wpm, estimated from syllables (target {lo:.0}–{hi:.0})",
            m.est_wpm
        ),
        in_target: Some((lo..=hi).contains(&m.est_wpm.round())),
    });
    out.push(Observation {
        text: format!(
            "Speaking {} of {}",
            clock(m.speech_time_s),
            clock(m.duration_s)
        ),
        in_target: None,
    });
    let length = |p: &Pause| p.end_s - p.start_s;
    let counted = m
        .pauses
        .iter()
        .filter(|p| length(p) >= thresholds.count_pause_s)
        .count();
    let long: Vec<f64> = m
        .pauses
        .iter()
        .map(length)
        .filter(|&d| d >= thresholds.long_pause_s)
        .collect();
    let longest = m.pauses.iter().map(length).fold(0.0, f64::max);
    let text = if long.is_empty() {
        format!(
            "{} over {} s, none over {} s",
            plural(counted, "pause"),
            seconds(thresholds.count_pause_s),
            seconds(thresholds.long_pause_s)
        )
    } else {
        format!(
            "{} over {} s, longest {longest:.1} s",
            plural(long.len(), "pause"),
            seconds(thresholds.long_pause_s)
        )
    };
    out.push(Observation {
        text,
        in_target: Some(long.is_empty()),
    });
    let total = m.duration_s * f64::from(m.sample_rate);
    out.push(if m.clipped_samples == 0 {
        Observation {
            text: "No clipping".into(),
            in_target: Some(true),
        }
    } else {
        let share = if total > 0.0 {
            100.0 * m.clipped_samples as f64 / total
        } else {
            0.0
        };
        Observation {
            text: format!(
                "Clipping in {} % of the answer (target: none; move back from the mic)",
                percent(share)
            ),
            in_target: Some(false),
        }
    });
    out.push(match m.pitch_spread_st {
        Some(spread) => Observation {
            text: format!(
                "Pitch varied ±{:.1} semitones (flat below ±{:.1})",
                spread / 2.0,
                thresholds.monotone_spread_st / 2.0
            ),
            in_target: Some(spread >= thresholds.monotone_spread_st),
        },
        None => Observation {
            text: "Pitch: too little voiced speech to measure".into(),
            in_target: None,
        },
    });
    out.push(Observation {
        text: format!(
            "Voice {:.0} dBFS, {:.0} dB above the background (target ≥ {:.0} dB)",
            m.speech_rms_dbfs, m.snr_db, MIN_CLEAR_SNR_DB
        ),
        in_target: Some(m.snr_db >= MIN_CLEAR_SNR_DB),
    });
    out
}

/// Speech this far above the background is clear on any playback, dB.
pub const MIN_CLEAR_SNR_DB: f64 = 20.0;

/// `m:ss`.
/// Seconds as "m:ss", rounded to the nearest second: the one format for a recording's length.
pub fn clock(secs: f64) -> String {
    let total = secs.max(0.0).round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

fn seconds(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

fn percent(p: f64) -> String {
    if p >= 0.1 {
        format!("{p:.1}")
    } else {
        format!("{p:.2}")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A voice-like syllable: 120 Hz harmonics with a vowel-like spectral peak, raised-cosine envelope.
    fn syllable(rate: u32, secs: f64, amplitude: f32) -> Vec<f32> {
        let n = (secs * f64::from(rate)) as usize;
        (0..n)
            .map(|i| {
                let t = i as f32 / rate as f32;
                let env = 0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / n as f32).cos();
                let voice: f32 = (1..25)
                    .map(|h| {
                        let f = 120.0 * h as f32;
                        let gain = 1.0 / (1.0 + ((f - 700.0) / 300.0).powi(2));
                        gain * (std::f32::consts::TAU * f * t).sin()
                    })
                    .sum();
                amplitude * env * voice / 3.0
            })
            .collect()
    }

    fn silence(rate: u32, secs: f64) -> Vec<f32> {
        vec![0.0; (secs * f64::from(rate)) as usize]
    }

    /// 3 groups of 4 syllables (0.2 s each, 0.05 s apart), 1.5 s pauses, 0.5 s lead and trail.
    fn phrases(rate: u32) -> Vec<f32> {
        let mut x = silence(rate, 0.5);
        for g in 0..3 {
            for s in 0..4 {
                x.extend(syllable(rate, 0.2, 0.5));
                if s < 3 {
                    x.extend(silence(rate, 0.05));
                }
            }
            x.extend(silence(rate, if g < 2 { 1.5 } else { 0.5 }));
        }
        x
    }

    #[test]
    fn finds_pauses_syllables_and_speech_time() {
        for rate in [16_000, 44_100] {
            let m = analyze_samples(&phrases(rate), rate);
            assert_eq!(m.syllables, 12, "rate {rate}: {m:?}");
            assert_eq!(m.pauses.len(), 2, "rate {rate}: {m:?}");
            assert_eq!(m.pauses_ge_1s, 2);
            for p in &m.pauses {
                assert!((p.end_s - p.start_s - 1.5).abs() < 0.1, "{p:?}");
            }
            assert!((m.speech_time_s - 2.85).abs() < 0.15, "{}", m.speech_time_s);
            assert!((m.leading_silence_s - 0.5).abs() < 0.05);
            assert_eq!(m.clipped_samples, 0);
            let f0 = m.pitch_median_hz.expect("voiced");
            assert!((f0 - 120.0).abs() < 3.0, "{f0}");
            assert_eq!(m.monotone, Some(true));
        }
    }

    #[test]
    fn counts_clipping_and_survives_odd_input() {
        let mut x = phrases(16_000);
        x[20_000] = 1.0;
        x[20_001] = -1.0;
        assert_eq!(analyze_samples(&x, 16_000).clipped_samples, 2);
        for x in [vec![], vec![0.0; 100], vec![0.0; 48_000], vec![0.9; 30]] {
            let m = analyze_samples(&x, 48_000);
            assert_eq!(m.syllables, 0);
            assert!(m.pauses.is_empty());
            assert!(!observations(&m, &Thresholds::default()).is_empty());
        }
    }

    #[test]
    fn reads_stereo_float_and_rejects_non_wav() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("stereo.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 22_050,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let mut w = hound::WavWriter::create(&path, spec).expect("create");
        for v in phrases(22_050) {
            w.write_sample(v).expect("write");
            w.write_sample(v).expect("write");
        }
        w.finalize().expect("finalize");
        let m = analyze_file(&path).expect("analyse");
        assert_eq!(m.syllables, 12);
        assert_eq!(m.sample_rate, 22_050);
        let bad = dir.path().join("notes.wav");
        std::fs::write(&bad, "not audio").expect("write");
        let err = analyze_file(&bad).expect_err("must fail").to_string();
        assert!(
            err.contains("notes.wav") && err.contains("not a valid WAV"),
            "{err}"
        );
    }

    fn sample_metrics() -> Metrics {
        Metrics {
            algorithm_version: ALGORITHM_VERSION,
            duration_s: 120.0,
            speech_time_s: 102.0,
            silence_time_s: 18.0,
            leading_silence_s: 1.0,
            trailing_silence_s: 2.0,
            pauses: vec![
                Pause {
                    start_s: 10.0,
                    end_s: 12.5,
                },
                Pause {
                    start_s: 30.0,
                    end_s: 34.1,
                },
                Pause {
                    start_s: 50.0,
                    end_s: 51.2,
                },
                Pause {
                    start_s: 60.0,
                    end_s: 62.0,
                },
            ],
            pauses_ge_1s: 4,
            longest_pause_s: 4.1,
            syllables: 420,
            speech_rate_syl_s: 3.5,
            articulation_rate_syl_s: 4.1,
            est_wpm: 150.0,
            speech_rms_dbfs: -20.0,
            noise_floor_dbfs: -55.0,
            snr_db: 35.0,
            peak_dbfs: 0.0,
            clipped_samples: 5_760,
            sample_rate: 16_000,
            lufs: Some(-18.0),
            pitch_median_hz: Some(110.0),
            pitch_spread_st: Some(4.8),
            monotone: Some(false),
        }
    }

    #[test]
    fn observations_state_facts_with_targets() {
        let lines = observations(&sample_metrics(), &Thresholds::default());
        let texts: Vec<&str> = lines.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Pace ≈ 150 wpm, estimated from syllables (target 120–165)",
                "Speaking 1:42 of 2:00",
                "3 pauses over 2 s, longest 4.1 s",
                "Clipping in 0.3 % of the answer (target: none; move back from the mic)",
                "Pitch varied ±2.4 semitones (flat below ±1.5)",
                "Voice -20 dBFS, 35 dB above the background (target ≥ 20 dB)",
            ]
        );
        let targets: Vec<Option<bool>> = lines.iter().map(|o| o.in_target).collect();
        assert_eq!(
            targets,
            [
                Some(true),
                None,
                Some(false),
                Some(false),
                Some(true),
                Some(true)
            ]
        );
    }

    #[test]
    fn observations_follow_the_thresholds() {
        let mut m = sample_metrics();
        m.est_wpm = 190.0;
        m.pauses.retain(|p| p.end_s - p.start_s < 2.0);
        m.clipped_samples = 0;
        m.pitch_spread_st = Some(2.0);
        let t = Thresholds::default();
        let lines = observations(&m, &t);
        assert_eq!(lines[0].in_target, Some(false));
        assert_eq!(lines[2].text, "1 pause over 1 s, none over 2 s");
        assert_eq!(lines[2].in_target, Some(true));
        assert_eq!(lines[3].text, "No clipping");
        assert_eq!(lines[4].in_target, Some(false));
        let relaxed = Thresholds {
            pace_max_wpm: 200.0,
            monotone_spread_st: 1.5,
            ..t
        };
        let lines = observations(&m, &relaxed);
        assert_eq!(lines[0].in_target, Some(true));
        assert_eq!(lines[4].in_target, Some(true));
    }

    #[test]
    fn metrics_round_trip_and_old_records_load() {
        let m = sample_metrics();
        let json = serde_json::to_string(&m).expect("serialise");
        assert_eq!(serde_json::from_str::<Metrics>(&json).expect("parse"), m);
        let old = r#"{"algorithm_version":1,"duration_s":3.0,"speech_time_s":2.0,"pauses":[],
            "syllables":9,"est_wpm":128.0,"clipped_samples":0,"pitch_spread_st":null,"monotone":null}"#;
        let m: Metrics = serde_json::from_str(old).expect("old record");
        assert_eq!(m.syllables, 9);
        assert_eq!(m.lufs, None);
    }
}
