//! Good files in every format import to the expected pack; export then import gives the same pack.

use std::path::Path;

use proptest::prelude::*;
use rehearse::pack::{self, Framework, Pack, Parsed, QuestionType};

fn good(name: &str) -> Parsed {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/good_packs")
        .join(name);
    pack::parse_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn texts(p: &Pack) -> Vec<&str> {
    p.questions.iter().map(|q| q.text.as_str()).collect()
}

fn no_carriage_returns(p: &Pack) {
    let json = pack::to_json(p);
    assert!(!json.contains("\\r") && !json.contains('\r'), "{json}");
}

#[test]
fn the_example_in_the_format_documentation_is_a_valid_pack() {
    let readme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("question_packs/README.md"),
    )
    .unwrap();
    let start = readme.find("```json\n").unwrap() + 8;
    let end = start + readme[start..].find("```").unwrap();
    let p = pack::parse("README.pack.json", &readme.as_bytes()[start..end]).unwrap();
    assert_eq!(p.pack.questions.len(), 2);
}

#[test]
fn native_json_with_every_field() {
    let p = good("complete.pack.json");
    assert!(p.warnings.is_empty());
    let p = p.pack;
    assert_eq!((p.id.as_str(), p.questions.len()), ("product-manager", 4));
    assert_eq!(
        p.questions[1].follow_ups,
        ["What would you do if they escalated?"]
    );
    assert_eq!(p.questions[2].timings(p.defaults).answer_seconds, 180);
    assert_eq!(p.questions[3].kind, QuestionType::Closing);
}

#[test]
fn frameworks_are_read_and_written_in_format_1_1() {
    let p = good("frameworks.pack.json");
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    let p = p.pack;
    let frameworks: Vec<_> = p.questions.iter().map(|q| q.framework).collect();
    assert_eq!(
        frameworks,
        [
            Some(Framework::PresentPastFuture),
            Some(Framework::Star),
            Some(Framework::Car),
            None
        ]
    );
    assert_eq!(p.format_version, "1.1");
    let json = pack::to_json(&p);
    assert!(
        json.contains("\"framework\": \"present_past_future\""),
        "{json}"
    );
    assert_eq!(pack::parse("x.pack.json", json.as_bytes()).unwrap().pack, p);
    let csv = pack::to_csv(&p);
    assert!(csv.contains(",framework\n"), "{csv}");
    assert_eq!(
        pack::parse("x.csv", csv.as_bytes()).unwrap().pack,
        p,
        "{csv}"
    );

    // Without a framework a pack stays format 1.0, as builds before frameworks read it;
    // a 1.0 file that names one is read and becomes 1.1.
    let mut plain = p.clone();
    for q in &mut plain.questions {
        q.framework = None;
    }
    let back = pack::parse("x.pack.json", pack::to_json(&plain).as_bytes()).unwrap();
    assert_eq!(back.pack.format_version, "1.0");
    assert!(!pack::to_json(&back.pack).contains("\"framework\""));
    assert!(!pack::to_csv(&back.pack).contains(",framework\n"));
    let old_label = json.replace("\"1.1\"", "\"1.0\"");
    assert_eq!(
        pack::parse("x.pack.json", old_label.as_bytes())
            .unwrap()
            .pack,
        p
    );
}

#[test]
fn frameworks_round_trip_through_markdown() {
    for p in pack::builtin() {
        let md = pack::to_markdown(&p);
        let back = pack::parse("x.md", md.as_bytes())
            .unwrap_or_else(|e| panic!("{e}\n{md}"))
            .pack;
        assert_eq!(back.title, p.title);
        let kept = |p: &Pack| {
            p.questions
                .iter()
                .map(|q| (q.text.clone(), q.framework, q.follow_ups.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(kept(&back), kept(&p), "{md}");
    }
}

#[test]
fn newer_minor_version_is_read_with_a_warning() {
    let p = good("newer_minor.pack.json");
    assert_eq!(texts(&p.pack), ["Why this team?", "Why now?"]);
    assert_eq!(p.pack.format_version, "1.0");
    assert_eq!(p.warnings.len(), 1);
    for field in [
        "colour",
        "defaults/retake_limit",
        "questions/0/audio_prompt",
        "signature",
    ] {
        assert!(p.warnings[0].contains(field), "{}", p.warnings[0]);
    }
}

#[test]
fn newer_major_version_is_read_only_with_a_warning() {
    for file in ["newer_major.pack.json", "newer_major_plain.pack.json"] {
        let p = good(file);
        assert_eq!(p.pack.format_version, "2.0", "{file}: the version is kept");
        assert!(p.pack.is_newer_format());
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(p.warnings[0].contains("read-only"), "{}", p.warnings[0]);
        let newer = p.newer_format.expect("marked as a newer format");
        assert_eq!(newer.version, "2.0");
    }
    let p = good("newer_major.pack.json");
    let newer = p.newer_format.unwrap();
    assert_eq!(
        newer.ignored_fields,
        [
            "defaults/retake_limit",
            "rubric",
            "questions/0/audio_prompt"
        ]
    );
    assert!(p.warnings[0].contains("rubric"), "{}", p.warnings[0]);
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good_packs/newer_major.pack.json"),
    )
    .unwrap();
    assert_eq!(
        newer.text, original,
        "the text is kept to store the file unchanged"
    );
    assert!(good("complete.pack.json").newer_format.is_none());
}

#[test]
fn a_pack_names_its_own_question_types() {
    let p = good("own_types.pack.json");
    let kinds: Vec<&str> = p.pack.questions.iter().map(|q| q.kind.key()).collect();
    assert_eq!(
        kinds,
        [
            "leadership",
            "culture fit",
            "behavorial",
            "technical",
            "leadership"
        ]
    );
    assert_eq!(p.pack.questions[3].kind, QuestionType::Technical);
    assert!(p.pack.questions[0].kind.is_custom());
    // Only the likely typo is warned about.
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(
        p.warnings[0].contains("did you mean behavioral?"),
        "{}",
        p.warnings[0]
    );
    let types: Vec<String> = p
        .pack
        .types()
        .iter()
        .map(|t| t.label().to_owned())
        .collect();
    assert_eq!(
        types,
        ["Technical", "behavorial", "culture fit", "leadership"]
    );
    // Kept on export: JSON and CSV give back the same pack.
    let json = pack::to_json(&p.pack);
    assert!(json.contains("\"type\": \"leadership\""), "{json}");
    assert_eq!(
        pack::parse("x.pack.json", json.as_bytes()).unwrap().pack,
        p.pack
    );
    let csv = pack::to_csv(&p.pack);
    assert_eq!(
        pack::parse("x.csv", csv.as_bytes()).unwrap().pack,
        p.pack,
        "{csv}"
    );

    let csv = good("own_types.csv");
    let kinds: Vec<QuestionType> = csv.pack.questions.iter().map(|q| q.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            QuestionType::General,
            QuestionType::Behavioral,
            QuestionType::Custom("trivia".into())
        ]
    );
    assert_eq!(csv.warnings, Vec::<String>::new());
    let json = good("own_type.pack.json");
    assert_eq!(json.pack.questions[1].kind, QuestionType::named("trivia"));
}

#[test]
fn bom_and_crlf_are_accepted_without_a_carriage_return_left() {
    let p = good("bom_crlf.pack.json").pack;
    assert_eq!(p.questions[0].text, "Line one\nline two?");
    assert_eq!(p.questions[0].tips, ["Tip"]);
    no_carriage_returns(&p);
}

#[test]
fn spreadsheet_csv_with_a_header_row() {
    let p = good("spreadsheet.csv").pack;
    assert_eq!(p.title, "Spreadsheet");
    let q = &p.questions;
    assert_eq!(q.len(), 4);
    assert_eq!(
        q[0].tips,
        ["Present, past, future.", "Keep it under two minutes."]
    );
    assert_eq!(q[0].answer_seconds, Some(90));
    assert_eq!(
        q[1].text,
        "Describe a time you disagreed with your manager, and what happened."
    );
    assert_eq!(q[1].kind, QuestionType::Behavioral);
    assert_eq!(q[1].tips, ["Use STAR; spend most time on \"Action\"."]);
    assert_eq!(q[1].think_seconds, Some(20));
    assert_eq!(q[2].kind, QuestionType::General);
    assert_eq!(q[2].category.as_deref(), Some("Self-assessment"));
    assert_eq!(q[3].kind, QuestionType::Case);
    assert_eq!(
        q.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(),
        ["q1", "q2", "q3", "q4"]
    );
}

#[test]
fn unknown_columns_are_named_in_a_warning() {
    let csv = "Question,Difficulty,Tips\nWhy us?,3,Be specific\n";
    let p = pack::parse("cols.csv", csv.as_bytes()).unwrap();
    assert_eq!(p.pack.questions[0].tips, ["Be specific"]);
    assert_eq!(
        p.warnings,
        ["column(s) \"Difficulty\" on line 1 are not used by Rehearse and were ignored"]
    );
}

#[test]
fn generated_ids_avoid_ids_given_in_the_file() {
    let csv = "question,id\nWhy us?,q2\nWhy now?,\nWhy you?,\n";
    let p = pack::parse("ids.csv", csv.as_bytes()).unwrap().pack;
    let ids: Vec<_> = p.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["q2", "q1", "q3"]);
}

#[test]
fn semicolon_csv_from_excel_with_crlf() {
    let p = good("semicolon_excel.csv").pack;
    assert_eq!(
        texts(&p),
        [
            "Warum möchten Sie bei uns arbeiten?",
            "Was sind Ihre Stärken; und Schwächen?"
        ]
    );
    assert_eq!(p.questions[1].tips, ["Beispiel mit einer Zahl"]);
    no_carriage_returns(&p);
}

#[test]
fn anki_plain_text_export_with_html_and_tags_column() {
    let p = good("anki_notes.txt").pack;
    assert_eq!(
        texts(&p),
        [
            "Tell me about a time you failed.",
            "What is a REST API?",
            "Why do you want this job?"
        ]
    );
    assert_eq!(p.questions[0].tips, ["Use STAR.", "Own the mistake."]);
    assert_eq!(p.questions[1].tips, ["Resources, verbs, \"stateless\"."]);
    assert_eq!(p.questions[0].kind, QuestionType::Behavioral);
    assert_eq!(p.questions[1].kind, QuestionType::Technical);
}

#[test]
fn anki_style_tsv_with_columns_header() {
    let p = good("anki_columns.tsv");
    assert!(p.warnings.iter().any(|w| w.contains("#deck")));
    let p = p.pack;
    assert_eq!(
        p.questions[0].tips,
        ["Real, not central to the role", "What you do about it"]
    );
    assert_eq!(p.questions[1].text, "Walk me through\na project");
    assert_eq!(p.questions[1].kind, QuestionType::Behavioral);
}

#[test]
fn quizlet_export_is_question_and_tips() {
    let p = good("quizlet_export.txt").pack;
    assert_eq!(p.questions.len(), 3);
    assert_eq!(p.questions[1].text, "Why should we hire you?");
    assert_eq!(p.questions[1].tips, ["Three reasons with proof"]);
}

#[test]
fn plain_text_strips_markers_and_comments() {
    let p = good("my_questions.txt").pack;
    assert_eq!(
        texts(&p),
        [
            "Why do you want to work here?",
            "What do you know about our product?",
            "Tell me about a time you led a project.",
            "What would you do if a teammate missed a deadline?",
            "How do you handle stress?",
            "Where do you see yourself in five years?",
        ]
    );
    assert_eq!(p.questions[2].kind, QuestionType::Behavioral);
    assert_eq!(p.questions[3].kind, QuestionType::Situational);
    let no_ext = good("no_extension").pack;
    assert_eq!(texts(&no_ext), ["Why us?", "Why now?"]);
}

#[test]
fn real_world_markdown_list() {
    let parsed = good("front-end-questions.md");
    assert!(
        parsed
            .warnings
            .iter()
            .any(|w| w.contains("table of contents"))
    );
    let p = parsed.pack;
    assert_eq!(p.title, "Front-end Developer Interview Questions");
    assert!(p.description.starts_with("A list of questions"));
    assert_eq!(p.questions.len(), 11);
    let q = &p.questions;
    assert_eq!(q[0].text, "What did you learn this week?");
    assert_eq!(q[0].category.as_deref(), Some("General Questions"));
    assert_eq!(
        q[1].follow_ups,
        ["What would you do differently?", "Who else was involved?"]
    );
    assert_eq!(q[4].text, "What does a doctype do?");
    assert_eq!(q[4].category.as_deref(), Some("HTML Questions"));
    assert_eq!(
        q[5].text,
        "Why is semantic markup useful, for example for screen readers?"
    );
    assert_eq!(q[8].text, "What is a closure, and when would you use one?");
    assert_eq!(q[10].category.as_deref(), Some("Fun Questions"));
}

#[test]
fn markdown_headings_set_types_and_nested_items_are_follow_ups() {
    let p = good("behavioral.markdown").pack;
    assert_eq!(p.title, "Behavioural practice");
    assert_eq!(p.questions[0].kind, QuestionType::Behavioral);
    assert_eq!(p.questions[0].follow_ups, ["How did it end?"]);
    assert_eq!(p.questions[2].kind, QuestionType::Closing);
    assert_eq!(
        p.questions[2].answer_seconds,
        Some(60),
        "timings follow the type"
    );
}

#[test]
fn content_decides_when_the_extension_does_not() {
    let json = pack::to_json(&pack::builtin()[0]);
    assert_eq!(
        pack::parse("pack.txt", json.as_bytes()).unwrap().pack,
        pack::builtin()[0]
    );
    assert_eq!(
        pack::Format::detect("x", "# T\n\n- Why?\n"),
        pack::Format::Markdown
    );
    assert_eq!(
        pack::Format::detect("x.txt", "\tWhy us?\n\tWhy now?\n"),
        pack::Format::Text,
        "indented with tabs is not a TSV"
    );
    assert_eq!(
        pack::Format::detect("x.txt", "#separator:Comma\na,b\n"),
        pack::Format::Delimited(Some(b'\t'))
    );
}

#[test]
fn every_builtin_pack_round_trips_through_json_and_csv() {
    for p in pack::builtin() {
        let back = pack::parse("x.pack.json", pack::to_json(&p).as_bytes()).unwrap();
        assert_eq!(back.pack, p);
        assert!(back.warnings.is_empty());
        let csv = pack::to_csv(&p);
        let back = pack::parse("x.csv", csv.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{csv}"));
        assert_eq!(back.pack, p, "{csv}");
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    }
}

#[test]
fn awkward_text_round_trips_through_csv() {
    let mut p = good("complete.pack.json").pack;
    p.title = "Commas, \"quotes\"; and #hashes".into();
    p.questions[0].text = "#1: \"Why\", really?\nOn two lines".into();
    p.questions[0].category = Some("a,b".into());
    p.questions[1].tips = vec!["tip, one".into(), "\"two\"".into()];
    let csv = pack::to_csv(&p);
    assert_eq!(
        pack::parse("x.csv", csv.as_bytes()).unwrap().pack,
        p,
        "{csv}"
    );
}

/// Random but valid packs: export to JSON or CSV, import, compare.
fn arb_pack() -> impl Strategy<Value = Pack> {
    let text = "[A-Za-z?]([A-Za-z0-9 ,;\"'?#éß]{0,30}[A-Za-z?])?";
    let question = (
        text,
        prop_oneof![
            prop::sample::select(QuestionType::ALL.to_vec()),
            // The pack's own types, e.g. "leadership" or "culture fit".
            "[a-z][a-z ]{0,12}[a-z]".prop_map(|name| QuestionType::named(&name)),
        ],
        prop::option::of("[a-z]([A-Za-z ,]{0,10}[a-z])?"),
        prop::collection::vec(text, 0..3),
        prop::collection::vec(text, 0..2),
        prop::option::of(0u32..=600),
        prop::option::of(10u32..=3600),
        prop::option::of(prop::sample::select(Framework::ALL.to_vec())),
    );
    (text, prop::collection::vec(question, 1..6)).prop_map(|(title, qs)| {
        let mut p = Pack {
            format_version: pack::FORMAT_VERSION.into(),
            id: pack::slug(&title),
            title,
            description: String::new(),
            defaults: pack::Timings {
                think_seconds: 15,
                answer_seconds: 120,
            },
            questions: qs
                .into_iter()
                .enumerate()
                .map(
                    |(i, (text, kind, category, tips, follow_ups, think, answer, framework))| {
                        pack::Question {
                            id: format!("q{}", i + 1),
                            text,
                            kind,
                            framework,
                            category,
                            tips,
                            follow_ups,
                            think_seconds: think,
                            answer_seconds: answer,
                        }
                    },
                )
                .collect(),
        };
        p.format_version = p.fitting_format_version().into();
        p
    })
}

proptest! {
    #[test]
    fn random_packs_round_trip(p in arb_pack()) {
        prop_assert_eq!(&pack::parse("r.pack.json", pack::to_json(&p).as_bytes()).unwrap().pack, &p);
        let csv = pack::to_csv(&p);
        prop_assert_eq!(&pack::parse("r.csv", csv.as_bytes()).unwrap().pack, &p);
    }

    #[test]
    fn arbitrary_bytes_never_panic_any_importer(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for name in ["a.pack.json", "a.csv", "a.tsv", "a.txt", "a.md", "a"] {
            let _ = pack::parse(name, &bytes);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_any_importer(text in "(?s)[ -~\\n\\t\"#*\\-{}\\[\\]:,;|`>é]{0,400}") {
        for name in ["a.pack.json", "a.csv", "a.tsv", "a.txt", "a.md", "a"] {
            let _ = pack::parse(name, text.as_bytes());
        }
    }

    #[test]
    fn mutated_json_never_panics(cut in 0usize..2000, insert in "[\\[\\]{}\",: a-z0-9]{0,4}") {
        let mut text = pack::to_json(&pack::builtin()[3]);
        let at = text.char_indices().map(|(i, _)| i).nth(cut).unwrap_or(text.len());
        text.insert_str(at, &insert);
        let _ = pack::parse("m.pack.json", text.as_bytes());
        let mut v = text.into_bytes();
        v.truncate(at);
        let _ = pack::parse("m.pack.json", &v);
    }
}
