//! `rehearse analyze`: metrics of WAV files as a table or JSON lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Metrics, analyze_file};

/// Analyses each file; prints a table (or JSON lines); exit code 1 if any file failed.
pub fn run(files: &[PathBuf], json: bool) -> ExitCode {
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in files {
        match analyze_file(file) {
            Ok(m) => {
                let line = if json {
                    json_line(file, &m)
                } else {
                    table(file, &m)
                };
                let _ = writeln!(out, "{line}");
            }
            Err(e) => {
                failed = true;
                eprintln!("rehearse analyze: {e}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn json_line(file: &std::path::Path, m: &Metrics) -> String {
    let mut value = serde_json::to_value(m).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "file".into(),
            serde_json::Value::String(file.display().to_string()),
        );
    }
    value.to_string()
}

fn table(file: &std::path::Path, m: &Metrics) -> String {
    format!("{}\n{m:#?}", file.display())
}
