//! The whole rehearsal loop driven through the real `App` by egui_kittest, as a user would:
//! setup → start → think → answer → rate → … → reflection → summary → review, then the files.
//!
//! Audio comes from a fake backend defined here (a working one writing a tone, and one with
//! no microphone at all); time comes from a manual clock, so nothing sleeps for the timers.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::clock::ManualClock;
use rehearse::app::{App, Screen};
use rehearse::audio::{
    AudioBackend, AudioError, CaptureResult, CaptureStats, DeviceInfo, LevelSource, Monitor,
    Playback, Recording,
};
use rehearse::data_dir::DataDir;
use rehearse::interview::StopReason;
use rehearse::session::{Session, SessionStatus, TakeStatus};

const RATE: u32 = 16_000;

struct FixedLevel;

impl LevelSource for FixedLevel {
    fn peak_dbfs(&self) -> f32 {
        -12.0
    }
    fn rms_dbfs(&self) -> f32 {
        -20.0
    }
    fn clipping(&self) -> bool {
        false
    }
}

/// Writes one second of a 220 Hz tone when finished.
struct ToneRecording {
    path: PathBuf,
}

impl Recording for ToneRecording {
    fn level(&self) -> Arc<dyn LevelSource> {
        Arc::new(FixedLevel)
    }
    fn stats(&self) -> CaptureStats {
        CaptureStats {
            sample_rate: RATE,
            ..CaptureStats::default()
        }
    }
    fn poll_error(&mut self) -> Option<String> {
        None
    }
    fn finish(self: Box<Self>) -> Result<CaptureResult, AudioError> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&self.path, spec)
            .map_err(|e| AudioError::File(e.to_string()))?;
        for i in 0..RATE {
            let t = i as f32 / RATE as f32;
            let s = (t * 220.0 * std::f32::consts::TAU).sin() * 8000.0;
            w.write_sample(s as i16)
                .map_err(|e| AudioError::File(e.to_string()))?;
        }
        w.finalize().map_err(|e| AudioError::File(e.to_string()))?;
        Ok(CaptureResult {
            path: self.path,
            sample_rate: RATE,
            duration: Duration::from_secs(1),
            dropped_frames: 0,
            interrupted: None,
        })
    }
}

struct FixedMonitor;

impl Monitor for FixedMonitor {
    fn level(&self) -> Arc<dyn LevelSource> {
        Arc::new(FixedLevel)
    }
    fn poll_error(&mut self) -> Option<String> {
        None
    }
}

/// A backend with a working microphone (`mic`) or none at all.
struct FakeBackend {
    mic: bool,
}

impl AudioBackend for FakeBackend {
    fn input_devices(&self) -> Vec<DeviceInfo> {
        if self.mic {
            vec![DeviceInfo {
                name: "Test mic".into(),
                is_default: true,
            }]
        } else {
            Vec::new()
        }
    }
    fn start_recording(
        &self,
        _device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn Recording>, AudioError> {
        if self.mic {
            Ok(Box::new(ToneRecording {
                path: path.to_path_buf(),
            }))
        } else {
            Err(AudioError::NoMicrophone(
                "no input device in this test".into(),
            ))
        }
    }
    fn start_monitor(&self, _device: Option<&str>) -> Result<Box<dyn Monitor>, AudioError> {
        if self.mic {
            Ok(Box::new(FixedMonitor))
        } else {
            Err(AudioError::NoMicrophone(
                "no input device in this test".into(),
            ))
        }
    }
    fn open_playback(&self, _path: &Path) -> Result<Box<dyn Playback>, AudioError> {
        Err(AudioError::NoSpeaker("no output in this test".into()))
    }
}

fn harness(data: &DataDir, mic: bool, clock: &ManualClock) -> Harness<'static, App> {
    let data = data.clone();
    let clock = clock.clone();
    Harness::builder()
        .with_size([1100.0, 800.0])
        .build_eframe(move |cc| {
            let mut app = App::new(data, Box::new(FakeBackend { mic }), Box::new(clock));
            app.set_repaint_context(cc.egui_ctx.clone());
            app
        })
}

/// Runs frames until background analyses are done and the UI is still.
fn settle(h: &mut Harness<'_, App>) {
    for _ in 0..1000 {
        h.step();
        if !h.state().is_busy() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run();
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    settle(h);
}

/// Clicks the widget whose label contains `label`, on the frame the user currently sees.
fn click(h: &mut Harness<'_, App>, label: &str) {
    settle(h);
    h.get_by_label_contains(label).click();
    settle(h);
}

/// Clicks into the text field named `label` and types `text`.
fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
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
    let mut h = harness(&data, true, &clock);

    // Setup: the remembered choices, the mic meter, Enter starts.
    assert_eq!(h.state().screen(), Screen::Setup);
    h.get_by_label("Mic level");
    h.get_by_label_contains("Start interview");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().screen(), Screen::Rehearsal);

    // Question 1: Space skips thinking, recording starts, Space ends the answer.
    h.get_by_label("Question 1 of 3");
    h.get_by_label("Think about your answer");
    press(&mut h, Key::Space);
    h.get_by_label("REC");
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
    type_into(&mut h, "What went well", "Calm start");
    h.get_by_label("Preparedness 4").click();
    settle(&mut h);
    click(&mut h, "Save reflection");

    // Summary, then the review screen.
    assert_eq!(h.state().screen(), Screen::Summary);
    h.get_by_label("Session summary");
    h.get_by_label_contains("3 of 3 questions answered");
    click(&mut h, "Open in review");
    assert_eq!(h.state().screen(), Screen::Review);

    // On disk: one complete session with every take, rating and the reflection.
    let dirs = session_dirs(&data);
    assert_eq!(dirs.len(), 1);
    let s = load_session(&dirs[0]);
    assert_eq!(s.status, SessionStatus::Complete);
    assert_eq!(s.questions.len(), 3);
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
    for name in ["q01.wav", "q02.wav", "q02-take2.wav", "q03.wav"] {
        let reader = hound::WavReader::open(dirs[0].join(name)).unwrap();
        let spec = reader.spec();
        assert_eq!((spec.channels, spec.bits_per_sample), (1, 16), "{name}");
        assert_eq!(reader.duration(), RATE, "{name}");
    }
    for take in s.questions.iter().flat_map(|q| &q.takes) {
        assert_eq!(take.audio_s, 1.0);
        assert_eq!(take.sample_rate, Some(RATE));
    }

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
    let mut h = harness(&data, false, &clock);

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
    click(&mut h, "Save reflection");
    assert_eq!(h.state().screen(), Screen::Summary);
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
    let mut h = harness(&data, true, &clock);
    h.get_by_label("Unfinished sessions");
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().screen(),
        Screen::Setup,
        "Enter does not start under the prompt"
    );
    click(&mut h, "Resume");
    assert_eq!(h.state().screen(), Screen::Rehearsal);
    h.get_by_label("Question 1 of 2");
    h.get_by_label("Unfinished question 1?");
    assert!(h.query_by_label("Unfinished sessions").is_none());
    assert_eq!(
        h.state().rehearsal().unwrap().dir,
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
    let mut h = harness(&data, true, &clock);
    h.input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(file)));
    settle(&mut h);
    assert_eq!(h.state().screen(), Screen::Packs);
}
