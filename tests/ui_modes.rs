//! The interview modes and follow-up questions as a user meets them, in the real window with
//! a made-up clock: the phone screen hides the question, the panel takes turns and asks
//! whether you addressed it, the mock interview allows no retakes, the video call starts
//! with a framing check, the drill lets a question wait, and follow-ups come and are linked
//! in session.json.

mod support;

use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::Screen;
use rehearse::app::clock::{Clock as _, ManualClock};
use rehearse::data_dir::DataDir;
use rehearse::session::Session;
use rehearse::ui::shell::Shell;
use support::{settle, temp_data, tone, window_with_clock, write_settings};

fn press(h: &mut Harness<'_, Shell>, key: Key) {
    h.key_press(key);
    settle(h);
}

/// The window over `data` with `settings` (JSON fields added to the general pack's, in
/// pack order with short times), on the setup screen.
fn window(data: &DataDir, clock: &ManualClock, settings: &str) -> Harness<'static, Shell> {
    write_settings(
        data,
        &format!(
            r#"{{"packs": [{{"id": "general"}}], "shuffled": false, "think_seconds": 10,
                "answer_seconds": 60, {settings}}}"#
        ),
    );
    window_with_clock(data, [1100.0, 1000.0], tone(), clock)
}

fn saved(h: &Harness<'_, Shell>) -> Session {
    let r = h.state().app().rehearsal().unwrap();
    serde_json::from_str(&std::fs::read_to_string(r.dir().join("session.json")).unwrap()).unwrap()
}

fn state(h: &Harness<'_, Shell>) -> String {
    h.state().app().state_line()
}

/// Waits out the interviewer's voice on the made-up clock, then the think countdown
/// starts; Space starts the answer.
fn past_the_voice(h: &mut Harness<'_, Shell>, clock: &ManualClock) {
    for _ in 0..30 {
        if !state(h).starts_with("ask") {
            return;
        }
        clock.advance(Duration::from_secs(1));
        settle(h);
    }
    panic!("the voice never ended: {}", state(h));
}

#[test]
fn the_phone_screen_asks_aloud_and_never_shows_the_question() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let mut h = window(&data, &clock, r#""question_count": 1, "mode": "phone""#);
    // The mode is chosen in the setup screen's list (the settings file chose it already).
    support::click(&mut h, "Interview");
    support::click(&mut h, "Phone screen");
    press(&mut h, Key::Enter);
    assert_eq!(
        state(&h),
        "ask q1",
        "the voice asks, though the voice setting is off"
    );
    assert!(data.root().join("voice/q01.wav").is_file());
    let text = "Tell me about yourself.";
    assert!(
        h.query_by_label(text).is_none(),
        "the question is not on screen"
    );
    h.get_by_label("Listen: on a phone screen the question is only heard.");
    h.get_by_label_contains("Ask again");
    // The countdown waits for the voice.
    let full = h
        .state()
        .app()
        .rehearsal()
        .unwrap()
        .interview
        .think_remaining(clock.now());
    assert_eq!(full, Some(Duration::from_secs(10)));
    past_the_voice(&mut h, &clock);
    assert_eq!(state(&h), "think q1");
    press(&mut h, Key::Space);
    assert_eq!(state(&h), "answer q1 take 1");
    assert!(h.query_by_label(text).is_none(), "nor while answering");
    h.get_by_label("REC");
    press(&mut h, Key::Space);
    assert_eq!(state(&h), "rate q1");
    h.get_by_label(text);
    // Nobody saw you: the form asks nothing about body language.
    h.get_by_label("Clarity 1");
    assert!(h.query_by_label("Posture 1").is_none());
    assert_eq!(saved(&h).settings.mode, rehearse::interview::Mode::Phone);
}

#[test]
fn panellists_take_turns_and_the_form_asks_whether_you_addressed_the_panel() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let mut h = window(
        &data,
        &clock,
        r#""question_count": 3, "mode": "panel", "panel_size": 2"#,
    );
    press(&mut h, Key::Enter);
    let mut askers = Vec::new();
    for q in 1..=3 {
        past_the_voice(&mut h, &clock);
        assert_eq!(state(&h), format!("think q{q}"));
        let asker = [
            "Maria Lopez, hiring manager, asks:",
            "James Okafor, senior engineer on the team, asks:",
        ]
        .into_iter()
        .find(|l| h.query_by_label(l).is_some())
        .expect("someone asks");
        askers.push(asker);
        press(&mut h, Key::Space);
        if q == 1 {
            h.get_by_label("Answer Maria, who asked, and bring James in with your eyes.");
        }
        h.get_by_label_contains("who asked, and bring");
        press(&mut h, Key::Space);
        h.get_by_label("Addressed the panel 1");
        press(&mut h, Key::Num4);
        press(&mut h, Key::Enter);
    }
    assert_eq!(askers[0], askers[2], "two panellists rotate");
    assert_eq!(saved(&h).settings.panel, ["Maria Lopez", "James Okafor"]);
    assert_ne!(askers[0], askers[1]);
    let s = saved(&h);
    let names: Vec<Option<&str>> = s.questions.iter().map(|q| q.asked_by.as_deref()).collect();
    assert_eq!(
        names,
        [
            Some("Maria Lopez"),
            Some("James Okafor"),
            Some("Maria Lopez")
        ]
    );
    // Each panellist has a voice of their own.
    let q1 = std::fs::read(data.root().join("voice/q01.wav")).unwrap();
    let q2 = std::fs::read(data.root().join("voice/q02.wav")).unwrap();
    assert_ne!(q1, q2);
}

#[test]
fn follow_ups_come_after_their_question_with_a_shorter_timer_and_are_linked() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let mut h = window(
        &data,
        &clock,
        r#""question_count": 2, "follow_ups": "always""#,
    );
    press(&mut h, Key::Enter);
    // Every question of the general pack has follow-ups: one comes after each.
    h.get_by_label("Question 1 of 2");
    press(&mut h, Key::Space);
    press(&mut h, Key::Space);
    press(&mut h, Key::Enter);
    h.get_by_label("Follow-up to question 1");
    // One of the question's follow-ups, on screen as asked.
    let asked = saved(&h).questions[1].text.clone();
    let general = rehearse::pack::builtin()
        .into_iter()
        .find(|p| p.id == "general")
        .unwrap();
    assert!(general.questions[0].follow_ups.contains(&asked), "{asked}");
    h.get_by_label(&asked);
    press(&mut h, Key::Space);
    let timer = h
        .state()
        .app()
        .rehearsal()
        .unwrap()
        .interview
        .answer_timer(clock.now());
    assert_eq!(
        timer.unwrap().limit,
        Duration::from_secs(30),
        "half of 60 s, at least 30 s"
    );
    press(&mut h, Key::Space);
    h.get_by_label("Rate your answer · follow-up to question 1");
    press(&mut h, Key::Enter);
    h.get_by_label("Question 2 of 2");
    let s = saved(&h);
    assert_eq!(s.questions.len(), 4, "two questions, each with a follow-up");
    assert_eq!(s.questions[1].follows, Some(0));
    assert_eq!(s.questions[1].takes.len(), 1, "its own take");
    assert_eq!(s.questions[1].answer_seconds, 30);
    assert_eq!(s.questions[2].follows, None);
    assert_eq!(s.questions[3].follows, Some(2));

    // Question 2 and its follow-up; then the summary and review show the links.
    for _ in 0..2 {
        press(&mut h, Key::Space);
        press(&mut h, Key::Space);
        press(&mut h, Key::Enter);
    }
    assert_eq!(state(&h), "reflect");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    settle(&mut h);
    h.get_by_label_contains("2. follow-up to 1:");
    press(&mut h, Key::O);
    assert_eq!(h.state().app().screen(), Screen::Review);
    h.get_by_label("follow-up to Q1:");
    h.get_by_label("Practice drill");
    assert_eq!(s.settings.question_count, 2, "follow-ups are not counted");

    // With follow-ups off, none comes.
    let (_tmp, data) = temp_data();
    let mut h = window(&data, &clock, r#""question_count": 2"#);
    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    press(&mut h, Key::Space);
    press(&mut h, Key::Enter);
    h.get_by_label("Question 2 of 2");
    assert!(saved(&h).questions.iter().all(|q| q.follows.is_none()));
}

#[test]
fn the_mock_interview_has_no_retakes_and_a_whole_session_clock() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let mut h = window(&data, &clock, r#""question_count": 2, "mode": "mock""#);
    press(&mut h, Key::Enter);
    h.get_by_label("Session 0:00 of 2:20");
    assert!(h.query_by_label_contains("Ask it later").is_none());
    press(&mut h, Key::Space);
    assert!(h.query_by_label_contains("Retake now").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::R);
    settle(&mut h);
    assert_eq!(state(&h), "answer q1 take 1", "Ctrl+R does nothing");
    press(&mut h, Key::Space);
    assert!(h.query_by_label_contains("Retake").is_none());
    press(&mut h, Key::R);
    assert_eq!(state(&h), "rate q1", "R does nothing");
}

#[test]
fn the_video_call_starts_with_the_framing_check() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let mut h = window(&data, &clock, r#""question_count": 1, "mode": "video""#);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().screen(), Screen::Framing);
    h.get_by_label("Before the video call");
    h.get_by_label("Camera at eye level");
    support::click(&mut h, "Light in front of you");
    // Esc goes back; Enter on the card starts.
    press(&mut h, Key::Escape);
    assert_eq!(state(&h), "setup");
    press(&mut h, Key::Enter);
    assert_eq!(state(&h), "framing");
    press(&mut h, Key::Enter);
    assert_eq!(state(&h), "think q1");
}

#[test]
fn the_drill_puts_a_question_off_until_the_end() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let mut h = window(&data, &clock, r#""question_count": 3"#);
    press(&mut h, Key::Enter);
    h.get_by_label("Tell me about yourself.");
    press(&mut h, Key::L);
    h.get_by_label("Walk me through your résumé.");
    let texts: Vec<String> = saved(&h).questions.iter().map(|q| q.text.clone()).collect();
    assert_eq!(texts[2], "Tell me about yourself.", "saved at the end");
    support::click(&mut h, "Ask it later L");
    h.get_by_label("Why do you want to work here?");
    // The last question left cannot wait.
    press(&mut h, Key::Space);
    press(&mut h, Key::Space);
    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    press(&mut h, Key::Space);
    press(&mut h, Key::Enter);
    h.get_by_label("Walk me through your résumé.");
    assert!(h.query_by_label_contains("Ask it later").is_none());
}
