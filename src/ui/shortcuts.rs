//! Every keyboard shortcut of every screen in one table: the action, its button text, its key
//! and where it applies (tested for clashes).

use egui::{Key, KeyboardShortcut, Modifiers};

/// Where a shortcut applies: a screen, or a state of one (a run phase, a playing take).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShortcutScope {
    /// Choosing packs, times and the microphone.
    Setup,
    /// The think countdown.
    Think,
    /// Recording an answer.
    Answer,
    /// The self-rating form, more questions to come.
    Rate,
    /// The self-rating form of the last question.
    RateLast,
    /// The self-rating form while its take plays.
    RatePlaying,
    /// The end-of-session reflection.
    Reflect,
    /// The video call's framing reminder before the session.
    Framing,
    /// The session summary.
    Summary,
    /// The list of past sessions.
    ReviewList,
    /// One past session, nothing playing.
    ReviewSession,
    /// One past session while a take plays.
    ReviewPlaying,
    /// A take's rating edited in review.
    EditRating,
    /// The pack library.
    Packs,
    /// The pack editor.
    PackEditor,
    /// The trends over past sessions.
    Progress,
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
    /// Record a new take of the question (from the rating form).
    Retake,
    /// Stop this take and record a new one at once (while answering; R marks STAR's Result).
    RetakeNow,
    /// Mark that part n (1–4) of the question's framework begins now.
    MarkPart(u8),
    /// Mark that STAR part n (1 Situation, 2 Task, 3 Action, 4 Result) begins now.
    MarkStarPart(u8),
    /// End the session early (everything so far is saved).
    EndSession,
    /// Put the question off until the end of the session (drill).
    Later,
    /// Hear the question again (the countdown starts over when it has been asked).
    AskAgain,
    /// Save the rating and go to the next question.
    SaveRating,
    /// Save the rating of the last question and go to the reflection.
    FinishRating,
    /// Set the current rating item to 1–5.
    Score(u8),
    /// Move to the previous rating item.
    PreviousItem,
    /// Move to the next rating item.
    NextItem,
    /// Save the reflection.
    SaveReflection,
    /// Start the thank-you note exercise on the reflection form.
    StartThankYouNote,
    /// Start a new session from the summary.
    NewSession,
    /// Open the finished session in the review screen.
    OpenInReview,
    /// Show past sessions.
    PastSessions,
    /// Show the question packs.
    QuestionPacks,
    /// Show the trends over past sessions.
    Progress,
    /// Import a pack file.
    ImportPack,
    /// Leave the review list, the pack library or the progress screen for the setup screen.
    BackToSetup,
    /// Go from one past session back to the list.
    AllSessions,
    /// Play the loaded take (or the session's first recording).
    Play,
    /// Pause the playing take.
    Pause,
    /// Jump back in the loaded take.
    SkipBack,
    /// Jump forward in the loaded take.
    SkipForward,
    /// Play the loaded take one speed step slower.
    Slower,
    /// Play the loaded take one speed step faster.
    Faster,
    /// Mark an A–B loop's start, then its end, then clear it.
    Loop,
    /// Start a new, empty pack.
    NewPack,
    /// Save the pack in the editor.
    SavePack,
    /// Save a rating edited in review.
    SaveEditedRating,
    /// Close the rating form in review without saving.
    CancelEditedRating,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortcut {
    /// What it does.
    pub action: Action,
    /// The button text.
    pub label: &'static str,
    /// The key (with modifiers).
    pub key: KeyboardShortcut,
    /// Where it applies.
    pub scopes: &'static [ShortcutScope],
}

const fn key(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, k)
}

const fn ctrl(k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, k)
}

const fn entry(
    action: Action,
    label: &'static str,
    key: KeyboardShortcut,
    scopes: &'static [ShortcutScope],
) -> Shortcut {
    Shortcut {
        action,
        label,
        key,
        scopes,
    }
}

/// The table: which action each key triggers where, and the text of its button.
pub const SHORTCUTS: &[Shortcut] = {
    use Action as A;
    use ShortcutScope::*;
    const RATING: &[ShortcutScope] = &[Rate, RateLast, RatePlaying, EditRating, Reflect];
    const SESSION: &[ShortcutScope] = &[ReviewSession, ReviewPlaying];
    const SKIPPING: &[ShortcutScope] = &[ReviewSession, ReviewPlaying, Rate, RateLast, RatePlaying];
    &[
        entry(
            A::StartInterview,
            "Start interview",
            key(Key::Enter),
            &[Setup, Framing],
        ),
        entry(A::PastSessions, "Past sessions", ctrl(Key::H), &[Setup]),
        entry(A::QuestionPacks, "Question packs", ctrl(Key::P), &[Setup]),
        entry(A::Progress, "Progress", ctrl(Key::G), &[Setup]),
        entry(A::ImportPack, "Import pack…", ctrl(Key::I), &[Setup, Packs]),
        entry(
            A::SkipThink,
            "Start answering now",
            key(Key::Space),
            &[Think],
        ),
        entry(A::StopAnswer, "Stop answer", key(Key::Space), &[Answer]),
        entry(A::Later, "Ask it later", key(Key::L), &[Think]),
        entry(A::AskAgain, "Ask again", key(Key::Q), &[Think]),
        entry(
            A::Retake,
            "Retake",
            key(Key::R),
            &[Rate, RateLast, RatePlaying],
        ),
        entry(A::RetakeNow, "Retake now", ctrl(Key::R), &[Answer]),
        entry(A::MarkPart(1), "Part 1 starts", key(Key::Num1), &[Answer]),
        entry(A::MarkPart(2), "Part 2 starts", key(Key::Num2), &[Answer]),
        entry(A::MarkPart(3), "Part 3 starts", key(Key::Num3), &[Answer]),
        entry(A::MarkPart(4), "Part 4 starts", key(Key::Num4), &[Answer]),
        entry(
            A::MarkStarPart(1),
            "Situation starts",
            key(Key::S),
            &[Answer],
        ),
        entry(A::MarkStarPart(2), "Task starts", key(Key::T), &[Answer]),
        entry(A::MarkStarPart(3), "Action starts", key(Key::A), &[Answer]),
        entry(A::MarkStarPart(4), "Result starts", key(Key::R), &[Answer]),
        entry(
            A::EndSession,
            "End session",
            key(Key::Escape),
            &[Think, Answer, Rate, RateLast, RatePlaying],
        ),
        entry(
            A::SaveRating,
            "Save and next question",
            key(Key::Enter),
            &[Rate],
        ),
        entry(
            A::FinishRating,
            "Save and finish",
            key(Key::Enter),
            &[RateLast],
        ),
        entry(A::Score(1), "Score 1", key(Key::Num1), RATING),
        entry(A::Score(2), "Score 2", key(Key::Num2), RATING),
        entry(A::Score(3), "Score 3", key(Key::Num3), RATING),
        entry(A::Score(4), "Score 4", key(Key::Num4), RATING),
        entry(A::Score(5), "Score 5", key(Key::Num5), RATING),
        entry(A::PreviousItem, "Previous item", key(Key::ArrowUp), RATING),
        entry(A::NextItem, "Next item", key(Key::ArrowDown), RATING),
        entry(
            A::SaveReflection,
            "Save reflection",
            ctrl(Key::Enter),
            &[Reflect],
        ),
        entry(
            A::StartThankYouNote,
            "Write a thank-you note",
            ctrl(Key::T),
            &[Reflect],
        ),
        entry(A::NewSession, "New session", key(Key::Enter), &[Summary]),
        entry(A::OpenInReview, "Open in review", key(Key::O), &[Summary]),
        entry(
            A::BackToSetup,
            "Back to setup",
            key(Key::Escape),
            &[ReviewList, Packs, Progress, Framing],
        ),
        entry(A::AllSessions, "All sessions", key(Key::Escape), SESSION),
        entry(
            A::Play,
            "Play",
            key(Key::Space),
            &[ReviewSession, Rate, RateLast],
        ),
        entry(
            A::Pause,
            "Pause",
            key(Key::Space),
            &[ReviewPlaying, RatePlaying],
        ),
        entry(A::SkipBack, "Back 5 s", key(Key::ArrowLeft), SKIPPING),
        entry(A::Slower, "Slower", key(Key::OpenBracket), SKIPPING),
        entry(A::Faster, "Faster", key(Key::CloseBracket), SKIPPING),
        entry(A::Loop, "A–B loop", key(Key::L), SKIPPING),
        entry(
            A::SkipForward,
            "Forward 5 s",
            key(Key::ArrowRight),
            SKIPPING,
        ),
        entry(A::NewPack, "New pack", ctrl(Key::N), &[Packs]),
        entry(A::SavePack, "Save", ctrl(Key::S), &[PackEditor]),
        entry(
            A::SaveEditedRating,
            "Save rating",
            key(Key::Enter),
            &[EditRating],
        ),
        entry(
            A::CancelEditedRating,
            "Cancel",
            key(Key::Escape),
            &[EditRating],
        ),
    ]
};

/// The table row of `action` (every action has one; a test checks it).
pub fn find(action: Action) -> &'static Shortcut {
    SHORTCUTS
        .iter()
        .find(|s| s.action == action)
        .unwrap_or(&SHORTCUTS[0])
}

/// The shortcut of `action`.
pub fn shortcut(action: Action) -> KeyboardShortcut {
    find(action).key
}

/// The button text of `action`, e.g. "Start interview".
pub fn label(action: Action) -> &'static str {
    find(action).label
}

/// The key as the platform writes it, e.g. "Space" or "Ctrl+Enter".
pub fn key_text(ctx: &egui::Context, action: Action) -> String {
    ctx.format_shortcut(&shortcut(action))
}

/// A button with the action's label and its key beside it, e.g. "Start interview   Enter".
pub fn button(ctx: &egui::Context, action: Action) -> egui::Button<'static> {
    egui::Button::new(label(action)).shortcut_text(key_text(ctx, action))
}

/// Whether `action`'s shortcut was pressed this frame (consumes the key press).
///
/// A plain key (no Ctrl/Alt) belongs to a text or number field while one is being edited, so
/// it fires nothing then: Enter in "Number of questions" does not start the interview. Enter
/// and Space also belong to any focused widget (they press the focused button).
pub fn pressed(ctx: &egui::Context, action: Action) -> bool {
    let s = shortcut(action);
    !held_by_a_widget(ctx, &s) && ctx.input_mut(|i| i.consume_shortcut(&s))
}

/// Whether a focused field or button owns the key of `s` now (see [`pressed`]).
fn held_by_a_widget(ctx: &egui::Context, s: &KeyboardShortcut) -> bool {
    if !s.modifiers.is_none() {
        return false;
    }
    let focused = ctx.memory(|m| m.focused()).is_some();
    let activates = matches!(s.logical_key, Key::Enter | Key::Space);
    ctx.text_edit_focused() || (focused && activates)
}

/// The presses of `actions` this frame, in the order they were typed and as often as they
/// were typed, consumed: keys typed faster than frames (several in one frame) keep their
/// order, so "4 5 3" scores three items in turn. The same rules as [`pressed`] apply.
pub fn pressed_in_order(ctx: &egui::Context, actions: &[Action]) -> Vec<Action> {
    let live: Vec<(Action, KeyboardShortcut)> = actions
        .iter()
        .map(|&a| (a, shortcut(a)))
        .filter(|(_, s)| !held_by_a_widget(ctx, s))
        .collect();
    ctx.input_mut(|i| {
        let mut presses = Vec::new();
        i.events.retain(|event| {
            let egui::Event::Key {
                key,
                modifiers,
                pressed: true,
                ..
            } = event
            else {
                return true;
            };
            let hit = live
                .iter()
                .find(|(_, s)| s.logical_key == *key && modifiers.matches_logically(s.modifiers));
            if let Some((action, _)) = hit {
                presses.push(*action);
            }
            hit.is_none()
        });
        presses
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_two_actions_share_a_shortcut_in_one_scope() {
        let mut seen: HashMap<(ShortcutScope, KeyboardShortcut), Action> = HashMap::new();
        for s in SHORTCUTS {
            assert!(!s.scopes.is_empty(), "{:?} applies nowhere", s.action);
            for scope in s.scopes {
                if let Some(other) = seen.insert((*scope, s.key), s.action) {
                    panic!(
                        "{:?} and {other:?} both use {:?} in {scope:?}",
                        s.action, s.key
                    );
                }
            }
        }
    }

    #[test]
    fn every_action_is_in_the_table_once() {
        let mut actions: Vec<_> = SHORTCUTS
            .iter()
            .map(|s| format!("{:?}", s.action))
            .collect();
        let n = actions.len();
        actions.sort();
        actions.dedup();
        assert_eq!(actions.len(), n, "an action has two rows");
        let all = [
            Action::StartInterview,
            Action::SkipThink,
            Action::StopAnswer,
            Action::Retake,
            Action::RetakeNow,
            Action::MarkPart(1),
            Action::MarkPart(4),
            Action::MarkStarPart(1),
            Action::MarkStarPart(4),
            Action::EndSession,
            Action::SaveRating,
            Action::FinishRating,
            Action::Score(1),
            Action::Score(5),
            Action::PreviousItem,
            Action::NextItem,
            Action::SaveReflection,
            Action::StartThankYouNote,
            Action::NewSession,
            Action::OpenInReview,
            Action::PastSessions,
            Action::QuestionPacks,
            Action::Progress,
            Action::ImportPack,
            Action::BackToSetup,
            Action::AllSessions,
            Action::Play,
            Action::Pause,
            Action::SkipBack,
            Action::SkipForward,
            Action::Slower,
            Action::Faster,
            Action::Loop,
            Action::NewPack,
            Action::SavePack,
            Action::SaveEditedRating,
            Action::CancelEditedRating,
        ];
        for action in all {
            assert!(
                SHORTCUTS.iter().any(|s| s.action == action),
                "{action:?} has no row"
            );
        }
    }

    #[test]
    fn every_button_text_is_unique() {
        let mut labels: Vec<_> = SHORTCUTS.iter().map(|s| s.label).collect();
        let n = labels.len();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), n);
    }
}
