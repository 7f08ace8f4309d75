//! Review of past sessions: the list, one session's details, and playback of takes.
//!
//! (Skeleton: the library helper owns this file, `ui/review.rs` and their tests.)

use std::path::PathBuf;

use crate::audio::AudioBackend;
use crate::session::SessionStore;

/// What the review screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewCommand {
    /// Re-read the session list from disk.
    Refresh,
    /// Show one session's details.
    Open(PathBuf),
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

/// State of the review screen (session list, selection, player).
pub struct Review {
    store: SessionStore,
}

impl Review {
    /// A review over `store` (reads the list on the first [`Review::refresh`]).
    pub fn new(store: SessionStore) -> Self {
        Self { store }
    }
    /// Re-reads the session list.
    pub fn refresh(&mut self) {
        let _ = self.store.root();
    }
    /// Opens the session in `dir` (e.g. right after it was completed).
    pub fn open(&mut self, dir: PathBuf) {
        let _ = dir;
    }
    /// Carries out a command from the screen.
    pub fn apply(&mut self, command: ReviewCommand, audio: &dyn AudioBackend) -> ReviewOutcome {
        let _ = audio;
        match command {
            ReviewCommand::Close => ReviewOutcome::BackToSetup,
            _ => ReviewOutcome::Stay,
        }
    }
    /// Per-frame work: player position, finished playback, device errors.
    pub fn logic(&mut self) {}
    /// Whether something is moving on screen (playback) and needs repaints.
    pub fn is_animating(&self) -> bool {
        false
    }
}
