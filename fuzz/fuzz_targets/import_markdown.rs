#![no_main]
//! Fuzzes the "markdown" importer of `pack::IMPORT_FORMATS` (files named like `a.md`).

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check_format("markdown", data));
