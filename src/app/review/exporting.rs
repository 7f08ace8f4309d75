//! Export of the opened session from review: a save dialog, then the export on a worker
//! thread (an HTML report of a long session reads every recording), with its outcome said.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::app::NO_DIALOG_WITHIN;
use crate::app::log::log_error;
use crate::app::worker::Worker;
use crate::session::export::{ExportFormat, ExportOptions, export_session_with, file_name};

use super::Review;

/// Asks where to save an export, given the suggested file name, and blocks until the user
/// answers; `None` when cancelled or when no dialog could be shown.
pub type SavePicker = Arc<dyn Fn(&str) -> Option<PathBuf> + Send + Sync>;

/// The desktop's save dialog (XDG portal, or zenity).
pub fn desktop_save_picker() -> SavePicker {
    Arc::new(|suggested: &str| {
        rfd::FileDialog::new()
            .set_title("Export the session as…")
            .set_file_name(suggested)
            .save_file()
    })
}

/// How an export ended.
enum Outcome {
    /// Written to this file.
    Written(PathBuf),
    /// The dialog was closed without a file (or none could be shown).
    NoFile,
    /// The export failed: the sentence to show.
    Failed(String),
}

/// An export under way: the dialog, then the writing.
pub(super) struct ExportJob {
    started: Instant,
    worker: Worker<Outcome>,
}

impl Review {
    /// Asks for a file and exports the opened session there as `format` with `options`, in
    /// the background.
    pub(super) fn start_export(&mut self, format: ExportFormat, options: ExportOptions) {
        let Some(opened) = &self.opened else { return };
        if self.export.is_some() {
            return;
        }
        let dir = opened.dir.clone();
        let pick = Arc::clone(&self.save_picker);
        let suggested = file_name(format, &dir);
        let worker = Worker::spawn_uninterruptible("export".to_owned(), move || {
            let Some(out) = pick(&suggested) else {
                return Outcome::NoFile;
            };
            match export_session_with(format, &dir, &out, options) {
                Ok(_) => Outcome::Written(out),
                Err(e) => Outcome::Failed(e.to_string()),
            }
        });
        self.export = Some(ExportJob {
            started: Instant::now(),
            worker,
        });
        self.notice = None;
    }

    /// Takes a finished export and says how it went.
    pub(super) fn poll_export(&mut self) {
        let Some(job) = &mut self.export else { return };
        let Some(outcome) = job
            .worker
            .finished(|| Outcome::Failed("the export stopped unexpectedly".to_owned()))
        else {
            return;
        };
        let quick = job.started.elapsed() < NO_DIALOG_WITHIN;
        self.export = None;
        match outcome {
            Outcome::Written(path) => {
                self.notice = Some(format!("Exported to {}.", path.display()));
            }
            Outcome::NoFile if quick => {
                self.error = Some(
                    "No save dialog could be shown on this desktop. Export from a terminal \
                     instead: rehearse export SESSION_FOLDER -o FILE."
                        .to_owned(),
                );
            }
            Outcome::NoFile => {} // The user cancelled.
            Outcome::Failed(detail) => {
                log_error(&self.data_dir, "export", &detail);
                self.error = Some(format!("The export failed: {detail}"));
            }
        }
    }

    /// Whether an export (or its dialog) is under way.
    pub fn is_exporting(&self) -> bool {
        self.export.is_some()
    }

    /// What the last export did, e.g. "Exported to /home/…/report.html.".
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Uses `picker` instead of the desktop's save dialog (tests, kiosks).
    pub fn set_save_picker(&mut self, picker: SavePicker) {
        self.save_picker = picker;
    }
}
