//! Drafts of the self-rating and reflection forms, edited on screen, saved while typing
//! (see [`DraftSaver`]) and saved for good by command.

use std::time::{Duration, Instant};

use crate::session::{Rating, RatingItem, Reflection, clamp_score, rating_items};

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

/// The reflection form being filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReflectionForm {
    /// What went well.
    pub went_well: String,
    /// What to improve.
    pub improve: String,
    /// How prepared the user felt, 1–5; `None` until set.
    pub preparedness: Option<u8>,
    /// Whether the first field has been given the keyboard focus (done once, on arrival).
    pub focused: bool,
}

impl ReflectionForm {
    /// A form holding a drafted reflection.
    pub fn from_reflection(reflection: &Reflection) -> Self {
        Self {
            went_well: reflection.went_well.clone(),
            improve: reflection.improve.clone(),
            preparedness: reflection.preparedness,
            focused: false,
        }
    }

    /// The reflection as stored in the session.
    pub fn to_reflection(&self) -> Reflection {
        Reflection {
            went_well: self.went_well.trim().to_owned(),
            improve: self.improve.trim().to_owned(),
            preparedness: self.preparedness.map(clamp_score),
        }
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
        let mut f = ReflectionForm::default();
        assert_eq!(f.to_reflection().preparedness, None);
        f.went_well = " Calm ".into();
        f.preparedness = Some(7);
        let r = f.to_reflection();
        assert_eq!((r.went_well.as_str(), r.preparedness), ("Calm", Some(5)));
        assert_eq!(ReflectionForm::from_reflection(&r).to_reflection(), r);
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
