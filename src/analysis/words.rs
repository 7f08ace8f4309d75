//! Word metrics of a transcript: true words per minute, filler words, hedges, the most
//! repeated content words and the answer's length, each with a plain feedback line.

use serde::{Deserialize, Serialize};

use super::{Observation, Thresholds};

/// One transcribed word and when it was said (seconds from the start of the take).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimedWord {
    /// The word as transcribed, with its punctuation ("like,").
    pub text: String,
    /// When it starts.
    pub start_s: f64,
    /// When it ends.
    pub end_s: f64,
}

/// The filler words counted by default (Feedback targets edits the list).
pub const DEFAULT_FILLERS: [&str; 7] = ["um", "uh", "er", "ah", "hmm", "like", "you know"];

/// Hedging phrases, counted wherever they are said.
pub const HEDGES: [&str; 7] = [
    "i think", "kind of", "sort of", "maybe", "probably", "just", "i guess",
];

/// Hesitation sounds: a filler made of one of these counts wherever it is said; any other
/// filler ("like", "you know", "so") only where it stands apart (see [`stands_apart`]).
const HESITATIONS: [&str; 9] = ["um", "uh", "er", "erm", "ah", "hmm", "mm", "eh", "uhm"];

/// A gap this long before or after a word sets it apart like a comma (seconds).
pub const APART_GAP_S: f64 = 0.3;

/// Function words left out of "most repeated".
const STOP_WORDS: &str = "a about above after again against all am an and any are as at be because \
    been before being below between both but by can could did do does doing down during each few \
    for from further had has have having he her here hers herself him himself his how i if in into \
    is it its itself let me more most my myself no nor not now of off on once only or other our \
    ours ourselves out over own really same she should so some such than that the their theirs \
    them themselves then there these they this those through to too under until up very was we \
    were what when where which while who whom why will with would you your yours yourself also \
    got get going go went like know yes yeah okay ok well thing things lot one two";

/// A word count of a transcript, with how often each counted word or phrase came.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Tally {
    /// How many in all.
    pub count: usize,
    /// Each word or phrase and its count, most frequent first.
    pub each: Vec<(String, usize)>,
}

/// What the words of one answer show.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WordMetrics {
    /// Words said, fillers left out (the answer's length).
    pub words: usize,
    /// Words per minute of speaking time.
    pub wpm_speaking: f64,
    /// Words per minute of the whole answer.
    pub wpm_whole: f64,
    /// Filler words.
    pub fillers: Tally,
    /// Fillers per minute of the whole answer.
    pub fillers_per_min: f64,
    /// Hedging phrases.
    pub hedges: Tally,
    /// The three content words said most often (at least twice).
    pub repeated: Vec<(String, usize)>,
}

/// What a transcribed word is, for highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordMark {
    /// An ordinary word.
    Plain,
    /// Part of a filler ("um", a set-apart "like").
    Filler,
    /// Part of a hedging phrase ("I think").
    Hedge,
}

/// Each word's [`WordMark`], with `fillers` the filler list (see [`word_metrics`]).
pub fn marks(words: &[TimedWord], fillers: &[String]) -> Vec<WordMark> {
    marked(words, fillers).0
}

/// The marks, and the filler and hedge phrases found in order.
fn marked(words: &[TimedWord], fillers: &[String]) -> (Vec<WordMark>, Vec<String>, Vec<String>) {
    let tokens: Vec<String> = words.iter().map(|w| normalise(&w.text)).collect();
    let filler_phrases: Vec<Vec<String>> = fillers
        .iter()
        .map(|f| f.split_whitespace().map(normalise).collect::<Vec<_>>())
        .filter(|p: &Vec<String>| !p.is_empty() && p.iter().all(|t| !t.is_empty()))
        .collect();
    let hedge_phrases: Vec<Vec<String>> = HEDGES
        .iter()
        .map(|h| h.split(' ').map(str::to_owned).collect())
        .collect();
    let mut marks = vec![WordMark::Plain; words.len()];
    let (mut filler_hits, mut hedge_hits) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < words.len() {
        let filler = filler_phrases.iter().find(|p| {
            matches_at(&tokens, i, p)
                && (is_hesitation(p) || stands_apart(words, i, i + p.len() - 1))
        });
        let (phrase, mark, hits) = match filler {
            Some(p) => (p, WordMark::Filler, &mut filler_hits),
            None => match hedge_phrases.iter().find(|p| matches_at(&tokens, i, p)) {
                Some(p) => (p, WordMark::Hedge, &mut hedge_hits),
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        marks[i..i + phrase.len()].fill(mark);
        hits.push(phrase.join(" "));
        i += phrase.len();
    }
    (marks, filler_hits, hedge_hits)
}

/// How many words of `words` count toward pace (fillers left out), and how many fillers
/// were said, with `fillers` the filler list (see [`word_metrics`]).
pub fn counts(words: &[TimedWord], fillers: &[String]) -> (usize, usize) {
    let (marks, filler_hits, _) = marked(words, fillers);
    let counted = marks.iter().filter(|m| **m != WordMark::Filler).count();
    (counted, filler_hits.len())
}

/// The word metrics of `words`, for an answer `duration_s` long with `speech_s` of speech;
/// `fillers` is the filler list: hesitation sounds in it count anywhere, other words and
/// phrases only where they stand apart.
pub fn word_metrics(
    words: &[TimedWord],
    duration_s: f64,
    speech_s: f64,
    fillers: &[String],
) -> WordMetrics {
    let tokens: Vec<String> = words.iter().map(|w| normalise(&w.text)).collect();
    let (marks, filler_hits, hedge_hits) = marked(words, fillers);
    let counted = marks.iter().filter(|m| **m != WordMark::Filler).count();
    let per_min = |n: usize, s: f64| if s > 0.0 { n as f64 * 60.0 / s } else { 0.0 };
    let content: Vec<String> = tokens
        .into_iter()
        .zip(&marks)
        .filter(|(t, m)| **m == WordMark::Plain && is_content(t))
        .map(|(t, _)| t)
        .collect();
    let repeated: Vec<(String, usize)> = tally(content)
        .each
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .take(3)
        .collect();
    let fillers = tally(filler_hits);
    WordMetrics {
        words: counted,
        wpm_speaking: per_min(counted, speech_s),
        wpm_whole: per_min(counted, duration_s),
        fillers_per_min: per_min(fillers.count, duration_s),
        fillers,
        hedges: tally(hedge_hits),
        repeated,
    }
}

/// The feedback lines for `m`, worded like the delivery metrics' lines.
pub fn word_observations(m: &WordMetrics, thresholds: &Thresholds) -> Vec<Observation> {
    let (lo, hi) = (thresholds.pace_min_wpm, thresholds.pace_max_wpm);
    let mut out = vec![Observation {
        text: format!(
            "Pace {:.0} words a minute while speaking (target {lo:.0}–{hi:.0}), {:.0} over the \
             whole answer",
            m.wpm_speaking, m.wpm_whole
        ),
        in_target: (m.words > 0).then(|| (lo..=hi).contains(&m.wpm_speaking.round())),
    }];
    let most = thresholds.max_fillers_per_min;
    out.push(Observation {
        text: match m.fillers.count {
            0 => format!("No filler words (target at most {most:.0} a minute)"),
            n => format!(
                "{} filler {} ({:.1} a minute: {}; target at most {most:.0} a minute)",
                n,
                plural(n, "word", "words"),
                m.fillers_per_min,
                list(&m.fillers.each)
            ),
        },
        in_target: Some(m.fillers_per_min <= most),
    });
    out.push(Observation {
        text: match m.hedges.count {
            0 => "No hedging phrases".to_owned(),
            n => format!(
                "{} hedging {} ({})",
                n,
                plural(n, "phrase", "phrases"),
                list(&m.hedges.each)
            ),
        },
        in_target: None,
    });
    if !m.repeated.is_empty() {
        out.push(Observation {
            text: format!("Said most often: {}", list(&m.repeated)),
            in_target: None,
        });
    }
    out.push(Observation {
        text: format!("{} {} in all", m.words, plural(m.words, "word", "words")),
        in_target: None,
    });
    out
}

/// The feedback lines of a take: its delivery lines (`metrics`), and when it has a transcript
/// (`words`), pace from the words said in place of the syllable estimate, then the word lines.
pub fn take_observations(
    metrics: &super::Metrics,
    words: Option<&[TimedWord]>,
    thresholds: &Thresholds,
) -> Vec<Observation> {
    let mut lines = super::observations(metrics, thresholds);
    if let Some(words) = words
        && metrics.speech_time_s > 0.0
    {
        let m = word_metrics(
            words,
            metrics.duration_s,
            metrics.speech_time_s,
            &thresholds.fillers,
        );
        let mut word_lines = word_observations(&m, thresholds);
        lines[0] = word_lines.remove(0);
        lines.extend(word_lines);
    }
    lines
}

/// Lower case, without the punctuation around it ("Like," → "like"; "don't" stays).
pub fn normalise(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .trim_matches('\'')
        .to_lowercase()
}

/// Whether the words `first..=last` stand apart: a comma (or other mark) or a pause of
/// [`APART_GAP_S`] before or after them.
pub fn stands_apart(words: &[TimedWord], first: usize, last: usize) -> bool {
    let marked = |w: &TimedWord| w.text.trim_end().ends_with([',', '.', '?', '!', ';', ':']);
    let before = first > 0
        && (marked(&words[first - 1])
            || words[first].start_s - words[first - 1].end_s >= APART_GAP_S);
    let after = marked(&words[last])
        || (last + 1 < words.len() && words[last + 1].start_s - words[last].end_s >= APART_GAP_S);
    before || after
}

fn matches_at(tokens: &[String], i: usize, phrase: &[String]) -> bool {
    i + phrase.len() <= tokens.len()
        && phrase
            .iter()
            .zip(&tokens[i..])
            .all(|(p, t)| squeeze(p) == squeeze(t))
}

/// A word with its runs of one letter made single, so "umm", "uhh" and "hmmm" match the
/// fillers "um", "uh" and "hmm".
fn squeeze(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn is_hesitation(phrase: &[String]) -> bool {
    phrase.len() == 1
        && HESITATIONS
            .iter()
            .any(|h| squeeze(h) == squeeze(&phrase[0]))
}

fn is_content(token: &str) -> bool {
    token.chars().count() >= 3
        && token.chars().any(char::is_alphabetic)
        && !STOP_WORDS.split_whitespace().any(|s| s == token)
        && !token.contains('\'')
}

/// Counts of `items`, most frequent first, ties in the order first said.
fn tally(items: Vec<String>) -> Tally {
    let mut each: Vec<(String, usize)> = Vec::new();
    for item in &items {
        match each.iter_mut().find(|(w, _)| w == item) {
            Some((_, n)) => *n += 1,
            None => each.push((item.clone(), 1)),
        }
    }
    each.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    Tally {
        count: items.len(),
        each,
    }
}

fn list(each: &[(String, usize)]) -> String {
    each.iter()
        .map(|(w, n)| format!("\u{201c}{w}\u{201d} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words from a sentence, 0.3 s each with 0.05 s between, and a 0.5 s pause at "|".
    fn say(text: &str) -> Vec<TimedWord> {
        let mut t = 0.0;
        let mut out = Vec::new();
        for w in text.split_whitespace() {
            if w == "|" {
                t += 0.5;
                continue;
            }
            out.push(TimedWord {
                text: w.to_owned(),
                start_s: t,
                end_s: t + 0.3,
            });
            t += 0.35;
        }
        out
    }

    fn fillers() -> Vec<String> {
        DEFAULT_FILLERS.iter().map(|s| (*s).to_owned()).collect()
    }

    fn metrics(text: &str) -> WordMetrics {
        let words = say(text);
        let end = words.last().map_or(0.0, |w| w.end_s);
        word_metrics(&words, end, end, &fillers())
    }

    #[test]
    fn hesitations_count_anywhere_and_in_any_spelling() {
        let m = metrics("Umm, I led the team. Uh we shipped it, hmmm, on time um");
        assert_eq!(m.fillers.count, 4);
        assert_eq!(
            m.fillers.each,
            [
                ("um".to_owned(), 2),
                ("uh".to_owned(), 1),
                ("hmm".to_owned(), 1)
            ]
        );
        assert_eq!(m.words, 9, "fillers are not words of the answer");
    }

    #[test]
    fn like_and_you_know_count_only_where_they_stand_apart() {
        // Set apart by commas, or by a pause.
        assert_eq!(metrics("It was, like, hard").fillers.count, 1);
        assert_eq!(metrics("It was | like hard").fillers.count, 1);
        assert_eq!(metrics("and you know, we fixed it").fillers.count, 1);
        // Part of the sentence.
        assert_eq!(metrics("so far like the present").fillers.count, 0);
        assert_eq!(metrics("I would like to lead").fillers.count, 0);
        assert_eq!(metrics("do you know the answer").fillers.count, 0);
    }

    #[test]
    fn hedges_are_counted_by_phrase() {
        let m = metrics("I think it was maybe the best, I guess. It was kind of just luck");
        assert_eq!(m.hedges.count, 5);
        assert_eq!(m.hedges.each[0], ("i think".to_owned(), 1));
        assert!(m.hedges.each.contains(&("kind of".to_owned(), 1)));
    }

    #[test]
    fn the_most_repeated_content_words_leave_out_function_words() {
        let m = metrics(
            "The project was late. The project team met and the team fixed the project plan. \
             The plan worked and the deadline held.",
        );
        assert_eq!(
            m.repeated,
            [
                ("project".to_owned(), 3),
                ("team".to_owned(), 2),
                ("plan".to_owned(), 2)
            ]
        );
    }

    #[test]
    fn each_word_is_marked_for_highlighting() {
        use WordMark::*;
        let words = say("Um, I think it was, like, fine");
        assert_eq!(
            marks(&words, &fillers()),
            [Filler, Hedge, Hedge, Plain, Plain, Filler, Plain]
        );
    }

    #[test]
    fn pace_counts_words_per_minute_of_speech_and_of_the_whole_answer() {
        let words = say("one two three four five six seven eight nine ten");
        let m = word_metrics(&words, 10.0, 5.0, &fillers());
        assert_eq!(m.words, 10);
        assert!((m.wpm_speaking - 120.0).abs() < 1e-9);
        assert!((m.wpm_whole - 60.0).abs() < 1e-9);
        let empty = word_metrics(&[], 0.0, 0.0, &fillers());
        assert_eq!((empty.words, empty.wpm_whole), (0, 0.0));
    }

    #[test]
    fn a_user_filler_list_replaces_the_default() {
        let words = say("So, basically we, um, won and so we won");
        let mine = ["so".to_owned(), "basically".to_owned()];
        let m = word_metrics(&words, 5.0, 5.0, &mine);
        assert_eq!(
            m.fillers.each,
            [("so".to_owned(), 1), ("basically".to_owned(), 1)],
            "\"so\" mid-sentence and the unlisted \"um\" are not counted"
        );
    }

    #[test]
    fn the_lines_say_each_figure_with_its_target() {
        let m = metrics("Um, I think we, like, shipped the release. The release went well, um");
        let lines = word_observations(&m, &Thresholds::default());
        let text: Vec<&str> = lines.iter().map(|o| o.text.as_str()).collect();
        assert!(text[0].starts_with("Pace "), "{text:?}");
        assert!(text[1].starts_with("3 filler words ("), "{text:?}");
        assert!(text[1].contains("“um” ×2, “like” ×1"), "{text:?}");
        assert_eq!(
            lines[1].in_target,
            Some(false),
            "3 in 4 s is over 2 a minute"
        );
        assert_eq!(text[2], "1 hedging phrase (“i think” ×1)");
        assert_eq!(text[3], "Said most often: “release” ×2");
        assert_eq!(text[4], "10 words in all");
    }
}
