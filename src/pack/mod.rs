//! Question packs: the model, the native JSON format, importers, validation and the built-in packs.
//!
//! The files depend one way: `framework` ← `model` ← `validate` ← `parsed` ← (`draft`, `json`) ← the format
//! importers ← `import` ← (`builtin`, `library`) ← `cli`. This file only declares and re-exports.

mod builtin;
pub mod cli;
mod delimited;
mod draft;
mod error;
mod export;
mod formats;
mod framework;
mod import;
mod json;
mod library;
mod markdown;
pub mod model;
mod parsed;
mod plain;
mod source;
mod validate;

pub use builtin::builtin;
pub use error::ImportError;
pub use export::{to_csv, to_json, to_markdown};
pub use formats::{
    Format, IMPORT_FORMATS, ImportFormat, import_extensions, import_formats_help,
    import_formats_phrase,
};
pub use framework::{Framework, FrameworkPart};
pub use import::{parse, parse_file};
pub use library::{LibraryPack, PackLibrary, PackSource};
pub use model::{
    BASE_FORMAT_VERSION, FORMAT_VERSION, MAX_TYPE_CHARS, Pack, Question, QuestionType, Timings,
    default_timings,
};
pub use parsed::{NewerFormat, Parsed};
pub use validate::{
    MAX_ANSWER_SECONDS, MAX_FILE_BYTES, MAX_QUESTIONS, MAX_TEXT_CHARS, MAX_THINK_SECONDS,
    MIN_ANSWER_SECONDS, Place, Problem, sanitize_display, slug, validate,
};

/// The JSON Schema (draft 2020-12) of `*.pack.json`, as committed in `question_packs/schema/`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Pack);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
