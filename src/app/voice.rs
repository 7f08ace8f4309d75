//! The interviewer's voice in a rehearsal: every question spoken into a WAV when the session
//! starts (eSpeak NG takes a few milliseconds a question, the neural voice about a fifth of
//! the question's length), so the interview knows how long each is asked for, then played on
//! the default output before its think countdown.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::audio::neural_voice::NeuralVoice;
use crate::audio::voice::{DEFAULT_VOICE, Speech, speak};
use crate::audio::{AudioBackend, Playback};
use crate::interview::PlannedQuestion;
use crate::interview::mode::PANELLISTS;

/// The folder, in the data folder, holding the running session's spoken questions.
pub const VOICE_FOLDER: &str = "voice";

/// What the voice sample on the setup screen asks.
pub const SAMPLE_QUESTION: &str = "Tell me about a time you had to learn something new quickly.";

/// The neural voice once loaded (about a second), kept for the next session, with its folder.
static NEURAL: Mutex<Option<(PathBuf, NeuralVoice)>> = Mutex::new(None);

/// Loads the neural voice installed in `dir` on a thread of its own, so that the first
/// question spoken in it does not wait for the load (about a second); an error is left for
/// that question to report.
pub fn preload_neural(dir: PathBuf) {
    std::thread::spawn(move || {
        let mut loaded = NEURAL.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = neural(&mut loaded, &dir);
    });
}

/// Speaks `text` in the neural voice installed in `dir`, loading it on first use.
fn speak_neural(dir: &Path, text: &str, wpm: u32) -> Result<Speech, String> {
    let mut loaded = NEURAL.lock().unwrap_or_else(PoisonError::into_inner);
    neural(&mut loaded, dir)?
        .speak(text, wpm)
        .map_err(|e| e.to_string())
}

/// The neural voice of `dir`, loaded into `loaded` unless it is there.
fn neural<'a>(
    loaded: &'a mut Option<(PathBuf, NeuralVoice)>,
    dir: &Path,
) -> Result<&'a mut NeuralVoice, String> {
    if loaded.as_ref().is_none_or(|(folder, _)| folder != dir) {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        let voice = NeuralVoice::load(dir, threads).map_err(|e| e.to_string())?;
        *loaded = Some((dir.to_path_buf(), voice));
    }
    loaded
        .as_mut()
        .map(|(_, voice)| voice)
        .ok_or_else(|| "the neural voice did not load".to_owned())
}

/// The questions of a rehearsal, spoken.
pub struct Voice {
    /// Each question's recording, in interview order.
    wavs: Vec<PathBuf>,
    /// How long each takes to ask.
    lengths: Vec<Duration>,
    /// The question being asked now.
    playing: Option<Box<dyn Playback>>,
}

impl Voice {
    /// Speaks every question at `wpm` words a minute into `folder` (its old files replaced),
    /// each in the voice of the panellist who asks it; the interviewer's own questions in the
    /// neural voice installed in `neural` when given (the panellists keep their eSpeak NG
    /// voices: the neural model has one speaker).
    pub fn prepare(
        questions: &[PlannedQuestion],
        wpm: u32,
        folder: &Path,
        neural: Option<&Path>,
    ) -> Result<Self, String> {
        let _ = std::fs::remove_dir_all(folder);
        std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
        let mut wavs = Vec::with_capacity(questions.len());
        let mut lengths = Vec::with_capacity(questions.len());
        for (i, q) in questions.iter().enumerate() {
            let panellist = q.asked_by.and_then(|p| PANELLISTS.get(p));
            let speech = match (panellist, neural) {
                (None, Some(dir)) => speak_neural(dir, &q.question.text, wpm)?,
                _ => speak(
                    &q.question.text,
                    wpm,
                    panellist.map_or(DEFAULT_VOICE, |p| p.voice),
                )
                .map_err(|e| e.to_string())?,
            };
            let wav = folder.join(format!("q{:02}.wav", i + 1));
            crate::wav::write_i16_mono(&wav, speech.sample_rate, speech.samples.iter().copied())
                .map_err(|e| e.to_string())?;
            lengths.push(Duration::from_secs_f64(speech.duration_s()));
            wavs.push(wav);
        }
        Ok(Self {
            wavs,
            lengths,
            playing: None,
        })
    }

    /// One question to hear the voice by, spoken at `wpm` into `folder` (in the neural voice
    /// installed in `neural` when given).
    pub fn sample(wpm: u32, folder: &Path, neural: Option<&Path>) -> Result<Self, String> {
        let question = PlannedQuestion {
            pack_id: String::new(),
            question: crate::pack::Question::new(
                "sample",
                SAMPLE_QUESTION,
                crate::pack::QuestionType::General,
            ),
            timings: crate::pack::Timings {
                think_seconds: 0,
                answer_seconds: 60,
            },
            follow_up: false,
            asked_by: None,
        };
        Self::prepare(&[question], wpm, folder, neural)
    }

    /// How long each question takes to ask, in interview order.
    pub fn lengths(&self) -> Vec<Duration> {
        self.lengths.clone()
    }

    /// Plays question `index` through `audio` (a question already playing stops); the reason
    /// when the output cannot play it (the session goes on, silently).
    pub fn ask(&mut self, index: usize, audio: &dyn AudioBackend) -> Result<(), String> {
        self.playing = None;
        let Some(wav) = self.wavs.get(index) else {
            return Ok(());
        };
        let mut playback = audio.open_playback(wav).map_err(|e| e.to_string())?;
        playback.play();
        self.playing = Some(playback);
        Ok(())
    }

    /// Questions `index..index + count` were put off to the end: so are their recordings.
    pub fn defer(&mut self, index: usize, count: usize) {
        if index + count <= self.wavs.len() {
            self.wavs[index..].rotate_left(count);
            self.lengths[index..].rotate_left(count);
        }
    }

    /// Stops the question being asked (the answer has started).
    pub fn stop(&mut self) {
        self.playing = None;
    }
}
