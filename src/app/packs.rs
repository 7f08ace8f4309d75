//! Pack management: the library, import (dialog, drop, preview), the editor, export.
//!
//! (Skeleton: the library helper owns this file, `ui/packs.rs` and their tests.)

use std::path::PathBuf;

use crate::data_dir::DataDir;
use crate::pack::PackLibrary;

/// What the packs screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum PacksCommand {
    /// Open the file dialog to import a pack.
    OpenImportDialog,
    /// Parse a file and show the import preview.
    Preview(PathBuf),
    /// Leave the packs screen.
    Close,
}

/// Where the app should go after a packs command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacksOutcome {
    /// Stay on the packs screen.
    Stay,
    /// Go back to the setup screen.
    BackToSetup,
}

/// The pack library plus the import/editor state.
pub struct PackManager {
    /// Built-in and user packs.
    pub library: PackLibrary,
}

impl PackManager {
    /// Loads the library from `data_dir`.
    pub fn new(data_dir: &DataDir) -> Self {
        Self {
            library: PackLibrary::load(data_dir),
        }
    }
    /// Carries out a command from the screen.
    pub fn apply(&mut self, command: PacksCommand) -> PacksOutcome {
        match command {
            PacksCommand::Close => PacksOutcome::BackToSetup,
            _ => PacksOutcome::Stay,
        }
    }
    /// A file was dropped on the window: parse it and show the preview.
    pub fn file_dropped(&mut self, path: PathBuf) {
        let _ = path;
    }
    /// Per-frame work: a finished file dialog, a finished background parse.
    pub fn logic(&mut self) {}
    /// A message for the user (import done, error), shown once.
    pub fn take_message(&mut self) -> Option<String> {
        None
    }
}
