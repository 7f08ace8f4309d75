//! `rehearse analyze`: metrics of WAV files as a table or JSON lines.

use std::path::PathBuf;
use std::process::ExitCode;

/// Analyses each file; prints a table (or JSON lines); exit code 1 if any file failed.
pub fn run(files: &[PathBuf], json: bool) -> ExitCode {
    eprintln!(
        "rehearse analyze: not implemented yet ({} files, json={json})",
        files.len()
    );
    ExitCode::FAILURE
}
