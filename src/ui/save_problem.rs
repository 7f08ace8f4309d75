//! What the window shows while the session in memory could not be saved to disk.

use crate::app::Command;
use crate::app::rehearsal::Rehearsal;

/// The bar with "Retry" and "Save elsewhere…", drawn above the rehearsal while it is unsaved.
pub fn show(ui: &mut egui::Ui, r: &mut Rehearsal) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(problem) = r.unsaved() else {
        return commands;
    };
    let headline = if problem.disk_full {
        "Not saved: the disk is full."
    } else {
        "Not saved: the data folder cannot be written."
    };
    ui.group(|ui| {
        ui.colored_label(ui.visuals().warn_fg_color, headline);
        ui.label("Your answers stay in this window. Free some space, then Retry.");
        ui.horizontal_wrapped(|ui| {
            if ui.button("Retry").clicked() {
                commands.push(Command::RetrySave);
            }
            ui.separator();
            if ui.button("Save elsewhere…").clicked() {
                commands.push(Command::ChooseSaveFolder);
            }
            // Where no folder dialog can open: type the path.
            let label = ui.label("or type a folder:");
            ui.add(
                egui::TextEdit::singleline(&mut r.save_elsewhere_path)
                    .hint_text("/media/usb")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            if ui.button("Save to this folder").clicked() {
                commands.push(Command::SaveElsewhere(r.save_elsewhere_path.trim().into()));
            }
        });
    });
    commands
}

/// In place of the summary while the session is unsaved: a summary would disagree with disk.
pub fn summary_not_saved(ui: &mut egui::Ui) {
    ui.heading("Session not saved yet");
    ui.label(
        "The summary appears once the session is saved. Free some space and press Retry, or \
         save a copy elsewhere.",
    );
}
