//! After the session, as a user would: the guide's three parts scored by keyboard and mouse,
//! a pitfall ticked, the timed thank-you note written and its checklist ticked; then the
//! draft on disk, the saved session, and the reflection in the summary, review and progress.

mod support;

use std::time::Duration;

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::Screen;
use rehearse::app::clock::ManualClock;
use rehearse::data_dir::DataDir;
use rehearse::session::{RatingGroup, SessionStatus};
use rehearse::ui::shell::Shell;
use support::session::{on_disk, record_first_answer};
use support::{press, settle, tone, window_with_clock};

/// Tall enough that progress lays out its reflection charts (charts out of view are not).
const TALL: [f32; 2] = [1100.0, 2300.0];

/// Clicks the widget whose label contains `label` as a screen reader would (it may be below
/// the fold), then lets the frame settle.
fn activate(h: &mut Harness<'_, Shell>, label: &str) {
    settle(h);
    h.get_by_label_contains(label).click_accesskit();
    settle(h);
}

/// Gives the text field labelled `label` the keyboard focus and types `text` into it.
fn type_in(h: &mut Harness<'_, Shell>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    settle(h);
    h.get_by_label(label).type_text(text);
    settle(h);
}

#[test]
fn the_reflection_scores_the_parts_ticks_pitfalls_and_times_the_thank_you_note() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let clock = ManualClock::new();
    let mut h = window_with_clock(&data, TALL, tone(), &clock);
    let dir = record_first_answer(&mut h, &clock, 1, 0.3, true);
    settle(&mut h);
    activate(&mut h, "Save and finish");
    h.get_by_label("How did it go?");
    h.get_by_label_contains("Ctrl+Enter saves");

    // The keys score the items in turn, as on the rating form; the mouse does the rest.
    for key in [Key::Num4, Key::Num3, Key::Num5, Key::Num4] {
        press(&mut h, key);
    }
    h.get_by_label("Rapport 5").click();
    settle(&mut h);
    h.get_by_label("Enthusiasm 4").click();
    settle(&mut h);
    type_in(&mut h, "Communication note", "Rushed the ending");
    activate(&mut h, "Talked too long");

    // The thank-you note: not started, then started by its button, timed by the clock.
    assert!(h.query_by_label("Your thank-you note").is_none());
    activate(&mut h, "Write a thank-you note");
    h.get_by_label("Writing 0:00 of 10:00");
    clock.advance(Duration::from_secs(180));
    settle(&mut h);
    h.get_by_label("Writing 3:00 of 10:00");
    type_in(
        &mut h,
        "Your thank-you note",
        "Thank you for the talk about the migration.",
    );
    activate(&mut h, "Thanked them");
    activate(&mut h, "Restated your interest");

    // Saved as a draft a second after the last change: a kill would lose nothing.
    clock.advance(Duration::from_secs(1));
    settle(&mut h);
    let draft = on_disk(&data, &dir).reflection_draft.expect("drafted");
    let note = draft.thank_you.as_ref().unwrap();
    assert_eq!(note.text, "Thank you for the talk about the migration.");
    assert_eq!(note.writing_s, 180, "drafts count in 10-second steps");

    // Past the target, the timer says so.
    clock.advance(Duration::from_secs(8 * 60));
    settle(&mut h);
    h.get_by_label("Writing 11:01 of 10:00 · past the target, wrap it up");

    activate(&mut h, "Save reflection");
    assert_eq!(h.state().app().screen(), Screen::Summary);
    let s = on_disk(&data, &dir);
    assert_eq!(s.status, SessionStatus::Complete);
    assert_eq!(s.reflection_draft, None);
    let r = s.reflection.unwrap();
    let scores: Vec<Option<u8>> = ["preparation", "clarity", "conciseness", "body_language"]
        .iter()
        .chain(&["rapport", "enthusiasm"])
        .map(|id| r.score(id))
        .collect();
    assert_eq!(scores, [4, 3, 5, 4, 5, 4].map(Some));
    assert_eq!(r.part_score(RatingGroup::Connection), Some(4.5));
    assert_eq!(r.note(RatingGroup::Communication), "Rushed the ending");
    assert_eq!(r.pitfalls, ["talked_too_long"]);
    let note = r.thank_you.unwrap();
    assert_eq!(note.checklist, ["thanked", "restated_interest"]);
    assert_eq!(note.writing_s, 661);

    // The summary and review show it; progress charts it.
    h.get_by_label("Pitfalls: Talked too long");
    activate(&mut h, "Open in review");
    assert_eq!(h.state().app().screen(), Screen::Review);
    h.get_by_label("Preparation: 4.0 / 5");
    h.get_by_label(
        "Communication: 4.0 / 5 (Clarity 3, Conciseness 5, Body language 4) · Rushed the ending",
    );
    h.get_by_label(
        "Thank-you note: 11:01 writing (target 10:00) · ticked: Thanked them, Restated your \
         interest",
    );
    h.get_by_label("The note: Thank you for the talk about the migration.");
    press(&mut h, Key::Escape); // to the list
    press(&mut h, Key::Escape); // to setup
    assert_eq!(h.state().app().screen(), Screen::Setup);
    activate(&mut h, "Progress");
    assert_eq!(h.state().app().screen(), Screen::Progress);
    h.get_by_label_contains("1 sessions reflected on, 1 with a thank-you note");
    let view = h.state().app().progress().view().clone();
    let ids: Vec<&str> = view.reflection.iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        [
            "preparation",
            "communication",
            "connection",
            "pitfalls",
            "thank_you_notes"
        ]
    );
    assert_eq!(view.reflection[2].points[0][1], 4.5);
    h.get_by_role_and_label(Role::Image, "Preparation trend: 1 session: 4.0");
}
