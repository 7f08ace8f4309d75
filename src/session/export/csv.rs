//! Every take of every session as CSV, one row a take: the session, the question, the take,
//! every metric, every rating item's score, the framework parts' shares, and the session's
//! reflection (its part scores, pitfalls and thank-you note, repeated on each of its rows).

use std::io::Write;
use std::path::PathBuf;

use super::WriteFailure;
use crate::session::{QuestionRecord, RATING_ITEMS, REFLECTION_PARTS, Session, Take, TakeStatus};

/// The columns before the metrics.
const TAKE_COLUMNS: &[&str] = &[
    "session_id",
    "session_folder",
    "started_at",
    "packs",
    "question_number",
    "pack_id",
    "question_id",
    "question_text",
    "question_type",
    "take_number",
    "best",
    "status",
    "answer_s",
    "audio_s",
    "wav",
    "metrics",
];

/// The metric columns: [`crate::analysis::Metrics`]' fields as stored in `session.json`
/// (`pauses` as their count). Empty for a take without current metrics.
const METRIC_COLUMNS: &[&str] = &[
    "algorithm_version",
    "duration_s",
    "speech_time_s",
    "silence_time_s",
    "leading_silence_s",
    "trailing_silence_s",
    "pauses",
    "pauses_ge_1s",
    "longest_pause_s",
    "syllables",
    "speech_rate_syl_s",
    "articulation_rate_syl_s",
    "est_wpm",
    "speech_rms_dbfs",
    "noise_floor_dbfs",
    "snr_db",
    "peak_dbfs",
    "clipped_samples",
    "sample_rate",
    "lufs",
    "pitch_median_hz",
    "pitch_spread_st",
    "monotone",
];

/// The transcript columns: the model, the word metrics under the default targets, the text.
/// Empty for a take without a transcript.
const WORD_COLUMNS: &[&str] = &[
    "transcript_model",
    "words",
    "wpm_speaking",
    "wpm_whole",
    "fillers",
    "fillers_per_min",
    "filler_words",
    "hedges",
    "transcript",
];

/// Part share columns for this many parts (the most any framework has).
const PART_COLUMNS: usize = 4;

/// The columns after the parts: the session's reflection.
const REFLECTION_COLUMNS: &[&str] = &[
    "reflection_preparation",
    "reflection_communication",
    "reflection_connection",
    "pitfalls",
    "thank_you_written",
    "thank_you_writing_s",
    "thank_you_checklist",
];

/// The header row: take columns, metric columns, transcript columns, one column per rating
/// item id, the rating's average and note, the framework and each part's share and target
/// (in the framework's order), then the reflection's.
pub(super) fn header() -> Vec<String> {
    let parts =
        (1..=PART_COLUMNS).flat_map(|n| [format!("part{n}_pct"), format!("part{n}_target_pct")]);
    TAKE_COLUMNS
        .iter()
        .chain(METRIC_COLUMNS)
        .chain(WORD_COLUMNS)
        .map(|c| (*c).to_owned())
        .chain(RATING_ITEMS.iter().map(|item| item.id.to_owned()))
        .chain(["rating_average".to_owned(), "note".to_owned()])
        .chain(["framework".to_owned()])
        .chain(parts)
        .chain(REFLECTION_COLUMNS.iter().map(|c| (*c).to_owned()))
        .collect()
}

/// Writes the header and one row per take of `sessions` (each with its folder) to `w`.
pub(super) fn write(
    w: &mut dyn Write,
    sessions: &[(PathBuf, Session)],
) -> Result<(), WriteFailure> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(header()).map_err(csv_error)?;
    for (dir, session) in sessions {
        for (i, q) in session.questions.iter().enumerate() {
            for take in &q.takes {
                let row = row(dir, session, i + 1, q, take);
                out.write_record(&row).map_err(csv_error)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn csv_error(e: ::csv::Error) -> WriteFailure {
    WriteFailure::Output(e.into())
}

fn row(
    dir: &std::path::Path,
    session: &Session,
    number: usize,
    q: &QuestionRecord,
    take: &Take,
) -> Vec<String> {
    let status = match take.status {
        TakeStatus::Recording => "recording",
        TakeStatus::Recorded => "recorded",
        TakeStatus::Interrupted => "interrupted",
        TakeStatus::NotRecorded => "not_recorded",
    };
    let metrics_state = match &take.metrics {
        Some(m) if m.is_current() => "current",
        Some(_) => "stale",
        None => "none",
    };
    let mut row = vec![
        session.id.clone(),
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        session.started_at.to_rfc3339(),
        session.pack_ids.join(" "),
        number.to_string(),
        q.pack_id.clone(),
        q.question_id.clone(),
        q.text.clone(),
        q.kind.key().to_owned(),
        take.number.to_string(),
        yes_no(q.best_take == Some(take.number)).to_owned(),
        status.to_owned(),
        format!("{:.2}", take.answer_s),
        format!("{:.2}", take.audio_s),
        take.wav.clone().unwrap_or_default(),
        metrics_state.to_owned(),
    ];
    let metrics = take
        .current_metrics()
        .and_then(|m| serde_json::to_value(m).ok());
    row.extend(METRIC_COLUMNS.iter().map(|column| {
        metrics
            .as_ref()
            .and_then(|m| m.get(*column))
            .map(cell)
            .unwrap_or_default()
    }));
    row.extend(word_cells(take));
    let rating = take.rating.as_ref();
    row.extend(RATING_ITEMS.iter().map(|item| {
        rating
            .and_then(|r| r.score(item.id))
            .map(|s| s.to_string())
            .unwrap_or_default()
    }));
    row.push(
        rating
            .and_then(|r| r.average())
            .map(|a| format!("{a:.2}"))
            .unwrap_or_default(),
    );
    row.push(rating.map(|r| r.note.clone()).unwrap_or_default());
    row.extend(part_cells(q, take));
    row.extend(reflection_cells(session));
    row
}

/// The framework's key, then each part's share and target in percent (empty where unmarked
/// or past the framework's parts).
fn part_cells(q: &QuestionRecord, take: &Take) -> Vec<String> {
    let mut cells = vec![String::new(); 1 + 2 * PART_COLUMNS];
    let Some(framework) = q.framework else {
        return cells;
    };
    cells[0] = framework.key().to_owned();
    let targets = crate::analysis::Thresholds::default().part_targets(framework);
    let shares = crate::session::parts::take_shares(framework, take).unwrap_or_default();
    for (n, target) in targets.iter().enumerate().take(PART_COLUMNS) {
        let share = shares.get(n).and_then(|s| s.percent);
        cells[1 + 2 * n] = share.map(|p| format!("{p:.1}")).unwrap_or_default();
        cells[2 + 2 * n] = format!("{target:.0}");
    }
    cells
}

/// The [`REFLECTION_COLUMNS`] of `session` (empty without a reflection).
fn reflection_cells(session: &Session) -> Vec<String> {
    let Some(r) = &session.reflection else {
        return vec![String::new(); REFLECTION_COLUMNS.len()];
    };
    let mut cells: Vec<String> = REFLECTION_PARTS
        .iter()
        .map(|part| {
            r.part_score(*part)
                .map(|s| format!("{s:.2}"))
                .unwrap_or_default()
        })
        .collect();
    cells.push(r.pitfalls.join(" "));
    let note = r.thank_you.as_ref();
    cells.push(yes_no(note.is_some_and(|n| n.is_written())).to_owned());
    cells.push(note.map(|n| n.writing_s.to_string()).unwrap_or_default());
    cells.push(note.map(|n| n.checklist.join(" ")).unwrap_or_default());
    cells
}

/// The [`WORD_COLUMNS`] of `take` (the word metrics need its current metrics too).
fn word_cells(take: &Take) -> Vec<String> {
    use crate::analysis::words::{Tally, WordMetrics, word_metrics};
    let Some(t) = &take.transcript else {
        return vec![String::new(); WORD_COLUMNS.len()];
    };
    let fillers = crate::analysis::Thresholds::default().fillers;
    let measured = take
        .current_metrics()
        .map(|m| word_metrics(&t.words, m.duration_s, m.speech_time_s, &fillers));
    let each = |tally: &Tally| {
        let named: Vec<String> = tally
            .each
            .iter()
            .map(|(w, n)| format!("{w} ×{n}"))
            .collect();
        named.join("; ")
    };
    let cells = |w: &WordMetrics| {
        [
            w.words.to_string(),
            format!("{:.1}", w.wpm_speaking),
            format!("{:.1}", w.wpm_whole),
            w.fillers.count.to_string(),
            format!("{:.2}", w.fillers_per_min),
            each(&w.fillers),
            each(&w.hedges),
        ]
    };
    std::iter::once(t.model.clone())
        .chain(measured.as_ref().map_or_else(Default::default, cells))
        .chain([t.text.clone()])
        .collect()
}

/// A metric as a cell: numbers as stored, booleans yes/no, a list by its length, null empty.
fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Bool(b) => yes_no(*b).to_owned(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Array(items) => items.len().to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(_) => String::new(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_is_a_column_for_every_stored_metric_and_no_other() {
        let metrics = crate::analysis::analyze_samples(&vec![0.0; 16_000], 16_000);
        let stored = serde_json::to_value(&metrics).unwrap();
        let mut fields: Vec<&str> = stored
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut columns = METRIC_COLUMNS.to_vec();
        fields.sort_unstable();
        columns.sort_unstable();
        assert_eq!(columns, fields);
    }

    #[test]
    fn the_header_has_every_rating_item_id_and_no_column_twice() {
        let header = header();
        for item in RATING_ITEMS {
            assert!(header.iter().any(|c| c == item.id), "{}", item.id);
        }
        let mut unique = header.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), header.len());
    }

    #[test]
    fn metric_cells_are_plain_values() {
        use serde_json::json;
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!(true)), "yes");
        assert_eq!(cell(&json!(142.5)), "142.5");
        assert_eq!(cell(&json!([{}, {}])), "2");
    }
}
