//! `rehearse pack validate|import` from the command line.

use std::path::PathBuf;
use std::process::Command;

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

fn rehearse(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(args)
        .env_remove("REHEARSE_DATA_DIR")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn validate_exits_0_for_good_files_and_1_with_located_messages_for_bad_ones() {
    let good = data("good_packs/spreadsheet.csv");
    let md = data("good_packs/front-end-questions.md");
    let (code, out, _) = rehearse(&[
        "pack".as_ref(),
        "validate".as_ref(),
        good.as_os_str(),
        md.as_os_str(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("spreadsheet.csv: ok: \"Spreadsheet\""),
        "{out}"
    );
    assert!(out.contains("warning: 5 list item(s)"), "{out}");

    let bad = data("bad_packs/wrong_width.csv");
    let (code, out, err) = rehearse(&[
        "pack".as_ref(),
        "validate".as_ref(),
        good.as_os_str(),
        bad.as_os_str(),
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("spreadsheet.csv: ok"));
    assert!(
        err.contains(&format!("{}:3: this row has 4 fields", bad.display())),
        "{err}"
    );
}

#[test]
fn import_stores_a_copy_under_a_generated_name() {
    let tmp = tempfile::tempdir().unwrap();
    let md = data("good_packs/behavioral.markdown");
    let args = [
        "--data-dir".as_ref(),
        tmp.path().as_os_str(),
        "pack".as_ref(),
        "import".as_ref(),
        md.as_os_str(),
    ];
    let (code, out, err) = rehearse(&args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported \"Behavioural practice\""), "{out}");
    let (code, out, _) = rehearse(&args);
    assert_eq!(code, 0);
    assert!(
        out.contains("behavioural-practice-2"),
        "a clashing id is renamed: {out}"
    );
    let stored: Vec<_> = std::fs::read_dir(tmp.path().join("packs"))
        .unwrap()
        .collect();
    assert_eq!(stored.len(), 2);

    let bad = data("bad_packs/utf16.pack.json");
    let (code, _, err) = rehearse(&[
        "--data-dir".as_ref(),
        tmp.path().as_os_str(),
        "pack".as_ref(),
        "import".as_ref(),
        bad.as_os_str(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("save it as UTF-8"), "{err}");
    assert_eq!(
        std::fs::read_dir(tmp.path().join("packs")).unwrap().count(),
        2
    );
}

/// Runs `rehearse` with `args`, killing it if it has not finished within 20 s (a hang fails the test).
fn rehearse_within_20s(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(args)
        .env_remove("REHEARSE_DATA_DIR")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("rehearse {args:?} still running after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &std::path::Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

#[test]
fn validate_and_import_refuse_a_fifo_and_dev_zero_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("questions.csv");
    mkfifo(&fifo);
    let data_dir = tmp.path().join("data");
    for file in [fifo.as_os_str(), "/dev/zero".as_ref()] {
        let (code, _, err) = rehearse_within_20s(&["pack".as_ref(), "validate".as_ref(), file]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
        assert!(!err.contains("bytes"), "no size is reported: {err}");
        let (code, _, err) = rehearse_within_20s(&[
            "--data-dir".as_ref(),
            data_dir.as_os_str(),
            "pack".as_ref(),
            "import".as_ref(),
            file,
        ]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    let (_, _, err) =
        rehearse_within_20s(&["pack".as_ref(), "validate".as_ref(), fifo.as_os_str()]);
    assert!(err.contains("a named pipe"), "{err}");
    assert!(!data_dir.join("packs").exists(), "nothing was stored");
}

#[test]
fn pack_help_lists_every_import_format() {
    for sub in ["validate", "import"] {
        let (code, out, _) = rehearse(&["pack".as_ref(), sub.as_ref(), "--help".as_ref()]);
        assert_eq!(code, 0);
        for f in &rehearse::pack::IMPORT_FORMATS {
            assert!(out.contains(f.name), "{sub}: {out}");
            for ext in f.extensions {
                assert!(
                    out.contains(&format!(".{ext}")),
                    "{sub} lacks .{ext}: {out}"
                );
            }
        }
    }
}

#[test]
fn a_pack_with_its_own_types_validates_with_a_did_you_mean_warning() {
    let own = data("good_packs/own_types.pack.json");
    let (code, out, err) = rehearse(&["pack".as_ref(), "validate".as_ref(), own.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("types: technical, behavorial, culture fit, leadership"),
        "{out}"
    );
    assert!(
        out.contains("warning: the question type \"behavorial\" (question 3)"),
        "{out}"
    );
    assert!(out.contains("did you mean behavioral?"), "{out}");
}
