//! The key delivery metrics as one table: what takes are compared on, and what summaries,
//! progress and reports show. Each has a value read from a take's [`MeasuredTake`] (its
//! [`Metrics`] and, when it was transcribed, its words) and, where the user's [`Thresholds`]
//! set one, a target.

use super::words::{TimedWord, counts};
use super::{Metrics, Thresholds, observations::MIN_CLEAR_SNR_DB};

/// What a take's key metrics are read from.
#[derive(Debug, Clone, Copy)]
pub struct MeasuredTake<'a> {
    /// Its delivery metrics.
    pub metrics: &'a Metrics,
    /// Its transcript's words, when it has one: pace then counts words, not syllables.
    pub words: Option<&'a [TimedWord]>,
}

impl<'a> MeasuredTake<'a> {
    /// Metrics without a transcript (pace from syllables).
    pub fn metrics(metrics: &'a Metrics) -> Self {
        Self {
            metrics,
            words: None,
        }
    }
}

/// Where a metric should be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// Between the two values, inclusive.
    Band(f64, f64),
    /// At least this.
    AtLeast(f64),
    /// At most this.
    AtMost(f64),
    /// No target: the value is shown, not judged.
    None,
}

impl Target {
    /// How far `value` is outside the target (0 inside it or without a target).
    pub fn distance(self, value: f64) -> f64 {
        match self {
            Self::Band(lo, hi) => (lo - value).max(value - hi).max(0.0),
            Self::AtLeast(min) => (min - value).max(0.0),
            Self::AtMost(max) => (value - max).max(0.0),
            Self::None => 0.0,
        }
    }

    /// Whether `value` meets the target (`None` without a target).
    pub fn is_met(self, value: f64) -> Option<bool> {
        (self != Self::None).then(|| self.distance(value) == 0.0)
    }
}

/// How a value compares with an earlier one, judged against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Closer to the target (or into it).
    Better,
    /// Further from the target.
    Worse,
    /// As far from the target as before (both inside it, say).
    Same,
    /// The metric has no target, so a change is neither.
    Unjudged,
}

/// One metric of the table.
#[derive(Debug, Clone, Copy)]
pub struct KeyMetric {
    /// Stable snake_case key (CSV columns, chart ids).
    pub id: &'static str,
    /// The name shown.
    pub label: &'static str,
    /// The unit after a value ("wpm", "%"), empty for a count.
    pub unit: &'static str,
    /// Decimals shown.
    pub decimals: usize,
    /// The value of a take, `None` where it was not measured.
    pub value: fn(&MeasuredTake, &Thresholds) -> Option<f64>,
    /// The target under the user's thresholds.
    pub target: fn(&Thresholds) -> Target,
}

impl KeyMetric {
    /// The value as shown, e.g. "142 wpm".
    pub fn format(&self, value: f64) -> String {
        let number = format!("{value:.*}", self.decimals);
        if self.unit.is_empty() {
            number
        } else if self.unit == "%" {
            format!("{number} %")
        } else {
            format!("{number} {}", self.unit)
        }
    }

    /// The difference `now − before` as shown, with its sign, e.g. "+12 wpm".
    pub fn format_change(&self, before: f64, now: f64) -> String {
        let delta = now - before;
        let shown = self.format(delta.abs());
        let zero = self.format(0.0);
        if shown == zero {
            "±0".to_owned()
        } else if delta > 0.0 {
            format!("+{shown}")
        } else {
            format!("−{shown}")
        }
    }

    /// Whether `now` is better or worse than `before` against the target.
    pub fn change(&self, before: f64, now: f64, thresholds: &Thresholds) -> Change {
        let target = (self.target)(thresholds);
        if target == Target::None {
            return Change::Unjudged;
        }
        let (was, is) = (target.distance(before), target.distance(now));
        // Differences below the shown precision are no change.
        let step = 0.5 * 10f64.powi(-(self.decimals as i32));
        if (was - is).abs() < step {
            Change::Same
        } else if is < was {
            Change::Better
        } else {
            Change::Worse
        }
    }
}

fn minutes(m: &Metrics) -> Option<f64> {
    (m.duration_s > 0.0 && m.speech_time_s > 0.0).then_some(m.duration_s / 60.0)
}

/// Words per minute of speaking time from the transcript (fillers left out, as the feedback
/// line counts them), else the syllable estimate.
fn pace(x: &MeasuredTake, t: &Thresholds) -> Option<f64> {
    let m = x.metrics;
    minutes(m)?;
    Some(match x.words {
        Some(words) => counts(words, &t.fillers).0 as f64 * 60.0 / m.speech_time_s,
        None => m.est_wpm,
    })
}

fn pauses_at_least(m: &Metrics, seconds: f64) -> usize {
    m.pauses
        .iter()
        .filter(|p| p.end_s - p.start_s >= seconds)
        .count()
}

/// The key metrics, in display order: the one table comparisons, summaries, progress
/// charts and reports read.
pub const KEY_METRICS: &[KeyMetric] = &[
    KeyMetric {
        id: "pace_wpm",
        label: "Pace",
        unit: "wpm",
        decimals: 0,
        value: pace,
        target: |t| Target::Band(t.pace_min_wpm, t.pace_max_wpm),
    },
    KeyMetric {
        id: "fillers_per_min",
        label: "Fillers per minute",
        unit: "",
        decimals: 1,
        value: |x, t| {
            let min = minutes(x.metrics)?;
            Some(counts(x.words?, &t.fillers).1 as f64 / min)
        },
        target: |t| Target::AtMost(t.max_fillers_per_min),
    },
    KeyMetric {
        id: "pauses_per_min",
        label: "Pauses per minute",
        unit: "",
        decimals: 1,
        value: |x, t| {
            let m = x.metrics;
            minutes(m).map(|min| pauses_at_least(m, t.count_pause_s) as f64 / min)
        },
        target: |_| Target::None,
    },
    KeyMetric {
        id: "long_pauses",
        label: "Long pauses",
        unit: "",
        decimals: 0,
        value: |x, t| minutes(x.metrics).map(|_| pauses_at_least(x.metrics, t.long_pause_s) as f64),
        target: |_| Target::AtMost(0.0),
    },
    KeyMetric {
        id: "speaking_share",
        label: "Speaking share",
        unit: "%",
        decimals: 0,
        value: |x, _| {
            let m = x.metrics;
            minutes(m).map(|_| 100.0 * m.speech_time_s / m.duration_s)
        },
        target: |_| Target::None,
    },
    KeyMetric {
        id: "loudness_lufs",
        label: "Loudness",
        unit: "LUFS",
        decimals: 1,
        value: |x, _| x.metrics.lufs,
        target: |_| Target::None,
    },
    KeyMetric {
        id: "voice_above_background_db",
        label: "Voice above background",
        unit: "dB",
        decimals: 0,
        value: |x, _| x.metrics.snr_db,
        target: |_| Target::AtLeast(MIN_CLEAR_SNR_DB),
    },
    KeyMetric {
        id: "pitch_spread_st",
        label: "Pitch spread",
        unit: "st",
        decimals: 1,
        value: |x, _| x.metrics.pitch_spread_st,
        target: |t| Target::AtLeast(t.monotone_spread_st),
    },
];

/// The metric with id `id`.
pub fn key_metric(id: &str) -> Option<&'static KeyMetric> {
    KEY_METRICS.iter().find(|k| k.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::observations::tests::sample_metrics;

    #[test]
    fn a_change_is_judged_by_the_distance_to_the_target() {
        let pace = key_metric("pace_wpm").unwrap();
        let t = Thresholds::default();
        assert_eq!(pace.change(190.0, 170.0, &t), Change::Better, "closer");
        assert_eq!(pace.change(170.0, 190.0, &t), Change::Worse);
        assert_eq!(pace.change(130.0, 160.0, &t), Change::Same, "both inside");
        assert_eq!(
            pace.change(100.0, 180.0, &t),
            Change::Better,
            "20 below the band to 15 above it"
        );
        let share = key_metric("speaking_share").unwrap();
        assert_eq!(share.change(50.0, 80.0, &t), Change::Unjudged);
    }

    #[test]
    fn values_come_from_the_metrics_under_the_thresholds() {
        let t = Thresholds::default();
        let m = sample_metrics();
        let value = |id| (key_metric(id).unwrap().value)(&MeasuredTake::metrics(&m), &t).unwrap();
        assert_eq!(value("pace_wpm"), 150.0);
        assert_eq!(
            value("pauses_per_min"),
            2.0,
            "4 pauses of ≥ 1 s in 2 minutes"
        );
        assert_eq!(value("long_pauses"), 3.0, "2.5, 4.1 and 2.0 s");
        assert_eq!(value("speaking_share"), 85.0);
        assert_eq!(value("loudness_lufs"), -18.0);
        let silent = Metrics {
            speech_time_s: 0.0,
            ..sample_metrics()
        };
        assert_eq!(
            (KEY_METRICS[0].value)(&MeasuredTake::metrics(&silent), &t),
            None,
            "no speech, no pace"
        );
    }

    #[test]
    fn with_a_transcript_pace_counts_words_and_fillers_are_measured() {
        let t = Thresholds::default();
        let m = sample_metrics();
        let said = "Um, so I led the team, uh, and we shipped it on time";
        let words: Vec<TimedWord> = said
            .split(' ')
            .enumerate()
            .map(|(i, w)| TimedWord {
                text: w.to_owned(),
                start_s: i as f64 * 0.4,
                end_s: i as f64 * 0.4 + 0.3,
            })
            .collect();
        let measured = MeasuredTake {
            metrics: &m,
            words: Some(&words),
        };
        let value = |id| (key_metric(id).unwrap().value)(&measured, &t).unwrap();
        // 13 words, 2 of them fillers: 11 words in 102 s of speech.
        assert!((value("pace_wpm") - 11.0 * 60.0 / 102.0).abs() < 1e-9);
        assert_eq!(value("fillers_per_min"), 1.0, "2 fillers in 2 minutes");
        let fillers = key_metric("fillers_per_min").unwrap();
        assert_eq!(
            (fillers.value)(&MeasuredTake::metrics(&m), &t),
            None,
            "no transcript, no filler count"
        );
    }

    #[test]
    fn changes_are_shown_signed_at_the_metric_precision() {
        let pace = key_metric("pace_wpm").unwrap();
        assert_eq!(pace.format_change(140.0, 152.4), "+12 wpm");
        assert_eq!(pace.format_change(152.0, 140.0), "−12 wpm");
        assert_eq!(pace.format_change(140.0, 140.2), "±0");
        assert_eq!(key_metric("speaking_share").unwrap().format(75.0), "75 %");
    }

    #[test]
    fn ids_are_unique() {
        for (i, k) in KEY_METRICS.iter().enumerate() {
            assert!(KEY_METRICS[..i].iter().all(|o| o.id != k.id), "{}", k.id);
        }
    }
}
