//! `rehearse transcribe` and `rehearse model install`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::engine::{Engine, Options, Transcript};
use super::model::{self, ModelError, Outcome, Pinned};
use crate::data_dir::DataDir;
use crate::wav;

/// Transcribes each file with the model `choice` (see [`model::resolve`]) on `threads`
/// threads; prints the text (each file's name first when there are several), or one JSON
/// object per file per line. A broken file is named on stderr and the others still run (exit
/// code 1); a file cut short is transcribed as far as it goes, with a warning. With no model
/// installed, one line says how to install one.
pub fn transcribe(
    data: &DataDir,
    choice: Option<&str>,
    files: &[PathBuf],
    json: bool,
    threads: usize,
) -> ExitCode {
    let loaded = model::resolve(&data.models(), choice)
        .and_then(|(name, path)| Engine::load(&path).map(|engine| (name, engine)));
    let (name, engine) = match loaded {
        Ok(found) => found,
        Err(e) => {
            eprintln!("rehearse transcribe: {e}");
            return ExitCode::FAILURE;
        }
    };
    let options = Options {
        threads,
        ..Options::default()
    };
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in files {
        match transcribe_file(&engine, &options, file) {
            Ok((duration_s, transcript)) => {
                let text = if json {
                    json_line(file, &name, duration_s, &transcript)
                } else if files.len() > 1 {
                    format!("{}\n{}", file.display(), transcript.text)
                } else {
                    transcript.text
                };
                let _ = writeln!(out, "{text}");
                let _ = out.flush();
            }
            Err(message) => {
                failed = true;
                eprintln!("rehearse transcribe: {}: {message}", file.display());
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads, resamples and transcribes one file in pieces cut at pauses ([`super::pieces`]): its
/// length in seconds and its transcript.
fn transcribe_file(
    engine: &Engine,
    options: &Options,
    file: &Path,
) -> Result<(f64, Transcript), String> {
    let reader = wav::open(file).map_err(|e| e.to_string())?;
    let info = *reader.info();
    if info.spec.sample_rate < 4000 {
        return Err(format!(
            "sample rate {} Hz is too low for speech (need ≥ 4000 Hz)",
            info.spec.sample_rate
        ));
    }
    if let Some(warning) = info.cut_short_warning(file, "transcribing") {
        eprintln!("rehearse transcribe: warning: {warning}");
    }
    let samples = super::read_16k(reader).map_err(|e| e.to_string())?;
    // in pieces cut at pauses, as the window does: one call on a long file left sentences out
    let transcript =
        super::pieces::transcribe(engine, &samples, options).map_err(|e| e.to_string())?;
    Ok((info.duration_s(), transcript))
}

/// One file's line of `--json`, keys in this order.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    file: String,
    model: &'a str,
    duration_s: f64,
    text: &'a str,
    words: &'a [crate::analysis::words::TimedWord],
}

fn json_line(file: &Path, model: &str, duration_s: f64, t: &Transcript) -> String {
    serde_json::to_string(&JsonLine {
        file: file.display().to_string(),
        model,
        duration_s,
        text: &t.text,
        words: &t.words,
    })
    .unwrap_or_default()
}

/// `rehearse model install`: the user's own ggml file (`file`), or the pinned tiny.en (base
/// with `base`) converted from the CTranslate2 files in `from` (default: where
/// `scripts/fetch-model.sh` puts them). Prints the model's path on stdout and what was done
/// on stderr; a second run finds it installed and writes nothing.
pub fn install(data: &DataDir, base: bool, from: Option<&Path>, file: Option<&Path>) -> ExitCode {
    let started = Instant::now();
    let done = match file {
        Some(file) => install_own(data, file),
        None => install_pinned(
            data,
            if base { &model::BASE } else { &model::TINY_EN },
            from,
        ),
    };
    match done {
        Ok((outcome, what)) => {
            let size = std::fs::metadata(outcome.path()).map_or(0, |m| m.len());
            let path = outcome.path().display();
            match outcome {
                Outcome::Installed(_) => eprintln!(
                    "rehearse: installed {what} ({:.0} MB) as {path} in {:.1} s",
                    size as f64 / 1e6,
                    started.elapsed().as_secs_f64()
                ),
                Outcome::AlreadyInstalled(_) => {
                    eprintln!("rehearse: {what} is already installed as {path}")
                }
            }
            println!("{path}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rehearse model install: {e}");
            ExitCode::FAILURE
        }
    }
}

fn install_pinned(
    data: &DataDir,
    pinned: &Pinned,
    from: Option<&Path>,
) -> Result<(Outcome, String), ModelError> {
    let source = from
        .map(Path::to_path_buf)
        .or_else(|| model::default_source(pinned))
        .unwrap_or_default();
    let outcome = model::install_pinned(&data.models(), pinned, &source)?;
    Ok((outcome, format!("Whisper {}", pinned.name)))
}

fn install_own(data: &DataDir, file: &Path) -> Result<(Outcome, String), ModelError> {
    // loading it is the proof that whisper.cpp takes it
    let engine = Engine::load(file)?;
    let what = format!("your Whisper {} model", engine.facts().size_name());
    drop(engine);
    let (outcome, _) = model::install_file(&data.models(), file)?;
    Ok((outcome, what))
}
