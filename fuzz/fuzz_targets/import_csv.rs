#![no_main]
//! Fuzzes the "csv" importer of `pack::IMPORT_FORMATS` (files named like `a.csv`).

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check_format("csv", data));
