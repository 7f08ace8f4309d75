//! Short-time power spectra at the analysis rate and the per-file noise spectrum.

use realfft::RealFftPlanner;

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

/// Power spectra of consecutive frames; frame `t` is centred on sample `t * HOP + WINDOW / 2`.
pub struct Spectrogram {
    /// `frames × BINS` power values, row-major.
    pub power: Vec<f32>,
    /// Number of frames.
    pub frames: usize,
    /// Sum of the squared window (power of unit-variance white noise per bin).
    pub window_energy: f32,
}

impl Spectrogram {
    /// Computes the spectrogram of `x` (sampled at [`RATE`]).
    pub fn new(x: &[f32]) -> Self {
        let window: Vec<f32> = (0..WINDOW)
            .map(|i| {
                let phase = std::f32::consts::TAU * (i as f32 + 0.5) / WINDOW as f32;
                0.5 - 0.5 * phase.cos()
            })
            .collect();
        let window_energy = window.iter().map(|w| w * w).sum();
        let frames = if x.len() >= WINDOW {
            (x.len() - WINDOW) / HOP + 1
        } else {
            0
        };
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(FFT);
        let mut input = fft.make_input_vec();
        let mut output = fft.make_output_vec();
        let mut scratch = fft.make_scratch_vec();
        let mut power = vec![0f32; frames * BINS];
        for (t, row) in power.chunks_exact_mut(BINS).enumerate() {
            let start = t * HOP;
            for ((slot, &s), &w) in input.iter_mut().zip(&x[start..start + WINDOW]).zip(&window) {
                *slot = s * w;
            }
            input[WINDOW..].fill(0.0);
            if fft
                .process_with_scratch(&mut input, &mut output, &mut scratch)
                .is_err()
            {
                continue;
            }
            for (p, c) in row.iter_mut().zip(&output) {
                *p = c.norm_sqr();
            }
        }
        Self {
            power,
            frames,
            window_energy,
        }
    }

    /// The power bins of frame `t`.
    pub fn frame(&self, t: usize) -> &[f32] {
        &self.power[t * BINS..(t + 1) * BINS]
    }

    /// Time of the centre of frame `t`, seconds.
    pub fn time_of(t: usize) -> f64 {
        (t * HOP + WINDOW / 2) as f64 / f64::from(RATE)
    }

    /// Frames within 3 dB of the 5th-percentile frame energy (100–7000 Hz): the background.
    pub fn quiet_frames(&self) -> Vec<usize> {
        if self.frames == 0 {
            return Vec::new();
        }
        let (lo, hi) = (bin_of(100.0), bin_of(7000.0));
        let energy: Vec<f32> = (0..self.frames)
            .map(|t| self.frame(t)[lo..hi].iter().sum())
            .collect();
        let mut sorted = energy.clone();
        let (_, q, _) = sorted.select_nth_unstable_by(self.frames / 20, f32::total_cmp);
        let limit = *q * 2.0;
        (0..self.frames).filter(|&t| energy[t] <= limit).collect()
    }

    /// Estimates the stationary noise spectrum: the mean spectrum of the quietest frames
    /// (those within 3 dB of the 5th-percentile frame energy), never below [`ABSOLUTE_FLOOR_DBFS`].
    pub fn noise_spectrum(&self) -> Vec<f32> {
        let floor_var = 10f32.powf(ABSOLUTE_FLOOR_DBFS as f32 / 10.0);
        let floor = floor_var * self.window_energy;
        if self.frames == 0 {
            return vec![floor; BINS];
        }
        let quiet = self.quiet_frames();
        let mut sum = vec![0f64; BINS];
        for &t in &quiet {
            for (s, &p) in sum.iter_mut().zip(self.frame(t)) {
                *s += f64::from(p);
            }
        }
        let count = quiet.len();
        sum.iter()
            .map(|s| ((s / count.max(1) as f64) as f32).max(floor))
            .collect()
    }
}

/// The FFT bin nearest to `hz`.
pub fn bin_of(hz: f64) -> usize {
    ((hz * FFT as f64 / f64::from(RATE)).round() as usize).min(BINS - 1)
}
