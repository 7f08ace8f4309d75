//! Fundamental frequency at chosen instants: McLeod & Wyvill's normalised square difference
//! function ("A smarter way to find pitch", 2005) on an 8 kHz copy of the signal, with the
//! lag search limited to the range of voices and the paper's key-maximum rule.
//!
//! (`pitch-detection` 0.3 was measured first: it takes the first peak above an absolute
//! clarity at any lag, which locks onto formant ripples of low male voices and called
//! a third of their vowels unvoiced.)

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};

use super::resample;
use super::spectrum::RATE;

/// Sample rate of the pitch analysis, Hz.
const PITCH_RATE: u32 = 8_000;
/// Window, samples at [`PITCH_RATE`] (32 ms: two periods of 62 Hz).
const SIZE: usize = 256;
/// Lowest and highest F0 searched, Hz.
pub const F0_RANGE: (f32, f32) = (60.0, 450.0);
/// Normalised square-difference peak needed to call a frame voiced.
pub const CLARITY: f32 = 0.5;
/// McLeod's k: the first key maximum within this fraction of the highest one is the period.
const KEY_FRACTION: f32 = 0.9;

/// Finds F0 in a signal at [`RATE`].
pub struct PitchTracker {
    signal: Vec<f32>,
    forward: Arc<dyn RealToComplex<f32>>,
    inverse: Arc<dyn ComplexToReal<f32>>,
    time: Vec<f32>,
    freq: Vec<Complex<f32>>,
    nsdf: Vec<f32>,
}

impl PitchTracker {
    /// Prepares the tracker for `x` sampled at the analysis rate.
    pub fn new(x: &[f32]) -> Self {
        let mut planner = RealFftPlanner::<f32>::new();
        let forward = planner.plan_fft_forward(2 * SIZE);
        let inverse = planner.plan_fft_inverse(2 * SIZE);
        Self {
            signal: resample::to_rate(x, RATE, PITCH_RATE),
            time: forward.make_input_vec(),
            freq: forward.make_output_vec(),
            forward,
            inverse,
            nsdf: vec![0.0; SIZE],
        }
    }

    /// F0 in Hz of the window centred at `time_s` and its clarity (0–1), or `None` when unvoiced.
    pub fn f0_at(&mut self, time_s: f64) -> Option<(f32, f32)> {
        let centre = (time_s * f64::from(PITCH_RATE)).round() as i64;
        let start = centre - (SIZE / 2) as i64;
        if start < 0 || start as usize + SIZE > self.signal.len() {
            return None;
        }
        let frame = &self.signal[start as usize..start as usize + SIZE];
        let energy: f32 = frame.iter().map(|v| v * v).sum();
        if energy <= 1e-10 {
            return None;
        }
        // autocorrelation r(τ) through the FFT (zero-padded to avoid wrap-around)
        self.time[..SIZE].copy_from_slice(frame);
        self.time[SIZE..].fill(0.0);
        self.forward.process(&mut self.time, &mut self.freq).ok()?;
        for c in &mut self.freq {
            *c = Complex::new(c.norm_sqr(), 0.0);
        }
        self.inverse.process(&mut self.freq, &mut self.time).ok()?;
        // n(τ) = 2 r(τ) / m(τ), m(τ) = Σ x_j² + x_{j+τ}² over the overlap
        let mut m = 2.0 * energy;
        let scale = 1.0 / (2 * SIZE) as f32;
        self.nsdf[0] = 1.0;
        for tau in 1..SIZE {
            m -= frame[tau - 1] * frame[tau - 1] + frame[SIZE - tau] * frame[SIZE - tau];
            self.nsdf[tau] = if m > 1e-12 {
                2.0 * self.time[tau] * scale / m
            } else {
                0.0
            };
        }
        let lo = (PITCH_RATE as f32 / F0_RANGE.1).floor() as usize;
        let hi = ((PITCH_RATE as f32 / F0_RANGE.0).ceil() as usize).min(SIZE - 2);
        // key maxima: the highest point of each positive lobe within the lag range
        let mut keys: Vec<usize> = Vec::with_capacity(16);
        let mut best: Option<usize> = None;
        for tau in lo.max(1)..=hi {
            let v = self.nsdf[tau];
            if v > 0.0 {
                if best.is_none_or(|b| v > self.nsdf[b]) {
                    best = Some(tau);
                }
            } else if let Some(b) = best.take() {
                keys.push(b);
            }
        }
        keys.extend(best);
        let top = keys.iter().map(|&k| self.nsdf[k]).fold(0.0, f32::max);
        if top < CLARITY {
            return None;
        }
        let &tau = keys.iter().find(|&&k| self.nsdf[k] >= KEY_FRACTION * top)?;
        // the lobe must be a true peak, not the rising edge cut by the lag range
        if tau == lo || tau == hi {
            return None;
        }
        let (a, b, c) = (self.nsdf[tau - 1], self.nsdf[tau], self.nsdf[tau + 1]);
        let denom = a - 2.0 * b + c;
        let shift = if denom.abs() > 1e-12 {
            (0.5 * (a - c) / denom).clamp(-0.5, 0.5)
        } else {
            0.0
        };
        Some((PITCH_RATE as f32 / (tau as f32 + shift), b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_low_voice_with_strong_harmonics() {
        // 100 Hz buzz with a loud "formant" at 700 Hz
        let x: Vec<f32> = (0..RATE)
            .map(|i| {
                let t = i as f32 / RATE as f32;
                (1..30)
                    .map(|h| {
                        let f = 100.0 * h as f32;
                        let gain = 1.0 / (1.0 + ((f - 700.0) / 150.0).powi(2));
                        gain * (std::f32::consts::TAU * f * t).sin()
                    })
                    .sum::<f32>()
                    * 0.1
            })
            .collect();
        let mut tracker = PitchTracker::new(&x);
        let (f0, _) = tracker.f0_at(0.5).expect("voiced");
        assert!((f0 - 100.0).abs() < 2.0, "f0 = {f0}");
    }

    #[test]
    fn noise_is_unvoiced() {
        let mut rng = fastrand::Rng::with_seed(7);
        let x: Vec<f32> = (0..RATE).map(|_| rng.f32() - 0.5).collect();
        let mut tracker = PitchTracker::new(&x);
        let voiced = (1..9)
            .filter(|i| tracker.f0_at(f64::from(*i) * 0.1).is_some())
            .count();
        assert!(voiced <= 1, "{voiced} of 8 noise frames voiced");
    }
}
