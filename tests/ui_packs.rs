//! The packs screen driven like a user would: drop files, preview, confirm, errors, the editor, export.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::packs::{ExportFormat, PackManager, PacksCommand};
use rehearse::data_dir::DataDir;
use rehearse::pack::{self, PackSource};

struct Screen {
    packs: PackManager,
    messages: Vec<String>,
}

/// One frame of the packs screen: logic, drawing, then the commands it returned.
fn frame(ui: &mut egui::Ui, s: &mut Screen) {
    s.packs.logic();
    s.messages
        .extend(std::iter::from_fn(|| s.packs.take_message()));
    for command in rehearse::ui::packs::show(ui, &s.packs) {
        s.packs.apply(command);
    }
}

fn harness(data: &DataDir) -> Harness<'static, Screen> {
    let screen = Screen {
        packs: PackManager::new(data),
        messages: Vec::new(),
    };
    Harness::builder()
        .with_size(egui::vec2(1200.0, 900.0))
        .build_ui_state(frame, screen)
}

/// Steps the UI (the spinner keeps it repainting) until the background parse is done.
fn wait_for_parse(h: &mut Harness<'_, Screen>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while h.state().packs.is_busy() {
        assert!(Instant::now() < deadline, "the import never finished");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

fn user_pack_files(data: &DataDir) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.packs())
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn user_pack_count(h: &Harness<'_, Screen>) -> usize {
    h.state()
        .packs
        .library
        .packs
        .iter()
        .filter(|p| matches!(p.source, PackSource::User(_)))
        .count()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const MARKDOWN: &str = "# Backend interview questions\n\n\
## Databases\n\n\
* What is a database index and when does it hurt?\n\
* Explain what a transaction guarantees.\n\n\
## Networking\n\n\
* What happens when you type a URL into a browser?\n";

const CSV: &str = "question,type,category,tips\n\
Tell me about yourself,general,Intro,Present - past - future\n\
Why do you want to work here?,general,Intro,\n\
Tell me about a conflict in your team,behavioral,Teamwork,Use STAR\n\
\"Describe a time you failed, and what you learned\",behavioral,Growth,\n";

#[test]
fn dropped_markdown_and_csv_are_previewed_then_imported() {
    let files = tempfile::tempdir().unwrap();
    let (_data_root, data) = support::temp_data();
    let mut h = harness(&data);
    h.run();
    let before = user_pack_count(&h);

    // Markdown: the preview shows title, count, types and the first questions.
    let md = write(files.path(), "backend.md", MARKDOWN);
    h.state_mut().packs.file_dropped(md);
    wait_for_parse(&mut h);
    h.get_by_label("Import preview");
    h.get_by_label("Backend interview questions");
    h.get_by_label("3 questions");
    h.get_by_label_contains("What is a database index");
    assert!(
        user_pack_files(&data).is_empty(),
        "nothing is stored before Confirm"
    );

    h.get_by_label("Confirm import").click();
    h.run();
    assert!(h.query_by_label("Import preview").is_none());
    assert_eq!(user_pack_count(&h), before + 1);
    assert_eq!(user_pack_files(&data).len(), 1);
    assert!(h.state().messages.iter().any(|m| m.contains("Imported")));
    // Listed, and selected in the details pane.
    assert!(
        !h.get_all_by_label("Backend interview questions")
            .collect::<Vec<_>>()
            .is_empty()
    );

    // CSV: the same path; quoted commas stay inside the question.
    let csv = write(files.path(), "general.csv", CSV);
    h.state_mut().packs.file_dropped(csv);
    wait_for_parse(&mut h);
    h.get_by_label("4 questions");
    h.get_by_label_contains("Describe a time you failed, and what you learned");
    h.get_by_label("Confirm import").click();
    h.run();
    assert_eq!(user_pack_count(&h), before + 2);
    assert_eq!(user_pack_files(&data).len(), 2);

    // Both are stored as valid packs in the data directory.
    for file in user_pack_files(&data) {
        pack::parse_file(&file).unwrap();
    }

    // Cancel drops a preview without storing anything.
    let again = write(files.path(), "again.md", MARKDOWN);
    h.state_mut().packs.file_dropped(again);
    wait_for_parse(&mut h);
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(user_pack_files(&data).len(), 2);
}

#[test]
fn a_broken_file_shows_its_line_and_changes_nothing() {
    let files = tempfile::tempdir().unwrap();
    let (_data_root, data) = support::temp_data();
    let mut h = harness(&data);
    h.run();
    let good = write(files.path(), "good.md", MARKDOWN);
    h.state_mut().packs.file_dropped(good);
    wait_for_parse(&mut h);
    h.get_by_label("Confirm import").click();
    h.run();
    let stored = user_pack_files(&data);
    let stored_text: Vec<String> = stored
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let count = h.state().packs.library.packs.len();

    // A CSV whose quote opened on line 3 never closes.
    let broken = write(
        files.path(),
        "broken.csv",
        "question,type\nTell me about yourself,general\n\"Why this company?,general\nWhat are your strengths?,general\n",
    );
    h.state_mut().packs.file_dropped(broken);
    wait_for_parse(&mut h);
    h.get_by_label_contains("“broken.csv” was not imported");
    let error = h
        .state()
        .packs
        .import_error()
        .cloned()
        .expect("an import error");
    assert!(error.line.is_some(), "{error}");
    h.get_by_label_contains(&format!("Line {}", error.line.unwrap()));
    assert!(h.query_by_label("Import preview").is_none());

    // Nothing already imported was touched.
    assert_eq!(h.state().packs.library.packs.len(), count);
    assert_eq!(user_pack_files(&data), stored);
    for (path, text) in stored.iter().zip(&stored_text) {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), text);
    }

    h.get_by_label("Dismiss").click();
    h.run();
    assert!(h.state().packs.import_error().is_none());
}

#[test]
fn a_new_pack_made_in_the_editor_is_saved_listed_and_exports_round_trip() {
    let (_data_root, data) = support::temp_data();
    let out = tempfile::tempdir().unwrap();
    let mut h = harness(&data);
    h.run();

    h.get_by_label_contains("New pack").click();
    h.run();
    h.get_by_label("Title")
        .set_text_value_accesskit("Salary negotiation");
    h.run();
    h.get_by_label("Add question").click();
    h.run();
    h.get_by_label("Add question").click();
    h.run();

    // Empty questions cannot be saved; the problem is shown beside them.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(user_pack_files(&data).is_empty());
    assert!(
        !h.state().packs.editor().unwrap().problems.is_empty(),
        "empty questions are reported"
    );

    assert_eq!(h.get_all_by_label("Text").count(), 2);
    h.get_all_by_label("Text")
        .next()
        .unwrap()
        .set_text_value_accesskit("What salary are you expecting?");
    h.run();
    h.get_all_by_label("Text")
        .nth(1)
        .unwrap()
        .set_text_value_accesskit("Why should we pay you more than the range?");
    h.run();
    h.get_all_by_label("Tips (one per line)")
        .next()
        .unwrap()
        .set_text_value_accesskit("Give a researched range\nAnchor high");
    h.run();
    // Reorder: the second question moves up.
    h.get_all_by_label("Up").nth(1).unwrap().click();
    h.run();
    assert!(
        h.state().packs.editor().unwrap().problems.is_empty(),
        "{:?}",
        h.state().packs.editor()
    );

    h.get_by_label("Save and close").click();
    h.run();
    assert!(h.state().packs.editor().is_none());
    let files = user_pack_files(&data);
    assert_eq!(files.len(), 1, "saved into the data directory");
    // Listed on the left and shown (selected) on the right.
    assert_eq!(h.get_all_by_label("Salary negotiation").count(), 2);

    let index = h
        .state()
        .packs
        .library
        .packs
        .iter()
        .position(|p| p.pack.title == "Salary negotiation")
        .unwrap();
    let saved = h.state().packs.library.packs[index].pack.clone();
    assert_eq!(saved.questions.len(), 2);
    assert_eq!(
        saved.questions[0].text,
        "Why should we pay you more than the range?"
    );
    assert_eq!(
        saved.questions[1].tips,
        ["Give a researched range", "Anchor high"]
    );

    // Export both ways (the path given directly, as the save dialog would) and read back.
    let json = out.path().join("salary.pack.json");
    let csv = out.path().join("salary.csv");
    for (format, path) in [(ExportFormat::Json, &json), (ExportFormat::Csv, &csv)] {
        h.state_mut().packs.apply(PacksCommand::Export {
            pack: index,
            format,
            path: Some(path.clone()),
        });
    }
    assert_eq!(pack::parse_file(&json).unwrap().pack, saved);
    let from_csv = pack::parse_file(&csv).unwrap().pack;
    let texts = |p: &pack::Pack| {
        p.questions
            .iter()
            .map(|q| (q.text.clone(), q.kind.clone(), q.tips.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&from_csv), texts(&saved));

    // Edit the stored pack: the same file is updated in place.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Title")
        .set_text_value_accesskit("Salary talks");
    h.run();
    h.get_by_label("Save and close").click();
    h.run();
    assert_eq!(user_pack_files(&data), files);
    assert_eq!(
        pack::parse_file(&files[0]).unwrap().pack.title,
        "Salary talks"
    );

    // Delete asks first, then removes the file.
    h.get_by_label("Delete…").click();
    h.run();
    h.get_by_label("Delete this pack?");
    h.get_by_label("Delete").click();
    h.run();
    assert!(user_pack_files(&data).is_empty());
    assert!(h.query_by_label("Salary talks").is_none());
}

#[test]
fn a_builtin_pack_is_duplicated_into_an_editable_copy() {
    let (_data_root, data) = support::temp_data();
    let mut h = harness(&data);
    h.run();
    let first = h.state().packs.library.packs[0].pack.clone();
    assert!(matches!(
        h.state().packs.library.packs[0].source,
        PackSource::Builtin
    ));

    h.get_by_label(&first.title).click();
    h.run();
    // Each question shows its type, its framework where it has one, and its category.
    assert_eq!(
        h.get_all_by_label("General · Present–Past–Future · Introduction")
            .count(),
        2,
        "tell me about yourself, and the résumé walk-through"
    );
    h.get_by_label("Duplicate and edit").click();
    h.run();
    h.get_by_label("Save and close").click();
    h.run();
    let copy = h
        .state()
        .packs
        .library
        .packs
        .iter()
        .find(|p| p.pack.title == format!("{} (copy)", first.title))
        .expect("the copy is listed");
    assert_ne!(copy.pack.id, first.id);
    assert_eq!(copy.pack.questions.len(), first.questions.len());
    let frameworks = |p: &pack::Pack| p.questions.iter().map(|q| q.framework).collect::<Vec<_>>();
    assert_eq!(frameworks(&copy.pack), frameworks(&first), "frameworks too");
    assert_eq!(user_pack_files(&data).len(), 1);
}
