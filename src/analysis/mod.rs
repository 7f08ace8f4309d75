//! Delivery metrics from a WAV: speech/silence, pauses, syllable rate, loudness, clipping, pitch.
//!
//! (Skeleton: the analysis helper owns this module and fills in the algorithm.)

pub mod cli;

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
    /// Time with speech, seconds.
    pub speech_time_s: f64,
    /// Silent stretches ≥ 0.25 s between the first and last speech.
    pub pauses: Vec<Pause>,
    /// Syllable nuclei counted.
    pub syllables: u32,
    /// Estimated words per minute (syllables ÷ 1.4 over the whole duration).
    pub est_wpm: f64,
    /// Samples at full scale.
    pub clipped_samples: u64,
    /// Pitch spread in semitones.
    pub pitch_spread_st: Option<f64>,
    /// Flat delivery.
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
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            pace_min_wpm: 120.0,
            pace_max_wpm: 165.0,
            long_pause_s: 2.0,
            count_pause_s: 1.0,
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
    todo!("analysis helper {path:?}")
}

/// The feedback lines for the rating form and review.
pub fn observations(metrics: &Metrics, thresholds: &Thresholds) -> Vec<Observation> {
    todo!("analysis helper {metrics:?} {thresholds:?}")
}
