//! Sessions: what was asked and answered, the ratings and metrics, and their store on disk.
//!
//! One folder per session (`sessions/<UTC timestamp>-<short id>/`) holding `session.json`
//! and `qNN.wav` / `qNN-takeK.wav`. `session.json` is rewritten atomically after every step
//! that matters, so a crash loses at most the step in progress.

pub mod model;
pub mod store;

pub use model::*;
pub use store::{SessionStore, SessionSummary, StoreError};
