//! A 1–5 scale: five toggle buttons, each named "<item> <score>" for screen readers and tests,
//! and a "not rated" mark while no score is chosen.

use crate::session::{MAX_SCORE, MIN_SCORE};

/// What an unset scale shows beside its buttons.
pub const NOT_RATED: &str = "not rated";

/// Draws the scale for `item` (`None`: unset); returns the score clicked, if any.
pub fn show(ui: &mut egui::Ui, item: &str, value: Option<u8>) -> Option<u8> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        for score in MIN_SCORE..=MAX_SCORE {
            let response = ui
                .add(egui::Button::selectable(
                    value == Some(score),
                    score.to_string(),
                ))
                .accessible_name(format!("{item} {score}"));
            if response.clicked() {
                clicked = Some(score);
            }
        }
        if value.is_none() {
            ui.label(egui::RichText::new(NOT_RATED).italics())
                .on_hover_text(format!("{item}: not rated yet; left out of the average"));
        }
    });
    clicked
}

/// A score for display: "4", or "not rated".
pub fn score_text(score: Option<u8>) -> String {
    score.map_or_else(|| NOT_RATED.to_owned(), |s| s.to_string())
}
