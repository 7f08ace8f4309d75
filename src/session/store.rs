//! The on-disk store: one folder per session, atomic `session.json` writes, recovery.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::{SESSION_FORMAT_VERSION, Session};

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
    /// Another Rehearse process holds the data folder; this one only reads.
    #[error(
        "{path}: this window is read-only because another Rehearse window uses the data folder"
    )]
    ReadOnly { path: PathBuf },
    /// The session was written by a newer Rehearse; rewriting it could drop what it added.
    #[error("{path}: written by a newer Rehearse (session format {version}); it is kept read-only")]
    NewerFormat { path: PathBuf, version: u32 },
}

impl StoreError {
    /// Whether the failure was a full disk (or a full quota).
    pub fn is_disk_full(&self) -> bool {
        match self {
            Self::Io { source, .. } => is_disk_full(source),
            _ => false,
        }
    }
}

/// Whether an I/O error means the disk (or the user's quota) is full.
pub fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
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
    writable: bool,
}

/// The file inside each session folder.
pub const SESSION_FILE: &str = "session.json";

pub(super) fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
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
            writable: true,
        }
    }

    /// A store that refuses every write (another process owns the data folder).
    pub fn read_only(sessions_dir: impl Into<PathBuf>) -> Self {
        Self {
            root: sessions_dir.into(),
            writable: false,
        }
    }

    /// Whether this store may write.
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    pub(super) fn check_writable(&self, path: &Path) -> Result<(), StoreError> {
        if self.writable {
            Ok(())
        } else {
            Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
            })
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
        self.check_writable(&dir)?;
        std::fs::create_dir_all(&self.root).map_err(io_err(&self.root))?;
        std::fs::create_dir(&dir).map_err(io_err(&dir))?;
        if let Err(e) = self.save(&dir, session) {
            // A session that could not be written leaves no empty folder behind.
            let _ = std::fs::remove_dir_all(&dir);
            return Err(e);
        }
        Ok(dir)
    }

    /// Rewrites `session.json` atomically (see [`write_session`]); refuses in a read-only
    /// store and for a session written by a newer Rehearse, so its unknown fields survive.
    pub fn save(&self, dir: &Path, session: &Session) -> Result<(), StoreError> {
        let path = dir.join(SESSION_FILE);
        self.check_writable(&path)?;
        if session.format_version > SESSION_FORMAT_VERSION {
            return Err(StoreError::NewerFormat {
                path,
                version: session.format_version,
            });
        }
        write_session(dir, session)
    }

    /// Reads one session folder.
    pub fn load(&self, dir: &Path) -> Result<Session, StoreError> {
        let path = dir.join(SESSION_FILE);
        let bytes = std::fs::read(&path).map_err(io_err(&path))?;
        let mut session: Session =
            serde_json::from_slice(&bytes).map_err(|source| StoreError::Json { path, source })?;
        session.attach_question_ratings();
        Ok(session)
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

    /// Deletes a session folder and everything in it (only folders below this store).
    pub fn delete(&self, dir: &Path) -> Result<(), StoreError> {
        self.check_writable(dir)?;
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
pub(super) fn wav_seconds(path: &Path) -> std::io::Result<(f64, u32)> {
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

/// Writes `session.json` into `dir` atomically: a temp file in the same folder, fsync,
/// rename, fsync of the folder. A crash at any point leaves the old file or the new one.
pub fn write_session(dir: &Path, session: &Session) -> Result<(), StoreError> {
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

/// Copies the session folder `dir` into `target_parent` (as a folder of the same name) with
/// `session` as its `session.json`: "Save elsewhere" when the data folder cannot be written.
/// Returns the new folder.
pub fn copy_session(
    dir: &Path,
    session: &Session,
    target_parent: &Path,
) -> Result<PathBuf, StoreError> {
    let name = dir.file_name().ok_or_else(|| StoreError::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other("not a session folder"),
    })?;
    let target = target_parent.join(name);
    std::fs::create_dir_all(&target).map_err(io_err(&target))?;
    for entry in std::fs::read_dir(dir).map_err(io_err(dir))?.flatten() {
        let from = entry.path();
        let file_name = entry.file_name();
        let is_recording = from.extension().is_some_and(|e| e == "wav");
        if is_recording && entry.file_type().is_ok_and(|t| t.is_file()) {
            let to = target.join(&file_name);
            std::fs::copy(&from, &to).map_err(io_err(&to))?;
        }
    }
    write_session(&target, session)?;
    Ok(target)
}
