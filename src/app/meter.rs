//! What a level meter shows, in visible steps, and the thread that asks for a redraw only
//! when that changes. Redrawing the window is what costs CPU (a whole frame through the GL
//! renderer), so a live meter redraws when its bar or number moves by a step, at most
//! [`MAX_FPS`] times a second, and not at all while the level holds still.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::audio::LevelSource;

/// The bottom of the meter scale.
pub const FLOOR_DBFS: f32 = -60.0;
/// The meter moves in steps of this many dB; a level must move a whole step from the shown
/// value to be redrawn, so noise around one value does not redraw the window.
pub const STEP_DB: f32 = 2.0;
/// The most redraws a second a meter asks for.
pub const MAX_FPS: u32 = 10;

/// A meter's picture: the RMS bar and the peak mark in [`STEP_DB`] steps, and the clip light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MeterReading {
    /// RMS level in steps (dBFS = steps × [`STEP_DB`]); the floor below [`FLOOR_DBFS`].
    rms_step: i8,
    /// Peak level in steps; `None` below the floor.
    peak_step: Option<i8>,
    /// A sample hit full scale in the last second.
    pub clipping: bool,
}

const FLOOR_STEP: i8 = (FLOOR_DBFS / STEP_DB) as i8;

impl MeterReading {
    /// The reading after `previous` for the level now: each value moves only when the level is
    /// a whole step away from what is shown.
    pub fn follow(previous: Self, level: &dyn LevelSource) -> Self {
        let rms = follow_step(Some(previous.rms_step), level.rms_dbfs()).unwrap_or(FLOOR_STEP);
        Self {
            rms_step: rms,
            peak_step: follow_step(previous.peak_step, level.peak_dbfs()),
            clipping: level.clipping(),
        }
    }

    /// The RMS level shown, dBFS (the floor when below it).
    pub fn rms_dbfs(&self) -> f32 {
        f32::from(self.rms_step) * STEP_DB
    }

    /// The peak level shown, dBFS; `None` below the floor.
    pub fn peak_dbfs(&self) -> Option<f32> {
        self.peak_step.map(|s| f32::from(s) * STEP_DB)
    }

    fn to_bits(self) -> u64 {
        let peak = self.peak_step.map_or(0u64, |s| 0x100 | u64::from(s as u8));
        u64::from(self.rms_step as u8) | peak << 8 | u64::from(self.clipping) << 20
    }

    fn from_bits(bits: u64) -> Self {
        let peak = bits >> 8 & 0x1ff;
        Self {
            rms_step: (bits & 0xff) as u8 as i8,
            peak_step: (peak & 0x100 != 0).then_some((peak & 0xff) as u8 as i8),
            clipping: bits >> 20 & 1 == 1,
        }
    }
}

/// The step for `dbfs` given the step shown now; `None` below the floor.
fn follow_step(shown: Option<i8>, dbfs: f32) -> Option<i8> {
    if dbfs.is_nan() || dbfs < FLOOR_DBFS - STEP_DB / 2.0 {
        return None;
    }
    if let Some(shown) = shown
        && (dbfs - f32::from(shown) * STEP_DB).abs() < STEP_DB
    {
        return Some(shown);
    }
    Some((dbfs / STEP_DB).round().clamp(f32::from(FLOOR_STEP), 0.0) as i8)
}

/// Watches a live level on a thread and calls `repaint` when its [`MeterReading`] changes
/// (joined when dropped).
pub struct MeterWatch {
    level: Arc<dyn LevelSource>,
    reading: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl MeterWatch {
    /// Starts watching `level`.
    pub fn start(level: Arc<dyn LevelSource>, repaint: Option<super::Repaint>) -> Self {
        let first = MeterReading::follow(MeterReading::default(), level.as_ref());
        let reading = Arc::new(AtomicU64::new(first.to_bits()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (reading, stop, level) =
                (Arc::clone(&reading), Arc::clone(&stop), Arc::clone(&level));
            std::thread::Builder::new()
                .name("rehearse-meter".into())
                .spawn(move || {
                    let period = Duration::from_secs(1) / MAX_FPS;
                    while !stop.load(Ordering::Acquire) {
                        std::thread::park_timeout(period);
                        let shown = MeterReading::from_bits(reading.load(Ordering::Acquire));
                        let now = MeterReading::follow(shown, level.as_ref());
                        if now != shown {
                            reading.store(now.to_bits(), Ordering::Release);
                            if let Some(repaint) = &repaint {
                                repaint();
                            }
                        }
                    }
                })
                .ok()
        };
        Self {
            level,
            reading,
            stop,
            thread,
        }
    }

    /// Whether this watches `level`.
    pub fn watches(&self, level: &Arc<dyn LevelSource>) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(&self.level), Arc::as_ptr(level))
    }

    /// What the meter shows now.
    pub fn reading(&self) -> MeterReading {
        MeterReading::from_bits(self.reading.load(Ordering::Acquire))
    }
}

impl Drop for MeterWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A level set by the test: (peak, rms, clipping).
    struct Fixed(Mutex<(f32, f32, bool)>);

    impl LevelSource for Fixed {
        fn peak_dbfs(&self) -> f32 {
            self.0.lock().unwrap().0
        }
        fn rms_dbfs(&self) -> f32 {
            self.0.lock().unwrap().1
        }
        fn clipping(&self) -> bool {
            self.0.lock().unwrap().2
        }
    }

    fn reading(peak: f32, rms: f32, previous: MeterReading) -> MeterReading {
        MeterReading::follow(previous, &Fixed(Mutex::new((peak, rms, false))))
    }

    #[test]
    fn a_reading_moves_in_whole_steps_and_ignores_jitter_around_its_value() {
        let r = reading(-20.3, -30.6, MeterReading::default());
        assert_eq!(r.peak_dbfs(), Some(-20.0));
        assert_eq!(r.rms_dbfs(), -30.0);
        // ±1.5 dB of jitter around the shown values changes nothing.
        for (peak, rms) in [(-21.5, -29.1), (-18.6, -31.9), (-20.0, -30.0)] {
            assert_eq!(reading(peak, rms, r), r, "{peak} {rms}");
        }
        // A whole step away moves it.
        let moved = reading(-24.0, -30.0, r);
        assert_eq!(moved.peak_dbfs(), Some(-24.0));
        // Below the floor: no peak mark, the bar at the floor; silence is the same.
        let quiet = reading(-75.0, -80.0, r);
        assert_eq!((quiet.peak_dbfs(), quiet.rms_dbfs()), (None, FLOOR_DBFS));
        assert_eq!(reading(f32::NEG_INFINITY, f32::NEG_INFINITY, quiet), quiet);
    }

    #[test]
    fn a_reading_survives_its_packing() {
        for r in [
            reading(-3.0, -12.0, MeterReading::default()),
            reading(0.0, -60.0, MeterReading::default()),
            reading(-90.0, -90.0, MeterReading::default()),
            MeterReading {
                clipping: true,
                ..reading(-1.0, -5.0, MeterReading::default())
            },
        ] {
            assert_eq!(MeterReading::from_bits(r.to_bits()), r);
        }
    }

    #[test]
    fn the_watch_asks_for_a_redraw_only_when_the_reading_changes() {
        let level = Arc::new(Fixed(Mutex::new((-20.0, -30.0, false))));
        let redraws = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&redraws);
        let repaint: super::super::Repaint = Arc::new(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let watch = MeterWatch::start(level.clone(), Some(repaint));
        let period = Duration::from_secs(1) / MAX_FPS;
        std::thread::sleep(period * 6);
        assert_eq!(
            redraws.load(Ordering::Relaxed),
            0,
            "a still level redraws nothing"
        );
        *level.0.lock().unwrap() = (-6.0, -12.0, false);
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while watch.reading().peak_dbfs() != Some(-6.0) && std::time::Instant::now() < deadline {
            std::thread::sleep(period);
        }
        assert_eq!(watch.reading().peak_dbfs(), Some(-6.0));
        assert_eq!(redraws.load(Ordering::Relaxed), 1, "one change, one redraw");
        let dyn_level: Arc<dyn LevelSource> = level;
        assert!(watch.watches(&dyn_level));
    }
}
