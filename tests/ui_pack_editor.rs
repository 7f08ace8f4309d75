//! The pack editor through the real window shell: typing a whole sentence, one key per frame,
//! lands in full in every text field, also right after Ctrl+S.

use egui::{Event, Key, Modifiers};
mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::packs::PackDraft;
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;
use rehearse::ui::shell::Shell;

const SENTENCE: &str = "Loop for the Acme PM role";

fn harness(data: &DataDir) -> Harness<'static, Shell> {
    support::window(
        data,
        [1100.0, 800.0],
        SyntheticBackend::without_microphone(),
    )
}

fn draft(h: &Harness<'_, Shell>) -> PackDraft {
    h.state()
        .app()
        .packs()
        .editor()
        .expect("the editor is open")
        .draft
        .clone()
}

/// Types `text` as a user does: one key per frame, into whatever has focus.
fn type_keys(h: &mut Harness<'_, Shell>, text: &str) {
    for c in text.chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
}

/// Clicks the `nth` field named `label`, types half the sentence, saves with Ctrl+S, types the
/// rest without clicking again, and returns what `read` finds in the draft.
fn type_with_save_between(
    h: &mut Harness<'_, Shell>,
    label: &str,
    nth: usize,
    read: impl Fn(&PackDraft) -> String,
) {
    let before = read(&draft(h));
    h.get_all_by_label(label).nth(nth).unwrap().click();
    h.run();
    let (first, second) = SENTENCE.split_at(9);
    type_keys(h, first);
    assert_eq!(
        read(&draft(h)),
        format!("{before}{first}"),
        "typing into {label} #{nth}"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    type_keys(h, second);
    assert_eq!(
        read(&draft(h)),
        format!("{before}{SENTENCE}"),
        "typing into {label} #{nth} after Ctrl+S"
    );
    h.key_press(Key::Escape);
    h.run();
}

#[test]
fn every_editor_field_takes_a_whole_sentence_typed_key_by_key() {
    let (_root, data) = support::temp_data();
    let mut h = harness(&data);
    support::new_pack_with_questions(&mut h, 2);

    // Saved once, so the first key in each field is the one that marks the pack changed.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    type_with_save_between(&mut h, "Title", 0, |d| d.title.clone());
    type_with_save_between(&mut h, "Description", 0, |d| d.description.clone());
    for q in 0..2 {
        type_with_save_between(&mut h, "Text", q, move |d| d.questions[q].text.clone());
        type_with_save_between(&mut h, "Category", q, move |d| {
            d.questions[q].category.clone()
        });
        type_with_save_between(&mut h, "Tips (one per line)", q, move |d| {
            d.questions[q].tips.clone()
        });
    }
}
