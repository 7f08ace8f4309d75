//! `rehearse analyze` from the outside: JSON keys, the table, and broken files.

use std::path::Path;
use std::process::Command;

/// Two 0.6 s "words" of a 150 Hz buzz around a 1 s pause, 16-bit mono at 22.05 kHz.
fn write_speech_like(path: &Path) {
    let rate = 22_050u32;
    let word = |i: u32, n: u32| {
        let t = i as f32 / rate as f32;
        let env = (std::f32::consts::PI * i as f32 / n as f32).sin();
        let v: f32 = (1..12)
            .map(|h| (std::f32::consts::TAU * 150.0 * h as f32 * t).sin() / h as f32)
            .sum();
        (env * v * 8_000.0) as i16
    };
    let n = (0.6 * rate as f32) as u32;
    let mut samples = Vec::new();
    for part in 0..5 {
        for i in 0..(if part % 2 == 1 { n } else { n * 5 / 3 }) {
            samples.push(if part % 2 == 1 { word(i, n) } else { 0 });
        }
    }
    write_mono16(path, rate, &samples);
}

#[test]
fn json_lines_have_the_documented_keys_and_bad_files_fail_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("answer.wav");
    write_speech_like(&good);
    let broken = dir.path().join("broken.wav");
    std::fs::write(&broken, b"RIFF\x10\x00\x00\x00WAVEjunk").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(["analyze", "--json"])
        .arg(&broken)
        .arg(&good)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.wav"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON line");
    for key in [
        "file",
        "duration_s",
        "speech_time_s",
        "pauses",
        "syllables",
        "speech_rate_syl_s",
        "articulation_rate_syl_s",
        "est_wpm",
        "speech_rms_dbfs",
        "noise_floor_dbfs",
        "peak_dbfs",
        "clipped_samples",
        "lufs",
        "pitch_median_hz",
        "pitch_spread_st",
        "monotone",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert!(
        v["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("answer.wav"))
    );
    let pauses = v["pauses"].as_array().expect("pauses array");
    assert_eq!(pauses.len(), 1, "{v}");
    let (a, b) = (
        pauses[0]["start_s"].as_f64().unwrap_or(0.0),
        pauses[0]["end_s"].as_f64().unwrap_or(0.0),
    );
    assert!((b - a - 1.0).abs() < 0.1, "pause {a}–{b}");
    assert_eq!(v["syllables"], 2, "{v}");
}

#[test]
fn table_is_readable_and_exit_code_is_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("answer.wav");
    write_speech_like(&good);
    let out = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .arg("analyze")
        .arg(&good)
        .output()
        .expect("run");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for word in [
        "answer.wav",
        "speech",
        "pauses",
        "syllables",
        "LUFS",
        "pitch",
    ] {
        assert!(stdout.contains(word), "no {word:?} in\n{stdout}");
    }
}

/// Runs `rehearse analyze ARGS`; fails instead of hanging when it takes over 60 s.
fn analyze(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .arg("analyze")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("rehearse analyze {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write_mono16(path: &Path, rate: u32, samples: &[i16]) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).expect("create wav");
    for &s in samples {
        w.write_sample(s).expect("write");
    }
    w.finalize().expect("finalize");
}

#[test]
fn a_file_cut_short_is_analysed_as_far_as_it_goes_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cut.wav");
    let rate = 16_000u32;
    let tone: Vec<i16> = (0..rate * 59 / 10)
        .map(|i| ((i as f32 * 0.07).sin() * 8_000.0) as i16)
        .collect();
    write_mono16(&path, rate, &tone);
    // keep the 44-byte header and 1.0 s of samples: the header still says 5.9 s
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    file.set_len(44 + 2 * u64::from(rate)).expect("truncate");
    let (code, stdout, stderr) = analyze(&[path.as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning")
            && stderr.contains("cut.wav")
            && stderr.contains("5.9 s")
            && stderr.contains("1.0 s"),
        "{stderr}"
    );
    assert!(stdout.contains("time       1.00 s"), "{stdout}");
}

#[test]
fn silent_and_one_sample_files_have_no_speech_and_no_minus_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let silent = dir.path().join("silent.wav");
    write_mono16(&silent, 48_000, &[0; 96_000]);
    let one = dir.path().join("one.wav");
    write_mono16(&one, 48_000, &[1_000]);
    for path in [&silent, &one] {
        let (code, stdout, stderr) = analyze(&[path.as_os_str()]);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stdout.contains("speech 0.00 s"), "{stdout}");
        assert!(!stdout.contains("-0.0"), "{stdout}");
        let (_, json, _) = analyze(&["--json".as_ref(), path.as_os_str()]);
        let v: serde_json::Value = serde_json::from_str(json.trim()).expect("JSON");
        assert_eq!(v["speech_time_s"].as_f64(), Some(0.0), "{v}");
        assert!(!json.contains("-0.0"), "{json}");
    }
}

#[test]
fn empty_files_fifos_and_devices_are_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.wav");
    std::fs::write(&empty, b"").expect("write");
    let (code, _, stderr) = analyze(&[empty.as_os_str()]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("empty.wav: empty file"), "{stderr}");
    let fifo = dir.path().join("pipe.wav");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    for path in [fifo.as_path(), Path::new("/dev/zero")] {
        let (code, _, stderr) = analyze(&[path.as_os_str()]);
        assert_eq!(code, Some(1), "{}", path.display());
        assert!(
            stderr.contains(&format!("{}: not a regular file", path.display())),
            "{stderr}"
        );
    }
}
