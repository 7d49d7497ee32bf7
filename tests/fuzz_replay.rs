//! Replays the inputs committed under `tests/fuzz/<target>/` through the
//! same function the fuzz target of that name runs
//! ([`beleidsmijn::fuzzing`]): every crash, hang or broken property a
//! fuzzer found stays fixed. How to run the fuzzers: `docs/fuzzing.md`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

use beleidsmijn::fuzzing;
use std::path::Path;
use std::time::{Duration, Instant};

/// Each committed input must finish well inside the fuzzers' `-timeout`.
const BUDGET: Duration = Duration::from_secs(20);

fn replay(target: &str, run: fn(&[u8]) -> Result<(), String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        let started = Instant::now();
        if let Err(e) = run(&data) {
            panic!("{}: {e}", path.display());
        }
        let took = started.elapsed();
        assert!(took < BUDGET, "{}: {took:?}", path.display());
    }
}

#[test]
fn text_inputs() {
    replay("fuzz_text", fuzzing::text);
}

#[test]
fn html_inputs() {
    replay("fuzz_html", fuzzing::html);
}

#[test]
fn dictionary_inputs() {
    replay("fuzz_dictionary", fuzzing::dictionary);
}

#[test]
fn pdf_inputs() {
    replay("fuzz_pdf", fuzzing::pdf);
}
