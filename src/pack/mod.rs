//! Question packs: the model, the native JSON format, importers, validation and the built-in packs.

pub mod cli;
pub mod model;

pub use model::{FORMAT_VERSION, Pack, Question, QuestionType, Timings};

use std::path::{Path, PathBuf};

use crate::data_dir::DataDir;

/// Why a pack file was refused: names the file, the line (and column), and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", location(*line, *column))]
pub struct ImportError {
    /// The file name as given.
    pub file: String,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column, when it applies.
    pub column: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// A parsed pack plus what was noticed but accepted (ignored fields, stripped characters…).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The pack, valid.
    pub pack: Pack,
    /// Warnings to show in the import preview.
    pub warnings: Vec<String>,
}

/// Parses and validates a pack in any supported format, chosen by `file_name`'s extension and the content.
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    todo!("pack helper {file_name} {}", bytes.len())
}

/// Reads `path` and [`parse`]s it.
pub fn parse_file(path: &Path) -> Result<Parsed, ImportError> {
    todo!("pack helper {path:?}")
}

/// The packs shipped in the binary (`question_packs/*.pack.json`).
pub fn builtin() -> Vec<Pack> {
    todo!("pack helper")
}

/// Where a pack in the library comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackSource {
    /// Embedded in the binary; read-only (duplicate it to edit).
    Builtin,
    /// Imported or made in the editor; stored at this generated path in the data directory.
    User(PathBuf),
}

/// A pack with its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryPack {
    /// The pack.
    pub pack: Pack,
    /// Where it is kept.
    pub source: PackSource,
}

/// Built-in packs plus the user's packs from the data directory.
#[derive(Debug, Clone)]
pub struct PackLibrary {
    dir: PathBuf,
    /// Every pack, built-in first.
    pub packs: Vec<LibraryPack>,
    /// User pack files that could not be read (they are left untouched).
    pub errors: Vec<ImportError>,
}

impl PackLibrary {
    /// Loads the built-in packs and every pack in `data_dir.packs()`.
    pub fn load(data_dir: &DataDir) -> Self {
        todo!("pack helper {data_dir:?}")
    }
    /// Stores `pack` under a generated file name and adds it; returns its path.
    pub fn add(&mut self, pack: Pack) -> std::io::Result<PathBuf> {
        todo!("pack helper {pack:?} {:?}", self.dir)
    }
    /// Replaces the user pack stored at `path` (the editor's save).
    pub fn update(&mut self, path: &Path, pack: Pack) -> std::io::Result<()> {
        todo!("pack helper {path:?} {pack:?}")
    }
    /// Deletes a user pack.
    pub fn remove(&mut self, path: &Path) -> std::io::Result<()> {
        todo!("pack helper {path:?}")
    }
}

/// The pack as pretty `*.pack.json` text.
pub fn to_json(pack: &Pack) -> String {
    todo!("pack helper {pack:?}")
}

/// The pack as CSV with a header row (question,type,category,tips,think_seconds,answer_seconds).
pub fn to_csv(pack: &Pack) -> String {
    todo!("pack helper {pack:?}")
}
