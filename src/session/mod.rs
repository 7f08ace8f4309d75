//! Sessions: what was asked and answered, the ratings and metrics, and their store on disk.
//!
//! One folder per session (`sessions/<UTC timestamp>-<short id>/`) holding `session.json`
//! and `qNN.wav` / `qNN-takeK.wav`. `session.json` is rewritten atomically after every step
//! that matters, so a crash loses at most the step in progress.

pub mod export;
pub mod model;
pub mod parts;
pub mod rating;
pub mod recovery;
pub mod reflection;
pub mod store;
pub mod wav_repair;

pub use model::*;
pub use rating::{
    MAX_SCORE, MIN_SCORE, RATING_ITEMS, Rating, RatingDraft, RatingGroup, RatingItem, clamp_score,
    rating_items, rating_items_in,
};
pub use recovery::Interruption;
pub use reflection::{
    CheckItem, PITFALLS, REFLECTION_ITEMS, REFLECTION_PARTS, Reflection, ReflectionLine,
    THANK_YOU_CHECKS, THANK_YOU_TARGET, ThankYouNote,
};
pub use store::{
    SESSION_FILE, SessionStore, SessionSummary, StoreError, copy_session, is_disk_full, wav_name,
};
pub use wav_repair::{Repair, repair_wav};
