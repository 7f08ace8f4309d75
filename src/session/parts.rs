//! Where each part of an answer framework began in a take: the user's marks, each part's share
//! of the answer, and starts suggested from the transcript's cue phrases.
//!
//! The share rule: a part lasts from its start to the next part's start (in time order,
//! whatever the part order) or to the end of the answer. Time before the first start is not
//! counted, so the shares of the marked parts add up to 100 %.

use serde::{Deserialize, Serialize};

use crate::analysis::words::TimedWord;
use crate::pack::Framework;

/// The user marked where part `part` (0-based, in the framework's order) began.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PartMark {
    /// The part, 0-based in the framework's order.
    pub part: usize,
    /// Seconds into the answer.
    pub at_s: f64,
}

/// A part's start: marked by the user, or suggested from a cue phrase in the transcript.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartStart {
    /// The part, 0-based.
    pub part: usize,
    /// Seconds into the answer.
    pub at_s: f64,
    /// Suggested from the transcript, not marked by the user.
    pub suggested: bool,
}

/// One part's share of the answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PartShare {
    /// The part, 0-based.
    pub part: usize,
    /// Its share of the counted time, in percent (`None`: no start for it).
    pub percent: Option<f64>,
    /// Its start was suggested, not marked.
    pub suggested: bool,
}

/// Sets the start of `part` to `at_s`: a part marked again moves.
pub fn place(marks: &mut Vec<PartMark>, part: usize, at_s: f64) {
    marks.retain(|m| m.part != part);
    marks.push(PartMark { part, at_s });
    marks.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
}

/// The starts to use: every mark, and a suggestion for each part the user did not mark.
pub fn starts(marks: &[PartMark], suggested: &[PartMark]) -> Vec<PartStart> {
    let mut all: Vec<PartStart> = marks
        .iter()
        .map(|m| PartStart {
            part: m.part,
            at_s: m.at_s,
            suggested: false,
        })
        .collect();
    for s in suggested {
        if !marks.iter().any(|m| m.part == s.part) {
            all.push(PartStart {
                part: s.part,
                at_s: s.at_s,
                suggested: true,
            });
        }
    }
    all.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
    all
}

/// Each of `parts` parts' share of an answer of `answer_s` seconds with these starts (see the
/// module's rule); `None` when no time is counted (no start, or all at the very end).
pub fn shares(starts: &[PartStart], parts: usize, answer_s: f64) -> Option<Vec<PartShare>> {
    let mut sorted: Vec<PartStart> = starts.iter().filter(|s| s.part < parts).copied().collect();
    sorted.sort_by(|a, b| a.at_s.total_cmp(&b.at_s));
    let first = sorted.first()?.at_s.max(0.0);
    let counted = answer_s - first;
    if counted <= 0.0 {
        return None;
    }
    let mut seconds = vec![None::<(f64, bool)>; parts];
    for (i, s) in sorted.iter().enumerate() {
        let end = sorted.get(i + 1).map_or(answer_s, |n| n.at_s).min(answer_s);
        let length = (end - s.at_s.clamp(0.0, answer_s)).max(0.0);
        seconds[s.part] = Some((length, s.suggested));
    }
    Some(
        seconds
            .into_iter()
            .enumerate()
            .map(|(part, s)| PartShare {
                part,
                percent: s.map(|(length, _)| 100.0 * length / counted),
                suggested: s.is_some_and(|(_, suggested)| suggested),
            })
            .collect(),
    )
}

/// Where each part seems to begin in `words`: the first cue phrase of the part said after the
/// previous part's suggested start (so the suggestions keep the framework's order).
pub fn suggest(framework: Framework, words: &[TimedWord]) -> Vec<PartMark> {
    let plain: Vec<String> = words.iter().map(|w| normalise(&w.text)).collect();
    let mut from = 0;
    let mut found = Vec::new();
    for (part, p) in framework.parts().iter().enumerate() {
        let hit =
            (from..plain.len()).find(|&i| p.cues.iter().any(|cue| starts_with(&plain[i..], cue)));
        if let Some(i) = hit {
            found.push(PartMark {
                part,
                at_s: words[i].start_s,
            });
            from = i + 1;
        }
    }
    found
}

/// Each part's share of `take` under `framework`: its marks, and suggestions from its
/// transcript for the parts not marked (`None` when nothing starts a part).
pub fn take_shares(framework: Framework, take: &super::Take) -> Option<Vec<PartShare>> {
    let suggested = take
        .transcript
        .as_ref()
        .map(|t| suggest(framework, &t.words))
        .unwrap_or_default();
    let length = if take.answer_s > 0.0 {
        take.answer_s
    } else {
        take.audio_s
    };
    shares(
        &starts(&take.part_marks, &suggested),
        framework.parts().len(),
        length,
    )
}

/// "Action 48 % (target 60 %)", or "Action not marked (target 60 %)": one part's share.
pub fn share_text(label: &str, share: &PartShare, target: f64) -> String {
    match share.percent {
        Some(p) => format!("{label} {p:.0} % (target {target:.0} %)"),
        None => format!("{label} not marked (target {target:.0} %)"),
    }
}

/// One line of `take`'s part shares under `framework` against `targets`, for the reports:
/// "STAR parts: Situation 20 % (target 20 %), … (suggested from the transcript: Task)", or
/// that no part was marked.
pub fn shares_line(framework: Framework, take: &super::Take, targets: &[f64]) -> String {
    let name = framework.name();
    let Some(shares) = take_shares(framework, take) else {
        return format!("{name} parts: none marked");
    };
    let parts = framework.parts();
    let each: Vec<String> = shares
        .iter()
        .zip(parts)
        .map(|(share, part)| {
            let target = targets.get(share.part).copied().unwrap_or(0.0);
            share_text(part.label, share, target)
        })
        .collect();
    let suggested: Vec<&str> = shares
        .iter()
        .zip(parts)
        .filter(|(share, _)| share.suggested)
        .map(|(_, part)| part.label)
        .collect();
    let mut line = format!("{name} parts: {}", each.join(", "));
    if !suggested.is_empty() {
        line.push_str(&format!(
            " (suggested from the transcript: {})",
            suggested.join(", ")
        ));
    }
    line
}

/// A word in lower case without punctuation around it ("So," → "so"; "I'm" stays "i'm").
fn normalise(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase()
        .replace('’', "'")
}

/// Whether the words begin with the words of `cue`.
fn starts_with(words: &[String], cue: &str) -> bool {
    let cue: Vec<&str> = cue.split_whitespace().collect();
    cue.len() <= words.len() && cue.iter().zip(words).all(|(c, w)| *c == w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(part: usize, at_s: f64) -> PartMark {
        PartMark { part, at_s }
    }

    fn percents(shares: &[PartShare]) -> Vec<Option<f64>> {
        shares.iter().map(|s| s.percent.map(f64::round)).collect()
    }

    #[test]
    fn each_part_runs_to_the_next_start_and_the_shares_add_up_to_100() {
        let mut marks = Vec::new();
        place(&mut marks, 0, 10.0);
        place(&mut marks, 1, 20.0);
        place(&mut marks, 2, 30.0);
        place(&mut marks, 3, 90.0);
        let s = shares(&starts(&marks, &[]), 4, 110.0).unwrap();
        // 100 s counted (the first 10 s are before any part).
        assert_eq!(
            percents(&s),
            [Some(10.0), Some(10.0), Some(60.0), Some(20.0)]
        );
        let total: f64 = s.iter().filter_map(|s| s.percent).sum();
        assert!((total - 100.0).abs() < 1e-9, "{total}");
    }

    #[test]
    fn a_part_marked_again_moves_and_unmarked_parts_have_no_share() {
        let mut marks = vec![mark(0, 0.0), mark(2, 10.0)];
        place(&mut marks, 2, 30.0);
        assert_eq!(marks, [mark(0, 0.0), mark(2, 30.0)]);
        let s = shares(&starts(&marks, &[]), 4, 40.0).unwrap();
        assert_eq!(percents(&s), [Some(75.0), None, Some(25.0), None]);
        let total: f64 = s.iter().filter_map(|s| s.percent).sum();
        assert!((total - 100.0).abs() < 1e-9);
    }

    #[test]
    fn parts_out_of_order_still_add_up_and_no_time_counts_nothing() {
        let marks = [mark(2, 5.0), mark(0, 15.0)];
        let s = shares(&starts(&marks, &[]), 4, 25.0).unwrap();
        assert_eq!(percents(&s), [Some(50.0), None, Some(50.0), None]);
        assert_eq!(shares(&[], 4, 25.0), None);
        assert_eq!(shares(&starts(&[mark(0, 25.0)], &[]), 4, 25.0), None);
    }

    fn words(text: &str) -> Vec<TimedWord> {
        text.split_whitespace()
            .enumerate()
            .map(|(i, w)| TimedWord {
                text: w.to_owned(),
                start_s: i as f64,
                end_s: i as f64 + 0.5,
            })
            .collect()
    }

    #[test]
    fn cue_phrases_suggest_the_starts_in_order() {
        let said = words(
            "Well, at my last job our builds were slow. My job was to fix them. \
             So I cached the tests. As a result, builds took half as long.",
        );
        let found = suggest(Framework::Star, &said);
        assert_eq!(
            found,
            [mark(0, 1.0), mark(1, 9.0), mark(2, 15.0), mark(3, 20.0)]
        );
        // A part without a cue gets no suggestion; the later parts still do.
        let found = suggest(
            Framework::Star,
            &words("I decided to ask. In the end it worked."),
        );
        assert_eq!(found, [mark(2, 0.0), mark(3, 4.0)]);
    }

    #[test]
    fn suggestions_fill_only_the_parts_not_marked() {
        let marked = [mark(2, 12.0)];
        let suggested = [mark(0, 1.0), mark(2, 13.0), mark(3, 18.0)];
        let all = starts(&marked, &suggested);
        let got: Vec<(usize, f64, bool)> =
            all.iter().map(|s| (s.part, s.at_s, s.suggested)).collect();
        assert_eq!(got, [(0, 1.0, true), (2, 12.0, false), (3, 18.0, true)]);
        let s = shares(&all, 4, 21.0).unwrap();
        assert!(s[0].suggested && !s[2].suggested);
    }

    #[test]
    fn marks_and_the_framework_round_trip_and_are_left_out_when_absent() {
        let mut record = crate::session::model::tests::record(None);
        let mut take = super::super::Take::recording(1, None, chrono::Utc::now(), 1.0);
        let plain = serde_json::to_string(&take).unwrap();
        assert!(!plain.contains("part_marks"), "{plain}");
        let plain_record = serde_json::to_string(&record).unwrap();
        assert!(!plain_record.contains("framework"), "{plain_record}");
        // A take from before the marks loads with none.
        let old: super::super::Take = serde_json::from_str(&plain).unwrap();
        assert!(old.part_marks.is_empty());

        place(&mut take.part_marks, 2, 12.5);
        place(&mut take.part_marks, 0, 1.0);
        record.framework = Some(Framework::Star);
        record.takes = vec![take];
        let text = serde_json::to_string(&record).unwrap();
        assert!(text.contains(r#""framework":"star""#), "{text}");
        assert!(
            text.contains(r#""part_marks":[{"part":0,"at_s":1.0},{"part":2,"at_s":12.5}]"#),
            "{text}"
        );
        let back: super::super::QuestionRecord = serde_json::from_str(&text).unwrap();
        assert_eq!(back, record);
    }
}
