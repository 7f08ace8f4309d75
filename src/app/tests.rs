//! Command application on the real `App` without a window: fake audio, manual clock.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::clock::ManualClock;
use super::review::ReviewCommand;
use super::*;
use crate::audio::synthetic::{InstantBackend, SYNTHETIC_DEVICE};
use crate::interview::{PlannedQuestion, StopReason};
use crate::pack::QuestionType::General;
use crate::pack::{Question, Timings};
use crate::session::{Session, SessionStatus, Take, TakeStatus, wav_name};

/// Writes `seconds` of a 220 Hz tone, 16-bit mono at `rate` (a take for the worker tests).
pub(crate) fn write_tone_wav(path: &Path, rate: u32, seconds: u32) {
    let tone = (0..rate * seconds).map(|i| {
        let t = i as f32 / rate as f32;
        ((t * 220.0 * std::f32::consts::TAU).sin() * 8000.0) as i16
    });
    crate::wav::write_i16_mono(path, rate, tone).unwrap();
}

struct Fixture {
    _tmp: tempfile::TempDir,
    data: DataDir,
    clock: ManualClock,
}

impl Fixture {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path());
        Self {
            _tmp: tmp,
            data,
            clock: ManualClock::new(),
        }
    }
    fn app(&self, lose_device: bool) -> App {
        App::new(
            self.data.clone(),
            Box::new(InstantBackend { lose_device }),
            Box::new(self.clock.clone()),
        )
    }
    fn session(&self, app: &App) -> Session {
        let r = app.rehearsal().unwrap();
        SessionStore::new(self.data.sessions())
            .load(&r.dir)
            .unwrap()
    }
}

/// Waits for background analyses so their threads end inside the test.
fn finish_analyses(app: &mut App) {
    for _ in 0..2000 {
        app.tick();
        if !app.is_busy() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn start_without_a_chosen_pack_explains_why() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.settings.packs.clear();
    app.apply(Command::StartInterview);
    assert_eq!(app.screen(), Screen::Setup);
    assert!(app.message().unwrap().contains("Choose at least one pack"));
    assert!(!f.data.sessions().exists());
}

#[test]
fn changed_settings_are_saved() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::SelectDevice(Some("USB mic".into())));
    app.save_settings();
    let saved = Settings::load(&f.data.settings_file());
    assert_eq!(saved.input_device.as_deref(), Some("USB mic"));
}

#[test]
fn a_lost_device_keeps_the_take_and_the_session_goes_on() {
    let f = Fixture::new();
    let mut app = f.app(true);
    app.settings.question_count = 2;
    app.apply(Command::StartInterview);
    assert_eq!(app.screen(), Screen::Rehearsal);
    app.apply(Command::SkipThink);
    assert!(app.rehearsal().unwrap().is_recording());
    app.tick();
    assert!(!app.rehearsal().unwrap().is_recording());
    let message = app.message().unwrap();
    assert!(
        message.contains("The microphone was unplugged."),
        "{message}"
    );
    assert!(!message.contains(".."), "{message}");
    f.clock.advance(Duration::from_secs(7));
    app.apply(Command::StopAnswer);
    finish_analyses(&mut app);
    let s = f.session(&app);
    let take = &s.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::Interrupted);
    assert_eq!(take.error.as_deref(), Some("The microphone was unplugged."));
    assert_eq!(take.audio_s, 0.5, "the audio before the failure is kept");
    assert!(
        (take.answer_s - 7.0).abs() < 0.01,
        "the answer was still timed"
    );
    assert!(hound::WavReader::open(app.rehearsal().unwrap().dir.join("q01.wav")).is_ok());
    app.apply(Command::SaveRating);
    assert_eq!(app.rehearsal().unwrap().progress(), Some((2, 2)));
}

#[test]
fn ending_early_while_answering_saves_everything_so_far() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::StartInterview);
    app.apply(Command::SkipThink);
    f.clock.advance(Duration::from_secs(3));
    app.apply(Command::EndSession);
    finish_analyses(&mut app);
    let s = f.session(&app);
    assert_eq!(
        s.status,
        SessionStatus::InProgress,
        "complete only once the reflection is saved"
    );
    assert!(s.ended_at.is_some(), "the questions ended");
    assert_eq!(
        s.questions[0].takes[0].stop_reason,
        Some(StopReason::SessionEnded)
    );
    assert_eq!(s.questions[0].takes[0].status, TakeStatus::Recorded);
    app.apply(Command::SaveReflection);
    assert_eq!(app.screen(), Screen::Summary);
    let s = f.session(&app);
    assert!(s.reflection.is_some());
    assert_eq!(s.status, SessionStatus::Complete);
    app.apply(Command::BackToSetup);
    assert_eq!(app.screen(), Screen::Setup);
    assert!(app.rehearsal().is_none());
}

/// An unfinished session of two questions, created as the app creates one: the first
/// answered (q01.wav) but not rated, its take still marked as recording.
fn unfinished_session(data: &DataDir) -> PathBuf {
    let store = SessionStore::new(data.sessions());
    let planned = (1..=2)
        .map(|i| PlannedQuestion {
            pack_id: "general".into(),
            question: Question::new(&format!("q{i}"), &format!("Question {i}?"), General),
            timings: Timings {
                think_seconds: 5,
                answer_seconds: 60,
            },
            follow_up: false,
            asked_by: None,
        })
        .collect();
    let mut r = Rehearsal::start(planned, &Settings::default(), &store, Instant::now()).unwrap();
    let wav = wav_name(0, 1);
    let recording = InstantBackend::default().start_recording(None, &r.dir.join(&wav));
    recording.unwrap().finish().unwrap();
    let take = Take::recording(1, Some(wav), chrono::Utc::now(), 1.0);
    r.session.questions[0].takes.push(take);
    store.save(&r.dir, &r.session).unwrap();
    r.dir
}

#[test]
fn resume_continues_at_the_first_unrated_question_without_overwriting() {
    let f = Fixture::new();
    let dir = unfinished_session(&f.data);
    let mut app = f.app(false);
    assert_eq!(app.recovery.sessions.len(), 1);
    app.apply(Command::Recover(dir.clone(), RecoveryChoice::Resume));
    assert!(app.recovery.sessions.is_empty());
    assert_eq!(app.screen(), Screen::Rehearsal);
    assert_eq!(app.rehearsal().unwrap().progress(), Some((1, 2)));
    // The cut answer is back on its rating form; R records a new take beside it.
    assert_eq!(
        app.rehearsal().unwrap().interview.phase(),
        Phase::Rate { index: 0 }
    );
    app.apply(Command::Retake);
    app.apply(Command::StopAnswer);
    finish_analyses(&mut app);
    let s = f.session(&app);
    let takes = &s.questions[0].takes;
    assert_eq!(takes.len(), 2);
    assert_eq!(takes[0].status, TakeStatus::Interrupted, "recovered take");
    assert_eq!(takes[1].wav.as_deref(), Some("q01-take2.wav"));
    assert!(dir.join("q01.wav").exists() && dir.join("q01-take2.wav").exists());
}

#[test]
fn abandon_and_finish_answer_the_recovery_prompt() {
    let f = Fixture::new();
    let first = unfinished_session(&f.data);
    let mut app = f.app(false);
    app.apply(Command::Recover(first.clone(), RecoveryChoice::Abandon));
    let store = SessionStore::new(f.data.sessions());
    assert_eq!(store.load(&first).unwrap().status, SessionStatus::Abandoned);
    assert_eq!(app.screen(), Screen::Setup);

    let second = unfinished_session(&f.data);
    drop(app); // the data folder's lock goes with the window
    let mut app = f.app(false);
    assert_eq!(
        app.recovery.sessions.len(),
        1,
        "abandoned sessions are not offered again"
    );
    app.apply(Command::Recover(second.clone(), RecoveryChoice::Finish));
    assert_eq!(store.load(&second).unwrap().status, SessionStatus::Complete);
    assert!(app.rehearsal().is_none());
}

/// A stand-in model that hears "hello there" in any audio.
struct Hello;

impl transcript_job::Transcriber for Hello {
    fn model(&self) -> String {
        "hello".to_owned()
    }
    fn words(&mut self, _: &[f32]) -> Result<Vec<crate::analysis::words::TimedWord>, String> {
        Ok(["hello", "there"]
            .iter()
            .enumerate()
            .map(|(i, w)| crate::analysis::words::TimedWord {
                text: (*w).to_owned(),
                start_s: i as f64 * 0.3,
                end_s: i as f64 * 0.3 + 0.2,
            })
            .collect())
    }
}

fn hello() -> Option<transcript_job::TranscriberFactory> {
    Some(Arc::new(|| {
        Ok(Box::new(Hello) as Box<dyn transcript_job::Transcriber>)
    }))
}

#[test]
fn recovery_transcribes_the_takes_that_have_no_transcript() {
    let f = Fixture::new();
    let store = SessionStore::new(f.data.sessions());
    // Finished: the transcript goes into the session on disk.
    let finished = unfinished_session(&f.data);
    let mut app = f.app(false);
    app.set_transcriber(hello());
    app.apply(Command::Recover(finished.clone(), RecoveryChoice::Finish));
    finish_analyses(&mut app);
    let take = &store.load(&finished).unwrap().questions[0].takes[0];
    assert_eq!(
        take.transcript.as_ref().map(|t| t.text.as_str()),
        Some("hello there")
    );
    drop(app);
    // Resumed: the rehearsal saves it.
    let resumed = unfinished_session(&f.data);
    let mut app = f.app(false);
    app.set_transcriber(hello());
    app.apply(Command::Recover(resumed.clone(), RecoveryChoice::Resume));
    finish_analyses(&mut app);
    let take = &store.load(&resumed).unwrap().questions[0].takes[0];
    assert_eq!(
        take.transcript.as_ref().map(|t| t.model.as_str()),
        Some("hello")
    );
}

/// A stand-in model that hears "hello there" once `open` is set, and waits until then.
fn gated(open: Arc<std::sync::atomic::AtomicBool>) -> Option<transcript_job::TranscriberFactory> {
    struct Gated(Arc<std::sync::atomic::AtomicBool>);
    impl transcript_job::Transcriber for Gated {
        fn model(&self) -> String {
            "gated".to_owned()
        }
        fn words(
            &mut self,
            samples: &[f32],
        ) -> Result<Vec<crate::analysis::words::TimedWord>, String> {
            while !self.0.load(std::sync::atomic::Ordering::Acquire) {
                std::thread::sleep(Duration::from_millis(2));
            }
            Hello.words(samples)
        }
    }
    Some(Arc::new(move || {
        Ok(Box::new(Gated(open.clone())) as Box<dyn transcript_job::Transcriber>)
    }))
}

#[test]
fn leaving_the_summary_before_the_last_transcript_is_done_still_saves_it() {
    for leave in [Command::OpenSessionInReview, Command::BackToSetup] {
        let f = Fixture::new();
        let mut app = f.app(false);
        let open = Arc::new(std::sync::atomic::AtomicBool::new(false));
        app.set_transcriber(gated(open.clone()));
        app.settings.question_count = 1;
        app.apply(Command::StartInterview);
        app.apply(Command::SkipThink);
        f.clock.advance(Duration::from_secs(3));
        app.apply(Command::StopAnswer);
        app.apply(Command::SaveRating);
        app.apply(Command::SaveReflection);
        assert_eq!(app.screen(), Screen::Summary);
        let dir = app.rehearsal().unwrap().dir.clone();
        app.apply(leave.clone());
        assert!(app.rehearsal().is_none());
        assert!(app.is_busy(), "the transcript is still being made");
        open.store(true, std::sync::atomic::Ordering::Release);
        finish_analyses(&mut app);
        let saved = SessionStore::new(f.data.sessions()).load(&dir).unwrap();
        let take = &saved.questions[0].takes[0];
        assert_eq!(
            take.transcript.as_ref().map(|t| t.text.as_str()),
            Some("hello there"),
            "after {leave:?}"
        );
        if leave == Command::OpenSessionInReview {
            let shown = &app.review().opened().unwrap().session.questions[0].takes[0];
            assert!(shown.transcript.is_some(), "and review shows it");
        }
    }
}

#[test]
fn import_and_review_commands_route_to_their_screens() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::OpenReview);
    assert_eq!(app.screen(), Screen::Review);
    app.apply(Command::Review(ReviewCommand::Close));
    assert_eq!(app.screen(), Screen::Setup);
    app.apply(Command::OpenPacks);
    assert_eq!(app.screen(), Screen::Packs);
    app.apply(Command::Packs(PacksCommand::Close));
    assert_eq!(app.screen(), Screen::Setup);
    app.apply(Command::ImportPack);
    assert_eq!(app.screen(), Screen::Packs);
}

#[test]
fn retake_from_the_rating_form_records_a_second_take() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::StartInterview);
    app.apply(Command::SkipThink);
    app.apply(Command::StopAnswer);
    app.apply(Command::Retake);
    assert!(app.rehearsal().unwrap().is_recording());
    app.apply(Command::StopAnswer);
    finish_analyses(&mut app);
    let s = f.session(&app);
    let names: Vec<_> = s.questions[0]
        .takes
        .iter()
        .map(|t| t.wav.clone().unwrap())
        .collect();
    assert_eq!(names, ["q01.wav", "q01-take2.wav"]);
    assert_eq!(s.questions[0].takes[1].think_used_s, 0.0);
}

#[test]
fn closing_the_window_mid_answer_saves_the_take_and_keeps_the_session_resumable() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::StartInterview);
    app.apply(Command::SkipThink);
    f.clock.advance(Duration::from_secs(4));
    let dir = app.rehearsal().unwrap().dir.clone();
    app.shutdown();
    let s = SessionStore::new(f.data.sessions()).load(&dir).unwrap();
    assert_eq!(
        s.status,
        SessionStatus::InProgress,
        "offered for resume next time"
    );
    let take = &s.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::Recorded);
    assert_eq!(take.stop_reason, Some(StopReason::SessionEnded));
    assert!((take.answer_s - 4.0).abs() < 0.01);
    assert!(take.metrics.is_some(), "the analysis finished before exit");
}

#[test]
fn a_remembered_device_that_is_gone_falls_back_to_the_default() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::SelectDevice(Some(SYNTHETIC_DEVICE.into())));
    assert_eq!(app.input_device(), Some(SYNTHETIC_DEVICE));
    app.apply(Command::SelectDevice(Some("Unplugged USB mic".into())));
    assert_eq!(app.input_device(), None);
    assert_eq!(
        app.settings.input_device.as_deref(),
        Some("Unplugged USB mic"),
        "still remembered for when it comes back"
    );
}

#[test]
fn dropped_files_open_the_import_preview_outside_a_session_only() {
    let f = Fixture::new();
    let file = f.data.root().join("list.txt");
    std::fs::create_dir_all(f.data.root()).unwrap();
    std::fs::write(&file, "Tell me about yourself\nWhy this role?\n").unwrap();
    let mut app = f.app(false);
    app.apply(Command::StartInterview);
    app.apply(Command::OpenPackFiles(vec![file.clone()]));
    assert_eq!(app.screen(), Screen::Rehearsal, "ignored during a session");
    assert!(app.packs().parsing().is_none());
    app.apply(Command::EndSession);
    app.apply(Command::SaveReflection);
    app.apply(Command::BackToSetup);
    app.apply(Command::OpenPackFiles(vec![file]));
    assert_eq!(app.screen(), Screen::Packs);
    for _ in 0..2000 {
        app.tick();
        if !app.is_busy() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let preview = app
        .packs()
        .preview()
        .expect("a preview of the dropped file");
    assert_eq!(preview.parsed.pack.questions.len(), 2);
}

#[test]
fn a_finished_analysis_asks_for_a_repaint() {
    let f = Fixture::new();
    let mut app = f.app(false);
    let asked = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    app.set_repaint(Arc::new(move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }));
    app.apply(Command::StartInterview);
    app.apply(Command::SkipThink);
    app.apply(Command::StopAnswer);
    finish_analyses(&mut app);
    assert!(asked.load(std::sync::atomic::Ordering::SeqCst) >= 1);
}

#[test]
fn the_window_wakes_for_the_next_visible_change_only() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.tick();
    let second = Duration::from_secs(1);
    // A live meter redraws through its watch; the window itself wakes once a second.
    assert!(app.meter_reading().is_some(), "the setup meter runs");
    assert_eq!(app.animation(), Animation::WakeIn(second), "setup meter");
    app.apply(Command::StartInterview);
    app.tick();
    // The countdown wakes at its next whole second.
    f.clock.advance(Duration::from_millis(300));
    let Animation::WakeIn(after) = app.animation() else {
        panic!("the countdown runs")
    };
    assert!(
        after >= Duration::from_millis(700) && after <= Duration::from_millis(710),
        "{after:?}"
    );
    app.apply(Command::SkipThink);
    app.tick();
    assert!(app.meter_reading().is_some(), "the recording's meter runs");
    assert!(
        matches!(app.animation(), Animation::WakeIn(d) if d <= second),
        "recording"
    );
    app.apply(Command::EndSession);
    app.tick();
    finish_analyses(&mut app);
    assert!(app.meter_reading().is_none());
    assert_eq!(app.animation(), Animation::Still, "reflection form");
}

#[test]
fn the_setup_meter_pauses_after_30_s_without_input_until_the_user_tests_the_microphone() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.tick();
    assert!(app.meter_reading().is_some());
    f.clock.advance(METER_IDLE - Duration::from_secs(1));
    app.note_input();
    app.tick();
    f.clock.advance(METER_IDLE - Duration::from_secs(1));
    app.tick();
    assert!(app.meter_reading().is_some(), "input keeps it live");
    f.clock.advance(Duration::from_secs(2));
    app.tick();
    assert!(app.meter_reading().is_none(), "30 s without input pause it");
    assert!(app.setup_state().meter_paused);
    assert_eq!(
        app.animation(),
        Animation::Still,
        "a paused meter costs nothing"
    );
    app.apply(Command::TestMicrophone);
    app.tick();
    assert!(app.meter_reading().is_some(), "Test microphone wakes it");
    assert!(!app.setup_state().meter_paused);
}

#[test]
fn the_setup_meter_pauses_while_the_window_is_in_the_background() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.tick();
    assert!(app.meter_reading().is_some());
    app.window_focused(false);
    app.tick();
    assert!(app.meter_reading().is_none(), "another window in front");
    assert!(app.setup_state().meter_paused);
    app.window_focused(true);
    app.tick();
    assert!(app.meter_reading().is_some(), "back in the window");
    assert!(!app.setup_state().meter_paused);
    // A meter paused by the 30 s rule also wakes when the user comes back to the window.
    f.clock.advance(METER_IDLE + Duration::from_secs(1));
    app.tick();
    assert!(app.meter_reading().is_none());
    app.window_focused(false);
    app.window_focused(true);
    app.tick();
    assert!(app.meter_reading().is_some());
}

#[test]
fn the_state_line_names_the_screen_question_and_take() {
    let f = Fixture::new();
    let mut app = f.app(false);
    assert_eq!(app.state_line(), "setup");
    app.apply(Command::StartInterview);
    assert_eq!(app.state_line(), "think q1");
    app.apply(Command::SkipThink);
    assert_eq!(app.state_line(), "answer q1 take 1");
    app.apply(Command::StopAnswer);
    assert_eq!(app.state_line(), "rate q1");
    app.apply(Command::Retake);
    assert_eq!(app.state_line(), "answer q1 take 2");
    app.apply(Command::EndSession);
    finish_analyses(&mut app);
    assert_eq!(app.state_line(), "reflect");
    app.apply(Command::SaveReflection);
    assert_eq!(app.state_line(), "summary");
}

#[test]
fn practise_again_asks_the_unanswered_and_weak_questions_of_a_past_session() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::StartInterview);
    let asked = f.session(&app).questions;
    assert!(asked.len() >= 3, "the default plan asks several questions");
    // Question 1 answered and rated 1 (weak), question 2 answered and rated 5, then Esc.
    for score in [1, 5] {
        app.apply(Command::SkipThink);
        app.apply(Command::StopAnswer);
        app.rehearsal_mut().unwrap().rating.set(0, score);
        app.apply(Command::SaveRating);
    }
    app.apply(Command::EndSession);
    app.apply(Command::SaveReflection);
    finish_analyses(&mut app);
    let past = f.session(&app);
    let weak = past.needing_practice();
    assert_eq!(weak[..2], [0, 2], "question 1 (weak) and 3 (not answered)");
    app.apply(Command::OpenSessionInReview);
    app.apply(Command::Review(ReviewCommand::PractiseAgain(weak.clone())));

    assert_eq!(app.screen(), Screen::Rehearsal);
    let again = f.session(&app);
    assert_ne!(again.id, past.id, "a new session");
    let ids = |s: &Session, at: &[usize]| -> Vec<String> {
        at.iter()
            .map(|&i| s.questions[i].question_id.clone())
            .collect()
    };
    let all: Vec<usize> = (0..again.questions.len()).collect();
    assert_eq!(ids(&again, &all), ids(&past, &weak));
    assert_eq!(
        again.questions[0].answer_seconds,
        past.questions[0].answer_seconds
    );
    app.apply(Command::EndSession);
    finish_analyses(&mut app);
}

#[test]
fn with_the_voice_on_each_question_is_asked_before_its_countdown() {
    let f = Fixture::new();
    let mut app = App::new(
        f.data.clone(),
        Box::new(crate::audio::SyntheticBackend::tone(440.0, 0.2, 16_000)),
        Box::new(f.clock.clone()),
    );
    app.settings.voice.on = true;
    app.settings.question_count = 2;
    app.settings.think_seconds = Some(10);
    app.apply(Command::StartInterview);
    let asked = |app: &App| app.rehearsal().unwrap().is_asking(app.now());
    let think = |app: &App| {
        app.rehearsal()
            .unwrap()
            .interview
            .think_remaining(app.now())
    };
    assert!(asked(&app), "the first question is being read");
    assert!(f.data.root().join("voice/q01.wav").is_file());
    assert!(f.data.root().join("voice/q02.wav").is_file());
    f.clock.advance(Duration::from_millis(900));
    app.tick();
    assert_eq!(
        think(&app),
        Some(Duration::from_secs(10)),
        "the countdown waits"
    );
    // "Tell me about yourself." takes under 3 s to ask.
    f.clock.advance(Duration::from_secs(3));
    app.tick();
    assert!(!asked(&app));
    assert!(think(&app) < Some(Duration::from_secs(10)), "then it runs");
    app.apply(Command::SkipThink);
    app.apply(Command::StopAnswer);
    app.apply(Command::SaveRating);
    assert!(asked(&app), "the next question is read too");
    finish_analyses(&mut app);
}

#[test]
fn with_the_voice_off_or_without_a_speaker_the_countdown_starts_at_once() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.apply(Command::StartInterview);
    assert!(
        !app.rehearsal().unwrap().is_asking(app.now()),
        "off by default"
    );
    app.apply(Command::EndSession);
    drop(app);
    let mut app = f.app(false);
    app.settings.voice.on = true;
    app.apply(Command::StartInterview);
    // InstantBackend has no speaker: the question cannot be heard, so it is not waited for.
    assert!(!app.rehearsal().unwrap().is_asking(app.now()));
}

#[test]
fn star_keys_place_marks_at_the_answer_offsets_and_the_shares_add_up() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.settings.packs = vec![settings::PackChoice {
        id: "behavioral".into(),
        types: Vec::new(),
    }];
    app.settings.shuffled = false;
    app.settings.answer_seconds = Some(120);
    app.apply(Command::StartInterview);
    f.clock.advance(Duration::from_secs(5));
    app.apply(Command::SkipThink);
    for (part, after) in [(0, 3), (1, 10), (2, 8), (3, 50), (1, 2)] {
        f.clock.advance(Duration::from_secs(after));
        app.apply(Command::MarkPart(part));
    }
    f.clock.advance(Duration::from_secs(12));
    app.apply(Command::StopAnswer);
    finish_analyses(&mut app);
    let s = f.session(&app);
    assert_eq!(s.questions[0].framework, Some(crate::pack::Framework::Star));
    let take = &s.questions[0].takes[0];
    let marks: Vec<(usize, f64)> = take.part_marks.iter().map(|m| (m.part, m.at_s)).collect();
    // Task was pressed again at 73 s: it moved there.
    assert_eq!(marks, [(0, 3.0), (2, 21.0), (3, 71.0), (1, 73.0)]);
    assert_eq!(take.answer_s, 85.0);
    let shares = crate::session::parts::take_shares(crate::pack::Framework::Star, take).unwrap();
    let percents: Vec<f64> = shares.iter().map(|s| s.percent.unwrap()).collect();
    let total: f64 = percents.iter().sum();
    assert!((total - 100.0).abs() < 1e-9, "{percents:?}");
    // 82 s counted from the first mark: 18 + 12 + 50 + 2 s.
    let expected = [18.0, 12.0, 50.0, 2.0].map(|s| 100.0 * s / 82.0);
    for (got, want) in percents.iter().zip(expected) {
        assert!((got - want).abs() < 1e-9, "{percents:?}");
    }
}

/// The app with the camera on, the test camera its only one.
fn filming_app(f: &Fixture) -> App {
    let mut app = f.app(false);
    app.set_camera_lister(camera::test_camera);
    app.settings.camera.on = true;
    app
}

#[test]
fn with_the_camera_on_each_take_is_filmed_beside_its_wav() {
    let f = Fixture::new();
    let mut app = filming_app(&f);
    app.apply(Command::StartInterview);
    app.apply(Command::SkipThink);
    let r = app.rehearsal().unwrap();
    assert!(r.is_recording());
    // The self-view of the answer being filmed.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while app
        .rehearsal()
        .unwrap()
        .self_view()
        .unwrap()
        .latest()
        .is_none()
    {
        assert!(std::time::Instant::now() < deadline, "no self-view frame");
        app.tick();
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(1500));
    app.tick();
    // Saved while recording, so that a take cut off by a crash keeps them.
    let saved = f.session(&app).questions[0].takes[0].video.clone().unwrap();
    assert_eq!(
        saved.audio_clock_ppm,
        crate::audio::synthetic::INSTANT_DRIFT_PPM
    );
    assert!((0..1000).contains(&saved.offset_ms), "{saved:?}");
    app.apply(Command::StopAnswer);
    finish_analyses(&mut app);
    let s = f.session(&app);
    let take = &s.questions[0].takes[0];
    let video = take.video.as_ref().expect("a video");
    assert_eq!(
        video.audio_clock_ppm,
        crate::audio::synthetic::INSTANT_DRIFT_PPM
    );
    assert_eq!(video.file, "q01.webm");
    assert!(video.frames >= 30, "{video:?}");
    assert_eq!(video.dropped_frames, 0);
    assert_eq!(video.error, None);
    // The synthetic microphone starts at once; the camera's first frame a little after.
    assert!((0..1000).contains(&video.offset_ms), "{video:?}");
    let dir = &app.rehearsal().unwrap().dir;
    let check = crate::video::check_file(&dir.join("q01.webm")).unwrap();
    assert_eq!(check.frames, video.frames);
    assert!(dir.join("q01.wav").exists());
}

#[test]
fn with_the_camera_off_or_none_found_takes_are_audio_only() {
    for (on, lister) in [
        (false, camera::test_camera as camera::CameraLister),
        (true, camera::no_camera),
    ] {
        let f = Fixture::new();
        let mut app = f.app(false);
        app.set_camera_lister(lister);
        app.settings.camera.on = on;
        app.apply(Command::StartInterview);
        app.apply(Command::SkipThink);
        assert!(app.rehearsal().unwrap().self_view().is_none());
        app.apply(Command::StopAnswer);
        finish_analyses(&mut app);
        let s = f.session(&app);
        let take = &s.questions[0].takes[0];
        assert_eq!(take.status, TakeStatus::Recorded);
        assert_eq!(take.video, None);
        let json =
            std::fs::read_to_string(app.rehearsal().unwrap().dir.join("session.json")).unwrap();
        assert!(
            !json.contains("\"video\""),
            "audio-only session.json is unchanged"
        );
        assert!(!app.rehearsal().unwrap().dir.join("q01.webm").exists());
    }
}

/// A lister with one camera that cannot be opened (no such device).
fn broken_camera() -> Vec<String> {
    vec!["Broken camera".to_owned()]
}

#[test]
fn a_camera_that_cannot_open_leaves_the_answer_recorded_without_video() {
    // The camera opens on its own thread: once while the answer goes on (the failure comes
    // in on a tick), once when the answer ends before the opening did (the end waits for it).
    for stop_at_once in [false, true] {
        let f = Fixture::new();
        let mut app = f.app(false);
        app.set_camera_lister(broken_camera);
        app.settings.camera.on = true;
        app.apply(Command::StartInterview);
        app.apply(Command::SkipThink);
        assert!(app.rehearsal().unwrap().is_recording());
        if !stop_at_once {
            let deadline = std::time::Instant::now() + Duration::from_secs(5);
            while app.rehearsal().unwrap().self_view().is_some() {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the opening never ended"
                );
                app.tick();
                std::thread::sleep(Duration::from_millis(10));
            }
            assert!(app.rehearsal().unwrap().is_recording(), "the audio goes on");
        }
        app.apply(Command::StopAnswer);
        finish_analyses(&mut app);
        let message = app.message().unwrap_or_default();
        assert!(
            message.contains("recorded without video"),
            "stop at once {stop_at_once}: {message}"
        );
        let s = f.session(&app);
        let take = &s.questions[0].takes[0];
        assert_eq!(take.status, TakeStatus::Recorded);
        assert_eq!(take.video, None, "no video is claimed");
        assert!(app.rehearsal().unwrap().dir.join("q01.wav").exists());
    }
}

/// The A/V sync of a filmed take, through the rehearsal's own bookkeeping: the synthetic
/// microphone clicks 1.5 s into its signal while the test camera flashes white 1.5 s after
/// the take is started. After the stored offset is applied the two lie within one frame.
/// (The synthetic microphone has no device latency; a real one's is not measured here.)
#[test]
fn a_flash_and_a_click_at_one_instant_line_up_within_a_frame_after_the_offset() {
    use crate::audio::SyntheticBackend;
    use crate::video::{CameraSource, RecordOptions};
    let f = Fixture::new();
    let store = SessionStore::new(f.data.sessions());
    let rate = 16_000usize;
    let mut signal = vec![0.0f32; rate * 4];
    signal[rate * 3 / 2..rate * 3 / 2 + rate / 100].fill(0.9);
    let audio = SyntheticBackend::new(signal, rate as u32);
    let planned = vec![PlannedQuestion {
        pack_id: "general".into(),
        question: Question::new("q1", "Question 1?", General),
        timings: Timings {
            think_seconds: 5,
            answer_seconds: 60,
        },
        follow_up: false,
        asked_by: None,
    }];
    let mut r = Rehearsal::start(planned, &Settings::default(), &store, Instant::now()).unwrap();
    let flash_at = crate::video::clock_now().unwrap() + 1_500_000_000;
    let env = rehearsal::Env {
        audio: &audio,
        store: &store,
        device: None,
        repaint: None,
        transcriber: None,
        camera: Some(CameraSource::Flash(vec![flash_at])),
        video_options: RecordOptions::default(),
    };
    let events = r.interview.skip_think(Instant::now());
    r.handle(events, &env);
    std::thread::sleep(Duration::from_millis(2500));
    r.logic(Instant::now(), &env);
    let events = r.interview.stop_answer(Instant::now());
    r.handle(events, &env);

    let take = &r.session.questions[0].takes[0];
    let video = take.video.as_ref().expect("filmed");
    let wav = hound::WavReader::open(r.dir.join("q01.wav")).unwrap();
    let click = wav
        .into_samples::<i16>()
        .position(|s| s.unwrap().unsigned_abs() > 16_000)
        .expect("the click was recorded") as f64
        / rate as f64;
    let flash = crate::video::first_bright(&r.dir.join("q01.webm"), 128.0)
        .unwrap()
        .expect("the flash was filmed")
        .as_secs_f64();
    let flash_in_audio = video.offset_ms as f64 / 1000.0 + flash;
    eprintln!(
        "click at {click:.4} s, flash at {flash_in_audio:.4} s of the audio (offset {} ms)",
        video.offset_ms
    );
    assert!(
        (flash_in_audio - click).abs() <= 1.0 / 30.0 + 0.001,
        "click {click:.4} s, flash {flash_in_audio:.4} s"
    );
}

#[test]
fn the_setup_self_view_pauses_after_30_s_without_input_until_asked() {
    let f = Fixture::new();
    let mut app = filming_app(&f);
    app.tick();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while app.camera_view().frame.is_none() {
        assert!(std::time::Instant::now() < deadline, "no self-view frame");
        std::thread::sleep(Duration::from_millis(20));
    }
    f.clock.advance(METER_IDLE + Duration::from_secs(1));
    app.tick();
    let view = app.camera_view();
    assert!(view.paused && view.frame.is_none(), "the camera is closed");
    app.apply(Command::TestMicrophone);
    app.tick();
    assert!(!app.camera_view().paused);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while app.camera_view().frame.is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the self-view did not come back"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_reflection_and_its_thank_you_note_are_drafted_recovered_after_a_kill_and_saved() {
    let f = Fixture::new();
    let mut app = f.app(false);
    app.settings.question_count = 1;
    app.apply(Command::StartInterview);
    app.apply(Command::SkipThink);
    app.apply(Command::StopAnswer);
    app.apply(Command::SaveRating);
    finish_analyses(&mut app);
    assert_eq!(app.state_line(), "reflect");
    assert_eq!(
        app.animation(),
        Animation::Still,
        "no timer before the note"
    );
    let dir = app.rehearsal().unwrap().dir.clone();
    // The parts scored, a pitfall ticked, then the note started and typed into.
    let form = &mut app.rehearsal_mut().unwrap().reflection;
    for score in [4, 3, 5, 2, 4, 5] {
        form.scores.score_current(score);
    }
    form.pitfalls[3] = true;
    form.went_well = "Clear examples".into();
    app.apply(Command::StartThankYouNote);
    assert!(matches!(app.animation(), Animation::WakeIn(d) if d <= Duration::from_secs(1)));
    let note = app.rehearsal_mut().unwrap().reflection.thank_you.as_mut();
    let note = note.expect("the exercise started");
    note.text = "Dear Ana, thank you for the talk.".into();
    note.checks[0] = true;
    f.clock.advance(Duration::from_secs(125));
    app.tick();
    f.clock.advance(Duration::from_secs(1));
    app.tick();
    let draft = f
        .session(&app)
        .reflection_draft
        .expect("drafted while typing");
    assert_eq!(draft.score("body_language"), Some(2));
    assert_eq!(draft.pitfalls, ["no_questions"]);
    let note = draft.thank_you.as_ref().unwrap();
    assert_eq!(note.text, "Dear Ana, thank you for the talk.");
    assert_eq!(
        (note.writing_s, note.checklist.as_slice()),
        (120, &["within_48h".to_owned()][..])
    );

    // Killed: dropped without a shutdown, so only what is on disk is left. A new app resumes at
    // the form; the timer goes on from the draft.
    drop(app);
    let mut app = f.app(false);
    app.apply(Command::Recover(dir.clone(), RecoveryChoice::Resume));
    assert_eq!(app.state_line(), "reflect");
    app.tick();
    let form = &app.rehearsal().unwrap().reflection;
    assert_eq!(form.went_well, "Clear examples");
    assert_eq!(form.scores.scores[5], Some(5));
    f.clock.advance(Duration::from_secs(30));
    app.apply(Command::SaveReflection);
    assert_eq!(app.screen(), Screen::Summary);
    let s = f.session(&app);
    assert_eq!(s.status, SessionStatus::Complete);
    assert_eq!(s.reflection_draft, None);
    let saved = s.reflection.unwrap();
    assert_eq!(
        saved.part_score(crate::session::RatingGroup::Communication),
        Some(10.0 / 3.0)
    );
    let note = saved.thank_you.unwrap();
    assert_eq!(
        note.writing_s, 150,
        "120 s drafted, then 30 s after the recovery"
    );
    assert!(note.is_written());
}
