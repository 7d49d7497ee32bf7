//! Any user dictionary (first byte: which file; the rest: its TSV) must load or
//! be refused with an error, and the engine built from it must read a
//! probe text with every output property holding. Run from `fuzz/`:
//!
//!     cargo +nightly fuzz run fuzz_dictionary corpus/fuzz_dictionary seeds/fuzz_dictionary -- -max_total_time=600 -timeout=20 -rss_limit_mb=2048
//!
//! A crash goes to `artifacts/fuzz_dictionary/`; fixed, it is committed to
//! `../tests/fuzz/fuzz_dictionary/`, which `tests/fuzz_replay.rs` replays.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = beleidsmijn::fuzzing::dictionary(data) {
        panic!("{e}");
    }
});
