//! Transcripts on this computer: OpenAI's Whisper run by whisper.cpp.
//!
//! - [`convert`]: a CTranslate2 Whisper model ([`ct2`]) into the ggml file whisper.cpp loads
//!   ([`ggml`]), with Whisper's mel filter bank ([`mel`]).

pub mod convert;
pub mod ct2;
pub mod ggml;
pub mod mel;
