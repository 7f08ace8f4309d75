//! The pack editor: title, description, default times, and the questions with their fields.

use egui::{DragValue, Id, RichText, TextEdit};

use crate::app::packs::{DraftQuestion, EditTarget, EditorCommand, PackEditor, PacksCommand};
use crate::pack::{Framework, MAX_TYPE_CHARS, QuestionType};
use crate::ui::shortcut_button;
use crate::ui::shortcuts::{self, Action};

/// Draws the editor and pushes what the user changed or asked for.
pub fn show(ui: &mut egui::Ui, editor: &PackEditor, commands: &mut Vec<PacksCommand>) {
    let edit = |c: EditorCommand| PacksCommand::Editor(c);
    if shortcuts::pressed(ui.ctx(), Action::SavePack) {
        commands.push(PacksCommand::SaveEditor);
    }

    ui.horizontal(|ui| {
        ui.heading(match editor.target {
            EditTarget::New => "New pack",
            EditTarget::Existing(_) => "Edit pack",
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let close = if editor.dirty {
                "Discard changes"
            } else {
                "Close"
            };
            if ui.button(close).clicked() {
                commands.push(PacksCommand::CloseEditor);
            }
            if ui.button("Save and close").clicked() {
                commands.push(PacksCommand::SaveAndCloseEditor);
            }
            if shortcut_button(ui, Action::SavePack).clicked() {
                commands.push(PacksCommand::SaveEditor);
            }
        });
    });
    // Always one line, so the fields below never move while typing or after a save.
    ui.weak(save_state(editor));
    ui.separator();

    let draft = &editor.draft;
    egui::ScrollArea::vertical()
        .id_salt("pack-editor-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("pack-editor-fields")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let label = ui.label("Title");
                    let mut title = draft.title.clone();
                    if ui
                        .add(
                            TextEdit::singleline(&mut title)
                                .id(field_id("title", ""))
                                .desired_width(400.0),
                        )
                        .labelled_by(label.id)
                        .changed()
                    {
                        commands.push(edit(EditorCommand::Title(title)));
                    }
                    ui.end_row();

                    let label = ui.label("Description");
                    let mut description = draft.description.clone();
                    if ui
                        .add(
                            TextEdit::multiline(&mut description)
                                .id(field_id("description", ""))
                                .desired_rows(2)
                                .desired_width(400.0),
                        )
                        .labelled_by(label.id)
                        .changed()
                    {
                        commands.push(edit(EditorCommand::Description(description)));
                    }
                    ui.end_row();

                    let label = ui.label("Default think time");
                    let mut think = draft.defaults.think_seconds;
                    if seconds(ui, &mut think, 0, 600)
                        .labelled_by(label.id)
                        .changed()
                    {
                        commands.push(edit(EditorCommand::DefaultThink(think)));
                    }
                    ui.end_row();

                    let label = ui.label("Default answer time");
                    let mut answer = draft.defaults.answer_seconds;
                    if seconds(ui, &mut answer, 10, 3600)
                        .labelled_by(label.id)
                        .changed()
                    {
                        commands.push(edit(EditorCommand::DefaultAnswer(answer)));
                    }
                    ui.end_row();
                });

            let error = ui.visuals().error_fg_color;
            for p in editor.problems.iter().filter(|p| p.question.is_none()) {
                ui.colored_label(error, capitalized(&p.message));
            }

            ui.add_space(8.0);
            ui.strong(format!("Questions ({})", draft.questions.len()));
            let count = draft.questions.len();
            let mut own_types: Vec<QuestionType> = draft
                .questions
                .iter()
                .map(|q| q.kind.clone())
                .filter(QuestionType::is_custom)
                .collect();
            own_types.sort();
            own_types.dedup();
            for (i, q) in draft.questions.iter().enumerate() {
                let problems: Vec<&str> = editor
                    .problems
                    .iter()
                    .filter(|p| p.question == Some(i))
                    .map(|p| p.message.as_str())
                    .collect();
                question(ui, (i, count), q, &own_types, &problems, commands);
                ui.add_space(4.0);
            }
            if ui.button("Add question").clicked() {
                commands.push(edit(EditorCommand::AddQuestion));
            }
        });
}

/// One question's fields; `(i, count)` is its index and the number of questions.
fn question(
    ui: &mut egui::Ui,
    (i, count): (usize, usize),
    q: &DraftQuestion,
    own_types: &[QuestionType],
    problems: &[&str],
    commands: &mut Vec<PacksCommand>,
) {
    let edit = |c: EditorCommand| PacksCommand::Editor(c);
    let n = i + 1;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Question {n}")).strong());
            if ui
                .add_enabled(i > 0, egui::Button::new("Up"))
                .on_hover_text(format!("Move question {n} up"))
                .clicked()
            {
                commands.push(edit(EditorCommand::MoveUp(i)));
            }
            if ui
                .add_enabled(i + 1 < count, egui::Button::new("Down"))
                .on_hover_text(format!("Move question {n} down"))
                .clicked()
            {
                commands.push(edit(EditorCommand::MoveDown(i)));
            }
            if ui
                .button("Delete")
                .on_hover_text(format!("Delete question {n}"))
                .clicked()
            {
                commands.push(edit(EditorCommand::Remove(i)));
            }
        });

        let label = ui.label("Text");
        let mut text = q.text.clone();
        if ui
            .add(
                TextEdit::multiline(&mut text)
                    .id(field_id("text", &q.id))
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text("The question as the interviewer would ask it"),
            )
            .labelled_by(label.id)
            .changed()
        {
            commands.push(edit(EditorCommand::Text(i, text)));
        }

        ui.horizontal(|ui| {
            let mut kind = q.kind.clone();
            egui::ComboBox::new(("question-type", q.id.as_str()), "Type")
                .selected_text(kind.label())
                // Tall enough for every type and the new-type field without scrolling.
                .height(600.0)
                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                .show_ui(ui, |ui| type_choices(ui, &q.id, own_types, &mut kind));
            if kind != q.kind {
                commands.push(edit(EditorCommand::Kind(i, kind)));
            }

            let mut framework = q.framework;
            egui::ComboBox::new(("question-framework", q.id.as_str()), "Framework")
                .selected_text(framework_label(framework))
                .show_ui(ui, |ui| {
                    for choice in std::iter::once(None).chain(Framework::ALL.map(Some)) {
                        ui.selectable_value(&mut framework, choice, framework_label(choice));
                    }
                });
            if framework != q.framework {
                commands.push(edit(EditorCommand::Framework(i, framework)));
            }

            let label = ui.label("Category");
            let mut category = q.category.clone();
            if ui
                .add(
                    TextEdit::singleline(&mut category)
                        .id(field_id("category", &q.id))
                        .desired_width(160.0)
                        .hint_text("optional"),
                )
                .labelled_by(label.id)
                .changed()
            {
                commands.push(edit(EditorCommand::Category(i, category)));
            }
        });

        let label = ui.label("Tips (one per line)");
        let mut tips = q.tips.clone();
        if ui
            .add(
                TextEdit::multiline(&mut tips)
                    .id(field_id("tips", &q.id))
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
            .changed()
        {
            commands.push(edit(EditorCommand::Tips(i, tips)));
        }

        ui.horizontal(|ui| {
            let mut own = q.own_times;
            if ui
                .checkbox(&mut own, "Own think and answer times")
                .changed()
            {
                commands.push(edit(EditorCommand::OwnTimes(i, own)));
            }
            if q.own_times {
                let label = ui.label("Think");
                let mut think = q.think_seconds;
                if seconds(ui, &mut think, 0, 600)
                    .labelled_by(label.id)
                    .changed()
                {
                    commands.push(edit(EditorCommand::Think(i, think)));
                }
                let label = ui.label("Answer");
                let mut answer = q.answer_seconds;
                if seconds(ui, &mut answer, 10, 3600)
                    .labelled_by(label.id)
                    .changed()
                {
                    commands.push(edit(EditorCommand::Answer(i, answer)));
                }
            } else {
                ui.weak("(uses the pack's defaults)");
            }
        });
        for p in problems {
            ui.colored_label(ui.visuals().error_fg_color, capitalized(p));
        }
    });
}

/// The type list: the built-in types, the pack's own, and a field to name a new one.
fn type_choices(
    ui: &mut egui::Ui,
    question_id: &str,
    own: &[QuestionType],
    kind: &mut QuestionType,
) {
    let before = kind.clone();
    for t in QuestionType::ALL.into_iter().chain(own.iter().cloned()) {
        let label = t.label().to_owned();
        ui.selectable_value(kind, t, label);
    }
    ui.separator();
    let typed_id = Id::unique(("pack-editor-new-type", question_id));
    let mut name: String = ui.data_mut(|d| d.get_temp(typed_id).unwrap_or_default());
    let label = ui.label("New type");
    let field = ui
        .add(
            TextEdit::singleline(&mut name)
                .id(field_id("new-type", question_id))
                .char_limit(MAX_TYPE_CHARS)
                .hint_text("e.g. leadership")
                .desired_width(160.0),
        )
        .labelled_by(label.id);
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let used = ui
        .add_enabled(!name.trim().is_empty(), egui::Button::new("Use this type"))
        .clicked();
    if (entered || used) && !name.trim().is_empty() {
        *kind = QuestionType::named(&name);
        name.clear();
    }
    ui.data_mut(|d| d.insert_temp(typed_id, name));
    if *kind != before {
        ui.close();
    }
}

/// A framework choice as the editor's list shows it: "STAR", "Present–Past–Future", "None".
fn framework_label(framework: Option<Framework>) -> &'static str {
    framework.map_or("None", Framework::name)
}

/// The id of an editor text field: fixed per field and question, so focus survives any
/// change of layout above it (a problem line, a save, a reorder).
fn field_id(field: &str, question_id: &str) -> Id {
    Id::unique(("pack-editor-field", field, question_id))
}

/// The save state shown under the heading.
fn save_state(editor: &PackEditor) -> &'static str {
    match (editor.dirty, &editor.target) {
        (true, _) => "Unsaved changes.",
        (false, EditTarget::New) => "Not saved yet.",
        (false, EditTarget::Existing(_)) => "All changes saved.",
    }
}

/// The message with its first letter in upper case, as a sentence on its own.
fn capitalized(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn seconds(ui: &mut egui::Ui, value: &mut u32, min: u32, max: u32) -> egui::Response {
    ui.add(
        DragValue::new(value)
            .range(min..=max)
            .speed(1.0)
            .suffix(" s"),
    )
}
