//! Plain text import: one question per line; `#` lines are comments; list markers are stripped.

use super::draft::{Draft, DraftQuestion, strip_marker};
use super::source::Source;

/// Reads one question per non-blank, non-comment line.
pub(crate) fn parse(source: &Source) -> Draft {
    let questions = source
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| DraftQuestion {
            line: i + 1,
            text: strip_marker(l).trim().to_string(),
            ..Default::default()
        })
        .filter(|q| !q.text.is_empty())
        .collect();
    Draft {
        questions,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_question_per_line() {
        let s = Source::decode("q.txt", b"# my list\n\n1. Why us?\n- Why now?\n  \n").unwrap();
        let d = parse(&s);
        let got: Vec<_> = d
            .questions
            .iter()
            .map(|q| (q.line, q.text.as_str()))
            .collect();
        assert_eq!(got, [(3, "Why us?"), (4, "Why now?")]);
    }
}
