//! A 1–5 scale: five toggle buttons, each named "<item> <score>" for screen readers and tests.

/// Draws the scale for `item`; returns the score clicked, if any.
pub fn show(ui: &mut egui::Ui, item: &str, value: u8) -> Option<u8> {
    let mut clicked = None;
    ui.horizontal(|ui| {
        for score in 1..=5u8 {
            let response = ui
                .add(egui::Button::selectable(value == score, score.to_string()))
                .accessible_name(format!("{item} {score}"));
            if response.clicked() {
                clicked = Some(score);
            }
        }
    });
    clicked
}
