//! Two windows on one data folder: the second is read-only, names the first one's process,
//! never offers the first one's live session for recovery, and cannot change it.

mod support;

use egui_kittest::kittest::Queryable;
use rehearse::app::clock::ManualClock;
use rehearse::app::review::ReviewCommand;
use rehearse::app::{Command, RecoveryChoice, Screen};
use rehearse::data_dir::DataDir;
use support::session::{app, apply, on_disk, record_first_answer, session_dirs};
use support::wait_idle;

#[test]
fn a_second_window_is_read_only_and_leaves_the_live_session_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let mut a = app(&data, &clock);
    assert!(a.state().app().read_only().is_none());
    let dir = record_first_answer(&mut a, &clock, 2, 1.0, true);
    wait_idle(&mut a);
    apply(&mut a, Command::SaveRating);
    let live = on_disk(&data, &dir);
    assert!(live.questions[0].rating().is_some());

    // Window B opens while A records.
    let mut b = app(&data, &clock);
    let why = b
        .state()
        .app()
        .read_only()
        .expect("B is read-only")
        .to_owned();
    assert!(
        why.contains(&format!("process {}", std::process::id())),
        "names the holder: {why}"
    );
    assert_eq!(
        b.state().app().message(),
        Some(why.as_str()),
        "B says so at once"
    );
    assert!(
        b.state().app().unfinished().is_empty(),
        "A's live session is not offered"
    );
    b.run();
    assert!(b.query_by_label("Unfinished sessions").is_none());

    // Resume anyway (an old prompt): nothing changes on disk.
    apply(
        &mut b,
        Command::Recover(dir.clone(), RecoveryChoice::Resume),
    );
    assert!(b.state().app().rehearsal().is_none());
    // B cannot start recording.
    apply(&mut b, Command::StartInterview);
    assert_eq!(b.state().app().screen(), Screen::Setup);
    assert!(b.state().app().rehearsal().is_none());
    assert_eq!(session_dirs(&data).len(), 1, "B created no session");
    // B can review, but not delete.
    apply(&mut b, Command::OpenReview);
    apply(&mut b, Command::Review(ReviewCommand::Open(dir.clone())));
    apply(
        &mut b,
        Command::Review(ReviewCommand::AskDelete(dir.clone())),
    );
    apply(&mut b, Command::Review(ReviewCommand::ConfirmDelete));
    assert!(dir.join("session.json").exists());
    assert_eq!(on_disk(&data, &dir), live, "A's ratings are untouched");

    // A goes on undisturbed; after A closes, the next window may write.
    apply(&mut a, Command::SkipThink);
    a.state_mut().app_mut().shutdown();
    drop(a);
    drop(b);
    let c = app(&data, &clock);
    assert!(c.state().app().read_only().is_none());
    assert_eq!(
        c.state().app().unfinished().len(),
        1,
        "A was closed mid-session"
    );
}
