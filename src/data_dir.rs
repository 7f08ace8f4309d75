//! Where Rehearse keeps its data: sessions, imported packs and settings.

use std::path::{Path, PathBuf};

/// The data directory layout below one root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

/// How long a lock that this process itself seems to hold is waited for (see [`DataDir::lock`]).
const OWN_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

impl DataDir {
    /// Uses `root` as given (from `--data-dir` or `REHEARSE_DATA_DIR`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `override_root` if given, otherwise the per-user data directory (e.g. `~/.local/share/rehearse`).
    pub fn resolve(override_root: Option<PathBuf>) -> Self {
        let root = override_root
            .or_else(|| {
                directories::ProjectDirs::from("", "", "rehearse")
                    .map(|d| d.data_dir().to_path_buf())
            })
            .unwrap_or_else(|| PathBuf::from("rehearse-data"));
        Self { root }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// One folder per session.
    pub fn sessions(&self) -> PathBuf {
        self.root.join("sessions")
    }

    /// Imported and user-made packs, stored under generated names.
    pub fn packs(&self) -> PathBuf {
        self.root.join("packs")
    }

    /// Speech models for transcripts (`ggml-tiny.en.bin`, …).
    pub fn models(&self) -> PathBuf {
        self.root.join("models")
    }

    /// The app's remembered choices (`settings.json`).
    pub fn settings_file(&self) -> PathBuf {
        self.root.join("settings.json")
    }
}

/// The lock file that marks a data folder as in use by one Rehearse process.
pub const LOCK_FILE: &str = "rehearse.lock";

/// An exclusive hold on a data folder; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct DataLock {
    _file: std::fs::File,
}

/// Why a data folder could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock; `pid` is the one written in the lock file, if readable.
    #[error("another Rehearse process ({}) is using this data folder", describe_pid(.pid))]
    Held {
        /// The process id of the holder, as written in the lock file.
        pid: Option<u32>,
    },
    /// The lock file could not be created or locked.
    #[error("{path}: {source}")]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

fn describe_pid(pid: &Option<u32>) -> String {
    pid.map_or_else(
        || "process id unknown".to_owned(),
        |p| format!("process {p}"),
    )
}

impl DataDir {
    /// Takes the advisory lock on this data folder and writes this process's id into it.
    ///
    /// The lock is an `flock` on `rehearse.lock`: the kernel drops it when the process ends,
    /// even on `kill -9`, so a stale file never blocks the next start.
    pub fn lock(&self) -> Result<DataLock, LockError> {
        use std::io::{Read, Seek, Write};
        let path = self.root.join(LOCK_FILE);
        let io = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.root).map_err(io)?;
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let asked = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let _ = file.rewind().and_then(|()| file.read_to_string(&mut text));
                    let pid = text.trim().parse().ok();
                    // Held by this very process: a lock just released whose descriptor a
                    // process started meanwhile by another thread still shares until it runs
                    // its program (a moment). Anyone else holds it for real.
                    if pid != Some(std::process::id()) || asked.elapsed() > OWN_LOCK_WAIT {
                        return Err(LockError::Held { pid });
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        // A full disk must not stop the lock: the id is a courtesy for the message.
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| writeln!(file, "{}", std::process::id()))
            .and_then(|()| file.flush());
        Ok(DataLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_just_released_is_taken_again_while_other_threads_start_processes() {
        // A process started by another thread between our open and close of the lock file
        // holds a copy of its descriptor (and so the lock) until it runs its program.
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path());
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let spawner = {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = std::process::Command::new("true").status();
                }
            })
        };
        let mut refused = 0;
        for _ in 0..300 {
            match data.lock() {
                Ok(lock) => drop(lock),
                Err(_) => refused += 1,
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        spawner.join().unwrap();
        assert_eq!(refused, 0, "{refused} of 300 locks were refused");
    }

    #[test]
    fn a_second_lock_on_the_same_folder_names_the_holder() {
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path());
        let first = data.lock().unwrap();
        match data.lock() {
            Err(LockError::Held { pid }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected the lock to be held, got {other:?}"),
        }
        drop(first);
        data.lock()
            .expect("the lock is free once the holder is gone");
    }
}
