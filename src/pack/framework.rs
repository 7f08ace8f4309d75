//! Answer frameworks (STAR, Present–Past–Future, CAR): the one table of their keys, names and parts.

/// One part of a framework: what to call it, a one-line prompt, its default share of the
/// answer and the phrases that often open it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameworkPart {
    /// Short label, e.g. "Situation".
    pub label: &'static str,
    /// What to say in this part, in one line.
    pub prompt: &'static str,
    /// Its default target share of the answer, in percent (a framework's parts add up to 100).
    pub target_percent: u8,
    /// Lower-case phrases that often start this part ("at my last job"), for suggesting where
    /// it began in a transcript.
    pub cues: &'static [&'static str],
}

/// A structure for an answer, shown as a checklist of its parts while thinking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Framework {
    /// Situation, Task, Action, Result: behavioral and situational answers.
    Star,
    /// Present, Past, Future: "Tell me about yourself" and introductions.
    PresentPastFuture,
    /// Challenge, Action, Result: a shorter STAR for problems overcome.
    Car,
}

/// One framework's row in [`FRAMEWORKS`].
struct Row {
    framework: Framework,
    key: &'static str,
    name: &'static str,
    parts: &'static [FrameworkPart],
}

const fn part(
    label: &'static str,
    prompt: &'static str,
    target_percent: u8,
    cues: &'static [&'static str],
) -> FrameworkPart {
    FrameworkPart {
        label,
        prompt,
        target_percent,
        cues,
    }
}

const SITUATION_CUES: &[&str] = &[
    "when i was",
    "at my last job",
    "at my previous job",
    "in my previous role",
    "in my last role",
    "there was a time",
    "a few years ago",
];
const TASK_CUES: &[&str] = &[
    "my job was",
    "i was responsible",
    "i was asked to",
    "the goal was",
    "my task was",
    "i needed to",
    "i had to",
];
const ACTION_CUES: &[&str] = &[
    "so i",
    "i decided",
    "first i",
    "the first thing i",
    "what i did",
    "i started by",
];
const RESULT_CUES: &[&str] = &[
    "as a result",
    "in the end",
    "we ended up",
    "which led to",
    "the result was",
    "i learned",
];

/// Every framework: its key on disk, its name for people and its parts, in display order.
const FRAMEWORKS: [Row; 3] = [
    Row {
        framework: Framework::Star,
        key: "star",
        name: "STAR",
        parts: &[
            part(
                "Situation",
                "Set the scene in a sentence or two: where, when, who.",
                20,
                SITUATION_CUES,
            ),
            part(
                "Task",
                "What had to be done, and what was at stake for you.",
                10,
                TASK_CUES,
            ),
            part(
                "Action",
                "The steps you took (or would take) yourself: say \"I\", not \"we\".",
                60,
                ACTION_CUES,
            ),
            part(
                "Result",
                "How it ended, with a number if you can, and what you learned.",
                10,
                RESULT_CUES,
            ),
        ],
    },
    Row {
        framework: Framework::PresentPastFuture,
        key: "present_past_future",
        name: "Present–Past–Future",
        parts: &[
            part(
                "Present",
                "What you do now, and one strength you use in it.",
                30,
                &[
                    "currently",
                    "right now",
                    "at the moment",
                    "today i",
                    "i am a",
                    "i'm a",
                ],
            ),
            part(
                "Past",
                "The experience that brought you here, with one achievement.",
                50,
                &[
                    "before that",
                    "previously",
                    "i started",
                    "i began",
                    "my background",
                    "i studied",
                ],
            ),
            part(
                "Future",
                "What you want next, and why this role fits it.",
                20,
                &[
                    "going forward",
                    "next i",
                    "in the future",
                    "that's why",
                    "looking ahead",
                    "i'm looking for",
                ],
            ),
        ],
    },
    Row {
        framework: Framework::Car,
        key: "car",
        name: "CAR",
        parts: &[
            part(
                "Challenge",
                "The problem you faced and why it mattered.",
                30,
                &[
                    "the problem was",
                    "the challenge was",
                    "we had a problem",
                    "when i was",
                    "at my last job",
                ],
            ),
            part(
                "Action",
                "What you did about it yourself, step by step.",
                60,
                ACTION_CUES,
            ),
            part(
                "Result",
                "The outcome, measured if you can, and what it changed.",
                10,
                RESULT_CUES,
            ),
        ],
    },
];

impl Framework {
    /// Every framework, in display order.
    pub const ALL: [Framework; 3] = [Self::Star, Self::PresentPastFuture, Self::Car];

    fn row(self) -> &'static Row {
        // Every variant has its row (a unit test checks the table).
        FRAMEWORKS
            .iter()
            .find(|r| r.framework == self)
            .unwrap_or(&FRAMEWORKS[0])
    }

    /// The name on disk, e.g. "present_past_future".
    pub fn key(self) -> &'static str {
        self.row().key
    }

    /// The name for people, e.g. "Present–Past–Future".
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The parts, in the order an answer takes them.
    pub fn parts(self) -> &'static [FrameworkPart] {
        self.row().parts
    }

    /// The framework a key or name stands for, case-insensitively ("STAR", "Present-Past-Future").
    pub fn parse(s: &str) -> Option<Self> {
        let words = |s: &str| -> String {
            s.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let wanted = words(s);
        Self::ALL
            .into_iter()
            .find(|f| words(f.key()) == wanted || words(f.name()) == wanted)
    }

    /// The keys as a phrase for error messages: "star, present_past_future or car".
    pub fn keys_phrase() -> String {
        let keys: Vec<&str> = Self::ALL.iter().map(|f| f.key()).collect();
        match keys.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => keys.join(""),
        }
    }
}

impl serde::Serialize for Framework {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> serde::Deserialize<'de> for Framework {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown framework \"{name}\": use {}, or leave the field out",
                Self::keys_phrase()
            ))
        })
    }
}

impl schemars::JsonSchema for Framework {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Framework".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let keys: Vec<&str> = Self::ALL.iter().map(|f| f.key()).collect();
        schemars::json_schema!({
            "description": "How to structure the answer; its parts are shown as a checklist while thinking.",
            "type": "string",
            "enum": keys,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framework_has_one_row_with_parts() {
        for f in Framework::ALL {
            let rows = FRAMEWORKS.iter().filter(|r| r.framework == f).count();
            assert_eq!(rows, 1, "{f:?}");
            assert!(f.parts().len() >= 3, "{f:?}");
            assert_eq!(Framework::parse(f.key()), Some(f));
            assert_eq!(Framework::parse(f.name()), Some(f));
        }
        for f in Framework::ALL {
            let total: u32 = f.parts().iter().map(|p| u32::from(p.target_percent)).sum();
            assert_eq!(total, 100, "{f:?}");
            assert!(
                f.parts().len() <= 4,
                "{f:?}: the digit keys mark parts 1 to 4"
            );
        }
        let labels: Vec<&str> = Framework::Star.parts().iter().map(|p| p.label).collect();
        assert_eq!(labels, ["Situation", "Task", "Action", "Result"]);
    }

    #[test]
    fn names_parse_loosely_and_others_do_not() {
        assert_eq!(
            Framework::parse("Present-Past-Future"),
            Some(Framework::PresentPastFuture)
        );
        assert_eq!(
            Framework::parse(" present, past, future "),
            Some(Framework::PresentPastFuture)
        );
        assert_eq!(Framework::parse("Car"), Some(Framework::Car));
        for other in ["", "stars", "soar", "present"] {
            assert_eq!(Framework::parse(other), None, "{other}");
        }
        assert_eq!(Framework::keys_phrase(), "star, present_past_future or car");
    }
}
