//! The data folder's lock and the sessions a crash, a kill or a full disk left unfinished:
//! the prompt's list, Resume / Finish / Abandon, and the metrics and transcripts recovered
//! takes never got.

use std::path::{Path, PathBuf};

use super::analysis_job::{AnalysisJob, Finished, take_finished};
use super::rehearsal::Rehearsal;
use super::transcript_job::{TRANSCRIPT_VERSION, TranscriberFactory, TranscriptJob};
use super::{App, RecoveryChoice, Screen};
use crate::analysis::Metrics;
use crate::data_dir::{DataDir, DataLock, LockError};
use crate::session::{Interruption, Session, SessionStore, SessionSummary};

/// A session offered for recovery, with why it was left unfinished.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfinished {
    /// The session as found on disk.
    pub summary: SessionSummary,
    /// Why it did not end normally.
    pub reason: Interruption,
}

/// Who may write the data folder, what to recover, and the analyses recovery started.
pub struct Recovery {
    _lock: Option<DataLock>,
    read_only: Option<String>,
    /// Sessions to offer in the prompt.
    pub sessions: Vec<Unfinished>,
    jobs: Vec<(PathBuf, AnalysisJob)>,
    /// Transcripts of recovered takes; dropped (stopped) if the window closes first.
    transcripts: Vec<(PathBuf, TranscriptJob)>,
}

impl Recovery {
    /// Takes the data folder's lock. Without it (another window holds it) the store is
    /// read-only, nothing is offered for recovery (the other window's live session would look
    /// unfinished), and the returned message says so.
    pub fn open(data_dir: &DataDir) -> (Self, SessionStore) {
        let (lock, read_only) = match data_dir.lock() {
            Ok(lock) => (Some(lock), None),
            Err(LockError::Held { pid }) => {
                let who = pid.map_or_else(
                    || "Another Rehearse window".to_owned(),
                    |pid| format!("Another Rehearse window (process {pid})"),
                );
                (
                    None,
                    Some(format!(
                        "{who} is using this data folder, so this window is read-only: you can \
                         review sessions, but not record or change them. Close the other window \
                         and start Rehearse again to record."
                    )),
                )
            }
            Err(e) => {
                // No lock file (a read-only medium, say): nobody else can write here either.
                eprintln!("rehearse: could not lock the data folder: {e}");
                (None, None)
            }
        };
        let store = if read_only.is_some() {
            SessionStore::read_only(data_dir.sessions())
        } else {
            SessionStore::new(data_dir.sessions())
        };
        let sessions = if read_only.is_some() {
            Vec::new()
        } else {
            store
                .in_progress()
                .into_iter()
                .map(|summary| Unfinished {
                    reason: store.interruption(&summary.dir, &summary.session),
                    summary,
                })
                .collect()
        };
        if let Some(why) = &read_only {
            eprintln!("rehearse: read-only: {why}");
        }
        for s in &sessions {
            // For logs and scripted fault trials: what the prompt offers, and why.
            eprintln!(
                "rehearse: offering unfinished session {} for recovery ({:?})",
                s.summary.dir.display(),
                s.reason
            );
        }
        let recovery = Self {
            _lock: lock,
            read_only,
            sessions,
            jobs: Vec::new(),
            transcripts: Vec::new(),
        };
        (recovery, store)
    }

    /// Why this window may not record or change sessions, if it may not.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Whether recovered takes are still being analysed or transcribed.
    pub fn is_busy(&self) -> bool {
        !self.jobs.is_empty() || !self.transcripts.is_empty()
    }

    /// Transcribes take `number` of question `index` of the session in `dir` from `wav`.
    pub fn transcribe(
        &mut self,
        (dir, wav): (PathBuf, PathBuf),
        (index, number): (usize, u32),
        transcriber: TranscriberFactory,
        repaint: Option<super::Repaint>,
    ) {
        let job = TranscriptJob::start(wav, index, number, transcriber, repaint);
        job.finish();
        self.transcripts.push((dir, job));
    }

    /// Saves finished transcripts into their sessions.
    fn poll_transcripts(&mut self, store: &SessionStore) {
        self.transcripts.retain_mut(|(dir, job)| {
            let Some(result) = job.poll() else {
                return true;
            };
            let saved = result.map_err(|e| e.to_string()).and_then(|transcript| {
                let mut session = store.load(dir).map_err(|e| e.to_string())?;
                if let Some(take) = session.take_mut(job.index, job.take) {
                    take.transcript = Some(transcript);
                }
                store.save(dir, &session).map_err(|e| e.to_string())
            });
            if let Err(e) = saved {
                eprintln!("rehearse: could not transcribe a recovered take: {e}");
            }
            false
        });
    }

    /// Saves the metrics of finished analyses into their sessions; `wait` blocks until all
    /// are done (at shutdown).
    pub fn poll(&mut self, store: &SessionStore, wait: bool) {
        self.poll_transcripts(store);
        loop {
            for Finished {
                dir,
                index,
                take: number,
                result,
            } in take_finished(&mut self.jobs)
            {
                let Ok(metrics) = result else { continue };
                let saved = store.load(&dir).and_then(|mut session| {
                    if let Some(take) = session.take_mut(index, number) {
                        take.metrics = Some(metrics);
                    }
                    store.save(&dir, &session)
                });
                if let Err(e) = saved {
                    eprintln!("rehearse: could not save recovered metrics: {e}");
                }
            }
            if !wait || self.jobs.is_empty() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

/// Takes of `session` with audio but no transcript, or one made by an older
/// [`TRANSCRIPT_VERSION`]: (question index, take, WAV path).
pub fn missing_transcripts(dir: &Path, session: &Session) -> Vec<(usize, u32, PathBuf)> {
    session
        .questions
        .iter()
        .enumerate()
        .flat_map(|(index, q)| q.takes.iter().map(move |t| (index, t)))
        .filter(|(_, t)| {
            t.audio_s > 0.0
                && t.transcript
                    .as_ref()
                    .is_none_or(|x| x.version != TRANSCRIPT_VERSION)
        })
        .filter_map(|(index, t)| Some((index, t.number, dir.join(t.wav.as_ref()?))))
        .collect()
}

/// Takes of `session` with audio but no delivery metrics, or metrics from an older
/// [`crate::analysis::ALGORITHM_VERSION`]: (question index, take, WAV path).
pub fn missing_metrics(dir: &Path, session: &Session) -> Vec<(usize, u32, PathBuf)> {
    session
        .questions
        .iter()
        .enumerate()
        .flat_map(|(index, q)| q.takes.iter().map(move |t| (index, t)))
        .filter(|(_, t)| t.audio_s > 0.0 && !t.metrics.as_ref().is_some_and(Metrics::is_current))
        .filter_map(|(index, t)| Some((index, t.number, dir.join(t.wav.as_ref()?))))
        .collect()
}

impl App {
    /// The sessions offered for recovery.
    pub fn unfinished(&self) -> &[Unfinished] {
        &self.recovery.sessions
    }

    /// Why this window may not record or change sessions (another window holds the folder).
    pub fn read_only(&self) -> Option<&str> {
        self.recovery.read_only()
    }

    /// Answers the recovery prompt for the session in `dir`.
    pub(super) fn recover(&mut self, dir: PathBuf, choice: RecoveryChoice) {
        let now = self.clock.now();
        self.recovery.sessions.retain(|s| s.summary.dir != dir);
        let result = match choice {
            RecoveryChoice::Resume | RecoveryChoice::Finish => {
                self.store.recover(&dir, choice == RecoveryChoice::Finish)
            }
            RecoveryChoice::Abandon => self.store.abandon(&dir),
        };
        let session = match result {
            Ok(s) => s,
            Err(e) => {
                eprintln!("rehearse: recovery of {} failed: {e}", dir.display());
                self.message = Some(
                    "The session could not be recovered; its files are kept as they are. \
                     Check that the data folder can be written, then start Rehearse again."
                        .to_owned(),
                );
                return;
            }
        };
        let missing = missing_metrics(&dir, &session);
        let untranscribed = match &self.transcriber {
            Some(_) => missing_transcripts(&dir, &session),
            None => Vec::new(),
        };
        if choice == RecoveryChoice::Resume && self.rehearsal.is_none() {
            let packs: Vec<_> = self.packs.library.packs.iter().map(|p| &p.pack).collect();
            if let Some(mut r) = Rehearsal::resume(dir.clone(), session, &packs, now) {
                for (index, number, wav) in missing {
                    r.analyse(wav, index, number, self.repaint.clone());
                }
                if let Some(transcriber) = &self.transcriber {
                    for (index, number, wav) in untranscribed {
                        r.transcribe(
                            wav,
                            index,
                            number,
                            transcriber.clone(),
                            self.repaint.clone(),
                        );
                    }
                }
                self.monitor = None;
                self.give_voice(&mut r);
                self.rehearsal = Some(r);
                self.go(Screen::Rehearsal);
                return;
            }
            // Every question was rated: nothing left to ask, so finish it.
            if let Err(e) = self.store.recover(&dir, true) {
                eprintln!("rehearse: could not finish {}: {e}", dir.display());
            }
            self.message =
                Some("Every question was already rated; the session is complete.".to_owned());
        } else {
            self.message = Some(match choice {
                RecoveryChoice::Abandon => "The session was marked abandoned.".to_owned(),
                _ => "The session was recovered and marked complete.".to_owned(),
            });
        }
        for (index, number, wav) in missing {
            let job = AnalysisJob::spawn(wav, index, number, self.repaint.clone());
            self.recovery.jobs.push((dir.clone(), job));
        }
        if let Some(transcriber) = &self.transcriber {
            for (index, number, wav) in untranscribed {
                self.recovery.transcribe(
                    (dir.clone(), wav),
                    (index, number),
                    transcriber.clone(),
                    self.repaint.clone(),
                );
            }
        }
    }
}
