//! What the user can ask the application to do: the [`Command`]s screens return.

use std::path::PathBuf;

use super::packs::PacksCommand;
use super::progress::ProgressCommand;
use super::review::ReviewCommand;
use super::take_player::PlayerCommand;

/// What a recovered session should become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Continue at the first unrated question.
    Resume,
    /// Keep it as it is, marked complete.
    Finish,
    /// Keep the files but mark it abandoned.
    Abandon,
}

/// Something the user asked for, applied after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Start an interview with the setup choices.
    StartInterview,
    /// Use this input device (`None`: the default) and restart the level meter.
    SelectDevice(Option<String>),
    /// Play takes and the interviewer's voice on this output (`None`: the default).
    SelectOutput(Option<String>),
    /// Re-read the input and output device lists.
    RefreshDevices,
    /// Look for cameras again (and retry one that failed).
    RefreshCameras,
    /// Show past sessions.
    OpenReview,
    /// Show the pack library.
    OpenPacks,
    /// Show the trends over past sessions.
    OpenProgress,
    /// Start the setup screen's level meter again after it paused.
    TestMicrophone,
    /// Open the import dialog on the packs screen.
    ImportPack,
    /// Files dropped on the window or named on the command line: preview them for import
    /// (from setup, packs or review).
    OpenPackFiles(Vec<PathBuf>),
    /// Skip the rest of the think countdown.
    SkipThink,
    /// End the answer now.
    StopAnswer,
    /// Mark that part `n` (0-based) of the question's answer framework begins now.
    MarkPart(usize),
    /// Record a new take of the current question.
    Retake,
    /// Put the question being thought about off until the end of the session.
    Defer,
    /// Hear the question being thought about again.
    AskAgain,
    /// End the session early.
    EndSession,
    /// Play, pause or seek the take being rated.
    Listen(PlayerCommand),
    /// Save the rating form and go on.
    SaveRating,
    /// Save the reflection form and show the summary.
    SaveReflection,
    /// Start the thank-you note exercise on the reflection form (its timer runs).
    StartThankYouNote,
    /// Show the finished session in the review screen.
    OpenSessionInReview,
    /// Back to the setup screen.
    BackToSetup,
    /// Answer the recovery prompt for one session.
    Recover(PathBuf, RecoveryChoice),
    /// Hide the message bar.
    DismissMessage,
    /// Play a sample of the interviewer's voice at the chosen speed (setup).
    HearVoice,
    /// A review-screen command.
    Review(ReviewCommand),
    /// A packs-screen command.
    Packs(PacksCommand),
    /// A progress-screen command.
    Progress(ProgressCommand),
    /// Try again to save the session that could not be saved.
    RetrySave,
    /// Copy the unsaved session into this folder.
    SaveElsewhere(PathBuf),
    /// Ask for a folder with a dialog, then copy the unsaved session into it.
    ChooseSaveFolder,
}
