//! Recovery after a kill, through the real `App`: Resume returns to the step that was
//! interrupted, and recovered takes get their delivery metrics.
//!
//! A kill is simulated by dropping the app without its shutdown: nothing after the last
//! `session.json` write reaches the disk (analyses still running are lost).

mod support;

use rehearse::app::clock::ManualClock;
use rehearse::app::{Command, RecoveryChoice, Screen};
use rehearse::data_dir::DataDir;
use rehearse::interview::Phase;
use rehearse::session::{Interruption, SessionStatus, TakeStatus};
use support::session::{app, apply, on_disk, record_first_answer};
use support::wait_idle;

fn phase(h: &egui_kittest::Harness<'_, rehearse::ui::shell::Shell>) -> Phase {
    h.state().app().rehearsal().unwrap().interview.phase()
}

#[test]
fn killed_on_the_rating_form_resumes_on_that_rating() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let dir = {
        let mut a = app(&data, &clock);
        let dir = record_first_answer(&mut a, &clock, 2, 1.2, true);
        assert_eq!(phase(&a), Phase::Rate { index: 0 });
        dir
    };
    // The kill came before the analysis was saved.
    let mut before = on_disk(&data, &dir);
    assert_eq!(before.questions[0].takes.len(), 1);
    before.questions[0].takes[0].metrics = None;
    rehearse::session::SessionStore::new(data.sessions())
        .save(&dir, &before)
        .unwrap();

    let mut b = app(&data, &clock);
    assert_eq!(b.state().app().unfinished().len(), 1);
    assert_eq!(b.state().app().unfinished()[0].reason, Interruption::Closed);
    apply(
        &mut b,
        Command::Recover(dir.clone(), RecoveryChoice::Resume),
    );
    assert_eq!(b.state().app().screen(), Screen::Rehearsal);
    assert_eq!(
        phase(&b),
        Phase::Rate { index: 0 },
        "back on the rating form"
    );
    assert_eq!(
        b.state().app().rehearsal().unwrap().progress(),
        Some((1, 2))
    );

    // The recorded take gets its metrics in the background, saved to disk.
    wait_idle(&mut b);
    let recovered = on_disk(&data, &dir);
    assert!(recovered.questions[0].takes[0].metrics.is_some());

    // Rating it rates that take; no new take was started.
    apply(&mut b, Command::SaveRating);
    let rated = on_disk(&data, &dir);
    assert!(rated.questions[0].rating().is_some());
    assert_eq!(rated.questions[0].takes.len(), 1);
    assert_eq!(rated.questions[0].takes[0].status, TakeStatus::Recorded);
    assert!(matches!(phase(&b), Phase::Think { .. }), "on to question 2");
    assert_eq!(
        b.state().app().rehearsal().unwrap().progress(),
        Some((2, 2))
    );
}

#[test]
fn killed_mid_answer_resumes_on_the_rating_of_the_partial_take() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let dir = {
        let mut a = app(&data, &clock);
        record_first_answer(&mut a, &clock, 2, 1.5, false)
    };
    assert_eq!(
        on_disk(&data, &dir).questions[0].takes[0].status,
        TakeStatus::Recording
    );

    let mut b = app(&data, &clock);
    apply(
        &mut b,
        Command::Recover(dir.clone(), RecoveryChoice::Resume),
    );
    assert_eq!(phase(&b), Phase::Rate { index: 0 });
    let take = b
        .state()
        .app()
        .rehearsal()
        .unwrap()
        .latest_take(0)
        .unwrap()
        .clone();
    assert_eq!(take.number, 1);
    assert_eq!(take.status, TakeStatus::Interrupted);
    assert!(
        take.audio_s > 0.5,
        "the partial answer is kept: {} s",
        take.audio_s
    );
    wait_idle(&mut b);

    // R re-asks: the next take is take 2, and take 1 stays.
    apply(&mut b, Command::Retake);
    assert!(matches!(
        phase(&b),
        Phase::Answer {
            index: 0,
            take: 2,
            ..
        }
    ));
    let s = on_disk(&data, &dir);
    assert_eq!(s.questions[0].takes.len(), 2);
    assert!(s.questions[0].takes[0].metrics.is_some());
    b.state_mut().app_mut().shutdown();
}

#[test]
fn finishing_a_recovered_session_computes_its_metrics() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let dir = {
        let mut a = app(&data, &clock);
        record_first_answer(&mut a, &clock, 2, 1.2, false)
    };
    let mut b = app(&data, &clock);
    apply(
        &mut b,
        Command::Recover(dir.clone(), RecoveryChoice::Finish),
    );
    wait_idle(&mut b);
    let s = on_disk(&data, &dir);
    assert_eq!(s.status, SessionStatus::Complete);
    let take = &s.questions[0].takes[0];
    assert_eq!(take.status, TakeStatus::Interrupted);
    assert!(take.metrics.is_some(), "the recovered take was analysed");
    assert!(take.metrics.as_ref().unwrap().duration_s > 0.5);
}
