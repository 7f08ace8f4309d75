//! Short-time power spectra at the analysis rate, frame by frame, and the per-file noise spectrum.

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{RealFftPlanner, RealToComplex};

/// Analysis sample rate, Hz.
pub const RATE: u32 = 16_000;
/// Frame step, samples (10 ms).
pub const HOP: usize = 160;
/// Analysis window, samples (25 ms, Hann).
pub const WINDOW: usize = 400;
/// FFT length, samples.
pub const FFT: usize = 512;
/// Number of power bins per frame.
pub const BINS: usize = FFT / 2 + 1;
/// Level of the quietest noise floor assumed, dBFS RMS: below it a file is treated as silent
/// (the usual −60 dBFS "digital silence" convention, with a margin for the window's spread).
pub const ABSOLUTE_FLOOR_DBFS: f64 = -70.0;

/// Number of frames in `samples` samples at [`RATE`].
pub fn frame_count(samples: usize) -> usize {
    if samples >= WINDOW {
        (samples - WINDOW) / HOP + 1
    } else {
        0
    }
}

/// Time of the centre of frame `t`, seconds.
pub fn time_of(t: usize) -> f64 {
    (t * HOP + WINDOW / 2) as f64 / f64::from(RATE)
}

/// Turns a stream of samples at [`RATE`] into power spectra; frame `t` covers samples
/// `t * HOP .. t * HOP + WINDOW`.
pub struct Framer {
    window: Vec<f32>,
    fft: Arc<dyn RealToComplex<f32>>,
    input: Vec<f32>,
    output: Vec<Complex<f32>>,
    scratch: Vec<Complex<f32>>,
    row: Vec<f32>,
    /// Samples from the start of frame `next` on.
    pending: Vec<f32>,
    next: usize,
}

impl Default for Framer {
    fn default() -> Self {
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(FFT);
        Self {
            window: hann(),
            input: fft.make_input_vec(),
            output: fft.make_output_vec(),
            scratch: fft.make_scratch_vec(),
            fft,
            row: vec![0.0; BINS],
            pending: Vec::new(),
            next: 0,
        }
    }
}

impl Framer {
    /// Feeds samples; calls `on_frame(t, power)` for every frame they complete.
    pub fn push(&mut self, x: &[f32], mut on_frame: impl FnMut(usize, &[f32])) {
        self.pending.extend_from_slice(x);
        let mut start = 0;
        while start + WINDOW <= self.pending.len() {
            let frame = &self.pending[start..start + WINDOW];
            for ((slot, &s), &w) in self.input.iter_mut().zip(frame).zip(&self.window) {
                *slot = s * w;
            }
            self.input[WINDOW..].fill(0.0);
            let ok = self
                .fft
                .process_with_scratch(&mut self.input, &mut self.output, &mut self.scratch)
                .is_ok();
            for (p, c) in self.row.iter_mut().zip(&self.output) {
                *p = if ok { c.norm_sqr() } else { 0.0 };
            }
            on_frame(self.next, &self.row);
            self.next += 1;
            start += HOP;
        }
        self.pending.drain(..start.min(self.pending.len()));
    }
}

fn hann() -> Vec<f32> {
    (0..WINDOW)
        .map(|i| {
            let phase = std::f32::consts::TAU * (i as f32 + 0.5) / WINDOW as f32;
            0.5 - 0.5 * phase.cos()
        })
        .collect()
}

/// Sum of the squared window (power of unit-variance white noise per bin).
pub fn window_energy() -> f32 {
    hann().iter().map(|w| w * w).sum()
}

/// Power of a frame over 100–7000 Hz: what tells quiet frames from loud ones.
pub fn band_energy(power: &[f32]) -> f32 {
    let (lo, hi) = (bin_of(100.0), bin_of(7000.0));
    power[lo..hi].iter().sum()
}

/// Frames whose [`band_energy`] is at most this are the background: within 3 dB of the
/// 5th-percentile frame energy (`None` without frames).
pub fn quiet_limit(energies: &[f32]) -> Option<f32> {
    if energies.is_empty() {
        return None;
    }
    let mut sorted = energies.to_vec();
    let (_, q, _) = sorted.select_nth_unstable_by(energies.len() / 20, f32::total_cmp);
    Some(*q * 2.0)
}

/// The stationary noise spectrum: the mean spectrum of the quiet frames, never below
/// [`ABSOLUTE_FLOOR_DBFS`].
#[derive(Default)]
pub struct NoiseSpectrum {
    sum: Vec<f64>,
    count: usize,
}

impl NoiseSpectrum {
    /// Adds a quiet frame.
    pub fn add(&mut self, power: &[f32]) {
        self.sum.resize(BINS, 0.0);
        for (s, &p) in self.sum.iter_mut().zip(power) {
            *s += f64::from(p);
        }
        self.count += 1;
    }

    /// The mean power per bin.
    pub fn finish(mut self) -> Vec<f32> {
        let floor = 10f32.powf(ABSOLUTE_FLOOR_DBFS as f32 / 10.0) * window_energy();
        self.sum.resize(BINS, 0.0);
        self.sum
            .iter()
            .map(|s| ((s / self.count.max(1) as f64) as f32).max(floor))
            .collect()
    }
}

/// The FFT bin nearest to `hz`.
pub fn bin_of(hz: f64) -> usize {
    ((hz * FFT as f64 / f64::from(RATE)).round() as usize).min(BINS - 1)
}

/// Every frame's power spectrum of a whole signal at [`RATE`] (the full-buffer reference).
#[cfg(test)]
pub fn spectrogram(x: &[f32]) -> Vec<Vec<f32>> {
    let mut rows = Vec::new();
    Framer::default().push(x, |_, p| rows.push(p.to_vec()));
    rows
}

/// The noise spectrum of a whole spectrogram (the full-buffer reference).
#[cfg(test)]
pub fn noise_of(rows: &[Vec<f32>]) -> Vec<f32> {
    let energies: Vec<f32> = rows.iter().map(|r| band_energy(r)).collect();
    let mut noise = NoiseSpectrum::default();
    if let Some(limit) = quiet_limit(&energies) {
        for (row, &e) in rows.iter().zip(&energies) {
            if e <= limit {
                noise.add(row);
            }
        }
    }
    noise.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_do_not_depend_on_the_blocks_pushed() {
        let mut rng = fastrand::Rng::with_seed(5);
        let x: Vec<f32> = (0..10_000).map(|_| rng.f32() - 0.5).collect();
        let whole = spectrogram(&x);
        assert_eq!(whole.len(), frame_count(x.len()));
        let mut framer = Framer::default();
        let mut rows = Vec::new();
        for piece in x.chunks(97) {
            framer.push(piece, |t, p| {
                assert_eq!(t, rows.len());
                rows.push(p.to_vec());
            });
        }
        assert_eq!(rows, whole);
    }
}
