//! Shared by the integration tests (one module, `mod support;`): the real app in a kittest
//! window over a data folder ([`window`]), session drivers ([`session`]) and the virtual
//! PulseAudio mic and capture rig ([`audio`], also `#[path]`-included by the benches).

#![allow(dead_code)]

pub mod audio;
pub mod progress;
pub mod session;
pub mod video;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::App;
use rehearse::app::clock::ManualClock;
use rehearse::audio::{AudioBackend, SyntheticBackend};
use rehearse::data_dir::DataDir;
use rehearse::ui::shell::Shell;

/// The real window over `data`, `size` pixels, with `audio` and `clock`.
pub fn window_with_clock(
    data: &DataDir,
    size: [f32; 2],
    audio: SyntheticBackend,
    clock: &ManualClock,
) -> Harness<'static, Shell> {
    let data = data.clone();
    let clock = clock.clone();
    Harness::builder().with_size(size).build_eframe(move |cc| {
        let audio: Box<dyn AudioBackend> = Box::new(audio);
        let app = App::new(data, audio, Box::new(clock));
        Shell::new(app, &cc.egui_ctx)
    })
}

/// The real window over `data`, `size` pixels, with `audio` and a manual clock.
pub fn window(data: &DataDir, size: [f32; 2], audio: SyntheticBackend) -> Harness<'static, Shell> {
    window_with_clock(data, size, audio, &ManualClock::new())
}

/// A microphone hearing a steady 220 Hz tone at 16 kHz.
pub fn tone() -> SyntheticBackend {
    SyntheticBackend::tone(220.0, 0.3, 16_000)
}

/// The window at 1100×900 with a microphone hearing a steady tone.
pub fn tone_window(data: &DataDir) -> Harness<'static, Shell> {
    window(data, [1100.0, 900.0], tone())
}

/// Clicks the widget labelled `label`, with a frame before and after.
pub fn click(h: &mut Harness<'_, Shell>, label: &str) {
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Presses `key`, then lets background work and the frames settle.
pub fn press(h: &mut Harness<'_, Shell>, key: egui::Key) {
    h.key_press(key);
    settle(h);
}

/// Opens the packs screen by its shortcut (Ctrl+P), starts a new pack and adds `questions`
/// questions to it, by clicking as a user would.
pub fn new_pack_with_questions(h: &mut Harness<'_, Shell>, questions: usize) {
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::P);
    h.run();
    h.get_by_label_contains("New pack").click();
    h.run();
    for _ in 0..questions {
        click(h, "Add question");
    }
}

/// Steps frames until background analyses are done (panics after about ten seconds).
pub fn wait_idle(h: &mut Harness<'_, Shell>) {
    for _ in 0..2000 {
        h.step();
        if !h.state().app().is_busy() {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("background work did not finish");
}

/// [`wait_idle`], then frames until the UI is still. Background work can start again while
/// those frames run (progress reads the sessions again when asked to while it was reading):
/// then it is waited for again, a few times, before giving up.
pub fn settle(h: &mut Harness<'_, Shell>) {
    for _ in 0..10 {
        wait_idle(h);
        if h.try_run().is_ok() {
            return;
        }
    }
    wait_idle(h);
    h.run();
}

/// Polls `done` every 10 ms for up to `limit`; whether it came true.
pub fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    done()
}

/// A fresh data folder inside a temporary folder (deleted when the `TempDir` drops).
pub fn temp_data() -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    (tmp, data)
}

/// Writes `json` as the settings file of `data`.
pub fn write_settings(data: &DataDir, json: &str) {
    std::fs::create_dir_all(data.root()).unwrap();
    std::fs::write(data.settings_file(), json).unwrap();
}
