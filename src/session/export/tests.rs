use std::io::Read;

use base64::Engine;
use chrono::Utc;

use super::*;
use crate::analysis::Metrics;
use crate::pack::QuestionType;
use crate::session::{
    QuestionRecord, RATING_ITEMS, Rating, Reflection, SessionSettings, SessionStatus, ThankYouNote,
};

/// A tone WAV of `seconds` at 16 kHz in `dir/name`; returns its bytes.
fn tone_wav(dir: &Path, name: &str, seconds: f64) -> Vec<u8> {
    let path = dir.join(name);
    let samples = (0..(seconds * 16_000.0) as usize)
        .map(|i| ((i as f64 * 220.0 * std::f64::consts::TAU / 16_000.0).sin() * 8000.0) as i16);
    crate::wav::write_i16_mono(&path, 16_000, samples).unwrap();
    std::fs::read(path).unwrap()
}

fn take(number: u32, wav: Option<&str>, rating: Option<Rating>) -> Take {
    let mut t = Take::recording(number, wav.map(str::to_owned), Utc::now(), 2.0);
    t.status = if wav.is_some() {
        TakeStatus::Recorded
    } else {
        TakeStatus::NotRecorded
    };
    t.answer_s = 1.0;
    t.audio_s = 1.0;
    t.rating = rating;
    t
}

fn question(id: &str, text: &str, takes: Vec<Take>) -> QuestionRecord {
    QuestionRecord {
        pack_id: "general".into(),
        question_id: id.into(),
        text: text.into(),
        framework: None,
        kind: QuestionType::Behavioral,
        think_seconds: 5,
        answer_seconds: 60,
        takes,
        best_take: None,
        unattached_rating: None,
        follows: None,
        asked_by: None,
    }
}

/// A session folder below `root`: Q1 with two recorded takes (take 1 marked best, both rated,
/// take 2 measured), Q2 not recorded, Q3 unanswered; a reflection.
fn sample(root: &Path) -> (PathBuf, Vec<u8>, Vec<u8>) {
    let rated = |s: u8, note: &str| Some(Rating::new(RATING_ITEMS, &[Some(s); 7], note.into()));
    let mut q1 = question(
        "tell",
        "Tell me about <script>alert(1)</script> & you",
        vec![
            take(1, Some("q01.wav"), rated(2, "Too fast <b>")),
            take(2, Some("q01-take2.wav"), rated(4, "Better")),
        ],
    );
    q1.best_take = Some(1);
    q1.framework = Some(crate::pack::Framework::Star);
    q1.takes[0].part_marks = [(0, 0.0), (1, 0.2), (2, 0.3), (3, 0.9)]
        .map(|(part, at_s)| crate::session::parts::PartMark { part, at_s })
        .to_vec();
    let samples: Vec<f32> = (0..16_000).map(|i| (i as f32 * 0.09).sin() * 0.3).collect();
    let mut measured = crate::analysis::analyze_samples(&samples, 16_000);
    // The tone is not speech; a transcript's word lines need some speaking time.
    measured.speech_time_s = 0.8;
    q1.takes[1].metrics = Some(measured);
    q1.takes[1].transcript = Some(transcript(TRANSCRIPT));
    let q2 = question("why", "Why us?", vec![take(1, None, rated(3, ""))]);
    let q3 = question("gap", "Any gaps?", vec![]);
    let settings = SessionSettings {
        question_count: 3,
        shuffled: false,
        think_seconds: None,
        answer_seconds: None,
        input_device: None,
        mode: Default::default(),
        panel: Vec::new(),
    };
    let mut session = Session::new(
        vec!["general".into()],
        settings,
        vec![q1, q2, q3],
        Utc::now(),
    );
    session.status = SessionStatus::Complete;
    session.reflection = Some(Reflection {
        scores: [
            ("preparation", 4),
            ("clarity", 3),
            ("conciseness", 4),
            ("rapport", 5),
        ]
        .map(|(id, s)| (id.to_owned(), Some(s)))
        .into(),
        notes: [("connection".to_owned(), "Smiled <more>".to_owned())].into(),
        went_well: "Calm \"voice\"".into(),
        improve: "Fewer <um>s".into(),
        pitfalls: vec!["no_questions".into(), "talked_too_long".into()],
        thank_you: Some(ThankYouNote {
            text: "Dear Ana, thank you".into(),
            checklist: vec!["thanked".into(), "personalised".into()],
            writing_s: 420,
        }),
    });
    let dir = SessionStore::new(root).create(&session).unwrap();
    let first = tone_wav(&dir, "q01.wav", 0.5);
    let second = tone_wav(&dir, "q01-take2.wav", 0.25);
    (dir, first, second)
}

/// What take 2 of Q1 says in [`sample`].
const TRANSCRIPT: &str = "Um, I led the <team> twice";

/// A transcript of `text`, one word every 0.1 s.
fn transcript(text: &str) -> crate::session::Transcript {
    let words = text
        .split(' ')
        .enumerate()
        .map(|(i, w)| crate::analysis::words::TimedWord {
            text: w.to_owned(),
            start_s: i as f64 * 0.1,
            end_s: i as f64 * 0.1 + 0.08,
        })
        .collect();
    crate::session::Transcript {
        model: "tiny.en".into(),
        version: 1,
        text: text.into(),
        words,
    }
}

fn data_uris(html: &str) -> Vec<Vec<u8>> {
    html.split("src=\"data:audio/wav;base64,")
        .skip(1)
        .map(|rest| {
            let encoded = &rest[..rest.find('"').unwrap()];
            STANDARD_ENGINE.decode(encoded).unwrap()
        })
        .collect()
}

const STANDARD_ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

#[test]
fn the_format_table_names_each_format_once_and_reads_extensions() {
    for (i, f) in FORMATS.iter().enumerate() {
        assert!(
            FORMATS[..i]
                .iter()
                .all(|o| o.name != f.name && o.format != f.format)
        );
        assert_eq!(ExportFormat::from_name(f.name), Some(f.format));
        assert_eq!(f.format.extension(), f.name);
    }
    assert_eq!(
        ExportFormat::from_path(Path::new("a/b.MD")),
        Some(ExportFormat::Markdown)
    );
    assert_eq!(ExportFormat::from_path(Path::new("out")), None);
    assert_eq!(ExportFormat::from_name("pdf"), None);
}

#[test]
fn the_html_report_embeds_each_recording_once_and_escapes_user_text() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, first, second) = sample(tmp.path());
    let out = tmp.path().join("report.html");
    let summary = export_session(ExportFormat::Html, &dir, &out).unwrap();
    assert_eq!((summary.sessions, summary.takes), (1, 3));
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        html.matches("<audio ").count(),
        2,
        "one player per recorded take"
    );
    assert_eq!(
        data_uris(&html),
        vec![first, second],
        "the WAV bytes, in take order"
    );
    assert_eq!(html.matches("<svg ").count(), 2);
    assert!(html.contains("id=\"chart-pace\"") && html.contains("id=\"chart-rating\""));
    assert!(html.contains("Tell me about &lt;script&gt;alert(1)&lt;/script&gt; &amp; you"));
    assert!(!html.contains("<script"), "no user text becomes markup");
    assert!(html.contains("Too fast &lt;b&gt;") && html.contains("Fewer &lt;um&gt;s"));
    assert!(html.contains("Calm &quot;voice&quot;"));
    // The reflection's parts, pitfalls and thank-you note; take 1's part shares.
    for line in [
        "<strong>Preparation:</strong> 4.0 / 5",
        "<strong>Communication:</strong> 3.5 / 5 (Clarity 3, Conciseness 4, Body language not rated)",
        "<strong>Connection:</strong> 5.0 / 5 (Rapport 5, Enthusiasm not rated) · Smiled &lt;more&gt;",
        "<strong>Pitfalls:</strong> No questions asked, Talked too long",
        "<strong>Thank-you note:</strong> 7:00 writing (target 10:00) · ticked: Thanked them, Personalised it",
        "<strong>The note:</strong> Dear Ana, thank you",
        "<p class=\"parts\">STAR parts: Situation 20 % (target 20 %), Task 10 % (target 10 %), \
         Action 60 % (target 60 %), Result 10 % (target 10 %)</p>",
    ] {
        assert!(html.contains(line), "{line}");
    }
    assert_eq!(html.matches("best take</span>").count(), 1);
    // Take 2's metrics are current: its feedback lines are the review screen's, the word
    // lines of its transcript included, and the transcript follows them.
    let metrics = dir_take_metrics(&dir);
    let words = transcript(TRANSCRIPT).words;
    let lines =
        crate::analysis::words::take_observations(&metrics, Some(&words), &Thresholds::default());
    assert!(lines.iter().any(|o| o.text.contains("filler")), "{lines:?}");
    for o in lines {
        assert!(html.contains(&escape(&o.text)), "{}", o.text);
    }
    assert!(html.contains("Um, I led the &lt;team&gt; twice</blockquote>"));
    // Q1's rating is its best take's (2.0), not the later take's (4.0).
    assert!(html.contains("<title>Q1: 2.0</title>"), "rating chart bar");
}

fn dir_take_metrics(dir: &Path) -> Metrics {
    load(dir).unwrap().questions[0].takes[1]
        .metrics
        .clone()
        .unwrap()
}

#[test]
fn the_markdown_report_links_the_recordings_relative_to_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _, _) = sample(&tmp.path().join("sessions"));
    let out_dir = tmp.path().join("reports");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("r.md");
    export_session(ExportFormat::Markdown, &dir, &out).unwrap();
    let md = std::fs::read_to_string(&out).unwrap();
    let folder = dir.file_name().unwrap().to_string_lossy();
    let link = format!("[q01.wav](<../sessions/{folder}/q01.wav>)");
    assert!(md.contains(&link), "{md}");
    assert!(md.contains("q01-take2.wav>)"));
    assert!(
        out_dir
            .join(format!("../sessions/{folder}/q01.wav"))
            .is_file()
    );
    assert!(md.contains("Tell me about \\<script\\>"), "{md}");
    assert!(md.contains("### Take 1 (best take)"));
    assert!(md.contains("| Q1 | 1 (best) |"));
    assert!(md.contains("**Strengths:**\n\n> Calm \"voice\""), "{md}");
    assert!(md.contains("**Pitfalls:**\n\n> No questions asked, Talked too long"));
    assert!(md.contains("**Thank-you note:**\n\n> 7:00 writing (target 10:00)"));
    assert!(
        md.contains(
            "**Connection:**\n\n> 5\\.0 / 5 (Rapport 5, Enthusiasm not rated) · Smiled \\<more\\>"
        ),
        "{md}"
    );
    assert!(md.contains("STAR parts: Situation 20 % (target 20 %), Task 10 % (target 10 %)"));
    assert!(
        md.contains("> What you said: Um, I led the \\<team\\> twice"),
        "{md}"
    );
}

#[test]
fn csv_has_a_row_per_take_of_every_session_with_each_rating_item() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, _, _) = sample(&tmp.path().join("one"));
    let (b, _, _) = sample(&tmp.path().join("two"));
    let out = tmp.path().join("all.csv");
    let summary = export(ExportFormat::Csv, &[a, b], &out).unwrap();
    assert_eq!((summary.sessions, summary.takes), (2, 6));
    let mut reader = ::csv::Reader::from_path(&out).unwrap();
    let header = reader.headers().unwrap().clone();
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 6);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = &rows[0];
    assert_eq!(
        &first[col("question_text")],
        "Tell me about <script>alert(1)</script> & you"
    );
    assert_eq!(&first[col("best")], "yes");
    assert_eq!(&rows[1][col("best")], "no");
    assert_eq!(&first[col("posture")], "2");
    assert_eq!(&rows[1][col("confidence")], "4");
    assert_eq!(&first[col("note")], "Too fast <b>");
    assert_eq!(&first[col("metrics")], "none");
    assert_eq!(&first[col("est_wpm")], "");
    assert_eq!(&rows[1][col("metrics")], "current");
    assert!(rows[1][col("est_wpm")].parse::<f64>().is_ok());
    assert_eq!(&first[col("transcript")], "", "take 1 has no transcript");
    assert_eq!(&rows[1][col("transcript")], TRANSCRIPT);
    assert_eq!(&rows[1][col("transcript_model")], "tiny.en");
    assert_eq!(&rows[1][col("words")], "5", "the filler left out");
    assert_eq!(&rows[1][col("fillers")], "1");
    assert_eq!(&rows[1][col("filler_words")], "um ×1");
    assert_eq!(&rows[2][col("status")], "not_recorded");
    assert_eq!(&rows[2][col("rating_average")], "3.00");
    // Take 1 of Q1 was marked 20/10/60/10 against STAR's targets; Q2 has no framework.
    assert_eq!(&first[col("framework")], "star");
    let shares: Vec<&str> = (1..=4)
        .map(|n| &first[col(&format!("part{n}_pct"))])
        .collect();
    assert_eq!(shares, ["20.0", "10.0", "60.0", "10.0"]);
    assert_eq!(&first[col("part3_target_pct")], "60");
    assert_eq!(
        (&rows[2][col("framework")], &rows[2][col("part1_pct")]),
        ("", "")
    );
    // The session's reflection on each of its rows.
    for row in &rows {
        assert_eq!(&row[col("reflection_communication")], "3.50");
        assert_eq!(&row[col("reflection_connection")], "5.00");
        assert_eq!(&row[col("pitfalls")], "no_questions talked_too_long");
        assert_eq!(&row[col("thank_you_written")], "yes");
        assert_eq!(&row[col("thank_you_writing_s")], "420");
    }
}

#[test]
fn the_zip_keeps_the_folder_name_stores_wavs_and_unzips_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, first, second) = sample(tmp.path());
    std::fs::write(dir.join(".session.json.tmp"), b"half").unwrap();
    let out = tmp.path().join("bundle.zip");
    export_session(ExportFormat::Zip, &dir, &out).unwrap();
    let mut archive = ::zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["q01-take2.wav", "q01.wav", "session.json"].map(|n| format!("{folder}/{n}"))
    );
    let json = std::fs::read(dir.join("session.json")).unwrap();
    for (name, bytes, method) in [
        ("q01.wav", first, ::zip::CompressionMethod::Stored),
        ("q01-take2.wav", second, ::zip::CompressionMethod::Stored),
        ("session.json", json, ::zip::CompressionMethod::Deflated),
    ] {
        let mut entry = archive.by_name(&format!("{folder}/{name}")).unwrap();
        assert_eq!(entry.compression(), method, "{name}");
        let mut back = Vec::new();
        entry.read_to_end(&mut back).unwrap();
        assert_eq!(back, bytes, "{name}");
    }
}

#[test]
fn several_sessions_go_to_a_folder_one_file_each_named_after_the_session_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, _, _) = sample(&tmp.path().join("one"));
    let (b, _, _) = sample(&tmp.path().join("two"));
    let out = tmp.path().join("reports");
    let summary = export(ExportFormat::Markdown, &[a.clone(), b.clone()], &out).unwrap();
    let expected: Vec<PathBuf> = [&a, &b]
        .iter()
        .map(|d| out.join(format!("{}.md", d.file_name().unwrap().to_string_lossy())))
        .collect();
    assert_eq!(summary.files, expected);
    assert!(expected.iter().all(|f| f.is_file()));
}

#[test]
fn a_missing_recording_is_named_in_the_report_and_left_out_of_the_bundle() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, first, _) = sample(tmp.path());
    std::fs::remove_file(dir.join("q01-take2.wav")).unwrap();
    let out = tmp.path().join("r.html");
    export(ExportFormat::Html, std::slice::from_ref(&dir), &out).unwrap();
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(data_uris(&html), vec![first]);
    assert!(html.contains("The recording q01-take2.wav is missing from the session folder."));
    let zipped = tmp.path().join("b.zip");
    export(ExportFormat::Zip, std::slice::from_ref(&dir), &zipped).unwrap();
    let archive = ::zip::ZipArchive::new(std::fs::File::open(&zipped).unwrap()).unwrap();
    assert_eq!(archive.len(), 2, "session.json and q01.wav");
}

#[test]
fn one_session_into_an_existing_folder_is_named_after_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _, _) = sample(&tmp.path().join("s"));
    let out = tmp.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    let summary = export(
        ExportFormat::Csv,
        std::slice::from_ref(&dir),
        &out.join("t.csv"),
    );
    assert_eq!(summary.unwrap().takes, 3);
    let summary = export(ExportFormat::Html, std::slice::from_ref(&dir), &out).unwrap();
    let name = format!("{}.html", dir.file_name().unwrap().to_string_lossy());
    assert_eq!(summary.files, vec![out.join(name)]);
}

#[test]
fn a_missing_session_fails_with_a_sentence_naming_it_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, _, _) = sample(tmp.path());
    let missing = tmp.path().join("gone");
    let out = tmp.path().join("reports");
    let e = export(ExportFormat::Html, &[good, missing.clone()], &out).unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
    assert!(message.ends_with('.'), "{message}");
    assert!(
        !out.exists(),
        "nothing is written before every session is read"
    );
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.html");
    std::fs::write(&out, "old").unwrap();
    let e = write_atomically(&out, |w| {
        w.write_all(b"half a report")?;
        Err(WriteFailure::Input(ExportError::NoSessions))
    })
    .unwrap_err();
    assert!(matches!(e, ExportError::NoSessions));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn a_recording_named_outside_the_folder_is_never_read() {
    let tmp = tempfile::tempdir().unwrap();
    let t = take(1, Some("../secret.wav"), None);
    std::fs::write(tmp.path().join("secret.wav"), b"x").unwrap();
    let inner = tmp.path().join("s");
    std::fs::create_dir(&inner).unwrap();
    assert_eq!(existing_wav(&inner, &t), None);
}

#[test]
fn relative_paths_climb_to_the_common_folder() {
    assert_eq!(
        relative_path(Path::new("/a/s/x"), Path::new("/a/r/out")),
        Some(PathBuf::from("../../s/x"))
    );
    assert_eq!(
        relative_path(Path::new("/a/s"), Path::new("/a/s")),
        Some(PathBuf::new())
    );
}

#[test]
fn the_zip_leaves_videos_out_unless_asked_and_stores_them_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _, _) = sample(tmp.path());
    let video = b"\x1aE\xdf\xa3 not really a webm".to_vec();
    std::fs::write(dir.join("q01.webm"), &video).unwrap();
    let folder = dir.file_name().unwrap().to_string_lossy().into_owned();
    let names = |out: &Path| {
        let archive = ::zip::ZipArchive::new(std::fs::File::open(out).unwrap()).unwrap();
        let mut names: Vec<String> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        names.sort();
        names
    };
    let without = tmp.path().join("without.zip");
    export_session(ExportFormat::Zip, &dir, &without).unwrap();
    assert!(!names(&without).iter().any(|n| n.ends_with(".webm")));

    let with = tmp.path().join("with.zip");
    let options = ExportOptions { videos: true };
    export_session_with(ExportFormat::Zip, &dir, &with, options).unwrap();
    assert!(names(&with).contains(&format!("{folder}/q01.webm")));
    let mut archive = ::zip::ZipArchive::new(std::fs::File::open(&with).unwrap()).unwrap();
    let mut entry = archive.by_name(&format!("{folder}/q01.webm")).unwrap();
    assert_eq!(entry.compression(), ::zip::CompressionMethod::Stored);
    let mut back = Vec::new();
    entry.read_to_end(&mut back).unwrap();
    assert_eq!(back, video);
}
