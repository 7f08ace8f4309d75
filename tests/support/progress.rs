//! Generated past sessions with metrics and ratings, written as `session.json` files the way
//! the store lays them out (the progress kittest and `benches/progress.rs` share them).

use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use rehearse::analysis::{ALGORITHM_VERSION, Metrics};
use rehearse::interview::StopReason;
use rehearse::pack::QuestionType;
use rehearse::session::{
    QuestionRecord, Rating, Session, SessionSettings, SessionStatus, Take, TakeStatus, rating_items,
};

/// When generated session 0 started; session `i` starts `i` days later.
pub fn first_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
}

/// The pace of session `i`'s general answer: 120 + 2i wpm.
pub fn general_pace(i: usize) -> f64 {
    120.0 + 2.0 * i as f64
}

/// The score session `i`'s general answer got on every item: 1 + i mod 4.
pub fn general_score(i: usize) -> u8 {
    1 + (i % 4) as u8
}

/// The pace of every behavioral answer (odd sessions only).
pub const BEHAVIORAL_PACE: f64 = 170.0;
/// The score of every behavioral answer on every item.
pub const BEHAVIORAL_SCORE: u8 = 5;

/// Measured metrics of a one-minute answer at `wpm`: 45 s of speech, pauses of 1.5 s and
/// 0.5 s, −20 LUFS, 30 dB above the background, 4 semitones of pitch spread.
pub fn metrics(wpm: f64) -> Metrics {
    serde_json::from_value(serde_json::json!({
        "algorithm_version": ALGORITHM_VERSION,
        "duration_s": 60.0,
        "speech_time_s": 45.0,
        "silence_time_s": 15.0,
        "pauses": [
            {"start_s": 10.0, "end_s": 11.5},
            {"start_s": 20.0, "end_s": 20.5},
        ],
        "pauses_ge_1s": 1,
        "longest_pause_s": 1.5,
        "syllables": (wpm * 1.4) as u32,
        "est_wpm": wpm,
        "clipped_samples": 0,
        "sample_rate": 48_000,
        "lufs": -20.0,
        "noise_floor_dbfs": -55.0,
        "snr_db": 30.0,
        "pitch_median_hz": 120.0,
        "pitch_spread_st": 4.0,
        "monotone": false,
    }))
    .unwrap()
}

fn answered(
    pack: &str,
    id: &str,
    kind: QuestionType,
    wpm: f64,
    score: u8,
    at: DateTime<Utc>,
) -> QuestionRecord {
    let scores = vec![Some(score); rating_items(false).len()];
    QuestionRecord {
        pack_id: pack.into(),
        question_id: id.into(),
        text: format!("Generated question {id}?"),
        framework: None,
        kind,
        think_seconds: 15,
        answer_seconds: 120,
        takes: vec![Take {
            part_marks: Vec::new(),
            video: None,
            number: 1,
            wav: Some("q01.wav".into()),
            status: TakeStatus::Recorded,
            stop_reason: Some(StopReason::Manual),
            started_at: at,
            think_used_s: 8.0,
            answer_s: 60.0,
            audio_s: 60.0,
            sample_rate: Some(48_000),
            dropped_frames: 0,
            error: None,
            metrics: Some(metrics(wpm)),
            rating: Some(Rating::new(
                rating_items(false),
                &scores,
                "Lead with the result.".into(),
            )),
            transcript: None,
        }],
        best_take: None,
        unattached_rating: None,
        follows: None,
        asked_by: None,
    }
}

/// Session `i`: general question `gen-01` at [`general_pace`], rated [`general_score`]; in odd
/// sessions also behavioral question `beh-01` at [`BEHAVIORAL_PACE`], rated
/// [`BEHAVIORAL_SCORE`]; then `extra` more general questions (`gen-02`, …) at 140 wpm, rated 3.
pub fn session(i: usize, extra: usize) -> Session {
    let at = first_start() + chrono::Duration::days(i as i64);
    let mut questions = vec![answered(
        "general",
        "gen-01",
        QuestionType::General,
        general_pace(i),
        general_score(i),
        at,
    )];
    if i % 2 == 1 {
        questions.push(answered(
            "behavioral",
            "beh-01",
            QuestionType::Behavioral,
            BEHAVIORAL_PACE,
            BEHAVIORAL_SCORE,
            at,
        ));
    }
    for q in 0..extra {
        let id = format!("gen-{:02}", q + 2);
        questions.push(answered(
            "general",
            &id,
            QuestionType::General,
            140.0,
            3,
            at,
        ));
    }
    let settings = SessionSettings {
        question_count: questions.len(),
        shuffled: false,
        think_seconds: None,
        answer_seconds: None,
        input_device: None,
        mode: Default::default(),
        panel: Vec::new(),
    };
    let packs = vec!["general".to_owned(), "behavioral".to_owned()];
    let mut s = Session::new(packs, settings, questions, at);
    s.status = SessionStatus::Complete;
    s.ended_at = Some(at + chrono::Duration::minutes(20));
    s
}

/// Writes sessions `numbers` (see [`session`]) below `sessions_dir`, one folder each, named
/// as the store names them; returns the folders, oldest first.
pub fn write_sessions(sessions_dir: &Path, numbers: Range<usize>, extra: usize) -> Vec<PathBuf> {
    numbers
        .map(|i| {
            let s = session(i, extra);
            let name = format!("{}-{}", s.started_at.format("%Y%m%dT%H%M%SZ"), s.id);
            let dir = sessions_dir.join(name);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("session.json"),
                serde_json::to_vec_pretty(&s).unwrap(),
            )
            .unwrap();
            dir
        })
        .collect()
}
