//! Limits and checks every pack passes, whatever format it came from (also used by the editor).

use std::collections::HashMap;
use std::fmt;

use super::model::{
    BASE_FORMAT_VERSION, FORMAT_MAJOR, FORMAT_VERSION, MAX_TYPE_CHARS, Pack, QuestionType,
    parse_version, reads_in_full,
};

/// Largest pack file accepted, in bytes (1 MiB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Most questions in one pack.
pub const MAX_QUESTIONS: usize = 1000;
/// Longest question, tip or follow-up, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// Longest think time, in seconds.
pub const MAX_THINK_SECONDS: u32 = 600;
/// Shortest answer time, in seconds.
pub const MIN_ANSWER_SECONDS: u32 = 10;
/// Longest answer time, in seconds.
pub const MAX_ANSWER_SECONDS: u32 = 3600;

/// Where in a pack a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A pack-level field, as a JSON path below the root: "id", "defaults/think_seconds", "questions".
    Pack(&'static str),
    /// A field of one question (0-based index): "text", "id", "think_seconds"…
    Question {
        /// 0-based position in `questions`.
        index: usize,
        /// The field's JSON name.
        field: &'static str,
    },
}

/// One thing wrong with a pack, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub place: Place,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Place::Pack(_) => write!(f, "{}", self.message),
            Place::Question { index, .. } => write!(f, "question {}: {}", index + 1, self.message),
        }
    }
}

/// Every problem in `pack` (empty when it is valid), in pack order.
pub fn validate(pack: &Pack) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut pack_problem = |field, message: String| {
        problems.push(Problem {
            place: Place::Pack(field),
            message,
        })
    };
    // A newer major version is read (read-only); within this major, only what this build writes.
    let readable = match parse_version(&pack.format_version) {
        Some((major, minor)) => reads_in_full(major, minor) || major > FORMAT_MAJOR,
        None => false,
    };
    if !readable {
        pack_problem(
            "format_version",
            format!("format_version must be \"{BASE_FORMAT_VERSION}\" or \"{FORMAT_VERSION}\""),
        );
    }
    if pack.id.trim().is_empty() {
        pack_problem("id", "the pack id is empty: give the pack an id".into());
    }
    if pack.title.trim().is_empty() {
        pack_problem(
            "title",
            "the pack title is empty: give the pack a title".into(),
        );
    }
    if let Some(m) = think_problem(pack.defaults.think_seconds) {
        pack_problem("defaults/think_seconds", format!("default {m}"));
    }
    if let Some(m) = answer_problem(pack.defaults.answer_seconds) {
        pack_problem("defaults/answer_seconds", format!("default {m}"));
    }
    if pack.questions.is_empty() {
        pack_problem(
            "questions",
            "the pack has no questions: add at least one".into(),
        );
    }
    if pack.questions.len() > MAX_QUESTIONS {
        problems.push(Problem {
            place: Place::Question {
                index: MAX_QUESTIONS,
                field: "text",
            },
            message: format!(
                "the pack has {} questions; a pack may hold at most {MAX_QUESTIONS}: split it into several packs",
                pack.questions.len()
            ),
        });
    }
    let mut first_with_id: HashMap<&str, usize> = HashMap::new();
    for (index, q) in pack.questions.iter().enumerate() {
        let mut problem = |field, message: String| {
            problems.push(Problem {
                place: Place::Question { index, field },
                message,
            })
        };
        if q.id.trim().is_empty() {
            problem("id", "the question id is empty: give it an id".into());
        } else if let Some(first) = first_with_id.insert(&q.id, index) {
            first_with_id.insert(&q.id, first);
            problem(
                "id",
                format!(
                    "duplicate question id \"{}\" (question {} has it too): give each question its own id",
                    sanitize_display(&q.id),
                    first + 1
                ),
            );
        }
        if q.text.trim().is_empty() {
            problem(
                "text",
                "the question text is empty: write the question".into(),
            );
        }
        let long = |s: &str| s.chars().count() > MAX_TEXT_CHARS;
        if long(&q.text) {
            problem(
                "text",
                format!(
                    "the question is {} characters long; at most {MAX_TEXT_CHARS} are allowed: shorten it",
                    q.text.chars().count()
                ),
            );
        }
        if q.tips.iter().any(|t| long(t)) {
            problem(
                "tips",
                format!("a tip is longer than {MAX_TEXT_CHARS} characters: shorten it"),
            );
        }
        if q.follow_ups.iter().any(|t| long(t)) {
            problem(
                "follow_ups",
                format!("a follow-up is longer than {MAX_TEXT_CHARS} characters: shorten it"),
            );
        }
        if let QuestionType::Custom(name) = &q.kind
            && let Some(m) = own_type_problem(name)
        {
            problem("type", m);
        }
        if let Some(m) = q.think_seconds.and_then(think_problem) {
            problem("think_seconds", m);
        }
        if let Some(m) = q.answer_seconds.and_then(answer_problem) {
            problem("answer_seconds", m);
        }
    }
    problems
}

fn own_type_problem(name: &str) -> Option<String> {
    let length = name.chars().count();
    if name.trim().is_empty() {
        Some("the question type is empty: use a built-in type such as general or behavioral, or name your own, such as leadership".into())
    } else if length > MAX_TYPE_CHARS {
        Some(format!(
            "the question type is {length} characters long; a type name may have at most {MAX_TYPE_CHARS}: shorten it"
        ))
    } else if name.contains('\n') {
        Some("the question type has a line break: write the type on one line".into())
    } else {
        None
    }
}

fn think_problem(s: u32) -> Option<String> {
    (s > MAX_THINK_SECONDS)
        .then(|| format!("think time {s} s is out of range: use 0 to {MAX_THINK_SECONDS} seconds"))
}

fn answer_problem(s: u32) -> Option<String> {
    (!(MIN_ANSWER_SECONDS..=MAX_ANSWER_SECONDS).contains(&s)).then(|| {
        format!(
            "answer time {s} s is out of range: use {MIN_ANSWER_SECONDS} to {MAX_ANSWER_SECONDS} seconds"
        )
    })
}

/// A best guess at a question's type from its wording, for formats that carry no type.
pub fn guess_type(text: &str) -> QuestionType {
    let t = text.to_lowercase();
    let starts = |p: &[&str]| p.iter().any(|p| t.contains(p));
    if starts(&[
        "tell me about a time",
        "describe a time",
        "give me an example",
        "give an example of a time",
        "describe a situation",
        "tell us about a time",
        "share an example",
    ]) {
        QuestionType::Behavioral
    } else if starts(&["what would you do", "how would you handle", "imagine you"]) {
        QuestionType::Situational
    } else {
        QuestionType::General
    }
}

/// `s` without control characters (tabs become spaces, line breaks are kept), for display.
pub fn sanitize_display(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Unicode controls that reorder text on screen (the "Trojan Source" characters).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Cleans every text in `pack` in place (no `\r`, no control characters, trimmed);
/// returns how many characters were removed.
pub(crate) fn normalize(pack: &mut Pack) -> usize {
    let mut removed = 0;
    let mut clean = |s: &mut String| {
        let cleaned = sanitize_display(&s.replace('\t', " "));
        removed += s.chars().filter(|&c| c != '\r').count() - cleaned.chars().count();
        let trimmed = cleaned.trim();
        if trimmed.len() != s.len() || trimmed != s {
            *s = trimmed.to_string();
        }
    };
    clean(&mut pack.id);
    clean(&mut pack.title);
    // Ids and titles are single lines.
    pack.id = pack.id.replace('\n', " ");
    pack.title = pack.title.replace('\n', " ");
    clean(&mut pack.description);
    for q in &mut pack.questions {
        clean(&mut q.id);
        clean(&mut q.text);
        if let Some(c) = &mut q.category {
            clean(c);
        }
        q.category = q.category.take().filter(|c| !c.is_empty());
        if let QuestionType::Custom(name) = &mut q.kind {
            clean(name);
            *name = name.replace('\n', " ");
            // Cleaning can reveal a built-in type's name ("behavioral\u{7}").
            q.kind = QuestionType::named(name);
        }
        q.tips.iter_mut().for_each(&mut clean);
        q.tips.retain(|t| !t.is_empty());
        q.follow_ups.iter_mut().for_each(&mut clean);
        q.follow_ups.retain(|t| !t.is_empty());
    }
    removed
}

/// A file-name-safe, lower-case id made from a title: "Behavioral (STAR)" → "behavioral-star".
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "imported".to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::model::{Question, Timings};

    fn question(id: &str, text: &str) -> Question {
        Question::new(id, text, QuestionType::General)
    }

    fn pack(questions: Vec<Question>) -> Pack {
        Pack {
            format_version: FORMAT_VERSION.into(),
            id: "p".into(),
            title: "P".into(),
            description: String::new(),
            defaults: Timings {
                think_seconds: 10,
                answer_seconds: 90,
            },
            questions,
        }
    }

    #[test]
    fn finds_each_problem_in_place() {
        let mut p = pack(vec![question("a", "One?"), question("a", " ")]);
        p.questions[0].think_seconds = Some(601);
        p.questions[1].answer_seconds = Some(9);
        p.defaults.answer_seconds = 3601;
        let problems = validate(&p);
        let places: Vec<_> = problems.iter().map(|p| p.place.clone()).collect();
        assert_eq!(
            places,
            [
                Place::Pack("defaults/answer_seconds"),
                Place::Question {
                    index: 0,
                    field: "think_seconds"
                },
                Place::Question {
                    index: 1,
                    field: "id"
                },
                Place::Question {
                    index: 1,
                    field: "text"
                },
                Place::Question {
                    index: 1,
                    field: "answer_seconds"
                },
            ]
        );
        assert!(problems[2].to_string().contains("question 2: duplicate"));
        assert!(
            validate(&pack(vec![]))
                .iter()
                .any(|p| p.message.contains("no questions"))
        );
    }

    #[test]
    fn boundaries_are_inclusive() {
        let mut p = pack(vec![question("a", &"x".repeat(MAX_TEXT_CHARS))]);
        p.questions[0].think_seconds = Some(0);
        p.questions[0].answer_seconds = Some(10);
        p.defaults = Timings {
            think_seconds: 600,
            answer_seconds: 3600,
        };
        assert_eq!(validate(&p), []);
        p.questions[0].text.push('x');
        assert_eq!(validate(&p).len(), 1);
    }

    #[test]
    fn normalize_strips_controls_and_carriage_returns() {
        let mut p = pack(vec![question("a\r", "One\r\nline\u{7}\u{202E}?")]);
        p.questions[0].tips = vec!["  ".into(), "tip\t1".into()];
        assert_eq!(normalize(&mut p), 2, "\\r is not counted");
        assert_eq!(p.questions[0].text, "One\nline?");
        assert_eq!(p.questions[0].id, "a");
        assert_eq!(p.questions[0].tips, ["tip 1"]);
    }

    #[test]
    fn slugs_and_guesses() {
        assert_eq!(slug("Behavioral (STAR) — 2024"), "behavioral-star-2024");
        assert_eq!(slug("¿¿"), "imported");
        assert_eq!(
            guess_type("Tell me about a time you failed."),
            QuestionType::Behavioral
        );
        assert_eq!(
            guess_type("What would you do if…"),
            QuestionType::Situational
        );
    }
}
