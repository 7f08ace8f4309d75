//! "Open folder" with no file manager to launch: a sentence with the path, a Copy path button,
//! and the launcher's raw error in the log. Alone in its binary because it empties PATH.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::review::{Review, ReviewCommand};
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;

#[test]
fn a_missing_file_manager_is_explained_and_the_path_can_be_copied() {
    // SAFETY: set before this test binary starts any thread of its own.
    unsafe { std::env::set_var("PATH", "/nonexistent") };
    let root = tempfile::tempdir().unwrap();
    let data = DataDir::new(root.path());
    let folder = data.sessions().join("20261120T093000Z-abc");
    std::fs::create_dir_all(&folder).unwrap();

    let mut review = Review::new(&data);
    review.refresh();
    while review.is_listing() {
        std::thread::sleep(std::time::Duration::from_millis(5));
        review.logic();
    }
    let audio = SyntheticBackend::without_microphone();
    let mut h = Harness::builder().build_ui_state(
        move |ui, review: &mut Review| {
            for command in rehearse::ui::review::show(ui, review) {
                review.apply(command, &audio);
            }
        },
        review,
    );
    h.state_mut().apply(
        ReviewCommand::OpenFolder(folder.clone()),
        &SyntheticBackend::without_microphone(),
    );
    h.run();

    let sentence = format!(
        "Could not open a file manager. The session is in {}.",
        folder.display()
    );
    h.get_by_label(&sentence);
    assert!(h.query_by_label_contains("Launcher").is_none());
    assert!(h.query_by_label_contains("ExitStatus").is_none());

    h.get_by_label("Copy path").click();
    h.step();
    let copied = h.output().platform_output.commands.iter().any(
        |c| matches!(c, egui::OutputCommand::CopyText(t) if *t == folder.display().to_string()),
    );
    assert!(copied, "{:?}", h.output().platform_output.commands);

    let log = std::fs::read_to_string(root.path().join("rehearse.log")).unwrap();
    assert!(log.contains("open folder"), "{log}");
}
