//! Rehearse: offline, private, timed mock-interview rehearsal.
//!
//! Everything testable without a window lives in this library; `main.rs` only parses the CLI.
//! Dependencies point one way: `ui` → `app` → (`interview`, `session`, `pack`, `audio`, `analysis`, `wav`).
//! Only `ui` and `app` know egui.

pub mod analysis;
pub mod app;
pub mod audio;
pub mod data_dir;
pub mod interview;
pub mod pack;
pub mod session;
pub mod ui;
pub mod wav;
