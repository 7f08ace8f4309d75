//! The last session on the same packs, read on a thread so the summary can show what changed.

use std::path::Path;

use crate::app::Repaint;
use crate::app::worker::{Poll, Worker};
use crate::session::{Session, SessionStore, SessionSummary};

/// The search for the session to compare with, and its result.
#[derive(Default)]
pub struct PreviousSession {
    reading: Option<Worker<Option<Session>>>,
    started: bool,
    found: Option<Session>,
}

impl PreviousSession {
    /// Starts the search on its first call: the newest other session over `pack_ids`.
    pub fn start_once(
        &mut self,
        store: &SessionStore,
        pack_ids: &[String],
        this: &Path,
        repaint: Option<Repaint>,
    ) {
        if std::mem::replace(&mut self.started, true) {
            return;
        }
        let store = store.clone();
        let (pack_ids, this) = (pack_ids.to_vec(), this.to_path_buf());
        self.reading = Some(Worker::spawn_notifying(
            "previous-session".to_owned(),
            repaint,
            move || {
                let (sessions, _) = store.list();
                last_on_same_packs(sessions, &pack_ids, &this)
            },
        ));
    }

    /// Takes the search's result once it has ended.
    pub fn poll(&mut self) {
        let Some(worker) = &mut self.reading else {
            return;
        };
        match worker.poll() {
            Poll::Pending => return,
            Poll::Ready(found) => self.found = found,
            Poll::Lost => self.found = None,
        }
        self.reading = None;
    }

    /// Whether the search is still running.
    pub fn is_searching(&self) -> bool {
        self.reading.is_some() || !self.started
    }

    /// The session found, once the search has ended.
    pub fn session(&self) -> Option<&Session> {
        self.found.as_ref()
    }
}

impl super::Rehearsal {
    /// The last session on the same packs, for the summary to compare with.
    pub fn previous(&self) -> &PreviousSession {
        &self.previous
    }
}

/// The newest session of `sessions` (newest first) other than the one in `this`, over the
/// same set of packs, with at least one answer.
pub fn last_on_same_packs(
    sessions: Vec<SessionSummary>,
    pack_ids: &[String],
    this: &Path,
) -> Option<Session> {
    let same_packs = |s: &Session| {
        s.pack_ids.len() == pack_ids.len() && pack_ids.iter().all(|p| s.pack_ids.contains(p))
    };
    sessions
        .into_iter()
        .filter(|s| s.dir != this)
        .map(|s| s.session)
        .find(|s| same_packs(s) && s.answered_count() > 0)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::session::QuestionRecord;

    fn summary(dir: &str, packs: &[&str], answered: bool) -> SessionSummary {
        let question = QuestionRecord {
            pack_id: packs[0].into(),
            question_id: "q1".into(),
            text: "Why us?".into(),
            framework: None,
            kind: crate::pack::QuestionType::General,
            think_seconds: 5,
            answer_seconds: 60,
            takes: Vec::new(),
            best_take: None,
            unattached_rating: None,
            follows: None,
            asked_by: None,
        };
        let mut session = Session::new(
            packs.iter().map(|p| (*p).to_owned()).collect(),
            crate::session::SessionSettings {
                question_count: 1,
                shuffled: false,
                think_seconds: None,
                answer_seconds: None,
                input_device: None,
                mode: Default::default(),
                panel: Vec::new(),
            },
            vec![question],
            chrono::Utc::now(),
        );
        if answered {
            let take = crate::session::Take::recording(1, None, chrono::Utc::now(), 0.0);
            session.questions[0].takes.push(take);
        }
        session.id = dir.to_owned();
        SessionSummary {
            dir: PathBuf::from(dir),
            session,
        }
    }

    #[test]
    fn the_newest_other_answered_session_on_the_same_packs_is_compared_with() {
        let packs = vec!["general".to_owned(), "star".to_owned()];
        let sessions = vec![
            summary("this", &["general", "star"], true),
            summary("other packs", &["general"], true),
            summary("unanswered", &["star", "general"], false),
            summary("last", &["star", "general"], true),
            summary("older", &["general", "star"], true),
        ];
        let found = last_on_same_packs(sessions, &packs, Path::new("this")).unwrap();
        assert_eq!(found.id, "last");
    }

    #[test]
    fn without_an_earlier_session_on_the_packs_there_is_nothing_to_compare() {
        let packs = vec!["general".to_owned()];
        let sessions = vec![summary("this", &["general"], true)];
        assert!(last_on_same_packs(sessions, &packs, Path::new("this")).is_none());
    }
}
