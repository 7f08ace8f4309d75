//! The start-up prompt for sessions left unfinished by a crash or a kill.

use crate::app::{Command, RecoveryChoice};
use crate::session::SessionSummary;

/// Draws the prompt over the setup screen.
pub fn show(ui: &mut egui::Ui, sessions: &[SessionSummary]) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::Modal::new(egui::Id::unique("recovery")).show(ui.ctx(), |ui| {
        ui.heading("Unfinished sessions");
        ui.label("These sessions did not end normally. Their recordings are kept.");
        for s in sessions {
            let session = &s.session;
            let answered = session.answered_count();
            ui.separator();
            ui.label(format!(
                "{} · {} · {answered} of {} questions answered",
                session.started_at.format("%Y-%m-%d %H:%M UTC"),
                session.pack_ids.join(", "),
                session.questions.len()
            ));
            ui.horizontal(|ui| {
                if ui
                    .button("Resume")
                    .on_hover_text("Continue at the first question you have not rated")
                    .clicked()
                {
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
