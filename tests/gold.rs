//! `eval` against ../shared/gold: the thresholds of the foundation issue.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use serde_json::Value;
use util::*;

fn scores(path: &str) -> Vec<Value> {
    let gold = shared().join("gold");
    let o = run(&["eval", "--json", "--gold", gold.to_str().unwrap(), path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: Value = serde_json::from_slice(&o.stdout).expect("report is JSON");
    assert_eq!(
        report["documents"].as_array().unwrap().len(),
        5,
        "every document has gold"
    );
    report["totals"].as_array().unwrap().clone()
}

fn field<'a>(totals: &'a [Value], name: &str) -> (u64, u64, &'a Value) {
    let f = totals
        .iter()
        .find(|f| f["field"] == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    (
        f["found"].as_u64().unwrap(),
        f["total"].as_u64().unwrap(),
        f,
    )
}

fn check_structure(path: &str) {
    let t = scores(path);
    let (found, total, f) = field(&t, "sections");
    assert!(found * 100 >= total * 95, "sections: {f}");
    let (right, found_kinds, f) = field(&t, "section_kinds");
    assert!(right * 100 >= found_kinds * 95, "section kinds: {f}");
    for exact in [
        "not_sections",
        "items",
        "indicators",
        "facts",
        "cross_references",
    ] {
        let (found, total, f) = field(&t, exact);
        assert_eq!(found, total, "{exact}: {f}");
    }
    assert_eq!(field(&t, "items").1, 23);
    assert_eq!(field(&t, "indicators").1, 10);
}

#[test]
fn seeds_meet_the_gold() {
    check_structure("fixtures/seeds");
    let t = scores("fixtures/seeds");
    for exact in ["metadata", "continuity", "footnotes"] {
        let (found, total, f) = field(&t, exact);
        assert_eq!(found, total, "{exact}: {f}");
    }
}

#[test]
fn html_versions_meet_the_gold() {
    check_structure("fixtures/html");
    let t = scores("fixtures/html");
    for exact in ["metadata", "continuity", "footnotes"] {
        let (found, total, f) = field(&t, exact);
        assert_eq!(found, total, "{exact}: {f}");
    }
}

#[test]
fn html_versions_give_the_same_sections_as_the_text() {
    let sections = |path: &str| -> Vec<Vec<(String, String)>> {
        let o = run(&["extract", path]);
        assert!(o.status.success(), "{}", stderr(&o));
        records(&o)
            .iter()
            .map(|r| {
                r["sections"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| {
                        (
                            s["kind"].as_str().unwrap().to_string(),
                            s["heading"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .collect()
    };
    assert_eq!(sections("fixtures/seeds"), sections("fixtures/html"));
}
