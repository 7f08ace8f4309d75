//! Export time for a 10-minute session. Run: `cargo bench --bench export`.
//!
//! The session: 10 questions, one 60 s take each, 48 kHz mono 16-bit WAVs (a voice-like tone
//! with syllable-rate bursts and pauses), measured by the real analysis and rated, written by
//! the real store. Each format is exported five times into a fresh file; the median and the
//! slowest wall time are printed with the file's size. HTML embeds all ten minutes of audio.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rehearse::pack::QuestionType;
use rehearse::session::export::{ExportFormat, FORMATS, export};
use rehearse::session::{
    QuestionRecord, RATING_ITEMS, Rating, Session, SessionSettings, SessionStatus, SessionStore,
    Take, TakeStatus,
};

const QUESTIONS: usize = 10;
const ANSWER_S: f64 = 60.0;
const RATE: u32 = 48_000;
const RUNS: usize = 5;

fn main() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = session(tmp.path());
    let audio_mb = QUESTIONS as f64 * ANSWER_S * f64::from(RATE) * 2.0 / 1e6;
    println!(
        "export of a {:.0}-minute session ({QUESTIONS} takes of {ANSWER_S:.0} s at {} kHz mono, \
         {audio_mb:.1} MB of WAV), {RUNS} runs each:",
        QUESTIONS as f64 * ANSWER_S / 60.0,
        RATE / 1000
    );
    for info in FORMATS {
        let out = tmp.path().join(format!("report.{}", info.name));
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let _ = std::fs::remove_file(&out);
                let start = Instant::now();
                export(info.format, std::slice::from_ref(&dir), &out).expect("export");
                start.elapsed()
            })
            .collect();
        times.sort();
        let size = std::fs::metadata(&out).map_or(0, |m| m.len());
        println!(
            "  {:<4} median {:>7.1} ms, slowest {:>7.1} ms, file {:>8.1} kB",
            info.name,
            times[RUNS / 2].as_secs_f64() * 1e3,
            times[RUNS - 1].as_secs_f64() * 1e3,
            size as f64 / 1e3
        );
        assert!(size > 0 || info.format == ExportFormat::Csv);
    }
}

/// Writes the session into `root`; returns its folder.
fn session(root: &Path) -> PathBuf {
    let questions = (1..=QUESTIONS)
        .map(|i| QuestionRecord {
            pack_id: "general".into(),
            question_id: format!("q{i}"),
            text: format!("Question {i}: tell me about a time you led a team?"),
            framework: None,
            kind: QuestionType::Behavioral,
            think_seconds: 10,
            answer_seconds: 90,
            takes: Vec::new(),
            best_take: None,
            unattached_rating: None,
            follows: None,
            asked_by: None,
        })
        .collect();
    let settings = SessionSettings {
        question_count: QUESTIONS,
        shuffled: false,
        think_seconds: None,
        answer_seconds: None,
        input_device: None,
        mode: Default::default(),
        panel: Vec::new(),
    };
    let store = SessionStore::new(root);
    let mut session = Session::new(
        vec!["general".into()],
        settings,
        questions,
        chrono::Utc::now(),
    );
    let dir = store.create(&session).expect("session folder");
    let samples = voice_like();
    for (i, q) in session.questions.iter_mut().enumerate() {
        let name = format!("q{:02}.wav", i + 1);
        rehearse::wav::write_i16_mono(&dir.join(&name), RATE, samples.iter().copied())
            .expect("wav");
        let mut take = Take::recording(1, Some(name.clone()), chrono::Utc::now(), 3.0);
        take.status = TakeStatus::Recorded;
        take.answer_s = ANSWER_S;
        take.audio_s = ANSWER_S;
        take.sample_rate = Some(RATE);
        take.metrics = Some(rehearse::analysis::analyze_file(&dir.join(&name)).expect("metrics"));
        let score = (i % 5) as u8 + 1;
        take.rating = Some(Rating::new(
            RATING_ITEMS,
            &[Some(score); 7],
            "Note about this answer.".into(),
        ));
        q.takes.push(take);
    }
    session.status = SessionStatus::Complete;
    store.save(&dir, &session).expect("session saved");
    dir
}

/// 60 s of a 180 Hz buzz gated into ~4 bursts a second, with a 1.5 s pause every 10 s.
fn voice_like() -> Vec<i16> {
    let n = (ANSWER_S * f64::from(RATE)) as usize;
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(RATE);
            let gate = if t % 10.0 > 8.5 {
                0.0
            } else {
                (t * 4.0 * std::f64::consts::TAU).sin().max(0.0)
            };
            let buzz = (t * 180.0 * std::f64::consts::TAU).sin()
                + 0.5 * (t * 360.0 * std::f64::consts::TAU).sin();
            (gate * buzz * 6000.0 + 30.0 * (t * 7919.0).sin()) as i16
        })
        .collect()
}
