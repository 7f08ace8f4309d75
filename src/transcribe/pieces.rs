//! Long audio cut into pieces at pauses for Whisper, which hears 30 s at a time: one
//! whisper.cpp call on a 2-minute file left sentences out. The window cuts a take as it is
//! recorded (`app::transcript_job`), `rehearse transcribe` a whole file ([`transcribe`]); both
//! cut by [`next_cut`].

use super::engine::{Engine, EngineError, Options, SAMPLE_RATE, Transcript};

/// A piece is cut at the first pause after this much audio (seconds).
pub const MIN_PIECE_S: f64 = 8.0;
/// A piece without a pause is cut here (Whisper hears 30 s at a time).
pub const MAX_PIECE_S: f64 = 28.0;

/// Where to cut the next piece off `pending` (seconds), if it is time: at the middle of the
/// first pause after [`MIN_PIECE_S`], at [`MAX_PIECE_S`] without one, and all of it at the end
/// (`finishing`: no more audio will come).
pub fn next_cut(pending: &[f32], rate: u32, finishing: bool) -> Option<f64> {
    if rate == 0 || pending.is_empty() {
        return None;
    }
    let length_s = pending.len() as f64 / f64::from(rate);
    if finishing && length_s <= MAX_PIECE_S {
        return Some(length_s);
    }
    if length_s < MIN_PIECE_S {
        return None;
    }
    let pauses: Vec<(f64, f64)> = crate::analysis::analyze_samples(pending, rate)
        .pauses
        .iter()
        .map(|p| (p.start_s, p.end_s))
        .collect();
    cut_at(length_s, &pauses)
}

/// The cut for audio `length_s` long with `pauses` (start, end): the middle of the first pause
/// whose middle is past [`MIN_PIECE_S`] and within [`MAX_PIECE_S`]; [`MAX_PIECE_S`] when the
/// audio is that long without one; otherwise none yet.
pub fn cut_at(length_s: f64, pauses: &[(f64, f64)]) -> Option<f64> {
    pauses
        .iter()
        .map(|(start, end)| (start + end) / 2.0)
        .find(|mid| (MIN_PIECE_S..=MAX_PIECE_S).contains(mid) && *mid < length_s)
        .or((length_s >= MAX_PIECE_S).then_some(MAX_PIECE_S))
}

/// Transcribes `samples` (mono, [`SAMPLE_RATE`]) piece by piece, cut by [`next_cut`]; the
/// words' times run from the start of `samples`, and the pieces' texts are joined by spaces.
pub fn transcribe(
    engine: &Engine,
    samples: &[f32],
    options: &Options,
) -> Result<Transcript, EngineError> {
    let mut rest = samples;
    let mut start_s = 0.0;
    let mut texts = Vec::new();
    let mut words = Vec::new();
    while let Some(cut_s) = next_cut(rest, SAMPLE_RATE, true) {
        let cut = ((cut_s * f64::from(SAMPLE_RATE)) as usize).clamp(1, rest.len());
        let (piece, after) = rest.split_at(cut);
        let heard = engine.transcribe(piece, options)?;
        if !heard.text.is_empty() {
            texts.push(heard.text);
        }
        words.extend(heard.words.into_iter().map(|mut w| {
            w.start_s += start_s;
            w.end_s += start_s;
            w
        }));
        start_s += cut as f64 / f64::from(SAMPLE_RATE);
        rest = after;
    }
    Ok(Transcript {
        text: texts.join(" "),
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_cut_in_the_first_pause_after_the_minimum() {
        // Too short yet; a pause before the minimum does not count.
        assert_eq!(cut_at(7.0, &[(3.0, 3.5)]), None);
        assert_eq!(cut_at(12.0, &[(3.0, 3.5)]), None);
        assert_eq!(
            cut_at(12.0, &[(3.0, 3.5), (9.0, 9.6), (11.0, 11.5)]),
            Some(9.3)
        );
        // No pause for 28 s: cut there, whatever comes.
        assert_eq!(cut_at(29.0, &[(2.0, 2.4)]), Some(MAX_PIECE_S));
    }

    #[test]
    fn at_the_end_everything_left_is_one_piece_up_to_the_maximum() {
        let rate = 16_000;
        assert_eq!(next_cut(&[], rate, true), None);
        assert_eq!(next_cut(&vec![0.0; rate as usize * 3], rate, false), None);
        assert_eq!(
            next_cut(&vec![0.0; rate as usize * 3], rate, true),
            Some(3.0)
        );
        // 40 s of silence has no pause between speech: cut at the maximum.
        assert_eq!(
            next_cut(&vec![0.0; rate as usize * 40], rate, true),
            Some(MAX_PIECE_S)
        );
    }
}
