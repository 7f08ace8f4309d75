use std::f64::consts::TAU;

use super::*;
use crate::audio::feeder::write_wav;

const RATE: u32 = 48_000;

/// A source over `samples` written at `file_rate`, played at `device_rate`.
fn source(samples: &[f32], file_rate: u32, device_rate: u32) -> (tempfile::TempDir, SpeedSource) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("take.wav");
    write_wav(&path, samples, file_rate);
    let feeder = Feeder::new(crate::wav::open(&path).unwrap(), device_rate).unwrap();
    (dir, SpeedSource::new(feeder))
}

/// `seconds` of a tone whose frequency is `hz(t)` at time t, at −6 dBFS.
fn tone(seconds: f64, rate: u32, hz: impl Fn(f64) -> f64) -> Vec<f32> {
    let mut phase = 0.0f64;
    (0..(seconds * f64::from(rate)) as usize)
        .map(|i| {
            let sample = 0.5 * phase.sin();
            phase = (phase + TAU * hz(i as f64 / f64::from(rate)) / f64::from(rate)) % TAU;
            sample as f32
        })
        .collect()
}

/// 400 Hz for the first half second, then 200 Hz higher every half second.
fn steps(t: f64) -> f64 {
    400.0 + 200.0 * (t / 0.5).floor()
}

/// Reads blocks into one buffer until `until(output frames so far)` or the end, recording
/// every block in `timeline` (nothing is forgotten: `played` is 0).
fn stream(
    source: &mut SpeedSource,
    out: &mut Vec<f32>,
    timeline: &mut Timeline,
    until: impl Fn(usize) -> bool,
) {
    let mut block = Vec::new();
    while !until(out.len()) {
        let Some(span) = source.next_block(&mut block).unwrap() else {
            break;
        };
        timeline.push(out.len() as u64, block.len(), span, 0);
        out.extend_from_slice(&block);
    }
}

/// Asserts that after all of `out` the position is the take frame `end`, within `frames`.
fn assert_ends_at(timeline: &Timeline, out: &[f32], end: usize, frames: f64) {
    let reached = timeline.position(out.len() as u64).unwrap();
    assert!(
        (reached - end as f64).abs() < frames,
        "ends at {reached}, not {end}"
    );
}

/// The tone's frequency over `x`: positive-going zero crossings, interpolated.
fn frequency(x: &[f32], rate: u32) -> f64 {
    let crossings: Vec<f64> = (1..x.len())
        .filter(|&i| x[i - 1] < 0.0 && x[i] >= 0.0)
        .map(|i| (i - 1) as f64 + f64::from(-x[i - 1] / (x[i] - x[i - 1])))
        .collect();
    let span = crossings.last().unwrap() - crossings[0];
    (crossings.len() - 1) as f64 * f64::from(rate) / span
}

/// The amplitude of `hz` in `x` under a Hann window (Goertzel).
fn amplitude(x: &[f32], hz: f64, rate: u32) -> f64 {
    let coefficient = 2.0 * (TAU * hz / f64::from(rate)).cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for (i, &sample) in x.iter().enumerate() {
        let hann = 0.5 - 0.5 * (TAU * i as f64 / x.len() as f64).cos();
        let s = f64::from(sample) * hann + coefficient * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    4.0 * (s1 * s1 + s2 * s2 - coefficient * s1 * s2).sqrt() / x.len() as f64
}

/// The first output frame from `from` on where the tone is mostly `to_hz` rather than
/// `from_hz` (the centre of a 20 ms window; windows 1 ms apart).
fn switch_frame(x: &[f32], from: usize, from_hz: f64, to_hz: f64) -> usize {
    let window = RATE as usize / 50;
    (from..x.len() - window)
        .step_by(RATE as usize / 1000)
        .find(|&i| {
            let w = &x[i..i + window];
            let new = amplitude(w, to_hz, RATE);
            new > amplitude(w, from_hz, RATE) && new > 0.2
        })
        .map(|i| i + window / 2)
        .expect("the frequency changes")
}

#[test]
fn speeds_are_clamped_to_half_and_double() {
    assert_eq!(clamp_speed(0.1), MIN_SPEED);
    assert_eq!(clamp_speed(3.0), MAX_SPEED);
    assert_eq!(clamp_speed(1.25), 1.25);
    assert_eq!(clamp_speed(f32::NAN), 1.0);
    assert_eq!(clamp_speed(f32::INFINITY), MAX_SPEED);
}

#[test]
fn a_tone_keeps_its_pitch_and_its_length_divides_by_the_speed() {
    let input = tone(2.0, RATE, |_| 1000.0);
    for speed in [0.5f32, 1.0, 1.5, 2.0] {
        let (_dir, mut source) = source(&input, RATE, RATE);
        source.set_speed(speed).unwrap();
        assert_eq!(source.speed(), speed);
        let (mut out, mut timeline) = (Vec::new(), Timeline::default());
        stream(&mut source, &mut out, &mut timeline, |_| false);
        let expected = input.len() as f64 / f64::from(speed);
        let length_error = (out.len() as f64 - expected).abs() / expected;
        assert!(
            length_error < 0.01,
            "{speed}x: {} frames, expected {expected}",
            out.len()
        );
        let middle = &out[out.len() / 4..out.len() * 3 / 4];
        let hz = frequency(middle, RATE);
        assert!((hz - 1000.0).abs() < 10.0, "{speed}x: {hz} Hz");
        assert_eq!(timeline.position(0), Some(0.0));
        assert_ends_at(&timeline, &out, input.len(), 1.0);
    }
}

#[test]
fn a_resampled_take_keeps_its_pitch_at_double_speed() {
    // A 44.1 kHz take on a 48 kHz device: rubato, then the stretch.
    let input = tone(2.0, 44_100, |_| 1000.0);
    let (_dir, mut source) = source(&input, 44_100, RATE);
    source.set_speed(2.0).unwrap();
    let (mut out, mut timeline) = (Vec::new(), Timeline::default());
    stream(&mut source, &mut out, &mut timeline, |_| false);
    let expected = f64::from(RATE); // 2 s at 2x, at 48 kHz
    assert!(
        (out.len() as f64 - expected).abs() / expected < 0.01,
        "{}",
        out.len()
    );
    let hz = frequency(&out[out.len() / 4..out.len() * 3 / 4], RATE);
    assert!((hz - 1000.0).abs() < 10.0, "{hz} Hz");
    assert_ends_at(&timeline, &out, input.len(), 2.0);
}

#[test]
fn at_normal_speed_the_samples_pass_untouched() {
    let input = tone(1.0, RATE, steps);
    let (_dir, mut source) = source(&input, RATE, RATE);
    let (mut out, mut timeline) = (Vec::new(), Timeline::default());
    stream(&mut source, &mut out, &mut timeline, |n| n >= 10_240);
    assert!(
        out == input[..out.len()],
        "the plain feed changed the samples"
    );
    // Away from 1x and back: after the 10 ms cross-fade, the plain feed again.
    source.set_speed(1.5).unwrap();
    source.set_speed(1.0).unwrap();
    stream(&mut source, &mut out, &mut timeline, |_| false);
    assert_eq!(out.len(), input.len());
    let faded = 10_240 + FADE_FRAMES;
    assert!(
        out[faded..] == input[faded..],
        "the plain feed did not resume"
    );
}

#[test]
fn the_position_follows_what_is_heard_across_a_speed_change() {
    let input = tone(4.0, RATE, steps);
    let (_dir, mut source) = source(&input, RATE, RATE);
    let (mut out, mut timeline) = (Vec::new(), Timeline::default());
    let changed_at = (0.7 * f64::from(RATE)) as usize;
    stream(&mut source, &mut out, &mut timeline, |n| n >= changed_at);
    source.set_speed(2.0).unwrap();
    stream(&mut source, &mut out, &mut timeline, |n| {
        n >= 2 * RATE as usize
    });
    source.set_speed(0.5).unwrap();
    stream(&mut source, &mut out, &mut timeline, |_| false);
    let rate = f64::from(RATE);
    // Every frequency step is heard where the position says its take time is.
    let mut from = 0;
    for step in 1..8 {
        let at = step as f64 * 0.5;
        let heard = switch_frame(&out, from, steps(at - 0.25), steps(at));
        let position = timeline.position(heard as u64).unwrap() / rate;
        assert!(
            (position - at).abs() < 0.02,
            "the step at {at} s is heard at output {:.3} s, where the position says {position:.3} s",
            heard as f64 / rate
        );
        from = heard;
    }
    // The position never goes back, and ends at the end.
    let positions: Vec<f64> = (0..out.len() as u64)
        .step_by(480)
        .map(|n| timeline.position(n).unwrap())
        .collect();
    assert!(positions.windows(2).all(|p| p[1] >= p[0]));
    assert_ends_at(&timeline, &out, input.len(), 1.0);
}

#[test]
fn a_seek_at_double_speed_starts_at_the_target_and_keeps_the_position() {
    let input = tone(4.0, RATE, steps);
    let (_dir, mut source) = source(&input, RATE, RATE);
    source.set_speed(2.0).unwrap();
    let (mut out, mut timeline) = (Vec::new(), Timeline::default());
    stream(&mut source, &mut out, &mut timeline, |n| {
        n >= RATE as usize / 2
    });
    let target = (1.3 * f64::from(RATE)) as u64;
    source.seek(target).unwrap();
    let (mut after, mut timeline) = (Vec::new(), Timeline::default());
    stream(&mut source, &mut after, &mut timeline, |_| false);
    assert_eq!(timeline.position(0), Some(target as f64));
    let rate = f64::from(RATE);
    // 1.3 s -> 4 s at 2x is 1.35 s.
    let expected = (input.len() as f64 - target as f64) / 2.0;
    assert!(
        (after.len() as f64 - expected).abs() / expected < 0.01,
        "{}",
        after.len()
    );
    let heard = switch_frame(&after, 0, steps(1.4), steps(1.5));
    let position = timeline.position(heard as u64).unwrap() / rate;
    assert!(
        (position - 1.5).abs() < 0.02,
        "1.5 s is heard where the position says {position:.3} s"
    );
    assert!(
        (heard as f64 / rate - 0.1).abs() < 0.02,
        "heard at {} s",
        heard as f64 / rate
    );
}

#[test]
fn changing_speed_does_not_click() {
    let input = tone(4.0, RATE, |_| 1000.0);
    let (_dir, mut source) = source(&input, RATE, RATE);
    let (mut out, mut timeline) = (Vec::new(), Timeline::default());
    let plan = [
        (1.0, 0.3),
        (1.5, 0.8),
        (0.5, 1.3),
        (1.0, 1.6),
        (2.0, 2.0),
        (1.0, 2.5),
    ];
    for (speed, until) in plan {
        source.set_speed(speed).unwrap();
        stream(&mut source, &mut out, &mut timeline, |n| {
            n as f64 >= until * f64::from(RATE)
        });
    }
    // A 1 kHz sine at 0.5 changes by at most A·ω from one sample to the next, and its slope
    // by at most A·ω²; a click is a jump well above either.
    let omega = TAU * 1000.0 / f64::from(RATE);
    let worst_step = out
        .windows(2)
        .map(|w| f64::from((w[1] - w[0]).abs()))
        .fold(0.0, f64::max);
    let worst_bend = out
        .windows(3)
        .map(|w| f64::from((w[2] - 2.0 * w[1] + w[0]).abs()))
        .fold(0.0, f64::max);
    assert!(worst_step < 1.1 * 0.5 * omega, "a step of {worst_step}");
    assert!(
        worst_bend < 1.25 * 0.5 * omega * omega,
        "a bend of {worst_bend}"
    );
}

#[test]
fn the_timeline_interpolates_within_blocks_and_forgets_played_ones() {
    let mut timeline = Timeline::default();
    assert_eq!(timeline.position(0), None);
    let span = |start, end| Span { start, end };
    timeline.push(0, 100, span(1000.0, 1200.0), 0);
    timeline.push(100, 100, span(1200.0, 1250.0), 0);
    assert_eq!(timeline.position(0), Some(1000.0));
    assert_eq!(timeline.position(50), Some(1100.0));
    assert_eq!(timeline.position(150), Some(1225.0));
    assert_eq!(timeline.position(500), Some(1250.0));
    // Once 120 frames are played, the first block is forgotten; positions stay right.
    timeline.push(200, 100, span(1250.0, 1300.0), 120);
    assert_eq!(timeline.blocks.len(), 2);
    assert_eq!(timeline.position(120), Some(1210.0));
    assert_eq!(timeline.position(250), Some(1275.0));
    timeline.clear();
    assert_eq!(timeline.position(250), None);
}

/// Streams `seconds` of output with a loop from 1 s to 2 s at `speed`, and returns the take
/// position after every block (in seconds) and the output.
fn looped(input: &[f32], speed: f32, seconds: f64) -> (Vec<f64>, Vec<f32>) {
    let (_dir, mut source) = source(input, RATE, RATE);
    source.set_speed(speed).unwrap();
    source.set_loop(Some((u64::from(RATE), 2 * u64::from(RATE))));
    let (mut out, mut timeline) = (Vec::new(), Timeline::default());
    let mut positions = Vec::new();
    let mut block = Vec::new();
    while (out.len() as f64) < seconds * f64::from(RATE) {
        let span = source
            .next_block(&mut block)
            .unwrap()
            .expect("a loop never ends");
        timeline.push(out.len() as u64, block.len(), span, 0);
        out.extend_from_slice(&block);
        positions.push(timeline.position(out.len() as u64).unwrap() / f64::from(RATE));
    }
    (positions, out)
}

#[test]
fn an_a_b_loop_plays_from_a_to_b_again_and_again_at_any_speed() {
    let input = tone(4.0, RATE, steps);
    for speed in [1.0, 2.0, 0.5] {
        let (positions, out) = looped(&input, speed, 6.0);
        // Playing starts at 0, reaches B, and from then on stays between A and B.
        let first_lap = positions.iter().position(|&p| p >= 1.999).unwrap();
        let after = &positions[first_lap + 1..];
        assert!(!after.is_empty());
        assert!(
            after.iter().all(|&p| (1.0..=2.0 + 1e-9).contains(&p)),
            "at {speed}×: {after:?}"
        );
        // 6 s of output at this speed cover (6 × speed − 1) s of the one-second loop.
        let laps = after.windows(2).filter(|w| w[1] < w[0]).count() + 1;
        let expected = (6.0 * f64::from(speed) - 1.0).floor() as usize;
        assert!(laps.abs_diff(expected) <= 1, "{laps} laps at {speed}×");
        assert!(out.len() >= 6 * RATE as usize);
    }
}

#[test]
fn going_round_a_loop_does_not_click() {
    // 1 kHz at 48 kHz is 48 frames a cycle: B a third of a cycle past a whole second puts the
    // seam mid-cycle, a jump of up to the full swing without the fade.
    let input = tone(4.0, RATE, |_| 1000.0);
    let (_dir, mut source) = source(&input, RATE, RATE);
    source.set_loop(Some((u64::from(RATE), 2 * u64::from(RATE) + 16)));
    let mut out = Vec::new();
    let mut block = Vec::new();
    while out.len() < 4 * RATE as usize {
        source.next_block(&mut block).unwrap().unwrap();
        out.extend_from_slice(&block);
    }
    let omega = TAU * 1000.0 / f64::from(RATE);
    let worst_step = out
        .windows(2)
        .map(|w| f64::from((w[1] - w[0]).abs()))
        .fold(0.0, f64::max);
    assert!(worst_step < 1.1 * 0.5 * omega, "a step of {worst_step}");
}
