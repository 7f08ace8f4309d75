#![no_main]
//! Fuzzes format detection: the first byte picks the file name, the rest is the content.

const NAMES: [&str; 7] = ["a.pack.json", "a.csv", "a.tsv", "a.txt", "a.md", "a.markdown", "a"];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((first, rest)) = data.split_first() {
        rehearse_fuzz::check(NAMES[*first as usize % NAMES.len()], rest);
    }
});
