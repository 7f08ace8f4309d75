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
