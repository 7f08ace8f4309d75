//! Accuracy of `rehearse transcribe` with Whisper tiny.en on real human speech: the five
//! LibriVox recordings of Debian's `pocketsphinx-testdata` against their transcripts, both
//! normalised after Whisper's English rules. The word error rate over the set must be ≤ 5 %.

#[path = "support/whisper.rs"]
mod whisper;

use std::ffi::OsStr;

use rehearse::transcribe::wer::{WordErrors, word_errors};

const MAX_WER: f64 = 0.05;

#[test]
fn tiny_en_transcribes_librivox_within_five_percent_word_error_rate() {
    let Some(model) = whisper::model("transcribe_accuracy") else {
        return;
    };
    let set = whisper::librivox();
    let mut args: Vec<&OsStr> = vec![
        "transcribe".as_ref(),
        "--json".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
    ];
    args.extend(set.iter().map(|(wav, _)| wav.as_os_str()));
    let (code, stdout, stderr) = whisper::rehearse(&args);
    assert_eq!(code, Some(0), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), set.len(), "{stdout}");

    let mut total = WordErrors::default();
    let mut seconds = 0.0;
    for ((wav, reference), line) in set.iter().zip(&lines) {
        assert_eq!(line["file"].as_str(), wav.to_str(), "{line}");
        let hypothesis = line["text"].as_str().expect("text");
        let errors = word_errors(reference, hypothesis);
        println!(
            "{}: {} errors in {} words\n  reference:  {reference}\n  transcript: {hypothesis}",
            wav.file_name().unwrap_or_default().to_string_lossy(),
            errors.errors(),
            errors.reference_words
        );
        // the words carry times inside the recording, in order
        let duration = line["duration_s"].as_f64().expect("duration");
        seconds += duration;
        let words = line["words"].as_array().expect("words");
        assert!(!words.is_empty(), "{line}");
        let mut last_start = 0.0;
        for w in words {
            let (start, end) = (w["start_s"].as_f64().unwrap(), w["end_s"].as_f64().unwrap());
            assert!(
                last_start <= start && start <= end && end <= duration + 1e-9,
                "{w} in {duration} s"
            );
            last_start = start;
        }
        total.add(errors);
    }
    println!(
        "LibriVox ({} recordings, {seconds:.1} s, {} words): WER {:.1} % ({} substitutions, {} deletions, {} insertions)",
        set.len(),
        total.reference_words,
        100.0 * total.rate(),
        total.substitutions,
        total.deletions,
        total.insertions
    );
    assert!(
        total.rate() <= MAX_WER,
        "word error rate {:.1} % is above {:.0} %",
        100.0 * total.rate(),
        100.0 * MAX_WER
    );
}

/// `rehearse transcribe` on a 2-minute answer cuts it into pieces at pauses, as the window
/// does. One whisper.cpp call on this file (digital silence between the clips) made 25 word
/// errors in 284 (8.8 %); in pieces, 8 (2.8 %).
#[test]
fn a_two_minute_answer_is_transcribed_whole() {
    let Some(model) = whisper::model("transcribe_accuracy") else {
        return;
    };
    let (answer, reference) = whisper::two_minute_answer(false);
    let dir = tempfile::tempdir().expect("temp dir");
    let wav = dir.path().join("answer.wav");
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rehearse::transcribe::SAMPLE_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(&wav, spec).expect("create");
    for s in &answer {
        writer.write_sample((s * 32767.0) as i16).expect("write");
    }
    writer.finalize().expect("finalise");
    let (code, stdout, stderr) = whisper::rehearse(&[
        "transcribe".as_ref(),
        "--json".as_ref(),
        "--model".as_ref(),
        model.as_os_str(),
        wav.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let line: serde_json::Value = serde_json::from_str(stdout.trim()).expect("a JSON line");
    let text = line["text"].as_str().expect("text");
    let errors = word_errors(&reference, text);
    println!(
        "2-minute answer: {} errors in {} words ({:.1} %)\n  transcript: {text}",
        errors.errors(),
        errors.reference_words,
        100.0 * errors.rate()
    );
    assert!(errors.rate() <= MAX_WER, "{text}");
    let words = line["words"].as_array().expect("words");
    let last = words.last().expect("words")["start_s"].as_f64().unwrap();
    assert!(last > 110.0, "the last word starts at {last} s of 118.9 s");
}
