//! Screens that must not fight the user: keys in fields, ending a session, the count note,
//! layout at small and large windows, colours and Tab order. Driven through the real shell.

mod support;

use std::time::Duration;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rehearse::app::Screen;
use rehearse::app::clock::ManualClock;
use rehearse::data_dir::DataDir;
use rehearse::interview::Phase;
use rehearse::ui::shell::{CONTENT_MAX_WIDTH, Shell};
use support::session::session_dirs;

fn harness(data: &DataDir, size: [f32; 2]) -> Harness<'static, Shell> {
    let mut h = support::window(data, size, support::tone());
    h.run();
    h
}

fn press(h: &mut Harness<'_, Shell>, key: Key) {
    h.key_press(key);
    h.run();
}

fn phase(h: &Harness<'_, Shell>) -> Option<Phase> {
    h.state().app().rehearsal().map(|r| r.interview.phase())
}

#[test]
fn enter_in_the_number_field_does_not_start_the_interview() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data, [1100.0, 900.0]);
    h.get_by_label("Number of questions").focus();
    h.run();
    assert!(h.get_by_label("Number of questions").is_focused());
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().screen(), Screen::Setup);
    assert!(session_dirs(&data).is_empty());

    // With nothing focused, Enter still starts it.
    h.ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
    h.run();
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
}

#[test]
fn esc_asks_before_ending_and_an_unanswered_session_is_not_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data, [1100.0, 900.0]);
    h.get_by_label_contains("Start interview").click();
    h.run();
    assert!(matches!(phase(&h), Some(Phase::Think { index: 0, .. })));
    assert_eq!(session_dirs(&data).len(), 1);

    // Esc asks; Esc again closes the question and the session goes on.
    press(&mut h, Key::Escape);
    assert!(h.state().confirming_end());
    h.get_by_label("Answers so far are kept.");
    press(&mut h, Key::Escape);
    assert!(!h.state().confirming_end());
    assert!(matches!(phase(&h), Some(Phase::Think { index: 0, .. })));

    // Cancel has the focus first, so Enter cancels.
    press(&mut h, Key::Escape);
    assert!(h.get_by_label("Cancel").is_focused());
    press(&mut h, Key::Enter);
    assert!(!h.state().confirming_end());
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);

    // Tab to "End session", Enter confirms: nothing was answered, so nothing is kept.
    press(&mut h, Key::Escape);
    press(&mut h, Key::Tab);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().app().screen(), Screen::Setup);
    assert!(h.state().app().rehearsal().is_none());
    assert!(session_dirs(&data).is_empty(), "{:?}", session_dirs(&data));
}

#[test]
fn asking_for_more_questions_than_the_packs_hold_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    std::fs::write(data.settings_file(), r#"{"question_count": 99}"#).unwrap();
    let mut h = harness(&data, [1100.0, 900.0]);
    let app = h.state().app();
    let packs = app.packs().library.packs.iter().map(|p| &p.pack);
    let n = rehearse::app::plan::available(packs, &app.settings);
    assert!(n > 0 && n < 99);
    h.get_by_label(&format!(
        "These packs hold {n} questions; the session will ask {n}."
    ));
    h.get_by_label_contains("Start interview").click();
    h.run();
    assert_eq!(
        h.state().app().rehearsal().unwrap().session.questions.len(),
        n
    );
}

#[test]
fn at_800_by_600_start_interview_is_in_the_window_and_clickable() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data, [800.0, 600.0]);
    // A long page: every section open.
    h.get_by_label("Feedback targets").click_accesskit();
    h.run();
    assert_eq!(h.state().app().screen(), Screen::Setup);
    h.get_by_label("Reset targets");
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0));
    let start = h.get_by_label_contains("Start interview").rect();
    assert!(window.contains_rect(start), "{start:?}");
    h.get_by_label_contains("Start interview").click();
    h.run();
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
}

#[test]
fn at_1366_by_768_the_content_is_centred_at_a_readable_width() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let h = harness(&data, [1366.0, 768.0]);
    let heading = h.get_by_label("Rehearse a job interview").rect();
    let start = h.get_by_label_contains("Start interview").rect();
    // The column starts where a centred column of the maximum width starts.
    let left = (1366.0 - CONTENT_MAX_WIDTH) / 2.0;
    assert!((heading.left() - left).abs() < 16.0, "{heading:?}");
    assert!((start.left() - left).abs() < 16.0, "{start:?}");
    let separator_free_right = 1366.0 - left;
    assert!(heading.right() < separator_free_right);
}

#[test]
fn the_colours_setting_overrides_the_system_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data, [1100.0, 900.0]);
    // Appearance is below the camera section: scrolled to, as a user would.
    h.get_by_label("Dark").scroll_to_me();
    h.run();
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    assert!(h.ctx.global_style().visuals.dark_mode);
    h.get_by_label("Light").scroll_to_me();
    h.run();
    h.get_by_label("Light").click();
    h.run();
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
    assert!(!h.ctx.global_style().visuals.dark_mode);
    assert_eq!(
        h.state().app().settings.theme,
        rehearse::app::settings::ThemeChoice::Light
    );
    h.get_by_label("As the system").click();
    h.run();
    assert_eq!(
        h.ctx.options(|o| o.theme_preference),
        egui::ThemePreference::System
    );
}

#[test]
fn tab_runs_through_the_top_bar_left_to_right() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = harness(&data, [1100.0, 900.0]);
    let mut order = Vec::new();
    for _ in 0..4 {
        press(&mut h, Key::Tab);
        let focused = h
            .query_all(egui_kittest::kittest::by())
            .find(|n| n.is_focused())
            .expect("something has focus");
        order.push((
            focused.rect().left(),
            focused.accesskit_node().label().unwrap_or_default(),
        ));
    }
    assert!(order[0].1.contains("Past sessions"), "{order:?}");
    assert!(order[1].1.contains("Progress"), "{order:?}");
    assert!(order[2].1.contains("Question packs"), "{order:?}");
    assert!(order[3].1.contains("Import pack"), "{order:?}");
    assert!(order.windows(2).all(|w| w[0].0 < w[1].0), "{order:?}");
}

#[test]
fn a_message_does_not_move_the_page_and_its_detail_goes_to_the_log() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    // The settings cannot be written: a folder stands where the file goes.
    std::fs::create_dir_all(data.settings_file().join("blocked")).unwrap();
    let clock = ManualClock::new();
    let mut h = support::window_with_clock(&data, [1100.0, 900.0], support::tone(), &clock);
    h.run();
    // "Start interview" sits at the bottom of the page, just above the message bar.
    let before = h.get_by_label_contains("Start interview").rect();

    h.get_by_label("Shuffled").click();
    h.run();
    assert!(
        h.state().app().message().is_none(),
        "not written while it may still change"
    );
    clock.advance(Duration::from_millis(1100));
    h.run();
    h.run();
    let message = h
        .state()
        .app()
        .message()
        .expect("the failure is shown")
        .to_owned();
    assert!(
        message.starts_with("Your choices could not be saved"),
        "{message}"
    );
    assert!(
        !message.contains("os error"),
        "no raw error text: {message}"
    );
    h.get_by_label(&message);
    let during = h.get_by_label_contains("Start interview").rect();
    assert_eq!(during, before, "the page stayed put");

    let log = std::fs::read_to_string(rehearse::app::log::log_path(&data)).unwrap();
    assert!(log.contains("saving settings: "), "{log}");
    assert!(log.contains("os error"), "the raw detail is logged: {log}");

    h.get_by_label("Dismiss").click();
    h.run();
    assert_eq!(h.get_by_label_contains("Start interview").rect(), before);
}
