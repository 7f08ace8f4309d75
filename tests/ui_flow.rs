//! The whole rehearsal loop driven through the real window shell by egui_kittest, as a user would:
//! setup → start → think → answer → rate → … → reflection → summary → review, then the files.
//!
//! Audio comes from the `SyntheticBackend` (a tone, no microphone at all, or a device lost
//! mid-answer); time comes from a manual clock, so nothing sleeps for the timers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::clock::ManualClock;
use rehearse::app::{App, Screen};
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;
use rehearse::interview::StopReason;
use rehearse::session::{Session, SessionStatus, TakeStatus};
use rehearse::ui::shell::Shell;

const RATE: u32 = 16_000;

/// A microphone hearing a steady tone.
fn tone_backend() -> SyntheticBackend {
    SyntheticBackend::tone(220.0, 0.3, RATE)
}

fn harness(
    data: &DataDir,
    audio: SyntheticBackend,
    clock: &ManualClock,
) -> Harness<'static, Shell> {
    let data = data.clone();
    let clock = clock.clone();
    Harness::builder()
        .with_size([1100.0, 800.0])
        .build_eframe(move |cc| {
            let app = App::new(data, Box::new(audio), Box::new(clock));
            Shell::new(app, &cc.egui_ctx)
        })
}

/// Runs frames until background analyses are done and the UI is still.
fn settle(h: &mut Harness<'_, Shell>) {
    for _ in 0..1000 {
        h.step();
        if !h.state().app().is_busy() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
}

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

fn session_dirs(data: &DataDir) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data.sessions())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn load_session(dir: &Path) -> Session {
    let text = std::fs::read_to_string(dir.join("session.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn write_settings(data: &DataDir, json: &str) {
    std::fs::create_dir_all(data.root()).unwrap();
    std::fs::write(data.settings_file(), json).unwrap();
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
    let mut h = harness(&data, tone_backend(), &clock);

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

    // Rate by keyboard: digits score item after item, Enter saves.
    h.get_by_label_contains("Rate your answer");
    for key in [Key::Num5, Key::Num4, Key::Num4, Key::Num3, Key::Num5] {
        press(&mut h, key);
    }
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
    // The first field has the focus on arrival: typing goes straight in.
    h.get_by_label("What went well").type_text("Calm start");
    settle(&mut h);
    h.get_by_label("Preparedness 4").click();
    settle(&mut h);
    click(&mut h, "Save reflection");

    // Summary, then the review screen.
    assert_eq!(h.state().app().screen(), Screen::Summary);
    h.get_by_label("Session summary");
    h.get_by_label_contains("3 of 3 questions answered");
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
    let r1 = q1.rating.as_ref().unwrap();
    assert_eq!(
        (
            r1.posture,
            r1.eye_contact,
            r1.gestures,
            r1.clarity,
            r1.structure
        ),
        (5, 4, 4, 3, 5)
    );
    assert_eq!(r1.conciseness, 3, "untouched items keep the neutral score");
    let q2 = &s.questions[1];
    assert_eq!(q2.takes.len(), 2);
    assert_eq!(q2.takes[0].stop_reason, Some(StopReason::TimeLimit));
    assert!((q2.takes[0].answer_s - 60.0).abs() < 0.01);
    assert!((q2.takes[0].think_used_s - 10.0).abs() < 0.01);
    assert_eq!(q2.takes[1].number, 2);
    assert_eq!(q2.takes[1].wav.as_deref(), Some("q02-take2.wav"));
    let r2 = q2.rating.as_ref().unwrap();
    assert_eq!(r2.posture, 2);
    assert_eq!(r2.note, "Too long at first");
    let reflection = s.reflection.as_ref().unwrap();
    assert_eq!(reflection.went_well, "Calm start");
    assert_eq!(reflection.preparedness, 4);
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
    let mut h = harness(&data, SyntheticBackend::without_microphone(), &clock);

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
    assert_eq!(s.questions[0].rating.as_ref().unwrap().posture, 2);
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
    use rehearse::session::{QuestionRecord, SessionSettings, SessionStore};
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let store = SessionStore::new(data.sessions());
    let record = |i: usize| QuestionRecord {
        pack_id: "general".into(),
        question_id: format!("q{i}"),
        text: format!("Unfinished question {i}?"),
        kind: rehearse::pack::QuestionType::General,
        think_seconds: 5,
        answer_seconds: 60,
        takes: Vec::new(),
        rating: None,
    };
    let settings = SessionSettings {
        question_count: 2,
        shuffled: false,
        think_seconds: None,
        answer_seconds: None,
        input_device: None,
    };
    let session = Session::new(
        vec!["general".into()],
        settings,
        vec![record(1), record(2)],
        chrono::Utc::now(),
    );
    let dir = store.create(&session).unwrap();

    let clock = ManualClock::new();
    let mut h = harness(&data, tone_backend(), &clock);
    h.get_by_label("Unfinished sessions");
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().app().screen(),
        Screen::Setup,
        "Enter does not start under the prompt"
    );
    click(&mut h, "Resume");
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
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
    let mut h = harness(&data, tone_backend(), &clock);
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
    let backend = tone_backend().with_device_loss_after(Duration::from_millis(200));
    let mut h = harness(&data, backend, &clock);

    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    h.get_by_label("REC");
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
        audio_s > 0.1 && audio_s < 0.5,
        "audio up to the loss: {audio_s} s"
    );
    assert!(s.questions[0].rating.is_some());
}
