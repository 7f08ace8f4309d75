//! Transcripts made while review is open: takes of an opened session that have audio but no
//! transcript (the window closed while one was being made, or the take was recorded before a
//! model was installed), and the transcripts a finished rehearsal was still making when the
//! user left it. Each is saved into its session when ready, and shown if the session is open.

use std::path::Path;

use crate::app::log::log_error;
use crate::app::recovery::missing_transcripts;
use crate::app::transcript_job::{Partial, TranscriberFactory, TranscriptJob};

use super::Review;

impl Review {
    /// Transcribes takes with `transcriber` (`None`: transcripts off).
    pub fn set_transcriber(&mut self, transcriber: Option<TranscriberFactory>) {
        self.transcriber = transcriber;
    }

    /// Wakes the window through `repaint` as transcribed words arrive.
    pub fn set_repaint(&mut self, repaint: crate::app::Repaint) {
        self.repaint = Some(repaint);
    }

    /// Takes over a rehearsal's transcript jobs for the session in `dir`: those of finished
    /// recordings run on and are saved here; any other is dropped (it is cancelled).
    pub fn adopt_transcripts(&mut self, dir: &Path, jobs: Vec<TranscriptJob>) {
        let finishing = jobs.into_iter().filter(TranscriptJob::finishing);
        self.transcripts
            .extend(finishing.map(|job| (dir.to_path_buf(), job)));
    }

    /// Starts transcribing the opened session's takes that lack a transcript, where a model
    /// is installed and this window may change sessions.
    pub(super) fn start_transcripts(&mut self) {
        let (Some(opened), Some(transcriber)) = (&self.opened, &self.transcriber) else {
            return;
        };
        if !self.store.is_writable() {
            return;
        }
        for (index, take, wav) in missing_transcripts(&opened.dir, &opened.session) {
            let running = self
                .transcripts
                .iter()
                .any(|(dir, job)| *dir == opened.dir && job.index == index && job.take == take);
            if !running && wav.is_file() {
                let job = TranscriptJob::start(
                    wav,
                    index,
                    take,
                    transcriber.clone(),
                    self.repaint.clone(),
                );
                job.finish();
                self.transcripts.push((opened.dir.clone(), job));
            }
        }
    }

    /// Saves finished transcripts into their sessions and shows them if the session is open.
    pub(super) fn poll_transcripts(&mut self) {
        let mut done = Vec::new();
        self.transcripts.retain_mut(|(dir, job)| match job.poll() {
            Some(result) => {
                done.push((dir.clone(), job.index, job.take, result));
                false
            }
            None => true,
        });
        for (dir, index, number, result) in done {
            match result {
                Ok(transcript) => self.update_take(&dir, (index, number), "a transcript", |take| {
                    take.transcript = Some(transcript.clone());
                }),
                Err(e) => log_error(&self.data_dir, "transcribing a take", &e),
            }
        }
    }

    /// How far the transcript of take `take` of question `question` of the opened session
    /// has come, while it is being made.
    pub fn transcribing(&self, question: usize, take: u32) -> Option<Partial> {
        let opened = self.opened.as_ref()?;
        self.transcripts
            .iter()
            .find(|(dir, job)| *dir == opened.dir && job.index == question && job.take == take)
            .map(|(_, job)| job.partial())
    }

    /// Whether transcripts are being made.
    pub fn is_transcribing(&self) -> bool {
        !self.transcripts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use crate::analysis::words::TimedWord;
    use crate::app::review::Review;
    use crate::app::review::tests::one_recorded_take;
    use crate::app::transcript_job::{Transcriber, TranscriberFactory};
    use crate::data_dir::DataDir;
    use crate::session::{SessionStatus, SessionStore};

    /// A stand-in model that hears "so um yes" in any audio.
    struct SoUmYes;

    impl Transcriber for SoUmYes {
        fn model(&self) -> String {
            "so-um-yes".to_owned()
        }
        fn words(&mut self, _: &[f32]) -> Result<Vec<TimedWord>, String> {
            Ok(["so", "um", "yes"]
                .iter()
                .enumerate()
                .map(|(i, w)| TimedWord {
                    text: (*w).to_owned(),
                    start_s: i as f64 * 0.5,
                    end_s: i as f64 * 0.5 + 0.4,
                })
                .collect())
        }
    }

    fn so_um_yes() -> TranscriberFactory {
        Arc::new(|| Ok(Box::new(SoUmYes) as Box<dyn Transcriber>))
    }

    /// A complete session whose one take has a 3 s recording and no transcript.
    fn untranscribed() -> (tempfile::TempDir, DataDir, std::path::PathBuf) {
        one_recorded_take(|session, _| session.status = SessionStatus::Complete)
    }

    fn settle(review: &mut Review) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while review.is_busy() {
            assert!(Instant::now() < deadline, "the take was never transcribed");
            std::thread::sleep(Duration::from_millis(5));
            review.logic();
        }
    }

    #[test]
    fn opening_a_session_transcribes_takes_without_a_transcript_and_saves_them() {
        let (_root, data, dir) = untranscribed();
        let mut review = Review::new(&data);
        review.set_transcriber(Some(so_um_yes()));
        review.open(dir.clone());
        assert!(review.is_transcribing());
        assert!(review.transcribing(0, 1).is_some(), "its progress is shown");
        settle(&mut review);
        let shown = &review.opened().unwrap().session.questions[0].takes[0];
        assert_eq!(shown.transcript.as_ref().unwrap().text, "so um yes");
        let saved = SessionStore::new(data.sessions()).load(&dir).unwrap();
        let saved = saved.questions[0].takes[0].transcript.as_ref().unwrap();
        assert_eq!((saved.model.as_str(), saved.words.len()), ("so-um-yes", 3));

        // Opened again, it is not transcribed again.
        review.open(dir);
        assert!(!review.is_transcribing());
    }

    #[test]
    fn without_a_model_or_in_a_read_only_window_nothing_is_transcribed() {
        let (_root, data, dir) = untranscribed();
        let mut review = Review::new(&data);
        review.open(dir.clone());
        assert!(!review.is_transcribing(), "no model");
        let store = SessionStore::read_only(data.sessions());
        let mut review = Review::with_store(&data, store);
        review.set_transcriber(Some(so_um_yes()));
        review.open(dir);
        assert!(!review.is_transcribing(), "a second window changes nothing");
    }
}
