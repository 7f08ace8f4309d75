//! Shared by the session fault tests: the real `App` in a kittest harness, a synthetic
//! microphone, a manual clock, and helpers to drive a session.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::Harness;
use rehearse::app::clock::ManualClock;
use rehearse::app::{App, Command};
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;
use rehearse::session::{Session, SessionStore};
use rehearse::ui::shell::Shell;

/// The real app over `data` with a microphone hearing a steady tone.
pub fn app(data: &DataDir, clock: &ManualClock) -> Harness<'static, Shell> {
    let data = data.clone();
    let clock = clock.clone();
    Harness::builder()
        .with_size([1100.0, 800.0])
        .build_eframe(move |cc| {
            let audio = SyntheticBackend::tone(220.0, 0.3, 16_000);
            let app = App::new(data, Box::new(audio), Box::new(clock));
            Shell::new(app, &cc.egui_ctx)
        })
}

/// Applies `command` and runs one frame.
pub fn apply(h: &mut Harness<'_, Shell>, command: Command) {
    h.state_mut().app_mut().apply(command);
    h.step();
}

/// Runs frames until background analyses are done.
pub fn settle(h: &mut Harness<'_, Shell>) {
    for _ in 0..2000 {
        h.step();
        if !h.state().app().is_busy() {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("background work did not finish");
}

/// Starts a session of `questions` questions and records the first answer for `seconds`
/// of real time, leaving the app on the answer (`stop` false) or its rating form.
pub fn record_first_answer(
    h: &mut Harness<'_, Shell>,
    clock: &ManualClock,
    questions: usize,
    seconds: f64,
    stop: bool,
) -> PathBuf {
    h.state_mut().app_mut().settings.question_count = questions;
    apply(h, Command::StartInterview);
    apply(h, Command::SkipThink);
    let dir = h
        .state()
        .app()
        .rehearsal()
        .expect("a session runs")
        .dir
        .clone();
    std::thread::sleep(Duration::from_secs_f64(seconds));
    h.step();
    clock.advance(Duration::from_secs_f64(seconds));
    if stop {
        apply(h, Command::StopAnswer);
    }
    dir
}

/// The session as saved on disk.
pub fn on_disk(data: &DataDir, dir: &std::path::Path) -> Session {
    SessionStore::new(data.sessions()).load(dir).unwrap()
}

/// Session folders below the data folder.
pub fn session_dirs(data: &DataDir) -> Vec<PathBuf> {
    match std::fs::read_dir(data.sessions()) {
        Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    }
}
