//! The feedback lines: plain, observable facts with their targets.

use super::{Metrics, Observation, Pause, Thresholds};

/// The feedback lines for the rating form and review.
pub fn observations(metrics: &Metrics, thresholds: &Thresholds) -> Vec<Observation> {
    let m = metrics;
    let mut out = Vec::new();
    if m.speech_time_s <= 0.0 {
        out.push(Observation {
            text: format!("No speech found in {}", clock(m.duration_s)),
            in_target: Some(false),
        });
        return out;
    }
    let (lo, hi) = (thresholds.pace_min_wpm, thresholds.pace_max_wpm);
    out.push(Observation {
        text: format!(
            "Pace ≈ {:.0} wpm, estimated from syllables (target {lo:.0}–{hi:.0})",
            m.est_wpm
        ),
        in_target: Some((lo..=hi).contains(&m.est_wpm.round())),
    });
    out.push(Observation {
        text: format!(
            "Speaking {} of {}",
            clock(m.speech_time_s),
            clock(m.duration_s)
        ),
        in_target: None,
    });
    let length = |p: &Pause| p.end_s - p.start_s;
    let counted = m
        .pauses
        .iter()
        .filter(|p| length(p) >= thresholds.count_pause_s)
        .count();
    let long: Vec<f64> = m
        .pauses
        .iter()
        .map(length)
        .filter(|&d| d >= thresholds.long_pause_s)
        .collect();
    let longest = m.pauses.iter().map(length).fold(0.0, f64::max);
    let text = if long.is_empty() {
        format!(
            "{} over {} s, none over {} s",
            plural(counted, "pause"),
            seconds(thresholds.count_pause_s),
            seconds(thresholds.long_pause_s)
        )
    } else {
        format!(
            "{} over {} s, longest {longest:.1} s",
            plural(long.len(), "pause"),
            seconds(thresholds.long_pause_s)
        )
    };
    out.push(Observation {
        text,
        in_target: Some(long.is_empty()),
    });
    let total = m.duration_s * f64::from(m.sample_rate);
    out.push(if m.clipped_samples == 0 {
        Observation {
            text: "No clipping".into(),
            in_target: Some(true),
        }
    } else {
        let share = if total > 0.0 {
            100.0 * m.clipped_samples as f64 / total
        } else {
            0.0
        };
        Observation {
            text: format!(
                "Clipping in {} % of the answer (target: none; move back from the mic)",
                percent(share)
            ),
            in_target: Some(false),
        }
    });
    out.push(match m.pitch_spread_st {
        Some(spread) => Observation {
            text: format!(
                "Pitch varied ±{:.1} semitones (flat below ±{:.1})",
                spread / 2.0,
                thresholds.monotone_spread_st / 2.0
            ),
            in_target: Some(spread >= thresholds.monotone_spread_st),
        },
        None => Observation {
            text: "Pitch: too little voiced speech to measure".into(),
            in_target: None,
        },
    });
    out.push(match m.snr_db {
        Some(snr) => Observation {
            text: format!(
                "Voice {:.0} dBFS, {:.0} dB above the background (target ≥ {:.0} dB)",
                m.speech_rms_dbfs, snr, MIN_CLEAR_SNR_DB
            ),
            in_target: Some(snr >= MIN_CLEAR_SNR_DB),
        },
        None => Observation {
            text: format!(
                "Voice {:.0} dBFS; no background was measured: the answer had no pause",
                m.speech_rms_dbfs
            ),
            in_target: None,
        },
    });
    out
}

/// Speech this far above the background is clear on any playback, dB.
pub const MIN_CLEAR_SNR_DB: f64 = 20.0;

/// Seconds as "m:ss", rounded to the nearest second: the one format for a recording's length.
pub fn clock(secs: f64) -> String {
    let total = secs.max(0.0).round() as u64;
    format!("{}:{:02}", total / 60, total % 60)
}

fn seconds(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

fn percent(p: f64) -> String {
    if p >= 0.1 {
        format!("{p:.1}")
    } else {
        format!("{p:.2}")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::analysis::ALGORITHM_VERSION;

    /// Metrics of a two-minute answer with every kind of feedback.
    pub fn sample_metrics() -> Metrics {
        Metrics {
            algorithm_version: ALGORITHM_VERSION,
            duration_s: 120.0,
            speech_time_s: 102.0,
            silence_time_s: 18.0,
            leading_silence_s: 1.0,
            trailing_silence_s: 2.0,
            pauses: vec![
                Pause {
                    start_s: 10.0,
                    end_s: 12.5,
                },
                Pause {
                    start_s: 30.0,
                    end_s: 34.1,
                },
                Pause {
                    start_s: 50.0,
                    end_s: 51.2,
                },
                Pause {
                    start_s: 60.0,
                    end_s: 62.0,
                },
            ],
            pauses_ge_1s: 4,
            longest_pause_s: 4.1,
            syllables: 420,
            speech_rate_syl_s: 3.5,
            articulation_rate_syl_s: 4.1,
            est_wpm: 150.0,
            speech_rms_dbfs: -20.0,
            noise_floor_dbfs: Some(-55.0),
            snr_db: Some(35.0),
            peak_dbfs: 0.0,
            clipped_samples: 5_760,
            sample_rate: 16_000,
            lufs: Some(-18.0),
            pitch_median_hz: Some(110.0),
            pitch_spread_st: Some(4.8),
            monotone: Some(false),
        }
    }

    #[test]
    fn observations_state_facts_with_targets() {
        let lines = observations(&sample_metrics(), &Thresholds::default());
        let texts: Vec<&str> = lines.iter().map(|o| o.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Pace ≈ 150 wpm, estimated from syllables (target 120–165)",
                "Speaking 1:42 of 2:00",
                "3 pauses over 2 s, longest 4.1 s",
                "Clipping in 0.3 % of the answer (target: none; move back from the mic)",
                "Pitch varied ±2.4 semitones (flat below ±1.5)",
                "Voice -20 dBFS, 35 dB above the background (target ≥ 20 dB)",
            ]
        );
        let targets: Vec<Option<bool>> = lines.iter().map(|o| o.in_target).collect();
        assert_eq!(
            targets,
            [
                Some(true),
                None,
                Some(false),
                Some(false),
                Some(true),
                Some(true)
            ]
        );
    }

    #[test]
    fn observations_follow_the_thresholds() {
        let mut m = sample_metrics();
        m.est_wpm = 190.0;
        m.pauses.retain(|p| p.end_s - p.start_s < 2.0);
        m.clipped_samples = 0;
        m.pitch_spread_st = Some(2.0);
        let t = Thresholds::default();
        let lines = observations(&m, &t);
        assert_eq!(lines[0].in_target, Some(false));
        assert_eq!(lines[2].text, "1 pause over 1 s, none over 2 s");
        assert_eq!(lines[2].in_target, Some(true));
        assert_eq!(lines[3].text, "No clipping");
        assert_eq!(lines[4].in_target, Some(false));
        let relaxed = Thresholds {
            pace_max_wpm: 200.0,
            monotone_spread_st: 1.5,
            ..t
        };
        let lines = observations(&m, &relaxed);
        assert_eq!(lines[0].in_target, Some(true));
        assert_eq!(lines[4].in_target, Some(true));
    }

    #[test]
    fn without_a_pause_no_background_is_claimed() {
        let m = Metrics {
            pauses: vec![],
            noise_floor_dbfs: None,
            snr_db: None,
            ..sample_metrics()
        };
        let lines = observations(&m, &Thresholds::default());
        let last = lines.last().expect("lines");
        assert_eq!(
            last.text,
            "Voice -20 dBFS; no background was measured: the answer had no pause"
        );
        assert_eq!(last.in_target, None);
    }
}
