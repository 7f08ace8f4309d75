//! Raw bytes to checked text: size limit, encoding (BOM, UTF-16, NUL, invalid UTF-8), CRLF.

use super::error::ImportError;

/// A pack file's text, decoded and normalised, with a line index for error locations.
#[derive(Debug)]
pub(crate) struct Source {
    /// The file name as given, for messages.
    pub file: String,
    /// UTF-8 text without BOM, with `\n` line endings only.
    pub text: String,
    line_starts: Vec<usize>,
}

impl Source {
    /// Checks and decodes `bytes`; every refusal names the line (and column) and the fix.
    #[cfg(test)]
    pub fn decode(file: &str, bytes: &[u8]) -> Result<Self, ImportError> {
        Self::decode_limited(file, bytes, super::validate::MAX_FILE_BYTES)
    }

    /// [`Source::decode`] with a size limit of `limit` bytes.
    pub fn decode_limited(file: &str, bytes: &[u8], limit: usize) -> Result<Self, ImportError> {
        let err = |line: usize, column: Option<usize>, message: String| ImportError {
            file: file.to_string(),
            line: Some(line),
            column,
            message,
        };
        if bytes.len() > limit {
            return Err(too_big(file, bytes.len() as u64, limit));
        }
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(err(
                1,
                Some(1),
                "the file is UTF-16 encoded: save it as UTF-8".into(),
            ));
        }
        if let Some(nul) = bytes.iter().position(|&b| b == 0) {
            let (line, column) = byte_location(&bytes[..nul]);
            return Err(err(
                line,
                Some(column),
                format!(
                    "NUL byte at byte {nul}: the file looks like UTF-16 or binary data, not text; save it as UTF-8"
                ),
            ));
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.valid_up_to();
                let (line, column) = byte_location(&bytes[..at]);
                return Err(err(
                    line,
                    Some(column),
                    format!(
                        "invalid UTF-8 at byte {at}: the file is in another encoding; save it as UTF-8"
                    ),
                ));
            }
        };
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(err(
                1,
                None,
                "the file is empty: add at least one question".into(),
            ));
        }
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_string()
        };
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Ok(Self {
            file: file.to_string(),
            text,
            line_starts,
        })
    }

    /// 1-based line and column (in characters) of a byte offset into `text`.
    pub fn location(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// An error at a byte offset.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> ImportError {
        let (line, column) = self.location(offset);
        self.error(Some(line), Some(column), message)
    }

    /// An error with an explicit location.
    pub fn error(
        &self,
        line: Option<usize>,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: self.file.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// The file's stem made into a title: "behavioral_questions.csv" → "Behavioral questions".
    pub fn title_from_file_name(&self) -> String {
        let name = std::path::Path::new(&self.file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        let stem = name.split('.').next().unwrap_or("");
        let words = stem.replace(['_', '-'], " ");
        let words = words.trim();
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => "Imported questions".to_string(),
        }
    }
}

/// The refusal of a file over `limit` bytes.
pub(crate) fn too_big(file: &str, len: u64, limit: usize) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: None,
        column: None,
        message: format!(
            "the file is {len} bytes; a pack file may be at most {} MiB ({limit} bytes): split it into several packs",
            limit / (1024 * 1024)
        ),
    }
}

/// 1-based line and column just after `prefix` (column counted in bytes: the text may not be valid).
fn byte_location(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, prefix.len() - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let s = Source::decode("a.txt", b"\xEF\xBB\xBFone\r\ntwo\rthree").unwrap();
        assert_eq!(s.text, "one\ntwo\nthree");
        assert_eq!(s.location(4), (2, 1));
        assert_eq!(s.location(6), (2, 3));
    }

    #[test]
    fn refuses_bad_encodings_with_locations() {
        let e = Source::decode("a.txt", b"\xFF\xFEh\0i\0").unwrap_err();
        assert!(e.message.contains("UTF-16"), "{e}");
        let e = Source::decode("a.txt", b"ok\nab\0c").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        let e = Source::decode("a.txt", b"ok\nab\xC3(").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
        assert!(e.message.contains("byte 5"), "{e}");
        let e = Source::decode("a.txt", b" \n\t").unwrap_err();
        assert!(e.message.contains("empty"));
    }

    #[test]
    fn title_from_file_name() {
        let s = Source::decode("/x/behavioral_questions.csv", b"q").unwrap();
        assert_eq!(s.title_from_file_name(), "Behavioral questions");
    }
}
