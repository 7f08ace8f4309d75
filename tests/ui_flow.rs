//! The whole rehearsal loop driven through the real window shell by egui_kittest, as a user would:
//! setup → start → think → answer → rate → … → reflection → summary → review, then the files.
//!
//! Audio comes from the `SyntheticBackend` (a tone, no microphone at all, or a device lost
//! mid-answer); time comes from a manual clock, so nothing sleeps for the timers.

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::Screen;
use rehearse::app::clock::ManualClock;
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;
use rehearse::interview::StopReason;
use rehearse::session::{Session, SessionStatus, TakeStatus, rating_items};
use rehearse::ui::shell::Shell;
use support::session::session_dirs;
use support::{settle, tone, window_with_clock, write_settings};

const RATE: u32 = 16_000;
/// The window size these tests use.
const SIZE: [f32; 2] = [1100.0, 800.0];

fn press(h: &mut Harness<'_, Shell>, key: Key) {
    h.key_press(key);
    settle(h);
}

/// Clicks the widget whose label contains `label`, on the frame the user currently sees.
fn click(h: &mut Harness<'_, Shell>, label: &str) {
    settle(h);
    h.get_by_label_contains(label).click();
    settle(h);
}

/// Clicks into the text field named `label` and types `text`.
fn type_into(h: &mut Harness<'_, Shell>, label: &str, text: &str) {
    h.get_by_label(label).click();
    settle(h);
    h.get_by_label(label).type_text(text);
    settle(h);
}

fn load_session(dir: &Path) -> Session {
    let text = std::fs::read_to_string(dir.join("session.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_three_question_session_by_keyboard_and_mouse_is_saved_and_reviewable() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    write_settings(
        &data,
        r#"{"question_count": 3, "think_seconds": 10, "answer_seconds": 60}"#,
    );
    let clock = ManualClock::new();
    let mut h = window_with_clock(&data, SIZE, tone(), &clock);

    // Setup: the remembered choices, the mic meter, Enter starts.
    assert_eq!(h.state().app().screen(), Screen::Setup);
    h.get_by_label("Mic level");
    h.get_by_label_contains("Start interview");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);

    // Question 1: Space skips thinking, recording starts, Space ends the answer.
    h.get_by_label("Question 1 of 3");
    h.get_by_label("Think about your answer");
    press(&mut h, Key::Space);
    h.get_by_label("REC");
    std::thread::sleep(Duration::from_millis(300)); // the synthetic mic runs in real time
    clock.advance(Duration::from_secs(20));
    settle(&mut h);
    h.get_by_label("0:20");
    press(&mut h, Key::Space);

    // Rate by keyboard: every item starts unset; digits score item after item, Enter saves.
    h.get_by_label_contains("Rate your answer");
    assert_eq!(
        h.get_all_by_label("not rated").count(),
        rating_items(false).len()
    );
    for key in [Key::Num5, Key::Num4, Key::Num4, Key::Num3, Key::Num5] {
        press(&mut h, key);
    }
    assert_eq!(h.get_all_by_label("not rated").count(), 2);
    press(&mut h, Key::Enter);

    // Question 2: the think countdown runs out, recording starts by itself; the hard stop
    // ends it at the limit; then a retake from the rating form.
    h.get_by_label("Question 2 of 3");
    clock.advance(Duration::from_secs(10));
    settle(&mut h);
    h.get_by_label("REC");
    clock.advance(Duration::from_secs(45));
    settle(&mut h);
    h.get_by_label_contains("finish your answer");
    clock.advance(Duration::from_secs(16));
    settle(&mut h);
    h.get_by_label_contains("Rate your answer");
    press(&mut h, Key::R);
    h.get_by_label("REC");
    h.get_by_label("· take 2");
    clock.advance(Duration::from_secs(30));
    click(&mut h, "Stop answer");
    h.get_by_label("Posture 2").click();
    settle(&mut h);
    type_into(&mut h, "Note", "Too long at first");
    click(&mut h, "Save and next question");

    // Question 3 with the mouse, then the reflection.
    h.get_by_label("Question 3 of 3");
    click(&mut h, "Start answering now");
    clock.advance(Duration::from_secs(15));
    click(&mut h, "Stop answer");
    click(&mut h, "Save and finish");
    h.get_by_label("How did it go?");
    // Digits score the parts' items in turn; Tab goes from the scores to the strengths.
    press(&mut h, Key::Num4);
    press(&mut h, Key::Tab);
    h.get_by_label("Strengths (what went well)")
        .type_text("Calm start");
    settle(&mut h);
    click(&mut h, "Save reflection");

    // Summary, then the review screen.
    assert_eq!(h.state().app().screen(), Screen::Summary);
    h.get_by_label("Session summary");
    h.get_by_label_contains("3 of 3 questions answered");
    h.get_by_label_contains("Rating 4.2 / 5: Posture 5, Eye contact 4");
    h.get_by_label_contains("Structure 5, Conciseness not rated, Confidence not rated");
    h.get_by_label("No item rated."); // question 3 was saved untouched
    click(&mut h, "Open in review");
    assert_eq!(h.state().app().screen(), Screen::Review);

    // On disk: one complete session with every take, rating and the reflection.
    let dirs = session_dirs(&data);
    assert_eq!(dirs.len(), 1);
    let s = load_session(&dirs[0]);
    assert_eq!(s.status, SessionStatus::Complete);
    assert_eq!(s.questions.len(), 3);
    for q in &s.questions {
        h.get_by_label(&q.text); // the review screen shows the session just finished
    }
    let q1 = &s.questions[0];
    assert_eq!(q1.takes.len(), 1);
    assert_eq!(q1.takes[0].status, TakeStatus::Recorded);
    assert_eq!(q1.takes[0].stop_reason, Some(StopReason::Manual));
    assert!((q1.takes[0].answer_s - 20.0).abs() < 0.01);
    assert_eq!(q1.takes[0].think_used_s, 0.0);
    let r1 = q1.rating().unwrap();
    let scores: Vec<Option<u8>> = rating_items(false).iter().map(|i| r1.score(i.id)).collect();
    assert_eq!(
        scores,
        [Some(5), Some(4), Some(4), Some(3), Some(5), None, None],
        "untouched items are saved as unset"
    );
    assert_eq!(r1.average(), Some(21.0 / 5.0), "unset items are left out");
    let q2 = &s.questions[1];
    assert_eq!(q2.takes.len(), 2);
    assert_eq!(q2.takes[0].stop_reason, Some(StopReason::TimeLimit));
    assert!((q2.takes[0].answer_s - 60.0).abs() < 0.01);
    assert!((q2.takes[0].think_used_s - 10.0).abs() < 0.01);
    assert_eq!(q2.takes[1].number, 2);
    assert_eq!(q2.takes[1].wav.as_deref(), Some("q02-take2.wav"));
    let r2 = q2.rating().unwrap();
    assert_eq!(r2.score("posture"), Some(2));
    assert_eq!(r2.score("eye_contact"), None);
    assert_eq!(r2.note, "Too long at first");
    let reflection = s.reflection.as_ref().unwrap();
    assert_eq!(reflection.went_well, "Calm start");
    assert_eq!(reflection.score("preparation"), Some(4));
    assert_eq!(reflection.score("clarity"), None);
    assert_eq!(s.reflection_draft, None, "the draft is gone once saved");
    for q in &s.questions {
        for take in &q.takes {
            assert_eq!(take.status, TakeStatus::Recorded);
            assert_eq!(take.sample_rate, Some(RATE));
            assert_eq!(take.dropped_frames, 0);
            let name = take.wav.as_deref().unwrap();
            let reader = hound::WavReader::open(dirs[0].join(name)).unwrap();
            let spec = reader.spec();
            assert_eq!((spec.channels, spec.bits_per_sample), (1, 16), "{name}");
            assert_eq!(spec.sample_rate, RATE, "{name}");
            let audio_s = f64::from(reader.duration()) / f64::from(RATE);
            assert!((audio_s - take.audio_s).abs() < 0.01, "{name}");
        }
    }
    // The first answer was recorded for at least 0.3 s of real time: it holds the tone.
    let mut q1_wav = hound::WavReader::open(dirs[0].join("q01.wav")).unwrap();
    let samples: Vec<i16> = q1_wav.samples::<i16>().map(Result::unwrap).collect();
    assert!(samples.len() as u32 >= RATE / 5, "{} frames", samples.len());
    let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap();
    assert!(peak > 8000, "peak {peak}");
    assert!(q1.takes[0].metrics.is_some(), "metrics saved with the take");

    // The choices are remembered for the next launch.
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.settings_file()).unwrap()).unwrap();
    assert_eq!(settings["question_count"], 3);
}

#[test]
fn without_a_microphone_a_session_is_still_timed_and_rated() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    write_settings(&data, r#"{"question_count": 2}"#);
    let clock = ManualClock::new();
    let mut h = window_with_clock(&data, SIZE, SyntheticBackend::without_microphone(), &clock);

    h.get_by_label_contains("No microphone found");
    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    h.get_by_label_contains("Not recorded");
    assert!(h.query_by_label("REC").is_none());
    clock.advance(Duration::from_secs(12));
    press(&mut h, Key::Space);
    h.get_by_label_contains("No recording");
    press(&mut h, Key::Num2);
    press(&mut h, Key::Enter);
    // Esc ends the session early during the second question's think time.
    h.get_by_label("Question 2 of 2");
    press(&mut h, Key::Escape);
    // It asks first; "End session" confirms.
    h.get_by_label("Answers so far are kept.");
    h.get_by_label("End session").click();
    settle(&mut h);
    h.get_by_label_contains("You ended the session early");
    click(&mut h, "Save reflection");
    assert_eq!(h.state().app().screen(), Screen::Summary);
    h.get_by_label_contains("1 of 2 questions answered");

    let dirs = session_dirs(&data);
    assert_eq!(dirs.len(), 1);
    let s = load_session(&dirs[0]);
    assert_eq!(s.status, SessionStatus::Complete);
    let take = &s.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::NotRecorded);
    assert_eq!(take.wav, None);
    assert!(
        take.error
            .as_deref()
            .unwrap()
            .contains("No microphone found")
    );
    assert!((take.answer_s - 12.0).abs() < 0.01);
    assert_eq!(s.questions[0].rating().unwrap().score("posture"), Some(2));
    assert!(s.questions[1].takes.is_empty());
    let wavs = std::fs::read_dir(&dirs[0])
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "wav"))
        })
        .count();
    assert_eq!(wavs, 0);
}

#[test]
fn an_unfinished_session_is_offered_for_recovery_and_resumed() {
    use rehearse::session::SessionStore;
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let store = SessionStore::new(data.sessions());
    let session = support::session::sample_session(&["general"], 2, "Unfinished question");
    let dir = store.create(&session).unwrap();

    let clock = ManualClock::new();
    let mut h = window_with_clock(&data, SIZE, tone(), &clock);
    h.get_by_label("Unfinished sessions");
    // Focus starts on Resume: Enter resumes this session; it never starts a new one.
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
    assert_eq!(
        std::fs::read_dir(data.sessions()).unwrap().count(),
        1,
        "no new session was started under the prompt"
    );
    h.get_by_label("Question 1 of 2");
    h.get_by_label("Unfinished question 1?");
    assert!(h.query_by_label("Unfinished sessions").is_none());
    assert_eq!(
        h.state().app().rehearsal().unwrap().dir,
        dir,
        "the same session continues"
    );
}

#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_file_dropped_on_the_setup_screen_opens_the_packs_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let file = tmp.path().join("mine.pack.json");
    std::fs::write(&file, "{}").unwrap();
    let clock = ManualClock::new();
    let mut h = window_with_clock(&data, SIZE, tone(), &clock);
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(file)));
    settle(&mut h);
    assert_eq!(h.state().app().screen(), Screen::Packs);
}

#[test]
fn a_microphone_lost_mid_answer_keeps_the_audio_and_the_session_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    write_settings(&data, r#"{"question_count": 2}"#);
    let clock = ManualClock::new();
    let backend = tone().with_device_loss_after(Duration::from_millis(500));
    let mut h = window_with_clock(&data, SIZE, backend, &clock);

    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    // No "REC" check here: on a loaded machine the device may already be gone by the first frame.
    // Wait (real time) until the synthetic device goes away.
    for _ in 0..500 {
        settle(&mut h);
        if h.state().app().message().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    h.get_by_label_contains("Recording stopped");
    h.get_by_label_contains("Not recorded");
    clock.advance(Duration::from_secs(9));
    press(&mut h, Key::Space);
    h.get_by_label_contains("interrupted");
    press(&mut h, Key::Enter);
    h.get_by_label("Question 2 of 2");

    let dirs = session_dirs(&data);
    let s = load_session(&dirs[0]);
    let take = &s.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::Interrupted);
    assert!(take.error.is_some());
    assert!(
        (take.answer_s - 9.0).abs() < 0.01,
        "the answer was still timed"
    );
    let reader = hound::WavReader::open(dirs[0].join("q01.wav")).unwrap();
    let audio_s = f64::from(reader.duration()) / f64::from(RATE);
    assert!(
        audio_s > 0.1 && audio_s < 1.0,
        "audio up to the loss: {audio_s} s"
    );
    assert!(s.questions[0].rating().is_some());
}

/// Starts a session of `questions` without a microphone and answers question 1 for 5 s,
/// leaving the rating form open.
fn answer_first_question(
    data: &DataDir,
    clock: &ManualClock,
    questions: usize,
) -> Harness<'static, Shell> {
    write_settings(data, &format!(r#"{{"question_count": {questions}}}"#));
    let mut h = window_with_clock(data, SIZE, SyntheticBackend::without_microphone(), clock);
    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    clock.advance(Duration::from_secs(5));
    press(&mut h, Key::Space);
    h.get_by_label_contains("Rate your answer");
    h
}

#[test]
fn a_rating_draft_is_saved_a_second_after_typing_and_comes_back_after_a_kill() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let mut h = answer_first_question(&data, &clock, 2);
    let dir = session_dirs(&data)[0].clone();
    press(&mut h, Key::Num4);
    press(&mut h, Key::Num2);
    type_into(&mut h, "Note", "Rushed the ending");

    clock.advance(Duration::from_millis(900));
    settle(&mut h);
    assert_eq!(load_session(&dir).rating_draft, None, "not before a second");
    clock.advance(Duration::from_millis(200));
    settle(&mut h);
    let s = load_session(&dir);
    let draft = s.rating_draft.expect("the draft is on disk");
    assert_eq!(draft.question, 0);
    assert_eq!(draft.rating.score("posture"), Some(4));
    assert_eq!(draft.rating.score("eye_contact"), Some(2));
    assert_eq!(draft.rating.score("gestures"), None);
    assert_eq!(draft.rating.note, "Rushed the ending");
    assert_eq!(s.questions[0].rating(), None, "a draft, not a saved rating");

    // Killed: the app is dropped without shutting down; the next start recovers the draft.
    drop(h);
    let mut h = window_with_clock(&data, SIZE, SyntheticBackend::without_microphone(), &clock);
    h.get_by_label("Unfinished sessions");
    click(&mut h, "Resume");
    let form = &h.state().app().rehearsal().unwrap().rating;
    assert_eq!(&form.scores[..3], [Some(4), Some(2), None]);
    assert_eq!(form.note, "Rushed the ending");
    assert_eq!(form.cursor, 2, "the first unset item is marked");
    // Back on the rating form (after a new take where resume asks again), Enter saves it.
    for _ in 0..2 {
        if h.query_by_label_contains("Rate your answer").is_none() {
            press(&mut h, Key::Space);
        }
    }
    h.get_by_label("Posture 4");
    press(&mut h, Key::Num5);
    press(&mut h, Key::Enter);
    h.get_by_label("Question 2 of 2");
    let s = load_session(&dir);
    let rating = s.questions[0].rating().unwrap();
    assert_eq!(
        (rating.score("posture"), rating.score("gestures")),
        (Some(4), Some(5))
    );
    assert_eq!(rating.note, "Rushed the ending");
    assert_eq!(s.rating_draft, None, "the draft is gone once saved");
}

#[test]
fn the_session_is_complete_only_once_the_reflection_is_saved_and_its_draft_survives_a_kill() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let mut h = answer_first_question(&data, &clock, 1);
    let dir = session_dirs(&data)[0].clone();
    press(&mut h, Key::Enter);
    h.get_by_label("How did it go?");
    let s = load_session(&dir);
    assert_eq!(
        s.status,
        SessionStatus::InProgress,
        "not complete before the reflection"
    );
    assert!(s.questions[0].rating().is_some());
    type_into(&mut h, "Strengths (what went well)", "Calm start");
    h.get_by_label("Preparation 3").click();
    settle(&mut h);
    clock.advance(Duration::from_secs(1));
    settle(&mut h);
    let s = load_session(&dir);
    let draft = s.reflection_draft.expect("the draft is on disk");
    assert_eq!(
        (draft.went_well.as_str(), draft.score("preparation")),
        ("Calm start", Some(3))
    );
    assert_eq!(s.status, SessionStatus::InProgress);

    drop(h);
    let mut h = window_with_clock(&data, SIZE, SyntheticBackend::without_microphone(), &clock);
    h.get_by_label("Unfinished sessions");
    click(&mut h, "Resume");
    h.get_by_label("How did it go?");
    assert_eq!(
        h.state().app().rehearsal().unwrap().reflection.went_well,
        "Calm start"
    );
    h.get_by_label("Weaknesses (what to improve)").click();
    settle(&mut h);
    h.get_by_label("Weaknesses (what to improve)")
        .type_text("Slower");
    settle(&mut h);
    click(&mut h, "Save reflection");
    assert_eq!(h.state().app().screen(), Screen::Summary);
    let s = load_session(&dir);
    assert_eq!(s.status, SessionStatus::Complete);
    let reflection = s.reflection.unwrap();
    assert_eq!(reflection.went_well, "Calm start");
    assert_eq!(reflection.improve, "Slower");
    assert_eq!(reflection.score("preparation"), Some(3));
    assert_eq!(s.reflection_draft, None);
}

#[test]
fn digits_typed_faster_than_frames_score_the_items_in_the_order_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let mut h = support::session::app(&data, &clock);
    support::session::record_first_answer(&mut h, &clock, 1, 0.3, true);
    settle(&mut h);
    h.get_by_label_contains("Rate your answer");
    // The keys all arrive before the next frame, as a fast typist's or xdotool's do (kittest's
    // key_press would give each its own frame).
    let keys = [
        Key::Num4,
        Key::Num5,
        Key::Num3,
        Key::ArrowUp,
        Key::Num2,
        Key::ArrowDown,
    ];
    for key in keys {
        for pressed in [true, false] {
            h.input_mut().events.push(egui::Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            });
        }
    }
    h.step();
    let form = &h.state().app().rehearsal().unwrap().rating;
    assert_eq!(
        &form.scores[..4],
        [Some(4), Some(5), Some(2), None],
        "4, 5, 3 in turn; Up goes back to the third item and 2 replaces its 3"
    );
    assert_eq!(
        form.cursor, 4,
        "after 2 the cursor is on item 4; Down moves to item 5"
    );
}

#[test]
fn while_thinking_a_star_question_shows_its_parts_to_tick_and_others_show_none() {
    use egui_kittest::kittest::NodeT as _;
    let ticked = |h: &Harness<'_, Shell>, label: &str| {
        format!("{:?}", h.get_by_label(label).accesskit_node().toggled())
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    // The behavioral pack's first question is answered with STAR.
    write_settings(
        &data,
        r#"{"packs": [{"id": "behavioral"}], "question_count": 2, "shuffled": false, "think_seconds": 30}"#,
    );
    let clock = ManualClock::new();
    let mut h = window_with_clock(&data, SIZE, tone(), &clock);
    press(&mut h, Key::Enter);
    h.get_by_label("Think about your answer");
    h.get_by_label("Plan it with STAR");
    for part in ["Situation", "Task", "Action", "Result"] {
        assert_eq!(ticked(&h, part), "Some(False)", "{part}");
    }
    h.get_by_label_contains("Set the scene");
    // Ticking is the user's own note: it changes the view, and nothing else.
    h.get_by_label("Situation").click();
    settle(&mut h);
    assert_eq!(ticked(&h, "Situation"), "Some(True)");
    assert_eq!(ticked(&h, "Task"), "Some(False)");
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
    // Answering: the checklist makes way for the timer.
    press(&mut h, Key::Space);
    h.get_by_label("REC");
    assert!(h.query_by_label("Situation").is_none());
    drop(h);

    // A question without a framework shows no checklist while thinking.
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    write_settings(
        &data,
        r#"{"packs": [{"id": "questions-to-ask"}], "question_count": 1, "think_seconds": 30}"#,
    );
    let mut h = window_with_clock(&data, SIZE, tone(), &clock);
    press(&mut h, Key::Enter);
    h.get_by_label("Think about your answer");
    assert!(h.query_by_label_contains("Plan it with").is_none());
    for part in [
        "Situation",
        "Task",
        "Action",
        "Result",
        "Present",
        "Challenge",
    ] {
        assert!(h.query_by_label(part).is_none(), "{part}");
    }
}
