//! The question-pack model: what a `*.pack.json` file holds.

use serde::{Deserialize, Serialize};

use super::framework::Framework;

/// The newest pack format version this build reads and writes ("major.minor"); 1.1 added
/// a question's `framework`.
pub const FORMAT_VERSION: &str = "1.1";

/// The version a pack that needs nothing newer is written in, so older builds read it strictly.
pub const BASE_FORMAT_VERSION: &str = "1.0";

/// The major part of [`FORMAT_VERSION`]: a pack of a higher major is read-only in this build.
pub const FORMAT_MAJOR: u32 = 1;

/// The minor part of [`FORMAT_VERSION`]: a 1.x pack up to this minor is read in full.
pub const FORMAT_MINOR: u32 = 1;

/// Whether this build reads a pack of format `major.minor` in full (1.0 and 1.1).
pub fn reads_in_full(major: u32, minor: u32) -> bool {
    major == FORMAT_MAJOR && minor <= FORMAT_MINOR
}

/// "major.minor" as numbers.
pub fn parse_version(v: &str) -> Option<(u32, u32)> {
    let (major, minor) = v.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// A named set of interview questions with default timings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// "major.minor"; a newer minor is read with a warning, a newer major is read-only.
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
    /// How to structure the answer (since format 1.1); none when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<Framework>,
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

/// The kinds of interview question a pack can hold: the built-in ones, or a name the pack gives.
///
/// On disk a type is one string: a built-in type's snake_case key ("behavioral"), or the pack's own
/// name ("leadership"). Build a type from a string with [`QuestionType::named`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// A type the pack names itself, e.g. "leadership"; never a built-in type's key or label.
    Custom(String),
}

/// Longest name of a pack's own question type, in characters.
pub const MAX_TYPE_CHARS: usize = 40;

impl QuestionType {
    /// Every built-in type, in display order.
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

    /// Human label, e.g. "Behavioral"; a pack's own type is shown as it is named.
    pub fn label(&self) -> &str {
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
            Self::Custom(name) => name,
        }
    }

    /// The serialized name, e.g. "behavioral", or the pack's own name.
    pub fn key(&self) -> &str {
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
            Self::Custom(name) => name,
        }
    }

    /// The built-in type a key or label names, case-insensitively ("Behavioural" too).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_lowercase().replace("behavioural", "behavioral");
        Self::ALL
            .into_iter()
            .find(|t| t.key() == s || t.label().to_lowercase() == s)
    }

    /// The type a name stands for: a built-in type ([`QuestionType::parse`]) or the pack's own.
    pub fn named(name: &str) -> Self {
        Self::parse(name).unwrap_or_else(|| Self::Custom(name.trim().to_string()))
    }

    /// Whether this is one of the pack's own types.
    pub fn is_custom(&self) -> bool {
        matches!(self, Self::Custom(_))
    }

    /// The built-in type a pack's own type looks like a misspelling of ("behavorial" → Behavioral).
    pub fn likely_typo_of(&self) -> Option<Self> {
        let Self::Custom(name) = self else {
            return None;
        };
        let name = name.to_lowercase();
        Self::ALL
            .into_iter()
            .filter_map(|t| {
                // Short keys allow one slip, longer ones two (so "code" is not taken for "case").
                let allowed = if t.key().chars().count() <= 5 { 1 } else { 2 };
                let distance = [t.key().to_string(), t.label().to_lowercase()]
                    .iter()
                    .map(|known| strsim::damerau_levenshtein(&name, known))
                    .min()?;
                (distance <= allowed).then_some((distance, t))
            })
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, t)| t)
    }
}

impl Serialize for QuestionType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for QuestionType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|name| Self::named(&name))
    }
}

impl schemars::JsonSchema for QuestionType {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "QuestionType".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let known: Vec<&str> = Self::ALL.iter().map(|t| t.key()).collect();
        schemars::json_schema!({
            "description": "What kind of question this is: a built-in type (see examples) or a name of the pack's own, e.g. \"leadership\".",
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TYPE_CHARS,
            "pattern": "^[^\\n]*$",
            "examples": known,
        })
    }
}

/// Sensible think and answer times for a kind of question (used where a format has none).
pub fn default_timings(kind: &QuestionType) -> Timings {
    let (think_seconds, answer_seconds) = match kind {
        QuestionType::General | QuestionType::Custom(_) => (10, 90),
        QuestionType::Behavioral | QuestionType::Situational | QuestionType::Panel => (15, 120),
        QuestionType::Technical => (30, 180),
        QuestionType::Case => (60, 300),
        QuestionType::Group => (20, 120),
        QuestionType::Screening | QuestionType::Closing => (10, 60),
    };
    Timings {
        think_seconds,
        answer_seconds,
    }
}

impl Question {
    /// A question with no category, tips, follow-ups or timings of its own.
    pub fn new(id: &str, text: &str, kind: QuestionType) -> Self {
        Self {
            id: id.to_string(),
            text: text.to_string(),
            kind,
            framework: None,
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
            format_version: BASE_FORMAT_VERSION.to_string(),
            id: id.to_string(),
            title: title.to_string(),
            description: String::new(),
            defaults: default_timings(&QuestionType::General),
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

    /// The oldest format version that holds everything in this pack: 1.1 once a question has
    /// a framework, else 1.0 (which builds before frameworks read without a warning).
    pub fn fitting_format_version(&self) -> &'static str {
        if self.questions.iter().any(|q| q.framework.is_some()) {
            FORMAT_VERSION
        } else {
            BASE_FORMAT_VERSION
        }
    }

    /// Whether the pack was written in a newer major format than this build writes (it is read-only).
    pub fn is_newer_format(&self) -> bool {
        parse_version(&self.format_version).is_some_and(|(major, _)| major > FORMAT_MAJOR)
    }

    /// The question types present, in display order (built-in first, then the pack's own by name).
    pub fn types(&self) -> Vec<QuestionType> {
        let mut t: Vec<_> = self.questions.iter().map(|q| q.kind.clone()).collect();
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

    #[test]
    fn a_framework_needs_format_1_1_and_nothing_else_does() {
        let mut p = Pack::blank("mine", "My pack");
        p.questions
            .push(Question::new("q1", "Why us?", QuestionType::General));
        assert_eq!(p.fitting_format_version(), "1.0");
        let before = serde_json::to_string(&p).unwrap();
        assert!(!before.contains("framework"), "{before}");
        p.questions[0].framework = Some(Framework::PresentPastFuture);
        assert_eq!(p.fitting_format_version(), "1.1");
        let after = serde_json::to_string(&p).unwrap();
        assert!(
            after.contains("\"framework\":\"present_past_future\""),
            "{after}"
        );
    }
}
