//! Time formatting and the answer timer display.

use std::time::Duration;

use crate::interview::{AnswerTimer, Band};

/// "m:ss" (or "h:mm:ss" from an hour), rounding down to the second.
pub fn mmss(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// "m:ss" rounding up, for countdowns (a countdown shows 0:00 only when it is over).
pub fn mmss_up(d: Duration) -> String {
    let up = Duration::from_secs(d.as_secs() + u64::from(d.subsec_nanos() > 0));
    mmss(up)
}

/// A length in seconds as "m:ss", rounded as the delivery metrics round it.
pub fn secs(s: f64) -> String {
    crate::analysis::clock(s)
}

/// The colour of an answer band.
pub fn band_color(band: Band, visuals: &egui::Visuals) -> egui::Color32 {
    match band {
        Band::Under => visuals.text_color(),
        Band::InBand => crate::ui::theme::colours_of(visuals).good,
        Band::NearLimit => crate::ui::theme::colours_of(visuals).caution,
    }
}

/// What a band means, in words.
pub fn band_label(band: Band) -> &'static str {
    match band {
        Band::Under => "Under the target length",
        Band::InBand => "In the target band",
        Band::NearLimit => "Near the limit: wrap up",
    }
}

/// Elapsed and remaining time, coloured by band, with the 30-seconds-left warning; `marks`
/// (seconds in, label) are drawn as ticks on the bar.
pub fn answer_timer(ui: &mut egui::Ui, timer: &AnswerTimer, marks: &[(f64, &str)]) {
    let color = band_color(timer.band, ui.visuals());
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(mmss(timer.elapsed))
                .size(40.0)
                .monospace()
                .color(color),
        );
        ui.label(
            egui::RichText::new(format!("elapsed · {} left", mmss_up(timer.remaining)))
                .size(18.0)
                .color(color),
        );
    });
    let fraction = if timer.limit.is_zero() {
        1.0
    } else {
        (timer.elapsed.as_secs_f32() / timer.limit.as_secs_f32()).clamp(0.0, 1.0)
    };
    let bar = ui.add(
        egui::ProgressBar::new(fraction)
            .fill(color)
            .desired_width(ui.available_width().min(520.0)),
    );
    let limit = timer.limit.as_secs_f64();
    for (at, label) in marks.iter().filter(|_| limit > 0.0) {
        let rect = bar.rect;
        let x = rect.left() + rect.width() * (at / limit).clamp(0.0, 1.0) as f32;
        let stroke = egui::Stroke::new(2.0, ui.visuals().strong_text_color());
        ui.painter().vline(x, rect.y_range(), stroke);
        ui.painter().text(
            egui::pos2(x + 2.0, rect.center().y),
            egui::Align2::LEFT_CENTER,
            *label,
            egui::FontId::proportional(11.0),
            ui.visuals().strong_text_color(),
        );
    }
    ui.label(egui::RichText::new(band_label(timer.band)).color(color));
    // The warning line is always laid out, so the buttons below never jump when it appears.
    // It shows with the near-limit band: the last 30 s (the last quarter of short answers).
    let warning = if timer.band == Band::NearLimit {
        format!("{} left: finish your answer", mmss_up(timer.remaining))
    } else {
        " ".to_owned()
    };
    ui.label(
        egui::RichText::new(warning)
            .strong()
            .size(18.0)
            .color(band_color(Band::NearLimit, ui.visuals())),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_minutes_and_seconds() {
        assert_eq!(mmss(Duration::from_millis(65_900)), "1:05");
        assert_eq!(mmss_up(Duration::from_millis(65_100)), "1:06");
        assert_eq!(mmss_up(Duration::ZERO), "0:00");
        assert_eq!(mmss(Duration::from_secs(3723)), "1:02:03");
        assert_eq!(secs(-1.0), "0:00");
    }
}
