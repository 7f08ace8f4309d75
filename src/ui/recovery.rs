//! The start-up prompt for sessions left unfinished by a crash or a kill.

use crate::app::recovery::Unfinished;
use crate::app::{Command, RecoveryChoice};

/// Draws the prompt over the setup screen.
pub fn show(ui: &mut egui::Ui, sessions: &[Unfinished]) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::Modal::new(egui::Id::unique("recovery")).show(ui.ctx(), |ui| {
        ui.heading("Unfinished sessions");
        ui.label("These sessions did not end normally. Their recordings are kept.");
        let mut first = true;
        for unfinished in sessions {
            let s = &unfinished.summary;
            let session = &s.session;
            let answered = session.answered_count();
            ui.separator();
            ui.label(format!(
                "{} · {} · {answered} of {} questions answered",
                session.started_at.format("%Y-%m-%d %H:%M UTC"),
                session.pack_ids.join(", "),
                session.questions.len()
            ));
            ui.label(unfinished.reason.describe());
            ui.horizontal(|ui| {
                let resume = ui.button("Resume").on_hover_text(
                    "Continue where it stopped: rate the last answer, or answer the next question",
                );
                // Keyboard users start on the first choice: Tab moves on, Space or Enter picks.
                if first && ui.memory(|m| m.focused().is_none()) {
                    resume.request_focus();
                }
                first = false;
                if resume.clicked() {
                    commands.push(Command::Recover(s.dir.clone(), RecoveryChoice::Resume));
                }
                if ui
                    .button("Finish")
                    .on_hover_text("Keep it as it is, marked complete")
                    .clicked()
                {
                    commands.push(Command::Recover(s.dir.clone(), RecoveryChoice::Finish));
                }
                if ui
                    .button("Abandon")
                    .on_hover_text("Keep the files, mark the session abandoned")
                    .clicked()
                {
                    commands.push(Command::Recover(s.dir.clone(), RecoveryChoice::Abandon));
                }
            });
        }
    });
    commands
}
