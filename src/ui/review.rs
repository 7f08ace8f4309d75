//! The review screen: past sessions, one session's takes, ratings, metrics, and playback.

mod list;
mod rating_edit;
mod takes;

use std::time::Duration;

use egui::RichText;

use crate::app::review::disk::size_text;
use crate::app::review::{OpenedSession, Review, ReviewCommand};
use crate::app::take_player::PlayerCommand;
use crate::pack::sanitize_display as shown;
use crate::session::{Session, SessionStatus};
use crate::ui::player;
use crate::ui::shortcut_button;
use crate::ui::shortcuts::{self, Action};

/// Draws the review screen (and the rating form over it, which edits `review` in place) and
/// returns what the user asked for.
pub fn show(ui: &mut egui::Ui, review: &mut Review) -> Vec<ReviewCommand> {
    let mut commands = screen(ui, review);
    if let Some(edit) = review.rating_edit_mut() {
        commands.extend(rating_edit::show(ui, edit));
    }
    commands
}

fn screen(ui: &mut egui::Ui, review: &Review) -> Vec<ReviewCommand> {
    let mut commands = Vec::new();
    keyboard(ui, review, &mut commands);

    if let Some(error) = review.error() {
        error_banner(ui, error, review.unopened_folder(), &mut commands);
    }
    if let Some(notice) = review.notice() {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(crate::ui::theme::colours(ui).good, notice);
            if ui.small_button("Dismiss").clicked() {
                commands.push(ReviewCommand::DismissError);
            }
        });
    }

    match review.opened() {
        Some(opened) => details(ui, review, opened, &mut commands),
        None => list(ui, review, &mut commands),
    }

    if let Some(dir) = review.pending_delete() {
        confirm_delete(ui, review, dir, &mut commands);
    }
    commands
}

/// The screen's keys, unless a dialog is up or a widget has keyboard focus (a focused
/// button takes Space itself, a focused slider the arrows).
fn keyboard(ui: &mut egui::Ui, review: &Review, commands: &mut Vec<ReviewCommand>) {
    let nothing_focused = ui.memory(|m| m.focused().is_none());
    let dialog = review.pending_delete().is_some() || review.rating_edit().is_some();
    if dialog || !nothing_focused {
        return;
    }
    let ctx = ui.ctx().clone();
    if review.player().is_none()
        && let Some((question, take)) = review.opened().and_then(first_recorded_take)
        && shortcuts::pressed(&ctx, Action::Play)
    {
        // Nothing loaded yet: Space plays the session's first recording.
        commands.push(ReviewCommand::Play { question, take });
    }
    if let Some(p) = review.player() {
        match player::keys(&ctx, &p.state) {
            Some(PlayerCommand::Play | PlayerCommand::Pause) => {
                commands.push(ReviewCommand::TogglePlay);
            }
            Some(other) => commands.push(ReviewCommand::Player(other)),
            None => {}
        }
    }
    // Esc goes up one level: session → list → setup.
    if review.opened().is_some() {
        if shortcuts::pressed(&ctx, Action::AllSessions) {
            commands.push(ReviewCommand::BackToList);
        }
    } else if shortcuts::pressed(&ctx, Action::BackToSetup) {
        commands.push(ReviewCommand::Close);
    }
}

/// The first take with a WAV in the opened session, as (question index, take number).
fn first_recorded_take(opened: &crate::app::review::OpenedSession) -> Option<(usize, u32)> {
    opened
        .session
        .questions
        .iter()
        .enumerate()
        .find_map(|(i, q)| {
            q.takes
                .iter()
                .find(|t| t.wav.is_some())
                .map(|t| (i, t.number))
        })
}

fn error_banner(
    ui: &mut egui::Ui,
    error: &str,
    folder: Option<&std::path::Path>,
    commands: &mut Vec<ReviewCommand>,
) {
    egui::Frame::group(ui.style())
        .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().error_fg_color, error);
                if let Some(folder) = folder
                    && ui.button("Copy path").clicked()
                {
                    ui.ctx().copy_text(folder.display().to_string());
                }
                if ui.button("Dismiss").clicked() {
                    commands.push(ReviewCommand::DismissError);
                }
            });
        });
    ui.add_space(4.0);
}

/// Name of the transcript search field.
pub const SEARCH: &str = "Search what you said";

/// The export menu's entry that takes the videos along.
pub const ZIP_WITH_VIDEO: &str = "Zip of the session folder, videos included";

/// The button that deletes a session's videos and keeps the rest.
pub const DELETE_VIDEO: &str = "Delete video, keep audio";

/// The transcript search field, and its hits in place of the list while it holds words;
/// true when the hits are shown.
fn search_box(ui: &mut egui::Ui, review: &Review, commands: &mut Vec<ReviewCommand>) -> bool {
    let mut query = review.search().to_owned();
    ui.horizontal(|ui| {
        let label = ui.label(SEARCH);
        let field = ui
            .add(egui::TextEdit::singleline(&mut query).hint_text("words from any transcript"))
            .labelled_by(label.id);
        if field.changed() {
            commands.push(ReviewCommand::Search(query.clone()));
        }
        if !query.is_empty() && ui.small_button("Clear").clicked() {
            commands.push(ReviewCommand::Search(String::new()));
        }
    });
    if query.trim().is_empty() {
        return false;
    }
    let (hits, total) = review.search_hits();
    ui.weak(match total {
        0 => "Not said in any transcript.".to_owned(),
        1 => "Said once:".to_owned(),
        n if n > hits.len() => format!("Said {n} times; the first {} are listed:", hits.len()),
        n => format!("Said {n} times:"),
    });
    egui::ScrollArea::vertical()
        .id_salt("transcript hits")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for hit in hits {
                let text = format!(
                    "{} · Q{} take {} at {}: {}",
                    local_date(hit.started_at),
                    hit.question + 1,
                    hit.take,
                    crate::ui::timer::mmss(hit.at),
                    crate::pack::sanitize_display(&hit.snippet)
                );
                if ui.button(text).clicked() {
                    commands.push(ReviewCommand::OpenAt {
                        dir: hit.dir.clone(),
                        question: hit.question,
                        take: hit.take,
                        at: hit.at,
                    });
                }
            }
        });
    true
}

fn list(ui: &mut egui::Ui, review: &Review, commands: &mut Vec<ReviewCommand>) {
    ui.horizontal(|ui| {
        ui.heading("Past sessions");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if shortcut_button(ui, Action::BackToSetup).clicked() {
                commands.push(ReviewCommand::Close);
            }
            if ui.button("Refresh").clicked() {
                commands.push(ReviewCommand::Refresh);
            }
        });
    });
    ui.separator();

    // One line however many folders failed; the detail of each is in the log.
    match review.list_errors().len() {
        0 => {}
        1 => skipped(ui, "1 session folder could not be read and was skipped"),
        n => skipped(
            ui,
            &format!("{n} session folders could not be read and were skipped"),
        ),
    }

    if search_box(ui, review, commands) {
        return;
    }

    if review.sessions().is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            if review.is_listed() {
                ui.label(RichText::new("No sessions yet.").size(18.0));
                ui.label("Finish an interview and it will be listed here, newest first.");
            } else {
                ui.spinner();
                ui.label("Reading your past sessions…");
            }
        });
        return;
    }
    list::show(ui, review, commands);
}

fn skipped(ui: &mut egui::Ui, what: &str) {
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!("{what}; the details are in rehearse.log in the data folder."),
    );
}

fn details(
    ui: &mut egui::Ui,
    review: &Review,
    opened: &OpenedSession,
    commands: &mut Vec<ReviewCommand>,
) {
    let s = &opened.session;
    if s.is_newer_format() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "A newer version of Rehearse saved this session. It is shown read-only; this version \
             never changes it.",
        );
    }
    ui.horizontal(|ui| {
        if shortcut_button(ui, Action::AllSessions).clicked() {
            commands.push(ReviewCommand::BackToList);
        }
        ui.heading(session_date(s));
        ui.weak(s.settings.mode.info().name);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Delete session…").clicked() {
                commands.push(ReviewCommand::AskDelete(opened.dir.clone()));
            }
            if review.is_exporting() {
                ui.spinner();
                ui.label("Exporting…");
            } else {
                ui.menu_button("Export…", |ui| {
                    for f in crate::session::export::FORMATS {
                        if ui.button(f.label).clicked() {
                            commands.push(ReviewCommand::Export(f.format));
                        }
                    }
                    if opened.disk.video > 0 && ui.button(ZIP_WITH_VIDEO).clicked() {
                        commands.push(ReviewCommand::ExportZipWithVideo);
                    }
                });
            }
            let weak = s.needing_practice();
            if !weak.is_empty()
                && ui
                    .button(format!("Practise skipped and weak ({})", weak.len()))
                    .on_hover_text(format!(
                        "A new session on the questions not answered or rated under {} on average",
                        crate::session::WEAK_BELOW
                    ))
                    .clicked()
            {
                commands.push(ReviewCommand::PractiseAgain(weak));
            }
            if ui
                .button("Open folder")
                .on_hover_text(opened.dir.display().to_string())
                .clicked()
            {
                commands.push(ReviewCommand::OpenFolder(opened.dir.clone()));
            }
            if opened.disk.video > 0
                && ui
                    .button(DELETE_VIDEO)
                    .on_hover_text(format!(
                        "Frees {}; the recordings' audio, ratings and notes stay",
                        size_text(opened.disk.video)
                    ))
                    .clicked()
            {
                commands.push(ReviewCommand::DeleteVideos);
            }
        });
    });
    ui.label(if opened.disk.video > 0 {
        format!(
            "On disk: {} (video {})",
            size_text(opened.disk.total),
            size_text(opened.disk.video)
        )
    } else {
        format!("On disk: {}", size_text(opened.disk.total))
    });
    ui.label(format!(
        "Packs: {} · {} questions answered{} · average rating {}",
        shown(&review.pack_names(s)),
        answered(s),
        status_suffix(s.status),
        s.average_rating()
            .map_or_else(|| "not rated".to_owned(), |a| format!("{a:.1} / 5")),
    ));
    ui.separator();

    let player = review.player();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (qi, record) in s.questions.iter().enumerate() {
                takes::question(ui, review, opened, qi, record, player.as_ref(), commands);
                ui.add_space(6.0);
            }
            if let Some(r) = &s.reflection {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    crate::ui::reflect::saved(ui, r);
                });
            }
        });
}

fn confirm_delete(
    ui: &mut egui::Ui,
    review: &Review,
    dir: &std::path::Path,
    commands: &mut Vec<ReviewCommand>,
) {
    let id = egui::Id::unique("review-confirm-delete").with(dir);
    let named = review
        .sessions()
        .iter()
        .find(|s| s.dir == dir)
        .map(|s| &s.session)
        .or_else(|| review.opened().filter(|o| o.dir == dir).map(|o| &o.session));
    let modal = egui::Modal::new(id).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        ui.heading("Delete this session?");
        if let Some(s) = named {
            ui.label(
                RichText::new(format!(
                    "{} · {} · {} answered",
                    session_date(s),
                    shown(&review.pack_names(s)),
                    answered(s)
                ))
                .strong(),
            );
        }
        ui.label("Its session.json and every recording in its folder are removed. This cannot be undone.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                commands.push(ReviewCommand::ConfirmDelete);
            }
            let cancel = ui.button("Cancel");
            // Focus starts on Cancel, once per dialog, so Enter keeps the session.
            let focused_once = ui.data_mut(|d| std::mem::replace(d.get_temp_mut_or(id, false), true));
            if !focused_once {
                cancel.request_focus();
            }
            if cancel.clicked() {
                commands.push(ReviewCommand::CancelDelete);
            }
        });
    });
    if modal.should_close() && !commands.contains(&ReviewCommand::ConfirmDelete) {
        commands.push(ReviewCommand::CancelDelete);
    }
    if commands.iter().any(|c| {
        matches!(
            c,
            ReviewCommand::ConfirmDelete | ReviewCommand::CancelDelete
        )
    }) {
        ui.data_mut(|d| d.remove::<bool>(id));
    }
}

/// "n of m" questions answered, with the session's status when it did not end normally.
fn answered(s: &Session) -> String {
    format!(
        "{} of {}{}",
        s.answered_count(),
        s.questions.len(),
        status_suffix(s.status)
    )
}

/// When the session started, in local time as a person reads it ("Tue 1 Dec 2026, 15:03").
pub(crate) fn session_date(s: &Session) -> String {
    local_date(s.started_at)
}

/// A moment in local time as a person reads it ("Tue 1 Dec 2026, 15:03").
fn local_date(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

fn status_suffix(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Complete => "",
        SessionStatus::InProgress => " (unfinished)",
        SessionStatus::Abandoned => " (abandoned)",
    }
}

fn secs(s: f64) -> Duration {
    Duration::try_from_secs_f64(s).unwrap_or_default()
}

use crate::ui::player::clock;
