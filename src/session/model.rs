//! The session model as stored in `session.json`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rating::{Rating, RatingDraft, Reflection, mean};
use crate::interview::StopReason;
use crate::pack::QuestionType;

/// The `session.json` format version this build writes (a major version: one number).
///
/// How it moves:
/// - A field added with a serde default (older files load, older readers ignore it) keeps
///   the version. The rating and reflection drafts came this way.
/// - A change older readers cannot ignore (a field renamed, retyped, removed, or made
///   required) bumps it. Format 2 stores ratings as a map from item id to an optional score;
///   format 1 had one required field per item, so its readers cannot load format 2.
/// - This build reads every older version (format 1 through a compatibility path in
///   [`Rating`]'s deserializer). A file with a newer version is opened read-only, with a
///   warning, and never rewritten.
pub const SESSION_FORMAT_VERSION: u32 = 2;

/// An older session is saved in the current format (its fields are converted on reading).
fn write_format_version<S: serde::Serializer>(version: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u32((*version).max(SESSION_FORMAT_VERSION))
}

/// One rehearsal session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The format the file was read in; a save writes at least [`SESSION_FORMAT_VERSION`].
    #[serde(serialize_with = "write_format_version")]
    pub format_version: u32,
    /// Short random id, also the tail of the folder name.
    pub id: String,
    /// When the session started.
    pub started_at: DateTime<Utc>,
    /// When the questions ended (the last rating saved, or Esc), or when it was abandoned.
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
    /// The end-of-session reflection, once saved.
    #[serde(default)]
    pub reflection: Option<Reflection>,
    /// The rating form as last typed, before it was saved (recovered after a kill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_draft: Option<RatingDraft>,
    /// The reflection form as last typed, before it was saved (recovered after a kill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflection_draft: Option<Reflection>,
}

/// Lifecycle of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Running, or interrupted by a crash (offered for recovery at start-up).
    InProgress,
    /// Finished: the reflection was saved or skipped (possibly after ending early with Esc).
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
    /// Session-wide think time override, if any (serde reads a missing `Option` as `None`).
    pub think_seconds: Option<u32>,
    /// Session-wide answer time override, if any.
    pub answer_seconds: Option<u32>,
    /// The input device name, if recording.
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

impl Take {
    /// Take `number`, being recorded into `wav` (`None`: not recorded), started at `started_at`.
    pub fn recording(
        number: u32,
        wav: Option<String>,
        started_at: DateTime<Utc>,
        think_used_s: f64,
    ) -> Self {
        Self {
            number,
            wav,
            status: TakeStatus::Recording,
            stop_reason: None,
            started_at,
            think_used_s,
            answer_s: 0.0,
            audio_s: 0.0,
            sample_rate: None,
            dropped_frames: 0,
            error: None,
            metrics: None,
        }
    }
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
            rating_draft: None,
            reflection_draft: None,
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

    /// Mean of each rated question's average score, 1–5; `None` before any score is set.
    pub fn average_rating(&self) -> Option<f64> {
        mean(
            self.questions
                .iter()
                .filter_map(|q| q.rating.as_ref()?.average()),
        )
    }

    /// Marks the session complete: the reflection was saved or skipped. A reflection draft
    /// not yet saved becomes the reflection; drafts are cleared.
    pub fn complete(&mut self, now: DateTime<Utc>) {
        self.status = SessionStatus::Complete;
        self.ended_at.get_or_insert(now);
        if self.reflection.is_none() {
            self.reflection = self.reflection_draft.take();
        }
        self.reflection_draft = None;
        self.rating_draft = None;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::session::RATING_ITEMS;

    /// A general question "Why?" of pack `p` with `rating` (test fixture).
    pub(crate) fn record(rating: Option<Rating>) -> QuestionRecord {
        QuestionRecord {
            pack_id: "p".into(),
            question_id: "q".into(),
            text: "Why?".into(),
            kind: QuestionType::General,
            think_seconds: 5,
            answer_seconds: 60,
            takes: Vec::new(),
            rating,
        }
    }

    /// Three questions in pack order, no overrides (test fixture).
    pub(crate) fn settings() -> SessionSettings {
        SessionSettings {
            question_count: 3,
            shuffled: false,
            think_seconds: None,
            answer_seconds: None,
            input_device: None,
        }
    }

    #[test]
    fn settings_without_the_optional_overrides_load_as_none() {
        let s: SessionSettings =
            serde_json::from_str(r#"{"question_count": 2, "shuffled": true}"#).unwrap();
        assert_eq!(
            (s.think_seconds, s.answer_seconds, s.input_device),
            (None, None, None)
        );
    }

    #[test]
    fn the_session_average_skips_unset_items_and_ratings_with_none_set() {
        let rated = |scores: &[Option<u8>]| Some(Rating::new(RATING_ITEMS, scores, String::new()));
        let questions = vec![
            record(rated(&[Some(5), None, Some(3)])),
            record(rated(&[None; 7])),
            record(rated(&[Some(2)])),
            record(None),
        ];
        let mut s = Session::new(vec![], settings(), questions, Utc::now());
        // Question 1 averages 4 (two set items), question 2 has none set, question 3 is 2.
        assert_eq!(s.average_rating(), Some(3.0));
        s.questions.truncate(2);
        s.questions[0].rating = rated(&[None; 7]);
        assert_eq!(s.average_rating(), None);
    }

    #[test]
    fn completing_keeps_a_reflection_draft_and_clears_the_drafts() {
        let mut s = Session::new(vec![], settings(), vec![record(None)], Utc::now());
        s.reflection_draft = Some(Reflection {
            went_well: "Calm".into(),
            ..Reflection::default()
        });
        s.rating_draft = Some(RatingDraft::default());
        s.complete(Utc::now());
        assert_eq!(s.status, SessionStatus::Complete);
        assert!(s.ended_at.is_some());
        assert_eq!(s.reflection.as_ref().unwrap().went_well, "Calm");
        assert_eq!(
            (s.reflection_draft.clone(), s.rating_draft.clone()),
            (None, None)
        );
    }
}
