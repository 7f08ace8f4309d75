//! The interviewer's voice: eSpeak NG (Debian's `libespeak-ng1`, linked through the few
//! functions below) speaks a question into a buffer, offline.
//!
//! No binding crate: `espeakng-sys` runs bindgen at build time, which needs `libclang-dev`
//! (240 MB) on every machine that builds Rehearse, for six functions. eSpeak NG keeps one
//! global synthesiser, so every call holds [`ENGINE`].

use std::ffi::{CString, c_char, c_int, c_short, c_uint, c_void};
use std::sync::{Mutex, PoisonError};

/// The slowest speed eSpeak NG speaks, words per minute.
pub const MIN_WPM: u32 = 80;
/// The fastest.
pub const MAX_WPM: u32 = 450;
/// Its usual speed.
pub const NORMAL_WPM: u32 = 175;

/// Speech as 16-bit mono samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// The samples.
    pub samples: Vec<i16>,
    /// Samples per second (22 050 for eSpeak NG's voices).
    pub sample_rate: u32,
}

impl Speech {
    /// How long it plays, seconds.
    pub fn duration_s(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.sample_rate)
    }
}

/// Why the voice could not speak.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VoiceError {
    /// The library did not start (its data files are missing, say).
    #[error("the voice could not start: eSpeak NG's data was not found (install espeak-ng-data)")]
    NoEngine,
    /// The library refused the text or a setting.
    #[error("the voice could not speak this text (eSpeak NG error {0})")]
    Refused(c_int),
}

/// The voice questions are asked in unless another is named: eSpeak NG's English.
pub const DEFAULT_VOICE: &str = "en";

/// Speaks `text` at `wpm` words per minute (clamped to [`MIN_WPM`]..=[`MAX_WPM`]) in eSpeak
/// NG's `voice` (a language, optionally with a variant: `en-us+f3`).
pub fn speak(text: &str, wpm: u32, voice: &str) -> Result<Speech, VoiceError> {
    let mut engine = ENGINE.lock().unwrap_or_else(PoisonError::into_inner);
    let sample_rate = start(&mut engine)?;
    let text = CString::new(text.replace('\0', " ")).unwrap_or_default();
    let voice = CString::new(voice.replace('\0', "")).unwrap_or_default();
    let wpm = wpm.clamp(MIN_WPM, MAX_WPM) as c_int;
    SPOKEN
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clear();
    // SAFETY: under ENGINE; `text` and `voice` are NUL-terminated and outlive the synchronous
    // calls.
    let status = unsafe {
        let set = match espeak_SetVoiceByName(voice.as_ptr()) {
            EE_OK => espeak_SetParameter(ESPEAK_RATE, wpm, 0),
            refused => refused,
        };
        if set != EE_OK {
            set
        } else {
            espeak_Synth(
                text.as_ptr().cast(),
                text.as_bytes_with_nul().len(),
                0,
                POS_CHARACTER,
                0,
                ESPEAK_CHARS_UTF8,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        }
    };
    let samples = std::mem::take(&mut *SPOKEN.lock().unwrap_or_else(PoisonError::into_inner));
    if status != EE_OK {
        return Err(VoiceError::Refused(status));
    }
    Ok(Speech {
        samples,
        sample_rate,
    })
}

/// Starts the synthesiser once (the caller holds [`ENGINE`]): its sample rate.
fn start(engine: &mut Option<u32>) -> Result<u32, VoiceError> {
    if let Some(rate) = *engine {
        return Ok(rate);
    }
    // SAFETY: called under ENGINE; a null path means the default data folder.
    let rate = unsafe { espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, std::ptr::null(), 0) };
    if rate <= 0 {
        return Err(VoiceError::NoEngine);
    }
    // SAFETY: `collect` matches t_espeak_callback and lives for the program.
    unsafe { espeak_SetSynthCallback(collect) };
    *engine = Some(rate as u32);
    Ok(rate as u32)
}

/// The IPA phonemes of `text` in eSpeak NG's `voice`, one string per clause (eSpeak NG
/// splits at punctuation, which it drops), words separated by spaces: what Piper voices read.
pub fn phonemes(text: &str, voice: &str) -> Result<Vec<String>, VoiceError> {
    let mut engine = ENGINE.lock().unwrap_or_else(PoisonError::into_inner);
    start(&mut engine)?;
    let text = CString::new(text.replace('\0', " ")).unwrap_or_default();
    let voice = CString::new(voice.replace('\0', "")).unwrap_or_default();
    // SAFETY: under ENGINE; `voice` is NUL-terminated.
    let set = unsafe { espeak_SetVoiceByName(voice.as_ptr()) };
    if set != EE_OK {
        return Err(VoiceError::Refused(set));
    }
    let mut clauses = Vec::new();
    let mut next: *const c_void = text.as_ptr().cast();
    while !next.is_null() {
        // SAFETY: under ENGINE; `next` points into `text` (NUL-terminated, alive here), and
        // eSpeak NG moves it past the clause it converted, or sets it to null at the end. The
        // result is its own buffer, valid until the next call, so it is copied at once.
        let clause = unsafe {
            let out = espeak_TextToPhonemes(&mut next, ESPEAK_CHARS_UTF8 as c_int, PHONEMES_IPA);
            if out.is_null() {
                break;
            }
            std::ffi::CStr::from_ptr(out).to_string_lossy().into_owned()
        };
        let clause = clause.trim();
        if !clause.is_empty() {
            clauses.push(clause.to_string());
        }
    }
    Ok(clauses)
}

/// The synthesiser's sample rate once started; `None` before the first [`speak`].
static ENGINE: Mutex<Option<u32>> = Mutex::new(None);
/// The samples of the text being spoken, filled by [`collect`].
static SPOKEN: Mutex<Vec<i16>> = Mutex::new(Vec::new());

/// eSpeak NG hands over each block of speech here; 0 asks it to go on.
extern "C" fn collect(wav: *mut c_short, count: c_int, _events: *mut c_void) -> c_int {
    if !wav.is_null() && count > 0 {
        // SAFETY: eSpeak NG passes `count` valid samples at `wav` for the call's length.
        let block = unsafe { std::slice::from_raw_parts(wav, count as usize) };
        SPOKEN
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(block);
    }
    0
}

// The subset of eSpeak NG's speak_lib.h (1.51) used here.
const AUDIO_OUTPUT_SYNCHRONOUS: c_int = 2;
const ESPEAK_RATE: c_int = 1;
const POS_CHARACTER: c_int = 1;
const ESPEAK_CHARS_UTF8: c_uint = 1;
const EE_OK: c_int = 0;
/// `espeakPHONEMES_IPA`: phonemes as IPA characters in UTF-8.
const PHONEMES_IPA: c_int = 0x02;

type SynthCallback = extern "C" fn(*mut c_short, c_int, *mut c_void) -> c_int;

#[link(name = "espeak-ng")]
unsafe extern "C" {
    fn espeak_Initialize(
        output: c_int,
        buflength: c_int,
        path: *const c_char,
        options: c_int,
    ) -> c_int;
    fn espeak_SetSynthCallback(callback: SynthCallback);
    fn espeak_SetVoiceByName(name: *const c_char) -> c_int;
    fn espeak_SetParameter(parameter: c_int, value: c_int, relative: c_int) -> c_int;
    fn espeak_TextToPhonemes(
        textptr: *mut *const c_void,
        textmode: c_int,
        phonememode: c_int,
    ) -> *const c_char;
    fn espeak_Synth(
        text: *const c_void,
        size: usize,
        position: c_uint,
        position_type: c_int,
        end_position: c_uint,
        flags: c_uint,
        unique_identifier: *mut c_uint,
        user_data: *mut c_void,
    ) -> c_int;
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUESTION: &str = "Tell me about a time you disagreed with a colleague.";

    #[test]
    fn a_question_is_spoken_into_a_buffer_of_its_expected_length() {
        let speech = speak(QUESTION, NORMAL_WPM, DEFAULT_VOICE).unwrap();
        assert_eq!(speech.sample_rate, 22_050);
        // 9 words at 175 a minute is about 3.1 s of speech, plus eSpeak's pauses.
        let s = speech.duration_s();
        assert!((2.3..4.5).contains(&s), "{s:.2} s");
        let peak = speech
            .samples
            .iter()
            .map(|v| v.unsigned_abs())
            .max()
            .unwrap();
        assert!(peak > 3000, "audible: peak {peak}");
    }

    #[test]
    fn a_question_becomes_ipa_phonemes_clause_by_clause() {
        let clauses = phonemes("Hello there, how are you?", "en-us").unwrap();
        assert_eq!(clauses.len(), 2, "{clauses:?}");
        assert!(
            clauses[0].contains('h') && clauses[0].contains('ˈ'),
            "{clauses:?}"
        );
        assert!(clauses[1].contains(' '), "words apart: {clauses:?}");
        assert!(phonemes("", "en-us").unwrap().is_empty());
    }

    #[test]
    fn slower_speech_lasts_longer_and_speeds_are_clamped() {
        let normal = speak(QUESTION, NORMAL_WPM, DEFAULT_VOICE)
            .unwrap()
            .duration_s();
        let slow = speak(QUESTION, 120, DEFAULT_VOICE).unwrap().duration_s();
        let ratio = slow / normal;
        assert!(
            (1.25..1.7).contains(&ratio),
            "120 against 175 wpm: ×{ratio:.2}"
        );
        // (eSpeak NG's lengths vary by a few milliseconds from call to call.)
        let too_slow = speak(QUESTION, 10, DEFAULT_VOICE).unwrap().duration_s();
        let slowest = speak(QUESTION, MIN_WPM, DEFAULT_VOICE)
            .unwrap()
            .duration_s();
        assert!(
            (too_slow / slowest - 1.0).abs() < 0.02,
            "{too_slow:.2} against {slowest:.2} s"
        );
    }

    #[test]
    fn speaking_from_several_threads_keeps_each_text_whole() {
        let alone = speak(QUESTION, NORMAL_WPM, DEFAULT_VOICE)
            .unwrap()
            .duration_s();
        let together: Vec<f64> = std::thread::scope(|s| {
            let runs: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        speak(QUESTION, NORMAL_WPM, DEFAULT_VOICE)
                            .unwrap()
                            .duration_s()
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        // Interleaved blocks would make some longer and some shorter than the text alone.
        for s in together {
            assert!(
                (s / alone - 1.0).abs() < 0.02,
                "{s:.3} against {alone:.3} s"
            );
        }
    }

    #[test]
    fn the_panel_voices_differ_in_pitch_and_an_unknown_voice_is_refused() {
        use crate::interview::mode::PANELLISTS;
        let pitches: Vec<f64> = PANELLISTS
            .iter()
            .map(|p| {
                let speech = speak(QUESTION, NORMAL_WPM, p.voice).unwrap();
                let samples: Vec<f32> = speech
                    .samples
                    .iter()
                    .map(|&v| f32::from(v) / 32768.0)
                    .collect();
                crate::analysis::analyze_samples(&samples, speech.sample_rate)
                    .pitch_median_hz
                    .expect("voiced")
            })
            .collect();
        for (i, a) in pitches.iter().enumerate() {
            for b in &pitches[..i] {
                assert!((a / b - 1.0).abs() > 0.08, "{pitches:?}");
            }
        }
        assert!(matches!(
            speak(QUESTION, NORMAL_WPM, "no-such-voice"),
            Err(VoiceError::Refused(_))
        ));
    }
}
