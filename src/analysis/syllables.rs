//! Syllable nuclei (after de Jong & Wempe 2009): peaks of the 300–3300 Hz intensity contour
//! that stand out by a dip on both sides, are voiced, and lie inside speech.

use super::pitch::PitchTracker;
use super::spectrum::{Spectrogram, bin_of};

/// Least prominence of a nucleus over the dips on both sides, dB.
pub const MIN_DIP_DB: f32 = 2.0;
/// A nucleus is at most this far below the loudest frame of the file, dB.
pub const MAX_BELOW_PEAK_DB: f32 = 25.0;
/// A nucleus is at least this far above the noise in its band, dB.
pub const MIN_SNR_DB: f32 = 3.0;

/// Band intensity contour in dB, one value per frame.
pub fn contour(spec: &Spectrogram) -> Vec<f32> {
    let (lo, hi) = (bin_of(300.0), bin_of(3300.0));
    (0..spec.frames)
        .map(|t| {
            let e: f32 = spec.frame(t)[lo..hi].iter().sum();
            10.0 * (e + 1e-20).log10()
        })
        .collect()
}

/// Noise level of the band in dB, as [`contour`] measures it.
pub fn noise_level(noise: &[f32]) -> f32 {
    let (lo, hi) = (bin_of(300.0), bin_of(3300.0));
    10.0 * (noise[lo..hi].iter().sum::<f32>() + 1e-20).log10()
}

/// Frames of the syllable nuclei inside the given speech stretches (half-open frame ranges).
pub fn nuclei(
    level: &[f32],
    noise_db: f32,
    segments: &[(usize, usize)],
    pitch: &mut PitchTracker,
) -> Vec<usize> {
    let top = segments
        .iter()
        .flat_map(|&(a, b)| level[a..b].iter().copied())
        .fold(f32::NEG_INFINITY, f32::max);
    let floor = (top - MAX_BELOW_PEAK_DB).max(noise_db + MIN_SNR_DB);
    let mut found = Vec::new();
    for &(a, b) in segments {
        let seg = &level[a..b];
        for i in 0..seg.len() {
            let v = seg[i];
            let left_ok = i == 0 || seg[i - 1] < v;
            let right_ok = i + 1 == seg.len() || seg[i + 1] <= v;
            if !(left_ok && right_ok) || v < floor {
                continue;
            }
            if prominence(seg, i) < MIN_DIP_DB {
                continue;
            }
            if pitch.f0_at(Spectrogram::time_of(a + i)).is_none() {
                continue;
            }
            found.push(a + i);
        }
    }
    found
}

/// Height of `seg[i]` above the higher of the lowest points on each side before a higher value.
fn prominence(seg: &[f32], i: usize) -> f32 {
    let v = seg[i];
    let mut left_min = v;
    for &x in seg[..i].iter().rev() {
        if x > v {
            break;
        }
        left_min = left_min.min(x);
    }
    let mut right_min = v;
    for &x in &seg[i + 1..] {
        if x > v {
            break;
        }
        right_min = right_min.min(x);
    }
    v - left_min.max(right_min)
}
