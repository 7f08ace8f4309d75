//! The remembered setup choices, saved as `settings.json` in the data directory.

use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::analysis::Thresholds;
use crate::pack::QuestionType;

/// The pack chosen on first launch.
pub const FIRST_LAUNCH_PACK: &str = "general";

/// One chosen pack, optionally narrowed to some of its question types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackChoice {
    /// The pack id.
    pub id: String,
    /// Only these types; empty means every type in the pack.
    #[serde(default)]
    pub types: Vec<QuestionType>,
}

/// The app's remembered choices; unknown or missing fields fall back to defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Packs to draw questions from.
    pub packs: Vec<PackChoice>,
    /// How many questions a session asks.
    pub question_count: usize,
    /// Shuffle instead of pack order.
    pub shuffled: bool,
    /// Session-wide think time, overriding the packs' times.
    pub think_seconds: Option<u32>,
    /// Session-wide answer limit, overriding the packs' times.
    pub answer_seconds: Option<u32>,
    /// The input device name; `None` means the system default.
    pub input_device: Option<String>,
    /// The output device (speaker) takes and the voice play on; `None`: the system default.
    pub output_device: Option<String>,
    /// Limits for the delivery-metric feedback.
    pub thresholds: Thresholds,
    /// Light or dark window, or as the system says.
    pub theme: ThemeChoice,
    /// The speech model chosen for transcripts (`None`: the best installed).
    pub speech_model: Option<String>,
    /// Whether the interviewer reads each question aloud, and how fast.
    pub voice: VoiceChoice,
    /// How sessions are run: drill, mock interview, phone screen, video call or panel.
    pub mode: crate::interview::Mode,
    /// How often a question's follow-up is asked after it.
    pub follow_ups: FollowUps,
    /// How many interviewers sit on a panel (2 or 3).
    pub panel_size: usize,
    /// Whether answers are filmed, with which camera, at what quality.
    pub camera: CameraChoice,
}

/// How often a follow-up question comes after a question that has some.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUps {
    /// Never.
    #[default]
    Never,
    /// After about one question in three, as in a real interview.
    Sometimes,
    /// After every question that has one.
    Always,
}

impl FollowUps {
    /// Every choice with its name on the setup screen.
    pub const CHOICES: [(Self, &'static str); 3] = [
        (Self::Never, "Never"),
        (Self::Sometimes, "Sometimes"),
        (Self::Always, "Always"),
    ];

    /// The chance that a question with follow-ups gets one.
    pub fn chance(self) -> f32 {
        match self {
            Self::Never => 0.0,
            Self::Sometimes => 1.0 / 3.0,
            Self::Always => 1.0,
        }
    }
}

/// The camera: on or off (off until chosen), which one, and the picture's size and bit rate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CameraChoice {
    /// Film each answer beside its audio.
    pub on: bool,
    /// The camera's name (`None`: the first one found).
    pub device: Option<String>,
    /// Picture size and bit rate.
    pub quality: VideoQuality,
}

/// The recorded picture's size and bit rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VideoQuality {
    /// 320×240, 0.4 Mbit/s (about 6 MB for a 2-minute answer).
    Small,
    /// 640×480, 1 Mbit/s (about 15 MB for a 2-minute answer).
    #[default]
    Standard,
    /// 1280×720, 2.5 Mbit/s (about 38 MB for a 2-minute answer).
    High,
}

impl VideoQuality {
    /// Every quality, smallest first.
    pub const ALL: [Self; 3] = [Self::Small, Self::Standard, Self::High];

    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            Self::Small => "320×240, about 6 MB per 2 minutes",
            Self::Standard => "640×480, about 15 MB per 2 minutes",
            Self::High => "1280×720, about 38 MB per 2 minutes",
        }
    }

    /// How a take is recorded at this quality (30 frames a second).
    pub fn options(self) -> crate::video::RecordOptions {
        let (width, height, kbps) = match self {
            Self::Small => (320, 240, 400),
            Self::Standard => (640, 480, 1000),
            Self::High => (1280, 720, 2500),
        };
        crate::video::RecordOptions {
            width,
            height,
            fps: 30,
            kbps,
        }
    }
}

/// The interviewer's voice: on or off, and its speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VoiceChoice {
    /// Read each question aloud before its think countdown.
    pub on: bool,
    /// Words a minute (80–450).
    pub wpm: u32,
    /// Read in the neural voice when it is installed (else eSpeak NG).
    pub neural: bool,
}

impl Default for VoiceChoice {
    fn default() -> Self {
        // Off until chosen: a first session should not start talking unannounced. 160 words
        // a minute is an unhurried interviewer (eSpeak NG's own default is 175).
        Self {
            on: false,
            wpm: 160,
            neural: false,
        }
    }
}

/// The window's colours: as the system prefers, or always light or dark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the system's light/dark preference.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// How long the settings must stay unchanged before they are written.
pub const SETTLE_TIME: Duration = Duration::from_secs(1);

/// Writes the settings once they settle, not on every change (a dragged value changes each frame).
#[derive(Debug)]
pub struct SettingsSaver {
    saved: Settings,
    pending: Option<(Settings, Instant)>,
}

impl SettingsSaver {
    /// Starts from the settings as they are on disk.
    pub fn new(saved: Settings) -> Self {
        Self {
            saved,
            pending: None,
        }
    }

    /// Whether `current` differs from what was written and has stayed the same for [`SETTLE_TIME`].
    pub fn is_due(&mut self, current: &Settings, now: Instant) -> bool {
        if *current == self.saved {
            self.pending = None;
            return false;
        }
        match &self.pending {
            Some((pending, since)) if pending == current => {
                now.duration_since(*since) >= SETTLE_TIME
            }
            _ => {
                self.pending = Some((current.clone(), now));
                false
            }
        }
    }

    /// Whether `current` has changes not yet written.
    pub fn is_dirty(&self, current: &Settings) -> bool {
        *current != self.saved
    }

    /// Records that `written` is now on disk (or that writing it failed and should not be retried).
    pub fn mark_saved(&mut self, written: &Settings) {
        self.saved = written.clone();
        self.pending = None;
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            packs: vec![PackChoice {
                id: FIRST_LAUNCH_PACK.to_owned(),
                types: Vec::new(),
            }],
            question_count: 5,
            shuffled: false,
            think_seconds: None,
            answer_seconds: None,
            input_device: None,
            output_device: None,
            thresholds: Thresholds::default(),
            theme: ThemeChoice::System,
            speech_model: None,
            voice: VoiceChoice::default(),
            mode: crate::interview::Mode::default(),
            follow_ups: FollowUps::default(),
            panel_size: crate::interview::mode::PANELLISTS.len(),
            camera: CameraChoice::default(),
        }
    }
}

impl Settings {
    /// Reads `path`; a missing or unreadable file gives the defaults (the file is left as is).
    pub fn load(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes `path` atomically (temp file in the same folder, then rename).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer_pretty(&mut tmp, self)?;
        tmp.write_all(b"\n")?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// The choice for pack `id`, if it is selected.
    pub fn pack(&self, id: &str) -> Option<&PackChoice> {
        self.packs.iter().find(|p| p.id == id)
    }

    /// Selects or deselects pack `id` (all its types).
    pub fn set_pack(&mut self, id: &str, selected: bool) {
        self.packs.retain(|p| p.id != id);
        if selected {
            self.packs.push(PackChoice {
                id: id.to_owned(),
                types: Vec::new(),
            });
        }
    }

    /// Toggles `kind` within a selected pack; `all_types` are the pack's types.
    pub fn toggle_type(&mut self, id: &str, kind: QuestionType, all_types: &[QuestionType]) {
        let Some(choice) = self.packs.iter_mut().find(|p| p.id == id) else {
            return;
        };
        if choice.types.is_empty() {
            choice.types = all_types.to_vec();
        }
        if let Some(pos) = choice.types.iter().position(|t| *t == kind) {
            choice.types.remove(pos);
        } else {
            choice.types.push(kind);
            choice.types.sort();
        }
        if choice.types.is_empty() || choice.types.len() == all_types.len() {
            choice.types.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_launch_chooses_the_general_pack() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load(&dir.path().join("settings.json"));
        assert_eq!(s.packs.len(), 1);
        assert_eq!(s.packs[0].id, "general");
    }

    #[test]
    fn save_then_load_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.json");
        let mut s = Settings {
            question_count: 3,
            shuffled: true,
            answer_seconds: Some(90),
            input_device: Some("USB mic".into()),
            ..Settings::default()
        };
        s.set_pack("behavioral", true);
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
    }

    #[test]
    fn broken_file_gives_defaults_and_partial_file_keeps_known_fields() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
        std::fs::write(&path, r#"{"question_count": 8}"#).unwrap();
        let s = Settings::load(&path);
        assert_eq!(s.question_count, 8);
        assert_eq!(s.packs[0].id, "general");
    }

    #[test]
    fn a_dragged_value_is_written_once_after_it_settles() {
        let t0 = Instant::now();
        let mut current = Settings::default();
        let mut saver = SettingsSaver::new(current.clone());
        let mut writes = 0;
        // 89 frames of dragging over 3 s, then the value rests for 2 s.
        for frame in 0..=150u32 {
            let now = t0 + Duration::from_millis(u64::from(frame) * 1000 / 30);
            if frame < 89 {
                current.thresholds.pace_min_wpm = 100.0 + f64::from(frame);
            }
            if saver.is_due(&current, now) {
                writes += 1;
                saver.mark_saved(&current);
            }
        }
        assert_eq!(writes, 1);
        assert!(!saver.is_dirty(&current));
    }

    #[test]
    fn toggling_types_narrows_and_widens_the_choice() {
        use QuestionType::*;
        let mut s = Settings::default();
        let all = [General, Behavioral];
        s.toggle_type("general", Behavioral, &all);
        assert_eq!(s.pack("general").unwrap().types, vec![General]);
        s.toggle_type("general", Behavioral, &all);
        assert!(
            s.pack("general").unwrap().types.is_empty(),
            "all types again"
        );
        s.set_pack("general", false);
        assert!(s.pack("general").is_none());
    }
}
