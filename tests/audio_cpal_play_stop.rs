//! Playback must not stop the moment it starts: ALSA's pulse plugin can fail
//! `snd_pcm_avail_delay` with an I/O error just after a stream opens (its timing data is not
//! ready yet). 50 play/stop cycles through the virtual speaker, each of which must play on
//! without an error, and each of which must be heard on the speaker's monitor.
//! Its own test process, so that no other test plays into the speaker meanwhile.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use rehearse::audio::{AudioBackend, CpalBackend};

const CYCLES: usize = 50;
/// How much of the tone each cycle plays before it is stopped.
const PLAYED: Duration = Duration::from_millis(400);
/// Silence between cycles, so that each one is a separate burst on the monitor.
const GAP: Duration = Duration::from_millis(400);
const RATE: u32 = 44_100; // not the device rate: playback resamples

/// Bursts of sound at least 100 ms long, separated by at least 100 ms of quiet.
fn bursts(envelope: &[f32], gate: f32) -> Vec<usize> {
    let mut lengths = Vec::new();
    let (mut run, mut quiet) = (0usize, 10usize);
    for &e in envelope {
        if e > gate {
            if run == 0 && quiet < 10 {
                // a short dip inside a burst: continue the last one
                run = lengths.pop().unwrap_or(0) + quiet;
            }
            run += 1;
            quiet = 0;
        } else {
            if run > 0 {
                lengths.push(run);
                run = 0;
            }
            quiet += 1;
        }
    }
    if run > 0 {
        lengths.push(run);
    }
    lengths.retain(|&l| l >= 10);
    lengths
}

#[test]
fn fifty_play_stop_cycles_all_play() {
    let mic = support::audio::VirtualMic::start();
    let tone = mic.path("tone.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(&tone, spec).unwrap();
    for i in 0..RATE * 2 {
        let t = i as f32 / RATE as f32;
        let s = 0.5 * (2.0 * std::f32::consts::PI * 440.0 * t).sin();
        writer.write_sample((s * 32767.0) as i16).unwrap();
    }
    writer.finalize().unwrap();

    let heard = mic.path("heard.wav");
    let mut parec = mic.record_speaker(&heard, 16_000);

    let mut failures = Vec::new();
    let mut opened_in = Vec::new();
    for cycle in 0..CYCLES {
        let asked = Instant::now();
        let mut playback = match CpalBackend.open_playback(&tone) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("cycle {cycle}: open failed: {e} ({})", e.detail()));
                continue;
            }
        };
        opened_in.push(asked.elapsed());
        playback.play();
        let started = Instant::now();
        let mut event = None;
        while playback.position() < PLAYED && started.elapsed() < Duration::from_secs(10) {
            if let Some(e) = playback.poll_error() {
                event = Some(e);
                break;
            }
            if !playback.is_playing() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        if let Some(e) = event.or_else(|| playback.poll_error()) {
            failures.push(format!("cycle {cycle}: stopped: {e} ({})", e.detail()));
        } else if !playback.is_playing() || playback.position() < PLAYED {
            failures.push(format!(
                "cycle {cycle}: stopped at {:?} without an error",
                playback.position()
            ));
        }
        drop(playback);
        std::thread::sleep(GAP);
    }
    std::thread::sleep(Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-INT", &parec.id().to_string()])
        .status();
    let _ = parec.wait();

    let slowest = opened_in.iter().max().copied().unwrap_or_default();
    eprintln!(
        "{} cycles, slowest open {slowest:?}, failures: {failures:#?}",
        CYCLES
    );
    assert!(
        failures.is_empty(),
        "{} of {CYCLES} cycles failed",
        failures.len()
    );
    let envelope = support::audio::wav_envelope(&heard);
    let peak = envelope.iter().copied().fold(0.0f32, f32::max);
    let bursts = bursts(&envelope, peak * 0.1);
    eprintln!("bursts heard (10 ms frames): {bursts:?}");
    assert_eq!(bursts.len(), CYCLES, "every cycle is heard on the speaker");
}
