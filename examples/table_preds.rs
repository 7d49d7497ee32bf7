//! Measuring aid: the tables beleidsmijn reads on the pages of a table
//! gold set (`../shared/tables`), as the JSONL its `score.py` takes: one
//! line per gold page, `{"file", "page", "tables": [{"header", "rows"}]}`,
//! from the `tables` that `extract` writes (header rows as the header).
//!
//! ```sh
//! cargo run --release --example table_preds -- ../shared ../shared/tables/gold > preds.jsonl
//! python3 ../shared/tables/score.py ../shared/tables/gold preds.jsonl
//! ```
use beleidsmijn::output::parts::TableCellOut;
use beleidsmijn::pipeline::Engine;
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
    let engine = match Engine::new(None) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    for (file, ps) in &pages {
        let record = engine
            .analyse_path(&Path::new(shared).join(file))
            .ok()
            .map(|a| a.record);
        for &page in ps {
            // Each table of `extract`'s `tables` on the page: its header
            // rows as the header, the rest as the body.
            let tables: Vec<serde_json::Value> = record
                .iter()
                .flat_map(|r| r.tables.iter())
                .filter(|t| t.page == page)
                .map(|t| {
                    let text = |rows: &[Vec<TableCellOut>]| -> Vec<Vec<String>> {
                        rows.iter()
                            .map(|r| r.iter().map(|c| c.text.clone()).collect())
                            .collect()
                    };
                    // A title row that is the table's caption is no row
                    // of the table (the gold's convention).
                    let captioned = t.rows.first().is_some_and(|r| {
                        t.caption.as_deref() == r.first().map(|c| c.text.as_str())
                            && r.iter().skip(1).all(|c| c.text.is_empty())
                    });
                    let skip = usize::from(captioned);
                    let (header, body) = t.rows[skip..]
                        .split_at(t.header_rows.saturating_sub(skip).min(t.rows.len() - skip));
                    serde_json::json!({"header": text(header), "rows": text(body)})
                })
                .collect();
            println!(
                "{}",
                serde_json::json!({"file": file, "page": page, "tables": tables})
            );
        }
    }
}
