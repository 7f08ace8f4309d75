//! CTranslate2 Whisper model (binary format 6, float16; `model.bin` and `vocabulary.txt`, as
//! faster-whisper ships them) → the ggml Whisper file whisper.cpp loads, laid out as its
//! `models/convert-pt-to-ggml.py` writes one (see [`super::ggml`]). Std only, and
//! deterministic: the same input gives the same bytes.
//!
//! CTranslate2 stores OpenAI's weights under its own names, with two differences:
//! - self-attention's query, key and value are one matrix (`linear_0`, their rows stacked),
//!   and cross-attention's key and value another (`linear_1`); they are split again;
//! - the key projection, which has no bias in Whisper, carries an all-zero bias there; it is
//!   checked to be zero and dropped.
//!
//! The mel filter bank, absent from CTranslate2, is computed ([`super::mel`]); the tokens'
//! bytes come from `vocabulary.txt` (GPT-2's byte-to-character mapping undone), up to the
//! first special token, as whisper.cpp's tokenizer files hold them. The big matrices stay
//! float16; biases, layer norms and positional embeddings become float32, as in whisper.cpp's
//! converter.

use std::io::Write;

use super::ct2::{DType, Model, Variable};
use super::ggml::{self, Hparams, Storage, TensorSpec, TensorType};
use super::mel;

/// Why a CTranslate2 model could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The file ends inside a part it announces.
    #[error(
        "model.bin is cut short: it ends at byte {at} but its contents need {needed} bytes (download it again)"
    )]
    Truncated {
        /// The file's length.
        at: usize,
        /// Where the part being read would end.
        needed: usize,
    },
    /// Another binary format version than 6.
    #[error("model.bin is CTranslate2 binary format version {0}; only version 6 can be converted")]
    Version(u32),
    /// A CTranslate2 model of something else.
    #[error("model.bin is a CTranslate2 {0}, not a Whisper model")]
    NotWhisper(String),
    /// Weights not in float16 (an int8-quantised model, for one).
    #[error(
        "model.bin stores {name} as {dtype}; only float16 Whisper models can be converted (quantised ones cannot)"
    )]
    DType {
        /// The variable.
        name: String,
        /// Its type.
        dtype: &'static str,
    },
    /// A variable Whisper needs is absent.
    #[error("model.bin has no {0}")]
    Missing(String),
    /// A variable of the wrong shape.
    #[error("model.bin's {name} has shape {found:?}, expected {expected:?}")]
    Shape {
        /// The variable.
        name: String,
        /// Its shape.
        found: Vec<usize>,
        /// The shape the model's other sizes call for.
        expected: Vec<usize>,
    },
    /// A key bias that is not zero, which whisper.cpp could not represent.
    #[error("model.bin's key bias in {0} is not zero; whisper.cpp has no key bias to hold it")]
    KeyBias(String),
    /// `vocabulary.txt` does not fit the model.
    #[error("vocabulary.txt: {0}")]
    Vocabulary(String),
    /// Anything else malformed.
    #[error("model.bin is damaged: {0}")]
    Invalid(String),
    /// The output could not be written.
    #[error("writing the converted model: {0}")]
    Write(#[from] std::io::Error),
}

/// The token after the last ordinary one in `vocabulary.txt`.
const END_OF_TEXT: &str = "<|endoftext|>";

/// Converts `model_bin` (a CTranslate2 Whisper `model.bin`) and its `vocabulary.txt` into a
/// ggml Whisper model written to `out`. Everything is checked before the first byte is written.
pub fn convert(
    model_bin: &[u8],
    vocabulary: &str,
    out: &mut dyn Write,
) -> Result<Hparams, ConvertError> {
    let model = Model::parse(model_bin)?;
    if model.spec != "WhisperSpec" {
        return Err(ConvertError::NotWhisper(model.spec.clone()));
    }
    let h = hparams(&model)?;
    let tokens = tokens(vocabulary, h.n_vocab)?;
    check_key_biases(&model, &h)?;
    let plan = ggml::tensors(&h)
        .into_iter()
        .map(|spec| {
            let data = source(&model, &spec)?;
            Ok((spec, data))
        })
        .collect::<Result<Vec<_>, ConvertError>>()?;

    out.write_all(&h.header_bytes())?;
    let filters = mel::filters(h.n_mels);
    let mut bytes = Vec::with_capacity(8 + 4 * filters.len());
    for v in [h.n_mels as i32, ggml::N_FFT_BINS as i32] {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    for v in filters {
        bytes.extend_from_slice(&v.to_le_bytes());
    }
    out.write_all(&bytes)?;
    out.write_all(&(tokens.len() as i32).to_le_bytes())?;
    for token in &tokens {
        out.write_all(&(token.len() as i32).to_le_bytes())?;
        out.write_all(token)?;
    }
    for (spec, data) in plan {
        let stored = match spec.storage {
            Storage::F32 => TensorType::F32,
            Storage::Weight | Storage::Conv => TensorType::F16,
        };
        out.write_all(&ggml::tensor_header(&spec.name, &spec.ne, stored))?;
        if stored == TensorType::F32 {
            let widened: Vec<u8> = data
                .chunks_exact(2)
                .flat_map(|h| f16_to_f32(u16::from_le_bytes([h[0], h[1]])).to_le_bytes())
                .collect();
            out.write_all(&widened)?;
        } else {
            out.write_all(data)?;
        }
    }
    out.flush()?;
    Ok(h)
}

/// The hyper-parameters, read off the shapes of the model's variables.
fn hparams(m: &Model) -> Result<Hparams, ConvertError> {
    let dims2 = |name: &str| -> Result<(usize, usize), ConvertError> {
        match m.get(name)?.shape[..] {
            [a, b] if a > 0 && b > 0 => Ok((a, b)),
            ref other => Err(ConvertError::Invalid(format!(
                "{name} has shape {other:?}, expected two dimensions"
            ))),
        }
    };
    let (n_vocab, n_text_state) = dims2("decoder/embeddings/weight")?;
    let (n_audio_ctx, n_audio_state) = dims2("encoder/position_encodings/encodings")?;
    let (n_text_ctx, _) = dims2("decoder/position_encodings/encodings")?;
    let n_mels = match m.get("encoder/conv1/weight")?.shape[..] {
        [_, mels, 3] if mels > 0 => mels,
        ref other => {
            return Err(ConvertError::Invalid(format!(
                "encoder/conv1/weight has shape {other:?}, expected (width, mels, 3)"
            )));
        }
    };
    let heads = |name: &str| -> Result<usize, ConvertError> {
        let n = m.integer(name)?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| ConvertError::Invalid(format!("{name} is {n}")))
    };
    // Whisper ties the output projection to the token embedding; whisper.cpp relies on it.
    let projection = "decoder/projection/weight";
    if m.has_variable(projection) || m.alias(projection) != Some("decoder/embeddings/weight") {
        return Err(ConvertError::Invalid(
            "its output projection is not the token embedding, as Whisper's is".into(),
        ));
    }
    let h = Hparams {
        n_vocab,
        n_audio_ctx,
        n_audio_state,
        n_audio_head: heads("encoder/num_heads")?,
        n_audio_layer: m.layers("encoder/layer_"),
        n_text_ctx,
        n_text_state,
        n_text_head: heads("decoder/num_heads")?,
        n_text_layer: m.layers("decoder/layer_"),
        n_mels,
        ftype: 1,
    };
    if h.n_audio_layer == 0 || h.n_text_layer == 0 || h.n_audio_state != h.n_text_state {
        return Err(ConvertError::Invalid(format!(
            "{} encoder and {} decoder layers of widths {} and {}",
            h.n_audio_layer, h.n_text_layer, h.n_audio_state, h.n_text_state
        )));
    }
    Ok(h)
}

/// Where a ggml tensor's values are in the CTranslate2 model: a variable, and which of its
/// `parts` equal blocks of rows (`part` of `parts`).
fn location(name: &str) -> Option<(String, usize, usize)> {
    let whole = |n: &str| Some((n.to_string(), 0, 1));
    let global = match name {
        "encoder.positional_embedding" => whole("encoder/position_encodings/encodings"),
        "decoder.positional_embedding" => whole("decoder/position_encodings/encodings"),
        "decoder.token_embedding.weight" => whole("decoder/embeddings/weight"),
        "encoder.ln_post.weight" => whole("encoder/layer_norm/gamma"),
        "encoder.ln_post.bias" => whole("encoder/layer_norm/beta"),
        "decoder.ln.weight" => whole("decoder/layer_norm/gamma"),
        "decoder.ln.bias" => whole("decoder/layer_norm/beta"),
        _ => None,
    };
    if global.is_some() {
        return global;
    }
    if let Some(rest) = name.strip_prefix("encoder.conv") {
        let (n, what) = rest.split_once('.')?;
        return whole(&format!("encoder/conv{n}/{what}"));
    }
    let (side, rest) = name.split_once(".blocks.")?;
    let (layer, rest) = rest.split_once('.')?;
    let (part, what) = rest.rsplit_once('.')?;
    let norm = |what: &str| if what == "weight" { "gamma" } else { "beta" };
    let (variable, index, parts) = match part {
        "attn.query" => (format!("self_attention/linear_0/{what}"), 0, 3),
        "attn.key" => (format!("self_attention/linear_0/{what}"), 1, 3),
        "attn.value" => (format!("self_attention/linear_0/{what}"), 2, 3),
        "attn.out" => (format!("self_attention/linear_1/{what}"), 0, 1),
        "attn_ln" => (format!("self_attention/layer_norm/{}", norm(what)), 0, 1),
        "cross_attn.query" => (format!("attention/linear_0/{what}"), 0, 1),
        "cross_attn.key" => (format!("attention/linear_1/{what}"), 0, 2),
        "cross_attn.value" => (format!("attention/linear_1/{what}"), 1, 2),
        "cross_attn.out" => (format!("attention/linear_2/{what}"), 0, 1),
        "cross_attn_ln" => (format!("attention/layer_norm/{}", norm(what)), 0, 1),
        "mlp.0" => (format!("ffn/linear_0/{what}"), 0, 1),
        "mlp.2" => (format!("ffn/linear_1/{what}"), 0, 1),
        "mlp_ln" => (format!("ffn/layer_norm/{}", norm(what)), 0, 1),
        _ => return None,
    };
    Some((format!("{side}/layer_{layer}/{variable}"), index, parts))
}

/// The float16 bytes of one ggml tensor: its variable's bytes, or its block of rows.
fn source<'a>(m: &Model<'a>, spec: &TensorSpec) -> Result<&'a [u8], ConvertError> {
    let (name, index, parts) = location(&spec.name)
        .ok_or_else(|| ConvertError::Invalid(format!("no source for {}", spec.name)))?;
    let v = float16(m, &name)?;
    // ggml lists dimensions innermost first; a conv bias, [1, n] in ggml, is (n,) here
    let mut expected: Vec<usize> = spec.ne.iter().rev().copied().collect();
    if spec.name.starts_with("encoder.conv") && spec.name.ends_with(".bias") {
        expected.pop();
    }
    if let Some(rows) = expected.first_mut() {
        *rows *= parts;
    }
    if v.shape != expected {
        return Err(ConvertError::Shape {
            name,
            found: v.shape.clone(),
            expected,
        });
    }
    let size = v.bytes.len() / parts;
    Ok(&v.bytes[index * size..(index + 1) * size])
}

/// The variable `name`, which must be float16.
fn float16<'a, 'm>(m: &'m Model<'a>, name: &str) -> Result<&'m Variable<'a>, ConvertError> {
    let v = m.get(name)?;
    if v.dtype != DType::F16 {
        return Err(ConvertError::DType {
            name: name.to_string(),
            dtype: v.dtype.name(),
        });
    }
    Ok(v)
}

/// Checks that every fused key bias is zero (±0 in float16), so dropping it changes nothing.
fn check_key_biases(m: &Model, h: &Hparams) -> Result<(), ConvertError> {
    let mut fused = Vec::new();
    for i in 0..h.n_audio_layer {
        fused.push((
            format!("encoder/layer_{i}/self_attention/linear_0/bias"),
            1,
            3,
        ));
    }
    for i in 0..h.n_text_layer {
        fused.push((
            format!("decoder/layer_{i}/self_attention/linear_0/bias"),
            1,
            3,
        ));
        fused.push((format!("decoder/layer_{i}/attention/linear_1/bias"), 0, 2));
    }
    for (name, index, parts) in fused {
        let v = float16(m, &name)?;
        let size = v.bytes.len() / parts;
        let key = &v.bytes[index * size..(index + 1) * size];
        if key
            .chunks_exact(2)
            .any(|b| u16::from_le_bytes([b[0], b[1]]) & 0x7fff != 0)
        {
            return Err(ConvertError::KeyBias(name));
        }
    }
    Ok(())
}

/// The bytes of each ordinary token in `vocabulary.txt` (one token a line, in GPT-2's
/// byte-level characters), up to the first special token.
fn tokens(vocabulary: &str, n_vocab: usize) -> Result<Vec<Vec<u8>>, ConvertError> {
    let lines: Vec<&str> = vocabulary
        .strip_suffix('\n')
        .unwrap_or(vocabulary)
        .split('\n')
        .collect();
    if lines.len() != n_vocab {
        return Err(ConvertError::Vocabulary(format!(
            "{} lines for a model of {n_vocab} tokens",
            lines.len()
        )));
    }
    let ordinary = lines
        .iter()
        .position(|l| *l == END_OF_TEXT)
        .ok_or_else(|| ConvertError::Vocabulary(format!("no {END_OF_TEXT} token")))?;
    let table = byte_of_char();
    lines[..ordinary]
        .iter()
        .enumerate()
        .map(|(i, line)| {
            line.chars()
                .map(|c| table.get(c as usize).copied().flatten())
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| {
                    ConvertError::Vocabulary(format!(
                        "line {} ({line:?}) is not a byte-level token",
                        i + 1
                    ))
                })
        })
        .collect()
}

/// GPT-2's `bytes_to_unicode`, reversed: printable Latin-1 characters stand for themselves,
/// the other bytes for the characters from U+0100 up, in byte order.
fn byte_of_char() -> Vec<Option<u8>> {
    let mut table = vec![None; 0x144];
    let mut next = 0x100;
    for b in 0..=255u8 {
        let printable = matches!(b, b'!'..=b'~' | 0xa1..=0xac | 0xae..=0xff);
        if printable {
            table[usize::from(b)] = Some(b);
        } else {
            table[next] = Some(b);
            next += 1;
        }
    }
    table
}

/// An IEEE half-precision value widened exactly.
fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exponent = u32::from((h >> 10) & 0x1f);
    let mantissa = u32::from(h & 0x3ff);
    match exponent {
        0 => {
            // zero or subnormal: mantissa · 2⁻²⁴, exact in float32
            let magnitude = mantissa as f32 * (1.0 / 16_777_216.0);
            f32::from_bits(magnitude.to_bits() | sign)
        }
        0x1f => f32::from_bits(sign | 0x7f80_0000 | (mantissa << 13)),
        _ => f32::from_bits(sign | ((exponent + 112) << 23) | (mantissa << 13)),
    }
}

#[cfg(test)]
mod tests;
