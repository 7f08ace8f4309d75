//! A save failure without a full disk (any machine, no root): `session.json` is made
//! unwritable by putting a folder in its place. The app says so once, keeps the session in
//! memory, shows no summary that disagrees with the disk, saves a copy elsewhere, and
//! saves everything on Retry once the problem is gone.

mod support;

use egui_kittest::kittest::Queryable;
use rehearse::app::Command;
use rehearse::app::clock::ManualClock;
use rehearse::data_dir::DataDir;
use rehearse::session::{SessionStatus, SessionStore};
use support::session::{app, apply, block_session_json, on_disk, record_first_answer};
use support::wait_idle;

#[test]
fn a_failed_save_is_said_once_copied_elsewhere_and_saved_on_retry() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path().join("data"));
    let clock = ManualClock::new();
    let mut h = app(&data, &clock);
    let dir = record_first_answer(&mut h, &clock, 1, 0.8, true);
    wait_idle(&mut h);

    block_session_json(&dir);

    apply(&mut h, Command::SaveRating);
    let message = h.state().app().message().unwrap().to_owned();
    assert!(
        message.starts_with("Rehearse could not save this session"),
        "{message}"
    );
    assert!(
        !message.contains("os error"),
        "no raw error text: {message}"
    );
    apply(&mut h, Command::DismissMessage);
    apply(&mut h, Command::SaveReflection);
    assert_eq!(h.state().app().message(), None, "said once");
    h.run();
    assert!(h.query_by_label_contains("Session summary").is_none());
    h.get_by_label_contains("Session not saved yet");

    // Save elsewhere…: the copy holds the session as it is in memory, and its recording.
    let elsewhere = tmp.path().join("usb");
    apply(&mut h, Command::SaveElsewhere(elsewhere.clone()));
    let copy = elsewhere.join(dir.file_name().unwrap());
    assert!(
        h.state()
            .app()
            .message()
            .unwrap()
            .contains(&copy.display().to_string())
    );
    let copied = SessionStore::new(&elsewhere).load(&copy).unwrap();
    assert_eq!(copied.status, SessionStatus::Complete);
    assert!(copied.questions[0].rating().is_some() && copied.reflection.is_some());
    assert_eq!(
        std::fs::read(copy.join("q01.wav")).unwrap(),
        std::fs::read(dir.join("q01.wav")).unwrap()
    );
    assert!(
        h.state().app().rehearsal().unwrap().unsaved().is_some(),
        "still unsaved at home"
    );

    // The problem goes away: Retry saves it where it belongs.
    std::fs::remove_dir_all(dir.join("session.json")).unwrap();
    apply(&mut h, Command::RetrySave);
    assert!(h.state().app().rehearsal().unwrap().unsaved().is_none());
    assert!(h.state().app().message().unwrap().contains("saved again"));
    let saved = on_disk(&data, &dir);
    assert_eq!(saved.status, SessionStatus::Complete);
    assert!(saved.reflection.is_some());
    h.run();
    h.get_by_label_contains("Session summary");
}
