//! The camera: the setup screen's section (on/off, the camera, quality, the self-view with a
//! framing guide and a light hint), and the self-view window while answering.

use crate::app::Command;
use crate::app::camera::CameraView;
use crate::app::settings::{Settings, VideoQuality};
use crate::video::{DARK_LUMA, Frame};

/// The line shown when the camera is on but none is found.
pub const NO_CAMERA: &str = "No camera found. Connect one and press \"Find cameras\"; until then \
     answers are recorded with audio only.";

/// The hint shown when the picture is dark.
pub const CHECK_LIGHT: &str =
    "Check your light: your face may be too dark. Face a window or a lamp.";

/// The setup screen's camera section.
pub fn section(
    ui: &mut egui::Ui,
    settings: &mut Settings,
    view: &CameraView,
    commands: &mut Vec<Command>,
) {
    ui.strong("Camera");
    ui.checkbox(
        &mut settings.camera.on,
        "Film my answers (camera), to watch my body language afterwards",
    );
    if !settings.camera.on {
        ui.weak("Off: answers are recorded with audio only. Video never leaves this computer.");
        return;
    }
    ui.horizontal(|ui| {
        if !view.cameras.is_empty() {
            let label = ui.label("Camera");
            let current = view.active.clone().unwrap_or_default();
            egui::ComboBox::from_id_salt("camera device")
                .selected_text(current.clone())
                .show_ui(ui, |ui| {
                    for name in &view.cameras {
                        if ui.selectable_label(*name == current, name).clicked() {
                            settings.camera.device = Some(name.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        }
        if ui.button("Find cameras").clicked() {
            commands.push(Command::RefreshCameras);
        }
    });
    if view.cameras.is_empty() {
        ui.label(
            egui::RichText::new(NO_CAMERA)
                .strong()
                .color(ui.visuals().warn_fg_color),
        );
        return;
    }
    ui.horizontal(|ui| {
        let label = ui.label("Quality");
        egui::ComboBox::from_id_salt("video quality")
            .selected_text(settings.camera.quality.label())
            .show_ui(ui, |ui| {
                for quality in VideoQuality::ALL {
                    ui.selectable_value(&mut settings.camera.quality, quality, quality.label());
                }
            })
            .response
            .labelled_by(label.id);
    });
    if let Some(error) = &view.error {
        ui.label(
            egui::RichText::new(error)
                .strong()
                .color(ui.visuals().error_fg_color),
        );
    }
    match &view.frame {
        None if view.paused => {
            ui.horizontal(|ui| {
                if ui.button("Show self-view").clicked() {
                    commands.push(Command::TestMicrophone);
                }
                ui.weak("The self-view paused to save power.");
            });
        }
        Some(frame) => {
            self_view(ui, "setup self-view", frame, 320.0);
            ui.weak("Your eyes on the line, your face around the mark; the camera at eye height.");
        }
        None if view.error.is_none() => {
            ui.weak("Starting the camera…");
        }
        None => {}
    }
    ui.weak("Video never leaves this computer.");
}

/// A self-view picture `width` wide with the framing guide (an eye line at the upper third,
/// a centre mark) and, when it is dark, the light hint under it.
pub fn self_view(ui: &mut egui::Ui, id: &str, frame: &Frame, width: f32) {
    let rect = image(
        ui,
        id,
        frame,
        width,
        "Self-view: what the camera sees, with a framing guide",
    );
    let guide = egui::Stroke::new(
        1.5,
        egui::Color32::from_rgba_unmultiplied(255, 255, 255, 160),
    );
    let eye_y = rect.top() + rect.height() / 3.0;
    ui.painter().add(egui::Shape::dashed_line(
        &[
            egui::pos2(rect.left() + 8.0, eye_y),
            egui::pos2(rect.right() - 8.0, eye_y),
        ],
        guide,
        8.0,
        6.0,
    ));
    let c = rect.center();
    ui.painter().line_segment(
        [c - egui::vec2(10.0, 0.0), c + egui::vec2(10.0, 0.0)],
        guide,
    );
    ui.painter().line_segment(
        [c - egui::vec2(0.0, 10.0), c + egui::vec2(0.0, 10.0)],
        guide,
    );
    if frame.luma < DARK_LUMA {
        ui.label(egui::RichText::new(CHECK_LIGHT).color(ui.visuals().warn_fg_color));
    }
}

/// A take's video frame `width` wide (review and the rate screen).
pub fn picture(ui: &mut egui::Ui, id: &str, frame: &Frame, width: f32) {
    image(ui, id, frame, width, "The take's video");
}

/// The place of a take's video while it opens: a 4:3 box `width` wide saying so.
pub fn opening_picture(ui: &mut egui::Ui, width: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, width * 0.75), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    ui.painter().text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        OPENING_VIDEO,
        egui::FontId::proportional(14.0),
        ui.visuals().weak_text_color(),
    );
}

/// What the place of a take's video says while it opens.
pub const OPENING_VIDEO: &str = "Opening the video…";

/// Draws `frame` `width` wide with the accessible name `alt`; returns where.
fn image(ui: &mut egui::Ui, id: &str, frame: &Frame, width: f32, alt: &str) -> egui::Rect {
    let texture = texture(ui.ctx(), id, frame);
    let size = egui::vec2(
        width,
        width * frame.height as f32 / frame.width.max(1) as f32,
    );
    ui.add(egui::Image::from_texture((texture.id(), size)).alt_text(alt))
        .rect
}

/// The texture showing `frame`, uploaded once per new frame and kept in egui's memory.
fn texture(ctx: &egui::Context, id: &str, frame: &Frame) -> egui::TextureHandle {
    let key = egui::Id::unique(("video texture", id));
    let kept: Option<(u64, egui::TextureHandle)> = ctx.data_mut(|d| d.get_temp(key));
    if let Some((serial, handle)) = &kept
        && *serial == frame.serial
    {
        return handle.clone();
    }
    let image = egui::ColorImage::from_rgba_unmultiplied(
        [frame.width as usize, frame.height as usize],
        &frame.rgba,
    );
    let handle = match kept {
        Some((_, mut handle)) => {
            handle.set(image, egui::TextureOptions::LINEAR);
            handle
        }
        None => ctx.load_texture(id, image, egui::TextureOptions::LINEAR),
    };
    ctx.data_mut(|d| d.insert_temp(key, (frame.serial, handle.clone())));
    handle
}

/// The self-view while answering: a small window the user can drag or close ("Show
/// self-view" brings it back).
pub fn answer_self_view(ui: &mut egui::Ui, frame: Option<&Frame>) {
    let key = egui::Id::unique("answer self-view shown");
    let mut open = ui.ctx().data_mut(|d| *d.get_temp_mut_or(key, true));
    if !open {
        if ui.button("Show self-view").clicked() {
            open = true;
        }
    } else {
        egui::Window::new("Self-view")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .default_pos(ui.max_rect().right_top() + egui::vec2(-260.0, 60.0))
            .show(ui.ctx(), |ui| match frame {
                Some(frame) => self_view(ui, "answer self-view", frame, 240.0),
                None => {
                    ui.weak("Starting the camera…");
                }
            });
    }
    ui.ctx().data_mut(|d| d.insert_temp(key, open));
}
