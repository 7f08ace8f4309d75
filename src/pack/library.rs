//! The pack library: built-in packs plus user packs stored under generated names in the data directory.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::model::Pack;
use super::{ImportError, MAX_STORED_BYTES, builtin, parse_file_limited, to_json, validate};
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
}

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
}

/// Suffix of stored pack files.
const PACK_SUFFIX: &str = ".pack.json";

impl PackLibrary {
    /// Loads the built-in packs and every pack in `data_dir.packs()`.
    pub fn load(data_dir: &DataDir) -> Self {
        let mut library = Self {
            dir: data_dir.packs(),
            packs: builtin()
                .into_iter()
                .map(|pack| LibraryPack {
                    pack,
                    source: PackSource::Builtin,
                })
                .collect(),
            errors: Vec::new(),
            notes: Vec::new(),
        };
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&library.dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.ends_with(PACK_SUFFIX) && !n.starts_with('.'))
                })
                .collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                library.errors.push(ImportError {
                    file: library.dir.display().to_string(),
                    line: None,
                    column: None,
                    message: format!("could not list the packs folder: {e}"),
                });
                Vec::new()
            }
        };
        files.sort();
        for path in files {
            match parse_file_limited(&path, MAX_STORED_BYTES) {
                Ok(parsed) => library.packs.push(LibraryPack {
                    pack: parsed.pack,
                    source: PackSource::User(path),
                }),
                Err(e) => library.errors.push(e),
            }
        }
        library
    }

    /// The pack with this id, if any.
    pub fn get(&self, id: &str) -> Option<&LibraryPack> {
        self.packs.iter().find(|p| p.pack.id == id)
    }

    /// Stores `pack` under a generated file name and adds it; returns its path.
    /// An id already in the library is replaced by a new unique one (and a note says so).
    pub fn add(&mut self, mut pack: Pack) -> io::Result<PathBuf> {
        check(&pack)?;
        self.make_id_unique(&mut pack, None);
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
        write_atomically(&self.dir, &path, &stored_text(&pack)?, false)?;
        self.packs.push(LibraryPack {
            pack,
            source: PackSource::User(path.clone()),
        });
        Ok(path)
    }

    /// Replaces the user pack stored at `path` (the editor's save).
    pub fn update(&mut self, path: &Path, mut pack: Pack) -> io::Result<()> {
        check(&pack)?;
        let index = self.user_index(path)?;
        self.make_id_unique(&mut pack, Some(index));
        write_atomically(&self.dir, path, &stored_text(&pack)?, true)?;
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

/// Refuses to store a pack that would not load again.
fn check(pack: &Pack) -> io::Result<()> {
    match validate(pack).first() {
        None => Ok(()),
        Some(p) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the pack was not saved: {p}"),
        )),
    }
}

/// The file text for a stored pack, refused if the library could not read it back.
fn stored_text(pack: &Pack) -> io::Result<String> {
    let text = to_json(pack);
    if text.len() > MAX_STORED_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "the pack was not saved: it is too large (over 4 MiB as a .pack.json); split it into smaller packs",
        ));
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
