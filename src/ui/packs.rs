//! The packs screen: library list, import preview, and the pack editor.

use crate::app::packs::{PackManager, PacksCommand};

/// Draws the packs screen and returns what the user asked for.
pub fn show(ui: &mut egui::Ui, packs: &PackManager) -> Vec<PacksCommand> {
    let _ = packs;
    ui.heading("Question packs");
    Vec::new()
}
