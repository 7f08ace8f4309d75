//! The start-up prompt for sessions left unfinished by a crash or a kill.

use crate::app::recovery::Unfinished;
use crate::app::{Command, RecoveryChoice};
use crate::pack::LibraryPack;
use crate::session::Session;

/// Draws the prompt over the setup screen; `packs` names the sessions' packs by title.
pub fn show(ui: &mut egui::Ui, sessions: &[Unfinished], packs: &[LibraryPack]) -> Vec<Command> {
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
                crate::ui::review::session_date(session),
                pack_titles(session, packs),
                session.questions.len()
            ));
            let at = session.first_unrated().map(|i| i + 1);
            ui.label(unfinished.reason.describe(at));
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

/// The session's packs by title; the id only where the pack is no longer in the library.
fn pack_titles(session: &Session, packs: &[LibraryPack]) -> String {
    let titles: Vec<&str> = session
        .pack_ids
        .iter()
        .map(|id| {
            packs
                .iter()
                .find(|p| &p.pack.id == id)
                .map_or(id.as_str(), |p| p.pack.title.as_str())
        })
        .collect();
    titles.join(", ")
}
