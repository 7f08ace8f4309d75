//! `rehearse analyze` from the outside: JSON keys, the table, and broken files.

use std::path::Path;
use std::process::Command;

/// Two 0.6 s "words" of a 150 Hz buzz around a 1 s pause, 16-bit mono at 22.05 kHz.
fn write_speech_like(path: &Path) {
    let rate = 22_050u32;
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).expect("create wav");
    let word = |i: u32, n: u32| {
        let t = i as f32 / rate as f32;
        let env = (std::f32::consts::PI * i as f32 / n as f32).sin();
        let v: f32 = (1..12)
            .map(|h| (std::f32::consts::TAU * 150.0 * h as f32 * t).sin() / h as f32)
            .sum();
        (env * v * 8_000.0) as i16
    };
    let n = (0.6 * rate as f32) as u32;
    for part in 0..5 {
        for i in 0..(if part % 2 == 1 { n } else { n * 5 / 3 }) {
            let v = if part % 2 == 1 { word(i, n) } else { 0 };
            w.write_sample(v).expect("write");
        }
    }
    w.finalize().expect("finalize");
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
