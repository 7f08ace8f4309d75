//! The session summary: the delivery metrics against the last session on the same packs,
//! then per question its takes, key metrics, rating and note, and the reflection.

use crate::analysis::{KEY_METRICS, MeasuredTake, Thresholds};
use crate::app::Command;
use crate::app::rehearsal::Rehearsal;
use crate::session::{QuestionRecord, RATING_ITEMS, Session, Take};
use crate::ui::rate::take_line;
use crate::ui::rating_scale::score_text;
use crate::ui::review::session_date;
use crate::ui::shortcuts::{self, Action};
use crate::ui::{metric_text, shortcut_button};

/// Heading of the table comparing this session with the last one.
pub const DELIVERY: &str = "Delivery, mean of your answers";
/// Column of the last session's values.
pub const LAST_SESSION: &str = "Last session on these packs";

/// Draws the summary of the finished rehearsal `r`.
pub fn show(ui: &mut egui::Ui, r: &Rehearsal, thresholds: &Thresholds) -> Vec<Command> {
    let session = &r.session;
    let mut commands = Vec::new();
    if shortcuts::pressed(ui.ctx(), Action::NewSession) {
        commands.push(Command::BackToSetup);
    }
    if shortcuts::pressed(ui.ctx(), Action::OpenInReview) {
        commands.push(Command::OpenSessionInReview);
    }
    ui.horizontal(|ui| {
        ui.heading("Session summary");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if shortcut_button(ui, Action::NewSession).clicked() {
                commands.push(Command::BackToSetup);
            }
            if shortcut_button(ui, Action::OpenInReview).clicked() {
                commands.push(Command::OpenSessionInReview);
            }
        });
    });
    let mut line = format!(
        "{} of {} questions answered",
        session.answered_count(),
        session.questions.len()
    );
    if let Some(avg) = session.average_rating() {
        line.push_str(&format!(" · average rating {avg:.1} / 5"));
    }
    ui.label(line);
    ui.separator();
    let previous = r.previous().session();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            delivery(ui, r, thresholds);
            ui.separator();
            for (i, q) in session.questions.iter().enumerate() {
                question(ui, i, q, previous, thresholds);
                ui.add_space(6.0);
            }
            if let Some(r) = &session.reflection {
                ui.separator();
                crate::ui::reflect::saved(ui, r);
            }
        });
    commands
}

/// Each key metric's mean over this session's answers beside the last session's, and the
/// change coloured better or worse against the target.
fn delivery(ui: &mut egui::Ui, r: &Rehearsal, thresholds: &Thresholds) {
    let session = &r.session;
    let previous = r.previous().session();
    ui.strong(DELIVERY);
    if r.analysing() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Measuring the last answers…");
        });
    }
    let rows: Vec<_> = KEY_METRICS
        .iter()
        .filter_map(|key| {
            let now = session.key_metric_mean(key, thresholds)?;
            Some((
                key,
                now,
                previous.and_then(|p| p.key_metric_mean(key, thresholds)),
            ))
        })
        .collect();
    if rows.is_empty() {
        if !r.analysing() {
            ui.weak("No answer was measured, so there are no delivery metrics.");
        }
    } else {
        let compared = previous.is_some();
        egui::Grid::new("summary delivery")
            .num_columns(if compared { 4 } else { 2 })
            .striped(true)
            .show(ui, |ui| {
                ui.label("");
                ui.weak("This session");
                if compared {
                    ui.weak(LAST_SESSION);
                    ui.weak("Change");
                }
                ui.end_row();
                for (key, now, before) in rows {
                    ui.label(key.label);
                    ui.label(metric_text::value(ui, key, now, thresholds));
                    match before {
                        Some(before) => {
                            ui.label(metric_text::value(ui, key, before, thresholds));
                            ui.label(metric_text::change(ui, key, before, now, thresholds));
                        }
                        None if compared => {
                            ui.weak("–");
                            ui.label("");
                        }
                        None => {}
                    }
                    ui.end_row();
                }
            });
    }
    if r.previous().is_searching() {
        ui.weak("Looking for your last session on these packs…");
    } else if let Some(p) = previous {
        ui.weak(format!("Last session: {}.", session_date(p)));
    } else {
        ui.weak(
            "This is your first session on these packs: the next one will be compared with it.",
        );
    }
}

/// Question `i`: its takes, the judged take's key metrics (with the change since the same
/// question in `previous`), and its rating.
fn question(
    ui: &mut egui::Ui,
    i: usize,
    q: &QuestionRecord,
    previous: Option<&Session>,
    thresholds: &Thresholds,
) {
    match q.follows {
        Some(parent) => ui.strong(format!(
            "{}. follow-up to {}: {}",
            i + 1,
            parent + 1,
            q.text
        )),
        None => ui.strong(format!("{}. {}", i + 1, q.text)),
    };
    if q.takes.is_empty() {
        ui.weak("Not asked");
    }
    for take in &q.takes {
        ui.label(take_line(take));
    }
    fn current(q: &QuestionRecord) -> Option<MeasuredTake<'_>> {
        q.judged_take().and_then(Take::measured)
    }
    if let Some(measured) = current(q) {
        let earlier = previous
            .and_then(|p| {
                p.questions
                    .iter()
                    .find(|o| o.pack_id == q.pack_id && o.question_id == q.question_id)
            })
            .and_then(current);
        ui.horizontal_wrapped(|ui| {
            for key in KEY_METRICS {
                let Some(value) = (key.value)(&measured, thresholds) else {
                    continue;
                };
                ui.weak(format!("{}:", key.label));
                ui.label(metric_text::value(ui, key, value, thresholds));
                if let Some(was) = earlier.and_then(|m| (key.value)(&m, thresholds)) {
                    ui.label(metric_text::change(ui, key, was, value, thresholds).small())
                        .on_hover_text("Since this question in your last session on these packs");
                }
                ui.add_space(8.0);
            }
        });
    }
    if let Some(r) = q.rating() {
        let scores: Vec<String> = r
            .scores_in(RATING_ITEMS)
            .into_iter()
            .map(|(item, s)| format!("{item} {}", score_text(s)))
            .collect();
        match r.average() {
            Some(a) => ui.label(format!("Rating {a:.1} / 5: {}", scores.join(", "))),
            None => ui.label("No item rated."),
        };
        if !r.note.is_empty() {
            ui.label(format!("Note: {}", r.note));
        }
    }
}
