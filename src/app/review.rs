//! Review of past sessions: the list, one session's details, and playback of takes.
//!
//! The screen (`ui::review`) draws from this state and returns [`ReviewCommand`]s; only
//! [`Review::apply`] touches files and audio devices.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::analysis::{Observation, Thresholds};
use crate::app::worker::{Poll, Worker};
use crate::audio::{AudioBackend, Playback};
use crate::session::{Session, SessionStore, SessionSummary};

/// Number of peak columns computed for a take's waveform.
pub const WAVEFORM_COLUMNS: usize = 400;

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
    /// Move the player to a position.
    Seek(Duration),
    /// Ask to delete a session folder (shows a confirmation).
    AskDelete(PathBuf),
    /// Delete the session awaiting confirmation.
    ConfirmDelete,
    /// Keep the session awaiting confirmation.
    CancelDelete,
    /// Show a session folder in the file manager.
    OpenFolder(PathBuf),
    /// Hide the error banner.
    DismissError,
    /// Leave the review screen.
    Close,
}

/// Where the app should go after a review command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// Stay on the review screen.
    Stay,
    /// Go back to the setup screen.
    BackToSetup,
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
}

/// The player's state as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayerView<'a> {
    /// 0-based question index of the loaded take.
    pub question: usize,
    /// 1-based take number.
    pub take: u32,
    /// Current position.
    pub position: Duration,
    /// Length of the take.
    pub duration: Duration,
    /// Whether it is playing now.
    pub is_playing: bool,
    /// Peak amplitude (0..1) per column, once computed.
    pub waveform: Option<&'a [f32]>,
}

/// Peaks of a take's WAV, computed on a background thread (joined when dropped).
enum Waveform {
    Loading(Worker<Result<Vec<f32>, String>>),
    Ready(Vec<f32>),
    Unavailable,
}

/// A loaded take.
struct Player {
    question: usize,
    take: u32,
    playback: Box<dyn Playback>,
    waveform: Waveform,
}

/// State of the review screen (session list, selection, player).
pub struct Review {
    store: SessionStore,
    thresholds: Thresholds,
    pack_titles: std::collections::HashMap<String, String>,
    sessions: Vec<SessionSummary>,
    list_errors: Vec<String>,
    opened: Option<OpenedSession>,
    player: Option<Player>,
    confirm_delete: Option<PathBuf>,
    error: Option<String>,
}

impl Review {
    /// A review over `store` (reads the list on the first [`Review::refresh`]).
    pub fn new(store: SessionStore) -> Self {
        Self {
            store,
            thresholds: Thresholds::default(),
            pack_titles: std::collections::HashMap::new(),
            sessions: Vec::new(),
            list_errors: Vec::new(),
            opened: None,
            player: None,
            confirm_delete: None,
            error: None,
        }
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

    /// Re-reads the session list.
    pub fn refresh(&mut self) {
        let (sessions, errors) = self.store.list();
        self.sessions = sessions;
        self.list_errors = errors.iter().map(ToString::to_string).collect();
    }

    /// Opens the session in `dir` (e.g. right after it was completed).
    pub fn open(&mut self, dir: PathBuf) {
        self.player = None;
        match self.store.load(&dir) {
            Ok(session) => {
                let observations = session
                    .questions
                    .iter()
                    .map(|q| {
                        q.takes
                            .iter()
                            .map(|t| {
                                t.metrics.as_ref().map_or_else(Vec::new, |m| {
                                    crate::analysis::observations(m, &self.thresholds)
                                })
                            })
                            .collect()
                    })
                    .collect();
                self.opened = Some(OpenedSession {
                    dir,
                    session,
                    observations,
                });
            }
            Err(e) => {
                self.opened = None;
                self.error = Some(format!("This session could not be opened. {e}"));
            }
        }
    }

    /// Carries out a command from the screen.
    pub fn apply(&mut self, command: ReviewCommand, audio: &dyn AudioBackend) -> ReviewOutcome {
        match command {
            ReviewCommand::Refresh => self.refresh(),
            ReviewCommand::Open(dir) => self.open(dir),
            ReviewCommand::BackToList => {
                self.player = None;
                self.opened = None;
                self.refresh();
            }
            ReviewCommand::Play { question, take } => self.play(question, take, audio),
            ReviewCommand::Pause => {
                if let Some(p) = &mut self.player {
                    p.playback.pause();
                }
            }
            ReviewCommand::TogglePlay => self.toggle_play(),
            ReviewCommand::Seek(position) => {
                if let Some(p) = &mut self.player {
                    p.playback.seek(position.min(p.playback.duration()));
                }
            }
            ReviewCommand::AskDelete(dir) => self.confirm_delete = Some(dir),
            ReviewCommand::CancelDelete => self.confirm_delete = None,
            ReviewCommand::ConfirmDelete => self.delete_confirmed(),
            ReviewCommand::OpenFolder(dir) => {
                if let Err(e) = open::that_detached(&dir) {
                    self.error = Some(format!(
                        "Could not open the file manager for {}: {e}",
                        dir.display()
                    ));
                }
            }
            ReviewCommand::DismissError => self.error = None,
            ReviewCommand::Close => {
                self.player = None;
                return ReviewOutcome::BackToSetup;
            }
        }
        ReviewOutcome::Stay
    }

    /// Per-frame work: player position, finished playback, device errors.
    pub fn logic(&mut self) {
        let Some(player) = &mut self.player else {
            return;
        };
        if let Some(e) = player.playback.poll_error() {
            player.playback.pause();
            self.error = Some(format!("Playback stopped. {e}"));
        }
        if let Waveform::Loading(worker) = &mut player.waveform {
            player.waveform = match worker.poll() {
                Poll::Ready(Ok(peaks)) => Waveform::Ready(peaks),
                Poll::Ready(Err(_)) | Poll::Lost => Waveform::Unavailable,
                Poll::Pending => return,
            };
        }
    }

    /// Whether something is moving on screen (playback) and needs repaints.
    pub fn is_animating(&self) -> bool {
        self.player
            .as_ref()
            .is_some_and(|p| p.playback.is_playing() || matches!(p.waveform, Waveform::Loading(_)))
    }

    /// Past sessions, newest first (as of the last refresh).
    pub fn sessions(&self) -> &[SessionSummary] {
        &self.sessions
    }

    /// Session folders that could not be read at the last refresh, as messages.
    pub fn list_errors(&self) -> &[String] {
        &self.list_errors
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
            position: p.playback.position(),
            duration: p.playback.duration(),
            is_playing: p.playback.is_playing(),
            waveform: match &p.waveform {
                Waveform::Ready(peaks) => Some(peaks.as_slice()),
                _ => None,
            },
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

    fn play(&mut self, question: usize, take: u32, audio: &dyn AudioBackend) {
        let loaded = self
            .player
            .as_ref()
            .is_some_and(|p| p.question == question && p.take == take);
        if !loaded {
            self.player = None;
            let Some(path) = self.take_wav(question, take) else {
                self.error = Some("This take has no recording to play.".to_owned());
                return;
            };
            match audio.open_playback(&path) {
                Ok(playback) => {
                    self.player = Some(Player {
                        question,
                        take,
                        playback,
                        waveform: Waveform::Loading(waveform_worker(path)),
                    });
                }
                Err(e) => {
                    self.error = Some(format!("This take cannot be played. {e}"));
                    return;
                }
            }
        }
        if let Some(p) = &mut self.player {
            if p.playback.position() >= p.playback.duration() {
                p.playback.seek(Duration::ZERO);
            }
            p.playback.play();
        }
    }

    fn toggle_play(&mut self) {
        let Some(p) = &mut self.player else {
            return;
        };
        if p.playback.is_playing() {
            p.playback.pause();
        } else {
            if p.playback.position() >= p.playback.duration() {
                p.playback.seek(Duration::ZERO);
            }
            p.playback.play();
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
            }
            Err(e) => self.error = Some(format!("The session could not be deleted. {e}")),
        }
        self.refresh();
    }
}

/// Computes the waveform of the WAV at `path` on a thread.
fn waveform_worker(path: PathBuf) -> Worker<Result<Vec<f32>, String>> {
    Worker::spawn("waveform".to_owned(), move || {
        wav_peaks(&path, WAVEFORM_COLUMNS)
    })
}

/// The loudest absolute sample (0..1) in each of `columns` equal slices of a WAV.
pub fn wav_peaks(path: &Path, columns: usize) -> Result<Vec<f32>, String> {
    crate::wav::cached_peaks(path, columns).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_are_named_by_title_and_unknown_ids_stay_as_they_are() {
        let mut review = Review::new(SessionStore::new("/nonexistent"));
        review.set_pack_titles([(
            "general".to_owned(),
            "General interview questions".to_owned(),
        )]);
        let settings = crate::session::SessionSettings {
            question_count: 1,
            shuffled: false,
            think_seconds: None,
            answer_seconds: None,
            input_device: None,
        };
        let session = Session::new(
            vec!["general".into(), "my-old-pack".into()],
            settings,
            vec![],
            chrono::Utc::now(),
        );
        assert_eq!(
            review.pack_names(&session),
            "General interview questions, my-old-pack"
        );
    }

    #[test]
    fn wav_peaks_finds_the_loud_half() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for i in 0..8000 {
            w.write_sample(if i < 4000 { 0i16 } else { i16::MAX / 2 })
                .unwrap();
        }
        w.finalize().unwrap();
        let peaks = wav_peaks(&path, 4).unwrap();
        assert_eq!(peaks.len(), 4);
        assert!(peaks[0] < 0.01 && peaks[1] < 0.01);
        assert!((peaks[3] - 0.5).abs() < 0.01);
    }

    #[test]
    fn dropping_a_loading_waveform_joins_its_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.wav");
        crate::app::tests::write_tone_wav(&path, 48_000, 20);
        let waveform = Waveform::Loading(waveform_worker(path));
        let Waveform::Loading(worker) = &waveform else {
            unreachable!()
        };
        let alive = worker.liveness();
        drop(waveform);
        assert!(
            alive.upgrade().is_none(),
            "the waveform thread outlived its player"
        );
    }

    #[test]
    fn wav_peaks_reports_a_missing_file() {
        assert!(wav_peaks(Path::new("/nonexistent/x.wav"), 10).is_err());
    }
}
