#![no_main]
//! Fuzzes the importer chosen for `a.txt`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check("a.txt", data));
