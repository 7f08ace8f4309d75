//! The error log: raw error details, one timestamped line each, in `<data dir>/rehearse.log`.
//!
//! Users see a plain sentence in the message bar; the detail behind it goes here. The file is
//! capped: once it passes [`MAX_LOG_BYTES`] it is renamed to `rehearse.log.1` (replacing the
//! previous one) and a new file is started.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use crate::data_dir::DataDir;

/// Size at which the log is rotated.
pub const MAX_LOG_BYTES: u64 = 256 * 1024;

/// The log file below `data_dir`.
pub fn log_path(data_dir: &DataDir) -> PathBuf {
    data_dir.root().join("rehearse.log")
}

/// Appends `<timestamp> <context>: <detail>` to the log; failures to log are ignored.
pub fn log_error(data_dir: &DataDir, context: &str, detail: &str) {
    let path = log_path(data_dir);
    if std::fs::create_dir_all(data_dir.root()).is_err() {
        return;
    }
    if std::fs::metadata(&path).is_ok_and(|m| m.len() >= MAX_LOG_BYTES) {
        let _ = std::fs::rename(&path, path.with_extension("log.1"));
    }
    let stamp = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z");
    let detail = detail.replace('\n', " | ");
    if let Ok(mut file) = OpenOptions::new().create(true).append(true).open(&path) {
        let _ = writeln!(file, "{stamp} {context}: {detail}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_timestamped_lines() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path().join("data"));
        log_error(
            &data,
            "playback",
            "snd_pcm_avail_delay failed\nwith error 5",
        );
        log_error(&data, "save", "No space left on device (os error 28)");
        let text = std::fs::read_to_string(log_path(&data)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("20"), "{}", lines[0]);
        assert!(lines[0].ends_with("playback: snd_pcm_avail_delay failed | with error 5"));
        assert!(lines[1].ends_with("save: No space left on device (os error 28)"));
    }

    #[test]
    fn rotates_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let data = DataDir::new(dir.path());
        let long = "x".repeat(4096);
        for _ in 0..(MAX_LOG_BYTES / 4096 + 2) {
            log_error(&data, "big", &long);
        }
        let size = std::fs::metadata(log_path(&data)).unwrap().len();
        assert!(size < MAX_LOG_BYTES, "{size}");
        assert!(dir.path().join("rehearse.log.1").exists());
    }
}
