#![no_main]
//! Fuzzes the importer chosen for `a.md`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check("a.md", data));
