//! The speech models in the data folder's `models/`: the two Rehearse converts from pinned
//! downloads (Whisper tiny.en and base), the user's own ggml Whisper file, and finding one by
//! name or path. Installing writes a temp file beside the target, fsyncs it and renames it, so
//! a model file is whole or absent; a pinned model is checked by sha256 before and after.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::convert::{self, ConvertError};
use super::ggml::{self, ModelFacts};

/// A model converted from a pinned CTranslate2 download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pinned {
    /// The name users type: `tiny.en`, `base`.
    pub name: &'static str,
    /// Its file in `models/`.
    pub file: &'static str,
    /// The command that downloads it (from the source folder).
    pub fetch: &'static str,
    /// The `rehearse model install` arguments that convert it.
    pub install: &'static str,
    /// sha256 of the CTranslate2 `model.bin`.
    pub ct2_sha256: &'static str,
    /// sha256 of its `vocabulary.txt`.
    pub vocabulary_sha256: &'static str,
    /// sha256 of the converted ggml file.
    pub ggml_sha256: &'static str,
}

/// Whisper tiny.en (English only; the default).
pub const TINY_EN: Pinned = Pinned {
    name: "tiny.en",
    file: "ggml-tiny.en.bin",
    fetch: "scripts/fetch-model.sh",
    install: "rehearse model install",
    ct2_sha256: "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    vocabulary_sha256: "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
    ggml_sha256: "49b35c0f0fa5e8fe48396546d4c3308e7cc3e8a50589273a99710c76fd373fdf",
};

/// Whisper base (multilingual; slower, more accurate).
pub const BASE: Pinned = Pinned {
    name: "base",
    file: "ggml-base.bin",
    fetch: "scripts/fetch-model.sh --base",
    install: "rehearse model install --base",
    ct2_sha256: "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    vocabulary_sha256: "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    ggml_sha256: "c0db470711f9496ec80feedb59b0916f10a0c301218e7254a61e7d3d1890dc6d",
};

/// The pinned models.
pub const PINNED: [Pinned; 2] = [TINY_EN, BASE];

/// The name of the user's own model (`rehearse model install --file PATH`).
pub const OWN: &str = "own";
/// Its file in `models/`.
pub const OWN_FILE: &str = "ggml-own.bin";

/// Why a model could not be found, installed or loaded; each message is one line.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// No model of that name in `models/`.
    #[error("{what} (in {}); {hint}", .dir.display())]
    NotInstalled {
        /// "no speech model is installed", or which one is not.
        what: String,
        /// The `models/` folder.
        dir: PathBuf,
        /// How to install it.
        hint: String,
    },
    /// The downloaded CTranslate2 files are not there.
    #[error(
        "{} holds no model.bin and vocabulary.txt of Whisper {name}; download them first with {fetch}",
        .dir.display()
    )]
    SourceMissing {
        /// The pinned model's name.
        name: &'static str,
        /// The folder looked in.
        dir: PathBuf,
        /// The download command.
        fetch: &'static str,
    },
    /// A downloaded file is not the pinned one.
    #[error(
        "{} is not the pinned Whisper {name} (sha256 {found}, expected {expected}); download it again with {fetch}",
        .path.display()
    )]
    SourceChanged {
        /// The pinned model's name.
        name: &'static str,
        /// The file.
        path: PathBuf,
        /// Its sha256.
        found: String,
        /// The pinned sha256.
        expected: &'static str,
        /// The download command.
        fetch: &'static str,
    },
    /// The conversion failed.
    #[error("{}: {source}", .dir.display())]
    Convert {
        /// The folder of the CTranslate2 model.
        dir: PathBuf,
        /// What went wrong.
        source: ConvertError,
    },
    /// The conversion gave another file than the pinned one; nothing was installed.
    #[error(
        "converting Whisper {name} gave a file with sha256 {found}, not the pinned {expected}; nothing was installed"
    )]
    ResultChanged {
        /// The pinned model's name.
        name: &'static str,
        /// The result's sha256.
        found: String,
        /// The pinned sha256.
        expected: &'static str,
    },
    /// A file that is not a usable ggml Whisper model (damaged, cut short, foreign).
    #[error("{} is not a usable Whisper model: {reason}", .path.display())]
    Unusable {
        /// The file.
        path: PathBuf,
        /// Why, in a phrase.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ModelError + '_ {
    move |source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What an install did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The model was written to this file.
    Installed(PathBuf),
    /// This file already held it; nothing was written.
    AlreadyInstalled(PathBuf),
}

impl Outcome {
    /// The model file.
    pub fn path(&self) -> &Path {
        match self {
            Self::Installed(p) | Self::AlreadyInstalled(p) => p,
        }
    }
}

/// Where `scripts/fetch-model.sh` unpacks a pinned model: the per-user cache's
/// `rehearse/ct2/NAME` (`$XDG_CACHE_HOME`, else `~/.cache`).
pub fn default_source(pinned: &Pinned) -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "rehearse")
        .map(|d| d.cache_dir().join("ct2").join(pinned.name))
}

/// The sha256 of a file, in lower-case hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Converts the pinned model from its CTranslate2 files in `from` into `models_dir`, unless the
/// file there already has the pinned sha256. The inputs' and the result's sha256 are checked
/// against the pins; a result that differs is not installed.
pub fn install_pinned(
    models_dir: &Path,
    pinned: &Pinned,
    from: &Path,
) -> Result<Outcome, ModelError> {
    let target = models_dir.join(pinned.file);
    if target.is_file() && sha256_file(&target).map_err(io_err(&target))? == pinned.ggml_sha256 {
        return Ok(Outcome::AlreadyInstalled(target));
    }
    let (model_path, vocabulary_path) = (from.join("model.bin"), from.join("vocabulary.txt"));
    if !model_path.is_file() || !vocabulary_path.is_file() {
        return Err(ModelError::SourceMissing {
            name: pinned.name,
            dir: from.to_path_buf(),
            fetch: pinned.fetch,
        });
    }
    for (path, expected) in [
        (&model_path, pinned.ct2_sha256),
        (&vocabulary_path, pinned.vocabulary_sha256),
    ] {
        let found = sha256_file(path).map_err(io_err(path))?;
        if found != expected {
            return Err(ModelError::SourceChanged {
                name: pinned.name,
                path: path.clone(),
                found,
                expected,
                fetch: pinned.fetch,
            });
        }
    }
    let model = std::fs::read(&model_path).map_err(io_err(&model_path))?;
    let vocabulary = std::fs::read(&vocabulary_path).map_err(io_err(&vocabulary_path))?;
    let vocabulary = String::from_utf8(vocabulary).map_err(|_| ModelError::Convert {
        dir: from.to_path_buf(),
        source: ConvertError::Vocabulary("not UTF-8 text".into()),
    })?;
    let fill = |out: &mut dyn Write| {
        convert::convert(&model, &vocabulary, out).map_err(|source| match source {
            ConvertError::Write(e) => ModelError::Io {
                path: target.clone(),
                source: e,
            },
            source => ModelError::Convert {
                dir: from.to_path_buf(),
                source,
            },
        })?;
        Ok(())
    };
    // a result that differs from the pin is never renamed into place
    let verify = |found: &str| {
        if found == pinned.ggml_sha256 {
            Ok(())
        } else {
            Err(ModelError::ResultChanged {
                name: pinned.name,
                found: found.to_string(),
                expected: pinned.ggml_sha256,
            })
        }
    };
    write_atomically(&target, fill, verify)?;
    Ok(Outcome::Installed(target))
}

/// Checks `file` as a ggml Whisper model (see [`ggml::check`]) and copies it into
/// `models_dir` as the user's own model, unless that file already holds the same bytes.
pub fn install_file(models_dir: &Path, file: &Path) -> Result<(Outcome, ModelFacts), ModelError> {
    let facts = check_file(file)?;
    let target = models_dir.join(OWN_FILE);
    if target.is_file()
        && sha256_file(&target).map_err(io_err(&target))?
            == sha256_file(file).map_err(io_err(file))?
    {
        return Ok((Outcome::AlreadyInstalled(target), facts));
    }
    let mut input = std::fs::File::open(file).map_err(io_err(file))?;
    let fill = |out: &mut dyn Write| {
        std::io::copy(&mut input, out).map_err(io_err(file))?;
        Ok(())
    };
    write_atomically(&target, fill, |_| Ok(()))?;
    Ok((Outcome::Installed(target), facts))
}

/// Reads `path` through [`ggml::check`]: what the model is, or why whisper.cpp would refuse it.
pub fn check_file(path: &Path) -> Result<ModelFacts, ModelError> {
    let unusable = |reason: String| ModelError::Unusable {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(io_err(path))?;
    if !meta.is_file() {
        return Err(unusable("not a regular file".into()));
    }
    let file = std::fs::File::open(path).map_err(io_err(path))?;
    ggml::check(&mut BufReader::with_capacity(1 << 20, file), meta.len()).map_err(unusable)
}

/// Writes `target` through `fill` into a temp file in the same folder and fsyncs it; if
/// `verify` accepts the sha256 of what was written, renames it over `target` and fsyncs the
/// folder, else removes it.
fn write_atomically(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<(), ModelError>,
    verify: impl FnOnce(&str) -> Result<(), ModelError>,
) -> Result<(), ModelError> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let tmp = tempfile::Builder::new()
        .prefix(".model.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_err(dir))?;
    let mut out = HashingWriter {
        inner: std::io::BufWriter::with_capacity(1 << 20, tmp),
        hasher: Sha256::new(),
    };
    fill(&mut out)?;
    let tmp = out.inner.into_inner().map_err(|e| ModelError::Io {
        path: target.to_path_buf(),
        source: e.into_error(),
    })?;
    tmp.as_file().sync_all().map_err(io_err(target))?;
    verify(&hex(&out.hasher.finalize()))?;
    tmp.persist(target).map_err(|e| ModelError::Io {
        path: target.to_path_buf(),
        source: e.error,
    })?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A writer that hashes what passes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The model file for `choice`: `tiny.en`, `base`, `own` or a path; with no choice, the
/// user's own model if installed, else base, else tiny.en.
pub fn resolve(models_dir: &Path, choice: Option<&str>) -> Result<(String, PathBuf), ModelError> {
    let installed = |name: &str, file: &str| {
        let path = models_dir.join(file);
        path.is_file().then(|| (name.to_string(), path))
    };
    let not_installed = |name: &str, hint: String| ModelError::NotInstalled {
        what: if name.is_empty() {
            "no speech model is installed".to_string()
        } else {
            format!("the speech model {name} is not installed")
        },
        dir: models_dir.to_path_buf(),
        hint,
    };
    let pinned_hint = |p: &Pinned| {
        format!(
            "install it with `make model` in Rehearse's source folder (or `{} && {}`)",
            p.fetch, p.install
        )
    };
    match choice {
        None => installed(OWN, OWN_FILE)
            .or_else(|| installed(BASE.name, BASE.file))
            .or_else(|| installed(TINY_EN.name, TINY_EN.file))
            .ok_or_else(|| {
                not_installed(
                    "",
                    format!(
                        "{}, or use your own ggml Whisper file with `rehearse model install --file PATH`",
                        pinned_hint(&TINY_EN)
                    ),
                )
            }),
        Some(OWN) => installed(OWN, OWN_FILE).ok_or_else(|| {
            not_installed(
                OWN,
                "install your ggml Whisper file with `rehearse model install --file PATH`".into(),
            )
        }),
        Some(name) => match PINNED.iter().find(|p| p.name == name) {
            Some(p) => installed(p.name, p.file).ok_or_else(|| not_installed(p.name, pinned_hint(p))),
            None => {
                let path = PathBuf::from(name);
                if path.is_file() {
                    Ok((path.display().to_string(), path))
                } else {
                    Err(ModelError::Io {
                        path,
                        source: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "no such model file (give tiny.en, base, own or a ggml file's path)",
                        ),
                    })
                }
            }
        },
    }
}
