//! Reading a CTranslate2 model file (`model.bin`, binary format version 6), as
//! `ctranslate2/specs/model_spec.py` `_serialize` writes it, all little-endian:
//! the version (`u32`), the spec's name (a string), its revision (`u32`), the variable count
//! (`u32`), then per variable its name, rank (`u8`), dimensions (`u32` each), type (`u8`:
//! float32, int8, int16, int32, float16, bfloat16), byte count (`u32`) and bytes; last the
//! aliases (a count, then name and target). A string is a `u16` length that counts its
//! closing NUL, the UTF-8 bytes, and the NUL.

use std::collections::BTreeMap;

use super::convert::ConvertError;

/// The binary format version this reader understands.
pub const BINARY_VERSION: u32 = 6;

/// How a variable's values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    /// 32-bit float.
    F32,
    /// 8-bit integer (quantised weights, flags).
    I8,
    /// 16-bit integer.
    I16,
    /// 32-bit integer.
    I32,
    /// 16-bit float.
    F16,
    /// bfloat16.
    BF16,
}

impl DType {
    fn from_id(id: u8) -> Option<Self> {
        Some(match id {
            0 => Self::F32,
            1 => Self::I8,
            2 => Self::I16,
            3 => Self::I32,
            4 => Self::F16,
            5 => Self::BF16,
            _ => return None,
        })
    }

    /// Bytes per value.
    pub fn size(self) -> usize {
        match self {
            Self::I8 => 1,
            Self::I16 | Self::F16 | Self::BF16 => 2,
            Self::F32 | Self::I32 => 4,
        }
    }

    /// Its name in CTranslate2's terms.
    pub fn name(self) -> &'static str {
        match self {
            Self::F32 => "float32",
            Self::I8 => "int8",
            Self::I16 => "int16",
            Self::I32 => "int32",
            Self::F16 => "float16",
            Self::BF16 => "bfloat16",
        }
    }
}

/// One variable: its shape, type and bytes (borrowed from the file).
#[derive(Debug, Clone)]
pub struct Variable<'a> {
    /// Dimensions, outermost first (row-major).
    pub shape: Vec<usize>,
    /// Value type.
    pub dtype: DType,
    /// The values' bytes, little-endian.
    pub bytes: &'a [u8],
}

/// A parsed model: the spec's name and every variable by name, aliases resolved.
#[derive(Debug)]
pub struct Model<'a> {
    /// The spec's class name, `WhisperSpec` for Whisper.
    pub spec: String,
    variables: BTreeMap<String, Variable<'a>>,
    aliases: BTreeMap<String, String>,
}

impl<'a> Model<'a> {
    /// Parses a whole `model.bin`.
    pub fn parse(data: &'a [u8]) -> Result<Self, ConvertError> {
        let mut r = Cursor { data, at: 0 };
        let version = r.u32()?;
        if version != BINARY_VERSION {
            return Err(ConvertError::Version(version));
        }
        let spec = r.string()?;
        let _revision = r.u32()?;
        let count = r.u32()?;
        let mut variables = BTreeMap::new();
        for _ in 0..count {
            let name = r.string()?;
            let rank = r.u8()?;
            let mut shape = Vec::with_capacity(usize::from(rank));
            for _ in 0..rank {
                shape.push(r.u32()? as usize);
            }
            let type_id = r.u8()?;
            let dtype = DType::from_id(type_id).ok_or_else(|| {
                ConvertError::Invalid(format!("{name} has the unknown type id {type_id}"))
            })?;
            let bytes = r.u32()? as usize;
            let elements = shape
                .iter()
                .try_fold(1usize, |n, &d| n.checked_mul(d))
                .filter(|n| n.checked_mul(dtype.size()) == Some(bytes));
            if elements.is_none() {
                return Err(ConvertError::Invalid(format!(
                    "{name} holds {bytes} bytes, which is not its shape {shape:?} of {}",
                    dtype.name()
                )));
            }
            let bytes = r.take(bytes)?;
            variables.insert(
                name,
                Variable {
                    shape,
                    dtype,
                    bytes,
                },
            );
        }
        let mut aliases = BTreeMap::new();
        for _ in 0..r.u32()? {
            let alias = r.string()?;
            aliases.insert(alias, r.string()?);
        }
        if r.at != data.len() {
            return Err(ConvertError::Invalid(format!(
                "{} bytes follow the last part of the model",
                data.len() - r.at
            )));
        }
        Ok(Self {
            spec,
            variables,
            aliases,
        })
    }

    /// The variable called `name` (or the one it is an alias of).
    pub fn get(&self, name: &str) -> Result<&Variable<'a>, ConvertError> {
        let target = self.aliases.get(name).map_or(name, String::as_str);
        self.variables
            .get(target)
            .ok_or_else(|| ConvertError::Missing(name.to_string()))
    }

    /// Whether `name` is a stored variable (not an alias).
    pub fn has_variable(&self, name: &str) -> bool {
        self.variables.contains_key(name)
    }

    /// The target of alias `name`, if it is one.
    pub fn alias(&self, name: &str) -> Option<&str> {
        self.aliases.get(name).map(String::as_str)
    }

    /// A scalar integer flag or count (`num_heads`), whatever its integer type.
    pub fn integer(&self, name: &str) -> Result<i64, ConvertError> {
        let v = self.get(name)?;
        let b = v.bytes;
        let value = match (v.dtype, b.len()) {
            (DType::I8, 1) => i64::from(b[0] as i8),
            (DType::I16, 2) => i64::from(i16::from_le_bytes([b[0], b[1]])),
            (DType::I32, 4) => i64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            _ => {
                return Err(ConvertError::Invalid(format!(
                    "{name} is not an integer scalar"
                )));
            }
        };
        Ok(value)
    }

    /// How many `{prefix}{i}/...` layers exist, counting from 0.
    pub fn layers(&self, prefix: &str) -> usize {
        let mut n = 0;
        while self
            .variables
            .range(format!("{prefix}{n}/")..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&format!("{prefix}{n}/")))
        {
            n += 1;
        }
        n
    }
}

/// A position in the file; every read is checked against its end.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ConvertError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.data.len())
            .ok_or(ConvertError::Truncated {
                at: self.data.len(),
                needed: self.at.saturating_add(n),
            })?;
        let bytes = &self.data[self.at..end];
        self.at = end;
        Ok(bytes)
    }

    fn u8(&mut self) -> Result<u8, ConvertError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, ConvertError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, ConvertError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Result<String, ConvertError> {
        let n = usize::from(self.u16()?);
        let bytes = self.take(n)?;
        match bytes.split_last() {
            Some((0, text)) => std::str::from_utf8(text)
                .map(str::to_string)
                .map_err(|_| ConvertError::Invalid("a name is not UTF-8".into())),
            _ => Err(ConvertError::Invalid(
                "a name does not end with a NUL byte".into(),
            )),
        }
    }
}
