//! Transcripts on this computer: OpenAI's Whisper run by whisper.cpp (`whisper-rs`).
//!
//! - [`model`]: the models in the data folder's `models/`; the pinned tiny.en and base are
//!   converted once from CTranslate2 downloads ([`convert`], [`ct2`], [`ggml`], [`mel`]),
//!   and any ggml Whisper file can be installed as the user's own.
//! - [`engine`]: a loaded model transcribing 16 kHz mono audio into text and timed words
//!   ([`words`]), one thread by default, with a prompt that keeps fillers.
//! - [`pieces`]: long audio cut at pauses into pieces Whisper hears whole, for the window's
//!   live transcripts and `rehearse transcribe`.
//! - [`normalize`] and [`wer`]: Whisper's English text normalisation and the word error rate,
//!   for measuring accuracy.
//! - [`cli`]: `rehearse transcribe` and `rehearse model install`.
//!
//! The app never downloads anything; `scripts/fetch-model.sh` does, once.

pub mod cli;
pub mod convert;
pub mod ct2;
pub mod engine;
pub mod ggml;
pub mod mel;
pub mod model;
pub mod normalize;
pub mod pieces;
pub mod wer;
pub mod words;

pub use engine::{Engine, Options, SAMPLE_RATE, Transcript};

use crate::wav;

/// Reads an open WAV to mono at [`SAMPLE_RATE`], block by block through the analysis's
/// resampler.
pub fn read_16k(mut reader: wav::Reader) -> Result<Vec<f32>, wav::WavError> {
    let info = *reader.info();
    let mut resampler = crate::analysis::resample::Stream::new(
        info.spec.sample_rate,
        SAMPLE_RATE,
        info.frames as usize,
    );
    let mut out = Vec::with_capacity(
        (info.frames as f64 * f64::from(SAMPLE_RATE) / f64::from(info.spec.sample_rate.max(1)))
            as usize
            + 1,
    );
    let mut block = Vec::new();
    loop {
        let facts = reader.read_block(&mut block, 1 << 16)?;
        if facts.frames == 0 {
            break;
        }
        resampler.push(&block, &mut out);
    }
    resampler.finish(&mut out);
    Ok(out)
}
