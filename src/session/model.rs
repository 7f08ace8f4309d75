//! The session model as stored in `session.json`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::rating::{Rating, RatingDraft, mean};
use super::reflection::Reflection;
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
/// - Format 3 keeps each rating on the take it was given for (format 2 kept one per
///   question). A format 2 reader would see format 3's questions as unrated, so it opens them
///   read-only. Reading format 2 or older moves a question's rating to its last take: the
///   rating form always followed the question's last take.
pub const SESSION_FORMAT_VERSION: u32 = 3;

/// A question rated under this average (1–5) counts as weak, worth practising again.
pub const WEAK_BELOW: f64 = 3.0;

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
    /// How the session was run (a drill before modes existed).
    #[serde(default)]
    pub mode: crate::interview::Mode,
    /// The panellists' names, in turn order, on a panel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub panel: Vec<String>,
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
    /// The answer framework whose parts were marked while answering, if the question has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<crate::pack::Framework>,
    /// Think time allowed, seconds.
    pub think_seconds: u32,
    /// Answer limit, seconds.
    pub answer_seconds: u32,
    /// Every take, oldest first; none is ever discarded.
    #[serde(default)]
    pub takes: Vec<Take>,
    /// The take the user marked best (its 1-based number), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best_take: Option<u32>,
    /// A format 2 rating of a question without any take, which has no take to move to.
    #[serde(default, rename = "rating", skip_serializing_if = "Option::is_none")]
    pub unattached_rating: Option<Rating>,
    /// For a follow-up question: the index in `questions` of the question it follows up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<usize>,
    /// The panellist who asked it, on a panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_by: Option<String>,
}

impl QuestionRecord {
    /// The question's rating: the best take's if it is rated, else the latest rated take's.
    pub fn rating(&self) -> Option<&Rating> {
        self.best()
            .and_then(|t| t.rating.as_ref())
            .or_else(|| self.takes.iter().rev().find_map(|t| t.rating.as_ref()))
            .or(self.unattached_rating.as_ref())
    }

    /// The take that stands for the question in summaries: the best one, else the latest.
    pub fn judged_take(&self) -> Option<&Take> {
        self.best().or(self.takes.last())
    }

    /// The take the user marked best.
    pub fn best(&self) -> Option<&Take> {
        self.best_take.and_then(|n| self.take(n))
    }

    /// Take number `number` (1-based).
    pub fn take(&self, number: u32) -> Option<&Take> {
        self.takes.iter().find(|t| t.number == number)
    }

    /// Take number `number` (1-based), to change.
    pub fn take_mut(&mut self, number: u32) -> Option<&mut Take> {
        self.takes.iter_mut().find(|t| t.number == number)
    }

    /// Saves `rating` on the latest take (on the question if it has none).
    pub fn rate_latest(&mut self, rating: Rating) {
        match self.takes.last_mut() {
            Some(take) => take.rating = Some(rating),
            None => self.unattached_rating = Some(rating),
        }
    }
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
    /// The self-rating given for this take, once saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// What was said, when transcripts are on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<Transcript>,
    /// Where the user marked each part of the question's framework began, in time order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part_marks: Vec<super::parts::PartMark>,
    /// The camera's recording of this take, when the camera was on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<TakeVideo>,
}

/// Whether `n` is 0 (serde leaves such a field out).
fn is_zero(n: &i32) -> bool {
    *n == 0
}

/// A take's video, recorded beside its WAV; the WAV stays the audio master.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TakeVideo {
    /// WebM file name inside the session folder (`q01.webm`, `q01-take2.webm`).
    pub file: String,
    /// Frames in the file (0 until the take ends).
    #[serde(default)]
    pub frames: u64,
    /// Frames the camera did not deliver in time (repeated to keep the frame rate).
    #[serde(default)]
    pub dropped_frames: u64,
    /// When the first frame was captured, in milliseconds after the WAV's first sample
    /// (negative: before it).
    #[serde(default)]
    pub offset_ms: i64,
    /// How fast the microphone's clock ran against the camera's (the system clock), in parts
    /// per million: a second of the WAV lasted 1 − ppm/10⁶ seconds of the video. Left out
    /// when 0 (a take too short to tell, or an older session).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub audio_clock_ppm: i32,
    /// Why the video is short or missing, if it is (camera lost, repaired after a crash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What was said in a take, heard by the offline speech-to-text model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The model that heard it ("tiny.en").
    pub model: String,
    /// How the take was cut into pieces and the words joined (`TRANSCRIPT_VERSION`).
    pub version: u32,
    /// The words as one text.
    pub text: String,
    /// Each word with its times.
    pub words: Vec<crate::analysis::words::TimedWord>,
}

impl Take {
    /// Its metrics if measured by the current analysis (older ones are not shown or compared).
    pub fn current_metrics(&self) -> Option<&crate::analysis::Metrics> {
        self.metrics.as_ref().filter(|m| m.is_current())
    }

    /// What its key metrics are read from: its current metrics and its transcript's words.
    pub fn measured(&self) -> Option<crate::analysis::MeasuredTake<'_>> {
        Some(crate::analysis::MeasuredTake {
            metrics: self.current_metrics()?,
            words: self.transcript.as_ref().map(|t| t.words.as_slice()),
        })
    }

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
            rating: None,
            transcript: None,
            part_marks: Vec::new(),
            video: None,
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

    /// Take `number` of question `index` (0-based).
    pub fn take_mut(&mut self, index: usize, number: u32) -> Option<&mut Take> {
        self.questions.get_mut(index)?.take_mut(number)
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
        self.questions.iter().position(|q| q.rating().is_none())
    }

    /// The questions worth practising again: not answered, or rated under
    /// [`WEAK_BELOW`] on average (0-based indices).
    pub fn needing_practice(&self) -> Vec<usize> {
        self.questions
            .iter()
            .enumerate()
            .filter(|(_, q)| {
                q.takes.is_empty()
                    || q.rating()
                        .and_then(Rating::average)
                        .is_some_and(|a| a < WEAK_BELOW)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Moves the ratings a format 2 (or older) file kept per question to each question's
    /// last take, where the rating form put them; a question without takes keeps its own.
    pub fn attach_question_ratings(&mut self) {
        for q in &mut self.questions {
            if let Some(rating) = q.unattached_rating.take() {
                q.rate_latest(rating);
            }
        }
    }

    /// Mean of each rated question's average score, 1–5; `None` before any score is set.
    pub fn average_rating(&self) -> Option<f64> {
        mean(self.questions.iter().filter_map(|q| q.rating()?.average()))
    }

    /// Key metric `key` of each answered question's judged take, in question order (`None`
    /// where that take has no current measurement).
    pub fn key_metric_per_answer(
        &self,
        key: &crate::analysis::KeyMetric,
        thresholds: &crate::analysis::Thresholds,
    ) -> Vec<Option<f64>> {
        self.questions
            .iter()
            .filter_map(QuestionRecord::judged_take)
            .map(|t| (key.value)(&t.measured()?, thresholds))
            .collect()
    }

    /// Mean of key metric `key` over the answers' judged takes; `None` where none was measured.
    pub fn key_metric_mean(
        &self,
        key: &crate::analysis::KeyMetric,
        thresholds: &crate::analysis::Thresholds,
    ) -> Option<f64> {
        mean(
            self.key_metric_per_answer(key, thresholds)
                .into_iter()
                .flatten(),
        )
    }

    /// "Question 2 of 5" for question `index`: its number among the questions that are not
    /// follow-ups (a follow-up has its question's), and how many those are.
    pub fn question_number(&self, index: usize) -> (usize, usize) {
        let main = |q: &&QuestionRecord| q.follows.is_none();
        let upto = (index + 1).min(self.questions.len());
        let number = self.questions[..upto].iter().filter(main).count();
        (number.max(1), self.questions.iter().filter(main).count())
    }

    /// Moves questions `from..from + count` (a question and its follow-ups, none answered yet)
    /// to the end, keeping every follow-up linked to its question.
    pub fn defer(&mut self, from: usize, count: usize) {
        let len = self.questions.len();
        if count == 0 || from + count > len {
            return;
        }
        let moved = |i: usize| match i {
            i if i < from => i,
            i if i < from + count => len - count + (i - from),
            i => i - count,
        };
        self.questions[from..].rotate_left(count);
        for q in &mut self.questions {
            q.follows = q.follows.map(moved);
        }
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

    /// A general question "Why?" of pack `p`: unanswered, or with one take rated `rating`
    /// (test fixture).
    pub(crate) fn record(rating: Option<Rating>) -> QuestionRecord {
        let takes = rating.map(|rating| Take {
            rating: Some(rating),
            ..Take::recording(1, None, Utc::now(), 1.0)
        });
        QuestionRecord {
            pack_id: "p".into(),
            question_id: "q".into(),
            text: "Why?".into(),
            framework: None,
            kind: QuestionType::General,
            think_seconds: 5,
            answer_seconds: 60,
            takes: takes.into_iter().collect(),
            best_take: None,
            unattached_rating: None,
            follows: None,
            asked_by: None,
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
            mode: Default::default(),
            panel: Vec::new(),
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
        s.questions[0].takes[0].rating = rated(&[None; 7]);
        assert_eq!(s.average_rating(), None);
    }

    #[test]
    fn a_question_is_rated_by_its_best_take_else_its_latest_rated_take() {
        let rated = |score| Some(Rating::new(RATING_ITEMS, &[Some(score)], String::new()));
        let mut q = record(rated(2));
        let mut second = Take::recording(2, None, Utc::now(), 1.0);
        second.rating = rated(4);
        q.takes.push(second);
        q.takes.push(Take::recording(3, None, Utc::now(), 1.0));
        assert_eq!(
            q.rating().unwrap().score("posture"),
            Some(4),
            "latest rated"
        );
        q.best_take = Some(1);
        assert_eq!(
            q.rating().unwrap().score("posture"),
            Some(2),
            "the best take"
        );
        q.best_take = Some(3);
        assert_eq!(
            q.rating().unwrap().score("posture"),
            Some(4),
            "best unrated"
        );
        q.best_take = Some(9);
        assert_eq!(q.best(), None, "no such take");
    }

    #[test]
    fn a_format_2_question_rating_moves_to_its_last_take_and_stays_without_takes() {
        let json = |takes: &str| {
            format!(
                r#"{{"pack_id": "p", "question_id": "q", "text": "Why?", "type": "general",
                    "think_seconds": 5, "answer_seconds": 60, "takes": [{takes}],
                    "rating": {{"scores": {{"posture": 3}}, "note": "ok"}}}}"#
            )
        };
        let take = |n| {
            format!(
                r#"{{"number": {n}, "status": "recorded", "started_at": "2026-12-01T10:00:00Z",
                    "think_used_s": 1.0}}"#
            )
        };
        let mut s = Session::new(vec![], settings(), vec![], Utc::now());
        s.questions = vec![
            serde_json::from_str(&json(&format!("{},{}", take(1), take(2)))).unwrap(),
            serde_json::from_str(&json("")).unwrap(),
        ];
        s.attach_question_ratings();
        let two_takes = &s.questions[0];
        assert_eq!(two_takes.takes[0].rating, None);
        assert_eq!(two_takes.takes[1].rating.as_ref().unwrap().note, "ok");
        assert_eq!(two_takes.unattached_rating, None);
        let no_takes = &s.questions[1];
        assert_eq!(no_takes.rating().unwrap().score("posture"), Some(3));
        let written = serde_json::to_value(&s).unwrap();
        assert_eq!(
            written["questions"][1]["rating"]["note"], "ok",
            "kept on save"
        );
        assert!(written["questions"][0].get("rating").is_none());
        assert_eq!(written["format_version"], SESSION_FORMAT_VERSION);
    }

    #[test]
    fn unanswered_and_weakly_rated_questions_need_practice() {
        let rated = |score| Some(Rating::new(RATING_ITEMS, &[Some(score)], String::new()));
        let questions = vec![
            record(rated(4)),
            record(None),
            record(rated(2)),
            record(rated(3)),
            record(Some(Rating::default())),
        ];
        let s = Session::new(vec![], settings(), questions, Utc::now());
        assert_eq!(s.needing_practice(), vec![1, 2], "unanswered, and rated 2");
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

    #[test]
    fn deferring_moves_a_question_with_its_follow_ups_and_keeps_the_links() {
        let named = |text: &str, follows: Option<usize>| QuestionRecord {
            text: text.into(),
            follows,
            ..record(None)
        };
        let questions = vec![
            named("a", None),
            named("b", None),
            named("b1", Some(1)),
            named("c", None),
            named("c1", Some(3)),
            named("d", None),
        ];
        let mut s = Session::new(vec![], settings(), questions, Utc::now());
        s.defer(1, 2);
        let order: Vec<(&str, Option<usize>)> = s
            .questions
            .iter()
            .map(|q| (q.text.as_str(), q.follows))
            .collect();
        assert_eq!(
            order,
            [
                ("a", None),
                ("c", None),
                ("c1", Some(1)),
                ("d", None),
                ("b", None),
                ("b1", Some(4))
            ]
        );
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains(r#""follows":4"#), "linked in session.json");
        let back: Session = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
}
