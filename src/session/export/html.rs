//! The session report as one self-contained HTML page: inline CSS, charts as inline SVG, and
//! every recording embedded as a base64 `data:` URI in its own `<audio>` player.

use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::write::EncoderWriter;

use super::svg::{Bar, BarChart, bar_chart};
use super::{
    WriteFailure, average_text, copy_file, escape, existing_wav, no_metrics_reason, observations,
    part_shares, question_meta, score_text, session_date, session_status, take_status,
};
use crate::analysis::{Target, Thresholds, clock, key_metric};
use crate::session::{QuestionRecord, RATING_ITEMS, Rating, Session, Take};

const STYLE: &str = "
body{font-family:system-ui,sans-serif;max-width:58rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{margin-bottom:.2rem}h2{font-size:1.15rem;margin:.2rem 0}h3{font-size:1rem;margin:.2rem 0}
.meta,.status{color:#555}.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{max-width:100%;height:auto}
figure{margin:0;flex:1 1 22rem}figcaption{color:#555;font-size:.85rem}
section.question{border:1px solid #ccc;border-radius:8px;padding:.8rem 1rem;margin:1rem 0}
article.take{border-left:4px solid #ddd;padding:.2rem .8rem;margin:.6rem 0}article.best{border-left-color:#3c9f50}
.badge{background:#3c9f50;color:#fff;border-radius:4px;padding:0 .4rem;margin-left:.5rem;font-size:.8rem}
audio{width:100%;max-width:32rem;display:block;margin:.3rem 0}
ul.observations{margin:.3rem 0;padding-left:1.2rem}li.ok{color:#2d7a3e}li.off{color:#a35a00}
table.rating{border-collapse:collapse;margin:.3rem 0}table.rating th,table.rating td{padding:.1rem .6rem;text-align:left;border-bottom:1px solid #eee}
caption{text-align:left;font-weight:600}.note,.text{white-space:pre-wrap}.missing,.stale{color:#a35a00}
blockquote.transcript{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #bbb;color:#333}
footer{color:#777;font-size:.8rem;margin-top:2rem}
";

/// Writes the report of `session` (its folder `dir`, where the recordings are) to `w`.
pub(super) fn write(w: &mut dyn Write, dir: &Path, session: &Session) -> Result<(), WriteFailure> {
    let date = escape(&session_date(session));
    write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Rehearsal report – {date}</title><style>{STYLE}</style></head><body>\n\
         <h1>Rehearsal report</h1>\n<p class=\"meta\">{date} · packs: {} · {} of {} questions \
         answered · {} · average rating {}</p>\n",
        escape(&session.pack_ids.join(", ")),
        session.answered_count(),
        session.questions.len(),
        session_status(session),
        average_text(session.average_rating()),
    )?;
    writeln!(
        w,
        "<section class=\"charts\"><figure>{}<figcaption>Words per minute of each take, \
         counted from its transcript where it has one, else estimated from syllables; the \
         shaded band is the target.</figcaption></figure><figure>{}<figcaption>\
         Each question's rating: its best take's, else its latest rated take's.</figcaption>\
         </figure></section>",
        bar_chart(&pace_chart(session)),
        bar_chart(&rating_chart(session)),
    )?;
    for (i, question) in session.questions.iter().enumerate() {
        write_question(w, dir, i + 1, question)?;
    }
    if let Some(r) = &session.reflection {
        write!(w, "<section class=\"reflection\"><h2>Reflection</h2>")?;
        for line in r.lines() {
            write!(
                w,
                "<p class=\"text\"><strong>{}:</strong> {}</p>",
                line.label,
                escape(&line.text)
            )?;
        }
        writeln!(w, "</section>")?;
    }
    write!(
        w,
        "<footer>Exported by Rehearse {} from session {}.</footer>\n</body></html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&session.id),
    )?;
    Ok(())
}

/// "Q2" for a question's only take, "Q2·3" for its third of several.
fn take_label(number: usize, question: &QuestionRecord, take: &Take) -> String {
    if question.takes.len() > 1 {
        format!("Q{number}·{}", take.number)
    } else {
        format!("Q{number}")
    }
}

/// Words per minute of every take (counted from its transcript, else estimated), the target
/// pace shaded.
fn pace_chart(session: &Session) -> BarChart<'static> {
    let t = Thresholds::default();
    let pace = key_metric("pace_wpm").expect("pace is a key metric");
    let target = (pace.target)(&t);
    let bars = session
        .questions
        .iter()
        .enumerate()
        .flat_map(|(i, q)| q.takes.iter().map(move |take| (i + 1, q, take)))
        .map(|(number, q, take)| {
            let wpm = take.measured().and_then(|m| (pace.value)(&m, &t));
            Bar {
                label: take_label(number, q, take),
                value: wpm,
                in_target: wpm.and_then(|v| target.is_met(v)),
            }
        })
        .collect();
    let band = match target {
        Target::Band(lo, hi) => Some((lo, hi, format!("target {lo:.0}–{hi:.0}"))),
        _ => None,
    };
    BarChart {
        id: "pace",
        title: "Pace per take (words per minute)",
        min_top: band.as_ref().map_or(0.0, |(_, hi, _)| hi + 35.0),
        band,
        bars,
        decimals: 0,
    }
}

/// Each question's rating average (1–5).
fn rating_chart(session: &Session) -> BarChart<'static> {
    let bars = session
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| Bar {
            label: format!("Q{}", i + 1),
            value: q.rating().and_then(Rating::average),
            in_target: None,
        })
        .collect();
    BarChart {
        id: "rating",
        title: "Self-rating per question (1–5)",
        min_top: f64::from(crate::session::MAX_SCORE),
        band: None,
        bars,
        decimals: 1,
    }
}

fn write_question(
    w: &mut dyn Write,
    dir: &Path,
    number: usize,
    q: &QuestionRecord,
) -> Result<(), WriteFailure> {
    writeln!(
        w,
        "<section class=\"question\" id=\"q{number}\"><h2>Q{number}. <span class=\"text\">{}\
         </span></h2><p class=\"meta\">{}</p>",
        escape(&q.text),
        escape(&question_meta(q)),
    )?;
    if q.takes.is_empty() {
        write!(w, "<p class=\"status\">Not answered.</p>")?;
    }
    for take in &q.takes {
        write_take(w, dir, q, take)?;
    }
    if let Some(r) = &q.unattached_rating {
        write_rating(w, r)?;
    }
    if q.rating().is_none() {
        write!(w, "<p class=\"status\">Not rated.</p>")?;
    }
    writeln!(w, "</section>")?;
    Ok(())
}

fn write_take(
    w: &mut dyn Write,
    dir: &Path,
    q: &QuestionRecord,
    take: &Take,
) -> Result<(), WriteFailure> {
    let best = q.best_take == Some(take.number);
    write!(
        w,
        "<article class=\"take{}\"><h3>Take {}{}</h3><p class=\"status\">{} · answered {} \
         after {} thinking{}</p>",
        if best { " best" } else { "" },
        take.number,
        if best {
            "<span class=\"badge\">best take</span>"
        } else {
            ""
        },
        take_status(take),
        clock(take.answer_s),
        clock(take.think_used_s),
        if take.dropped_frames > 0 {
            format!(" · {} frames dropped", take.dropped_frames)
        } else {
            String::new()
        },
    )?;
    match (existing_wav(dir, take), take.wav.as_deref()) {
        (Some(path), _) => write_audio(w, &path)?,
        (None, Some(name)) => write!(
            w,
            "<p class=\"missing\">The recording {} is missing from the session folder.</p>",
            escape(name)
        )?,
        (None, None) => {}
    }
    let lines = observations(take);
    if !lines.is_empty() {
        write!(w, "<ul class=\"observations\">")?;
        for o in lines {
            let class = match o.in_target {
                Some(true) => "ok",
                Some(false) => "off",
                None => "info",
            };
            write!(w, "<li class=\"{class}\">{}</li>", escape(&o.text))?;
        }
        write!(w, "</ul>")?;
    }
    if let Some(reason) = no_metrics_reason(take) {
        write!(w, "<p class=\"stale\">{}</p>", escape(reason))?;
    }
    if let Some(line) = part_shares(q, take) {
        write!(w, "<p class=\"parts\">{}</p>", escape(&line))?;
    }
    if let Some(t) = &take.transcript {
        write!(
            w,
            "<blockquote class=\"transcript\" title=\"What you said ({})\">{}</blockquote>",
            escape(&t.model),
            escape(&t.text)
        )?;
    }
    if let Some(r) = &take.rating {
        write_rating(w, r)?;
    }
    writeln!(w, "</article>")?;
    Ok(())
}

/// An `<audio>` player with the WAV at `path` embedded, encoded as it is read.
fn write_audio(w: &mut dyn Write, path: &Path) -> Result<(), WriteFailure> {
    write!(
        w,
        "<audio controls preload=\"metadata\" title=\"{}\" src=\"data:audio/wav;base64,",
        escape(&path.file_name().unwrap_or_default().to_string_lossy())
    )?;
    let mut encoder = EncoderWriter::new(&mut *w, &STANDARD);
    copy_file(path, &mut encoder)?;
    let w = encoder.finish()?;
    write!(w, "\"></audio>")?;
    Ok(())
}

fn write_rating(w: &mut dyn Write, r: &Rating) -> Result<(), WriteFailure> {
    write!(
        w,
        "<table class=\"rating\"><caption>Rating {}</caption>",
        average_text(r.average())
    )?;
    for (name, score) in r.scores_in(RATING_ITEMS) {
        write!(
            w,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(name),
            score_text(score)
        )?;
    }
    write!(w, "</table>")?;
    if !r.note.trim().is_empty() {
        write!(w, "<p class=\"note\">Note: {}</p>", escape(&r.note))?;
    }
    Ok(())
}
