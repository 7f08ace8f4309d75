//! The transcript on the rate screen, as a user sees it: it arrives after the answer, it is
//! saved in session.json, a click on a word plays the take from that word, and without a
//! model the screen says in one line how to turn transcripts on. The model here is a stand-in
//! that hears fixed words (the real one is tested in tests/transcribe_*.rs).

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
use rehearse::ui::transcript::TRANSCRIPTS_OFF;
use support::{settle, tone, wait_until, window_with_clock, write_settings};

/// Hears "I think, um, the deadline held." in any audio, a word every 0.4 s.
struct FixedWords;

impl Transcriber for FixedWords {
    fn model(&self) -> String {
        "fixed words".to_owned()
    }
    fn words(&mut self, samples: &[f32]) -> Result<Vec<TimedWord>, String> {
        let seconds = samples.len() as f64 / 16_000.0;
        Ok(["I", "think,", "um,", "the", "deadline", "held."]
            .iter()
            .enumerate()
            .map(|(i, w)| TimedWord {
                text: (*w).to_owned(),
                start_s: (i as f64 * 0.4).min(seconds),
                end_s: (i as f64 * 0.4 + 0.3).min(seconds),
            })
            .collect())
    }
}

fn press(h: &mut Harness<'_, Shell>, key: Key) {
    h.key_press(key);
    settle(h);
}

/// A one-question interview answered for 2.5 s, on the rate screen.
fn answer_one(data: &DataDir, transcripts: bool) -> Harness<'static, Shell> {
    write_settings(
        data,
        r#"{"question_count": 1, "think_seconds": 10, "answer_seconds": 60}"#,
    );
    let clock = ManualClock::new();
    let mut h = window_with_clock(data, [1100.0, 900.0], tone(), &clock);
    if transcripts {
        let factory: TranscriberFactory =
            Arc::new(|| Ok(Box::new(FixedWords) as Box<dyn Transcriber>));
        h.state_mut().app_mut().set_transcriber(Some(factory));
    }
    press(&mut h, Key::Enter);
    press(&mut h, Key::Space);
    h.get_by_label("REC");
    std::thread::sleep(Duration::from_millis(2500));
    clock.advance(Duration::from_secs(3));
    settle(&mut h);
    press(&mut h, Key::Space);
    h.get_by_label_contains("Rate your answer");
    h
}

#[test]
fn the_transcript_arrives_on_the_rate_screen_and_a_word_plays_the_take_from_there() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = answer_one(&data, true);
    h.get_by_label("What you said");
    assert!(
        wait_until(Duration::from_secs(20), || {
            h.step();
            h.query_by_label("deadline").is_some()
                && h.state()
                    .app()
                    .rehearsal()
                    .is_some_and(|r| !r.transcribing())
        }),
        "the transcript never appeared"
    );
    h.run();
    h.get_by_label_contains("Click a word to play from it");

    // Saved with the take, with the model's name and the words' times.
    let r = h.state().app().rehearsal().unwrap();
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(r.dir().join("session.json")).unwrap())
            .unwrap();
    let transcript = &saved["questions"][0]["takes"][0]["transcript"];
    assert_eq!(transcript["model"], "fixed words");
    assert_eq!(transcript["text"], "I think, um, the deadline held.");
    assert_eq!(transcript["words"][4]["text"], "deadline");

    // A click on "deadline" (said at 1.6 s) plays the take from there.
    wait_until(Duration::from_secs(10), || {
        h.step();
        h.state()
            .app()
            .rehearsal()
            .and_then(|r| r.listening.player.as_ref())
            .is_some()
    });
    h.get_by_label("deadline").click();
    settle(&mut h);
    let player = h
        .state()
        .app()
        .rehearsal()
        .unwrap()
        .listening
        .player
        .as_ref();
    let state = player.expect("the take is loaded").state();
    assert!(state.is_playing, "a click on a word plays");
    let at = state.position.as_secs_f64();
    assert!(
        (1.6..2.2).contains(&at),
        "playing from {at:.2} s, not 1.6 s"
    );
}

#[test]
fn without_a_model_the_rate_screen_says_how_to_turn_transcripts_on() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = answer_one(&data, false);
    h.run();
    h.get_by_label(TRANSCRIPTS_OFF);
}
