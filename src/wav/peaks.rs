//! Waveform peaks in one streaming pass, cached beside the WAV (`q01.wav` → `q01.peaks.json`).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::{BLOCK_FRAMES, WavError, open};

/// Largest absolute sample (any channel, full scale 1) in each of `columns` equal stretches of
/// the audio present; stretches past the end (a file shorter than `columns` frames) are 0.
pub fn peaks(path: &Path, columns: usize) -> Result<Vec<f32>, WavError> {
    let mut reader = open(path)?;
    let columns = columns.max(1);
    let per_column = reader.info().frames.div_ceil(columns as u64).max(1);
    let mut peaks = vec![0f32; columns];
    let mut block = Vec::new();
    for (column, peak) in peaks.iter_mut().enumerate() {
        reader.seek(column as u64 * per_column)?;
        let mut left = per_column;
        while left > 0 {
            let facts = reader.read_block(&mut block, left.min(BLOCK_FRAMES as u64) as usize)?;
            if facts.frames == 0 {
                break;
            }
            *peak = peak.max(facts.peak.min(1.0));
            left -= facts.frames as u64;
        }
    }
    Ok(peaks)
}

/// The cache file of `wav`'s peaks: `q01.wav` → `q01.peaks.json`.
pub fn cache_path(wav: &Path) -> PathBuf {
    wav.with_extension("peaks.json")
}

/// What the cache holds: the peaks and the WAV they were computed from.
#[derive(Debug, Serialize, Deserialize)]
struct PeaksCache {
    /// Length of the WAV, bytes.
    wav_bytes: u64,
    /// Modification time of the WAV, nanoseconds since 1970.
    wav_modified_ns: u128,
    peaks: Vec<f32>,
}

/// [`peaks`], reused from [`cache_path`] while the WAV keeps the length and modification time
/// recorded there (so a cache newer than an unchanged WAV); otherwise computed and the cache
/// rewritten. A cache that cannot be written (read-only folder) is skipped silently.
pub fn cached_peaks(path: &Path, columns: usize) -> Result<Vec<f32>, WavError> {
    let meta = std::fs::metadata(path)?;
    let stamp = (
        meta.len(),
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos()),
    );
    let cache = cache_path(path);
    let cached = std::fs::read(&cache)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<PeaksCache>(&bytes).ok())
        .filter(|c| (c.wav_bytes, c.wav_modified_ns) == stamp && c.peaks.len() == columns.max(1));
    if let Some(c) = cached {
        return Ok(c.peaks);
    }
    let peaks = peaks(path, columns)?;
    let record = PeaksCache {
        wav_bytes: stamp.0,
        wav_modified_ns: stamp.1,
        peaks,
    };
    let _ = write_atomically(&cache, &record);
    Ok(record.peaks)
}

fn write_atomically(path: &Path, record: &PeaksCache) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut file, record)?;
    file.persist(path)?;
    Ok(())
}
