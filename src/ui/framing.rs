//! The video call's framing reminder: what to check before the session starts.

use crate::app::Command;
use crate::ui::shortcut_button;
use crate::ui::shortcuts::{self, Action};

/// What to check before a video interview, from the interview guide.
pub const FRAMING_CHECKS: &[(&str, &str)] = &[
    (
        "Camera at eye level",
        "Raise the laptop or camera so you look straight ahead, not down into it.",
    ),
    (
        "Head and shoulders in frame",
        "Your eyes about a third of the way down the picture, a little space above your head.",
    ),
    (
        "A quiet, tidy background",
        "Nothing moving behind you, and nothing you would not show an employer.",
    ),
    (
        "Light in front of you",
        "Face a window or a lamp; a window behind you turns you into a silhouette.",
    ),
    (
        "Look at the camera when you speak",
        "That is eye contact for the person on the other side, not their face on your screen.",
    ),
];

/// Draws the framing reminder, beside the self-view with its framing guide when the camera is
/// on; Enter starts the interview, Esc goes back to setup.
pub fn show(ui: &mut egui::Ui, camera: &crate::app::camera::CameraView) -> Vec<Command> {
    let mut commands = Vec::new();
    let ctx = ui.ctx().clone();
    if shortcuts::pressed(&ctx, Action::StartInterview) {
        commands.push(Command::StartInterview);
    } else if shortcuts::pressed(&ctx, Action::BackToSetup) {
        commands.push(Command::BackToSetup);
    }
    ui.heading("Before the video call");
    ui.label("Interviewers judge what they see first. Check your frame before you start:");
    ui.add_space(8.0);
    let id = egui::Id::unique("framing checks");
    let mut ticked: Vec<bool> = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    ticked.resize(FRAMING_CHECKS.len(), false);
    egui::Grid::new(id.with("grid"))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for ((check, how), ticked) in FRAMING_CHECKS.iter().zip(ticked.iter_mut()) {
                ui.checkbox(ticked, *check);
                ui.weak(*how);
                ui.end_row();
            }
        });
    ui.data_mut(|d| d.insert_temp(id, ticked));
    ui.add_space(8.0);
    match (&camera.active, &camera.frame) {
        (Some(_), Some(frame)) => {
            crate::ui::camera::self_view(ui, "framing self-view", frame, 480.0);
            ui.weak("Your eyes on the dashed line, your face around the centre mark.");
        }
        (Some(_), None) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Starting the camera…");
            });
        }
        (None, _) => {
            ui.weak(
                "Turn the camera on in setup to see yourself here with a framing guide, \
                 and to film your answers.",
            );
        }
    }
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if shortcut_button(ui, Action::StartInterview).clicked() {
            commands.push(Command::StartInterview);
        }
        if shortcut_button(ui, Action::BackToSetup).clicked() {
            commands.push(Command::BackToSetup);
        }
    });
    commands
}
