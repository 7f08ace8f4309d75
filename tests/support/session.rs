//! Session drivers: the real `App` in a window hearing a tone, commands, a first answer,
//! and what the session folders hold.

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::Harness;
use rehearse::app::Command;
use rehearse::app::clock::ManualClock;
use rehearse::data_dir::DataDir;
use rehearse::session::{Session, SessionStore};
use rehearse::ui::shell::Shell;

/// The real app over `data` at 1100×800 with a microphone hearing a steady tone.
pub fn app(data: &DataDir, clock: &ManualClock) -> Harness<'static, Shell> {
    super::window_with_clock(data, [1100.0, 800.0], super::tone(), clock)
}

/// Applies `command` and runs one frame.
pub fn apply(h: &mut Harness<'_, Shell>, command: Command) {
    h.state_mut().app_mut().apply(command);
    h.step();
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

/// Session folders below the data folder, oldest first.
pub fn session_dirs(data: &DataDir) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(data.sessions())
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}
