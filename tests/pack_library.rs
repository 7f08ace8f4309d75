//! The pack library on disk: load, add (generated names, id clashes), update, remove, broken files.

use rehearse::data_dir::DataDir;
use rehearse::pack::{self, PackLibrary, PackSource};

fn sample(id: &str) -> pack::Pack {
    let mut p = pack::builtin().remove(0);
    p.id = id.into();
    p.title = "../../etc/passwd".into();
    p
}

#[test]
fn add_update_remove_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut lib = PackLibrary::load(&data);
    let builtins = lib.packs.len();
    assert!(lib.errors.is_empty());

    let path = lib.add(sample("mine")).unwrap();
    assert_eq!(path.parent().unwrap(), data.packs());
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(name.ends_with(".pack.json") && !name.contains("passwd") && !name.contains("mine"));

    let again = PackLibrary::load(&data);
    assert_eq!(again.packs.len(), builtins + 1);
    assert_eq!(again.packs[builtins].pack, sample("mine"));
    assert_eq!(again.packs[builtins].source, PackSource::User(path.clone()));

    let mut edited = sample("mine");
    edited.questions.truncate(2);
    lib.update(&path, edited.clone()).unwrap();
    assert_eq!(PackLibrary::load(&data).packs[builtins].pack, edited);

    lib.remove(&path).unwrap();
    assert!(!path.exists());
    assert_eq!(PackLibrary::load(&data).packs.len(), builtins);
    assert!(lib.remove(&path).is_err(), "no longer in the library");
}

#[test]
fn clashing_ids_get_a_new_id_and_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut lib = PackLibrary::load(&data);
    lib.add(sample("general")).unwrap();
    lib.add(sample("general")).unwrap();
    let ids: Vec<_> = lib.packs.iter().map(|p| p.pack.id.as_str()).collect();
    assert!(
        ids.contains(&"general-2") && ids.contains(&"general-3"),
        "{ids:?}"
    );
    assert_eq!(lib.notes.len(), 2);
    assert!(lib.notes[0].contains("general-2"));
}

#[test]
fn broken_files_are_reported_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    std::fs::create_dir_all(data.packs()).unwrap();
    let broken = data.packs().join("broken.pack.json");
    std::fs::write(&broken, "{ \"format_version\": \"1.0\",\n oops }").unwrap();
    std::fs::write(data.packs().join("notes.txt"), "not a pack").unwrap();
    let mut lib = PackLibrary::load(&data);
    assert_eq!(lib.errors.len(), 1);
    assert_eq!(lib.errors[0].line, Some(2));
    lib.add(sample("x")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "{ \"format_version\": \"1.0\",\n oops }"
    );
    assert_eq!(PackLibrary::load(&data).errors.len(), 1);
}

#[test]
fn invalid_packs_are_not_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let mut lib = PackLibrary::load(&DataDir::new(tmp.path()));
    let mut p = sample("bad");
    p.questions.clear();
    assert!(lib.add(p).is_err());
    assert!(
        !tmp.path().join("packs").exists()
            || std::fs::read_dir(tmp.path().join("packs")).unwrap().count() == 0
    );
}

#[test]
fn a_large_imported_pack_is_stored_so_that_it_loads_again() {
    // 1000 questions of ~1000 characters: just under 1 MiB as text, more as JSON.
    let text: String = (0..1000)
        .map(|i| format!("Question {i:04} {}?\n", "word ".repeat(205)))
        .collect();
    assert!(text.len() < pack::MAX_FILE_BYTES);
    let parsed = pack::parse("big.txt", text.as_bytes()).unwrap();
    assert!(pack::to_json(&parsed.pack).len() > pack::MAX_FILE_BYTES);
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut lib = PackLibrary::load(&data);
    let path = lib.add(parsed.pack.clone()).unwrap();
    let again = PackLibrary::load(&data);
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    assert_eq!(again.packs.last().unwrap().pack, parsed.pack);
    assert_eq!(again.packs.last().unwrap().source, PackSource::User(path));
}
