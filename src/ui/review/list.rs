//! The list of past sessions: one whole-row button per session, laid out only where visible.

use egui::{Align2, Rect, RichText, Sense, TextStyle, TextWrapMode, WidgetText, pos2, vec2};

use crate::app::review::{Review, ReviewCommand};
use crate::pack::sanitize_display as shown;
use crate::session::Session;

/// Height of one row, points (fixed, so only the visible rows are laid out).
const ROW_HEIGHT: f32 = 30.0;
/// Width of the Delete button's slot at the end of a row.
const DELETE_WIDTH: f32 = 80.0;
/// Column widths: date, answered, rating; the packs column takes the rest.
const DATE_WIDTH: f32 = 200.0;
const ANSWERED_WIDTH: f32 = 170.0;
const RATING_WIDTH: f32 = 120.0;

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
                let cells = row_cells(review, &summary.session);
                let (open, delete) = row(ui, i, &cells);
                if open {
                    commands.push(ReviewCommand::Open(summary.dir.clone()));
                }
                if delete {
                    commands.push(ReviewCommand::AskDelete(summary.dir.clone()));
                }
            }
        });
}

/// The texts of a row: date, packs, answered, rating.
fn row_cells(review: &Review, s: &Session) -> [String; 4] {
    [
        super::session_date(s),
        shown(&review.pack_names(s)),
        super::answered(s),
        s.average_rating()
            .map_or_else(|| "not rated".to_owned(), |avg| format!("{avg:.1} / 5")),
    ]
}

fn header(ui: &mut egui::Ui) {
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
    let titles = ["Date", "Packs", "Answered", "Average rating"].map(str::to_owned);
    let color = ui.visuals().strong_text_color();
    paint_cells(ui, rect, &titles, color, true);
    ui.separator();
}

/// One session's row; returns (opened, delete asked).
fn row(ui: &mut egui::Ui, index: usize, cells: &[String; 4]) -> (bool, bool) {
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
    }
    let delete_rect = Rect::from_min_max(pos2(rect.right() - DELETE_WIDTH, rect.top()), rect.max)
        .shrink2(vec2(4.0, 3.0));
    let delete = ui
        .put(delete_rect, egui::Button::new("Delete…"))
        .on_hover_text("Delete this session and its recordings");
    (response.clicked(), delete.clicked())
}

/// Paints the four columns of a row into `rect`, each cut with "…" where it does not fit.
fn paint_cells(ui: &egui::Ui, rect: Rect, cells: &[String; 4], color: egui::Color32, strong: bool) {
    let fixed = DATE_WIDTH + ANSWERED_WIDTH + RATING_WIDTH + DELETE_WIDTH;
    let packs = (rect.width() + DELETE_WIDTH - fixed).max(80.0);
    let widths = [DATE_WIDTH, packs, ANSWERED_WIDTH, RATING_WIDTH];
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
