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
                follow_up: false,
                asked_by: None,
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

/// The session's questions: the candidates, shuffled if asked, cut to the chosen count, each
/// followed by one of its follow-ups as often as the settings ask (not counted), and seated
/// on the panel in a panel interview.
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
    let chance = settings.follow_ups.chance();
    let mut planned = Vec::with_capacity(questions.len());
    for q in questions {
        let follow_up = (!q.question.follow_ups.is_empty() && rng.f32() < chance)
            .then(|| follow_up_of(&q, rng.usize(..q.question.follow_ups.len())));
        planned.push(q);
        planned.extend(follow_up);
    }
    seat_panel(&mut planned, settings);
    planned
}

/// Follow-up `n` of `parent`, asked as a question of its own: the same type, a shorter
/// timer, no tips or framework.
pub fn follow_up_of(parent: &PlannedQuestion, n: usize) -> PlannedQuestion {
    let parent_q = &parent.question;
    PlannedQuestion {
        pack_id: parent.pack_id.clone(),
        question: Question {
            id: format!("{}~follow-up-{}", parent_q.id, n + 1),
            text: parent_q.follow_ups[n].clone(),
            kind: parent_q.kind.clone(),
            framework: None,
            category: parent_q.category.clone(),
            tips: vec![
                "A follow-up wants a short, direct answer: one example or one fact, then stop."
                    .to_owned(),
            ],
            follow_ups: Vec::new(),
            think_seconds: None,
            answer_seconds: None,
        },
        timings: crate::interview::mode::follow_up_timings(parent.timings),
        follow_up: true,
        asked_by: parent.asked_by,
    }
}

/// In a panel interview, the panellists take turns asking (a follow-up is asked by whoever
/// asked its question); in any other mode nobody is seated.
pub fn seat_panel(questions: &mut [PlannedQuestion], settings: &Settings) {
    let mut turn = 0;
    let mut last = None;
    for q in questions {
        q.asked_by = if !settings.mode.panel() {
            None
        } else if q.follow_up && last.is_some() {
            last
        } else {
            let seat = crate::interview::mode::panellist_for(turn, settings.panel_size);
            turn += 1;
            Some(seat)
        };
        last = q.asked_by;
    }
}

/// The questions of a past session asked again, in their order and with the times they
/// had: each as its pack has it now (tips, follow-ups), or as it was asked where the pack or
/// the question is gone.
/// Follow-ups asked then are asked again, after their questions.
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
                follow_up: r.follows.is_some(),
                asked_by: None,
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

    /// Pack `id` with `n` questions, each with two follow-ups.
    fn pack_with_follow_ups(id: &str, n: usize) -> Pack {
        let mut p = pack(id, n);
        for q in &mut p.questions {
            q.follow_ups = vec![format!("Why {}?", q.id), format!("How {}?", q.id)];
        }
        p
    }

    #[test]
    fn follow_ups_come_as_often_as_the_setting_says_with_a_shorter_timer() {
        use crate::app::settings::FollowUps;
        let packs = [pack_with_follow_ups("general", 30)];
        let with = |follow_ups| Settings {
            question_count: 30,
            follow_ups,
            ..Settings::default()
        };
        let never = plan(
            &packs,
            &with(FollowUps::Never),
            &mut fastrand::Rng::with_seed(1),
        );
        assert_eq!(never.len(), 30);
        assert!(never.iter().all(|q| !q.follow_up));

        let always = plan(
            &packs,
            &with(FollowUps::Always),
            &mut fastrand::Rng::with_seed(1),
        );
        assert_eq!(always.len(), 60, "one follow-up after each of 30 questions");
        for pair in always.chunks(2) {
            let (parent, follow_up) = (&pair[0], &pair[1]);
            assert!(!parent.follow_up && follow_up.follow_up);
            assert!(
                parent
                    .question
                    .follow_ups
                    .contains(&follow_up.question.text)
            );
            let limit = parent.timings.answer_seconds;
            assert_eq!(follow_up.timings.answer_seconds, (limit / 2).max(30));
            assert!(follow_up.timings.answer_seconds < limit);
            assert_eq!(follow_up.timings.think_seconds, 5);
        }

        let sometimes = plan(
            &packs,
            &with(FollowUps::Sometimes),
            &mut fastrand::Rng::with_seed(1),
        );
        let count = sometimes.iter().filter(|q| q.follow_up).count();
        assert!((4..=18).contains(&count), "about a third of 30: {count}");
        assert_eq!(sometimes.len() - count, 30, "follow-ups are not counted");

        // A question without follow-ups never gets one.
        let plain = plan(
            &[pack("general", 5)],
            &with(FollowUps::Always),
            &mut fastrand::Rng::new(),
        );
        assert_eq!(plain.len(), 5);
    }

    #[test]
    fn panellists_take_turns_and_ask_their_own_follow_ups() {
        use crate::app::settings::FollowUps;
        use crate::interview::Mode;
        let packs = [pack_with_follow_ups("general", 4)];
        let settings = Settings {
            question_count: 4,
            follow_ups: FollowUps::Always,
            mode: Mode::Panel,
            panel_size: 3,
            ..Settings::default()
        };
        let planned = plan(&packs, &settings, &mut fastrand::Rng::with_seed(3));
        let seats: Vec<Option<usize>> = planned.iter().map(|q| q.asked_by).collect();
        assert_eq!(
            seats,
            [
                Some(0),
                Some(0),
                Some(1),
                Some(1),
                Some(2),
                Some(2),
                Some(0),
                Some(0)
            ]
        );
        let two = Settings {
            panel_size: 2,
            follow_ups: FollowUps::Never,
            ..settings.clone()
        };
        let seats: Vec<Option<usize>> = plan(&packs, &two, &mut fastrand::Rng::new())
            .iter()
            .map(|q| q.asked_by)
            .collect();
        assert_eq!(seats, [Some(0), Some(1), Some(0), Some(1)]);
        let drill = Settings {
            mode: Mode::Drill,
            ..settings
        };
        let planned = plan(&packs, &drill, &mut fastrand::Rng::new());
        assert!(planned.iter().all(|q| q.asked_by.is_none()));
    }
}
