//! The run screen: the question, the think countdown with the framework's checklist, the
//! answer timer and the recording.

use std::time::Duration;

use crate::app::Command;
use crate::app::meter::MeterReading;
use crate::interview::mode::Panellist;
use crate::interview::{AnswerTimer, Mode};
use crate::pack::{Framework, Question};
use crate::ui::shortcuts::{self, Action};
use crate::ui::{shortcut_button, timer};

/// What the run screen shows.
pub struct RunView<'a> {
    /// 1-based question number.
    pub number: usize,
    /// Questions in the session.
    pub total: usize,
    /// The question.
    pub question: &'a Question,
    /// Time left to think (while thinking).
    pub think_remaining: Option<Duration>,
    /// The interviewer's voice is asking the question (the countdown waits for it).
    pub asking: bool,
    /// The answer timer (while answering).
    pub answer: Option<AnswerTimer>,
    /// The take being (or about to be) recorded.
    pub take: u32,
    /// Whether the microphone is recording now.
    pub recording: bool,
    /// Answering without audio (no microphone, or the device was lost).
    pub not_recorded: bool,
    /// What the level meter shows while recording.
    pub meter: Option<MeterReading>,
    /// The input has been too quiet for a while.
    pub too_quiet: bool,
    /// Time since the session started.
    pub session_elapsed: Duration,
    /// Where the take's framework parts were marked to begin.
    pub marks: &'a [crate::session::parts::PartMark],
    /// Whether the camera is filming the answer.
    pub filming: bool,
    /// The session's mode (what may be done, what is shown).
    pub mode: Mode,
    /// The question is only heard (a phone screen with a voice): its text stays hidden.
    pub heard_only: bool,
    /// For a follow-up: the number of the question it follows up.
    pub follow_up_to: Option<usize>,
    /// On a panel: who asks, and who sits on the panel.
    pub panel: Option<(&'static Panellist, &'static [Panellist])>,
    /// The whole session's time budget, when its clock is shown against it.
    pub time_budget: Option<Duration>,
    /// The question can be put off until later.
    pub can_defer: bool,
    /// The questions are read aloud (so one can be asked again).
    pub voice: bool,
}

/// "Session 04:10", or in a mock interview "Session 04:10 of 20:00", warning once over.
fn session_clock(ui: &mut egui::Ui, view: &RunView<'_>) {
    let elapsed = timer::mmss(view.session_elapsed);
    let text = match view.time_budget {
        Some(budget) => format!("Session {elapsed} of {}", timer::mmss(budget)),
        None => format!("Session {elapsed}"),
    };
    let mut text = egui::RichText::new(text).monospace();
    if view.time_budget.is_some_and(|b| view.session_elapsed > b) {
        text = text.color(ui.visuals().warn_fg_color).strong();
    }
    ui.label(text);
}

/// The red dot and "REC", and "camera on" while filming.
fn rec_indicator(ui: &mut egui::Ui, filming: bool) {
    let red = crate::ui::theme::colours(ui).recording;
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 22.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 10.0, red);
        ui.label(egui::RichText::new("REC").size(22.0).strong().color(red));
        ui.label(egui::RichText::new("Recording").color(red));
        if filming {
            ui.add_space(12.0);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().circle_filled(rect.center(), 6.0, red);
            ui.label(egui::RichText::new("Camera on").strong().color(red));
        }
    });
}

/// The framework's parts as a checklist to tick while planning the answer. The ticks are
/// view state only, kept per question (`key`: its id and number) while the window is open.
fn checklist(ui: &mut egui::Ui, framework: Framework, key: (&str, usize)) {
    let id = egui::Id::unique(("framework-checklist", key));
    let parts = framework.parts();
    let mut ticked: Vec<bool> = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    ticked.resize(parts.len(), false);
    ui.strong(format!("Plan it with {}", framework.name()));
    egui::Grid::new(id.with("grid"))
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (part, ticked) in parts.iter().zip(ticked.iter_mut()) {
                ui.checkbox(ticked, part.label);
                ui.weak(part.prompt);
                ui.end_row();
            }
        });
    ui.data_mut(|d| d.insert_temp(id, ticked));
}

/// Draws the run screen.
pub fn show(ui: &mut egui::Ui, view: &RunView<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    let ctx = ui.ctx().clone();
    let thinking = view.think_remaining.is_some();
    if shortcuts::pressed(&ctx, Action::EndSession) {
        commands.push(Command::EndSession);
    } else if thinking && shortcuts::pressed(&ctx, Action::SkipThink) {
        commands.push(Command::SkipThink);
    } else if !thinking && shortcuts::pressed(&ctx, Action::StopAnswer) {
        commands.push(Command::StopAnswer);
    } else if !thinking && view.mode.retakes() && shortcuts::pressed(&ctx, Action::RetakeNow) {
        commands.push(Command::Retake);
    } else if thinking && view.can_defer && shortcuts::pressed(&ctx, Action::Later) {
        commands.push(Command::Defer);
    } else if thinking && view.voice && shortcuts::pressed(&ctx, Action::AskAgain) {
        commands.push(Command::AskAgain);
    }
    if let (false, Some(framework)) = (thinking, view.question.framework) {
        commands.extend(crate::ui::parts::keys(&ctx, framework));
    }

    ui.horizontal(|ui| {
        match view.follow_up_to {
            Some(parent) => ui.strong(format!("Follow-up to question {parent}")),
            None => ui.strong(format!("Question {} of {}", view.number, view.total)),
        };
        if view.take > 1 {
            ui.label(format!("· take {}", view.take));
        }
        ui.label(format!("· {}", view.mode.info().name));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            session_clock(ui, view);
        });
    });
    ui.separator();
    ui.add_space(8.0);
    if let Some((asker, _)) = view.panel {
        ui.label(
            egui::RichText::new(format!("{}, {}, asks:", asker.name, asker.role))
                .size(18.0)
                .italics(),
        );
    }
    if view.heard_only {
        ui.label(
            egui::RichText::new("Listen: on a phone screen the question is only heard.").size(20.0),
        );
        ui.weak("They cannot see you: speak clearly, and let your voice carry your enthusiasm.");
    } else {
        ui.label(egui::RichText::new(&view.question.text).size(28.0).strong());
    }
    if let (Some((asker, panel)), true) = (view.panel, view.answer.is_some()) {
        let others: Vec<&str> = panel
            .iter()
            .filter(|p| p.name != asker.name)
            .map(|p| p.name.split(' ').next().unwrap_or(p.name))
            .collect();
        ui.label(format!(
            "Answer {}, who asked, and bring {} in with your eyes.",
            asker.name.split(' ').next().unwrap_or(asker.name),
            others.join(" and ")
        ));
    }
    if !view.question.tips.is_empty() && !view.heard_only {
        egui::CollapsingHeader::new("Tips")
            .id_salt(("tips", &view.question.id))
            .show(ui, |ui| {
                for tip in &view.question.tips {
                    ui.label(format!("• {tip}"));
                }
            });
    }
    ui.add_space(16.0);

    if let Some(remaining) = view.think_remaining {
        ui.label(
            egui::RichText::new(if view.asking {
                "The interviewer is asking…"
            } else {
                "Think about your answer"
            })
            .size(18.0),
        );
        ui.label(
            egui::RichText::new(timer::mmss_up(remaining))
                .size(48.0)
                .monospace()
                .color(ui.visuals().strong_text_color()),
        );
        ui.label(if view.asking {
            "The countdown starts when the question has been read."
        } else {
            "Recording starts by itself when the countdown ends."
        });
        if let Some(framework) = view.question.framework {
            ui.add_space(8.0);
            checklist(ui, framework, (&view.question.id, view.number));
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if shortcut_button(ui, Action::SkipThink).clicked() {
                commands.push(Command::SkipThink);
            }
            if view.voice && shortcut_button(ui, Action::AskAgain).clicked() {
                commands.push(Command::AskAgain);
            }
            if view.can_defer && shortcut_button(ui, Action::Later).clicked() {
                commands.push(Command::Defer);
            }
            if shortcut_button(ui, Action::EndSession).clicked() {
                commands.push(Command::EndSession);
            }
        });
    } else if let Some(answer) = &view.answer {
        if view.recording {
            rec_indicator(ui, view.filming);
        } else if view.not_recorded {
            ui.label(
                egui::RichText::new("Not recorded: the answer is timed only")
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
        }
        let framework = view.question.framework;
        let labels: Vec<(f64, &str)> = view
            .marks
            .iter()
            .filter_map(|m| {
                let part = framework?.parts().get(m.part)?;
                Some((m.at_s, part.label.get(..1).unwrap_or("")))
            })
            .collect();
        timer::answer_timer(ui, answer, &labels);
        if let Some(framework) = framework {
            let marked: Vec<usize> = view.marks.iter().map(|m| m.part).collect();
            commands.extend(crate::ui::parts::buttons(ui, framework, &marked));
        }
        if let Some(reading) = view.meter {
            crate::ui::level_meter::show(ui, reading, view.too_quiet);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if shortcut_button(ui, Action::StopAnswer).clicked() {
                commands.push(Command::StopAnswer);
            }
            if view.mode.retakes() && shortcut_button(ui, Action::RetakeNow).clicked() {
                commands.push(Command::Retake);
            }
            if shortcut_button(ui, Action::EndSession).clicked() {
                commands.push(Command::EndSession);
            }
        });
    }
    commands
}
