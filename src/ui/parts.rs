//! The answer framework's parts: buttons that mark where each begins while answering, and
//! each part's share of the answer against its target (rate screen and review).

use crate::app::Command;
use crate::pack::Framework;
use crate::session::parts::PartShare;
use crate::ui::shortcuts::{self, Action};

/// The shortcut that marks part `n` (0-based) of `framework`: S, T, A, R for STAR, else 1–4.
pub fn action(framework: Framework, n: usize) -> Action {
    let n = u8::try_from(n + 1).unwrap_or(u8::MAX);
    if framework == Framework::Star {
        Action::MarkStarPart(n)
    } else {
        Action::MarkPart(n)
    }
}

/// The part marks pressed this frame, in the order typed (digits 1–4 work for any framework).
pub fn keys(ctx: &egui::Context, framework: Framework) -> Vec<Command> {
    let parts = framework.parts().len();
    let mut actions: Vec<Action> = (0..parts).map(|n| action(framework, n)).collect();
    if framework == Framework::Star {
        actions.extend((1..=parts).map(|n| Action::MarkPart(n as u8)));
    }
    shortcuts::pressed_in_order(ctx, &actions)
        .into_iter()
        .filter_map(|a| match a {
            Action::MarkPart(n) | Action::MarkStarPart(n) => {
                Some(Command::MarkPart(usize::from(n) - 1))
            }
            _ => None,
        })
        .collect()
}

/// One button per part with its key ("Situation  S"); a click marks that the part begins now.
pub fn buttons(ui: &mut egui::Ui, framework: Framework, marked: &[usize]) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.label(format!("{}:", framework.name()));
        for (n, part) in framework.parts().iter().enumerate() {
            let key = shortcuts::key_text(ui.ctx(), action(framework, n));
            // A marked part's button is drawn selected.
            let button = egui::Button::new(part.label)
                .shortcut_text(key)
                .selected(marked.contains(&n));
            if ui
                .add(button)
                .on_hover_text(format!(
                    "{} starts now (press again to move it)",
                    part.label
                ))
                .clicked()
            {
                commands.push(Command::MarkPart(n));
            }
        }
    });
    commands
}

/// "Action 48 % (target 60 %)" per part, suggested starts in italics and marked as such.
pub fn shares(
    ui: &mut egui::Ui,
    framework: Framework,
    shares: Option<&[PartShare]>,
    targets: &[f64],
) {
    let Some(shares) = shares else {
        ui.weak(format!(
            "No {} parts marked. While answering, press {} to mark where each part starts.",
            framework.name(),
            keys_phrase(ui.ctx(), framework)
        ));
        return;
    };
    for (share, part) in shares.iter().zip(framework.parts()) {
        let target = targets.get(share.part).copied().unwrap_or(0.0);
        let text = crate::session::parts::share_text(part.label, share, target);
        if share.suggested {
            ui.label(
                egui::RichText::new(format!("{text} · start suggested from the transcript"))
                    .italics(),
            );
        } else {
            ui.label(text);
        }
    }
    ui.weak("Each part runs until the next one starts; time before the first part is not counted.");
}

/// "S, T, A and R" (or "1, 2 and 3"): the keys that mark `framework`'s parts.
fn keys_phrase(ctx: &egui::Context, framework: Framework) -> String {
    let keys: Vec<String> = (0..framework.parts().len())
        .map(|n| shortcuts::key_text(ctx, action(framework, n)))
        .collect();
    match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => keys.join(""),
    }
}
