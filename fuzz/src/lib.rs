//! The pack module of Rehearse, compiled on its own for fuzzing (no window or audio crates).
#![allow(dead_code)]

#[path = "../../src/data_dir.rs"]
pub mod data_dir;
#[path = "../../src/pack/mod.rs"]
pub mod pack;

/// Every file name `import_any` tries: one per extension in `pack::IMPORT_FORMATS`, and none.
pub fn file_names() -> Vec<String> {
    pack::IMPORT_FORMATS
        .iter()
        .flat_map(|f| f.extensions.iter().map(|e| format!("a.{e}")))
        .chain(["a".to_string()])
        .collect()
}

/// [`check`]s `data` as a file of the format with this key in `pack::IMPORT_FORMATS` (e.g. "tsv").
pub fn check_format(key: &str, data: &[u8]) {
    let format = pack::IMPORT_FORMATS
        .iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no import format {key}: keep fuzz targets in step with pack::IMPORT_FORMATS"));
    check(&format!("a.{}", format.extensions[0]), data);
}

/// Parses `data` as `file_name` and, when it is accepted, checks what every valid pack promises.
pub fn check(file_name: &str, data: &[u8]) {
    if let Ok(parsed) = pack::parse(file_name, data) {
        let p = &parsed.pack;
        assert!(pack::validate(p).is_empty(), "an accepted pack is valid");
        let mut texts = vec![&p.id, &p.title, &p.description];
        for q in &p.questions {
            texts.extend([&q.id, &q.text]);
            texts.extend(q.category.iter().chain(&q.tips).chain(&q.follow_ups));
        }
        assert!(texts.iter().all(|t| !t.contains('\r')), "no carriage return survives import");
        // Whatever was accepted exports and re-imports to the same pack.
        let again = pack::parse("again.pack.json", pack::to_json(p).as_bytes()).expect("JSON re-import");
        assert_eq!(&again.pack, p);
    }
}
