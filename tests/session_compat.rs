//! Old sessions still open: a `session.json` written by main at b36a20c (format 1, one field
//! per rating item) loads with every score, lists, and opens in the review screen.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::review::Review;
use rehearse::session::{RATING_ITEMS, SESSION_FORMAT_VERSION, SessionStatus, SessionStore};

const FIXTURE: &str = "tests/data/sessions/v1-main-b36a20c";

/// The scores typed into the fixture, in form order, per question.
const SCORES: [[u8; 7]; 2] = [[5, 4, 2, 1, 3, 4, 5], [2, 3, 4, 5, 1, 2, 3]];

/// A store holding a copy of the fixture session (the original stays untouched).
fn store_with_fixture(tmp: &Path) -> (SessionStore, PathBuf) {
    let store = SessionStore::new(tmp.join("sessions"));
    let dir = store.root().join("20261201T160000Z-fixtr1");
    std::fs::create_dir_all(&dir).unwrap();
    let json = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURE)
        .join("session.json");
    std::fs::copy(json, dir.join("session.json")).unwrap();
    (store, dir)
}

#[test]
fn a_format_1_session_loads_with_every_score() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, dir) = store_with_fixture(tmp.path());
    let s = store.load(&dir).unwrap();
    assert_eq!(s.format_version, 1);
    assert_eq!(s.status, SessionStatus::Complete);
    assert_eq!(s.questions.len(), 2);
    for (q, expected) in s.questions.iter().zip(SCORES) {
        let rating = q.rating().expect("rated");
        for (item, score) in RATING_ITEMS.iter().zip(expected) {
            assert_eq!(
                rating.score(item.id),
                Some(score),
                "{}: {}",
                q.text,
                item.id
            );
        }
        let mean = f64::from(expected.iter().map(|&s| u32::from(s)).sum::<u32>()) / 7.0;
        assert_eq!(rating.average(), Some(mean));
    }
    assert_eq!(
        s.questions[0].rating().unwrap().note,
        "Strong opening, lost the thread"
    );
    assert_eq!(s.questions[1].takes.len(), 2);
    // Format 1 rated the question; the rating followed its last take, so it moves there.
    assert!(s.questions[1].takes[0].rating.is_none());
    assert!(s.questions[1].takes[1].rating.is_some());
    assert!(s.questions[0].takes[0].metrics.is_some());
    let reflection = s.reflection.as_ref().unwrap();
    assert_eq!(reflection.went_well, "Calm start");
    assert_eq!(reflection.improve, "Shorter answers");
    assert_eq!(
        reflection.score("preparation"),
        Some(4),
        "read as the preparation score"
    );
    assert!(reflection.pitfalls.is_empty() && reflection.thank_you.is_none());
    assert_eq!(
        (s.rating_draft.clone(), s.reflection_draft.clone()),
        (None, None)
    );

    // Saved again, it is written in the current format and reads back the same.
    store.save(&dir, &s).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("session.json")).unwrap()).unwrap();
    assert_eq!(json["format_version"], SESSION_FORMAT_VERSION);
    let takes = &json["questions"][0]["takes"];
    assert_eq!(
        takes[0]["rating"]["scores"]["posture"], 5,
        "the rating moved to the take it was given after"
    );
    assert!(json["questions"][0].get("rating").is_none());
    let reloaded = store.load(&dir).unwrap();
    assert_eq!(reloaded.format_version, SESSION_FORMAT_VERSION);
    assert_eq!(
        (&reloaded.questions, &reloaded.reflection),
        (&s.questions, &s.reflection)
    );
}

#[test]
fn a_format_1_session_is_listed_and_opens_in_review() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, dir) = store_with_fixture(tmp.path());
    let (list, errors) = store.list();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(list.len(), 1);

    let mut review = Review::with_store(&rehearse::data_dir::DataDir::new(tmp.path()), store);
    review.refresh();
    for _ in 0..1000 {
        review.logic();
        if !review.is_listing() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(review.sessions().len(), 1);
    assert!(review.list_errors().is_empty());
    review.open(dir);
    assert!(review.opened().is_some(), "{:?}", review.error());
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .build_ui_state(
            |ui, review: &mut Review| {
                review.logic();
                rehearse::ui::review::show(ui, review);
            },
            review,
        );
    h.run();
    // Question 1: (5+4+2+1+3+4+5)/7 = 3.4; question 2: 20/7 = 2.9.
    h.get_by_label("Rating 3.4 / 5:");
    h.get_by_label("Rating 2.9 / 5:");
    h.get_by_label("posture 5");
    h.get_by_label("confidence 3");
    h.get_by_label("Note: Strong opening, lost the thread");
    h.get_by_label("Strengths: Calm start");
    h.get_by_label("Preparation: 4.0 / 5"); // format 1's "preparedness"
}
