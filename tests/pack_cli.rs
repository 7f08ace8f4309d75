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
