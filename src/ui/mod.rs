//! The window: the shell (`eframe` app, screen routing, repaints), the screens and widgets,
//! and the shortcut table. Screens draw from `app` state and return commands; they do no I/O.

pub mod camera;
pub mod framing;
pub mod level_meter;
pub mod metric_text;
pub mod packs;
pub mod parts;
pub mod player;
pub mod progress;
pub mod rate;
pub mod rating_scale;
pub mod recovery;
pub mod reflect;
pub mod review;
pub mod run;
pub mod save_problem;
pub mod setup;
pub mod shell;
pub mod shortcuts;
pub mod summary;
pub mod theme;
pub mod timer;
pub mod transcript;
pub mod waveform;

pub use shell::run;

use crate::app::Command;
use shortcuts::Action;

/// The action's button from the shortcut table, e.g. "Start interview   Enter".
pub fn shortcut_button(ui: &mut egui::Ui, action: Action) -> egui::Response {
    let button = shortcuts::button(ui.ctx(), action);
    ui.add(button)
}

/// The message bar at the bottom of the window, with a way to dismiss it.
pub fn message_bar(ui: &mut egui::Ui, message: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal_centered(|ui| {
        if ui.button("Dismiss").clicked() {
            commands.push(Command::DismissMessage);
        }
        ui.add(
            egui::Label::new(egui::RichText::new(message).color(ui.visuals().warn_fg_color)).wrap(),
        );
    });
    commands
}
