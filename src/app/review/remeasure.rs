//! Takes of an opened session whose delivery metrics are missing or came from an older
//! analysis: measured again in the background, shown when ready, and saved back to the
//! session where the store may write (the same rule as recovery: [`missing_metrics`]).

use crate::app::analysis_job::{AnalysisJob, Finished, take_finished};
use crate::app::log::log_error;
use crate::app::recovery::missing_metrics;

use super::Review;

impl Review {
    /// Starts measuring the opened session's stale takes again. Jobs of sessions opened
    /// before run on (dropping one would wait for it) and save their results when done.
    pub(super) fn start_remeasure(&mut self) {
        let Some(opened) = &self.opened else { return };
        for (index, take, wav) in missing_metrics(&opened.dir, &opened.session) {
            let running = self
                .remeasure
                .iter()
                .any(|(dir, job)| *dir == opened.dir && job.index == index && job.take == take);
            if !running {
                let job = AnalysisJob::spawn(wav, index, take, None);
                self.remeasure.push((opened.dir.clone(), job));
            }
        }
    }

    /// Saves finished measurements into their sessions and shows them if the session is open.
    pub(super) fn poll_remeasure(&mut self) {
        for Finished {
            dir,
            index,
            take: number,
            result,
        } in take_finished(&mut self.remeasure)
        {
            match result {
                Ok(metrics) => {
                    self.update_take(&dir, (index, number), "a take measured again", |take| {
                        take.metrics = Some(metrics.clone());
                    })
                }
                Err(e) => log_error(&self.data_dir, "measuring a take again", &e),
            }
        }
    }

    /// Whether takes are being measured again.
    pub fn is_remeasuring(&self) -> bool {
        !self.remeasure.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use crate::analysis::{ALGORITHM_VERSION, analyze_file};
    use crate::app::review::Review;
    use crate::app::review::tests::one_recorded_take;
    use crate::data_dir::DataDir;
    use crate::session::SessionStore;

    /// A session of one answered question whose take has metrics of algorithm version 1, in
    /// a new data folder (removed with the returned guard).
    fn session_with_old_metrics() -> (tempfile::TempDir, DataDir, std::path::PathBuf) {
        one_recorded_take(|session, wav| {
            let mut old = analyze_file(wav).unwrap();
            old.algorithm_version = 1;
            old.snr_db = Some(100.0);
            session.questions[0].takes[0].metrics = Some(old);
        })
    }

    #[test]
    fn opening_a_session_measures_takes_of_an_older_algorithm_again_and_saves_them() {
        let (_root, data, dir) = session_with_old_metrics();
        let mut review = Review::new(&data);
        review.open(dir.clone());
        assert!(review.is_remeasuring() && review.is_busy());
        let deadline = Instant::now() + Duration::from_secs(30);
        while review.is_remeasuring() {
            assert!(
                Instant::now() < deadline,
                "the take was never measured again"
            );
            std::thread::sleep(Duration::from_millis(5));
            review.logic();
        }
        let shown = review.opened().unwrap();
        let metrics = shown.session.questions[0].takes[0]
            .metrics
            .as_ref()
            .unwrap();
        assert_eq!(metrics.algorithm_version, ALGORITHM_VERSION);
        assert_ne!(metrics.snr_db, Some(100.0));
        let saved = SessionStore::new(data.sessions()).load(&dir).unwrap();
        let saved = saved.questions[0].takes[0].metrics.as_ref().unwrap();
        // (JSON keeps floats to about the last bit, so compare what is exact.)
        assert_eq!(saved.algorithm_version, ALGORITHM_VERSION);
        assert_eq!(saved.snr_db.is_some(), metrics.snr_db.is_some());
        assert_ne!(saved.snr_db, Some(100.0));
    }

    #[test]
    fn current_metrics_are_not_measured_again() {
        let (_root, data, dir) = session_with_old_metrics();
        let store = SessionStore::new(data.sessions());
        let mut session = store.load(&dir).unwrap();
        session.questions[0].takes[0]
            .metrics
            .as_mut()
            .unwrap()
            .algorithm_version = ALGORITHM_VERSION;
        store.save(&dir, &session).unwrap();
        let mut review = Review::new(&data);
        review.open(dir);
        assert!(!review.is_remeasuring());
    }
}
