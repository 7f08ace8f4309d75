//! The on-disk store: one folder per session, atomic `session.json` writes, recovery.

use std::path::{Path, PathBuf};

use super::model::Session;

/// A failure reading or writing the store, naming the file involved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `session.json` is not valid.
    #[error("{path}: not a valid session file: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// One line of the review list.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    /// The session folder.
    pub dir: PathBuf,
    /// The session as loaded.
    pub session: Session,
}

/// Sessions below `<data dir>/sessions`.
#[derive(Debug, Clone)]
pub struct SessionStore {
    root: PathBuf,
}

impl SessionStore {
    /// The store rooted at `sessions_dir` (created on first write).
    pub fn new(sessions_dir: impl Into<PathBuf>) -> Self {
        Self {
            root: sessions_dir.into(),
        }
    }
    /// The folder holding all sessions.
    pub fn root(&self) -> &Path {
        &self.root
    }
    /// Creates `<UTC timestamp>-<id>/`, writes `session.json`, returns the folder.
    pub fn create(&self, session: &Session) -> Result<PathBuf, StoreError> {
        todo!("session helper {session:?}")
    }
    /// Rewrites `session.json` atomically (temp file in the folder, fsync, rename).
    pub fn save(&self, dir: &Path, session: &Session) -> Result<(), StoreError> {
        todo!("{dir:?} {session:?}")
    }
    /// Reads one session folder.
    pub fn load(&self, dir: &Path) -> Result<Session, StoreError> {
        todo!("{dir:?}")
    }
    /// All sessions, newest first; unreadable folders are skipped and returned as errors.
    pub fn list(&self) -> (Vec<SessionSummary>, Vec<StoreError>) {
        todo!()
    }
    /// Sessions left `in_progress` (a crash or a kill), to offer for recovery.
    pub fn in_progress(&self) -> Vec<SessionSummary> {
        todo!()
    }
    /// Repairs the WAV headers of an interrupted session from the file lengths and marks
    /// takes still `recording` as `interrupted`; the session stays `in_progress` (resume)
    /// unless `finish` is set, when it becomes `complete`.
    pub fn recover(&self, dir: &Path, finish: bool) -> Result<Session, StoreError> {
        todo!("{dir:?} {finish}")
    }
    /// Deletes a session folder and everything in it.
    pub fn delete(&self, dir: &Path) -> Result<(), StoreError> {
        todo!("{dir:?}")
    }
}

/// The WAV file name for a take: `q01.wav` for take 1, `q01-take2.wav` after.
pub fn wav_name(question_index: usize, take: u32) -> String {
    if take <= 1 {
        format!("q{:02}.wav", question_index + 1)
    } else {
        format!("q{:02}-take{take}.wav", question_index + 1)
    }
}
