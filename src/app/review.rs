//! Review of past sessions: the list, one session's details, and playback of takes.
//!
//! The screen (`ui::review`) draws from this state and returns [`ReviewCommand`]s; only
//! [`Review::apply`] touches files and audio devices.

pub mod disk;
mod edits;
mod exporting;
mod listing;
mod remeasure;
pub mod search;
mod transcribing;

use std::path::{Path, PathBuf};

use crate::analysis::{Observation, Thresholds};
use crate::app::log::log_error;
use crate::app::take_player::{PlayerCommand, PlayerState, TakePlayer};
use crate::audio::AudioBackend;
use crate::data_dir::DataDir;
use crate::session::{Session, SessionStore, SessionSummary};

use self::listing::SessionList;

pub use self::edits::{EDIT_NOT_SAVED, RatingEdit};
pub use self::exporting::{SavePicker, desktop_save_picker};

pub use crate::app::take_player::{CANNOT_PLAY, PLAYBACK_STOPPED};

/// What the review screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewCommand {
    /// Re-read the session list from disk.
    Refresh,
    /// Show one session's details.
    Open(PathBuf),
    /// Go from one session's details back to the list.
    BackToList,
    /// Play a take of the open session (opens it in the player if it is not loaded).
    Play {
        /// 0-based question index.
        question: usize,
        /// 1-based take number.
        take: u32,
    },
    /// Pause the player.
    Pause,
    /// Play if paused, pause if playing (Space).
    TogglePlay,
    /// Seek, change speed or loop in the loaded take.
    Player(PlayerCommand),
    /// Mark a take best, or clear the mark if it is best.
    MarkBest {
        /// 0-based question index.
        question: usize,
        /// 1-based take number.
        take: u32,
    },
    /// Open the rating form of a take (edits its saved rating).
    EditRating {
        /// 0-based question index.
        question: usize,
        /// 1-based take number.
        take: u32,
    },
    /// Save the rating form into its take.
    SaveRatingEdit,
    /// Close the rating form without saving.
    CancelRatingEdit,
    /// Start a new session on these questions of the open session (0-based indices).
    PractiseAgain(Vec<usize>),
    /// Ask for a file and export the open session there in this format (videos left out).
    Export(crate::session::export::ExportFormat),
    /// Ask for a file and export the open session's folder there as a zip, videos included.
    ExportZipWithVideo,
    /// Ask to delete a session folder (shows a confirmation).
    AskDelete(PathBuf),
    /// Delete the session awaiting confirmation.
    ConfirmDelete,
    /// Keep the session awaiting confirmation.
    CancelDelete,
    /// Show a session folder in the file manager.
    OpenFolder(PathBuf),
    /// Delete the open session's videos, keeping its audio and everything else.
    DeleteVideos,
    /// Hide the error banner.
    DismissError,
    /// Search the transcripts of every listed session for these words.
    Search(String),
    /// Open a session with a take loaded at a moment (a search hit).
    OpenAt {
        /// The session folder.
        dir: PathBuf,
        /// 0-based question index.
        question: usize,
        /// 1-based take number.
        take: u32,
        /// Where in the take.
        at: std::time::Duration,
    },
    /// Leave the review screen.
    Close,
}

/// Where the app should go after a review command.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewOutcome {
    /// Stay on the review screen.
    Stay,
    /// Go back to the setup screen.
    BackToSetup,
    /// Start a new session on these questions, as they were asked.
    PractiseAgain(Vec<crate::session::QuestionRecord>),
}

/// A session opened for review, with the feedback lines of each take prepared.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    /// The session folder.
    pub dir: PathBuf,
    /// The session as loaded.
    pub session: Session,
    /// Feedback lines per question, per take (same order as `session.questions[i].takes`).
    pub observations: Vec<Vec<Vec<Observation>>>,
    /// How much of the disk the folder takes.
    pub disk: disk::DiskUse,
}

/// The loaded take and the player's state, as the screen shows them.
#[derive(Debug, Clone, Copy)]
pub struct PlayerView<'a> {
    /// 0-based question index of the loaded take.
    pub question: usize,
    /// 1-based take number.
    pub take: u32,
    /// Position, length, waveform, problem.
    pub state: PlayerState<'a>,
}

/// A take of the opened session in the player.
struct Player {
    question: usize,
    take: u32,
    player: TakePlayer,
}

/// State of the review screen (session list, selection, player).
pub struct Review {
    data_dir: DataDir,
    store: SessionStore,
    thresholds: Thresholds,
    pack_titles: std::collections::HashMap<String, String>,
    list: SessionList,
    opened: Option<OpenedSession>,
    player: Option<Player>,
    /// Takes of the opened session being measured again (see `remeasure.rs`).
    remeasure: Vec<(PathBuf, crate::app::analysis_job::AnalysisJob)>,
    /// Takes being transcribed, by session folder (see `transcribing.rs`).
    transcripts: Vec<(PathBuf, crate::app::transcript_job::TranscriptJob)>,
    /// Speech to text, when a model is installed.
    transcriber: Option<crate::app::transcript_job::TranscriberFactory>,
    /// Wakes the window as transcribed words arrive.
    repaint: Option<crate::app::Repaint>,
    rating_edit: Option<RatingEdit>,
    export: Option<exporting::ExportJob>,
    save_picker: SavePicker,
    /// What the last export did (shown until dismissed).
    notice: Option<String>,
    confirm_delete: Option<PathBuf>,
    error: Option<String>,
    /// The folder the file manager could not show (the banner offers to copy its path).
    unopened_folder: Option<PathBuf>,
    /// The words searched for in the transcripts.
    search: String,
    /// Where they were said (the first [`search::MAX_HITS`]), and how many places in all.
    hits: (Vec<search::SearchHit>, usize),
}

impl Review {
    /// A review of the sessions in `data_dir` (reads the list on the first [`Review::refresh`]).
    pub fn new(data_dir: &DataDir) -> Self {
        Self::with_store(data_dir, SessionStore::new(data_dir.sessions()))
    }

    /// A review that reads and changes sessions through `store` (read-only in a second window).
    pub fn with_store(data_dir: &DataDir, store: SessionStore) -> Self {
        Self {
            data_dir: data_dir.clone(),
            store,
            thresholds: Thresholds::default(),
            pack_titles: std::collections::HashMap::new(),
            list: SessionList::default(),
            opened: None,
            player: None,
            remeasure: Vec::new(),
            transcripts: Vec::new(),
            transcriber: None,
            repaint: None,
            rating_edit: None,
            export: None,
            save_picker: desktop_save_picker(),
            notice: None,
            confirm_delete: None,
            error: None,
            unopened_folder: None,
            search: String::new(),
            hits: (Vec::new(), 0),
        }
    }

    /// The limits the feedback lines and metric colours use.
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// Uses these limits for the feedback lines of each take (the user's settings).
    pub fn set_thresholds(&mut self, thresholds: Thresholds) {
        self.thresholds = thresholds;
    }

    /// Shows packs by these titles (pack id → title) instead of their ids.
    pub fn set_pack_titles(&mut self, titles: impl IntoIterator<Item = (String, String)>) {
        self.pack_titles = titles.into_iter().collect();
    }

    /// The session's packs by title (the id where the pack is no longer in the library).
    pub fn pack_names(&self, session: &Session) -> String {
        let names: Vec<&str> = session
            .pack_ids
            .iter()
            .map(|id| self.pack_titles.get(id).map_or(id.as_str(), String::as_str))
            .collect();
        names.join(", ")
    }

    /// Re-reads the session list on a thread; the current list stays shown until it is done.
    pub fn refresh(&mut self) {
        self.list.refresh(&self.store, &self.thresholds);
    }

    /// Whether the session list is being read.
    pub fn is_listing(&self) -> bool {
        self.list.is_reading()
    }

    /// Whether the session list has been read at least once.
    pub fn is_listed(&self) -> bool {
        self.list.is_read()
    }

    /// Opens the session in `dir` (e.g. right after it was completed).
    pub fn open(&mut self, dir: PathBuf) {
        self.player = None;
        self.rating_edit = None;
        match self.store.load(&dir) {
            Ok(session) => {
                let observations = session
                    .questions
                    .iter()
                    .map(|q| {
                        q.takes
                            .iter()
                            .map(|t| match &t.metrics {
                                // Stale numbers are not shown; they are measured again.
                                Some(m) if m.is_current() => {
                                    crate::analysis::words::take_observations(
                                        m,
                                        t.transcript.as_ref().map(|t| t.words.as_slice()),
                                        &self.thresholds,
                                    )
                                }
                                _ => Vec::new(),
                            })
                            .collect()
                    })
                    .collect();
                self.opened = Some(OpenedSession {
                    disk: disk::DiskUse::of(&dir),
                    dir,
                    session,
                    observations,
                });
                self.start_remeasure();
                self.start_transcripts();
            }
            Err(e) => {
                self.opened = None;
                log_error(&self.data_dir, "open session", &e.to_string());
                self.error = Some(format!(
                    "This session could not be opened: its session.json in {} is missing or damaged.",
                    dir.display()
                ));
            }
        }
    }

    /// Changes take `number` of question `index` of the session in `dir` with `change`: saved
    /// into its `session.json` (a failure is logged as saving `what`) and, if that session is
    /// open, shown with the take's feedback lines made again.
    fn update_take(
        &mut self,
        dir: &Path,
        (index, number): (usize, u32),
        what: &str,
        change: impl Fn(&mut crate::session::Take),
    ) {
        let saved = self.store.load(dir).and_then(|mut session| {
            if let Some(take) = session.take_mut(index, number) {
                change(take);
            }
            self.store.save(dir, &session)
        });
        if let Err(e) = saved {
            log_error(&self.data_dir, &format!("saving {what}"), &e.to_string());
        }
        let Some(opened) = self.opened.as_mut().filter(|o| o.dir == dir) else {
            return;
        };
        let Some(question) = opened.session.questions.get_mut(index) else {
            return;
        };
        let Some(at) = question.takes.iter().position(|t| t.number == number) else {
            return;
        };
        let take = &mut question.takes[at];
        change(take);
        if let (Some(metrics), Some(slot)) = (
            take.current_metrics(),
            opened
                .observations
                .get_mut(index)
                .and_then(|q| q.get_mut(at)),
        ) {
            let words = take.transcript.as_ref().map(|t| t.words.as_slice());
            *slot = crate::analysis::words::take_observations(metrics, words, &self.thresholds);
        }
    }

    /// Carries out a command from the screen.
    pub fn apply(&mut self, command: ReviewCommand, audio: &dyn AudioBackend) -> ReviewOutcome {
        match command {
            ReviewCommand::Refresh => self.refresh(),
            ReviewCommand::Open(dir) => self.open(dir),
            ReviewCommand::BackToList => {
                self.player = None;
                self.rating_edit = None;
                self.opened = None;
                self.refresh();
            }
            ReviewCommand::Play { question, take } => self.play(question, take, audio),
            ReviewCommand::Pause => {
                if let Some(p) = &mut self.player {
                    p.player.pause();
                }
            }
            ReviewCommand::TogglePlay => {
                if let Some(p) = &mut self.player {
                    let toggled = p.player.toggle(audio);
                    self.cannot_play(toggled);
                }
            }
            ReviewCommand::Player(command) => {
                if let Some(p) = &mut self.player {
                    let done = p.player.apply(command, audio);
                    self.cannot_play(done);
                }
            }
            ReviewCommand::MarkBest { question, take } => self.toggle_best(question, take),
            ReviewCommand::EditRating { question, take } => self.edit_rating(question, take),
            ReviewCommand::SaveRatingEdit => self.save_rating_edit(),
            ReviewCommand::CancelRatingEdit => self.cancel_rating_edit(),
            ReviewCommand::PractiseAgain(indices) => {
                let chosen: Vec<_> = self.opened.as_ref().map_or_else(Vec::new, |o| {
                    indices
                        .iter()
                        .filter_map(|&i| o.session.questions.get(i).cloned())
                        .collect()
                });
                if !chosen.is_empty() {
                    self.player = None;
                    return ReviewOutcome::PractiseAgain(chosen);
                }
            }
            ReviewCommand::Export(format) => self.start_export(format, Default::default()),
            ReviewCommand::ExportZipWithVideo => {
                let options = crate::session::export::ExportOptions { videos: true };
                self.start_export(crate::session::export::ExportFormat::Zip, options);
            }
            ReviewCommand::AskDelete(dir) => self.confirm_delete = Some(dir),
            ReviewCommand::CancelDelete => self.confirm_delete = None,
            ReviewCommand::ConfirmDelete => self.delete_confirmed(),
            ReviewCommand::DeleteVideos => self.delete_videos(),
            ReviewCommand::OpenFolder(dir) => {
                if let Err(e) = open::that_detached(&dir) {
                    self.folder_not_opened(dir, &e.to_string());
                }
            }
            ReviewCommand::DismissError => {
                self.error = None;
                self.notice = None;
                self.unopened_folder = None;
            }
            ReviewCommand::Close => {
                self.player = None;
                return ReviewOutcome::BackToSetup;
            }
            ReviewCommand::Search(query) => {
                self.hits = search::search(self.sessions(), &query);
                self.search = query;
            }
            ReviewCommand::OpenAt {
                dir,
                question,
                take,
                at,
            } => {
                self.open(dir);
                if self.opened.is_some()
                    && self.load(question, take)
                    && let Some(p) = &mut self.player
                {
                    let moved = p.player.apply(PlayerCommand::Seek(at), audio);
                    self.cannot_play(moved);
                }
            }
        }
        ReviewOutcome::Stay
    }

    /// Per-frame work: the session list, player position, finished playback, device errors.
    pub fn logic(&mut self) {
        self.list
            .poll(&self.store, &self.thresholds, &self.data_dir);
        self.poll_remeasure();
        self.poll_transcripts();
        self.poll_export();
        let Some(p) = &mut self.player else {
            return;
        };
        if let Some(e) = p.player.poll() {
            let detail = if e.detail.is_empty() {
                &e.message
            } else {
                &e.detail
            };
            log_error(&self.data_dir, "playback", detail);
        }
        if let Some(detail) = p.player.take_video_error() {
            log_error(&self.data_dir, "opening a take's video", &detail);
        }
    }

    /// Whether work runs in the background (the list, a re-measure or an export).
    pub fn is_busy(&self) -> bool {
        self.list.is_reading()
            || self.is_remeasuring()
            || self.is_transcribing()
            || self.is_exporting()
    }

    /// How long until the loaded take's player looks different on its own.
    pub fn next_change(&self) -> Option<std::time::Duration> {
        self.player.as_ref().and_then(|p| p.player.next_change())
    }

    /// Past sessions, newest first (as of the last refresh).
    pub fn sessions(&self) -> &[SessionSummary] {
        &self.list.sessions
    }

    /// The measured pace of each answer of session `i` of [`Review::sessions`].
    pub fn paces(&self, i: usize) -> &[f64] {
        self.list.paces.get(i).map_or(&[], Vec::as_slice)
    }

    /// Session folders that could not be read at the last refresh, as raw detail (also logged).
    pub fn list_errors(&self) -> &[String] {
        &self.list.errors
    }

    /// The session being reviewed, if one is open.
    pub fn opened(&self) -> Option<&OpenedSession> {
        self.opened.as_ref()
    }

    /// The loaded take and its position, if a take is loaded.
    pub fn player(&self) -> Option<PlayerView<'_>> {
        self.player.as_ref().map(|p| PlayerView {
            question: p.question,
            take: p.take,
            state: p.player.state(),
        })
    }

    /// The session folder waiting for the user to confirm its deletion.
    pub fn pending_delete(&self) -> Option<&Path> {
        self.confirm_delete.as_deref()
    }

    /// The error to show (unreadable session, no speaker, failed delete…).
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The session folder the file manager could not show, when that is the error.
    pub fn unopened_folder(&self) -> Option<&Path> {
        self.unopened_folder.as_deref()
    }

    /// Tells the user where the folder is, and logs why no file manager opened it.
    pub fn folder_not_opened(&mut self, dir: PathBuf, detail: &str) {
        log_error(&self.data_dir, "open folder", detail);
        self.error = Some(format!(
            "Could not open a file manager. The session is in {}.",
            dir.display()
        ));
        self.unopened_folder = Some(dir);
    }

    fn play(&mut self, question: usize, take: u32, audio: &dyn AudioBackend) {
        if !self.load(question, take) {
            return;
        }
        if let Some(p) = &mut self.player {
            let played = p.player.play(audio);
            self.cannot_play(played);
        }
    }

    /// Loads a take of the open session into the player, unless it is loaded; false (and
    /// says why) when it has no recording.
    fn load(&mut self, question: usize, take: u32) -> bool {
        let loaded = self
            .player
            .as_ref()
            .is_some_and(|p| p.question == question && p.take == take);
        if !loaded {
            // The next take plays at the speed the user chose for the last one.
            let speed = self.player.take().map_or(1.0, |p| p.player.state().speed);
            let Some(path) = self.take_wav(question, take) else {
                self.error = Some("This take has no recording to play.".to_owned());
                return false;
            };
            let mut player = TakePlayer::new(path);
            player.set_speed(speed);
            if let Some(o) = &self.opened
                && let Some(t) = o
                    .session
                    .questions
                    .get(question)
                    .and_then(|q| q.takes.iter().find(|t| t.number == take))
            {
                player.with_take_video(&o.dir, t, self.repaint.clone());
            }
            self.player = Some(Player {
                question,
                take,
                player,
            });
        }
        true
    }

    /// The words searched for in the transcripts.
    pub fn search(&self) -> &str {
        &self.search
    }

    /// Where the searched words were said (at most [`search::MAX_HITS`]), and how many places
    /// in all.
    pub fn search_hits(&self) -> (&[search::SearchHit], usize) {
        (&self.hits.0, self.hits.1)
    }

    /// On a failure to open the output, unloads the take, logs why and says so.
    fn cannot_play(&mut self, result: Result<(), crate::audio::AudioError>) {
        if let Err(e) = result {
            self.player = None;
            log_error(&self.data_dir, "playback", &e.to_string());
            self.error = Some(CANNOT_PLAY.to_owned());
        }
    }

    fn take_wav(&self, question: usize, take: u32) -> Option<PathBuf> {
        let opened = self.opened.as_ref()?;
        let record = opened.session.questions.get(question)?;
        let take = record.takes.iter().find(|t| t.number == take)?;
        let name = take.wav.as_deref()?;
        // Names are generated by us; refuse anything that would leave the session folder.
        let plain = Path::new(name).file_name()? == std::ffi::OsStr::new(name);
        plain.then(|| opened.dir.join(name))
    }

    fn delete_confirmed(&mut self) {
        let Some(dir) = self.confirm_delete.take() else {
            return;
        };
        let was_open = self.opened.as_ref().is_some_and(|o| o.dir == dir);
        if was_open {
            // Release the WAV before its folder goes.
            self.player = None;
        }
        match self.store.delete(&dir) {
            Ok(()) => {
                if was_open {
                    self.opened = None;
                }
                self.list.sessions.retain(|s| s.dir != dir);
            }
            Err(e) => {
                log_error(&self.data_dir, "delete session", &e.to_string());
                self.error = Some(format!(
                    "The session could not be deleted. Its folder is {}; check that it is not open elsewhere, then try again.",
                    dir.display()
                ));
            }
        }
        self.refresh();
    }
}

#[cfg(test)]
mod tests;
