//! `rehearse pack validate|import`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::import::parse_file;
use super::library::PackLibrary;
use super::parsed::Parsed;
use super::validate::sanitize_display;
use crate::data_dir::DataDir;

/// One line describing a parsed pack, as the import preview shows it.
pub fn summary(parsed: &Parsed) -> String {
    let pack = &parsed.pack;
    let types = pack.types();
    let types: Vec<&str> = types.iter().map(|t| t.key()).collect();
    format!(
        "\"{}\" (id {}): {} question(s); types: {}",
        sanitize_display(&pack.title),
        sanitize_display(&pack.id),
        pack.questions.len(),
        types.join(", ")
    )
}

/// Validates each file, printing the same messages as the UI; exit code 1 if any is invalid.
pub fn validate(files: &[PathBuf]) -> ExitCode {
    let mut ok = true;
    for file in files {
        match parse_file(file) {
            Ok(parsed) => {
                println!("{}: ok: {}", file.display(), summary(&parsed));
                for w in &parsed.warnings {
                    println!("{}: warning: {}", file.display(), sanitize_display(w));
                }
            }
            Err(e) => {
                ok = false;
                eprintln!("{}", sanitize_display(&e.to_string()));
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Imports `file` into the data directory's packs.
pub fn import(data_dir: &DataDir, file: &Path) -> ExitCode {
    let parsed = match parse_file(file) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", sanitize_display(&e.to_string()));
            return ExitCode::FAILURE;
        }
    };
    for w in &parsed.warnings {
        println!("{}: warning: {}", file.display(), sanitize_display(w));
    }
    let line = summary(&parsed);
    let mut library = PackLibrary::load(data_dir);
    match library.add_parsed(parsed) {
        Ok(path) => {
            for note in &library.notes {
                println!("note: {}", sanitize_display(note));
            }
            println!("imported {line}\nstored as {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: could not store the pack: {e}", file.display());
            ExitCode::FAILURE
        }
    }
}
