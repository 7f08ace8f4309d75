//! The microphone disappears mid-answer (the sound server dies): the take keeps what was
//! recorded, the WAV is valid, and the result says why it ended. Its own test process,
//! because it kills its private PulseAudio daemon.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use rehearse::audio::{AudioBackend, CpalBackend};

#[test]
fn a_microphone_lost_mid_answer_keeps_the_take_and_says_why() {
    let mic = support::audio::VirtualMic::start();
    let take = mic.path("q01.wav");
    let mut recording = CpalBackend
        .start_recording(None, &take)
        .expect("recording starts on the virtual mic");
    let started = Instant::now();
    while recording.stats().frames_written < 48_000 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = recording.stats().frames_written;
    assert!(before >= 48_000, "no audio arrived from the virtual mic");

    // A replay running at the same time loses its speaker too.
    let long_take = mic.path("long.wav");
    let samples = (0..48_000 * 30).map(|i| ((i % 100) as i16 - 50) * 100);
    rehearse::wav::write_i16_mono(&long_take, 48_000, samples).unwrap();
    let mut playback = CpalBackend
        .open_playback(&long_take)
        .expect("playback opens");
    playback.play();

    let pid = std::fs::read_to_string(mic.vm_dir().join("pa.pid")).unwrap();
    let killed = Command::new("kill").args(["-KILL", pid.trim()]).status();
    assert!(
        killed.is_ok_and(|s| s.success()),
        "could not stop the sound server"
    );

    let mut messages = Vec::new();
    let lost = Instant::now();
    while messages.is_empty() && lost.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
        messages.extend(std::iter::from_fn(|| recording.poll_error()));
    }
    eprintln!("events after the server died: {messages:?}");
    assert!(!messages.is_empty(), "the loss was never reported");
    let result = recording.finish().expect("the take is finalised");

    let mut speaker_messages = Vec::new();
    let lost = Instant::now();
    while playback.is_playing() && lost.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
        speaker_messages.extend(std::iter::from_fn(|| playback.poll_error()));
    }
    std::thread::sleep(Duration::from_millis(100));
    speaker_messages.extend(std::iter::from_fn(|| playback.poll_error()));
    eprintln!("playback events: {speaker_messages:?}");
    assert!(!playback.is_playing(), "playback still claims to play");
    assert!(
        speaker_messages
            .iter()
            .any(|e| e.message.contains("speaker"))
    );
    assert!(playback.position() < playback.duration());
    drop(playback); // must not hang on the dead stream
    eprintln!("result: {result:?}");
    let why = result.interrupted.expect("the take is marked interrupted");
    assert!(why.contains("microphone"), "unclear reason: {why}");
    let reader = hound::WavReader::open(&take).expect("the WAV is valid");
    assert!(u64::from(reader.duration()) >= before);
}
