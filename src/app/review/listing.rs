//! The past-sessions list, read from disk on a thread (thousands of folders take seconds),
//! with each session's pace per answer worked out there too (counting a transcript's words
//! for each row on every frame would cost the frame).

use crate::analysis::{Thresholds, key_metric};
use crate::app::log::log_error;
use crate::app::worker::{Poll, Worker};
use crate::data_dir::DataDir;
use crate::session::{SessionStore, SessionSummary};

/// The sessions, newest first, each one's paces, and the raw errors of unreadable folders.
type Listing = (Vec<SessionSummary>, Vec<Vec<f64>>, Vec<String>);

/// The session list as last read, and the read in progress.
#[derive(Default)]
pub struct SessionList {
    /// Sessions, newest first.
    pub sessions: Vec<SessionSummary>,
    /// The measured pace of each session's answers (judged takes), in question order.
    pub paces: Vec<Vec<f64>>,
    /// Raw errors of the folders that could not be read (each logged once).
    pub errors: Vec<String>,
    reading: Option<Worker<Listing>>,
    read_again: bool,
    read_once: bool,
}

impl SessionList {
    /// Starts reading `store` on a thread, paces under `thresholds`; asked during a read,
    /// reads again after it.
    pub fn refresh(&mut self, store: &SessionStore, thresholds: &Thresholds) {
        if self.reading.is_some() {
            self.read_again = true;
            return;
        }
        let (store, thresholds) = (store.clone(), thresholds.clone());
        self.reading = Some(Worker::spawn("session-list".to_owned(), move || {
            let (sessions, errors) = store.list();
            let pace = key_metric("pace_wpm").expect("pace is a key metric");
            let paces = sessions
                .iter()
                .map(|s| {
                    let each = s.session.key_metric_per_answer(pace, &thresholds);
                    each.into_iter().flatten().collect()
                })
                .collect();
            let errors = errors.iter().map(ToString::to_string).collect();
            (sessions, paces, errors)
        }));
    }

    /// Takes a finished read; logs errors not seen before into `data_dir`'s log.
    pub fn poll(&mut self, store: &SessionStore, thresholds: &Thresholds, data_dir: &DataDir) {
        let Some(worker) = &mut self.reading else {
            return;
        };
        match worker.poll() {
            Poll::Pending => return,
            Poll::Ready((sessions, paces, errors)) => {
                self.sessions = sessions;
                self.paces = paces;
                for e in errors.iter().filter(|e| !self.errors.contains(e)) {
                    log_error(data_dir, "list sessions", e);
                }
                self.errors = errors;
            }
            Poll::Lost => {
                self.errors = vec!["the session list could not be read".to_owned()];
            }
        }
        self.reading = None;
        self.read_once = true;
        if std::mem::take(&mut self.read_again) {
            self.refresh(store, thresholds);
        }
    }

    /// Whether a read is running.
    pub fn is_reading(&self) -> bool {
        self.reading.is_some()
    }

    /// Whether a read has finished at least once.
    pub fn is_read(&self) -> bool {
        self.read_once
    }
}
