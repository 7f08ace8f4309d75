//! Turns the setup choices into the list of questions a session asks.

use crate::app::settings::Settings;
use crate::interview::PlannedQuestion;
use crate::pack::{Pack, Question, Timings};
use crate::session::QuestionRecord;

/// The questions the chosen packs and types offer, in pack order.
pub fn candidates<'a>(
    packs: impl IntoIterator<Item = &'a Pack>,
    settings: &Settings,
) -> Vec<PlannedQuestion> {
    let mut out = Vec::new();
    for pack in packs {
        let Some(choice) = settings.pack(&pack.id) else {
            continue;
        };
        for q in &pack.questions {
            if !choice.types.is_empty() && !choice.types.contains(&q.kind) {
                continue;
            }
            let base = q.timings(pack.defaults);
            out.push(PlannedQuestion {
                pack_id: pack.id.clone(),
                question: q.clone(),
                timings: Timings {
                    think_seconds: settings.think_seconds.unwrap_or(base.think_seconds),
                    answer_seconds: settings.answer_seconds.unwrap_or(base.answer_seconds),
                },
            });
        }
    }
    out
}

/// How many questions the chosen packs and types offer (what [`candidates`] would return).
pub fn available<'a>(packs: impl IntoIterator<Item = &'a Pack>, settings: &Settings) -> usize {
    packs
        .into_iter()
        .filter_map(|pack| settings.pack(&pack.id).map(|choice| (pack, choice)))
        .map(|(pack, choice)| {
            pack.questions
                .iter()
                .filter(|q| choice.types.is_empty() || choice.types.contains(&q.kind))
                .count()
        })
        .sum()
}

/// The session's questions: the candidates, shuffled if asked, cut to the chosen count.
pub fn plan<'a>(
    packs: impl IntoIterator<Item = &'a Pack>,
    settings: &Settings,
    rng: &mut fastrand::Rng,
) -> Vec<PlannedQuestion> {
    let mut questions = candidates(packs, settings);
    if settings.shuffled {
        rng.shuffle(&mut questions);
    }
    questions.truncate(settings.question_count.max(1));
    questions
}

/// The questions of a past session asked again, in their order and with the times they
/// had: each as its pack has it now (tips, follow-ups), or as it was asked where the pack or
/// the question is gone.
pub fn again(packs: &[&Pack], records: &[QuestionRecord]) -> Vec<PlannedQuestion> {
    records
        .iter()
        .map(|r| {
            let current = packs
                .iter()
                .find(|p| p.id == r.pack_id)
                .and_then(|p| p.questions.iter().find(|q| q.id == r.question_id));
            let question = current.cloned().unwrap_or_else(|| Question {
                id: r.question_id.clone(),
                text: r.text.clone(),
                kind: r.kind.clone(),
                framework: r.framework,
                category: None,
                tips: Vec::new(),
                follow_ups: Vec::new(),
                think_seconds: None,
                answer_seconds: None,
            });
            PlannedQuestion {
                pack_id: r.pack_id.clone(),
                question,
                timings: Timings {
                    think_seconds: r.think_seconds,
                    answer_seconds: r.answer_seconds,
                },
            }
        })
        .collect()
}

/// The think and answer times the chosen packs default to (from the first candidate).
pub fn default_timings<'a>(
    packs: impl IntoIterator<Item = &'a Pack>,
    settings: &Settings,
) -> Option<Timings> {
    packs
        .into_iter()
        .find(|p| settings.pack(&p.id).is_some())
        .map(|p| p.defaults)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pack::{Question, QuestionType};

    /// A small pack for tests that must not depend on the built-in packs.
    pub(crate) fn pack(id: &str, n: usize) -> Pack {
        Pack {
            format_version: "1.0".into(),
            id: id.into(),
            title: format!("Pack {id}"),
            description: String::new(),
            defaults: Timings {
                think_seconds: 15,
                answer_seconds: 120,
            },
            questions: (0..n)
                .map(|i| Question {
                    id: format!("{id}-{i}"),
                    text: format!("Question {i} of {id}?"),
                    kind: if i % 2 == 0 {
                        QuestionType::General
                    } else {
                        QuestionType::Behavioral
                    },
                    framework: None,
                    category: None,
                    tips: vec!["Be concrete.".into()],
                    follow_ups: Vec::new(),
                    think_seconds: None,
                    answer_seconds: (i == 1).then_some(60),
                })
                .collect(),
        }
    }

    #[test]
    fn plan_takes_chosen_packs_in_order_and_cuts_to_count() {
        let packs = [pack("general", 4), pack("other", 4)];
        let s = Settings {
            question_count: 3,
            ..Settings::default()
        };
        let planned = plan(&packs, &s, &mut fastrand::Rng::with_seed(1));
        let ids: Vec<_> = planned.iter().map(|p| p.question.id.as_str()).collect();
        assert_eq!(ids, ["general-0", "general-1", "general-2"]);
        assert_eq!(planned[1].timings.answer_seconds, 60, "question's own time");
        assert_eq!(planned[0].timings.answer_seconds, 120, "pack default");
    }

    #[test]
    fn types_filter_and_overrides_apply() {
        let packs = [pack("general", 6)];
        let mut s = Settings::default();
        s.packs[0].types = vec![QuestionType::Behavioral];
        s.think_seconds = Some(5);
        s.answer_seconds = Some(30);
        s.question_count = 10;
        let planned = plan(&packs, &s, &mut fastrand::Rng::with_seed(1));
        assert_eq!(planned.len(), 3);
        assert!(
            planned
                .iter()
                .all(|p| p.question.kind == QuestionType::Behavioral)
        );
        assert!(planned.iter().all(|p| p.timings
            == Timings {
                think_seconds: 5,
                answer_seconds: 30
            }));
    }

    #[test]
    fn shuffle_keeps_the_same_questions() {
        let packs = [pack("general", 20)];
        let s = Settings {
            question_count: 20,
            shuffled: true,
            ..Settings::default()
        };
        let planned = plan(&packs, &s, &mut fastrand::Rng::with_seed(7));
        let mut ids: Vec<_> = planned.iter().map(|p| p.question.id.clone()).collect();
        let in_order: Vec<_> = (0..20).map(|i| format!("general-{i}")).collect();
        assert_ne!(ids, in_order);
        ids.sort_by_key(|id| id[8..].parse::<u32>().unwrap());
        assert_eq!(ids, in_order);
    }
}
