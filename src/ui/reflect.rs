//! The end-of-session reflection form: the guide's three parts scored (digit keys as on the
//! rating form) with a note each, strengths and weaknesses, the pitfalls checklist and the
//! timed thank-you note exercise.

use std::time::Instant;

use crate::app::Command;
use crate::app::forms::{ReflectionForm, ThankYouForm};
use crate::pack::sanitize_display as shown;
use crate::session::{
    CheckItem, PITFALLS, REFLECTION_PARTS, Reflection, THANK_YOU_CHECKS, THANK_YOU_TARGET,
};
use crate::ui::shortcuts::{self, Action};
use crate::ui::{shortcut_button, theme, timer};

/// The strengths field, where Tab goes from the scores.
const STRENGTHS: &str = "reflection strengths";

/// What the reflection screen shows besides the form.
pub struct ReflectView {
    /// Questions answered.
    pub answered: usize,
    /// Questions planned.
    pub total: usize,
    /// The session was ended before its last question.
    pub ended_early: bool,
    /// The app's clock now (the thank-you note's timer).
    pub now: Instant,
}

/// Draws the reflection form; edits `form` in place.
pub fn show(ui: &mut egui::Ui, form: &mut ReflectionForm, view: &ReflectView) -> Vec<Command> {
    let mut commands = Vec::new();
    let ctx = ui.ctx().clone();
    if shortcuts::pressed(&ctx, Action::SaveReflection) {
        commands.push(Command::SaveReflection);
    }
    if shortcuts::pressed(&ctx, Action::StartThankYouNote) {
        commands.push(Command::StartThankYouNote);
    }
    // Digits score while no text field is being edited.
    crate::ui::rate::form_keys(&ctx, &mut form.scores);
    let strengths_id = egui::Id::unique(STRENGTHS);
    if ctx.memory(|m| m.focused()).is_none() {
        // Tab from the scores goes to the writing, not through every score button.
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab)) {
            ctx.memory_mut(|m| {
                m.request_focus(strengths_id);
                m.move_focus(egui::FocusDirection::None);
            });
        }
    }
    ui.heading("How did it go?");
    let early = if view.ended_early {
        " You ended the session early; everything so far is saved."
    } else {
        ""
    };
    ui.label(format!(
        "You answered {} of {} questions.{early}",
        view.answered, view.total
    ));
    ui.horizontal(|ui| {
        if shortcut_button(ui, Action::SaveReflection).clicked() {
            commands.push(Command::SaveReflection);
        }
        ui.weak(
            "Keys: 1–5 score the marked item, Up/Down move, Tab goes to the writing and on, \
             Ctrl+Enter saves.",
        );
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("reflection")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.columns(2, |cols| {
                parts_and_writing(&mut cols[0], form, strengths_id);
                let ui = &mut cols[1];
                ui.strong("Pitfalls you fell into");
                checklist(ui, PITFALLS, &mut form.pitfalls);
                ui.add_space(10.0);
                thank_you(ui, form, view.now, &mut commands);
            });
        });
    commands
}

/// The scored parts with their notes, then strengths and weaknesses.
fn parts_and_writing(ui: &mut egui::Ui, form: &mut ReflectionForm, strengths_id: egui::Id) {
    ui.strong("Score each part, 1 to 5");
    let notes = &mut form.notes;
    crate::ui::rate::scored_grid(
        ui,
        "reflection grid",
        &mut form.scores,
        false,
        |ui, part| {
            let Some(i) = REFLECTION_PARTS.iter().position(|p| *p == part) else {
                return;
            };
            ui.label("");
            let name = format!("{} note", part.label());
            ui.add(
                egui::TextEdit::singleline(&mut notes[i])
                    .hint_text(format!(
                        "Note on {} (optional)",
                        part.label().to_lowercase()
                    ))
                    .desired_width(220.0),
            )
            .accessible_name(name);
            ui.end_row();
        },
    );
    ui.add_space(8.0);
    let strengths = egui::TextEdit::multiline(&mut form.went_well).id(strengths_id);
    text_box(ui, "Strengths (what went well)", strengths, 3);
    let weaknesses = egui::TextEdit::multiline(&mut form.improve);
    text_box(ui, "Weaknesses (what to improve)", weaknesses, 3);
}

/// A full-width text box of `rows` rows under its `label`, named by it.
fn text_box(ui: &mut egui::Ui, label: &str, edit: egui::TextEdit<'_>, rows: usize) {
    let label = ui.label(label);
    ui.add(edit.desired_rows(rows).desired_width(f32::INFINITY))
        .labelled_by(label.id);
}

/// A tick box per row of `table`, its help on hover.
fn checklist(ui: &mut egui::Ui, table: &[CheckItem], ticks: &mut [bool]) {
    for (item, on) in table.iter().zip(ticks) {
        ui.checkbox(on, item.label).on_hover_text(item.help);
    }
}

/// The thank-you note exercise: a button to start it, then the timer, the box and the list.
fn thank_you(
    ui: &mut egui::Ui,
    form: &mut ReflectionForm,
    now: Instant,
    commands: &mut Vec<Command>,
) {
    ui.strong("Thank-you note");
    let target = timer::mmss(THANK_YOU_TARGET);
    let Some(note) = &mut form.thank_you else {
        ui.label(format!(
            "Practise the note you would send after a real interview: about {} minutes, \
             timed. Optional: saving without it skips it.",
            THANK_YOU_TARGET.as_secs() / 60
        ));
        if shortcut_button(ui, Action::StartThankYouNote).clicked() {
            commands.push(Command::StartThankYouNote);
        }
        return;
    };
    note_timer(ui, note, now, &target);
    let edit = egui::TextEdit::multiline(&mut note.text);
    text_box(ui, "Your thank-you note", edit, 6);
    ui.weak("Tick what your note does:");
    checklist(ui, THANK_YOU_CHECKS, &mut note.checks);
}

/// "Writing 3:12 of 10:00", in the caution colour once past the target.
fn note_timer(ui: &mut egui::Ui, note: &ThankYouForm, now: Instant, target: &str) {
    let spent = note.timer.elapsed(now);
    let text = format!("Writing {} of {target}", timer::mmss(spent));
    if spent > THANK_YOU_TARGET {
        let over = format!("{text} · past the target, wrap it up");
        ui.colored_label(theme::colours(ui).caution, over);
    } else {
        ui.label(text);
    }
}

/// A saved reflection, one "label: text" line each (review and the summary).
pub fn saved(ui: &mut egui::Ui, reflection: &Reflection) {
    ui.strong("Reflection");
    for line in reflection.lines() {
        ui.label(format!("{}: {}", line.label, shown(&line.text)));
    }
}
