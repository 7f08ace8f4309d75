//! The self-rating form after each answer, with the take's delivery metrics beside it.

use crate::app::Command;
use crate::app::forms::RatingForm;
use crate::app::rehearsal::{MetricsView, TranscriptView};
use crate::app::take_player::{PlayerCommand, PlayerState};
use crate::session::{RatingGroup, Take, TakeStatus};
use crate::ui::shortcuts::{self, Action};
use crate::ui::{rating_scale, shortcut_button, timer};

/// What the rating screen shows.
pub struct RateView<'a> {
    /// 1-based question number (a follow-up has its question's).
    pub number: usize,
    /// The answer was to a follow-up of question `number`.
    pub follow_up: bool,
    /// Another take may be recorded (not in a mock interview).
    pub retakes: bool,
    /// Questions in the session.
    pub total: usize,
    /// The question text.
    pub question: &'a str,
    /// The take being rated.
    pub take: Option<&'a Take>,
    /// Its delivery metrics.
    pub metrics: MetricsView,
    /// Its words.
    pub transcript: TranscriptView,
    /// The filler words marked in the transcript.
    pub fillers: &'a [String],
    /// Whether this is the last question.
    pub is_last: bool,
    /// The take loaded for listening (`None` without a recording).
    pub player: Option<PlayerState<'a>>,
    /// The question's answer framework, whose parts' shares are shown.
    pub framework: Option<crate::pack::Framework>,
    /// The target share of each of its parts, in percent.
    pub part_targets: Vec<f64>,
}

/// Above the rate screen's player.
pub const LISTEN_HINT: &str =
    "Listen back before you rate: Space plays or pauses, Left and Right jump 5 s, L loops a part.";

/// A one-line description of a take, e.g. "Take 2 · 1:34 answered · recorded".
pub fn take_line(take: &Take) -> String {
    let status = match take.status {
        TakeStatus::Recording => "recording",
        TakeStatus::Recorded => "recorded",
        TakeStatus::Interrupted => "interrupted (audio kept up to the failure)",
        TakeStatus::NotRecorded => "not recorded",
    };
    // A recording's length is its audio (frames ÷ rate), the same figure the metrics use.
    let (length, what) = if take.wav.is_some() && take.audio_s > 0.0 {
        (take.audio_s, "long")
    } else {
        (take.answer_s, "answered")
    };
    format!(
        "Take {} · {} {what} · {status}",
        take.number,
        timer::secs(length)
    )
}

fn keyboard(
    ctx: &egui::Context,
    form: &mut RatingForm,
    view: &RateView<'_>,
    commands: &mut Vec<Command>,
) {
    let player = view.player.as_ref();
    if shortcuts::pressed(ctx, Action::SaveRating) {
        commands.push(Command::SaveRating);
    }
    if ctx.egui_wants_keyboard_input() {
        return; // typing in the note
    }
    if let Some(command) = player.and_then(|p| crate::ui::player::keys(ctx, p)) {
        commands.push(Command::Listen(command));
    }
    if shortcuts::pressed(ctx, Action::EndSession) {
        commands.push(Command::EndSession);
    }
    if view.retakes && shortcuts::pressed(ctx, Action::Retake) {
        commands.push(Command::Retake);
    }
    form_keys(ctx, form);
}

/// Digits score the marked item, Up and Down move the mark (in the order typed).
pub(crate) fn form_keys(ctx: &egui::Context, form: &mut RatingForm) {
    let form_keys = [
        Action::Score(1),
        Action::Score(2),
        Action::Score(3),
        Action::Score(4),
        Action::Score(5),
        Action::PreviousItem,
        Action::NextItem,
    ];
    for action in shortcuts::pressed_in_order(ctx, &form_keys) {
        match action {
            Action::Score(score) => form.score_current(score),
            Action::PreviousItem => form.move_cursor(-1),
            _ => form.move_cursor(1),
        }
    }
}

/// Draws the rating form; edits `form` in place.
pub fn show(ui: &mut egui::Ui, form: &mut RatingForm, view: &RateView<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    keyboard(&ui.ctx().clone(), form, view, &mut commands);

    ui.strong(if view.follow_up {
        format!("Rate your answer · follow-up to question {}", view.number)
    } else {
        format!(
            "Rate your answer · question {} of {}",
            view.number, view.total
        )
    });
    ui.label(egui::RichText::new(view.question).size(18.0));
    if let Some(take) = view.take {
        ui.weak(take_line(take));
        if let Some(e) = &take.error {
            ui.label(egui::RichText::new(e).color(ui.visuals().warn_fg_color));
        }
    }
    if let Some(state) = &view.player {
        ui.add_space(4.0);
        ui.weak(LISTEN_HINT);
        if let Some(command) = crate::ui::player::controls(ui, state) {
            commands.push(Command::Listen(command));
        }
    }
    ui.separator();
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        let filmed = view
            .player
            .as_ref()
            .is_some_and(|p| p.video.is_some() || p.video_opening);
        rating_grid_and_note(ui, form, filmed);
        ui.weak("Keys: 1–5 score the marked item, Up/Down move, Enter saves, R retakes, Esc ends. Items left unrated are not counted.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let save = if view.is_last {
                Action::FinishRating
            } else {
                Action::SaveRating
            };
            if shortcut_button(ui, save).clicked() {
                commands.push(Command::SaveRating);
            }
            if view.retakes && shortcut_button(ui, Action::Retake).clicked() {
                commands.push(Command::Retake);
            }
            if shortcut_button(ui, Action::EndSession).clicked() {
                commands.push(Command::EndSession);
            }
        });

        let ui = &mut cols[1];
        if let (Some(framework), Some(take)) = (view.framework, view.take) {
            ui.strong(format!("{} parts", framework.name()));
            let shares = crate::session::parts::take_shares(framework, take);
            crate::ui::parts::shares(ui, framework, shares.as_deref(), &view.part_targets);
            ui.add_space(8.0);
        }
        ui.strong("Delivery");
        metrics(ui, &view.metrics);
        ui.add_space(8.0);
        ui.strong("What you said");
        let from = crate::ui::transcript::view(ui, &view.transcript, view.fillers);
        if let (Some(from), Some(_)) = (from, &view.player) {
            commands.push(Command::Listen(PlayerCommand::Seek(from)));
            commands.push(Command::Listen(PlayerCommand::Play));
        }
    });
    commands
}

/// The rating grid, then the note field (the form's body, also in review's edit form);
/// `filmed`: the take's video is beside it, so the body-language items get their hint.
pub(crate) fn rating_grid_and_note(ui: &mut egui::Ui, form: &mut RatingForm, filmed: bool) {
    rating_grid(ui, form, filmed);
    ui.add_space(6.0);
    ui.add(
        egui::TextEdit::singleline(&mut form.note)
            .hint_text("Note (optional)")
            .desired_width(f32::INFINITY),
    )
    .accessible_name("Note");
}

/// The hint beside the body-language items when the take's video is there to watch.
pub const BODY_LANGUAGE_HINT: &str = "Watch the first 10 seconds muted";

/// The items, grouped (body language, delivery, content), each with its 1–5 scale; the
/// item digit keys set next is drawn strong, in the accent colour.
fn rating_grid(ui: &mut egui::Ui, form: &mut RatingForm, filmed: bool) {
    scored_grid(ui, "rating grid", form, filmed, |_, _| {});
}

/// A form's items under their group headings, each with its 1–5 scale, the item digit keys
/// set next drawn strong in the accent colour; `filmed` adds the body-language hint;
/// `after_group` draws a row after each group's items (the reflection's note on each part).
pub(crate) fn scored_grid(
    ui: &mut egui::Ui,
    id: &str,
    form: &mut RatingForm,
    filmed: bool,
    mut after_group: impl FnMut(&mut egui::Ui, RatingGroup),
) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let mut group = None;
            for (i, item) in form.items.iter().enumerate() {
                if group != Some(item.group) {
                    if let Some(done) = group {
                        after_group(ui, done);
                    }
                    group = Some(item.group);
                    ui.weak(item.group.label());
                    if filmed && item.group == crate::session::RatingGroup::BodyLanguage {
                        ui.weak(BODY_LANGUAGE_HINT);
                    }
                    ui.end_row();
                }
                let text = if form.cursor == i {
                    egui::RichText::new(format!("› {}", item.label))
                        .strong()
                        .color(ui.visuals().selection.stroke.color)
                } else {
                    egui::RichText::new(format!("  {}", item.label))
                };
                ui.label(text).on_hover_text(item.help);
                if let Some(score) = rating_scale::show(ui, item.label, form.scores[i]) {
                    form.set(i, score);
                }
                ui.end_row();
            }
            if let Some(done) = group {
                after_group(ui, done);
            }
        });
}

/// The delivery-metrics column (also usable elsewhere).
pub fn metrics(ui: &mut egui::Ui, view: &MetricsView) {
    match view {
        MetricsView::NotRecorded => {
            ui.weak("No recording, so no delivery metrics for this answer.");
        }
        MetricsView::Running => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Measuring pace, pauses and loudness…");
            });
        }
        MetricsView::Failed(_) => {
            // The raw cause is in the log.
            ui.label(
                egui::RichText::new(
                    "Pace, pauses and loudness could not be measured for this answer. Its \
                     recording is kept, and you can still rate it.",
                )
                .color(ui.visuals().warn_fg_color),
            );
        }
        MetricsView::Ready(lines) => {
            for line in lines {
                let text = egui::RichText::new(&line.text);
                let text = match line.in_target {
                    Some(true) => text.color(crate::ui::theme::colours(ui).good),
                    Some(false) => text.color(crate::ui::theme::colours(ui).caution),
                    None => text,
                };
                ui.label(text);
            }
        }
    }
}
