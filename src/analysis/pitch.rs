//! Fundamental frequency at chosen instants, with `pitch-detection`'s McLeod detector on an
//! 8 kHz copy of the signal (F0 and its first harmonics lie far below 4 kHz).

use pitch_detection::detector::PitchDetector;
use pitch_detection::detector::mcleod::McLeodDetector;

use super::resample;
use super::spectrum::RATE;

/// Sample rate of the pitch analysis, Hz.
const PITCH_RATE: u32 = 8_000;
/// Window, samples at [`PITCH_RATE`] (32 ms: two periods of 62 Hz).
const SIZE: usize = 256;
/// Lowest and highest F0 accepted, Hz.
pub const F0_RANGE: (f32, f32) = (60.0, 450.0);
/// Normalised square-difference peak needed to call a frame voiced.
const CLARITY: f32 = 0.6;

/// Finds F0 in a signal at [`RATE`].
pub struct PitchTracker {
    signal: Vec<f32>,
    detector: McLeodDetector<f32>,
    window: Vec<f32>,
}

impl PitchTracker {
    /// Prepares the tracker for `x` sampled at the analysis rate.
    pub fn new(x: &[f32]) -> Self {
        Self {
            signal: resample::to_rate(x, RATE, PITCH_RATE),
            detector: McLeodDetector::new(SIZE, SIZE / 2),
            window: vec![0.0; SIZE],
        }
    }

    /// F0 in Hz of the window centred at `time_s`, or `None` when unvoiced.
    pub fn f0_at(&mut self, time_s: f64) -> Option<f32> {
        let centre = (time_s * f64::from(PITCH_RATE)).round() as i64;
        let start = centre - (SIZE / 2) as i64;
        if start < 0 || start as usize + SIZE > self.signal.len() {
            return None;
        }
        let start = start as usize;
        self.window
            .copy_from_slice(&self.signal[start..start + SIZE]);
        let energy: f32 = self.window.iter().map(|v| v * v).sum();
        if energy <= 1e-9 {
            return None;
        }
        let pitch = self
            .detector
            .get_pitch(&self.window, PITCH_RATE as usize, 0.0, CLARITY)?;
        (pitch.frequency.is_finite()
            && (F0_RANGE.0..=F0_RANGE.1).contains(&pitch.frequency))
        .then_some(pitch.frequency)
    }
}
