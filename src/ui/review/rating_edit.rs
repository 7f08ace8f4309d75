//! The rating form over a reviewed session: a take's saved rating, edited after the fact.

use crate::app::review::{RatingEdit, ReviewCommand};
use crate::ui::shortcut_button;
use crate::ui::shortcuts::{self, Action};

/// Draws the form over the screen; edits `edit` in place.
pub fn show(ui: &mut egui::Ui, edit: &mut RatingEdit) -> Vec<ReviewCommand> {
    let mut commands = Vec::new();
    let ctx = ui.ctx().clone();
    if shortcuts::pressed(&ctx, Action::SaveEditedRating) {
        commands.push(ReviewCommand::SaveRatingEdit);
    }
    if !ctx.egui_wants_keyboard_input() {
        crate::ui::rate::form_keys(&ctx, &mut edit.form);
    }
    let modal = egui::Modal::new(egui::Id::unique("review-edit-rating")).show(&ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(format!("Rate take {} again", edit.take));
        ui.label(egui::RichText::new(&edit.heading).strong());
        ui.add_space(6.0);
        crate::ui::rate::rating_grid_and_note(ui, &mut edit.form, false);
        ui.weak("Keys: 1–5 score the marked item, Up/Down move, Enter saves, Esc cancels.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if shortcut_button(ui, Action::SaveEditedRating).clicked() {
                commands.push(ReviewCommand::SaveRatingEdit);
            }
            if shortcut_button(ui, Action::CancelEditedRating).clicked() {
                commands.push(ReviewCommand::CancelRatingEdit);
            }
        });
    });
    // Esc (the cancel key) or a click outside closes it without saving.
    if modal.should_close() && !commands.contains(&ReviewCommand::SaveRatingEdit) {
        commands.push(ReviewCommand::CancelRatingEdit);
    }
    commands
}
