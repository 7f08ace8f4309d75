//! Where the app gets "now" from, so UI tests can move time without sleeping.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A source of the current instant.
pub trait Clock: Send {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The real monotonic clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// A clock that only moves when told to (tests); clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<Instant>>);

impl ManualClock {
    /// A clock standing at the real current instant.
    pub fn new() -> Self {
        Self(Arc::new(Mutex::new(Instant::now())))
    }
    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *now += by;
    }
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_clones_share_time() {
        let a = ManualClock::new();
        let b = a.clone();
        let t0 = b.now();
        a.advance(Duration::from_secs(5));
        assert_eq!(b.now() - t0, Duration::from_secs(5));
    }
}
