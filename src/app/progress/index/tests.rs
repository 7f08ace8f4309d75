use std::path::PathBuf;

use chrono::{TimeZone, Utc};

use super::*;
use crate::analysis::{Metrics, Pause};
use crate::session::model::tests::{record, settings};
use crate::session::{RATING_ITEMS, Rating};

/// A data folder with its session store (deleted when the `TempDir` drops).
fn data() -> (tempfile::TempDir, SessionStore) {
    let tmp = tempfile::tempdir().unwrap();
    let store = SessionStore::new(tmp.path().join("sessions"));
    (tmp, store)
}

/// Measured metrics: `wpm`, one 1.5 s pause in a minute, −20 LUFS.
fn metrics(wpm: f64) -> Metrics {
    serde_json::from_value(serde_json::json!({
        "algorithm_version": ALGORITHM_VERSION,
        "duration_s": 60.0,
        "speech_time_s": 45.0,
        "pauses": [Pause { start_s: 10.0, end_s: 11.5 }],
        "syllables": 200,
        "est_wpm": wpm,
        "clipped_samples": 0,
        "lufs": -20.0,
    }))
    .unwrap()
}

/// A session started on day `day` of December 2026, its one question answered at `wpm`
/// and rated `score` on every item; returns its folder.
fn session(store: &SessionStore, day: u32, wpm: f64, score: u8) -> PathBuf {
    let scores = vec![Some(score); RATING_ITEMS.len()];
    let mut q = record(Some(Rating::new(RATING_ITEMS, &scores, String::new())));
    q.takes[0].metrics = Some(metrics(wpm));
    let started = Utc.with_ymd_and_hms(2026, 12, day, 9, 0, 0).unwrap();
    let s = Session::new(vec!["p".into()], settings(), vec![q], started);
    store.create(&s).unwrap()
}

/// Rewrites the session in `dir` with its one answer rated `score` on every item.
fn rerate(store: &SessionStore, dir: &Path, score: u8) {
    let mut s = store.load(dir).unwrap();
    let scores = vec![Some(score); RATING_ITEMS.len()];
    s.questions[0].takes[0].rating = Some(Rating::new(RATING_ITEMS, &scores, String::new()));
    store.save(dir, &s).unwrap();
}

fn open(tmp: &tempfile::TempDir, store: &SessionStore) -> (ProgressIndex, Refresh) {
    ProgressIndex::open(tmp.path(), store, &Thresholds::default())
}

fn averages(index: &ProgressIndex) -> Vec<Option<f64>> {
    let answers = index.sessions.iter().flat_map(|s| &s.answers);
    answers.map(|a| a.average).collect()
}

#[test]
fn the_first_open_reads_every_session_and_the_next_reuses_them() {
    let (tmp, store) = data();
    session(&store, 1, 130.0, 3);
    session(&store, 2, 150.0, 4);
    let (index, refresh) = open(&tmp, &store);
    assert!(refresh.rebuilt, "no index yet");
    assert_eq!((refresh.read, refresh.reused), (2, 0));
    assert_eq!(averages(&index), [Some(3.0), Some(4.0)], "oldest first");
    let answer = &index.sessions[1].answers[0];
    assert_eq!(answer.metrics["pace_wpm"], 150.0);
    assert_eq!(answer.metrics["pauses_per_min"], 1.0);
    assert_eq!(answer.metrics["speaking_share"], 75.0);
    assert_eq!(answer.scores["posture"], 4);
    assert_eq!((answer.take, answer.takes, answer.is_best), (1, 1, false));
    assert!(ProgressIndex::path(tmp.path()).exists(), "written");

    let (again, refresh) = open(&tmp, &store);
    assert!(!refresh.rebuilt);
    assert_eq!((refresh.read, refresh.reused, refresh.dropped), (0, 2, 0));
    assert_eq!(again, index);
}

#[test]
fn a_changed_session_is_read_again() {
    let (tmp, store) = data();
    session(&store, 1, 130.0, 3);
    let changed = session(&store, 2, 150.0, 4);
    open(&tmp, &store);
    rerate(&store, &changed, 2);
    let (index, refresh) = open(&tmp, &store);
    assert_eq!((refresh.read, refresh.reused), (1, 1));
    assert_eq!(averages(&index), [Some(3.0), Some(2.0)]);
    // The index file now holds the new figures too.
    let (reopened, refresh) = open(&tmp, &store);
    assert_eq!(refresh.read, 0);
    assert_eq!(averages(&reopened), [Some(3.0), Some(2.0)]);
}

#[test]
fn a_new_session_is_added_and_a_removed_one_dropped() {
    let (tmp, store) = data();
    let removed = session(&store, 1, 130.0, 3);
    session(&store, 2, 150.0, 4);
    open(&tmp, &store);
    store.delete(&removed).unwrap();
    session(&store, 3, 140.0, 5);
    let (index, refresh) = open(&tmp, &store);
    assert_eq!((refresh.read, refresh.reused, refresh.dropped), (1, 1, 1));
    assert_eq!(averages(&index), [Some(4.0), Some(5.0)]);
    assert!(
        index
            .sessions
            .iter()
            .all(|s| !s.folder.contains("20261201"))
    );
}

#[test]
fn a_corrupt_index_is_rebuilt_from_the_sessions() {
    let (tmp, store) = data();
    session(&store, 1, 130.0, 3);
    let (good, _) = open(&tmp, &store);
    let path = ProgressIndex::path(tmp.path());
    let corrupt: [&[u8]; 3] = [b"{\"basis\": {", b"", b"\xff\xfe garbage"];
    for broken in corrupt {
        std::fs::write(&path, broken).unwrap();
        let (index, refresh) = open(&tmp, &store);
        assert!(refresh.rebuilt);
        assert!(
            refresh.index_problem.is_some(),
            "the problem goes to the log"
        );
        assert_eq!(refresh.read, 1);
        assert_eq!(index, good);
        let written: ProgressIndex =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(written, good, "the rebuilt index replaced the corrupt one");
    }
}

#[test]
fn an_index_of_another_format_or_other_thresholds_is_rebuilt() {
    let (tmp, store) = data();
    session(&store, 1, 130.0, 3);
    let (index, _) = open(&tmp, &store);
    let path = ProgressIndex::path(tmp.path());
    let mut other = index.clone();
    other.basis.format_version = INDEX_FORMAT_VERSION + 1;
    other.sessions[0].answers[0].average = Some(1.0);
    other.write(&path).unwrap();
    let (reread, refresh) = open(&tmp, &store);
    assert!(refresh.rebuilt && refresh.index_problem.is_none());
    assert_eq!(reread, index);

    // Pauses are counted from 2 s now: the one 1.5 s pause no longer counts.
    let stricter = Thresholds {
        count_pause_s: 2.0,
        ..Thresholds::default()
    };
    let (index, refresh) = ProgressIndex::open(tmp.path(), &store, &stricter);
    assert!(refresh.rebuilt);
    assert_eq!(index.sessions[0].answers[0].metrics["pauses_per_min"], 0.0);
}

#[test]
fn the_session_wins_over_an_index_entry_even_when_size_and_mtime_are_kept() {
    let (tmp, store) = data();
    let dir = session(&store, 1, 130.0, 3);
    open(&tmp, &store);
    // Edit session.json by hand: same size, modification time set back. (File times tick
    // with the kernel's coarse clock; a pause makes sure the change time moves.)
    std::thread::sleep(std::time::Duration::from_millis(50));
    let file = dir.join(SESSION_FILE);
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("\"posture\": 3", "\"posture\": 5");
    assert_ne!(edited, text);
    std::fs::write(&file, &edited).unwrap();
    let f = std::fs::File::options().write(true).open(&file).unwrap();
    f.set_modified(modified).unwrap();
    drop(f);
    let (index, refresh) = open(&tmp, &store);
    assert_eq!(refresh.read, 1, "the change time still moved");
    assert_eq!(index.sessions[0].answers[0].scores["posture"], 5);

    // An index entry naming a folder that holds no session is not believed either.
    let mut ghost = index.clone();
    let mut entry = ghost.sessions[0].clone();
    entry.folder = "20261224T090000Z-ghost1".into();
    ghost.sessions.push(entry);
    ghost.write(&ProgressIndex::path(tmp.path())).unwrap();
    let (index, refresh) = open(&tmp, &store);
    assert_eq!((index.sessions.len(), refresh.dropped), (1, 1));
}

#[test]
fn an_unreadable_session_is_listed_once_and_read_again_when_it_changes() {
    let (tmp, store) = data();
    session(&store, 1, 130.0, 3);
    let bad = session(&store, 2, 150.0, 4);
    let good_text = std::fs::read(bad.join(SESSION_FILE)).unwrap();
    std::fs::write(bad.join(SESSION_FILE), b"{ truncated").unwrap();
    let (index, refresh) = open(&tmp, &store);
    assert_eq!((index.sessions.len(), index.unreadable.len()), (1, 1));
    assert!(
        index.unreadable[0]
            .error
            .contains("not a valid session file")
    );
    assert_eq!(refresh.read, 2);
    let (_, refresh) = open(&tmp, &store);
    assert_eq!(refresh.read, 0, "not parsed again while unchanged");
    std::fs::write(bad.join(SESSION_FILE), good_text).unwrap();
    let (index, refresh) = open(&tmp, &store);
    assert_eq!(
        (refresh.read, index.sessions.len(), index.unreadable.len()),
        (1, 2, 0)
    );
}

#[test]
fn a_read_only_window_reads_but_never_writes_the_index() {
    let (tmp, store) = data();
    session(&store, 1, 130.0, 3);
    let read_only = SessionStore::read_only(store.root());
    let (index, refresh) = open(&tmp, &read_only);
    assert_eq!((index.sessions.len(), refresh.write_error), (1, None));
    assert!(!ProgressIndex::path(tmp.path()).exists());
}

#[test]
fn the_judged_take_is_the_best_one_and_unmeasured_metrics_are_left_out() {
    let (tmp, store) = data();
    let dir = session(&store, 1, 130.0, 3);
    let mut s = store.load(&dir).unwrap();
    let mut second = s.questions[0].takes[0].clone();
    second.number = 2;
    second.metrics = None;
    second.rating = None;
    s.questions[0].takes.push(second);
    store.save(&dir, &s).unwrap();
    let (index, _) = open(&tmp, &store);
    let a = &index.sessions[0].answers[0];
    assert_eq!((a.take, a.takes, a.is_best), (2, 2, false), "the latest");
    assert!(a.metrics.is_empty(), "take 2 was not measured");
    assert_eq!(
        a.average,
        Some(3.0),
        "the question's rating: the latest rated take's"
    );

    s.questions[0].best_take = Some(1);
    store.save(&dir, &s).unwrap();
    let (index, _) = open(&tmp, &store);
    let a = &index.sessions[0].answers[0];
    assert_eq!((a.take, a.is_best), (1, true));
    assert_eq!(a.metrics["pace_wpm"], 130.0);
}

#[test]
fn a_transcribed_answer_counts_its_words_for_pace_and_has_a_filler_rate() {
    let (tmp, store) = data();
    let dir = session(&store, 1, 130.0, 3);
    let (index, _) = open(&tmp, &store);
    let answer = &index.sessions[0].answers[0];
    assert_eq!(
        answer.metrics["pace_wpm"], 130.0,
        "syllables without a transcript"
    );
    assert!(!answer.metrics.contains_key("fillers_per_min"));

    // 90 words in 45 s of speech, 3 of them "um": 87 words, 116 a minute; 3 fillers a minute.
    let mut s = store.load(&dir).unwrap();
    let words = (0..90)
        .map(|i| crate::analysis::words::TimedWord {
            text: if i % 30 == 0 { "um" } else { "word" }.to_owned(),
            start_s: f64::from(i) * 0.5,
            end_s: f64::from(i) * 0.5 + 0.4,
        })
        .collect();
    s.questions[0].takes[0].transcript = Some(crate::session::Transcript {
        model: "tiny.en".into(),
        version: 1,
        text: String::new(),
        words,
    });
    store.save(&dir, &s).unwrap();
    let (index, refresh) = open(&tmp, &store);
    assert_eq!(refresh.read, 1, "the changed session is read again");
    let answer = &index.sessions[0].answers[0];
    assert!((answer.metrics["pace_wpm"] - 116.0).abs() < 1e-9);
    assert_eq!(answer.metrics["fillers_per_min"], 3.0);
}

#[test]
fn a_changed_framework_split_keeps_the_index_but_a_pause_threshold_does_not() {
    let mut t = Thresholds::default();
    t.part_targets
        .insert(crate::pack::Framework::Star, vec![10.0, 10.0, 70.0, 10.0]);
    assert_eq!(Basis::current(&t), Basis::current(&Thresholds::default()));
    t.long_pause_s = 3.0;
    assert_ne!(Basis::current(&t), Basis::current(&Thresholds::default()));
}
