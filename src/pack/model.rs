//! The question-pack model: what a `*.pack.json` file holds.

use serde::{Deserialize, Serialize};

/// The pack format version this build reads and writes ("major.minor").
pub const FORMAT_VERSION: &str = "1.0";

/// A named set of interview questions with default timings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// "major.minor"; a newer minor is read with a warning, another major is refused.
    #[schemars(pattern(r"^[0-9]+\.[0-9]+$"))]
    pub format_version: String,
    /// Stable identifier, e.g. "general"; never used to build a file path.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Title shown in the pack list.
    #[schemars(length(min = 1))]
    pub title: String,
    /// One or two sentences about when to use the pack.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Think and answer times for questions that set none of their own.
    pub defaults: Timings,
    /// The questions, in pack order.
    #[schemars(length(min = 1, max = 1000))]
    pub questions: Vec<Question>,
}

/// Think countdown and answer limit, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timings {
    /// Seconds to think before recording starts (0–600).
    #[schemars(range(max = 600))]
    pub think_seconds: u32,
    /// Seconds before the answer is stopped (10–3600).
    #[schemars(range(min = 10, max = 3600))]
    pub answer_seconds: u32,
}

/// One interview question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique within its pack.
    #[schemars(length(min = 1))]
    pub id: String,
    /// The question as the interviewer would ask it.
    #[schemars(length(min = 1, max = 2000))]
    pub text: String,
    /// What kind of question this is.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// Optional grouping inside the pack, e.g. "Teamwork".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Short coaching tips shown under the question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(max = 2000)))]
    pub tips: Vec<String>,
    /// Follow-up questions an interviewer might ask next.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(max = 2000)))]
    pub follow_ups: Vec<String>,
    /// Overrides the pack's default think time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 600))]
    pub think_seconds: Option<u32>,
    /// Overrides the pack's default answer time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 10, max = 3600))]
    pub answer_seconds: Option<u32>,
}

/// The kinds of interview question a pack can hold.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Traditional questions: "Tell me about yourself", strengths, motivation.
    General,
    /// "Tell me about a time when…" (answer with STAR).
    Behavioral,
    /// "What would you do if…".
    Situational,
    /// Technical knowledge and problem solving, not tied to one language.
    Technical,
    /// A business problem to structure and estimate.
    Case,
    /// Several interviewers at once.
    Panel,
    /// A group exercise or discussion.
    Group,
    /// A short phone or video screening call.
    Screening,
    /// Questions the candidate asks the interviewer.
    Closing,
}

impl QuestionType {
    /// Every type, in display order.
    pub const ALL: [QuestionType; 9] = [
        Self::General,
        Self::Behavioral,
        Self::Situational,
        Self::Technical,
        Self::Case,
        Self::Panel,
        Self::Group,
        Self::Screening,
        Self::Closing,
    ];

    /// Human label, e.g. "Behavioral".
    pub fn label(self) -> &'static str {
        match self {
            Self::General => "General",
            Self::Behavioral => "Behavioral",
            Self::Situational => "Situational",
            Self::Technical => "Technical",
            Self::Case => "Case",
            Self::Panel => "Panel",
            Self::Group => "Group",
            Self::Screening => "Screening",
            Self::Closing => "Questions to ask",
        }
    }

    /// The serialized name, e.g. "behavioral".
    pub fn key(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Behavioral => "behavioral",
            Self::Situational => "situational",
            Self::Technical => "technical",
            Self::Case => "case",
            Self::Panel => "panel",
            Self::Group => "group",
            Self::Screening => "screening",
            Self::Closing => "closing",
        }
    }

    /// Parses a serialized name or label, case-insensitively ("Behavioural" too).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.replace("behavioural", "behavioral");
        Self::ALL
            .into_iter()
            .find(|t| t.key() == s || t.label().to_ascii_lowercase() == s)
    }
}

impl Question {
    /// A question with no category, tips, follow-ups or timings of its own.
    pub fn new(id: &str, text: &str, kind: QuestionType) -> Self {
        Self {
            id: id.to_string(),
            text: text.to_string(),
            kind,
            category: None,
            tips: Vec::new(),
            follow_ups: Vec::new(),
            think_seconds: None,
            answer_seconds: None,
        }
    }

    /// The timings that apply to this question, given its pack's defaults.
    pub fn timings(&self, defaults: Timings) -> Timings {
        Timings {
            think_seconds: self.think_seconds.unwrap_or(defaults.think_seconds),
            answer_seconds: self.answer_seconds.unwrap_or(defaults.answer_seconds),
        }
    }
}

impl Pack {
    /// An empty pack for the editor (not valid until it has a question).
    pub fn blank(id: &str, title: &str) -> Self {
        Self {
            format_version: FORMAT_VERSION.to_string(),
            id: id.to_string(),
            title: title.to_string(),
            description: String::new(),
            defaults: super::default_timings(QuestionType::General),
            questions: Vec::new(),
        }
    }

    /// A question id not used in this pack yet ("q1", "q2", …).
    pub fn unused_question_id(&self) -> String {
        (1..)
            .map(|n| format!("q{n}"))
            .find(|id| self.questions.iter().all(|q| &q.id != id))
            .unwrap_or_default()
    }

    /// The question types present, in display order.
    pub fn types(&self) -> Vec<QuestionType> {
        let mut t: Vec<_> = self.questions.iter().map(|q| q.kind).collect();
        t.sort();
        t.dedup();
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_pack_becomes_valid_with_one_question() {
        let mut p = Pack::blank("mine", "My pack");
        assert!(!crate::pack::validate(&p).is_empty());
        let id = p.unused_question_id();
        p.questions
            .push(Question::new(&id, "Why us?", QuestionType::General));
        assert_eq!(crate::pack::validate(&p), []);
        assert_eq!(p.unused_question_id(), "q2");
    }
}
