//! Screens and widgets. Functions here draw from state and return commands; they do no I/O.

pub mod packs;
pub mod review;
