//! The self-rating items as one table and the stored rating (a score per item id).
//!
//! Every screen, form and average reads [`RATING_ITEMS`]; adding an item is one line there.
//! Scores are keyed by item id and each may be unset, so a session rated with another table
//! (an item added or retired since) still loads: missing items read as unset, and scores of
//! retired items are kept and shown under their id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which part of an answer (or, in the reflection, of the interview) an item judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RatingGroup {
    /// Posture, eye contact, gestures.
    BodyLanguage,
    /// How it sounded.
    Delivery,
    /// What was said and how it was built.
    Content,
    /// Talking to a panel rather than one person.
    Panel,
    /// Reflection: how well prepared the interview was.
    Preparation,
    /// Reflection: clarity, conciseness, body language.
    Communication,
    /// Reflection: rapport and enthusiasm.
    Connection,
}

impl RatingGroup {
    /// The group's name as shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Self::BodyLanguage => "Body language",
            Self::Delivery => "Delivery",
            Self::Content => "Content",
            Self::Panel => "On a panel",
            Self::Preparation => "Preparation",
            Self::Communication => "Communication",
            Self::Connection => "Connection",
        }
    }

    /// Stable snake_case key (reflection notes, export columns, progress charts).
    pub fn id(self) -> &'static str {
        match self {
            Self::BodyLanguage => "body_language",
            Self::Delivery => "delivery",
            Self::Content => "content",
            Self::Preparation => "preparation",
            Self::Communication => "communication",
            Self::Connection => "connection",
            Self::Panel => "panel",
        }
    }
}

/// One item of the self-rating form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingItem {
    /// Stable snake_case key in `session.json`; never reuse or rename one.
    pub id: &'static str,
    /// The name shown on the form.
    pub label: &'static str,
    /// What the item asks, shown on hover.
    pub help: &'static str,
    /// The part of the answer it judges.
    pub group: RatingGroup,
    /// Asked only in panel interviews (these come last in [`RATING_ITEMS`]).
    pub panel_only: bool,
}

pub(crate) const fn item(
    id: &'static str,
    label: &'static str,
    help: &'static str,
    group: RatingGroup,
) -> RatingItem {
    RatingItem {
        id,
        label,
        help,
        group,
        panel_only: false,
    }
}

use RatingGroup::{BodyLanguage, Content, Delivery};

/// The rating items, in form order: the one table the form, averages and displays read.
pub const RATING_ITEMS: &[RatingItem] = &[
    item(
        "posture",
        "Posture",
        "Sitting or standing upright and open",
        BodyLanguage,
    ),
    item(
        "eye_contact",
        "Eye contact",
        "Looking at the camera or the interviewer",
        BodyLanguage,
    ),
    item(
        "gestures",
        "Gestures",
        "Hands natural, no fidgeting",
        BodyLanguage,
    ),
    item("clarity", "Clarity", "Easy to follow", Content),
    item(
        "structure",
        "Structure",
        "STAR, or present-past-future",
        Content,
    ),
    item(
        "conciseness",
        "Conciseness",
        "To the point, no rambling",
        Content,
    ),
    item(
        "confidence",
        "Confidence",
        "Sounded sure of yourself",
        Delivery,
    ),
    RatingItem {
        id: "addressed_panel",
        label: "Addressed the panel",
        help: "Answered the one who asked, and brought the others in with your eyes",
        group: RatingGroup::Panel,
        panel_only: true,
    },
];

/// The items the form asks in a session of `mode`: on a phone screen nobody sees you, so
/// the body-language items (first in the table) are left out; a panel adds its own item.
pub fn rating_items_in(mode: crate::interview::Mode) -> &'static [RatingItem] {
    let items = rating_items(mode.panel());
    if mode.heard_only() {
        let seen = items
            .iter()
            .take_while(|i| i.group == RatingGroup::BodyLanguage)
            .count();
        &items[seen..]
    } else {
        items
    }
}

/// The items a session's form asks: all of them on a panel, else those not only for panels.
pub fn rating_items(panel: bool) -> &'static [RatingItem] {
    if panel {
        RATING_ITEMS
    } else {
        let general = RATING_ITEMS.iter().take_while(|i| !i.panel_only).count();
        &RATING_ITEMS[..general]
    }
}

/// The lowest score.
pub const MIN_SCORE: u8 = 1;
/// The highest score.
pub const MAX_SCORE: u8 = 5;

/// A saved self-rating: a 1–5 score or `None` (left unset) per item id, and a note.
///
/// Reads both this shape (`{"scores": {"posture": 4, …}, "note": …}`) and format 1's, where
/// each score was a field of its own (`{"posture": 4, …}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StoredRating")]
pub struct Rating {
    /// Score per item id; `None` for an item the user left unset.
    pub scores: BTreeMap<String, Option<u8>>,
    /// Free-text note.
    pub note: String,
}

/// What a stored rating may hold: format 2's map, or format 1's one field per item.
#[derive(Deserialize)]
struct StoredRating {
    #[serde(default)]
    scores: BTreeMap<String, Option<u8>>,
    #[serde(default)]
    note: String,
    /// Format 1 kept each score as a field of its own (`"posture": 4`).
    /// Other fields are ignored.
    #[serde(flatten)]
    format1_scores: BTreeMap<String, serde_json::Value>,
}

impl From<StoredRating> for Rating {
    fn from(stored: StoredRating) -> Self {
        let mut scores = stored.scores;
        for (id, value) in stored.format1_scores {
            if let Some(score) = value.as_u64().and_then(|s| u8::try_from(s).ok()) {
                scores.entry(id).or_insert(Some(score));
            }
        }
        Self {
            scores,
            note: stored.note,
        }
    }
}

impl Rating {
    /// A rating from scores given in `items` order (`None`: unset); extra scores are ignored.
    pub fn new(items: &[RatingItem], scores: &[Option<u8>], note: String) -> Self {
        let scores = items
            .iter()
            .zip(scores)
            .map(|(item, score)| (item.id.to_owned(), score.map(clamp_score)))
            .collect();
        Self { scores, note }
    }

    /// The score of item `id`; `None` if unset or not rated with this item.
    pub fn score(&self, id: &str) -> Option<u8> {
        self.scores.get(id).copied().flatten()
    }

    /// The scores in `items` order, then any item no longer in the table (under its id). A
    /// panel-only item shows only in ratings that asked it.
    pub fn scores_in<'a>(&'a self, items: &'a [RatingItem]) -> Vec<(&'a str, Option<u8>)> {
        let known = items
            .iter()
            .filter(|item| !item.panel_only || self.scores.contains_key(item.id))
            .map(|item| (item.label, self.score(item.id)));
        let retired = self
            .scores
            .iter()
            .filter(|(id, _)| !items.iter().any(|item| item.id == id.as_str()))
            .map(|(id, score)| (id.as_str(), *score));
        known.chain(retired).collect()
    }

    /// Mean of the set scores; `None` when every item is unset.
    pub fn average(&self) -> Option<f64> {
        mean(self.scores.values().filter_map(|s| s.map(f64::from)))
    }
}

/// Clamps a score to the 1–5 scale.
pub fn clamp_score(score: u8) -> u8 {
    score.clamp(MIN_SCORE, MAX_SCORE)
}

/// The mean of `values`; `None` when there are none.
pub(crate) fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(sum, n), v| (sum + v, n + 1));
    (count > 0).then(|| sum / count as f64)
}

/// A rating being entered, saved while typing so a kill loses at most about a second.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingDraft {
    /// Index of the question it rates.
    pub question: usize,
    /// The form as it stood.
    pub rating: Rating,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_unique_snake_case_and_every_item_has_help() {
        for (i, item) in RATING_ITEMS.iter().enumerate() {
            assert!(
                item.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                item.id
            );
            assert!(!item.label.is_empty() && !item.help.is_empty());
            assert!(RATING_ITEMS[..i].iter().all(|other| other.id != item.id));
        }
    }

    #[test]
    fn the_panel_item_is_asked_on_panels_only_and_shown_only_where_asked() {
        let general = rating_items(false);
        assert!(general.iter().all(|i| !i.panel_only));
        assert_eq!(general.len() + 1, RATING_ITEMS.len());
        assert!(RATING_ITEMS[general.len()..].iter().all(|i| i.panel_only));
        assert_eq!(
            rating_items(true).last().unwrap().label,
            "Addressed the panel"
        );
        let solo = Rating::new(general, &[Some(4); 7], String::new());
        assert!(
            solo.scores_in(RATING_ITEMS)
                .iter()
                .all(|(l, _)| *l != "Addressed the panel")
        );
        let panel = Rating::new(rating_items(true), &[None; 8], String::new());
        assert_eq!(
            panel.scores_in(RATING_ITEMS).last(),
            Some(&("Addressed the panel", None))
        );
    }

    #[test]
    fn a_phone_screen_asks_no_body_language_and_a_panel_asks_about_the_panel() {
        use crate::interview::Mode;
        let phone = rating_items_in(Mode::Phone);
        assert!(
            phone
                .iter()
                .all(|i| i.group != RatingGroup::BodyLanguage && !i.panel_only)
        );
        assert_eq!(
            phone.len(),
            4,
            "clarity, structure, conciseness, confidence"
        );
        assert_eq!(rating_items_in(Mode::Panel), RATING_ITEMS);
        assert_eq!(rating_items_in(Mode::Drill), rating_items(false));
        assert_eq!(rating_items_in(Mode::Mock), rating_items(false));
    }

    #[test]
    fn the_average_skips_unset_items() {
        let mut scores = vec![None; RATING_ITEMS.len()];
        assert_eq!(
            Rating::new(RATING_ITEMS, &scores, String::new()).average(),
            None
        );
        scores[0] = Some(1);
        scores[6] = Some(4);
        let r = Rating::new(RATING_ITEMS, &scores, String::new());
        assert_eq!(r.average(), Some(2.5));
        assert_eq!(r.score("posture"), Some(1));
        assert_eq!(r.score("eye_contact"), None);
        assert_eq!(r.scores.len(), RATING_ITEMS.len(), "unset items are kept");
        let all = Rating::new(RATING_ITEMS, &[Some(9); 7], String::new());
        assert_eq!(all.average(), Some(5.0), "scores are clamped to 1–5");
    }

    #[test]
    fn unset_items_are_stored_as_null_and_read_back() {
        let r = Rating::new(RATING_ITEMS, &[Some(2), None], "ok".into());
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["scores"]["posture"], 2);
        assert!(json["scores"]["eye_contact"].is_null());
        assert!(
            json.get("posture").is_none(),
            "format 1 fields are not written"
        );
        let back: Rating = serde_json::from_value(json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn a_format_1_rating_reads_into_the_map() {
        let json = r#"{"posture": 5, "eye_contact": 4, "gestures": 2, "clarity": 1,
            "structure": 3, "conciseness": 4, "confidence": 5, "note": "fine"}"#;
        let r: Rating = serde_json::from_str(json).unwrap();
        let scores: Vec<Option<u8>> = rating_items(false).iter().map(|i| r.score(i.id)).collect();
        let expected = [5, 4, 2, 1, 3, 4, 5].map(Some);
        assert_eq!(scores, expected);
        assert_eq!(r.note, "fine");
        assert_eq!(r.average(), Some(24.0 / 7.0));
    }

    #[test]
    fn items_missing_from_the_table_read_as_unset_and_retired_ones_are_kept() {
        let json = r#"{"scores": {"posture": 4, "humour": 2}, "note": ""}"#;
        let r: Rating = serde_json::from_str(json).unwrap();
        let shown = r.scores_in(RATING_ITEMS);
        assert_eq!(shown[0], ("Posture", Some(4)));
        assert_eq!(shown[1], ("Eye contact", None));
        assert_eq!(shown.last(), Some(&("humour", Some(2))));
        assert_eq!(shown.len(), rating_items(false).len() + 1, "no panel item");
        assert_eq!(r.average(), Some(3.0));
    }
}
