//! The native `*.pack.json` format: version check, strict fields, positions for every error.

use std::collections::HashMap;

use super::error::ImportError;
use super::model::{FORMAT_MAJOR, FORMAT_VERSION, Pack, parse_version, reads_in_full};
use super::parsed::{NewerFormat, problem_message};
use super::source::Source;
use super::validate::{Place, Problem};

/// Deepest nesting of arrays/objects accepted (a 1.x pack needs 4: pack, questions, question, tips).
pub const MAX_DEPTH: usize = 8;

/// Field names of each object in format 1.1 (the schema test keeps these in step with the model).
pub(crate) const PACK_FIELDS: &[&str] = &[
    "format_version",
    "id",
    "title",
    "description",
    "defaults",
    "questions",
];
pub(crate) const TIMINGS_FIELDS: &[&str] = &["think_seconds", "answer_seconds"];
pub(crate) const QUESTION_FIELDS: &[&str] = &[
    "id",
    "text",
    "type",
    "framework",
    "category",
    "tips",
    "follow_ups",
    "think_seconds",
    "answer_seconds",
];

/// A native pack as read (not yet validated), with where each value is in the text.
pub(crate) struct JsonPack {
    /// The pack; `format_version` is "1.0" or "1.1" (what fits it) for any 1.x file, or the
    /// newer major's version.
    pub pack: Pack,
    /// What was noticed but accepted.
    pub warnings: Vec<String>,
    /// Where each value starts, for validation messages.
    pub positions: Positions,
    /// Set for a newer major format: the pack is read-only.
    pub newer_format: Option<NewerFormat>,
}

/// Parses a native pack (the caller validates it).
pub(crate) fn parse(source: &Source) -> Result<JsonPack, ImportError> {
    check_depth(source)?;
    let value: serde_json::Value =
        serde_json::from_str(&source.text).map_err(|e| serde_error(source, &e))?;
    let scan = Positions::scan(&source.text);
    let Some(root) = value.as_object() else {
        return Err(source.error(
            Some(1),
            Some(1),
            "the file is JSON but not a pack: a pack is an object { \"format_version\": \"1.0\", \"id\": …, \"questions\": [ … ] }",
        ));
    };
    let version_at = |scan: &Positions| scan.offset("format_version").unwrap_or(0);
    let version = match root.get("format_version") {
        None => {
            return Err(source.error(
                Some(1),
                Some(1),
                format!(
                    "\"format_version\" is missing: add \"format_version\": \"{FORMAT_VERSION}\" at the top of the pack"
                ),
            ));
        }
        Some(v) => v.as_str().and_then(parse_version).ok_or_else(|| {
            source.error_at(
                version_at(&scan),
                format!(
                    "format_version must be a string \"major.minor\", e.g. \"{FORMAT_VERSION}\", not {v}"
                ),
            )
        })?,
    };
    let (major, minor) = version;
    // 1.0 and 1.1 are read strictly (a 1.0 file may hold a framework: it is stored as 1.1).
    if reads_in_full(major, minor) {
        let pack = serde_json::from_str(&source.text).map_err(|e| serde_error(source, &e))?;
        return Ok(JsonPack {
            pack,
            warnings: Vec::new(),
            positions: scan,
            newer_format: None,
        });
    }
    if major < FORMAT_MAJOR {
        return Err(source.error_at(
            version_at(&scan),
            format!(
                "format_version {major}.{minor} is not supported: this app reads pack format {FORMAT_MAJOR}.x (it writes {FORMAT_VERSION}); save the pack as format {FORMAT_VERSION}"
            ),
        ));
    }
    let (text, ignored) = scan.without_unknown_fields(&source.text);
    let mut pack: Pack = serde_json::from_str(&text).map_err(|e| {
        let mut error = serde_error(source, &e);
        error.message = format!(
            "this pack is format {major}.{minor}, from a newer version of Rehearse, and this version cannot read it ({}): update Rehearse to use it",
            error.message
        );
        error
    })?;
    if major == FORMAT_MAJOR {
        let ignored_note = if ignored.is_empty() {
            String::new()
        } else {
            format!(": unknown fields were ignored ({})", ignored.join(", "))
        };
        // What was read is a pack of this build's format now; it is stored and exported as
        // such (`finish_pack` writes the version that fits it).
        pack.format_version = pack.fitting_format_version().to_string();
        let warning = format!(
            "the pack is format {major}.{minor}, newer than this app's {FORMAT_VERSION}{ignored_note}"
        );
        return Ok(JsonPack {
            pack,
            warnings: vec![warning],
            positions: scan,
            newer_format: None,
        });
    }
    let kept = if ignored.is_empty() {
        String::new()
    } else {
        format!(
            "; fields this version does not know were ignored here but stay in the file ({})",
            ignored.join(", ")
        )
    };
    let warning = format!(
        "the pack is format {major}.{minor}, written by a newer version of Rehearse: it is read-only here (practise with it, or duplicate it to edit a copy){kept}"
    );
    Ok(JsonPack {
        newer_format: Some(NewerFormat {
            version: pack.format_version.clone(),
            ignored_fields: ignored,
            text: source.text.clone(),
        }),
        pack,
        warnings: vec![warning],
        positions: scan,
    })
}

/// Refuses nesting deeper than [`MAX_DEPTH`] before serde sees it.
fn check_depth(source: &Source) -> Result<(), ImportError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, b) in source.text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(source.error_at(
                        i,
                        format!(
                            "the JSON is nested more than {MAX_DEPTH} levels deep here; a pack nests at most 4 (pack, questions, question, tips): remove the extra brackets"
                        ),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A serde_json error as an [`ImportError`] with its line, column and a hint.
fn serde_error(source: &Source, e: &serde_json::Error) -> ImportError {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    let hint = match e.classify() {
        serde_json::error::Category::Eof => {
            "the file ends too early: a closing bracket, brace or quote is missing"
        }
        serde_json::error::Category::Syntax => {
            "fix the JSON syntax here (a missing or extra comma, quote, colon or bracket?)"
        }
        serde_json::error::Category::Data if message.starts_with("unknown field") => {
            "remove the field or fix its spelling"
        }
        serde_json::error::Category::Data if message.starts_with("missing field") => {
            "add the missing field"
        }
        // The message already says which names to use.
        serde_json::error::Category::Data if message.starts_with("unknown framework") => "",
        serde_json::error::Category::Data => "fix the value's type",
        serde_json::error::Category::Io => "the file could not be read",
    };
    let (line, column) = (e.line(), e.column());
    let message = if hint.is_empty() {
        message.to_string()
    } else {
        format!("{message}: {hint}")
    };
    source.error(
        (line > 0).then_some(line),
        (column > 0).then_some(column),
        message,
    )
}

/// The line of a validation problem in a JSON pack.
pub(crate) fn problem_error(
    source: &Source,
    scan: &Positions,
    p: &Problem,
    more: usize,
) -> ImportError {
    let message = problem_message(p, more);
    let offset = match &p.place {
        Place::Pack(path) => scan.offset(path),
        Place::Question { index, field } => scan
            .offset(&format!("questions/{index}/{field}"))
            .or_else(|| scan.offset(&format!("questions/{index}"))),
    };
    match offset {
        Some(o) => source.error_at(o, message),
        None => source.error(Some(1), None, message),
    }
}

/// Where each value of a well-formed JSON text starts, and each object member's span.
#[derive(Debug, Default)]
pub(crate) struct Positions {
    values: HashMap<String, usize>,
    members: Vec<Member>,
    text_len: usize,
}

#[derive(Debug)]
struct Member {
    /// The containing object's path ("" for the root).
    parent: String,
    key: String,
    /// From the key's opening quote to the end of its value.
    span: std::ops::Range<usize>,
    /// The comma after this member, if any.
    comma_after: Option<usize>,
}

impl Positions {
    /// Scans `text`, which serde_json has already accepted (so it is well formed and shallow).
    fn scan(text: &str) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            out: Positions {
                text_len: text.len(),
                ..Self::default()
            },
        };
        scanner.ws();
        scanner.value(String::new(), 0);
        scanner.out
    }

    /// Byte offset where the value at `path` ("questions/3/id") starts.
    fn offset(&self, path: &str) -> Option<usize> {
        self.values
            .get(path)
            .copied()
            .filter(|&o| o <= self.text_len)
    }

    /// `text` with members unknown to this build's format blanked out (newlines kept, so positions hold).
    fn without_unknown_fields(&self, text: &str) -> (String, Vec<String>) {
        let allowed = |parent: &str| -> Option<&[&str]> {
            if parent.is_empty() {
                Some(PACK_FIELDS)
            } else if parent == "defaults" {
                Some(TIMINGS_FIELDS)
            } else {
                let rest = parent.strip_prefix("questions/")?;
                rest.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then_some(QUESTION_FIELDS)
            }
        };
        let mut bytes = text.as_bytes().to_vec();
        let mut blank = |range: std::ops::Range<usize>| {
            for b in &mut bytes[range] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        };
        let mut ignored = Vec::new();
        // Members are recorded as they end (children before parents): group them per object.
        let mut groups: HashMap<&str, Vec<(&Member, bool)>> = HashMap::new();
        for m in &self.members {
            let Some(fields) = allowed(&m.parent) else {
                continue;
            };
            let keep = fields.contains(&m.key.as_str());
            if !keep {
                let name = if m.parent.is_empty() {
                    m.key.clone()
                } else {
                    format!("{}/{}", m.parent, m.key)
                };
                ignored.push(name);
            }
            groups.entry(&m.parent).or_default().push((m, keep));
        }
        for list in groups.values() {
            for (i, (m, keep)) in list.iter().enumerate() {
                if !keep {
                    blank(m.span.clone());
                }
                let kept_later = list[i + 1..].iter().any(|(_, k)| *k);
                if let Some(c) = m.comma_after
                    && !(*keep && kept_later)
                {
                    blank(c..c + 1);
                }
            }
        }
        // Only ASCII bytes were replaced by spaces inside whole members, so this stays UTF-8.
        let text = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
        (text, ignored)
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    out: Positions,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> String {
        let start = self.pos + 1;
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => break,
                _ => {}
            }
        }
        let end = self.pos.saturating_sub(1).max(start);
        String::from_utf8_lossy(self.bytes.get(start..end).unwrap_or_default()).into_owned()
    }

    fn value(&mut self, path: String, depth: usize) {
        self.out.values.insert(path.clone(), self.pos);
        if depth > MAX_DEPTH {
            return;
        }
        let child = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}/{key}")
            }
        };
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(b'}') => {
                            self.pos += 1;
                            return;
                        }
                        _ => return,
                    }
                    let key_start = self.pos;
                    let key = self.string();
                    self.ws();
                    if self.peek() != Some(b':') {
                        return;
                    }
                    self.pos += 1;
                    self.ws();
                    self.value(child(&key), depth + 1);
                    let value_end = self.pos;
                    self.ws();
                    let comma_after = (self.peek() == Some(b',')).then_some(self.pos);
                    self.out.members.push(Member {
                        parent: path.clone(),
                        key,
                        span: key_start..value_end,
                        comma_after,
                    });
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                let mut index = 0;
                loop {
                    self.ws();
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            return;
                        }
                        None => return,
                        _ => {}
                    }
                    self.value(child(&index.to_string()), depth + 1);
                    index += 1;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::decode("t.pack.json", text.as_bytes()).unwrap()
    }

    #[test]
    fn scanner_finds_paths() {
        let text = "{\"a\": 1,\n \"questions\": [ {\"id\": \"x\"},\n {\"id\": \"y\", \"t\": [1, {\"k\": null}]} ]}";
        let s = Positions::scan(text);
        assert_eq!(s.offset("a"), Some(6));
        let (line, _) = src(text).location(s.offset("questions/1/id").unwrap());
        assert_eq!(line, 3);
        assert!(s.offset("questions/1/t/1/k").is_some());
    }

    #[test]
    fn blanking_unknown_members_keeps_valid_json_and_lines() {
        let text = "{\"format_version\": \"1.1\", \"x\": {\"deep\": [1]},\n\"id\": \"p\", \"defaults\": {\"a\": 1, \"think_seconds\": 1}, \"y\": 2, \"z\": \"é\"}";
        let (out, ignored) = Positions::scan(text).without_unknown_fields(text);
        assert_eq!(ignored, ["x", "defaults/a", "y", "z"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"format_version": "1.1", "id": "p", "defaults": {"think_seconds": 1}})
        );
        assert_eq!(out.lines().count(), 2);
    }

    #[test]
    fn field_lists_match_the_model() {
        let schema: serde_json::Value = serde_json::from_str(&crate::pack::json_schema()).unwrap();
        let keys = |v: &serde_json::Value| {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            k.sort();
            k
        };
        let sorted = |f: &[&str]| {
            let mut f: Vec<String> = f.iter().map(|s| s.to_string()).collect();
            f.sort();
            f
        };
        assert_eq!(keys(&schema), sorted(PACK_FIELDS));
        assert_eq!(keys(&schema["$defs"]["Timings"]), sorted(TIMINGS_FIELDS));
        assert_eq!(keys(&schema["$defs"]["Question"]), sorted(QUESTION_FIELDS));
    }

    #[test]
    fn versions() {
        use crate::pack::model::parse_version;
        assert_eq!(parse_version("1.0"), Some((1, 0)));
        assert_eq!(parse_version("12.34"), Some((12, 34)));
        for bad in ["1", "1.", ".1", "1.0.0", "v1.0", "1.-1", " 1.0"] {
            assert_eq!(parse_version(bad), None, "{bad}");
        }
    }
}
