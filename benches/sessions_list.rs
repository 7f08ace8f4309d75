//! Sessions-list benchmark (prints figures, asserts nothing): the real review screen in a bare
//! `egui::Context` (layout and tessellation, as a window frame does) over sessions stored on disk.
//!
//! 1. Listing N sessions from disk: how long the background read takes, and the worst frame
//!    while it runs (the window must keep drawing).
//! 2. Frame time with the list shown, scrolling one wheel step per frame: mean and worst,
//!    for 1 and 10,000 sessions. Goal: at most 16 ms a frame with 10,000.
//!
//! `cargo bench --bench sessions_list [-- --sessions N] [-- --frames N]`

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use rehearse::app::review::Review;
use rehearse::data_dir::DataDir;
use rehearse::interview::StopReason;
use rehearse::pack::QuestionType;
use rehearse::session::{
    QuestionRecord, RATING_ITEMS, Rating, Session, SessionSettings, SessionStatus, Take, TakeStatus,
};

mod common;

fn main() {
    let arg = common::arg;
    let many = arg("--sessions", 10_000);
    let frames = arg("--frames", 300);
    for count in [1, many] {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let started = Instant::now();
        write_sessions(&data.sessions(), count);
        println!(
            "sessions_list: wrote {count} sessions in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let ctx = egui::Context::default();
        let mut review = Review::new(&data);
        let (listing, worst_while_listing, listing_frames) = list(&ctx, &mut review);
        assert_eq!(review.sessions().len(), count, "every session is listed");
        println!(
            "sessions_list: {count} sessions: listing from disk took {:.0} ms in the background; \
             {listing_frames} frames drawn meanwhile, worst {:.2} ms",
            listing.as_secs_f64() * 1e3,
            worst_while_listing.as_secs_f64() * 1e3
        );
        let times = draw_frames(&ctx, &mut review, frames);
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        let worst = times.iter().max().copied().unwrap_or_default();
        println!(
            "sessions_list: {count} sessions: frame mean {:.2} ms, worst {:.2} ms over {frames} frames (scrolling)",
            mean.as_secs_f64() * 1e3,
            worst.as_secs_f64() * 1e3
        );
    }
}

/// Starts the background read and draws frames until it is done: (read time, worst frame, frames).
fn list(ctx: &egui::Context, review: &mut Review) -> (Duration, Duration, usize) {
    // Warm up fonts first, so the first frame's atlas work is not counted.
    frame(ctx, review, Vec::new());
    let started = Instant::now();
    review.refresh();
    let mut worst = Duration::ZERO;
    let mut frames = 0;
    while review.is_listing() {
        let t = Instant::now();
        review.logic();
        frame(ctx, review, Vec::new());
        worst = worst.max(t.elapsed());
        frames += 1;
        std::thread::sleep(Duration::from_millis(16));
    }
    (started.elapsed(), worst, frames)
}

/// Draws `n` frames of the list, scrolling down a few rows per frame.
fn draw_frames(ctx: &egui::Context, review: &mut Review, n: usize) -> Vec<Duration> {
    for _ in 0..3 {
        frame(ctx, review, Vec::new());
    }
    (0..n)
        .map(|_| {
            let scroll = common::wheel(egui::pos2(500.0, 400.0), -90.0);
            let t = Instant::now();
            frame(ctx, review, scroll);
            t.elapsed()
        })
        .collect()
}

/// One frame of the review screen at the app's default window size, tessellated.
fn frame(ctx: &egui::Context, review: &mut Review, events: Vec<egui::Event>) {
    common::frame(ctx, egui::vec2(1000.0, 720.0), events, |ui| {
        let _ = rehearse::ui::review::show(ui, review);
    });
}

/// Writes `count` complete sessions (five questions, one rated take each) below `root`.
fn write_sessions(root: &Path, count: usize) {
    let first = Utc.with_ymd_and_hms(2020, 1, 1, 9, 0, 0).unwrap();
    for i in 0..count {
        let started = first + chrono::Duration::hours(i as i64);
        let mut session = Session::new(
            vec!["general".into(), "behavioral".into()],
            SessionSettings {
                question_count: 5,
                shuffled: true,
                think_seconds: None,
                answer_seconds: None,
                input_device: None,
                mode: Default::default(),
                panel: Vec::new(),
            },
            (0..5).map(|q| question(q, started)).collect(),
            started,
        );
        session.status = SessionStatus::Complete;
        session.ended_at = Some(started + chrono::Duration::minutes(20));
        let dir = root.join(format!("{}-{i:05}", started.format("%Y%m%dT%H%M%SZ")));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("session.json"),
            serde_json::to_vec_pretty(&session).unwrap(),
        )
        .unwrap();
    }
}

fn question(q: usize, started: chrono::DateTime<Utc>) -> QuestionRecord {
    QuestionRecord {
        pack_id: "general".into(),
        question_id: format!("q{q}"),
        text: "Tell me about a time you disagreed with a colleague and how it ended.".into(),
        framework: None,
        kind: QuestionType::Behavioral,
        think_seconds: 15,
        answer_seconds: 120,
        takes: vec![Take {
            part_marks: Vec::new(),
            video: None,
            number: 1,
            wav: Some(format!("q{:02}.wav", q + 1)),
            status: TakeStatus::Recorded,
            stop_reason: Some(StopReason::Manual),
            started_at: started,
            think_used_s: 8.0,
            answer_s: 75.0,
            audio_s: 75.0,
            sample_rate: Some(48_000),
            dropped_frames: 0,
            error: None,
            metrics: None,
            rating: Some(Rating::new(
                RATING_ITEMS,
                &[4, 3, 4, 5, 4, 3, 4].map(Some),
                "Lead with the result.".into(),
            )),
            transcript: None,
        }],
        best_take: None,
        unattached_rating: None,
        follows: None,
        asked_by: None,
    }
}
