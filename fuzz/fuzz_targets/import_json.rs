#![no_main]
//! Fuzzes the "json" importer of `pack::IMPORT_FORMATS` (files named like `a.json`).

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check_format("json", data));
