//! Every malformed file in `tests/data/bad_packs/` is refused with its own message on the right line.

use std::path::{Path, PathBuf};

use rehearse::pack::{self, MAX_FILE_BYTES};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad_packs")
}

/// (file, line, phrase) from `expected.txt`.
fn expectations() -> Vec<(String, Option<usize>, String)> {
    std::fs::read_to_string(corpus().join("expected.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.splitn(3, " | ").collect();
            assert_eq!(parts.len(), 3, "bad line in expected.txt: {l}");
            let line = (parts[1] != "-").then(|| parts[1].parse().unwrap());
            (parts[0].to_string(), line, parts[2].to_string())
        })
        .collect()
}

#[test]
fn every_bad_file_gets_its_message_on_the_right_line() {
    let expected = expectations();
    assert!(expected.len() >= 30, "only {} cases", expected.len());
    let mut failures = Vec::new();
    for (file, line, phrase) in &expected {
        let path = corpus().join(file);
        match pack::parse_file(&path) {
            Ok(p) => failures.push(format!(
                "{file}: accepted ({} questions)",
                p.pack.questions.len()
            )),
            Err(e) => {
                if e.line != *line || !e.message.contains(phrase.as_str()) {
                    failures.push(format!(
                        "{file}: want line {line:?} with {phrase:?}, got {e}"
                    ));
                }
                if !e.to_string().starts_with(&path.display().to_string()) {
                    failures.push(format!("{file}: the message does not name the file: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_file_in_the_corpus_has_an_expectation_and_messages_differ() {
    let listed: Vec<String> = expectations().into_iter().map(|(f, _, _)| f).collect();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            name == "expected.txt" || listed.contains(&name),
            "{name} has no expectation"
        );
    }
    let mut messages: Vec<String> = listed
        .iter()
        .map(|f| pack::parse_file(&corpus().join(f)).unwrap_err().message)
        .collect();
    messages.sort();
    let total = messages.len();
    messages.dedup();
    // Identical wording is fine only for the same kind of problem in different formats.
    assert!(
        messages.len() * 10 >= total * 8,
        "{} distinct of {total}",
        messages.len()
    );
}

#[test]
fn files_over_one_mebibyte_are_refused_before_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    std::fs::write(&path, "Why?\n".repeat(MAX_FILE_BYTES / 5 + 1)).unwrap();
    let e = pack::parse_file(&path).unwrap_err();
    assert!(e.message.contains("at most 1 MiB"), "{e}");
    assert_eq!(e.line, None);
    let e = pack::parse("huge.txt", &vec![b'a'; MAX_FILE_BYTES + 1]).unwrap_err();
    assert!(e.message.contains("at most 1 MiB"), "{e}");
    assert!(
        pack::parse("ok.txt", &vec![b'a'; 1999]).is_ok(),
        "just under the limits"
    );
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let e = pack::parse_file(Path::new("/nonexistent/x.pack.json")).unwrap_err();
    assert!(e.message.contains("could not read"), "{e}");
}
