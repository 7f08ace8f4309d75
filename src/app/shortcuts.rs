//! Every keyboard shortcut, per screen, in one table (tested for clashes).

use egui::{Key, KeyboardShortcut, Modifiers};

/// The screens (and run phases) shortcuts belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Choosing packs, times and the microphone.
    Setup,
    /// The think countdown.
    Think,
    /// Recording an answer.
    Answer,
    /// The self-rating form.
    Rate,
    /// The end-of-session reflection.
    Reflect,
    /// The session summary.
    Summary,
}

/// Something a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Start the interview.
    StartInterview,
    /// Skip the rest of the think countdown.
    SkipThink,
    /// End the answer now.
    StopAnswer,
    /// Record a new take of the question.
    Retake,
    /// End the session early (everything so far is saved).
    EndSession,
    /// Save the rating and go to the next question.
    SaveRating,
    /// Set the current rating item to 1–5.
    Score(u8),
    /// Move to the previous rating item.
    PreviousItem,
    /// Move to the next rating item.
    NextItem,
    /// Save the reflection.
    SaveReflection,
    /// Start a new session from the summary.
    NewSession,
    /// Open the finished session in the review screen.
    OpenInReview,
    /// Show past sessions.
    PastSessions,
    /// Show the question packs.
    QuestionPacks,
    /// Import a pack file.
    ImportPack,
}

const fn key(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, k)
}

const fn ctrl(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, k)
}

/// The table: which action each key triggers on which screens.
pub const SHORTCUTS: &[(Action, &[Screen], KeyboardShortcut)] = {
    use Screen::*;
    &[
        (Action::StartInterview, &[Setup], key(Key::Enter)),
        (Action::SkipThink, &[Think], key(Key::Space)),
        (Action::StopAnswer, &[Answer], key(Key::Space)),
        (Action::Retake, &[Answer, Rate], key(Key::R)),
        (Action::EndSession, &[Think, Answer, Rate], key(Key::Escape)),
        (Action::SaveRating, &[Rate], key(Key::Enter)),
        (Action::Score(1), &[Rate], key(Key::Num1)),
        (Action::Score(2), &[Rate], key(Key::Num2)),
        (Action::Score(3), &[Rate], key(Key::Num3)),
        (Action::Score(4), &[Rate], key(Key::Num4)),
        (Action::Score(5), &[Rate], key(Key::Num5)),
        (Action::PreviousItem, &[Rate], key(Key::ArrowUp)),
        (Action::NextItem, &[Rate], key(Key::ArrowDown)),
        (
            Action::SaveReflection,
            &[Reflect],
            KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter),
        ),
        (Action::NewSession, &[Summary], key(Key::Enter)),
        (Action::OpenInReview, &[Summary], key(Key::O)),
        (Action::PastSessions, &[Setup], ctrl(Key::H)),
        (Action::QuestionPacks, &[Setup], ctrl(Key::P)),
        (Action::ImportPack, &[Setup], ctrl(Key::I)),
    ]
};

/// The shortcut of `action`.
pub fn shortcut(action: Action) -> KeyboardShortcut {
    SHORTCUTS
        .iter()
        .find(|(a, _, _)| *a == action)
        .map(|(_, _, s)| *s)
        .unwrap_or(key(Key::F24))
}

/// The shortcut's label as the platform writes it, e.g. "Space" or "Ctrl+Enter".
pub fn label(ctx: &egui::Context, action: Action) -> String {
    ctx.format_shortcut(&shortcut(action))
}

/// Whether `action`'s shortcut was pressed this frame (consumes the key press).
pub fn pressed(ctx: &egui::Context, action: Action) -> bool {
    let s = shortcut(action);
    ctx.input_mut(|i| i.consume_shortcut(&s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_two_actions_share_a_shortcut_on_one_screen() {
        let mut seen: HashMap<(Screen, KeyboardShortcut), Action> = HashMap::new();
        for (action, screens, shortcut) in SHORTCUTS {
            for screen in *screens {
                if let Some(other) = seen.insert((*screen, *shortcut), *action) {
                    panic!("{action:?} and {other:?} both use {shortcut:?} on {screen:?}");
                }
            }
        }
    }

    #[test]
    fn every_action_is_in_the_table_once() {
        let mut actions: Vec<_> = SHORTCUTS.iter().map(|(a, _, _)| *a).collect();
        let n = actions.len();
        actions.sort_by_key(|a| format!("{a:?}"));
        actions.dedup();
        assert_eq!(actions.len(), n);
    }
}
