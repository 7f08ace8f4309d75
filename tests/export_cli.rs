//! `rehearse export` as a user runs it: the built binary on session folders with real WAVs.

mod support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use base64::Engine;
use rehearse::session::{RATING_ITEMS, Rating, SessionStatus, SessionStore, Take, TakeStatus};

fn rehearse(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rehearse"))
        .args(args)
        .env_remove("REHEARSE_DATA_DIR")
        .output()
        .expect("the binary runs")
}

/// `rehearse export ARGS…`; panics with its stderr unless it succeeds.
fn export_ok(args: &[&Path]) -> Output {
    let mut all: Vec<&std::ffi::OsStr> = vec!["export".as_ref()];
    all.extend(args.iter().map(|p| p.as_os_str()));
    let out = rehearse(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A 440 Hz tone of `seconds` at 48 kHz in `dir/name`; returns the file's bytes.
fn write_wav(dir: &Path, name: &str, seconds: f64) -> Vec<u8> {
    let path = dir.join(name);
    let samples = (0..(seconds * 48_000.0) as usize)
        .map(|i| ((i as f64 * 440.0 * std::f64::consts::TAU / 48_000.0).sin() * 9000.0) as i16);
    rehearse::wav::write_i16_mono(&path, 48_000, samples).unwrap();
    std::fs::read(path).unwrap()
}

fn take(number: u32, wav: Option<&str>, score: Option<u8>, note: &str) -> Take {
    let mut t = Take::recording(number, wav.map(str::to_owned), chrono::Utc::now(), 1.0);
    t.status = if wav.is_some() {
        TakeStatus::Recorded
    } else {
        TakeStatus::NotRecorded
    };
    t.answer_s = 0.5;
    t.audio_s = 0.5;
    t.rating = score.map(|s| Rating::new(RATING_ITEMS, &[Some(s); 7], note.into()));
    t
}

struct Sample {
    dir: PathBuf,
    /// The WAVs written, by file name.
    wavs: Vec<(String, Vec<u8>)>,
    takes: usize,
}

/// A session (the support fixture) in `root`: Q1 with two recorded takes, take 2 marked best;
/// Q2 answered without a microphone; Q3 unanswered. Q1's text has markup in it.
fn sample(root: &Path) -> Sample {
    let mut session = support::session::sample_session(&["general"], 3, "Why <b>you</b> & us");
    session.questions[0].takes = vec![
        take(1, Some("q01.wav"), Some(2), "rushed <i>"),
        take(2, Some("q01-take2.wav"), Some(4), "calmer"),
    ];
    session.questions[0].best_take = Some(2);
    session.questions[1].takes = vec![take(1, None, Some(3), "")];
    session.status = SessionStatus::Complete;
    let dir = SessionStore::new(root).create(&session).unwrap();
    let wavs = vec![
        ("q01.wav".to_owned(), write_wav(&dir, "q01.wav", 0.5)),
        (
            "q01-take2.wav".to_owned(),
            write_wav(&dir, "q01-take2.wav", 0.3),
        ),
    ];
    Sample {
        dir,
        wavs,
        takes: 3,
    }
}

/// The decoded `data:audio/wav` URIs of the `<audio>` elements, in order.
fn embedded_audio(html: &str) -> Vec<Vec<u8>> {
    html.split("<audio ")
        .skip(1)
        .map(|element| {
            let start = element
                .find("src=\"data:audio/wav;base64,")
                .expect("a data URI")
                + "src=\"data:audio/wav;base64,".len();
            let encoded = &element[start..start + element[start..].find('"').unwrap()];
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap()
        })
        .collect()
}

#[test]
fn the_html_report_has_a_player_per_recorded_take_charts_and_escaped_text() {
    let tmp = tempfile::tempdir().unwrap();
    let s = sample(&tmp.path().join("sessions"));
    let out = tmp.path().join("report.html");
    let run = export_ok(&[&s.dir, "-o".as_ref(), &out]);
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).trim(),
        out.display().to_string()
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let wavs: Vec<Vec<u8>> = s.wavs.iter().map(|(_, b)| b.clone()).collect();
    assert_eq!(
        embedded_audio(&html),
        wavs,
        "one player per recorded take, the WAV inside"
    );
    assert!(html.contains("<svg ") && html.matches("<svg ").count() == 2);
    assert!(html.contains("Why &lt;b&gt;you&lt;/b&gt; &amp; us 1?"));
    assert!(html.contains("rushed &lt;i&gt;"));
    assert!(!html.contains("<b>you") && !html.contains("<i>"));
    assert!(
        !html.contains("src=\"q0") && !html.contains("href="),
        "nothing outside the file"
    );
}

#[test]
fn csv_has_one_row_per_take_and_a_column_per_rating_item() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample(&tmp.path().join("a"));
    let b = sample(&tmp.path().join("b"));
    let out = tmp.path().join("takes.csv");
    export_ok(&[&a.dir, &b.dir, "-o".as_ref(), &out]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), a.takes + b.takes);
    for column in RATING_ITEMS.iter().map(|i| i.id).chain([
        "session_id",
        "question_text",
        "take_number",
        "best",
        "est_wpm",
        "rating_average",
        "note",
    ]) {
        assert!(header.iter().any(|h| h == column), "no column {column}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let best: Vec<&str> = rows.iter().map(|r| &r[col("best")]).collect();
    assert_eq!(best, ["no", "yes", "no", "no", "yes", "no"]);
    assert_eq!(&rows[0][col("question_text")], "Why <b>you</b> & us 1?");
    assert_eq!(&rows[0][col("clarity")], "2");
    assert_eq!(&rows[0][col("note")], "rushed <i>");
}

#[test]
fn the_zip_lists_session_json_and_the_wavs_and_unzips_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let s = sample(&tmp.path().join("sessions"));
    let out = tmp.path().join("bundle.zip");
    export_ok(&[&s.dir, "-o".as_ref(), &out]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let folder = s.dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut expected = s.wavs.clone();
    expected.push((
        "session.json".into(),
        std::fs::read(s.dir.join("session.json")).unwrap(),
    ));
    assert_eq!(zip.len(), expected.len());
    for (name, bytes) in expected {
        let mut entry = zip.by_name(&format!("{folder}/{name}")).unwrap();
        let mut back = Vec::new();
        entry.read_to_end(&mut back).unwrap();
        assert!(back == bytes, "{name} differs after unzipping");
    }
}

#[test]
fn the_format_1_fixture_exports_in_every_format() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sessions/v1-main-b36a20c");
    let before = std::fs::read(fixture.join("session.json")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for ext in ["html", "md", "csv", "zip"] {
        let out = tmp.path().join(format!("v1.{ext}"));
        export_ok(&[&fixture, "-o".as_ref(), &out]);
        assert!(std::fs::metadata(&out).unwrap().len() > 0, "{ext}");
    }
    let html = std::fs::read_to_string(tmp.path().join("v1.html")).unwrap();
    assert_eq!(embedded_audio(&html).len(), 3, "three recorded takes");
    assert!(html.contains("Tell me about yourself."));
    // Its format 1 ratings moved to the takes: Q2's to its last take.
    let mut reader = csv::Reader::from_path(tmp.path().join("v1.csv")).unwrap();
    let average = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "rating_average");
    let averages: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[average.unwrap()].to_owned())
        .collect();
    assert_eq!(averages, ["3.43", "", "2.86"]);
    assert_eq!(
        std::fs::read(fixture.join("session.json")).unwrap(),
        before,
        "exporting never rewrites a session"
    );
}

#[test]
fn the_format_comes_from_the_flag_else_the_extension_else_html() {
    let tmp = tempfile::tempdir().unwrap();
    let s = sample(&tmp.path().join("sessions"));
    let plain = tmp.path().join("report");
    export_ok(&[&s.dir, "-o".as_ref(), &plain]);
    assert!(
        std::fs::read_to_string(&plain)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let md = tmp.path().join("notes.txt");
    export_ok(&[
        "--format".as_ref(),
        "md".as_ref(),
        &s.dir,
        "-o".as_ref(),
        &md,
    ]);
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("# Rehearsal report")
    );
}

#[test]
fn several_sessions_become_one_file_each_in_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let a = sample(&tmp.path().join("a"));
    let b = sample(&tmp.path().join("b"));
    let out = tmp.path().join("reports");
    export_ok(&[
        "--format".as_ref(),
        "zip".as_ref(),
        &a.dir,
        &b.dir,
        "-o".as_ref(),
        &out,
    ]);
    for dir in [&a.dir, &b.dir] {
        let name = format!("{}.zip", dir.file_name().unwrap().to_string_lossy());
        assert!(out.join(name).is_file());
    }
}

#[test]
fn a_missing_or_damaged_session_fails_with_a_sentence_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let s = sample(&tmp.path().join("sessions"));
    let damaged = tmp.path().join("damaged");
    std::fs::create_dir(&damaged).unwrap();
    std::fs::write(
        damaged.join("session.json"),
        "{\"format_version\": 3, \"id\":",
    )
    .unwrap();
    let missing = tmp.path().join("missing");
    for bad in [&damaged, &missing] {
        let out = tmp.path().join("r.csv");
        let run = rehearse(&[
            "export".as_ref(),
            s.dir.as_os_str(),
            bad.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(run.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(&bad.display().to_string()), "{stderr}");
        assert!(stderr.contains("could not be read"), "{stderr}");
        assert!(!out.exists(), "no file for a failed export");
    }
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left");
}
