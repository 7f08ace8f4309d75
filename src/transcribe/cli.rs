//! `rehearse model install`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use super::model::{self, ModelError, Outcome, Pinned};
use crate::data_dir::DataDir;

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
    let (outcome, facts) = model::install_file(&data.models(), file)?;
    Ok((outcome, format!("your Whisper {} model", facts.size_name())))
}
