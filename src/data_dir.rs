//! Where Rehearse keeps its data: sessions, imported packs and settings.

use std::path::{Path, PathBuf};

/// The data directory layout below one root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

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

    /// The app's remembered choices (`settings.json`).
    pub fn settings_file(&self) -> PathBuf {
        self.root.join("settings.json")
    }
}
