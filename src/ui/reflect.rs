//! The end-of-session reflection form.

use crate::app::Command;
use crate::app::forms::ReflectionForm;
use crate::ui::shortcuts::{self, Action};
use crate::ui::{rating_scale, shortcut_button};

/// Draws the reflection form; edits `form` in place.
pub fn show(
    ui: &mut egui::Ui,
    form: &mut ReflectionForm,
    answered: usize,
    total: usize,
    ended_early: bool,
) -> Vec<Command> {
    let mut commands = Vec::new();
    if shortcuts::pressed(ui.ctx(), Action::SaveReflection) {
        commands.push(Command::SaveReflection);
    }
    ui.heading("How did it go?");
    let early = if ended_early {
        " You ended the session early; everything so far is saved."
    } else {
        ""
    };
    ui.label(format!(
        "You answered {answered} of {total} questions.{early}"
    ));
    ui.add_space(8.0);
    let label = ui.label("What went well");
    let went_well = ui
        .add(
            egui::TextEdit::multiline(&mut form.went_well)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    // Arriving here by keyboard, the user can type at once (Tab moves on, Ctrl+Enter saves).
    if !form.focused {
        form.focused = true;
        went_well.request_focus();
    }
    let label = ui.label("What to improve next time");
    ui.add(
        egui::TextEdit::multiline(&mut form.improve)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal(|ui| {
        ui.label("How prepared did you feel? (1–5)");
        if let Some(score) = rating_scale::show(ui, "Preparedness", form.preparedness) {
            form.preparedness = Some(score);
        }
    });
    ui.add_space(8.0);
    ui.weak("Tab moves to the next field.");
    if shortcut_button(ui, Action::SaveReflection).clicked() {
        commands.push(Command::SaveReflection);
    }
    commands
}
