//! Tells a mic that is too quiet from a natural pause: the level must stay low for a while.

use std::time::{Duration, Instant};

/// Below this peak level the input counts as quiet.
pub const TOO_QUIET_DBFS: f32 = -45.0;
/// How long the input must stay quiet before the warning shows.
pub const QUIET_HOLD: Duration = Duration::from_secs(2);

/// Follows the peak level over time.
#[derive(Debug, Clone, Default)]
pub struct QuietWatch {
    quiet_since: Option<Instant>,
}

impl QuietWatch {
    /// Takes the latest peak level; returns whether the input has been too quiet for [`QUIET_HOLD`].
    pub fn update(&mut self, peak_dbfs: f32, now: Instant) -> bool {
        if peak_dbfs.is_nan() || peak_dbfs < TOO_QUIET_DBFS {
            let since = *self.quiet_since.get_or_insert(now);
            now.saturating_duration_since(since) >= QUIET_HOLD
        } else {
            self.quiet_since = None;
            false
        }
    }
    /// Forgets the history (the source changed).
    pub fn reset(&mut self) {
        self.quiet_since = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_pause_is_not_too_quiet_but_a_long_one_is() {
        let t0 = Instant::now();
        let mut w = QuietWatch::default();
        assert!(!w.update(-80.0, t0));
        assert!(!w.update(-80.0, t0 + Duration::from_millis(1500)));
        assert!(
            !w.update(-10.0, t0 + Duration::from_millis(1600)),
            "speech resets"
        );
        assert!(!w.update(f32::NEG_INFINITY, t0 + Duration::from_secs(2)));
        assert!(w.update(f32::NEG_INFINITY, t0 + Duration::from_secs(4)));
        w.reset();
        assert!(!w.update(-80.0, t0 + Duration::from_secs(5)));
    }
}
