//! One take, one length: the take line and the delivery metrics show the same total, both
//! from the WAV's frames ÷ rate and formatted by one function.

mod support;

use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rehearse::app::clock::ManualClock;
use rehearse::data_dir::DataDir;
use rehearse::ui::shell::Shell;
use support::{settle, tone, window_with_clock};

/// The "m:ss" after `prefix` in the first label containing it.
fn total_after(h: &Harness<'_, Shell>, contains: &str, prefix: &str) -> String {
    let node = h.get_by_label_contains(contains);
    let label = node
        .accesskit_node()
        .label()
        .or_else(|| node.value())
        .unwrap_or_default();
    let rest = &label[label.find(prefix).expect(&label) + prefix.len()..];
    rest.split([' ', ')']).next().unwrap().to_owned()
}

#[test]
fn the_take_line_and_the_metrics_show_the_same_length() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    std::fs::write(data.settings_file(), r#"{"question_count": 1}"#).unwrap();
    let clock = ManualClock::new();
    let mut h = window_with_clock(&data, [1100.0, 900.0], tone(), &clock);
    h.run();
    h.key_press(Key::Enter);
    settle(&mut h);
    h.key_press(Key::Space);
    settle(&mut h);
    // Answer for 1.6 s by the timer; the recording holds whatever the device delivered.
    std::thread::sleep(Duration::from_millis(1600));
    clock.advance(Duration::from_millis(1600));
    settle(&mut h);
    h.key_press(Key::Space);
    settle(&mut h);

    let take = &h.state().app().rehearsal().unwrap().session.questions[0].takes[0];
    assert!(take.audio_s > 0.0, "recorded");
    let take_total = total_after(&h, "Take 1 ·", "Take 1 · ");
    let metrics_total = match h.query_by_label_contains("Speaking ") {
        Some(_) => total_after(&h, "Speaking ", " of "),
        None => total_after(&h, "No speech found in", "found in "),
    };
    assert_eq!(take_total, metrics_total);
    assert_eq!(take_total, rehearse::analysis::clock(take.audio_s));
}
