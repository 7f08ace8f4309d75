//! The packs screen: library list, import preview, and the pack editor.

mod editor;

use egui::RichText;

use crate::app::packs::{ExportFormat, ImportPreview, PackManager, PacksCommand};
use crate::pack::{
    self, ImportError, LibraryPack, Pack, PackSource, QuestionType, sanitize_display as shown,
};
use crate::ui::shortcuts::{self, Action};

/// How many questions the import preview lists.
const PREVIEW_QUESTIONS: usize = 5;

/// Draws the packs screen and returns what the user asked for.
pub fn show(ui: &mut egui::Ui, packs: &PackManager) -> Vec<PacksCommand> {
    let mut commands = Vec::new();

    if let Some(editor) = packs.editor() {
        status(ui, packs);
        if packs.preview().is_some() || packs.import_error().is_some() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "A dropped file is waiting: close the editor to see its import preview.",
            );
        }
        editor::show(ui, editor, &mut commands);
        return commands;
    }

    header(ui, packs, &mut commands);
    status(ui, packs);
    if let Some(error) = packs.import_error() {
        import_error(ui, error, &mut commands);
    }

    if let Some(preview) = packs.preview() {
        import_preview(ui, preview, &mut commands);
    } else {
        library(ui, packs, &mut commands);
    }

    if let Some(pack) = packs.pending_delete() {
        confirm_delete(ui, &pack.pack, &mut commands);
    }
    commands
}

fn header(ui: &mut egui::Ui, packs: &PackManager, commands: &mut Vec<PacksCommand>) {
    let idle = !packs.is_busy() && packs.preview().is_none();
    if idle && shortcuts::pressed(ui.ctx(), Action::ImportPack) {
        commands.push(PacksCommand::OpenImportDialog);
    }
    if idle && shortcuts::pressed(ui.ctx(), Action::NewPack) {
        commands.push(PacksCommand::NewPack);
    }
    let nothing_focused = ui.memory(|m| m.focused().is_none());
    if idle && nothing_focused && shortcuts::pressed(ui.ctx(), Action::BackToSetup) {
        commands.push(PacksCommand::Close);
    }
    ui.horizontal(|ui| {
        ui.heading("Question packs");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if crate::ui::shortcut_button(ui, Action::BackToSetup).clicked() {
                commands.push(PacksCommand::Close);
            }
            let new_pack = shortcuts::button(ui.ctx(), Action::NewPack);
            if ui.add_enabled(idle, new_pack).clicked() {
                commands.push(PacksCommand::NewPack);
            }
            let import = shortcuts::button(ui.ctx(), Action::ImportPack);
            if ui
                .add_enabled(idle, import)
                .on_hover_text(format!("Choose a {} file", pack::import_formats_phrase()))
                .clicked()
            {
                commands.push(PacksCommand::OpenImportDialog);
            }
        });
    });
    ui.weak(format!(
        "Or drop a {} file onto this window to import it.",
        pack::import_formats_phrase()
    ));
    ui.separator();
}

fn status(ui: &mut egui::Ui, packs: &PackManager) {
    if packs.dialog_open() {
        // A dialog can stay open for minutes: poll for its answer a few times a second
        // instead of animating a spinner at full frame rate.
        ui.label("Waiting for the file dialog…");
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(250));
    }
    if let Some(path) = packs.parsing() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Reading {}…", file_name(path)));
        });
    }
}

fn import_error(ui: &mut egui::Ui, error: &ImportError, commands: &mut Vec<PacksCommand>) {
    let color = ui.visuals().error_fg_color;
    egui::Frame::group(ui.style())
        .fill(color.gamma_multiply(0.12))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.colored_label(
                color,
                RichText::new(format!(
                    "“{}” was not imported",
                    file_name(std::path::Path::new(&error.file))
                ))
                .strong(),
            );
            let place = match (error.line, error.column) {
                (Some(l), Some(c)) => format!("Line {l}, column {c}: "),
                (Some(l), None) => format!("Line {l}: "),
                _ => String::new(),
            };
            ui.label(format!("{place}{}", shown(&error.message)));
            ui.weak("Nothing in your library was changed. Fix the file and import it again.");
            if ui.button("Dismiss").clicked() {
                commands.push(PacksCommand::DismissError);
            }
        });
    ui.add_space(6.0);
}

fn import_preview(ui: &mut egui::Ui, preview: &ImportPreview, commands: &mut Vec<PacksCommand>) {
    let pack = &preview.parsed.pack;
    ui.heading("Import preview");
    ui.label(format!("From {}", file_name(&preview.path)));
    ui.add_space(4.0);
    egui::Grid::new("import-preview")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Title");
            ui.label(shown(&pack.title));
            ui.end_row();
            ui.strong("Questions");
            ui.label(question_count(pack.questions.len()));
            ui.end_row();
            ui.strong("Types");
            ui.label(type_counts(pack));
            ui.end_row();
            ui.strong("Times");
            ui.label(format!(
                "think {} s, answer {} s (unless a question sets its own)",
                pack.defaults.think_seconds, pack.defaults.answer_seconds
            ));
            ui.end_row();
        });
    if !pack.description.is_empty() {
        ui.label(shown(&pack.description));
    }
    let warn = ui.visuals().warn_fg_color;
    if preview.duplicate_id {
        ui.colored_label(
            warn,
            format!(
                "A pack with the id “{}” is already in your library; this one will be stored under a new id.",
                shown(&pack.id)
            ),
        );
    }
    if !preview.parsed.warnings.is_empty() {
        ui.add_space(4.0);
        ui.strong("Warnings");
        for w in &preview.parsed.warnings {
            ui.colored_label(warn, format!("• {}", shown(w)));
        }
    }
    ui.add_space(4.0);
    ui.strong("First questions");
    for (i, q) in pack.questions.iter().take(PREVIEW_QUESTIONS).enumerate() {
        ui.label(format!(
            "{}. {} ({})",
            i + 1,
            shown(&q.text),
            q.kind.label()
        ));
    }
    if pack.questions.len() > PREVIEW_QUESTIONS {
        ui.weak(format!(
            "… and {} more",
            pack.questions.len() - PREVIEW_QUESTIONS
        ));
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Confirm import").clicked() {
            commands.push(PacksCommand::ConfirmImport);
        }
        if ui.button("Cancel").clicked() {
            commands.push(PacksCommand::CancelImport);
        }
    });
}

fn library(ui: &mut egui::Ui, packs: &PackManager, commands: &mut Vec<PacksCommand>) {
    let selected = packs.selected();
    egui::Panel::left("packs-library-list")
        .frame(crate::ui::theme::unfilled(egui::Frame::side_top_panel(
            ui.style(),
        )))
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (i, lp) in packs.library.packs.iter().enumerate() {
                    if ui
                        .selectable_label(selected == Some(i), shown(&lp.pack.title))
                        .clicked()
                    {
                        commands.push(PacksCommand::Select(i));
                    }
                    ui.weak(format!(
                        "{} · {} · {}",
                        question_count(lp.pack.questions.len()),
                        type_list(&lp.pack),
                        source_label(&lp.source)
                    ));
                    ui.add_space(4.0);
                }
                for e in &packs.library.errors {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("Not loaded (file left untouched): {e}"),
                    );
                }
            });
        });
    egui::CentralPanel::default()
        .frame(crate::ui::theme::unfilled(egui::Frame::central_panel(
            ui.style(),
        )))
        .show(ui, |ui| match selected {
            Some(i) => details(ui, i, &packs.library.packs[i], commands),
            None => {
                ui.weak("Select a pack to see its questions, edit, duplicate or export it.");
            }
        });
}

fn details(ui: &mut egui::Ui, index: usize, lp: &LibraryPack, commands: &mut Vec<PacksCommand>) {
    let pack = &lp.pack;
    ui.heading(shown(&pack.title));
    if !pack.description.is_empty() {
        ui.label(shown(&pack.description));
    }
    ui.label(format!(
        "{} · {} · think {} s, answer {} s",
        question_count(pack.questions.len()),
        type_list(pack),
        pack.defaults.think_seconds,
        pack.defaults.answer_seconds
    ));
    ui.weak(match &lp.source {
        PackSource::Builtin => "Built-in: read-only. Duplicate it to make your own version.".into(),
        PackSource::User(path) => format!("Yours, stored as {}", path.display()),
    });
    if let Some(note) = lp.read_only_note() {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    ui.horizontal_wrapped(|ui| {
        match lp.source {
            PackSource::Builtin => {
                if ui.button("Duplicate and edit").clicked() {
                    commands.push(PacksCommand::Duplicate(index));
                }
            }
            PackSource::User(_) => {
                if lp.newer_format.is_none() && ui.button("Edit").clicked() {
                    commands.push(PacksCommand::Edit(index));
                }
                if ui.button("Duplicate").clicked() {
                    commands.push(PacksCommand::Duplicate(index));
                }
            }
        }
        for (label, format) in [
            ("Export .pack.json…", ExportFormat::Json),
            ("Export CSV…", ExportFormat::Csv),
        ] {
            if ui.button(label).clicked() {
                commands.push(PacksCommand::Export {
                    pack: index,
                    format,
                    path: None,
                });
            }
        }
        if matches!(lp.source, PackSource::User(_)) && ui.button("Delete…").clicked() {
            commands.push(PacksCommand::AskDelete(index));
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, q) in pack.questions.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("{}.", i + 1));
                    ui.label(shown(&q.text));
                    let mut tags = vec![q.kind.label().to_owned()];
                    tags.extend(q.framework.map(|f| f.name().to_owned()));
                    tags.extend(q.category.as_deref().map(shown));
                    ui.weak(tags.join(" · "));
                });
            }
        });
}

fn confirm_delete(ui: &mut egui::Ui, pack: &Pack, commands: &mut Vec<PacksCommand>) {
    let modal = egui::Modal::new(egui::Id::unique("packs-confirm-delete")).show(ui.ctx(), |ui| {
        ui.set_max_width(360.0);
        ui.heading("Delete this pack?");
        ui.label(format!(
            "“{}” and its {} are removed from your library. Past sessions keep their copy of the questions.",
            shown(&pack.title),
            question_count(pack.questions.len())
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                commands.push(PacksCommand::ConfirmDelete);
            }
            if ui.button("Cancel").clicked() {
                commands.push(PacksCommand::CancelDelete);
            }
        });
    });
    if modal.should_close() && !commands.contains(&PacksCommand::ConfirmDelete) {
        commands.push(PacksCommand::CancelDelete);
    }
}

fn source_label(source: &PackSource) -> &'static str {
    match source {
        PackSource::Builtin => "built-in",
        PackSource::User(_) => "yours",
    }
}

fn question_count(n: usize) -> String {
    if n == 1 {
        "1 question".to_owned()
    } else {
        format!("{n} questions")
    }
}

fn type_list(pack: &Pack) -> String {
    let types = pack.types();
    let labels: Vec<_> = types.iter().map(QuestionType::label).collect();
    labels.join(", ")
}

fn type_counts(pack: &Pack) -> String {
    let counts: Vec<_> = pack
        .types()
        .into_iter()
        .map(|t| {
            let n = pack.questions.iter().filter(|q| q.kind == t).count();
            format!("{} ({n})", t.label())
        })
        .collect();
    counts.join(", ")
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
