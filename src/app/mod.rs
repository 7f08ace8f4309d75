//! The windowless application: the state, the [`Command`]s screens return, and the code that
//! carries them out and drains the background work (recording, analysis, playback, imports).
//!
//! The window shell (`ui::shell`) draws from this state, passes the commands to [`App::apply`]
//! and calls [`App::tick`] every frame. Nothing here knows the window: background threads ask
//! for a redraw through a [`Repaint`] callback the shell provides.

pub mod analysis_job;
pub mod camera;
pub mod clock;
mod command;
pub mod forms;
pub mod log;
pub mod meter;
pub mod packs;
pub mod plan;
pub mod progress;
pub mod quiet;
pub mod recovery;
pub mod rehearsal;
pub mod review;
pub mod saving;
pub mod settings;
pub mod speech_models;
pub mod take_player;
pub mod transcript_job;
pub mod voice;
pub mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::audio::{AudioBackend, AudioError, DeviceInfo, LevelSource, Monitor};
use crate::data_dir::DataDir;
use crate::interview::{Event, Interview, Phase, PlannedQuestion};
use crate::pack::{LibraryPack, Pack};
use crate::session::SessionStore;

pub use self::command::{Command, RecoveryChoice};

use self::clock::Clock;
use self::meter::{MeterReading, MeterWatch};
use self::packs::{PackManager, PacksCommand, PacksOutcome};
use self::rehearsal::{Env, Rehearsal};
use self::review::{Review, ReviewOutcome};
use self::settings::Settings;

/// Asks the window for a redraw; background threads call it when their result is ready.
pub type Repaint = Arc<dyn Fn() + Send + Sync>;

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
    /// Trends over past sessions.
    Progress,
    /// The video call's framing reminder, before its session starts.
    Framing,
}

/// A file or folder dialog that answers this soon most likely never appeared (no XDG portal,
/// no zenity), so the app says so instead of taking it as a cancel.
pub(crate) const NO_DIALOG_WITHIN: std::time::Duration = std::time::Duration::from_millis(700);

/// How long the setup screen's level meter runs without input before it pauses.
pub const METER_IDLE: Duration = Duration::from_secs(30);
/// How often the window wakes while a level meter runs (the "too quiet" warning, the pause).
const QUIET_CHECK: Duration = Duration::from_secs(1);
/// How often the window looks at background work that runs (an import, a list, an export).
const BACKGROUND_POLL: Duration = Duration::from_millis(200);

/// What on screen changes without input, so the window must redraw on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Animation {
    /// Nothing: redraw on input only (or when a level meter's watch asks).
    Still,
    /// Redraw after this long: a timer's next second, a playhead's next step, a poll.
    WakeIn(Duration),
}

/// The setup screen's state, borrowed at once (the settings mutably, the rest to read).
pub struct SetupState<'a> {
    /// The choices being edited.
    pub settings: &'a mut Settings,
    /// Built-in and user packs.
    pub packs: &'a [LibraryPack],
    /// Pack files in the library that could not be read.
    pub pack_errors: usize,
    /// Input devices.
    pub devices: &'a [DeviceInfo],
    /// Output devices (speakers), default first.
    pub outputs: &'a [DeviceInfo],
    /// What the level meter shows, while it runs.
    pub meter: Option<MeterReading>,
    /// The meter stopped after a while without input (to save power); the user can wake it.
    pub meter_paused: bool,
    /// Whether the level has stayed low for a while.
    pub too_quiet: bool,
    /// Why the level meter could not start.
    pub mic_error: Option<&'a str>,
    /// Unfinished sessions waiting for the user's choice.
    pub recovery: &'a [recovery::Unfinished],
    /// The installed speech models, when the window transcribes with them.
    pub speech_models: Option<&'a speech_models::SpeechModels>,
    /// Whether the neural voice is installed.
    pub neural_voice: bool,
}

/// The application state.
pub struct App {
    data_dir: DataDir,
    /// The remembered choices.
    pub settings: Settings,
    settings_saver: settings::SettingsSaver,
    /// Playback follows the output chosen in the settings.
    audio: crate::audio::ChosenOutput,
    clock: Box<dyn Clock>,
    store: SessionStore,
    packs: PackManager,
    review: Review,
    progress: progress::Progress,
    screen: Screen,
    devices: Vec<DeviceInfo>,
    /// Output devices, as last listed.
    outputs: Vec<DeviceInfo>,
    monitor: Option<Box<dyn Monitor>>,
    monitor_error: Option<String>,
    monitor_tried: bool,
    /// The setup meter was stopped for lack of input; "Test microphone" wakes it.
    meter_paused: bool,
    /// When the user last did something in the window.
    last_input: Instant,
    /// The live level meter's watch (setup's monitor or the recording).
    meter: Option<MeterWatch>,
    quiet: quiet::QuietWatch,
    too_quiet: bool,
    rehearsal: Option<Rehearsal>,
    recovery: recovery::Recovery,
    message: Option<String>,
    repaint: Option<Repaint>,
    /// Speech to text for transcripts, when a model is installed.
    transcriber: Option<transcript_job::TranscriberFactory>,
    /// The voice sample being played on the setup screen.
    voice_sample: Option<voice::Voice>,
    /// The installed models the transcriber follows the settings' choice among (the window;
    /// tests set a transcriber of their own instead).
    speech_models: Option<speech_models::SpeechModels>,
    folder_picker: saving::FolderPicker,
    folder_dialog: Option<saving::FolderDialog>,
    /// The camera list and the setup screen's self-view.
    camera: camera::Camera,
    /// The neural voice's folder, when it is installed in the data folder.
    neural_voice: Option<PathBuf>,
    /// Whether the neural voice was sent to load in the background.
    neural_preloaded: bool,
}

impl App {
    /// Builds the app over `data_dir` with the given audio backend and clock (tests pass fakes).
    pub fn new(data_dir: DataDir, audio: Box<dyn AudioBackend>, clock: Box<dyn Clock>) -> Self {
        let settings = Settings::load(&data_dir.settings_file());
        let (recovery, store) = recovery::Recovery::open(&data_dir);
        let packs = PackManager::new(&data_dir);
        let review = Review::with_store(&data_dir, store.clone());
        let progress = progress::Progress::new(&data_dir, store.clone());
        let devices = audio.input_devices();
        let outputs = audio.output_devices();
        let audio = crate::audio::ChosenOutput::new(audio);
        audio.choose(settings.output_device.as_deref());
        let started = clock.now();
        let neural_voice = Some(crate::audio::neural_voice::folder(&data_dir.models()))
            .filter(|dir| crate::audio::neural_voice::is_installed(dir));
        Self {
            neural_voice,
            neural_preloaded: false,
            settings_saver: settings::SettingsSaver::new(settings.clone()),
            settings,
            data_dir,
            audio,
            clock,
            store,
            packs,
            review,
            progress,
            screen: Screen::Setup,
            devices,
            outputs,
            monitor: None,
            monitor_error: None,
            monitor_tried: false,
            meter_paused: false,
            last_input: started,
            meter: None,
            quiet: quiet::QuietWatch::default(),
            too_quiet: false,
            rehearsal: None,
            folder_picker: saving::desktop_folder_picker(),
            folder_dialog: None,
            message: recovery.read_only().map(str::to_owned),
            recovery,
            repaint: None,
            transcriber: None,
            speech_models: None,
            voice_sample: None,
            camera: camera::Camera::new(crate::video::cameras),
        }
    }

    /// Lists cameras with `lister` instead of GStreamer's device monitor (tests).
    pub fn set_camera_lister(&mut self, lister: camera::CameraLister) {
        self.camera = camera::Camera::new(lister);
    }

    /// What the setup screen shows of the camera.
    pub fn camera_view(&self) -> camera::CameraView {
        camera::CameraView {
            paused: self.self_view_paused(),
            ..self.camera.view(&self.settings.camera)
        }
    }

    /// The setup self-view pauses with the level meter, and after the same time without a
    /// key or the pointer when there is no meter, to save power.
    fn self_view_paused(&self) -> bool {
        self.meter_paused
            || self.clock.now().saturating_duration_since(self.last_input) >= METER_IDLE
    }

    /// Lets background threads ask the window for a redraw through `repaint`.
    pub fn set_repaint(&mut self, repaint: Repaint) {
        self.review.set_repaint(repaint.clone());
        self.repaint = Some(repaint);
    }

    /// The time now, by the app's clock.
    pub fn now(&self) -> Instant {
        self.clock.now()
    }

    /// The screen shown now.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// Where the user is, in a few words ("setup", "answer q2 take 1", "rate q2", "recovery 1"):
    /// printed when it changes under `REHEARSE_TRACE=1`, so window scripts wait on it, not on sleeps.
    pub fn state_line(&self) -> String {
        let phase = self.rehearsal.as_ref().map(|r| r.interview.phase());
        match (self.screen, phase) {
            (Screen::Setup, _) if !self.recovery.sessions.is_empty() => {
                format!("recovery {}", self.recovery.sessions.len())
            }
            (Screen::Setup, _) => "setup".into(),
            (Screen::Rehearsal, Some(Phase::Think { index, .. }))
                if self
                    .rehearsal
                    .as_ref()
                    .is_some_and(|r| r.is_asking(self.clock.now())) =>
            {
                format!("ask q{}", index + 1)
            }
            (Screen::Rehearsal, Some(Phase::Think { index, .. })) => {
                format!("think q{}", index + 1)
            }
            (Screen::Rehearsal, Some(Phase::Answer { index, take, .. })) => {
                format!("answer q{} take {take}", index + 1)
            }
            (Screen::Rehearsal, Some(Phase::Rate { index })) => format!("rate q{}", index + 1),
            (Screen::Rehearsal, Some(Phase::Reflect)) => "reflect".into(),
            (Screen::Rehearsal, _) | (Screen::Summary, _) => "summary".into(),
            (Screen::Review, _) => "review".into(),
            (Screen::Packs, _) => match self.packs.preview() {
                Some(p) => format!("packs preview {}", p.parsed.pack.questions.len()),
                None => "packs".into(),
            },
            (Screen::Progress, _) => "progress".into(),
            (Screen::Framing, _) => "framing".into(),
        }
    }

    /// The session being rehearsed (or just finished).
    pub fn rehearsal(&self) -> Option<&Rehearsal> {
        self.rehearsal.as_ref()
    }

    /// The session being rehearsed, to edit its rating and reflection forms.
    pub fn rehearsal_mut(&mut self) -> Option<&mut Rehearsal> {
        self.rehearsal.as_mut()
    }

    /// The review screen's state.
    pub fn review(&self) -> &Review {
        &self.review
    }

    /// The review screen's state, to edit its open form.
    pub fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }

    /// The packs screen's state.
    pub fn packs(&self) -> &PackManager {
        &self.packs
    }

    /// What the live level meter (setup's, or the recording's) shows now.
    pub fn meter_reading(&self) -> Option<MeterReading> {
        self.meter.as_ref().map(MeterWatch::reading)
    }

    /// The user did something in the window (a key, the pointer): the setup meter stays live.
    pub fn note_input(&mut self) {
        self.last_input = self.clock.now();
    }

    /// The window lost or regained the keyboard focus: the setup meter pauses while the user
    /// is in another window (the microphone is released), and wakes when they come back.
    pub fn window_focused(&mut self, focused: bool) {
        if self.screen != Screen::Setup {
            return;
        }
        if !focused && self.monitor.is_some() {
            self.monitor = None;
            self.meter_paused = true;
        } else if focused && self.meter_paused {
            self.apply(Command::TestMicrophone);
        }
    }

    /// Whether the microphone level has stayed low for a while.
    pub fn too_quiet(&self) -> bool {
        self.too_quiet
    }

    /// The setup screen's state.
    pub fn setup_state(&mut self) -> SetupState<'_> {
        SetupState {
            meter: self.meter_reading(),
            meter_paused: self.meter_paused,
            settings: &mut self.settings,
            packs: &self.packs.library.packs,
            pack_errors: self.packs.library.errors.len(),
            devices: &self.devices,
            outputs: &self.outputs,
            too_quiet: self.too_quiet,
            mic_error: self.monitor_error.as_deref(),
            recovery: &self.recovery.sessions,
            speech_models: self.speech_models.as_ref(),
            neural_voice: self.neural_voice.is_some(),
        }
    }

    /// Whether background work is still running (analysis or transcription of a take, the
    /// search for the session to compare with, a pack import).
    pub fn is_busy(&self) -> bool {
        self.rehearsal
            .as_ref()
            .is_some_and(|r| r.analysing() || r.transcribing() || r.previous().is_searching())
            || self.packs.is_busy()
            || self.recovery.is_busy()
            || self.folder_dialog.is_some()
            || self.progress.is_loading()
            || self.review.is_transcribing()
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
            audio: &self.audio,
            store: &self.store,
            device: self.input_device(),
            repaint: self.repaint.clone(),
            transcriber: self.transcriber.clone(),
            camera: self.camera.chosen(&self.settings.camera),
            video_options: self.settings.camera.quality.options(),
        }
    }

    /// Sets how takes are transcribed (`None`: transcripts off).
    pub fn set_transcriber(&mut self, transcriber: Option<transcript_job::TranscriberFactory>) {
        self.review.set_transcriber(transcriber.clone());
        self.transcriber = transcriber;
    }

    /// Transcribes with the installed model the settings choose, and follows the choice
    /// as it changes (see [`speech_models`]).
    pub fn use_installed_models(&mut self) {
        self.speech_models = Some(speech_models::SpeechModels::scan(self.data_dir.models()));
        self.follow_model_choice();
    }

    /// The installed speech models and the one in use, when the window transcribes with them.
    pub fn speech_models(&self) -> Option<&speech_models::SpeechModels> {
        self.speech_models.as_ref()
    }

    /// Makes the transcriber the model the settings choose, if the choice changed.
    fn follow_model_choice(&mut self) {
        let Some(models) = &mut self.speech_models else {
            return;
        };
        let choice = &self.settings.speech_model;
        if models.chosen_by.as_ref() == Some(choice) {
            return;
        }
        let picked = models.pick(choice.as_deref());
        models.in_use = picked.as_ref().map(|(name, _)| name.clone());
        models.chosen_by = Some(choice.clone());
        self.set_transcriber(picked.map(|(name, path)| transcript_job::whisper(name, path)));
    }

    /// Reads `r`'s questions aloud if the settings ask for the voice; if it cannot speak,
    /// the session goes on with text alone and says why.
    fn give_voice(&mut self, r: &mut Rehearsal) {
        let choice = self.settings.voice;
        if !choice.on && !self.settings.mode.needs_voice() {
            return;
        }
        let folder = self.data_dir.root().join(voice::VOICE_FOLDER);
        let questions = r.interview.questions();
        let prepared = match self.neural_choice() {
            Some(dir) => {
                voice::Voice::prepare(questions, choice.wpm, &folder, Some(&dir)).or_else(|e| {
                    log::log_error(&self.data_dir, "starting the neural voice", &e);
                    self.message = Some(format!(
                        "The neural voice could not start, so eSpeak NG reads the questions: {e}"
                    ));
                    voice::Voice::prepare(questions, choice.wpm, &folder, None)
                })
            }
            None => voice::Voice::prepare(questions, choice.wpm, &folder, None),
        };
        match prepared {
            Ok(v) => r.give_voice(v, self.clock.now(), &self.env()),
            Err(e) => {
                log::log_error(&self.data_dir, "preparing the interviewer's voice", &e);
                self.message = Some(if self.settings.mode.heard_only() {
                    "The questions cannot be read aloud on this computer, so this phone \
                     screen shows them as text."
                        .to_owned()
                } else {
                    "The questions cannot be read aloud on this computer, so they are shown \
                     as text only."
                        .to_owned()
                });
            }
        }
    }

    /// The neural voice's folder when it is chosen and installed.
    fn neural_choice(&self) -> Option<PathBuf> {
        self.neural_voice
            .clone()
            .filter(|_| self.settings.voice.neural)
    }

    /// Plays a question in the interviewer's voice at the chosen speed.
    fn hear_voice(&mut self) {
        let folder = self
            .data_dir
            .root()
            .join(voice::VOICE_FOLDER)
            .join("sample");
        let neural = self.neural_choice();
        let sample = voice::Voice::sample(self.settings.voice.wpm, &folder, neural.as_deref())
            .and_then(|mut v| v.ask(0, &self.audio).map(|()| v));
        match sample {
            Ok(v) => self.voice_sample = Some(v),
            Err(e) => {
                log::log_error(&self.data_dir, "playing the interviewer's voice", &e);
                self.message = Some(format!("The voice could not be played: {e}"));
            }
        }
    }

    /// Ends the rehearsal, if any: transcripts it is still making go on in review, which
    /// saves them into the session.
    fn end_rehearsal(&mut self) {
        if let Some(mut r) = self.rehearsal.take() {
            let jobs = r.take_transcripts();
            self.review.adopt_transcripts(&r.dir, jobs);
        }
    }

    /// Gives the review the current feedback targets and pack titles, and re-reads the list.
    fn prepare_review(&mut self) {
        self.review.set_thresholds(self.settings.thresholds.clone());
        self.review.set_pack_titles(self.pack_titles());
        self.review.refresh();
    }

    fn go(&mut self, screen: Screen) {
        if screen != Screen::Setup {
            self.monitor = None;
            self.camera.release();
        }
        if screen == Screen::Setup {
            self.monitor_tried = false;
            self.meter_paused = false;
            self.last_input = self.clock.now();
        }
        if matches!(screen, Screen::Setup | Screen::Packs) {
            self.packs.reload_library_if_changed();
        }
        self.screen = screen;
    }

    /// Carries out one command.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::StartInterview => self.start_interview(),
            Command::SelectDevice(device) => {
                self.settings.input_device = device;
                self.monitor = None;
                self.monitor_error = None;
                self.monitor_tried = false;
            }
            Command::TestMicrophone => {
                self.meter_paused = false;
                self.monitor_tried = false;
                self.last_input = self.clock.now();
            }
            Command::RefreshCameras => self.camera.refresh(),
            Command::SelectOutput(device) => {
                self.audio.choose(device.as_deref());
                self.settings.output_device = device;
            }
            Command::RefreshDevices => {
                self.devices = self.audio.input_devices();
                self.outputs = self.audio.output_devices();
                self.monitor = None;
                self.monitor_error = None;
                self.monitor_tried = false;
            }
            Command::OpenReview => {
                self.prepare_review();
                self.go(Screen::Review);
            }
            Command::OpenPacks => self.go(Screen::Packs),
            Command::OpenProgress | Command::Progress(_) => self.apply_progress(command),
            Command::ImportPack => {
                self.go(Screen::Packs);
                self.apply(Command::Packs(PacksCommand::OpenImportDialog));
            }
            Command::OpenPackFiles(paths) => self.import_dropped(paths),
            Command::SkipThink => self.step_interview(Interview::skip_think),
            Command::StopAnswer => self.step_interview(Interview::stop_answer),
            Command::Retake => self.step_interview(Interview::retake),
            Command::Defer => self.in_rehearsal(|r, env, now| r.defer(now, env)),
            Command::AskAgain => self.in_rehearsal(|r, env, now| r.ask_again(now, env)),
            Command::MarkPart(part) => self.in_rehearsal(|r, env, now| {
                let events = r.interview.mark_part(part, now);
                r.handle(events, env);
            }),
            Command::EndSession => {
                self.step_interview(Interview::end_early);
                self.drop_if_unanswered();
            }
            Command::SaveRating => self.in_rehearsal(|r, env, now| r.save_rating(now, env)),
            Command::Listen(command) => self.in_rehearsal(|r, env, _| r.listen(command, env)),
            Command::SaveReflection => self.in_rehearsal(|r, env, now| r.save_reflection(now, env)),
            Command::StartThankYouNote => {
                self.in_rehearsal(|r, _, now| r.reflection.start_note(now))
            }
            Command::OpenSessionInReview => {
                self.prepare_review();
                let dir = self.rehearsal.as_ref().map(|r| r.dir.clone());
                self.end_rehearsal();
                if let Some(dir) = dir {
                    self.review.open(dir);
                }
                self.go(Screen::Review);
            }
            Command::BackToSetup => {
                if self.screen == Screen::Summary {
                    self.end_rehearsal();
                }
                self.go(Screen::Setup);
            }
            Command::Recover(dir, choice) => self.recover(dir, choice),
            Command::RetrySave | Command::SaveElsewhere(_) | Command::ChooseSaveFolder => {
                self.apply_saving(command);
            }
            Command::DismissMessage => self.message = None,
            Command::HearVoice => self.hear_voice(),
            Command::Review(cmd) => match self.review.apply(cmd, &self.audio) {
                ReviewOutcome::Stay => {}
                ReviewOutcome::BackToSetup => self.go(Screen::Setup),
                ReviewOutcome::PractiseAgain(records) => {
                    let packs: Vec<&Pack> =
                        self.packs.library.packs.iter().map(|p| &p.pack).collect();
                    let planned = plan::again(&packs, &records);
                    self.start_planned(planned);
                }
            },
            Command::Packs(cmd) => {
                if self.packs.apply(cmd) == PacksOutcome::BackToSetup {
                    self.go(Screen::Setup);
                }
            }
        }
    }

    /// Runs `step` on the rehearsal (if any) and shows the summary once it is done.
    fn in_rehearsal(&mut self, step: impl FnOnce(&mut Rehearsal, &Env<'_>, Instant)) {
        let Some(mut r) = self.rehearsal.take() else {
            return;
        };
        step(&mut r, &self.env(), self.clock.now());
        if r.interview.phase() == Phase::Done {
            self.screen = Screen::Summary;
        }
        self.rehearsal = Some(r);
    }

    /// Moves the interview on by `step` and carries out the events it returns.
    fn step_interview(&mut self, step: fn(&mut Interview, Instant) -> Vec<Event>) {
        self.in_rehearsal(|r, env, now| {
            let events = step(&mut r.interview, now);
            r.handle(events, env);
        });
    }

    /// A session ended before any answer is not kept: its folder is removed.
    fn drop_if_unanswered(&mut self) {
        let Some(r) = self.rehearsal.take_if(|r| r.session.answered_count() == 0) else {
            return;
        };
        if let Err(e) = std::fs::remove_dir_all(&r.dir) {
            log::log_error(&self.data_dir, "removing an empty session", &e.to_string());
        }
        self.message = Some("The session ended before any answer, so it was not kept.".to_owned());
        self.go(Screen::Setup);
    }

    /// Files dropped on the window or named on the command line go to the pack importer
    /// (not during a session).
    fn import_dropped(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty()
            || !matches!(self.screen, Screen::Setup | Screen::Packs | Screen::Review)
        {
            return;
        }
        for path in paths {
            self.packs.file_dropped(path);
        }
        self.go(Screen::Packs);
    }

    fn start_interview(&mut self) {
        if self.screen == Screen::Setup && self.settings.mode.framing_card() {
            self.save_settings();
            self.go(Screen::Framing);
            return;
        }
        let packs = self.packs.library.packs.iter().map(|p| &p.pack);
        let planned = plan::plan(packs, &self.settings, &mut fastrand::Rng::new());
        self.save_settings();
        self.start_planned(planned);
    }

    /// Starts a session asking `planned`, in order.
    fn start_planned(&mut self, mut planned: Vec<PlannedQuestion>) {
        if self.rehearsal.is_some() {
            return;
        }
        if let Some(why) = self.recovery.read_only() {
            self.message = Some(why.to_owned());
            return;
        }
        if planned.is_empty() {
            self.message = Some("Choose at least one pack with questions to start.".to_owned());
            return;
        }
        plan::seat_panel(&mut planned, &self.settings);
        // Free the microphone and the camera for the recording.
        self.monitor = None;
        self.camera.release();
        let _ = self.camera.source(&self.settings.camera);
        match Rehearsal::start(planned, &self.settings, &self.store, self.clock.now()) {
            Ok(mut r) => {
                // (cleared first: the voice's own message, if it cannot speak, is kept)
                self.message = None;
                self.give_voice(&mut r);
                self.rehearsal = Some(r);
                self.go(Screen::Rehearsal);
            }
            Err(e) => {
                let text = saving::create_failed(&e);
                self.show_error(&text, "creating a session", &e.to_string());
            }
        }
    }

    /// Whether changed settings wait to be written (the window should wake to write them).
    pub fn settings_pending(&self) -> bool {
        self.settings_saver.is_dirty(&self.settings)
    }

    /// Writes the settings if they changed since the last save.
    pub fn save_settings(&mut self) {
        if !self.settings_saver.is_dirty(&self.settings) {
            return;
        }
        if let Err(e) = self.settings.save(&self.data_dir.settings_file()) {
            self.show_error(
                "Your choices could not be saved; they apply until Rehearse closes. \
                 Check that the data folder is writable.",
                "saving settings",
                &e.to_string(),
            );
        }
        self.settings_saver.mark_saved(&self.settings);
    }

    /// Shows `sentence` in the message bar and writes `detail` to the error log.
    fn show_error(&mut self, sentence: &str, context: &str, detail: &str) {
        log::log_error(&self.data_dir, context, detail);
        self.message = Some(sentence.to_owned());
    }

    fn setup_level(&self) -> Option<Arc<dyn LevelSource>> {
        self.monitor.as_ref().map(|m| m.level())
    }

    /// Per-frame work: the level meter, timers, recording, background results.
    pub fn tick(&mut self) {
        if self.settings_saver.is_due(&self.settings, self.clock.now()) {
            self.save_settings();
        }
        self.follow_model_choice();
        // The neural voice, once chosen, loads on a thread while setup is still open.
        if !self.neural_preloaded
            && let Some(dir) = self.neural_choice()
        {
            self.neural_preloaded = true;
            voice::preload_neural(dir);
        }
        // The level meter on the setup screen, paused after a while without input.
        let now = self.clock.now();
        if self.monitor.is_some() && now.saturating_duration_since(self.last_input) >= METER_IDLE {
            self.monitor = None;
            self.meter_paused = true;
        }
        if self.screen == Screen::Setup
            && self.monitor.is_none()
            && !self.monitor_tried
            && !self.meter_paused
        {
            self.monitor_tried = true;
            match self.audio.start_monitor(self.input_device()) {
                Ok(m) => {
                    self.monitor = Some(m);
                    self.monitor_error = None;
                }
                Err(e) => {
                    log::log_error(&self.data_dir, "starting the microphone", e.detail());
                    self.monitor_error = Some(microphone_sentence(&e));
                }
            }
        }
        // The self-view pauses with the setup meter, to save power.
        // The video call's framing check shows it too, for the check it asks for.
        let showing = (self.screen == Screen::Setup && !self.self_view_paused())
            || self.screen == Screen::Framing;
        if let Some((context, detail)) =
            self.camera
                .keep_preview(&self.settings.camera, showing, self.repaint.clone())
        {
            log::log_error(&self.data_dir, context, &detail);
        }
        if let Some(error) = self.monitor.as_mut().and_then(|m| m.poll_error()) {
            self.monitor = None;
            log::log_error(&self.data_dir, "microphone", error.detail());
            self.monitor_error = Some(error.message);
        }
        // The session's timers, recording and analyses.
        if let Some(mut r) = self.rehearsal.take() {
            r.logic(self.clock.now(), &self.env());
            for (context, detail) in r.log.drain(..) {
                log::log_error(&self.data_dir, context, &detail);
            }
            if let Some(m) = r.message.take() {
                log::log_error(&self.data_dir, "session message", &m);
                self.message = Some(m);
            }
            self.rehearsal = Some(r);
        }
        self.recovery.poll(&self.store, false);
        self.poll_folder_dialog();
        // "Too quiet" only after the level stays low for a while, not in every pause.
        let level = self
            .setup_level()
            .or_else(|| self.rehearsal.as_ref().and_then(Rehearsal::level));
        match &level {
            Some(level) => self.too_quiet = self.quiet.update(level.peak_dbfs(), self.clock.now()),
            None => {
                self.quiet.reset();
                self.too_quiet = false;
            }
        }
        // The meter's watch redraws the window when the meter would look different.
        match level {
            Some(level) if self.meter.as_ref().is_some_and(|m| m.watches(&level)) => {}
            Some(level) => self.meter = Some(MeterWatch::start(level, self.repaint.clone())),
            None => self.meter = None,
        }
        // Packs and review.
        self.packs.logic();
        for (context, detail) in self.packs.take_log() {
            log::log_error(&self.data_dir, context, &detail);
        }
        if let Some(m) = self.packs.take_message() {
            log::log_error(&self.data_dir, "packs message", &m);
            self.message = Some(m);
        }
        self.review.logic();
        self.progress.logic();
    }

    /// When the window must next redraw on its own: the next second of a timer, the next
    /// step of a playing take's clock or playhead, a poll of background work, or a due draft.
    /// A live level meter redraws through its watch ([`meter::MeterWatch`]); while one runs the
    /// window still wakes once a second for the "too quiet" warning and the meter's pause.
    pub fn animation(&self) -> Animation {
        let now = self.clock.now();
        let rehearsal = self
            .rehearsal
            .as_ref()
            .filter(|_| self.screen == Screen::Rehearsal);
        let busy = self.packs.is_busy()
            || self.folder_dialog.is_some()
            || self.progress.is_loading()
            || self.review.is_busy();
        [
            rehearsal.and_then(|r| r.interview.next_tick(now)),
            rehearsal.and_then(Rehearsal::listening_next_change),
            (self.screen == Screen::Review)
                .then(|| self.review.next_change())
                .flatten(),
            self.meter.as_ref().map(|_| QUIET_CHECK),
            busy.then_some(BACKGROUND_POLL),
            self.rehearsal.as_ref().and_then(Rehearsal::draft_due_in),
            rehearsal
                .filter(|r| r.interview.phase() == Phase::Reflect)
                .and_then(|r| r.reflection.timer_next_tick(now)),
        ]
        .into_iter()
        .flatten()
        .min()
        .map_or(Animation::Still, Animation::WakeIn)
    }

    /// The window is closing: stop a running recording cleanly and save the session.
    pub fn shutdown(&mut self) {
        self.save_settings();
        if let Some(mut r) = self.rehearsal.take() {
            r.shutdown(self.clock.now(), &self.env());
        }
        self.recovery.poll(&self.store, true);
    }
}

/// What the setup screen says when the level meter could not start: what happened and
/// what to do (the raw cause goes to the log).
fn microphone_sentence(error: &AudioError) -> String {
    match error {
        AudioError::NoMicrophone(_) => "No microphone found. Plug one in, or check that no other \
             app holds it, then press Retry."
            .to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
