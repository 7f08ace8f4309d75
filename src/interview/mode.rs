//! The interview modes (the formats of the interview guide, and how strict a session is) and
//! the panel's interviewers: each a row of one table.

use serde::{Deserialize, Serialize};

/// How a session is run, chosen on the setup screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Practice: retakes allowed, questions in the order you choose.
    #[default]
    Drill,
    /// Like the real thing: one take each, questions in the order drawn, a clock for the
    /// whole session.
    Mock,
    /// A phone screen: the question is only heard, the screen shows just the timer.
    Phone,
    /// A video call: a framing reminder before the session starts.
    Video,
    /// A panel: named interviewers with their own voices take turns asking.
    Panel,
}

/// What a mode is called and does, as the setup screen explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModeInfo {
    /// The mode.
    pub mode: Mode,
    /// Its name on the setup screen.
    pub name: &'static str,
    /// One line on what it changes.
    pub summary: &'static str,
}

/// Every mode, in the order the setup screen lists them.
pub const MODES: &[ModeInfo] = &[
    ModeInfo {
        mode: Mode::Drill,
        name: "Practice drill",
        summary: "Retakes allowed; the order is yours (pack order, shuffled, or skip a \
                  question for later).",
    },
    ModeInfo {
        mode: Mode::Mock,
        name: "Mock interview",
        summary: "One take per question, no skipping, in the order drawn, and a clock for \
                  the whole session.",
    },
    ModeInfo {
        mode: Mode::Phone,
        name: "Phone screen",
        summary: "The question is only heard, never shown: the screen shows just the timer. \
                  Speak clearly and keep an enthusiastic tone.",
    },
    ModeInfo {
        mode: Mode::Video,
        name: "Video call",
        summary: "A framing check before you start: camera at eye level, background, light.",
    },
    ModeInfo {
        mode: Mode::Panel,
        name: "Panel",
        summary: "Interviewers with their own voices take turns asking; address the one who \
                  asked, and the others too.",
    },
];

impl Mode {
    /// Its row of [`MODES`].
    pub fn info(self) -> &'static ModeInfo {
        MODES
            .iter()
            .find(|m| m.mode == self)
            .expect("every mode has a row")
    }

    /// Whether a question may be answered again (every mode but the mock interview).
    pub fn retakes(self) -> bool {
        self != Self::Mock
    }

    /// Whether a question may be put off until later (the drill only).
    pub fn skipping(self) -> bool {
        self == Self::Drill
    }

    /// Whether the run shows the session's clock against its whole time budget.
    pub fn session_clock(self) -> bool {
        self == Self::Mock
    }

    /// Whether the question is only heard: its text stays off the screen until it is rated.
    pub fn heard_only(self) -> bool {
        self == Self::Phone
    }

    /// Whether every question is read aloud, whatever the voice setting says.
    pub fn needs_voice(self) -> bool {
        matches!(self, Self::Phone | Self::Panel)
    }

    /// Whether the framing reminder comes before the first question.
    pub fn framing_card(self) -> bool {
        self == Self::Video
    }

    /// Whether panellists take turns asking (and the rating asks if you addressed them).
    pub fn panel(self) -> bool {
        self == Self::Panel
    }
}

/// One interviewer of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panellist {
    /// The name shown while they ask.
    pub name: &'static str,
    /// Their role, for the reminder of whom you are talking to.
    pub role: &'static str,
    /// The eSpeak NG voice they speak with (language plus variant).
    pub voice: &'static str,
}

/// The panel, in turn order: the first `n` of them sit on a panel of `n`.
pub const PANELLISTS: &[Panellist] = &[
    Panellist {
        name: "Maria Lopez",
        role: "hiring manager",
        voice: "en-us+f3",
    },
    Panellist {
        name: "James Okafor",
        role: "senior engineer on the team",
        voice: "en-gb-x-rp+m3",
    },
    Panellist {
        name: "Priya Nair",
        role: "HR partner",
        voice: "en+f4",
    },
];

/// The smallest panel.
pub const MIN_PANEL: usize = 2;

/// Who asks question `turn` (0-based, follow-ups not counted) on a panel of `size`.
pub fn panellist_for(turn: usize, size: usize) -> usize {
    turn % size.clamp(MIN_PANEL, PANELLISTS.len())
}

/// The think countdown and answer limit of a follow-up to a question with `parent`'s:
/// a follow-up is answered on the spot, and shorter.
pub fn follow_up_timings(parent: crate::pack::Timings) -> crate::pack::Timings {
    crate::pack::Timings {
        think_seconds: parent.think_seconds.min(5),
        answer_seconds: (parent.answer_seconds / 2).clamp(30.min(parent.answer_seconds), 90),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_has_one_row_with_a_name_and_a_summary() {
        for mode in [
            Mode::Drill,
            Mode::Mock,
            Mode::Phone,
            Mode::Video,
            Mode::Panel,
        ] {
            assert_eq!(MODES.iter().filter(|m| m.mode == mode).count(), 1);
            assert!(!mode.info().name.is_empty() && !mode.info().summary.is_empty());
        }
    }

    #[test]
    fn only_the_mock_interview_forbids_retakes_and_only_the_drill_skips() {
        assert!(!Mode::Mock.retakes() && Mode::Drill.retakes() && Mode::Phone.retakes());
        assert!(Mode::Drill.skipping() && !Mode::Mock.skipping());
        assert!(Mode::Mock.session_clock() && !Mode::Drill.session_clock());
    }

    #[test]
    fn panellists_take_turns_and_have_distinct_voices() {
        let turns: Vec<usize> = (0..5).map(|t| panellist_for(t, 3)).collect();
        assert_eq!(turns, [0, 1, 2, 0, 1]);
        let two: Vec<usize> = (0..4).map(|t| panellist_for(t, 2)).collect();
        assert_eq!(two, [0, 1, 0, 1]);
        // A panel of one is still a panel of two.
        assert_eq!(panellist_for(1, 1), 1);
        for (i, p) in PANELLISTS.iter().enumerate() {
            assert!(
                PANELLISTS[..i]
                    .iter()
                    .all(|o| o.voice != p.voice && o.name != p.name)
            );
        }
    }

    #[test]
    fn follow_ups_are_shorter_and_thought_about_briefly() {
        let t = |think, answer| crate::pack::Timings {
            think_seconds: think,
            answer_seconds: answer,
        };
        assert_eq!(follow_up_timings(t(30, 120)), t(5, 60));
        assert_eq!(follow_up_timings(t(0, 300)), t(0, 90));
        assert_eq!(follow_up_timings(t(10, 40)), t(5, 30));
        assert_eq!(follow_up_timings(t(10, 20)), t(5, 20));
    }
}
