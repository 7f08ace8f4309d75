#![no_main]
//! Fuzzes the importer chosen for `a.pack.json`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check("a.pack.json", data));
