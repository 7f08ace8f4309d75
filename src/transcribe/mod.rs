//! Transcripts on this computer: OpenAI's Whisper run by whisper.cpp.
//!
//! - [`model`]: the models in the data folder's `models/`; the pinned tiny.en and base are
//!   converted once from CTranslate2 downloads ([`convert`], [`ct2`], [`ggml`], [`mel`]),
//!   and any ggml Whisper file can be installed as the user's own.
//! - [`cli`]: `rehearse model install`.
//!
//! The app never downloads anything; `scripts/fetch-model.sh` does, once.

pub mod cli;
pub mod convert;
pub mod ct2;
pub mod ggml;
pub mod mel;
pub mod model;
