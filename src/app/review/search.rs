//! Search across the transcripts of the listed sessions: every take where the words of the
//! query are said in a row, with where in the take and the words around them.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::analysis::words::normalise;
use crate::session::SessionSummary;

/// The most hits listed (the rest are counted, not shown).
pub const MAX_HITS: usize = 200;
/// Words shown either side of a hit.
const CONTEXT_WORDS: usize = 5;

/// One place a query was said.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The session folder.
    pub dir: PathBuf,
    /// When the session started.
    pub started_at: DateTime<Utc>,
    /// 0-based question index.
    pub question: usize,
    /// 1-based take number.
    pub take: u32,
    /// Where the hit starts in the take.
    pub at: Duration,
    /// The hit with a few words either side.
    pub snippet: String,
}

/// Every place in `sessions` where `query`'s words are said in a row (case and punctuation
/// aside), newest session first; at most [`MAX_HITS`], and how many there were in all.
pub fn search(sessions: &[SessionSummary], query: &str) -> (Vec<SearchHit>, usize) {
    let wanted: Vec<String> = query
        .split_whitespace()
        .map(normalise)
        .filter(|w| !w.is_empty())
        .collect();
    let mut hits = Vec::new();
    let mut total = 0;
    if wanted.is_empty() {
        return (hits, total);
    }
    for summary in sessions {
        for (question, record) in summary.session.questions.iter().enumerate() {
            for take in &record.takes {
                let Some(transcript) = &take.transcript else {
                    continue;
                };
                let said: Vec<String> = transcript
                    .words
                    .iter()
                    .map(|w| normalise(&w.text))
                    .collect();
                for start in 0..said.len() {
                    if !said[start..].starts_with(&wanted) {
                        continue;
                    }
                    total += 1;
                    if hits.len() == MAX_HITS {
                        continue;
                    }
                    let from = start.saturating_sub(CONTEXT_WORDS);
                    let to = (start + wanted.len() + CONTEXT_WORDS).min(said.len());
                    let words: Vec<&str> = transcript.words[from..to]
                        .iter()
                        .map(|w| w.text.trim())
                        .collect();
                    let snippet = format!(
                        "{}{}{}",
                        if from > 0 { "…" } else { "" },
                        words.join(" "),
                        if to < said.len() { "…" } else { "" }
                    );
                    hits.push(SearchHit {
                        dir: summary.dir.clone(),
                        started_at: summary.session.started_at,
                        question,
                        take: take.number,
                        at: Duration::from_secs_f64(transcript.words[start].start_s.max(0.0)),
                        snippet,
                    });
                }
            }
        }
    }
    (hits, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::words::TimedWord;
    use crate::session::{QuestionRecord, Session, SessionSettings, Take, Transcript};

    fn summary(dir: &str, answers: &[&str]) -> SessionSummary {
        let settings = SessionSettings {
            question_count: answers.len(),
            shuffled: false,
            think_seconds: None,
            answer_seconds: None,
            input_device: None,
            mode: Default::default(),
            panel: Vec::new(),
        };
        let mut session = Session::new(vec!["general".into()], settings, Vec::new(), Utc::now());
        for (i, text) in answers.iter().enumerate() {
            let mut record = QuestionRecord {
                pack_id: "general".into(),
                question_id: format!("q{i}"),
                text: "Tell me about a budget.".into(),
                framework: None,
                kind: crate::pack::QuestionType::General,
                think_seconds: 10,
                answer_seconds: 90,
                takes: Vec::new(),
                best_take: None,
                unattached_rating: None,
                follows: None,
                asked_by: None,
            };
            let mut take = Take::recording(1, Some("q.wav".into()), Utc::now(), 1.0);
            take.transcript = Some(Transcript {
                model: "tiny.en".into(),
                version: 1,
                text: (*text).into(),
                words: text
                    .split(' ')
                    .enumerate()
                    .map(|(i, w)| TimedWord {
                        text: w.into(),
                        start_s: i as f64,
                        end_s: i as f64 + 0.5,
                    })
                    .collect(),
            });
            record.takes.push(take);
            session.questions.push(record);
        }
        SessionSummary {
            dir: PathBuf::from(dir),
            session,
        }
    }

    #[test]
    fn the_words_of_a_query_are_found_in_a_row_whatever_their_case_and_marks() {
        let sessions = [
            summary("a", &["We cut the budget, then we shipped it on time."]),
            summary(
                "b",
                &["No hit here.", "The Budget was tight; budget cuts hurt."],
            ),
        ];
        let (hits, total) = search(&sessions, "budget");
        assert_eq!(total, 3);
        assert_eq!(
            hits.iter()
                .map(|h| (h.dir.to_str().unwrap(), h.question))
                .collect::<Vec<_>>(),
            [("a", 0), ("b", 1), ("b", 1)]
        );
        assert_eq!(hits[0].at, Duration::from_secs(3));
        assert_eq!(hits[0].snippet, "We cut the budget, then we shipped it on…");
        let (hits, _) = search(&sessions, "BUDGET cuts");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].snippet, "The Budget was tight; budget cuts hurt.");
        assert_eq!(search(&sessions, "  ").1, 0);
        assert_eq!(search(&sessions, "budget shipped").1, 0);
    }
}
