//! Import and export through file dialogs, and parsing in the background: each runs on a
//! thread owned by a [`Worker`] handle, polled every frame by [`PackManager::logic`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{ExportFormat, ImportPreview, PackManager, import_filter, index_of};
use crate::app::NO_DIALOG_WITHIN;
use crate::app::worker::{Poll, Worker};
use crate::pack::{self, ImportError, Parsed};

/// What a running file dialog is for.
pub(super) enum DialogPurpose {
    Import,
    Export { pack: usize, format: ExportFormat },
}

/// A file dialog waiting for the user, on its own thread.
pub(super) struct DialogJob {
    purpose: DialogPurpose,
    started: Instant,
    worker: Worker<Option<PathBuf>>,
}

impl DialogJob {
    /// Runs `ask` (a dialog that blocks until the user answers) on a thread. The thread is
    /// joined on drop once it has answered; see [`Worker::spawn_uninterruptible`] for why a
    /// dialog still open when the window closes is left to end with the process.
    fn spawn(
        purpose: DialogPurpose,
        ask: impl FnOnce() -> Option<PathBuf> + Send + 'static,
    ) -> Self {
        Self {
            purpose,
            started: Instant::now(),
            worker: Worker::spawn_uninterruptible("file dialog".to_owned(), ask),
        }
    }
}

/// A file being parsed on its own thread; dropping it waits for the parse to end.
pub(super) struct ParseJob {
    pub(super) path: PathBuf,
    worker: Worker<Result<Parsed, ImportError>>,
}

impl ParseJob {
    fn spawn(path: PathBuf) -> Self {
        let file = path.clone();
        let worker = Worker::spawn("pack parse".to_owned(), move || pack::parse_file(&file));
        Self { path, worker }
    }
}

impl PackManager {
    pub(super) fn open_dialog(&mut self, purpose: DialogPurpose, file_name: Option<String>) {
        if self.dialog.is_some() {
            return;
        }
        let import = matches!(purpose, DialogPurpose::Import);
        let (filter, extensions) = import_filter();
        let ask = move || {
            let dialog = rfd::FileDialog::new();
            if import {
                dialog
                    .set_title("Import a question pack")
                    .add_filter(filter, &extensions)
                    .add_filter("All files", &["*"])
                    .pick_file()
            } else {
                dialog
                    .set_title("Export the pack")
                    .set_file_name(file_name.unwrap_or_else(|| "pack".to_owned()))
                    .save_file()
            }
        };
        self.dialog = Some(DialogJob::spawn(purpose, ask));
    }

    pub(super) fn poll_dialog(&mut self) {
        let Some(job) = &mut self.dialog else {
            return;
        };
        let Some(chosen) = job.worker.finished(|| None) else {
            return;
        };
        let Some(job) = self.dialog.take() else {
            return;
        };
        match (chosen, job.purpose) {
            (Some(path), DialogPurpose::Import) => self.start_parse(path),
            (Some(path), DialogPurpose::Export { pack, format }) => {
                self.export(pack, format, &path);
            }
            (None, purpose) if job.started.elapsed() < NO_DIALOG_WITHIN => {
                let alternative = match purpose {
                    DialogPurpose::Import => {
                        "Drag the file onto this window instead, or run `rehearse pack import FILE` in a terminal."
                    }
                    DialogPurpose::Export { .. } => {
                        "Install zenity or a desktop portal (xdg-desktop-portal) to choose where to save."
                    }
                };
                self.say(format!(
                    "No file dialog could be shown on this desktop (no XDG desktop portal or zenity). {alternative}"
                ));
            }
            (None, _) => {} // The user cancelled.
        }
    }

    pub(super) fn start_parse(&mut self, path: PathBuf) {
        self.import_error = None;
        self.preview = None;
        self.parsing = Some(ParseJob::spawn(path));
    }

    pub(super) fn poll_parse(&mut self) {
        let Some(job) = &mut self.parsing else {
            return;
        };
        let result = match job.worker.poll() {
            Poll::Ready(result) => result,
            Poll::Pending => return,
            Poll::Lost => Err(ImportError {
                file: display_name(&job.path),
                line: None,
                column: None,
                message: "the importer stopped unexpectedly; the file was not imported".to_owned(),
            }),
        };
        let Some(job) = self.parsing.take() else {
            return;
        };
        match result {
            Ok(parsed) => {
                let duplicate_id = self
                    .library
                    .packs
                    .iter()
                    .any(|p| p.pack.id == parsed.pack.id);
                self.preview = Some(ImportPreview {
                    path: job.path,
                    parsed,
                    duplicate_id,
                });
            }
            Err(e) => self.import_error = Some(e),
        }
    }

    pub(super) fn confirm_import(&mut self) {
        let Some(preview) = self.preview.take() else {
            return;
        };
        let title = preview.parsed.pack.title.clone();
        let count = preview.parsed.pack.questions.len();
        match self.library.add_parsed(preview.parsed) {
            Ok(path) => {
                self.selected = index_of(&self.library, &path);
                self.say(format!("Imported “{title}” ({count} questions)."));
                self.pass_on_library_notes();
            }
            Err(e) => {
                self.log.push(("importing a pack", e.to_string()));
                self.say(format!(
                    "“{title}” could not be saved into the data folder, so nothing was changed. \
                     Check that the disk has space and the folder can be written, then import \
                     it again."
                ));
            }
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::packs::PacksCommand;
    use crate::data_dir::DataDir;
    use std::time::Duration;

    fn manager() -> (tempfile::TempDir, PackManager) {
        let dir = tempfile::tempdir().unwrap();
        let manager = PackManager::new(&DataDir::new(dir.path()));
        (dir, manager)
    }

    /// A dialog job that answers `chosen` at once.
    fn answered(purpose: DialogPurpose, chosen: Option<PathBuf>) -> DialogJob {
        let job = DialogJob::spawn(purpose, move || chosen);
        let deadline = Instant::now() + Duration::from_secs(10);
        while job.worker.liveness().upgrade().is_some() {
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(1));
        }
        job
    }

    #[test]
    fn a_dialog_that_cannot_appear_points_to_drag_and_drop_and_the_cli() {
        let (_dir, mut m) = manager();
        m.dialog = Some(answered(DialogPurpose::Import, None));
        m.logic();
        assert!(!m.dialog_open());
        let message = m.take_message().unwrap();
        assert!(
            message.contains("Drag the file onto this window"),
            "{message}"
        );
        assert!(message.contains("rehearse pack import FILE"), "{message}");
    }

    #[test]
    fn a_chosen_file_is_parsed_in_the_background_into_a_preview() {
        let (dir, mut m) = manager();
        let file = dir.path().join("list.txt");
        std::fs::write(&file, "Tell me about yourself\nWhy this role?\n").unwrap();
        m.dialog = Some(answered(DialogPurpose::Import, Some(file)));
        m.logic();
        // The parse runs on a thread: it may already be done here, or still running.
        let deadline = Instant::now() + Duration::from_secs(20);
        while m.is_busy() {
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(5));
            m.logic();
        }
        assert_eq!(m.preview().unwrap().parsed.pack.questions.len(), 2);
        m.apply(PacksCommand::CancelImport);
        assert!(m.preview().is_none());
    }

    #[test]
    fn an_export_that_cannot_be_written_says_so() {
        let (dir, mut m) = manager();
        let target = dir.path().join("missing-folder").join("x.pack.json");
        m.dialog = Some(answered(
            DialogPurpose::Export {
                pack: 0,
                format: ExportFormat::Json,
            },
            Some(target.clone()),
        ));
        m.logic();
        assert!(!target.exists());
        let message = m.take_message().unwrap();
        assert!(message.contains("could not be exported"), "{message}");
        assert!(
            !message.contains("os error"),
            "no raw error text: {message}"
        );
        assert!(message.ends_with("then export again."), "{message}");
        let log = m.take_log();
        assert_eq!(log.len(), 1);
        assert!(log[0].1.contains("os error 2"), "{log:?}");
    }

    #[test]
    fn dropping_a_dialog_job_that_answered_joins_its_thread() {
        let mut job = DialogJob::spawn(DialogPurpose::Import, || {
            std::thread::sleep(Duration::from_millis(30));
            None
        });
        let alive = job.worker.liveness();
        while job.worker.poll() == Poll::Pending {
            std::thread::sleep(Duration::from_millis(1));
        }
        drop(job);
        assert!(alive.upgrade().is_none());
    }

    #[test]
    fn dropping_a_parse_job_joins_its_thread() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("many.txt");
        let text: String = (0..20_000)
            .map(|i| format!("Question number {i}?\n"))
            .collect();
        std::fs::write(&file, text).unwrap();
        let job = ParseJob::spawn(file);
        let alive = job.worker.liveness();
        drop(job);
        assert!(
            alive.upgrade().is_none(),
            "the parse thread outlived its job"
        );
    }
}
