//! `rehearse pack validate|import`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::data_dir::DataDir;

/// Validates each file, printing the same messages as the UI; exit code 1 if any is invalid.
pub fn validate(files: &[PathBuf]) -> ExitCode {
    eprintln!(
        "rehearse pack validate: not implemented yet ({} files)",
        files.len()
    );
    ExitCode::FAILURE
}

/// Imports `file` into the data directory's packs.
pub fn import(data_dir: &DataDir, file: &Path) -> ExitCode {
    eprintln!(
        "rehearse pack import: not implemented yet ({} -> {})",
        file.display(),
        data_dir.root().display()
    );
    ExitCode::FAILURE
}
