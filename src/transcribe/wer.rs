//! Word error rate: the fewest substitutions, deletions and insertions that turn the
//! reference's words into the hypothesis's, over the reference's word count, both texts
//! first normalised ([`super::normalize`]).

use super::normalize::normalize;

/// The edit counts between a reference and a hypothesis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordErrors {
    /// Reference words replaced by others.
    pub substitutions: usize,
    /// Reference words missing.
    pub deletions: usize,
    /// Words added.
    pub insertions: usize,
    /// Words in the reference.
    pub reference_words: usize,
}

impl WordErrors {
    /// All errors.
    pub fn errors(&self) -> usize {
        self.substitutions + self.deletions + self.insertions
    }

    /// Errors over reference words (0 for an empty reference with an empty hypothesis).
    pub fn rate(&self) -> f64 {
        match (self.errors(), self.reference_words) {
            (0, _) => 0.0,
            (e, 0) => e as f64,
            (e, n) => e as f64 / n as f64,
        }
    }

    /// Adds another pair's counts (a corpus rate is total errors over total words).
    pub fn add(&mut self, other: WordErrors) {
        self.substitutions += other.substitutions;
        self.deletions += other.deletions;
        self.insertions += other.insertions;
        self.reference_words += other.reference_words;
    }
}

/// Counts the word errors of `hypothesis` against `reference`, both normalised first.
pub fn word_errors(reference: &str, hypothesis: &str) -> WordErrors {
    let (r, h) = (normalize(reference), normalize(hypothesis));
    let r: Vec<&str> = r.split_whitespace().collect();
    let h: Vec<&str> = h.split_whitespace().collect();
    align(&r, &h)
}

/// The minimal edit counts between word lists (Levenshtein; among equal totals, the one with
/// the most substitutions, as jiwer reports).
fn align(r: &[&str], h: &[&str]) -> WordErrors {
    // cost and counts of the best path to each cell of the current row
    let mut row: Vec<(usize, WordErrors)> = (0..=h.len())
        .map(|j| {
            (
                j,
                WordErrors {
                    insertions: j,
                    ..WordErrors::default()
                },
            )
        })
        .collect();
    for (i, rw) in r.iter().enumerate() {
        let mut next = Vec::with_capacity(h.len() + 1);
        next.push((
            i + 1,
            WordErrors {
                deletions: i + 1,
                ..WordErrors::default()
            },
        ));
        for (j, hw) in h.iter().enumerate() {
            let (cost, mut diag) = row[j];
            let same = rw == hw;
            if !same {
                diag.substitutions += 1;
            }
            let diag = (cost + usize::from(!same), diag);
            let (cost, mut up) = row[j + 1];
            up.deletions += 1;
            let up = (cost + 1, up);
            let (cost, mut left) = next[j];
            left.insertions += 1;
            let left = (cost + 1, left);
            let best = [diag, up, left]
                .into_iter()
                .min_by_key(|(cost, e)| (*cost, std::cmp::Reverse(e.substitutions)))
                .unwrap_or(diag);
            next.push(best);
        }
        row = next;
    }
    let mut errors = row[h.len()].1;
    errors.reference_words = r.len();
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_after_normalising_have_no_errors() {
        let e = word_errors(
            "and mister john dashwood had then leisure",
            "And Mr. John Dashwood had then leisure.",
        );
        assert_eq!(e.errors(), 0);
        assert_eq!(e.reference_words, 7);
        assert_eq!(e.rate(), 0.0);
    }

    #[test]
    fn substitutions_deletions_and_insertions_are_counted() {
        let e = word_errors(
            "had he married a more a amiable woman",
            "had he married a more amiable woman",
        );
        assert_eq!((e.substitutions, e.deletions, e.insertions), (0, 1, 0));
        assert!((e.rate() - 1.0 / 8.0).abs() < 1e-12);
        let e = word_errors("the cat sat", "the bat sat down");
        assert_eq!((e.substitutions, e.deletions, e.insertions), (1, 0, 1));
        assert!((e.rate() - 2.0 / 3.0).abs() < 1e-12);
        let e = word_errors("a b c d", "");
        assert_eq!((e.deletions, e.rate()), (4, 1.0));
        assert_eq!(word_errors("", "").rate(), 0.0);
        assert_eq!(word_errors("", "extra words").rate(), 2.0);
    }

    #[test]
    fn a_corpus_rate_is_total_errors_over_total_words() {
        let mut total = WordErrors::default();
        total.add(word_errors("one two three four", "one two three four"));
        total.add(word_errors("a b", "a c"));
        assert_eq!((total.errors(), total.reference_words), (1, 6));
        assert!((total.rate() - 1.0 / 6.0).abs() < 1e-12);
    }
}
