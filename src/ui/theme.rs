//! The window's light and dark looks: one table of text colours per theme, each at least
//! 4.5:1 against the backgrounds it is drawn on (WCAG AA, checked by a test).

use egui::{Color32, Theme, ThemePreference, Visuals};

use crate::app::settings::ThemeChoice;

/// The text colours of one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextColours {
    /// Ordinary text.
    pub text: Color32,
    /// Secondary text (`ui.weak`).
    pub weak: Color32,
    /// Links.
    pub link: Color32,
    /// Warnings.
    pub warn: Color32,
    /// Errors.
    pub error: Color32,
    /// Good news: in the target band, a metric on target.
    pub good: Color32,
    /// Caution: near the limit, a metric off target.
    pub caution: Color32,
    /// The recording indicator.
    pub recording: Color32,
}

/// Text colours on the light background.
pub const LIGHT: TextColours = TextColours {
    text: Color32::from_gray(60),
    weak: Color32::from_gray(95),
    link: Color32::from_rgb(0x00, 0x50, 0xa8),
    warn: Color32::from_rgb(0x9a, 0x42, 0x00),
    error: Color32::from_rgb(0xb0, 0x10, 0x10),
    good: Color32::from_rgb(0x1a, 0x6b, 0x2c),
    caution: Color32::from_rgb(0x9a, 0x42, 0x00),
    recording: Color32::from_rgb(0xb0, 0x10, 0x10),
};

/// Text colours on the dark background.
pub const DARK: TextColours = TextColours {
    text: Color32::from_gray(200),
    weak: Color32::from_gray(160),
    link: Color32::from_rgb(0x7a, 0xb8, 0xff),
    warn: Color32::from_rgb(0xff, 0xa0, 0x40),
    error: Color32::from_rgb(0xff, 0x70, 0x70),
    good: Color32::from_rgb(0x5c, 0xc8, 0x70),
    caution: Color32::from_rgb(0xff, 0xa0, 0x40),
    recording: Color32::from_rgb(0xff, 0x60, 0x60),
};

/// The text colours of `theme`.
pub fn text_colours(theme: Theme) -> &'static TextColours {
    match theme {
        Theme::Light => &LIGHT,
        Theme::Dark => &DARK,
    }
}

/// The text colours of the theme `ui` is drawn in.
pub fn colours(ui: &egui::Ui) -> &'static TextColours {
    colours_of(ui.visuals())
}

/// The text colours that go with `visuals`.
pub fn colours_of(visuals: &Visuals) -> &'static TextColours {
    text_colours(if visuals.dark_mode {
        Theme::Dark
    } else {
        Theme::Light
    })
}

/// egui's look for `theme` with this theme's text colours.
pub fn visuals(theme: Theme) -> Visuals {
    let c = text_colours(theme);
    let mut v = theme.default_visuals();
    v.widgets.noninteractive.fg_stroke.color = c.text;
    v.widgets.inactive.fg_stroke.color = c.text;
    v.weak_text_color = Some(c.weak);
    v.hyperlink_color = c.link;
    v.warn_fg_color = c.warn;
    v.error_fg_color = c.error;
    v
}

/// Installs both looks in `ctx` and picks one as `choice` says.
pub fn install(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_visuals_of(Theme::Light, visuals(Theme::Light));
    ctx.set_visuals_of(Theme::Dark, visuals(Theme::Dark));
    apply(ctx, choice);
}

/// Follows the system's light/dark preference, or overrides it.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(match choice {
        ThemeChoice::System => ThemePreference::System,
        ThemeChoice::Light => ThemePreference::Light,
        ThemeChoice::Dark => ThemePreference::Dark,
    });
}

/// `frame` without its fill, for panels: the window's clear colour is the panel colour.
// Under software GL a filled panel is a window-sized quad every frame, and it was most of a
// frame's cost: while recording the window went from 12.6 to 6.7 % of a core.
pub fn unfilled(frame: egui::Frame) -> egui::Frame {
    frame.fill(Color32::TRANSPARENT)
}

/// The WCAG 2 contrast ratio of text colour `fg` (blended over `bg` if translucent) on `bg`.
pub fn contrast_ratio(fg: Color32, bg: Color32) -> f32 {
    fn channel(c: u8) -> f32 {
        let c = f32::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    fn luminance(c: Color32) -> f32 {
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    // Color32 is premultiplied: blending is `fg + bg × (1 − alpha)`.
    let keep = 1.0 - f32::from(fg.a()) / 255.0;
    let blend = |f: u8, b: u8| (f32::from(f) + f32::from(b) * keep).round().min(255.0) as u8;
    let a = Color32::from_rgb(
        blend(fg.r(), bg.r()),
        blend(fg.g(), bg.g()),
        blend(fg.b(), bg.b()),
    );
    let (la, lb) = (luminance(a), luminance(bg));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratio_matches_wcag_examples() {
        let ratio = contrast_ratio(Color32::BLACK, Color32::WHITE);
        assert!((ratio - 21.0).abs() < 0.01, "{ratio}");
        // #767676 on white is the classic just-passing grey (4.54:1).
        let grey = contrast_ratio(Color32::from_gray(0x76), Color32::WHITE);
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
    }

    #[test]
    fn every_text_colour_reaches_aa_contrast_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let v = visuals(theme);
            let c = text_colours(theme);
            let texts = [
                ("text", c.text),
                ("weak", c.weak),
                ("link", c.link),
                ("warn", c.warn),
                ("error", c.error),
                ("good", c.good),
                ("caution", c.caution),
                ("recording", c.recording),
                ("visuals text", v.text_color()),
                ("visuals weak", v.weak_text_color()),
                ("visuals strong", v.strong_text_color()),
                ("visuals warn", v.warn_fg_color),
                ("visuals error", v.error_fg_color),
            ];
            let backgrounds = [
                ("panel", v.panel_fill),
                ("window", v.window_fill),
                ("text field", v.text_edit_bg_color()),
            ];
            for (name, fg) in texts {
                for (bg_name, bg) in backgrounds {
                    let ratio = contrast_ratio(fg, bg);
                    assert!(
                        ratio >= 4.5,
                        "{theme:?}: {name} {fg:?} on {bg_name} {bg:?} is {ratio:.2}:1"
                    );
                }
            }
        }
    }

    #[test]
    fn egui_default_weak_text_fails_which_is_why_the_table_exists() {
        let v = Theme::Light.default_visuals();
        assert!(contrast_ratio(v.weak_text_color(), v.panel_fill) < 4.5);
    }
}
