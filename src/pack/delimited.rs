//! CSV/TSV import: Anki's `#key:value` header lines, a header row or positional columns, Quizlet pairs.

use super::draft::{Draft, DraftQuestion, type_named_in};
use super::error::ImportError;
use super::framework::Framework;
use super::model::QuestionType;
use super::source::Source;

/// The columns a row can map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Question,
    Type,
    Framework,
    Category,
    Tips,
    ThinkSeconds,
    AnswerSeconds,
    FollowUps,
    Id,
    Tags,
    Ignored,
}

impl Column {
    fn from_name(name: &str) -> Option<Self> {
        let n = name.trim().to_lowercase().replace(['-', ' '], "_");
        Some(match n.as_str() {
            "question" | "questions" | "front" | "term" | "prompt" | "text" | "q" => Self::Question,
            "type" | "kind" | "question_type" => Self::Type,
            "framework" | "answer_framework" => Self::Framework,
            "category" | "section" | "topic" | "group" => Self::Category,
            "tips" | "tip" | "back" | "definition" | "answer" | "notes" | "hint" | "hints" => {
                Self::Tips
            }
            "think_seconds" | "think" | "think_time" => Self::ThinkSeconds,
            "answer_seconds" | "answer_time" | "time_limit" | "seconds" => Self::AnswerSeconds,
            "follow_ups" | "followups" | "follow_up" => Self::FollowUps,
            "id" => Self::Id,
            "tags" => Self::Tags,
            _ => return None,
        })
    }
}

/// Whether the text starts with Anki's `#separator:`/`#columns:`/… header lines.
pub(crate) fn has_anki_header(text: &str) -> bool {
    text.lines().take_while(|l| l.starts_with('#')).any(|l| {
        let key = l[1..].split(':').next().unwrap_or("").trim().to_lowercase();
        l.contains(':') && matches!(key.as_str(), "separator" | "columns" | "html" | "tags")
    })
}

fn separator_named(value: &str) -> Option<u8> {
    Some(match value.trim().to_lowercase().as_str() {
        "comma" => b',',
        "semicolon" => b';',
        "tab" => b'\t',
        "space" => b' ',
        "pipe" => b'|',
        "colon" => b':',
        other => match other.as_bytes() {
            [c] if c.is_ascii() && !c.is_ascii_alphanumeric() && *c != b'"' && *c != b'\n' => *c,
            _ => return None,
        },
    })
}

/// Settings from the header lines at the top of the file.
#[derive(Default)]
struct Header {
    separator: Option<u8>,
    html: bool,
    columns: Option<(usize, String)>,
    tags: Vec<String>,
    /// Anki's `#tags column:` (1-based).
    tags_column: Option<usize>,
    /// Lines used by the header.
    lines: usize,
}

fn read_header(source: &Source, draft: &mut Draft) -> Result<Header, ImportError> {
    let mut h = Header::default();
    for (i, line) in source.text.lines().enumerate() {
        let line_no = i + 1;
        let Some(rest) = line.strip_prefix('#') else {
            break;
        };
        h.lines = line_no;
        let Some((key, value)) = rest.split_once(':') else {
            continue; // a comment line
        };
        let value = value.trim();
        let seconds = |what: &str| {
            value.parse::<u32>().map_err(|_| {
                source.error(
                    Some(line_no),
                    None,
                    format!("#{what}: \"{value}\" is not a whole number of seconds"),
                )
            })
        };
        match key.trim().to_lowercase().as_str() {
            "separator" => {
                h.separator = Some(separator_named(value).ok_or_else(|| {
                    source.error(
                        Some(line_no),
                        None,
                        format!(
                            "unknown #separator: \"{value}\": use Comma, Semicolon, Tab, Space, Pipe, Colon or a single character"
                        ),
                    )
                })?);
            }
            "html" => h.html = value.eq_ignore_ascii_case("true"),
            "columns" => h.columns = Some((line_no, value.to_string())),
            "tags" => h.tags = value.split_whitespace().map(str::to_string).collect(),
            "title" => draft.title = Some(value.to_string()),
            "id" => draft.id = Some(value.to_string()),
            "description" => draft.description = value.to_string(),
            "think_seconds" => {
                draft.think_seconds = Some(seconds("think_seconds")?);
                draft.lines.insert("defaults/think_seconds", line_no);
            }
            "answer_seconds" => {
                draft.answer_seconds = Some(seconds("answer_seconds")?);
                draft.lines.insert("defaults/answer_seconds", line_no);
            }
            "tags column" if value.parse::<usize>().is_ok_and(|n| n > 0) => {
                h.tags_column = value.parse().ok();
            }
            "notetype" | "deck" | "notetype column" | "deck column" | "guid column"
            | "tags column" => {
                draft.warnings.push(format!(
                    "line {line_no}: Anki's #{} is not used",
                    key.trim()
                ));
            }
            other => draft.warnings.push(format!(
                "line {line_no}: header line #{other}: is not known and was ignored"
            )),
        }
    }
    Ok(h)
}

/// Finds an unclosed quoted field the way the `csv` crate reads quotes; returns its byte offset.
fn unclosed_quote(text: &str, sep: u8) -> Option<usize> {
    #[derive(PartialEq)]
    enum S {
        FieldStart,
        Unquoted,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut state = S::FieldStart;
    for (i, b) in text.bytes().enumerate() {
        state = match state {
            S::FieldStart if b == b'"' => S::Quoted(i),
            S::FieldStart | S::Unquoted if b == sep || b == b'\n' => S::FieldStart,
            S::FieldStart | S::Unquoted => S::Unquoted,
            S::Quoted(start) if b == b'"' => S::QuoteInQuoted(start),
            S::Quoted(start) => S::Quoted(start),
            S::QuoteInQuoted(start) if b == b'"' => S::Quoted(start),
            S::QuoteInQuoted(_) if b == sep || b == b'\n' => S::FieldStart,
            S::QuoteInQuoted(_) => S::Unquoted,
        };
    }
    match state {
        S::Quoted(start) => Some(start),
        _ => None,
    }
}

/// Picks the separator used most on the first data line (outside quotes); comma on a tie.
fn sniff_separator(data: &str) -> u8 {
    let first = data.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut in_quotes = false;
    let mut counts = [(b',', 0), (b'\t', 0), (b';', 0), (b'|', 0)];
    for b in first.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && let Some(c) = counts.iter_mut().find(|(s, _)| *s == b) {
            c.1 += 1;
        }
    }
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(s, _)| *s)
}

/// Anki's HTML fields as plain text: `<br>` and `<div>` break lines, other tags go, entities decode.
fn html_to_text(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close]
            .trim_start_matches('/')
            .to_lowercase();
        if tag.starts_with("br") || tag.starts_with("div") || tag.starts_with("p") {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn lines_of(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Maps header names to columns; also returns the names that map to nothing.
fn map_columns(
    source: &Source,
    names: &[String],
    line: usize,
) -> Result<(Vec<Column>, Vec<String>), ImportError> {
    let mut cols = Vec::new();
    let mut unknown = Vec::new();
    for n in names {
        match Column::from_name(n) {
            Some(c) if cols.contains(&c) => {
                return Err(source.error(
                    Some(line),
                    None,
                    format!(
                        "the column \"{}\" means the same as an earlier column: rename or remove one",
                        n.trim()
                    ),
                ));
            }
            Some(c) => cols.push(c),
            None => {
                cols.push(Column::Ignored);
                unknown.push(format!("\"{}\"", n.trim()));
            }
        }
    }
    if !cols.contains(&Column::Question) {
        return Err(source.error(
            Some(line),
            None,
            "no column is named \"question\": name the column that holds the questions \"question\"",
        ));
    }
    Ok((cols, unknown))
}

/// Reads a CSV/TSV pack; `separator` comes from the extension (`None`: header line or sniffing).
pub(crate) fn parse(source: &Source, separator: Option<u8>) -> Result<Draft, ImportError> {
    let mut draft = Draft::default();
    let header = read_header(source, &mut draft)?;
    let data_start = match header.lines {
        0 => 0,
        n => source
            .text
            .match_indices('\n')
            .nth(n - 1)
            .map_or(source.text.len(), |(i, _)| i + 1),
    };
    let data = &source.text[data_start..];
    let sep = header
        .separator
        .or(separator)
        .unwrap_or_else(|| sniff_separator(data));
    if let Some(at) = unclosed_quote(data, sep) {
        return Err(source.error_at(
            data_start + at,
            "this quoted field is never closed: add the closing \" (write \"\" for a quote inside a field)",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .from_reader(data.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize + header.lines);
            source.error(line, None, format!("could not read the row: {e}"))
        })?;
        // csv reports where it began reading, which can be before skipped blank lines.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let blank = data
            .get(start..)
            .map_or(0, |rest| rest.bytes().take_while(|&b| b == b'\n').count());
        let line = source.location(data_start + start + blank).0;
        let fields: Vec<String> = record
            .iter()
            .map(|f| {
                if header.html {
                    html_to_text(f)
                } else {
                    f.to_string()
                }
            })
            .collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push((line, fields));
    }

    let ((columns, unknown), header_line, body) = if let Some((line, names)) = &header.columns {
        let names: Vec<String> = names.split(sep as char).map(str::to_string).collect();
        (map_columns(source, &names, *line)?, *line, &rows[..])
    } else if let Some((line, first)) = rows.first()
        && first
            .iter()
            .any(|f| Column::from_name(f) == Some(Column::Question))
        && !first.iter().any(|f| f.trim_end().ends_with('?'))
    {
        (map_columns(source, first, *line)?, *line, &rows[1..])
    } else {
        let width = rows.first().map_or(0, |(_, f)| f.len());
        let mut cols = vec![Column::Question, Column::Tips];
        cols.truncate(width);
        cols.resize(width, Column::Ignored);
        if let Some(n) = header.tags_column
            && n > 2
            && n <= width
        {
            cols[n - 1] = Column::Tags;
        }
        if cols.contains(&Column::Ignored) {
            draft.warnings.push(
                "no header row: column 1 was read as the question and column 2 as tips; other columns were ignored (add a header row to use them)"
                .to_string(),
            );
        }
        (
            (cols, Vec::new()),
            rows.first().map_or(1, |(l, _)| *l),
            &rows[..],
        )
    };
    if !unknown.is_empty() {
        draft.warnings.push(format!(
            "column(s) {} on line {header_line} are not used by Rehearse and were ignored",
            unknown.join(", ")
        ));
    }

    let tag_type = header.tags.iter().find_map(|t| type_named_in(t));
    for (line, fields) in body {
        let line = *line;
        if fields.len() != columns.len() {
            return Err(source.error(
                Some(line),
                None,
                format!(
                    "this row has {} fields but line {header_line} has {}: quote fields that contain the separator or a line break (\"…\"), or fix the row",
                    fields.len(),
                    columns.len()
                ),
            ));
        }
        let mut q = DraftQuestion {
            line,
            ..Default::default()
        };
        for (col, field) in columns.iter().zip(fields) {
            let value = field.trim();
            let seconds = |what: &str| -> Result<Option<u32>, ImportError> {
                if value.is_empty() {
                    return Ok(None);
                }
                value.parse().map(Some).map_err(|_| {
                    source.error(
                        Some(line),
                        None,
                        format!("{what} \"{value}\" is not a whole number of seconds"),
                    )
                })
            };
            match col {
                Column::Question => q.text = value.to_string(),
                Column::Type if value.is_empty() => {}
                Column::Type => q.kind = Some(QuestionType::named(value)),
                Column::Framework if value.is_empty() => {}
                Column::Framework => {
                    q.framework = Some(Framework::parse(value).ok_or_else(|| {
                        source.error(
                            Some(line),
                            None,
                            format!(
                                "framework \"{value}\" is not known: use {}, or leave the cell empty",
                                Framework::keys_phrase()
                            ),
                        )
                    })?);
                }
                Column::Category => q.category = Some(value.to_string()),
                Column::Tips => q.tips = lines_of(value),
                Column::FollowUps => q.follow_ups = lines_of(value),
                Column::ThinkSeconds => q.think_seconds = seconds("think_seconds")?,
                Column::AnswerSeconds => q.answer_seconds = seconds("answer_seconds")?,
                Column::Id if value.is_empty() => {}
                Column::Id => q.id = Some(value.to_string()),
                Column::Tags => {
                    if q.kind.is_none() {
                        q.kind = value.split_whitespace().find_map(type_named_in);
                    }
                }
                Column::Ignored => {}
            }
        }
        if q.text.is_empty() {
            return Err(source.error(
                Some(line),
                None,
                "the question field is empty: write the question or delete the row",
            ));
        }
        if q.kind.is_none() {
            q.kind = tag_type.clone();
        }
        draft.questions.push(q);
    }
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(name: &str, text: &str) -> Result<Draft, ImportError> {
        let s = Source::decode(name, text.as_bytes()).unwrap();
        parse(
            &s,
            if name.ends_with(".tsv") {
                Some(b'\t')
            } else {
                None
            },
        )
    }

    #[test]
    fn header_row_maps_columns() {
        let d = parse_str(
            "a.csv",
            "Question,Type,Tips,answer_seconds\n\"Why us, really?\",behavioral,\"one\ntwo\",100\n",
        )
        .unwrap();
        let q = &d.questions[0];
        assert_eq!(q.text, "Why us, really?");
        assert_eq!(q.kind, Some(QuestionType::Behavioral));
        assert_eq!(q.tips, ["one", "two"]);
        assert_eq!(q.answer_seconds, Some(100));
        assert_eq!(q.line, 2);
    }

    #[test]
    fn a_framework_column_takes_keys_and_names() {
        let d = parse_str(
            "a.csv",
            "question,framework\nTell me about a conflict.,STAR\nTell me about yourself.,present_past_future\nWhy us?,\n",
        )
        .unwrap();
        let got: Vec<_> = d.questions.iter().map(|q| q.framework).collect();
        assert_eq!(
            got,
            [
                Some(Framework::Star),
                Some(Framework::PresentPastFuture),
                None
            ]
        );
        let e = parse_str("a.csv", "question,framework\nWhy?,star\nHow?,soar\n")
            .err()
            .unwrap();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("\"soar\" is not known"), "{}", e.message);
    }

    #[test]
    fn quizlet_pairs_and_anki_headers() {
        let d = parse_str(
            "deck.txt",
            "#separator:tab\n#html:true\n#tags:behavioral\nTell me about a conflict\tUse <b>STAR</b><br>Keep it short\n",
        )
        .unwrap();
        let q = &d.questions[0];
        assert_eq!(q.tips, ["Use STAR", "Keep it short"]);
        assert_eq!(q.kind, Some(QuestionType::Behavioral));
        assert_eq!(q.line, 4);
    }

    #[test]
    fn errors_name_lines() {
        let e = parse_str("a.csv", "question,tips\nA?,x\nB?,x,y\n")
            .err()
            .unwrap();
        assert_eq!(e.line, Some(3));
        let e = parse_str("a.csv", "question,tips\nA?,x\n\"B?,x\nC,y\n")
            .err()
            .unwrap();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("never closed"));
        let e = parse_str("a.csv", "#separator:Banana\nA?\n").err().unwrap();
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn sniffs_separators() {
        assert_eq!(sniff_separator("a;b;\"c,d,e\"\n"), b';');
        assert_eq!(sniff_separator("a,b\n"), b',');
        assert_eq!(sniff_separator("just a question\n"), b',');
        assert_eq!(unclosed_quote("a,\"b\"\"c\"\n", b','), None);
        assert_eq!(unclosed_quote("a,b\"c\n", b','), None);
        assert_eq!(unclosed_quote("a,\"b\n", b','), Some(2));
    }
}
