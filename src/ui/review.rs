//! The review screen: past sessions, one session's takes, ratings, metrics, and playback.

use crate::app::review::{Review, ReviewCommand};

/// Draws the review screen and returns what the user asked for.
pub fn show(ui: &mut egui::Ui, review: &Review) -> Vec<ReviewCommand> {
    let _ = review;
    ui.heading("Past sessions");
    Vec::new()
}
