//! The past-sessions list, read from disk on a thread (thousands of folders take seconds).

use crate::app::log::log_error;
use crate::app::worker::{Poll, Worker};
use crate::data_dir::DataDir;
use crate::session::{SessionStore, SessionSummary};

/// The sessions, newest first, and the raw errors of unreadable folders.
type Listing = (Vec<SessionSummary>, Vec<String>);

/// The session list as last read, and the read in progress.
#[derive(Default)]
pub struct SessionList {
    /// Sessions, newest first.
    pub sessions: Vec<SessionSummary>,
    /// Raw errors of the folders that could not be read (each logged once).
    pub errors: Vec<String>,
    reading: Option<Worker<Listing>>,
    read_again: bool,
    read_once: bool,
}

impl SessionList {
    /// Starts reading `store` on a thread; asked during a read, reads again after it.
    pub fn refresh(&mut self, store: &SessionStore) {
        if self.reading.is_some() {
            self.read_again = true;
            return;
        }
        let store = store.clone();
        self.reading = Some(Worker::spawn("session-list".to_owned(), move || {
            let (sessions, errors) = store.list();
            (sessions, errors.iter().map(ToString::to_string).collect())
        }));
    }

    /// Takes a finished read; logs errors not seen before into `data_dir`'s log.
    pub fn poll(&mut self, store: &SessionStore, data_dir: &DataDir) {
        let Some(worker) = &mut self.reading else {
            return;
        };
        match worker.poll() {
            Poll::Pending => return,
            Poll::Ready((sessions, errors)) => {
                self.sessions = sessions;
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
            self.refresh(store);
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
