//! A camera pipeline opened on its own thread. Opening can take a second or two on a real
//! camera (the device monitor, the driver, the pipeline reaching PLAYING, bounded at 2 s by
//! `play`), and the window must keep drawing and timing meanwhile: the self-view shows
//! "Starting the camera…" until the first frame arrives.
//!
//! Openings take turns ([`OPENING`]), and one given up is closed before the next opens: a
//! camera is usually opened by one pipeline at a time, so the setup self-view still opening
//! when the first answer starts must be closed before the answer's recording opens it.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::{SelfView, VideoError};

/// Held while a camera pipeline opens, and while an opening given up closes it.
static OPENING: Mutex<()> = Mutex::new(());

/// The opening is under way.
const UNDER_WAY: u8 = 0;
/// Its owner gave it up: the thread closes what it opened.
const GIVEN_UP: u8 = 1;
/// The thread hands what it opened to its owner.
const HANDED_OVER: u8 = 2;

/// A camera pipeline being opened; [`Opening::poll`] hands it over once it is open.
pub struct Opening<T> {
    thread: Option<JoinHandle<Result<T, VideoError>>>,
    state: Arc<AtomicU8>,
    view: SelfView,
}

impl<T: Send + 'static> Opening<T> {
    /// Runs `open` on a new thread, in turn with other openings; `view` is the self-view it
    /// fills.
    pub(super) fn spawn(
        view: SelfView,
        open: impl FnOnce(SelfView) -> Result<T, VideoError> + Send + 'static,
    ) -> Self {
        let state = Arc::new(AtomicU8::new(UNDER_WAY));
        let (theirs, flag) = (view.clone(), state.clone());
        let thread = std::thread::Builder::new()
            .name("camera-open".into())
            .spawn(move || {
                let _turn = OPENING.lock().unwrap_or_else(|e| e.into_inner());
                let opened = open(theirs);
                match flag.compare_exchange(
                    UNDER_WAY,
                    HANDED_OVER,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                ) {
                    Ok(_) => opened,
                    Err(_) => {
                        drop(opened); // closed before the next opening's turn
                        Err(VideoError::Unavailable("given up".into()))
                    }
                }
            })
            .ok();
        Self {
            thread,
            state,
            view,
        }
    }
}

impl<T> Opening<T> {
    /// The self-view the pipeline fills (no frame until the camera is open).
    pub fn view(&self) -> &SelfView {
        &self.view
    }

    /// The open pipeline, or why it could not open, once the opening has ended (then the
    /// handle is spent); `None` while it is still opening.
    pub fn poll(&mut self) -> Option<Result<T, VideoError>> {
        if self.thread.as_ref().is_some_and(|t| !t.is_finished()) {
            return None;
        }
        Some(self.join())
    }

    /// Waits for the opening to end (at most about 2 s past a slow driver).
    pub fn wait(mut self) -> Result<T, VideoError> {
        self.join()
    }

    fn join(&mut self) -> Result<T, VideoError> {
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(VideoError::Unavailable("the camera thread panicked".into())),
            None => Err(VideoError::Unavailable(
                "no thread could be started to open the camera".into(),
            )),
        }
    }
}

impl<T> Drop for Opening<T> {
    /// Gives the opening up without waiting: the thread closes what it opens. If it has
    /// already handed it over, it is closed here (the thread is only returning).
    fn drop(&mut self) {
        let given_up = self
            .state
            .compare_exchange(UNDER_WAY, GIVEN_UP, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if !given_up && let Some(thread) = self.thread.take() {
            drop(thread.join());
        }
    }
}
