//! Markdown import (pulldown-cmark): first `#` heading → title, headings → categories,
//! list items → questions (a framework named in brackets at the end, "(STAR)", is the
//! question's framework), nested items → follow-ups.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::draft::{Draft, DraftQuestion, strip_marker, type_named_in};
use super::framework::Framework;
use super::model::QuestionType;
use super::source::Source;

/// Whether text without a telling extension reads as a Markdown question list.
pub(crate) fn looks_like_markdown(text: &str) -> bool {
    let heading = text.lines().any(|l| {
        let hashes = l.bytes().take_while(|&b| b == b'#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    let item = text
        .lines()
        .any(|l| l.starts_with("- ") || l.starts_with("* ") || l.starts_with("+ "));
    heading && item
}

/// An open list item: its text so far, where it started, and follow-ups gathered from nested items.
struct Item {
    start: usize,
    text: String,
    follow_ups: Vec<String>,
    /// Some of the text was outside links (an item of links only is navigation, e.g. a table of contents).
    plain: bool,
}

/// Reads a Markdown question list.
pub(crate) fn parse(source: &Source) -> Draft {
    let mut draft = Draft::default();
    let mut items: Vec<Item> = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut category: Option<String> = None;
    let mut kind: Option<QuestionType> = None;
    let mut in_code_block = false;
    let mut paragraph: Option<String> = None;
    let mut links = 0usize;
    let mut skipped_links = 0usize;
    for (event, range) in Parser::new(&source.text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, text)) = heading.take() else {
                    continue;
                };
                let text = text.trim().trim_end_matches(':').trim().to_string();
                if level == HeadingLevel::H1 && draft.title.is_none() {
                    draft.title = Some(text);
                } else if !text.is_empty() {
                    kind = type_named_in(&text);
                    category = Some(text);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Item) => items.push(Item {
                start: range.start,
                text: String::new(),
                follow_ups: Vec::new(),
                plain: false,
            }),
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Link) => links = links.saturating_sub(1),
            Event::End(TagEnd::Item) => {
                let Some(item) = items.pop() else { continue };
                let mut text = strip_marker(item.text.trim()).trim().to_string();
                if !item.plain && !text.is_empty() {
                    skipped_links += 1;
                    text.clear();
                }
                match items.last_mut() {
                    // A nested item: a follow-up of its parent, before the parent's later ones.
                    Some(parent) => {
                        if !text.is_empty() {
                            parent.follow_ups.push(text);
                        }
                        parent.follow_ups.extend(item.follow_ups);
                    }
                    None if text.is_empty() => {}
                    None => draft.questions.push(DraftQuestion {
                        line: source.location(item.start).0,
                        framework: trailing_framework(&mut text),
                        text,
                        kind: kind.clone(),
                        category: category.clone(),
                        follow_ups: item.follow_ups,
                        ..Default::default()
                    }),
                }
            }
            Event::Start(Tag::Paragraph) if items.is_empty() && heading.is_none() => {
                paragraph = Some(String::new());
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = paragraph.take()
                    && draft.questions.is_empty()
                    && draft.description.is_empty()
                {
                    draft.description = p.trim().to_string();
                }
                if let Some(item) = items.last_mut() {
                    item.text.push(' ');
                }
            }
            Event::Text(t) | Event::Code(t) if !in_code_block => {
                if let Some((_, h)) = &mut heading {
                    h.push_str(&t);
                } else if let Some(item) = items.last_mut() {
                    item.text.push_str(&t);
                    item.plain |= links == 0 && !t.trim().is_empty();
                } else if let Some(p) = &mut paragraph {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = items.last_mut() {
                    item.text.push(' ');
                } else if let Some(p) = &mut paragraph {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    if skipped_links > 0 {
        draft.warnings.push(format!(
            "{skipped_links} list item(s) made only of links (a table of contents?) were skipped"
        ));
    }
    draft
}

/// Takes a framework named in brackets at the end of a question ("… (STAR)") off its text.
fn trailing_framework(text: &mut String) -> Option<Framework> {
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let framework = Framework::parse(&inner[open + 1..])?;
    let rest = inner[..open].trim_end();
    if rest.is_empty() {
        return None;
    }
    *text = rest.to_string();
    Some(framework)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_items_and_follow_ups() {
        let md = "# Front-end Questions\n\nIntro *text*.\n\n## General Questions:\n\n* What did you learn `yesterday`?\n  * And today?\n    * Deeper?\n* Why?\n\n## Behavioral\n\n1. Tell me about a conflict.\n";
        let s = Source::decode("q.md", md.as_bytes()).unwrap();
        let d = parse(&s);
        assert_eq!(d.title.as_deref(), Some("Front-end Questions"));
        assert_eq!(d.description, "Intro text.");
        let q: Vec<_> = d
            .questions
            .iter()
            .map(|q| (q.line, q.text.as_str()))
            .collect();
        assert_eq!(
            q,
            [
                (7, "What did you learn yesterday?"),
                (10, "Why?"),
                (14, "Tell me about a conflict.")
            ]
        );
        assert_eq!(d.questions[0].follow_ups, ["And today?", "Deeper?"]);
        assert_eq!(
            d.questions[0].category.as_deref(),
            Some("General Questions")
        );
        assert_eq!(d.questions[0].kind, Some(QuestionType::General));
        assert_eq!(d.questions[2].kind, Some(QuestionType::Behavioral));
    }

    #[test]
    fn a_framework_in_brackets_after_an_item_is_its_framework() {
        let md = "# Mine\n\n- Tell me about a conflict. (STAR)\n- Tell me about yourself (Present–Past–Future)\n- Why (really)?\n- (CAR)\n";
        let s = Source::decode("q.md", md.as_bytes()).unwrap();
        let got: Vec<_> = parse(&s)
            .questions
            .into_iter()
            .map(|q| (q.text, q.framework))
            .collect();
        assert_eq!(
            got,
            [
                ("Tell me about a conflict.".into(), Some(Framework::Star)),
                (
                    "Tell me about yourself".into(),
                    Some(Framework::PresentPastFuture)
                ),
                ("Why (really)?".into(), None),
                ("(CAR)".into(), None),
            ]
        );
    }
}
