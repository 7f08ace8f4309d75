//! Which installed Whisper model the window transcribes with: the one chosen under
//! Transcripts on the setup screen (`Settings::speech_model`), else the best installed one
//! (the user's own, else base, else tiny.en; see [`crate::transcribe::model::resolve`]).

use std::path::PathBuf;

use crate::transcribe::model::{BASE, OWN, OWN_FILE, TINY_EN, resolve};

/// One model the user can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeechModel {
    /// The name saved in the settings and with each transcript ("tiny.en").
    pub name: &'static str,
    /// What the choice says.
    pub label: &'static str,
    /// The file in the models folder.
    pub file: &'static str,
}

/// The choices, fastest first.
pub const SPEECH_MODELS: [SpeechModel; 3] = [
    SpeechModel {
        name: TINY_EN.name,
        label: "Whisper tiny.en: fast",
        file: TINY_EN.file,
    },
    SpeechModel {
        name: BASE.name,
        label: "Whisper base: more accurate, about 2.4× slower",
        file: BASE.file,
    },
    SpeechModel {
        name: OWN,
        label: "Your own model",
        file: OWN_FILE,
    },
];

/// The models found in the models folder, and which one is in use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpeechModels {
    /// The models folder.
    pub dir: PathBuf,
    /// The installed models' names, in [`SPEECH_MODELS`] order.
    pub installed: Vec<&'static str>,
    /// The model transcribing now; `None`: none is installed.
    pub in_use: Option<String>,
    /// The setting the model in use was chosen by.
    pub(super) chosen_by: Option<Option<String>>,
}

impl SpeechModels {
    /// Looks in the models folder `dir` for installed models.
    pub fn scan(dir: PathBuf) -> Self {
        let installed = SPEECH_MODELS
            .iter()
            .filter(|m| dir.join(m.file).is_file())
            .map(|m| m.name)
            .collect();
        Self {
            dir,
            installed,
            in_use: None,
            chosen_by: None,
        }
    }

    /// The model file for the setting `choice` (`None`: the best installed): its name and
    /// path. A chosen model that has gone falls back to the best installed one.
    pub fn pick(&self, choice: Option<&str>) -> Option<(String, PathBuf)> {
        resolve(&self.dir, choice)
            .or_else(|_| resolve(&self.dir, None))
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_wins_and_a_missing_choice_falls_back_to_the_best_installed() {
        let dir = tempfile::tempdir().unwrap();
        let models = SpeechModels::scan(dir.path().to_path_buf());
        assert!(models.installed.is_empty());
        assert_eq!(models.pick(None), None);
        for file in [TINY_EN.file, BASE.file] {
            std::fs::write(dir.path().join(file), b"model").unwrap();
        }
        let models = SpeechModels::scan(dir.path().to_path_buf());
        assert_eq!(models.installed, ["tiny.en", "base"]);
        let name = |choice| models.pick(choice).map(|(name, _)| name);
        assert_eq!(name(None).as_deref(), Some("base"), "the best installed");
        assert_eq!(name(Some("tiny.en")).as_deref(), Some("tiny.en"));
        assert_eq!(name(Some("own")).as_deref(), Some("base"), "not installed");
    }
}
