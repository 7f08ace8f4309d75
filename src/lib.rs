//! Rehearse: offline, private, timed mock-interview rehearsal.
//!
//! Everything testable without a window lives in this library; `main.rs` only parses the CLI.
//! Dependencies point one way: `ui` → `app` → (`interview`, `session`, `pack`, `audio`, `analysis`,
//! `transcribe`, `video`, `wav`). Only `ui` knows egui and eframe; `app` is the windowless application state.

pub mod analysis;
pub mod app;
pub mod audio;
pub mod data_dir;
pub mod interview;
pub mod pack;
pub mod session;
pub mod transcribe;
pub mod ui;
pub mod video;
pub mod wav;
