//! Measuring aid: the tables beleidsmijn reads on the pages of a table
//! gold set (`../shared/tables`), as the JSONL its `score.py` takes: one
//! line per gold page, `{"file", "page", "tables": [{"header", "rows"}]}`,
//! the first row of each table block as its header.
//!
//! ```sh
//! cargo run --release --example table_preds -- ../shared ../shared/tables/gold > preds.jsonl
//! python3 ../shared/tables/score.py ../shared/tables/gold preds.jsonl
//! ```
use beleidsmijn::dict::{furniture_set, Sources};
use beleidsmijn::ingest;
use beleidsmijn::model::BlockKind;
use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, shared, gold] = args.as_slice() else {
        eprintln!("usage: table_preds SHARED_DIR GOLD_DIR");
        std::process::exit(2);
    };
    // The pages each gold file asks about, by file.
    let mut pages: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut names: Vec<_> = std::fs::read_dir(gold)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    for path in names
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(g) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let Some(file) = g["file"].as_str() else {
            continue;
        };
        let mut ps: Vec<u32> = match g["pages"].as_array() {
            Some(a) => a
                .iter()
                .filter_map(|p| p.as_u64())
                .map(|p| p as u32)
                .collect(),
            None => g["page"].as_u64().map(|p| p as u32).into_iter().collect(),
        };
        let entry = pages.entry(file.to_string()).or_default();
        entry.append(&mut ps);
        entry.sort_unstable();
        entry.dedup();
    }
    let sources = match Sources::load_files(None, |n| n == "furniture.tsv") {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let Ok(furniture) = furniture_set(&sources) else {
        eprintln!("error: furniture dictionary");
        std::process::exit(2);
    };
    for (file, ps) in &pages {
        let doc = std::fs::read(Path::new(shared).join(file))
            .ok()
            .and_then(|bytes| ingest::ingest_pdf(&bytes, &furniture).ok());
        for &page in ps {
            let tables: Vec<serde_json::Value> = doc
                .iter()
                .flat_map(|d| d.blocks.iter().map(move |b| (d, b)))
                .filter(|(_, b)| b.kind == BlockKind::Table && b.page == page)
                .map(|(d, b)| {
                    let rows: Vec<Vec<String>> = b
                        .rows
                        .iter()
                        .map(|r| r.iter().map(|c| d.slice(c.span).to_string()).collect())
                        .collect();
                    let (header, body) = rows
                        .split_first()
                        .map_or((vec![], vec![]), |(h, b)| (vec![h.clone()], b.to_vec()));
                    serde_json::json!({"header": header, "rows": body})
                })
                .collect();
            println!(
                "{}",
                serde_json::json!({"file": file, "page": page, "tables": tables})
            );
        }
    }
}
