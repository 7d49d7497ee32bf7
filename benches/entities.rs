//! Throughput of text → entities (issue 4), single-threaded.
//!
//! Usage: `cargo bench --bench entities -- CORPUS [TERMS_OUT]`. CORPUS holds
//! documents separated by lines `=====DOC=====` (bench/entities.sh builds a
//! ≥ 50 MB one from the seeds). Prints MB/s for extraction alone and for
//! ingest + extraction, checks its own answer (every entity's text equals
//! its document slice, and the entity count is the same on a second run),
//! and writes the dictionary terms to TERMS_OUT for the ripgrep baseline.

#![allow(clippy::expect_used)] // a benchmark harness: a failed setup should stop it loudly

use beleidsmijn::dict::{Sources, Vocabulary};
use beleidsmijn::extract::entities::{extract, EntityVocabulary};
use beleidsmijn::ingest;
use beleidsmijn::model::Format;
use std::time::Instant;

/// The allocator of the `beleidsmijn` binary (src/main.rs), so the
/// benchmark measures extraction as the command line runs it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(path) = args.first() else {
        eprintln!("usage: entities CORPUS [TERMS_OUT]");
        return;
    };
    let corpus = std::fs::read_to_string(path).expect("corpus");
    let sources = Sources::load(None).expect("dictionaries");
    if let Some(out) = args.get(1) {
        let mut terms: Vec<String> = Vec::new();
        for (file, cols) in [
            (
                "organisations.tsv",
                &["canonical", "aliases", "abbreviations"][..],
            ),
            ("generic_actors.tsv", &["term"][..]),
            ("status.tsv", &["phrase"][..]),
        ] {
            for r in sources.rows(file) {
                for c in cols {
                    terms.extend(
                        r.get(c)
                            .split('|')
                            .filter(|t| !t.is_empty())
                            .map(|t| t.replace('|', "")),
                    );
                }
            }
        }
        terms.sort();
        terms.dedup();
        std::fs::write(out, terms.join("\n") + "\n").expect("terms");
    }
    let t0 = Instant::now();
    let ev = EntityVocabulary::build(&sources).expect("entity vocabulary");
    let vocab = Vocabulary::build(sources).expect("vocabulary");
    let build = t0.elapsed();
    let docs: Vec<&str> = corpus
        .split("\n=====DOC=====\n")
        .filter(|d| !d.trim().is_empty())
        .collect();
    let t1 = Instant::now();
    let parsed: Vec<_> = docs
        .iter()
        .filter_map(|d| ingest::ingest(d.as_bytes(), Format::Text, &vocab).ok())
        .collect();
    let ingest_t = t1.elapsed();
    let bytes: usize = parsed.iter().map(|d| d.text.len()).sum();
    let mut count = 0usize;
    let t2 = Instant::now();
    for d in &parsed {
        let ents = extract(d, &[], &[], &ev);
        for e in &ents {
            assert_eq!(&d.text[e.start..e.end], e.text);
        }
        count += ents.len();
    }
    let extract_t = t2.elapsed();
    let again: usize = parsed
        .iter()
        .take(20)
        .map(|d| extract(d, &[], &[], &ev).len())
        .sum();
    let first: usize = parsed
        .iter()
        .take(20)
        .map(|d| extract(d, &[], &[], &ev).len())
        .sum();
    assert_eq!(again, first, "extraction is deterministic");
    let mb = bytes as f64 / 1e6;
    println!("documents            {}", parsed.len());
    println!("text MB              {mb:.1}");
    println!("entities             {count}");
    println!("vocabulary build s   {:.3}", build.as_secs_f64());
    println!("ingest s             {:.3}", ingest_t.as_secs_f64());
    println!("extract s            {:.3}", extract_t.as_secs_f64());
    println!("extract MB/s/core    {:.1}", mb / extract_t.as_secs_f64());
    println!(
        "ingest+extract MB/s  {:.1}",
        mb / (ingest_t + extract_t).as_secs_f64()
    );
}
