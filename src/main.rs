//! `rehearse`: with no subcommand, opens the window; subcommands work without one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rehearse::data_dir::DataDir;

/// The version and the commit it was built from, e.g. "0.1.0 (commit 1a2b3c4)".
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("REHEARSE_COMMIT"),
    ")"
);

/// Rehearse job interviews offline: timed questions, recorded answers, honest delivery metrics.
#[derive(Parser)]
#[command(name = "rehearse", version = VERSION, about)]
struct Cli {
    /// Pack files to preview for import when the window opens (a file manager passes the
    /// *.pack.json file opened with Rehearse).
    #[arg(value_name = "PACK_FILE")]
    pack_files: Vec<PathBuf>,
    /// Keep all data (sessions, imported packs, settings) in DIR.
    #[arg(long, global = true, env = "REHEARSE_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Delivery metrics of WAV files (pauses, pace, loudness, clipping, pitch).
    Analyze {
        /// One JSON object per file per line instead of a table.
        #[arg(long)]
        json: bool,
        /// WAV files to analyse.
        #[arg(required = true, value_name = "FILE.wav")]
        files: Vec<PathBuf>,
    },
    /// Export sessions: an HTML or Markdown report, a CSV of every take, or a zip of the folder.
    Export {
        /// html, md, csv or zip; default: the extension of PATH, else html.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(
            rehearse::session::export::FORMATS.iter().map(|f| f.name)))]
        format: Option<String>,
        /// Session folders (each holds a session.json).
        #[arg(required = true, value_name = "SESSION_DIR")]
        sessions: Vec<PathBuf>,
        /// The file to write; a folder for one HTML, Markdown or zip file per session when
        /// several sessions are given (CSV always writes one file).
        #[arg(short, long = "output", value_name = "PATH")]
        output: PathBuf,
        /// Put the takes' videos into a zip too (left out by default; reports never hold them).
        #[arg(long)]
        with_video: bool,
    },
    /// Check or import question packs.
    #[command(subcommand, after_help = rehearse::pack::import_formats_help())]
    Pack(PackCommand),
    /// Speech models for transcripts (Whisper, run on this computer).
    #[command(subcommand)]
    Model(ModelCommand),
    /// The neural interviewer's voice (Piper, run on this computer).
    #[command(subcommand)]
    Voice(VoiceCommand),
    /// Transcribe WAV files with Whisper on this computer: the text, or JSON lines with the
    /// words and their times.
    Transcribe {
        /// One JSON object per file per line (file, model, duration_s, text, words with
        /// start_s and end_s) instead of the text.
        #[arg(long)]
        json: bool,
        /// tiny.en, base, own (installed with `model install --file`) or a ggml model file;
        /// default: own, else base, else tiny.en, whichever is installed.
        #[arg(long, value_name = "tiny.en|base|own|PATH")]
        model: Option<String>,
        /// CPU threads for whisper.cpp.
        #[arg(long, default_value_t = 1, value_name = "N",
              value_parser = clap::value_parser!(u16).range(1..=64))]
        threads: u16,
        /// WAV files to transcribe.
        #[arg(required = true, value_name = "FILE.wav")]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Install a speech model into the data folder's models/: Whisper tiny.en (or base)
    /// converted from the files scripts/fetch-model.sh downloads, or your own ggml Whisper
    /// file. Prints the model's path; a second run does nothing.
    Install {
        /// Whisper base (multilingual, slower, more accurate) instead of tiny.en.
        #[arg(long, conflicts_with = "file")]
        base: bool,
        /// The folder with the CTranslate2 model.bin and vocabulary.txt (default: where
        /// scripts/fetch-model.sh puts them, ~/.cache/rehearse/ct2/NAME).
        #[arg(long, value_name = "DIR", conflicts_with = "file")]
        from: Option<PathBuf>,
        /// Your own ggml Whisper model file (as whisper.cpp uses), checked and copied.
        #[arg(long, value_name = "PATH")]
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum VoiceCommand {
    /// Install the neural voice into the data folder's models/ from the files
    /// `scripts/fetch-model.sh --voice` unpacks, each checked by sha256. Prints its folder; a
    /// second run copies nothing.
    Install {
        /// The folder with the voice's files (default: where scripts/fetch-model.sh --voice
        /// puts them, ~/.cache/rehearse/voice/joe-medium).
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PackCommand {
    /// Check pack files (formats below); exit code 1 if any is invalid.
    #[command(after_help = rehearse::pack::import_formats_help())]
    Validate {
        /// Pack files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Import a pack file (formats below) into the data directory.
    #[command(after_help = rehearse::pack::import_formats_help())]
    Import {
        /// The pack file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data_dir = DataDir::resolve(cli.data_dir);
    match cli.command {
        None => match rehearse::ui::run(data_dir, cli.pack_files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("rehearse: could not open the window: {e}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Analyze { json, files }) => rehearse::analysis::cli::run(&files, json),
        Some(Command::Export {
            format,
            sessions,
            output,
            with_video,
        }) => export(format.as_deref(), &sessions, &output, with_video),
        Some(Command::Pack(PackCommand::Validate { files })) => {
            rehearse::pack::cli::validate(&files)
        }
        Some(Command::Pack(PackCommand::Import { file })) => {
            rehearse::pack::cli::import(&data_dir, &file)
        }
        Some(Command::Model(ModelCommand::Install { base, from, file })) => {
            rehearse::transcribe::cli::install(&data_dir, base, from.as_deref(), file.as_deref())
        }
        Some(Command::Voice(VoiceCommand::Install { from })) => install_voice(&data_dir, from),
        Some(Command::Transcribe {
            json,
            model,
            threads,
            files,
        }) => rehearse::transcribe::cli::transcribe(
            &data_dir,
            model.as_deref(),
            &files,
            json,
            usize::from(threads),
        ),
    }
}

/// `rehearse export`: prints what was written, or the error and exits 1.
fn export(
    format: Option<&str>,
    sessions: &[PathBuf],
    output: &std::path::Path,
    videos: bool,
) -> ExitCode {
    use rehearse::session::export::{self, ExportFormat, ExportOptions};
    let format = format
        .and_then(ExportFormat::from_name)
        .or_else(|| ExportFormat::from_path(output))
        .unwrap_or(ExportFormat::Html);
    match export::export_with(format, sessions, output, ExportOptions { videos }) {
        Ok(summary) => {
            for file in &summary.files {
                println!("{}", file.display());
            }
            let plural = |n: usize, word: &str| match n {
                1 => format!("1 {word}"),
                n => format!("{n} {word}s"),
            };
            eprintln!(
                "rehearse: exported {} ({}) as {}.",
                plural(summary.sessions, "session"),
                plural(summary.takes, "take"),
                format.label()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rehearse: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `rehearse voice install`: prints the voice's folder, or why it could not be installed.
fn install_voice(data_dir: &DataDir, from: Option<PathBuf>) -> ExitCode {
    use rehearse::audio::neural_voice;
    let Some(from) = from.or_else(neural_voice::default_source) else {
        eprintln!("rehearse voice install: no cache folder here; name one with --from");
        return ExitCode::FAILURE;
    };
    match neural_voice::install(&data_dir.models(), &from) {
        Ok(dir) => {
            println!("{}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rehearse voice install: {e}");
            ExitCode::FAILURE
        }
    }
}
