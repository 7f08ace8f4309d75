//! Integrated loudness (EBU R 128) with `ebur128`.

use ebur128::{EbuR128, Mode};

/// Integrated loudness of mono `samples`, LUFS; `None` when it is undefined (silence, < 0.4 s).
pub fn integrated_lufs(samples: &[f32], sample_rate: u32) -> Option<f64> {
    let mut meter = EbuR128::new(1, sample_rate, Mode::I).ok()?;
    meter.add_frames_f32(samples).ok()?;
    meter.loudness_global().ok().filter(|l| l.is_finite())
}
