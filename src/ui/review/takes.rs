//! One question of a reviewed session: its takes (side by side when there are several, each
//! with its player, key metrics against the take before, rating and best-take mark).

use std::time::Duration;

use egui::RichText;

use crate::analysis::{KEY_METRICS, Thresholds};
use crate::app::rehearsal::TranscriptView;
use crate::app::review::{OpenedSession, PlayerView, Review, ReviewCommand};
use crate::app::transcript_job::Partial;
use crate::pack::sanitize_display as shown;
use crate::session::recovery::mentions_disk_full;
use crate::session::{QuestionRecord, RATING_ITEMS, Rating, Take, TakeStatus};
use crate::ui::shortcuts::{self, Action};
use crate::ui::{metric_text, rating_scale, theme, transcript};

use super::{clock, secs};
use crate::app::take_player::PlayerCommand;
use crate::ui::player;

/// Text of the best-take mark when set, and of the button that sets it.
pub const BEST_TAKE: &str = "Best take";
/// Text of the button that marks a take best.
pub const MARK_BEST: &str = "Mark as best";
/// Text of the button that starts a session on one question.
pub const PRACTISE_AGAIN: &str = "Practise again";

/// A question's frame: its text, then one column per take.
pub(super) fn question(
    ui: &mut egui::Ui,
    review: &Review,
    opened: &OpenedSession,
    qi: usize,
    record: &QuestionRecord,
    player: Option<&PlayerView<'_>>,
    commands: &mut Vec<ReviewCommand>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("Q{}.", qi + 1));
            if let Some(parent) = record.follows {
                ui.label(format!("follow-up to Q{}:", parent + 1));
            }
            ui.label(RichText::new(shown(&record.text)).strong());
            if ui
                .small_button(PRACTISE_AGAIN)
                .on_hover_text("Start a new session on just this question")
                .clicked()
            {
                commands.push(ReviewCommand::PractiseAgain(vec![qi]));
            }
        });
        let asked_by = record
            .asked_by
            .as_ref()
            .map(|name| format!(" · asked by {}", shown(name)))
            .unwrap_or_default();
        ui.weak(format!(
            "{} · {} · think {} s, answer limit {}{asked_by}",
            record.kind.label(),
            shown(&record.pack_id),
            record.think_seconds,
            clock(Duration::from_secs(u64::from(record.answer_seconds))),
        ));
        if record.takes.is_empty() {
            ui.weak("Not answered.");
        }
        if record.takes.len() == 1 {
            let take = &record.takes[0];
            let loaded = player.filter(|p| p.question == qi && p.take == take.number);
            take_row(ui, qi, take, loaded, false, commands);
            let running = review.transcribing(qi, take.number);
            take_transcript(
                ui,
                (qi, take),
                running,
                &review.thresholds().fillers,
                commands,
            );
            observations(ui, opened, qi, 0);
            part_shares(ui, review.thresholds(), (qi, record, take));
            take_rating(ui, qi, take, commands);
        } else if !record.takes.is_empty() {
            ui.columns(record.takes.len(), |columns| {
                for (ti, ui) in columns.iter_mut().enumerate() {
                    let number = record.takes[ti].number;
                    let loaded = player.filter(|p| p.question == qi && p.take == number);
                    let running = review.transcribing(qi, number);
                    let take = (qi, record, ti);
                    take_column(ui, review.thresholds(), take, running, loaded, commands);
                }
            });
        }
        if let Some(r) = &record.unattached_rating {
            rating(ui, r);
        }
    });
}

/// Take `ti` of question `qi` as a column: header with the best-take mark, player, key
/// metrics against the take before, rating.
fn take_column(
    ui: &mut egui::Ui,
    thresholds: &Thresholds,
    (qi, record, ti): (usize, &QuestionRecord, usize),
    running: Option<Partial>,
    loaded: Option<&PlayerView<'_>>,
    commands: &mut Vec<ReviewCommand>,
) {
    let take = &record.takes[ti];
    let before = ti.checked_sub(1).map(|b| &record.takes[b]);
    let is_best = record.best_take == Some(take.number);
    ui.horizontal(|ui| {
        ui.strong(format!("Take {}", take.number));
        let mark = if is_best { BEST_TAKE } else { MARK_BEST };
        let hover = if is_best {
            "Click to clear the mark"
        } else {
            "The summary and progress use the best take"
        };
        if ui
            .selectable_label(is_best, mark)
            .on_hover_text(hover)
            .clicked()
        {
            commands.push(ReviewCommand::MarkBest {
                question: qi,
                take: take.number,
            });
        }
    });
    take_row(ui, qi, take, loaded, true, commands);
    take_transcript(ui, (qi, take), running, &thresholds.fillers, commands);
    key_metrics(ui, thresholds, take, before);
    part_shares(ui, thresholds, (qi, record, take));
    take_rating(ui, qi, take, commands);
}

/// The shares of the question's framework parts in `take`, against their targets.
fn part_shares(
    ui: &mut egui::Ui,
    thresholds: &Thresholds,
    (qi, record, take): (usize, &QuestionRecord, &Take),
) {
    let Some(framework) = record.framework else {
        return;
    };
    let shares = crate::session::parts::take_shares(framework, take);
    let targets = thresholds.part_targets(framework);
    ui.push_id(("parts", qi, take.number), |ui| {
        crate::ui::parts::shares(ui, framework, shares.as_deref(), &targets);
    });
}

/// The take's transcript under its player, or how far it has got while `running`; a click
/// on a word plays the take from there.
fn take_transcript(
    ui: &mut egui::Ui,
    (qi, take): (usize, &Take),
    running: Option<Partial>,
    fillers: &[String],
    commands: &mut Vec<ReviewCommand>,
) {
    if take.transcript.is_none() && running.is_none() {
        return;
    }
    let clicked = ui
        .push_id(("transcript", qi, take.number), |ui| {
            match (&take.transcript, running) {
                (Some(transcript), _) => transcript::words(ui, &transcript.words, fillers),
                (None, partial) => {
                    let running = TranscriptView::Running(partial.unwrap_or_default());
                    transcript::view(ui, &running, fillers)
                }
            }
        })
        .inner;
    if let Some(from) = clicked {
        let take = take.number;
        commands.push(ReviewCommand::Play { question: qi, take });
        commands.push(ReviewCommand::Player(PlayerCommand::Seek(from)));
    }
}

/// Each key metric of `take`, coloured by its target, with the change from `before`
/// coloured better or worse.
fn key_metrics(ui: &mut egui::Ui, thresholds: &Thresholds, take: &Take, before: Option<&Take>) {
    let Some(measured) = take.measured() else {
        ui.weak(match take.wav {
            Some(_) => "Metrics are being measured…",
            None => "No recording, so no metrics.",
        });
        return;
    };
    let earlier = before.and_then(Take::measured);
    egui::Grid::new(("take metrics", take.number, take.started_at.timestamp()))
        .num_columns(3)
        .show(ui, |ui| {
            for key in KEY_METRICS {
                let Some(value) = (key.value)(&measured, thresholds) else {
                    continue;
                };
                ui.weak(key.label);
                ui.label(metric_text::value(ui, key, value, thresholds));
                match earlier.and_then(|m| (key.value)(&m, thresholds)) {
                    Some(was) => {
                        let change = metric_text::change(ui, key, was, value, thresholds);
                        ui.label(change.small())
                            .on_hover_text(format!("Since take {}", take.number - 1));
                    }
                    None => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
}

/// The feedback lines of take `ti` of question `qi`.
fn observations(ui: &mut egui::Ui, opened: &OpenedSession, qi: usize, ti: usize) {
    let observations = opened
        .observations
        .get(qi)
        .and_then(|o| o.get(ti))
        .map_or(&[][..], Vec::as_slice);
    let colours = theme::colours(ui);
    for o in observations {
        let color = match o.in_target {
            Some(true) => colours.good,
            Some(false) => colours.caution,
            None => ui.visuals().text_color(),
        };
        ui.horizontal(|ui| {
            ui.add_space(16.0);
            ui.colored_label(color, format!("• {}", o.text));
        });
    }
}

/// A take's rating (or "Not rated.") and the button that edits it.
fn take_rating(ui: &mut egui::Ui, qi: usize, take: &Take, commands: &mut Vec<ReviewCommand>) {
    match &take.rating {
        Some(r) => rating(ui, r),
        None => {
            ui.weak("Not rated.");
        }
    }
    let label = if take.rating.is_some() {
        "Edit rating"
    } else {
        "Rate this take"
    };
    // (In a row of its own, so a column's layout does not stretch it.)
    ui.horizontal(|ui| {
        if ui.small_button(label).clicked() {
            commands.push(ReviewCommand::EditRating {
                question: qi,
                take: take.number,
            });
        }
    });
}

fn take_row(
    ui: &mut egui::Ui,
    qi: usize,
    take: &Take,
    loaded: Option<&PlayerView<'_>>,
    in_column: bool,
    commands: &mut Vec<ReviewCommand>,
) {
    ui.horizontal_wrapped(|ui| {
        if !in_column {
            ui.label(format!("Take {}:", take.number));
        }
        let status = match take.status {
            TakeStatus::Recorded => format!("recorded {}", clock(secs(take.audio_s))),
            // The raw cause is in take.error and the log, not on screen.
            TakeStatus::Interrupted => format!(
                "interrupted after {}{}",
                clock(secs(take.audio_s)),
                if take.error.as_deref().is_some_and(mentions_disk_full) {
                    " (the disk was full)"
                } else {
                    ""
                }
            ),
            TakeStatus::NotRecorded => "not recorded (no microphone)".to_owned(),
            TakeStatus::Recording => "recording did not finish".to_owned(),
        };
        ui.label(status);
        ui.weak(format!(
            "· answered {} after {} thinking",
            clock(secs(take.answer_s)),
            clock(secs(take.think_used_s))
        ));
        if take.dropped_frames > 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("· {} frames dropped", take.dropped_frames),
            );
        }
        if take.wav.is_some()
            && loaded.is_none()
            && ui.button(shortcuts::label(Action::Play)).clicked()
        {
            commands.push(ReviewCommand::Play {
                question: qi,
                take: take.number,
            });
        }
    });
    if let Some(p) = loaded {
        let (question, take) = (qi, take.number);
        match player::controls(ui, &p.state) {
            Some(PlayerCommand::Play) => commands.push(ReviewCommand::Play { question, take }),
            Some(PlayerCommand::Pause) => commands.push(ReviewCommand::Pause),
            Some(other) => commands.push(ReviewCommand::Player(other)),
            None => {}
        }
    }
}

fn rating(ui: &mut egui::Ui, r: &Rating) {
    ui.horizontal_wrapped(|ui| {
        let Some(average) = r.average() else {
            ui.weak("No item rated.");
            return;
        };
        ui.label(format!("Rating {average:.1} / 5:"));
        for (name, score) in r.scores_in(RATING_ITEMS) {
            let score = rating_scale::score_text(score);
            ui.weak(format!("{} {score}", name.to_lowercase()));
        }
    });
    if !r.note.trim().is_empty() {
        ui.label(format!("Note: {}", shown(&r.note)));
    }
}
