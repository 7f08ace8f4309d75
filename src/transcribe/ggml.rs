//! The ggml Whisper file, as whisper.cpp's loader (`whisper_model_load`) reads it and
//! `models/convert-pt-to-ggml.py` writes it, all little-endian:
//! 1. the magic `ggml`, then eleven `i32` hyper-parameters ([`Hparams`]);
//! 2. the mel filter bank: `n_mel`, `n_fft` (`i32`), then `n_mel × n_fft` `f32`;
//! 3. the tokens: a count, then per token its byte length (`i32`) and bytes;
//! 4. the tensors, to the end of the file: per tensor `n_dims`, the name's length and its type
//!    (`i32`), the dimensions innermost first (`i32` each), the name, then the data.
//!
//! [`check`] walks a whole file and names what is wrong, so that a damaged or foreign file is
//! refused with a sentence before whisper.cpp, which sizes its buffers from the file's numbers,
//! sees it.

use std::io::Read;

/// `ggml` in the file's first four bytes.
pub const MAGIC: u32 = 0x6767_6d6c;

/// Frequency bins of whisper's 400-point FFT: the filter bank's row length.
pub const N_FFT_BINS: usize = 201;

/// The hyper-parameters at the head of a ggml Whisper file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hparams {
    /// Tokens the decoder predicts (51864 for English-only models, 51865+ multilingual).
    pub n_vocab: usize,
    /// Audio positions (1500 for 30 s).
    pub n_audio_ctx: usize,
    /// Encoder width.
    pub n_audio_state: usize,
    /// Encoder attention heads.
    pub n_audio_head: usize,
    /// Encoder layers.
    pub n_audio_layer: usize,
    /// Text positions (448).
    pub n_text_ctx: usize,
    /// Decoder width (equal to the encoder's).
    pub n_text_state: usize,
    /// Decoder attention heads.
    pub n_text_head: usize,
    /// Decoder layers.
    pub n_text_layer: usize,
    /// Mel bands of the input (80, or 128 for large-v3).
    pub n_mels: usize,
    /// Storage of the large matrices: 0 all float32, 1 float16, higher values quantised.
    pub ftype: u32,
}

impl Hparams {
    /// The eleven values in file order.
    fn values(&self) -> [usize; 10] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
        ]
    }

    /// The magic and the hyper-parameters as the file begins.
    pub fn header_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_le_bytes().to_vec();
        for v in self.values() {
            out.extend_from_slice(&(v as i32).to_le_bytes());
        }
        out.extend_from_slice(&(self.ftype as i32).to_le_bytes());
        out
    }

    /// The ggml type of the large matrices, from `ftype` (its quantisation-version part dropped).
    fn weight_type(&self) -> Option<TensorType> {
        TensorType::from_ftype(self.ftype % 1000)
    }
}

/// How a tensor is stored, by ggml type id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TensorType {
    /// The ggml type id written in the file.
    pub id: u32,
    /// Elements per block.
    block: usize,
    /// Bytes per block.
    block_bytes: usize,
}

impl TensorType {
    /// 32-bit floats.
    pub const F32: Self = Self::new(0, 1, 4);
    /// 16-bit floats.
    pub const F16: Self = Self::new(1, 1, 2);

    const fn new(id: u32, block: usize, block_bytes: usize) -> Self {
        Self {
            id,
            block,
            block_bytes,
        }
    }

    /// The types whisper.cpp models come in: floats and the quantisations of `quantize`.
    fn from_id(id: u32) -> Option<Self> {
        Some(match id {
            0 => Self::F32,
            1 => Self::F16,
            2 => Self::new(2, 32, 18),     // q4_0
            3 => Self::new(3, 32, 20),     // q4_1
            6 => Self::new(6, 32, 22),     // q5_0
            7 => Self::new(7, 32, 24),     // q5_1
            8 => Self::new(8, 32, 34),     // q8_0
            10 => Self::new(10, 256, 84),  // q2_K
            11 => Self::new(11, 256, 110), // q3_K
            12 => Self::new(12, 256, 144), // q4_K
            13 => Self::new(13, 256, 176), // q5_K
            14 => Self::new(14, 256, 210), // q6_K
            _ => return None,
        })
    }

    /// ggml's `ggml_ftype_to_ggml_type` for the file types whisper.cpp writes.
    fn from_ftype(ftype: u32) -> Option<Self> {
        Self::from_id(match ftype {
            0 => 0,
            1 => 1,
            2 => 2,
            3 => 3,
            7 => 8,
            8 => 6,
            9 => 7,
            10..=14 => ftype,
            _ => return None,
        })
    }

    /// Bytes of `elements` values whose rows are `row` long, or `None` when a row is not a
    /// whole number of blocks.
    pub fn bytes(&self, row: usize, elements: usize) -> Option<usize> {
        row.is_multiple_of(self.block)
            .then(|| elements / self.block * self.block_bytes)
    }
}

/// What a tensor is stored as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// The file's weight type (`ftype`): the large matrices.
    Weight,
    /// Float16, or float32 in an all-float32 file: the convolution kernels.
    Conv,
    /// Always float32: biases, layer norms, positional embeddings.
    F32,
}

/// A tensor whisper.cpp expects: its name, its dimensions innermost first, its storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorSpec {
    /// The name in the file, e.g. `encoder.blocks.0.attn.query.weight`.
    pub name: String,
    /// Dimensions, innermost (contiguous) first, as ggml's `ne`.
    pub ne: Vec<usize>,
    /// What it is stored as.
    pub storage: Storage,
}

/// Every tensor of a model with these hyper-parameters, in the order of OpenAI's checkpoints
/// (which whisper.cpp's converter keeps).
pub fn tensors(h: &Hparams) -> Vec<TensorSpec> {
    let mut out = Vec::new();
    let (a, t) = (h.n_audio_state, h.n_text_state);
    let pos = ("encoder.positional_embedding", [a, h.n_audio_ctx]);
    push(&mut out, pos.0.into(), &pos.1, Storage::F32);
    push(
        &mut out,
        "encoder.conv1.weight".into(),
        &[3, h.n_mels, a],
        Storage::Conv,
    );
    push(&mut out, "encoder.conv1.bias".into(), &[1, a], Storage::F32);
    push(
        &mut out,
        "encoder.conv2.weight".into(),
        &[3, a, a],
        Storage::Conv,
    );
    push(&mut out, "encoder.conv2.bias".into(), &[1, a], Storage::F32);
    for i in 0..h.n_audio_layer {
        block(&mut out, &format!("encoder.blocks.{i}"), a, false);
    }
    push(
        &mut out,
        "encoder.ln_post.weight".into(),
        &[a],
        Storage::F32,
    );
    push(&mut out, "encoder.ln_post.bias".into(), &[a], Storage::F32);
    let pos = ("decoder.positional_embedding", [t, h.n_text_ctx]);
    push(&mut out, pos.0.into(), &pos.1, Storage::F32);
    let embedding = ("decoder.token_embedding.weight", [t, h.n_vocab]);
    push(&mut out, embedding.0.into(), &embedding.1, Storage::Weight);
    for i in 0..h.n_text_layer {
        block(&mut out, &format!("decoder.blocks.{i}"), t, true);
    }
    push(&mut out, "decoder.ln.weight".into(), &[t], Storage::F32);
    push(&mut out, "decoder.ln.bias".into(), &[t], Storage::F32);
    out
}

fn push(out: &mut Vec<TensorSpec>, name: String, ne: &[usize], storage: Storage) {
    out.push(TensorSpec {
        name,
        ne: ne.to_vec(),
        storage,
    });
}

/// One residual block `p` of width `n`: self-attention, cross-attention (decoder), MLP.
fn block(out: &mut Vec<TensorSpec>, p: &str, n: usize, cross: bool) {
    let attentions: &[&str] = if cross {
        &["attn", "cross_attn"]
    } else {
        &["attn"]
    };
    for a in attentions {
        push(
            out,
            format!("{p}.{a}.query.weight"),
            &[n, n],
            Storage::Weight,
        );
        push(out, format!("{p}.{a}.query.bias"), &[n], Storage::F32);
        push(out, format!("{p}.{a}.key.weight"), &[n, n], Storage::Weight);
        push(
            out,
            format!("{p}.{a}.value.weight"),
            &[n, n],
            Storage::Weight,
        );
        push(out, format!("{p}.{a}.value.bias"), &[n], Storage::F32);
        push(out, format!("{p}.{a}.out.weight"), &[n, n], Storage::Weight);
        push(out, format!("{p}.{a}.out.bias"), &[n], Storage::F32);
        push(out, format!("{p}.{a}_ln.weight"), &[n], Storage::F32);
        push(out, format!("{p}.{a}_ln.bias"), &[n], Storage::F32);
    }
    push(
        out,
        format!("{p}.mlp.0.weight"),
        &[n, 4 * n],
        Storage::Weight,
    );
    push(out, format!("{p}.mlp.0.bias"), &[4 * n], Storage::F32);
    push(
        out,
        format!("{p}.mlp.2.weight"),
        &[4 * n, n],
        Storage::Weight,
    );
    push(out, format!("{p}.mlp.2.bias"), &[n], Storage::F32);
    push(out, format!("{p}.mlp_ln.weight"), &[n], Storage::F32);
    push(out, format!("{p}.mlp_ln.bias"), &[n], Storage::F32);
}

/// The header of one tensor: its dimensions, name and type, as written before its data.
pub fn tensor_header(name: &str, ne: &[usize], kind: TensorType) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + 4 * ne.len() + name.len());
    for v in [ne.len(), name.len()] {
        out.extend_from_slice(&(v as i32).to_le_bytes());
    }
    out.extend_from_slice(&(kind.id as i32).to_le_bytes());
    for &d in ne {
        out.extend_from_slice(&(d as i32).to_le_bytes());
    }
    out.extend_from_slice(name.as_bytes());
    out
}

/// What [`check`] found in a sound file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFacts {
    /// The hyper-parameters.
    pub hparams: Hparams,
    /// Tokens with their text in the file.
    pub tokens: usize,
    /// Bytes in the file.
    pub bytes: u64,
}

impl ModelFacts {
    /// "tiny", "base", … from the encoder's depth, and ".en" for an English-only vocabulary.
    pub fn size_name(&self) -> String {
        let size = match self.hparams.n_audio_layer {
            4 => "tiny",
            6 => "base",
            12 => "small",
            24 => "medium",
            32 => "large",
            _ => "unknown size",
        };
        let english = if self.hparams.n_vocab < 51865 {
            ".en"
        } else {
            ""
        };
        format!("{size}{english}")
    }
}

/// Limits well above any Whisper model, so that garbage is refused before it sizes a buffer.
const MAX_DIM: usize = 1 << 20;

/// Reads a whole ggml Whisper file from `input` (`len` bytes) and checks that whisper.cpp's
/// loader will accept it: the magic, sane hyper-parameters, a 201-bin filter bank for the
/// model's mel bands, the token list, and exactly the tensors the model needs with the shapes
/// and types it needs, ending where the file ends. The error is one phrase.
pub fn check(input: &mut dyn Read, len: u64) -> Result<ModelFacts, String> {
    let mut r = Reader {
        input,
        at: 0,
        len,
        skip: vec![0; 1 << 16],
    };
    if r.u32()? != MAGIC {
        return Err("not a ggml Whisper model (the file does not start with \"ggml\")".into());
    }
    let mut v = [0usize; 10];
    for (i, slot) in v.iter_mut().enumerate() {
        let x = r.i32()?;
        if x <= 0 || x as usize > MAX_DIM {
            return Err(format!("hyper-parameter {} is {x}", i + 1));
        }
        *slot = x as usize;
    }
    let ftype = r.i32()?;
    let h = Hparams {
        n_vocab: v[0],
        n_audio_ctx: v[1],
        n_audio_state: v[2],
        n_audio_head: v[3],
        n_audio_layer: v[4],
        n_text_ctx: v[5],
        n_text_state: v[6],
        n_text_head: v[7],
        n_text_layer: v[8],
        n_mels: v[9],
        ftype: u32::try_from(ftype).unwrap_or(u32::MAX),
    };
    let Some(weight) = h.weight_type() else {
        return Err(format!("unknown weight type (ftype {ftype})"));
    };
    if h.n_text_state != h.n_audio_state
        || !h.n_audio_state.is_multiple_of(h.n_audio_head)
        || !h.n_text_state.is_multiple_of(h.n_text_head)
        || h.n_audio_layer > 64
        || h.n_text_layer > 64
        || h.n_mels > 512
    {
        return Err("the hyper-parameters do not describe a Whisper model".into());
    }
    let (n_mel, n_fft) = (r.i32()?, r.i32()?);
    if n_mel as usize != h.n_mels || n_fft as usize != N_FFT_BINS {
        return Err(format!(
            "the mel filter bank is {n_mel} × {n_fft}, expected {} × {N_FFT_BINS}",
            h.n_mels
        ));
    }
    r.skip_bytes(4 * h.n_mels as u64 * N_FFT_BINS as u64)?;
    let tokens = r.i32()?;
    if tokens < 0 || tokens as usize > h.n_vocab {
        return Err(format!(
            "{tokens} tokens listed for a vocabulary of {}",
            h.n_vocab
        ));
    }
    for _ in 0..tokens {
        let n = r.i32()?;
        if !(0..=1024).contains(&n) {
            return Err(format!("a token of {n} bytes"));
        }
        r.skip_bytes(n as u64)?;
    }
    let expected = tensors(&h);
    let mut seen = vec![false; expected.len()];
    while r.at < r.len {
        let (n_dims, name_len, type_id) = (r.i32()?, r.i32()?, r.i32()?);
        if !(1..=4).contains(&n_dims) || !(1..=256).contains(&name_len) {
            return Err(format!("a tensor header at byte {} is damaged", r.at - 12));
        }
        let mut ne = Vec::new();
        for _ in 0..n_dims {
            ne.push(r.i32()?.max(0) as usize);
        }
        let name = String::from_utf8_lossy(&r.bytes(name_len as usize)?).into_owned();
        let Some(index) = expected.iter().position(|t| t.name == name) else {
            return Err(format!("unknown tensor {name:?}"));
        };
        if std::mem::replace(&mut seen[index], true) {
            return Err(format!("tensor {name} appears twice"));
        }
        let spec = &expected[index];
        if ne != spec.ne {
            return Err(format!(
                "tensor {name} has shape {ne:?}, expected {:?}",
                spec.ne
            ));
        }
        let want = match (spec.storage, weight) {
            (Storage::Weight, w) => w,
            (Storage::Conv, TensorType::F32) => TensorType::F32,
            (Storage::Conv, _) => TensorType::F16,
            (Storage::F32, _) => TensorType::F32,
        };
        let found = u32::try_from(type_id).ok().and_then(TensorType::from_id);
        if found != Some(want) {
            return Err(format!(
                "tensor {name} is stored as ggml type {type_id}, expected {}",
                want.id
            ));
        }
        let elements: usize = ne.iter().product();
        let Some(bytes) = want.bytes(ne[0], elements) else {
            return Err(format!("tensor {name}'s rows are not whole blocks"));
        };
        r.skip_bytes(bytes as u64)?;
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(format!("tensor {} is missing", expected[missing].name));
    }
    Ok(ModelFacts {
        hparams: h,
        tokens: tokens as usize,
        bytes: len,
    })
}

/// Reads a file front to back, never past the length it was told.
struct Reader<'a> {
    input: &'a mut dyn Read,
    at: u64,
    len: u64,
    skip: Vec<u8>,
}

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Result<Vec<u8>, String> {
        self.need(n as u64)?;
        let mut buf = vec![0; n];
        self.input.read_exact(&mut buf).map_err(|e| e.to_string())?;
        self.at += n as u64;
        Ok(buf)
    }

    fn need(&self, n: u64) -> Result<(), String> {
        if self.len - self.at < n {
            Err(format!(
                "the file is cut short: it ends at byte {} inside a part that needs {n} bytes from byte {}",
                self.len, self.at
            ))
        } else {
            Ok(())
        }
    }

    fn skip_bytes(&mut self, mut n: u64) -> Result<(), String> {
        self.need(n)?;
        while n > 0 {
            let step = n.min(self.skip.len() as u64) as usize;
            self.input
                .read_exact(&mut self.skip[..step])
                .map_err(|e| e.to_string())?;
            n -= step as u64;
            self.at += step as u64;
        }
        Ok(())
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i32(&mut self) -> Result<i32, String> {
        self.u32().map(|v| v as i32)
    }
}
