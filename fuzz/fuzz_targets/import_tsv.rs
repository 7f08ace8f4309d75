#![no_main]
//! Fuzzes the "tsv" importer of `pack::IMPORT_FORMATS` (files named like `a.tsv`).

libfuzzer_sys::fuzz_target!(|data: &[u8]| rehearse_fuzz::check_format("tsv", data));
