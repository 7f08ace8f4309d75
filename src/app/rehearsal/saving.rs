//! Saving a rehearsal when the disk says no: one plain message, the state kept in memory,
//! a retry on every step, "Retry" and "Save elsewhere…".

use std::path::Path;

use super::Rehearsal;
use crate::session::{SessionStore, StoreError, copy_session};

/// Why the session in memory is ahead of `session.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveProblem {
    /// The failure was a full disk.
    pub disk_full: bool,
    /// The raw error, for the log.
    pub detail: String,
}

impl SaveProblem {
    fn new(error: &StoreError) -> Self {
        Self {
            disk_full: error.is_disk_full(),
            detail: error.to_string(),
        }
    }

    /// What happened and what to do, in plain words.
    pub fn message(&self) -> String {
        let what = if self.disk_full {
            "Rehearse could not save this session because the disk is full."
        } else {
            "Rehearse could not save this session to the data folder."
        };
        format!(
            "{what} Nothing is lost yet: your answers, ratings and reflection are kept in this \
             window, and every step tries to save again. Free some space, then press Retry, or \
             use Save elsewhere… to copy the session to another folder."
        )
    }
}

impl Rehearsal {
    /// Saves `session.json`. The first failure is said once; later steps retry quietly, and
    /// the first success after a failure says that the session is saved again.
    pub fn save(&mut self, store: &SessionStore) {
        match store.save(&self.dir, &self.session) {
            Ok(()) => {
                if self.unsaved.take().is_some() {
                    store.clear_disk_full(&self.dir);
                    self.message = Some("The session is saved again; nothing was lost.".into());
                }
            }
            Err(e) => {
                let problem = SaveProblem::new(&e);
                eprintln!(
                    "rehearse: could not save {}: {}",
                    self.dir.display(),
                    problem.detail
                );
                if problem.disk_full {
                    store.mark_disk_full(&self.dir);
                }
                if self.unsaved.is_none() {
                    self.message = Some(problem.message());
                }
                self.unsaved = Some(problem);
            }
        }
    }

    /// What keeps the session in memory from being on disk, if anything.
    pub fn unsaved(&self) -> Option<&SaveProblem> {
        self.unsaved.as_ref()
    }

    /// Whether the disk was full at the last save (new answers are then timed, not recorded).
    pub(super) fn disk_full(&self) -> bool {
        self.unsaved.as_ref().is_some_and(|p| p.disk_full)
    }

    /// "Retry": saves again now and says how it went.
    pub fn retry_save(&mut self, store: &SessionStore) {
        self.save(store);
        if let Some(problem) = &self.unsaved {
            self.message = Some(if problem.disk_full {
                "The session still could not be saved: the disk is still full. Free some space, \
                 then press Retry, or use Save elsewhere…."
                    .into()
            } else {
                "The session still could not be saved. Press Retry again, or use Save \
                 elsewhere…."
                    .into()
            });
        }
    }

    /// "Save elsewhere…": copies the session folder, with the session as it is in memory,
    /// into `folder`. Saving to the data folder goes on being retried.
    pub fn save_elsewhere(&mut self, folder: &Path) {
        if folder.as_os_str().is_empty() {
            self.message = Some("Type or choose a folder to save the copy in.".into());
            return;
        }
        self.message = Some(match copy_session(&self.dir, &self.session, folder) {
            Ok(copy) => format!(
                "A copy of the session was saved in {}. Rehearse still tries to save it in the \
                 data folder.",
                copy.display()
            ),
            Err(e) => {
                eprintln!("rehearse: save elsewhere failed: {e}");
                format!(
                    "The copy could not be saved in {}. Choose another folder with free space.",
                    folder.display()
                )
            }
        });
    }
}
