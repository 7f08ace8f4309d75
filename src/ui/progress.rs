//! The progress screen: a trend chart per self-rating item, per reflection part (with the
//! pitfalls ticked and thank-you notes written) and per key metric over the sessions, each key metric over its target band, filters by pack and question type, and
//! each question's history with its best so far. It draws what `app::progress` computed when
//! the index or the filters last changed; a frame only lays out the charts in view.

use chrono::{DateTime, Local, Utc};
use egui::{RichText, Sense, UiBuilder, vec2};
use egui_plot::{HoverPosition, Line, Plot, PlotPoints, Points, Span};

use crate::analysis::{Target, key_metric};
use crate::app::progress::series::{Chart, QuestionHistory};
use crate::app::progress::{Progress, ProgressCommand};
use crate::pack::{QuestionType, sanitize_display as shown};
use crate::ui::shortcut_button;
use crate::ui::shortcuts::{self, Action};
use crate::ui::theme;

/// What the screen says before any session has an answer.
pub const NO_SESSIONS: &str = "No sessions yet. Start an interview from the setup screen: \
     once you have answered a few questions, your trends over time appear here.";

/// What the screen says when the filters leave nothing.
pub const NOTHING_MATCHES: &str =
    "No answers match these filters. Choose \"All packs\" or \"All types\" to see more.";

/// Height of one chart's plot, points.
const CHART_HEIGHT: f32 = 130.0;

/// Draws the progress screen and returns what the user asked for.
pub fn show(ui: &mut egui::Ui, progress: &Progress) -> Vec<ProgressCommand> {
    let mut commands = Vec::new();
    // Esc closes an open filter list first, then the screen.
    if !egui::Popup::is_any_open(ui.ctx()) && shortcuts::pressed(ui.ctx(), Action::BackToSetup) {
        commands.push(ProgressCommand::Close);
    }
    ui.horizontal(|ui| {
        ui.heading("Progress");
        if shortcut_button(ui, Action::BackToSetup).clicked() {
            commands.push(ProgressCommand::Close);
        }
        if progress.is_loading() {
            ui.spinner();
            ui.weak("Reading your sessions…");
        }
    });
    if let Some(problem) = progress.problem() {
        ui.colored_label(theme::colours(ui).error, problem);
    }
    let Some(index) = progress.index() else {
        return commands;
    };
    if index.sessions.iter().all(|s| s.answers.is_empty()) {
        ui.add_space(12.0);
        ui.label(NO_SESSIONS);
        return commands;
    }
    filters(ui, progress, &mut commands);
    let view = progress.view();
    if view.answers == 0 {
        ui.label(NOTHING_MATCHES);
        return commands;
    }
    ui.weak(format!(
        "{} sessions, {} answers. Each point is one session's mean over its answers \
         (the best take where you marked one, else the latest).",
        view.sessions, view.answers
    ));
    let unreadable = match index.unreadable.len() {
        0 => None,
        1 => Some("1 session folder could not be read and is left out; the log names it.".into()),
        n => Some(format!(
            "{n} session folders could not be read and are left out; the log names them."
        )),
    };
    if let Some(text) = unreadable {
        ui.colored_label(theme::colours(ui).warn, text);
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("progress")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.strong("Self-rating, 1 to 5");
            charts(ui, &view.ratings);
            ui.add_space(8.0);
            ui.strong("After the session");
            let (reflected, notes) = view.thank_you_notes;
            ui.weak(format!(
                "{reflected} sessions reflected on, {notes} with a thank-you note. Each part's \
                 score is the mean of its items; fewer pitfalls is better."
            ));
            charts(ui, &view.reflection);
            ui.add_space(8.0);
            ui.strong("Delivery");
            ui.weak(
                "The shaded band is the target. Loudness, speaking share and pauses per minute \
                 have none: their right value depends on the microphone and the question.",
            );
            charts(ui, &view.metrics);
            ui.add_space(8.0);
            ui.strong("Questions");
            for q in &view.questions {
                question(ui, progress, q);
            }
        });
    commands
}

/// The pack and question-type choosers.
fn filters(ui: &mut egui::Ui, progress: &Progress, commands: &mut Vec<ProgressCommand>) {
    let (filter, view) = (progress.filter(), progress.view());
    ui.horizontal_wrapped(|ui| {
        let pack = Chooser {
            label: "Pack",
            all: "All packs",
            chosen: filter.pack.as_ref(),
            options: &view.packs,
            name: &|id: &String| progress.pack_title(id).to_owned(),
        };
        if let Some(choice) = pack.show(ui) {
            commands.push(ProgressCommand::FilterPack(choice));
        }
        ui.add_space(12.0);
        let kind = Chooser {
            label: "Question type",
            all: "All types",
            chosen: filter.kind.as_ref(),
            options: &view.kinds,
            name: &|k: &QuestionType| k.label().to_owned(),
        };
        if let Some(choice) = kind.show(ui) {
            commands.push(ProgressCommand::FilterKind(choice));
        }
    });
}

/// A labelled combo box of "all" and each option.
struct Chooser<'a, T> {
    label: &'a str,
    all: &'a str,
    chosen: Option<&'a T>,
    options: &'a [T],
    name: &'a dyn Fn(&T) -> String,
}

impl<T: Clone + PartialEq> Chooser<'_, T> {
    /// Draws it; the choice clicked (`Some(None)`: "all").
    fn show(&self, ui: &mut egui::Ui) -> Option<Option<T>> {
        let mut clicked = None;
        let label = ui.label(self.label);
        let chosen = self.chosen.map_or_else(|| self.all.to_owned(), self.name);
        egui::ComboBox::from_id_salt(("progress filter", self.label))
            .selected_text(shown(&chosen))
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(self.chosen.is_none(), self.all)
                    .clicked()
                {
                    clicked = Some(None);
                }
                for option in self.options {
                    let on = self.chosen == Some(option);
                    if ui
                        .selectable_label(on, shown(&(self.name)(option)))
                        .clicked()
                    {
                        clicked = Some(Some(option.clone()));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        clicked
    }
}

/// The charts two to a row, each with its title and a line saying what it shows.
fn charts(ui: &mut egui::Ui, charts: &[Chart]) {
    let gap = ui.spacing().item_spacing.x * 2.0;
    let width = ((ui.available_width() - gap) / 2.0).max(160.0);
    for pair in charts.chunks(2) {
        ui.horizontal_top(|ui| {
            for chart in pair {
                ui.vertical(|ui| {
                    ui.set_width(width);
                    ui.label(RichText::new(chart.title).strong());
                    ui.add(egui::Label::new(RichText::new(chart.summary()).weak()).truncate());
                    let (rect, _) =
                        ui.allocate_exact_size(vec2(width, CHART_HEIGHT), Sense::hover());
                    // Charts scrolled out of view cost nothing but their space.
                    if ui.is_rect_visible(rect) {
                        plot(
                            &mut ui.new_child(UiBuilder::new().max_rect(rect)),
                            chart,
                            rect,
                        );
                    }
                });
            }
        });
        ui.add_space(6.0);
    }
}

/// One chart: the target band, and a line with a marker per session.
fn plot(ui: &mut egui::Ui, chart: &Chart, rect: egui::Rect) {
    let colours = theme::colours(ui);
    let mut plot = Plot::new(("progress chart", chart.id))
        .width(rect.width())
        .height(rect.height())
        .sense(Sense::hover())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_axis_formatter(|mark, range| axis_date(mark.value, range))
        .label_formatter(|hover| {
            let HoverPosition::NearDataPoint { position, .. } = hover else {
                return None;
            };
            Some(format!(
                "{}\n{}",
                date(position.x, "%a %-d %b %Y"),
                chart.format(position.y)
            ))
        });
    let (lo, hi) = match (chart.range, chart.target) {
        (Some(range), _) => range,
        (None, Target::Band(lo, hi)) => (lo, hi),
        (None, Target::AtLeast(v) | Target::AtMost(v)) => (v, v),
        (None, Target::None) => (f64::NAN, f64::NAN),
    };
    if lo.is_finite() {
        plot = plot.include_y(lo).include_y(hi);
    }
    let response = plot.show(ui, |p| {
        let band = match chart.target {
            Target::Band(lo, hi) => Some(lo..=hi),
            Target::AtLeast(min) => Some(min..=f64::INFINITY),
            Target::AtMost(max) => Some(f64::NEG_INFINITY..=max),
            Target::None => None,
        };
        if let Some(band) = band {
            p.span(
                Span::new("", band)
                    .axis(egui_plot::Axis::Y)
                    .fill(colours.good.gamma_multiply(0.15)),
            );
        }
        let points = || chart.points.iter().copied().collect::<PlotPoints<'_>>();
        p.line(
            Line::new(chart.title, points())
                .color(colours.link)
                .width(1.5),
        );
        p.points(
            Points::new(chart.title, points())
                .color(colours.link)
                .radius(2.5),
        );
    });
    let name = format!("{} trend: {}", chart.title, chart.summary());
    response
        .response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &name));
}

/// `days` since 1970 as a local date in `format`.
fn date(days: f64, format: &str) -> String {
    DateTime::<Utc>::from_timestamp_millis((days * 86_400_000.0) as i64)
        .map(|t| t.with_timezone(&Local).format(format).to_string())
        .unwrap_or_default()
}

/// An x-axis mark: day and month, with the year where the axis spans more than a year.
fn axis_date(days: f64, range: &std::ops::RangeInclusive<f64>) -> String {
    if range.end() - range.start() > 365.0 {
        date(days, "%b %Y")
    } else {
        date(days, "%-d %b")
    }
}

/// One question's history: each session's take, newest first, the best so far marked.
fn question(ui: &mut egui::Ui, progress: &Progress, q: &QuestionHistory) {
    let header = format!("{} ({} sessions)", shown(&q.text), q.rows.len());
    egui::CollapsingHeader::new(header)
        .id_salt(("progress question", &q.pack_id, &q.question_id))
        .show(ui, |ui| {
            ui.weak(format!(
                "{} · {}",
                shown(progress.pack_title(&q.pack_id)),
                shown(q.kind.label())
            ));
            let pace = key_metric("pace_wpm");
            let thresholds = progress.thresholds();
            egui::Grid::new(("progress history", &q.pack_id, &q.question_id))
                .striped(true)
                .show(ui, |ui| {
                    for title in ["Date", "Take", "Pace", "Average rating", ""] {
                        ui.strong(title);
                    }
                    ui.end_row();
                    for (i, row) in q.rows.iter().enumerate().rev() {
                        let when = row.started_at.with_timezone(&Local);
                        ui.label(when.format("%a %-d %b %Y, %H:%M").to_string());
                        let marked = if row.marked_best { ", marked best" } else { "" };
                        ui.label(format!("{} of {}{marked}", row.take, row.takes));
                        match (pace, row.pace) {
                            (Some(k), Some(v)) => {
                                ui.label(crate::ui::metric_text::value(ui, k, v, thresholds));
                            }
                            _ => {
                                ui.weak("not measured");
                            }
                        }
                        match row.average {
                            Some(avg) => ui.label(format!("{avg:.1} / 5")),
                            None => ui.weak("not rated"),
                        };
                        if q.best_so_far == Some(i) {
                            ui.colored_label(theme::colours(ui).good, "Best so far");
                        } else {
                            ui.label("");
                        }
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_dates_show_the_year_only_on_long_spans() {
        let day = crate::app::progress::series::days(
            DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        );
        assert_eq!(axis_date(day, &(day..=day + 30.0)), date(day, "%-d %b"));
        assert_eq!(axis_date(day, &(day..=day + 400.0)), date(day, "%b %Y"));
        assert!(date(day, "%b %Y").ends_with("2026"));
    }
}
