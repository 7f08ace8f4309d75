//! Sample conversion for the capture callback: any cpal sample format to f32, downmixed to mono.
//!
//! Everything here runs on the real-time thread: no allocation, no lock, no syscall.

use cpal::{FromSample, Sample};

/// Converts one device sample of any cpal format to f32 in −1.0..=1.0.
#[inline]
pub fn to_f32<T: Sample>(sample: T) -> f32
where
    f32: FromSample<T>,
{
    sample.to_sample::<f32>()
}

/// The average of one interleaved frame's channels, as f32.
#[inline]
pub fn downmix_frame<T: Sample>(frame: &[T]) -> f32
where
    f32: FromSample<T>,
{
    match frame.len() {
        0 => 0.0,
        1 => to_f32(frame[0]),
        n => frame.iter().map(|&s| to_f32(s)).sum::<f32>() / n as f32,
    }
}

/// Quantises an f32 sample to the i16 written into the WAV (the inverse of cpal's i16 → f32).
#[inline]
pub fn f32_to_i16(sample: f32) -> i16 {
    (sample * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

/// Converts an f32 sample to the device's output format.
#[inline]
pub fn from_f32<T: Sample + FromSample<f32>>(sample: f32) -> T {
    T::from_sample(sample)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpal::{I24, U24};

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn every_integer_format_maps_full_scale_and_origin() {
        assert!(close(to_f32(0i8), 0.0) && close(to_f32(i8::MIN), -1.0));
        assert!(close(to_f32(0i16), 0.0) && close(to_f32(i16::MIN), -1.0));
        assert!(close(to_f32(i16::MAX), 32767.0 / 32768.0));
        assert!(close(to_f32(I24::new(0).unwrap()), 0.0));
        assert!(close(to_f32(I24::new(-(1 << 23)).unwrap()), -1.0));
        assert!(close(to_f32(I24::new(1 << 22).unwrap()), 0.5));
        assert!(close(to_f32(0i32), 0.0) && close(to_f32(i32::MIN), -1.0));
        assert!(close(to_f32(1i32 << 30), 0.5));
        assert!(close(to_f32(0i64), 0.0) && close(to_f32(i64::MIN), -1.0));
        assert!(close(to_f32(128u8), 0.0) && close(to_f32(0u8), -1.0));
        assert!(close(to_f32(32768u16), 0.0) && close(to_f32(0u16), -1.0));
        assert!(close(to_f32(49152u16), 0.5));
        assert!(close(to_f32(U24::new(1 << 23).unwrap()), 0.0));
        assert!(close(to_f32(U24::new(0).unwrap()), -1.0));
        assert!(close(to_f32(1u32 << 31), 0.0) && close(to_f32(0u32), -1.0));
        assert!(close(to_f32(1u64 << 63), 0.0) && close(to_f32(0u64), -1.0));
    }

    #[test]
    fn float_formats_pass_through() {
        assert_eq!(to_f32(0.25f32), 0.25);
        assert_eq!(to_f32(-0.5f64), -0.5);
    }

    #[test]
    fn i16_round_trips_through_f32_exactly() {
        for v in [i16::MIN, -12345, -1, 0, 1, 777, i16::MAX] {
            assert_eq!(f32_to_i16(to_f32(v)), v);
        }
    }

    #[test]
    fn quantisation_clamps_out_of_range_samples() {
        assert_eq!(f32_to_i16(1.5), i16::MAX);
        assert_eq!(f32_to_i16(-1.5), i16::MIN);
        assert_eq!(f32_to_i16(0.5), 16384);
    }

    #[test]
    fn downmix_averages_channels() {
        assert!(close(downmix_frame(&[0.5f32, -0.5]), 0.0));
        assert!(close(downmix_frame(&[16384i16, 16384]), 0.5));
        assert!(close(downmix_frame(&[0.3f32]), 0.3));
        assert_eq!(downmix_frame::<f32>(&[]), 0.0);
    }

    #[test]
    fn output_conversion_reaches_device_formats() {
        assert_eq!(from_f32::<i16>(0.5), 16384);
        assert_eq!(from_f32::<u16>(0.0), 32768);
        assert_eq!(from_f32::<f32>(0.25), 0.25);
    }
}
