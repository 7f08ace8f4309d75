//! What a user reads: the recovery prompt in local time with pack titles and a reason
//! sentence, the setup screen's microphone message without raw text, and the pack editor's
//! type list with the pack's own types and a field to name a new one.

mod support;

use egui::Event;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::Command;
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;
use rehearse::pack::QuestionType;
use rehearse::session::{Session, SessionStore, Take};
use rehearse::ui::shell::Shell;

/// A session over a built-in pack and a pack no longer in the library, killed while the
/// first of two questions was being answered.
fn killed_session(data: &DataDir) -> Session {
    let mut session =
        support::session::sample_session(&["general", "old-deleted-pack"], 2, "Question");
    session.questions[0]
        .takes
        .push(Take::recording(1, None, chrono::Utc::now(), 1.0));
    SessionStore::new(data.sessions()).create(&session).unwrap();
    session
}

#[test]
fn the_recovery_prompt_reads_local_time_pack_titles_and_a_reason_sentence() {
    let root = tempfile::tempdir().unwrap();
    let data = DataDir::new(root.path());
    let session = killed_session(&data);
    let mut h = support::tone_window(&data);
    h.run();
    let local = session
        .started_at
        .with_timezone(&chrono::Local)
        .format("%a %-d %b %Y, %H:%M")
        .to_string();
    let line = format!(
        "{local} · General interview questions, old-deleted-pack · 1 of 2 questions answered"
    );
    h.get_by_label(&line);
    assert!(h.query_by_label_contains("UTC").is_none());
    h.get_by_label("Rehearse was closed during question 1.");
}

/// The window at 1100×900 on a machine with no microphone.
fn window_without_microphone(data: &DataDir) -> Harness<'static, Shell> {
    support::window(
        data,
        [1100.0, 900.0],
        SyntheticBackend::without_microphone(),
    )
}

#[test]
fn no_microphone_is_a_sentence_with_retry_and_the_raw_cause_goes_to_the_log() {
    let root = tempfile::tempdir().unwrap();
    let mut h = window_without_microphone(&DataDir::new(root.path()));
    for _ in 0..3 {
        h.run();
    }
    h.get_by_label(
        "No microphone found. Plug one in, or check that no other app holds it, then \
         press Retry.",
    );
    assert!(h.query_by_label_contains("synthetic backend").is_none());
    let log = std::fs::read_to_string(root.path().join("rehearse.log")).unwrap();
    assert!(
        log.contains("starting the microphone: the synthetic backend was built without one."),
        "{log}"
    );
    // Retry tries the microphone again (and fails again, saying the same).
    support::click(&mut h, "Retry");
    h.run();
    h.get_by_label_contains("No microphone found. Plug one in");
    let log = std::fs::read_to_string(root.path().join("rehearse.log")).unwrap();
    assert_eq!(log.matches("starting the microphone").count(), 2, "{log}");
}

#[test]
fn an_answer_without_a_microphone_is_told_in_whole_sentences_and_logged() {
    let root = tempfile::tempdir().unwrap();
    let mut h = window_without_microphone(&DataDir::new(root.path()));
    h.run();
    h.state_mut().app_mut().apply(Command::StartInterview);
    h.run();
    h.state_mut().app_mut().apply(Command::SkipThink);
    h.run();
    let message = h.state().app().message().unwrap().to_owned();
    assert!(
        message.starts_with("No microphone found.")
            && message.ends_with(" The answer is timed but not recorded.")
            && !message.contains(".."),
        "{message}"
    );
    let log = std::fs::read_to_string(root.path().join("rehearse.log")).unwrap();
    assert!(
        log.contains("starting a recording: the synthetic backend was built without one."),
        "{log}"
    );
}

fn kinds(h: &Harness<'_, Shell>) -> Vec<QuestionType> {
    let editor = h
        .state()
        .app()
        .packs()
        .editor()
        .expect("the editor is open");
    editor
        .draft
        .questions
        .iter()
        .map(|q| q.kind.clone())
        .collect()
}

#[test]
fn the_type_list_names_a_new_type_and_offers_the_packs_own_types() {
    let root = tempfile::tempdir().unwrap();
    let mut h = window_without_microphone(&DataDir::new(root.path()));
    support::new_pack_with_questions(&mut h, 2);

    // Question 1: type a new type in the list.
    h.get_all_by_label("Type").next().unwrap().click();
    h.run();
    h.get_by_label("New type").click();
    h.run();
    for c in "leadership".chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
    support::click(&mut h, "Use this type");
    assert_eq!(
        kinds(&h)[0],
        QuestionType::Custom("leadership".into()),
        "the typed type is the question's"
    );
    assert!(h.query_by_label("New type").is_none(), "the list closed");

    // Question 2: the pack's own type is in its list, after the built-in ones.
    h.get_all_by_label("Type").nth(1).unwrap().click();
    h.run();
    h.get_by_label("Behavioral");
    support::click(&mut h, "leadership");
    assert_eq!(kinds(&h)[1], QuestionType::Custom("leadership".into()));
}
