//! The progress index: per session, and per answered question, the figures the progress
//! screen charts, cached in `<data>/progress-index.json` so that opening the screen does not
//! parse every `session.json`.
//!
//! The sessions always win. Each entry carries its `session.json`'s stamp (size, modification
//! time and, on Unix, inode and change time); on every open the folders are listed and
//! stat'ed, and a session whose stamp differs, or that is new, is read again, while entries of
//! removed sessions are dropped. An index that cannot be read or parsed, or that was built by
//! another format or with other thresholds or metric table, is rebuilt from the sessions.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::analysis::{ALGORITHM_VERSION, KEY_METRICS, Thresholds};
use crate::pack::QuestionType;
use crate::session::{QuestionRecord, SESSION_FILE, Session, SessionStatus, SessionStore};

/// The index file, in the data folder.
pub const INDEX_FILE: &str = "progress-index.json";

/// The index format this build reads and writes; any other is rebuilt (3: each session's
/// reflection).
pub const INDEX_FORMAT_VERSION: u32 = 3;

/// What the cached figures were computed with: an index built on another basis is rebuilt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Basis {
    /// [`INDEX_FORMAT_VERSION`].
    pub format_version: u32,
    /// The analysis version whose metrics count as measured.
    pub algorithm_version: u32,
    /// The key metrics' ids, in table order.
    pub metric_ids: Vec<String>,
    /// The thresholds the metric values depend on (counted and long pauses).
    pub thresholds: Thresholds,
}

impl Basis {
    /// The basis of this build under `thresholds`.
    pub fn current(thresholds: &Thresholds) -> Self {
        Self {
            format_version: INDEX_FORMAT_VERSION,
            algorithm_version: ALGORITHM_VERSION,
            metric_ids: KEY_METRICS.iter().map(|k| k.id.to_owned()).collect(),
            // No charted figure depends on the framework splits: changing one rebuilds nothing.
            thresholds: Thresholds {
                part_targets: Default::default(),
                ..thresholds.clone()
            },
        }
    }
}

/// What identifies one version of a `session.json` without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    pub modified_ns: u64,
    /// Inode number (Unix; 0 elsewhere): an atomic rewrite makes a new file.
    #[serde(default)]
    pub inode: u64,
    /// Status change time, nanoseconds (Unix; 0 elsewhere): moves on any write, even when
    /// the modification time is set back.
    #[serde(default)]
    pub changed_ns: u64,
}

impl Stamp {
    /// The stamp of the file `path`.
    pub fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        #[cfg(unix)]
        let (inode, changed_ns) = {
            use std::os::unix::fs::MetadataExt;
            let ns = meta.ctime().max(0) as u64 * 1_000_000_000 + meta.ctime_nsec().max(0) as u64;
            (meta.ino(), ns)
        };
        #[cfg(not(unix))]
        let (inode, changed_ns) = (0, 0);
        Ok(Self {
            size: meta.len(),
            modified_ns,
            inode,
            changed_ns,
        })
    }
}

/// One session as the progress screen needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionEntry {
    /// The session folder's name (below the sessions folder).
    pub folder: String,
    /// The stamp of its `session.json` when it was read.
    pub stamp: Stamp,
    /// When the session started.
    pub started_at: DateTime<Utc>,
    /// The packs it was planned from.
    pub pack_ids: Vec<String>,
    /// Running, complete or abandoned.
    pub status: SessionStatus,
    /// Its answered questions, in question order.
    pub answers: Vec<AnswerEntry>,
    /// Its reflection's figures, once saved.
    pub reflection: Option<ReflectionEntry>,
}

/// A session's reflection as the progress screen charts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReflectionEntry {
    /// Each part's score (the mean of its set items) by part id; unscored parts are absent.
    pub parts: BTreeMap<String, f64>,
    /// How many pitfalls were ticked.
    pub pitfalls: usize,
    /// Whether a thank-you note was written.
    pub thank_you: bool,
}

impl ReflectionEntry {
    /// The entry of `reflection`.
    fn of(reflection: &crate::session::Reflection) -> Self {
        Self {
            parts: crate::session::REFLECTION_PARTS
                .iter()
                .filter_map(|p| Some((p.id().to_owned(), reflection.part_score(*p)?)))
                .collect(),
            pitfalls: reflection.pitfalls.len(),
            thank_you: reflection
                .thank_you
                .as_ref()
                .is_some_and(crate::session::ThankYouNote::is_written),
        }
    }
}

/// One answered question of a session: its judged take's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerEntry {
    /// The pack the question came from.
    pub pack_id: String,
    /// The question's id in that pack.
    pub question_id: String,
    /// The question's type.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The question as asked.
    pub text: String,
    /// The judged take's number (the best take, else the latest).
    pub take: u32,
    /// How many takes the question had.
    pub takes: u32,
    /// Whether the judged take is the one the user marked best.
    pub is_best: bool,
    /// Key-metric values of the judged take by metric id (only the measured ones).
    pub metrics: BTreeMap<String, f64>,
    /// The question's rating: each set score by item id.
    pub scores: BTreeMap<String, u8>,
    /// The mean of the set scores.
    pub average: Option<f64>,
}

/// A `session.json` that could not be read, kept so it is not parsed again until it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unreadable {
    /// The session folder's name.
    pub folder: String,
    /// The stamp of its `session.json` when reading failed.
    pub stamp: Stamp,
    /// Why it could not be read.
    pub error: String,
}

/// The index: every readable session, oldest first, and the unreadable ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressIndex {
    /// What the figures were computed with.
    pub basis: Basis,
    /// The sessions, oldest first.
    pub sessions: Vec<SessionEntry>,
    /// Session folders whose `session.json` could not be read.
    #[serde(default)]
    pub unreadable: Vec<Unreadable>,
}

/// What [`ProgressIndex::open`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Refresh {
    /// The index file was missing, unreadable, corrupt or of another basis.
    pub rebuilt: bool,
    /// Entries taken from the index as they were.
    pub reused: usize,
    /// Sessions read from their `session.json` (new or changed).
    pub read: usize,
    /// Entries dropped because their folder is gone.
    pub dropped: usize,
    /// Why the index file could not be read (absent: no file yet, or read fine).
    pub index_problem: Option<String>,
    /// Why the updated index could not be written.
    pub write_error: Option<String>,
}

impl AnswerEntry {
    /// The entry of `q`, if it was answered.
    fn of(q: &QuestionRecord, thresholds: &Thresholds) -> Option<Self> {
        let take = q.judged_take()?;
        let metrics = take
            .measured()
            .map(|m| {
                KEY_METRICS
                    .iter()
                    .filter_map(|k| Some((k.id.to_owned(), (k.value)(&m, thresholds)?)))
                    .filter(|(_, v)| v.is_finite())
                    .collect()
            })
            .unwrap_or_default();
        let rating = q.rating();
        let scores = rating
            .map(|r| {
                r.scores
                    .iter()
                    .filter_map(|(id, s)| Some((id.clone(), (*s)?)))
                    .collect()
            })
            .unwrap_or_default();
        Some(Self {
            pack_id: q.pack_id.clone(),
            question_id: q.question_id.clone(),
            kind: q.kind.clone(),
            text: q.text.clone(),
            take: take.number,
            takes: u32::try_from(q.takes.len()).unwrap_or(u32::MAX),
            is_best: q.best_take == Some(take.number),
            metrics,
            scores,
            average: rating.and_then(crate::session::Rating::average),
        })
    }
}

impl SessionEntry {
    /// The entry of `session`, read from folder `folder` with `stamp`.
    pub fn of(folder: String, stamp: Stamp, session: &Session, thresholds: &Thresholds) -> Self {
        Self {
            folder,
            stamp,
            started_at: session.started_at,
            pack_ids: session.pack_ids.clone(),
            status: session.status,
            answers: session
                .questions
                .iter()
                .filter_map(|q| AnswerEntry::of(q, thresholds))
                .collect(),
            reflection: session.reflection.as_ref().map(ReflectionEntry::of),
        }
    }
}

/// A session folder's entry: readable or not.
enum Entry {
    Read(SessionEntry),
    Unreadable(Unreadable),
}

impl Entry {
    fn stamp(&self) -> Stamp {
        match self {
            Self::Read(e) => e.stamp,
            Self::Unreadable(u) => u.stamp,
        }
    }
}

impl ProgressIndex {
    /// An empty index on the basis of `thresholds`.
    pub fn empty(thresholds: &Thresholds) -> Self {
        Self {
            basis: Basis::current(thresholds),
            sessions: Vec::new(),
            unreadable: Vec::new(),
        }
    }

    /// The index file of the data folder `data_root`.
    pub fn path(data_root: &Path) -> PathBuf {
        data_root.join(INDEX_FILE)
    }

    /// Reads the index of `data_root`, brings it up to date with the sessions of `store`
    /// (re-reading new and changed ones, dropping removed ones; rebuilding it whole when it is
    /// corrupt or of another basis), and writes it back when it changed and `store` may write.
    pub fn open(
        data_root: &Path,
        store: &SessionStore,
        thresholds: &Thresholds,
    ) -> (Self, Refresh) {
        let path = Self::path(data_root);
        let mut refresh = Refresh::default();
        let cached = match std::fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<Self>(&bytes) {
                Ok(index) if index.basis == Basis::current(thresholds) => Some(index),
                Ok(_) => None,
                Err(e) => {
                    refresh.index_problem = Some(format!("{}: {e}", path.display()));
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                refresh.index_problem = Some(format!("{}: {e}", path.display()));
                None
            }
        };
        refresh.rebuilt = cached.is_none();
        let cached = cached.unwrap_or_else(|| Self::empty(thresholds));
        let mut known: HashMap<String, Entry> = cached
            .sessions
            .into_iter()
            .map(|e| (e.folder.clone(), Entry::Read(e)))
            .chain(
                cached
                    .unreadable
                    .into_iter()
                    .map(|u| (u.folder.clone(), Entry::Unreadable(u))),
            )
            .collect();
        let mut index = Self::empty(thresholds);
        for (folder, stamp) in session_files(store.root()) {
            let entry = match known.remove(&folder) {
                Some(entry) if entry.stamp() == stamp => {
                    refresh.reused += 1;
                    entry
                }
                _ => {
                    refresh.read += 1;
                    read_entry(store, folder, stamp, thresholds)
                }
            };
            match entry {
                Entry::Read(e) => index.sessions.push(e),
                Entry::Unreadable(u) => index.unreadable.push(u),
            }
        }
        refresh.dropped = known.len();
        index
            .sessions
            .sort_by(|a, b| (a.started_at, &a.folder).cmp(&(b.started_at, &b.folder)));
        index.unreadable.sort_by(|a, b| a.folder.cmp(&b.folder));
        let changed = refresh.rebuilt || refresh.read > 0 || refresh.dropped > 0;
        if changed && store.is_writable() {
            refresh.write_error = index.write(&path).err().map(|e| e.to_string());
        }
        (index, refresh)
    }

    /// Writes the index to `path` atomically: a temp file beside it, fsync, rename.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let json = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".progress-index.")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        tmp.write_all(&json)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Reads one session folder into its entry.
fn read_entry(
    store: &SessionStore,
    folder: String,
    stamp: Stamp,
    thresholds: &Thresholds,
) -> Entry {
    match store.load(&store.root().join(&folder)) {
        Ok(session) => Entry::Read(SessionEntry::of(folder, stamp, &session, thresholds)),
        Err(e) => Entry::Unreadable(Unreadable {
            folder,
            stamp,
            error: e.to_string(),
        }),
    }
}

/// Every session folder below `root` holding a `session.json`, with that file's stamp.
fn session_files(root: &Path) -> Vec<(String, Stamp)> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let folder = entry.file_name().into_string().ok()?;
            let stamp = Stamp::of(&entry.path().join(SESSION_FILE)).ok()?;
            Some((folder, stamp))
        })
        .collect()
}

#[cfg(test)]
mod tests;
