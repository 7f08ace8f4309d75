//! The end-of-session reflection, after the guide: preparation, communication and connection
//! scored item by item, a note per part, strengths and weaknesses, the pitfalls fallen into,
//! and the thank-you note exercise.
//!
//! The scored items, the pitfalls and the thank-you checklist are tables here; the form, the
//! review, the exports and the progress charts read them. Scores, notes and ticks are keyed by
//! id, so a table that gains or loses a row still reads older sessions.
//!
//! In `session.json` the strengths and weaknesses keep their first names (`went_well`,
//! `improve`), and the preparation score is also written as `preparedness`, the field older
//! builds read; a reflection from before the parts reads its `preparedness` as the
//! preparation score.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::rating::{RatingGroup, RatingItem, item, mean};

use RatingGroup::{Communication, Connection, Preparation};

/// The reflection's three parts, in form order.
pub const REFLECTION_PARTS: &[RatingGroup] = &[Preparation, Communication, Connection];

/// The scored reflection items, in form order, each in one of [`REFLECTION_PARTS`].
pub const REFLECTION_ITEMS: &[RatingItem] = &[
    item(
        "preparation",
        "Preparation",
        "Knew the company, the role and your own examples",
        Preparation,
    ),
    item(
        "clarity",
        "Clarity",
        "Easy to follow, plain words",
        Communication,
    ),
    item(
        "conciseness",
        "Conciseness",
        "To the point, no rambling",
        Communication,
    ),
    item(
        "body_language",
        "Body language",
        "Posture, eye contact, open gestures",
        Communication,
    ),
    item(
        "rapport",
        "Rapport",
        "Built a connection with the interviewer",
        Connection,
    ),
    item(
        "enthusiasm",
        "Enthusiasm",
        "Sounded keen on the role",
        Connection,
    ),
];

/// One row of a checklist: a pitfall, or a step of the thank-you note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckItem {
    /// Stable snake_case key in `session.json`; never reuse or rename one.
    pub id: &'static str,
    /// The text beside the tick box.
    pub label: &'static str,
    /// What it means, shown on hover.
    pub help: &'static str,
}

const fn check(id: &'static str, label: &'static str, help: &'static str) -> CheckItem {
    CheckItem { id, label, help }
}

/// The pitfalls checklist, in form order.
pub const PITFALLS: &[CheckItem] = &[
    check(
        "over_confidence",
        "Over-confidence",
        "Claimed more than you could back up, or brushed a weakness aside",
    ),
    check(
        "under_confidence",
        "Under-confidence",
        "Apologised, hedged or undersold what you did",
    ),
    check(
        "thin_preparation",
        "Thin preparation",
        "Knew too little about the company, the role or your own stories",
    ),
    check(
        "no_questions",
        "No questions asked",
        "Had nothing to ask the interviewer at the end",
    ),
    check(
        "talked_too_long",
        "Talked too long",
        "Answers ran on past their point",
    ),
];

/// The thank-you note's checklist, in form order.
pub const THANK_YOU_CHECKS: &[CheckItem] = &[
    check(
        "within_48h",
        "Sent within 24–48 hours",
        "A note sent the same or the next day",
    ),
    check(
        "thanked",
        "Thanked them",
        "Thanked the interviewer for their time",
    ),
    check(
        "personalised",
        "Personalised it",
        "Named something from this conversation",
    ),
    check(
        "restated_interest",
        "Restated your interest",
        "Said again why you want the role",
    ),
    check(
        "added_unanswered",
        "Added what you left unanswered",
        "Completed an answer you were not happy with",
    ),
];

/// How long the thank-you note exercise should take.
pub const THANK_YOU_TARGET: Duration = Duration::from_secs(10 * 60);

/// The thank-you note written after the session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThankYouNote {
    /// The note.
    #[serde(default)]
    pub text: String,
    /// The ids of the [`THANK_YOU_CHECKS`] ticked, in table order.
    #[serde(default)]
    pub checklist: Vec<String>,
    /// Seconds spent writing.
    #[serde(default)]
    pub writing_s: u32,
}

/// The end-of-session reflection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredReflection", into = "StoredReflection")]
pub struct Reflection {
    /// Score per [`REFLECTION_ITEMS`] id, 1–5; `None` for an item left unset.
    pub scores: BTreeMap<String, Option<u8>>,
    /// A note per part id ([`RatingGroup::id`]); parts without a note are absent.
    pub notes: BTreeMap<String, String>,
    /// Strengths: what went well.
    pub went_well: String,
    /// Weaknesses: what to improve next time.
    pub improve: String,
    /// The ids of the [`PITFALLS`] ticked, in table order.
    pub pitfalls: Vec<String>,
    /// The thank-you note; `None` when the exercise was skipped.
    pub thank_you: Option<ThankYouNote>,
}

/// The reflection as written in `session.json` (see the module notes).
#[derive(Clone, Serialize, Deserialize)]
struct StoredReflection {
    #[serde(default)]
    went_well: String,
    #[serde(default)]
    improve: String,
    /// The preparation score, for builds from before the parts (and from them).
    #[serde(default)]
    preparedness: Option<u8>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    scores: BTreeMap<String, Option<u8>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    notes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pitfalls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    thank_you: Option<ThankYouNote>,
}

impl From<StoredReflection> for Reflection {
    fn from(stored: StoredReflection) -> Self {
        let mut scores = stored.scores;
        if let Some(score) = stored.preparedness {
            scores
                .entry("preparation".to_owned())
                .or_insert(Some(score));
        }
        Self {
            scores,
            notes: stored.notes,
            went_well: stored.went_well,
            improve: stored.improve,
            pitfalls: stored.pitfalls,
            thank_you: stored.thank_you,
        }
    }
}

impl From<Reflection> for StoredReflection {
    fn from(r: Reflection) -> Self {
        Self {
            preparedness: r.score("preparation"),
            went_well: r.went_well,
            improve: r.improve,
            scores: r.scores,
            notes: r.notes,
            pitfalls: r.pitfalls,
            thank_you: r.thank_you,
        }
    }
}

impl Reflection {
    /// The score of item `id`; `None` if unset.
    pub fn score(&self, id: &str) -> Option<u8> {
        self.scores.get(id).copied().flatten()
    }

    /// The mean of the set scores of `part`'s items; `None` when none is set.
    pub fn part_score(&self, part: RatingGroup) -> Option<f64> {
        mean(
            REFLECTION_ITEMS
                .iter()
                .filter(|item| item.group == part)
                .filter_map(|item| self.score(item.id).map(f64::from)),
        )
    }

    /// The note on `part`, empty if none.
    pub fn note(&self, part: RatingGroup) -> &str {
        self.notes.get(part.id()).map_or("", String::as_str)
    }

    /// The labels of the ticked pitfalls, in table order (ids no longer in the table as they are).
    pub fn pitfall_labels(&self) -> Vec<&str> {
        labels(PITFALLS, &self.pitfalls)
    }
}

/// One labelled line of a reflection, as review and the reports show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectionLine {
    /// What the line is, e.g. "Communication" or "Strengths".
    pub label: &'static str,
    /// Its content, e.g. "3.7 / 5 (Clarity 4, …)"; "—" for an empty text.
    pub text: String,
}

impl Reflection {
    /// The reflection as lines in form order: each part's score (its items where it has
    /// several) and note, strengths, weaknesses, the pitfalls and the thank-you note.
    pub fn lines(&self) -> Vec<ReflectionLine> {
        let mut lines: Vec<ReflectionLine> = REFLECTION_PARTS
            .iter()
            .map(|&part| ReflectionLine {
                label: part.label(),
                text: self.part_text(part),
            })
            .collect();
        let or_dash = |s: &str| {
            if s.trim().is_empty() {
                "—".to_owned()
            } else {
                s.to_owned()
            }
        };
        lines.push(ReflectionLine {
            label: "Strengths",
            text: or_dash(&self.went_well),
        });
        lines.push(ReflectionLine {
            label: "Weaknesses",
            text: or_dash(&self.improve),
        });
        let pitfalls = self.pitfall_labels();
        lines.push(ReflectionLine {
            label: "Pitfalls",
            text: if pitfalls.is_empty() {
                "none ticked".to_owned()
            } else {
                pitfalls.join(", ")
            },
        });
        let Some(note) = &self.thank_you else {
            lines.push(ReflectionLine {
                label: "Thank-you note",
                text: "skipped".to_owned(),
            });
            return lines;
        };
        let ticked = note.checklist_labels();
        let ticked = if ticked.is_empty() {
            "nothing ticked".to_owned()
        } else {
            format!("ticked: {}", ticked.join(", "))
        };
        lines.push(ReflectionLine {
            label: "Thank-you note",
            text: format!(
                "{} writing (target {}) · {ticked}",
                crate::analysis::clock(f64::from(note.writing_s)),
                crate::analysis::clock(THANK_YOU_TARGET.as_secs_f64()),
            ),
        });
        lines.push(ReflectionLine {
            label: "The note",
            text: or_dash(&note.text),
        });
        lines
    }

    /// "3.7 / 5 (Clarity 4, Conciseness 3, Body language not rated) · note", or "not rated".
    fn part_text(&self, part: RatingGroup) -> String {
        let items: Vec<&RatingItem> = REFLECTION_ITEMS
            .iter()
            .filter(|item| item.group == part)
            .collect();
        let mut text = self
            .part_score(part)
            .map_or_else(|| "not rated".to_owned(), |s| format!("{s:.1} / 5"));
        if items.len() > 1 && self.part_score(part).is_some() {
            let each: Vec<String> = items
                .iter()
                .map(|item| match self.score(item.id) {
                    Some(s) => format!("{} {s}", item.label),
                    None => format!("{} not rated", item.label),
                })
                .collect();
            text.push_str(&format!(" ({})", each.join(", ")));
        }
        if !self.note(part).is_empty() {
            text.push_str(&format!(" · {}", self.note(part)));
        }
        text
    }
}

impl ThankYouNote {
    /// The labels of the ticked checklist steps, in table order.
    pub fn checklist_labels(&self) -> Vec<&str> {
        labels(THANK_YOU_CHECKS, &self.checklist)
    }

    /// Whether anything was written.
    pub fn is_written(&self) -> bool {
        !self.text.trim().is_empty()
    }
}

/// The labels of the `ticked` ids: the table's rows in order, then unknown ids as they are.
fn labels<'a>(table: &'a [CheckItem], ticked: &'a [String]) -> Vec<&'a str> {
    let known = table
        .iter()
        .filter(|c| ticked.iter().any(|id| id == c.id))
        .map(|c| c.label);
    let unknown = ticked
        .iter()
        .filter(|id| !table.iter().any(|c| c.id == id.as_str()))
        .map(String::as_str);
    known.chain(unknown).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_unique_snake_case_ids_and_help() {
        let ids = |ids: Vec<(&str, &str)>| {
            for (i, (id, help)) in ids.iter().enumerate() {
                assert!(
                    id.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
                );
                assert!(!help.is_empty(), "{id}");
                assert!(ids[..i].iter().all(|(other, _)| other != id), "{id}");
            }
        };
        ids(REFLECTION_ITEMS.iter().map(|i| (i.id, i.help)).collect());
        ids(PITFALLS.iter().map(|c| (c.id, c.help)).collect());
        ids(THANK_YOU_CHECKS.iter().map(|c| (c.id, c.help)).collect());
        for part in REFLECTION_PARTS {
            assert!(
                REFLECTION_ITEMS.iter().any(|i| i.group == *part),
                "{part:?}"
            );
        }
        assert!(
            REFLECTION_ITEMS
                .iter()
                .all(|i| REFLECTION_PARTS.contains(&i.group))
        );
    }

    #[test]
    fn a_reflection_from_before_the_parts_reads_its_preparedness_as_the_preparation_score() {
        let old: Reflection = serde_json::from_str(
            r#"{"went_well": "Calm", "improve": "Slower", "preparedness": 4}"#,
        )
        .unwrap();
        assert_eq!(old.score("preparation"), Some(4));
        assert_eq!(old.part_score(Preparation), Some(4.0));
        assert_eq!(old.part_score(Communication), None);
        assert_eq!(
            (old.went_well.as_str(), old.improve.as_str()),
            ("Calm", "Slower")
        );
        assert!(old.pitfalls.is_empty() && old.thank_you.is_none());
        let unset: Reflection = serde_json::from_str(r#"{"went_well": "a"}"#).unwrap();
        assert_eq!(unset.score("preparation"), None);
    }

    #[test]
    fn every_field_round_trips_and_older_readers_still_find_preparedness() {
        let r = Reflection {
            scores: BTreeMap::from([
                ("preparation".to_owned(), Some(3)),
                ("clarity".to_owned(), Some(4)),
                ("conciseness".to_owned(), Some(2)),
                ("rapport".to_owned(), None),
            ]),
            notes: BTreeMap::from([("connection".to_owned(), "Smiled more".to_owned())]),
            went_well: "Examples".into(),
            improve: "Endings".into(),
            pitfalls: vec!["talked_too_long".into()],
            thank_you: Some(ThankYouNote {
                text: "Dear Ana".into(),
                checklist: vec!["thanked".into(), "within_48h".into()],
                writing_s: 312,
            }),
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["preparedness"], 3, "what older builds read");
        assert_eq!(json["went_well"], "Examples");
        assert_eq!(json["thank_you"]["writing_s"], 312);
        let back: Reflection = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.part_score(Communication), Some(3.0));
        assert_eq!(back.part_score(Connection), None, "rapport unset");
        assert_eq!(back.note(Connection), "Smiled more");
        assert_eq!(back.note(Preparation), "");
        assert_eq!(back.pitfall_labels(), ["Talked too long"]);
        let note = back.thank_you.unwrap();
        assert_eq!(
            note.checklist_labels(),
            ["Sent within 24–48 hours", "Thanked them"],
            "table order"
        );
        let empty = serde_json::to_value(Reflection::default()).unwrap();
        let keys: Vec<&String> = empty.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["improve", "preparedness", "went_well"],
            "empty parts are left out"
        );
    }

    #[test]
    fn the_lines_say_each_part_the_pitfalls_and_the_note() {
        let r: Reflection = serde_json::from_str(
            r#"{"went_well": "Examples", "improve": "", "preparedness": 4,
                "scores": {"clarity": 4, "conciseness": 3},
                "notes": {"communication": "Rushed the end"},
                "pitfalls": ["no_questions"],
                "thank_you": {"text": "Dear Ana", "checklist": ["thanked"], "writing_s": 372}}"#,
        )
        .unwrap();
        let lines: Vec<(&str, String)> = r.lines().into_iter().map(|l| (l.label, l.text)).collect();
        assert_eq!(
            lines,
            [
                ("Preparation", "4.0 / 5".to_owned()),
                (
                    "Communication",
                    "3.5 / 5 (Clarity 4, Conciseness 3, Body language not rated) · Rushed the end"
                        .to_owned()
                ),
                ("Connection", "not rated".to_owned()),
                ("Strengths", "Examples".to_owned()),
                ("Weaknesses", "—".to_owned()),
                ("Pitfalls", "No questions asked".to_owned()),
                (
                    "Thank-you note",
                    "6:12 writing (target 10:00) · ticked: Thanked them".to_owned()
                ),
                ("The note", "Dear Ana".to_owned()),
            ]
        );
        let skipped = Reflection::default().lines();
        assert_eq!(skipped.last().unwrap().text, "skipped");
        assert_eq!(skipped[5].text, "none ticked");
    }

    #[test]
    fn retired_ids_are_kept_and_shown_as_they_are() {
        let r: Reflection =
            serde_json::from_str(r#"{"pitfalls": ["rambling", "no_questions"]}"#).unwrap();
        assert_eq!(r.pitfall_labels(), ["No questions asked", "rambling"]);
    }
}
