//! The session model as stored in `session.json`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::interview::StopReason;
use crate::pack::QuestionType;

/// The `session.json` format version this build writes.
pub const SESSION_FORMAT_VERSION: u32 = 1;

/// One rehearsal session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Bumped on incompatible changes to this file.
    pub format_version: u32,
    /// Short random id, also the tail of the folder name.
    pub id: String,
    /// When the session started.
    pub started_at: DateTime<Utc>,
    /// When it was completed or abandoned.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    /// Whether it is still running, complete or abandoned.
    pub status: SessionStatus,
    /// The packs the questions came from.
    pub pack_ids: Vec<String>,
    /// The choices made on the setup screen.
    pub settings: SessionSettings,
    /// One entry per question asked, in order.
    pub questions: Vec<QuestionRecord>,
    /// The end-of-session reflection.
    #[serde(default)]
    pub reflection: Option<Reflection>,
}

/// Lifecycle of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Running, or interrupted by a crash (offered for recovery at start-up).
    InProgress,
    /// Finished normally (possibly ended early with Esc).
    Complete,
    /// Given up from the recovery prompt.
    Abandoned,
}

/// The setup choices a session ran with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSettings {
    /// Question count asked for.
    pub question_count: usize,
    /// Whether the questions were shuffled.
    pub shuffled: bool,
    /// Session-wide think time override, if any.
    #[serde(default)]
    pub think_seconds: Option<u32>,
    /// Session-wide answer time override, if any.
    #[serde(default)]
    pub answer_seconds: Option<u32>,
    /// The input device name, if recording.
    #[serde(default)]
    pub input_device: Option<String>,
}

/// A question as asked, with its takes and rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionRecord {
    /// Pack the question came from.
    pub pack_id: String,
    /// Question id within that pack.
    pub question_id: String,
    /// Snapshot of the question text.
    pub text: String,
    /// Question type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// Think time allowed, seconds.
    pub think_seconds: u32,
    /// Answer limit, seconds.
    pub answer_seconds: u32,
    /// Every take, oldest first; none is ever discarded.
    #[serde(default)]
    pub takes: Vec<Take>,
    /// The self-rating, once saved.
    #[serde(default)]
    pub rating: Option<Rating>,
}

/// One recorded (or timed-only) answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Take {
    /// 1-based take number.
    pub number: u32,
    /// WAV file name inside the session folder (`q01.wav`, `q01-take2.wav`); `None` if not recorded.
    #[serde(default)]
    pub wav: Option<String>,
    /// Recording outcome.
    pub status: TakeStatus,
    /// Why the answer stopped; `None` while it is still being recorded.
    #[serde(default)]
    pub stop_reason: Option<StopReason>,
    /// When the answer started.
    pub started_at: DateTime<Utc>,
    /// Seconds spent thinking before this take.
    pub think_used_s: f64,
    /// Seconds answered (timer), filled when the take ends.
    #[serde(default)]
    pub answer_s: f64,
    /// Seconds of audio in the WAV.
    #[serde(default)]
    pub audio_s: f64,
    /// Sample rate of the WAV.
    #[serde(default)]
    pub sample_rate: Option<u32>,
    /// Frames the capture pipeline had to drop (0 when healthy).
    #[serde(default)]
    pub dropped_frames: u64,
    /// Why the recording was cut short, if it was (device lost, write error).
    #[serde(default)]
    pub error: Option<String>,
    /// Delivery metrics computed from the WAV.
    #[serde(default)]
    pub metrics: Option<crate::analysis::Metrics>,
}

/// Whether a take has audio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TakeStatus {
    /// Being recorded now (or the app crashed while recording).
    Recording,
    /// Recorded to the end.
    Recorded,
    /// Recorded up to a failure; the audio before it is kept.
    Interrupted,
    /// Timed and rated, but no microphone was available.
    NotRecorded,
}

/// The self-rating form; each score is 1–5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// Body language: posture.
    pub posture: u8,
    /// Body language: eye contact.
    pub eye_contact: u8,
    /// Body language: gestures.
    pub gestures: u8,
    /// Clear and easy to follow.
    pub clarity: u8,
    /// STAR or present-past-future structure.
    pub structure: u8,
    /// To the point.
    pub conciseness: u8,
    /// Sounded confident.
    pub confidence: u8,
    /// Free-text note.
    #[serde(default)]
    pub note: String,
}

/// The end-of-session reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    /// What went well.
    pub went_well: String,
    /// What to improve next time.
    pub improve: String,
    /// How prepared the user felt, 1–5.
    pub preparedness: u8,
}

impl Session {
    /// A new session, `in_progress`, with a random short id.
    pub fn new(
        pack_ids: Vec<String>,
        settings: SessionSettings,
        questions: Vec<QuestionRecord>,
        now: DateTime<Utc>,
    ) -> Self {
        let id: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(6)
            .collect::<String>()
            .to_ascii_lowercase();
        Self {
            format_version: SESSION_FORMAT_VERSION,
            id,
            started_at: now,
            ended_at: None,
            status: SessionStatus::InProgress,
            pack_ids,
            settings,
            questions,
            reflection: None,
        }
    }

    /// Questions with at least one take.
    pub fn answered_count(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| !q.takes.is_empty())
            .count()
    }

    /// The first question without a rating (where a resumed session continues).
    pub fn first_unrated(&self) -> Option<usize> {
        self.questions.iter().position(|q| q.rating.is_none())
    }

    /// Mean of each rated question's average score, 1–5; `None` before any rating.
    pub fn average_rating(&self) -> Option<f64> {
        let scores: Vec<f64> = self
            .questions
            .iter()
            .filter_map(|q| q.rating.as_ref())
            .map(Rating::average)
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

/// The seven rating items, in form order.
pub const RATING_LABELS: [&str; 7] = [
    "Posture",
    "Eye contact",
    "Gestures",
    "Clarity",
    "Structure",
    "Conciseness",
    "Confidence",
];

impl Rating {
    /// A rating from the seven scores in [`RATING_LABELS`] order.
    pub fn from_scores(scores: [u8; 7], note: String) -> Self {
        let [
            posture,
            eye_contact,
            gestures,
            clarity,
            structure,
            conciseness,
            confidence,
        ] = scores;
        Self {
            posture,
            eye_contact,
            gestures,
            clarity,
            structure,
            conciseness,
            confidence,
            note,
        }
    }

    /// The seven scores in [`RATING_LABELS`] order.
    pub fn values(&self) -> [u8; 7] {
        [
            self.posture,
            self.eye_contact,
            self.gestures,
            self.clarity,
            self.structure,
            self.conciseness,
            self.confidence,
        ]
    }

    /// The seven scores with their labels, in form order.
    pub fn scores(&self) -> [(&'static str, u8); 7] {
        let values = self.values();
        std::array::from_fn(|i| (RATING_LABELS[i], values[i]))
    }

    /// Mean of the seven scores.
    pub fn average(&self) -> f64 {
        self.values().iter().map(|&s| f64::from(s)).sum::<f64>() / 7.0
    }
}

impl Default for Rating {
    /// Every score at the middle (3), no note.
    fn default() -> Self {
        Self::from_scores([3; 7], String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_average_weighs_every_score_equally() {
        let r = Rating::from_scores([1, 1, 1, 1, 1, 1, 5], String::new());
        assert!((r.average() - (6.0 + 5.0) / 7.0).abs() < 1e-9);
        assert!((Rating::from_scores([5; 7], String::new()).average() - 5.0).abs() < 1e-9);
        assert_eq!(r.scores()[6], ("Confidence", 5));
        assert_eq!(r.eye_contact, 1);
    }
}
