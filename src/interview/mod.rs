//! The interview run as a pure state machine: Think → Answer → Rate → … → Reflect → Done.
//!
//! Every method takes `now` so timers are derived from timestamps, never counted per frame,
//! and tests drive it with made-up instants without sleeping. It does no I/O: it returns
//! [`Event`]s ("start recording take 2 of question 3") that the app carries out.

use std::time::{Duration, Instant};

use crate::pack::{Question, Timings};

/// One question as it will be asked in this session.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedQuestion {
    /// The pack the question came from.
    pub pack_id: String,
    /// A snapshot of the question.
    pub question: Question,
    /// Think and answer time for this session (pack defaults or the session's override).
    pub timings: Timings,
}

/// Where the run is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the question; the countdown ends at `since + think`.
    Think { index: usize, since: Instant },
    /// Recording take `take` (1-based) of question `index`.
    Answer {
        index: usize,
        take: u32,
        since: Instant,
    },
    /// The self-rating form for question `index`.
    Rate { index: usize },
    /// The end-of-session reflection form.
    Reflect,
    /// Finished; the summary is shown.
    Done,
}

/// Why an answer stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// The user ended the answer (Space).
    Manual,
    /// The answer limit was reached (hard stop).
    TimeLimit,
    /// The user started a new take while answering.
    Retake,
    /// The user ended the session early (Esc).
    SessionEnded,
}

/// Something the app must do because the run moved on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Start recording take `take` of question `index`; `think` is how long the user thought.
    StartRecording {
        index: usize,
        take: u32,
        think: Duration,
    },
    /// Stop the current recording after `answered`.
    StopRecording {
        index: usize,
        take: u32,
        answered: Duration,
        reason: StopReason,
    },
    /// The questions are over (or the session was ended early): show the reflection form.
    Reflect { ended_early: bool },
}

/// How the answer time compares with the target band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// Shorter than the target: keep going.
    Under,
    /// Inside the target band.
    InBand,
    /// Close to the limit: wrap up (the 30-seconds-left warning is shown).
    NearLimit,
}

/// What the answer timer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnswerTimer {
    /// Time answered so far.
    pub elapsed: Duration,
    /// Time left before the hard stop.
    pub remaining: Duration,
    /// The answer limit.
    pub limit: Duration,
    /// Where `elapsed` sits against the target band.
    pub band: Band,
}

/// The band edges for an answer limit: (target minimum, near-limit threshold as time left).
///
/// Target band starts at half the limit; "near the limit" is the last 30 s (or the last
/// quarter for limits under two minutes).
pub fn band_edges(limit: Duration) -> (Duration, Duration) {
    todo!("interview helper: {limit:?}")
}

/// A running interview.
#[derive(Debug, Clone)]
pub struct Interview {
    questions: Vec<PlannedQuestion>,
    phase: Phase,
    started: Instant,
}

impl Interview {
    /// Starts the think countdown of the first question at `now`.
    pub fn new(questions: Vec<PlannedQuestion>, now: Instant) -> Self {
        Self {
            questions,
            phase: Phase::Think {
                index: 0,
                since: now,
            },
            started: now,
        }
    }
    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }
    /// All questions of the run.
    pub fn questions(&self) -> &[PlannedQuestion] {
        &self.questions
    }
    /// The question being thought about, answered or rated.
    pub fn current(&self) -> Option<(usize, &PlannedQuestion)> {
        todo!()
    }
    /// Advances timers: think over → recording starts; answer limit → recording stops.
    pub fn tick(&mut self, now: Instant) -> Vec<Event> {
        todo!("{now:?}")
    }
    /// Skips the rest of the think countdown (Space).
    pub fn skip_think(&mut self, now: Instant) -> Vec<Event> {
        todo!("{now:?}")
    }
    /// Ends the answer early (Space).
    pub fn stop_answer(&mut self, now: Instant) -> Vec<Event> {
        todo!("{now:?}")
    }
    /// Records a new take of the current question; the old take is kept (R).
    pub fn retake(&mut self, now: Instant) -> Vec<Event> {
        todo!("{now:?}")
    }
    /// After the rating is saved: the next question's think countdown, or the reflection.
    pub fn next_question(&mut self, now: Instant) -> Vec<Event> {
        todo!("{now:?}")
    }
    /// Ends the session early (Esc): stops any recording and goes to the reflection.
    pub fn end_early(&mut self, now: Instant) -> Vec<Event> {
        todo!("{now:?}")
    }
    /// The reflection is saved: the run is done.
    pub fn finish(&mut self) {
        todo!()
    }
    /// Time left to think, while thinking.
    pub fn think_remaining(&self, now: Instant) -> Option<Duration> {
        todo!("{now:?}")
    }
    /// The answer timer, while answering.
    pub fn answer_timer(&self, now: Instant) -> Option<AnswerTimer> {
        todo!("{now:?}")
    }
    /// Time since the session started.
    pub fn session_elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.started)
    }
    /// Whether a timer is on screen (so the UI knows to keep repainting).
    pub fn timer_running(&self) -> bool {
        matches!(self.phase, Phase::Think { .. } | Phase::Answer { .. })
    }
}
