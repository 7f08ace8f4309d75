//! Delivery metrics of one take, computed on a background thread owned by a handle.

use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;

use crate::analysis::Metrics;

/// A running analysis; dropping it waits for the thread to end.
pub struct AnalysisJob {
    /// Session question index of the take.
    pub index: usize,
    /// Take number.
    pub take: u32,
    rx: mpsc::Receiver<Result<Metrics, String>>,
    thread: Option<JoinHandle<()>>,
}

impl AnalysisJob {
    /// Starts analysing `wav`; `repaint` is asked for a repaint when the result is ready.
    pub fn spawn(wav: PathBuf, index: usize, take: u32, repaint: Option<egui::Context>) -> Self {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name(format!("analysis q{}-{take}", index + 1))
            .spawn(move || {
                let result = crate::analysis::analyze_file(&wav).map_err(|e| e.to_string());
                let _ = tx.send(result);
                if let Some(ctx) = repaint {
                    ctx.request_repaint();
                }
            });
        let (thread, rx) = match thread {
            Ok(t) => (Some(t), rx),
            Err(e) => {
                let (tx, rx) = mpsc::channel();
                let _ = tx.send(Err(format!("could not start the analysis: {e}")));
                (None, rx)
            }
        };
        Self {
            index,
            take,
            rx,
            thread,
        }
    }

    /// The result, once, when it is ready.
    pub fn poll(&mut self) -> Option<Result<Metrics, String>> {
        match self.rx.try_recv() {
            Ok(result) => Some(result),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                Some(Err("the analysis stopped without a result".to_owned()))
            }
        }
    }
}

impl Drop for AnalysisJob {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
