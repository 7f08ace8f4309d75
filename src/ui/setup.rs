//! The setup screen: packs, number and order of questions, times, microphone, start.

use crate::app::Command;
use crate::app::meter::MeterReading;
use crate::app::settings::{Settings, ThemeChoice};
use crate::app::speech_models::{SPEECH_MODELS, SpeechModels};
use crate::audio::DeviceInfo;
use crate::pack::{LibraryPack, Timings};
use crate::ui::shortcut_button;
use crate::ui::shortcuts::{self, Action};

/// What the setup screen shows and edits.
pub struct SetupView<'a> {
    /// The choices, edited in place.
    pub settings: &'a mut Settings,
    /// The pack library.
    pub packs: &'a [LibraryPack],
    /// How many user pack files could not be read.
    pub pack_errors: usize,
    /// Input devices, default first.
    pub devices: &'a [DeviceInfo],
    /// Output devices, default first.
    pub outputs: &'a [DeviceInfo],
    /// What the level meter shows, when it runs.
    pub meter: Option<MeterReading>,
    /// The meter paused after a while without input.
    pub meter_paused: bool,
    /// The input has been too quiet for a while.
    pub too_quiet: bool,
    /// Why the meter could not start, as sentences saying what to do.
    pub mic_error: Option<&'a str>,
    /// How many questions the chosen packs and types offer.
    pub available: usize,
    /// The chosen packs' default times.
    pub defaults: Option<Timings>,
    /// Whether keyboard shortcuts apply (not while a prompt is open over the screen).
    pub shortcuts: bool,
    /// The installed speech models (`None`: the window was given a transcriber of its own).
    pub speech_models: Option<&'a SpeechModels>,
    /// The cameras and the self-view.
    pub camera: crate::app::camera::CameraView,
    /// Whether the neural voice is installed.
    pub neural_voice: bool,
}

/// Draws the setup screen.
pub fn show(ui: &mut egui::Ui, view: &mut SetupView<'_>) -> Vec<Command> {
    let mut commands = Vec::new();
    let can_start = view.available > 0;
    if view.shortcuts && can_start && shortcuts::pressed(ui.ctx(), Action::StartInterview) {
        commands.push(Command::StartInterview);
    }
    if view.shortcuts {
        for (action, command) in [
            (Action::PastSessions, Command::OpenReview),
            (Action::Progress, Command::OpenProgress),
            (Action::QuestionPacks, Command::OpenPacks),
            (Action::ImportPack, Command::ImportPack),
        ] {
            if shortcuts::pressed(ui.ctx(), action) {
                commands.push(command);
            }
        }
    }
    ui.heading("Rehearse a job interview");
    // Added in reading order, so Tab runs left to right.
    ui.horizontal_wrapped(|ui| {
        for (action, command) in [
            (Action::PastSessions, Command::OpenReview),
            (Action::Progress, Command::OpenProgress),
            (Action::QuestionPacks, Command::OpenPacks),
            (Action::ImportPack, Command::ImportPack),
        ] {
            if shortcut_button(ui, action).clicked() {
                commands.push(command);
            }
        }
    });
    ui.separator();
    // "Start interview" stays in view at the bottom; the choices scroll above it.
    egui::Panel::bottom("setup start")
        .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(0, 4)))
        .show_separator_line(true)
        .show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                let start = ui.add_enabled(
                    can_start,
                    egui::Button::new(
                        egui::RichText::new(shortcuts::label(Action::StartInterview)).size(20.0),
                    )
                    .shortcut_text(shortcuts::key_text(ui.ctx(), Action::StartInterview)),
                );
                if start.clicked() {
                    commands.push(Command::StartInterview);
                }
                if !can_start {
                    ui.label("Choose a pack with questions to start.");
                }
            });
        });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            mode_section(ui, view.settings);
            ui.add_space(8.0);
            packs_section(ui, view);
            ui.add_space(8.0);
            questions_section(ui, view);
            ui.add_space(8.0);
            microphone_section(ui, view, &mut commands);
            ui.add_space(8.0);
            crate::ui::camera::section(ui, view.settings, &view.camera, &mut commands);
            ui.add_space(8.0);
            voice_section(ui, view.settings, view.neural_voice, &mut commands);
            ui.add_space(8.0);
            appearance_section(ui, view.settings);
            ui.add_space(8.0);
            if let Some(models) = view.speech_models {
                transcripts_section(ui, view.settings, models);
                ui.add_space(8.0);
            }
            targets_section(ui, view.settings);
        });
    commands
}

/// How the session is run: one of the modes, with what it changes.
fn mode_section(ui: &mut egui::Ui, settings: &mut Settings) {
    use crate::interview::mode::{MIN_PANEL, MODES, PANELLISTS};
    ui.horizontal(|ui| {
        let label = ui.strong("Interview");
        egui::ComboBox::from_id_salt("interview mode")
            .selected_text(settings.mode.info().name)
            .show_ui(ui, |ui| {
                for info in MODES {
                    ui.selectable_value(&mut settings.mode, info.mode, info.name)
                        .on_hover_text(info.summary);
                }
            })
            .response
            .labelled_by(label.id);
        ui.weak(settings.mode.info().summary);
    });
    if settings.mode.panel() {
        ui.horizontal(|ui| {
            let label = ui.label("Panellists");
            ui.add(
                egui::DragValue::new(&mut settings.panel_size).range(MIN_PANEL..=PANELLISTS.len()),
            )
            .labelled_by(label.id);
            let names: Vec<&str> = PANELLISTS
                [..settings.panel_size.clamp(MIN_PANEL, PANELLISTS.len())]
                .iter()
                .map(|p| p.name)
                .collect();
            ui.weak(names.join(", "));
        });
    }
}

/// The interviewer's voice: on or off, its speed, and a sample to hear.
fn voice_section(
    ui: &mut egui::Ui,
    settings: &mut Settings,
    neural_installed: bool,
    commands: &mut Vec<Command>,
) {
    use crate::audio::voice::{MAX_WPM, MIN_WPM};
    ui.strong("Interviewer's voice");
    ui.checkbox(
        &mut settings.voice.on,
        "Read each question aloud before the think countdown",
    );
    let neural = settings.voice.neural && neural_installed;
    ui.horizontal_wrapped(|ui| {
        ui.label("Voice");
        if ui.radio(!neural, ESPEAK_CHOICE).clicked() {
            settings.voice.neural = false;
        }
        let choice = ui
            .add_enabled(
                neural_installed,
                egui::RadioButton::new(neural, NEURAL_CHOICE),
            )
            .on_disabled_hover_text(
                "Not installed. In Rehearse's source folder: make model (or scripts/fetch-model.sh --voice && rehearse voice install)",
            );
        if choice.clicked() {
            settings.voice.neural = true;
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Speed");
        ui.add(
            egui::Slider::new(&mut settings.voice.wpm, MIN_WPM..=MAX_WPM.min(260))
                .suffix(" words a minute"),
        )
        .labelled_by(label.id);
        if ui.button("Hear it").clicked() {
            commands.push(Command::HearVoice);
        }
    });
    if settings.mode.needs_voice() {
        ui.weak(format!(
            "The {} always reads the questions aloud.",
            settings.mode.info().name.to_lowercase()
        ));
    }
    ui.weak(if neural {
        "A natural offline voice (Piper, run on this computer). Panellists keep their eSpeak NG voices."
    } else {
        "An offline voice (eSpeak NG): robotic, but it makes you listen rather than read."
    });
}

/// The built-in voice's choice.
pub const ESPEAK_CHOICE: &str = "eSpeak NG (built in)";
/// The neural voice's choice.
pub const NEURAL_CHOICE: &str = "Natural (Piper, neural)";

fn appearance_section(ui: &mut egui::Ui, settings: &mut Settings) {
    ui.strong("Appearance");
    ui.horizontal_wrapped(|ui| {
        ui.label("Colours");
        ui.radio_value(&mut settings.theme, ThemeChoice::System, "As the system");
        ui.radio_value(&mut settings.theme, ThemeChoice::Light, "Light");
        ui.radio_value(&mut settings.theme, ThemeChoice::Dark, "Dark");
    });
}

/// The speech model choice: the installed models, the one in use selected.
fn transcripts_section(ui: &mut egui::Ui, settings: &mut Settings, models: &SpeechModels) {
    ui.strong("Transcripts");
    if models.installed.is_empty() {
        ui.weak(crate::ui::transcript::TRANSCRIPTS_OFF);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Speech model");
        for model in SPEECH_MODELS {
            let installed = models.installed.contains(&model.name);
            let selected = models.in_use.as_deref() == Some(model.name);
            let choice = ui
                .add_enabled(installed, egui::RadioButton::new(selected, model.label))
                .on_disabled_hover_text(not_installed(model.name));
            if choice.clicked() && !selected {
                settings.speech_model = Some(model.name.to_owned());
            }
        }
    });
    ui.weak("Transcripts are made on this computer; nothing is uploaded.");
}

/// How to install the model `name`, for its disabled choice.
fn not_installed(name: &str) -> &'static str {
    match name {
        "base" => {
            "Not installed. In Rehearse's source folder: scripts/fetch-model.sh --base && rehearse model install --base"
        }
        "tiny.en" => "Not installed. In Rehearse's source folder: make model",
        _ => {
            "Not installed: rehearse model install --file PATH installs your own ggml Whisper file"
        }
    }
}

/// The note beside "Number of questions" when the packs hold fewer than asked for.
pub fn count_note(asked: usize, available: usize) -> Option<String> {
    (available > 0 && asked > available).then(|| {
        format!("These packs hold {available} questions; the session will ask {available}.")
    })
}

fn packs_section(ui: &mut egui::Ui, view: &mut SetupView<'_>) {
    ui.strong("Question packs");
    for lp in view.packs {
        let pack = &lp.pack;
        let mut selected = view.settings.pack(&pack.id).is_some();
        ui.horizontal(|ui| {
            if ui.checkbox(&mut selected, &pack.title).changed() {
                view.settings.set_pack(&pack.id, selected);
            }
            ui.weak(format!("{} questions", pack.questions.len()));
        });
        let types = pack.types();
        if selected && types.len() > 1 {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(24.0);
                let chosen = view
                    .settings
                    .pack(&pack.id)
                    .map(|c| c.types.clone())
                    .unwrap_or_default();
                for kind in &types {
                    let on = chosen.is_empty() || chosen.contains(kind);
                    let r = ui
                        .add(egui::Button::selectable(on, kind.label()))
                        .accessible_name(format!("{}: {}", pack.title, kind.label()));
                    if r.clicked() {
                        view.settings.toggle_type(&pack.id, kind.clone(), &types);
                    }
                }
            });
        }
    }
    if view.pack_errors > 0 {
        ui.label(
            egui::RichText::new(format!(
                "{} pack file(s) in the data folder could not be read; see Question packs.",
                view.pack_errors
            ))
            .color(ui.visuals().warn_fg_color),
        );
    }
}

fn seconds_override(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<u32>,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
) {
    ui.horizontal(|ui| {
        let mut own = value.is_some();
        if ui.checkbox(&mut own, format!("Own {label}")).changed() {
            *value = own.then_some(value.unwrap_or(default));
        }
        match value {
            Some(v) => {
                ui.add(egui::DragValue::new(v).range(range).suffix(" s"))
                    .accessible_name(format!("{label} in seconds"));
            }
            None => {
                ui.weak(format!("pack default: {default} s"));
            }
        }
    });
}

fn questions_section(ui: &mut egui::Ui, view: &mut SetupView<'_>) {
    let s = &mut *view.settings;
    ui.strong("Questions");
    ui.horizontal(|ui| {
        let label = ui.label("Number of questions");
        ui.add(egui::DragValue::new(&mut s.question_count).range(1..=100))
            .labelled_by(label.id);
        ui.weak(format!("{} available", view.available));
    });
    if let Some(note) = count_note(s.question_count, view.available) {
        ui.label(egui::RichText::new(note).color(ui.visuals().warn_fg_color));
    }
    ui.horizontal(|ui| {
        ui.label("Order");
        ui.radio_value(&mut s.shuffled, false, "Pack order");
        ui.radio_value(&mut s.shuffled, true, "Shuffled");
    });
    ui.horizontal(|ui| {
        ui.label("Follow-up questions");
        for (choice, name) in crate::app::settings::FollowUps::CHOICES {
            ui.radio_value(&mut s.follow_ups, choice, name);
        }
    })
    .response
    .on_hover_text(
        "After a question that has follow-ups, one of them is asked, with a shorter timer. \
         Follow-ups are not counted in the number of questions.",
    );
    let defaults = view.defaults.unwrap_or(Timings {
        think_seconds: 15,
        answer_seconds: 120,
    });
    seconds_override(
        ui,
        "think time",
        &mut s.think_seconds,
        defaults.think_seconds,
        0..=600,
    );
    seconds_override(
        ui,
        "answer time",
        &mut s.answer_seconds,
        defaults.answer_seconds,
        10..=3600,
    );
    if s.answer_seconds.is_some() {
        ui.weak(format!(
            "Answers can last 10 s to {} minutes; one recording stops at that limit.",
            crate::audio::MAX_TAKE_SECONDS / 60
        ));
    }
}

/// A device list labelled `label`, the host's default first as "System default (name)";
/// the device picked this frame, if any (`Some(None)`: the default).
fn device_combo(
    ui: &mut egui::Ui,
    label: &str,
    devices: &[DeviceInfo],
    chosen: Option<&str>,
) -> Option<Option<String>> {
    let system_default = match devices.iter().find(|d| d.is_default) {
        Some(d) => format!("System default ({})", d.name),
        None => "System default".to_owned(),
    };
    let current = chosen.map_or_else(|| system_default.clone(), str::to_owned);
    let label = ui.label(label);
    let mut picked = None;
    egui::ComboBox::from_id_salt(label.id)
        .selected_text(current)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(chosen.is_none(), system_default)
                .clicked()
            {
                picked = Some(None);
            }
            for d in devices.iter().filter(|d| !d.is_default) {
                if ui
                    .selectable_label(chosen == Some(&d.name), &d.name)
                    .clicked()
                {
                    picked = Some(Some(d.name.clone()));
                }
            }
        })
        .response
        .labelled_by(label.id);
    picked
}

fn microphone_section(ui: &mut egui::Ui, view: &mut SetupView<'_>, commands: &mut Vec<Command>) {
    ui.strong("Microphone");
    ui.horizontal(|ui| {
        let chosen = view.settings.input_device.as_deref();
        if let Some(device) = device_combo(ui, "Input device", view.devices, chosen) {
            commands.push(Command::SelectDevice(device));
        }
        if ui.button("Refresh devices").clicked() {
            commands.push(Command::RefreshDevices);
        }
    });
    if !view.outputs.is_empty() {
        let chosen = view.settings.output_device.as_deref();
        ui.horizontal(|ui| {
            if let Some(device) = device_combo(ui, "Speaker", view.outputs, chosen) {
                commands.push(Command::SelectOutput(device));
            }
        })
        .response
        .on_hover_text("Where your takes and the interviewer's voice are played.");
        if let Some(name) = chosen
            && !view.outputs.iter().any(|d| d.name == name)
        {
            ui.weak(format!(
                "\"{name}\" is not connected; the system default plays until it is."
            ));
        }
    }
    if let Some(name) = &view.settings.input_device
        && !view.devices.iter().any(|d| &d.name == name)
    {
        ui.weak(format!(
            "\"{name}\" is not connected; the system default is used until it is."
        ));
    }
    if let Some(reading) = view.meter {
        crate::ui::level_meter::show(ui, reading, view.too_quiet);
    } else if view.meter_paused {
        ui.horizontal(|ui| {
            ui.label("Mic level");
            if ui
                .button("Test microphone")
                .on_hover_text("The meter pauses after 30 s without input, to save power.")
                .clicked()
            {
                commands.push(Command::TestMicrophone);
            }
            ui.weak("The meter paused to save power.");
        });
        // As tall as the meter's warning line, so nothing below moves when it wakes.
        ui.label(" ");
    }
    if let Some(error) = view.mic_error {
        ui.label(
            egui::RichText::new(error)
                .strong()
                .color(ui.visuals().error_fg_color),
        );
        ui.label(
            "You can still rehearse: answers are timed and rated, and marked \"not recorded\".",
        );
        if ui.button("Retry").clicked() {
            commands.push(Command::RefreshDevices);
        }
    }
}

fn target_value(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    suffix: &str,
) {
    ui.add(
        egui::DragValue::new(value)
            .range(range)
            .speed(0.5)
            .suffix(suffix),
    )
    .accessible_name(label.to_owned());
}

/// The target split of `framework`'s parts, one percentage each; it is stored once changed.
fn part_split(
    ui: &mut egui::Ui,
    t: &mut crate::analysis::Thresholds,
    framework: crate::pack::Framework,
) {
    let mut split = t.part_targets(framework);
    let before = split.clone();
    ui.horizontal(|ui| {
        ui.label(format!("{} split", framework.name()));
        for (part, value) in framework.parts().iter().zip(split.iter_mut()) {
            ui.label(part.label);
            target_value(
                ui,
                &format!(
                    "{} target share of {} in percent",
                    part.label,
                    framework.name()
                ),
                value,
                0.0..=100.0,
                " %",
            );
        }
        let total: f64 = split.iter().sum();
        if (total - 100.0).abs() > 0.5 {
            ui.weak(format!("adds up to {total:.0} %, not 100 %"));
        }
    });
    if split != before {
        t.part_targets.insert(framework, split);
    }
}

/// The filler words counted in transcripts, edited as one comma-separated line (the text
/// being typed is kept while the field has the focus, so a trailing comma survives).
fn filler_list(ui: &mut egui::Ui, fillers: &mut Vec<String>) {
    let id = ui.make_persistent_id("filler words");
    ui.horizontal(|ui| {
        let label = ui.label("Filler words");
        let mut text = ui
            .data(|d| d.get_temp::<String>(id))
            .unwrap_or_else(|| fillers.join(", "));
        let edit = ui
            .add(egui::TextEdit::singleline(&mut text).desired_width(320.0))
            .labelled_by(label.id);
        if edit.changed() {
            *fillers = text
                .split(',')
                .map(|f| {
                    f.split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase()
                })
                .filter(|f| !f.is_empty())
                .collect();
        }
        let typing = edit.has_focus();
        ui.data_mut(|d| {
            if typing {
                d.insert_temp(id, text);
            } else {
                d.remove::<String>(id);
            }
        });
    });
}

fn targets_section(ui: &mut egui::Ui, settings: &mut Settings) {
    egui::CollapsingHeader::new("Feedback targets")
        .id_salt("feedback targets")
        .show(ui, |ui| {
            let t = &mut settings.thresholds;
            ui.horizontal(|ui| {
                ui.label("Pace from");
                target_value(
                    ui,
                    "Slowest pace in words per minute",
                    &mut t.pace_min_wpm,
                    60.0..=250.0,
                    " wpm",
                );
                ui.label("to");
                target_value(
                    ui,
                    "Fastest pace in words per minute",
                    &mut t.pace_max_wpm,
                    60.0..=250.0,
                    " wpm",
                );
            });
            ui.horizontal(|ui| {
                ui.label("A long pause lasts at least");
                target_value(
                    ui,
                    "Long pause in seconds",
                    &mut t.long_pause_s,
                    0.5..=10.0,
                    " s",
                );
            });
            ui.horizontal(|ui| {
                ui.label("Count pauses from");
                target_value(
                    ui,
                    "Counted pause in seconds",
                    &mut t.count_pause_s,
                    0.25..=10.0,
                    " s",
                );
            });
            ui.horizontal(|ui| {
                ui.label("Monotone when pitch varies less than");
                target_value(
                    ui,
                    "Monotone threshold in semitones",
                    &mut t.monotone_spread_st,
                    0.5..=12.0,
                    " st",
                );
            });
            ui.horizontal(|ui| {
                ui.label("At most");
                target_value(
                    ui,
                    "Filler words a minute",
                    &mut t.max_fillers_per_min,
                    0.0..=30.0,
                    " filler words a minute",
                );
            });
            filler_list(ui, &mut t.fillers);
            if t.pace_max_wpm < t.pace_min_wpm {
                t.pace_max_wpm = t.pace_min_wpm;
            }
            egui::CollapsingHeader::new("Framework parts: target split")
                .id_salt("part targets")
                .show(ui, |ui| {
                    for framework in crate::pack::Framework::ALL {
                        part_split(ui, t, framework);
                    }
                    ui.weak(
                        "Defaults: STAR 20/10/60/10 %, Present-Past-Future 30/50/20 %, CAR \
                         30/60/10 %.",
                    );
                });
            if ui.button("Reset targets").clicked() {
                *t = crate::analysis::Thresholds::default();
            }
            ui.weak(
                "Defaults: pace 120-165 wpm, long pause 2 s, counted pause 1 s, monotone under \
                 3 st, at most 2 filler words a minute. Words other than um, uh, er, ah and hmm \
                 count as fillers only where commas or a pause set them apart.",
            );
        });
}
