//! The pack editor through the real window shell: typing a whole sentence, one key per frame,
//! lands in full in every text field, also right after Ctrl+S; a question's framework is
//! chosen from its list and saved.

use egui::{Event, Key, Modifiers};
mod support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use rehearse::app::packs::PackDraft;
use rehearse::audio::SyntheticBackend;
use rehearse::data_dir::DataDir;
use rehearse::pack::{self, Framework};
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

/// Opens question `nth`'s framework list and picks `choice` ("STAR", "None", …).
fn choose_framework(h: &mut Harness<'_, Shell>, nth: usize, choice: &str) {
    h.get_all_by_label("Framework").nth(nth).unwrap().click();
    h.run();
    h.get_by_label(choice).click();
    h.run();
}

#[test]
fn a_framework_is_chosen_from_a_list_and_saved_with_the_pack() {
    let (_root, data) = support::temp_data();
    let mut h = harness(&data);
    support::new_pack_with_questions(&mut h, 2);
    let frameworks = |h: &Harness<'_, Shell>| -> Vec<Option<Framework>> {
        draft(h).questions.iter().map(|q| q.framework).collect()
    };
    assert_eq!(frameworks(&h), [None, None]);

    // The list offers none and every framework by name.
    h.get_all_by_label("Framework").next().unwrap().click();
    h.run();
    for name in ["None", "STAR", "Present–Past–Future", "CAR"] {
        h.get_by_label(name);
    }
    h.get_by_label("STAR").click();
    h.run();
    choose_framework(&mut h, 1, "Present–Past–Future");
    assert_eq!(
        frameworks(&h),
        [Some(Framework::Star), Some(Framework::PresentPastFuture)]
    );

    for (i, text) in ["Tell me about a conflict.", "Tell me about yourself."]
        .iter()
        .enumerate()
    {
        h.get_all_by_label("Text")
            .nth(i)
            .unwrap()
            .set_text_value_accesskit(text);
        h.run();
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let files: Vec<_> = std::fs::read_dir(data.packs())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "saved");
    let saved = pack::parse_file(&files[0]).unwrap().pack;
    assert_eq!(saved.format_version, "1.1");
    assert_eq!(saved.questions[0].framework, Some(Framework::Star));
    assert_eq!(
        saved.questions[1].framework,
        Some(Framework::PresentPastFuture)
    );

    // Back to none: the pack is an ordinary 1.0 pack again.
    choose_framework(&mut h, 0, "None");
    choose_framework(&mut h, 1, "None");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let saved = pack::parse_file(&files[0]).unwrap().pack;
    assert_eq!(saved.format_version, "1.0");
    assert!(saved.questions.iter().all(|q| q.framework.is_none()));
}
