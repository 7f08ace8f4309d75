//! Packs as the window sees them: a pack imported from a terminal while the window is open shows up
//! when the setup or packs screen is entered, and a pack's own question types are offered, filtered
//! and recorded.

use std::path::Path;

use egui::accesskit::Role;
mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use rehearse::app::Screen;
use rehearse::data_dir::DataDir;
use rehearse::pack::QuestionType;
use rehearse::session::Session;
use rehearse::ui::shell::Shell;

fn harness(data: &DataDir) -> Harness<'static, Shell> {
    support::tone_window(data)
}

/// Clicks the button whose label starts with `text` (buttons add their shortcut to the label).
fn click_button(h: &mut Harness<'_, Shell>, text: &str) {
    h.run();
    h.get(By::new().role(Role::Button).label_contains(text))
        .click();
    h.run();
}

const TITLE: &str = "Staff engineer loop";

#[test]
fn a_pack_imported_from_the_terminal_appears_and_its_own_types_filter_the_session() {
    let (_tmp, data) = support::temp_data();
    let mut h = harness(&data);
    h.run();
    assert!(h.query_by_label(TITLE).is_none());

    // `rehearse pack import` from a terminal while the window is open.
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good_packs/own_types.pack.json");
    assert_eq!(
        rehearse::pack::cli::import(&data, &file),
        std::process::ExitCode::SUCCESS
    );
    click_button(&mut h, "Question packs");
    assert_eq!(h.state().app().screen(), Screen::Packs);
    h.get_by_label(TITLE);
    click_button(&mut h, "Back to setup");

    // The setup screen offers the pack's own types next to the built-in one.
    support::click(&mut h, TITLE);
    for kind in ["Technical", "behavorial", "culture fit", "leadership"] {
        h.get_by_label(&format!("{TITLE}: {kind}"));
    }
    // Leave only "leadership": three of the pack's types are switched off.
    for kind in ["Technical", "behavorial", "culture fit"] {
        support::click(&mut h, &format!("{TITLE}: {kind}"));
    }
    let leadership = QuestionType::named("leadership");
    assert_eq!(
        h.state()
            .app()
            .settings
            .pack("staff-engineer")
            .unwrap()
            .types,
        std::slice::from_ref(&leadership)
    );
    support::click(&mut h, "General interview questions");
    h.get_by_label("2 available");

    // The session records the type as the pack names it.
    h.get_by_label_contains("Start interview").click();
    h.run();
    assert_eq!(h.state().app().screen(), Screen::Rehearsal);
    let dir = std::fs::read_dir(data.sessions())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(dir.join("session.json")).unwrap();
    assert_eq!(
        text.matches("\"type\": \"leadership\"").count(),
        2,
        "{text}"
    );
    let session: Session = serde_json::from_str(&text).unwrap();
    assert!(session.questions.iter().all(|q| q.kind == leadership));
}
