//! `rehearse analyze`: metrics of WAV files as a table or JSON lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{AnalysisError, Metrics, analyze_wav, bad_file};
use crate::wav;

/// Analyses each file; prints a table (or JSON lines); exit code 1 if any file failed. A file
/// cut short (its header promises more than it holds) is analysed as far as it goes, with a
/// warning on stderr.
pub fn run(files: &[PathBuf], json: bool) -> ExitCode {
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in files {
        match analyze_warning_if_cut(file) {
            Ok(m) => {
                let line = if json {
                    json_line(file, &m)
                } else {
                    table(file, &m)
                };
                let _ = writeln!(out, "{line}");
            }
            Err(e) => {
                failed = true;
                eprintln!("rehearse analyze: {e}");
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn analyze_warning_if_cut(file: &std::path::Path) -> Result<Metrics, AnalysisError> {
    let reader = wav::open(file).map_err(|e| bad_file(file, e.to_string()))?;
    let info = *reader.info();
    if let Some(warning) = info.cut_short_warning(file, "analysing") {
        eprintln!("rehearse analyze: warning: {warning}");
    }
    analyze_wav(reader, file)
}

fn json_line(file: &std::path::Path, m: &Metrics) -> String {
    let mut value = serde_json::to_value(m).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "file".into(),
            serde_json::Value::String(file.display().to_string()),
        );
    }
    value.to_string()
}

fn table(file: &std::path::Path, m: &Metrics) -> String {
    let opt = |v: Option<f64>, unit: &str| {
        v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.1}{unit}"))
    };
    let pitch = match (m.pitch_median_hz, m.pitch_spread_st, m.monotone) {
        (Some(f0), Some(spread), Some(flat)) => format!(
            "median {f0:.0} Hz, spread {spread:.1} semitones ({})",
            if flat { "monotone" } else { "varied" }
        ),
        _ => "too little voiced speech to measure".into(),
    };
    let background = match (m.noise_floor_dbfs, m.snr_db) {
        (Some(noise), Some(snr)) => format!("background {noise:.1} dBFS (SNR {snr:.1} dB)"),
        _ => "no background measured (no pause)".to_string(),
    };
    let mut lines = vec![
        file.display().to_string(),
        format!(
            "  time       {:.2} s: speech {:.2} s, silence {:.2} s (leading {:.2} s, trailing {:.2} s)",
            m.duration_s,
            m.speech_time_s,
            m.silence_time_s,
            m.leading_silence_s,
            m.trailing_silence_s
        ),
        format!(
            "  pauses     {} of 0.25 s or more, {} of 1 s or more, longest {:.2} s",
            m.pauses.len(),
            m.pauses_ge_1s,
            m.longest_pause_s
        ),
        format!(
            "  rate       {} syllables, {:.2} syl/s overall, {:.2} syl/s while speaking, ≈ {:.0} wpm (estimate)",
            m.syllables, m.speech_rate_syl_s, m.articulation_rate_syl_s, m.est_wpm
        ),
        format!(
            "  loudness   speech {:.1} dBFS, {background}, peak {:.1} dBFS, {}",
            m.speech_rms_dbfs,
            m.peak_dbfs,
            opt(m.lufs, " LUFS")
        ),
        format!("  clipping   {} samples at full scale", m.clipped_samples),
        format!("  pitch      {pitch}"),
    ];
    for p in &m.pauses {
        lines.push(format!(
            "             pause {:7.2}–{:7.2} s ({:.2} s)",
            p.start_s,
            p.end_s,
            p.end_s - p.start_s
        ));
    }
    lines.join("\n")
}
