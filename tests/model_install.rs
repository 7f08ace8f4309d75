//! `rehearse model install` from the outside: one-line errors for a missing download, a
//! changed one, or a damaged or cut-short model file, and installs that happen once.

#[path = "support/whisper.rs"]
mod whisper;

use std::ffi::OsStr;

use whisper::{fails_in_one_line, run_in};

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
fn damaged_and_cut_short_model_files_are_refused_in_one_line() {
    let data = tempfile::tempdir().expect("temp dir");
    let garbage = data.path().join("garbage.bin");
    std::fs::write(&garbage, b"this is not a model at all").expect("write");
    let cut = data.path().join("cut.bin");
    std::fs::write(&cut, cut_short_ggml()).expect("write");
    for (model, says) in [
        (&garbage, "does not start with \"ggml\""),
        (&cut, "cut short"),
    ] {
        let install = run_in(
            data.path(),
            &[
                "model".as_ref(),
                "install".as_ref(),
                "--file".as_ref(),
                model.as_os_str(),
            ],
        );
        fails_in_one_line(&install, &["is not a usable Whisper model", says]);
    }
    assert!(!data.path().join("models/ggml-own.bin").exists());
}

#[test]
fn installing_without_the_download_or_from_a_changed_one_says_what_to_do() {
    let data = tempfile::tempdir().expect("temp dir");
    let source = data.path().join("ct2");
    std::fs::create_dir_all(&source).expect("dir");
    let install = |extra: &[&OsStr]| {
        let mut args: Vec<&OsStr> = vec![
            "model".as_ref(),
            "install".as_ref(),
            "--from".as_ref(),
            source.as_os_str(),
        ];
        args.extend_from_slice(extra);
        run_in(data.path(), &args)
    };
    fails_in_one_line(
        &install(&[]),
        &["holds no model.bin", "scripts/fetch-model.sh"],
    );
    fails_in_one_line(
        &install(&["--base".as_ref()]),
        &["scripts/fetch-model.sh --base"],
    );
    std::fs::write(source.join("model.bin"), b"not the pinned model").expect("write");
    std::fs::write(source.join("vocabulary.txt"), b"a\n").expect("write");
    fails_in_one_line(
        &install(&[]),
        &[
            "is not the pinned Whisper tiny.en",
            "sha256",
            "download it again",
        ],
    );
    assert!(!data.path().join("models/ggml-tiny.en.bin").exists());
}

#[test]
fn the_pinned_model_converts_to_the_pinned_file_once() {
    let Some(model) = whisper::model("transcribe_cli pinned") else {
        return;
    };
    let data = tempfile::tempdir().expect("temp dir");
    let install = || run_in(data.path(), &["model".as_ref(), "install".as_ref()]);
    let (code, stdout, stderr) = install();
    assert_eq!(code, Some(0), "{stderr}");
    let installed = data.path().join("models/ggml-tiny.en.bin");
    assert_eq!(stdout.trim(), installed.to_str().unwrap());
    assert!(stderr.contains("installed Whisper tiny.en"), "{stderr}");
    assert_eq!(
        std::fs::read(&installed).expect("installed"),
        std::fs::read(&model).expect("make test's model"),
        "the conversion gives the same bytes every time"
    );
    let (code, _, stderr) = install();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("already installed"), "{stderr}");
    let leftovers: Vec<_> = std::fs::read_dir(data.path().join("models"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["ggml-tiny.en.bin"], "no temp files left");
}
