//! Screens and widgets. Functions here draw from state and return commands; they do no I/O.

pub mod level_meter;
pub mod packs;
pub mod rate;
pub mod rating_scale;
pub mod recovery;
pub mod reflect;
pub mod review;
pub mod run;
pub mod save_problem;
pub mod setup;
pub mod summary;
pub mod timer;

use crate::app::Command;
use crate::app::shortcuts::{self, Action};

/// A button showing its keyboard shortcut, e.g. "Start interview   Enter".
pub fn shortcut_button(ui: &mut egui::Ui, text: &str, action: Action) -> egui::Response {
    let shortcut = shortcuts::label(ui.ctx(), action);
    ui.add(egui::Button::new(text).shortcut_text(shortcut))
}

/// The message bar at the bottom of the window, with a way to dismiss it.
pub fn message_bar(ui: &mut egui::Ui, message: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(message).color(ui.visuals().warn_fg_color));
        if ui.button("Dismiss").clicked() {
            commands.push(Command::DismissMessage);
        }
    });
    commands
}
