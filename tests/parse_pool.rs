//! `-j` bounds the threads lopdf parses a PDF's objects on: rayon's global
//! pool, which otherwise has a thread per core whatever `-j` says. A test
//! binary of its own, as the pool is one per process.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use beleidsmijn::dict::{furniture_set, Sources};

#[test]
fn a_pdf_is_parsed_on_the_threads_asked_for() {
    beleidsmijn::threads::set_parse_threads(1);
    let bytes = std::fs::read(util::shared().join("corpus/pdf/000_lo.pdf")).unwrap();
    let sources = Sources::load_files(None, |name| name == "furniture.tsv").unwrap();
    let furniture = furniture_set(&sources).unwrap();
    let doc = beleidsmijn::ingest::ingest_pdf(&bytes, &furniture).unwrap();
    assert!(!doc.text.is_empty());
    // The pool the parse ran on: one thread, not one per core.
    assert_eq!(rayon::current_num_threads(), 1);
}
