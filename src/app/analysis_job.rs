//! Delivery metrics of one take, computed on a background thread owned by a handle.

use std::path::PathBuf;

use crate::analysis::Metrics;
use crate::app::Repaint;
use crate::app::worker::Worker;

/// A running analysis; dropping it waits for the thread to end.
pub struct AnalysisJob {
    /// Session question index of the take.
    pub index: usize,
    /// Take number.
    pub take: u32,
    worker: Worker<Result<Metrics, String>>,
}

impl AnalysisJob {
    /// Starts analysing `wav`; `repaint` is called when the result is ready.
    pub fn spawn(wav: PathBuf, index: usize, take: u32, repaint: Option<Repaint>) -> Self {
        let name = format!("analysis q{}-{take}", index + 1);
        let worker = Worker::spawn_notifying(name, repaint, move || {
            crate::analysis::analyze_file(&wav).map_err(|e| e.to_string())
        });
        Self {
            index,
            take,
            worker,
        }
    }

    /// The result, once, when it is ready.
    pub fn poll(&mut self) -> Option<Result<Metrics, String>> {
        self.worker
            .finished(|| Err("the analysis stopped without a result".to_owned()))
    }
}

/// A finished analysis of a take in the session folder it names.
pub struct Finished {
    /// The session folder.
    pub dir: PathBuf,
    /// Session question index of the take.
    pub index: usize,
    /// Take number.
    pub take: u32,
    /// The metrics, or why there are none.
    pub result: Result<Metrics, String>,
}

/// Removes the analyses that have ended from `jobs` and returns their results.
pub fn take_finished(jobs: &mut Vec<(PathBuf, AnalysisJob)>) -> Vec<Finished> {
    let mut done = Vec::new();
    jobs.retain_mut(|(dir, job)| match job.poll() {
        Some(result) => {
            done.push(Finished {
                dir: dir.clone(),
                index: job.index,
                take: job.take,
                result,
            });
            false
        }
        None => true,
    });
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropping_a_job_waits_for_its_thread() {
        let dir = tempfile::tempdir().unwrap();
        let wav = dir.path().join("q01.wav");
        crate::app::tests::write_tone_wav(&wav, 16_000, 5);
        let job = AnalysisJob::spawn(wav, 0, 1, None);
        let alive = job.worker.liveness();
        drop(job);
        assert!(alive.upgrade().is_none(), "the analysis outlived its job");
    }
}
