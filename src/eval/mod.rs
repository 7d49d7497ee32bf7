//! Scoring extraction output against the hand-written gold
//! (`../shared/gold`, format in its README).
//!
//! In: gold JSON files and document records (fresh from the pipeline or read
//! back from JSONL). Out: per field, how many gold values were found
//! (recall), how many extracted values were right where the gold can judge
//! (precision), and every miss with what was found instead.
//!
//! A record is matched to the gold file whose name has the same leading id
//! (`000` of `000.html`, `000_chromium.pdf`, `000_3a1d….txt`).

pub mod entities;
pub mod score;

use score::{norm, FieldScore};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A gold file: its id and contents.
#[derive(Debug, Clone)]
pub struct Gold {
    /// Leading id of the file name ("000").
    pub id: String,
    /// File name.
    pub file: String,
    /// Parsed JSON.
    pub json: Value,
}

/// The leading id of a file name: up to the first `_` or `.`.
pub fn leading_id(name: &str) -> String {
    let base = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    base.split(['_', '.']).next().unwrap_or("").to_string()
}

/// Read every `*.json` in `dir`.
///
/// # Errors
/// An unreadable folder or file, or invalid JSON.
pub fn load_gold(dir: &Path) -> std::io::Result<Vec<Gold>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let json: Value = serde_json::from_slice(&std::fs::read(&p)?)?;
        let file = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Gold {
            id: leading_id(&file),
            file,
            json,
        });
    }
    Ok(out)
}

/// Read records written by `extract --format jsonl`.
///
/// # Errors
/// An unreadable file or a line that is not JSON.
pub fn read_jsonl(path: &Path) -> std::io::Result<Vec<Value>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)?;
        crate::output::view::check_version(v.get("schema_version").and_then(Value::as_u64))
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        if v.get("error").is_none() {
            out.push(v);
        }
    }
    Ok(out)
}

/// Scores of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocScore {
    /// Source path.
    pub path: String,
    /// Gold file it was scored against.
    pub gold: String,
    /// Per field.
    pub fields: Vec<FieldScore>,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Per document.
    pub documents: Vec<DocScore>,
    /// Per field, summed over documents.
    pub totals: Vec<FieldScore>,
    /// Records with no gold file.
    pub unmatched: Vec<String>,
}

/// A record as JSON with the hidden `_blocks` field (kind and text of every
/// block) that lets `eval` check rejoined sentences and footnotes.
pub fn with_blocks(record: &crate::output::DocumentRecord, doc: &crate::model::Document) -> Value {
    let mut v = serde_json::to_value(record).unwrap_or(Value::Null);
    // A paragraph continued past a page break or footnote is read whole, as
    // a reader of the document follows `continues`.
    let mut texts: Vec<String> = Vec::with_capacity(doc.blocks.len());
    for b in &doc.blocks {
        let t = doc.block_text(b).to_string();
        match b.continues.and_then(|r| texts.get_mut(r)) {
            Some(root) => {
                root.push(' ');
                root.push_str(&t);
                texts.push(t);
            }
            None => texts.push(t),
        }
    }
    let blocks: Vec<Value> = doc
        .blocks
        .iter()
        .zip(&texts)
        .map(|(b, t)| serde_json::json!({"kind": b.kind, "text": t}))
        .collect();
    if let Some(o) = v.as_object_mut() {
        o.insert("_blocks".into(), Value::Array(blocks));
    }
    v
}

/// Score every record that has a gold file.
pub fn evaluate(gold: &[Gold], docs: &[Value]) -> Report {
    let mut documents = Vec::new();
    let mut unmatched = Vec::new();
    let mut totals: BTreeMap<String, (usize, FieldScore)> = BTreeMap::new();
    for doc in docs {
        let path = doc
            .pointer("/source/path")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(g) = gold.iter().find(|g| g.id == leading_id(&path)) else {
            unmatched.push(path);
            continue;
        };
        let fields = score_document(&g.json, doc);
        for (i, f) in fields.iter().enumerate() {
            totals
                .entry(f.field.clone())
                .or_insert_with(|| (i, FieldScore::new(&f.field)))
                .1
                .merge(f);
        }
        documents.push(DocScore {
            path,
            gold: g.file.clone(),
            fields,
        });
    }
    let mut totals: Vec<(usize, FieldScore)> = totals.into_values().collect();
    totals.sort_by_key(|(i, _)| *i);
    Report {
        documents,
        totals: totals.into_iter().map(|(_, f)| f).collect(),
        unmatched,
    }
}

fn arr<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Gold `metadata` keys written in Dutch, with the output field they mean.
const GOLD_METADATA_KEYS: &[(&str, &str)] = &[("portefeuillehouder", "portfolio_holder")];

/// Strip a leading numbering from a normalised heading: "3. ", and an
/// outline number with letters ("5.a.1 ", "4.a ", "a) "), which the
/// conventions count as numbering as well.
fn strip_number(h: &str) -> &str {
    let t = h.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if t.len() < h.len() && t.starts_with(' ') {
        t.trim_start()
    } else {
        crate::shape::outline_number(h).map_or(h, |n| &h[n..])
    }
}

/// Whether `needle` occurs in `hay` as whole words: a page number "23"
/// is not in "2023 in cijfers".
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn same_heading(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    a == b || strip_number(&a) == strip_number(&b)
}

/// Score one record against its gold.
pub fn score_document(gold: &Value, doc: &Value) -> Vec<FieldScore> {
    let mut out = Vec::new();
    let sections = arr(doc, "/sections");
    let mut found = FieldScore::new("sections");
    let mut kinds = FieldScore::new("section_kinds");
    for g in arr(gold, "/sections") {
        let hit = sections
            .iter()
            .find(|x| same_heading(s(x, "heading"), s(g, "heading")));
        found.hit(hit.is_some(), || {
            format!("section {:?} ({}) not found", s(g, "heading"), s(g, "kind"))
        });
        if let Some(h) = hit {
            kinds.hit(s(h, "kind") == s(g, "kind"), || {
                format!(
                    "section {:?}: kind {} expected, {} found",
                    s(g, "heading"),
                    s(g, "kind"),
                    s(h, "kind")
                )
            });
        }
    }
    out.push(found);
    out.push(kinds);

    let mut not = FieldScore::new("not_sections");
    // A heading the gold lists as a section is no furniture, even where a
    // furniture line repeats it ("Terug naar navigatie - Inleiding" under
    // "Inleiding").
    let gold_heading = |h: &str| {
        arr(gold, "/sections")
            .iter()
            .any(|g| same_heading(s(g, "heading"), h))
    };
    for g in arr(gold, "/not_sections").iter().filter_map(Value::as_str) {
        let bad = sections.iter().find(|x| {
            let h = s(x, "heading");
            contains_words(&norm(h), &norm(g))
                || (contains_words(&norm(g), &norm(h)) && !gold_heading(h))
        });
        not.hit(bad.is_none(), || {
            format!(
                "furniture {g:?} became section {:?}",
                bad.map(|b| s(b, "heading")).unwrap_or("")
            )
        });
    }
    out.push(not);

    if let Some(meta) = gold.get("metadata").and_then(Value::as_object) {
        let mut f = FieldScore::new("metadata");
        for (k, v) in meta {
            let want = v.as_str().unwrap_or("");
            let key = GOLD_METADATA_KEYS
                .iter()
                .find(|(gold_key, _)| gold_key == k)
                .map_or(k.as_str(), |(_, ours)| ours);
            let got = doc
                .pointer(&format!("/metadata/{key}"))
                .and_then(Value::as_str)
                .unwrap_or("");
            f.hit(norm(got) == norm(want), || {
                format!("metadata.{k}: {want:?} expected, {got:?} found")
            });
        }
        out.push(f);
    }

    let texts = block_texts(doc);
    let mut cont = FieldScore::new("continuity");
    for g in arr(gold, "/continuity").iter().filter_map(Value::as_str) {
        let want = norm(g);
        cont.hit(texts.iter().any(|(_, t)| t.contains(&want)), || {
            format!("sentence not rejoined: {g:?}")
        });
    }
    out.push(cont);
    let mut foot = FieldScore::new("footnotes");
    for g in arr(gold, "/footnotes").iter().filter_map(Value::as_str) {
        let want = norm(g);
        let hit = texts
            .iter()
            .any(|(k, t)| k == "footnote" && t.contains(&want));
        foot.hit(hit, || format!("footnote not recognised: {g:?}"));
    }
    out.push(foot);

    out.push(score_items(gold, doc));
    out.push(score_refs(gold, doc));
    out.push(score_indicators(gold, doc));

    out.extend(score_facts(gold, doc));
    let entities: Vec<crate::model::Entity> = arr(doc, "/entities")
        .iter()
        .filter_map(entity_from_json)
        .collect();
    out.extend(entities::score(gold, "", &entities));
    out
}

/// The document facts: one row each for municipality, doc_type and year,
/// and `facts` for the three together. A null where the gold has a value is
/// a miss, a wrong value a miss and an error against precision; a null
/// where the gold has null is right.
fn score_facts(gold: &Value, doc: &Value) -> Vec<FieldScore> {
    let null = Value::Null;
    let municipality = |v: &Value| match v {
        Value::Object(o) => o.get("name").cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let pairs = [
        (
            "municipality",
            municipality(gold.get("municipality").unwrap_or(&null)),
            municipality(doc.get("municipality").unwrap_or(&null)),
        ),
        (
            "doc_type",
            gold.get("doc_type").cloned().unwrap_or(Value::Null),
            doc.get("doc_type").cloned().unwrap_or(Value::Null),
        ),
        (
            "year",
            gold.get("year").cloned().unwrap_or(Value::Null),
            doc.get("year").cloned().unwrap_or(Value::Null),
        ),
    ];
    let mut all = FieldScore::new("facts");
    let mut out = Vec::new();
    for (name, want, got) in pairs {
        let mut f = FieldScore::new(name);
        // `facts` sums the three rows; their misses are listed there once.
        all.total += 1;
        all.found += usize::from(want == got);
        f.hit(want == got, || {
            format!("{name}: {want} expected, {got} found")
        });
        if !got.is_null() {
            f.judge(want == got);
        }
        out.push(f);
    }
    out.insert(0, all);
    out
}

/// An entity read back from JSON output (schema version 2), with the
/// version 1 `value` the scorer compares with the gold.
fn entity_from_json(v: &Value) -> Option<crate::model::Entity> {
    serde_json::from_value::<crate::output::entity::EntityOut>(v.clone())
        .ok()
        .map(|e| e.to_model())
}

/// (block kind, normalised text) of a record: from the hidden `_blocks`
/// field that `eval` adds when it extracts itself, else from entity
/// sentences (records read back from JSONL).
fn block_texts(doc: &Value) -> Vec<(String, String)> {
    let blocks = arr(doc, "/_blocks");
    if !blocks.is_empty() {
        return blocks
            .iter()
            .map(|b| (s(b, "kind").to_string(), norm(s(b, "text"))))
            .collect();
    }
    arr(doc, "/entities")
        .iter()
        .map(|e| ("sentence".to_string(), norm(s(e, "sentence"))))
        .collect()
}

/// Items are matched by id where the gold numbers them (`actielijn` +
/// `label`: `1a`). A gold item without `actielijn` is a row of a table
/// that prints no label ("Motie Fietspad Statendamweg"): its `label` is the
/// annotator's handle, and the row is matched by where its goal starts.
fn score_items(gold: &Value, doc: &Value) -> FieldScore {
    let mut f = FieldScore::new("items");
    let items = arr(doc, "/items");
    let gold_items = arr(gold, "/items");
    let is = |g: &Value, i: &Value| -> bool {
        match g.get("actielijn") {
            Some(n) => s(i, "id") == format!("{n}{}", s(g, "label")),
            None => {
                let want = norm(s(g, "goal_starts"));
                !want.is_empty() && norm(s(i, "goal")).starts_with(&want)
            }
        }
    };
    for g in gold_items {
        let name = match g.get("actielijn") {
            Some(n) => format!("{n}{}", s(g, "label")),
            None => s(g, "label").to_string(),
        };
        let item = items.iter().find(|i| is(g, i));
        let check = |field: &str, key: &str, prefix: bool| -> bool {
            let want = norm(s(g, key));
            if want.is_empty() {
                return true;
            }
            let got = item.map(|i| norm(s(i, field))).unwrap_or_default();
            if prefix {
                got.starts_with(&want)
            } else {
                got.ends_with(&want)
            }
        };
        let ok = item.is_some()
            && check("goal", "goal_starts", true)
            && check("goal", "goal_ends", false)
            && check("status_text", "status_starts", true)
            && check("status_text", "status_ends", false);
        f.hit(ok, || match item {
            None => format!("item {name} not found"),
            Some(i) => format!(
                "item {name}: goal {:?} / status {:?}",
                s(i, "goal"),
                s(i, "status_text")
            ),
        });
    }
    if !gold_items.is_empty() {
        for i in items {
            f.judge(gold_items.iter().any(|g| is(g, i)));
        }
    }
    f
}

fn score_refs(gold: &Value, doc: &Value) -> FieldScore {
    let mut f = FieldScore::new("cross_references");
    let items = arr(doc, "/items");
    for g in arr(gold, "/cross_references") {
        let from = s(g, "from");
        let want: Vec<&str> = arr(g, "/to").iter().filter_map(Value::as_str).collect();
        let got: Vec<&str> = items
            .iter()
            .find(|i| s(i, "id") == from)
            .map(|i| arr(i, "/refs").iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        f.hit(want == got, || {
            format!("refs of {from}: {want:?} expected, {got:?} found")
        });
    }
    f
}

fn score_indicators(gold: &Value, doc: &Value) -> FieldScore {
    let mut f = FieldScore::new("indicators");
    let inds = arr(doc, "/indicators");
    let cells = |v: &Value| -> Vec<String> {
        arr(v, "/cells")
            .iter()
            .map(|c| norm(c.as_str().unwrap_or("")))
            .collect()
    };
    for g in arr(gold, "/indicators") {
        // A name may head several rows ("FTE per 1000 inwoners" over
        // "Bezetting" and "Formatie"): the row with the gold's cells, else
        // the first of that name.
        let named = || {
            inds.iter()
                .filter(|i| norm(s(i, "name")) == norm(s(g, "name")))
        };
        let hit = named()
            .find(|i| cells(i) == cells(g))
            .or_else(|| named().next());
        let ok = hit.is_some_and(|i| cells(i) == cells(g));
        f.hit(ok, || match hit {
            None => format!("indicator {:?} not found", s(g, "name")),
            Some(i) => format!(
                "indicator {:?}: cells {:?} expected, {:?} found",
                s(g, "name"),
                cells(g),
                cells(i)
            ),
        });
    }
    if !arr(gold, "/indicators").is_empty() {
        for i in inds {
            f.judge(
                arr(gold, "/indicators")
                    .iter()
                    .any(|g| norm(s(i, "name")) == norm(s(g, "name"))),
            );
        }
    }
    f
}

/// Print the report as a table; with `misses`, every miss.
///
/// # Errors
/// When writing fails.
pub fn print_report(out: &mut dyn std::io::Write, r: &Report, misses: bool) -> std::io::Result<()> {
    if misses {
        for d in &r.documents {
            for f in &d.fields {
                for m in &f.misses {
                    writeln!(out, "miss\t{}\t{}\t{m}", d.path, f.field)?;
                }
            }
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} documents scored against the gold",
        r.documents.len()
    )?;
    writeln!(
        out,
        "{:<20} {:>7} {:>7} {:>8} {:>10}",
        "field", "found", "total", "recall", "precision"
    )?;
    for f in &r.totals {
        let p = f.precision().map_or("-".to_string(), |p| format!("{p:.3}"));
        writeln!(
            out,
            "{:<20} {:>7} {:>7} {:>8.3} {:>10}",
            f.field,
            f.found,
            f.total,
            f.recall(),
            p
        )?;
    }
    for u in &r.unmatched {
        writeln!(out, "no gold for {u}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_matching_table() {
        let same = [
            ("3. Kernboodschap", "Kernboodschap", true),
            (
                "5.a Financiën, Economie en Sport",
                "Financiën, Economie en Sport",
                true,
            ),
            ("5.c.1 Benoeming van een lid", "Benoeming van een lid", true),
            ("a) Titel voorstel", "Titel voorstel", true),
            ("2023 in cijfers", "in cijfers", true),
            ("b&w-besluitenlijst", "besluitenlijst", false),
            ("De heer Jansen", "heer Jansen", false),
        ];
        for (a, b, want) in same {
            assert_eq!(same_heading(a, b), want, "{a:?} / {b:?}");
        }
        let words = [
            ("bijlage 1: 2023 in cijfers", "23", false),
            ("pagina 23", "23", true),
            ("einddatum", "datum", false),
            ("terug naar navigatie - inleiding", "inleiding", true),
        ];
        for (hay, needle, want) in words {
            assert_eq!(contains_words(hay, needle), want, "{hay:?} / {needle:?}");
        }
    }

    /// Two rows under one name (203's "FTE per 1000 inwoners": Bezetting
    /// and Formatie) are both found when both are extracted, in any order;
    /// a gold row whose cells no row of that name has is still a miss.
    #[test]
    fn indicators_of_one_name_match_by_cells() {
        let row =
            |cells: &[&str]| serde_json::json!({"name": "FTE per 1000 inwoners", "cells": cells});
        let gold = serde_json::json!({"indicators": [row(&["Bezetting", "0,21"]), row(&["Formatie", "0,21"])]});
        let both = serde_json::json!({"indicators": [row(&["Formatie", "0,21"]), row(&["Bezetting", "0,21"])]});
        let f = score_indicators(&gold, &both);
        assert_eq!((f.found, f.total), (2, 2), "{:?}", f.misses);
        let one = serde_json::json!({"indicators": [row(&["Bezetting", "0,21"]), row(&["Formatie", "0,22"])]});
        let f = score_indicators(&gold, &one);
        assert_eq!((f.found, f.total), (1, 2));
        assert!(
            f.misses[0].contains("\"formatie\", \"0,21\"] expected"),
            "{:?}",
            f.misses
        );
    }

    #[test]
    fn items_match_by_id_or_by_where_an_unlabelled_goal_starts() {
        let gold = serde_json::json!({"items": [
            {"actielijn": 1, "label": "a", "goal_starts": "Meer jongeren", "status_starts": "Gedaan"},
            {"label": "Heuvel", "goal_starts": "Afbouw parkeerplaatsen", "status_starts": "Zodra dit"}
        ]});
        let item = |id: &str, goal: &str, status: &str| serde_json::json!({"id": id, "goal": goal, "status_text": status});
        let doc = serde_json::json!({"items": [
            item("1a", "Meer jongeren bereiken", "Gedaan."),
            item("l1.1", "Afbouw parkeerplaatsen Heuvel", "Zodra dit aan de orde is."),
            item("l1.2", "Werksessie JOR", "Er was een sessie.")
        ]});
        let f = score_items(&gold, &doc);
        assert_eq!((f.found, f.total), (2, 2), "{:?}", f.misses);
        assert_eq!((f.correct, f.extracted), (Some(2), Some(3)));
        // The annotator's handle is no id: an item named "Heuvel" is none.
        let doc = serde_json::json!({"items": [item("Heuvel", "Heuvel", "Zodra dit")]});
        assert_eq!(score_items(&gold, &doc).found, 0);
    }
}
