//! The session report as Markdown: the HTML report's content, the charts as a table and each
//! recording as a link relative to the report.

use std::io::Write;
use std::path::Path;

use super::{
    WriteFailure, average_text, no_metrics_reason, observations, part_shares, question_meta,
    score_text, session_date, session_status, take_status,
};
use crate::analysis::{Target, Thresholds, clock, key_metric};
use crate::session::{QuestionRecord, RATING_ITEMS, Rating, Session, Take};

/// Writes the report of `session` to `w`; `wavs` is the session folder as seen from the
/// report's folder.
pub(super) fn write(w: &mut dyn Write, session: &Session, wavs: &Path) -> Result<(), WriteFailure> {
    writeln!(w, "# Rehearsal report\n")?;
    writeln!(
        w,
        "{} · packs: {} · {} of {} questions answered · {} · average rating {}\n",
        session_date(session),
        escape(&session.pack_ids.join(", ")),
        session.answered_count(),
        session.questions.len(),
        session_status(session),
        average_text(session.average_rating()),
    )?;
    let t = Thresholds::default();
    let pace = key_metric("pace_wpm").expect("pace is a key metric");
    let band = match (pace.target)(&t) {
        Target::Band(lo, hi) => format!(", target {lo:.0}–{hi:.0}"),
        _ => String::new(),
    };
    writeln!(w, "## Pace and ratings\n")?;
    writeln!(
        w,
        "Pace counts the words of each take's transcript; a take without one is estimated \
         from syllables.\n"
    )?;
    writeln!(w, "| Question | Take | Pace (wpm{band}) | Rating |")?;
    writeln!(w, "| --- | --- | --- | --- |")?;
    for (i, q) in session.questions.iter().enumerate() {
        for take in &q.takes {
            let pace = take
                .measured()
                .and_then(|m| (pace.value)(&m, &t))
                .map_or_else(|| "–".into(), |v| format!("{v:.*}", pace.decimals));
            writeln!(
                w,
                "| Q{} | {}{} | {pace} | {} |",
                i + 1,
                take.number,
                if q.best_take == Some(take.number) {
                    " (best)"
                } else {
                    ""
                },
                average_text(take.rating.as_ref().and_then(Rating::average)),
            )?;
        }
    }
    writeln!(w)?;
    for (i, q) in session.questions.iter().enumerate() {
        write_question(w, i + 1, q, wavs)?;
    }
    if let Some(r) = &session.reflection {
        writeln!(w, "## Reflection\n")?;
        for line in r.lines() {
            writeln!(w, "**{}:**\n\n{}\n", line.label, block(&line.text))?;
        }
    }
    writeln!(
        w,
        "---\nExported by Rehearse {} from session {}.",
        env!("CARGO_PKG_VERSION"),
        escape(&session.id)
    )?;
    Ok(())
}

fn write_question(
    w: &mut dyn Write,
    number: usize,
    q: &QuestionRecord,
    wavs: &Path,
) -> Result<(), WriteFailure> {
    writeln!(w, "## Q{number}. {}\n", escape(&one_line(&q.text)))?;
    writeln!(w, "{}\n", escape(&question_meta(q)))?;
    if q.takes.is_empty() {
        writeln!(w, "Not answered.\n")?;
    }
    for take in &q.takes {
        write_take(w, q, take, wavs)?;
    }
    if let Some(r) = &q.unattached_rating {
        write_rating(w, r)?;
    }
    if q.rating().is_none() {
        writeln!(w, "Not rated.\n")?;
    }
    Ok(())
}

fn write_take(
    w: &mut dyn Write,
    q: &QuestionRecord,
    take: &Take,
    wavs: &Path,
) -> Result<(), WriteFailure> {
    let best = if q.best_take == Some(take.number) {
        " (best take)"
    } else {
        ""
    };
    writeln!(w, "### Take {}{best}\n", take.number)?;
    writeln!(
        w,
        "{} · answered {} after {} thinking\n",
        take_status(take),
        clock(take.answer_s),
        clock(take.think_used_s)
    )?;
    // A name from session.json that is not a plain file name gets no link.
    if let Some(name) = take
        .wav
        .as_deref()
        .filter(|n| Path::new(n).file_name() == Some(std::ffi::OsStr::new(n)))
    {
        let target = wavs.join(name);
        writeln!(
            w,
            "Recording: [{}](<{}>)\n",
            escape(name),
            link_destination(&target)
        )?;
    }
    let lines = observations(take);
    for o in &lines {
        let mark = match o.in_target {
            Some(true) => "✓ ",
            Some(false) => "⚠ ",
            None => "",
        };
        writeln!(w, "- {mark}{}", escape(&o.text))?;
    }
    if !lines.is_empty() {
        writeln!(w)?;
    }
    if let Some(reason) = no_metrics_reason(take) {
        writeln!(w, "*{}*\n", escape(reason))?;
    }
    if let Some(line) = part_shares(q, take) {
        writeln!(w, "{}\n", escape(&line))?;
    }
    if let Some(t) = &take.transcript {
        writeln!(w, "> What you said: {}\n", escape(&t.text))?;
    }
    if let Some(r) = &take.rating {
        write_rating(w, r)?;
    }
    Ok(())
}

fn write_rating(w: &mut dyn Write, r: &Rating) -> Result<(), WriteFailure> {
    let scores: Vec<String> = r
        .scores_in(RATING_ITEMS)
        .into_iter()
        .map(|(name, score)| format!("{} {}", escape(name), score_text(score)))
        .collect();
    writeln!(
        w,
        "**Rating {}:** {}\n",
        average_text(r.average()),
        scores.join(" · ")
    )?;
    if !r.note.trim().is_empty() {
        writeln!(w, "Note:\n\n{}\n", block(&r.note))?;
    }
    Ok(())
}

/// A user's text as a block quote, line by line, escaped.
fn block(text: &str) -> String {
    if text.trim().is_empty() {
        return "> —".into();
    }
    text.lines()
        .map(|line| format!("> {}", escape(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` on one line (a heading ends at a line break).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with every character Markdown (or inline HTML) could read as markup escaped by a
/// backslash, and control characters dropped, so it shows as typed. A line's start is escaped
/// too where it would begin a list or a heading underline.
fn escape(text: &str) -> String {
    let clean = crate::pack::sanitize_display(text);
    let mut out = String::with_capacity(clean.len());
    for (i, line) in clean.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let lead = line.len() - line.trim_start().len();
        let digits = line.len()
            - lead
            - line[lead..]
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        for (at, c) in line.char_indices() {
            let starts_block = (at == lead && matches!(c, '-' | '+' | '='))
                || (digits > 0 && at == lead + digits && matches!(c, '.' | ')'));
            if starts_block
                || matches!(
                    c,
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
                )
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A path as a `<…>` link destination: `/` separators, `<`, `>` and `\` escaped.
fn link_destination(path: &Path) -> String {
    let text = path
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '<' | '>' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser};

    fn rendered_text(markdown: &str) -> String {
        Parser::new(markdown)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.into_string()),
                Event::Html(h) | Event::InlineHtml(h) => Some(format!("HTML:{h}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn escaped_text_reads_back_as_typed_and_never_as_markup() {
        for typed in [
            "Why *this* job? <script>alert(1)</script>",
            "# not a heading | [link](http://x) `code` _em_ & &amp; 1. 2) - +",
            "1. not a list",
            "- nor this",
            "+ nor this",
            "Fine, plain: text? (yes) 2.5 - 3",
            "C:\\path\\to ~~strike~~ ![img](x)",
        ] {
            assert_eq!(rendered_text(&escape(typed)), typed);
        }
    }

    #[test]
    fn a_quoted_note_keeps_its_lines_as_text() {
        let note = "Line one <b>\n- not a list\n> not nested\n12) nor this";
        let md = block(note);
        assert_eq!(md.lines().count(), 4);
        assert_eq!(
            rendered_text(&md),
            "Line one <b>- not a list> not nested12) nor this"
        );
        assert_eq!(escape("Fine, plain: text? 2.5"), "Fine, plain: text? 2.5");
    }

    #[test]
    fn link_destinations_with_spaces_and_brackets_stay_one_link() {
        let md = format!(
            "[q01.wav](<{}>)",
            link_destination(Path::new("../my sessions/a>b/q01.wav"))
        );
        let link = Parser::new(&md)
            .find_map(|e| match e {
                Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                    Some(dest_url.into_string())
                }
                _ => None,
            })
            .expect("a link");
        assert_eq!(link, "../my sessions/a>b/q01.wav");
    }
}
