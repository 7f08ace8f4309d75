//! A/V sync through the real capture path (issue 12): a click played into the virtual
//! microphone and a flash of the test camera at one instant lie within one frame (33 ms) of
//! each other in the recorded take once its stored offset is applied. Every take is judged,
//! the first one after PulseAudio started included: that is the one whose first samples come
//! hundreds of milliseconds after its stream was started. Each take has two such instants,
//! 2 s and 6 s in, so a take whose picture and sound drift apart fails too.

mod support;

use std::time::Duration;

#[test]
fn a_click_and_a_flash_at_one_instant_lie_within_a_frame_after_the_offset() {
    let _mic = support::audio::virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    // Two instants per take: the second shows that the two stay together through the take.
    let instants = [Duration::from_secs(2), Duration::from_secs(6)];
    let mut apart = Vec::new();
    for n in 0..3 {
        let landed = support::video::clicks_and_flashes(dir.path(), n, &instants).unwrap();
        for (m, at) in landed.iter().zip(instants) {
            eprintln!(
                "take {n} at {at:?}: click {:.4} s, flash {:.4} s (offset {} ms): {:+.1} ms \
                 apart, of which {:+.1} ms the flash frame's own distance from the instant, \
                 {:+.1} ms the take's error (uncorrected for the microphone's clock, {} ppm \
                 fast: {:+.1} ms); the first sample came {:.1} ms after the stream started; the \
                 click {:+.1} ms after the instant (fed {:+.1} ms)",
                m.click_s,
                m.flash_s,
                m.offset_ms,
                m.apart_ms(),
                -m.flash_late_ms,
                m.sync_error_ms(),
                m.audio_ppm,
                m.uncorrected_apart_ms(),
                m.audio_late_ms,
                m.click_late_ms,
                m.fed_late_ms
            );
            apart.push(m.apart_ms() / 1000.0);
        }
    }
    assert!(
        apart.iter().all(|a| a.abs() <= 1.0 / 30.0),
        "click − flash (s): {apart:?}"
    );
}
