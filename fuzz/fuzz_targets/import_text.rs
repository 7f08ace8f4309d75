#![no_main]
//! Fuzzes the "text" importer of `pack::IMPORT_FORMATS` (files named like `a.txt`).

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check_format("text", data));
