//! `extract`'s `tables` on real PDFs, checked against what the pages
//! print: each figure under its own column title, the scale applied, and a
//! table that goes on over a page break tied to its first part (issue 19).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use serde_json::Value;
use util::*;

/// The record of one real PDF of `../shared/corpus/real`, or `None` when
/// the corpus is not there.
fn record(name: &str) -> Option<Value> {
    record_at(&shared().join("corpus/real").join(name))
}

/// The record of the PDF at `path`, or `None` when it is not there.
fn record_at(path: &std::path::Path) -> Option<Value> {
    let path = path.to_path_buf();
    if !path.is_file() {
        eprintln!("skip: {} not found", path.display());
        return None;
    }
    let out = run(&["extract", "--format", "jsonl", path.to_str().unwrap()]);
    let mut records = records(&out);
    assert_eq!(records.len(), 1, "{}", stderr(&out));
    assert_valid(&records[0]);
    Some(records.remove(0))
}

/// The row whose first cell (or the cell after a row number) is `name`,
/// as (column title, text, value) triples, with the table.
fn row<'a>(record: &'a Value, page: u64, name: &str) -> (&'a Value, Vec<(String, String, Value)>) {
    for t in record["tables"].as_array().unwrap() {
        if t["page"] != page {
            continue;
        }
        for r in t["rows"].as_array().unwrap() {
            let cells = r.as_array().unwrap();
            if cells.iter().take(2).any(|c| c["text"] == name) {
                let columns = t["columns"].as_array().unwrap();
                let triples = cells
                    .iter()
                    .zip(columns)
                    .map(|(c, title)| {
                        let title = title.as_str().unwrap().to_string();
                        (
                            title,
                            c["text"].as_str().unwrap().to_string(),
                            c["value"].clone(),
                        )
                    })
                    .collect();
                return (t, triples);
            }
        }
    }
    panic!("no row {name:?} on page {page}");
}

fn under<'a>(cells: &'a [(String, String, Value)], title: &str) -> &'a (String, String, Value) {
    cells
        .iter()
        .find(|c| c.0 == title)
        .unwrap_or_else(|| panic!("no column {title:?} in {cells:?}"))
}

/// Collectie Overijssel p. 13: "Baten DVO-partners" is 672 in 2023 and 641
/// in 2022 (`compare` once printed 641 under 2023), in thousands of euros
/// ("€ '000" in the header's first cell).
#[test]
fn collectie_overijssel_figures_under_their_years() {
    let Some(rec) = record("collectie_overijssel_jaarstukken_2023.pdf") else {
        return;
    };
    let (table, cells) = row(&rec, 13, "Baten DVO-partners");
    assert_eq!(table["scale"], "€ '000");
    assert_eq!(table["header_rows"], 2);
    let c = under(&cells, "Realisatie 2023");
    assert_eq!((c.1.as_str(), c.2.as_f64()), ("672", Some(672_000.0)));
    let c = under(&cells, "Realisatie 2022");
    assert_eq!((c.1.as_str(), c.2.as_f64()), ("641", Some(641_000.0)));
    // The amounts read from the same tables get the same scale; the years
    // over their columns are no amounts.
    let money: Vec<f64> = rec["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "money" && e["page"] == 13)
        .filter_map(|e| e["number"].as_f64())
        .collect();
    assert!(money.contains(&672_000.0), "{money:?}");
    assert!(!money.contains(&2_023_000.0), "{money:?}");
    // The indicators table: the name in the first column, the measure in
    // the second (whose header is empty), the value under its year.
    let (_, cells) = row(&rec, 13, "Bezetting");
    assert_eq!(cells[0].1, "FTE per 1000 inwoners");
    assert_eq!(under(&cells, "2023").1, "0,21");
    assert_eq!(
        under(&cells, "Toelichting").1,
        "Naar rato inwoners Zwolle + Deventer"
    );
}

/// Wassenaar begroting: the beleidsindicatoren of p. 33 under their
/// titles (the number column has its own), and the programme table of p.
/// 38 going on over p. 39 with its columns and scale.
#[test]
fn wassenaar_indicators_and_a_table_over_a_page_break() {
    let Some(rec) = record("wassenaar_begroting_2021-2024.pdf") else {
        return;
    };
    let (_, cells) = row(&rec, 33, "Formatie");
    assert_eq!(under(&cells, "Nr.").1, "01");
    assert_eq!(under(&cells, "Beleidsindicator").1, "Formatie");
    assert_eq!(under(&cells, "Eenheid").1, "Fte per 1.000 inwoners");
    assert_eq!(under(&cells, "Bron").1, "Eigen gegevens");
    assert_eq!(
        under(&cells, "Voorgaande laatst bekende realisatie").1,
        "0,17 (2018)"
    );
    let tables = rec["tables"].as_array().unwrap();
    let first = tables
        .iter()
        .find(|t| t["page"] == 38 && t["caption"] == "Tabel 4")
        .expect("Tabel 4 on p. 38");
    let next = tables
        .iter()
        .find(|t| t["page"] == 39 && t["continues"] == first["id"])
        .expect("Tabel 4 goes on on p. 39");
    assert_eq!(next["columns"], first["columns"]);
    assert_eq!(next["scale"], "x € 1.000");
    // Every body figure after the first column is scaled by 1,000.
    for t in [first, next] {
        let header = t["header_rows"].as_u64().unwrap() as usize;
        for r in &t["rows"].as_array().unwrap()[header..] {
            for c in &r.as_array().unwrap()[1..] {
                if let Some(n) = c["number"].as_f64() {
                    assert_eq!(c["value"].as_f64(), Some(n * 1000.0), "{c}");
                }
            }
        }
    }
}

/// A board under its header on a WNT page (development document 205, p.
/// 2): the header was cut off with its title and the rows grouped with
/// the paragraph under them; the header still heads the rows.
#[test]
fn a_header_cut_off_with_its_title_heads_its_rows() {
    let Some(rec) = record_at(&shared().join("dev/docs/205.pdf")) else {
        return;
    };
    let (table, cells) = row(&rec, 2, "Dhr. J.C. Gerritsen");
    assert_eq!(table["header_rows"], 1);
    assert_eq!(under(&cells, "Naam").1, "Dhr. J.C. Gerritsen");
    assert_eq!(under(&cells, "Functie").1, "Voorzitter bestuur");
    assert_eq!(under(&cells, "Dagelijks Bestuur").1, "V");
    assert_eq!(under(&cells, "Algemeen Bestuur").1, "V");
}

/// `compare` shows each indicator value under the header the page prints
/// it under: Collectie Overijssel p. 13 heads its name column
/// "Beleidsindicatoren", leaves the measure's column without a header, and
/// prints 0,21 under 2023 (the values once sat one header to the left).
#[test]
fn compare_puts_indicator_values_under_their_headers() {
    let path = shared().join("corpus/real/collectie_overijssel_jaarstukken_2023.pdf");
    if !path.is_file() {
        eprintln!("skip: {} not found", path.display());
        return;
    }
    let out = run(&["compare", "--format", "json", path.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&stdout(&out)).expect("compare JSON");
    let rows = &v["municipalities"][0]["years"][0]["indicators"];
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "FTE per 1000 inwoners")
        .expect("the FTE indicator");
    let value = |column: &str| {
        row["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["column"] == column)
            .map(|c| c["value"].as_str().unwrap().to_string())
    };
    assert_eq!(value("2023").as_deref(), Some("0,21"), "{row}");
    assert_eq!(
        value("Toelichting").as_deref(),
        Some("Naar rato inwoners Zwolle + Deventer"),
        "{row}"
    );
    assert_eq!(value("").as_deref(), Some("Bezetting"), "{row}");
}
