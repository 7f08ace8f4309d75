//! A take's waveform: one bar per peak column, the played part highlighted, click to seek,
//! drag across a part to loop it (the A–B loop shaded).

use egui::{Color32, Rect, Sense, Stroke, pos2, vec2};

/// Height of the waveform strip, points.
const HEIGHT: f32 = 40.0;

/// A drag shorter than this (points) counts as a click.
const MIN_DRAG: f32 = 4.0;

/// Name of the waveform strip (as a screen reader and the tests find it).
pub const NAME: &str = "Waveform (click to seek, drag across a part to loop it)";

/// What the user did on the strip, as fractions (0..1) of the take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input {
    /// Clicked here.
    Seek(f32),
    /// Dragged across from the first to the second.
    Select(f32, f32),
}

/// What the strip shows besides the peaks, as fractions (0..1) of the take.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    /// The playhead.
    pub played: f32,
    /// The A–B loop.
    pub looped: Option<(f32, f32)>,
    /// A loop start marked with the loop key.
    pub loop_start: Option<f32>,
}

/// Draws `peaks` (0..1 each) with `marks`; returns what the user clicked or dragged.
pub fn show(ui: &mut egui::Ui, peaks: &[f32], marks: Marks) -> Option<Input> {
    let width = ui.available_width().max(100.0);
    let (rect, response) = ui.allocate_exact_size(vec2(width, HEIGHT), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, ui.is_enabled(), NAME));
    let fraction = |x: f32| ((x - rect.left()) / rect.width()).clamp(0.0, 1.0);
    // Where the drag began (the press, not where it was first seen as a drag), kept in the
    // strip's memory until it ends.
    if response.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
    {
        ui.data_mut(|d| d.insert_temp(response.id, origin));
    }
    let dragged = (response.dragged() || response.drag_stopped())
        .then(|| ui.data(|d| d.get_temp::<egui::Pos2>(response.id)))
        .flatten()
        .zip(response.interact_pointer_pos());
    if ui.is_rect_visible(rect) {
        let selecting = dragged.map(|(from, to)| (fraction(from.x), fraction(to.x)));
        paint(ui, rect, peaks, marks, selecting);
    }
    if response.drag_stopped()
        && let Some((from, to)) = dragged
        && (to.x - from.x).abs() >= MIN_DRAG
    {
        let (a, b) = (fraction(from.x), fraction(to.x));
        return Some(Input::Select(a.min(b), a.max(b)));
    }
    if response.clicked() || response.drag_stopped() {
        return response
            .interact_pointer_pos()
            .map(|at| Input::Seek(fraction(at.x)));
    }
    None
}

fn paint(ui: &egui::Ui, rect: Rect, peaks: &[f32], marks: Marks, selecting: Option<(f32, f32)>) {
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    let x_of = |f: f32| rect.left() + f.clamp(0.0, 1.0) * rect.width();
    let band = |(a, b): (f32, f32), color: Color32| {
        let (a, b) = (x_of(a.min(b)), x_of(a.max(b)));
        painter.rect_filled(Rect::from_x_y_ranges(a..=b, rect.y_range()), 0.0, color);
    };
    let loop_fill = visuals.selection.bg_fill.gamma_multiply(0.35);
    if let Some(range) = selecting.or(marks.looped) {
        band(range, loop_fill);
    }
    let edge = Stroke::new(1.0, visuals.selection.stroke.color);
    for f in marks
        .looped
        .into_iter()
        .flat_map(|(a, b)| [a, b])
        .chain(marks.loop_start)
    {
        painter.line_segment(
            [pos2(x_of(f), rect.top()), pos2(x_of(f), rect.bottom())],
            edge,
        );
    }
    if !peaks.is_empty() {
        let step = rect.width() / peaks.len() as f32;
        let mid = rect.center().y;
        let done = visuals.selection.bg_fill;
        let ahead = visuals.weak_text_color();
        for (i, &peak) in peaks.iter().enumerate() {
            let x = rect.left() + (i as f32 + 0.5) * step;
            let half = (peak.clamp(0.0, 1.0) * (rect.height() / 2.0 - 1.0)).max(0.5);
            let color = if (i as f32 + 0.5) / peaks.len() as f32 <= marks.played {
                done
            } else {
                ahead
            };
            painter.line_segment(
                [pos2(x, mid - half), pos2(x, mid + half)],
                Stroke::new(step.clamp(1.0, 3.0), color),
            );
        }
    }
    let head = x_of(marks.played);
    painter.line_segment(
        [pos2(head, rect.top()), pos2(head, rect.bottom())],
        Stroke::new(1.5, visuals.strong_text_color()),
    );
}
