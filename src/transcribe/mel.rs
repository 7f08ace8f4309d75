//! Whisper's mel filter bank, bit for bit: `librosa.filters.mel(sr=16000, n_fft=400,
//! n_mels=N)` with the Slaney mel scale and area normalisation, as OpenAI ships it in
//! `whisper/assets/mel_filters.npz` and whisper.cpp's converter copies it into the model.
//!
//! librosa computes in float64 and stores float32. The logarithm and exponential here are
//! written out with `+ − × ÷` only: `f64::ln` and `f64::exp` may differ by an ulp between
//! platforms, and the converted model's pinned sha256 must not.

/// Sample rate of Whisper's input, Hz.
const SAMPLE_RATE: f64 = 16_000.0;
/// FFT length of Whisper's spectrogram.
const N_FFT: usize = 400;

/// The filter bank, `n_mels` rows of 201 frequency bins, row-major.
pub fn filters(n_mels: usize) -> Vec<f32> {
    let bins = N_FFT / 2 + 1;
    // numpy.fft.rfftfreq(n=400, d=1/16000)
    let step = 1.0 / (N_FFT as f64 * (1.0 / SAMPLE_RATE));
    let fft_freqs: Vec<f64> = (0..bins).map(|k| k as f64 * step).collect();
    let mel_f: Vec<f64> = linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2.0), n_mels + 2)
        .into_iter()
        .map(mel_to_hz)
        .collect();
    let mut weights = Vec::with_capacity(n_mels * bins);
    for i in 0..n_mels {
        let (lo, mid, hi) = (mel_f[i], mel_f[i + 1], mel_f[i + 2]);
        let enorm = 2.0 / (hi - lo);
        for &f in &fft_freqs {
            let lower = -(lo - f) / (mid - lo);
            let upper = (hi - f) / (hi - mid);
            // numpy's minimum and maximum, which keep a −0.0 as librosa's first weight shows
            let w = if lower < upper { lower } else { upper };
            let w = if 0.0 > w { 0.0 } else { w };
            weights.push((f64::from(w as f32) * enorm) as f32);
        }
    }
    weights
}

/// numpy.linspace with the end point.
fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    let step = (stop - start) / (n - 1) as f64;
    let mut y: Vec<f64> = (0..n).map(|i| i as f64 * step + start).collect();
    if let Some(last) = y.last_mut() {
        *last = stop;
    }
    y
}

/// Slaney's mel scale: linear to 1 kHz, logarithmic above.
const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;

fn min_log_mel() -> f64 {
    (MIN_LOG_HZ - 0.0) / F_SP
}

fn log_step() -> f64 {
    ln(6.4) / 27.0
}

fn hz_to_mel(f: f64) -> f64 {
    if f >= MIN_LOG_HZ {
        min_log_mel() + ln(f / MIN_LOG_HZ) / log_step()
    } else {
        (f - 0.0) / F_SP
    }
}

fn mel_to_hz(m: f64) -> f64 {
    if m >= min_log_mel() {
        MIN_LOG_HZ * exp(log_step() * (m - min_log_mel()))
    } else {
        0.0 + F_SP * m
    }
}

/// ln 2 in two parts (fdlibm's), so that k·ln 2 is exact for small k.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// Natural logarithm of a positive normal number, to about an ulp, from basic operations only.
fn ln(x: f64) -> f64 {
    // x = m · 2^e with m in [√½, √2)
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52));
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| < 0.172
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut series = 0.0;
    for k in (0..24).rev() {
        series = series * s2 + 1.0 / (2 * k + 1) as f64;
    }
    let e = e as f64;
    e * LN2_HI + (e * LN2_LO + 2.0 * s * series)
}

/// e^x for |x| < 700, to about an ulp, from basic operations only.
fn exp(x: f64) -> f64 {
    // x = k ln 2 + r, |r| ≤ ½ ln 2
    let k = (x / std::f64::consts::LN_2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut series = 1.0;
    for n in (1..28).rev() {
        series = 1.0 + series * r / n as f64;
    }
    series * f64::from_bits(((1023 + k as i64) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_80_band_bank_is_bit_identical_to_whispers_mel_filters_npz() {
        // sha256 of the float32 bytes of `mel_80` in openai/whisper's
        // whisper/assets/mel_filters.npz (80 × 201, little-endian)
        let bytes: Vec<u8> = filters(80).iter().flat_map(|v| v.to_le_bytes()).collect();
        assert_eq!(bytes.len(), 80 * 201 * 4);
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "4f2701b1d287d74a0dc9871026e9519d98cb76426615f2539b0d151a0ae4ec2e"
        );
    }

    #[test]
    fn the_basic_logarithm_and_exponential_agree_with_the_library_to_an_ulp() {
        for x in [0.001, 0.5, 1.0, 6.4, 8.0, 1234.5, 1e30] {
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() <= b.abs() * 2e-16 + 1e-300,
                "ln {x}: {a} vs {b}"
            );
        }
        for x in [-20.0, -1.0, 0.0, 0.3, 2.0794, 10.0, 300.0] {
            let (a, b) = (exp(x), x.exp());
            assert!((a - b).abs() <= b * 3e-16, "exp {x}: {a} vs {b}");
        }
    }
}
