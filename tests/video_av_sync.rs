//! A/V sync through the real capture path (issue 12): a click played into the virtual
//! microphone and a flash of the test camera at one instant lie within one frame (33 ms) of
//! each other in the recorded take once its stored offset is applied. Three takes; the
//! median is judged, since the first `paplay` of a fresh PulseAudio can start late.

mod support;

#[test]
fn a_click_and_a_flash_at_one_instant_lie_within_a_frame_after_the_offset() {
    let _mic = support::audio::virtual_mic();
    let dir = tempfile::tempdir().unwrap();
    let mut apart: Vec<f64> = (0..3)
        .map(|n| {
            let m = support::video::click_after_flash(dir.path(), n).unwrap();
            eprintln!("{m:?}");
            (m.click_s - m.flash_s).abs()
        })
        .collect();
    apart.sort_by(f64::total_cmp);
    assert!(apart[1] <= 1.0 / 30.0, "apart (s): {apart:?}");
}
