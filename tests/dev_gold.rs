//! `eval` on the development set (`../shared/dev`: 36 documents of other
//! municipalities than the seeds, with gold): the scores may not fall below
//! what they are. Issues 17 and 18 set the targets; a floor below a target
//! is where the work stands, written beside it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use serde_json::Value;
use util::*;

fn totals() -> Option<Vec<Value>> {
    let dev = shared().join("dev");
    if !dev.join("gold").is_dir() {
        eprintln!("no ../shared/dev: skipped");
        return None;
    }
    let o = run(&[
        "eval",
        "--json",
        "--gold",
        dev.join("gold").to_str().unwrap(),
        dev.join("docs").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).expect("report is JSON");
    assert_eq!(report["documents"].as_array().unwrap().len(), 36);
    Some(report["totals"].as_array().unwrap().clone())
}

/// (recall, precision) of a field.
fn score(totals: &[Value], name: &str) -> (f64, Option<f64>) {
    let f = totals
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    let (found, total) = (f["found"].as_f64().unwrap(), f["total"].as_f64().unwrap());
    let recall = if total == 0.0 { 1.0 } else { found / total };
    let precision = match (f["correct"].as_f64(), f["extracted"].as_f64()) {
        (Some(c), Some(e)) if e > 0.0 => Some(c / e),
        _ => None,
    };
    (recall, precision)
}

#[test]
fn dev_set_scores_hold() {
    let Some(t) = totals() else { return };
    // (field, recall floor, precision floor)
    let floors: &[(&str, f64, Option<f64>)] = &[
        // Issue 17: statuses >= 0.80 with the right class (285 of 311,
        // 0.916, at this commit).
        ("statuses", 0.9, None),
        // Counts and amounts: 55 of 57 and 36 of 36 at this commit.
        ("quantities", 0.9, None),
        ("amounts", 0.9, None),
        ("years", 0.95, Some(0.95)),
        // Issue 17: pilots >= 0.8 at precision >= 0.85, partners >= 0.85 at
        // >= 0.9, projects >= 0.65 at >= 0.75.
        ("pilots", 0.8, Some(0.85)),
        ("partners", 0.9, Some(0.95)),
        ("projects", 0.65, Some(0.8)),
        // Dates and periods: >= 0.95 with precision >= 0.9.
        ("dates", 0.95, Some(0.9)),
        ("periods", 0.95, Some(0.9)),
        // Issue 18: municipality >= 0.95, doc_type and year >= 0.85, metadata >= 0.85.
        ("municipality", 0.95, Some(0.95)),
        ("doc_type", 0.85, Some(0.95)),
        ("year", 0.9, Some(0.95)),
        ("metadata", 0.85, None),
        // Issue 18, headings: what this commit reaches (0.90 / 0.93), a
        // little below.
        ("sections", 0.90, None),
        ("section_kinds", 0.95, None),
        ("not_sections", 0.9, None),
        // Issue 19: indicators >= 0.85 found with their cells exact. Read
        // from tables of measures (kerncijfers, kengetallen) and cards: 28
        // of 30 at precision 0.853 at this commit. The gold lists 13 of the
        // 18 cards of 205's "in cijfers" pages; five others we read
        // ("FTE's (jaareinde)" …) are printed the same way and count as
        // extra.
        ("indicators", 0.9, Some(0.8)),
        // Council document numbers by their shape (references.tsv): 10 of
        // 12; one joined to a file name by "_", one a bare "B 1667".
        ("references", 0.8, Some(0.9)),
        // A code after the word "taakveld" under the municipality's own name
        // ("Taakveld 5.1 Sport - algemeen"): 15 of 15.
        ("taakvelden", 0.9, Some(0.9)),
        // Follow-up overviews whose table the source flattened into one
        // line per cell (src/extract/flat_items.rs): 11 of 11 in two.
        ("items", 0.9, Some(0.9)),
    ];
    let mut failed = Vec::new();
    for &(field, recall, precision) in floors {
        let (r, p) = score(&t, field);
        println!("{field}: recall {r:.3}, precision {p:?}");
        if r < recall || precision.is_some_and(|fp| p.is_some_and(|p| p < fp)) {
            failed.push(format!(
                "{field}: recall {r:.3} (floor {recall}), precision {p:?} (floor {precision:?})"
            ));
        }
    }
    // Issue 17: at most 5 % of the statuses found are also read with
    // another class inside their key.
    let (two_ways, _) = score(&t, "statuses_read_two_ways");
    println!("statuses read two ways: {two_ways:.3}");
    if two_ways > 0.05 {
        failed.push(format!(
            "statuses read two ways: {two_ways:.3} (at most 0.05)"
        ));
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
