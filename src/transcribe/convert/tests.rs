//! The converter on small synthetic CTranslate2 Whisper models built here.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::*;

/// Encoder/decoder width, heads, positions, mels of the synthetic model.
const D: usize = 8;
const HEADS: i16 = 2;
const AUDIO_CTX: usize = 6;
const TEXT_CTX: usize = 5;
const MELS: usize = 4;
/// Two ordinary tokens (one with a byte-level space), then the special ones.
const VOCABULARY: &str = "a\n\u{120}b\n\u{10a}\n<|endoftext|>\n<|startoftranscript|>\n";
const N_VOCAB: usize = 5;

/// A CTranslate2 variable to write: name, shape, type id, bytes.
struct Var {
    name: String,
    shape: Vec<usize>,
    dtype: u8,
    bytes: Vec<u8>,
}

/// A synthetic Whisper spec: one encoder and one decoder layer, float16 values that count up
/// from each variable's own start (so every element is recognisable), zero key biases.
fn variables() -> Vec<Var> {
    let mut vars = Vec::new();
    let mut next = 0u16;
    let mut f16 = |name: &str, shape: &[usize]| {
        let n: usize = shape.iter().product();
        // small positive and negative normal halves, distinct per element
        let bytes = (0..n)
            .flat_map(|_| {
                next = next.wrapping_add(1);
                let sign = if next.is_multiple_of(3) { 0x8000 } else { 0 };
                let h = (0x2000 + next % 0x1800) | sign;
                h.to_le_bytes()
            })
            .collect();
        Var {
            name: name.to_string(),
            shape: shape.to_vec(),
            dtype: 4,
            bytes,
        }
    };
    let linear = |f16: &mut dyn FnMut(&str, &[usize]) -> Var, p: &str, rows: usize, cols: usize| {
        vec![
            f16(&format!("{p}/weight"), &[rows, cols]),
            f16(&format!("{p}/bias"), &[rows]),
        ]
    };
    let norm = |f16: &mut dyn FnMut(&str, &[usize]) -> Var, p: &str| {
        vec![
            f16(&format!("{p}/gamma"), &[D]),
            f16(&format!("{p}/beta"), &[D]),
        ]
    };
    vars.push(f16("encoder/conv1/weight", &[D, MELS, 3]));
    vars.push(f16("encoder/conv1/bias", &[D]));
    vars.push(f16("encoder/conv2/weight", &[D, D, 3]));
    vars.push(f16("encoder/conv2/bias", &[D]));
    vars.push(f16("encoder/position_encodings/encodings", &[AUDIO_CTX, D]));
    vars.extend(norm(&mut f16, "encoder/layer_norm"));
    let p = "encoder/layer_0";
    vars.extend(norm(&mut f16, &format!("{p}/self_attention/layer_norm")));
    vars.extend(linear(
        &mut f16,
        &format!("{p}/self_attention/linear_0"),
        3 * D,
        D,
    ));
    vars.extend(linear(
        &mut f16,
        &format!("{p}/self_attention/linear_1"),
        D,
        D,
    ));
    vars.extend(norm(&mut f16, &format!("{p}/ffn/layer_norm")));
    vars.extend(linear(&mut f16, &format!("{p}/ffn/linear_0"), 4 * D, D));
    vars.extend(linear(&mut f16, &format!("{p}/ffn/linear_1"), D, 4 * D));
    vars.push(f16("decoder/embeddings/weight", &[N_VOCAB, D]));
    vars.push(f16("decoder/position_encodings/encodings", &[TEXT_CTX, D]));
    vars.extend(norm(&mut f16, "decoder/layer_norm"));
    let p = "decoder/layer_0";
    vars.extend(norm(&mut f16, &format!("{p}/self_attention/layer_norm")));
    vars.extend(linear(
        &mut f16,
        &format!("{p}/self_attention/linear_0"),
        3 * D,
        D,
    ));
    vars.extend(linear(
        &mut f16,
        &format!("{p}/self_attention/linear_1"),
        D,
        D,
    ));
    vars.extend(norm(&mut f16, &format!("{p}/attention/layer_norm")));
    vars.extend(linear(&mut f16, &format!("{p}/attention/linear_0"), D, D));
    vars.extend(linear(
        &mut f16,
        &format!("{p}/attention/linear_1"),
        2 * D,
        D,
    ));
    vars.extend(linear(&mut f16, &format!("{p}/attention/linear_2"), D, D));
    vars.extend(norm(&mut f16, &format!("{p}/ffn/layer_norm")));
    vars.extend(linear(&mut f16, &format!("{p}/ffn/linear_0"), 4 * D, D));
    vars.extend(linear(&mut f16, &format!("{p}/ffn/linear_1"), D, 4 * D));
    for side in ["encoder", "decoder"] {
        vars.push(Var {
            name: format!("{side}/num_heads"),
            shape: vec![],
            dtype: 2,
            bytes: HEADS.to_le_bytes().to_vec(),
        });
    }
    // the key's part of each fused bias is zero, as CTranslate2's converter fills it
    for v in &mut vars {
        let key = if v.name.ends_with("self_attention/linear_0/bias") {
            Some(D..2 * D)
        } else if v.name.ends_with("attention/linear_1/bias") && v.name.contains("decoder") {
            Some(0..D)
        } else {
            None
        };
        if let Some(rows) = key {
            v.bytes[2 * rows.start..2 * rows.end].fill(0);
        }
    }
    vars.sort_by(|a, b| a.name.cmp(&b.name));
    vars
}

fn write_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u16 + 1).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
    out.push(0);
}

/// `vars` as a CTranslate2 `model.bin` of `version`, with the projection aliased.
fn model_bin(vars: &[Var], version: u32) -> Vec<u8> {
    let mut out = version.to_le_bytes().to_vec();
    write_string(&mut out, "WhisperSpec");
    out.extend_from_slice(&3u32.to_le_bytes());
    out.extend_from_slice(&(vars.len() as u32).to_le_bytes());
    for v in vars {
        write_string(&mut out, &v.name);
        out.push(v.shape.len() as u8);
        for &d in &v.shape {
            out.extend_from_slice(&(d as u32).to_le_bytes());
        }
        out.push(v.dtype);
        out.extend_from_slice(&(v.bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&v.bytes);
    }
    out.extend_from_slice(&1u32.to_le_bytes());
    write_string(&mut out, "decoder/projection/weight");
    write_string(&mut out, "decoder/embeddings/weight");
    out
}

fn converted(bin: &[u8], vocabulary: &str) -> Result<Vec<u8>, ConvertError> {
    let mut out = Vec::new();
    convert(bin, vocabulary, &mut out)?;
    Ok(out)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The tensors of a ggml file by name: (dimensions, type id, data).
fn ggml_tensors(file: &[u8], tokens_at: usize) -> BTreeMap<String, (Vec<usize>, u32, Vec<u8>)> {
    let i32_at = |at: usize| i32::from_le_bytes(file[at..at + 4].try_into().unwrap());
    let mut at = tokens_at;
    let tokens = i32_at(at);
    at += 4;
    for _ in 0..tokens {
        at += 4 + i32_at(at) as usize;
    }
    let mut out = BTreeMap::new();
    while at < file.len() {
        let (dims, name_len, kind) = (i32_at(at), i32_at(at + 4), i32_at(at + 8) as u32);
        at += 12;
        let ne: Vec<usize> = (0..dims)
            .map(|i| i32_at(at + 4 * i as usize) as usize)
            .collect();
        at += 4 * dims as usize;
        let name = String::from_utf8(file[at..at + name_len as usize].to_vec()).unwrap();
        at += name_len as usize;
        let bytes = ne.iter().product::<usize>() * if kind == 0 { 4 } else { 2 };
        out.insert(name, (ne, kind, file[at..at + bytes].to_vec()));
        at += bytes;
    }
    out
}

fn var<'a>(vars: &'a [Var], name: &str) -> &'a Var {
    vars.iter().find(|v| v.name == name).unwrap()
}

#[test]
fn the_same_input_gives_the_same_bytes_and_whisper_cpp_s_layout() {
    let vars = variables();
    let bin = model_bin(&vars, 6);
    let first = converted(&bin, VOCABULARY).expect("converts");
    let second = converted(&bin, VOCABULARY).expect("converts again");
    assert_eq!(sha256(&first), sha256(&second));

    let facts = ggml::check(&mut first.as_slice(), first.len() as u64).expect("a sound ggml file");
    assert_eq!(
        facts.hparams,
        Hparams {
            n_vocab: N_VOCAB,
            n_audio_ctx: AUDIO_CTX,
            n_audio_state: D,
            n_audio_head: HEADS as usize,
            n_audio_layer: 1,
            n_text_ctx: TEXT_CTX,
            n_text_state: D,
            n_text_head: HEADS as usize,
            n_text_layer: 1,
            n_mels: MELS,
            ftype: 1,
        }
    );
    assert_eq!(facts.tokens, 3, "the tokens before <|endoftext|>");

    // the token bytes: "a", " b", "\n"
    let tokens_at = 48 + 8 + 4 * MELS * ggml::N_FFT_BINS;
    assert_eq!(&first[tokens_at..tokens_at + 4], &3i32.to_le_bytes());
    assert_eq!(
        &first[tokens_at + 4..tokens_at + 4 + 4 + 1 + 4 + 2 + 4 + 1],
        b"\x01\0\0\0a\x02\0\0\0 b\x01\0\0\0\n"
    );
    // the filter bank is whisper's, bit for bit
    let bank: Vec<u8> = mel::filters(MELS)
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    assert_eq!(&first[56..56 + bank.len()], bank.as_slice());

    let tensors = ggml_tensors(&first, tokens_at);
    assert_eq!(tensors.len(), 7 + 15 + 4 + 24, "every tensor once");
    let fused = &var(&vars, "encoder/layer_0/self_attention/linear_0/weight").bytes;
    let block = 2 * D * D;
    for (i, part) in ["query", "key", "value"].iter().enumerate() {
        let (ne, kind, data) = &tensors[&format!("encoder.blocks.0.attn.{part}.weight")];
        assert_eq!((ne.as_slice(), *kind), ([D, D].as_slice(), 1), "{part}");
        assert_eq!(data, &fused[i * block..(i + 1) * block], "{part}'s rows");
    }
    let kv = &var(&vars, "decoder/layer_0/attention/linear_1/bias").bytes;
    let (ne, kind, value_bias) = &tensors["decoder.blocks.0.cross_attn.value.bias"];
    assert_eq!((ne.as_slice(), *kind), ([D].as_slice(), 0), "float32");
    let widened: Vec<u8> = kv[2 * D..]
        .chunks_exact(2)
        .flat_map(|h| f16_to_f32(u16::from_le_bytes([h[0], h[1]])).to_le_bytes())
        .collect();
    assert_eq!(value_bias, &widened);
    assert!(!tensors.contains_key("decoder.blocks.0.cross_attn.key.bias"));
    let (ne, kind, _) = &tensors["encoder.conv1.bias"];
    assert_eq!((ne.as_slice(), *kind), ([1, D].as_slice(), 0));
    let (ne, kind, data) = &tensors["encoder.conv1.weight"];
    assert_eq!((ne.as_slice(), *kind), ([3, MELS, D].as_slice(), 1));
    assert_eq!(data, &var(&vars, "encoder/conv1/weight").bytes);
}

#[test]
fn a_truncated_file_is_an_error_at_every_length() {
    let bin = model_bin(&variables(), 6);
    for len in (0..bin.len()).step_by(7).chain([bin.len() - 1]) {
        match converted(&bin[..len], VOCABULARY) {
            Err(ConvertError::Truncated { at, .. }) => assert_eq!(at, len),
            other => panic!("cut at {len} of {}: {other:?}", bin.len()),
        }
    }
    let mut longer = bin.clone();
    longer.push(0);
    assert!(matches!(
        converted(&longer, VOCABULARY),
        Err(ConvertError::Invalid(_))
    ));
}

#[test]
fn another_format_version_is_refused() {
    for version in [5, 7] {
        let bin = model_bin(&variables(), version);
        match converted(&bin, VOCABULARY) {
            Err(e @ ConvertError::Version(v)) => {
                assert_eq!(v, version);
                assert!(e.to_string().contains("only version 6"), "{e}");
            }
            other => panic!("version {version}: {other:?}"),
        }
    }
}

#[test]
fn int8_weights_are_refused_by_name() {
    let mut vars = variables();
    let v = vars
        .iter_mut()
        .find(|v| v.name == "encoder/layer_0/ffn/linear_0/weight")
        .unwrap();
    // an int8-quantised weight: one byte per value (CTranslate2 adds a weight_scale)
    v.dtype = 1;
    v.bytes.truncate(v.bytes.len() / 2);
    let e = converted(&model_bin(&vars, 6), VOCABULARY).unwrap_err();
    assert!(
        matches!(&e, ConvertError::DType { name, dtype: "int8" } if name == "encoder/layer_0/ffn/linear_0/weight"),
        "{e:?}"
    );
    assert!(e.to_string().contains("only float16"), "{e}");
}

#[test]
fn a_key_bias_that_is_not_zero_is_refused() {
    let mut vars = variables();
    let v = vars
        .iter_mut()
        .find(|v| v.name == "decoder/layer_0/attention/linear_1/bias")
        .unwrap();
    v.bytes[2] = 1;
    let e = converted(&model_bin(&vars, 6), VOCABULARY).unwrap_err();
    assert!(matches!(e, ConvertError::KeyBias(_)), "{e:?}");
}

#[test]
fn wrong_shapes_missing_variables_and_other_specs_are_refused() {
    let mut vars = variables();
    vars.retain(|v| v.name != "decoder/layer_0/ffn/linear_1/bias");
    let e = converted(&model_bin(&vars, 6), VOCABULARY).unwrap_err();
    assert!(matches!(e, ConvertError::Missing(_)), "{e:?}");

    let mut vars = variables();
    let v = vars
        .iter_mut()
        .find(|v| v.name == "decoder/layer_0/self_attention/linear_1/weight")
        .unwrap();
    v.shape = vec![D / 2, 2 * D];
    let e = converted(&model_bin(&vars, 6), VOCABULARY).unwrap_err();
    assert!(matches!(e, ConvertError::Shape { .. }), "{e:?}");

    let mut bin = model_bin(&variables(), 6);
    let at = bin.windows(11).position(|w| w == b"WhisperSpec").unwrap();
    bin[at..at + 11].copy_from_slice(b"MarianSpec_");
    let e = converted(&bin, VOCABULARY).unwrap_err();
    assert!(matches!(e, ConvertError::NotWhisper(_)), "{e:?}");
}

#[test]
fn a_vocabulary_that_does_not_fit_is_refused() {
    let bin = model_bin(&variables(), 6);
    for (vocabulary, says) in [
        ("a\nb\n<|endoftext|>\n", "lines"),
        ("a\nb\nc\nd\ne\n", "no <|endoftext|>"),
        ("a\nb c\nd\n<|endoftext|>\ne\n", "line 2"),
    ] {
        let e = converted(&bin, vocabulary).unwrap_err();
        assert!(e.to_string().contains(says), "{vocabulary:?}: {e}");
    }
}

#[test]
fn halves_widen_exactly() {
    for (h, f) in [
        (0x3c00, 1.0f32),
        (0xc000, -2.0),
        (0x3555, 0.333_251_95),
        (0x7bff, 65_504.0),
        (0x0001, 5.960_464_5e-8),
        (0x03ff, 6.097_555e-5),
        (0x0400, 6.103_515_6e-5),
        (0x7c00, f32::INFINITY),
        (0xfc00, f32::NEG_INFINITY),
    ] {
        assert_eq!(f16_to_f32(h), f, "{h:#06x}");
    }
    assert_eq!(f16_to_f32(0x8000).to_bits(), (-0.0f32).to_bits());
    assert!(f16_to_f32(0x7e00).is_nan());
    // every positive finite half is larger than the one before
    let mut last = -1.0;
    for h in 0..0x7c00u16 {
        let v = f16_to_f32(h);
        assert!(v > last, "{h:#06x}");
        last = v;
    }
}

#[test]
fn the_byte_level_table_covers_every_byte_once() {
    let table = byte_of_char();
    let mut bytes: Vec<u8> = table.iter().flatten().copied().collect();
    bytes.sort_unstable();
    assert_eq!(bytes, (0..=255).collect::<Vec<u8>>());
    assert_eq!(table['Ġ' as usize], Some(b' '));
    assert_eq!(table['Ċ' as usize], Some(b'\n'));
    assert_eq!(table['!' as usize], Some(b'!'));
}
