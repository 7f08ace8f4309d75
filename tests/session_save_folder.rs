//! "Save elsewhere…" asks for a folder with a dialog (here a stand-in that answers at once)
//! and copies the unsaved session into the folder chosen; where no dialog can be shown, it
//! says to type the folder instead.

mod support;

use std::path::PathBuf;
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rehearse::app::Command;
use rehearse::app::clock::ManualClock;
use rehearse::data_dir::DataDir;
use rehearse::session::SessionStore;
use rehearse::ui::shell::Shell;
use support::session::{app, apply, block_session_json, record_first_answer};
use support::settle;

/// A session whose `session.json` can no longer be replaced, after its first rating, in a
/// new temporary folder (its data folder is `data` inside it).
fn unsaved_session() -> (tempfile::TempDir, Harness<'static, Shell>, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path().join("data"));
    let clock = ManualClock::new();
    let mut h = app(&data, &clock);
    let dir = record_first_answer(&mut h, &clock, 1, 0.8, true);
    settle(&mut h);
    block_session_json(&dir);
    apply(&mut h, Command::SaveRating);
    apply(&mut h, Command::DismissMessage);
    assert!(h.state().app().rehearsal().unwrap().unsaved().is_some());
    (tmp, h, dir)
}

#[test]
fn the_folder_chosen_in_the_dialog_receives_the_session() {
    let (tmp, mut h, dir) = unsaved_session();
    let chosen = tmp.path().join("usb");
    std::fs::create_dir(&chosen).unwrap();
    let answer = chosen.clone();
    h.state_mut()
        .app_mut()
        .set_folder_picker(Arc::new(move || Some(answer.clone())));

    h.run();
    h.get_by_label("Save elsewhere…").click();
    h.run();
    settle(&mut h);

    let copy = chosen.join(dir.file_name().unwrap());
    let message = h.state().app().message().unwrap_or_default().to_owned();
    assert!(message.contains(&copy.display().to_string()), "{message}");
    let copied = SessionStore::new(&chosen).load(&copy).unwrap();
    assert!(copied.questions[0].rating().is_some());
}

#[test]
fn without_a_dialog_the_user_is_told_to_type_the_folder() {
    let (tmp, mut h, _dir) = unsaved_session();
    h.state_mut().app_mut().set_folder_picker(Arc::new(|| None));
    apply(&mut h, Command::ChooseSaveFolder);
    settle(&mut h);
    let message = h.state().app().message().unwrap_or_default().to_owned();
    assert!(
        message.starts_with("No folder dialog could be shown on this desktop."),
        "{message}"
    );

    // The typed folder still works.
    let typed = tmp.path().join("typed");
    apply(&mut h, Command::SaveElsewhere(typed.clone()));
    assert_eq!(std::fs::read_dir(&typed).unwrap().count(), 1);
}
