//! The setup screen driven as a user would: packs, types, order, times; the choices are
//! remembered and shape the session that starts.

use std::path::PathBuf;

mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::Screen;
use rehearse::data_dir::DataDir;
use rehearse::pack::QuestionType;
use rehearse::session::Session;
use rehearse::ui::shell::Shell;

fn harness(data: &DataDir) -> Harness<'static, Shell> {
    support::tone_window(data)
}

fn only_session(data: &DataDir) -> Session {
    let dirs: Vec<PathBuf> = std::fs::read_dir(data.sessions())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 1);
    serde_json::from_str(&std::fs::read_to_string(dirs[0].join("session.json")).unwrap()).unwrap()
}

#[test]
fn setup_choices_shape_the_session_and_are_remembered() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data);

    // First launch: the general pack, both of its types.
    assert!(h.state().app().settings.pack("general").is_some());
    support::click(&mut h, "General interview questions");
    support::click(&mut h, "Technical questions (any field)");
    // Only the technical type of that pack.
    support::click(&mut h, "Technical questions (any field): Behavioral");
    support::click(&mut h, "Shuffled");
    support::click(&mut h, "Own answer time");
    assert_eq!(
        h.state().app().settings.answer_seconds,
        Some(180),
        "starts at the pack default"
    );
    h.get_by_label("11 available");

    h.get_by_label_contains("Start interview").click();
    h.run();
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
    let s = only_session(&data);
    assert_eq!(s.pack_ids, ["technical"]);
    assert!(s.settings.shuffled);
    assert_eq!(s.settings.answer_seconds, Some(180));
    assert_eq!(s.questions.len(), 5);
    assert!(
        s.questions
            .iter()
            .all(|q| q.kind == QuestionType::Technical)
    );

    // The next launch opens with the same choices.
    drop(h);
    let h = harness(&data);
    let settings = &h.state().app().settings;
    assert!(settings.pack("general").is_none());
    assert_eq!(
        settings.pack("technical").unwrap().types,
        [QuestionType::Technical]
    );
    assert!(settings.shuffled);
    assert_eq!(settings.answer_seconds, Some(180));
}

#[test]
fn the_setup_meter_pauses_without_input_and_test_microphone_wakes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = rehearse::app::clock::ManualClock::new();
    let mut h = support::window_with_clock(&data, [1000.0, 720.0], support::tone(), &clock);
    h.run();
    h.get_by_label("Mic level");
    assert!(h.state().app().meter_reading().is_some(), "the meter runs");
    // 30 s without a key or the pointer: the meter stops and the microphone is released.
    clock.advance(rehearse::app::METER_IDLE + std::time::Duration::from_secs(1));
    h.run();
    assert!(h.state().app().meter_reading().is_none());
    h.get_by_label_contains("paused to save power");
    support::click(&mut h, "Test microphone");
    h.run();
    assert!(
        h.state().app().meter_reading().is_some(),
        "Test microphone wakes it"
    );
    assert!(h.query_by_label("Test microphone").is_none());
}

#[test]
fn the_setup_meter_pauses_when_another_window_is_in_front() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = support::window(&data, [1000.0, 720.0], support::tone());
    h.run();
    assert!(h.state().app().meter_reading().is_some(), "the meter runs");
    h.event(egui::Event::WindowFocused(false));
    h.run();
    assert!(h.state().app().meter_reading().is_none());
    h.get_by_label_contains("paused to save power");
    h.event(egui::Event::WindowFocused(true));
    h.run();
    assert!(
        h.state().app().meter_reading().is_some(),
        "coming back wakes it"
    );
    assert!(h.query_by_label("Test microphone").is_none());
}

#[test]
fn the_filler_words_are_edited_under_feedback_targets_and_reset() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data);
    h.get_by_label("Feedback targets").click_accesskit();
    h.run();
    let fillers = |h: &Harness<'static, Shell>| h.state().app().settings.thresholds.fillers.clone();
    let defaults = ["um", "uh", "er", "ah", "hmm", "like", "you know"];
    assert_eq!(fillers(&h), defaults);
    h.get_by_label("Filler words").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    // Typed as a user would: a comma and a space after each, one word in capitals.
    h.get_by_label("Filler words")
        .type_text("um, You know, basically, so, ");
    h.run();
    assert_eq!(fillers(&h), ["um", "you know", "basically", "so"]);
    // (Below the fold in this window: clicked as a screen reader would.)
    h.get_by_label("Reset targets").click_accesskit();
    h.run();
    assert_eq!(fillers(&h), defaults);
}

#[test]
fn the_speech_model_is_chosen_among_the_installed_ones_and_remembered() {
    use rehearse::transcribe::model::{BASE, TINY_EN};
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    // No model: the section says how to turn transcripts on.
    let mut h = harness(&data);
    h.state_mut().app_mut().use_installed_models();
    h.run();
    h.get_by_label("Transcripts");
    h.get_by_label_contains("Transcripts are off");
    drop(h);

    // Two models (the files are loaded only when a take is transcribed): the more accurate
    // one is used until the user picks the faster one; the other choice is greyed out.
    std::fs::create_dir_all(data.models()).unwrap();
    for file in [TINY_EN.file, BASE.file] {
        std::fs::write(data.models().join(file), b"not loaded here").unwrap();
    }
    let mut h = harness(&data);
    h.state_mut().app_mut().use_installed_models();
    h.run();
    let in_use = |h: &Harness<'_, Shell>| h.state().app().speech_models().unwrap().in_use.clone();
    assert_eq!(in_use(&h).as_deref(), Some("base"));
    support::click(&mut h, "Your own model");
    assert_eq!(
        in_use(&h).as_deref(),
        Some("base"),
        "not installed, so not chosen"
    );
    // Below the fold (under the camera section): clicked as a screen reader would.
    h.get_by_label("Whisper tiny.en: fast").click_accesskit();
    h.run();
    assert_eq!(in_use(&h).as_deref(), Some("tiny.en"));
    h.state_mut().app_mut().save_settings();
    drop(h);
    let mut h = harness(&data);
    h.state_mut().app_mut().use_installed_models();
    assert_eq!(in_use(&h).as_deref(), Some("tiny.en"), "remembered");
}

#[test]
fn with_the_interviewers_voice_on_the_question_is_read_before_the_countdown() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data);
    h.run();
    support::click(&mut h, "Hear it");
    assert_eq!(h.state().app().message(), None, "the sample plays");
    support::click(
        &mut h,
        "Read each question aloud before the think countdown",
    );
    assert!(h.state().app().settings.voice.on);
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("The interviewer is asking…");
    h.get_by_label("The countdown starts when the question has been read.");
    assert!(data.root().join("voice/q01.wav").is_file());
}

/// Puts the neural voice's files in `data`'s models folder: links to the installed voice named
/// in `REHEARSE_NEURAL_VOICE`, or (`None`) files that only look like it.
fn place_neural_voice(data: &DataDir, installed: Option<&std::path::Path>) {
    use rehearse::audio::neural_voice::{PINNED, folder};
    let dir = folder(&data.models());
    std::fs::create_dir_all(&dir).unwrap();
    for (file, _) in PINNED {
        match installed {
            Some(real) => std::os::unix::fs::symlink(real.join(file), dir.join(file)).unwrap(),
            None => std::fs::write(dir.join(file), "not a model").unwrap(),
        }
    }
}

#[test]
fn the_neural_voice_is_greyed_until_installed_then_chosen_and_reads_the_questions() {
    use egui_kittest::kittest::NodeT as _;
    use rehearse::ui::setup::{ESPEAK_CHOICE, NEURAL_CHOICE};
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data);
    h.run();
    assert!(
        h.get_by_label(NEURAL_CHOICE).accesskit_node().is_disabled(),
        "not installed"
    );
    assert!(!h.get_by_label(ESPEAK_CHOICE).accesskit_node().is_disabled());
    support::click(&mut h, NEURAL_CHOICE);
    assert!(!h.state().app().settings.voice.neural);
    drop(h);

    let Some(installed) = std::env::var_os("REHEARSE_NEURAL_VOICE") else {
        println!("SKIPPED the neural voice chosen: REHEARSE_NEURAL_VOICE is not set");
        return;
    };
    place_neural_voice(&data, Some(installed.as_ref()));
    let mut h = harness(&data);
    h.run();
    assert!(
        !h.get_by_label(NEURAL_CHOICE).accesskit_node().is_disabled(),
        "installed"
    );
    support::click(&mut h, NEURAL_CHOICE);
    assert!(h.state().app().settings.voice.neural);
    support::click(&mut h, "Hear it");
    assert_eq!(h.state().app().message(), None, "the sample plays");
    support::click(
        &mut h,
        "Read each question aloud before the think countdown",
    );
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().app().message(), None);
    h.get_by_label("The interviewer is asking…");
    // the question was spoken by the neural voice, not eSpeak NG
    let s = only_session(&data);
    let wav = hound::WavReader::open(data.root().join("voice/q01.wav")).unwrap();
    let spoken: Vec<i16> = wav.into_samples().map(Result::unwrap).collect();
    let espeak = rehearse::audio::voice::speak(
        &s.questions[0].text,
        h.state().app().settings.voice.wpm,
        rehearse::audio::voice::DEFAULT_VOICE,
    )
    .unwrap();
    assert_ne!(spoken, espeak.samples);
}

#[test]
fn a_neural_voice_that_cannot_start_leaves_the_questions_to_espeak() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    place_neural_voice(&data, None);
    let mut h = harness(&data);
    h.run();
    support::click(&mut h, rehearse::ui::setup::NEURAL_CHOICE);
    assert!(h.state().app().settings.voice.neural);
    support::click(
        &mut h,
        "Read each question aloud before the think countdown",
    );
    h.key_press(egui::Key::Enter);
    h.run();
    let message = h.state().app().message().unwrap_or_default().to_owned();
    assert!(
        message.starts_with("The neural voice could not start, so eSpeak NG reads the questions"),
        "{message}"
    );
    h.get_by_label("The interviewer is asking…");
    assert!(data.root().join("voice/q01.wav").is_file());
}
