//! The pack library: built-in packs plus user packs stored under generated names in the data directory.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::builtin::builtin;
use super::error::ImportError;
use super::export::to_json;
use super::import::{MAX_STORED_BYTES, parse_file_limited};
use super::model::Pack;
use super::parsed::{NewerFormat, Parsed};
use super::validate::validate;
use crate::data_dir::DataDir;

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
    /// Set when the stored file is of a newer major format: the pack is read-only.
    pub newer_format: Option<NewerFormat>,
}

impl LibraryPack {
    /// Why the pack cannot be edited here, for a pack of a newer format (built-in packs are
    /// read-only too, but may be duplicated without loss).
    pub fn read_only_note(&self) -> Option<String> {
        self.newer_format.as_ref().map(NewerFormat::read_only_note)
    }

    /// What a duplicate or a CSV export of this pack leaves out, if anything.
    pub fn copy_loss(&self) -> Option<String> {
        self.newer_format.as_ref().map(NewerFormat::copy_loss)
    }

    /// The pack as `*.pack.json` text: a newer-format file exactly as stored, so nothing is lost.
    pub fn json_text(&self) -> String {
        match &self.newer_format {
            Some(newer) => newer.text.clone(),
            None => to_json(&self.pack),
        }
    }
}

/// What the packs folder looked like when it was last read: each pack file's name, size and mtime.
type FolderState = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// Built-in packs plus the user's packs from the data directory.
#[derive(Debug, Clone)]
pub struct PackLibrary {
    dir: PathBuf,
    /// Every pack, built-in first.
    pub packs: Vec<LibraryPack>,
    /// User pack files that could not be read (they are left untouched).
    pub errors: Vec<ImportError>,
    /// Things to tell the user after `add`/`update`, e.g. that a clashing pack id was changed.
    pub notes: Vec<String>,
    /// The folder as last read or written by this library.
    seen: FolderState,
}

/// Suffix of stored pack files.
const PACK_SUFFIX: &str = ".pack.json";

impl PackLibrary {
    /// Loads the built-in packs and every pack in `data_dir.packs()`.
    pub fn load(data_dir: &DataDir) -> Self {
        let mut library = Self {
            dir: data_dir.packs(),
            packs: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
            seen: Vec::new(),
        };
        library.read_folder();
        library
    }

    /// Re-reads the packs folder when files appeared, changed or went away since this library
    /// last read or wrote it (e.g. `rehearse pack import` from a terminal); `true` if it did.
    /// Costs one folder listing when nothing changed.
    pub fn reload_if_changed(&mut self) -> bool {
        let (state, _) = self.folder_state();
        if state == self.seen {
            return false;
        }
        self.read_folder();
        true
    }

    /// Replaces every pack with the built-in ones plus what the folder holds now.
    fn read_folder(&mut self) {
        self.packs = builtin()
            .into_iter()
            .map(|pack| LibraryPack {
                pack,
                source: PackSource::Builtin,
                newer_format: None,
            })
            .collect();
        self.errors.clear();
        let (state, error) = self.folder_state();
        self.errors.extend(error);
        for (path, ..) in &state {
            match parse_file_limited(path, MAX_STORED_BYTES) {
                Ok(parsed) => self.packs.push(LibraryPack {
                    pack: parsed.pack,
                    source: PackSource::User(path.clone()),
                    newer_format: parsed.newer_format,
                }),
                Err(e) => self.errors.push(e),
            }
        }
        self.seen = state;
    }

    /// The pack files in the folder, sorted by name, with their size and mtime.
    fn folder_state(&self) -> (FolderState, Option<ImportError>) {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (Vec::new(), None),
            Err(e) => {
                let error = ImportError::whole_file(
                    &self.dir.display().to_string(),
                    format!("could not list the packs folder: {e}"),
                );
                return (Vec::new(), Some(error));
            }
        };
        let mut state: FolderState = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(PACK_SUFFIX) && !n.starts_with('.'))
            })
            .filter_map(|path| {
                // Follows symbolic links; pipes and devices are not packs.
                let metadata = std::fs::metadata(&path).ok().filter(|m| m.is_file())?;
                Some((path, metadata.len(), metadata.modified().ok()))
            })
            .collect();
        state.sort();
        (state, None)
    }

    /// Records the file at `path` as this library just wrote or removed it, so that the change
    /// is not taken for an outside one (other files keep their recorded state).
    fn note_own_write(&mut self, path: &Path) {
        self.seen.retain(|(p, ..)| p != path);
        if let Ok(metadata) = std::fs::metadata(path) {
            self.seen
                .push((path.to_path_buf(), metadata.len(), metadata.modified().ok()));
            self.seen.sort();
        }
    }

    /// The pack with this id, if any.
    pub fn get(&self, id: &str) -> Option<&LibraryPack> {
        self.packs.iter().find(|p| p.pack.id == id)
    }

    /// Stores an imported pack and adds it; returns its path. A pack of a newer format is stored
    /// as its file's text, unchanged (and stays read-only); any other pack as with [`Self::add`].
    pub fn add_parsed(&mut self, parsed: Parsed) -> io::Result<PathBuf> {
        let Some(newer) = parsed.newer_format else {
            return self.add(parsed.pack);
        };
        if self.get(&parsed.pack.id).is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "the pack was not imported: a pack with the id \"{}\" is already in the library, and this pack's file is from a newer version of Rehearse, so its id cannot be changed here; delete the other pack first",
                    parsed.pack.id
                ),
            ));
        }
        if newer.text.len() > MAX_STORED_BYTES {
            return Err(too_large());
        }
        let path = self.store_new(&newer.text)?;
        self.packs.push(LibraryPack {
            pack: parsed.pack,
            source: PackSource::User(path.clone()),
            newer_format: Some(newer),
        });
        Ok(path)
    }

    /// Stores `pack` under a generated file name and adds it; returns its path.
    /// An id already in the library is replaced by a new unique one (and a note says so).
    pub fn add(&mut self, mut pack: Pack) -> io::Result<PathBuf> {
        check(&pack)?;
        self.make_id_unique(&mut pack, None);
        let path = self.store_new(&stored_text(&pack)?)?;
        self.packs.push(LibraryPack {
            pack,
            source: PackSource::User(path.clone()),
            newer_format: None,
        });
        Ok(path)
    }

    /// Writes `text` to a new generated file name in the folder.
    fn store_new(&mut self, text: &str) -> io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let path = loop {
            let name = format!(
                "{}-{}{PACK_SUFFIX}",
                chrono::Utc::now().format("%Y%m%dT%H%M%SZ"),
                std::iter::repeat_with(fastrand::lowercase)
                    .take(6)
                    .collect::<String>()
            );
            let path = self.dir.join(name);
            if !path.exists() {
                break path;
            }
        };
        write_atomically(&self.dir, &path, text, false)?;
        self.note_own_write(&path);
        Ok(path)
    }

    /// Replaces the user pack stored at `path` (the editor's save). A pack whose file is of a
    /// newer format is never rewritten.
    pub fn update(&mut self, path: &Path, mut pack: Pack) -> io::Result<()> {
        let index = self.user_index(path)?;
        if let Some(note) = self.packs[index].read_only_note() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("the pack was not saved, and its file is unchanged. {note}"),
            ));
        }
        check(&pack)?;
        self.make_id_unique(&mut pack, Some(index));
        write_atomically(&self.dir, path, &stored_text(&pack)?, true)?;
        self.note_own_write(path);
        self.packs[index].pack = pack;
        Ok(())
    }

    /// Deletes a user pack.
    pub fn remove(&mut self, path: &Path) -> io::Result<()> {
        let index = self.user_index(path)?;
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        self.note_own_write(path);
        self.packs.remove(index);
        Ok(())
    }

    fn user_index(&self, path: &Path) -> io::Result<usize> {
        self.packs
            .iter()
            .position(|p| p.source == PackSource::User(path.to_path_buf()))
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("{} is not a user pack in the library", path.display()),
                )
            })
    }

    /// Gives `pack` an id no other pack (except the one at `except`) has, noting any change.
    fn make_id_unique(&mut self, pack: &mut Pack, except: Option<usize>) {
        let taken = |id: &str| {
            self.packs
                .iter()
                .enumerate()
                .any(|(i, p)| Some(i) != except && p.pack.id == id)
        };
        if !taken(&pack.id) {
            return;
        }
        let new_id = (2..)
            .map(|n| format!("{}-{n}", pack.id))
            .find(|id| !taken(id))
            .unwrap_or_default();
        self.notes.push(format!(
            "a pack with the id \"{}\" already exists, so this one was given the id \"{new_id}\"",
            pack.id
        ));
        pack.id = new_id;
    }
}

/// Refuses to store a pack that would not load again, or one of a newer format (it would lose
/// what this build did not read: such packs are stored only as their file's text, by `add_parsed`).
fn check(pack: &Pack) -> io::Result<()> {
    if pack.is_newer_format() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "the pack was not saved: it is in pack format {}, from a newer version of Rehearse, and saving it here would lose what this version cannot read",
                pack.format_version
            ),
        ));
    }
    match validate(pack).first() {
        None => Ok(()),
        Some(p) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the pack was not saved: {p}"),
        )),
    }
}

fn too_large() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the pack was not saved: it is too large (over 4 MiB as a .pack.json); split it into smaller packs",
    )
}

/// The file text for a stored pack, refused if the library could not read it back.
fn stored_text(pack: &Pack) -> io::Result<String> {
    let text = to_json(pack);
    if text.len() > MAX_STORED_BYTES {
        return Err(too_large());
    }
    Ok(text)
}

/// Writes `text` to a temporary file in `dir`, syncs it, then renames it onto `path`.
fn write_atomically(dir: &Path, path: &Path, text: &str, replace: bool) -> io::Result<()> {
    let mut file = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".part")
        .tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    if replace {
        file.persist(path).map_err(|e| e.error)?;
    } else {
        file.persist_noclobber(path).map_err(|e| e.error)?;
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
