#![no_main]
//! Fuzzes format detection: the first byte picks the file name (one per extension in
//! `pack::IMPORT_FORMATS`, or none), the rest is the content.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((first, rest)) = data.split_first() {
        let names = rehearse_fuzz::file_names();
        rehearse_fuzz::check(&names[*first as usize % names.len()], rest);
    }
});
