//! Recovery of sessions that a crash, a kill or a full disk left `in_progress`.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::model::{SESSION_FORMAT_VERSION, Session, SessionStatus, Take, TakeStatus};
use super::store::{SessionStore, SessionSummary, StoreError, io_err, wav_seconds};
use super::wav_repair::repair_wav;

/// An empty file left in a session folder while its saves fail for lack of space. Creating
/// an empty file needs no data blocks, so it works on a full disk where `session.json` can't.
pub const DISK_FULL_MARKER: &str = ".save-failed-disk-full";

/// Why a session did not end normally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interruption {
    /// Saving failed because the disk was full.
    DiskFull,
    /// Rehearse was closed, killed or crashed.
    Closed,
}

impl Interruption {
    /// One sentence for the recovery prompt; `question` is the 1-based question it stopped at.
    pub fn describe(self, question: Option<usize>) -> String {
        match (self, question) {
            (Self::DiskFull, Some(n)) => {
                format!("Question {n} could not be saved because the disk was full.")
            }
            (Self::DiskFull, None) => {
                "The session could not be saved because the disk was full.".into()
            }
            (Self::Closed, Some(n)) => format!("Rehearse was closed during question {n}."),
            (Self::Closed, None) => "Rehearse was closed before the session ended.".into(),
        }
    }
}

impl Session {
    /// Written by a newer Rehearse: shown read-only, never rewritten.
    pub fn is_newer_format(&self) -> bool {
        self.format_version > SESSION_FORMAT_VERSION
    }
}

impl SessionStore {
    /// Sessions left `in_progress` (a crash or a kill), to offer for recovery. Sessions of a
    /// newer format are left out: every recovery choice would rewrite them.
    pub fn in_progress(&self) -> Vec<SessionSummary> {
        let (all, _) = self.list();
        all.into_iter()
            .filter(|s| s.session.status == SessionStatus::InProgress)
            .filter(|s| !s.session.is_newer_format())
            .collect()
    }

    /// Why the session in `dir` was left unfinished.
    pub fn interruption(&self, dir: &Path, session: &Session) -> Interruption {
        let disk_full_take = session
            .questions
            .iter()
            .flat_map(|q| &q.takes)
            .filter_map(|t| t.error.as_deref())
            .any(mentions_disk_full);
        if dir.join(DISK_FULL_MARKER).exists() || disk_full_take {
            Interruption::DiskFull
        } else {
            Interruption::Closed
        }
    }

    /// Notes in `dir` that saving failed for lack of space (best effort, needs no space).
    pub fn mark_disk_full(&self, dir: &Path) {
        if self.is_writable() {
            let _ = std::fs::File::create(dir.join(DISK_FULL_MARKER));
        }
    }

    /// Removes the disk-full note once the session is saved again.
    pub fn clear_disk_full(&self, dir: &Path) {
        if self.is_writable() {
            let _ = std::fs::remove_file(dir.join(DISK_FULL_MARKER));
        }
    }

    /// Repairs the WAV headers of an interrupted session from the file lengths, marks takes
    /// still `recording` as `interrupted`, and adopts recordings that `session.json` never
    /// listed (a kill or a full disk between starting a take and saving it). The session
    /// stays `in_progress` (resume) unless `finish` is set, when it becomes `complete`.
    pub fn recover(&self, dir: &Path, finish: bool) -> Result<Session, StoreError> {
        self.check_writable(dir)?;
        let mut session = self.load(dir)?;
        if session.is_newer_format() {
            return Err(StoreError::NewerFormat {
                path: dir.join(super::SESSION_FILE),
                version: session.format_version,
            });
        }
        let reason = match self.interruption(dir, &session) {
            Interruption::DiskFull => {
                "The recording stopped because the disk was full; the audio up to that moment was kept."
            }
            Interruption::Closed => {
                "Rehearse closed while recording; the audio up to that moment was kept."
            }
        };
        for take in session
            .questions
            .iter_mut()
            .flat_map(|q| q.takes.iter_mut())
        {
            if take.status == TakeStatus::Recording {
                repair_video(dir, take);
            }
            let Some(name) = take.wav.clone() else {
                continue;
            };
            let wav = dir.join(&name);
            if !wav.exists() {
                continue;
            }
            let repaired = repair_wav(&wav);
            if take.status != TakeStatus::Recording {
                continue;
            }
            take.status = TakeStatus::Interrupted;
            match repaired.and_then(|_| wav_seconds(&wav)) {
                Ok((seconds, rate)) => {
                    take.audio_s = seconds;
                    take.answer_s = take.answer_s.max(seconds);
                    take.sample_rate = Some(rate);
                    take.error = Some(reason.into());
                }
                Err(e) => take.error = Some(format!("The recording could not be repaired: {e}")),
            }
        }
        adopt_orphans(dir, &mut session)?;
        if finish {
            session.complete(Utc::now());
            session.ended_at.get_or_insert_with(Utc::now);
        }
        self.save(dir, &session)?;
        self.clear_disk_full(dir);
        Ok(session)
    }

    /// Marks a session `abandoned` (kept on disk, no longer offered for recovery).
    pub fn abandon(&self, dir: &Path) -> Result<Session, StoreError> {
        let mut session = self.recover(dir, false)?;
        session.status = SessionStatus::Abandoned;
        session.ended_at.get_or_insert_with(Utc::now);
        self.save(dir, &session)?;
        Ok(session)
    }
}

/// Finishes the video of a take that was still recording: remuxed into a WebM with its
/// duration and seek index (every frame that decodes is kept), its frames counted, and a note.
fn repair_video(dir: &Path, take: &mut Take) {
    let Some(video) = take.video.as_mut() else {
        return;
    };
    let path = dir.join(&video.file);
    if !path.exists() {
        video.error = Some("Rehearse closed before the camera had recorded anything.".into());
        return;
    }
    match crate::video::repair(&path) {
        Ok(check) => {
            video.frames = check.frames;
            video.error = Some(format!(
                "Rehearse closed while recording; {:.1} s of video were kept.",
                check.duration.as_secs_f64()
            ));
        }
        Err(e) => {
            video.error = Some(format!("The video could not be repaired: {}", e.detail()));
        }
    }
}

/// Whether an error text says the disk was full (`ENOSPC`, `EDQUOT` as Rust prints them).
pub fn mentions_disk_full(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    [
        "no space left",
        "disk was full",
        "disk is full",
        "quota exceeded",
    ]
    .iter()
    .any(|p| text.contains(p))
}

/// The question index and take number of a WAV name we generate (`q03.wav`, `q03-take2.wav`).
fn parse_wav_name(name: &str) -> Option<(usize, u32)> {
    let stem = name.strip_prefix('q')?.strip_suffix(".wav")?;
    let (question, take) = match stem.split_once("-take") {
        Some((q, t)) => (q, t.parse().ok()?),
        None => (stem, 1),
    };
    let question: usize = question.parse().ok()?;
    (question >= 1 && super::wav_name(question - 1, take) == name).then(|| (question - 1, take))
}

/// Adds WAVs in `dir` that no take names, as interrupted takes of their question.
fn adopt_orphans(dir: &Path, session: &mut Session) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(dir).map_err(io_err(dir))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let Some((index, number)) = parse_wav_name(&name) else {
            continue;
        };
        let Some(question) = session.questions.get_mut(index) else {
            continue;
        };
        let listed = question
            .takes
            .iter()
            .any(|t| t.wav.as_deref() == Some(name.as_str()) || t.number == number);
        if listed {
            continue;
        }
        let path = dir.join(&name);
        // An empty file holds nothing to keep (a take that failed at once on a full disk).
        let Ok((seconds, rate)) = repair_wav(&path).and_then(|_| wav_seconds(&path)) else {
            continue;
        };
        if seconds <= 0.0 {
            continue;
        }
        let started_at: DateTime<Utc> = std::fs::metadata(&path)
            .and_then(|m| m.created().or_else(|_| m.modified()))
            .map_or(session.started_at, DateTime::from);
        question.takes.push(Take {
            part_marks: Vec::new(),
            video: None,
            number,
            wav: Some(name),
            status: TakeStatus::Interrupted,
            stop_reason: None,
            started_at,
            think_used_s: 0.0,
            answer_s: seconds,
            audio_s: seconds,
            sample_rate: Some(rate),
            dropped_frames: 0,
            error: Some(
                "Rehearse stopped before this take was saved; its recording was found and kept."
                    .into(),
            ),
            metrics: None,
            rating: None,
            transcript: None,
        });
        question.takes.sort_by_key(|t| t.number);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_wav_names_are_adopted() {
        assert_eq!(parse_wav_name("q01.wav"), Some((0, 1)));
        assert_eq!(parse_wav_name("q12-take3.wav"), Some((11, 3)));
        assert_eq!(parse_wav_name("q00.wav"), None);
        assert_eq!(parse_wav_name("q1.wav"), None);
        assert_eq!(parse_wav_name("q01-take1.wav"), None);
        assert_eq!(parse_wav_name("notes.wav"), None);
    }

    #[test]
    fn disk_full_wordings_are_recognised() {
        assert!(mentions_disk_full("No space left on device (os error 28)"));
        assert!(mentions_disk_full("Disk quota exceeded (os error 122)"));
        assert!(!mentions_disk_full("the microphone was unplugged"));
    }

    #[test]
    fn each_reason_is_one_sentence_naming_the_question() {
        assert_eq!(
            Interruption::Closed.describe(Some(2)),
            "Rehearse was closed during question 2."
        );
        assert_eq!(
            Interruption::DiskFull.describe(Some(3)),
            "Question 3 could not be saved because the disk was full."
        );
        for reason in [Interruption::Closed, Interruption::DiskFull] {
            let line = reason.describe(None);
            assert!(
                line.ends_with('.') && line.starts_with(char::is_uppercase),
                "{line}"
            );
        }
    }
}
