//! The list of past sessions: one whole-row button per session, laid out only where visible,
//! each with its average rating, its mean pace and a sparkline of the pace of each answer.

use egui::{Align2, Rect, RichText, Sense, TextStyle, TextWrapMode, WidgetText, pos2, vec2};

use crate::analysis::{Target, Thresholds, key_metric};
use crate::app::review::{Review, ReviewCommand};
use crate::pack::sanitize_display as shown;
use crate::session::Session;

/// Height of one row, points (fixed, so only the visible rows are laid out).
const ROW_HEIGHT: f32 = 30.0;
/// Width of the Delete button's slot at the end of a row.
const DELETE_WIDTH: f32 = 80.0;
/// Column widths: date, answered, rating, pace; the packs column takes the rest.
const DATE_WIDTH: f32 = 200.0;
const ANSWERED_WIDTH: f32 = 110.0;
const RATING_WIDTH: f32 = 120.0;
const PACE_WIDTH: f32 = 90.0;
/// Width of the pace sparkline after the pace column.
const SPARK_WIDTH: f32 = 90.0;
/// The columns' titles.
const TITLES: [&str; 5] = ["Date", "Packs", "Answered", "Average rating", "Pace"];

/// Draws the sessions, newest first, and pushes Open / Delete requests.
pub fn show(ui: &mut egui::Ui, review: &Review, commands: &mut Vec<ReviewCommand>) {
    let sessions = review.sessions();
    header(ui);
    egui::ScrollArea::vertical()
        .id_salt("review-sessions")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, sessions.len(), |ui, rows| {
            ui.spacing_mut().item_spacing.y = 0.0;
            for i in rows {
                let summary = &sessions[i];
                let paces = review.paces(i);
                let cells = row_cells(review, &summary.session, paces);
                let (open, delete) = row(ui, i, &cells, paces, review.thresholds());
                if open {
                    commands.push(ReviewCommand::Open(summary.dir.clone()));
                }
                if delete {
                    commands.push(ReviewCommand::AskDelete(summary.dir.clone()));
                }
            }
        });
}

/// The texts of a row: date, packs, answered, rating, mean pace.
fn row_cells(review: &Review, s: &Session, paces: &[f64]) -> [String; 5] {
    let pace = if paces.is_empty() {
        "—".to_owned()
    } else {
        format!("{:.0} wpm", paces.iter().sum::<f64>() / paces.len() as f64)
    };
    [
        super::session_date(s),
        shown(&review.pack_names(s)),
        super::answered(s),
        s.average_rating()
            .map_or_else(|| "not rated".to_owned(), |avg| format!("{avg:.1} / 5")),
        pace,
    ]
}

fn header(ui: &mut egui::Ui) {
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let color = ui.visuals().strong_text_color();
    // The same width as a row's cells (the row less its Delete slot), so the columns line up.
    let cells = Rect::from_min_max(rect.min, pos2(rect.right() - DELETE_WIDTH, rect.bottom()));
    paint_cells(ui, cells, &TITLES.map(str::to_owned), color, true);
    ui.separator();
}

/// One session's row; returns (opened, delete asked).
fn row(
    ui: &mut egui::Ui,
    index: usize,
    cells: &[String; 5],
    paces: &[f64],
    thresholds: &Thresholds,
) -> (bool, bool) {
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT), Sense::click());
    let name = format!("Open session: {}", cells.join(", "));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    let open_rect = Rect::from_min_max(rect.min, pos2(rect.right() - DELETE_WIDTH, rect.bottom()));
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let fill = if response.hovered() || response.has_focus() {
            Some(visuals.widgets.hovered.weak_bg_fill)
        } else if index % 2 == 1 {
            Some(visuals.faint_bg_color)
        } else {
            None
        };
        if let Some(fill) = fill {
            ui.painter().rect_filled(rect, 3.0, fill);
        }
        if response.has_focus() {
            ui.painter().rect_stroke(
                rect,
                3.0,
                visuals.selection.stroke,
                egui::StrokeKind::Inside,
            );
        }
        let color = visuals.text_color();
        paint_cells(ui, open_rect, cells, color, false);
        let spark = Rect::from_min_size(
            pos2(open_rect.right() - SPARK_WIDTH, rect.top()),
            vec2(SPARK_WIDTH, ROW_HEIGHT),
        )
        .shrink2(vec2(6.0, 7.0));
        if let Some(pace) = key_metric("pace_wpm") {
            sparkline(ui, spark, paces, (pace.target)(thresholds));
        }
    }
    let delete_rect = Rect::from_min_max(pos2(rect.right() - DELETE_WIDTH, rect.top()), rect.max)
        .shrink2(vec2(4.0, 3.0));
    let delete = ui
        .put(delete_rect, egui::Button::new("Delete…"))
        .on_hover_text("Delete this session and its recordings");
    (response.clicked(), delete.clicked())
}

/// A line through `values` in `rect` (one point per answer) over the target band, shaded.
fn sparkline(ui: &egui::Ui, rect: Rect, values: &[f64], target: Target) {
    if values.len() < 2 {
        return;
    }
    let (lo, hi) = match target {
        Target::Band(lo, hi) => (lo, hi),
        _ => (f64::INFINITY, f64::NEG_INFINITY),
    };
    let min = values.iter().copied().fold(lo, f64::min);
    let max = values.iter().copied().fold(hi, f64::max);
    let span = (max - min).max(1.0);
    let y = |v: f64| rect.bottom() - ((v - min) / span) as f32 * rect.height();
    let painter = ui.painter();
    if lo.is_finite() {
        let band = Rect::from_x_y_ranges(rect.x_range(), y(hi)..=y(lo));
        painter.rect_filled(
            band,
            0.0,
            crate::ui::theme::colours(ui).good.gamma_multiply(0.15),
        );
    }
    let step = rect.width() / (values.len() - 1) as f32;
    let points: Vec<egui::Pos2> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| pos2(rect.left() + i as f32 * step, y(v)))
        .collect();
    let stroke = egui::Stroke::new(1.5, ui.visuals().text_color());
    painter.add(egui::Shape::line(points, stroke));
}

/// Paints the columns of a row into `rect`, each cut with "…" where it does not fit; the
/// sparkline's slot stays free at the end.
fn paint_cells(ui: &egui::Ui, rect: Rect, cells: &[String; 5], color: egui::Color32, strong: bool) {
    let fixed = DATE_WIDTH + ANSWERED_WIDTH + RATING_WIDTH + PACE_WIDTH + SPARK_WIDTH;
    let packs = (rect.width() - fixed).max(80.0);
    let widths = [DATE_WIDTH, packs, ANSWERED_WIDTH, RATING_WIDTH, PACE_WIDTH];
    let mut x = rect.left() + 6.0;
    for (text, width) in cells.iter().zip(widths) {
        let mut rich = RichText::new(text.as_str());
        if strong {
            rich = rich.strong();
        }
        let galley = WidgetText::from(rich).into_galley(
            ui,
            Some(TextWrapMode::Truncate),
            width - 12.0,
            TextStyle::Body,
        );
        let at = Align2::LEFT_CENTER.anchor_size(pos2(x, rect.center().y), galley.size());
        ui.painter().galley(at.min, galley, color);
        x += width;
    }
}
