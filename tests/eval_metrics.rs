//! Accuracy of `rehearse analyze` against the synthetic evaluation set with exact ground truth
//! (`tests/eval/make_eval.sh`, scored by `tests/eval/score.py`). Every condition (clean, noise at
//! −40 and −30 dBFS, quiet, clipped) must meet the numbers on its own.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAX_SYLLABLE_MAPE: f64 = 3.0;
const MAX_SPEECH_TIME_MAPE: f64 = 4.0;
const MIN_PAUSE_RECALL: f64 = 0.98;
const MAX_FALSE_PAUSES: u32 = 3;
const MIN_MONOTONE_RIGHT: f64 = 0.9;
const CONDITIONS: [&str; 5] = ["clean", "clip", "n30", "n40", "quiet"];

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// One per-condition line of score.py, e.g.
/// `n30  n= 21  syllables MAPE=  2.3%  speech-time MAPE=  2.5%  pauses>=1s recall=46/46  false=0 ...`
#[derive(Debug)]
struct ConditionScore {
    name: String,
    n: u32,
    syllable_mape: f64,
    speech_mape: f64,
    pauses_hit: u32,
    pauses_want: u32,
    false_pauses: u32,
    clipping: (u32, u32),
    monotone: Option<(u32, u32)>,
}

fn after<'a>(line: &'a str, key: &str) -> &'a str {
    let start = line
        .find(key)
        .unwrap_or_else(|| panic!("no {key:?} in {line:?}"))
        + key.len();
    line[start..].trim_start()
}

fn number(line: &str, key: &str) -> f64 {
    let rest = after(line, key);
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    rest[..end]
        .parse()
        .unwrap_or_else(|_| panic!("no number after {key:?} in {line:?}"))
}

fn ratio(line: &str, key: &str) -> Option<(u32, u32)> {
    let rest = after(line, key);
    let word = rest.split_whitespace().next()?;
    let (a, b) = word.split_once('/')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

fn parse(line: &str) -> ConditionScore {
    ConditionScore {
        name: line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string(),
        n: number(line, "n=") as u32,
        syllable_mape: number(line, "syllables MAPE="),
        speech_mape: number(line, "speech-time MAPE="),
        pauses_hit: ratio(line, "recall=").map_or(0, |r| r.0),
        pauses_want: ratio(line, "recall=").map_or(0, |r| r.1),
        false_pauses: number(line, "false=") as u32,
        clipping: ratio(line, "clipping right=").unwrap_or((0, 1)),
        monotone: ratio(line, "monotone right="),
    }
}

fn analyse_all(wavs: &[PathBuf], results: &Path) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let chunk = wavs.len().div_ceil(workers).max(1);
    let outputs: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = wavs
            .chunks(chunk)
            .map(|files| {
                s.spawn(move || {
                    let out = Command::new(env!("CARGO_BIN_EXE_rehearse"))
                        .arg("analyze")
                        .arg("--json")
                        .args(files)
                        .output()
                        .expect("run rehearse analyze");
                    assert!(
                        out.status.success(),
                        "rehearse analyze failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    out.stdout
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker"))
            .collect()
    });
    std::fs::write(results, outputs.concat()).expect("write results");
}

#[test]
fn metrics_meet_the_accuracy_targets_in_every_condition() {
    let missing: Vec<&str> = ["espeak-ng", "sox", "soxi", "python3"]
        .into_iter()
        .filter(|t| !have(t))
        .collect();
    if !missing.is_empty() {
        println!(
            "SKIPPED eval_metrics: {} not installed (scripts/install-system-deps.sh installs them)",
            missing.join(", ")
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    // make test builds the set once (scripts/eval-set.sh) and shares it; alone, build it here.
    let set = match std::env::var_os("REHEARSE_EVAL_DIR") {
        Some(shared) if Path::new(&shared).join("manifest.csv").is_file() => PathBuf::from(shared),
        _ => {
            let made = Command::new("bash")
                .arg(root.join("tests/eval/make_eval.sh"))
                .arg(dir.path())
                .output()
                .expect("run make_eval.sh");
            assert!(
                made.status.success(),
                "make_eval.sh failed: {}",
                String::from_utf8_lossy(&made.stderr)
            );
            dir.path().to_path_buf()
        }
    };
    let mut wavs: Vec<PathBuf> = std::fs::read_dir(set.join("wav"))
        .expect("wav dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "wav"))
        .collect();
    wavs.sort();
    assert_eq!(wavs.len(), 119, "the evaluation set has 119 files");
    let results = dir.path().join("results.jsonl");
    analyse_all(&wavs, &results);

    let scored = Command::new("python3")
        .arg(root.join("tests/eval/score.py"))
        .arg(set.join("manifest.csv"))
        .arg(&results)
        .output()
        .expect("run score.py");
    let report = String::from_utf8_lossy(&scored.stdout).to_string();
    println!("{report}");
    assert!(scored.status.success(), "score.py failed:\n{report}");
    let scores: Vec<ConditionScore> = report
        .lines()
        .filter(|l| l.contains(" n=") && !l.starts_with("ALL"))
        .map(parse)
        .collect();
    let names: Vec<&str> = scores.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, CONDITIONS, "conditions scored:\n{report}");
    assert_eq!(scores.iter().map(|s| s.n).sum::<u32>(), 119, "{report}");
    let mut short = Vec::new();
    for s in &scores {
        let recall = f64::from(s.pauses_hit) / f64::from(s.pauses_want.max(1));
        if s.syllable_mape > MAX_SYLLABLE_MAPE {
            short.push(format!("{}: syllable MAPE {}%", s.name, s.syllable_mape));
        }
        if s.speech_mape > MAX_SPEECH_TIME_MAPE {
            short.push(format!("{}: speech-time MAPE {}%", s.name, s.speech_mape));
        }
        if s.pauses_want == 0 || recall < MIN_PAUSE_RECALL {
            short.push(format!(
                "{}: pause recall {}/{}",
                s.name, s.pauses_hit, s.pauses_want
            ));
        }
        if s.false_pauses > MAX_FALSE_PAUSES {
            short.push(format!("{}: {} false pauses", s.name, s.false_pauses));
        }
        if s.clipping.0 != s.clipping.1 || s.clipping.1 != s.n {
            short.push(format!("{}: clipping right {:?}", s.name, s.clipping));
        }
        if let Some((right, of)) = s.monotone
            && f64::from(right) < MIN_MONOTONE_RIGHT * f64::from(of)
        {
            short.push(format!("{}: monotone right {right}/{of}", s.name));
        }
    }
    let monotone_files: u32 = scores.iter().filter_map(|s| s.monotone.map(|m| m.1)).sum();
    if monotone_files < 10 {
        short.push(format!(
            "only {monotone_files} monotone/lively files were judged"
        ));
    }
    assert!(short.is_empty(), "below target: {short:#?}\n{report}");
}

#[test]
fn score_lines_are_parsed() {
    let line = "n30      n= 21  syllables MAPE=  2.3%  speech-time MAPE=  2.5%  pauses>=1s recall=45/46  \
                false=2  boundary median=9 ms  clipping right=20/21  monotone right=-";
    let s = parse(line);
    assert_eq!(s.name, "n30");
    assert_eq!(s.n, 21);
    assert!((s.syllable_mape - 2.3).abs() < 1e-9 && (s.speech_mape - 2.5).abs() < 1e-9);
    assert_eq!((s.pauses_hit, s.pauses_want, s.false_pauses), (45, 46, 2));
    assert_eq!(s.clipping, (20, 21));
    assert_eq!(s.monotone, None);
    assert_eq!(
        parse(&line.replace("right=-", "right=9/10")).monotone,
        Some((9, 10))
    );
}
