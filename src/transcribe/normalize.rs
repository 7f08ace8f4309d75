//! Text normalisation before a word error rate is counted, after the rules of Whisper's
//! `EnglishTextNormalizer` (openai/whisper `whisper/normalizers/english.py`), written anew:
//! 1. lower case; text in brackets or parentheses removed; the hesitations "hmm", "mm",
//!    "mhm", "mmm", "uh" and "um" removed;
//! 2. contractions and titles spelt out ("won't" → "will not", "mr" → "mister", "'s been" →
//!    "has been", "n't" → "not", "'re" → "are", …), in Whisper's order;
//! 3. commas inside numbers and full stops not before a digit removed; every other mark or
//!    symbol becomes a space, and accents are dropped from Latin letters (é → e, ß → ss);
//! 4. spelt-out numbers become digits ("twenty one" → "21", "five five" → "5 5"), so that
//!    "ten" and "10" match;
//! 5. spaces collapsed.
//!
//! Not carried over, because no test text needs them: Whisper's British-to-American spelling
//! list, ordinals, fractions, currencies and "point" in decimals.

/// Hesitations Whisper's normaliser drops.
const HESITATIONS: [&str; 6] = ["hmm", "mm", "mhm", "mmm", "uh", "um"];

/// Whole words spelt out, in Whisper's order.
const WHOLE_WORDS: [(&str, &str); 35] = [
    ("won't", "will not"),
    ("can't", "can not"),
    ("let's", "let us"),
    ("ain't", "aint"),
    ("y'all", "you all"),
    ("wanna", "want to"),
    ("gotta", "got to"),
    ("gonna", "going to"),
    ("i'ma", "i am going to"),
    ("imma", "i am going to"),
    ("woulda", "would have"),
    ("coulda", "could have"),
    ("shoulda", "should have"),
    ("ma'am", "madam"),
    ("mr", "mister"),
    ("mrs", "missus"),
    ("st", "saint"),
    ("dr", "doctor"),
    ("prof", "professor"),
    ("capt", "captain"),
    ("gov", "governor"),
    ("ald", "alderman"),
    ("gen", "general"),
    ("sen", "senator"),
    ("rep", "representative"),
    ("pres", "president"),
    ("rev", "reverend"),
    ("hon", "honorable"),
    ("asst", "assistant"),
    ("assoc", "associate"),
    ("lt", "lieutenant"),
    ("col", "colonel"),
    ("jr", "junior"),
    ("sr", "senior"),
    ("esq", "esquire"),
];

/// A contraction before one of these words is a perfect tense: ("'d", "been") → "had been".
const PERFECT: [(&str, &str, &str); 6] = [
    ("'d", "been", "had"),
    ("'s", "been", "has"),
    ("'d", "gone", "had"),
    ("'s", "gone", "has"),
    ("'d", "done", "had"),
    ("'s", "got", "has"),
];

/// Word endings spelt out, in Whisper's order.
const ENDINGS: [(&str, &str); 8] = [
    ("n't", "not"),
    ("'re", "are"),
    ("'s", "is"),
    ("'d", "would"),
    ("'ll", "will"),
    ("'t", "not"),
    ("'ve", "have"),
    ("'m", "am"),
];

/// Normalises English text for comparison (see the module's rules).
pub fn normalize(text: &str) -> String {
    let text = without_brackets(&text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'"));
    // words of letters, digits and apostrophes; anything else separates them
    let mut words: Vec<String> = Vec::new();
    for raw in split_keeping_numbers(&text) {
        if !HESITATIONS.contains(&raw.as_str()) {
            words.push(raw);
        }
    }
    let mut spelt: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].trim_matches('\'');
        let next = words.get(i + 1).map(String::as_str);
        if let Some((_, out)) = WHOLE_WORDS.iter().find(|(w, _)| *w == word) {
            spelt.push((*out).to_string());
        } else if let Some((stem, aux)) = PERFECT.iter().find_map(|(ending, after, aux)| {
            (Some(*after) == next)
                .then(|| word.strip_suffix(ending))
                .flatten()
                .map(|stem| (stem, aux))
        }) {
            spelt.push(format!("{stem} {aux}"));
        } else {
            spelt.push(spell_endings(word));
        }
        i += 1;
    }
    let plain: Vec<String> = spelt
        .iter()
        .flat_map(|w| w.split(['\'', ' ']).map(str::to_string).collect::<Vec<_>>())
        .filter(|w| !w.is_empty())
        .collect();
    numbers_as_digits(&plain).join(" ")
}

/// A word with its contracted endings spelt out, the last first ("shouldn't've" → "should
/// not have").
fn spell_endings(word: &str) -> String {
    ENDINGS
        .iter()
        .find_map(|(ending, out)| {
            word.strip_suffix(ending)
                .filter(|stem| !stem.is_empty())
                .map(|stem| format!("{} {out}", spell_endings(stem)))
        })
        .unwrap_or_else(|| word.to_string())
}

/// Removes `[…]`, `<…>` and `(…)` spans.
fn without_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match (closing, c) {
            (None, '[') => closing = Some(']'),
            (None, '<') => closing = Some('>'),
            (None, '(') => closing = Some(')'),
            (Some(end), c) if c == end => {
                closing = None;
                out.push(' ');
            }
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

/// Splits into lower-case words of letters, digits and apostrophes, with accents dropped;
/// a comma between digits and a full stop before a digit stay inside the number ("1,000" →
/// "1000", "3.5").
fn split_keeping_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
        let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c == ',' && digit_before && digit_after {
            continue;
        }
        if c == '.' && digit_after {
            word.push(c);
            continue;
        }
        if c == '%' && digit_before {
            word.push(c);
            continue;
        }
        if c.is_alphanumeric() || c == '\'' {
            match plain_latin(c) {
                Some(s) => word.push_str(s),
                None => word.push(c),
            }
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Accented Latin letters without their accents (what Unicode NFKD plus Whisper's extra
/// table give), for the letters of Western European languages.
fn plain_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ř' => "r",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => return None,
    })
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Runs of spelt-out number words as digits: "twenty one" → "21", "two hundred five" →
/// "205", "three thousand" → "3000"; "five five" stays two numbers, "5 5".
fn numbers_as_digits(words: &[String]) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Unit,
        Ten,
        Hundred,
        Thousand,
    }
    let mut out = Vec::new();
    // (thousands so far, the part below a thousand, what came last)
    let mut number: Option<(u64, u64, Last)> = None;
    let flush = |number: &mut Option<(u64, u64, Last)>, out: &mut Vec<String>| {
        if let Some((thousands, rest, _)) = number.take() {
            out.push((thousands + rest).to_string());
        }
    };
    for (i, word) in words.iter().enumerate() {
        let is_number = |w: Option<&String>| {
            w.is_some_and(|w| UNITS.contains(&w.as_str()) || TENS.contains(&w.as_str()))
        };
        // "two hundred and five"
        if word == "and"
            && matches!(number, Some((_, _, Last::Hundred | Last::Thousand)))
            && is_number(words.get(i + 1))
        {
            continue;
        }
        let unit = UNITS.iter().position(|u| u == word).map(|v| v as u64);
        let ten = TENS
            .iter()
            .position(|t| t == word)
            .map(|v| 20 + 10 * v as u64);
        match (unit, ten, word.as_str(), number) {
            (Some(u), _, _, Some((k, rest, Last::Ten | Last::Hundred)))
                if u < 10 || rest % 100 == 0 =>
            {
                number = Some((k, rest + u, Last::Unit));
            }
            (Some(u), _, _, Some((k, rest, Last::Thousand))) => {
                number = Some((k, rest + u, Last::Unit));
            }
            (Some(u), _, _, _) => {
                flush(&mut number, &mut out);
                number = Some((0, u, Last::Unit));
            }
            (_, Some(t), _, Some((k, rest, Last::Hundred | Last::Thousand))) => {
                number = Some((k, rest + t, Last::Ten));
            }
            (_, Some(t), _, _) => {
                flush(&mut number, &mut out);
                number = Some((0, t, Last::Ten));
            }
            (_, _, "hundred", Some((k, rest, Last::Unit | Last::Ten))) if rest < 100 => {
                number = Some((k, rest * 100, Last::Hundred));
            }
            (_, _, "thousand", Some((k, rest, last))) if k == 0 && last != Last::Thousand => {
                number = Some((rest.max(1) * 1000, 0, Last::Thousand));
            }
            _ => {
                flush(&mut number, &mut out);
                out.push(word.clone());
            }
        }
    }
    flush(&mut number, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_brackets_go() {
        assert_eq!(
            normalize("Mr. John Dashwood had then leisure, (sighs) [inaudible] to consider."),
            "mister john dashwood had then leisure to consider"
        );
        assert_eq!(
            normalize("He was ill-disposed; cold-hearted!"),
            "he was ill disposed cold hearted"
        );
        assert_eq!(normalize("  \"Quoted\"  text…  "), "quoted text");
    }

    #[test]
    fn hesitations_are_dropped_and_contractions_spelt_out() {
        assert_eq!(normalize("Um, I won't, uh, go."), "i will not go");
        assert_eq!(
            normalize("She'd been there; he's got it"),
            "she had been there he has got it"
        );
        assert_eq!(
            normalize("They’re sure it's John's"),
            "they are sure it is john is"
        );
        assert_eq!(
            normalize("I can't, you shouldn't've"),
            "i can not you should not have"
        );
    }

    #[test]
    fn numbers_match_whether_spelt_or_written() {
        assert_eq!(normalize("Ten of clubs"), normalize("10 of Clubs"));
        assert_eq!(normalize("twenty-one"), "21");
        assert_eq!(normalize("five five"), "5 5");
        assert_eq!(normalize("two hundred and five"), "205");
        assert_eq!(normalize("nineteen hundred"), "1900");
        assert_eq!(normalize("one two three"), "1 2 3");
        assert_eq!(normalize("two hundred five"), "205");
        assert_eq!(normalize("three thousand four hundred"), "3400");
        assert_eq!(
            normalize("1,000 people paid 3.5%."),
            "1000 people paid 3.5%"
        );
        assert_eq!(normalize("nineteen ninety"), "19 90");
    }

    #[test]
    fn accents_are_dropped() {
        assert_eq!(normalize("Café naïve Straße"), "cafe naive strasse");
    }
}
