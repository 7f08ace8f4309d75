//! A take's transcript: the words wrapped as text, fillers and hedges marked, and each word
//! a button that plays the take from it.

use std::time::Duration;

use crate::analysis::words::{TimedWord, WordMark, marks};
use crate::app::rehearsal::TranscriptView;
use crate::ui::theme;

/// Shown when no speech-to-text model is installed.
pub const TRANSCRIPTS_OFF: &str = "Transcripts are off: no speech model is installed. Install \
    one with `make model` in Rehearse's source folder; from the .deb, with `bash \
    /usr/share/rehearse/fetch-model.sh && rehearse model install`; or your own ggml Whisper \
    file with `rehearse model install --file PATH`.";

/// The transcript, or how far it has got; returns where to play from when a word is clicked.
pub fn view(ui: &mut egui::Ui, view: &TranscriptView, fillers: &[String]) -> Option<Duration> {
    match view {
        TranscriptView::Off => {
            ui.weak(TRANSCRIPTS_OFF);
            None
        }
        TranscriptView::None => {
            ui.weak("No transcript for this answer.");
            None
        }
        TranscriptView::Failed(_) => {
            // The raw cause is in the log.
            ui.colored_label(
                theme::colours(ui).warn,
                "This answer could not be transcribed. Its recording is kept.",
            );
            None
        }
        TranscriptView::Running(partial) => {
            // Progress as text, redrawn as pieces arrive: a spinner would redraw the window
            // every frame for as long as the transcription takes.
            ui.label(format!(
                "Transcribing… {} of {} done",
                crate::ui::timer::secs(partial.done_s),
                crate::ui::timer::secs(partial.recorded_s.max(partial.done_s)),
            ));
            words(ui, &partial.words, fillers)
        }
        TranscriptView::Ready(transcript) if transcript.words.is_empty() => {
            ui.weak("No words were heard in this answer.");
            None
        }
        TranscriptView::Ready(transcript) => {
            legend(ui);
            words(ui, &transcript.words, fillers)
        }
    }
}

/// The words, wrapped, fillers and hedges marked; returns the start of a clicked word.
pub fn words(ui: &mut egui::Ui, words: &[TimedWord], fillers: &[String]) -> Option<Duration> {
    let colours = theme::colours(ui);
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("transcript words")
        .max_height(220.0)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                for (word, mark) in words.iter().zip(marks(words, fillers)) {
                    let text = egui::RichText::new(word.text.trim());
                    let text = match mark {
                        WordMark::Plain => text,
                        WordMark::Filler => text.color(colours.caution).strong(),
                        WordMark::Hedge => text.color(colours.link).italics(),
                    };
                    let response = ui
                        .add(egui::Label::new(text).sense(egui::Sense::click()))
                        .on_hover_cursor(egui::CursorIcon::PointingHand)
                        .on_hover_text(format!(
                            "Play from here ({})",
                            crate::ui::timer::secs(word.start_s)
                        ));
                    if response.clicked() {
                        clicked = Some(Duration::from_secs_f64(word.start_s.max(0.0)));
                    }
                }
            });
        });
    clicked
}

fn legend(ui: &mut egui::Ui) {
    let colours = theme::colours(ui);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.weak("Click a word to play from it.");
        ui.label(
            egui::RichText::new("Fillers")
                .color(colours.caution)
                .strong(),
        );
        ui.weak("and");
        ui.label(egui::RichText::new("hedges").color(colours.link).italics());
        ui.weak("are marked.");
    });
}
