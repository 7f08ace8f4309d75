//! The session summary: per question its takes, ratings and durations.

use crate::app::Command;
use crate::session::{RATING_ITEMS, Session};
use crate::ui::rate::take_line;
use crate::ui::rating_scale::{NOT_RATED, score_text};
use crate::ui::shortcut_button;
use crate::ui::shortcuts::{self, Action};

/// Draws the summary of `session`.
pub fn show(ui: &mut egui::Ui, session: &Session) -> Vec<Command> {
    let mut commands = Vec::new();
    if shortcuts::pressed(ui.ctx(), Action::NewSession) {
        commands.push(Command::BackToSetup);
    }
    if shortcuts::pressed(ui.ctx(), Action::OpenInReview) {
        commands.push(Command::OpenSessionInReview);
    }
    ui.horizontal(|ui| {
        ui.heading("Session summary");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if shortcut_button(ui, Action::NewSession).clicked() {
                commands.push(Command::BackToSetup);
            }
            if shortcut_button(ui, Action::OpenInReview).clicked() {
                commands.push(Command::OpenSessionInReview);
            }
        });
    });
    let mut line = format!(
        "{} of {} questions answered",
        session.answered_count(),
        session.questions.len()
    );
    if let Some(avg) = session.average_rating() {
        line.push_str(&format!(" · average rating {avg:.1} / 5"));
    }
    ui.label(line);
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, q) in session.questions.iter().enumerate() {
                ui.strong(format!("{}. {}", i + 1, q.text));
                if q.takes.is_empty() {
                    ui.weak("Not asked");
                }
                for take in &q.takes {
                    ui.label(take_line(take));
                }
                if let Some(r) = q.rating() {
                    let scores: Vec<String> = r
                        .scores_in(RATING_ITEMS)
                        .into_iter()
                        .map(|(item, s)| format!("{item} {}", score_text(s)))
                        .collect();
                    match r.average() {
                        Some(a) => ui.label(format!("Rating {a:.1} / 5: {}", scores.join(", "))),
                        None => ui.label("No item rated."),
                    };
                    if !r.note.is_empty() {
                        ui.label(format!("Note: {}", r.note));
                    }
                }
                ui.add_space(6.0);
            }
            if let Some(r) = &session.reflection {
                ui.separator();
                let prepared = r
                    .preparedness
                    .map_or_else(|| NOT_RATED.to_owned(), |p| format!("{p} / 5"));
                ui.strong(format!("Reflection · prepared {prepared}"));
                if !r.went_well.is_empty() {
                    ui.label(format!("Went well: {}", r.went_well));
                }
                if !r.improve.is_empty() {
                    ui.label(format!("To improve: {}", r.improve));
                }
            }
        });
    commands
}
