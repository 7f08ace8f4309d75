//! The progress screen's state: the index of every session's figures, brought up to date on a
//! thread each time the screen opens, the filters, and the charts and question histories
//! computed from them when either changes (not per frame).

pub mod index;
pub mod series;

use std::collections::{HashMap, HashSet};

use crate::analysis::Thresholds;
use crate::app::log::log_error;
use crate::app::worker::{Poll, Worker};
use crate::app::{App, Command, Repaint, Screen};
use crate::data_dir::DataDir;
use crate::pack::QuestionType;
use crate::session::SessionStore;

use self::index::{ProgressIndex, Refresh};
use self::series::{Filter, ProgressView};

/// What the progress screen asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ProgressCommand {
    /// Count only this pack's questions (`None`: every pack).
    FilterPack(Option<String>),
    /// Count only questions of this type (`None`: every type).
    FilterKind(Option<QuestionType>),
    /// Leave the screen for setup.
    Close,
}

/// The sentence shown when the sessions could not be read at all.
pub const NOT_READ: &str = "Your progress could not be read. Your sessions are untouched; \
     close this screen and open it again, and if it happens again, see the log in the data folder.";

/// The progress screen's state.
pub struct Progress {
    data_dir: DataDir,
    store: SessionStore,
    thresholds: Thresholds,
    pack_titles: HashMap<String, String>,
    index: Option<ProgressIndex>,
    reading: Option<Worker<(ProgressIndex, Refresh)>>,
    read_again: bool,
    repaint: Option<Repaint>,
    last_refresh: Option<Refresh>,
    filter: Filter,
    view: ProgressView,
    problem: Option<String>,
    /// Unreadable session folders already written to the log.
    logged: HashSet<String>,
}

impl Progress {
    /// The progress of the sessions in `store`, indexed in `data_dir` (read on [`Progress::open`]).
    pub fn new(data_dir: &DataDir, store: SessionStore) -> Self {
        Self {
            data_dir: data_dir.clone(),
            store,
            thresholds: Thresholds::default(),
            pack_titles: HashMap::new(),
            index: None,
            reading: None,
            read_again: false,
            repaint: None,
            last_refresh: None,
            filter: Filter::default(),
            view: ProgressView::default(),
            problem: None,
            logged: HashSet::new(),
        }
    }

    /// Brings the index up to date on a thread, with these targets and pack titles (id →
    /// title); the charts shown stay until it is done. Asked during a read, reads again after.
    pub fn open(
        &mut self,
        thresholds: Thresholds,
        pack_titles: impl IntoIterator<Item = (String, String)>,
        repaint: Option<Repaint>,
    ) {
        self.pack_titles = pack_titles.into_iter().collect();
        if self.thresholds != thresholds {
            self.thresholds = thresholds;
            self.index = None;
        }
        self.repaint = repaint;
        if self.reading.is_some() {
            self.read_again = true;
            return;
        }
        let (root, store, thresholds) = (
            self.data_dir.root().to_path_buf(),
            self.store.clone(),
            self.thresholds.clone(),
        );
        self.reading = Some(Worker::spawn_notifying(
            "progress-index".to_owned(),
            self.repaint.clone(),
            move || ProgressIndex::open(&root, &store, &thresholds),
        ));
    }

    /// Takes a finished read: the new index, its charts, and its problems in the log.
    pub fn logic(&mut self) {
        let Some(reading) = &mut self.reading else {
            return;
        };
        match reading.poll() {
            Poll::Pending => return,
            Poll::Lost => {
                log_error(
                    &self.data_dir,
                    "progress index",
                    "the reading thread ended early",
                );
                self.problem = Some(NOT_READ.to_owned());
            }
            Poll::Ready((index, refresh)) => {
                for (context, detail) in [
                    ("progress index unreadable, rebuilt", &refresh.index_problem),
                    ("writing the progress index", &refresh.write_error),
                ] {
                    if let Some(detail) = detail {
                        log_error(&self.data_dir, context, detail);
                    }
                }
                for u in &index.unreadable {
                    if self.logged.insert(u.folder.clone()) {
                        log_error(&self.data_dir, "progress: a session left out", &u.error);
                    }
                }
                self.problem = None;
                self.index = Some(index);
                self.last_refresh = Some(refresh);
                self.keep_filter_valid();
                self.rebuild_view();
            }
        }
        self.reading = None;
        if std::mem::take(&mut self.read_again) {
            let titles: Vec<_> = self.pack_titles.drain().collect();
            self.open(self.thresholds.clone(), titles, self.repaint.clone());
        }
    }

    /// Carries out a command; whether the screen should close.
    pub fn apply(&mut self, command: ProgressCommand) -> bool {
        match command {
            ProgressCommand::FilterPack(pack) => self.filter.pack = pack,
            ProgressCommand::FilterKind(kind) => self.filter.kind = kind,
            ProgressCommand::Close => return true,
        }
        self.rebuild_view();
        false
    }

    /// A filter naming a pack or type no longer in the index is cleared.
    fn keep_filter_valid(&mut self) {
        let Some(index) = &self.index else {
            return;
        };
        let answers = || index.sessions.iter().flat_map(|s| &s.answers);
        if let Some(pack) = &self.filter.pack
            && !answers().any(|a| a.pack_id == *pack)
        {
            self.filter.pack = None;
        }
        if let Some(kind) = &self.filter.kind
            && !answers().any(|a| a.kind == *kind)
        {
            self.filter.kind = None;
        }
    }

    fn rebuild_view(&mut self) {
        if let Some(index) = &self.index {
            self.view = series::build(index, &self.filter, &self.thresholds);
        }
    }

    /// Whether the index is being read.
    pub fn is_loading(&self) -> bool {
        self.reading.is_some()
    }

    /// The index as last read (`None` before the first read ends).
    pub fn index(&self) -> Option<&ProgressIndex> {
        self.index.as_ref()
    }

    /// The charts and histories under the current filter.
    pub fn view(&self) -> &ProgressView {
        &self.view
    }

    /// The targets the metrics are judged against.
    pub fn thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// The filters in effect.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The pack's title (its id where it is no longer in the library).
    pub fn pack_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.pack_titles.get(id).map_or(id, String::as_str)
    }

    /// What the last read did (tests and the benchmark read it).
    pub fn last_refresh(&self) -> Option<&Refresh> {
        self.last_refresh.as_ref()
    }

    /// The sentence to show when the sessions could not be read.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }
}

impl App {
    /// The progress screen's state.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Each library pack's id and title.
    pub(super) fn pack_titles(&self) -> Vec<(String, String)> {
        let packs = self.packs.library.packs.iter();
        packs
            .map(|p| (p.pack.id.clone(), p.pack.title.clone()))
            .collect()
    }

    /// Opens the progress screen (reading the index anew), or carries out one of its commands.
    pub(super) fn apply_progress(&mut self, command: Command) {
        match command {
            Command::OpenProgress => {
                let thresholds = self.settings.thresholds.clone();
                let titles = self.pack_titles();
                self.progress.open(thresholds, titles, self.repaint.clone());
                self.go(Screen::Progress);
            }
            Command::Progress(command) => {
                let close = self.progress.apply(command);
                if close {
                    self.go(Screen::Setup);
                }
            }
            _ => {}
        }
    }
}
