//! With no audio server at all, opening the microphone fails fast with `NoMicrophone`
//! (and playback with `NoSpeaker`), never a panic or a hang.
//!
//! The environment must differ from the other tests (no PulseAudio, an empty ALSA config),
//! so the checks run in a child process of this test binary.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rehearse::audio::{AudioBackend, AudioError, CpalBackend};

const CHILD: &str = "REHEARSE_NO_DEVICE_CHILD";

/// The actual checks; does nothing unless started by [`no_audio_server_means_no_microphone`].
#[test]
fn no_device_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let backend = CpalBackend;
    let _ = backend.input_devices(); // may be empty or list "default": either is fine

    let started = Instant::now();
    let path = dir.path().join("q01.wav");
    match backend.start_recording(None, &path) {
        Err(AudioError::NoMicrophone(message)) => eprintln!("recording: {message}"),
        Err(other) => panic!("expected NoMicrophone, got {other:?}"),
        Ok(_) => panic!("recording started without any audio server"),
    }
    assert!(!path.exists(), "a failed start must not leave a WAV behind");
    match backend.start_monitor(Some("Some USB microphone")) {
        Err(AudioError::NoMicrophone(message)) => eprintln!("monitor: {message}"),
        Err(other) => panic!("expected NoMicrophone, got {other:?}"),
        Ok(_) => panic!("monitor started without any audio server"),
    }
    eprintln!("NoMicrophone reported after {:?}", started.elapsed());

    let take = dir.path().join("take.wav");
    rehearse::wav::write_i16_mono(&take, 48_000, [0i16]).unwrap();
    match backend.open_playback(&take) {
        Err(AudioError::NoSpeaker(message)) => eprintln!("playback: {message}"),
        Err(other) => panic!("expected NoSpeaker, got {other:?}"),
        Ok(_) => panic!("playback opened without any audio server"),
    }
    // A missing file is an unreadable take, whatever the device.
    assert!(matches!(
        backend.open_playback(Path::new("/nonexistent/take.wav")),
        Err(AudioError::Unreadable(_))
    ));
}

fn run_child(extra_env: &[(&str, &Path)]) {
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "no_device_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("PULSE_SERVER", "unix:/nonexistent/pulse/native")
        .env("XDG_RUNTIME_DIR", dir.path())
        .env("PIPEWIRE_REMOTE", "/nonexistent/pipewire-0")
        .stdin(Stdio::null());
    for (key, value) in extra_env {
        command.env(key, value);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("the test binary runs itself");
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "no-device checks failed: {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("opening a missing device hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn no_audio_server_means_no_microphone() {
    run_child(&[]);
}

#[test]
fn an_empty_alsa_config_means_no_microphone() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("asound.conf");
    std::fs::write(&config, "# no devices at all\n").unwrap();
    run_child(&[("ALSA_CONFIG_PATH", &config)]);
}
