//! The review screen driven like a user would: list, open, play, seek, delete with confirmation.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::review::{Review, ReviewCommand};
use rehearse::audio::{AudioBackend, SyntheticBackend};
use rehearse::data_dir::DataDir;
use rehearse::interview::StopReason;
use rehearse::pack::QuestionType;
use rehearse::session::{
    QuestionRecord, RATING_ITEMS, Rating, Reflection, Session, SessionSettings, SessionStatus,
    SessionStore, Take, TakeStatus,
};

struct Screen {
    review: Review,
    audio: Box<dyn AudioBackend>,
    /// Every command the screen returned, for assertions.
    seen: Vec<ReviewCommand>,
}

fn harness(data: &Path) -> Harness<'static, Screen> {
    harness_with(data, Box::new(SyntheticBackend::tone(440.0, 0.2, 16_000)))
}

/// Draws frames while `busy` holds (at most 20 s, else fails saying `never`), then settles.
fn step_while(h: &mut Harness<'_, Screen>, never: &str, busy: impl Fn(&Screen) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while busy(h.state()) {
        assert!(Instant::now() < deadline, "{never}");
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.run();
}

/// The review screen over the data folder `data`, playing through `audio`, with its list read.
fn harness_with(data: &Path, audio: Box<dyn AudioBackend>) -> Harness<'static, Screen> {
    let mut review = Review::new(&DataDir::new(data));
    review.refresh();
    let deadline = Instant::now() + Duration::from_secs(20);
    while review.is_listing() {
        assert!(Instant::now() < deadline, "the session list was never read");
        std::thread::sleep(Duration::from_millis(5));
        review.logic();
    }
    let screen = Screen {
        review,
        audio,
        seen: Vec::new(),
    };
    // A take measured in the background adds its lines (and their widgets) a frame later,
    // and each new widget takes one more frame to style: allow for that.
    Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .with_max_steps(12)
        .build_ui_state(
            |ui, s: &mut Screen| {
                s.review.logic();
                for command in rehearse::ui::review::show(ui, &mut s.review) {
                    s.seen.push(command.clone());
                    s.review.apply(command, s.audio.as_ref());
                }
            },
            screen,
        )
}

fn write_wav(path: &Path, seconds: f32) {
    let samples = (0..(16_000.0 * seconds) as usize).map(|i| {
        let t = i as f32 / 16_000.0;
        (8_000.0 * (t * 220.0 * std::f32::consts::TAU).sin()) as i16
    });
    rehearse::wav::write_i16_mono(path, 16_000, samples).unwrap();
}

/// Chooses `entry` in the Export… menu with the save dialog answering `out`, and waits for
/// the export to end.
fn export_via_menu(h: &mut Harness<'_, Screen>, entry: &str, out: &Path) {
    let picked = out.to_path_buf();
    h.state_mut()
        .review
        .set_save_picker(std::sync::Arc::new(move |_: &str| Some(picked.clone())));
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label(entry).click_accesskit();
    h.step();
    step_while(h, "the export never ended", |s| s.review.is_exporting());
}

/// A complete session with one recorded and rated question and one unanswered, plus its WAV.
fn store_session(store: &SessionStore) -> PathBuf {
    let record = |i: usize, text: &str| QuestionRecord {
        pack_id: "general".into(),
        question_id: format!("q{i}"),
        text: text.into(),
        framework: None,
        kind: QuestionType::Behavioral,
        think_seconds: 15,
        answer_seconds: 90,
        takes: vec![],
        best_take: None,
        unattached_rating: None,
        follows: None,
        asked_by: None,
    };
    let started = Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap();
    let mut session = Session::new(
        vec!["general".into()],
        SessionSettings {
            question_count: 2,
            shuffled: false,
            think_seconds: None,
            answer_seconds: None,
            input_device: None,
            mode: Default::default(),
            panel: Vec::new(),
        },
        vec![
            record(0, "Tell me about a time you disagreed with a colleague."),
            record(1, "Where do you see yourself in five years?"),
        ],
        started,
    );
    session.questions[0].takes.push(Take {
        part_marks: Vec::new(),
        video: None,
        number: 1,
        wav: Some("q01.wav".into()),
        status: TakeStatus::Recorded,
        stop_reason: Some(StopReason::Manual),
        started_at: started,
        think_used_s: 6.0,
        answer_s: 2.0,
        audio_s: 2.0,
        sample_rate: Some(16_000),
        dropped_frames: 0,
        error: None,
        metrics: None,
        rating: None,
        transcript: None,
    });
    session.questions[0].rate_latest(Rating::new(
        RATING_ITEMS,
        &[4, 3, 4, 5, 4, 3, 4].map(Some),
        "Lead with the result next time".into(),
    ));
    session.reflection = Some(Reflection {
        scores: [("preparation".to_owned(), Some(3))].into(),
        went_well: "Calm start".into(),
        improve: "Shorter answers".into(),
        pitfalls: vec!["talked_too_long".into()],
        ..Reflection::default()
    });
    session.status = SessionStatus::Complete;
    session.ended_at = Some(started + chrono::Duration::minutes(5));
    let dir = store.create(&session).unwrap();
    write_wav(&dir.join("q01.wav"), 2.0);
    dir
}

#[test]
fn empty_state_says_there_are_no_sessions() {
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(data.path());
    h.run();
    h.get_by_label("No sessions yet.");
    // Esc on the list goes back to setup.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().seen, vec![ReviewCommand::Close]);
}

#[test]
fn list_open_play_seek_and_delete_a_session() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_session(&store);
    let mut h = harness(data.path());
    h.run();

    // The list: answered count and the average of the seven scores ((4+3+4+5+4+3+4)/7 = 3.9).
    // One whole-row button per session, named by what the row shows.
    h.get_by_label_contains("Open session:");
    h.get_by_label_contains("1 of 2, 3.9 / 5");
    h.get_by_label_contains(", general, ");

    h.get_by_label_contains("Open session").click();
    h.run();
    h.get_by_label("Tell me about a time you disagreed with a colleague.");
    h.get_by_label("Note: Lead with the result next time");
    h.get_by_label("Strengths: Calm start");
    h.get_by_label("Preparation: 3.0 / 5");
    h.get_by_label("Pitfalls: Talked too long");
    h.get_by_label("Thank-you note: skipped");
    h.get_by_label("Not answered.");

    h.get_by_label("Play").click();
    h.run();
    assert!(
        h.state()
            .review
            .player()
            .is_some_and(|p| p.state.is_playing)
    );
    h.get_by_label_contains("Pause");

    // The position advances while playing (the synthetic output is a clock).
    let deadline = Instant::now() + Duration::from_secs(10);
    while h.state().review.player().unwrap().state.position.is_zero() {
        assert!(
            Instant::now() < deadline,
            "playback position never advanced"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }

    // Space pauses and resumes.
    h.key_press(egui::Key::Space);
    h.run();
    assert!(!h.state().review.player().unwrap().state.is_playing);
    h.get_by_label_contains("Play");

    // Seeking through the slider moves the player.
    h.get_by_label("Position").set_value_accesskit(1.5);
    h.run();
    let position = h.state().review.player().unwrap().state.position;
    assert!(
        position >= Duration::from_millis(1400) && position <= Duration::from_millis(1600),
        "{position:?}"
    );

    // Left jumps back 5 s (to the start here); Esc goes back to the list and closes the player.
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert!(h.state().review.player().unwrap().state.position.is_zero());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().review.opened().is_none());
    assert!(h.state().review.player().is_none());
    h.get_by_label_contains("Open session").click();
    h.run();

    // Delete asks first; Cancel keeps the folder.
    h.get_by_label("Delete session…").click();
    h.run();
    h.get_by_label("Delete this session?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(dir.exists());
    assert!(h.query_by_label("Delete this session?").is_none());

    h.get_by_label("Delete session…").click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    assert!(!dir.exists(), "the session folder is gone");
    h.get_by_label("No sessions yet.");
    assert!(h.state().seen.contains(&ReviewCommand::ConfirmDelete));
}

#[test]
fn an_unreadable_session_and_a_missing_wav_are_reported_not_fatal() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_session(&store);
    let broken = data.path().join("sessions").join("20261121T000000Z-broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("session.json"), "{ not json").unwrap();
    std::fs::remove_file(dir.join("q01.wav")).unwrap();

    let mut h = harness(data.path());
    h.run();
    h.get_by_label(
        "1 session folder could not be read and was skipped; the details are in rehearse.log in the data folder.",
    );
    let log = std::fs::read_to_string(data.path().join("rehearse.log")).unwrap();
    assert!(log.contains("20261121T000000Z-broken"), "{log}");
    h.get_by_label_contains("Open session").click();
    h.run();
    h.get_by_label("Play").click();
    h.run();
    h.get_by_label_contains("This take cannot be played.");
    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.state().review.error().is_none());
}

#[test]
fn stored_delivery_metrics_are_shown_as_observations() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_session(&store);
    let mut session = store.load(&dir).unwrap();
    let metrics = rehearse::analysis::analyze_file(&dir.join("q01.wav")).unwrap();
    session.questions[0].takes[0].metrics = Some(metrics.clone());
    store.save(&dir, &session).unwrap();
    let expected =
        rehearse::analysis::observations(&metrics, &rehearse::analysis::Thresholds::default());
    assert!(!expected.is_empty());

    let mut h = harness(data.path());
    h.run();
    h.get_by_label_contains("Open session").click();
    h.run();
    for o in expected {
        h.get_by_label_contains(&o.text);
    }
}

#[test]
fn space_on_an_opened_session_plays_its_first_recording() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    store_session(&store);
    let mut h = harness(data.path());
    h.run();
    h.get_by_label_contains("Open session").click();
    h.run();
    assert!(h.state().review.player().is_none());
    h.key_press(egui::Key::Space);
    h.run();
    let player = h.state().review.player().expect("Space loaded a take");
    assert_eq!(
        (player.question, player.take, player.state.is_playing),
        (0, 1, true)
    );
}

#[test]
fn the_delete_dialog_names_the_session_and_enter_on_cancel_keeps_it() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_session(&store);
    let session = store.load(&dir).unwrap();
    let mut h = harness(data.path());
    h.run();

    h.get_by_label("Delete…").click();
    h.run();
    h.get_by_label("Delete this session?");
    let date = session
        .started_at
        .with_timezone(&chrono::Local)
        .format("%a %-d %b %Y, %H:%M")
        .to_string();
    h.get_by_label(&format!("{date} · general · 1 of 2 answered"));
    assert!(
        h.get_by_label("Cancel").is_focused(),
        "focus starts on Cancel"
    );

    h.key_press(egui::Key::Enter);
    h.run();
    assert!(dir.exists(), "Enter on Cancel kept the session");
    assert!(h.query_by_label("Delete this session?").is_none());
    assert_eq!(h.state().seen.last(), Some(&ReviewCommand::CancelDelete));

    // Asked again, the focus is on Cancel again.
    h.get_by_label("Delete…").click();
    h.run();
    assert!(h.get_by_label("Cancel").is_focused());
}

/// A speaker that fails the way the ALSA pulse plugin does, right after playback starts.
struct FailingSpeaker(SyntheticBackend);

struct FailingPlayback(Box<dyn rehearse::audio::Playback>, bool);

const ALSA_TEXT: &str = "ALSA function 'snd_pcm_avail_delay' failed with error 'I/O error (5)'";

impl rehearse::audio::Playback for FailingPlayback {
    fn play(&mut self) {
        self.0.play();
    }
    fn pause(&mut self) {
        self.0.pause();
    }
    fn seek(&mut self, position: Duration) {
        self.0.seek(position);
    }
    fn position(&self) -> Duration {
        self.0.position()
    }
    fn duration(&self) -> Duration {
        self.0.duration()
    }
    fn set_speed(&mut self, speed: f32) {
        self.0.set_speed(speed);
    }
    fn speed(&self) -> f32 {
        self.0.speed()
    }
    fn set_loop(&mut self, range: Option<(Duration, Duration)>) {
        self.0.set_loop(range);
    }
    fn is_playing(&self) -> bool {
        self.0.is_playing()
    }
    fn poll_error(&mut self) -> Option<rehearse::audio::StreamEvent> {
        std::mem::take(&mut self.1).then(|| {
            rehearse::audio::StreamEvent::new(
                "Playback stopped. Check the speaker, then press Play again.",
                ALSA_TEXT,
                rehearse::audio::Severity::Fatal,
            )
        })
    }
}

impl AudioBackend for FailingSpeaker {
    fn input_devices(&self) -> Vec<rehearse::audio::DeviceInfo> {
        self.0.input_devices()
    }
    fn start_recording(
        &self,
        device: Option<&str>,
        path: &Path,
    ) -> Result<Box<dyn rehearse::audio::Recording>, rehearse::audio::AudioError> {
        self.0.start_recording(device, path)
    }
    fn start_monitor(
        &self,
        device: Option<&str>,
    ) -> Result<Box<dyn rehearse::audio::Monitor>, rehearse::audio::AudioError> {
        self.0.start_monitor(device)
    }
    fn open_playback(
        &self,
        path: &Path,
    ) -> Result<Box<dyn rehearse::audio::Playback>, rehearse::audio::AudioError> {
        Ok(Box::new(FailingPlayback(self.0.open_playback(path)?, true)))
    }
}

#[test]
fn a_playback_error_is_a_sentence_in_the_player_row_and_the_detail_is_logged() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    store_session(&store);
    let speaker = FailingSpeaker(SyntheticBackend::tone(440.0, 0.2, 16_000));
    let mut h = harness_with(data.path(), Box::new(speaker));
    h.run();
    h.get_by_label_contains("Open session").click();
    h.run();
    let question = "Tell me about a time you disagreed with a colleague.";
    let above = h.get_by_label(question).rect();
    let below = h.get_by_label("Not answered.").rect();

    h.get_by_label("Play").click();
    h.run();
    let problem = rehearse::app::review::PLAYBACK_STOPPED;
    let shown = h.get_by_label(problem).rect();
    assert!(!h.state().review.player().unwrap().state.is_playing);
    assert!(h.state().review.error().is_none(), "no banner");
    assert!(h.query_by_label_contains("snd_pcm").is_none());
    // In the player row: beside the position, and nothing above it moved.
    let position = h.get_by_label("Position").rect();
    assert!(shown.center().y > position.top() && shown.center().y < position.bottom());
    assert_eq!(h.get_by_label(question).rect(), above);
    assert!(h.get_by_label("Not answered.").rect().top() >= below.top());

    let log = std::fs::read_to_string(data.path().join("rehearse.log")).unwrap();
    assert!(log.contains("snd_pcm_avail_delay"), "{log}");

    // Play again clears the sentence.
    h.get(
        egui_kittest::kittest::by()
            .role(egui::accesskit::Role::Button)
            .label_contains("Play"),
    )
    .click();
    h.run();
    assert!(h.query_by_label(problem).is_none());
}

/// A session of one question answered twice: take 1 at 190 wpm, take 2 at 150 wpm (rated,
/// posture left unset), both with current metrics and a WAV.
fn store_two_takes(store: &SessionStore) -> PathBuf {
    let dir = store_session(store);
    let mut session = store.load(&dir).unwrap();
    let question = &mut session.questions[0];
    let first = question.takes[0].clone();
    write_wav(&dir.join("q01-take2.wav"), 2.0);
    let measured = rehearse::analysis::analyze_file(&dir.join("q01.wav")).unwrap();
    let with_pace = |wpm: f64| rehearse::analysis::Metrics {
        est_wpm: wpm,
        speech_time_s: 1.5,
        duration_s: 2.0,
        ..measured.clone()
    };
    question.takes[0].metrics = Some(with_pace(190.0));
    question.takes[0].rating = None;
    question.takes.push(Take {
        part_marks: Vec::new(),
        video: None,
        number: 2,
        wav: Some("q01-take2.wav".into()),
        metrics: Some(with_pace(150.0)),
        rating: Some(Rating::new(
            RATING_ITEMS,
            &[None, Some(3), Some(3), Some(3), Some(3), Some(3), Some(3)],
            "Better".into(),
        )),
        ..first
    });
    store.save(&dir, &session).unwrap();
    dir
}

#[test]
fn two_takes_side_by_side_with_the_best_marked_and_a_rating_edited() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_two_takes(&store);
    let mut h = harness(data.path());
    h.run();
    // The list row shows the pace of the answers (question 1's latest take; 2 has none).
    h.get_by_label_contains(", 150 wpm");
    h.get_by_label_contains("Open session").click();
    h.run();

    // Both takes, each with its pace; take 2 shows its change from take 1.
    h.get_by_label("Take 1");
    h.get_by_label("Take 2");
    h.get_by_label("190 wpm");
    h.get_by_label("150 wpm");
    h.get_by_label("−40 wpm");
    assert_eq!(
        h.get_all_by_label("Play").count(),
        2,
        "a play control per take"
    );

    // Mark take 2 best: saved, and shown as the best take.
    let marks: Vec<_> = h.get_all_by_label("Mark as best").collect();
    assert_eq!(marks.len(), 2);
    marks[1].click();
    h.run();
    assert_eq!(store.load(&dir).unwrap().questions[0].best_take, Some(2));
    h.get_by_label("Best take");
    h.get_by_label("Mark as best");

    // Edit take 2's rating: the form starts on the unset item; 5 scores it.
    h.get_by_label("Edit rating").click();
    h.run();
    h.get_by_label("Rate take 2 again");
    h.key_press(egui::Key::Num5);
    h.run();
    h.get_by_label_contains("Save rating").click();
    h.run();
    let saved = store.load(&dir).unwrap();
    let rating = saved.questions[0].takes[1].rating.as_ref().unwrap();
    assert_eq!(rating.score("posture"), Some(5));
    assert_eq!(rating.note, "Better");
    assert_eq!(saved.questions[0].takes[0].rating, None);
    assert!(h.query_by_label("Rate take 2 again").is_none(), "closed");

    // Rating take 1 and pressing Esc changes nothing, and Esc does not leave the session.
    h.get_by_label("Rate this take").click();
    h.run();
    h.key_press(egui::Key::Num2);
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Rate take 1 again").is_none());
    assert_eq!(store.load(&dir).unwrap().questions[0].takes[0].rating, None);
    assert!(h.state().review.opened().is_some());

    // Export: the menu lists the formats; the chosen one is exported to the picked file.
    let out = data.path().join("report.html");
    export_via_menu(&mut h, "HTML report (one file, recordings included)", &out);
    h.get_by_label(&format!("Exported to {}.", out.display()));
    assert!(std::fs::read_to_string(&out).unwrap().contains("<audio"));

    // Practise again: one question, or every one not answered or rated weak (question 2).
    h.get_all_by_label("Practise again").next().unwrap().click();
    h.run();
    h.get_by_label("Practise skipped and weak (1)").click();
    h.run();
    let asked: Vec<_> = h
        .state()
        .seen
        .iter()
        .filter(|c| matches!(c, ReviewCommand::PractiseAgain(_)))
        .cloned()
        .collect();
    assert_eq!(
        asked,
        [
            ReviewCommand::PractiseAgain(vec![0]),
            ReviewCommand::PractiseAgain(vec![1])
        ]
    );
}

/// `words` said one every 0.4 s from the start.
fn timed(words: &[&str]) -> Vec<rehearse::analysis::words::TimedWord> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| rehearse::analysis::words::TimedWord {
            text: (*w).into(),
            start_s: 0.4 * i as f64,
            end_s: 0.4 * i as f64 + 0.3,
        })
        .collect()
}

/// `store_session` with a transcript on its one take: "Um, I listened first." from 0 s, a
/// word every 0.4 s.
fn store_session_with_transcript(store: &SessionStore) -> PathBuf {
    let dir = store_session(store);
    let mut session = store.load(&dir).unwrap();
    let words = ["Um,", "I", "listened", "first."];
    session.questions[0].takes[0].transcript = Some(rehearse::session::Transcript {
        model: "tiny.en".into(),
        version: 1,
        text: words.join(" "),
        words: timed(&words),
    });
    store.save(&dir, &session).unwrap();
    dir
}

#[test]
fn a_stored_transcript_is_shown_under_its_take_and_a_word_plays_from_there() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    store_session_with_transcript(&store);
    let mut h = harness(data.path());
    h.run();
    h.get_by_label_contains("Open session").click();
    h.run();
    // "listened" was said at 0.8 s: a click loads the take and plays it from there.
    h.get_by_label("listened").click();
    h.run();
    let player = h.state().review.player().expect("the take is loaded");
    assert!(player.state.is_playing);
    let at = player.state.position.as_secs_f64();
    assert!((0.8..1.2).contains(&at), "playing from {at:.2} s");
}

#[test]
fn a_search_of_the_transcripts_opens_the_take_at_the_words() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_session_with_transcript(&store);
    let mut h = harness(data.path());
    h.run();
    h.get_by_label(rehearse::ui::review::SEARCH).focus();
    h.run();
    h.get_by_label(rehearse::ui::review::SEARCH)
        .type_text("LISTENED first");
    h.run();
    h.get_by_label("Said once:");
    assert!(
        h.query_by_label_contains("Open session").is_none(),
        "hits replace the list"
    );
    h.get_by_label_contains("Q1 take 1 at 0:00: Um, I listened first.")
        .click();
    h.run();
    let opened = h.state().review.opened().expect("the session is open");
    assert_eq!(opened.dir, dir);
    let player = h
        .state()
        .review
        .player()
        .expect("the take is loaded at the words");
    assert!(!player.state.is_playing, "loaded, not playing");
    let at = player.state.position.as_secs_f64();
    assert!((0.8..0.9).contains(&at), "at {at:.2} s");
    // Back on the list the search stays; words said nowhere say so.
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label("Said once:");
    h.get_by_label(rehearse::ui::review::SEARCH).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(rehearse::ui::review::SEARCH)
        .type_text("budget");
    h.run();
    h.get_by_label("Not said in any transcript.");
}

/// Hears "Well, I listened." once the gate is open, and waits until then.
struct Gated(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl rehearse::app::transcript_job::Transcriber for Gated {
    fn model(&self) -> String {
        "gated".to_owned()
    }
    fn words(&mut self, _: &[f32]) -> Result<Vec<rehearse::analysis::words::TimedWord>, String> {
        while !self.0.load(std::sync::atomic::Ordering::Acquire) {
            std::thread::sleep(Duration::from_millis(2));
        }
        Ok(timed(&["Well,", "I", "listened."]))
    }
}

#[test]
fn a_take_without_a_transcript_is_transcribed_when_its_session_is_opened() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_session(&store);
    let mut h = harness(data.path());
    let gate = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let open = gate.clone();
    h.state_mut()
        .review
        .set_transcriber(Some(std::sync::Arc::new(move || {
            Ok(Box::new(Gated(open.clone()))
                as Box<dyn rehearse::app::transcript_job::Transcriber>)
        })));
    h.run();
    h.get_by_label_contains("Open session").click();
    h.run();
    h.get_by_label_contains("Transcribing…");
    gate.store(true, std::sync::atomic::Ordering::Release);
    step_while(&mut h, "the take was never transcribed", |s| {
        s.review.is_transcribing()
    });
    h.get_by_label("listened.");
    assert!(h.query_by_label_contains("Transcribing…").is_none());
    let saved = store.load(&dir).unwrap();
    let transcript = saved.questions[0].takes[0].transcript.as_ref().unwrap();
    assert_eq!(transcript.text, "Well, I listened.");
}

/// [`store_session`] with its take filmed for 2 s by the test camera (`q01.webm`, starting
/// 100 ms after the audio).
fn store_filmed_session(store: &SessionStore) -> PathBuf {
    use rehearse::video::{CameraSource, RecordOptions, VideoRecording};
    let dir = store_session(store);
    let path = dir.join("q01.webm");
    let recording =
        VideoRecording::start(&CameraSource::Test, &path, RecordOptions::default(), None).unwrap();
    std::thread::sleep(Duration::from_secs(2));
    let result = recording.finish();
    let mut session = store.load(&dir).unwrap();
    session.questions[0].takes[0].video = Some(rehearse::session::TakeVideo {
        file: "q01.webm".into(),
        frames: result.frames,
        dropped_frames: result.dropped_frames,
        offset_ms: 100,
        audio_clock_ppm: 0,
        error: None,
    });
    store.save(&dir, &session).unwrap();
    dir
}

#[test]
fn a_filmed_take_shows_its_video_beside_the_waveform_following_play_and_seek() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    store_filmed_session(&store);
    let mut h = harness(data.path());
    h.run();
    h.get_by_label_contains("Open session").click();
    h.run();
    h.get_by_label("Play").click();
    h.run();
    let frame = |h: &Harness<'_, Screen>| h.state().review.player().unwrap().state.video.cloned();
    step_while(&mut h, "the video never showed", |s| {
        s.review.player().unwrap().state.video.is_none()
    });
    h.get_by_label("The take's video");
    let first = frame(&h).unwrap().serial;
    // Playing moves the picture on.
    step_while(&mut h, "the picture never moved", |s| {
        s.review.player().unwrap().state.video.unwrap().serial == first
    });
    h.key_press(egui::Key::Space);
    h.run();
    // A seek while paused shows the frame there.
    let before = frame(&h).unwrap().serial;
    h.get_by_label("Position").set_value_accesskit(0.05);
    h.run();
    step_while(&mut h, "a seek did not change the picture", |s| {
        s.review.player().unwrap().state.video.unwrap().serial == before
    });
}

#[test]
fn review_shows_the_size_and_deletes_the_video_keeping_the_audio() {
    let data = tempfile::tempdir().unwrap();
    let store = SessionStore::new(data.path().join("sessions"));
    let dir = store_filmed_session(&store);
    let mut h = harness(data.path());
    h.run();
    h.get_by_label_contains("Open session").click();
    h.run();
    h.get_by_label_contains("On disk: ");
    h.get_by_label_contains("(video ");

    // Export: the zip leaves the video out unless the entry with videos is chosen.
    for (entry, with_video) in [
        ("Zip of the session folder (videos left out)", false),
        (rehearse::ui::review::ZIP_WITH_VIDEO, true),
    ] {
        let out = data.path().join(format!("bundle-{with_video}.zip"));
        export_via_menu(&mut h, entry, &out);
        let zip = std::fs::read(&out).unwrap();
        let has_video = zip.windows(8).any(|w| w == b"q01.webm");
        assert_eq!(has_video, with_video, "{entry}");
    }

    h.get_by_label(rehearse::ui::review::DELETE_VIDEO).click();
    h.run();
    assert!(!dir.join("q01.webm").exists());
    assert!(dir.join("q01.wav").exists());
    let take = &store.load(&dir).unwrap().questions[0].takes[0];
    assert_eq!(take.video, None);
    assert!(take.rating.is_some(), "the rating stays");
    assert!(
        h.query_by_label(rehearse::ui::review::DELETE_VIDEO)
            .is_none()
    );
    assert!(h.query_by_label_contains("(video ").is_none());
}
