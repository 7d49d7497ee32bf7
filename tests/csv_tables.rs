//! Issue 20 part 3: flat typed tables (`--format csv --table NAME`, or
//! `--table all -o DIR`) through the real binary on the fixtures: one CSV
//! per table, each row count the JSON's, the same bytes whether extracted
//! or converted from JSONL, and loaded and joined in DuckDB
//! (`tests/duckdb/check_tables.py`) when the Python `duckdb` module is
//! installed. `tests/schema.rs` runs the same check on the whole corpus.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use std::collections::BTreeMap;
use std::path::Path;
use util::*;

const TABLES: [&str; 5] = ["documents", "sections", "items", "entities", "claims"];

/// The rows of a CSV file, by column name.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    csv::Reader::from_path(path)
        .unwrap()
        .deserialize()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn table_all_writes_one_csv_per_table_with_the_json_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let jsonl = tmp.path().join("fixtures.jsonl");
    let o = run(&["extract", "fixtures", "-q", "-o", jsonl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let extracted = tmp.path().join("extracted");
    let o = extract_tables(Path::new("fixtures"), &extracted);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "data goes to the folder");
    let converted = tmp.path().join("converted");
    let o = extract_tables(&jsonl, &converted);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&extracted)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "claims.csv",
            "documents.csv",
            "entities.csv",
            "items.csv",
            "load.sql",
            "sections.csv"
        ],
        "one whole file per table and the DuckDB script, no .partial left"
    );
    for t in TABLES {
        let file = format!("{t}.csv");
        assert_eq!(
            std::fs::read(extracted.join(&file)).unwrap(),
            std::fs::read(converted.join(&file)).unwrap(),
            "{t}: extracting and converting give the same bytes"
        );
        // One table alone to stdout is the same table.
        let alone = run(&[
            "extract",
            jsonl.to_str().unwrap(),
            "--format",
            "csv",
            "--table",
            t,
        ]);
        assert_eq!(
            alone.stdout,
            std::fs::read(extracted.join(&file)).unwrap(),
            "{t}"
        );
    }
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let total = |k: &str| -> usize { records.iter().map(|r| r[k].as_array().unwrap().len()).sum() };
    let statuses = records
        .iter()
        .flat_map(|r| r["entities"].as_array().unwrap())
        .filter(|e| e["type"] == "status")
        .count();
    let documents = rows(&extracted.join("documents.csv"));
    let sections = rows(&extracted.join("sections.csv"));
    let items = rows(&extracted.join("items.csv"));
    let claims = rows(&extracted.join("claims.csv"));
    assert_eq!(documents.len(), records.len());
    assert_eq!(sections.len(), total("sections"));
    assert_eq!(items.len(), total("items"));
    assert_eq!(claims.len(), statuses);
    assert!(
        items.len() >= 23,
        "seed 003's goal/status rows, in text and HTML"
    );
    assert!(claims.len() > 100, "{}", claims.len());
    // Every row carries the document's sha256 as doc_id.
    for (d, r) in documents.iter().zip(&records) {
        assert_eq!(d["doc_id"], r["source"]["sha256"].as_str().unwrap());
        assert_eq!(d["path"], r["source"]["path"].as_str().unwrap());
        assert_eq!(d["path_bytes"], "", "every fixture's name is UTF-8");
        let n: usize = d["n_claims"].parse().unwrap();
        assert_eq!(n, claims.iter().filter(|c| c["path"] == d["path"]).count());
    }
    // Seed 000's pilots: every one has a claim naming it.
    let seed = |c: &&BTreeMap<String, String>| c["path"].contains("000_3a1d08d8a8726469.txt");
    let pilots: Vec<&str> = claims
        .iter()
        .filter(seed)
        .filter(|c| c["subject_type"] == "pilot")
        .map(|c| c["subject_name"].as_str())
        .collect();
    for p in ["Buitenshuisproject", "Onderzoekstafel", "Toetsen ter tafel"] {
        assert!(pilots.contains(&p), "{p} in {pilots:?}");
    }
    check_tables(&extracted, &jsonl);
}

#[test]
fn table_needs_csv_and_all_needs_a_folder() {
    let o = run(&["extract", "fixtures/seeds", "--table", "claims"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("need --format csv"), "{}", stderr(&o));
    let o = run(&[
        "extract",
        "fixtures/seeds",
        "--format",
        "csv",
        "--table",
        "all",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o DIR"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

/// The claims of a PDF link to their page; `--excel` applies to every table.
#[test]
fn claims_of_a_pdf_link_to_their_page_and_excel_applies_to_every_table() {
    let file = shared().join("corpus/pdf/000_fpdf2.pdf");
    if !file.exists() {
        eprintln!("skipped: no {}", file.display());
        return;
    }
    let o = run(&[
        "extract",
        file.to_str().unwrap(),
        "-q",
        "--format",
        "csv",
        "--table",
        "claims",
    ]);
    let claims: Vec<BTreeMap<String, String>> = csv::Reader::from_reader(&o.stdout[..])
        .deserialize()
        .map(Result::unwrap)
        .collect();
    assert!(!claims.is_empty());
    for c in &claims {
        assert_eq!(c["link"], format!("{}#page={}", c["path"], c["page"]));
    }
    let tmp = tempfile::tempdir().unwrap();
    let o = run(&[
        "extract",
        "fixtures/seeds",
        "-q",
        "--format",
        "csv",
        "--excel",
        "--table",
        "all",
        "-o",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for t in TABLES {
        let bytes = std::fs::read(tmp.path().join(format!("{t}.csv"))).unwrap();
        assert!(
            bytes.starts_with("\u{feff}doc_id;path;path_bytes;".as_bytes()),
            "{t}"
        );
    }
}
