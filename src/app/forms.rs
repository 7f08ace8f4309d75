//! Drafts of the self-rating and reflection forms, edited on screen and saved by command.

use crate::session::{Rating, Reflection};

/// What each rating item asks, in [`crate::session::RATING_LABELS`] order.
pub const RATING_HELP: [&str; 7] = [
    "Sitting or standing upright and open",
    "Looking at the camera or the interviewer",
    "Hands natural, no fidgeting",
    "Easy to follow",
    "STAR, or present-past-future",
    "To the point, no rambling",
    "Sounded sure of yourself",
];

/// The score a new form starts with (the middle of the scale).
pub const NEUTRAL_SCORE: u8 = 3;

/// The self-rating form being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingForm {
    /// Scores in [`crate::session::RATING_LABELS`] order, each 1–5.
    pub scores: [u8; 7],
    /// The free-text note.
    pub note: String,
    /// The item digit keys set next.
    pub cursor: usize,
}

impl Default for RatingForm {
    fn default() -> Self {
        Self {
            scores: [NEUTRAL_SCORE; 7],
            note: String::new(),
            cursor: 0,
        }
    }
}

impl RatingForm {
    /// Sets the item under the cursor to `score` (clamped to 1–5) and moves to the next item.
    pub fn score_current(&mut self, score: u8) {
        self.scores[self.cursor] = score.clamp(1, 5);
        self.move_cursor(1);
    }
    /// Moves the cursor by `delta` items, staying inside the form.
    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.scores.len() - 1;
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }
    /// The rating as stored in the session.
    pub fn to_rating(&self) -> Rating {
        Rating::from_scores(self.scores, self.note.trim().to_owned())
    }
}

/// The reflection form being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectionForm {
    /// What went well.
    pub went_well: String,
    /// What to improve.
    pub improve: String,
    /// How prepared the user felt, 1–5.
    pub preparedness: u8,
    /// Whether the first field has been given the keyboard focus (done once, on arrival).
    pub focused: bool,
}

impl Default for ReflectionForm {
    fn default() -> Self {
        Self {
            went_well: String::new(),
            improve: String::new(),
            preparedness: NEUTRAL_SCORE,
            focused: false,
        }
    }
}

impl ReflectionForm {
    /// The reflection as stored in the session.
    pub fn to_reflection(&self) -> Reflection {
        Reflection {
            went_well: self.went_well.trim().to_owned(),
            improve: self.improve.trim().to_owned(),
            preparedness: self.preparedness.clamp(1, 5),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_fill_the_form_in_order() {
        let mut f = RatingForm::default();
        for d in [5, 4, 3, 2, 1, 2, 9] {
            f.score_current(d);
        }
        assert_eq!(f.scores, [5, 4, 3, 2, 1, 2, 5]);
        assert_eq!(f.cursor, 6, "stays on the last item");
        f.move_cursor(-10);
        assert_eq!(f.cursor, 0);
        f.note = "  good  ".into();
        let r = f.to_rating();
        assert_eq!((r.posture, r.confidence, r.note.as_str()), (5, 5, "good"));
        assert!((r.average() - 22.0 / 7.0).abs() < 1e-9);
    }
}
