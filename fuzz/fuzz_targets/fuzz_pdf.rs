//! PDF ingest must never panic, hang or allocate without bound on any
//! bytes. Seed the corpus with `../shared/corpus/pdf` and `hostile`
//! (`docs/fuzzing.md`):
//!
//!     cargo +nightly fuzz run fuzz_pdf corpus/fuzz_pdf corpus_seeds -- -max_total_time=600 -timeout=20 -rss_limit_mb=2048
//!
//! (`corpus_seeds`: copies of the seed PDFs; new inputs go to `corpus/`.)
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = beleidsmijn::fuzzing::pdf(data);
});
