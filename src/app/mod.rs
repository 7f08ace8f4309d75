//! The eframe application: owns the state, routes screens, applies commands.
//!
//! (Skeleton: the app helper owns this file; `review.rs` and `packs.rs` belong to the library helper.)

pub mod packs;
pub mod review;

use crate::data_dir::DataDir;

/// Opens the Rehearse window and runs until it is closed.
pub fn run(data_dir: DataDir) -> eframe::Result {
    let _ = data_dir;
    eframe::run_native(
        "Rehearse",
        eframe::NativeOptions::default(),
        Box::new(|_cc| Ok(Box::new(Placeholder))),
    )
}

struct Placeholder;

impl eframe::App for Placeholder {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label("Rehearse");
    }
}
