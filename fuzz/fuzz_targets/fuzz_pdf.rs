//! PDF ingest must never panic, hang or allocate without bound on any
//! bytes. Seed the corpus with `../shared/corpus/pdf` and `hostile`:
//!
//!     cargo fuzz run fuzz_pdf ../shared/corpus/pdf -- -max_total_time=600 -rss_limit_mb=2048
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = beleidsmijn::ingest::pdf::blocks(data);
});
