//! Drafts of the self-rating and reflection forms, edited on screen, saved while typing
//! (see [`DraftSaver`]) and saved for good by command.

use std::time::{Duration, Instant};

use crate::session::{
    PITFALLS, REFLECTION_ITEMS, REFLECTION_PARTS, Rating, RatingItem, Reflection, THANK_YOU_CHECKS,
    ThankYouNote, clamp_score, rating_items,
};

/// The self-rating form being filled in; every item starts unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingForm {
    /// The items asked, in form order.
    pub items: &'static [RatingItem],
    /// Score per item in `items` order, 1–5; `None` until the user sets it.
    pub scores: Vec<Option<u8>>,
    /// The free-text note.
    pub note: String,
    /// The item digit keys set next.
    pub cursor: usize,
}

impl Default for RatingForm {
    fn default() -> Self {
        Self::new(rating_items(false))
    }
}

impl RatingForm {
    /// An empty form over `items` (normally [`rating_items`]).
    pub fn new(items: &'static [RatingItem]) -> Self {
        Self {
            items,
            scores: vec![None; items.len()],
            note: String::new(),
            cursor: 0,
        }
    }

    /// A form over `items` holding a saved or drafted rating; the cursor on its first unset item.
    pub fn from_rating(items: &'static [RatingItem], rating: &Rating) -> Self {
        let scores: Vec<Option<u8>> = items.iter().map(|item| rating.score(item.id)).collect();
        let cursor = scores.iter().position(Option::is_none).unwrap_or(0);
        Self {
            items,
            scores,
            note: rating.note.clone(),
            cursor,
        }
    }

    /// Sets item `index` to `score` (clamped to 1–5) and marks the item after it.
    pub fn set(&mut self, index: usize, score: u8) {
        if let Some(slot) = self.scores.get_mut(index) {
            *slot = Some(clamp_score(score));
            self.cursor = index;
            self.move_cursor(1);
        }
    }

    /// Sets the marked item to `score` (clamped to 1–5) and moves to the next item.
    pub fn score_current(&mut self, score: u8) {
        self.set(self.cursor, score);
    }

    /// Moves the cursor by `delta` items, staying inside the form.
    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.scores.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// The rating as stored in the session (unset items stay unset).
    pub fn to_rating(&self) -> Rating {
        Rating::new(self.items, &self.scores, self.note.trim().to_owned())
    }
}

/// The reflection form being filled in: the parts' scores (digit keys as on the rating
/// form), a note per part, strengths and weaknesses, the pitfalls and the thank-you note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectionForm {
    /// The scored items ([`REFLECTION_ITEMS`]), driven like the rating form.
    pub scores: RatingForm,
    /// A note per part, in [`REFLECTION_PARTS`] order.
    pub notes: Vec<String>,
    /// Strengths: what went well.
    pub went_well: String,
    /// Weaknesses: what to improve.
    pub improve: String,
    /// Whether each of the [`PITFALLS`] is ticked, in table order.
    pub pitfalls: Vec<bool>,
    /// The thank-you note, once the exercise was started.
    pub thank_you: Option<ThankYouForm>,
}

impl Default for ReflectionForm {
    fn default() -> Self {
        Self {
            scores: RatingForm::new(REFLECTION_ITEMS),
            notes: vec![String::new(); REFLECTION_PARTS.len()],
            went_well: String::new(),
            improve: String::new(),
            pitfalls: vec![false; PITFALLS.len()],
            thank_you: None,
        }
    }
}

/// The thank-you note exercise being written: the text, the checklist and its timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThankYouForm {
    /// The note.
    pub text: String,
    /// Whether each of the [`THANK_YOU_CHECKS`] is ticked, in table order.
    pub checks: Vec<bool>,
    /// Time spent writing.
    pub timer: WritingTimer,
}

/// A stopwatch from timestamps: time banked before, plus the run since `since`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WritingTimer {
    before: Duration,
    since: Option<Instant>,
}

/// Drafts hold the writing time in steps of this, so a running timer's draft settles and is
/// written (a kill loses at most one step of the time, none of the text).
pub const DRAFT_TIMER_STEP: u32 = 10;

impl WritingTimer {
    /// A stopped timer that has counted `before`.
    pub fn stopped(before: Duration) -> Self {
        Self {
            before,
            since: None,
        }
    }

    /// Time counted up to `now`.
    pub fn elapsed(&self, now: Instant) -> Duration {
        self.before
            + self
                .since
                .map_or(Duration::ZERO, |s| now.saturating_duration_since(s))
    }

    /// Runs from `now` on, if not running already.
    pub fn run(&mut self, now: Instant) {
        self.since.get_or_insert(now);
    }

    /// Stops at `now`, keeping what was counted.
    pub fn stop(&mut self, now: Instant) {
        self.before = self.elapsed(now);
        self.since = None;
    }

    /// Whether it is counting.
    pub fn is_running(&self) -> bool {
        self.since.is_some()
    }

    /// Time until its display next changes (the next whole second), while running.
    pub fn next_tick(&self, now: Instant) -> Option<Duration> {
        self.since?;
        let into = self.elapsed(now).subsec_nanos();
        Some(Duration::from_nanos(u64::from(1_000_000_000 - into)))
    }
}

impl ThankYouForm {
    /// The note as stored, its time counted to `now` in whole seconds.
    fn to_note(&self, now: Instant) -> ThankYouNote {
        ThankYouNote {
            text: self.text.trim().to_owned(),
            checklist: ticked(THANK_YOU_CHECKS.iter().map(|c| c.id), &self.checks),
            writing_s: u32::try_from(self.timer.elapsed(now).as_secs()).unwrap_or(u32::MAX),
        }
    }

    fn from_note(note: &ThankYouNote) -> Self {
        Self {
            text: note.text.clone(),
            checks: ticks(THANK_YOU_CHECKS.iter().map(|c| c.id), &note.checklist),
            timer: WritingTimer::stopped(Duration::from_secs(u64::from(note.writing_s))),
        }
    }
}

/// The ids whose box is ticked, in table order.
fn ticked<'a>(ids: impl Iterator<Item = &'a str>, boxes: &[bool]) -> Vec<String> {
    ids.zip(boxes)
        .filter(|(_, on)| **on)
        .map(|(id, _)| id.to_owned())
        .collect()
}

/// A box per id: ticked if `ticked` holds it.
fn ticks<'a>(ids: impl Iterator<Item = &'a str>, ticked: &[String]) -> Vec<bool> {
    ids.map(|id| ticked.iter().any(|t| t == id)).collect()
}

impl ReflectionForm {
    /// A form holding a drafted reflection (a note's timer stopped until [`Self::keep_timing`]).
    pub fn from_reflection(reflection: &Reflection) -> Self {
        let scores = Rating {
            scores: reflection.scores.clone(),
            note: String::new(),
        };
        Self {
            scores: RatingForm::from_rating(REFLECTION_ITEMS, &scores),
            notes: REFLECTION_PARTS
                .iter()
                .map(|part| reflection.note(*part).to_owned())
                .collect(),
            went_well: reflection.went_well.clone(),
            improve: reflection.improve.clone(),
            pitfalls: ticks(PITFALLS.iter().map(|p| p.id), &reflection.pitfalls),
            thank_you: reflection.thank_you.as_ref().map(ThankYouForm::from_note),
        }
    }

    /// The reflection as stored in the session, the note's time counted to `now`.
    pub fn to_reflection(&self, now: Instant) -> Reflection {
        Reflection {
            scores: self.scores.to_rating().scores,
            notes: REFLECTION_PARTS
                .iter()
                .zip(&self.notes)
                .filter(|(_, note)| !note.trim().is_empty())
                .map(|(part, note)| (part.id().to_owned(), note.trim().to_owned()))
                .collect(),
            went_well: self.went_well.trim().to_owned(),
            improve: self.improve.trim().to_owned(),
            pitfalls: ticked(PITFALLS.iter().map(|p| p.id), &self.pitfalls),
            thank_you: self.thank_you.as_ref().map(|t| t.to_note(now)),
        }
    }

    /// The reflection as a draft at `now`: the note's time in [`DRAFT_TIMER_STEP`] steps.
    pub fn draft(&self, now: Instant) -> Reflection {
        let mut draft = self.to_reflection(now);
        if let Some(note) = &mut draft.thank_you {
            note.writing_s -= note.writing_s % DRAFT_TIMER_STEP;
        }
        draft
    }

    /// Starts the thank-you note exercise at `now` (its timer runs); a started one goes on.
    pub fn start_note(&mut self, now: Instant) {
        self.thank_you
            .get_or_insert_with(|| ThankYouForm {
                text: String::new(),
                checks: vec![false; THANK_YOU_CHECKS.len()],
                timer: WritingTimer::default(),
            })
            .timer
            .run(now);
    }

    /// Keeps a started note's timer running while the form is shown (after a recovery too).
    pub fn keep_timing(&mut self, now: Instant) {
        if let Some(t) = &mut self.thank_you {
            t.timer.run(now);
        }
    }

    /// Stops the note's timer at `now` (the reflection is saved).
    pub fn stop_timing(&mut self, now: Instant) {
        if let Some(t) = &mut self.thank_you {
            t.timer.stop(now);
        }
    }

    /// Time until the note's timer shows a new second, while it runs.
    pub fn timer_next_tick(&self, now: Instant) -> Option<Duration> {
        self.thank_you.as_ref()?.timer.next_tick(now)
    }
}

/// How long a form must stay unchanged before its draft is written.
pub const DRAFT_DELAY: Duration = Duration::from_secs(1);

/// Debounces draft writes: hands out a form's content once it has stayed the same for
/// [`DRAFT_DELAY`] and differs from what was last written.
#[derive(Debug, Clone)]
pub struct DraftSaver<T> {
    written: T,
    changed: Option<(T, Instant)>,
}

impl<T: Clone + PartialEq> DraftSaver<T> {
    /// A saver whose last written (or initial) content is `written`.
    pub fn new(written: T) -> Self {
        Self {
            written,
            changed: None,
        }
    }

    /// Looks at the form's `current` content at `now`; returns it when it is due to be written.
    pub fn poll(&mut self, current: &T, now: Instant) -> Option<T> {
        if *current == self.written {
            self.changed = None;
            return None;
        }
        match &self.changed {
            Some((seen, _)) if seen == current => {}
            _ => self.changed = Some((current.clone(), now)),
        }
        let (_, since) = self.changed.as_ref()?;
        if now.saturating_duration_since(*since) < DRAFT_DELAY {
            return None;
        }
        self.changed = None;
        self.written = current.clone();
        Some(current.clone())
    }

    /// Returns `current` at once if it differs from what was last written (closing the window).
    pub fn flush(&mut self, current: &T) -> Option<T> {
        self.changed = None;
        (*current != self.written).then(|| {
            self.written = current.clone();
            current.clone()
        })
    }

    /// [`Self::poll`] at `now`, or [`Self::flush`] when `now` is `None`.
    pub fn due(&mut self, current: &T, now: Option<Instant>) -> Option<T> {
        match now {
            Some(now) => self.poll(current, now),
            None => self.flush(current),
        }
    }

    /// Time until the pending change is due (for a repaint then); `None` if nothing is pending.
    pub fn due_in(&self, now: Instant) -> Option<Duration> {
        let (_, since) = self.changed.as_ref()?;
        Some(DRAFT_DELAY.saturating_sub(now.saturating_duration_since(*since)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::RatingGroup;

    /// The items of a form outside a panel interview.
    const RATING_ITEMS: &[RatingItem] = crate::session::RATING_ITEMS.split_at(7).0;

    #[test]
    fn items_start_unset_and_digits_fill_the_form_in_order() {
        let mut f = RatingForm::default();
        assert_eq!(f.scores, vec![None; RATING_ITEMS.len()]);
        assert_eq!(
            f.to_rating().average(),
            None,
            "an untouched form has no score"
        );
        for d in [5, 4, 3] {
            f.score_current(d);
        }
        f.move_cursor(1); // skip "Clarity"
        for d in [1, 2, 9] {
            f.score_current(d);
        }
        let expected = [5, 4, 3].map(Some).into_iter().chain([None]);
        let expected: Vec<_> = expected.chain([1, 2, 5].map(Some)).collect();
        assert_eq!(f.scores, expected);
        assert_eq!(f.cursor, 6, "stays on the last item");
        f.move_cursor(-10);
        assert_eq!(f.cursor, 0);
        f.note = "  good  ".into();
        let r = f.to_rating();
        assert_eq!(r.score("posture"), Some(5));
        assert_eq!(r.score("clarity"), None, "saved as unset");
        assert_eq!(r.score("confidence"), Some(5));
        assert_eq!(r.note, "good");
        assert_eq!(r.average(), Some(20.0 / 6.0), "the unset item is left out");
        assert_eq!(RatingForm::from_rating(RATING_ITEMS, &r).cursor, 3);
    }

    /// Adding an item is one line in the table: the form, the saved rating and the average
    /// follow it without other changes.
    #[test]
    fn an_eighth_item_flows_through_form_save_and_average() {
        let mut items = RATING_ITEMS.to_vec();
        items.push(RatingItem {
            id: "energy",
            label: "Energy",
            help: "Sounded engaged",
            group: RatingGroup::Delivery,
            panel_only: false,
        });
        let items: &'static [RatingItem] = items.leak();
        let mut f = RatingForm::new(items);
        assert_eq!(f.scores.len(), 8);
        for _ in 0..7 {
            f.score_current(2);
        }
        assert_eq!(f.cursor, 7, "the cursor reaches the new item");
        f.score_current(5);
        let r = f.to_rating();
        assert_eq!(r.score("energy"), Some(5));
        assert_eq!(r.average(), Some((7.0 * 2.0 + 5.0) / 8.0));
        let stored: Rating = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(RatingForm::from_rating(items, &stored).scores, f.scores);
        assert_eq!(stored.scores_in(items)[7], ("Energy", Some(5)));
        // A rating saved before the item existed reads it as unset.
        let old = RatingForm::default().to_rating();
        assert_eq!(RatingForm::from_rating(items, &old).scores[7], None);
    }

    #[test]
    fn the_reflection_starts_unset_and_round_trips_through_a_draft() {
        let t0 = Instant::now();
        let mut f = ReflectionForm::default();
        let empty = f.to_reflection(t0);
        assert_eq!(empty.part_score(RatingGroup::Preparation), None);
        assert!(empty.scores.values().all(Option::is_none));
        assert_eq!(empty.thank_you, None, "the note is skipped unless started");
        for score in [4, 3, 5, 4] {
            f.scores.score_current(score);
        }
        f.scores.score_current(9);
        f.notes[1] = " Rushed the ending ".into();
        f.went_well = " Calm ".into();
        f.pitfalls[4] = true;
        let r = f.to_reflection(t0);
        assert_eq!(r.score("preparation"), Some(4));
        assert_eq!(r.score("rapport"), Some(5), "clamped to 1–5");
        assert_eq!(r.score("enthusiasm"), None);
        assert_eq!(r.part_score(RatingGroup::Communication), Some(4.0));
        assert_eq!(r.note(RatingGroup::Communication), "Rushed the ending");
        assert_eq!(r.went_well, "Calm");
        assert_eq!(r.pitfalls, ["talked_too_long"]);
        let back = ReflectionForm::from_reflection(&r);
        assert_eq!(back.to_reflection(t0), r);
        assert_eq!(back.scores.cursor, 5, "on the first unset item");
    }

    #[test]
    fn the_thank_you_timer_counts_from_its_start_and_drafts_settle_in_steps() {
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_millis(s);
        let mut f = ReflectionForm::default();
        assert_eq!(f.timer_next_tick(t0), None);
        f.start_note(at(0));
        let note = f.thank_you.as_mut().unwrap();
        note.text = "Thank you for your time".into();
        note.checks[1] = true;
        f.start_note(at(5_000)); // already started: goes on
        assert_eq!(
            f.timer_next_tick(at(61_300)),
            Some(Duration::from_millis(700))
        );
        let saved = f.to_reflection(at(61_300)).thank_you.unwrap();
        assert_eq!(saved.writing_s, 61);
        assert_eq!(saved.checklist, ["thanked"]);
        assert_eq!(f.draft(at(61_300)).thank_you.unwrap().writing_s, 60);
        assert_eq!(f.draft(at(69_900)), f.draft(at(60_000)), "a draft settles");

        // Recovered from a draft: stopped at what was counted, running again once shown.
        let mut back = ReflectionForm::from_reflection(&f.draft(at(61_300)));
        let later = at(500_000);
        assert_eq!(back.to_reflection(later).thank_you.unwrap().writing_s, 60);
        back.keep_timing(later);
        let on = back.to_reflection(later + Duration::from_secs(30));
        assert_eq!(on.thank_you.unwrap().writing_s, 90);
        back.stop_timing(later + Duration::from_secs(30));
        assert_eq!(back.timer_next_tick(later), None);
        let stopped = back.to_reflection(later + Duration::from_secs(99));
        assert_eq!(stopped.thank_you.unwrap().writing_s, 90);
    }

    #[test]
    fn a_draft_is_due_one_second_after_the_last_change() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut saver = DraftSaver::new(String::new());
        assert_eq!(saver.poll(&String::new(), at(0)), None, "nothing typed");
        assert_eq!(saver.due_in(at(0)), None);
        assert_eq!(saver.poll(&"a".into(), at(0)), None);
        assert_eq!(
            saver.poll(&"ab".into(), at(600)),
            None,
            "typing restarts the wait"
        );
        assert_eq!(saver.due_in(at(900)), Some(Duration::from_millis(700)));
        assert_eq!(saver.poll(&"ab".into(), at(1599)), None);
        assert_eq!(saver.poll(&"ab".into(), at(1600)), Some("ab".into()));
        assert_eq!(saver.poll(&"ab".into(), at(5000)), None, "written once");
        assert_eq!(saver.poll(&"a".into(), at(5000)), None);
        assert_eq!(saver.poll(&"a".into(), at(6000)), Some("a".into()));
        assert_eq!(saver.poll(&"abc".into(), at(6100)), None);
        assert_eq!(
            saver.flush(&"abc".into()),
            Some("abc".into()),
            "closing writes at once"
        );
        assert_eq!(saver.flush(&"abc".into()), None);
        assert_eq!(saver.due_in(at(6200)), None);
    }
}
