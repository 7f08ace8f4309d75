//! Real cpal capture and playback through a private PulseAudio daemon with null sinks
//! (`scripts/virtual-mic.sh`): espeak-ng speech played into the virtual mic is recorded by
//! `CpalBackend`; a take played by `CpalBackend` is recorded from the virtual speaker, at
//! normal speed and at 2× (a tone: its pitch and length).
//!
//! Needs pulseaudio, pulseaudio-utils, libasound2-plugins, espeak-ng and sox
//! (`scripts/install-system-deps.sh --test`). One daemon per test process, stopped when the
//! last test using it ends (also on failure).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use rehearse::audio::{AudioBackend, CpalBackend, Playback};
use support::audio::{VirtualMic, virtual_mic};
use support::wait_until;

const SENTENCE: &str = "Tell me about a time you solved a hard problem at work, \
    and what you would do differently next time.";
/// Analysis rate: both signals are converted to it with sox before comparing.
const RATE: u32 = 16_000;

/// The virtual mic is one sink: tests that play into it take turns.
fn mic_turn() -> std::sync::MutexGuard<'static, ()> {
    static MIC: Mutex<()> = Mutex::new(());
    MIC.lock().unwrap_or_else(|e| e.into_inner())
}

/// The virtual speaker is one sink: tests that play into it take turns.
fn speaker_turn() -> std::sync::MutexGuard<'static, ()> {
    static SPEAKER: Mutex<()> = Mutex::new(());
    SPEAKER.lock().unwrap_or_else(|e| e.into_inner())
}

fn run(command: &mut Command) {
    let status = command
        .stdin(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(status.success(), "{command:?} failed: {status}");
}

fn speech(mic: &VirtualMic, name: &str) -> PathBuf {
    let path = mic.path(name);
    run(Command::new("espeak-ng").arg("-w").arg(&path).arg(SENTENCE));
    path
}

/// Mono f32 at the analysis rate (sox resamples).
fn load_at_analysis_rate(mic: &VirtualMic, wav: &Path) -> Vec<f32> {
    let converted = mic.path(&format!(
        "{}-16k.wav",
        wav.file_stem().unwrap().to_string_lossy()
    ));
    run(Command::new("sox")
        .arg(wav)
        .args(["-b", "16", "-c", "1", "-r", &RATE.to_string()])
        .arg(&converted));
    let audio = rehearse::wav::read_mono(&converted).unwrap();
    assert_eq!(audio.info.spec.sample_rate, RATE);
    audio.samples
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|s| s * s).sum::<f32>() / x.len().max(1) as f32).sqrt()
}

/// 10 ms RMS frames.
fn envelope(x: &[f32]) -> Vec<f32> {
    x.chunks(RATE as usize / 100).map(rms).collect()
}

/// Length of the part above −35 dB of the loudest 10 ms frame, in seconds.
fn active_seconds(x: &[f32]) -> f64 {
    let env = envelope(x);
    let peak = env.iter().cloned().fold(0.0f32, f32::max);
    let gate = peak * 10f32.powf(-35.0 / 20.0);
    let first = env.iter().position(|&e| e > gate).unwrap_or(0);
    let last = env.iter().rposition(|&e| e > gate).unwrap_or(0);
    (last + 1 - first) as f64 / 100.0
}

fn correlation(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = (a.iter().map(|x| x * x).sum::<f32>() * b.iter().map(|y| y * y).sum::<f32>()).sqrt();
    if norm > 0.0 { dot / norm } else { 0.0 }
}

/// Where `source` starts inside `recorded` (in samples) and the correlation there:
/// coarse search on 10 ms envelopes, then sample by sample around the best envelope lag.
fn align(source: &[f32], recorded: &[f32]) -> (usize, f32) {
    let (env_s, env_r) = (envelope(source), envelope(recorded));
    let hop = RATE as usize / 100;
    let coarse = (0..env_r.len().saturating_sub(env_s.len() / 2))
        .max_by(|&a, &b| {
            correlation(&env_s, &env_r[a..]).total_cmp(&correlation(&env_s, &env_r[b..]))
        })
        .unwrap_or(0);
    let from = (coarse * hop).saturating_sub(2 * hop);
    let to = (coarse * hop + 2 * hop).min(recorded.len().saturating_sub(1));
    (from..=to)
        .map(|lag| (lag, correlation(source, &recorded[lag..])))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, 0.0))
}

/// The best correlation of `window` (starting at `expected` in `recorded`) within ±100 ms.
fn window_correlation(window: &[f32], recorded: &[f32], expected: usize) -> f32 {
    let reach = RATE as usize / 10;
    let last = recorded.len().saturating_sub(window.len());
    let lags = expected.saturating_sub(reach)..=(expected + reach).min(last);
    let corr_at = |lag: usize| correlation(window, &recorded[lag..lag + window.len()]);
    let coarse = lags
        .clone()
        .step_by(4)
        .max_by(|&a, &b| corr_at(a).total_cmp(&corr_at(b)))
        .unwrap_or(0);
    (coarse.saturating_sub(4)..=(coarse + 4).min(last))
        .map(corr_at)
        .fold(f32::MIN, f32::max)
}

/// Compares what came back with what was sent: duration, energy and correlation.
///
/// Correlation is checked per second of speech, each second aligned on its own, so one
/// glitch on a loaded machine (a late callback, an xrun) does not hide that the rest matches.
fn assert_same_speech(what: &str, source: &[f32], recorded: &[f32]) {
    let (lag, corr) = align(source, recorded);
    let n = source.len().min(recorded.len() - lag);
    let segment = &recorded[lag..lag + n];
    let (rms_src, rms_rec) = (rms(&source[..n]), rms(segment));
    let (active_src, active_rec) = (active_seconds(source), active_seconds(segment));
    let second = RATE as usize;
    let windows: Vec<f32> = source
        .chunks_exact(second)
        .enumerate()
        .filter(|(_, w)| rms(w) > 0.2 * rms_src)
        .map(|(i, w)| window_correlation(w, recorded, lag + i * second))
        .collect();
    let matching = windows.iter().filter(|&&c| c > 0.8).count();
    eprintln!(
        "{what}: lag {:.3} s, correlation {corr:.3} (per second: {windows:.3?}), \
         RMS source {rms_src:.4} recorded {rms_rec:.4}, speech {active_src:.2} s vs {active_rec:.2} s",
        lag as f64 / f64::from(RATE)
    );
    assert!(
        n as f64 >= 0.98 * source.len() as f64,
        "{what}: recording too short"
    );
    assert!(
        windows.len() >= 3 && matching * 4 >= windows.len() * 3,
        "{what}: only {matching} of {} seconds match the source",
        windows.len()
    );
    let ratio = rms_rec / rms_src;
    assert!((0.7..1.4).contains(&ratio), "{what}: RMS ratio {ratio}");
    assert!(
        (active_rec - active_src).abs() <= 0.1 * active_src + 0.05,
        "{what}: speech lasts {active_rec} s, source {active_src} s"
    );
}

#[test]
fn cpal_records_speech_played_into_the_virtual_mic() {
    let mic = virtual_mic();
    let _turn = mic_turn();
    let source = speech(&mic, "speech.wav");
    let backend = CpalBackend;
    let devices = backend.input_devices();
    eprintln!("input devices: {devices:?}");
    assert!(devices.first().is_some_and(|d| d.is_default));
    // Only devices that can be opened for input are offered (no JACK without a server, no OSS).
    for d in &devices {
        assert!(
            !d.name.contains("JACK") && !d.name.contains("Open Sound"),
            "{devices:?}"
        );
    }

    let take = mic.path("q01.wav");
    // A remembered device that no longer exists falls back to the default.
    let mut recording = backend
        .start_recording(Some("A microphone unplugged long ago"), &take)
        .expect("recording starts on the virtual mic");
    assert!(
        wait_until(Duration::from_secs(30), || recording.stats().frames_written
            > 0),
        "no audio arrived from the virtual mic"
    );
    run(Command::new("paplay").arg("--device=virtmic").arg(&source));
    std::thread::sleep(Duration::from_millis(800));
    while let Some(event) = recording.poll_error() {
        eprintln!("capture event: {event} ({})", event.detail());
    }
    let peak_during_take = recording.level().peak_dbfs();
    let result = recording.finish().expect("recording finishes");
    eprintln!("capture result: {result:?}, last level peak {peak_during_take:.1} dBFS");

    let reader = hound::WavReader::open(&take).unwrap();
    let spec = reader.spec();
    assert_eq!((spec.channels, spec.bits_per_sample), (1, 16));
    assert_eq!(spec.sample_format, hound::SampleFormat::Int);
    assert_eq!(spec.sample_rate, result.sample_rate);
    let frames = u64::from(reader.duration());
    assert_eq!(
        result.duration,
        Duration::from_secs_f64(frames as f64 / f64::from(spec.sample_rate))
    );
    assert!(
        result.dropped_frames * 100 <= frames,
        "{} frames dropped",
        result.dropped_frames
    );
    assert_eq!(result.interrupted, None);

    if let Some(keep) = std::env::var_os("REHEARSE_KEEP_AUDIO") {
        // For a look by ear or with `sox FILE -n stat`.
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&source, keep.join("capture-source.wav")).unwrap();
        std::fs::copy(&take, keep.join("capture-recorded.wav")).unwrap();
    }
    let source = load_at_analysis_rate(&mic, &source);
    let recorded = load_at_analysis_rate(&mic, &take);
    assert_same_speech("capture", &source, &recorded);
}

#[test]
fn cpal_plays_a_take_into_the_virtual_speaker() {
    let mic = virtual_mic();
    let _turn = speaker_turn();
    // espeak-ng writes 22050 Hz: playback resamples it to the device rate with rubato.
    let take = speech(&mic, "take.wav");
    let heard = mic.path("heard.wav");
    let parec = mic.record_speaker(&heard, 48_000);

    let backend = CpalBackend;
    let mut playback = backend.open_playback(&take).expect("playback opens");
    let expected = Duration::from_secs_f64(rehearse::wav::open(&take).unwrap().info().duration_s());
    assert_eq!(playback.duration(), expected);
    assert!(!playback.is_playing());
    assert_eq!(playback.position(), Duration::ZERO);
    playback.play();
    assert!(playback.is_playing());
    play_to_the_end(playback.as_mut(), Duration::from_secs(60));
    assert_eq!(playback.position(), expected);
    while let Some(event) = playback.poll_error() {
        eprintln!("playback event: {event} ({})", event.detail());
    }
    stop_after_the_tail(playback, parec);

    if let Some(keep) = std::env::var_os("REHEARSE_KEEP_AUDIO") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&take, keep.join("playback-source.wav")).unwrap();
        std::fs::copy(&heard, keep.join("playback-heard.wav")).unwrap();
    }
    let source = load_at_analysis_rate(&mic, &take);
    let recorded = load_at_analysis_rate(&mic, &heard);
    assert_same_speech("playback", &source, &recorded);
}

#[test]
fn playback_goes_to_the_chosen_output_by_name_and_to_the_default_when_it_is_gone() {
    let mic = virtual_mic();
    let _turn = speaker_turn();
    let take = speech(&mic, "chosen.wav");
    let outputs = CpalBackend.output_devices();
    let default = outputs.first().expect("the virtual speaker is listed");
    assert!(default.is_default);
    let chosen = rehearse::audio::ChosenOutput::new(Box::new(CpalBackend));
    for name in [
        Some(default.name.as_str()),
        Some("A speaker unplugged long ago"),
    ] {
        chosen.choose(name);
        let heard = mic.path("chosen-heard.wav");
        let parec = mic.record_speaker(&heard, 48_000);
        let mut playback = chosen.open_playback(&take).expect("playback opens");
        playback.play();
        play_to_the_end(playback.as_mut(), Duration::from_secs(60));
        stop_after_the_tail(playback, parec);
        let source = load_at_analysis_rate(&mic, &take);
        let recorded = load_at_analysis_rate(&mic, &heard);
        assert_same_speech("chosen output", &source, &recorded);
    }
}

#[test]
fn cpal_playback_pauses_and_seeks() {
    let mic = virtual_mic();
    let _turn = speaker_turn();
    let take = speech(&mic, "seek.wav");
    let mut playback = CpalBackend.open_playback(&take).expect("playback opens");
    let duration = playback.duration();
    let near = |a: Duration, b: Duration| a.abs_diff(b) < Duration::from_millis(1);
    playback.seek(duration / 2);
    assert!(near(playback.position(), duration / 2));
    playback.play();
    assert!(wait_until(Duration::from_secs(30), || playback.position()
        > duration / 2));
    playback.pause();
    assert!(!playback.is_playing());
    std::thread::sleep(Duration::from_millis(100));
    let paused_at = playback.position();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(playback.position(), paused_at);
    playback.seek(Duration::ZERO);
    assert!(playback.position() < Duration::from_millis(50));
    playback.play();
    assert!(playback.is_playing());
    assert!(wait_until(Duration::from_secs(60), || !playback.is_playing()));
    assert_eq!(playback.position(), duration);
    // Playing after the end starts over.
    playback.play();
    assert!(playback.is_playing());
    assert!(playback.position() < duration);
}

/// Waits (at most `limit`) until `playback` stops by itself; its position never goes back.
fn play_to_the_end(playback: &mut dyn Playback, limit: Duration) {
    let mut last = Duration::ZERO;
    let finished = wait_until(limit, || {
        let position = playback.position();
        assert!(
            position >= last,
            "position went back: {position:?} < {last:?}"
        );
        last = position;
        !playback.is_playing()
    });
    assert!(finished, "playback never finished");
}

/// Lets `parec` record half a second more, closes `playback`, then stops `parec`.
fn stop_after_the_tail(playback: Box<dyn Playback>, mut parec: std::process::Child) {
    std::thread::sleep(Duration::from_millis(500));
    drop(playback);
    let _ = Command::new("kill")
        .args(["-INT", &parec.id().to_string()])
        .status();
    let _ = parec.wait();
}

/// The tone in `x` (at the analysis rate): how long it sounds (10 ms frames above −20 dB of
/// the loudest), how long it spans from first to last (more when the device ran dry in
/// between) and its frequency (the median period between positive-going zero crossings
/// inside sounding frames).
fn tone_heard(x: &[f32]) -> (f64, f64, f64) {
    let env = envelope(x);
    let peak = env.iter().cloned().fold(0.0f32, f32::max);
    let loud: Vec<usize> = (0..env.len()).filter(|&i| env[i] > 0.1 * peak).collect();
    let sounding = loud.len() as f64 / 100.0;
    let span = (loud[loud.len() - 1] + 1 - loud[0]) as f64 / 100.0;
    let crossings: Vec<f64> = (1..x.len())
        .filter(|&i| x[i - 1] < 0.0 && x[i] >= 0.0 && env[i / (RATE as usize / 100)] > 0.1 * peak)
        .map(|i| (i - 1) as f64 + f64::from(-x[i - 1] / (x[i] - x[i - 1])))
        .collect();
    let mut periods: Vec<f64> = crossings.windows(2).map(|c| c[1] - c[0]).collect();
    periods.sort_by(f64::total_cmp);
    (sounding, span, f64::from(RATE) / periods[periods.len() / 2])
}

/// A 4 s 1 kHz tone played at 2× through the virtual speaker: 2 s of sound at 1 kHz, and the
/// position (take time) reaches 4 s after 2 s. When the machine is so busy that the worker
/// misses its turns (at 2× it needs about 10 % of a core in the dev profile), the device runs
/// dry for moments, as it does for the other audio tests here: those gaps are measured in
/// the recording and allowed for in the wall time, not in the sound.
#[test]
fn cpal_plays_a_tone_at_double_speed_with_its_pitch() {
    let mic = virtual_mic();
    let _turn = speaker_turn();
    // 4 s of 1 kHz at −6 dBFS, 48 kHz.
    let take = mic.path("tone.wav");
    let tone = (0..4 * 48_000).map(|i| {
        let t = f64::from(i) / 48_000.0;
        (16_383.0 * (std::f64::consts::TAU * 1000.0 * t).sin()) as i16
    });
    rehearse::wav::write_i16_mono(&take, 48_000, tone).unwrap();
    let heard = mic.path("tone-heard.wav");
    let parec = mic.record_speaker(&heard, 48_000);

    let mut playback = CpalBackend.open_playback(&take).expect("playback opens");
    playback.set_speed(2.0);
    assert_eq!(playback.speed(), 2.0);
    let started = std::time::Instant::now();
    playback.play();
    play_to_the_end(playback.as_mut(), Duration::from_secs(30));
    let took = started.elapsed().as_secs_f64();
    assert_eq!(playback.position(), Duration::from_secs(4));
    assert_eq!(playback.speed(), 2.0);
    stop_after_the_tail(playback, parec);

    let (sounding, span, hz) = tone_heard(&load_at_analysis_rate(&mic, &heard));
    let dry = span - sounding;
    eprintln!(
        "2x: {sounding:.2} s of tone at {hz:.2} Hz (the device ran dry {dry:.2} s); \
         the position reached 4 s after {took:.2} s"
    );
    assert!((hz - 1000.0).abs() < 10.0, "the tone came out at {hz} Hz");
    assert!(
        (sounding - 2.0).abs() < 0.06,
        "the tone sounded {sounding} s"
    );
    // The sound server takes the first ~0.1 s ahead of the clock, so the position may arrive
    // that much early (at 1x the same run takes 3.9 s).
    assert!(
        (1.8..2.5).contains(&(took - dry)),
        "the position reached 4 s after {took} s, {dry} s of them dry"
    );
}

#[test]
fn cpal_monitor_shows_the_level_of_the_virtual_mic() {
    let mic = virtual_mic();
    let _turn = mic_turn();
    let source = speech(&mic, "monitor.wav");
    let monitor = CpalBackend
        .start_monitor(None)
        .expect("monitor starts on the virtual mic");
    let level = monitor.level();
    let mut player = Command::new("paplay")
        .arg("--device=virtmic")
        .arg(&source)
        .stdin(Stdio::null())
        .spawn()
        .expect("paplay starts");
    let mut loudest = f32::NEG_INFINITY;
    let heard = wait_until(Duration::from_secs(30), || {
        loudest = loudest.max(level.peak_dbfs());
        loudest > -12.0
    });
    let _ = player.wait();
    drop(monitor);
    assert!(
        heard,
        "the monitor never showed the speech (loudest {loudest} dBFS)"
    );
    assert!(
        !level.clipping(),
        "espeak-ng speech peaks at −2.3 dBFS, not full scale"
    );
}
