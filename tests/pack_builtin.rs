//! The built-in packs: all valid, enough of them, sensible timings and tips.

use rehearse::pack::{self, QuestionType, builtin};

#[test]
fn every_builtin_file_parses_and_validates() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("question_packs");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".pack.json") {
            files += 1;
            let parsed = pack::parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed.warnings, Vec::<String>::new(), "{}", path.display());
            assert_eq!(pack::validate(&parsed.pack), []);
        }
    }
    assert_eq!(
        files,
        builtin().len(),
        "every file in question_packs/ is embedded"
    );
}

#[test]
fn builtins_cover_the_interview_kinds() {
    let packs = builtin();
    assert!(packs.len() >= 6);
    assert_eq!(packs[0].id, "general", "the default pack comes first");
    let questions: Vec<_> = packs.iter().flat_map(|p| &p.questions).collect();
    assert!(questions.len() >= 80, "{} questions", questions.len());
    for kind in [
        QuestionType::General,
        QuestionType::Behavioral,
        QuestionType::Technical,
        QuestionType::Case,
        QuestionType::Panel,
        QuestionType::Group,
        QuestionType::Screening,
        QuestionType::Closing,
    ] {
        assert!(questions.iter().any(|q| q.kind == kind), "{kind:?}");
    }
    let mut ids: Vec<_> = packs.iter().map(|p| &p.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), packs.len(), "pack ids are unique");
}

#[test]
fn every_builtin_question_has_short_tips_and_sensible_times() {
    for p in builtin() {
        for q in &p.questions {
            assert!(
                (1..=3).contains(&q.tips.len()),
                "{}: {} tips",
                q.id,
                q.tips.len()
            );
            assert!(
                q.tips.iter().all(|t| t.len() <= 160),
                "{}: a tip is long",
                q.id
            );
            let t = q.timings(p.defaults);
            assert!((5..=60).contains(&t.think_seconds), "{}", q.id);
            assert!((30..=300).contains(&t.answer_seconds), "{}", q.id);
            if q.kind == QuestionType::Behavioral {
                assert!(
                    t.answer_seconds >= 90 && t.answer_seconds <= 120,
                    "{}",
                    q.id
                );
            }
        }
    }
}

#[test]
fn builtin_tips_teach_the_core_techniques() {
    let tips: Vec<String> = builtin()
        .iter()
        .flat_map(|p| p.questions.iter().flat_map(|q| q.tips.clone()))
        .collect();
    let has = |s: &str| tips.iter().any(|t| t.contains(s));
    assert!(has("STAR"));
    assert!(has("present, past, future"));
    assert!(has("number"));
    assert!(has("two minutes"));
}
