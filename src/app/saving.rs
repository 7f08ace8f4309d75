//! The app's side of a session that could not be saved: Retry and Save elsewhere…, and the
//! message when a new session cannot be created.

use super::{App, Command};
use crate::session::StoreError;

impl App {
    /// Carries out [`Command::RetrySave`] and [`Command::SaveElsewhere`].
    pub(super) fn apply_saving(&mut self, command: Command) {
        let Some(r) = self.rehearsal.as_mut() else {
            return;
        };
        match command {
            Command::RetrySave => r.retry_save(&self.store),
            Command::SaveElsewhere(folder) => r.save_elsewhere(&folder),
            _ => {}
        }
        if let Some(m) = r.message.take() {
            self.message = Some(m);
        }
    }
}

/// What to tell the user when a new session could not be created.
pub fn create_failed(error: &StoreError) -> String {
    match error {
        StoreError::ReadOnly { .. } => {
            "This window is read-only because another Rehearse window uses the data folder."
                .to_owned()
        }
        e if e.is_disk_full() => "The session could not start because the disk is full. Free \
                                  some space, then start the interview again."
            .to_owned(),
        _ => "The session could not start because its folder could not be written. Check that \
              the data folder exists and can be written, then try again."
            .to_owned(),
    }
}
