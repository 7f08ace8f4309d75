//! The summary screen, reached as a user would (resume an unfinished session, save the
//! reflection): each answer's key metrics and the change from the last session on the
//! same packs.

mod support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::Screen;
use rehearse::data_dir::DataDir;
use rehearse::interview::StopReason;
use rehearse::session::{
    RATING_ITEMS, Rating, Reflection, SessionStatus, SessionStore, Take, TakeStatus,
};
use rehearse::ui::shell::Shell;
use rehearse::ui::summary::{DELIVERY, LAST_SESSION};
use support::{settle, tone, window};

/// A session on the general pack whose one question was answered at `wpm` and rated;
/// `complete` adds the reflection.
fn store_session(
    store: &SessionStore,
    started: DateTime<Utc>,
    wpm: f64,
    complete: bool,
) -> PathBuf {
    let mut session = support::session::sample_session(&["general"], 1, "Why this role");
    session.started_at = started;
    let dir = store.create(&session).unwrap();
    let samples = (0..32_000).map(|i| {
        let t = i as f32 / 16_000.0;
        (8_000.0 * (t * 220.0 * std::f32::consts::TAU).sin()) as i16
    });
    rehearse::wav::write_i16_mono(&dir.join("q01.wav"), 16_000, samples).unwrap();
    let measured = rehearse::analysis::analyze_file(&dir.join("q01.wav")).unwrap();
    session.questions[0].takes.push(Take {
        part_marks: Vec::new(),
        video: None,
        number: 1,
        wav: Some("q01.wav".into()),
        status: TakeStatus::Recorded,
        stop_reason: Some(StopReason::Manual),
        started_at: started,
        think_used_s: 3.0,
        answer_s: 2.0,
        audio_s: 2.0,
        sample_rate: Some(16_000),
        dropped_frames: 0,
        error: None,
        metrics: Some(rehearse::analysis::Metrics {
            est_wpm: wpm,
            speech_time_s: 1.5,
            duration_s: 2.0,
            ..measured
        }),
        rating: Some(Rating::new(
            RATING_ITEMS,
            &vec![Some(3); RATING_ITEMS.len()],
            String::new(),
        )),
        transcript: None,
    });
    if complete {
        session.reflection = Some(Reflection::default());
        session.status = SessionStatus::Complete;
        session.ended_at = Some(started + chrono::Duration::minutes(5));
    }
    store.save(&dir, &session).unwrap();
    dir
}

/// Resumes the one unfinished session and saves its reflection: the summary.
fn finish_unfinished(data: &Path) -> Harness<'static, Shell> {
    let mut h = window(&DataDir::new(data), [1100.0, 800.0], tone());
    h.get_by_label("Unfinished sessions");
    h.key_press(Key::Enter);
    settle(&mut h);
    h.get_by_label("How did it go?");
    h.get_by_label_contains("Save reflection").click();
    settle(&mut h);
    assert_eq!(h.state().app().screen(), Screen::Summary);
    h
}

#[test]
fn the_summary_shows_each_metric_against_the_last_session_on_the_same_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(DataDir::new(tmp.path()).sessions());
    let last = Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap();
    store_session(&store, last - chrono::Duration::days(3), 200.0, true);
    store_session(&store, last, 120.0, true);
    store_session(&store, Utc::now(), 150.0, false);

    let h = finish_unfinished(tmp.path());
    h.get_by_label(DELIVERY);
    h.get_by_label(LAST_SESSION);
    // The session table and the answer's line both show this session's pace.
    assert_eq!(h.get_all_by_label("150 wpm").count(), 2);
    // The last session (not the older one) is compared with, and the change is shown in
    // the table and beside the answer.
    h.get_by_label("120 wpm");
    assert!(h.query_by_label("200 wpm").is_none());
    assert_eq!(h.get_all_by_label("+30 wpm").count(), 2);
    h.get_by_label_contains("Last session: Fri 20 Nov 2026");
}

#[test]
fn the_first_session_on_a_pack_says_there_is_nothing_to_compare_yet() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(DataDir::new(tmp.path()).sessions());
    store_session(&store, Utc::now(), 150.0, false);

    let h = finish_unfinished(tmp.path());
    assert_eq!(h.get_all_by_label("150 wpm").count(), 2);
    h.get_by_label_contains("This is your first session on these packs");
    assert!(
        h.query_by_label(LAST_SESSION).is_none(),
        "nothing to compare with"
    );
}
