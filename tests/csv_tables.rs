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
            "sections.csv",
            "tables.csv"
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
    let cells = rows(&extracted.join("tables.csv"));
    let body_cells: usize = records
        .iter()
        .flat_map(|r| r["tables"].as_array().unwrap())
        .map(|t| {
            let rows = t["rows"].as_array().unwrap();
            let header = t["header_rows"].as_u64().unwrap() as usize;
            rows[header..]
                .iter()
                .map(|r| r.as_array().unwrap().len())
                .sum::<usize>()
        })
        .sum();
    assert_eq!(cells.len(), body_cells, "one row per body cell");
    assert!(body_cells > 100, "{body_cells}");
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

/// Issue 19 part 4: seed 004's prestatie-indicatoren as cells: each body
/// cell under its column title, with its figure, in table order, and the
/// same cells as the indicator rows (joined by offsets).
#[test]
fn tables_csv_has_seed_004s_indicator_cells_in_table_order() {
    let seed = "fixtures/seeds/004_fc83cc86498e516c.txt";
    let o = run(&[
        "extract", seed, "-q", "--format", "csv", "--table", "tables",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cells: Vec<BTreeMap<String, String>> = csv::Reader::from_reader(&o.stdout[..])
        .deserialize()
        .map(Result::unwrap)
        .collect();
    let rec = &records(&run(&["extract", seed, "-q"]))[0];
    let row: Vec<&BTreeMap<String, String>> = cells
        .iter()
        .filter(|c| c["row_label"] == "Bereik jongerenwerk")
        .collect();
    let got: Vec<(&str, &str)> = row
        .iter()
        .map(|c| (c["text"].as_str(), c["value"].as_str()))
        .collect();
    assert_eq!(
        &got[1..],
        [
            ("2013", "2013.0"),
            ("2.180", "2180.0"),
            ("2.190", "2190.0"),
            ("2.190", "2190.0"),
            ("2.180", "2180.0"),
            ("2.200", "2200.0"),
        ],
        "the page's row, in order"
    );
    // Each under the title the table model gives its column.
    let columns = rec["tables"][0]["columns"].as_array().unwrap();
    for c in &row {
        let i: usize = c["col_index"].parse().unwrap();
        assert_eq!(c["column_title"], columns[i - 1].as_str().unwrap());
    }
    assert!(row
        .iter()
        .all(|c| c["table_id"] == "t1" && c["page"] == "1"));
    let cols: Vec<&str> = row.iter().map(|c| c["col_index"].as_str()).collect();
    assert_eq!(cols, ["1", "2", "3", "4", "5", "6", "7"]);
    // Every indicator row's cells are the table cells within its offsets.
    for ind in rec["indicators"].as_array().unwrap() {
        let (start, end) = (ind["start"].as_u64().unwrap(), ind["end"].as_u64().unwrap());
        let within: Vec<&str> = cells
            .iter()
            .filter(|c| {
                let s: u64 = c["start"].parse().unwrap();
                let e: u64 = c["end"].parse().unwrap();
                s >= start && e <= end
            })
            .map(|c| c["text"].as_str())
            .collect();
        let mut want = vec![ind["name"].as_str().unwrap()];
        want.extend(
            ind["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap()),
        );
        assert_eq!(within, want, "{}", ind["name"]);
    }
    // Each cell's offsets hold its text.
    let text = doc_text(Path::new(seed));
    for c in &cells {
        let (s, e): (usize, usize) = (c["start"].parse().unwrap(), c["end"].parse().unwrap());
        assert_eq!(&text[s..e], c["text"]);
    }
}

#[test]
fn table_needs_csv_and_all_needs_a_folder() {
    let o = run(&["extract", "fixtures/seeds", "--table", "claims"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--table needs --format csv or xlsx"),
        "{}",
        stderr(&o)
    );
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
