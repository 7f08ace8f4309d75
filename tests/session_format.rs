//! A session written by a newer Rehearse (`format_version` 99, with fields this version does
//! not know) is shown read-only and never rewritten: no recovery offer, no repair of its
//! recordings, every write refused, the files byte for byte as they were.

mod support;

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use rehearse::app::clock::ManualClock;
use rehearse::app::review::ReviewCommand;
use rehearse::app::{Command, RecoveryChoice};
use rehearse::data_dir::DataDir;
use rehearse::session::{SessionStore, StoreError};
use support::session::{app, apply};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/future_session/session.json"
);

/// A data folder holding the fixture, with a crash-style WAV (header sizes still 0).
fn data_with_future_session() -> (tempfile::TempDir, DataDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let dir = data.sessions().join("20270301T093000Z-fut2ab");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(FIXTURE, dir.join("session.json")).unwrap();
    let mut wav = Vec::new();
    wav.extend_from_slice(b"RIFF\0\0\0\0WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&16_000u32.to_le_bytes());
    wav.extend_from_slice(&32_000u32.to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data\0\0\0\0");
    wav.extend(std::iter::repeat_n(7u8, 16_000));
    std::fs::write(dir.join("q01.wav"), wav).unwrap();
    (tmp, data, dir)
}

/// The bytes of `session.json` and of the recording (other files, such as caches, may come).
fn files(dir: &Path) -> Vec<Vec<u8>> {
    ["session.json", "q01.wav"]
        .iter()
        .map(|name| std::fs::read(dir.join(name)).unwrap())
        .collect()
}

#[test]
fn a_newer_session_is_never_rewritten_by_the_store() {
    let (_tmp, data, dir) = data_with_future_session();
    let before = files(&dir);
    let store = SessionStore::new(data.sessions());
    let session = store.load(&dir).expect("a newer session is still readable");
    assert!(session.is_newer_format());
    assert!(store.in_progress().is_empty(), "not offered for recovery");
    assert!(matches!(
        store.save(&dir, &session),
        Err(StoreError::NewerFormat { version: 99, .. })
    ));
    assert!(matches!(
        store.recover(&dir, true),
        Err(StoreError::NewerFormat { .. })
    ));
    assert!(store.abandon(&dir).is_err());
    assert_eq!(
        files(&dir),
        before,
        "session.json and q01.wav are untouched"
    );
}

#[test]
fn the_app_offers_no_recovery_and_changes_nothing() {
    let (_tmp, data, dir) = data_with_future_session();
    let before = files(&dir);
    let clock = ManualClock::new();
    let mut h = app(&data, &clock);
    assert!(h.state().app().unfinished().is_empty());
    // Even a Resume sent anyway (an old prompt, a script) leaves the files alone.
    apply(
        &mut h,
        Command::Recover(dir.clone(), RecoveryChoice::Resume),
    );
    assert!(h.state().app().rehearsal().is_none());
    apply(&mut h, Command::OpenReview);
    apply(&mut h, Command::Review(ReviewCommand::Open(dir.clone())));
    h.run();
    h.get_by_label_contains("A newer version of Rehearse saved this session");
    drop(h);
    assert_eq!(files(&dir), before);
    let text = std::fs::read_to_string(dir.join("session.json")).unwrap();
    assert!(text.contains("\"coach\"") && text.contains("\"transcript\""));
}
