//! The capture pipeline without a device: ring + writer thread + WAV, and the synthetic backend.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use rehearse::audio::convert::f32_to_i16;
use rehearse::audio::{
    AudioBackend, AudioError, SyntheticBackend, WriterOptions, capture_pipeline, spawn_writer,
};

mod support;

use support::audio::{WriterRig, writer_rig};
use support::wait_until;

const RATE: u32 = 48_000;

/// A deterministic test signal: two tones plus a ramp, full use of the i16 range.
fn signal(frames: usize) -> Vec<f32> {
    (0..frames)
        .map(|i| {
            let t = i as f32 / RATE as f32;
            0.6 * (2.0 * std::f32::consts::PI * 220.0 * t).sin()
                + 0.3 * (2.0 * std::f32::consts::PI * 3_100.0 * t).sin()
                + 0.1 * ((i % 997) as f32 / 997.0 - 0.5)
        })
        .collect()
}

fn read_i16(path: &Path) -> (hound::WavSpec, Vec<i16>) {
    let mut reader = hound::WavReader::open(path).expect("a readable WAV");
    let spec = reader.spec();
    let samples = reader.samples::<i16>().map(|s| s.unwrap()).collect();
    (spec, samples)
}

#[test]
fn a_synthetic_source_through_ring_and_writer_is_sample_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("take.wav");
    let input_signal = signal(RATE as usize * 3 + 123);
    let WriterRig {
        mut input,
        shared,
        writer,
        ..
    } = writer_rig(&path, RATE, WriterOptions::new(RATE));
    // Feed callback-sized blocks, waiting for room like a paced device would (never dropping).
    for block in input_signal.chunks(441) {
        assert!(wait_until(Duration::from_secs(30), || input.free_slots()
            >= block.len()));
        input.push_mono(block);
    }
    drop(input);
    let outcome = writer.finish().expect("writer finishes");
    assert_eq!(outcome.frames_written, input_signal.len() as u64);
    assert_eq!(outcome.interrupted, None);
    assert_eq!(shared.stats().dropped_frames, 0);

    let (spec, samples) = read_i16(&path);
    assert_eq!(spec.channels, 1);
    assert_eq!(spec.sample_rate, RATE);
    assert_eq!(spec.bits_per_sample, 16);
    let expected: Vec<i16> = input_signal.iter().map(|&s| f32_to_i16(s)).collect();
    assert_eq!(samples, expected);
}

#[test]
fn interleaved_stereo_i16_is_downmixed_to_mono() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stereo.wav");
    let WriterRig {
        mut input, writer, ..
    } = writer_rig(&path, RATE, WriterOptions::new(RATE));
    let frames: Vec<i16> = (0..4800)
        .flat_map(|i| [i as i16, -(i as i16) + 200])
        .collect();
    input.push_interleaved(&frames, 2);
    drop(input);
    writer.finish().unwrap();
    let (_, samples) = read_i16(&path);
    assert_eq!(samples.len(), 4800);
    assert!(samples.iter().all(|&s| s == 100));
}

#[test]
fn a_full_ring_counts_dropped_frames() {
    let (mut input, _consumer) = capture_pipeline(1000); // ring of 2000 frames, never drained
    let shared = input.shared();
    let capacity = input.free_slots();
    input.push_mono(&vec![0.1; capacity + 500]);
    input.push_mono(&[0.1; 300]);
    assert_eq!(shared.stats().dropped_frames, 800);
}

#[test]
fn a_take_killed_midway_is_readable_up_to_the_last_flush() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("killed.wav");
    let input_signal = signal(RATE as usize * 2);
    let WriterRig {
        mut input,
        shared,
        writer,
        ..
    } = writer_rig(&path, RATE, WriterOptions::new(RATE));
    input.push_mono(&input_signal[..RATE as usize]);
    // Wait for the periodic flush to cover what was pushed, then copy the file as a crash
    // would leave it: the writer is still running and the file was never finalised.
    assert!(wait_until(Duration::from_secs(60), || shared
        .flushed_frames()
        >= u64::from(RATE)));
    let crashed = dir.path().join("crashed.wav");
    std::fs::copy(&path, &crashed).unwrap();
    let (_, samples) = read_i16(&crashed);
    let expected: Vec<i16> = input_signal[..RATE as usize]
        .iter()
        .map(|&s| f32_to_i16(s))
        .collect();
    assert_eq!(samples, expected);

    // Dropping without finish still finalises everything pushed.
    input.push_mono(&input_signal[RATE as usize..]);
    drop(input);
    drop(writer);
    let (_, samples) = read_i16(&path);
    assert_eq!(samples.len(), input_signal.len());
}

#[test]
fn the_writer_stops_at_the_length_limit_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.wav");
    let options = WriterOptions {
        max_frames: 1000,
        ..WriterOptions::new(RATE)
    };
    let WriterRig {
        mut input,
        writer,
        events: events_rx,
        ..
    } = writer_rig(&path, RATE, options);
    input.push_mono(&[0.25; 3000]);
    drop(input);
    let outcome = writer.finish().unwrap();
    assert_eq!(outcome.frames_written, 1000);
    assert!(outcome.interrupted.unwrap().contains("limit"));
    assert!(events_rx.try_iter().any(|e| e.is_fatal()));
    assert_eq!(read_i16(&path).1.len(), 1000);
}

#[test]
fn an_unwritable_path_is_a_file_error() {
    let (_input, consumer) = capture_pipeline(RATE);
    let (events, _rx) = mpsc::channel();
    let shared = _input.shared();
    let result = spawn_writer(
        consumer,
        Path::new("/nonexistent-dir/q01.wav"),
        shared,
        WriterOptions::new(RATE),
        events,
    );
    assert!(matches!(result, Err(AudioError::File(_))));
}

#[test]
fn the_synthetic_backend_records_its_signal_in_real_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q01.wav");
    let tone = signal(RATE as usize);
    let backend = SyntheticBackend::new(tone.clone(), RATE);
    assert_eq!(backend.input_devices().len(), 1);
    let mut recording = backend.start_recording(None, &path).unwrap();
    assert!(wait_until(Duration::from_secs(60), || recording
        .stats()
        .frames_written
        >= u64::from(RATE) / 2));
    assert!(recording.level().rms_dbfs() > -20.0);
    assert_eq!(recording.poll_error(), None);
    let result = recording.finish().unwrap();
    assert_eq!(result.sample_rate, RATE);
    assert_eq!(result.dropped_frames, 0);
    assert_eq!(result.interrupted, None);
    let (_, samples) = read_i16(&path);
    assert!(samples.len() >= RATE as usize / 2);
    assert_eq!(
        result.duration,
        Duration::from_secs_f64(samples.len() as f64 / f64::from(RATE))
    );
    // The loop starts at the beginning of the signal, sample for sample.
    for (i, &s) in samples.iter().enumerate() {
        assert_eq!(s, f32_to_i16(tone[i % tone.len()]), "sample {i}");
    }
}

#[test]
fn a_synthetic_device_loss_keeps_the_audio_and_marks_the_take_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lost.wav");
    let backend = SyntheticBackend::tone(440.0, 0.3, 8_000)
        .with_device_loss_after(Duration::from_millis(300));
    let mut recording = backend.start_recording(None, &path).unwrap();
    let mut message = None;
    assert!(wait_until(Duration::from_secs(60), || {
        message = message.take().or_else(|| recording.poll_error());
        message.is_some()
    }));
    assert!(message.unwrap().message.contains("disconnected"));
    let result = recording.finish().unwrap();
    assert!(result.interrupted.unwrap().contains("disconnected"));
    let (_, samples) = read_i16(&path);
    assert_eq!(samples.len(), 2400);
}

#[test]
fn synthetic_monitor_and_playback_work_without_a_device() {
    let backend = SyntheticBackend::tone(440.0, 0.5, 16_000);
    let monitor = backend.start_monitor(None).unwrap();
    assert!(wait_until(Duration::from_secs(60), || monitor
        .level()
        .peak_dbfs()
        > -7.0));
    drop(monitor);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.wav");
    rehearse::wav::write_i16_mono(&path, 8000, std::iter::repeat_n(0i16, 16_000)).unwrap();
    let mut playback = backend.open_playback(&path).unwrap();
    assert_eq!(playback.duration(), Duration::from_secs(2));
    assert!(!playback.is_playing());
    playback.play();
    assert!(playback.is_playing());
    playback.seek(Duration::from_secs(5));
    assert!(!playback.is_playing());
    assert_eq!(playback.position(), Duration::from_secs(2));
}

#[test]
fn a_source_that_goes_quiet_is_reported_as_a_stall() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stalled.wav");
    let WriterRig {
        mut input,
        writer,
        events: events_rx,
        ..
    } = writer_rig(&path, RATE, WriterOptions::new(RATE));
    input.push_mono(&[0.1; 480]); // one callback, then nothing: the device went silent
    let mut seen = Vec::new();
    assert!(wait_until(Duration::from_secs(60), || {
        seen.extend(events_rx.try_iter());
        seen.iter()
            .any(|e| e.message.contains("stopped sending audio"))
    }));
    assert!(
        seen.iter().all(|e| !e.is_fatal()),
        "a stall alone does not end the take"
    );
    let outcome = writer.finish().unwrap();
    assert_eq!(outcome.frames_written, 480);
    assert!(
        outcome
            .interrupted
            .unwrap()
            .contains("stopped sending audio")
    );
}

const KILL_CHILD: &str = "REHEARSE_KILLED_WRITER_CHILD";

/// Child half of the kill test: records into the given path, says when a flush covers one
/// second, then waits to be killed.
#[test]
fn killed_writer_child() {
    let Some(path) = std::env::var_os(KILL_CHILD) else {
        return;
    };
    let WriterRig {
        mut input,
        shared,
        writer: _writer,
        ..
    } = writer_rig(Path::new(&path), RATE, WriterOptions::new(RATE));
    input.push_mono(&signal(RATE as usize));
    assert!(wait_until(Duration::from_secs(60), || shared
        .flushed_frames()
        >= u64::from(RATE)));
    input.push_mono(&signal(RATE as usize / 2)); // written after the flush, maybe not covered
    println!("FLUSHED");
    std::thread::sleep(Duration::from_secs(120));
}

#[test]
fn a_process_killed_mid_take_leaves_a_wav_readable_up_to_the_last_flush() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.wav");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "killed_writer_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(KILL_CHILD, &path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let flushed = stdout
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains("FLUSHED"));
    child.kill().unwrap(); // SIGKILL: no destructor, no finalize
    let _ = child.wait();
    assert!(flushed, "the child never flushed");
    let (spec, samples) = read_i16(&path);
    assert_eq!((spec.channels, spec.sample_rate), (1, RATE));
    assert!(samples.len() >= RATE as usize);
    let expected: Vec<i16> = signal(RATE as usize)
        .iter()
        .map(|&s| f32_to_i16(s))
        .collect();
    assert_eq!(samples[..RATE as usize], expected[..]);
}
