//! Key-metric values and changes as coloured text: green inside the target or better,
//! amber outside it or worse, plain where the metric has no target.

use egui::RichText;

use crate::analysis::{Change, KeyMetric, Thresholds};
use crate::ui::theme;

/// `value` of `key`, coloured by whether it meets its target.
pub fn value(ui: &egui::Ui, key: &KeyMetric, value: f64, thresholds: &Thresholds) -> RichText {
    let colours = theme::colours(ui);
    let text = RichText::new(key.format(value));
    match (key.target)(thresholds).is_met(value) {
        Some(true) => text.color(colours.good),
        Some(false) => text.color(colours.caution),
        None => text,
    }
}

/// The change from `before` to `now` ("+12 wpm"), coloured better or worse.
pub fn change(
    ui: &egui::Ui,
    key: &KeyMetric,
    before: f64,
    now: f64,
    thresholds: &Thresholds,
) -> RichText {
    let colours = theme::colours(ui);
    let text = RichText::new(key.format_change(before, now));
    match key.change(before, now, thresholds) {
        Change::Better => text.color(colours.good),
        Change::Worse => text.color(colours.caution),
        Change::Same | Change::Unjudged => text.weak(),
    }
}
