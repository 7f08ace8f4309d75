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
use super::spectrum::{self, RATE};

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

/// First sample (at the pitch rate) of the window centred on analysis frame `t`.
fn window_start(t: usize) -> i64 {
    let centre = (spectrum::time_of(t) * f64::from(PITCH_RATE)).round() as i64;
    centre - (SIZE / 2) as i64
}

/// F0 of chosen analysis frames from a stream of samples at [`RATE`], resampled to 8 kHz block
/// by block; only the samples of the windows still to come are kept.
pub struct PitchQueries {
    frames: Vec<usize>,
    results: Vec<Option<(f32, f32)>>,
    resampler: resample::Stream,
    tracker: PitchTracker,
    /// Samples at the pitch rate from sample `base` on.
    signal: Vec<f32>,
    base: usize,
}

impl PitchQueries {
    /// Queries for `frames` (any order) of a signal of `len` samples at [`RATE`].
    pub fn new(mut frames: Vec<usize>, len: usize) -> Self {
        frames.sort_unstable();
        frames.dedup();
        Self {
            results: Vec::with_capacity(frames.len()),
            frames,
            resampler: resample::Stream::new(RATE, PITCH_RATE, len),
            tracker: PitchTracker::new(),
            signal: Vec::new(),
            base: 0,
        }
    }

    /// Feeds samples at [`RATE`] and answers the queries whose window is complete.
    pub fn push(&mut self, x: &[f32]) {
        self.resampler.push(x, &mut self.signal);
        self.answer();
    }

    /// Ends the signal: windows that reach past its end are unvoiced.
    pub fn finish(mut self) -> PitchAt {
        self.resampler.finish(&mut self.signal);
        self.answer();
        self.results.resize(self.frames.len(), None);
        PitchAt {
            frames: self.frames,
            results: self.results,
        }
    }

    fn answer(&mut self) {
        while let Some(&t) = self.frames.get(self.results.len()) {
            let start = window_start(t);
            if start < 0 {
                self.results.push(None);
                continue;
            }
            let start = start as usize;
            if start + SIZE > self.base + self.signal.len() {
                break;
            }
            let from = start - self.base;
            let f0 = self.tracker.f0_of(&self.signal[from..from + SIZE]);
            self.results.push(f0);
        }
        // keep only what the next window needs
        let keep_from = self
            .frames
            .get(self.results.len())
            .map_or(usize::MAX, |&t| window_start(t).max(0) as usize);
        let drop = keep_from.saturating_sub(self.base).min(self.signal.len());
        self.signal.drain(..drop);
        self.base += drop;
    }
}

/// The answers of [`PitchQueries`].
pub struct PitchAt {
    frames: Vec<usize>,
    results: Vec<Option<(f32, f32)>>,
}

impl PitchAt {
    /// F0 in Hz at analysis frame `t` and its clarity (0–1); `None` when unvoiced or not asked.
    pub fn get(&self, t: usize) -> Option<(f32, f32)> {
        let i = self.frames.binary_search(&t).ok()?;
        self.results[i]
    }
}

/// McLeod's pitch method on one window.
pub struct PitchTracker {
    forward: Arc<dyn RealToComplex<f32>>,
    inverse: Arc<dyn ComplexToReal<f32>>,
    time: Vec<f32>,
    freq: Vec<Complex<f32>>,
    nsdf: Vec<f32>,
}

impl PitchTracker {
    /// Plans the FFTs.
    pub fn new() -> Self {
        let mut planner = RealFftPlanner::<f32>::new();
        let forward = planner.plan_fft_forward(2 * SIZE);
        let inverse = planner.plan_fft_inverse(2 * SIZE);
        Self {
            time: forward.make_input_vec(),
            freq: forward.make_output_vec(),
            forward,
            inverse,
            nsdf: vec![0.0; SIZE],
        }
    }

    /// F0 of analysis frame `t` in a whole signal at the pitch rate (the full-buffer reference).
    #[cfg(test)]
    pub fn f0_in(&mut self, signal: &[f32], t: usize) -> Option<(f32, f32)> {
        let start = window_start(t);
        if start < 0 || start as usize + SIZE > signal.len() {
            return None;
        }
        self.f0_of(&signal[start as usize..start as usize + SIZE])
    }

    /// F0 in Hz of a window of 256 samples at 8 kHz and its clarity (0–1), or `None` when
    /// unvoiced.
    pub fn f0_of(&mut self, frame: &[f32]) -> Option<(f32, f32)> {
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
        let mut queries = PitchQueries::new(vec![49], x.len());
        queries.push(&x);
        let (f0, _) = queries.finish().get(49).expect("voiced");
        assert!((f0 - 100.0).abs() < 2.0, "f0 = {f0}");
    }

    #[test]
    fn noise_is_unvoiced() {
        let mut rng = fastrand::Rng::with_seed(7);
        let x: Vec<f32> = (0..RATE).map(|_| rng.f32() - 0.5).collect();
        let frames: Vec<usize> = (1..9).map(|i| i * 10).collect();
        let mut queries = PitchQueries::new(frames.clone(), x.len());
        queries.push(&x);
        let found = queries.finish();
        let voiced = frames.iter().filter(|&&t| found.get(t).is_some()).count();
        assert!(voiced <= 1, "{voiced} of 8 noise frames voiced");
    }

    #[test]
    fn queries_in_blocks_match_the_whole_signal() {
        let mut rng = fastrand::Rng::with_seed(9);
        let x: Vec<f32> = (0..20_000)
            .map(|i| (i as f32 * 0.05).sin() * 0.3 + (rng.f32() - 0.5) * 0.05)
            .collect();
        let frames: Vec<usize> = (0..130).rev().collect();
        let signal = resample::to_rate(&x, RATE, PITCH_RATE);
        let mut tracker = PitchTracker::new();
        let mut queries = PitchQueries::new(frames.clone(), x.len());
        for piece in x.chunks(777) {
            queries.push(piece);
        }
        let found = queries.finish();
        let mut voiced = 0;
        for t in frames {
            let want = tracker.f0_in(&signal, t);
            voiced += usize::from(want.is_some());
            assert_eq!(found.get(t), want, "frame {t}");
        }
        assert!(voiced > 100, "{voiced}");
        // the first and last windows reach past the signal
        assert_eq!(found.get(0), None);
        assert_eq!(found.get(124), None);
    }
}
