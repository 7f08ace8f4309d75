//! Shared by the window tests: the real app in a kittest harness over a data folder.

#![allow(dead_code)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::App;
use rehearse::app::clock::ManualClock;
use rehearse::audio::{AudioBackend, SyntheticBackend};
use rehearse::data_dir::DataDir;
use rehearse::ui::shell::Shell;

/// The real window over `data`, `size` pixels, with `audio` and a manual clock.
pub fn window(data: &DataDir, size: [f32; 2], audio: SyntheticBackend) -> Harness<'static, Shell> {
    let data = data.clone();
    Harness::builder().with_size(size).build_eframe(move |cc| {
        let audio: Box<dyn AudioBackend> = Box::new(audio);
        let app = App::new(data, audio, Box::new(ManualClock::new()));
        Shell::new(app, &cc.egui_ctx)
    })
}

/// The window at 1100×900 with a microphone hearing a steady tone.
pub fn tone_window(data: &DataDir) -> Harness<'static, Shell> {
    window(
        data,
        [1100.0, 900.0],
        SyntheticBackend::tone(220.0, 0.3, 16_000),
    )
}

/// Clicks the widget labelled `label`, with a frame before and after.
pub fn click(h: &mut Harness<'_, Shell>, label: &str) {
    h.run();
    h.get_by_label(label).click();
    h.run();
}
