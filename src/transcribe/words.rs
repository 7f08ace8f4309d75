//! Whisper's tokens, with their timestamps, joined into words.
//!
//! A token that starts with a space and holds a letter or digit starts a word; the others
//! (the rest of a word, punctuation) join the word before. A word runs from the start of its
//! first token with a letter or digit to the end of its last one, so trailing punctuation does
//! not stretch it. The bytes are joined before they are decoded, so a character split across
//! two tokens comes out whole.

use crate::analysis::words::TimedWord;

/// One decoded token: its bytes and its time, seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece<'a> {
    /// The token's text bytes (UTF-8, possibly part of a character).
    pub bytes: &'a [u8],
    /// Start, seconds.
    pub start_s: f64,
    /// End, seconds.
    pub end_s: f64,
}

/// Whether a token carries part of a word: an ASCII letter or digit, or any non-ASCII byte.
fn wordy(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
}

/// Joins tokens into words (see the module's rules); words without a letter or digit are
/// dropped.
pub fn join<'a>(pieces: impl IntoIterator<Item = Piece<'a>>) -> Vec<TimedWord> {
    struct Open {
        bytes: Vec<u8>,
        span: Option<(f64, f64)>,
    }
    let mut words = Vec::new();
    let mut open: Option<Open> = None;
    let close = |open: Option<Open>, words: &mut Vec<TimedWord>| {
        if let Some(Open {
            bytes,
            span: Some((start_s, end_s)),
        }) = open
        {
            let word = String::from_utf8_lossy(&bytes).trim().to_string();
            words.push(TimedWord {
                text: word,
                start_s,
                end_s: end_s.max(start_s),
            });
        }
    };
    for piece in pieces {
        let has_word = wordy(piece.bytes);
        if piece.bytes.first() == Some(&b' ') && has_word {
            close(open.take(), &mut words);
        }
        let current = open.get_or_insert_with(|| Open {
            bytes: Vec::new(),
            span: None,
        });
        current.bytes.extend_from_slice(piece.bytes);
        if has_word {
            current.span = Some(match current.span {
                Some((start, _)) => (start, piece.end_s),
                None => (piece.start_s, piece.end_s),
            });
        }
    }
    close(open, &mut words);
    words
}

/// `words` without Whisper's notes on what is not speech ("[BLANK_AUDIO]", "[Music]",
/// "(laughs)"), which may run over several words ("[ Silence ]").
pub fn without_notes(words: Vec<TimedWord>) -> Vec<TimedWord> {
    let mut inside: Option<char> = None;
    words
        .into_iter()
        .filter(|w| {
            let text = w.text.trim();
            if inside.is_none() {
                inside = match text.chars().next() {
                    Some('[') => Some(']'),
                    Some('(') => Some(')'),
                    _ => return true,
                };
            }
            if inside.is_some_and(|close| text.trim_end_matches(['.', ',']).ends_with(close)) {
                inside = None;
            }
            false
        })
        .collect()
}

/// `text` without Whisper's bracketed notes (see [`without_notes`]), spaces tidied.
pub fn text_without_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside: Option<char> = None;
    for c in text.chars() {
        match (inside, c) {
            (None, '[') => inside = Some(']'),
            (None, '(') => inside = Some(')'),
            (None, c) => out.push(c),
            (Some(close), c) if c == close => inside = None,
            (Some(_), _) => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &'static str, start_s: f64, end_s: f64) -> Piece<'static> {
        Piece {
            bytes: text.as_bytes(),
            start_s,
            end_s,
        }
    }

    #[test]
    fn tokens_join_into_words_with_their_punctuation_and_times() {
        let words = join([
            piece(" Okay", 0.0, 0.4),
            piece(",", 0.4, 0.9),
            piece(" Dash", 1.0, 1.2),
            piece("wood", 1.2, 1.5),
            piece(".", 1.5, 1.6),
            piece(" -", 1.6, 1.7),
            piece(" 20", 2.0, 2.3),
            piece("%", 2.3, 2.4),
        ]);
        let got: Vec<(&str, f64, f64)> = words
            .iter()
            .map(|w| (w.text.as_str(), w.start_s, w.end_s))
            .collect();
        assert_eq!(
            got,
            [
                ("Okay,", 0.0, 0.4),
                ("Dashwood. -", 1.0, 1.5),
                ("20%", 2.0, 2.3)
            ]
        );
    }

    #[test]
    fn a_character_split_across_tokens_comes_out_whole() {
        let e_acute = "é".as_bytes();
        let words = join([
            piece(" caf", 0.0, 0.2),
            Piece {
                bytes: &e_acute[..1],
                start_s: 0.2,
                end_s: 0.3,
            },
            Piece {
                bytes: &e_acute[1..],
                start_s: 0.3,
                end_s: 0.4,
            },
        ]);
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].text, "café");
        assert_eq!((words[0].start_s, words[0].end_s), (0.0, 0.4));
    }

    #[test]
    fn punctuation_alone_and_nothing_give_no_words() {
        assert!(join([piece(" ...", 0.0, 1.0), piece("?", 1.0, 1.1)]).is_empty());
        assert!(join(std::iter::empty()).is_empty());
        // a first token without a space still starts the first word
        let words = join([piece("Hello", 0.5, 0.9), piece(" there", 1.0, 1.2)]);
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].text, "Hello");
    }

    #[test]
    fn whispers_notes_on_what_is_not_speech_are_left_out() {
        let word = |w: &str| TimedWord {
            text: w.to_owned(),
            start_s: 0.0,
            end_s: 0.1,
        };
        let words = [
            "Hello.",
            "[BLANK_AUDIO]",
            "[",
            "Silence",
            "]",
            "(laughs)",
            "Bye.",
        ]
        .map(word);
        let kept: Vec<String> = without_notes(words.to_vec())
            .into_iter()
            .map(|w| w.text)
            .collect();
        assert_eq!(kept, ["Hello.", "Bye."]);
        assert_eq!(
            text_without_notes("Hello. [BLANK_AUDIO] [ Silence ] (laughs) Bye."),
            "Hello. Bye."
        );
    }
}
