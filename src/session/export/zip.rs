//! A session folder as a zip file: the folder's name kept as the top folder inside, the
//! recordings stored as they are (WAV barely compresses), everything else deflated.

use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use ::zip::write::SimpleFileOptions;
use ::zip::{CompressionMethod, ZipWriter};
use chrono::{DateTime, Datelike, Local, Timelike};

use super::{ExportError, WriteFailure, copy_file, folder_name};

/// Writes the folder `dir` (files below it, hidden ones left out, and the videos unless
/// `videos`) as a zip to `w`.
pub(super) fn write<W: Write + Seek>(w: W, dir: &Path, videos: bool) -> Result<(), WriteFailure> {
    let top = folder_name(dir);
    let mut files = Vec::new();
    list_files(dir, Path::new(""), &mut files)?;
    if !videos {
        files.retain(|f| !f.to_string_lossy().to_ascii_lowercase().contains(".webm"));
    }
    files.sort();
    let mut zip = ZipWriter::new(w);
    for relative in files {
        let path = dir.join(&relative);
        let meta = std::fs::metadata(&path).map_err(|source| ExportError::Read {
            path: path.clone(),
            source,
        })?;
        // WAV barely compresses and VP8 not at all.
        let is_wav = relative
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("wav") || e.eq_ignore_ascii_case("webm"));
        let mut options = SimpleFileOptions::default()
            .compression_method(if is_wav {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            })
            .unix_permissions(0o644)
            .large_file(meta.len() >= u64::from(u32::MAX));
        if let Some(time) = meta.modified().ok().and_then(zip_time) {
            options = options.last_modified_time(time);
        }
        let name = format!("{top}/{}", entry_name(&relative));
        zip.start_file(name, options).map_err(zip_error)?;
        copy_file(&path, &mut zip)?;
    }
    zip.finish().map_err(zip_error)?.flush()?;
    Ok(())
}

/// Every file below `dir/relative` (not following links), as paths relative to `dir`.
fn list_files(dir: &Path, relative: &Path, out: &mut Vec<PathBuf>) -> Result<(), WriteFailure> {
    let folder = dir.join(relative);
    let read_err = |source| ExportError::Read {
        path: folder.clone(),
        source,
    };
    for entry in std::fs::read_dir(&folder).map_err(read_err)? {
        let entry = entry.map_err(read_err)?;
        let name = entry.file_name();
        // Temporary files of an atomic write (this export's own among them) start with a dot.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(read_err)?;
        let path = relative.join(&name);
        if kind.is_dir() {
            list_files(dir, &path, out)?;
        } else if kind.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// A relative path as a zip entry name (`/` between folders).
fn entry_name(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn zip_error(e: ::zip::result::ZipError) -> WriteFailure {
    WriteFailure::Output(e.into())
}

/// A file's modification time in local time, as zip stores it (1980–2107).
fn zip_time(time: std::time::SystemTime) -> Option<::zip::DateTime> {
    let local: DateTime<Local> = time.into();
    ::zip::DateTime::from_date_and_time(
        u16::try_from(local.year()).ok()?,
        local.month() as u8,
        local.day() as u8,
        local.hour() as u8,
        local.minute() as u8,
        local.second() as u8,
    )
    .ok()
}
