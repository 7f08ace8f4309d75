//! Bar charts as inline SVG for the HTML report: a value per bar, an optional target band.
//!
//! Hand-written rather than drawn with plotters (see Cargo.toml): two bar charts need ~150
//! lines, while plotters' SVG backend without a font crate only guesses text widths, draws at
//! a fixed pixel size, and adds four crates.

use std::fmt::Write;

use super::escape;

/// One bar: its label under the axis, its value (`None`: nothing measured) and whether the
/// value meets its target (`None`: no target).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub in_target: Option<bool>,
}

/// A bar chart.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct BarChart<'a> {
    /// Element id (`chart-<id>`).
    pub id: &'a str,
    /// Heading drawn above the bars, also the accessible name.
    pub title: &'a str,
    /// The axis's smallest top value (it grows to fit the bars).
    pub min_top: f64,
    /// A shaded target band (low, high) and its caption.
    pub band: Option<(f64, f64, String)>,
    /// The bars, left to right.
    pub bars: Vec<Bar>,
    /// Digits after the point in the value labels.
    pub decimals: usize,
}

const HEIGHT: f64 = 230.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 34.0;
const SLOT: f64 = 52.0;
const IN_TARGET: &str = "#3c9f50";
const OFF_TARGET: &str = "#d0822c";
const NO_TARGET: &str = "#5b74a6";

/// The chart as an `<svg>` element that scales to its container's width.
pub(super) fn bar_chart(chart: &BarChart<'_>) -> String {
    let width = (LEFT + RIGHT + SLOT * chart.bars.len() as f64).max(360.0);
    let values = chart.bars.iter().filter_map(|b| b.value);
    let highest = values
        .chain(chart.band.iter().map(|b| b.1))
        .fold(chart.min_top, f64::max);
    let step = tick_step(highest);
    let top = (highest / step).ceil() * step;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h * (1.0 - v.clamp(0.0, top) / top);
    let title = escape(chart.title);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="chart-{id}" class="chart" role="img" aria-labelledby="chart-{id}-title" viewBox="0 0 {width:.0} {HEIGHT:.0}" width="{width:.0}" height="{HEIGHT:.0}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11">"#,
        id = chart.id,
    );
    let _ = write!(
        s,
        r#"<title id="chart-{id}-title">{title}</title><text x="{LEFT}" y="16" font-size="13" font-weight="600">{title}</text>"#,
        id = chart.id,
    );
    if let Some((low, high, caption)) = &chart.band {
        let _ = write!(
            s,
            r#"<rect class="band" x="{LEFT}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{IN_TARGET}" fill-opacity="0.14"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="{IN_TARGET}">{}</text>"#,
            y(*high),
            width - LEFT - RIGHT,
            y(*low) - y(*high),
            width - RIGHT - 4.0,
            y(*high) - 4.0,
            escape(caption),
        );
    }
    let mut tick = 0.0;
    while tick <= top + step / 2.0 {
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#888" stroke-opacity="0.3"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#555">{tick}</text>"##,
            width - RIGHT,
            LEFT - 6.0,
            y(tick) + 4.0,
            y = y(tick),
        );
        tick += step;
    }
    for (i, bar) in chart.bars.iter().enumerate() {
        let centre = LEFT + SLOT * (i as f64 + 0.5);
        let _ = write!(
            s,
            r##"<text x="{centre:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
            HEIGHT - BOTTOM + 16.0,
            escape(&bar.label),
        );
        let Some(value) = bar.value else {
            let _ = write!(
                s,
                r##"<text x="{centre:.1}" y="{:.1}" text-anchor="middle" fill="#888">–</text>"##,
                y(0.0) - 4.0
            );
            continue;
        };
        let colour = match bar.in_target {
            Some(true) => IN_TARGET,
            Some(false) => OFF_TARGET,
            None => NO_TARGET,
        };
        let shown = format!("{value:.*}", chart.decimals);
        let _ = write!(
            s,
            r##"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{}: {shown}</title></rect><text x="{centre:.1}" y="{:.1}" text-anchor="middle" fill="#222">{shown}</text>"##,
            centre - SLOT * 0.3,
            y(value),
            SLOT * 0.6,
            y(0.0) - y(value),
            escape(&bar.label),
            y(value) - 4.0,
        );
    }
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" x2="{:.1}" y1="{y0:.1}" y2="{y0:.1}" stroke="#444"/></svg>"##,
        width - RIGHT,
        y0 = y(0.0),
    );
    s
}

/// A round step that splits 0..`top` into at most six parts.
fn tick_step(top: f64) -> f64 {
    let rough = (top / 6.0).max(f64::EPSILON);
    let magnitude = 10f64.powf(rough.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= rough)
        .unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: Vec<Bar>) -> BarChart<'static> {
        BarChart {
            id: "pace",
            title: "Pace <wpm>",
            min_top: 200.0,
            band: Some((100.0, 150.0, "target 100–150".into())),
            bars,
            decimals: 0,
        }
    }

    fn bar(label: &str, value: Option<f64>, in_target: Option<bool>) -> Bar {
        Bar {
            label: label.into(),
            value,
            in_target,
        }
    }

    #[test]
    fn bars_stand_on_the_axis_in_scale_with_the_band_shaded() {
        let svg = bar_chart(&chart(vec![
            bar("Q1", Some(100.0), Some(false)),
            bar("Q2", Some(200.0), Some(false)),
            bar("Q3", None, None),
        ]));
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches(r#"class="bar""#).count(), 2, "Q3 has no bar");
        assert_eq!(svg.matches(r#"class="band""#).count(), 1);
        // Axis 0..200 over 162 px: 100 is 81 px tall, 200 is 162 px tall.
        assert!(svg.contains(r##"height="81.0" fill="#d0822c""##), "{svg}");
        assert!(svg.contains(r##"height="162.0" fill="#d0822c""##), "{svg}");
        // The band 100..150 is a quarter of the plot.
        assert!(
            svg.contains(r##"height="40.5" fill="#3c9f50" fill-opacity"##),
            "{svg}"
        );
        assert!(svg.contains("Pace &lt;wpm&gt;"), "the title is escaped");
        assert!(!svg.contains("<wpm>"));
    }

    #[test]
    fn the_axis_grows_to_the_highest_bar_in_round_steps() {
        let svg = bar_chart(&chart(vec![bar("Q1", Some(231.0), Some(false))]));
        assert!(svg.contains(">250</text>"), "{svg}");
        assert!(!svg.contains(">300</text>"));
        assert_eq!(tick_step(5.0), 1.0);
        assert_eq!(tick_step(200.0), 50.0);
        assert_eq!(tick_step(12.0), 2.0);
    }

    #[test]
    fn bar_labels_are_escaped() {
        let svg = bar_chart(&chart(vec![bar("<b>&", Some(130.0), Some(true))]));
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(!svg.contains("<b>"));
    }
}
