//! Export: a session as a self-contained HTML report or Markdown, every take of many sessions
//! as CSV, a session folder as a zip bundle.
//!
//! [`export`] serves `rehearse export`; [`export_session`] is the one-session call the app makes
//! on a worker thread. Every file is written to a temporary file beside it and renamed into
//! place, so a failed export leaves no half file.

mod csv;
mod html;
mod markdown;
mod svg;
mod zip;

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{QuestionRecord, Session, SessionStore, StoreError, Take, TakeStatus};
use crate::analysis::{Observation, Thresholds};

/// A file format an export can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One self-contained HTML page per session, recordings embedded.
    Html,
    /// The same report as Markdown, recordings linked.
    Markdown,
    /// Every take of every session given, one row a take.
    Csv,
    /// The session folder as a zip file.
    Zip,
}

/// One row of [`FORMATS`].
#[derive(Debug, Clone, Copy)]
pub struct FormatInfo {
    /// The format.
    pub format: ExportFormat,
    /// Its name for `--format` and its file extension.
    pub name: &'static str,
    /// What it is, as shown to the user.
    pub label: &'static str,
}

/// The export formats: the one table the CLI, the file names and the app read.
pub const FORMATS: &[FormatInfo] = &[
    FormatInfo {
        format: ExportFormat::Html,
        name: "html",
        label: "HTML report (one file, recordings included)",
    },
    FormatInfo {
        format: ExportFormat::Markdown,
        name: "md",
        label: "Markdown report (recordings linked)",
    },
    FormatInfo {
        format: ExportFormat::Csv,
        name: "csv",
        label: "CSV table, one row per take",
    },
    FormatInfo {
        format: ExportFormat::Zip,
        name: "zip",
        label: "Zip of the session folder (videos left out)",
    },
];

impl ExportFormat {
    fn info(self) -> &'static FormatInfo {
        FORMATS
            .iter()
            .find(|f| f.format == self)
            .expect("every format is in FORMATS")
    }

    /// The file extension (also the `--format` name).
    pub fn extension(self) -> &'static str {
        self.info().name
    }

    /// What the format is, as shown to the user.
    pub fn label(self) -> &'static str {
        self.info().label
    }

    /// The format named `name` (`html`, `md`, `csv`, `zip`; any case).
    pub fn from_name(name: &str) -> Option<Self> {
        FORMATS
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.format)
    }

    /// The format `path`'s extension names, if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_name(path.extension()?.to_str()?)
    }

    /// Whether one file holds many sessions (CSV), rather than one file per session.
    pub fn holds_many_sessions(self) -> bool {
        self == Self::Csv
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// Sessions exported.
    pub sessions: usize,
    /// Takes in those sessions.
    pub takes: usize,
}

/// Why an export failed; each message is a full sentence naming the file.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No session folder was given.
    #[error("No session folder was given; name at least one folder that holds a session.json.")]
    NoSessions,
    /// A session folder could not be read.
    #[error(
        "The session in {dir} could not be read ({source}); check that the folder holds a \
         session.json written by Rehearse."
    )]
    Load { dir: PathBuf, source: StoreError },
    /// A file of the session could not be read.
    #[error("{path} could not be read ({source}); the export was not written.")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The export could not be written.
    #[error("{path} could not be written ({source}); nothing was left there.")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Two session folders would be exported to the same file name.
    #[error(
        "Two session folders are named {name}; export them one at a time so neither file \
         replaces the other."
    )]
    SameName { name: String },
}

/// What an export takes along besides the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// The takes' videos (`qNN.webm`) go into a zip too; they are left out by default (size,
    /// and a face is more private than a voice). The reports never hold videos.
    pub videos: bool,
}

/// Exports the sessions in `session_dirs` as `format` to `out`, videos left out.
pub fn export(
    format: ExportFormat,
    session_dirs: &[PathBuf],
    out: &Path,
) -> Result<ExportSummary, ExportError> {
    export_with(format, session_dirs, out, ExportOptions::default())
}

/// Exports the sessions in `session_dirs` as `format` to `out`, with `options`.
///
/// CSV writes every take of every session into the file `out`. The other formats write one
/// file per session: `out` itself for one session (unless `out` is a folder), else
/// `out/<session folder name>.<ext>` (`out` is created as a folder).
pub fn export_with(
    format: ExportFormat,
    session_dirs: &[PathBuf],
    out: &Path,
    options: ExportOptions,
) -> Result<ExportSummary, ExportError> {
    if session_dirs.is_empty() {
        return Err(ExportError::NoSessions);
    }
    if format.holds_many_sessions() {
        let sessions = session_dirs
            .iter()
            .map(|dir| load(dir).map(|s| (dir.clone(), s)))
            .collect::<Result<Vec<_>, _>>()?;
        write_atomically(out, |w| csv::write(w, &sessions))?;
        return Ok(ExportSummary {
            files: vec![out.to_path_buf()],
            sessions: sessions.len(),
            takes: sessions.iter().map(|(_, s)| take_count(s)).sum(),
        });
    }
    if let [dir] = session_dirs
        && !out.is_dir()
    {
        return export_session_with(format, dir, out, options);
    }
    let mut names: Vec<String> = session_dirs.iter().map(|d| folder_name(d)).collect();
    names.sort();
    if let Some(twice) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(ExportError::SameName {
            name: twice[0].clone(),
        });
    }
    // Every session is read before anything is written.
    for dir in session_dirs {
        load(dir)?;
    }
    std::fs::create_dir_all(out).map_err(|source| ExportError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    let mut summary = ExportSummary {
        files: Vec::new(),
        sessions: 0,
        takes: 0,
    };
    for dir in session_dirs {
        let file = out.join(file_name(format, dir));
        let one = export_session_with(format, dir, &file, options)?;
        summary.files.extend(one.files);
        summary.sessions += one.sessions;
        summary.takes += one.takes;
    }
    Ok(summary)
}

/// Exports the session in `session_dir` as `format` into the file `out` (replacing it),
/// videos left out. Blocking: reads every recording for HTML and zip, so the app calls it
/// on a worker thread.
pub fn export_session(
    format: ExportFormat,
    session_dir: &Path,
    out: &Path,
) -> Result<ExportSummary, ExportError> {
    export_session_with(format, session_dir, out, ExportOptions::default())
}

/// [`export_session`] with `options`.
pub fn export_session_with(
    format: ExportFormat,
    session_dir: &Path,
    out: &Path,
    options: ExportOptions,
) -> Result<ExportSummary, ExportError> {
    let session = load(session_dir)?;
    let dir = session_dir.to_path_buf();
    match format {
        ExportFormat::Html => write_atomically(out, |w| html::write(w, &dir, &session))?,
        ExportFormat::Markdown => {
            let links = wav_link_base(&dir, out);
            write_atomically(out, |w| markdown::write(w, &session, &links))?;
        }
        ExportFormat::Csv => write_atomically(out, |w| csv::write(w, &[(dir, session.clone())]))?,
        ExportFormat::Zip => {
            write_atomically(out, |w| zip::write(w, session_dir, options.videos))?;
        }
    }
    Ok(ExportSummary {
        files: vec![out.to_path_buf()],
        sessions: 1,
        takes: take_count(&session),
    })
}

/// The export file's name for the session in `session_dir`: its folder's name and the
/// format's extension (`20261201T100000Z-ab12cd.html`); the save dialog's suggestion.
pub fn file_name(format: ExportFormat, session_dir: &Path) -> String {
    format!("{}.{}", folder_name(session_dir), format.extension())
}

fn load(dir: &Path) -> Result<Session, ExportError> {
    let parent = dir.parent().unwrap_or(dir);
    SessionStore::read_only(parent)
        .load(dir)
        .map_err(|source| ExportError::Load {
            dir: dir.to_path_buf(),
            source,
        })
}

fn take_count(session: &Session) -> usize {
    session.questions.iter().map(|q| q.takes.len()).sum()
}

/// The last component of `dir` (the session folder's name).
fn folder_name(dir: &Path) -> String {
    let named = dir.file_name().map(Path::new).unwrap_or(dir);
    let name = named.to_string_lossy().into_owned();
    if name.is_empty() || name == "." || name == ".." {
        // `rehearse export .` names the file after the folder it stands for.
        let full = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        return full.components().next_back().map_or_else(
            || "session".into(),
            |c| c.as_os_str().to_string_lossy().into_owned(),
        );
    }
    name
}

/// A failure inside a writer: an I/O error on the output, or a file of the session unreadable.
enum WriteFailure {
    Output(std::io::Error),
    Input(ExportError),
}

impl From<std::io::Error> for WriteFailure {
    fn from(e: std::io::Error) -> Self {
        Self::Output(e)
    }
}

impl From<ExportError> for WriteFailure {
    fn from(e: ExportError) -> Self {
        Self::Input(e)
    }
}

/// The temporary file an export is written to, buffered.
type OutputFile = std::io::BufWriter<tempfile::NamedTempFile>;

/// Writes `out` through `fill` into a temporary file in the same folder, then renames it into
/// place; on any failure the temporary file is removed and `out` is left as it was.
fn write_atomically(
    out: &Path,
    fill: impl FnOnce(&mut OutputFile) -> Result<(), WriteFailure>,
) -> Result<(), ExportError> {
    let write_err = |source| ExportError::Write {
        path: out.to_path_buf(),
        source,
    };
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".rehearse-export-")
        .tempfile_in(folder)
        .map_err(write_err)?;
    let mut writer = OutputFile::with_capacity(1 << 20, temp);
    match fill(&mut writer) {
        Ok(()) => {}
        Err(WriteFailure::Output(e)) => return Err(write_err(e)),
        Err(WriteFailure::Input(e)) => return Err(e),
    }
    writer.flush().map_err(write_err)?;
    let temp = writer.into_inner().map_err(|e| write_err(e.into_error()))?;
    // A temporary file is private (0600); an export is an ordinary file to share.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let shared = std::fs::Permissions::from_mode(0o644);
        temp.as_file().set_permissions(shared).map_err(write_err)?;
    }
    temp.as_file().sync_all().map_err(write_err)?;
    temp.persist(out).map_err(|e| write_err(e.error))?;
    Ok(())
}

/// How the Markdown report reaches a session's recordings: the session folder relative to the
/// report's folder (absolute when no relative path exists).
fn wav_link_base(session_dir: &Path, out: &Path) -> PathBuf {
    let absolute = |p: &Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let from = absolute(match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    });
    let to = absolute(session_dir);
    relative_path(&to, &from).unwrap_or(to)
}

/// `target` relative to the folder `base` (both absolute); `None` across roots.
fn relative_path(target: &Path, base: &Path) -> Option<PathBuf> {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    if t.first() != b.first() {
        return None;
    }
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel: PathBuf = b[common..].iter().map(|_| "..").collect();
    rel.extend(&t[common..]);
    Some(rel)
}

/// The feedback lines of `take` (the review screen's, word lines included when it has a
/// transcript), against the default targets.
fn observations(take: &Take) -> Vec<Observation> {
    take.current_metrics()
        .map(|m| {
            let words = take.transcript.as_ref().map(|t| t.words.as_slice());
            crate::analysis::words::take_observations(m, words, &Thresholds::default())
        })
        .unwrap_or_default()
}

/// Why a take has no feedback lines, if it has none.
fn no_metrics_reason(take: &Take) -> Option<&'static str> {
    match &take.metrics {
        Some(m) if m.is_current() => None,
        Some(_) => {
            Some("Measured by an older analysis; open the session in Rehearse to measure it again.")
        }
        None if take.wav.is_some() => {
            Some("Not measured yet; open the session in Rehearse to measure it.")
        }
        None => None,
    }
}

/// The take's recording outcome in words, e.g. "recorded 1:00".
fn take_status(take: &Take) -> String {
    let clock = crate::analysis::clock;
    match take.status {
        TakeStatus::Recorded => format!("recorded {}", clock(take.audio_s)),
        TakeStatus::Interrupted => format!("interrupted after {}", clock(take.audio_s)),
        TakeStatus::NotRecorded => "not recorded (no microphone)".into(),
        TakeStatus::Recording => "recording did not finish".into(),
    }
}

/// The session's status in words.
fn session_status(session: &Session) -> &'static str {
    match session.status {
        super::SessionStatus::Complete => "complete",
        super::SessionStatus::InProgress => "unfinished",
        super::SessionStatus::Abandoned => "abandoned",
    }
}

/// When the session started, in local time as a person reads it.
fn session_date(session: &Session) -> String {
    session
        .started_at
        .with_timezone(&chrono::Local)
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// A rating average as shown ("3.5 / 5"), or "not rated".
fn average_text(average: Option<f64>) -> String {
    average.map_or_else(|| "not rated".into(), |a| format!("{a:.1} / 5"))
}

/// A score as shown ("4" or "–").
fn score_text(score: Option<u8>) -> String {
    score.map_or_else(|| "–".into(), |s| s.to_string())
}

/// `text` with the characters HTML and XML give meaning to replaced by entities, and control
/// and text-reordering characters dropped (as on screen).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::pack::sanitize_display(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The question's type, pack and timings in words (not escaped).
/// `take`'s framework part shares against the default target split, where its question has
/// a framework.
fn part_shares(q: &QuestionRecord, take: &Take) -> Option<String> {
    let framework = q.framework?;
    let targets = crate::analysis::Thresholds::default().part_targets(framework);
    Some(super::parts::shares_line(framework, take, &targets))
}

fn question_meta(q: &QuestionRecord) -> String {
    format!(
        "{} · {} · think {} s, answer limit {}",
        q.kind.label(),
        q.pack_id,
        q.think_seconds,
        crate::analysis::clock(f64::from(q.answer_seconds)),
    )
}

/// Copies the file at `path` into `w` (through `w`, e.g. a base64 encoder): read failures name
/// the file, write failures are the output's.
fn copy_file(path: &Path, w: &mut dyn Write) -> Result<(), WriteFailure> {
    let read_err = |source| ExportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_err)?;
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = std::io::Read::read(&mut file, &mut buffer).map_err(read_err)?;
        if n == 0 {
            return Ok(());
        }
        w.write_all(&buffer[..n])?;
    }
}

/// The path of a take's recording inside the session folder, if it has one that exists.
fn existing_wav(dir: &Path, take: &Take) -> Option<PathBuf> {
    let name = take.wav.as_deref()?;
    // Only a plain file name inside the folder, whatever a damaged session.json says.
    if Path::new(name).file_name() != Some(std::ffi::OsStr::new(name)) {
        return None;
    }
    let path = dir.join(name);
    path.is_file().then_some(path)
}

#[cfg(test)]
mod tests;
