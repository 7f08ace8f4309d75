//! The on-disk store: one folder per session, atomic `session.json` writes, recovery.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::model::{Session, SessionStatus, TakeStatus};
use super::wav_repair::repair_wav;

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

/// The file inside each session folder.
pub const SESSION_FILE: &str = "session.json";

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
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
        let name = format!(
            "{}-{}",
            session.started_at.format("%Y%m%dT%H%M%SZ"),
            session.id
        );
        let dir = self.root.join(name);
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        self.save(&dir, session)?;
        Ok(dir)
    }

    /// Rewrites `session.json` atomically: a temp file in the same folder, fsync, rename,
    /// fsync of the folder. A crash at any point leaves the old file or the new one.
    pub fn save(&self, dir: &Path, session: &Session) -> Result<(), StoreError> {
        let path = dir.join(SESSION_FILE);
        let json = serde_json::to_vec_pretty(session).map_err(|source| StoreError::Json {
            path: path.clone(),
            source,
        })?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".session.json.")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(io_err(dir))?;
        tmp.write_all(&json).map_err(io_err(tmp.path()))?;
        tmp.as_file().sync_all().map_err(io_err(tmp.path()))?;
        tmp.persist(&path).map_err(|e| StoreError::Io {
            path: path.clone(),
            source: e.error,
        })?;
        // Make the rename itself durable.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Reads one session folder.
    pub fn load(&self, dir: &Path) -> Result<Session, StoreError> {
        let path = dir.join(SESSION_FILE);
        let bytes = std::fs::read(&path).map_err(io_err(&path))?;
        serde_json::from_slice(&bytes).map_err(|source| StoreError::Json { path, source })
    }

    /// All sessions, newest first; unreadable folders are skipped and returned as errors.
    pub fn list(&self) -> (Vec<SessionSummary>, Vec<StoreError>) {
        let mut found = Vec::new();
        let mut errors = Vec::new();
        let entries = match std::fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (found, errors),
            Err(e) => {
                return (
                    found,
                    vec![StoreError::Io {
                        path: self.root.clone(),
                        source: e,
                    }],
                );
            }
        };
        for entry in entries.flatten() {
            let dir = entry.path();
            if !dir.is_dir() || !dir.join(SESSION_FILE).exists() {
                continue;
            }
            match self.load(&dir) {
                Ok(session) => found.push(SessionSummary { dir, session }),
                Err(e) => errors.push(e),
            }
        }
        found.sort_by(|a, b| {
            b.session
                .started_at
                .cmp(&a.session.started_at)
                .then_with(|| b.dir.cmp(&a.dir))
        });
        (found, errors)
    }

    /// Sessions left `in_progress` (a crash or a kill), to offer for recovery.
    pub fn in_progress(&self) -> Vec<SessionSummary> {
        let (all, _) = self.list();
        all.into_iter()
            .filter(|s| s.session.status == SessionStatus::InProgress)
            .collect()
    }

    /// Repairs the WAV headers of an interrupted session from the file lengths and marks
    /// takes still `recording` as `interrupted`; the session stays `in_progress` (resume)
    /// unless `finish` is set, when it becomes `complete`.
    pub fn recover(&self, dir: &Path, finish: bool) -> Result<Session, StoreError> {
        let mut session = self.load(dir)?;
        for take in session
            .questions
            .iter_mut()
            .flat_map(|q| q.takes.iter_mut())
        {
            let Some(name) = take.wav.clone() else {
                continue;
            };
            let wav = dir.join(&name);
            if !wav.exists() {
                continue;
            }
            let repaired = repair_wav(&wav);
            if take.status != TakeStatus::Recording {
                continue;
            }
            take.status = TakeStatus::Interrupted;
            match repaired.and_then(|_| wav_seconds(&wav)) {
                Ok((seconds, rate)) => {
                    take.audio_s = seconds;
                    take.answer_s = take.answer_s.max(seconds);
                    take.sample_rate = Some(rate);
                    take.error = Some(
                        "Rehearse closed while recording; the audio up to that moment was kept."
                            .into(),
                    );
                }
                Err(e) => take.error = Some(format!("The recording could not be repaired: {e}")),
            }
        }
        if finish {
            session.complete(Utc::now());
        }
        self.save(dir, &session)?;
        Ok(session)
    }

    /// Marks a session `abandoned` (kept on disk, no longer offered for recovery).
    pub fn abandon(&self, dir: &Path) -> Result<Session, StoreError> {
        let mut session = self.recover(dir, false)?;
        session.status = SessionStatus::Abandoned;
        session.ended_at.get_or_insert_with(Utc::now);
        self.save(dir, &session)?;
        Ok(session)
    }

    /// Deletes a session folder and everything in it (only folders below this store).
    pub fn delete(&self, dir: &Path) -> Result<(), StoreError> {
        if dir.parent() != Some(self.root.as_path()) || !dir.join(SESSION_FILE).exists() {
            return Err(StoreError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::other("not a session folder of this data directory"),
            });
        }
        std::fs::remove_dir_all(dir).map_err(io_err(dir))
    }
}

/// Length in seconds and sample rate of a WAV file.
fn wav_seconds(path: &Path) -> std::io::Result<(f64, u32)> {
    let reader = hound::WavReader::open(path).map_err(std::io::Error::other)?;
    let spec = reader.spec();
    Ok((
        f64::from(reader.duration()) / f64::from(spec.sample_rate),
        spec.sample_rate,
    ))
}

/// The WAV file name for a take: `q01.wav` for take 1, `q01-take2.wav` after.
pub fn wav_name(question_index: usize, take: u32) -> String {
    if take <= 1 {
        format!("q{:02}.wav", question_index + 1)
    } else {
        format!("q{:02}-take{take}.wav", question_index + 1)
    }
}
