//! Any bytes as a text file: every stage and every output view must hold
//! (no panic, no hang, bounded memory, offsets on character boundaries,
//! the record readable back). Run from `fuzz/`, as `docs/fuzzing.md` says:
//!
//!     cargo +nightly fuzz run fuzz_text corpus/fuzz_text seeds/fuzz_text -- -max_total_time=600 -timeout=20 -rss_limit_mb=2048
//!
//! A crash goes to `artifacts/fuzz_text/`; fixed, it is committed to
//! `../tests/fuzz/fuzz_text/`, which `tests/fuzz_replay.rs` replays.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = beleidsmijn::fuzzing::text(data) {
        panic!("{e}");
    }
});
