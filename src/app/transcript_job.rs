//! A take's transcript, made while the take is recorded: a thread reads the growing WAV
//! (the writer makes its header valid every second), cuts it into pieces at the pauses the
//! speech detector finds, and transcribes each piece as it is complete, so at Stop only the
//! last piece is left to do.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::analysis::words::TimedWord;
use crate::app::Repaint;
use crate::app::worker::Worker;
use crate::session::Transcript;
use crate::transcribe::pieces::next_cut;

/// Speech to text for one piece of audio (the Whisper model; a stand-in in tests).
pub trait Transcriber: Send {
    /// The model's name, saved with each transcript ("tiny.en").
    fn model(&self) -> String;
    /// The words of `samples` (16 kHz mono), with times from their start.
    fn words(&mut self, samples: &[f32]) -> Result<Vec<TimedWord>, String>;
}

/// Makes a [`Transcriber`] on the job's thread (loading a model takes a moment).
pub type TranscriberFactory = Arc<dyn Fn() -> Result<Box<dyn Transcriber>, String> + Send + Sync>;

/// How the pieces are cut and the words joined; saved with each transcript.
pub const TRANSCRIPT_VERSION: u32 = 1;
pub use crate::transcribe::pieces::{MAX_PIECE_S, MIN_PIECE_S};
/// How often the thread looks for new audio.
const POLL: Duration = Duration::from_millis(250);
/// The rate the model hears.
const MODEL_HZ: u32 = 16_000;

/// What the job has so far, for the rate screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Partial {
    /// Words transcribed so far, times from the start of the take.
    pub words: Vec<TimedWord>,
    /// Seconds of the take transcribed.
    pub done_s: f64,
    /// Seconds of the take recorded so far.
    pub recorded_s: f64,
}

/// A take being transcribed; dropping it stops the thread and waits for it.
pub struct TranscriptJob {
    /// Session question index of the take.
    pub index: usize,
    /// Take number.
    pub take: u32,
    partial: Arc<Mutex<Partial>>,
    finishing: Arc<AtomicBool>,
    cancelled: Arc<AtomicBool>,
    worker: Worker<Result<Transcript, String>>,
}

impl TranscriptJob {
    /// Starts transcribing `wav` as it is written; `repaint` is called as words arrive.
    pub fn start(
        wav: PathBuf,
        index: usize,
        take: u32,
        transcriber: TranscriberFactory,
        repaint: Option<Repaint>,
    ) -> Self {
        let partial = Arc::new(Mutex::new(Partial::default()));
        let finishing = Arc::new(AtomicBool::new(false));
        let cancelled = Arc::new(AtomicBool::new(false));
        let run = Run {
            wav,
            partial: Arc::clone(&partial),
            finishing: Arc::clone(&finishing),
            cancelled: Arc::clone(&cancelled),
            repaint: repaint.clone(),
        };
        let name = format!("transcript q{}-{take}", index + 1);
        let worker = Worker::spawn_notifying(name, repaint, move || {
            let mut transcriber = transcriber()?;
            run.run(transcriber.as_mut())
        });
        Self {
            index,
            take,
            partial,
            finishing,
            cancelled,
            worker,
        }
    }

    /// The recording has ended and its file is complete: transcribe what is left.
    pub fn finish(&self) {
        self.finishing.store(true, Ordering::Release);
    }

    /// Whether [`TranscriptJob::finish`] was called.
    pub fn finishing(&self) -> bool {
        self.finishing.load(Ordering::Acquire)
    }

    /// The words so far.
    pub fn partial(&self) -> Partial {
        self.partial
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The transcript, once, when it is complete.
    pub fn poll(&mut self) -> Option<Result<Transcript, String>> {
        self.worker
            .finished(|| Err("the transcription stopped without a result".to_owned()))
    }
}

impl Drop for TranscriptJob {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::Release);
    }
}

/// The Whisper model file `path`, named `name`, as a [`Transcriber`] the way the window runs
/// it (see `App::use_installed_models`); loaded on the job's thread when the factory is called.
pub fn whisper(name: String, path: PathBuf) -> TranscriberFactory {
    Arc::new(move || {
        let engine = crate::transcribe::Engine::load(&path).map_err(|e| e.to_string())?;
        Ok(Box::new(Whisper {
            engine,
            name: name.clone(),
        }) as Box<dyn Transcriber>)
    })
}

/// Whisper through whisper.cpp, with the filler-keeping prompt, on one thread.
struct Whisper {
    engine: crate::transcribe::Engine,
    name: String,
}

impl Transcriber for Whisper {
    fn model(&self) -> String {
        self.name.clone()
    }

    fn words(&mut self, samples: &[f32]) -> Result<Vec<TimedWord>, String> {
        let options = crate::transcribe::Options::default();
        let heard = self
            .engine
            .transcribe(samples, &options)
            .map_err(|e| e.to_string())?;
        Ok(heard.words)
    }
}

/// Transcribes a finished WAV file in pieces, as [`TranscriptJob`] does at its end.
pub fn transcribe_file(
    wav: &Path,
    transcriber: &mut dyn Transcriber,
) -> Result<Transcript, String> {
    let run = Run {
        wav: wav.to_path_buf(),
        partial: Arc::default(),
        finishing: Arc::new(AtomicBool::new(true)),
        cancelled: Arc::default(),
        repaint: None,
    };
    run.run(transcriber)
}

struct Run {
    wav: PathBuf,
    partial: Arc<Mutex<Partial>>,
    finishing: Arc<AtomicBool>,
    cancelled: Arc<AtomicBool>,
    repaint: Option<Repaint>,
}

impl Run {
    fn run(self, transcriber: &mut dyn Transcriber) -> Result<Transcript, String> {
        let mut pending: Vec<f32> = Vec::new();
        let mut pending_start_s = 0.0;
        let mut read_frames: u64 = 0;
        let mut rate = 0;
        let mut words = Vec::new();
        loop {
            if self.cancelled.load(Ordering::Acquire) {
                return Err("cancelled".to_owned());
            }
            // Read the finishing flag before the file: audio read after it is all there is.
            let finishing = self.finishing.load(Ordering::Acquire);
            match read_from(&self.wav, read_frames) {
                Ok((hz, samples)) => {
                    rate = hz;
                    read_frames += samples.len() as u64;
                    pending.extend(samples);
                }
                // The file may not have its first header yet; at the end, that is an error.
                Err(e) if finishing => return Err(e),
                Err(_) => {}
            }
            let recorded_s = if rate > 0 {
                read_frames as f64 / f64::from(rate)
            } else {
                0.0
            };
            self.update(|p| p.recorded_s = recorded_s);
            while let Some(cut_s) = next_cut(&pending, rate, finishing) {
                if self.cancelled.load(Ordering::Acquire) {
                    return Err("cancelled".to_owned());
                }
                let cut = ((cut_s * f64::from(rate)) as usize).min(pending.len());
                let piece: Vec<f32> = pending.drain(..cut).collect();
                let heard = crate::analysis::resample::to_rate(&piece, rate, MODEL_HZ);
                let found = transcriber.words(&heard)?;
                let shifted: Vec<TimedWord> = found
                    .into_iter()
                    .map(|w| TimedWord {
                        text: w.text,
                        start_s: w.start_s + pending_start_s,
                        end_s: w.end_s + pending_start_s,
                    })
                    .collect();
                pending_start_s += cut as f64 / f64::from(rate);
                words.extend(shifted.iter().cloned());
                let done_s = pending_start_s;
                self.update(|p| {
                    p.words.extend(shifted);
                    p.done_s = done_s;
                });
                if let Some(repaint) = &self.repaint {
                    repaint();
                }
            }
            if finishing && pending.is_empty() {
                break;
            }
            if !finishing {
                std::thread::park_timeout(POLL);
            }
        }
        let text = words
            .iter()
            .map(|w| w.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Transcript {
            model: transcriber.model(),
            version: TRANSCRIPT_VERSION,
            text,
            words,
        })
    }

    fn update(&self, change: impl FnOnce(&mut Partial)) {
        change(&mut self.partial.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

/// The rate of `wav` and its samples from frame `from` to the length its header gives.
fn read_from(wav: &Path, from: u64) -> Result<(u32, Vec<f32>), String> {
    let mut reader = hound::WavReader::open(wav).map_err(|e| format!("{}: {e}", wav.display()))?;
    let spec = reader.spec();
    if spec.channels != 1 || spec.bits_per_sample != 16 {
        return Err(format!("{}: not a 16-bit mono take", wav.display()));
    }
    let frames = u64::from(reader.duration());
    if frames <= from {
        return Ok((spec.sample_rate, Vec::new()));
    }
    reader
        .seek(from as u32)
        .map_err(|e| format!("{}: {e}", wav.display()))?;
    let samples = reader
        .samples::<i16>()
        .take((frames - from) as usize)
        .map(|s| s.map(|s| f32::from(s) / 32768.0))
        .collect::<Result<Vec<f32>, _>>()
        .map_err(|e| format!("{}: {e}", wav.display()))?;
    Ok((spec.sample_rate, samples))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in model: one word a second of audio it hears, "w0", "w1", ...
    struct Counting {
        calls: Arc<Mutex<Vec<f64>>>,
    }

    impl Transcriber for Counting {
        fn model(&self) -> String {
            "counting".to_owned()
        }
        fn words(&mut self, samples: &[f32]) -> Result<Vec<TimedWord>, String> {
            let seconds = samples.len() as f64 / f64::from(MODEL_HZ);
            self.calls.lock().unwrap().push(seconds);
            Ok((0..seconds.floor() as usize)
                .map(|i| TimedWord {
                    text: format!("w{i}"),
                    start_s: i as f64,
                    end_s: i as f64 + 0.5,
                })
                .collect())
        }
    }

    /// Bursts of a voice-like tone, `speak` s each, with `gap` s of quiet room noise between.
    fn speech_like(rate: u32, seconds: f64, speak: f64, gap: f64) -> Vec<i16> {
        let mut noise = fastrand::Rng::with_seed(7);
        (0..(seconds * f64::from(rate)) as usize)
            .map(|i| {
                let t = i as f64 / f64::from(rate);
                let room = (noise.f64() - 0.5) * 60.0;
                let on = t % (speak + gap) < speak;
                let voice = if on {
                    ((t * 180.0 * std::f64::consts::TAU).sin()
                        + 0.5 * (t * 360.0 * std::f64::consts::TAU).sin())
                        * 6000.0
                        * (0.6 + 0.4 * (t * 4.0 * std::f64::consts::TAU).sin().abs())
                } else {
                    0.0
                };
                (room + voice) as i16
            })
            .collect()
    }

    #[test]
    fn a_growing_take_is_transcribed_in_pieces_and_the_rest_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("q01.wav");
        let rate = 16_000;
        let audio = speech_like(rate, 40.0, 3.0, 0.8);
        // The writer's way: a header made valid as the file grows.
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&wav, spec).unwrap();
        let calls = Arc::new(Mutex::new(Vec::new()));
        let factory_calls = Arc::clone(&calls);
        let factory: TranscriberFactory = Arc::new(move || {
            Ok(Box::new(Counting {
                calls: Arc::clone(&factory_calls),
            }) as Box<dyn Transcriber>)
        });
        let mut job = TranscriptJob::start(wav.clone(), 0, 1, factory, None);
        for second in audio.chunks(rate as usize) {
            for &s in second {
                writer.write_sample(s).unwrap();
            }
            writer.flush().unwrap();
        }
        // Pieces come while "recording" goes on.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while job.partial().done_s < MIN_PIECE_S && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(job.partial().done_s >= MIN_PIECE_S, "{:?}", job.partial());
        writer.finalize().unwrap();
        job.finish();
        let transcript = loop {
            if let Some(done) = job.poll() {
                break done.unwrap();
            }
            assert!(std::time::Instant::now() < deadline, "no transcript");
            std::thread::sleep(Duration::from_millis(20));
        };
        let pieces = calls.lock().unwrap().clone();
        assert!(pieces.len() >= 2, "{pieces:?}");
        assert!(
            (pieces.iter().sum::<f64>() - 40.0).abs() < 0.01,
            "{pieces:?}"
        );
        // Pauses at 3.0-3.8 s, 6.8-7.6 s, 10.6-11.4 s...: the first piece ends at 11.0 s.
        assert!((pieces[0] - 11.0).abs() < 0.2, "{pieces:?}");
        for piece in &pieces[..pieces.len() - 1] {
            assert!((MIN_PIECE_S..=MAX_PIECE_S).contains(piece), "{pieces:?}");
        }
        // Word times run from the start of the take, in order.
        assert_eq!(transcript.model, "counting");
        assert_eq!(transcript.version, TRANSCRIPT_VERSION);
        let starts: Vec<f64> = transcript.words.iter().map(|w| w.start_s).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
        assert!(*starts.last().unwrap() > 35.0, "{starts:?}");
        assert!(transcript.text.starts_with("w0 w1 "), "{}", transcript.text);
    }

    #[test]
    fn a_missing_file_at_the_end_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let factory: TranscriberFactory = Arc::new(|| {
            Ok(Box::new(Counting {
                calls: Arc::default(),
            }) as Box<dyn Transcriber>)
        });
        let mut job = TranscriptJob::start(dir.path().join("none.wav"), 0, 1, factory, None);
        job.finish();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let result = loop {
            if let Some(done) = job.poll() {
                break done;
            }
            assert!(std::time::Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(result.unwrap_err().contains("none.wav"));
    }
}
