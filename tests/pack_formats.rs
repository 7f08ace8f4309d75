//! One list of import formats (`pack::IMPORT_FORMATS`): the importer, the file dialog's filter and
//! the fuzz targets all follow it.

use std::path::Path;

use rehearse::pack::{self, Format, IMPORT_FORMATS};

fn fuzz_file(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(path),
    )
    .unwrap_or_else(|e| panic!("fuzz/{path}: {e}"))
}

/// The `[[bin]]` targets of fuzz/Cargo.toml as (name, path).
fn fuzz_targets() -> Vec<(String, String)> {
    let manifest = fuzz_file("Cargo.toml");
    let value = |line: &str, key: &str| {
        line.strip_prefix(key)
            .and_then(|rest| rest.trim().strip_prefix('='))
            .map(|v| v.trim().trim_matches('"').to_string())
    };
    manifest
        .split("[[bin]]")
        .skip(1)
        .map(|section| {
            let name = section.lines().find_map(|l| value(l, "name")).unwrap();
            let path = section.lines().find_map(|l| value(l, "path")).unwrap();
            (name, path)
        })
        .collect()
}

#[test]
fn the_file_dialog_offers_exactly_the_extensions_the_importer_reads() {
    let (_, offered) = rehearse::app::packs::import_filter();
    assert!(
        offered.contains(&"tab"),
        "the importer reads .tab: {offered:?}"
    );
    for f in &IMPORT_FORMATS {
        for ext in f.extensions {
            assert!(offered.contains(ext), ".{ext} is not offered");
            assert_eq!(
                Format::detect(&format!("a.{ext}"), "Why?\n"),
                f.format,
                ".{ext}"
            );
        }
    }
    // An extension the dialog does not offer is not read by name either: the content decides.
    let fallback = Format::detect("a", "Why?\n");
    for ext in [
        "psv", "xml", "yaml", "yml", "html", "rtf", "doc", "docx", "xlsx", "ods", "apkg", "org",
        "rst", "pack", "list", "log",
    ] {
        assert!(!offered.contains(&ext));
        assert_eq!(
            Format::detect(&format!("a.{ext}"), "Why?\n"),
            fallback,
            ".{ext}"
        );
    }
    assert_eq!(offered.len(), pack::import_extensions().len());
}

#[test]
fn every_format_has_its_fuzz_target_and_import_any_covers_the_table() {
    let targets = fuzz_targets();
    for f in &IMPORT_FORMATS {
        let name = format!("import_{}", f.key);
        let (_, path) = targets
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no fuzz target {name} for the {} format", f.name));
        assert!(
            fuzz_file(path).contains(&format!("check_format(\"{}\"", f.key)),
            "{path} fuzzes another format"
        );
    }
    for (name, _) in &targets {
        let key = name.strip_prefix("import_").unwrap();
        assert!(
            key == "any" || IMPORT_FORMATS.iter().any(|f| f.key == key),
            "fuzz target {name} has no format in pack::IMPORT_FORMATS"
        );
    }
    let any = targets.iter().find(|(n, _)| n == "import_any").unwrap();
    assert!(fuzz_file(&any.1).contains("rehearse_fuzz::file_names()"));
    let lib = fuzz_file("src/lib.rs");
    assert!(lib.contains("pack::IMPORT_FORMATS") && lib.contains("fn file_names()"));
    let listed = fuzz_file("Cargo.toml");
    for (name, _) in &targets {
        assert!(
            listed.lines().take(10).any(|l| l.contains(name.as_str())),
            "the comment at the top of fuzz/Cargo.toml does not list {name}"
        );
    }
}

#[test]
fn every_format_in_the_table_imports_a_sample() {
    let samples = [
        ("json", pack::to_json(&pack::builtin()[0])),
        ("csv", "question,type\nWhy us?,general\n".to_string()),
        ("tsv", "Why us?\tBe specific\n".to_string()),
        ("text", "Why us?\n".to_string()),
        ("markdown", "# Mine\n\n- Why us?\n".to_string()),
    ];
    for f in &IMPORT_FORMATS {
        let (_, text) = samples
            .iter()
            .find(|(key, _)| *key == f.key)
            .unwrap_or_else(|| panic!("add a sample for the {} format", f.name));
        for ext in f.extensions {
            let parsed =
                pack::parse(&format!("a.{ext}"), text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            assert!(!parsed.pack.questions.is_empty());
        }
    }
}
