//! Delivery metrics from a WAV: speech/silence, pauses, syllable rate, loudness, clipping, pitch.
//!
//! (Skeleton: the analysis helper owns this module and fills in the algorithm.)

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
    /// Integrated loudness (EBU R 128), LUFS; `None` when too short or silent.
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
    /// Below this pitch spread (5–95 % range, semitones) delivery counts as monotone (3).
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
    Ok(analyze(&audio))
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
    analyze(&audio)
}

fn analyze(audio: &wav::MonoAudio) -> Metrics {
    let duration_s = audio.samples.len() as f64 / f64::from(audio.sample_rate);
    let x = resample::to_rate(&audio.samples, audio.sample_rate, spectrum::RATE);
    let spec = spectrum::Spectrogram::new(&x);
    let noise = spec.noise_spectrum();
    let scores = speech::frame_scores(&spec, &noise);
    let segments = speech::segments(&scores);
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
        peak_dbfs: to_db(f64::from(audio.peak)),
        clipped_samples: audio.clipped_samples,
        lufs: loudness::integrated_lufs(&audio.samples, audio.sample_rate),
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
                && let Some(f) = tracker.f0_at(spectrum::Spectrogram::time_of(t))
            {
                f0s.push(f64::from(f));
            }
        }
    }
    if f0s.len() < 10 {
        return None;
    }
    let median_hz = percentile(&mut f0s.clone(), 0.5);
    // octave errors: a value nearer to double or half the median is folded back
    let mut st: Vec<f64> = f0s
        .iter()
        .map(|f| {
            let s = 12.0 * (f / median_hz).log2();
            if s > 9.0 {
                s - 12.0
            } else if s < -9.0 {
                s + 12.0
            } else {
                s
            }
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
    todo!("analysis helper {metrics:?} {thresholds:?}")
}
