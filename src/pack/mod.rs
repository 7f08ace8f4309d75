//! Question packs: the model, the native JSON format, importers, validation and the built-in packs.

pub mod cli;
mod delimited;
mod draft;
mod export;
mod json;
mod library;
mod markdown;
pub mod model;
mod plain;
mod source;
mod validate;

pub use export::{to_csv, to_json};
pub use library::{LibraryPack, PackLibrary, PackSource};
pub use model::{FORMAT_VERSION, Pack, Question, QuestionType, Timings};
pub use validate::{
    MAX_ANSWER_SECONDS, MAX_FILE_BYTES, MAX_QUESTIONS, MAX_TEXT_CHARS, MAX_THINK_SECONDS,
    MIN_ANSWER_SECONDS, Place, Problem, default_timings, sanitize_display, slug, validate,
};

use std::path::Path;

use source::Source;

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

/// The formats a pack file can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The native `*.pack.json`.
    Json,
    /// CSV or TSV (Anki and Quizlet exports, spreadsheets); `None` means "sniff the separator".
    Delimited(Option<u8>),
    /// One question per line.
    Text,
    /// Headings and list items.
    Markdown,
}

impl Format {
    /// Chooses the format from the file name's extension and the content.
    pub fn detect(file_name: &str, text: &str) -> Self {
        let name = file_name.to_ascii_lowercase();
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let first = text.trim_start_matches('\u{FEFF}').trim_start();
        if ext == "json" || (first.starts_with('{') && ext != "md" && ext != "markdown") {
            return Self::Json;
        }
        let delimited_by_content = || {
            delimited::has_anki_header(text) || {
                let mut lines = text
                    .lines()
                    .map(str::trim_end)
                    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
                let first = lines.next();
                first.is_some_and(|l| l.trim().contains('\t'))
                    && lines.all(|l| l.trim().contains('\t'))
            }
        };
        match ext {
            "csv" => Self::Delimited(None),
            "tsv" | "tab" => Self::Delimited(Some(b'\t')),
            "md" | "markdown" => Self::Markdown,
            "txt" | "text" if delimited_by_content() => Self::Delimited(Some(b'\t')),
            "txt" | "text" => Self::Text,
            _ if delimited_by_content() => Self::Delimited(None),
            _ if markdown::looks_like_markdown(text) => Self::Markdown,
            _ => Self::Text,
        }
    }
}

/// Parses and validates a pack in any supported format, chosen by `file_name`'s extension and the content.
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    parse_limited(file_name, bytes, MAX_FILE_BYTES)
}

/// Largest pack file the library reads from its own folder: packs it stored itself, which can be
/// bigger than the file they were imported from (JSON adds field names and escapes).
const MAX_STORED_BYTES: usize = 4 * MAX_FILE_BYTES;

/// [`parse`] with a size limit of `limit` bytes.
fn parse_limited(file_name: &str, bytes: &[u8], limit: usize) -> Result<Parsed, ImportError> {
    let source = Source::decode_limited(file_name, bytes, limit)?;
    match Format::detect(file_name, &source.text) {
        Format::Json => {
            let (mut pack, mut warnings, positions) = json::parse(&source)?;
            draft::finish_pack(&mut pack, &mut warnings).map_err(|(first, more)| {
                json::problem_error(&source, &positions, &first, more)
            })?;
            Ok(Parsed { pack, warnings })
        }
        Format::Delimited(separator) => delimited::parse(&source, separator)?.finish(
            &source,
            "put one question per row (a header row may name the columns: question, type, category, tips, think_seconds, answer_seconds)",
        ),
        Format::Text => plain::parse(&source).finish(
            &source,
            "write one question per line (lines starting with # are comments)",
        ),
        Format::Markdown => markdown::parse(&source).finish(
            &source,
            "write each question as a list item (\"- Why do you want this job?\"); headings become categories",
        ),
    }
}

/// Reads `path` and [`parse`]s it.
pub fn parse_file(path: &Path) -> Result<Parsed, ImportError> {
    parse_file_limited(path, MAX_FILE_BYTES)
}

/// [`parse_file`] with a size limit of `limit` bytes, checked before the file is read.
fn parse_file_limited(path: &Path, limit: usize) -> Result<Parsed, ImportError> {
    let name = path.display().to_string();
    let read_error = |e: std::io::Error| ImportError {
        file: name.clone(),
        line: None,
        column: None,
        message: format!("could not read the file: {e}"),
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let len = file.metadata().map_err(read_error)?.len();
    if len > limit as u64 {
        return Err(source::too_big(&name, len, limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit as u64 + 1), &mut bytes)
        .map_err(read_error)?;
    parse_limited(&name, &bytes, limit)
}

/// The built-in pack files, in list order (`general` first: it is the default pack).
const BUILTIN_FILES: [(&str, &str); 7] = [
    (
        "general.pack.json",
        include_str!("../../question_packs/general.pack.json"),
    ),
    (
        "behavioral.pack.json",
        include_str!("../../question_packs/behavioral.pack.json"),
    ),
    (
        "technical.pack.json",
        include_str!("../../question_packs/technical.pack.json"),
    ),
    (
        "case.pack.json",
        include_str!("../../question_packs/case.pack.json"),
    ),
    (
        "panel-group.pack.json",
        include_str!("../../question_packs/panel-group.pack.json"),
    ),
    (
        "screening.pack.json",
        include_str!("../../question_packs/screening.pack.json"),
    ),
    (
        "questions-to-ask.pack.json",
        include_str!("../../question_packs/questions-to-ask.pack.json"),
    ),
];

/// The packs shipped in the binary (`question_packs/*.pack.json`), `general` first.
pub fn builtin() -> Vec<Pack> {
    BUILTIN_FILES
        .iter()
        .filter_map(|(name, text)| match parse(name, text.as_bytes()) {
            Ok(parsed) => Some(parsed.pack),
            Err(e) => {
                // Unreachable in a tested build (tests/pack_builtin.rs parses every file).
                eprintln!("rehearse: built-in pack skipped: {e}");
                None
            }
        })
        .collect()
}

/// The JSON Schema (draft 2020-12) of `*.pack.json`, as committed in `question_packs/schema/`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Pack);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
