//! What every importer hands back: the cleaned, validated pack, its warnings, and a newer format's text.

use super::model::{
    FORMAT_MAJOR, FORMAT_VERSION, Pack, QuestionType, parse_version, reads_in_full,
};
use super::validate::{Problem, normalize, sanitize_display, validate};

/// A parsed pack plus what was noticed but accepted (ignored fields, stripped characters…).
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The pack, valid.
    pub pack: Pack,
    /// Warnings to show in the import preview.
    pub warnings: Vec<String>,
    /// Set when the file is of a newer major format: the pack is read-only in this build.
    pub newer_format: Option<NewerFormat>,
}

/// A pack file of a newer major format: what this build did not read, and the file's text,
/// kept so that the file is stored and exported unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewerFormat {
    /// The file's `format_version`, e.g. "2.0".
    pub version: String,
    /// Fields this build does not know, as JSON paths ("questions/0/audio_prompt").
    pub ignored_fields: Vec<String>,
    /// The file's text (UTF-8, `\n` line endings).
    pub text: String,
}

impl NewerFormat {
    /// Why the pack cannot be changed here, in a sentence for the user.
    pub fn read_only_note(&self) -> String {
        format!(
            "This pack was written by a newer version of Rehearse (pack format {}; this version reads {FORMAT_VERSION}), so it is read-only here: you can practise with it, but to edit it, duplicate it.",
            sanitize_display(&self.version)
        )
    }

    /// What a copy of the pack (a duplicate, a CSV export) leaves out, in a sentence.
    pub fn copy_loss(&self) -> String {
        if self.ignored_fields.is_empty() {
            format!(
                "The copy is in pack format {FORMAT_MAJOR}.x, as this version of Rehearse writes it, and holds what this version reads; anything else that format {} means is not in it.",
                sanitize_display(&self.version)
            )
        } else {
            format!(
                "The copy is in pack format {FORMAT_MAJOR}.x, as this version of Rehearse writes it, and leaves out what this version cannot read: {}.",
                sanitize_display(&self.ignored_fields.join(", "))
            )
        }
    }
}

/// Cleans and validates a pack from any format; on failure, the first problem and how many more.
/// Gives a pack of this build's major the oldest version that holds it (1.1 only with a
/// framework), and warns about question types that look like a misspelt built-in type.
pub(crate) fn finish_pack(
    pack: &mut Pack,
    warnings: &mut Vec<String>,
) -> Result<(), (Problem, usize)> {
    if parse_version(&pack.format_version).is_some_and(|(major, minor)| reads_in_full(major, minor))
    {
        pack.format_version = pack.fitting_format_version().to_string();
    }
    let removed = normalize(pack);
    if removed > 0 {
        warnings.push(format!(
            "{removed} control character(s) were removed from the text"
        ));
    }
    let mut problems = validate(pack).into_iter();
    if let Some(first) = problems.next() {
        return Err((first, problems.len()));
    }
    warnings.extend(type_typo_warnings(pack));
    Ok(())
}

/// One warning per pack-own type that looks like a typo of a built-in one, naming its questions.
fn type_typo_warnings(pack: &Pack) -> Vec<String> {
    let mut typos: Vec<(&QuestionType, QuestionType, Vec<usize>)> = Vec::new();
    for (index, q) in pack.questions.iter().enumerate() {
        let Some(known) = q.kind.likely_typo_of() else {
            continue;
        };
        match typos.iter_mut().find(|(kind, ..)| **kind == q.kind) {
            Some((.., questions)) => questions.push(index + 1),
            None => typos.push((&q.kind, known, vec![index + 1])),
        }
    }
    typos
        .into_iter()
        .map(|(kind, known, questions)| {
            format!(
                "the question type \"{}\" ({}) is not a built-in type: did you mean {}? It was kept as the pack's own type; correct the spelling if you meant {}",
                sanitize_display(kind.key()),
                question_list(&questions),
                known.key(),
                known.key()
            )
        })
        .collect()
}

/// "question 2", "questions 2, 5, 7", "questions 1, 2, 3, 4, 5 and 6 more".
fn question_list(numbers: &[usize]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<String> = numbers.iter().take(SHOWN).map(usize::to_string).collect();
    let more = numbers.len().saturating_sub(SHOWN);
    match (numbers.len(), more) {
        (1, _) => format!("question {}", shown[0]),
        (_, 0) => format!("questions {}", shown.join(", ")),
        _ => format!("questions {} and {more} more", shown.join(", ")),
    }
}

/// A problem's message, with a count of the others.
pub(crate) fn problem_message(first: &Problem, more: usize) -> String {
    match more {
        0 => first.to_string(),
        1 => format!("{first} (and 1 more problem)"),
        n => format!("{first} (and {n} more problems)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::model::Question;

    fn pack_of(kinds: &[&str]) -> Pack {
        let mut pack = Pack::blank("p", "P");
        for (i, kind) in kinds.iter().enumerate() {
            pack.questions.push(Question::new(
                &format!("q{i}"),
                "Why?",
                QuestionType::named(kind),
            ));
        }
        pack
    }

    #[test]
    fn a_misspelt_type_is_kept_with_a_did_you_mean_warning() {
        let mut pack = pack_of(&["behavorial", "leadership", "behavorial", "cse"]);
        let mut warnings = Vec::new();
        finish_pack(&mut pack, &mut warnings).unwrap();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("\"behavorial\" (questions 1, 3)")
                && warnings[0].contains("did you mean behavioral?"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].contains("did you mean case?"),
            "{}",
            warnings[1]
        );
        assert_eq!(pack.questions[0].kind, QuestionType::named("behavorial"));
        assert!(pack.questions[0].kind.is_custom());
    }

    #[test]
    fn own_types_far_from_the_built_in_ones_get_no_warning() {
        let mut pack = pack_of(&[
            "leadership",
            "code",
            "culture fit",
            "Behavioural",
            "general",
        ]);
        let mut warnings = Vec::new();
        finish_pack(&mut pack, &mut warnings).unwrap();
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(pack.questions[3].kind, QuestionType::Behavioral);
    }

    #[test]
    fn question_lists_stay_short() {
        assert_eq!(question_list(&[4]), "question 4");
        assert_eq!(
            question_list(&[1, 2, 3, 4, 5, 6, 7]),
            "questions 1, 2, 3, 4, 5 and 2 more"
        );
    }
}
