//! Progress-screen benchmark (prints figures, asserts nothing), over 1,000 generated sessions
//! on disk (four or five answered questions each, with metrics and ratings):
//!
//! 1. Open time with a cold index (none yet: every `session.json` is read, the first build)
//!    and with a warm one (up to date: the folders are only listed and stat'ed). Measured on
//!    the real `App`, from the "open progress" command through the worker thread to the end
//!    of the first frame drawn with the charts. Goal: under 200 ms warm.
//! 2. Frame time of the screen with its charts in view, in a bare `egui::Context` (layout and
//!    tessellation, as a window frame does), scrolling one wheel step per frame.
//!
//! `cargo bench --bench progress [-- --sessions N] [-- --frames N] [-- --runs N]`

mod common;
#[allow(dead_code)]
#[path = "../tests/support/progress.rs"]
mod generated;

use std::time::{Duration, Instant};

use rehearse::app::clock::SystemClock;
use rehearse::app::progress::index::INDEX_FILE;
use rehearse::app::{App, Command};
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;

fn main() {
    let arg = common::arg;
    let count = arg("--sessions", 1_000);
    let frames = arg("--frames", 300);
    let runs = arg("--runs", 5);

    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let started = Instant::now();
    generated::write_sessions(&data.sessions(), 0..count, 3);
    println!(
        "progress: wrote {count} sessions in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let ctx = egui::Context::default();
    let index = data.root().join(INDEX_FILE);
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_file(&index);
        cold.push(open(&ctx, &data, count));
        warm.push(open(&ctx, &data, count));
    }
    let size = std::fs::metadata(&index).map_or(0, |m| m.len());
    println!(
        "progress: {count} sessions: open with a cold index (first build) median {}, slowest {}; \
         index file {:.1} MB",
        ms(median(&cold)),
        ms(max(&cold)),
        size as f64 / 1e6
    );
    println!(
        "progress: {count} sessions: open with a warm index median {}, slowest {} (goal < 200 ms)",
        ms(median(&warm)),
        ms(max(&warm))
    );

    let mut app = new_app(&data);
    app.apply(Command::OpenProgress);
    while app.progress().is_loading() {
        app.tick();
        std::thread::sleep(Duration::from_millis(1));
    }
    let times = draw_frames(&ctx, &app, frames);
    println!(
        "progress: {count} sessions: frame mean {}, median {}, worst {} over {frames} frames \
         (scrolling through the charts)",
        ms(times.iter().sum::<Duration>() / times.len() as u32),
        ms(median(&times)),
        ms(max(&times))
    );
}

fn new_app(data: &DataDir) -> App {
    let audio = Box::new(SyntheticBackend::tone(220.0, 0.3, 16_000));
    App::new(data.clone(), audio, Box::new(SystemClock))
}

/// A fresh app opens the progress screen: the time until its first frame with charts is drawn.
fn open(ctx: &egui::Context, data: &DataDir, count: usize) -> Duration {
    let mut app = new_app(data);
    let started = Instant::now();
    app.apply(Command::OpenProgress);
    while app.progress().is_loading() {
        app.tick();
        std::thread::sleep(Duration::from_micros(200));
    }
    frame(ctx, &app, Vec::new());
    let took = started.elapsed();
    assert_eq!(
        app.progress().view().sessions,
        count,
        "every session is shown"
    );
    took
}

/// Draws `n` frames of the screen, scrolling down and back up a step per frame.
fn draw_frames(ctx: &egui::Context, app: &App, n: usize) -> Vec<Duration> {
    for _ in 0..3 {
        frame(ctx, app, Vec::new());
    }
    (0..n)
        .map(|i| {
            let down = (i / 20) % 2 == 0;
            let scroll = common::wheel(egui::pos2(380.0, 400.0), if down { -90.0 } else { 90.0 });
            let t = Instant::now();
            frame(ctx, app, scroll);
            t.elapsed()
        })
        .collect()
}

/// One frame of the progress screen at the app's default window size (its content column
/// 760 points wide, as the shell centres it), tessellated.
fn frame(ctx: &egui::Context, app: &App, events: Vec<egui::Event>) {
    common::frame(ctx, egui::vec2(760.0, 720.0), events, |ui| {
        let _ = rehearse::ui::progress::show(ui, app.progress());
    });
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn max(times: &[Duration]) -> Duration {
    times.iter().max().copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}
