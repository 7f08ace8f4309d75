//! The progress screen over 20 generated sessions, opened by its button as a user would: a
//! trend line per self-rating item and per key metric (each chart is named, for screen
//! readers, by what its line shows, and the app state holds the line's points), the filters,
//! the question histories with the best so far, and the empty state.

mod support;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::analysis::KEY_METRICS;
use rehearse::app::Screen;
use rehearse::app::progress::index::INDEX_FILE;
use rehearse::app::progress::series::{Chart, ProgressView, days};
use rehearse::session::{RATING_ITEMS, rating_items};
use rehearse::ui::progress::{NO_SESSIONS, NOTHING_MATCHES};
use rehearse::ui::shell::Shell;
use support::progress::{
    BEHAVIORAL_PACE, BEHAVIORAL_SCORE, first_start, general_pace, general_score, write_sessions,
};
use support::{settle, temp_data, tone, window};

/// Tall enough that every chart is in view (charts out of view are not laid out).
const TALL: [f32; 2] = [1100.0, 2300.0];

/// Clicks "Progress" on the setup screen and waits for the index to be read.
fn open_progress(h: &mut Harness<'_, Shell>) {
    h.run();
    h.get_by_label_contains("Progress").click();
    settle(h);
    assert_eq!(h.state().app().screen(), Screen::Progress);
}

/// The metric charts the generated sessions have values for: not fillers, which need a
/// transcript (no generated answer has one).
fn measured(view: &ProgressView) -> impl Iterator<Item = &Chart> {
    view.metrics.iter().filter(|c| c.id != "fillers_per_min")
}

/// The chart drawn for `title`, named by what its line shows.
fn chart(h: &Harness<'_, Shell>, title: &str, shows: &str) {
    h.get_by_role_and_label(Role::Image, &format!("{title} trend: {shows}"));
}

/// Session `i`'s mean of its answers' values, `general` and (odd sessions) `behavioral`.
fn session_mean(i: usize, general: f64, behavioral: f64) -> f64 {
    if i % 2 == 1 {
        (general + behavioral) / 2.0
    } else {
        general
    }
}

#[test]
fn twenty_sessions_show_a_trend_line_per_rating_item_and_per_metric() {
    let (_tmp, data) = temp_data();
    write_sessions(&data.sessions(), 0..20, 0);
    let mut h = window(&data, TALL, tone());
    open_progress(&mut h);

    // The lines: one point per session, a day apart, at the session's mean.
    let view = h.state().app().progress().view().clone();
    assert_eq!((view.sessions, view.answers), (20, 30));
    assert_eq!(
        view.ratings.len(),
        RATING_ITEMS.len() - 1,
        "no panel interview yet: no \"Addressed the panel\" chart"
    );
    assert_eq!(view.metrics.len(), KEY_METRICS.len());
    let x0 = days(first_start());
    for chart in view.ratings.iter().chain(measured(&view)) {
        let xs: Vec<f64> = chart.points.iter().map(|p| p[0] - x0).collect();
        assert_eq!(
            xs,
            (0..20).map(f64::from).collect::<Vec<_>>(),
            "{}",
            chart.id
        );
    }
    for (i, p) in view.metrics[0].points.iter().enumerate() {
        assert_eq!(
            p[1],
            session_mean(i, general_pace(i), BEHAVIORAL_PACE),
            "pace {i}"
        );
    }
    for rating in &view.ratings {
        for (i, p) in rating.points.iter().enumerate() {
            let general = f64::from(general_score(i));
            let expected = session_mean(i, general, f64::from(BEHAVIORAL_SCORE));
            assert_eq!(p[1], expected, "{} {i}", rating.id);
        }
    }

    // On screen: a chart per rating item and per metric, the metrics over their targets.
    for item in rating_items(false) {
        chart(&h, item.label, "20 sessions, latest 4.5 (first 1.0)");
    }
    let metric_charts = [
        (
            "Pace",
            "20 sessions, latest 164 wpm (first 120 wpm), target 120–165 wpm",
        ),
        ("Fillers per minute", "no sessions with a value yet"),
        ("Pauses per minute", "20 sessions, latest 1.0 (first 1.0)"),
        (
            "Long pauses",
            "20 sessions, latest 0 (first 0), target at most 0",
        ),
        ("Speaking share", "20 sessions, latest 75 % (first 75 %)"),
        (
            "Loudness",
            "20 sessions, latest -20.0 LUFS (first -20.0 LUFS)",
        ),
        (
            "Voice above background",
            "20 sessions, latest 30 dB (first 30 dB), target at least 20 dB",
        ),
        (
            "Pitch spread",
            "20 sessions, latest 4.0 st (first 4.0 st), target at least 3.0 st",
        ),
    ];
    assert_eq!(metric_charts.len(), KEY_METRICS.len());
    for (title, shows) in metric_charts {
        chart(&h, title, shows);
    }
    assert!(
        data.root().join(INDEX_FILE).exists(),
        "the index was written"
    );

    // Each question's history: every session's take, the best so far marked once.
    h.get_by_label("Generated question beh-01? (10 sessions)");
    h.get_by_label("Generated question gen-01? (20 sessions)")
        .click();
    h.run();
    assert_eq!(h.get_all_by_label("Best so far").count(), 1);
    assert_eq!(
        h.get_all_by_label("4.0 / 5").count(),
        5,
        "scored 4 in 5 sessions"
    );
    h.get_by_label("158 wpm");

    // Back to setup with Esc; a session added since shows on the next visit.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().app().screen(), Screen::Setup);
    write_sessions(&data.sessions(), 20..21, 0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    assert_eq!(h.state().app().screen(), Screen::Progress);
    let refresh = h.state().app().progress().last_refresh().unwrap().clone();
    assert_eq!(
        (refresh.rebuilt, refresh.read, refresh.reused),
        (false, 1, 20)
    );
    chart(
        &h,
        "Pace",
        "21 sessions, latest 160 wpm (first 120 wpm), target 120–165 wpm",
    );
}

#[test]
fn the_pack_and_type_filters_change_the_lines_and_the_questions() {
    let (_tmp, data) = temp_data();
    write_sessions(&data.sessions(), 0..20, 0);
    let mut h = window(&data, TALL, tone());
    open_progress(&mut h);

    // Esc closes an open list, not the screen.
    h.get_by_label("Pack").click();
    h.run();
    h.get_by_label("All packs");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().app().screen(), Screen::Progress);
    assert!(h.query_by_label("Behavioral questions (STAR)").is_none());

    h.get_by_label("Pack").click();
    h.run();
    h.get_by_label("Behavioral questions (STAR)").click();
    h.run();
    let view = h.state().app().progress().view().clone();
    assert_eq!((view.sessions, view.answers), (10, 10), "the odd sessions");
    assert!(measured(&view).all(|c| c.points.len() == 10));
    chart(
        &h,
        "Pace",
        "10 sessions, latest 170 wpm (first 170 wpm), target 120–165 wpm",
    );
    chart(&h, "Posture", "10 sessions, latest 5.0 (first 5.0)");
    h.get_by_label("Generated question beh-01? (10 sessions)");
    assert!(h.query_by_label_contains("gen-01").is_none());

    // Both filters at once: no behavioral-pack question is of the general type.
    h.get_by_label("Question type").click();
    h.run();
    h.get_by_label("General").click();
    h.run();
    h.get_by_label(NOTHING_MATCHES);

    h.get_by_label("Pack").click();
    h.run();
    h.get_by_label("All packs").click();
    h.run();
    let view = h.state().app().progress().view().clone();
    assert_eq!(
        (view.sessions, view.answers),
        (20, 20),
        "every general answer"
    );
    chart(
        &h,
        "Pace",
        "20 sessions, latest 158 wpm (first 120 wpm), target 120–165 wpm",
    );
    assert!(h.query_by_label_contains("beh-01").is_none());
}

#[test]
fn with_no_sessions_the_screen_says_what_to_do() {
    let (_tmp, data) = temp_data();
    let mut h = window(&data, [1000.0, 720.0], tone());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::G);
    settle(&mut h);
    h.get_by_label(NO_SESSIONS);
    h.get_by_label_contains("Back to setup").click();
    h.run();
    assert_eq!(h.state().app().screen(), Screen::Setup);
}
