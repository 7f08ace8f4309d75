//! The window shell: opens the window, routes the screens, fills their views from the app's
//! state, applies the commands they return, and schedules repaints.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::analysis::Thresholds;
use crate::app::clock::SystemClock;
use crate::app::meter::MeterReading;
use crate::app::rehearsal::Rehearsal;
use crate::app::settings::ThemeChoice;
use crate::app::{Animation, App, Command, Screen, plan};
use crate::audio::{AudioBackend, CpalBackend};
use crate::data_dir::DataDir;
use crate::interview::Phase;
use crate::interview::mode::{MIN_PANEL, PANELLISTS};
use crate::session::TakeStatus;

/// The app icon (PNG, 256×256).
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// The application's id: its desktop entry, icon and metainfo are named after it, and the
/// window carries it so that the desktop matches the window to them.
pub const APP_ID: &str = "org.rehearse.Rehearse";

/// Opens the Rehearse window and runs until it is closed; `pack_files` (from the command
/// line, e.g. a pack opened in the file manager) open in the import preview.
pub fn run(data_dir: DataDir, pack_files: Vec<std::path::PathBuf>) -> eframe::Result {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Rehearse")
        .with_app_id(APP_ID)
        .with_inner_size([1000.0, 720.0])
        .with_min_inner_size([640.0, 480.0])
        .with_drag_and_drop(true);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Rehearse",
        options,
        Box::new(move |cc| {
            let audio: Box<dyn AudioBackend> = Box::new(CpalBackend);
            let mut app = App::new(data_dir, audio, Box::new(SystemClock));
            app.use_installed_models();
            app.apply(Command::OpenPackFiles(pack_files));
            Ok(Box::new(Shell::new(app, &cc.egui_ctx)))
        }),
    )
}

/// How often the trace says how many frames were drawn.
const FRAME_COUNT_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// The widest the content of a screen gets, so lines stay readable on wide windows.
pub const CONTENT_MAX_WIDTH: f32 = 760.0;
/// The message bar's fixed height (two lines), so a message never moves the page.
const MESSAGE_BAR_HEIGHT: f32 = 48.0;

/// The application in a window: draws it each frame and feeds it the user's input.
pub struct Shell {
    app: App,
    /// The colours choice in effect.
    theme: ThemeChoice,
    /// The "End the session?" question is open (`Some(true)` on the frame it opened).
    confirm_end: Option<bool>,
    /// The last [`App::state_line`] printed, where `REHEARSE_TRACE` is set.
    traced: Option<String>,
    /// When frames were last counted for the trace, and the pass number then.
    frames: Option<(Instant, u64)>,
}

impl Shell {
    /// Puts `app` in the window of `ctx`; background work asks `ctx` for repaints.
    pub fn new(mut app: App, ctx: &egui::Context) -> Self {
        let theme = app.settings.theme;
        crate::ui::theme::install(ctx, theme);
        let repaint_ctx = ctx.clone();
        // A delay, however short, asks egui for one frame; `request_repaint()` asks for two
        // (a second "to let things settle"), which doubled the frames a live meter costs.
        app.set_repaint(Arc::new(move || {
            repaint_ctx.request_repaint_after(std::time::Duration::from_millis(1));
        }));
        Self {
            app,
            theme,
            confirm_end: None,
            traced: std::env::var_os("REHEARSE_TRACE").map(|_| String::new()),
            frames: None,
        }
    }

    /// Prints the app's state line to stderr when it changed (only under `REHEARSE_TRACE`).
    fn trace(&mut self, ctx: &egui::Context) {
        let Some(traced) = &mut self.traced else {
            return;
        };
        // Frames drawn, every 10 s (what the CPU benchmark divides by).
        let now = Instant::now();
        let (since, passes) = *self.frames.get_or_insert((now, ctx.cumulative_pass_nr()));
        if now.duration_since(since) >= FRAME_COUNT_EVERY {
            let drawn = ctx.cumulative_pass_nr() - passes;
            let secs = now.duration_since(since).as_secs_f64();
            eprintln!("rehearse: frames {drawn} in {secs:.1} s");
            self.frames = Some((now, ctx.cumulative_pass_nr()));
        }
        let mut line = self.app.state_line();
        if self.confirm_end.is_some() {
            line.push_str(" confirm-end");
        }
        if *traced != line {
            eprintln!("rehearse: state {line}");
            *traced = line;
        }
    }

    /// Whether the "End the session?" question is open.
    pub fn confirming_end(&self) -> bool {
        self.confirm_end.is_some()
    }

    /// The application state.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The application state, to change (tests drive it with commands).
    pub fn app_mut(&mut self) -> &mut App {
        &mut self.app
    }

    /// Draws the current screen and returns what the user asked for.
    fn draw(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let asking = self.confirm_end.is_some();
        if asking {
            commands.extend(self.ask_end_session(ui.ctx()));
        }
        // Always there and always the same height, so a message does not move the page.
        egui::Panel::bottom("message")
            .frame(crate::ui::theme::unfilled(egui::Frame::side_top_panel(
                ui.style(),
            )))
            .exact_size(MESSAGE_BAR_HEIGHT)
            .resizable(false)
            .show(ui, |ui| {
                if let Some(message) = self.app.message() {
                    commands.extend(crate::ui::message_bar(ui, message));
                }
            });
        egui::CentralPanel::default()
            .frame(crate::ui::theme::unfilled(egui::Frame::central_panel(
                ui.style(),
            )))
            .show(ui, |ui| {
                let screen = centred(ui, |ui| draw_screen(ui, &mut self.app));
                if asking {
                    return; // The question is answered first.
                }
                for command in screen {
                    if command == Command::EndSession && self.app.screen() == Screen::Rehearsal {
                        self.confirm_end = Some(true);
                    } else {
                        commands.push(command);
                    }
                }
            });
        commands
    }

    /// The "End the session?" question: Cancel (focused first) or End session.
    fn ask_end_session(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let first_frame = self.confirm_end == Some(true);
        self.confirm_end = Some(false);
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("end session?")).show(ctx, |ui| {
            ui.set_max_width(360.0);
            ui.heading("End the session?");
            ui.label("Answers so far are kept.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let cancel = ui.button("Cancel");
                if first_frame {
                    cancel.request_focus();
                }
                if cancel.clicked() {
                    answer = Some(false);
                }
                if ui.button("End session").clicked() {
                    answer = Some(true);
                }
            });
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(false);
        }
        match answer {
            Some(end) => {
                self.confirm_end = None;
                if end {
                    vec![Command::EndSession]
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        }
    }
}

/// Lays out `add` in a column of at most [`CONTENT_MAX_WIDTH`], centred in `ui`.
fn centred<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let full = ui.available_rect_before_wrap();
    let width = full.width().min(CONTENT_MAX_WIDTH);
    let rect = egui::Rect::from_center_size(
        egui::pos2(full.center().x, full.center().y),
        egui::vec2(width, full.height()),
    );
    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), add)
        .inner
}

/// Draws the screen the app is on.
fn draw_screen(ui: &mut egui::Ui, app: &mut App) -> Vec<Command> {
    match app.screen() {
        Screen::Setup => draw_setup(ui, app),
        Screen::Rehearsal => {
            let now = app.now();
            let too_quiet = app.too_quiet();
            let meter = app.meter_reading();
            let thresholds = app.settings.thresholds.clone();
            match app.rehearsal_mut() {
                Some(r) => scrolling(ui, |ui| {
                    let mut commands = crate::ui::save_problem::show(ui, r);
                    commands.extend(draw_rehearsal(ui, r, now, &thresholds, (meter, too_quiet)));
                    commands
                }),
                None => Vec::new(),
            }
        }
        Screen::Summary => {
            let thresholds = app.settings.thresholds.clone();
            match app.rehearsal_mut() {
                Some(r) => scrolling(ui, |ui| {
                    let mut commands = crate::ui::save_problem::show(ui, r);
                    commands.extend(summary_if_saved(ui, r, &thresholds));
                    commands
                }),
                None => Vec::new(),
            }
        }
        Screen::Review => {
            let commands = crate::ui::review::show(ui, app.review_mut());
            commands.into_iter().map(Command::Review).collect()
        }
        Screen::Packs => crate::ui::packs::show(ui, app.packs())
            .into_iter()
            .map(Command::Packs)
            .collect(),
        Screen::Progress => crate::ui::progress::show(ui, app.progress())
            .into_iter()
            .map(Command::Progress)
            .collect(),
        Screen::Framing => {
            let camera = app.camera_view();
            scrolling(ui, |ui| crate::ui::framing::show(ui, &camera))
        }
    }
}

/// Lets a screen scroll when it is taller than the window.
fn scrolling(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> Vec<Command>) -> Vec<Command> {
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, add)
        .inner
}

/// Draws the setup screen and, over it, the recovery prompt.
fn draw_setup(ui: &mut egui::Ui, app: &mut App) -> Vec<Command> {
    let camera = app.camera_view();
    let state = app.setup_state();
    let packs = state.packs.iter().map(|p| &p.pack);
    let available = plan::available(packs.clone(), state.settings);
    let defaults = plan::default_timings(packs, state.settings);
    let mut commands = crate::ui::setup::show(
        ui,
        &mut crate::ui::setup::SetupView {
            settings: state.settings,
            packs: state.packs,
            pack_errors: state.pack_errors,
            devices: state.devices,
            outputs: state.outputs,
            meter: state.meter,
            meter_paused: state.meter_paused,
            too_quiet: state.too_quiet,
            mic_error: state.mic_error,
            available,
            defaults,
            shortcuts: state.recovery.is_empty(),
            speech_models: state.speech_models,
            camera,
            neural_voice: state.neural_voice,
        },
    );
    if !state.recovery.is_empty() {
        commands.extend(crate::ui::recovery::show(ui, state.recovery, state.packs));
    }
    commands
}

/// Draws the run, rating or reflection screen for the rehearsal's phase.
fn draw_rehearsal(
    ui: &mut egui::Ui,
    r: &mut Rehearsal,
    now: Instant,
    thresholds: &Thresholds,
    (meter, too_quiet): (Option<MeterReading>, bool),
) -> Vec<Command> {
    let total = r.session.questions.len();
    match r.interview.phase() {
        Phase::Think { index, .. } | Phase::Answer { index, .. } => {
            let Some(planned) = r.interview.questions().get(index) else {
                return Vec::new();
            };
            let session_index = r.session_index(index);
            let take = r.latest_take(session_index);
            let answering = matches!(r.interview.phase(), Phase::Answer { .. });
            let (number, total) = r.session.question_number(session_index);
            let mode = r.interview.mode();
            // The panel sits in turn order: its first `n` panellists.
            let seated = &PANELLISTS[..r
                .session
                .settings
                .panel
                .len()
                .clamp(MIN_PANEL, PANELLISTS.len())];
            let view = crate::ui::run::RunView {
                number,
                total,
                question: &planned.question,
                think_remaining: r.interview.think_remaining(now),
                asking: r.is_asking(now),
                answer: r.interview.answer_timer(now),
                take: match r.interview.phase() {
                    Phase::Answer { .. } => take.map_or(1, |t| t.number),
                    _ => take.map_or(1, |t| t.number + 1),
                },
                recording: r.is_recording(),
                not_recorded: answering
                    && !r.is_recording()
                    && take.is_some_and(|t| t.status != TakeStatus::Recording),
                meter: meter.filter(|_| r.is_recording()),
                too_quiet,
                session_elapsed: r.interview.session_elapsed(now),
                marks: match r.interview.phase() {
                    Phase::Answer { .. } => take.map_or(&[], |t| t.part_marks.as_slice()),
                    _ => &[],
                },
                filming: r.self_view().is_some(),
                mode,
                heard_only: mode.heard_only() && r.has_voice(),
                follow_up_to: r
                    .session
                    .questions
                    .get(session_index)
                    .and_then(|q| q.follows)
                    .map(|p| r.session.question_number(p).0),
                panel: planned
                    .asked_by
                    .and_then(|i| PANELLISTS.get(i))
                    .map(|asker| (asker, seated)),
                time_budget: mode.session_clock().then(|| r.interview.time_budget()),
                can_defer: r.interview.can_defer(),
                voice: r.has_voice(),
            };
            let commands = crate::ui::run::show(ui, &view);
            if let Some(view) = r.self_view() {
                crate::ui::camera::answer_self_view(ui, view.latest().as_ref());
            }
            commands
        }
        Phase::Rate { index } => {
            let session_index = r.session_index(index);
            let metrics = r.metrics_view(session_index, thresholds);
            let Some(record) = r.session.questions.get(session_index) else {
                return Vec::new();
            };
            let (number, main_total) = r.session.question_number(session_index);
            let view = crate::ui::rate::RateView {
                number,
                follow_up: record.follows.is_some(),
                retakes: r.interview.mode().retakes(),
                total: main_total,
                question: &record.text,
                take: record.takes.last(),
                metrics,
                transcript: r.transcript_view(session_index),
                fillers: &thresholds.fillers,
                is_last: session_index + 1 == total,
                player: r.listening.player.as_ref().map(|p| p.state()),
                framework: record.framework,
                part_targets: record
                    .framework
                    .map(|f| thresholds.part_targets(f))
                    .unwrap_or_default(),
            };
            crate::ui::rate::show(ui, &mut r.rating, &view)
        }
        Phase::Reflect => {
            let view = crate::ui::reflect::ReflectView {
                answered: r.session.answered_count(),
                total,
                ended_early: r.ended_early,
                now,
            };
            crate::ui::reflect::show(ui, &mut r.reflection, &view)
        }
        Phase::Done => summary_if_saved(ui, r, thresholds),
    }
}

/// The summary, or "not saved yet" while it would disagree with the disk.
fn summary_if_saved(ui: &mut egui::Ui, r: &Rehearsal, thresholds: &Thresholds) -> Vec<Command> {
    if r.unsaved().is_some() {
        crate::ui::save_problem::summary_not_saved(ui);
        return Vec::new();
    }
    crate::ui::summary::show(ui, r, thresholds)
}

/// Asks egui to redraw while something on screen moves by itself.
fn request_repaints(ctx: &egui::Context, animation: Animation) {
    match animation {
        Animation::WakeIn(after) => ctx.request_repaint_after(after),
        Animation::Still => {}
    }
}

/// The paths of files dropped on the window this frame.
fn dropped_files(ctx: &egui::Context) -> Vec<PathBuf> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    })
}

/// The window's focus changes this frame (winit reports them as they happen).
fn window_focus_changes(ctx: &egui::Context) -> Vec<bool> {
    ctx.input(|i| {
        i.raw
            .events
            .iter()
            .filter_map(|e| match e {
                egui::Event::WindowFocused(focused) => Some(*focused),
                _ => None,
            })
            .collect()
    })
}

impl eframe::App for Shell {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if ctx.input(|i| !i.raw.events.is_empty()) {
            self.app.note_input();
        }
        for focused in window_focus_changes(ctx) {
            self.app.window_focused(focused);
        }
        self.app.tick();
        let dropped = dropped_files(ctx);
        if !dropped.is_empty() {
            self.app.apply(Command::OpenPackFiles(dropped));
        }
    }

    /// The panel colour: panels are drawn unfilled on it (see [`crate::ui::theme::unfilled`]).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.shutdown();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if self.app.settings.theme != self.theme {
            self.theme = self.app.settings.theme;
            crate::ui::theme::apply(ui.ctx(), self.theme);
        }
        for command in self.draw(ui) {
            self.app.apply(command);
        }
        if self.app.settings_pending() {
            ui.ctx()
                .request_repaint_after(crate::app::settings::SETTLE_TIME);
        }
        request_repaints(ui.ctx(), self.app.animation());
        self.trace(ui.ctx());
    }
}
