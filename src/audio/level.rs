//! The live input level: peak, RMS and clipping in atomics, written by the audio thread and
//! read by the UI without locks (as in nih-plug's gain_gui_egui peak meter).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use super::LevelSource;

/// A sample at or above this magnitude counts as clipped (−0.1 dBFS).
pub const CLIP_THRESHOLD: f32 = 0.989;

/// Level atomics shared between the audio thread ([`LevelAccumulator`]) and the UI.
#[derive(Debug)]
pub struct LevelMeter {
    peak: AtomicU32,
    rms: AtomicU32,
    clipping: AtomicBool,
}

impl Default for LevelMeter {
    fn default() -> Self {
        Self {
            peak: AtomicU32::new(0f32.to_bits()),
            rms: AtomicU32::new(0f32.to_bits()),
            clipping: AtomicBool::new(false),
        }
    }
}

/// Linear amplitude to dBFS (−∞ for silence).
pub fn amplitude_to_dbfs(amplitude: f32) -> f32 {
    if amplitude > 0.0 {
        20.0 * amplitude.log10()
    } else {
        f32::NEG_INFINITY
    }
}

impl LevelSource for LevelMeter {
    fn peak_dbfs(&self) -> f32 {
        amplitude_to_dbfs(f32::from_bits(self.peak.load(Ordering::Relaxed)))
    }
    fn rms_dbfs(&self) -> f32 {
        amplitude_to_dbfs(f32::from_bits(self.rms.load(Ordering::Relaxed)))
    }
    fn clipping(&self) -> bool {
        self.clipping.load(Ordering::Relaxed)
    }
}

/// Audio-thread side: sums a ~50 ms window, then publishes peak and RMS to a [`LevelMeter`].
#[derive(Debug)]
pub struct LevelAccumulator {
    window: u32,
    count: u32,
    peak: f32,
    sum_squares: f32,
    clip_hold: u32,
    clip_left: u32,
}

impl LevelAccumulator {
    /// An accumulator for a stream at `sample_rate`: 50 ms windows, clipping held for 1 s.
    pub fn new(sample_rate: u32) -> Self {
        Self {
            window: (sample_rate / 20).max(1),
            count: 0,
            peak: 0.0,
            sum_squares: 0.0,
            clip_hold: sample_rate.max(1),
            clip_left: 0,
        }
    }

    /// Adds one mono sample; publishes to `meter` when a window is complete.
    #[inline]
    pub fn add(&mut self, sample: f32, meter: &LevelMeter) {
        let magnitude = sample.abs();
        self.peak = self.peak.max(magnitude);
        self.sum_squares += sample * sample;
        if magnitude >= CLIP_THRESHOLD {
            self.clip_left = self.clip_hold;
        } else {
            self.clip_left = self.clip_left.saturating_sub(1);
        }
        self.count += 1;
        if self.count >= self.window {
            let rms = (self.sum_squares / self.count as f32).sqrt();
            meter.peak.store(self.peak.to_bits(), Ordering::Relaxed);
            meter.rms.store(rms.to_bits(), Ordering::Relaxed);
            meter.clipping.store(self.clip_left > 0, Ordering::Relaxed);
            self.count = 0;
            self.peak = 0.0;
            self.sum_squares = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_window_publishes_peak_and_rms() {
        let meter = LevelMeter::default();
        let mut acc = LevelAccumulator::new(1000); // 50-sample windows
        assert_eq!(meter.peak_dbfs(), f32::NEG_INFINITY);
        for i in 0..50 {
            acc.add(if i % 2 == 0 { 0.5 } else { -0.5 }, &meter);
        }
        assert!((meter.peak_dbfs() - amplitude_to_dbfs(0.5)).abs() < 1e-3);
        assert!((meter.rms_dbfs() - amplitude_to_dbfs(0.5)).abs() < 1e-3);
        assert!(!meter.clipping());
    }

    #[test]
    fn clipping_is_held_for_a_second_then_clears() {
        let meter = LevelMeter::default();
        let mut acc = LevelAccumulator::new(1000);
        acc.add(1.0, &meter);
        for _ in 0..49 {
            acc.add(0.0, &meter);
        }
        assert!(meter.clipping());
        for _ in 0..1000 {
            acc.add(0.0, &meter);
        }
        assert!(!meter.clipping());
    }
}
