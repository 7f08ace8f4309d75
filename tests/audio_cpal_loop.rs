//! An A–B loop through the real output path: a take that sounds only between 0.5 s and 1 s,
//! looped over that part and played for 2.5 s, is heard on the virtual speaker's monitor for
//! about 2.5 s, without a gap at the seam, and its position never leaves the loop. Its own
//! test process, so that no other test plays into the speaker meanwhile.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use rehearse::audio::{AudioBackend, CpalBackend};

const RATE: u32 = 44_100; // not the device rate: playback resamples

#[test]
fn a_looped_part_plays_again_and_again_through_the_speaker() {
    let mic = support::audio::VirtualMic::start();
    let take = mic.path("take.wav");
    let loud = (RATE / 2)..RATE;
    let samples = (0..RATE * 3).map(|i| {
        if loud.contains(&i) {
            let t = i as f32 / RATE as f32;
            (0.5 * (2.0 * std::f32::consts::PI * 440.0 * t).sin() * 32767.0) as i16
        } else {
            0
        }
    });
    rehearse::wav::write_i16_mono(&take, RATE, samples).unwrap();

    let heard = mic.path("heard.wav");
    let mut parec = mic.record_speaker(&heard, 16_000);
    std::thread::sleep(Duration::from_millis(300));
    let mut playback = CpalBackend
        .open_playback(&take)
        .expect("the virtual speaker opens");
    let (a, b) = (Duration::from_millis(500), Duration::from_secs(1));
    playback.set_loop(Some((a, b)));
    playback.seek(a);
    playback.play();
    let started = Instant::now();
    let mut outside = Vec::new();
    while started.elapsed() < Duration::from_millis(2500) {
        let at = playback.position();
        if at < a || at > b {
            outside.push(at);
        }
        assert!(playback.poll_error().is_none(), "the speaker failed");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(playback.is_playing(), "a loop plays on");
    drop(playback);
    std::thread::sleep(Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-INT", &parec.id().to_string()])
        .status();
    let _ = parec.wait();

    assert!(
        outside.is_empty(),
        "positions outside the loop: {outside:?}"
    );
    let envelope = support::audio::wav_envelope(&heard);
    let peak = envelope.iter().copied().fold(0.0f32, f32::max);
    let sounding: Vec<bool> = envelope.iter().map(|&e| e > peak * 0.1).collect();
    let first = sounding
        .iter()
        .position(|&s| s)
        .expect("the loop was heard");
    let last = sounding.iter().rposition(|&s| s).unwrap();
    let heard_for = (last + 1 - first) as f64 / 100.0;
    let gaps = sounding[first..=last].iter().filter(|&&s| !s).count();
    eprintln!("heard for {heard_for:.2} s, {gaps} quiet 10 ms frames within");
    assert!(
        heard_for >= 2.0,
        "the 0.5 s part sounded for {heard_for:.2} s, not the 2.5 s it was looped for"
    );
    assert!(gaps <= 2, "{gaps} quiet 10 ms frames at the seams");
}
