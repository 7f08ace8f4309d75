//! `rehearse transcribe` from the outside: one-line errors for a missing, damaged or cut-short
//! model, the same rules for bad WAV files as `analyze`, JSON lines with timed words, and the
//! user's own model installed once and used by default.

#[path = "support/whisper.rs"]
mod whisper;

use std::path::{Path, PathBuf};

use rehearse::transcribe::normalize::normalize;
use whisper::{fails_in_one_line, rehearse, run_in};

fn librivox(id: &str) -> PathBuf {
    Path::new(whisper::LIBRIVOX).join(format!("sense_and_sensibility_01_austen_64kb-{id}.wav"))
}

/// A small ggml Whisper header (tiny.en's hyper-parameters) that stops after the mel bank's size.
fn cut_short_ggml() -> Vec<u8> {
    let mut bytes = 0x6767_6d6cu32.to_le_bytes().to_vec();
    for v in [51864i32, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1, 80, 201] {
        bytes.extend_from_slice(&i32::to_le_bytes(v));
    }
    bytes.extend_from_slice(&[0; 100]);
    bytes
}

#[test]
fn with_no_model_installed_one_line_says_how_to_install_one() {
    let data = tempfile::tempdir().expect("temp dir");
    let wav = data.path().join("answer.wav");
    rehearse::wav::write_i16_mono(&wav, 16_000, vec![0; 16_000]).expect("wav");
    fails_in_one_line(
        &run_in(data.path(), &["transcribe".as_ref(), wav.as_os_str()]),
        &[
            "no speech model is installed",
            "make model",
            "model install --file",
        ],
    );
    fails_in_one_line(
        &run_in(
            data.path(),
            &[
                "transcribe".as_ref(),
                "--model".as_ref(),
                "base".as_ref(),
                wav.as_os_str(),
            ],
        ),
        &["base is not installed", "scripts/fetch-model.sh --base"],
    );
    fails_in_one_line(
        &run_in(
            data.path(),
            &[
                "transcribe".as_ref(),
                "--model".as_ref(),
                "/no/such/model.bin".as_ref(),
                wav.as_os_str(),
            ],
        ),
        &["/no/such/model.bin", "no such model file"],
    );
}

#[test]
fn a_damaged_or_cut_short_model_is_refused_in_one_line() {
    let data = tempfile::tempdir().expect("temp dir");
    let wav = data.path().join("answer.wav");
    rehearse::wav::write_i16_mono(&wav, 16_000, vec![0; 16_000]).expect("wav");
    let garbage = data.path().join("garbage.bin");
    std::fs::write(&garbage, b"this is not a model at all").expect("write");
    let cut = data.path().join("cut.bin");
    std::fs::write(&cut, cut_short_ggml()).expect("write");
    for (model, says) in [
        (&garbage, "does not start with \"ggml\""),
        (&cut, "cut short"),
    ] {
        let transcribe = run_in(
            data.path(),
            &[
                "transcribe".as_ref(),
                "--model".as_ref(),
                model.as_os_str(),
                wav.as_os_str(),
            ],
        );
        fails_in_one_line(&transcribe, &["is not a usable Whisper model", says]);
    }
}

#[test]
fn json_lines_carry_timed_words_and_bad_files_fail_alone_as_in_analyze() {
    let Some(model) = whisper::model("transcribe_cli json") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("broken.wav");
    std::fs::write(&broken, b"RIFF\x10\x00\x00\x00WAVEjunk").expect("write");
    let empty = dir.path().join("empty.wav");
    std::fs::write(&empty, b"").expect("write");
    let fifo = dir.path().join("pipe.wav");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let good = librivox("0880");
    let (code, stdout, stderr) = rehearse(&[
        "transcribe".as_ref(),
        "--json".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        broken.as_os_str(),
        empty.as_os_str(),
        fifo.as_os_str(),
        "/dev/zero".as_ref(),
        good.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    for says in [
        "broken.wav: not a valid WAV file".to_string(),
        format!("{}: empty file", empty.display()),
        format!("{}: not a regular file", fifo.display()),
        "/dev/zero: not a regular file".to_string(),
    ] {
        assert!(stderr.contains(&says), "no {says:?} in {stderr}");
    }
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).expect("JSON");
    assert_eq!(v["file"].as_str(), good.to_str());
    assert_eq!(v["model"].as_str(), model.to_str());
    assert!(
        (v["duration_s"].as_f64().unwrap() - 2.99).abs() < 0.01,
        "{v}"
    );
    let text = v["text"].as_str().expect("text");
    assert!(normalize(text).contains("ill disposed young man"), "{text}");
    let words = v["words"].as_array().expect("words");
    let spoken: Vec<String> = words
        .iter()
        .map(|w| normalize(w["text"].as_str().unwrap()))
        .collect();
    assert_eq!(spoken.join(" "), normalize(text), "{v}");
    // "man" is the last word, said near the end of the three seconds
    let last = words.last().unwrap();
    assert!(last["end_s"].as_f64().unwrap() > 2.0, "{last}");
    assert!(words[0]["start_s"].as_f64().unwrap() < 1.0, "{v}");
}

#[test]
fn a_recording_cut_short_is_transcribed_as_far_as_it_goes_with_a_warning() {
    let Some(model) = whisper::model("transcribe_cli cut") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let cut = dir.path().join("cut.wav");
    std::fs::copy(librivox("0870"), &cut).expect("copy");
    // keep the header and 3 s of the 7.1 s: the header still promises 7.1 s
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&cut)
        .expect("open");
    file.set_len(44 + 2 * 16_000 * 3).expect("truncate");
    let (code, stdout, stderr) = rehearse(&[
        "transcribe".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        cut.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("7.1 s") && stderr.contains("3.0 s"),
        "{stderr}"
    );
    assert!(
        normalize(&stdout).starts_with("and mister john"),
        "{stdout}"
    );
    assert!(!normalize(&stdout).contains("in his power"), "{stdout}");
}

#[test]
fn your_own_model_installs_once_and_becomes_the_default_and_a_cut_copy_is_refused() {
    let Some(model) = whisper::model("transcribe_cli own") else {
        return;
    };
    let data = tempfile::tempdir().expect("temp dir");
    let install = || {
        run_in(
            data.path(),
            &[
                "model".as_ref(),
                "install".as_ref(),
                "--file".as_ref(),
                model.as_os_str(),
            ],
        )
    };
    let own = data.path().join("models/ggml-own.bin");
    let (code, stdout, stderr) = install();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.trim(), own.to_str().unwrap());
    assert!(
        stderr.contains("installed your Whisper tiny.en model"),
        "{stderr}"
    );
    let written = std::fs::metadata(&own)
        .expect("installed")
        .modified()
        .expect("mtime");
    let (code, stdout, stderr) = install();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.trim(), own.to_str().unwrap());
    assert!(stderr.contains("already installed"), "{stderr}");
    assert_eq!(
        std::fs::metadata(&own).unwrap().modified().unwrap(),
        written
    );

    let good = librivox("0880");
    let (code, stdout, stderr) = run_in(data.path(), &["transcribe".as_ref(), good.as_os_str()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(normalize(&stdout).contains("young man"), "{stdout}");

    // half of the real model: refused with a sentence, not a crash
    let cut = data.path().join("half.bin");
    let bytes = std::fs::read(&model).expect("read model");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
    for args in [
        [
            "transcribe".as_ref(),
            "--model".as_ref(),
            cut.as_os_str(),
            good.as_os_str(),
        ],
        [
            "model".as_ref(),
            "install".as_ref(),
            "--file".as_ref(),
            cut.as_os_str(),
        ],
    ] {
        fails_in_one_line(
            &run_in(data.path(), &args),
            &["is not a usable Whisper model", "cut short"],
        );
    }
}
