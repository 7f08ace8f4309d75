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

fn good_pack_file(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/good_packs")
        .join(name)
}

/// `pack::parse_file(path)` on a thread; fails the test if it has not returned within 20 s.
fn parse_file_within_20s(path: &std::path::Path) -> Result<pack::Parsed, pack::ImportError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(pack::parse_file(&path));
    });
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .expect("parse_file is still waiting after 20 s")
}

#[test]
fn the_import_path_refuses_a_fifo_and_dev_zero_without_opening_them() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("questions.pack.json");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let e = parse_file_within_20s(&fifo).unwrap_err();
    assert!(
        e.message.contains("not a regular file (a named pipe)"),
        "{e}"
    );
    let e = parse_file_within_20s(std::path::Path::new("/dev/zero")).unwrap_err();
    assert!(e.message.contains("not a regular file (a device)"), "{e}");
    assert!(!e.message.contains("bytes"), "{e}");
    let e = parse_file_within_20s(tmp.path()).unwrap_err();
    assert!(e.message.contains("not a regular file (a folder)"), "{e}");
}

#[test]
fn a_fifo_in_the_packs_folder_is_skipped_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    std::fs::create_dir_all(data.packs()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(data.packs().join("pipe.pack.json"))
        .status()
        .unwrap();
    assert!(status.success());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(PackLibrary::load(&data).packs.len()));
    let loaded = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("loading the library blocked on a FIFO");
    assert_eq!(loaded, pack::builtin().len());
}

#[test]
fn a_pack_imported_from_the_command_line_is_seen_by_an_open_library() {
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    let mut lib = PackLibrary::load(&data);
    let builtins = lib.packs.len();
    assert!(!lib.reload_if_changed(), "nothing changed yet");

    let code = pack::cli::import(&data, &good_pack_file("behavioral.markdown"));
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert_eq!(lib.packs.len(), builtins, "not re-read yet");
    assert!(lib.reload_if_changed());
    assert_eq!(lib.packs.len(), builtins + 1);
    assert_eq!(lib.packs[builtins].pack.title, "Behavioural practice");
    assert!(!lib.reload_if_changed(), "a second look finds no change");

    // The library's own writes are not taken for outside changes.
    let path = lib.add(sample("mine")).unwrap();
    assert!(!lib.reload_if_changed());
    let mut edited = sample("mine");
    edited.questions.truncate(1);
    lib.update(&path, edited).unwrap();
    assert!(!lib.reload_if_changed());

    // A pack changed or deleted outside is picked up too.
    let imported = lib.packs[builtins].source.clone();
    let PackSource::User(imported) = imported else {
        panic!("a user pack")
    };
    std::fs::remove_file(&imported).unwrap();
    assert!(lib.reload_if_changed());
    assert_eq!(lib.packs.len(), builtins + 1);
    assert_eq!(lib.packs[builtins].pack.id, "mine");
    assert_eq!(lib.packs[builtins].pack.questions.len(), 1);
}

#[test]
fn a_newer_major_pack_is_stored_unchanged_and_never_rewritten() {
    let file = good_pack_file("newer_major.pack.json");
    let original = std::fs::read_to_string(&file).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let data = DataDir::new(tmp.path());
    assert_eq!(
        pack::cli::import(&data, &file),
        std::process::ExitCode::SUCCESS
    );
    let mut lib = PackLibrary::load(&data);
    let lp = lib.get("from-the-future").unwrap().clone();
    let PackSource::User(path) = lp.source.clone() else {
        panic!("a user pack")
    };
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        original,
        "stored as imported"
    );
    assert_eq!(lp.pack.format_version, "2.0");
    let note = lp.read_only_note().unwrap();
    assert!(note.contains("read-only") && note.contains("2.0"), "{note}");
    assert_eq!(lp.json_text(), original, "a JSON export keeps everything");
    let loss = lp.copy_loss().unwrap();
    assert!(
        loss.contains("rubric") && loss.contains("defaults/retake_limit"),
        "{loss}"
    );
    // Practice uses it as it is, own types included.
    assert_eq!(
        lp.pack.questions[1].kind,
        pack::QuestionType::named("leadership")
    );

    // The editor's save is refused and the file stays as it was.
    let mut edited = lp.pack.clone();
    edited.format_version = pack::FORMAT_VERSION.into();
    edited.title = "Changed".into();
    let e = lib.update(&path, edited).unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // Nor can the pack be stored again as a rewritten file.
    assert!(lib.add(lp.pack.clone()).is_err());
    // A second import of the same file cannot rename its id, so it is refused.
    assert_eq!(
        pack::cli::import(&data, &file),
        std::process::ExitCode::FAILURE
    );
    assert_eq!(std::fs::read_dir(data.packs()).unwrap().count(), 1);
    // A duplicate (what the editor saves) is an ordinary 1.0 pack.
    let mut copy = lp.pack.clone();
    copy.format_version = pack::FORMAT_VERSION.into();
    copy.id = "copy".into();
    lib.add(copy).unwrap();
}
