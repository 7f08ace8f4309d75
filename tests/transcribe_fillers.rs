//! Filler words found through the app's own transcript path, against a synthetic set with
//! known fillers.
//!
//! What it measures: each of the 24 answers of `tests/eval/make_fillers.py` (espeak-ng, six
//! voices, four speeds; 72 fillers: "um", "uh", "hmm", and "like" and "you know" set apart by
//! pauses, beside "like" and "you know" used as ordinary words) is transcribed by Whisper
//! tiny.en exactly as the window does it (`app::transcript_job::transcribe_file` with the
//! `whisper` transcriber: the filler prompt, 5 beams, one thread, the file cut into pieces at
//! pauses), and its fillers are counted by `analysis::words::word_metrics` with the default
//! filler list. Per answer and per kind, true positives are min(found, true). Over the set,
//! recall (true positives / true fillers) and precision (true positives / fillers found) must
//! each be at least 90 %; both are printed, with the figures per kind and every answer whose
//! count differs (with what Whisper wrote).
//!
//! `make test` builds the set once (`scripts/eval-set.sh target/filler-set
//! tests/eval/make_fillers.py`) and passes it in `REHEARSE_FILLER_DIR`; alone, the test builds
//! it in a temporary folder. It needs the model (`REHEARSE_WHISPER_MODEL`, see
//! `tests/support/whisper.rs`) and skips without it.

#[path = "support/whisper.rs"]
mod whisper;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rehearse::analysis::words::{DEFAULT_FILLERS, word_metrics};
use rehearse::app::transcript_job::{transcribe_file, whisper as whisper_transcriber};

const MIN_RECALL: f64 = 0.90;
const MIN_PRECISION: f64 = 0.90;

/// The filler set's folder: `REHEARSE_FILLER_DIR` when `make test` built it, else built into
/// `scratch`.
fn filler_set(scratch: &Path) -> PathBuf {
    if let Some(shared) = std::env::var_os("REHEARSE_FILLER_DIR")
        && Path::new(&shared).join("truth.jsonl").is_file()
    {
        return PathBuf::from(shared);
    }
    let maker = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/make_fillers.py");
    let made = Command::new("python3")
        .arg(&maker)
        .arg(scratch)
        .output()
        .expect("run make_fillers.py (needs python3 and espeak-ng)");
    assert!(
        made.status.success(),
        "make_fillers.py failed: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    scratch.to_path_buf()
}

/// Found, true and true-positive counts.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    found: usize,
    truth: usize,
    hits: usize,
}

impl Counts {
    fn add(&mut self, found: usize, truth: usize) {
        self.found += found;
        self.truth += truth;
        self.hits += found.min(truth);
    }
    fn recall(&self) -> f64 {
        ratio(self.hits, self.truth)
    }
    fn precision(&self) -> f64 {
        ratio(self.hits, self.found)
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

#[test]
fn fillers_are_found_with_ninety_percent_recall_and_precision() {
    let Some(model) = whisper::model("transcribe_fillers") else {
        return;
    };
    let scratch = tempfile::tempdir().expect("temp dir");
    let set = filler_set(scratch.path());
    let truth = std::fs::read_to_string(set.join("truth.jsonl")).expect("truth.jsonl");
    let answers: Vec<serde_json::Value> = truth
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert!(answers.len() >= 20, "{} answers", answers.len());

    let fillers: Vec<String> = DEFAULT_FILLERS.map(str::to_owned).to_vec();
    let mut transcriber = whisper_transcriber("tiny.en".to_owned(), model)().expect("load model");
    let mut total = Counts::default();
    let mut per_kind: BTreeMap<String, Counts> = BTreeMap::new();
    for answer in &answers {
        let file = answer["file"].as_str().expect("file");
        let transcript =
            transcribe_file(&set.join("wav").join(file), transcriber.as_mut()).expect(file);
        let end_s = transcript.words.last().map_or(0.0, |w| w.end_s);
        let found = word_metrics(&transcript.words, end_s, end_s, &fillers).fillers;
        let expected: BTreeMap<String, usize> = answer["fillers"]
            .as_object()
            .expect("fillers")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().expect("a count") as usize))
            .collect();
        let found: BTreeMap<String, usize> = found.each.into_iter().collect();
        let kinds: std::collections::BTreeSet<&String> =
            expected.keys().chain(found.keys()).collect();
        for kind in kinds {
            let (f, t) = (
                found.get(kind).copied().unwrap_or(0),
                expected.get(kind).copied().unwrap_or(0),
            );
            per_kind.entry(kind.clone()).or_default().add(f, t);
            total.add(f, t);
        }
        if found != expected {
            println!(
                "{file} ({}): true {expected:?}, found {found:?}\n  said:  {}\n  heard: {}",
                answer["voice"].as_str().unwrap_or(""),
                answer["text"].as_str().unwrap_or(""),
                transcript.text
            );
        }
    }
    for (kind, c) in &per_kind {
        println!(
            "  {kind:>8}: {} true, {} found, {} right: recall {:.1} %, precision {:.1} %",
            c.truth,
            c.found,
            c.hits,
            100.0 * c.recall(),
            100.0 * c.precision()
        );
    }
    println!(
        "fillers ({} answers, {} true, {} found, {} right): recall {:.1} %, precision {:.1} %",
        answers.len(),
        total.truth,
        total.found,
        total.hits,
        100.0 * total.recall(),
        100.0 * total.precision()
    );
    assert!(
        total.recall() >= MIN_RECALL && total.precision() >= MIN_PRECISION,
        "recall {:.1} % and precision {:.1} % must both be at least 90 %",
        100.0 * total.recall(),
        100.0 * total.precision()
    );
}
