//! Changes the user makes to a reviewed session: the best take of a question, and a take's
//! rating edited after the fact. Each is saved at once (atomically, by the store); a save that
//! fails keeps the change on screen and says so.

use crate::app::forms::RatingForm;
use crate::app::log::log_error;
use crate::session::rating_items_in;

use super::Review;

/// A take's rating being edited in review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingEdit {
    /// 0-based question index.
    pub question: usize,
    /// 1-based take number.
    pub take: u32,
    /// The question as the form's heading, e.g. "Q2. Why this role?".
    pub heading: String,
    /// The form, holding the saved rating to start with.
    pub form: RatingForm,
}

/// Shown when a change to a reviewed session could not be written.
pub const EDIT_NOT_SAVED: &str = "Your change could not be saved to the session file, so it is only on screen for now. Check that the data folder is writable and has space (details in rehearse.log), then try again.";

impl Review {
    /// Marks take `take` of question `question` best, or clears the mark if it was best.
    pub(super) fn toggle_best(&mut self, question: usize, take: u32) {
        let Some(record) = self
            .opened
            .as_mut()
            .and_then(|o| o.session.questions.get_mut(question))
        else {
            return;
        };
        if record.take(take).is_none() {
            return;
        }
        record.best_take = if record.best_take == Some(take) {
            None
        } else {
            Some(take)
        };
        self.save_opened("saving the best take");
    }

    /// Opens the rating form for take `take` of question `question`.
    pub(super) fn edit_rating(&mut self, question: usize, take: u32) {
        let Some(opened) = self.opened.as_ref() else {
            return;
        };
        let items = rating_items_in(opened.session.settings.mode);
        let Some(record) = opened.session.questions.get(question) else {
            return;
        };
        let Some(found) = record.take(take) else {
            return;
        };
        let heading = format!(
            "Q{}. {}",
            question + 1,
            crate::pack::sanitize_display(&record.text)
        );
        let form = match &found.rating {
            Some(rating) => RatingForm::from_rating(items, rating),
            None => RatingForm::new(items),
        };
        self.rating_edit = Some(RatingEdit {
            question,
            take,
            heading,
            form,
        });
    }

    /// Saves the edited rating into its take; the form closes once it is on disk.
    pub(super) fn save_rating_edit(&mut self) {
        let Some(edit) = &self.rating_edit else {
            return;
        };
        let rating = edit.form.to_rating();
        let (question, take) = (edit.question, edit.take);
        let Some(target) = self
            .opened
            .as_mut()
            .and_then(|o| o.session.questions.get_mut(question))
            .and_then(|q| q.take_mut(take))
        else {
            self.rating_edit = None;
            return;
        };
        target.rating = Some(rating);
        if self.save_opened("saving an edited rating") {
            self.rating_edit = None;
        }
    }

    /// The rating being edited, if the form is open.
    pub fn rating_edit(&self) -> Option<&RatingEdit> {
        self.rating_edit.as_ref()
    }

    /// The rating being edited, to change on screen.
    pub fn rating_edit_mut(&mut self) -> Option<&mut RatingEdit> {
        self.rating_edit.as_mut()
    }

    /// Closes the rating form without saving.
    pub(super) fn cancel_rating_edit(&mut self) {
        self.rating_edit = None;
    }

    /// Writes the opened session; on failure logs why and shows [`EDIT_NOT_SAVED`].
    pub(super) fn save_opened(&mut self, what: &str) -> bool {
        let Some(opened) = &self.opened else {
            return false;
        };
        match self.store.save(&opened.dir, &opened.session) {
            // (The list is read again on the way back to it.)
            Ok(()) => true,
            Err(e) => {
                log_error(&self.data_dir, what, &e.to_string());
                self.error = Some(EDIT_NOT_SAVED.to_owned());
                false
            }
        }
    }
}
