//! A background thread with one result, owned by a handle that joins it on drop.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;

use super::Repaint;

/// What [`Worker::poll`] found.
#[derive(Debug, PartialEq)]
pub enum Poll<T> {
    /// Still working.
    Pending,
    /// The result (returned once).
    Ready(T),
    /// The thread ended without a result (it panicked or could not start).
    Lost,
}

/// What dropping an unfinished [`Worker`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnDrop {
    /// Wait for the thread to end.
    Join,
    /// Join if the thread has ended; otherwise let it run on, detached.
    JoinIfFinished,
}

/// A thread computing one value; dropping the handle joins the thread.
pub struct Worker<T> {
    result: Receiver<T>,
    thread: Option<JoinHandle<()>>,
    alive: Weak<()>,
    on_drop: OnDrop,
    ended: bool,
}

impl<T: Send + 'static> Worker<T> {
    /// Runs `work` on a thread named `name`; dropping the handle waits for it to end.
    pub fn spawn(name: String, work: impl FnOnce() -> T + Send + 'static) -> Self {
        Self::start(name, work, OnDrop::Join, None)
    }

    /// Like [`Worker::spawn`], and calls `repaint` once the result can be polled.
    pub fn spawn_notifying(
        name: String,
        repaint: Option<Repaint>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Self {
        Self::start(name, work, OnDrop::Join, repaint)
    }

    /// Runs `work` that cannot be interrupted and may wait on the user for any time (a native
    /// file dialog). Dropping the handle joins the thread once it has ended; a thread still
    /// waiting is detached instead, because nothing can close the dialog from outside, and
    /// joining would keep the closing window's process alive until the user answered a
    /// dialog that no longer has a window. Its result then goes to a closed channel.
    pub fn spawn_uninterruptible(name: String, work: impl FnOnce() -> T + Send + 'static) -> Self {
        Self::start(name, work, OnDrop::JoinIfFinished, None)
    }

    fn start(
        name: String,
        work: impl FnOnce() -> T + Send + 'static,
        on_drop: OnDrop,
        repaint: Option<Repaint>,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let token = Arc::new(());
        let alive = Arc::downgrade(&token);
        let thread = std::thread::Builder::new().name(name).spawn(move || {
            let _token = token;
            let _ = tx.send(work());
            if let Some(repaint) = repaint {
                repaint();
            }
        });
        Self {
            result: rx,
            // A thread that could not start drops its sender: `poll` reports `Lost`.
            thread: thread.ok(),
            alive,
            on_drop,
            ended: false,
        }
    }

    /// The result, once, when it is ready.
    pub fn poll(&mut self) -> Poll<T> {
        let poll = match self.result.try_recv() {
            Ok(value) => Poll::Ready(value),
            Err(TryRecvError::Empty) => Poll::Pending,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        };
        // Once the value is sent (or the sender gone) the thread only returns.
        self.ended |= !matches!(poll, Poll::Pending);
        poll
    }

    /// The result once the work has ended, with `lost` standing in where the thread ended
    /// without one; `None` while it is still working.
    pub fn finished(&mut self, lost: impl FnOnce() -> T) -> Option<T> {
        match self.poll() {
            Poll::Ready(value) => Some(value),
            Poll::Pending => None,
            Poll::Lost => Some(lost()),
        }
    }

    /// A weak reference held alive by the running thread; it no longer upgrades once the
    /// thread's work has ended (tests use it to check that drop joined).
    pub fn liveness(&self) -> Weak<()> {
        self.alive.clone()
    }
}

impl<T> Drop for Worker<T> {
    fn drop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        if self.on_drop == OnDrop::Join || self.ended || thread.is_finished() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn drop_joins_the_thread() {
        let worker = Worker::spawn("slow".into(), || {
            std::thread::sleep(Duration::from_millis(50));
            7
        });
        let alive = worker.liveness();
        drop(worker);
        assert!(alive.upgrade().is_none(), "the thread still ran after drop");
    }

    #[test]
    fn poll_returns_the_result_once() {
        let mut worker = Worker::spawn("quick".into(), || 7);
        let deadline = Instant::now() + Duration::from_secs(10);
        let value = loop {
            match worker.poll() {
                Poll::Ready(v) => break v,
                Poll::Pending => assert!(Instant::now() < deadline),
                Poll::Lost => panic!("lost"),
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(value, 7);
        assert_eq!(worker.poll(), Poll::Lost, "the thread has ended");
    }

    #[test]
    fn a_panicking_thread_is_reported_lost() {
        let mut worker: Worker<u8> = Worker::spawn("panics".into(), || panic!("test panic"));
        // Generous: with RUST_BACKTRACE set, the panic symbolises a backtrace of the whole
        // test binary first, which took over 10 s on a loaded 2-core machine.
        let deadline = Instant::now() + Duration::from_secs(60);
        while worker.poll() == Poll::Pending {
            assert!(Instant::now() < deadline);
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(worker.poll(), Poll::Lost);
    }

    #[test]
    fn an_uninterruptible_thread_that_answered_is_joined_on_drop() {
        let mut worker = Worker::spawn_uninterruptible("answers".into(), || {
            std::thread::sleep(Duration::from_millis(20));
            1
        });
        let alive = worker.liveness();
        while worker.poll() == Poll::Pending {
            std::thread::sleep(Duration::from_millis(1));
        }
        drop(worker);
        assert!(alive.upgrade().is_none());
    }

    #[test]
    fn an_uninterruptible_thread_still_waiting_does_not_block_drop() {
        let (release, wait) = mpsc::channel::<()>();
        let worker = Worker::spawn_uninterruptible("waits".into(), move || wait.recv().is_ok());
        let alive = worker.liveness();
        let started = Instant::now();
        drop(worker);
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(alive.upgrade().is_some(), "detached, still waiting");
        release.send(()).unwrap();
    }
}
