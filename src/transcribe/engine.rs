//! Whisper through whisper.cpp (`whisper-rs`): a loaded model that transcribes 16 kHz mono
//! audio into text and timed words.

use std::path::{Path, PathBuf};

use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

use super::ggml::ModelFacts;
use super::model::{self, ModelError};
use super::words::{self, Piece};
use crate::analysis::words::TimedWord;

/// The sample rate Whisper takes, Hz.
pub const SAMPLE_RATE: u32 = 16_000;

/// The initial prompt that keeps fillers: prompted with none, Whisper writes "um" and "uh"
/// out of the transcript; a prompt full of them makes it keep them (issue 9). On the filler
/// set of `tests/transcribe_fillers.rs` (tiny.en), issue 9's prompt "Umm, let me think like,
/// hmm... Okay, uh, here's what I, you know, think." found 62 fillers of 72 (58 right: recall
/// 80.6 %, precision 93.5 %), the same with four more fillers appended 69 (64 right: 88.9 %,
/// 92.8 %), and this one, dense with them, 73 (68 right: 94.4 %, 93.2 %); on LibriVox it
/// still makes 1 word error in 71 and writes no filler.
pub const FILLER_PROMPT: &str =
    "Um, uh, hmm, so I, uh, was like, um, you know, uh, thinking, um, that, uh...";

/// whisper.cpp skips input shorter than 1 s; shorter audio is padded with silence to this.
const MIN_SAMPLES: usize = SAMPLE_RATE as usize * 105 / 100;

/// What was said: the text and its words with their times.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Transcript {
    /// The whole text, as Whisper wrote it.
    pub text: String,
    /// The words in order, with their times.
    pub words: Vec<TimedWord>,
}

/// How to transcribe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// CPU threads whisper.cpp may use (1).
    pub threads: usize,
    /// The initial prompt ([`FILLER_PROMPT`]).
    pub prompt: String,
    /// Beams of the beam search (5, whisper.cpp's own default); 1 decodes greedily. On the
    /// LibriVox test set with the filler prompt, tiny.en made 1 word error in 71 with 5 beams
    /// and 3 greedily, for about 13 % more time.
    pub beams: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            threads: 1,
            prompt: FILLER_PROMPT.to_string(),
            beams: 5,
        }
    }
}

/// Why a transcription failed inside whisper.cpp.
#[derive(Debug, thiserror::Error)]
#[error("whisper.cpp could not transcribe: {0}")]
pub struct EngineError(String);

/// A loaded Whisper model.
pub struct Engine {
    context: WhisperContext,
    facts: ModelFacts,
    path: PathBuf,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("path", &self.path)
            .field("facts", &self.facts)
            .finish()
    }
}

impl Engine {
    /// Checks the file ([`model::check_file`]: a damaged or cut-short file is refused with a
    /// sentence, never handed to whisper.cpp) and loads it. whisper.cpp's own log lines are
    /// silenced.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        let facts = model::check_file(path)?;
        whisper_rs::install_logging_hooks();
        let context = WhisperContext::new_with_params(path, WhisperContextParameters::default())
            .map_err(|e| ModelError::Unusable {
                path: path.to_path_buf(),
                reason: format!("whisper.cpp could not load it ({e})"),
            })?;
        Ok(Self {
            context,
            facts,
            path: path.to_path_buf(),
        })
    }

    /// What the model is (its size and vocabulary).
    pub fn facts(&self) -> &ModelFacts {
        &self.facts
    }

    /// Transcribes mono samples at [`SAMPLE_RATE`] (full scale ±1) in English, with the
    /// options' prompt, beams and threads; token timestamps joined into words.
    pub fn transcribe(
        &self,
        samples: &[f32],
        options: &Options,
    ) -> Result<Transcript, EngineError> {
        let mut state = self
            .context
            .create_state()
            .map_err(|e| EngineError(e.to_string()))?;
        let strategy = match options.beams {
            0 | 1 => SamplingStrategy::Greedy { best_of: 1 },
            beams => SamplingStrategy::BeamSearch {
                beam_size: beams.min(16) as i32,
                patience: -1.0,
            },
        };
        let mut params = FullParams::new(strategy);
        params.set_n_threads(options.threads.clamp(1, 64) as i32);
        params.set_language(Some("en"));
        params.set_translate(false);
        params.set_no_context(true);
        params.set_token_timestamps(true);
        // whisper-rs panics on a NUL inside the prompt
        params.set_initial_prompt(&options.prompt.replace('\0', ""));
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        let padded;
        let audio = if samples.len() < MIN_SAMPLES {
            padded = [samples, &vec![0.0; MIN_SAMPLES - samples.len()]].concat();
            &padded[..]
        } else {
            samples
        };
        state
            .full(params, audio)
            .map_err(|e| EngineError(e.to_string()))?;
        let eot = self.context.token_eot();
        let end_s = samples.len() as f64 / f64::from(SAMPLE_RATE);
        let mut tokens: Vec<(Vec<u8>, f64, f64)> = Vec::new();
        for segment in state.as_iter() {
            for i in 0..segment.n_tokens() {
                let Some(token) = segment.get_token(i) else {
                    continue;
                };
                if token.token_id() >= eot {
                    continue;
                }
                let data = token.token_data();
                let time = |cs: i64| (cs as f64 / 100.0).clamp(0.0, end_s);
                let bytes = token.to_bytes().unwrap_or_default().to_vec();
                tokens.push((bytes, time(data.t0), time(data.t1)));
            }
        }
        let text_bytes: Vec<u8> = tokens.iter().flat_map(|t| t.0.iter().copied()).collect();
        let words = words::join(tokens.iter().map(|(bytes, start_s, end_s)| Piece {
            bytes,
            start_s: *start_s,
            end_s: *end_s,
        }));
        // Whisper writes notes such as "[BLANK_AUDIO]" where it hears no speech.
        Ok(Transcript {
            text: words::text_without_notes(&String::from_utf8_lossy(&text_bytes)),
            words: words::without_notes(words),
        })
    }
}
