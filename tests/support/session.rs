//! Session drivers: the real `App` in a window hearing a tone, commands, a first answer,
//! and what the session folders hold.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::Harness;
use rehearse::app::Command;
use rehearse::app::clock::ManualClock;
use rehearse::data_dir::DataDir;
use rehearse::pack::QuestionType;
use rehearse::session::{QuestionRecord, Session, SessionSettings, SessionStore};
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

/// Makes `dir/session.json` impossible to replace (a folder stands in its place), as a failing
/// disk would, without needing root.
pub fn block_session_json(dir: &Path) {
    let json = dir.join("session.json");
    std::fs::remove_file(&json).unwrap();
    std::fs::create_dir(&json).unwrap();
    std::fs::write(json.join("blocker"), b"x").unwrap();
}

/// A new session over `pack_ids` with `questions` general questions ("{text} {i}?", ids
/// `q1`, `q2`, …), nothing answered yet.
pub fn sample_session(pack_ids: &[&str], questions: usize, text: &str) -> Session {
    let records = (1..=questions)
        .map(|i| QuestionRecord {
            pack_id: pack_ids[0].into(),
            question_id: format!("q{i}"),
            text: format!("{text} {i}?"),
            framework: None,
            kind: QuestionType::General,
            think_seconds: 5,
            answer_seconds: 60,
            takes: Vec::new(),
            best_take: None,
            unattached_rating: None,
            follows: None,
            asked_by: None,
        })
        .collect();
    let settings = SessionSettings {
        question_count: questions,
        shuffled: false,
        think_seconds: None,
        answer_seconds: None,
        input_device: None,
        mode: Default::default(),
        panel: Vec::new(),
    };
    let packs = pack_ids.iter().map(|p| (*p).to_owned()).collect();
    Session::new(packs, settings, records, chrono::Utc::now())
}
