//! A take's waveform: one bar per peak column, the played part highlighted, click to seek.

use egui::{Rect, Sense, Stroke, pos2, vec2};

/// Height of the waveform strip, points.
const HEIGHT: f32 = 40.0;

/// Draws `peaks` (0..1 each) with a playhead at `played` (0..1); returns where the user clicked (0..1).
pub fn show(ui: &mut egui::Ui, peaks: &[f32], played: f32) -> Option<f32> {
    let width = ui.available_width().max(100.0);
    let (rect, response) = ui.allocate_exact_size(vec2(width, HEIGHT), Sense::click());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Slider,
            ui.is_enabled(),
            "Waveform (click to seek)",
        )
    });
    if ui.is_rect_visible(rect) {
        paint(ui, rect, peaks, played.clamp(0.0, 1.0));
    }
    let clicked_at = response
        .clicked()
        .then(|| response.interact_pointer_pos())
        .flatten()?;
    Some(((clicked_at.x - rect.left()) / rect.width()).clamp(0.0, 1.0))
}

fn paint(ui: &egui::Ui, rect: Rect, peaks: &[f32], played: f32) {
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    if peaks.is_empty() {
        return;
    }
    let step = rect.width() / peaks.len() as f32;
    let mid = rect.center().y;
    let done = visuals.selection.bg_fill;
    let ahead = visuals.weak_text_color();
    for (i, &peak) in peaks.iter().enumerate() {
        let x = rect.left() + (i as f32 + 0.5) * step;
        let half = (peak.clamp(0.0, 1.0) * (rect.height() / 2.0 - 1.0)).max(0.5);
        let color = if (i as f32 + 0.5) / peaks.len() as f32 <= played {
            done
        } else {
            ahead
        };
        painter.line_segment(
            [pos2(x, mid - half), pos2(x, mid + half)],
            Stroke::new(step.clamp(1.0, 3.0), color),
        );
    }
    let head = rect.left() + played * rect.width();
    painter.line_segment(
        [pos2(head, rect.top()), pos2(head, rect.bottom())],
        Stroke::new(1.5, visuals.strong_text_color()),
    );
}
