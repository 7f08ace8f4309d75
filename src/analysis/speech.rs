//! Speech/silence decisions per frame: a statistical likelihood-ratio detector (Sohn, Kim & Sung
//! 1999) against the file's own noise spectrum, with hysteresis and the 0.25 s pause convention.

use super::spectrum::{BINS, HOP, RATE, WINDOW, band_energy, bin_of};

/// [`Scorer::score`] above which a frame surely holds speech.
pub const CORE_SCORE: f32 = 1.0;
/// Smoothed frame score (see [`Scorer::edge_score`]) above which a frame next to speech still
/// belongs to it. In stationary noise that score stays below about 0.1.
pub const EDGE_SCORE: f32 = 0.15;
/// Half-width of the smoothing for [`Scorer::edge_score`], frames (±20 ms).
pub const EDGE_SMOOTH_FRAMES: usize = 2;
/// Silences shorter than this are part of speech, seconds (de Jong & Bosker 2013).
pub const MIN_PAUSE_S: f64 = 0.25;
/// Speech stretches shorter than this, isolated by pauses, are noise, seconds.
pub const MIN_SPEECH_S: f64 = 0.06;

/// Scores frames against the file's noise spectrum.
pub struct Scorer {
    inv: Vec<f32>,
    background: f32,
    row: Vec<f32>,
}

impl Scorer {
    /// A scorer for the noise spectrum `noise`.
    pub fn new(noise: &[f32]) -> Self {
        let (lo, hi) = (bin_of(100.0), bin_of(7000.0));
        Self {
            inv: noise.iter().map(|n| 1.0 / n).collect(),
            background: noise[lo..hi].iter().sum(),
            row: vec![0f32; BINS],
        }
    }

    /// Mean per-bin log-likelihood ratio of speech vs noise (maximum-likelihood prior SNR),
    /// over 100–7000 Hz, of frame `t` of `n` on power spectra averaged over `±smooth` frames
    /// (triangular weights); `frame(u)` gives frame `u`'s power. About 0.15 per frame in pure
    /// noise, whatever its level or colour.
    pub fn score<'a>(
        &mut self,
        t: usize,
        n: usize,
        smooth: usize,
        frame: impl Fn(usize) -> &'a [f32],
    ) -> f32 {
        let (lo, hi) = (bin_of(100.0), bin_of(7000.0));
        let (t, k, n) = (t as i64, smooth as i64, n as i64);
        self.row.fill(0.0);
        let mut wsum = 0f32;
        for d in -k..=k {
            let u = t + d;
            if (0..n).contains(&u) {
                let w = (k + 1 - d.abs()) as f32;
                wsum += w;
                for (r, &p) in self.row[lo..hi].iter_mut().zip(&frame(u as usize)[lo..hi]) {
                    *r += w * p;
                }
            }
        }
        let mut sum = 0f32;
        for kk in lo..hi {
            let g = self.row[kk] / wsum * self.inv[kk];
            if g > 1.0 {
                sum += g - 1.0 - g.ln();
            }
        }
        sum / (hi - lo) as f32
    }

    /// Score for the edges of speech: [`Scorer::score`] on spectra averaged over ±20 ms, which
    /// lowers the noise's variance so weak consonants and decays stand out; zero for frames
    /// quieter than the background's mean power (so the averaging cannot smear speech into
    /// silence).
    pub fn edge_score<'a>(
        &mut self,
        t: usize,
        n: usize,
        frame: impl Fn(usize) -> &'a [f32],
    ) -> f32 {
        let loud = band_energy(frame(t)) >= self.background;
        let s = self.score(t, n, EDGE_SMOOTH_FRAMES, frame);
        if loud { s } else { 0.0 }
    }
}

/// Speech stretches as half-open frame ranges.
pub fn segments(scores: &[f32], edge_scores: &[f32]) -> Vec<(usize, usize)> {
    let n = scores.len();
    let mut speech = vec![false; n];
    // hysteresis: grow every core frame's region while the score stays above the edge level
    let mut t = 0;
    while t < n {
        if scores[t] > CORE_SCORE && !speech[t] {
            let mut a = t;
            while a > 0 && edge_scores[a - 1] > EDGE_SCORE && !speech[a - 1] {
                a -= 1;
            }
            // the core frame itself is speech even when its smoothed score is low
            let mut b = t + 1;
            while b < n && edge_scores[b] > EDGE_SCORE {
                b += 1;
            }
            speech[a..b].fill(true);
            t = b;
        } else {
            t += 1;
        }
    }
    let frames_per_s = f64::from(RATE) / HOP as f64;
    let min_gap = (MIN_PAUSE_S * frames_per_s).round() as usize;
    let min_len = (MIN_SPEECH_S * frames_per_s).round() as usize;
    let mut runs = runs_of(&speech);
    // fill gaps shorter than a pause
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for r in runs.drain(..) {
        match merged.last_mut() {
            Some(last) if r.0 - last.1 < min_gap => last.1 = r.1,
            _ => merged.push(r),
        }
    }
    merged.retain(|&(a, b)| b - a >= min_len);
    merged
}

fn runs_of(mask: &[bool]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (t, &m) in mask.iter().enumerate() {
        match (m, start) {
            (true, None) => start = Some(t),
            (false, Some(s)) => {
                runs.push((s, t));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, mask.len()));
    }
    runs
}

/// Start time of frame `t`'s 10 ms slot, seconds.
pub fn slot_start(t: usize) -> f64 {
    (t * HOP + WINDOW / 2 - HOP / 2) as f64 / f64::from(RATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_frames_are_speech_whatever_their_edge_score() {
        let mut scores = vec![0.0f32; 100];
        let mut edge = vec![0.0f32; 100];
        scores[50..60].fill(2.0);
        edge[45..58].fill(0.5);
        assert_eq!(segments(&scores, &edge), vec![(45, 60)]);
    }

    #[test]
    fn short_gaps_join_and_blips_vanish() {
        let mut scores = vec![0.0f32; 300];
        scores[10..40].fill(2.0);
        scores[55..80].fill(2.0); // 0.15 s gap: one stretch
        scores[150..153].fill(2.0); // 30 ms blip: dropped
        scores[200..260].fill(2.0); // after a 1.2 s pause
        let edge = scores.clone();
        assert_eq!(segments(&scores, &edge), vec![(10, 80), (200, 260)]);
    }
}
