//! What the CSV, text and Markdown importers produce, before ids and timings are filled in.

use std::collections::HashMap;

use super::error::ImportError;
use super::framework::Framework;
use super::model::{FORMAT_VERSION, Pack, Question, QuestionType, Timings, default_timings};
use super::parsed::{Parsed, finish_pack, problem_message};
use super::source::Source;
use super::validate::{Place, guess_type, slug};

/// A pack read from a format without ids, types or timings of its own.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: String,
    pub think_seconds: Option<u32>,
    pub answer_seconds: Option<u32>,
    pub questions: Vec<DraftQuestion>,
    pub warnings: Vec<String>,
    /// Lines of pack-level settings (by JSON path), for error messages.
    pub lines: HashMap<&'static str, usize>,
}

/// One question as read, with the line it came from.
#[derive(Debug, Default)]
pub(crate) struct DraftQuestion {
    pub line: usize,
    pub id: Option<String>,
    pub text: String,
    pub kind: Option<QuestionType>,
    pub framework: Option<Framework>,
    pub category: Option<String>,
    pub tips: Vec<String>,
    pub follow_ups: Vec<String>,
    pub think_seconds: Option<u32>,
    pub answer_seconds: Option<u32>,
}

impl Draft {
    /// Fills in ids, types and timings, cleans and validates; errors name the question's line.
    pub fn finish(self, source: &Source, no_questions_hint: &str) -> Result<Parsed, ImportError> {
        if self.questions.is_empty() {
            return Err(source.error(
                None,
                None,
                format!("no questions found: {no_questions_hint}"),
            ));
        }
        let kinds: Vec<QuestionType> = self
            .questions
            .iter()
            .map(|q| q.kind.clone().unwrap_or_else(|| guess_type(&q.text)))
            .collect();
        let explicit = self.think_seconds.is_some() || self.answer_seconds.is_some();
        let base = default_timings(&most_common(&kinds));
        let defaults = Timings {
            think_seconds: self.think_seconds.unwrap_or(base.think_seconds),
            answer_seconds: self.answer_seconds.unwrap_or(base.answer_seconds),
        };
        let lines: Vec<usize> = self.questions.iter().map(|q| q.line).collect();
        let mut used: std::collections::HashSet<String> =
            self.questions.iter().filter_map(|q| q.id.clone()).collect();
        let mut next_id = 0;
        let mut generate_id = || loop {
            next_id += 1;
            let id = format!("q{next_id}");
            if used.insert(id.clone()) {
                return id;
            }
        };
        let questions = self
            .questions
            .into_iter()
            .zip(kinds)
            .map(|(q, kind)| {
                let by_type = default_timings(&kind);
                let differs = !explicit && by_type != defaults;
                Question {
                    id: q.id.unwrap_or_else(&mut generate_id),
                    text: q.text,
                    kind,
                    framework: q.framework,
                    category: q.category,
                    tips: q.tips,
                    follow_ups: q.follow_ups,
                    think_seconds: q.think_seconds.or(differs.then_some(by_type.think_seconds)),
                    answer_seconds: q
                        .answer_seconds
                        .or(differs.then_some(by_type.answer_seconds)),
                }
            })
            .collect();
        let title = self
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| source.title_from_file_name());
        let mut pack = Pack {
            format_version: FORMAT_VERSION.to_string(),
            id: self.id.unwrap_or_else(|| slug(&title)),
            title,
            description: self.description,
            defaults,
            questions,
        };
        let mut warnings = self.warnings;
        finish_pack(&mut pack, &mut warnings).map_err(|(first, more)| {
            let line = match &first.place {
                Place::Question { index, .. } => lines.get(*index).copied(),
                Place::Pack(path) => self.lines.get(path).copied(),
            };
            source.error(line, None, problem_message(&first, more))
        })?;
        Ok(Parsed {
            pack,
            warnings,
            newer_format: None,
        })
    }
}

fn most_common(kinds: &[QuestionType]) -> QuestionType {
    let mut counts: HashMap<&QuestionType, usize> = HashMap::new();
    for k in kinds {
        *counts.entry(k).or_default() += 1;
    }
    // Ties go to the type that sorts first (built-in types in QuestionType::ALL order), so the result is stable.
    counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, std::cmp::Reverse(k)))
        .map_or(QuestionType::General, |(k, _)| k.clone())
}

/// The question type a heading or tag names ("Behavioral questions" → Behavioral), if any.
pub(crate) fn type_named_in(s: &str) -> Option<QuestionType> {
    let lower = s.to_lowercase().replace("behavioural", "behavioral");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    QuestionType::ALL.into_iter().find(|t| {
        words.contains(&t.key())
            || (t.label().contains(' ') && lower.contains(&t.label().to_lowercase()))
    })
}

/// Strips a leading list marker: "- ", "* ", "+ ", "• ", "1. ", "2) ", "(3) ", "[ ] ".
pub(crate) fn strip_marker(line: &str) -> &str {
    let mut s = line.trim_start();
    for bullet in ["- ", "* ", "+ ", "• ", "· ", "– ", "— "] {
        if let Some(rest) = s.strip_prefix(bullet) {
            s = rest.trim_start();
            break;
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 4 {
        let rest = &s[digits..];
        if let Some(r) = rest
            .strip_prefix(". ")
            .or_else(|| rest.strip_prefix(") "))
            .or_else(|| rest.strip_prefix(".\t"))
        {
            s = r.trim_start();
        }
    } else if let Some(inner) = s.strip_prefix('(') {
        let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && let Some(r) = inner[digits..].strip_prefix(") ")
        {
            s = r.trim_start();
        }
    }
    for box_ in ["[ ] ", "[x] ", "[X] "] {
        if let Some(rest) = s.strip_prefix(box_) {
            return rest.trim_start();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        for (line, want) in [
            ("- What?", "What?"),
            ("  * What?", "What?"),
            ("12. What?", "What?"),
            ("3) What?", "What?"),
            ("(4) What?", "What?"),
            ("• What?", "What?"),
            ("- [ ] What?", "What?"),
            ("2024 was good?", "2024 was good?"),
            ("1.5 million?", "1.5 million?"),
        ] {
            assert_eq!(strip_marker(line), want, "{line}");
        }
    }

    #[test]
    fn types_in_headings() {
        assert_eq!(
            type_named_in("## Behavioural questions"),
            Some(QuestionType::Behavioral)
        );
        assert_eq!(type_named_in("Network Questions:"), None);
        assert_eq!(
            most_common(&[QuestionType::Case, QuestionType::General]),
            QuestionType::General
        );
    }

    #[test]
    fn fills_ids_and_timings_by_type() {
        let source = Source::decode("my_questions.txt", b"x").unwrap();
        let draft = Draft {
            questions: vec![
                DraftQuestion {
                    line: 1,
                    text: "Why us?".into(),
                    ..Default::default()
                },
                DraftQuestion {
                    line: 2,
                    text: "Tell me about a time you failed.".into(),
                    ..Default::default()
                },
                DraftQuestion {
                    line: 3,
                    text: "Why now?".into(),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let parsed = draft.finish(&source, "").unwrap();
        let p = parsed.pack;
        assert_eq!(
            (p.id.as_str(), p.title.as_str()),
            ("my-questions", "My questions")
        );
        assert_eq!(p.defaults, default_timings(&QuestionType::General));
        assert_eq!(p.questions[1].id, "q2");
        assert_eq!(p.questions[1].kind, QuestionType::Behavioral);
        assert_eq!(p.questions[1].answer_seconds, Some(120));
        assert_eq!(p.questions[0].answer_seconds, None);
    }
}
