//! The packs shipped in the binary.

use super::import::parse;
use super::model::Pack;

/// The built-in pack files, in list order (`general` first: it is the default pack).
const BUILTIN_FILES: [(&str, &str); 11] = [
    (
        "general.pack.json",
        include_str!("../../question_packs/general.pack.json"),
    ),
    (
        "tell-me-about-yourself.pack.json",
        include_str!("../../question_packs/tell-me-about-yourself.pack.json"),
    ),
    (
        "behavioral.pack.json",
        include_str!("../../question_packs/behavioral.pack.json"),
    ),
    (
        "situational.pack.json",
        include_str!("../../question_packs/situational.pack.json"),
    ),
    (
        "technical.pack.json",
        include_str!("../../question_packs/technical.pack.json"),
    ),
    (
        "case.pack.json",
        include_str!("../../question_packs/case.pack.json"),
    ),
    (
        "panel-group.pack.json",
        include_str!("../../question_packs/panel-group.pack.json"),
    ),
    (
        "screening.pack.json",
        include_str!("../../question_packs/screening.pack.json"),
    ),
    (
        "informational-interview.pack.json",
        include_str!("../../question_packs/informational-interview.pack.json"),
    ),
    (
        "questions-to-ask.pack.json",
        include_str!("../../question_packs/questions-to-ask.pack.json"),
    ),
    (
        "closing-salary.pack.json",
        include_str!("../../question_packs/closing-salary.pack.json"),
    ),
];

/// The packs shipped in the binary (`question_packs/*.pack.json`), `general` first.
pub fn builtin() -> Vec<Pack> {
    BUILTIN_FILES
        .iter()
        .filter_map(|(name, text)| match parse(name, text.as_bytes()) {
            Ok(parsed) => Some(parsed.pack),
            Err(e) => {
                // Unreachable in a tested build (tests/pack_builtin.rs parses every file).
                eprintln!("rehearse: built-in pack skipped: {e}");
                None
            }
        })
        .collect()
}
