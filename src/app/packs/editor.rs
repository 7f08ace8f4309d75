//! The pack editor's draft: a pack being written, in the shape its text fields edit.

use std::path::PathBuf;

use crate::pack::{FORMAT_VERSION, Framework, Pack, Question, QuestionType, Timings};

/// Where the editor saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditTarget {
    /// A new pack, stored under a generated name on the first save.
    New,
    /// A user pack already stored at this path.
    Existing(PathBuf),
}

/// One change made in the editor.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorCommand {
    /// Set the pack title.
    Title(String),
    /// Set the pack description.
    Description(String),
    /// Set the default think time, seconds.
    DefaultThink(u32),
    /// Set the default answer time, seconds.
    DefaultAnswer(u32),
    /// Append an empty question.
    AddQuestion,
    /// Delete question `i`.
    Remove(usize),
    /// Move question `i` one place up.
    MoveUp(usize),
    /// Move question `i` one place down.
    MoveDown(usize),
    /// Set question `i`'s text.
    Text(usize, String),
    /// Set question `i`'s type.
    Kind(usize, QuestionType),
    /// Set question `i`'s answer framework (`None` for none).
    Framework(usize, Option<Framework>),
    /// Set question `i`'s category (empty for none).
    Category(usize, String),
    /// Set question `i`'s tips, one per line.
    Tips(usize, String),
    /// Give question `i` its own think/answer times (or use the pack's defaults again).
    OwnTimes(usize, bool),
    /// Set question `i`'s own think time, seconds.
    Think(usize, u32),
    /// Set question `i`'s own answer time, seconds.
    Answer(usize, u32),
}

/// A question as the editor's fields hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftQuestion {
    /// Stable id, kept from the source pack or generated.
    pub id: String,
    /// Question text.
    pub text: String,
    /// Question type.
    pub kind: QuestionType,
    /// Answer framework, if any.
    pub framework: Option<Framework>,
    /// Category; empty for none.
    pub category: String,
    /// Tips, one per line.
    pub tips: String,
    /// Follow-ups, kept as they came (not edited here).
    pub follow_ups: Vec<String>,
    /// Whether the question overrides the pack's timings.
    pub own_times: bool,
    /// Own think time, seconds (used when `own_times`).
    pub think_seconds: u32,
    /// Own answer time, seconds (used when `own_times`).
    pub answer_seconds: u32,
}

/// A pack being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct PackDraft {
    /// Stable pack id (never shown as a path).
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Default timings.
    pub defaults: Timings,
    /// Questions in order.
    pub questions: Vec<DraftQuestion>,
}

impl PackDraft {
    /// An empty pack with a fresh id and behavioral-style default times.
    pub fn new_pack() -> Self {
        Self {
            id: format!("my-pack-{}", short_id()),
            title: "My questions".to_owned(),
            description: String::new(),
            defaults: Timings {
                think_seconds: 15,
                answer_seconds: 120,
            },
            questions: Vec::new(),
        }
    }

    /// The draft of an existing pack.
    pub fn from_pack(pack: &Pack) -> Self {
        Self {
            id: pack.id.clone(),
            title: pack.title.clone(),
            description: pack.description.clone(),
            defaults: pack.defaults,
            questions: pack
                .questions
                .iter()
                .map(|q| DraftQuestion {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    kind: q.kind.clone(),
                    framework: q.framework,
                    category: q.category.clone().unwrap_or_default(),
                    tips: q.tips.join("\n"),
                    follow_ups: q.follow_ups.clone(),
                    own_times: q.think_seconds.is_some() || q.answer_seconds.is_some(),
                    think_seconds: q.think_seconds.unwrap_or(pack.defaults.think_seconds),
                    answer_seconds: q.answer_seconds.unwrap_or(pack.defaults.answer_seconds),
                })
                .collect(),
        }
    }

    /// A copy of a (built-in) pack under a new id, titled "… (copy)".
    pub fn duplicate_of(pack: &Pack) -> Self {
        let mut draft = Self::from_pack(pack);
        draft.id = format!("{}-copy-{}", pack.id, short_id());
        draft.title = format!("{} (copy)", pack.title);
        draft
    }

    /// The pack this draft describes (texts trimmed, one tip per non-empty line), in the
    /// oldest format version that holds it.
    pub fn to_pack(&self) -> Pack {
        let mut pack = Pack {
            format_version: FORMAT_VERSION.to_owned(),
            id: self.id.clone(),
            title: self.title.trim().to_owned(),
            description: self.description.trim().to_owned(),
            defaults: self.defaults,
            questions: self
                .questions
                .iter()
                .map(|q| Question {
                    id: q.id.clone(),
                    text: q.text.trim().to_owned(),
                    kind: q.kind.clone(),
                    framework: q.framework,
                    category: Some(q.category.trim().to_owned()).filter(|c| !c.is_empty()),
                    tips: q
                        .tips
                        .lines()
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    follow_ups: q.follow_ups.clone(),
                    think_seconds: q.own_times.then_some(q.think_seconds),
                    answer_seconds: q.own_times.then_some(q.answer_seconds),
                })
                .collect(),
        };
        pack.format_version = pack.fitting_format_version().to_owned();
        pack
    }

    /// Applies one change; out-of-range indices are ignored.
    pub fn apply(&mut self, command: EditorCommand) {
        use EditorCommand as C;
        match command {
            C::Title(t) => self.title = t,
            C::Description(d) => self.description = d,
            C::DefaultThink(s) => self.defaults.think_seconds = s,
            C::DefaultAnswer(s) => self.defaults.answer_seconds = s,
            C::AddQuestion => {
                // A new question takes the type and framework of the one before it.
                let (kind, framework) = self
                    .questions
                    .last()
                    .map_or((QuestionType::Behavioral, None), |q| {
                        (q.kind.clone(), q.framework)
                    });
                self.questions.push(DraftQuestion {
                    id: self.fresh_question_id(),
                    text: String::new(),
                    kind,
                    framework,
                    category: String::new(),
                    tips: String::new(),
                    follow_ups: Vec::new(),
                    own_times: false,
                    think_seconds: self.defaults.think_seconds,
                    answer_seconds: self.defaults.answer_seconds,
                });
            }
            C::Remove(i) => {
                if i < self.questions.len() {
                    self.questions.remove(i);
                }
            }
            C::MoveUp(i) => {
                if i > 0 && i < self.questions.len() {
                    self.questions.swap(i - 1, i);
                }
            }
            C::MoveDown(i) => {
                if i + 1 < self.questions.len() {
                    self.questions.swap(i, i + 1);
                }
            }
            C::Text(i, t) => self.with(i, |q| q.text = t),
            C::Kind(i, k) => self.with(i, |q| q.kind = k),
            C::Framework(i, f) => self.with(i, |q| q.framework = f),
            C::Category(i, c) => self.with(i, |q| q.category = c),
            C::Tips(i, t) => self.with(i, |q| q.tips = t),
            C::OwnTimes(i, own) => self.with(i, |q| q.own_times = own),
            C::Think(i, s) => self.with(i, |q| q.think_seconds = s),
            C::Answer(i, s) => self.with(i, |q| q.answer_seconds = s),
        }
    }

    fn with(&mut self, i: usize, f: impl FnOnce(&mut DraftQuestion)) {
        if let Some(q) = self.questions.get_mut(i) {
            f(q);
        }
    }

    fn fresh_question_id(&self) -> String {
        (self.questions.len() + 1..)
            .map(|n| format!("q{n}"))
            .find(|id| self.questions.iter().all(|q| &q.id != id))
            .unwrap_or_else(|| format!("q-{}", short_id()))
    }
}

fn short_id() -> String {
    std::iter::repeat_with(fastrand::lowercase)
        .take(6)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft_with(n: usize) -> PackDraft {
        let mut d = PackDraft::new_pack();
        for i in 0..n {
            d.apply(EditorCommand::AddQuestion);
            d.apply(EditorCommand::Text(i, format!("Question {i}")));
        }
        d
    }

    #[test]
    fn added_questions_get_distinct_ids_even_after_deletes() {
        let mut d = draft_with(3);
        d.apply(EditorCommand::Remove(0));
        d.apply(EditorCommand::AddQuestion);
        let mut ids: Vec<_> = d.questions.iter().map(|q| q.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 3);
    }

    #[test]
    fn reorder_moves_and_ignores_the_edges() {
        let mut d = draft_with(3);
        d.apply(EditorCommand::MoveUp(0));
        d.apply(EditorCommand::MoveDown(2));
        d.apply(EditorCommand::MoveDown(0));
        let texts: Vec<_> = d.questions.iter().map(|q| q.text.as_str()).collect();
        assert_eq!(texts, ["Question 1", "Question 0", "Question 2"]);
        d.apply(EditorCommand::Remove(9));
        assert_eq!(d.questions.len(), 3);
    }

    #[test]
    fn to_pack_trims_splits_tips_and_keeps_own_times_only_when_set() {
        let mut d = draft_with(2);
        d.apply(EditorCommand::Tips(
            0,
            "Use STAR\n\n  Give a number \n".into(),
        ));
        d.apply(EditorCommand::Category(0, "  ".into()));
        d.apply(EditorCommand::OwnTimes(1, true));
        d.apply(EditorCommand::Think(1, 5));
        let pack = d.to_pack();
        assert_eq!(pack.questions[0].tips, ["Use STAR", "Give a number"]);
        assert_eq!(pack.questions[0].category, None);
        assert_eq!(pack.questions[0].think_seconds, None);
        assert_eq!(pack.questions[1].think_seconds, Some(5));
        assert_eq!(pack.questions[1].answer_seconds, Some(120));
        assert_eq!(PackDraft::from_pack(&pack).to_pack(), pack);
    }

    #[test]
    fn a_framework_is_kept_and_raises_the_format_version() {
        let mut d = draft_with(1);
        assert_eq!(d.to_pack().format_version, "1.0");
        d.apply(EditorCommand::Framework(0, Some(Framework::Car)));
        d.apply(EditorCommand::AddQuestion);
        let pack = d.to_pack();
        assert_eq!(pack.format_version, "1.1");
        assert_eq!(pack.questions[0].framework, Some(Framework::Car));
        assert_eq!(
            pack.questions[1].framework,
            Some(Framework::Car),
            "a new question follows the one before"
        );
        assert_eq!(PackDraft::from_pack(&pack).to_pack(), pack);
        d.apply(EditorCommand::Framework(0, None));
        d.apply(EditorCommand::Framework(1, None));
        assert_eq!(d.to_pack().format_version, "1.0");
    }

    #[test]
    fn duplicate_gets_a_new_id_and_title() {
        let pack = draft_with(1).to_pack();
        let copy = PackDraft::duplicate_of(&pack).to_pack();
        assert_ne!(copy.id, pack.id);
        assert!(copy.title.ends_with("(copy)"));
        assert_eq!(copy.questions, pack.questions);
    }
}
