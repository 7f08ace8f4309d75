//! The built-in packs: all valid, enough of them, sensible timings and tips, a framework on every
//! question that has one, and follow-ups on every question an interviewer asks.

use rehearse::pack::{self, Framework, QuestionType, builtin};

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
    assert!(packs.len() >= 10, "{} packs", packs.len());
    assert_eq!(packs[0].id, "general", "the default pack comes first");
    let questions: Vec<_> = packs.iter().flat_map(|p| &p.questions).collect();
    assert!(questions.len() >= 140, "{} questions", questions.len());
    for kind in [
        QuestionType::General,
        QuestionType::Behavioral,
        QuestionType::Situational,
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
    // The interview guide's advice: phone calls, panels, the follow-up and the reflection.
    assert!(has("cannot see you"));
    assert!(has("each interviewer") || has("each panellist"));
    assert!(has("24–48 hours"));
    assert!(has("rapport"));
}

/// Whether a question asks the candidate to introduce themselves ("Tell me about yourself").
fn is_introduction(text: &str) -> bool {
    let text = text.to_lowercase();
    [
        "about yourself",
        "introduce yourself",
        "walk me through your",
        "overview of your background",
        "your story",
    ]
    .iter()
    .any(|phrase| text.contains(phrase))
}

#[test]
fn every_builtin_question_has_a_type_its_framework_and_a_tip() {
    let mut failures = Vec::new();
    for p in builtin() {
        for q in &p.questions {
            let name = format!("{}/{}", p.id, q.id);
            if q.kind.key().trim().is_empty() {
                failures.push(format!("{name}: no type"));
            }
            if q.tips.iter().all(|t| t.trim().is_empty()) {
                failures.push(format!("{name}: no tip"));
            }
            let story = matches!(q.kind, QuestionType::Behavioral | QuestionType::Situational);
            if story && !matches!(q.framework, Some(Framework::Star | Framework::Car)) {
                failures.push(format!(
                    "{name}: a {} question needs STAR or CAR",
                    q.kind.key()
                ));
            }
            if is_introduction(&q.text) && q.framework != Some(Framework::PresentPastFuture) {
                failures.push(format!("{name}: an introduction needs Present–Past–Future"));
            }
            if q.kind == QuestionType::Closing && q.framework.is_some() {
                failures.push(format!("{name}: a question to ask needs no framework"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_new_packs_are_there_with_their_frameworks() {
    let packs = builtin();
    let pack = |id: &str| {
        packs
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("no built-in pack {id}"))
    };
    let call = pack("informational-interview");
    let steps: Vec<&str> = call.questions[..4]
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    for (step, words) in
        steps
            .iter()
            .zip(["introduce yourself", "interested in", "reason", "30-minute"])
    {
        assert!(step.to_lowercase().contains(words), "{step}");
    }
    assert!(
        call.questions
            .iter()
            .filter(|q| q.kind == QuestionType::Closing)
            .count()
            >= 6,
        "the call's questions to ask"
    );
    let yourself = pack("tell-me-about-yourself");
    assert!(yourself.questions.len() >= 8);
    assert!(
        yourself
            .questions
            .iter()
            .all(|q| q.framework == Some(Framework::PresentPastFuture))
    );
    let situational = pack("situational");
    assert!(
        situational
            .questions
            .iter()
            .all(|q| q.kind == QuestionType::Situational && q.text.contains("would"))
    );
    let closing = pack("closing-salary");
    let salary = closing
        .questions
        .iter()
        .filter(|q| q.text.to_lowercase().contains("salary"))
        .count();
    assert!(salary >= 3, "{salary} salary questions");
}

/// A text lowercased and reduced to its letters and digits, to compare wordings.
fn wording(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[test]
fn no_question_is_asked_twice_across_the_builtin_packs() {
    let mut seen = std::collections::HashMap::new();
    for p in builtin() {
        for q in &p.questions {
            if let Some(first) = seen.insert(wording(&q.text), format!("{}/{}", p.id, q.id)) {
                panic!("{}/{} repeats {first}: {}", p.id, q.id, q.text);
            }
        }
    }
}

/// The packs whose questions the interviewer asks: each question there has follow-ups for the
/// interviewer to ask after the answer.
const INTERVIEWER_PACKS: [&str; 9] = [
    "general",
    "tell-me-about-yourself",
    "behavioral",
    "situational",
    "technical",
    "case",
    "panel-group",
    "screening",
    "closing-salary",
];

/// The packs in which the candidate does the asking (or runs the call): no follow-ups needed.
const CANDIDATE_PACKS: [&str; 2] = ["informational-interview", "questions-to-ask"];

/// Longest follow-up in a built-in pack, in characters: one short spoken question.
const MAX_BUILTIN_FOLLOW_UP_CHARS: usize = 119;

#[test]
fn every_interviewer_question_has_distinct_short_follow_ups() {
    let packs = builtin();
    let mut failures = Vec::new();
    for p in &packs {
        if CANDIDATE_PACKS.contains(&p.id.as_str()) {
            continue;
        }
        if !INTERVIEWER_PACKS.contains(&p.id.as_str()) {
            failures.push(format!(
                "{}: add the pack to INTERVIEWER_PACKS or CANDIDATE_PACKS",
                p.id
            ));
            continue;
        }
        let mut in_pack: std::collections::HashMap<String, usize> = Default::default();
        for q in &p.questions {
            let name = format!("{}/{}", p.id, q.id);
            if q.follow_ups.is_empty() {
                failures.push(format!("{name}: no follow-up"));
            }
            let mut in_question = std::collections::HashSet::new();
            for f in &q.follow_ups {
                let key = wording(f);
                if !in_question.insert(key.clone()) {
                    failures.push(format!("{name}: the follow-up \"{f}\" is there twice"));
                }
                if key == wording(&q.text) {
                    failures.push(format!(
                        "{name}: the follow-up \"{f}\" repeats the question"
                    ));
                }
                if f.chars().count() > MAX_BUILTIN_FOLLOW_UP_CHARS
                    || !(f.ends_with('?') || f.ends_with('.'))
                {
                    failures.push(format!(
                        "{name}: \"{f}\" should be one short spoken question ending in ? or ."
                    ));
                }
                *in_pack.entry(key).or_default() += 1;
            }
        }
        for q in &p.questions {
            for f in &q.follow_ups {
                if in_pack[&wording(f)] > 2 {
                    failures.push(format!(
                        "{}/{}: \"{f}\" is asked after more than two questions of the pack",
                        p.id, q.id
                    ));
                }
            }
        }
    }
    for id in INTERVIEWER_PACKS.iter().chain(&CANDIDATE_PACKS) {
        if !packs.iter().any(|p| p.id == *id) {
            failures.push(format!("no built-in pack {id}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
