//! The camera in the real window, clicked as a user would: the toggle, the self-view with its
//! light hint, the "no camera" line, and the self-view and "camera on" mark while answering.
//! GStreamer's test pattern stands in for the camera; no test needs hardware.

mod support;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::camera::{self, CameraLister};
use rehearse::data_dir::DataDir;
use rehearse::ui::shell::Shell;

const TOGGLE: &str = "Film my answers (camera), to watch my body language afterwards";

fn window(data: &DataDir, cameras: CameraLister) -> Harness<'static, Shell> {
    let mut h = support::tone_window(data);
    h.state_mut().app_mut().set_camera_lister(cameras);
    h.run();
    h
}

/// Steps frames (the live self-view asks for them) until `label` is shown.
fn wait_for(h: &mut Harness<'_, Shell>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        h.step();
        if h.query_by_label_contains(label).is_some() {
            return;
        }
        assert!(Instant::now() < deadline, "\"{label}\" never shown");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_camera_is_off_until_turned_on_then_shows_the_self_view_with_a_light_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = window(&data, camera::test_camera);
    assert!(!h.state().app().settings.camera.on, "off by default");
    assert!(h.query_by_label_contains("Self-view").is_none());

    h.get_by_label(TOGGLE).click_accesskit();
    h.step();
    assert!(h.state().app().settings.camera.on);
    wait_for(&mut h, "Self-view: what the camera sees");
    // The test pattern is a white ball on black: too dark for a face.
    wait_for(&mut h, "Check your light");
    assert_eq!(
        h.state().app().camera_view().active.as_deref(),
        Some(rehearse::video::TEST_CAMERA_NAME),
        "the first camera found is chosen"
    );

    // Off again: the camera closes.
    h.get_by_label(TOGGLE).click_accesskit();
    for _ in 0..5 {
        h.step();
    }
    assert!(!h.state().app().settings.camera.on);
    assert!(h.query_by_label_contains("Self-view").is_none());
}

#[test]
fn no_camera_says_so_in_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = window(&data, camera::no_camera);
    h.get_by_label(TOGGLE).click_accesskit();
    h.run();
    h.get_by_label(rehearse::ui::camera::NO_CAMERA);
    h.get_by_label("Find cameras");
}

#[test]
fn answering_with_the_camera_on_shows_the_self_view_and_the_camera_mark() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut h = window(&data, camera::test_camera);
    h.state_mut().app_mut().settings.camera.on = true;
    h.step();
    h.get_by_label_contains("Start interview").click();
    h.step();
    h.key_press(egui::Key::Space); // skip thinking
    h.step();
    wait_for(&mut h, "Camera on");
    wait_for(&mut h, "Self-view: what the camera sees");
    // The self-view can be closed and brought back.
    h.get_by_label("Close window").click();
    h.step();
    h.step();
    assert!(h.query_by_label_contains("Self-view: what").is_none());
    h.get_by_label("Show self-view").click();
    wait_for(&mut h, "Self-view: what the camera sees");
    h.key_press(egui::Key::Space); // stop the answer
    for _ in 0..5 {
        h.step();
    }
    let r = h.state().app().rehearsal().unwrap();
    let video = r.session.questions[0].takes[0].video.clone().unwrap();
    assert_eq!(video.file, "q01.webm");
    assert!(r.dir.join("q01.webm").exists());
    // The rate screen: the take's video beside the waveform, and the body-language hint.
    wait_for(&mut h, "The take's video");
    h.get_by_label(rehearse::ui::rate::BODY_LANGUAGE_HINT);
}

#[test]
fn the_video_calls_framing_check_shows_the_self_view_with_its_guide() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    support::write_settings(&data, r#"{"mode": "video"}"#);
    let mut h = window(&data, camera::test_camera);
    h.key_press(egui::Key::Enter);
    h.step();
    h.get_by_label("Before the video call");
    h.get_by_label_contains("Turn the camera on in setup");
    // Back in setup, the camera on; the check shows what it sees.
    h.key_press(egui::Key::Escape);
    h.step();
    h.get_by_label(TOGGLE).click_accesskit();
    h.step();
    h.key_press(egui::Key::Enter);
    h.step();
    h.get_by_label("Before the video call");
    wait_for(
        &mut h,
        "Self-view: what the camera sees, with a framing guide",
    );
    h.get_by_label("Your eyes on the dashed line, your face around the centre mark.");
}
