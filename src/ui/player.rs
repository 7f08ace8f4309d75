//! The player of one take: play/pause (Space), the position slider and time, the waveform
//! to click, and Left/Right to jump. Review and the rate screen both draw it.

use std::time::Duration;

use crate::app::take_player::{PlayerCommand, PlayerState, SPEEDS};
use crate::ui::shortcuts::{self, Action};
use crate::ui::{shortcut_button, waveform};

/// How far Left and Right jump.
const SKIP: Duration = Duration::from_secs(5);

/// Name of the speed control.
pub const SPEED: &str = "Speed";

/// How to loop a part of the take.
pub const LOOP_HINT: &str = "Drag across the waveform to loop that part, or press L at the start and again at the end. L once more plays on to the end.";

/// The player's keys: Space plays or pauses, Left and Right jump 5 s, [ and ] change speed.
pub fn keys(ctx: &egui::Context, state: &PlayerState<'_>) -> Option<PlayerCommand> {
    let mut action = None;
    if state.is_playing && shortcuts::pressed(ctx, Action::Pause) {
        action = Some(PlayerCommand::Pause);
    } else if !state.is_playing && shortcuts::pressed(ctx, Action::Play) {
        action = Some(PlayerCommand::Play);
    }
    if shortcuts::pressed(ctx, Action::SkipBack) {
        action = Some(PlayerCommand::Seek(state.position.saturating_sub(SKIP)));
    }
    if shortcuts::pressed(ctx, Action::SkipForward) {
        action = Some(PlayerCommand::Seek(
            (state.position + SKIP).min(state.duration),
        ));
    }
    let step = SPEEDS.iter().position(|&s| s >= state.speed).unwrap_or(2);
    if shortcuts::pressed(ctx, Action::Slower) {
        action = Some(PlayerCommand::Speed(SPEEDS[step.saturating_sub(1)]));
    }
    if shortcuts::pressed(ctx, Action::Faster) {
        action = Some(PlayerCommand::Speed(
            SPEEDS[(step + 1).min(SPEEDS.len() - 1)],
        ));
    }
    if shortcuts::pressed(ctx, Action::Loop) {
        action = Some(PlayerCommand::LoopHere);
    }
    action
}

/// The play/pause button, position slider, time and any problem; then the waveform; with
/// the take's video beside them when it was filmed.
pub fn controls(ui: &mut egui::Ui, state: &PlayerState<'_>) -> Option<PlayerCommand> {
    match state.video {
        Some(frame) => {
            ui.horizontal_top(|ui| {
                ui.add_space(16.0);
                crate::ui::camera::picture(ui, "take video", frame, 240.0);
                ui.vertical(|ui| row_and_waveform(ui, state)).inner
            })
            .inner
        }
        None if state.video_opening => {
            ui.horizontal_top(|ui| {
                ui.add_space(16.0);
                crate::ui::camera::opening_picture(ui, 240.0);
                ui.vertical(|ui| row_and_waveform(ui, state)).inner
            })
            .inner
        }
        None => row_and_waveform(ui, state),
    }
}

/// The player row and the waveform under it.
fn row_and_waveform(ui: &mut egui::Ui, state: &PlayerState<'_>) -> Option<PlayerCommand> {
    let mut action = None;
    // Beside a take's video the row has about half the width: the speed and loop go on a
    // second line there.
    let narrow = ui.available_width() < 640.0;
    ui.horizontal(|ui| {
        ui.add_space(16.0);
        if state.is_playing {
            if shortcut_button(ui, Action::Pause).clicked() {
                action = Some(PlayerCommand::Pause);
            }
        } else if shortcut_button(ui, Action::Play).clicked() {
            action = Some(PlayerCommand::Play);
        }
        ui.spacing_mut().slider_width = if narrow { 160.0 } else { 260.0 };
        let total = state.duration.as_secs_f64();
        let mut position = state.position.as_secs_f64().min(total);
        let slider = ui
            .add(
                egui::Slider::new(&mut position, 0.0..=total.max(0.001))
                    .show_value(false)
                    .text("Position"),
            )
            .on_hover_text("Left and Right jump 5 s");
        if slider.changed() {
            action = Some(PlayerCommand::Seek(Duration::from_secs_f64(position)));
        }
        ui.monospace(format!(
            "{} / {}",
            clock(state.position),
            clock(state.duration)
        ));
        if !narrow {
            action = speed_and_loop(ui, state).or(action.take());
        }
    });
    if narrow {
        ui.horizontal(|ui| {
            ui.add_space(16.0);
            action = speed_and_loop(ui, state).or(action.take());
        });
    }
    // The strip is there from the first frame (empty until the peaks are computed), so
    // nothing below it moves when they arrive.
    {
        let peaks = state.waveform.unwrap_or(&[]);
        ui.horizontal(|ui| {
            ui.add_space(16.0);
            let of_take = |d: Duration| {
                if state.duration.is_zero() {
                    0.0
                } else {
                    (d.as_secs_f64() / state.duration.as_secs_f64()) as f32
                }
            };
            let marks = waveform::Marks {
                played: of_take(state.position),
                looped: state.looped.map(|(a, b)| (of_take(a), of_take(b))),
                loop_start: state.loop_start.map(of_take),
            };
            match waveform::show(ui, peaks, marks) {
                Some(waveform::Input::Seek(at)) => {
                    action = Some(PlayerCommand::Seek(state.duration.mul_f32(at)));
                }
                Some(waveform::Input::Select(a, b)) => {
                    action = Some(PlayerCommand::Loop(
                        state.duration.mul_f32(a),
                        state.duration.mul_f32(b),
                    ));
                }
                None => {}
            }
        });
    }
    action
}

/// The speed, the loop and any problem: the end of the player row.
fn speed_and_loop(ui: &mut egui::Ui, state: &PlayerState<'_>) -> Option<PlayerCommand> {
    let mut action = None;
    let mut speed = state.speed;
    egui::ComboBox::new("player speed", SPEED)
        .selected_text(speed_text(speed))
        .width(64.0)
        .show_ui(ui, |ui| {
            for s in SPEEDS {
                ui.selectable_value(&mut speed, s, speed_text(s));
            }
        })
        .response
        .on_hover_text(format!(
            "The pitch is kept. Keys: {} slower, {} faster",
            shortcuts::key_text(ui.ctx(), Action::Slower),
            shortcuts::key_text(ui.ctx(), Action::Faster)
        ));
    if speed != state.speed {
        action = Some(PlayerCommand::Speed(speed));
    }
    if shortcut_button(ui, Action::Loop)
        .on_hover_text(LOOP_HINT)
        .clicked()
    {
        action = Some(PlayerCommand::LoopHere);
    }
    if let Some(text) = loop_text(state) {
        ui.label(text);
    }
    // In the player row itself, so nothing above or below moves when it appears.
    if let Some(problem) = state.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    action
}

/// The loop as the player row says it: "Loop 0:12–0:19", or "Loop from 0:12…" while its
/// end is still to be marked.
pub fn loop_text(state: &PlayerState<'_>) -> Option<String> {
    match (state.looped, state.loop_start) {
        (Some((a, b)), _) => Some(format!("Loop {}–{}", clock(a), clock(b))),
        (None, Some(a)) => Some(format!("Loop from {}… (L at its end)", clock(a))),
        (None, None) => None,
    }
}

/// A speed as shown, e.g. "1.25×".
pub fn speed_text(speed: f32) -> String {
    format!("{speed}×")
}

/// `m:ss` for a duration.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}
