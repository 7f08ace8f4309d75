//! Tests of the review state: pack names, the session list, deleting.

use super::*;
use std::time::Duration;

#[test]
fn packs_are_named_by_title_and_unknown_ids_stay_as_they_are() {
    let mut review = Review::new(&DataDir::new("/nonexistent"));
    review.set_pack_titles([(
        "general".to_owned(),
        "General interview questions".to_owned(),
    )]);
    let session = session_of(vec!["general".into(), "my-old-pack".into()]);
    assert_eq!(
        review.pack_names(&session),
        "General interview questions, my-old-pack"
    );
}

/// A session of one question whose one take has a 3 s tone in `q01.wav`, in a new data
/// folder (removed with the returned guard); `prepare` changes it before it is saved, given
/// the WAV's path.
pub(super) fn one_recorded_take(
    prepare: impl FnOnce(&mut Session, &Path),
) -> (tempfile::TempDir, DataDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = DataDir::new(root.path());
    let store = SessionStore::new(data.sessions());
    let mut session = Session::new(
        vec!["general".into()],
        crate::session::model::tests::settings(),
        vec![crate::session::model::tests::record(None)],
        chrono::Utc::now(),
    );
    let dir = store.create(&session).unwrap();
    let wav = dir.join("q01.wav");
    crate::app::tests::write_tone_wav(&wav, 16_000, 3);
    let mut take =
        crate::session::Take::recording(1, Some("q01.wav".into()), chrono::Utc::now(), 1.0);
    take.audio_s = 3.0;
    session.questions[0].takes.push(take);
    prepare(&mut session, &wav);
    store.save(&dir, &session).unwrap();
    (root, data, dir)
}

fn wait_for_list(review: &mut Review) {
    wait_while(review, Review::is_listing, "the list was never read");
}

/// Runs the review's frames until `busy` is false (at most 20 s, else fails with `what`).
fn wait_while(review: &mut Review, busy: fn(&Review) -> bool, what: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while busy(review) {
        assert!(std::time::Instant::now() < deadline, "{what}");
        std::thread::sleep(Duration::from_millis(5));
        review.logic();
    }
}

/// An empty session over these packs, started now.
fn session_of(pack_ids: Vec<String>) -> Session {
    let settings = crate::session::SessionSettings {
        question_count: 1,
        shuffled: false,
        think_seconds: None,
        answer_seconds: None,
        input_device: None,
        mode: Default::default(),
        panel: Vec::new(),
    };
    Session::new(pack_ids, settings, vec![], chrono::Utc::now())
}

fn store_one(data: &DataDir) {
    let session = session_of(vec!["general".into()]);
    SessionStore::new(data.sessions()).create(&session).unwrap();
}

#[test]
fn the_list_is_read_in_the_background_and_a_refresh_during_a_read_reads_again() {
    let root = tempfile::tempdir().unwrap();
    let data = DataDir::new(root.path());
    store_one(&data);
    let mut review = Review::new(&data);
    assert!(!review.is_listed());
    review.refresh();
    assert!(review.is_listing() && review.is_busy());
    store_one(&data);
    review.refresh();
    wait_for_list(&mut review);
    assert!(review.is_listed() && !review.is_busy());
    assert_eq!(
        review.sessions().len(),
        2,
        "the second refresh was not lost"
    );
}

/// A stored session with one question of two takes (the second rated), opened in review.
fn review_of_two_takes() -> (tempfile::TempDir, Review, PathBuf) {
    use crate::session::{RATING_ITEMS, Rating, Take};
    let root = tempfile::tempdir().unwrap();
    let data = DataDir::new(root.path());
    let mut session = session_of(vec!["general".into()]);
    let mut question = crate::session::model::tests::record(None);
    let now = chrono::Utc::now();
    question.takes.push(Take::recording(1, None, now, 1.0));
    question.takes.push(Take {
        rating: Some(Rating::new(RATING_ITEMS, &[Some(2)], "rushed".into())),
        ..Take::recording(2, None, now, 1.0)
    });
    session.questions.push(question);
    let dir = SessionStore::new(data.sessions()).create(&session).unwrap();
    let mut review = Review::new(&data);
    review.open(dir.clone());
    (root, review, dir)
}

fn saved(review: &Review, dir: &Path) -> Session {
    review.store.load(dir).unwrap()
}

#[test]
fn marking_a_take_best_saves_it_and_marking_it_again_clears_it() {
    let (_root, mut review, dir) = review_of_two_takes();
    let audio = crate::audio::synthetic::InstantBackend::default();
    let mark = ReviewCommand::MarkBest {
        question: 0,
        take: 1,
    };
    review.apply(mark.clone(), &audio);
    assert_eq!(saved(&review, &dir).questions[0].best_take, Some(1));
    assert_eq!(
        review.opened().unwrap().session.questions[0].best_take,
        Some(1)
    );
    review.apply(mark, &audio);
    assert_eq!(saved(&review, &dir).questions[0].best_take, None);
    let missing = ReviewCommand::MarkBest {
        question: 0,
        take: 7,
    };
    review.apply(missing, &audio);
    assert_eq!(
        saved(&review, &dir).questions[0].best_take,
        None,
        "no take 7"
    );
}

#[test]
fn an_edited_rating_is_saved_on_its_own_take() {
    let (_root, mut review, dir) = review_of_two_takes();
    let audio = crate::audio::synthetic::InstantBackend::default();
    review.apply(
        ReviewCommand::EditRating {
            question: 0,
            take: 2,
        },
        &audio,
    );
    let edit = review.rating_edit_mut().unwrap();
    assert_eq!(
        edit.form.scores[0],
        Some(2),
        "the form holds the saved rating"
    );
    assert_eq!(edit.form.note, "rushed");
    edit.form.set(0, 5);
    edit.form.note = "better on replay".into();
    review.apply(ReviewCommand::SaveRatingEdit, &audio);
    assert!(review.rating_edit().is_none(), "closed once saved");
    let s = saved(&review, &dir);
    let rating = s.questions[0].takes[1].rating.as_ref().unwrap();
    assert_eq!(
        (rating.score("posture"), rating.note.as_str()),
        (Some(5), "better on replay")
    );
    assert_eq!(
        s.questions[0].takes[0].rating, None,
        "the other take is untouched"
    );

    review.apply(
        ReviewCommand::EditRating {
            question: 0,
            take: 1,
        },
        &audio,
    );
    review.rating_edit_mut().unwrap().form.set(1, 3);
    review.apply(ReviewCommand::CancelRatingEdit, &audio);
    assert_eq!(saved(&review, &dir).questions[0].takes[0].rating, None);
}

#[test]
fn an_edit_that_cannot_be_saved_stays_on_screen_and_says_so() {
    let (_root, mut review, dir) = review_of_two_takes();
    let audio = crate::audio::synthetic::InstantBackend::default();
    review.store = SessionStore::read_only(review.store.root());
    review.apply(
        ReviewCommand::EditRating {
            question: 0,
            take: 1,
        },
        &audio,
    );
    review.rating_edit_mut().unwrap().form.set(0, 4);
    review.apply(ReviewCommand::SaveRatingEdit, &audio);
    assert!(
        review.rating_edit().is_some(),
        "the form stays open to try again"
    );
    assert_eq!(review.error(), Some(EDIT_NOT_SAVED));
    assert_eq!(saved(&review, &dir).questions[0].takes[0].rating, None);
}

#[test]
fn export_writes_the_chosen_file_in_the_background_and_says_where() {
    let (root, mut review, _dir) = review_of_two_takes();
    let out = root.path().join("report.md");
    let chosen = out.clone();
    review.set_save_picker(std::sync::Arc::new(move |suggested: &str| {
        assert!(suggested.ends_with(".md"), "{suggested}");
        Some(chosen.clone())
    }));
    let audio = crate::audio::synthetic::InstantBackend::default();
    let format = crate::session::export::ExportFormat::Markdown;
    review.apply(ReviewCommand::Export(format), &audio);
    assert!(review.is_exporting() && review.is_busy());
    wait_while(&mut review, Review::is_exporting, "the export never ended");
    assert!(std::fs::read_to_string(&out).unwrap().contains("Why?"));
    assert_eq!(
        review.notice(),
        Some(format!("Exported to {}.", out.display()).as_str())
    );
    assert!(review.error().is_none());
}

#[test]
fn an_export_into_a_missing_folder_says_why_it_failed() {
    let (root, mut review, _dir) = review_of_two_takes();
    let out = root.path().join("no such folder").join("report.html");
    review.set_save_picker(std::sync::Arc::new(move |_: &str| Some(out.clone())));
    let audio = crate::audio::synthetic::InstantBackend::default();
    review.apply(
        ReviewCommand::Export(crate::session::export::ExportFormat::Html),
        &audio,
    );
    wait_while(&mut review, Review::is_exporting, "the export never ended");
    assert!(review.notice().is_none());
    assert!(
        review.error().unwrap().starts_with("The export failed:"),
        "{:?}",
        review.error()
    );
}
