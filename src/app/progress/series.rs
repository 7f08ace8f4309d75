//! What the progress screen shows, computed from the index once per change of the index or
//! the filters (never per frame): one trend per rating item and per key metric, the
//! reflections' part scores, pitfalls and thank-you notes, and each question's history.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};

use super::index::{AnswerEntry, ProgressIndex, SessionEntry};
use crate::analysis::{KEY_METRICS, Target, Thresholds};
use crate::pack::QuestionType;
use crate::session::{MAX_SCORE, MIN_SCORE, RATING_ITEMS, REFLECTION_PARTS};

/// Which answers count: every one, or those of one pack and/or one question type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only questions of this pack.
    pub pack: Option<String>,
    /// Only questions of this type.
    pub kind: Option<QuestionType>,
}

impl Filter {
    /// Whether `answer` passes the filter.
    pub fn admits(&self, answer: &AnswerEntry) -> bool {
        self.pack.as_ref().is_none_or(|p| *p == answer.pack_id)
            && self.kind.as_ref().is_none_or(|k| *k == answer.kind)
    }
}

/// One trend chart: a value per session, over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Stable id: the rating item's or key metric's id.
    pub id: &'static str,
    /// The title shown.
    pub title: &'static str,
    /// The unit after a value, e.g. "wpm" (empty for a count or a score).
    pub unit: &'static str,
    /// Decimals shown.
    pub decimals: usize,
    /// The target band drawn behind the line.
    pub target: Target,
    /// A fixed value range (the 1–5 scale of a rating item).
    pub range: Option<(f64, f64)>,
    /// One point per session: x = the session's start in days since 1970 (UTC), y = the
    /// mean over its answers that pass the filter; sessions without a value are left out.
    pub points: Vec<[f64; 2]>,
}

impl Chart {
    /// `value` as shown, e.g. "142 wpm" or "3.5".
    pub fn format(&self, value: f64) -> String {
        let number = format!("{value:.*}", self.decimals);
        match self.unit {
            "" => number,
            "%" => format!("{number} %"),
            unit => format!("{number} {unit}"),
        }
    }

    /// A one-line account of the chart, e.g. "20 sessions, latest 150 wpm (first 120 wpm),
    /// target 120–165 wpm": what the line shows, for screen readers and the eye alike.
    pub fn summary(&self) -> String {
        let (Some(first), Some(last)) = (self.points.first(), self.points.last()) else {
            return "no sessions with a value yet".to_owned();
        };
        let count = self.points.len();
        let mut text = if count == 1 {
            format!("1 session: {}", self.format(last[1]))
        } else {
            format!(
                "{count} sessions, latest {} (first {})",
                self.format(last[1]),
                self.format(first[1])
            )
        };
        match self.target {
            Target::Band(lo, hi) => {
                let lo = format!("{lo:.*}", self.decimals);
                text.push_str(&format!(", target {lo}–{}", self.format(hi)));
            }
            Target::AtLeast(min) => {
                text.push_str(&format!(", target at least {}", self.format(min)))
            }
            Target::AtMost(max) => text.push_str(&format!(", target at most {}", self.format(max))),
            Target::None => {}
        }
        text
    }
}

/// One take of a question's history: the judged take of one session.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    /// When its session started.
    pub started_at: DateTime<Utc>,
    /// The take's number, and how many takes the question had in that session.
    pub take: u32,
    /// How many takes the question had in that session.
    pub takes: u32,
    /// Whether the user marked this take best.
    pub marked_best: bool,
    /// Its pace, where measured.
    pub pace: Option<f64>,
    /// Its average rating, where rated.
    pub average: Option<f64>,
}

/// One question practised, with every session's judged take of it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionHistory {
    /// The question's pack.
    pub pack_id: String,
    /// The question's id in its pack.
    pub question_id: String,
    /// The question, as last asked.
    pub text: String,
    /// The question's type.
    pub kind: QuestionType,
    /// Oldest first.
    pub rows: Vec<HistoryRow>,
    /// The row with the highest average rating so far (the latest of equals).
    pub best_so_far: Option<usize>,
}

/// Everything the screen draws, for one index and one filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProgressView {
    /// Sessions with at least one answer passing the filter.
    pub sessions: usize,
    /// Answers passing the filter.
    pub answers: usize,
    /// One chart per rating item, in table order.
    pub ratings: Vec<Chart>,
    /// One chart per key metric, in table order.
    pub metrics: Vec<Chart>,
    /// The reflections: one chart per part, then pitfalls ticked per session and thank-you
    /// notes written so far.
    pub reflection: Vec<Chart>,
    /// Sessions with a saved reflection, and how many of them wrote a thank-you note.
    pub thank_you_notes: (usize, usize),
    /// Each question practised, most recently practised first.
    pub questions: Vec<QuestionHistory>,
    /// Every pack id with answers in the index (the pack filter's choices).
    pub packs: Vec<String>,
    /// Every question type with answers in the index (the type filter's choices).
    pub kinds: Vec<QuestionType>,
}

/// Days since 1970 (UTC) of `t`: the charts' x axis.
pub fn days(t: DateTime<Utc>) -> f64 {
    t.timestamp_millis() as f64 / 86_400_000.0
}

/// The mean of `values`, `None` when there are none.
fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The screen's contents for `index` under `filter` and `thresholds`.
pub fn build(index: &ProgressIndex, filter: &Filter, thresholds: &Thresholds) -> ProgressView {
    let mut packs = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    for a in index.sessions.iter().flat_map(|s| &s.answers) {
        packs.insert(a.pack_id.clone());
        kinds.insert(a.kind.clone());
    }
    // Each session's answers that pass the filter, oldest session first.
    let passing: Vec<(&SessionEntry, Vec<&AnswerEntry>)> = index
        .sessions
        .iter()
        .map(|s| (s, s.answers.iter().filter(|a| filter.admits(a)).collect()))
        .filter(|(_, answers): &(_, Vec<_>)| !answers.is_empty())
        .collect();
    let admitted: Vec<(DateTime<Utc>, Vec<&AnswerEntry>)> = passing
        .iter()
        .map(|(s, answers)| (s.started_at, answers.clone()))
        .collect();
    let series = |value: &dyn Fn(&AnswerEntry) -> Option<f64>| -> Vec<[f64; 2]> {
        admitted
            .iter()
            .filter_map(|(at, answers)| {
                Some([days(*at), mean(answers.iter().filter_map(|a| value(a)))?])
            })
            .collect()
    };
    let ratings = RATING_ITEMS
        .iter()
        .map(|item| Chart {
            id: item.id,
            title: item.label,
            unit: "",
            decimals: 1,
            target: Target::None,
            range: Some((f64::from(MIN_SCORE), f64::from(MAX_SCORE))),
            points: series(&|a| a.scores.get(item.id).map(|&s| f64::from(s))),
        })
        // "Addressed the panel" is charted once a panel interview rated it.
        .filter(|chart| !chart.points.is_empty() || !panel_only(chart.id))
        .collect();
    let metrics = KEY_METRICS
        .iter()
        .map(|k| Chart {
            id: k.id,
            title: k.label,
            unit: k.unit,
            decimals: k.decimals,
            target: (k.target)(thresholds),
            range: None,
            points: series(&|a| a.metrics.get(k.id).copied()),
        })
        .collect();
    let sessions: Vec<&SessionEntry> = passing.iter().map(|(s, _)| *s).collect();
    let (reflection, thank_you_notes) = reflection_charts(&sessions);
    ProgressView {
        sessions: admitted.len(),
        answers: admitted.iter().map(|(_, a)| a.len()).sum(),
        ratings,
        metrics,
        reflection,
        thank_you_notes,
        questions: histories(&admitted),
        packs: packs.into_iter().collect(),
        kinds: kinds.into_iter().collect(),
    }
}

/// The reflections of `sessions` (oldest first): a chart per part, pitfalls ticked per
/// session, and thank-you notes written so far; and (reflections, notes written).
fn reflection_charts(sessions: &[&SessionEntry]) -> (Vec<Chart>, (usize, usize)) {
    let reflected: Vec<(f64, &super::index::ReflectionEntry)> = sessions
        .iter()
        .filter_map(|s| Some((days(s.started_at), s.reflection.as_ref()?)))
        .collect();
    let mut charts: Vec<Chart> = REFLECTION_PARTS
        .iter()
        .map(|part| Chart {
            id: part.id(),
            title: part.label(),
            unit: "",
            decimals: 1,
            target: Target::None,
            range: Some((f64::from(MIN_SCORE), f64::from(MAX_SCORE))),
            points: reflected
                .iter()
                .filter_map(|(x, r)| Some([*x, *r.parts.get(part.id())?]))
                .collect(),
        })
        .collect();
    let count = |id, title, target, points| Chart {
        id,
        title,
        unit: "",
        decimals: 0,
        target,
        range: None,
        points,
    };
    charts.push(count(
        "pitfalls",
        "Pitfalls ticked",
        Target::AtMost(0.0),
        reflected
            .iter()
            .map(|(x, r)| [*x, r.pitfalls as f64])
            .collect(),
    ));
    let mut written = 0usize;
    let notes = reflected
        .iter()
        .map(|(x, r)| {
            written += usize::from(r.thank_you);
            [*x, written as f64]
        })
        .collect();
    charts.push(count(
        "thank_you_notes",
        "Thank-you notes written",
        Target::None,
        notes,
    ));
    (charts, (reflected.len(), written))
}

/// Each question's history across the sessions, the most recently practised first.
fn histories(admitted: &[(DateTime<Utc>, Vec<&AnswerEntry>)]) -> Vec<QuestionHistory> {
    let mut by_question: HashMap<(&str, &str), QuestionHistory> = HashMap::new();
    for (at, answers) in admitted {
        for a in answers {
            let history = by_question
                .entry((&a.pack_id, &a.question_id))
                .or_insert_with(|| QuestionHistory {
                    pack_id: a.pack_id.clone(),
                    question_id: a.question_id.clone(),
                    text: String::new(),
                    kind: a.kind.clone(),
                    rows: Vec::new(),
                    best_so_far: None,
                });
            history.text.clone_from(&a.text);
            history.kind = a.kind.clone();
            history.rows.push(HistoryRow {
                started_at: *at,
                take: a.take,
                takes: a.takes,
                marked_best: a.is_best,
                pace: a.metrics.get("pace_wpm").copied(),
                average: a.average,
            });
        }
    }
    let mut list: Vec<QuestionHistory> = by_question.into_values().collect();
    for q in &mut list {
        q.best_so_far = q
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.average?)))
            .fold(None, |best: Option<(usize, f64)>, (i, avg)| match best {
                Some((_, b)) if b > avg => best,
                _ => Some((i, avg)),
            })
            .map(|(i, _)| i);
    }
    list.sort_by(|a, b| {
        let last = |q: &QuestionHistory| q.rows.last().map(|r| r.started_at);
        last(b).cmp(&last(a)).then_with(|| a.text.cmp(&b.text))
    });
    list
}

/// Whether rating item `id` is asked only in panel interviews.
fn panel_only(id: &str) -> bool {
    RATING_ITEMS
        .iter()
        .any(|item| item.id == id && item.panel_only)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::progress::index::{SessionEntry, Stamp};
    use crate::session::SessionStatus;
    use chrono::TimeZone;
    use std::collections::BTreeMap;

    fn answer(pack: &str, q: &str, kind: QuestionType, pace: f64, score: u8) -> AnswerEntry {
        AnswerEntry {
            pack_id: pack.into(),
            question_id: q.into(),
            kind,
            text: format!("{q}?"),
            take: 1,
            takes: 1,
            is_best: false,
            metrics: BTreeMap::from([("pace_wpm".to_owned(), pace)]),
            scores: BTreeMap::from([("posture".to_owned(), score)]),
            average: Some(f64::from(score)),
        }
    }

    fn index(sessions: Vec<Vec<AnswerEntry>>) -> ProgressIndex {
        let first = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap();
        let mut index = ProgressIndex::empty(&Thresholds::default());
        for (i, answers) in sessions.into_iter().enumerate() {
            index.sessions.push(SessionEntry {
                folder: format!("s{i}"),
                stamp: Stamp {
                    size: 0,
                    modified_ns: 0,
                    inode: 0,
                    changed_ns: 0,
                },
                started_at: first + chrono::Duration::days(i as i64),
                pack_ids: vec!["general".into()],
                status: SessionStatus::Complete,
                answers,
                reflection: None,
            });
        }
        index
    }

    #[test]
    fn each_session_gives_the_mean_of_its_answers_that_pass_the_filter() {
        use QuestionType::{Behavioral, General};
        let index = index(vec![
            vec![
                answer("general", "g1", General, 100.0, 2),
                answer("behavioral", "b1", Behavioral, 200.0, 4),
            ],
            vec![answer("general", "g1", General, 140.0, 3)],
        ]);
        let t = Thresholds::default();
        let all = build(&index, &Filter::default(), &t);
        let pace = all.metrics.iter().find(|c| c.id == "pace_wpm").unwrap();
        let ys: Vec<f64> = pace.points.iter().map(|p| p[1]).collect();
        assert_eq!(ys, [150.0, 140.0]);
        assert_eq!(pace.points[1][0] - pace.points[0][0], 1.0, "a day apart");
        assert_eq!(pace.target, Target::Band(120.0, 165.0));
        let posture = &all.ratings[0];
        assert_eq!(
            posture.points.iter().map(|p| p[1]).collect::<Vec<_>>(),
            [3.0, 3.0]
        );
        assert!(all.ratings[1].points.is_empty(), "eye contact never scored");
        assert_eq!((all.sessions, all.answers), (2, 3));
        assert_eq!(all.packs, ["behavioral", "general"]);

        let behavioral = Filter {
            pack: Some("behavioral".into()),
            kind: None,
        };
        let only = build(&index, &behavioral, &t);
        assert_eq!((only.sessions, only.answers), (1, 1));
        assert_eq!(only.metrics[0].points, [[pace.points[0][0], 200.0]]);
        assert_eq!(only.questions.len(), 1);
        let by_kind = Filter {
            pack: None,
            kind: Some(General),
        };
        assert_eq!(build(&index, &by_kind, &t).answers, 2);
    }

    #[test]
    fn a_question_history_lists_each_session_and_marks_the_best_so_far() {
        use QuestionType::General;
        let index = index(vec![
            vec![answer("general", "g1", General, 100.0, 2)],
            vec![answer("general", "g1", General, 120.0, 4)],
            vec![
                answer("general", "g1", General, 130.0, 3),
                answer("general", "g2", General, 150.0, 5),
            ],
        ]);
        let view = build(&index, &Filter::default(), &Thresholds::default());
        assert_eq!(view.questions.len(), 2);
        let g1 = view
            .questions
            .iter()
            .find(|q| q.question_id == "g1")
            .unwrap();
        let paces: Vec<_> = g1.rows.iter().map(|r| r.pace).collect();
        assert_eq!(paces, [Some(100.0), Some(120.0), Some(130.0)]);
        assert_eq!(g1.best_so_far, Some(1), "rated 4 in the second session");
    }

    #[test]
    fn the_reflections_give_part_scores_pitfalls_and_notes_written_over_the_sessions() {
        use crate::app::progress::index::ReflectionEntry;
        use QuestionType::General;
        let mut index = index(vec![
            vec![answer("general", "g1", General, 100.0, 2)],
            vec![answer("general", "g1", General, 120.0, 4)],
            vec![answer("general", "g1", General, 130.0, 3)],
            vec![answer(
                "behavioral",
                "b1",
                QuestionType::Behavioral,
                130.0,
                3,
            )],
        ]);
        let entry = |prep: Option<f64>, comm: f64, pitfalls, thank_you| ReflectionEntry {
            parts: prep
                .map(|p| ("preparation".to_owned(), p))
                .into_iter()
                .chain([("communication".to_owned(), comm)])
                .collect(),
            pitfalls,
            thank_you,
        };
        index.sessions[0].reflection = Some(entry(Some(2.0), 3.0, 3, false));
        // Session 2 was not reflected on.
        index.sessions[2].reflection = Some(entry(None, 4.5, 1, true));
        index.sessions[3].reflection = Some(entry(Some(5.0), 5.0, 0, true));
        let view = build(&index, &Filter::default(), &Thresholds::default());
        let ys = |id: &str| -> Vec<f64> {
            let chart = view.reflection.iter().find(|c| c.id == id).unwrap();
            chart.points.iter().map(|p| p[1]).collect()
        };
        assert_eq!(ys("preparation"), [2.0, 5.0]);
        assert_eq!(ys("communication"), [3.0, 4.5, 5.0]);
        assert!(ys("connection").is_empty());
        assert_eq!(ys("pitfalls"), [3.0, 1.0, 0.0]);
        assert_eq!(ys("thank_you_notes"), [0.0, 1.0, 2.0], "written so far");
        assert_eq!(view.thank_you_notes, (3, 2));
        let pitfalls = view.reflection.iter().find(|c| c.id == "pitfalls").unwrap();
        assert_eq!(
            pitfalls.summary(),
            "3 sessions, latest 0 (first 3), target at most 0"
        );
        // A filter keeps the reflections of the sessions it keeps.
        let general = Filter {
            pack: Some("general".into()),
            kind: None,
        };
        let view = build(&index, &general, &Thresholds::default());
        assert_eq!(view.thank_you_notes, (2, 1));
    }

    #[test]
    fn a_summary_says_what_the_line_shows() {
        let t = Thresholds::default();
        let view = build(
            &index(vec![
                vec![answer("general", "g1", QuestionType::General, 120.0, 2)],
                vec![answer("general", "g1", QuestionType::General, 150.4, 4)],
            ]),
            &Filter::default(),
            &t,
        );
        assert_eq!(
            view.metrics[0].summary(),
            "2 sessions, latest 150 wpm (first 120 wpm), target 120–165 wpm"
        );
        assert_eq!(
            view.ratings[0].summary(),
            "2 sessions, latest 4.0 (first 2.0)"
        );
        assert_eq!(view.ratings[2].summary(), "no sessions with a value yet");
    }
}
