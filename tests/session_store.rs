//! The session store on disk: round trips, atomic rewrites under SIGKILL, crash recovery.

use std::path::Path;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use rehearse::interview::StopReason;
use rehearse::pack::QuestionType;
use rehearse::session::{
    QuestionRecord, RATING_ITEMS, Rating, SESSION_FORMAT_VERSION, Session, SessionSettings,
    SessionStatus, SessionStore, Take, TakeStatus, wav_name,
};

fn question(i: usize) -> QuestionRecord {
    QuestionRecord {
        pack_id: "general".into(),
        question_id: format!("q{i}"),
        text: format!("Question {i}: tell me about yourself"),
        framework: None,
        kind: QuestionType::General,
        think_seconds: 15,
        answer_seconds: 90,
        takes: vec![],
        best_take: None,
        unattached_rating: None,
        follows: None,
        asked_by: None,
    }
}

fn session(minute: u32, questions: usize) -> Session {
    let settings = SessionSettings {
        question_count: questions,
        shuffled: false,
        think_seconds: None,
        answer_seconds: Some(90),
        input_device: Some("default".into()),
        mode: Default::default(),
        panel: Vec::new(),
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, minute, 0).unwrap();
    Session::new(
        vec!["general".into()],
        settings,
        (0..questions).map(question).collect(),
        now,
    )
}

fn take(number: u32, status: TakeStatus, wav: &str) -> Take {
    Take {
        part_marks: Vec::new(),
        video: None,
        number,
        wav: Some(wav.into()),
        status,
        stop_reason: (status != TakeStatus::Recording).then_some(StopReason::Manual),
        started_at: Utc::now(),
        think_used_s: 4.5,
        answer_s: 30.0,
        audio_s: 30.0,
        sample_rate: Some(16_000),
        dropped_frames: 0,
        error: None,
        metrics: None,
        rating: None,
        transcript: None,
    }
}

fn write_wav(path: &Path, seconds: f64) {
    let samples =
        (0..(seconds * 16_000.0) as usize).map(|i| ((i as f32 * 0.05).sin() * 8000.0) as i16);
    rehearse::wav::write_i16_mono(path, 16_000, samples).unwrap();
}

#[test]
fn a_session_round_trips_and_lists_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(tmp.path().join("sessions"));
    assert!(
        store.list().0.is_empty(),
        "an absent folder is an empty list, not an error"
    );

    let mut older = session(1, 3);
    older.questions[0]
        .takes
        .push(take(1, TakeStatus::Recorded, "q01.wav"));
    let mut scores = vec![None; RATING_ITEMS.len()];
    scores[3] = Some(5);
    older.questions[0].rate_latest(Rating::new(RATING_ITEMS, &scores, "good".into()));
    let older_dir = store.create(&older).unwrap();
    let newer = session(2, 1);
    let newer_dir = store.create(&newer).unwrap();

    assert_eq!(store.load(&older_dir).unwrap(), older);
    let name = older_dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(name, format!("20261122T100100Z-{}", older.id));
    let (list, errors) = store.list();
    assert!(errors.is_empty());
    assert_eq!(
        list.iter().map(|s| s.dir.clone()).collect::<Vec<_>>(),
        vec![newer_dir, older_dir.clone()]
    );

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(older_dir.join("session.json")).unwrap()).unwrap();
    assert_eq!(json["format_version"], SESSION_FORMAT_VERSION);
    assert_eq!(json["status"], "in_progress");
    assert_eq!(json["questions"][0]["takes"][0]["wav"], "q01.wav");
    assert_eq!(json["questions"][0]["type"], "general");
    let rating = &json["questions"][0]["takes"][0]["rating"];
    assert_eq!(rating["scores"]["clarity"], 5);
    assert!(
        rating["scores"]["posture"].is_null(),
        "unset is saved as unset"
    );
}

#[test]
fn a_broken_session_file_is_reported_and_the_rest_still_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(tmp.path());
    store.create(&session(1, 1)).unwrap();
    let bad = tmp.path().join("20260101T000000Z-broken");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("session.json"), b"{ not json").unwrap();
    let (list, errors) = store.list();
    assert_eq!(list.len(), 1);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].to_string().contains("20260101T000000Z-broken"),
        "{}",
        errors[0]
    );
}

#[test]
fn wav_names_follow_the_take_number() {
    assert_eq!(wav_name(0, 1), "q01.wav");
    assert_eq!(wav_name(11, 1), "q12.wav");
    assert_eq!(wav_name(0, 2), "q01-take2.wav");
}

#[test]
fn recovery_repairs_a_wav_cut_mid_write_and_marks_the_take_interrupted() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(tmp.path());
    let mut s = session(3, 2);
    s.questions[0]
        .takes
        .push(take(1, TakeStatus::Recorded, "q01.wav"));
    s.questions[1]
        .takes
        .push(take(1, TakeStatus::Recording, "q02.wav"));
    let dir = store.create(&s).unwrap();
    write_wav(&dir.join("q01.wav"), 1.0);
    write_wav(&dir.join("q02.wav"), 2.5);
    // The writer died after its first header update: sizes say 0.5 s, the file holds 2.5 s
    // plus half a sample.
    let path = dir.join("q02.wav");
    let mut bytes = std::fs::read(&path).unwrap();
    let data = bytes.windows(4).position(|w| w == b"data").unwrap();
    bytes[data + 4..data + 8].copy_from_slice(&16_000u32.to_le_bytes());
    bytes[4..8].copy_from_slice(&(16_000u32 + 36).to_le_bytes());
    bytes.push(7);
    std::fs::write(&path, &bytes).unwrap();

    assert_eq!(store.in_progress().len(), 1);
    let recovered = store.recover(&dir, true).unwrap();
    assert_eq!(recovered.status, SessionStatus::Complete);
    assert!(recovered.ended_at.is_some());
    let t = &recovered.questions[1].takes[0];
    assert_eq!(t.status, TakeStatus::Interrupted);
    assert!((t.audio_s - 2.5).abs() < 1e-9, "{}", t.audio_s);
    assert!(t.error.as_deref().unwrap().contains("kept"));
    assert_eq!(recovered.questions[0].takes[0].status, TakeStatus::Recorded);
    let reader = hound::WavReader::open(&path).unwrap();
    assert_eq!(reader.duration(), 40_000);
    assert!(store.in_progress().is_empty());
    assert_eq!(store.load(&dir).unwrap(), recovered);
}

#[test]
fn abandon_keeps_the_files_and_stops_offering_recovery() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(tmp.path());
    let dir = store.create(&session(4, 1)).unwrap();
    let s = store.abandon(&dir).unwrap();
    assert_eq!(s.status, SessionStatus::Abandoned);
    assert!(dir.join("session.json").exists());
    assert!(store.in_progress().is_empty());
}

#[test]
fn delete_removes_only_session_folders_of_this_store() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(tmp.path().join("sessions"));
    let dir = store.create(&session(5, 1)).unwrap();
    write_wav(&dir.join("q01.wav"), 0.1);
    assert!(
        store.delete(tmp.path()).is_err(),
        "the data dir itself is not a session"
    );
    assert!(tmp.path().exists());
    store.delete(&dir).unwrap();
    assert!(!dir.exists());
    assert!(store.list().0.is_empty());
}

/// Child mode of the test below: rewrite session.json as fast as possible until killed,
/// alternating between two versions that differ in size.
#[test]
#[ignore = "child process of a_rewrite_killed_at_any_moment_leaves_the_old_or_the_new_file"]
fn atomic_rewrite_child() {
    let Ok(dir) = std::env::var("REHEARSE_ATOMIC_CHILD_DIR") else {
        return;
    };
    let store = SessionStore::new(Path::new(&dir).parent().unwrap());
    let mut s = store.load(Path::new(&dir)).unwrap();
    for i in 0u64.. {
        s.questions[0].text = if i % 2 == 0 {
            "short".into()
        } else {
            "long ".repeat(5000)
        };
        store.save(Path::new(&dir), &s).unwrap();
    }
}

#[test]
fn a_rewrite_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(tmp.path());
    let dir = store.create(&session(6, 40)).unwrap();
    let exe = std::env::current_exe().unwrap();
    for round in 0..12u64 {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--exact",
                "atomic_rewrite_child",
                "--ignored",
                "--nocapture",
            ])
            .env("REHEARSE_ATOMIC_CHILD_DIR", &dir)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(150 + round * 37));
        child.kill().unwrap(); // SIGKILL: no destructor, no cleanup
        child.wait().unwrap();
        let s = store
            .load(&dir)
            .unwrap_or_else(|e| panic!("round {round}: broken session.json: {e}"));
        assert!(s.questions[0].text == "short" || s.questions[0].text.starts_with("long "));
        assert_eq!(s.questions.len(), 40);
    }
    // Temp files a kill left behind are ignored by the list.
    assert_eq!(store.list().0.len(), 1);
}
