//! `compare`: documents (or earlier JSONL output) aggregated into tables
//! across municipalities and years.
//!
//! In: [`RecordView`]s in input order. Out: a [`Report`] with
//!
//! - one [`Municipality`] per CBS code (or name when there is no code, or
//!   `(unknown)`), holding one [`YearRow`] per year: documents and their
//!   types, the BBV section kinds present, pilots and projects with their
//!   latest status, partners, status counts per class, indicators with
//!   their values per column, every row and column in table order;
//! - a matrix of pilots/projects across municipalities ([`Initiative`]):
//!   who runs which, in what state;
//! - partners across municipalities.
//!
//! Everything is keyed by `BTreeMap`, so the report is the same whatever
//! the thread count. A pilot's state is the `class` the extractor gave it,
//! shown with the status phrase of that class whose `subject` is the pilot's
//! `id` (or, in older output, its name, case-insensitively), else the last
//! linked status, else a status in the same sentence; "latest" prefers a linked status over none, then the
//! document with the highest year, then the one read later.

pub mod render;

use crate::output::view::{EntityView, RecordView};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Entity types that are grouped into the initiative matrix.
const INITIATIVES: [&str; 2] = ["pilot", "project"];

/// The whole comparison.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Report {
    /// Documents read (error records not included).
    pub documents: usize,
    /// Error records met (counted, not compared).
    pub errors: usize,
    /// Per municipality, by key.
    pub municipalities: Vec<Municipality>,
    /// Pilots and projects across municipalities.
    pub initiatives: Vec<Initiative>,
    /// Partners across municipalities: name → municipality names.
    pub partners: BTreeMap<String, BTreeSet<String>>,
}

/// One municipality.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Municipality {
    /// Name (`(unknown)` when no municipality was recognised).
    pub name: String,
    /// CBS code.
    pub code: Option<String>,
    /// Documents in all years.
    pub documents: usize,
    /// Per year (`null` year first).
    pub years: Vec<YearRow>,
}

/// One municipality × year.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct YearRow {
    /// Year (`null` when unknown).
    pub year: Option<i64>,
    /// Paths of the documents.
    pub paths: Vec<String>,
    /// Document types with their counts.
    pub doc_types: BTreeMap<String, usize>,
    /// Section kinds present (the generic `heading` left out).
    pub sections: BTreeSet<String>,
    /// Pilots and projects with their latest status in this year.
    pub initiatives: BTreeMap<String, Status>,
    /// Partners named.
    pub partners: BTreeSet<String>,
    /// Status entities per class.
    pub status_counts: BTreeMap<String, usize>,
    /// Indicator rows in document and table order, a repeated name kept.
    pub indicators: Vec<IndicatorRow>,
}

/// One indicator row of one document.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct IndicatorRow {
    /// The indicator's name as printed.
    pub name: String,
    /// How many rows of this year had the name so far, this one included
    /// (1 for the first): the name is printed `name (2)` from the second on.
    pub occurrence: usize,
    /// The document it is from.
    pub path: String,
    /// Its values in column order.
    pub values: Vec<IndicatorValue>,
}

/// One value of an indicator row.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct IndicatorValue {
    /// The column's header as printed ("" when it has none).
    pub column: String,
    /// The header unique within the row: a repeated one or none is told
    /// apart by its position among the value columns ("Doel- (3)", "col 7").
    pub field: String,
    /// The cell as printed.
    pub value: String,
}

impl IndicatorRow {
    /// The name, with its occurrence from the second on ("Bereik (2)").
    pub fn label(&self) -> String {
        if self.occurrence > 1 {
            format!("{} ({})", self.name, self.occurrence)
        } else {
            self.name.clone()
        }
    }
}

/// The values of an indicator row under their columns, in order: a header
/// that repeats in the row ("Doel-" four times) or is empty gets its
/// position (1-based among the value columns) so no value hides another.
fn indicator_values(columns: &[String], cells: &[String]) -> Vec<IndicatorValue> {
    let title = |i: usize| columns.get(i).map(|c| c.trim()).unwrap_or_default();
    cells
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let column = title(i);
            let repeated = (0..cells.len()).any(|j| j != i && title(j) == column);
            let field = if column.is_empty() {
                format!("col {}", i + 1)
            } else if repeated {
                format!("{column} ({})", i + 1)
            } else {
                column.to_string()
            };
            IndicatorValue {
                column: column.to_string(),
                field,
                value: cell.clone(),
            }
        })
        .collect()
}

/// A pilot's or project's state in one place.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Status {
    /// `pilot` or `project`.
    pub kind: String,
    /// The status text, if a status was linked.
    pub status: Option<String>,
    /// Its class.
    pub class: Option<String>,
    /// Year of the document it came from.
    pub year: Option<i64>,
    /// Document it came from.
    pub path: String,
}

/// One pilot or project across municipalities.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Initiative {
    /// Canonical name.
    pub name: String,
    /// `pilot` or `project`.
    pub kind: String,
    /// Municipality name → latest status there.
    pub by_municipality: BTreeMap<String, Status>,
}

/// The key names are matched by across documents: white space collapsed,
/// lower case ("Plan  18" and "plan 18" are one initiative). `report`
/// groups its timelines by it too.
///
/// # Example
/// ```
/// assert_eq!(beleidsmijn::compare::fold(" Plan\n18 "), "plan 18");
/// ```
pub fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The status of `pilot` within its document's entities.
fn status_of<'a>(pilot: &EntityView, entities: &'a [EntityView]) -> Option<&'a EntityView> {
    let name = fold(pilot.name());
    let id = pilot.id.as_deref();
    let statuses = || entities.iter().filter(|e| e.kind == "status");
    let linked = |s: &&EntityView| {
        s.subject()
            .is_some_and(|subj| Some(subj) == id || fold(subj) == name)
    };
    statuses()
        .rev()
        .filter(linked)
        .find(|s| pilot.class.is_some() && s.class == pilot.class)
        .or_else(|| statuses().rev().find(linked))
        .or_else(|| {
            statuses()
                .rev()
                .find(|s| !s.sentence.is_empty() && s.sentence == pilot.sentence)
        })
}

/// Whether `new` replaces `old` as the latest state: a linked status beats
/// none, then the higher year wins, then the one read later.
fn replaces(new: &Status, old: &Status) -> bool {
    (new.status.is_some(), new.year) >= (old.status.is_some(), old.year)
}

/// Aggregate records.
pub fn compare(records: &[RecordView]) -> Report {
    let mut report = Report::default();
    // key → (municipality, year → row)
    let mut munis: BTreeMap<String, (Municipality, BTreeMap<Option<i64>, YearRow>)> =
        BTreeMap::new();
    let mut matrix: BTreeMap<(String, String), Initiative> = BTreeMap::new();
    for rec in records {
        if rec.error.is_some() {
            report.errors += 1;
            continue;
        }
        report.documents += 1;
        let (name, code) = match &rec.municipality {
            Some(m) => (m.name.clone(), Some(m.code.clone())),
            None => ("(unknown)".to_string(), None),
        };
        let key = code.clone().unwrap_or_else(|| name.clone());
        let (muni, years) = munis.entry(key).or_insert_with(|| {
            (
                Municipality {
                    name: name.clone(),
                    code,
                    ..Default::default()
                },
                BTreeMap::new(),
            )
        });
        muni.documents += 1;
        let row = years.entry(rec.year).or_insert_with(|| YearRow {
            year: rec.year,
            ..Default::default()
        });
        row.paths.push(rec.source.path.clone());
        *row.doc_types
            .entry(rec.doc_type.clone().unwrap_or_else(|| "(unknown)".into()))
            .or_default() += 1;
        row.sections.extend(
            rec.sections
                .iter()
                .filter(|s| s.kind != "heading")
                .map(|s| s.kind.clone()),
        );
        for ind in &rec.indicators {
            let occurrence = 1 + row.indicators.iter().filter(|r| r.name == ind.name).count();
            row.indicators.push(IndicatorRow {
                name: ind.name.clone(),
                occurrence,
                path: rec.source.path.clone(),
                values: indicator_values(&ind.columns, &ind.cells),
            });
        }
        for e in &rec.entities {
            match e.kind.as_str() {
                // Generic actors (huisartsen, onderwijs) are no named partners.
                "partner" if e.generic => {}
                // An unnamed pilot ("in een pilot komen we …") is no initiative.
                k if INITIATIVES.contains(&k)
                    && e.canonical.as_deref().is_none_or(str::is_empty) => {}
                "partner" => {
                    row.partners.insert(e.name().to_string());
                    report
                        .partners
                        .entry(e.name().to_string())
                        .or_default()
                        .insert(name.clone());
                }
                "status" => {
                    *row.status_counts
                        .entry(e.class.clone().unwrap_or_else(|| "(none)".into()))
                        .or_default() += 1
                }
                k if INITIATIVES.contains(&k) => {
                    let st = status_of(e, &rec.entities);
                    let status = Status {
                        kind: k.to_string(),
                        status: st.map(|s| s.text.clone()),
                        class: st.and_then(|s| s.class.clone()),
                        year: rec.year,
                        path: rec.source.path.clone(),
                    };
                    let slot = row
                        .initiatives
                        .entry(e.name().to_string())
                        .or_insert_with(|| status.clone());
                    if replaces(&status, slot) {
                        *slot = status.clone();
                    }
                    let init = matrix
                        .entry((e.name().to_string(), k.to_string()))
                        .or_insert_with(|| Initiative {
                            name: e.name().to_string(),
                            kind: k.to_string(),
                            ..Default::default()
                        });
                    if init
                        .by_municipality
                        .get(&name)
                        .is_none_or(|old| replaces(&status, old))
                    {
                        init.by_municipality.insert(name.clone(), status);
                    }
                }
                _ => {}
            }
        }
    }
    report.municipalities = munis
        .into_values()
        .map(|(mut m, years)| {
            m.years = years.into_values().collect();
            m
        })
        .collect();
    report.initiatives = matrix.into_values().collect();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::view::test_records as recs;

    #[test]
    fn latest_status_wins_and_unlinked_keeps_none() {
        let r = compare(&recs(
            r#"
{"source":{"path":"a"},"municipality":{"name":"Gooise Meren","code":"GM1942"},"year":2021,"entities":[{"type":"pilot","text":"Plan 18","canonical":"Plan 18","sentence":"s1"},{"type":"status","text":"gestart","class":"started","subject":"plan 18","sentence":"x"}]}
{"source":{"path":"b"},"municipality":{"name":"Gooise Meren","code":"GM1942"},"year":2023,"entities":[{"type":"pilot","text":"plan 18","canonical":"Plan 18","sentence":"s2"},{"type":"status","text":"afgerond","class":"done","sentence":"s2"}]}
{"source":{"path":"c"},"municipality":{"name":"Huizen","code":"GM0406"},"year":2022,"entities":[{"type":"pilot","text":"Plan 18","canonical":"Plan 18","sentence":"q"}]}
{"source":{"path":"d"},"error":{"kind":"empty","message":"empty file"}}
"#,
        ));
        assert_eq!((r.documents, r.errors), (3, 1));
        assert_eq!(r.municipalities.len(), 2);
        assert_eq!(r.municipalities[0].name, "Huizen");
        assert_eq!(r.municipalities[1].years.len(), 2);
        assert_eq!(r.initiatives.len(), 1);
        let gm = &r.initiatives[0].by_municipality["Gooise Meren"];
        assert_eq!(
            (gm.status.as_deref(), gm.year),
            (Some("afgerond"), Some(2023))
        );
        assert_eq!(r.initiatives[0].by_municipality["Huizen"].status, None);
    }

    #[test]
    fn indicators_keep_every_row_and_column_in_table_order() {
        let r = compare(&recs(
            r#"
{"source":{"path":"a"},"year":2019,"indicators":[{"name":"Bereik","columns":["Nul-","Reali-","Doel-","Doel-",""],"cells":["2013","2.180","2.190","2.200","x","y"]},{"name":"Bereik","columns":["Zeta","Alfa"],"cells":["1","2"]}]}
"#,
        ));
        let rows = &r.municipalities[0].years[0].indicators;
        let fields = |i: usize| {
            rows[i]
                .values
                .iter()
                .map(|v| (v.field.as_str(), v.value.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            fields(0),
            [
                ("Nul-", "2013"),
                ("Reali-", "2.180"),
                ("Doel- (3)", "2.190"),
                ("Doel- (4)", "2.200"),
                ("col 5", "x"),
                ("col 6", "y")
            ]
        );
        assert_eq!(fields(1), [("Zeta", "1"), ("Alfa", "2")], "not sorted");
        assert_eq!(
            rows.iter().map(IndicatorRow::label).collect::<Vec<_>>(),
            ["Bereik", "Bereik (2)"]
        );
    }
}
