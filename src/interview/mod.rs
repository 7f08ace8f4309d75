//! The interview run as a pure state machine: Think → Answer → Rate → … → Reflect → Done.
//!
//! Every method takes `now` so timers are derived from timestamps, never counted per frame,
//! and tests drive it with made-up instants without sleeping. It does no I/O: it returns
//! [`Event`]s ("start recording take 2 of question 3") that the app carries out.

use std::time::{Duration, Instant};

use crate::pack::{Question, Timings};

pub mod mode;

pub use mode::Mode;

/// One question as it will be asked in this session.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedQuestion {
    /// The pack the question came from.
    pub pack_id: String,
    /// A snapshot of the question.
    pub question: Question,
    /// Think and answer time for this session (pack defaults or the session's override).
    pub timings: Timings,
    /// A follow-up to the question before it (and its text one of that question's
    /// `follow_ups`).
    pub follow_up: bool,
    /// The panellist who asks it ([`mode::PANELLISTS`] index), on a panel.
    pub asked_by: Option<usize>,
}

/// Where the run is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the question; the countdown ends at `since + think`. With a voice, `since` is
    /// when the voice has finished asking: until then the countdown waits.
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
    /// Part `part` (0-based) of the question's framework begins `at` into take `take`.
    PartMarked {
        index: usize,
        take: u32,
        part: usize,
        at: Duration,
    },
    /// Questions `index..index + count` (a question and its follow-ups) were put off to the
    /// end of the session; the question now at `index` is being thought about.
    Deferred { index: usize, count: usize },
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

/// Time left at which the "30 seconds left" warning shows (less for short limits).
const WARNING_LEFT: Duration = Duration::from_secs(30);

/// The band edges for an answer limit: (target minimum, time left when "near the limit" begins).
///
/// The target band starts at half the limit. "Near the limit" is the last 30 s, or the last
/// quarter for limits under two minutes, so a short answer still has a band to land in.
pub fn band_edges(limit: Duration) -> (Duration, Duration) {
    (limit / 2, WARNING_LEFT.min(limit / 4))
}

/// Where `elapsed` sits against the band of `limit`.
pub fn band_at(elapsed: Duration, limit: Duration) -> Band {
    let (target_min, near_left) = band_edges(limit);
    if limit.saturating_sub(elapsed) <= near_left {
        Band::NearLimit
    } else if elapsed >= target_min {
        Band::InBand
    } else {
        Band::Under
    }
}

/// A running interview.
#[derive(Debug, Clone)]
pub struct Interview {
    questions: Vec<PlannedQuestion>,
    phase: Phase,
    started: Instant,
    /// Takes started per question (a retake increments it).
    takes: Vec<u32>,
    /// How long the interviewer's voice takes to ask each question (empty: no voice).
    asked: Vec<Duration>,
    /// The mode's rules (retakes, putting questions off).
    mode: Mode,
}

impl Interview {
    /// Starts the think countdown of the first question at `now` (an empty plan goes straight
    /// to the reflection).
    pub fn new(questions: Vec<PlannedQuestion>, now: Instant) -> Self {
        let phase = if questions.is_empty() {
            Phase::Reflect
        } else {
            Phase::Think {
                index: 0,
                since: now,
            }
        };
        let takes = vec![0; questions.len()];
        Self {
            questions,
            phase,
            started: now,
            takes,
            asked: Vec::new(),
            mode: Mode::default(),
        }
    }

    /// Runs by `mode`'s rules: no retakes in a mock interview, putting off only in a drill.
    pub fn with_mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The mode it runs by.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The whole session's time budget: every question's think and answer time.
    pub fn time_budget(&self) -> Duration {
        (0..self.questions.len())
            .map(|i| self.think_limit(i) + self.answer_limit(i))
            .sum()
    }

    /// Whether the question being thought about can be put off until later: the mode allows
    /// it and other questions (not its own follow-ups) come after it.
    pub fn can_defer(&self) -> bool {
        let Phase::Think { index, .. } = self.phase else {
            return false;
        };
        self.mode.skipping() && index + self.block_len(index) < self.questions.len()
    }

    /// Puts the question being thought about, with its follow-ups, at the end of the session
    /// (drill only); the next question's countdown starts at `now`.
    pub fn defer(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        if !self.can_defer() {
            return events;
        }
        let Phase::Think { index, .. } = self.phase else {
            return events;
        };
        let count = self.block_len(index);
        self.questions[index..].rotate_left(count);
        self.takes[index..].rotate_left(count);
        if self.asked.len() == self.questions.len() {
            self.asked[index..].rotate_left(count);
        }
        let asked = self.asked.get(index).copied().unwrap_or_default();
        self.phase = Phase::Think {
            index,
            since: now + asked,
        };
        events.push(Event::Deferred { index, count });
        events.extend(self.tick(now));
        events
    }

    /// Question `index` and the follow-ups right after it: how many questions that is.
    fn block_len(&self, index: usize) -> usize {
        1 + self.questions[index + 1..]
            .iter()
            .take_while(|q| q.follow_up)
            .count()
    }

    /// Each question is asked aloud first, taking `asked[i]` for question `i`: its think
    /// countdown starts when the voice ends (the first question's too, if it is thinking).
    pub fn with_voice(mut self, asked: Vec<Duration>) -> Self {
        self.asked = asked;
        if let Phase::Think { index, since } = &mut self.phase {
            *since += self.asked.get(*index).copied().unwrap_or_default();
        }
        self
    }

    /// The voice stopped at `now` (it could not play): the countdown starts now.
    pub fn stop_asking(&mut self, now: Instant) {
        if let Phase::Think { since, .. } = &mut self.phase {
            *since = (*since).min(now);
        }
    }

    /// The question is asked again from `now` (the user asked to hear it again): its
    /// countdown starts over when the voice ends. Nothing without a voice.
    pub fn ask_again(&mut self, now: Instant) {
        if let (Phase::Think { index, since }, false) = (&mut self.phase, self.asked.is_empty()) {
            *since = now + self.asked.get(*index).copied().unwrap_or_default();
        }
    }

    /// Whether the voice is still asking the question at `now`.
    pub fn is_asking(&self, now: Instant) -> bool {
        matches!(self.phase, Phase::Think { since, .. } if now < since)
    }

    /// Starts at the rating of the first question instead, which already has `takes` takes
    /// (a resumed session that was stopped on its rating form or mid-answer).
    pub fn rating_first(mut self, takes: u32) -> Self {
        if let Some(first) = self.takes.first_mut() {
            *first = takes;
            self.phase = Phase::Rate { index: 0 };
        }
        self
    }

    /// The current phase.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// All questions of the run.
    pub fn questions(&self) -> &[PlannedQuestion] {
        &self.questions
    }

    /// The question being thought about, answered or rated, with its index.
    pub fn current(&self) -> Option<(usize, &PlannedQuestion)> {
        match self.phase {
            Phase::Think { index, .. } | Phase::Answer { index, .. } | Phase::Rate { index } => {
                Some((index, &self.questions[index]))
            }
            Phase::Reflect | Phase::Done => None,
        }
    }

    /// Takes recorded (or started) so far for question `index`.
    pub fn takes(&self, index: usize) -> u32 {
        self.takes.get(index).copied().unwrap_or(0)
    }

    /// Advances timers: think over → recording starts; answer limit → recording stops.
    pub fn tick(&mut self, now: Instant) -> Vec<Event> {
        let mut events = Vec::new();
        // Loop: a zero think time moves straight on to the answer in the same tick.
        loop {
            match self.phase {
                Phase::Think { index, since } => {
                    let think = self.think_limit(index);
                    if now < since || now.saturating_duration_since(since) < think {
                        break;
                    }
                    // The answer starts when the countdown ended, not when the frame came.
                    events.extend(self.start_answer(index, since + think, think));
                }
                Phase::Answer { index, take, since } => {
                    let limit = self.answer_limit(index);
                    if now.saturating_duration_since(since) < limit {
                        break;
                    }
                    events.push(Event::StopRecording {
                        index,
                        take,
                        answered: limit,
                        reason: StopReason::TimeLimit,
                    });
                    self.phase = Phase::Rate { index };
                    break;
                }
                Phase::Rate { .. } | Phase::Reflect | Phase::Done => break,
            }
        }
        events
    }

    /// Skips the rest of the think countdown (Space).
    pub fn skip_think(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        if let Phase::Think { index, since } = self.phase {
            events.extend(self.start_answer(index, now, now.saturating_duration_since(since)));
        }
        events
    }

    /// Ends the answer early (Space).
    pub fn stop_answer(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        if let Phase::Answer { index, take, since } = self.phase {
            let answered = now.saturating_duration_since(since);
            events.push(Event::StopRecording {
                index,
                take,
                answered,
                reason: StopReason::Manual,
            });
            self.phase = Phase::Rate { index };
        }
        events
    }

    /// Records a new take of the current question; the old take is kept (R). Nothing in a
    /// mode without retakes.
    ///
    /// While answering, the current take stops and the next starts at once; on the rating
    /// form, the next take starts (no second think countdown).
    pub fn retake(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        if !self.mode.retakes() {
            return events;
        }
        match self.phase {
            Phase::Answer { index, take, since } => {
                let answered = now.saturating_duration_since(since);
                events.push(Event::StopRecording {
                    index,
                    take,
                    answered,
                    reason: StopReason::Retake,
                });
                events.extend(self.start_answer(index, now, Duration::ZERO));
            }
            Phase::Rate { index } => events.extend(self.start_answer(index, now, Duration::ZERO)),
            Phase::Think { .. } | Phase::Reflect | Phase::Done => {}
        }
        events
    }

    /// Marks where part `part` (0-based) of the question's framework begins: now, on the
    /// answer timer. Nothing while not answering, or for a part the framework does not have.
    pub fn mark_part(&mut self, part: usize, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        if let Phase::Answer { index, take, .. } = self.phase {
            let parts = self.questions[index]
                .question
                .framework
                .map_or(0, |f| f.parts().len());
            if let (true, Some(timer)) = (part < parts, self.answer_timer(now)) {
                events.push(Event::PartMarked {
                    index,
                    take,
                    part,
                    at: timer.elapsed,
                });
            }
        }
        events
    }

    /// After the rating is saved: the next question's think countdown, or the reflection.
    pub fn next_question(&mut self, now: Instant) -> Vec<Event> {
        let Phase::Rate { index } = self.phase else {
            return Vec::new();
        };
        if index + 1 < self.questions.len() {
            let asked = self.asked.get(index + 1).copied().unwrap_or_default();
            self.phase = Phase::Think {
                index: index + 1,
                since: now + asked,
            };
            self.tick(now)
        } else {
            self.phase = Phase::Reflect;
            vec![Event::Reflect { ended_early: false }]
        }
    }

    /// Ends the session early (Esc): stops any recording and goes to the reflection.
    pub fn end_early(&mut self, now: Instant) -> Vec<Event> {
        let mut events = self.tick(now);
        match self.phase {
            Phase::Reflect | Phase::Done => return events,
            Phase::Answer { index, take, since } => {
                let answered = now.saturating_duration_since(since);
                events.push(Event::StopRecording {
                    index,
                    take,
                    answered,
                    reason: StopReason::SessionEnded,
                });
            }
            Phase::Think { .. } | Phase::Rate { .. } => {}
        }
        self.phase = Phase::Reflect;
        events.push(Event::Reflect { ended_early: true });
        events
    }

    /// The reflection is saved: the run is done.
    pub fn finish(&mut self) {
        if self.phase == Phase::Reflect {
            self.phase = Phase::Done;
        }
    }

    /// Time left to think, while thinking.
    pub fn think_remaining(&self, now: Instant) -> Option<Duration> {
        let Phase::Think { index, since } = self.phase else {
            return None;
        };
        Some(
            self.think_limit(index)
                .saturating_sub(now.saturating_duration_since(since)),
        )
    }

    /// The answer timer, while answering.
    pub fn answer_timer(&self, now: Instant) -> Option<AnswerTimer> {
        let Phase::Answer { index, since, .. } = self.phase else {
            return None;
        };
        let limit = self.answer_limit(index);
        let elapsed = now.saturating_duration_since(since).min(limit);
        Some(AnswerTimer {
            elapsed,
            remaining: limit - elapsed,
            limit,
            band: band_at(elapsed, limit),
        })
    }

    /// Time since the session started.
    pub fn session_elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.started)
    }

    /// How long until the timer on screen shows its next second (with a few milliseconds to
    /// spare, so the redraw lands after it); `None` when no timer runs.
    pub fn next_tick(&self, now: Instant) -> Option<Duration> {
        let (Phase::Think { since, .. } | Phase::Answer { since, .. }) = self.phase else {
            return None;
        };
        if now < since {
            // The countdown starts when the voice has asked.
            return Some(since - now + Duration::from_millis(5));
        }
        let into = now.saturating_duration_since(since).subsec_nanos();
        Some(Duration::from_nanos(u64::from(1_000_000_000 - into)) + Duration::from_millis(5))
    }

    /// Whether a timer is on screen (so the UI knows to keep repainting).
    pub fn timer_running(&self) -> bool {
        matches!(self.phase, Phase::Think { .. } | Phase::Answer { .. })
    }

    fn think_limit(&self, index: usize) -> Duration {
        Duration::from_secs(self.questions[index].timings.think_seconds.into())
    }

    fn answer_limit(&self, index: usize) -> Duration {
        Duration::from_secs(self.questions[index].timings.answer_seconds.into())
    }

    fn start_answer(&mut self, index: usize, at: Instant, think: Duration) -> Vec<Event> {
        self.takes[index] += 1;
        let take = self.takes[index];
        self.phase = Phase::Answer {
            index,
            take,
            since: at,
        };
        vec![Event::StartRecording { index, take, think }]
    }
}

#[cfg(test)]
mod tests;
