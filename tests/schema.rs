//! The output contract, schema version 2 (`schema/document.schema.json`,
//! `docs/schema.md`): its enums follow the dictionaries and the code, real
//! output of the whole corpus validates against it, character offsets
//! index what byte offsets do, version 1 input is refused, and DuckDB
//! loads the JSONL and CSV of 1,000+ rows with the types it states.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use beleidsmijn::model::{EntityKind, StatusClass};
use serde_json::Value;
use std::collections::BTreeSet;
use util::*;

fn schema() -> Value {
    serde_json::from_slice(&std::fs::read(root().join("schema/document.schema.json")).unwrap())
        .unwrap()
}

fn enum_of(v: &Value) -> BTreeSet<String> {
    v["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("no enum in {v}"))
        .iter()
        .filter_map(|x| x.as_str().map(String::from))
        .collect()
}

/// The first column of a dictionary, header and comments left out.
fn first_column(file: &str) -> BTreeSet<String> {
    std::fs::read_to_string(root().join("dictionaries").join(file))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next().map(String::from))
        .collect()
}

#[test]
fn enums_follow_the_dictionaries_and_the_code() {
    let s = schema();
    let doc = &s["$defs"]["document"]["properties"];
    let entity = &doc["entities"]["items"]["properties"];
    let types: BTreeSet<String> = EntityKind::ALL.iter().map(|k| k.to_string()).collect();
    assert_eq!(enum_of(&entity["type"]), types);
    let classes: BTreeSet<String> = StatusClass::ALL.iter().map(|c| c.to_string()).collect();
    assert_eq!(enum_of(&entity["class"]), classes);
    let mut kinds = first_column("headings.tsv");
    kinds.extend(["heading".to_string(), "taakveld".to_string()]);
    assert_eq!(
        enum_of(&doc["sections"]["items"]["properties"]["kind"]),
        kinds
    );
    assert_eq!(enum_of(&doc["doc_type"]), first_column("doc_types.tsv"));
    // Every field has a description or a shared definition.
    for (name, field) in entity.as_object().unwrap() {
        assert!(
            field.get("description").is_some() || field.get("$ref").is_some(),
            "entity field {name} is not described"
        );
    }
}

#[test]
fn version_1_records_are_refused_with_a_message() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old.jsonl");
    std::fs::write(
        &old,
        "{\"schema_version\":1,\"source\":{\"path\":\"a.txt\"},\"entities\":[]}\n",
    )
    .unwrap();
    for args in [
        vec!["extract", old.to_str().unwrap(), "--format", "csv"],
        vec!["compare", old.to_str().unwrap()],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("schema_version 1 record") && stderr(&o).contains("docs/schema.md"),
            "{}",
            stderr(&o)
        );
    }
}

/// `text[char_start..char_end]` counted in characters is the entity, on
/// documents with "ë" and "€" before it.
#[test]
fn character_offsets_slice_what_byte_offsets_do() {
    let path = root().join("fixtures/seeds/000_3a1d08d8a8726469.txt");
    let o = run(&["extract", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = records(&o).remove(0);
    let text = doc_text(&path);
    let chars: Vec<char> = text.chars().collect();
    let mut shifted = 0;
    let spans = r["entities"]
        .as_array()
        .unwrap()
        .iter()
        .chain(r["sections"].as_array().unwrap());
    for e in spans {
        let n = |k: &str| e[k].as_u64().unwrap() as usize;
        let by_chars: String = chars[n("char_start")..n("char_end")].iter().collect();
        assert_eq!(by_chars, text[n("start")..n("end")], "{e}");
        shifted += usize::from(n("char_start") != n("start"));
    }
    assert!(
        shifted > 10,
        "the seed has multi-byte characters before its entities"
    );
}

/// Issue 20's researcher: `extract ../shared/corpus ../shared/dev/docs`
/// (205 records, 40,000+ entities) validates against the schema record by
/// record, and DuckDB loads the JSONL with `read_json_auto(…,
/// sample_size=5)` and the CSV with `read_csv_auto(…, sample_size=5)`
/// without an error and with the schema's types
/// (`tests/duckdb/check_types.py` says how a small sample is judged); a
/// query joins statuses to their subjects' names. The flat tables of the
/// same records (`--table all`) load and join too (`check_tables.py`).
#[test]
fn the_corpus_validates_and_loads_in_duckdb_with_the_schema_types() {
    let corpus = shared().join("corpus");
    let dev = shared().join("dev/docs");
    if !corpus.exists() || !dev.exists() {
        eprintln!("skipped: no {} or {}", corpus.display(), dev.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let jsonl = tmp.path().join("corpus.jsonl");
    let csv = tmp.path().join("corpus.csv");
    let o = run(&[
        "extract",
        corpus.to_str().unwrap(),
        dev.to_str().unwrap(),
        "-q",
        "-o",
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the hostile files fail: {}",
        stderr(&o)
    );
    let o = run(&[
        "extract",
        jsonl.to_str().unwrap(),
        "--format",
        "csv",
        "-q",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert!(o.status.code() == Some(1), "{}", stderr(&o));
    let tables = tmp.path().join("tables");
    let o = extract_tables(&jsonl, &tables);
    assert!(o.status.code() == Some(1), "{}", stderr(&o));
    let text = std::fs::read_to_string(&jsonl).unwrap();
    let records: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(records.len() > 200);
    let entities: usize = records
        .iter()
        .map(|r| r["entities"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(entities >= 1000, "{entities} entities");
    for r in &records {
        assert_valid(r);
    }
    if !duckdb() {
        return;
    }
    let out = python3(&[
        root().join("tests/duckdb/check_types.py"),
        root().join("schema/document.schema.json"),
        jsonl.clone(),
        csv,
    ]);
    eprintln!("{}", out.trim());
    check_tables(&tables, &jsonl);
}
