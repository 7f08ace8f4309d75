//! The eframe application: owns the state, routes screens, applies commands.
//!
//! Screens draw from state and return [`Command`]s; [`App::apply`] carries them out in one
//! place after drawing. Background work (recording, analysis, playback) is polled in
//! [`eframe::App::logic`].

pub mod analysis_job;
pub mod clock;
pub mod forms;
pub mod packs;
pub mod plan;
pub mod quiet;
pub mod rehearsal;
pub mod review;
pub mod settings;
pub mod shortcuts;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::audio::{AudioBackend, DeviceInfo, LevelSource, Monitor};
use crate::data_dir::DataDir;
use crate::interview::Phase;
use crate::session::{SessionStore, SessionSummary};

use self::clock::{Clock, SystemClock};
use self::packs::{PackManager, PacksCommand, PacksOutcome};
use self::rehearsal::{Env, Rehearsal};
use self::review::{Review, ReviewCommand, ReviewOutcome};
use self::settings::Settings;

/// The app icon (PNG, 256×256).
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// How often a visible timer is redrawn.
const TIMER_REPAINT: Duration = Duration::from_millis(200);
/// How often a visible level meter is redrawn.
const METER_REPAINT: Duration = Duration::from_millis(50);

/// Opens the Rehearse window and runs until it is closed.
pub fn run(data_dir: DataDir) -> eframe::Result {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Rehearse")
        .with_app_id("rehearse")
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
            let audio = default_backend();
            let mut app = App::new(data_dir, audio, Box::new(SystemClock));
            app.set_repaint_context(cc.egui_ctx.clone());
            Ok(Box::new(app))
        }),
    )
}

/// The real audio backend (cpal).
fn default_backend() -> Box<dyn AudioBackend> {
    Box::new(crate::audio::CpalBackend)
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Choose packs, times, microphone; start.
    Setup,
    /// A session: think, answer, rate, reflect (the phase decides which).
    Rehearsal,
    /// The finished session's summary.
    Summary,
    /// Past sessions.
    Review,
    /// The pack library.
    Packs,
}

/// What a recovered session should become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Continue at the first unrated question.
    Resume,
    /// Keep it as it is, marked complete.
    Finish,
    /// Keep the files but mark it abandoned.
    Abandon,
}

/// Something the user asked for, applied after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start an interview with the setup choices.
    StartInterview,
    /// Use this input device (`None`: the default) and restart the level meter.
    SelectDevice(Option<String>),
    /// Re-read the input device list.
    RefreshDevices,
    /// Show past sessions.
    OpenReview,
    /// Show the pack library.
    OpenPacks,
    /// Open the import dialog on the packs screen.
    ImportPack,
    /// Skip the rest of the think countdown.
    SkipThink,
    /// End the answer now.
    StopAnswer,
    /// Record a new take of the current question.
    Retake,
    /// End the session early.
    EndSession,
    /// Save the rating form and go on.
    SaveRating,
    /// Save the reflection form and show the summary.
    SaveReflection,
    /// Show the finished session in the review screen.
    OpenSessionInReview,
    /// Back to the setup screen.
    BackToSetup,
    /// Answer the recovery prompt for one session.
    Recover(PathBuf, RecoveryChoice),
    /// Hide the message bar.
    DismissMessage,
    /// A review-screen command.
    Review(ReviewCommand),
    /// A packs-screen command.
    Packs(PacksCommand),
}

/// The application state.
pub struct App {
    data_dir: DataDir,
    /// The remembered choices.
    pub settings: Settings,
    saved_settings: Settings,
    audio: Box<dyn AudioBackend>,
    clock: Box<dyn Clock>,
    store: SessionStore,
    packs: PackManager,
    review: Review,
    screen: Screen,
    devices: Vec<DeviceInfo>,
    monitor: Option<Box<dyn Monitor>>,
    monitor_error: Option<String>,
    monitor_tried: bool,
    quiet: quiet::QuietWatch,
    too_quiet: bool,
    rehearsal: Option<Rehearsal>,
    recovery: Vec<SessionSummary>,
    message: Option<String>,
    repaint: Option<egui::Context>,
}

impl App {
    /// Builds the app over `data_dir` with the given audio backend and clock (tests pass fakes).
    pub fn new(data_dir: DataDir, audio: Box<dyn AudioBackend>, clock: Box<dyn Clock>) -> Self {
        let settings = Settings::load(&data_dir.settings_file());
        let store = SessionStore::new(data_dir.sessions());
        let packs = PackManager::new(&data_dir);
        let review = Review::new(store.clone());
        let recovery = store.in_progress();
        let devices = audio.input_devices();
        Self {
            saved_settings: settings.clone(),
            settings,
            data_dir,
            audio,
            clock,
            store,
            packs,
            review,
            screen: Screen::Setup,
            devices,
            monitor: None,
            monitor_error: None,
            monitor_tried: false,
            quiet: quiet::QuietWatch::default(),
            too_quiet: false,
            rehearsal: None,
            recovery,
            message: None,
            repaint: None,
        }
    }

    /// Lets background threads ask this context for a repaint.
    pub fn set_repaint_context(&mut self, ctx: egui::Context) {
        self.repaint = Some(ctx);
    }

    /// The screen shown now.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The session being rehearsed (or just finished).
    pub fn rehearsal(&self) -> Option<&Rehearsal> {
        self.rehearsal.as_ref()
    }

    /// Whether background work is still running (analysis of a take, a pack import).
    pub fn is_busy(&self) -> bool {
        self.rehearsal.as_ref().is_some_and(Rehearsal::analysing) || self.packs.is_busy()
    }

    /// The message shown in the message bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The message from the microphone when the level meter could not start.
    pub fn microphone_error(&self) -> Option<&str> {
        self.monitor_error.as_deref()
    }

    /// The remembered input device if it is connected now; otherwise the default (`None`).
    fn input_device(&self) -> Option<&str> {
        self.settings
            .input_device
            .as_deref()
            .filter(|name| self.devices.iter().any(|d| d.name == *name))
    }

    fn env(&self) -> Env<'_> {
        Env {
            audio: self.audio.as_ref(),
            store: &self.store,
            device: self.input_device(),
            repaint: self.repaint.clone(),
        }
    }

    /// Gives the review the current feedback targets and pack titles, and re-reads the list.
    fn prepare_review(&mut self) {
        self.review.set_thresholds(self.settings.thresholds.clone());
        let titles = self
            .packs
            .library
            .packs
            .iter()
            .map(|p| (p.pack.id.clone(), p.pack.title.clone()));
        self.review.set_pack_titles(titles);
        self.review.refresh();
    }

    fn go(&mut self, screen: Screen) {
        if screen != Screen::Setup {
            self.monitor = None;
        }
        if screen == Screen::Setup {
            self.monitor_tried = false;
        }
        self.screen = screen;
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: Command) {
        let now = self.clock.now();
        match command {
            Command::StartInterview => self.start_interview(),
            Command::SelectDevice(device) => {
                self.settings.input_device = device;
                self.monitor = None;
                self.monitor_error = None;
                self.monitor_tried = false;
            }
            Command::RefreshDevices => {
                self.devices = self.audio.input_devices();
                self.monitor = None;
                self.monitor_error = None;
                self.monitor_tried = false;
            }
            Command::OpenReview => {
                self.prepare_review();
                self.go(Screen::Review);
            }
            Command::OpenPacks => self.go(Screen::Packs),
            Command::ImportPack => {
                self.go(Screen::Packs);
                self.apply(Command::Packs(PacksCommand::OpenImportDialog));
            }
            Command::SkipThink
            | Command::StopAnswer
            | Command::Retake
            | Command::EndSession
            | Command::SaveRating
            | Command::SaveReflection => self.apply_rehearsal(command, now),
            Command::OpenSessionInReview => {
                self.prepare_review();
                if let Some(r) = &self.rehearsal {
                    self.review.open(r.dir.clone());
                }
                self.rehearsal = None;
                self.go(Screen::Review);
            }
            Command::BackToSetup => {
                if self.screen == Screen::Summary {
                    self.rehearsal = None;
                }
                self.go(Screen::Setup);
            }
            Command::Recover(dir, choice) => self.recover(dir, choice, now),
            Command::DismissMessage => self.message = None,
            Command::Review(cmd) => {
                if self.review.apply(cmd, self.audio.as_ref()) == ReviewOutcome::BackToSetup {
                    self.go(Screen::Setup);
                }
            }
            Command::Packs(cmd) => {
                if self.packs.apply(cmd) == PacksOutcome::BackToSetup {
                    self.go(Screen::Setup);
                }
            }
        }
    }

    fn apply_rehearsal(&mut self, command: Command, now: std::time::Instant) {
        let Some(mut r) = self.rehearsal.take() else {
            return;
        };
        {
            let env = self.env();
            match command {
                Command::SkipThink => {
                    let events = r.interview.skip_think(now);
                    r.handle(events, &env);
                }
                Command::StopAnswer => {
                    let events = r.interview.stop_answer(now);
                    r.handle(events, &env);
                }
                Command::Retake => {
                    let events = r.interview.retake(now);
                    r.handle(events, &env);
                }
                Command::EndSession => {
                    let events = r.interview.end_early(now);
                    r.handle(events, &env);
                }
                Command::SaveRating => r.save_rating(now, &env),
                Command::SaveReflection => r.save_reflection(&env),
                _ => {}
            }
        }
        if r.interview.phase() == Phase::Done {
            self.screen = Screen::Summary;
        }
        self.rehearsal = Some(r);
    }

    fn start_interview(&mut self) {
        if self.rehearsal.is_some() {
            return;
        }
        let packs = self.packs.library.packs.iter().map(|p| &p.pack);
        let planned = plan::plan(packs, &self.settings, &mut fastrand::Rng::new());
        if planned.is_empty() {
            self.message = Some("Choose at least one pack with questions to start.".to_owned());
            return;
        }
        self.save_settings();
        // Free the microphone for the recording.
        self.monitor = None;
        match Rehearsal::start(planned, &self.settings, &self.store, self.clock.now()) {
            Ok(r) => {
                self.rehearsal = Some(r);
                self.message = None;
                self.go(Screen::Rehearsal);
            }
            Err(e) => self.message = Some(format!("Could not create the session: {e}")),
        }
    }

    fn recover(&mut self, dir: PathBuf, choice: RecoveryChoice, now: std::time::Instant) {
        self.recovery.retain(|s| s.dir != dir);
        let result = match choice {
            RecoveryChoice::Resume | RecoveryChoice::Finish => {
                self.store.recover(&dir, choice == RecoveryChoice::Finish)
            }
            RecoveryChoice::Abandon => self.store.abandon(&dir),
        };
        let session = match result {
            Ok(s) => s,
            Err(e) => {
                self.message = Some(format!("Could not recover the session: {e}"));
                return;
            }
        };
        if choice != RecoveryChoice::Resume || self.rehearsal.is_some() {
            self.message = Some(match choice {
                RecoveryChoice::Abandon => "The session was marked abandoned.".to_owned(),
                _ => "The session was recovered and marked complete.".to_owned(),
            });
            return;
        }
        let packs: Vec<_> = self.packs.library.packs.iter().map(|p| &p.pack).collect();
        match Rehearsal::resume(dir.clone(), session, &packs, now) {
            Some(r) => {
                self.monitor = None;
                self.rehearsal = Some(r);
                self.go(Screen::Rehearsal);
            }
            None => {
                // Every question was rated: nothing left to ask, so finish it.
                let _ = self.store.recover(&dir, true);
                self.message =
                    Some("Every question was already rated; the session is complete.".to_owned());
            }
        }
    }

    fn save_settings(&mut self) {
        if self.settings == self.saved_settings {
            return;
        }
        match self.settings.save(&self.data_dir.settings_file()) {
            Ok(()) => self.saved_settings = self.settings.clone(),
            Err(e) => {
                self.saved_settings = self.settings.clone();
                self.message = Some(format!("Could not save the settings: {e}"));
            }
        }
    }

    fn setup_level(&self) -> Option<Arc<dyn LevelSource>> {
        self.monitor.as_ref().map(|m| m.level())
    }

    /// Per-frame work that does not draw: monitors, timers, background results, dropped files.
    fn tick(&mut self, ctx: &egui::Context) {
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
        // The level meter on the setup screen.
        if self.screen == Screen::Setup && self.monitor.is_none() && !self.monitor_tried {
            self.monitor_tried = true;
            match self.audio.start_monitor(self.input_device()) {
                Ok(m) => {
                    self.monitor = Some(m);
                    self.monitor_error = None;
                }
                Err(e) => self.monitor_error = Some(e.to_string()),
            }
        }
        if let Some(error) = self.monitor.as_mut().and_then(|m| m.poll_error()) {
            self.monitor = None;
            self.monitor_error = Some(error.to_string());
        }
        // The session's timers, recording and analyses.
        if let Some(mut r) = self.rehearsal.take() {
            r.logic(self.clock.now(), &self.env());
            if let Some(m) = r.message.take() {
                self.message = Some(m);
            }
            self.rehearsal = Some(r);
        }
        // "Too quiet" only after the level stays low for a while, not in every pause.
        let level = self
            .setup_level()
            .or_else(|| self.rehearsal.as_ref().and_then(Rehearsal::level));
        match level {
            Some(level) => self.too_quiet = self.quiet.update(level.peak_dbfs(), self.clock.now()),
            None => {
                self.quiet.reset();
                self.too_quiet = false;
            }
        }
        // Packs and review.
        self.packs.logic();
        if let Some(m) = self.packs.take_message() {
            self.message = Some(m);
        }
        self.review.logic();
        // Files dropped on the window go to the pack importer.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if !dropped.is_empty()
            && matches!(self.screen, Screen::Setup | Screen::Packs | Screen::Review)
        {
            for path in dropped {
                self.packs.file_dropped(path);
            }
            self.go(Screen::Packs);
        }
    }

    /// Draws the current screen and returns what the user asked for.
    fn draw(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Some(message) = &self.message {
            egui::Panel::bottom("message").show(ui, |ui| {
                commands.extend(crate::ui::message_bar(ui, message));
            });
        }
        let now = self.clock.now();
        egui::CentralPanel::default().show(ui, |ui| match self.screen {
            Screen::Setup => {
                let level = self.setup_level();
                let packs = &self.packs.library.packs;
                let available = plan::available(packs.iter().map(|p| &p.pack), &self.settings);
                let defaults = plan::default_timings(packs.iter().map(|p| &p.pack), &self.settings);
                commands.extend(crate::ui::setup::show(
                    ui,
                    &mut crate::ui::setup::SetupView {
                        settings: &mut self.settings,
                        packs,
                        pack_errors: self.packs.library.errors.len(),
                        devices: &self.devices,
                        level: level.as_deref(),
                        too_quiet: self.too_quiet,
                        mic_error: self.monitor_error.as_deref(),
                        available,
                        defaults,
                        shortcuts: self.recovery.is_empty(),
                    },
                ));
                if !self.recovery.is_empty() {
                    commands.extend(crate::ui::recovery::show(ui, &self.recovery));
                }
            }
            Screen::Rehearsal => {
                if let Some(r) = self.rehearsal.as_mut() {
                    commands.extend(draw_rehearsal(
                        ui,
                        r,
                        now,
                        &self.settings.thresholds,
                        self.too_quiet,
                    ));
                }
            }
            Screen::Summary => {
                if let Some(r) = &self.rehearsal {
                    commands.extend(crate::ui::summary::show(ui, &r.session));
                }
            }
            Screen::Review => {
                commands.extend(
                    crate::ui::review::show(ui, &self.review)
                        .into_iter()
                        .map(Command::Review),
                );
            }
            Screen::Packs => {
                commands.extend(
                    crate::ui::packs::show(ui, &self.packs)
                        .into_iter()
                        .map(Command::Packs),
                );
            }
        });
        commands
    }

    fn request_repaints(&self, ctx: &egui::Context) {
        let timer = self
            .rehearsal
            .as_ref()
            .is_some_and(|r| self.screen == Screen::Rehearsal && r.interview.timer_running());
        let meter = (self.screen == Screen::Setup && self.monitor.is_some())
            || self.rehearsal.as_ref().is_some_and(Rehearsal::is_recording);
        if meter {
            ctx.request_repaint_after(METER_REPAINT);
        } else if timer || self.review.is_animating() || self.packs.is_busy() {
            ctx.request_repaint_after(TIMER_REPAINT);
        }
    }
}

/// Draws the run, rating or reflection screen for the rehearsal's phase.
fn draw_rehearsal(
    ui: &mut egui::Ui,
    r: &mut Rehearsal,
    now: std::time::Instant,
    thresholds: &crate::analysis::Thresholds,
    too_quiet: bool,
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
            let view = crate::ui::run::RunView {
                number: session_index + 1,
                total,
                question: &planned.question,
                think_remaining: r.interview.think_remaining(now),
                answer: r.interview.answer_timer(now),
                take: match r.interview.phase() {
                    Phase::Answer { .. } => take.map_or(1, |t| t.number),
                    _ => take.map_or(1, |t| t.number + 1),
                },
                recording: r.is_recording(),
                not_recorded: answering
                    && !r.is_recording()
                    && take.is_some_and(|t| t.status != crate::session::TakeStatus::Recording),
                level: r.level(),
                too_quiet,
                session_elapsed: r.interview.session_elapsed(now),
            };
            crate::ui::run::show(ui, &view)
        }
        Phase::Rate { index } => {
            let session_index = r.session_index(index);
            let metrics = r.metrics_view(session_index, thresholds);
            let Some(record) = r.session.questions.get(session_index) else {
                return Vec::new();
            };
            let view = crate::ui::rate::RateView {
                number: session_index + 1,
                total,
                question: &record.text,
                take: record.takes.last(),
                metrics,
                is_last: session_index + 1 == total,
            };
            crate::ui::rate::show(ui, &mut r.rating, &view)
        }
        Phase::Reflect => {
            let answered = r.session.answered_count();
            crate::ui::reflect::show(ui, &mut r.reflection, answered, total, r.ended_early)
        }
        Phase::Done => crate::ui::summary::show(ui, &r.session),
    }
}

impl App {
    /// The window is closing: stop a running recording cleanly and save the session.
    pub fn shutdown(&mut self) {
        self.save_settings();
        if let Some(mut r) = self.rehearsal.take() {
            r.shutdown(self.clock.now(), &self.env());
        }
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.tick(ctx);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.shutdown();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let commands = self.draw(ui);
        for command in commands {
            self.apply(command);
        }
        self.save_settings();
        self.request_repaints(ui.ctx());
    }
}

#[cfg(test)]
mod tests;
