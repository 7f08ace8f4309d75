//! Pack management: the library, import (dialog, drop, preview), the editor, export.
//!
//! The screen (`ui::packs`) draws from this state and returns [`PacksCommand`]s; only
//! [`PackManager::apply`] and [`PackManager::logic`] touch files. File dialogs and parsing run
//! on threads and are polled in `logic`, so the window never waits for them.

pub mod editor;
mod import;

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use crate::data_dir::DataDir;
use crate::pack::{self, ImportError, LibraryPack, PackLibrary, PackSource, Parsed};

use self::import::{DialogJob, DialogPurpose, ParseJob};

pub use editor::{DraftQuestion, EditTarget, EditorCommand, PackDraft};

/// The import dialog's filter: its name, and every extension in `pack::IMPORT_FORMATS`.
pub fn import_filter() -> (&'static str, Vec<&'static str>) {
    ("Question packs", pack::import_extensions())
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The native `*.pack.json`.
    Json,
    /// CSV with a header row.
    Csv,
}

impl ExportFormat {
    /// The file name ending, e.g. ".pack.json".
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Json => ".pack.json",
            Self::Csv => ".csv",
        }
    }
}

/// What the packs screen asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum PacksCommand {
    /// Open the file dialog to import a pack.
    OpenImportDialog,
    /// Parse a file and show the import preview.
    Preview(PathBuf),
    /// Store the previewed pack in the library.
    ConfirmImport,
    /// Drop the previewed pack.
    CancelImport,
    /// Hide the import error.
    DismissError,
    /// Show the pack at this library index in the details pane.
    Select(usize),
    /// Open the editor on a new, empty pack.
    NewPack,
    /// Open the editor on a copy of the pack at this library index.
    Duplicate(usize),
    /// Open the editor on the user pack at this library index.
    Edit(usize),
    /// Ask to delete the user pack at this library index (shows a confirmation).
    AskDelete(usize),
    /// Delete the pack awaiting confirmation.
    ConfirmDelete,
    /// Keep the pack awaiting confirmation.
    CancelDelete,
    /// Export the pack at this library index; with no path, a save dialog asks for one.
    Export {
        /// Library index.
        pack: usize,
        /// File format.
        format: ExportFormat,
        /// Destination; `None` opens a save dialog.
        path: Option<PathBuf>,
    },
    /// A change in the editor.
    Editor(EditorCommand),
    /// Save the editor's pack into the data directory and keep editing.
    SaveEditor,
    /// Save, then leave the editor.
    SaveAndCloseEditor,
    /// Leave the editor, dropping unsaved changes.
    CloseEditor,
    /// Leave the packs screen.
    Close,
}

/// Where the app should go after a packs command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacksOutcome {
    /// Stay on the packs screen.
    Stay,
    /// Go back to the setup screen.
    BackToSetup,
}

/// A parsed file waiting for the user's Confirm or Cancel.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPreview {
    /// The file it came from.
    pub path: PathBuf,
    /// The pack and the importer's warnings.
    pub parsed: Parsed,
    /// Whether a pack with the same id is already in the library.
    pub duplicate_id: bool,
}

/// The pack editor: a draft, where it saves, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct PackEditor {
    /// Where Save writes.
    pub target: EditTarget,
    /// The pack being edited.
    pub draft: PackDraft,
    /// Validation problems of the draft, for the user (empty when it can be saved).
    pub problems: Vec<EditorProblem>,
    /// Whether there are unsaved changes.
    pub dirty: bool,
}

/// The pack library plus the import/editor state.
pub struct PackManager {
    /// Built-in and user packs.
    pub library: PackLibrary,
    selected: Option<usize>,
    dialog: Option<DialogJob>,
    parsing: Option<ParseJob>,
    preview: Option<ImportPreview>,
    import_error: Option<ImportError>,
    editor: Option<PackEditor>,
    confirm_delete: Option<PathBuf>,
    messages: VecDeque<String>,
    log: Vec<(&'static str, String)>,
}

impl PackManager {
    /// Loads the library from `data_dir`.
    pub fn new(data_dir: &DataDir) -> Self {
        Self::with_library(PackLibrary::load(data_dir))
    }

    /// A manager over an already loaded library.
    pub fn with_library(library: PackLibrary) -> Self {
        Self {
            library,
            selected: None,
            dialog: None,
            parsing: None,
            preview: None,
            import_error: None,
            editor: None,
            confirm_delete: None,
            messages: VecDeque::new(),
            log: Vec::new(),
        }
    }

    /// Carries out a command from the screen.
    pub fn apply(&mut self, command: PacksCommand) -> PacksOutcome {
        match command {
            PacksCommand::OpenImportDialog => self.open_dialog(DialogPurpose::Import, None),
            PacksCommand::Preview(path) => self.start_parse(path),
            PacksCommand::ConfirmImport => self.confirm_import(),
            PacksCommand::CancelImport => self.preview = None,
            PacksCommand::DismissError => self.import_error = None,
            PacksCommand::Select(i) => {
                self.selected = (i < self.library.packs.len()).then_some(i);
            }
            PacksCommand::NewPack => self.open_editor(EditTarget::New, PackDraft::new_pack()),
            PacksCommand::Duplicate(i) => {
                if let Some(lp) = self.library.packs.get(i) {
                    let (draft, loss) = (PackDraft::duplicate_of(&lp.pack), lp.copy_loss());
                    self.open_editor(EditTarget::New, draft);
                    loss.into_iter().for_each(|loss| self.say(loss));
                }
            }
            PacksCommand::Edit(i) => {
                if let Some(LibraryPack {
                    pack,
                    source: PackSource::User(path),
                    ..
                }) = self.library.packs.get(i)
                {
                    let draft = PackDraft::from_pack(pack);
                    self.open_editor(EditTarget::Existing(path.clone()), draft);
                }
            }
            PacksCommand::AskDelete(i) => {
                if let Some(PackSource::User(path)) = self.library.packs.get(i).map(|p| &p.source) {
                    self.confirm_delete = Some(path.clone());
                }
            }
            PacksCommand::CancelDelete => self.confirm_delete = None,
            PacksCommand::ConfirmDelete => self.delete_confirmed(),
            PacksCommand::Export { pack, format, path } => match path {
                Some(path) => self.export(pack, format, &path),
                None => {
                    let name = self
                        .library
                        .packs
                        .get(pack)
                        .map(|p| suggested_file_name(&p.pack.title, format));
                    self.open_dialog(DialogPurpose::Export { pack, format }, name);
                }
            },
            PacksCommand::Editor(change) => {
                if let Some(editor) = &mut self.editor {
                    editor.draft.apply(change);
                    editor.dirty = true;
                    editor.problems = problems(&editor.draft);
                }
            }
            PacksCommand::SaveEditor => {
                self.save_editor();
            }
            PacksCommand::SaveAndCloseEditor => {
                if self.save_editor() {
                    self.editor = None;
                }
            }
            PacksCommand::CloseEditor => self.editor = None,
            PacksCommand::Close => return PacksOutcome::BackToSetup,
        }
        PacksOutcome::Stay
    }

    /// Re-reads the packs folder if it changed outside the app (e.g. `rehearse pack import`).
    pub fn reload_library_if_changed(&mut self) {
        if self.library.reload_if_changed() {
            self.selected = None;
        }
    }

    /// A file was dropped on the window: parse it and show the preview.
    pub fn file_dropped(&mut self, path: PathBuf) {
        self.start_parse(path);
    }

    /// Per-frame work: a finished file dialog, a finished background parse.
    pub fn logic(&mut self) {
        self.poll_dialog();
        self.poll_parse();
    }

    /// A message for the user (imported, saved, exported, no file dialog…), shown once by the app.
    pub fn take_message(&mut self) -> Option<String> {
        self.messages.pop_front()
    }

    /// Raw error details (context, detail) behind the messages, for the app's log.
    pub fn take_log(&mut self) -> Vec<(&'static str, String)> {
        std::mem::take(&mut self.log)
    }

    /// Whether a dialog or a parse is running (the screen shows a spinner and keeps repainting).
    pub fn is_busy(&self) -> bool {
        self.dialog.is_some() || self.parsing.is_some()
    }

    /// The file being parsed in the background, if any.
    pub fn parsing(&self) -> Option<&Path> {
        self.parsing.as_ref().map(|p| p.path.as_path())
    }

    /// Whether a file dialog is open.
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// The parsed file waiting for Confirm or Cancel.
    pub fn preview(&self) -> Option<&ImportPreview> {
        self.preview.as_ref()
    }

    /// Why the last file could not be imported.
    pub fn import_error(&self) -> Option<&ImportError> {
        self.import_error.as_ref()
    }

    /// The editor, when open.
    pub fn editor(&self) -> Option<&PackEditor> {
        self.editor.as_ref()
    }

    /// The library index shown in the details pane.
    pub fn selected(&self) -> Option<usize> {
        self.selected.filter(|&i| i < self.library.packs.len())
    }

    /// The user pack waiting for the user to confirm its deletion.
    pub fn pending_delete(&self) -> Option<&LibraryPack> {
        let path = self.confirm_delete.as_ref()?;
        self.library
            .packs
            .iter()
            .find(|p| p.source == PackSource::User(path.clone()))
    }

    fn say(&mut self, message: String) {
        // Messages quote pack text (titles); strip control characters before they are shown.
        self.messages.push_back(pack::sanitize_display(&message));
    }

    /// Tells the user what the library changed on its own (e.g. a clashing pack id).
    fn pass_on_library_notes(&mut self) {
        for note in std::mem::take(&mut self.library.notes) {
            self.say(format!("Note: {note}."));
        }
    }

    fn open_editor(&mut self, target: EditTarget, draft: PackDraft) {
        let problems = problems(&draft);
        self.editor = Some(PackEditor {
            target,
            draft,
            problems,
            dirty: false,
        });
    }

    /// Saves the editor's draft; `true` when it was written.
    fn save_editor(&mut self) -> bool {
        let Some(editor) = &mut self.editor else {
            return false;
        };
        editor.problems = problems(&editor.draft);
        if !editor.problems.is_empty() {
            let message = "The pack was not saved: fix the problems listed first.".to_owned();
            self.say(message);
            return false;
        }
        let pack = editor.draft.to_pack();
        let title = pack.title.clone();
        let saved = match &editor.target {
            EditTarget::New => self.library.add(pack).inspect(|path| {
                editor.target = EditTarget::Existing(path.clone());
            }),
            EditTarget::Existing(path) => self.library.update(path, pack).map(|()| path.clone()),
        };
        match saved {
            Ok(path) => {
                editor.dirty = false;
                self.selected = index_of(&self.library, &path);
                // The library may have given the pack a new id (ids are unique in the library).
                if let Some(stored) = self.selected.and_then(|i| self.library.packs.get(i)) {
                    editor.draft.id.clone_from(&stored.pack.id);
                }
                self.say(format!("Saved “{title}”."));
                self.pass_on_library_notes();
                true
            }
            Err(e) => {
                self.log.push(("saving a pack", e.to_string()));
                self.say(format!(
                    "“{title}” could not be saved. Check that the disk has space and the packs \
                     folder can be written, then save again."
                ));
                false
            }
        }
    }

    fn delete_confirmed(&mut self) {
        let Some(path) = self.confirm_delete.take() else {
            return;
        };
        let title = self
            .library
            .packs
            .iter()
            .find(|p| p.source == PackSource::User(path.clone()))
            .map(|p| p.pack.title.clone())
            .unwrap_or_default();
        match self.library.remove(&path) {
            Ok(()) => {
                self.selected = None;
                if self.editor.as_ref().map(|e| &e.target) == Some(&EditTarget::Existing(path)) {
                    self.editor = None;
                }
                self.say(format!("Deleted “{title}”."));
            }
            Err(e) => {
                self.log.push(("deleting a pack", e.to_string()));
                self.say(format!(
                    "“{title}” could not be deleted. Check that its file is not open elsewhere, \
                     then try again."
                ));
            }
        }
    }

    fn export(&mut self, index: usize, format: ExportFormat, path: &Path) {
        let Some(lp) = self.library.packs.get(index) else {
            return;
        };
        let (text, loss) = match format {
            ExportFormat::Json => (lp.json_text(), None),
            ExportFormat::Csv => (pack::to_csv(&lp.pack), lp.copy_loss()),
        };
        let title = lp.pack.title.clone();
        match std::fs::write(path, text) {
            Ok(()) => {
                self.say(format!("Exported “{title}” to {}.", path.display()));
                loss.into_iter().for_each(|loss| self.say(loss));
            }
            Err(e) => {
                self.log
                    .push(("exporting a pack", format!("{}: {e}", path.display())));
                self.say(format!(
                    "“{title}” could not be exported to {}. Choose a folder you can write to, \
                     then export again.",
                    path.display()
                ));
            }
        }
    }
}

/// The library index of the user pack stored at `path`.
fn index_of(library: &PackLibrary, path: &Path) -> Option<usize> {
    library
        .packs
        .iter()
        .position(|p| p.source == PackSource::User(path.to_path_buf()))
}

/// One thing wrong with the editor's pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorProblem {
    /// The question it concerns (0-based), or `None` for the pack's own fields.
    pub question: Option<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// What is wrong with a draft, worded for the user; empty when it can be saved.
fn problems(draft: &PackDraft) -> Vec<EditorProblem> {
    pack::validate(&draft.to_pack())
        .into_iter()
        .map(|p| EditorProblem {
            question: match p.place {
                pack::Place::Question { index, .. } => Some(index),
                pack::Place::Pack(_) => None,
            },
            message: p.message,
        })
        .collect()
}

/// A safe file name for an export: the title's letters and digits, then the format's suffix.
pub fn suggested_file_name(title: &str, format: ExportFormat) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
        if stem.len() >= 40 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    let stem = if stem.is_empty() { "pack" } else { stem };
    format!("{stem}{}", format.suffix())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_never_carry_path_characters() {
        assert_eq!(
            suggested_file_name("../../etc/passwd", ExportFormat::Json),
            "etc-passwd.pack.json"
        );
        assert_eq!(
            suggested_file_name("Mes questions é!", ExportFormat::Csv),
            "mes-questions.csv"
        );
        assert_eq!(suggested_file_name("???", ExportFormat::Csv), "pack.csv");
    }
}
