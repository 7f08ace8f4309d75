//! A live input level bar with "too quiet" and "clipping" warnings.

use crate::app::meter::{FLOOR_DBFS, MeterReading};

/// Where `dbfs` sits on the meter, 0..1.
pub fn meter_fraction(dbfs: f32) -> f32 {
    if dbfs.is_nan() {
        return 0.0;
    }
    ((dbfs - FLOOR_DBFS) / -FLOOR_DBFS).clamp(0.0, 1.0)
}

/// The warning to show, if any; `too_quiet` comes from the app's quiet watch.
pub fn warning(too_quiet: bool, clipping: bool) -> Option<&'static str> {
    if clipping {
        Some("Clipping: lower the input volume or move back a little")
    } else if too_quiet {
        Some("Too quiet: speak up, move closer or raise the input volume")
    } else {
        None
    }
}

/// Draws the meter's `reading` (redrawn only when it changes: see [`crate::app::meter`]),
/// warning when it is clipping or has been too quiet for a while.
pub fn show(ui: &mut egui::Ui, reading: MeterReading, too_quiet: bool) {
    let clipping = reading.clipping;
    ui.horizontal(|ui| {
        ui.label("Mic level");
        let width = ui.available_width().clamp(120.0, 320.0);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 14.0), egui::Sense::hover());
        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
        let green = egui::Color32::from_rgb(0x2e, 0xa0, 0x43);
        let red = egui::Color32::from_rgb(0xd0, 0x30, 0x30);
        let mut fill = rect;
        fill.set_width(rect.width() * meter_fraction(reading.rms_dbfs()));
        painter.rect_filled(fill, 3.0, if clipping { red } else { green });
        if let Some(peak) = reading.peak_dbfs() {
            let x = rect.left() + rect.width() * meter_fraction(peak);
            painter.vline(
                x,
                rect.y_range(),
                egui::Stroke::new(2.0, ui.visuals().text_color()),
            );
        }
        let shown = match reading.peak_dbfs() {
            Some(peak) => format!("{peak:.0} dBFS"),
            None => format!("below {FLOOR_DBFS:.0} dBFS"),
        };
        ui.label(egui::RichText::new(shown).monospace());
    });
    // The warning line is always laid out, so nothing below it jumps.
    let w = warning(too_quiet, clipping).unwrap_or(" ");
    ui.label(egui::RichText::new(w).color(ui.visuals().warn_fg_color));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_and_warnings() {
        assert_eq!(meter_fraction(f32::NEG_INFINITY), 0.0);
        assert_eq!(meter_fraction(0.0), 1.0);
        assert!((meter_fraction(-30.0) - 0.5).abs() < 1e-6);
        assert!(warning(false, true).unwrap().starts_with("Clipping"));
        assert!(warning(true, true).unwrap().starts_with("Clipping"));
        assert!(warning(true, false).unwrap().starts_with("Too quiet"));
        assert_eq!(warning(false, false), None);
    }
}
