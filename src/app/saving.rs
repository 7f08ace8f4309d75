//! The app's side of a session that could not be saved: Retry and Save elsewhere…, and the
//! message when a new session cannot be created.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use super::{App, Command, NO_DIALOG_WITHIN};
use crate::app::worker::Worker;
use crate::session::StoreError;

/// Asks the user for a folder and blocks until they answer; `None` when cancelled or when
/// no dialog could be shown.
pub type FolderPicker = Arc<dyn Fn() -> Option<PathBuf> + Send + Sync>;

/// The desktop's folder dialog (XDG portal, or zenity).
pub fn desktop_folder_picker() -> FolderPicker {
    Arc::new(|| {
        rfd::FileDialog::new()
            .set_title("Save a copy of the session in…")
            .pick_folder()
    })
}

/// A folder dialog waiting for the user, on its own thread.
pub struct FolderDialog {
    started: Instant,
    worker: Worker<Option<PathBuf>>,
}

impl App {
    /// Carries out [`Command::RetrySave`] and [`Command::SaveElsewhere`].
    pub(super) fn apply_saving(&mut self, command: Command) {
        let Some(r) = self.rehearsal.as_mut() else {
            return;
        };
        match command {
            Command::RetrySave => r.retry_save(&self.store),
            Command::SaveElsewhere(folder) => r.save_elsewhere(&folder),
            Command::ChooseSaveFolder if self.folder_dialog.is_none() => {
                let pick = Arc::clone(&self.folder_picker);
                self.folder_dialog = Some(FolderDialog {
                    started: Instant::now(),
                    worker: Worker::spawn_uninterruptible("folder dialog".to_owned(), move || {
                        pick()
                    }),
                });
            }
            _ => {}
        }
        if let Some(m) = r.message.take() {
            self.message = Some(m);
        }
    }
}

impl App {
    /// Uses `picker` instead of the desktop's dialog for "Save elsewhere…" (tests, kiosks).
    pub fn set_folder_picker(&mut self, picker: FolderPicker) {
        self.folder_picker = picker;
    }

    /// Copies the session into the folder the dialog returned, once it has answered.
    pub(super) fn poll_folder_dialog(&mut self) {
        let Some(dialog) = &mut self.folder_dialog else {
            return;
        };
        let Some(chosen) = dialog.worker.finished(|| None) else {
            return;
        };
        let quick = dialog.started.elapsed() < NO_DIALOG_WITHIN;
        self.folder_dialog = None;
        match chosen {
            Some(folder) => self.apply_saving(Command::SaveElsewhere(folder)),
            None if quick => {
                self.message = Some(
                    "No folder dialog could be shown on this desktop. Type the folder's path in \
                     the box beside Save elsewhere…, then press Save to this folder."
                        .to_owned(),
                );
            }
            None => {} // The user cancelled.
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
