//! Listening before rating, as a user would: the take just recorded plays from the rate
//! screen by Space and by its buttons, Left/Right and a click on the waveform seek, and a
//! retake releases the player before the microphone starts.

mod support;

use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::Screen;
use rehearse::app::clock::ManualClock;
use rehearse::app::take_player::PlayerState;
use rehearse::data_dir::DataDir;
use rehearse::ui::player::SPEED;
use rehearse::ui::rate::LISTEN_HINT;
use rehearse::ui::shell::Shell;
use support::{settle, tone, wait_until, window_with_clock, write_settings};

fn press(h: &mut Harness<'_, Shell>, key: Key) {
    h.key_press(key);
    settle(h);
}

fn player<'h>(h: &'h Harness<'_, Shell>) -> Option<PlayerState<'h>> {
    let r = h.state().app().rehearsal()?;
    r.listening.player.as_ref().map(|p| p.state())
}

/// A one-question interview answered for 2.5 s (the synthetic mic runs in real time), on the
/// rate screen.
fn rate_screen_after_an_answer(data: &DataDir, clock: &ManualClock) -> Harness<'static, Shell> {
    write_settings(
        data,
        r#"{"question_count": 1, "think_seconds": 10, "answer_seconds": 60}"#,
    );
    let mut h = window_with_clock(data, [1100.0, 800.0], tone(), clock);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
    press(&mut h, Key::Space);
    h.get_by_label("REC");
    std::thread::sleep(Duration::from_millis(2500));
    clock.advance(Duration::from_secs(20));
    settle(&mut h);
    press(&mut h, Key::Space);
    h
}

/// Steps until the take's waveform is drawn.
fn wait_for_waveform(h: &mut Harness<'static, Shell>) {
    assert!(
        wait_until(Duration::from_secs(10), || {
            h.step();
            player(h).is_some_and(|p| p.waveform.is_some())
        }),
        "the waveform was never drawn"
    );
    h.run();
}

#[test]
fn the_take_just_recorded_plays_and_seeks_from_the_rate_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let mut h = rate_screen_after_an_answer(&data, &clock);

    // The rate screen: the hint, a Play button, and the waveform once computed.
    h.get_by_label_contains("Rate your answer");
    h.get_by_label(LISTEN_HINT);
    h.get_by_label_contains("Play");
    assert!(
        h.query_by_label(rehearse::ui::rate::BODY_LANGUAGE_HINT)
            .is_none(),
        "no video to watch, so no hint to watch it"
    );
    wait_for_waveform(&mut h);
    h.get_by_label(rehearse::ui::waveform::NAME);
    let length = player(&h).unwrap().duration;
    assert!(length >= Duration::from_secs(2), "the take is {length:?}");
    assert!(!player(&h).unwrap().is_playing);

    // Space plays and the button becomes Pause; Space again pauses.
    press(&mut h, Key::Space);
    assert!(player(&h).unwrap().is_playing);
    h.get_by_label_contains("Pause");
    press(&mut h, Key::Space);
    assert!(!player(&h).unwrap().is_playing);
    h.get_by_label_contains("Play");

    // Right jumps to the end (the take is shorter than 5 s); a click mid-waveform seeks there.
    press(&mut h, Key::ArrowRight);
    assert_eq!(player(&h).unwrap().position, length);
    h.get_by_label(rehearse::ui::waveform::NAME).click();
    settle(&mut h);
    let at = player(&h).unwrap().position.as_secs_f64() / length.as_secs_f64();
    assert!(
        (at - 0.5).abs() < 0.05,
        "clicked the middle, now at {at:.2}"
    );

    // The speed control: 2× from the list plays the take twice as fast; [ and ] step it.
    press(&mut h, Key::ArrowLeft);
    h.get_by_label(SPEED).click();
    h.run();
    h.get_by_label("2×").click();
    settle(&mut h);
    assert_eq!(player(&h).unwrap().speed, 2.0);
    press(&mut h, Key::Space);
    std::thread::sleep(Duration::from_millis(400));
    press(&mut h, Key::Space);
    let played = player(&h).unwrap().position;
    assert!(
        played >= Duration::from_millis(800),
        "0.4 s at 2× plays at least 0.8 s of the take, not {played:?}"
    );
    press(&mut h, Key::OpenBracket);
    assert_eq!(player(&h).unwrap().speed, 1.5);
    press(&mut h, Key::CloseBracket);
    press(&mut h, Key::CloseBracket);
    assert_eq!(player(&h).unwrap().speed, 2.0, "2× is the fastest");
    press(&mut h, Key::OpenBracket);
    assert_eq!(player(&h).unwrap().speed, 1.5);

    // Left goes back to the start; the Play button plays too; a retake releases the player
    // before recording.
    press(&mut h, Key::ArrowLeft);
    assert_eq!(player(&h).unwrap().position, Duration::ZERO);
    h.get_by_label_contains("Play").click();
    settle(&mut h);
    assert!(player(&h).unwrap().is_playing);
    press(&mut h, Key::R);
    h.get_by_label("REC");
    assert!(
        player(&h).is_none(),
        "the player was released for the retake"
    );

    // The next take's player keeps the chosen speed.
    std::thread::sleep(Duration::from_millis(500));
    clock.advance(Duration::from_secs(5));
    press(&mut h, Key::Space);
    h.get_by_label_contains("Rate your answer");
    assert_eq!(player(&h).unwrap().speed, 1.5);
}

#[test]
fn a_part_of_the_take_loops_when_dragged_across_or_marked_with_l() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let mut h = rate_screen_after_an_answer(&data, &clock);
    wait_for_waveform(&mut h);
    let length = player(&h).unwrap().duration;

    // Dragging across 20–60 % of the waveform loops that part, playing from its start.
    let strip = h.get_by_label(rehearse::ui::waveform::NAME).rect();
    let at = |f: f32| egui::pos2(strip.left() + f * strip.width(), strip.center().y);
    h.hover_at(at(0.2));
    h.run();
    h.drag_at(at(0.2));
    h.run();
    for f in [0.3, 0.45, 0.6] {
        h.hover_at(at(f));
        h.run();
    }
    h.drop_at(at(0.6));
    settle(&mut h);
    let (a, b) = player(&h).unwrap().looped.expect("the drag set a loop");
    let fraction = |d: Duration| d.as_secs_f64() / length.as_secs_f64();
    assert!((fraction(a) - 0.2).abs() < 0.03, "A at {:.2}", fraction(a));
    assert!((fraction(b) - 0.6).abs() < 0.03, "B at {:.2}", fraction(b));
    assert!(player(&h).unwrap().is_playing);
    h.get_by_label_contains("Loop 0:0");

    // Playing on past B goes round: after twice the loop's length it is still inside it.
    std::thread::sleep((b - a) * 2 + Duration::from_millis(100));
    h.step();
    let p = player(&h).unwrap();
    assert!(p.is_playing, "a loop plays on");
    assert!(
        p.position >= a && p.position <= b,
        "{:?} is outside the loop {a:?}–{b:?}",
        p.position
    );

    // L clears it; then L marks A, L later marks B and loops from A; a click outside ends it.
    press(&mut h, Key::L);
    assert!(player(&h).unwrap().looped.is_none());
    press(&mut h, Key::Space); // pause
    press(&mut h, Key::ArrowLeft);
    press(&mut h, Key::L);
    assert_eq!(player(&h).unwrap().loop_start, Some(Duration::ZERO));
    h.get_by_label_contains("Loop from 0:00");
    press(&mut h, Key::Space);
    std::thread::sleep(Duration::from_millis(700));
    press(&mut h, Key::L);
    let (a, b) = player(&h).unwrap().looped.expect("the second L set a loop");
    assert_eq!(a, Duration::ZERO);
    assert!(b >= Duration::from_millis(500), "B at {b:?}");
    h.hover_at(at(0.95));
    h.run();
    h.drag_at(at(0.95));
    h.run();
    h.drop_at(at(0.95));
    settle(&mut h);
    assert!(
        player(&h).unwrap().looped.is_none(),
        "a seek past B ends the loop"
    );
    h.get_by_label_contains("A–B loop");
}
