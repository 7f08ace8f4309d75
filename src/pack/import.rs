//! Reading a pack file in any format: the file checks, format detection, then the format's importer.

use std::path::Path;

use super::error::ImportError;
use super::formats::Format;
use super::parsed::{Parsed, finish_pack};
use super::source::{Source, too_big};
use super::validate::MAX_FILE_BYTES;
use super::{delimited, json, markdown, plain};

/// Largest pack file the library reads from its own folder: packs it stored itself, which can be
/// bigger than the file they were imported from (JSON adds field names and escapes).
pub(crate) const MAX_STORED_BYTES: usize = 4 * MAX_FILE_BYTES;

/// Parses and validates a pack in any supported format, chosen by `file_name`'s extension and the content.
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    parse_limited(file_name, bytes, MAX_FILE_BYTES)
}

/// [`parse`] with a size limit of `limit` bytes.
fn parse_limited(file_name: &str, bytes: &[u8], limit: usize) -> Result<Parsed, ImportError> {
    let source = Source::decode_limited(file_name, bytes, limit)?;
    match Format::detect(file_name, &source.text) {
        Format::Json => {
            let mut read = json::parse(&source)?;
            finish_pack(&mut read.pack, &mut read.warnings).map_err(|(first, more)| {
                json::problem_error(&source, &read.positions, &first, more)
            })?;
            Ok(Parsed {
                pack: read.pack,
                warnings: read.warnings,
                newer_format: read.newer_format,
            })
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

/// Reads `path` and [`parse`]s it; anything but a regular file is refused before it is opened.
pub fn parse_file(path: &Path) -> Result<Parsed, ImportError> {
    parse_file_limited(path, MAX_FILE_BYTES)
}

/// [`parse_file`] with a size limit of `limit` bytes, checked before the file is read.
pub(crate) fn parse_file_limited(path: &Path, limit: usize) -> Result<Parsed, ImportError> {
    let name = path.display().to_string();
    let read_error =
        |e: std::io::Error| ImportError::whole_file(&name, format!("could not read the file: {e}"));
    // A named pipe would block `open` (and `read`) until a writer comes; a device never ends.
    check_regular(&name, &std::fs::metadata(path).map_err(read_error)?)?;
    let file = std::fs::File::open(path).map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    // The path may have been swapped for something else between the two checks.
    check_regular(&name, &metadata)?;
    let len = metadata.len();
    if len > limit as u64 {
        return Err(too_big(&name, len, limit));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    std::io::Read::read_to_end(&mut std::io::Read::take(file, limit as u64 + 1), &mut bytes)
        .map_err(read_error)?;
    parse_limited(&name, &bytes, limit)
}

/// Refuses folders, named pipes, devices and sockets, saying what the path is.
fn check_regular(name: &str, metadata: &std::fs::Metadata) -> Result<(), ImportError> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = if kind.is_dir() {
        "a folder"
    } else {
        special_file_kind(&kind)
    };
    Err(ImportError::whole_file(
        name,
        format!("not a regular file ({what}): choose a pack file saved on disk"),
    ))
}

#[cfg(unix)]
fn special_file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}
