//! STAR markers as a user meets them: S, T, A and R while answering mark where each part
//! starts (on the answer timer of a made-up clock), the rate screen shows each part's share
//! against its target, the marks are saved in session.json, and cue phrases in the
//! transcript suggest the parts the user did not mark.

mod support;

use std::sync::Arc;
use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::analysis::words::TimedWord;
use rehearse::app::clock::ManualClock;
use rehearse::app::transcript_job::{Transcriber, TranscriberFactory};
use rehearse::data_dir::DataDir;
use rehearse::ui::shell::Shell;
use support::{settle, temp_data, tone, wait_until, window_with_clock, write_settings};

fn press(h: &mut Harness<'_, Shell>, key: Key) {
    h.key_press(key);
    settle(h);
}

/// The window on the first (STAR) question of the behavioral pack, answering.
fn answering(
    data: &DataDir,
    clock: &ManualClock,
    transcriber: Option<TranscriberFactory>,
) -> Harness<'static, Shell> {
    write_settings(
        data,
        r#"{"packs": [{"id": "behavioral"}], "question_count": 1, "shuffled": false,
            "think_seconds": 10, "answer_seconds": 120}"#,
    );
    let mut h = window_with_clock(data, [1100.0, 900.0], tone(), clock);
    h.state_mut().app_mut().set_transcriber(transcriber);
    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    h.get_by_label("REC");
    h
}

fn saved(h: &Harness<'_, Shell>) -> serde_json::Value {
    let r = h.state().app().rehearsal().unwrap();
    serde_json::from_str(&std::fs::read_to_string(r.dir().join("session.json")).unwrap()).unwrap()
}

#[test]
fn s_t_a_r_mark_the_parts_and_the_rate_screen_shows_their_shares() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let mut h = answering(&data, &clock, None);
    // The parts are buttons with their keys; none is marked yet.
    h.get_by_label("Situation S");
    h.get_by_label("Result R");
    for (key, after) in [(Key::S, 0), (Key::T, 20), (Key::A, 10), (Key::R, 50)] {
        clock.advance(Duration::from_secs(after));
        settle(&mut h);
        press(&mut h, key);
    }
    // R marked the Result, it did not start a retake.
    assert_eq!(
        h.state().app().rehearsal().unwrap().session.questions[0]
            .takes
            .len(),
        1
    );
    let marks = &saved(&h)["questions"][0]["takes"][0]["part_marks"];
    assert_eq!(
        marks,
        &serde_json::json!([
            {"part": 0, "at_s": 0.0},
            {"part": 1, "at_s": 20.0},
            {"part": 2, "at_s": 30.0},
            {"part": 3, "at_s": 80.0}
        ])
    );
    clock.advance(Duration::from_secs(20));
    settle(&mut h);
    press(&mut h, Key::Space);
    h.get_by_label_contains("Rate your answer");
    h.get_by_label("STAR parts");
    h.get_by_label("Situation 20 % (target 20 %)");
    h.get_by_label("Task 10 % (target 10 %)");
    h.get_by_label("Action 50 % (target 60 %)");
    h.get_by_label("Result 20 % (target 10 %)");
    h.get_by_label_contains("time before the first part is not counted");
    let saved = saved(&h);
    assert_eq!(saved["questions"][0]["framework"], "star");
    assert_eq!(saved["questions"][0]["takes"][0]["answer_s"], 100.0);

    // Review shows the same shares under the take.
    press(&mut h, Key::Enter);
    h.get_by_label("How did it go?");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::Enter);
    settle(&mut h);
    press(&mut h, Key::O);
    h.get_by_label("Action 50 % (target 60 %)");
    h.get_by_label("Result 20 % (target 10 %)");
}

/// Hears a STAR story with a cue phrase for each part, a word a second.
struct Story;

impl Transcriber for Story {
    fn model(&self) -> String {
        "story".to_owned()
    }
    fn words(&mut self, samples: &[f32]) -> Result<Vec<TimedWord>, String> {
        let seconds = samples.len() as f64 / 16_000.0;
        let said = "At my last job builds were slow. My job was to fix them. \
                    So I cached the tests. As a result builds halved.";
        Ok(said
            .split_whitespace()
            .enumerate()
            .map(|(i, w)| TimedWord {
                text: w.to_owned(),
                start_s: (i as f64 * 0.1).min(seconds),
                end_s: (i as f64 * 0.1 + 0.08).min(seconds),
            })
            .collect())
    }
}

#[test]
fn cue_phrases_suggest_the_parts_not_marked_and_say_so() {
    let (_tmp, data) = temp_data();
    let clock = ManualClock::new();
    let factory: TranscriberFactory = Arc::new(|| Ok(Box::new(Story) as Box<dyn Transcriber>));
    let mut h = answering(&data, &clock, Some(factory));
    // The user marks only the Action, with the digit key (any framework's part 3).
    std::thread::sleep(Duration::from_millis(2500));
    clock.advance(Duration::from_millis(1200));
    settle(&mut h);
    press(&mut h, Key::Num3);
    clock.advance(Duration::from_millis(800));
    settle(&mut h);
    press(&mut h, Key::Space);
    assert!(
        wait_until(Duration::from_secs(20), || {
            h.step();
            h.state()
                .app()
                .rehearsal()
                .is_some_and(|r| r.session.questions[0].takes[0].transcript.is_some())
        }),
        "the transcript never arrived"
    );
    h.run();
    // Of the 2 s answer, Situation ("At my last job", 0 s) and Task ("My job was", 0.7 s) are
    // suggested; Action is the user's, at 1.2 s, not "So I" at 1.3 s; Result ("As a result",
    // 1.8 s) is suggested.
    h.get_by_label_contains("Situation 35 % (target 20 %) · start suggested");
    h.get_by_label_contains("Task 25 % (target 10 %) · start suggested");
    h.get_by_label("Action 30 % (target 60 %)");
    h.get_by_label_contains("Result 10 % (target 10 %) · start suggested");
    // Only the user's own mark is saved.
    let marks = &saved(&h)["questions"][0]["takes"][0]["part_marks"];
    assert_eq!(marks, &serde_json::json!([{"part": 2, "at_s": 1.2}]));
}
