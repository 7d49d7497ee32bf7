//! `report`: the promise-to-outcome trail of a set of documents, as one
//! self-contained HTML page ([`render`]).
//!
//! In: [`RecordView`]s in input order (documents extracted, or earlier
//! JSONL read back), and a function that turns a source path into the
//! link the page uses for it. Out: a [`Report`] with one
//! [`Municipality`] per CBS code (name when there is none, `(unknown)`)
//! holding
//!
//! - its documents, ordered by year and by their place in the budget
//!   cycle ([`stage`]: kadernota, begroting, council letters and
//!   bestuursrapportages, jaarstukken, rekenkamer);
//! - one [`Subject`] per name a status claim is about — a pilot, project,
//!   goal/status row or section (programme) — with every claim about it
//!   in every document and year in that same order: what a begroting
//!   announced, what later documents said. Names are matched as `compare`
//!   matches them ([`crate::compare::fold`]), so one project in three
//!   documents of two years is one timeline;
//! - the indicator tables of each year.
//!
//! Claims are read through [`crate::output::claims`], the code behind the
//! CSV `claims` table, so their subject type and page link are the same in
//! both. Everything is ordered by stated keys, never by hash order: the
//! same records give the same report.

pub mod href;
pub mod render;

use crate::compare::fold;
use crate::output::claims::{self, Claim};
use crate::output::view::RecordView;
use std::collections::{BTreeMap, BTreeSet};

/// The status classes in the order the page lists them (the schema's).
pub const CLASSES: [&str; 8] = [
    "achieved",
    "in_progress",
    "planned",
    "delayed",
    "not_achieved",
    "continued",
    "evaluated",
    "stopped",
];

/// The whole report.
#[derive(Debug, Default)]
pub struct Report {
    /// Documents read (error records not included).
    pub documents: usize,
    /// Error records: path, kind, message.
    pub errors: Vec<(String, String, String)>,
    /// Per municipality, by name.
    pub municipalities: Vec<Municipality>,
    /// Claims per class, over all documents.
    pub classes: BTreeMap<String, usize>,
    /// The years documents are of (`None`: unknown).
    pub years: BTreeSet<Option<i64>>,
    /// The document types met (`(unknown)` for none).
    pub doc_types: BTreeSet<String>,
}

/// One municipality.
#[derive(Debug, Default)]
pub struct Municipality {
    /// CBS name, or `(unknown)`.
    pub name: String,
    /// CBS code (`GM1942`).
    pub code: Option<String>,
    /// Its documents in timeline order.
    pub documents: Vec<Doc>,
    /// What its claims are about: pilots, projects, items, sections.
    pub subjects: Vec<Subject>,
    /// Indicator tables in timeline order of their documents.
    pub indicators: Vec<IndicatorTable>,
}

impl Municipality {
    /// The key the page filters on: the CBS code, else the name.
    pub fn key(&self) -> &str {
        self.code.as_deref().unwrap_or(&self.name)
    }
}

/// One document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The path as the record gives it.
    pub path: String,
    /// The link to it (see [`href`]; "" when there is none, as for stdin).
    pub href: String,
    /// `pdf`, `html`, `text`.
    pub format: String,
    /// Page count (PDF).
    pub pages: Option<u32>,
    /// Year reported on, budgeted for or written in.
    pub year: Option<i64>,
    /// Document type, `(unknown)` when undecided.
    pub doc_type: String,
    /// The header's subject line or date, when it has one.
    pub title: Option<String>,
    /// Its claims.
    pub claims: usize,
}

/// A pilot, project, item or section, and every claim about it.
#[derive(Debug, Default)]
pub struct Subject {
    /// The name as a pilot or project first calls it, else as a row or
    /// heading first writes it.
    pub name: String,
    /// What it was in the documents: `pilot`, `project`, `item`,
    /// `section` (`""` for a subject the record does not resolve).
    pub kinds: BTreeSet<&'static str>,
    /// Its claims in timeline order.
    pub claims: Vec<ClaimRow>,
}

impl Subject {
    /// How many documents speak of it.
    pub fn documents(&self) -> usize {
        self.claims
            .iter()
            .map(|c| c.doc)
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// One claim, where to read it.
#[derive(Debug, Clone)]
pub struct ClaimRow {
    /// The document's index in its municipality's `documents`.
    pub doc: usize,
    /// Status class (`(none)` when unset).
    pub class: String,
    /// A claim about part of its subject.
    pub partial: bool,
    /// The status phrase ("loopt vertraging op").
    pub text: String,
    /// The sentence it stands in.
    pub sentence: String,
    /// The heading of the section it stands in.
    pub section: Option<String>,
    /// Page (PDF; 1 for formats without pages).
    pub page: Option<u32>,
    /// The link: the document's, with `#page=N` for a PDF.
    pub href: String,
    /// Byte offsets into the document text.
    pub start: Option<u64>,
    /// End byte.
    pub end: Option<u64>,
}

/// The indicator rows of one table of one document.
#[derive(Debug, Default)]
pub struct IndicatorTable {
    /// The document's index in its municipality's `documents`.
    pub doc: usize,
    /// The heading of the section the table stands in.
    pub section: Option<String>,
    /// Column titles after the name column.
    pub columns: Vec<String>,
    /// Rows: name, cells, page, link.
    pub rows: Vec<IndicatorRow>,
}

/// One indicator row.
#[derive(Debug, Default)]
pub struct IndicatorRow {
    /// The name, with its number when the table gives one ("17 Absoluut verzuim").
    pub name: String,
    /// The value cells as printed.
    pub cells: Vec<String>,
    /// Page.
    pub page: Option<u32>,
    /// Link to the page.
    pub href: String,
}

/// A document type's place in the budget cycle of its year: the plans
/// (kadernota, begroting) first, then what is said during the year
/// (council documents, bestuursrapportages), then the account
/// (jaarstukken) and the rekenkamer's review; unknown types last.
pub fn stage(doc_type: &str) -> u8 {
    match doc_type {
        "kadernota" => 0,
        "begroting" => 1,
        "beleidsplan" | "prestatieafspraken" => 2,
        "raadsvoorstel" | "raadsmededeling" | "besluitenlijst" | "agenda" | "notulen" | "motie"
        | "motieoverzicht" => 3,
        "bestuursrapportage" => 4,
        "jaarstukken" => 5,
        "rekenkamerrapport" => 6,
        "bijlage" => 7,
        _ => 8,
    }
}

/// The rank of a subject kind: pilots, then projects, rows, sections.
fn kind_rank(kinds: &BTreeSet<&str>) -> u8 {
    ["pilot", "project", "item", "section"]
        .iter()
        .position(|k| kinds.contains(k))
        .map_or(4, |p| p as u8)
}

/// The name of the unknown municipality, year or type.
pub const UNKNOWN: &str = "(unknown)";

/// The timeline order of a record: year (unknown last), stage, date in
/// the header, path, then input order.
type DocKey = (bool, Option<i64>, u8, String, String, usize);

/// A record with its timeline key.
type Keyed<'a> = (DocKey, &'a RecordView);

fn doc_key(rec: &RecordView, input: usize) -> DocKey {
    (
        rec.year.is_none(),
        rec.year,
        stage(rec.doc_type.as_deref().unwrap_or_default()),
        rec.metadata.get("date").cloned().unwrap_or_default(),
        rec.source.path.clone(),
        input,
    )
}

/// Build the report of `records`; `link` turns a source path into the
/// link the page uses for it.
pub fn build(records: &[RecordView], link: &dyn Fn(&str) -> String) -> Report {
    let mut report = Report::default();
    // municipality name → (code, its records with their timeline keys)
    let mut groups: BTreeMap<String, (Option<String>, Vec<Keyed>)> = BTreeMap::new();
    for (i, rec) in records.iter().enumerate() {
        if let Some(e) = &rec.error {
            report
                .errors
                .push((rec.source.path.clone(), e.kind.clone(), e.message.clone()));
            continue;
        }
        report.documents += 1;
        let (name, code) = match &rec.municipality {
            Some(m) => (m.name.clone(), Some(m.code.clone())),
            None => (UNKNOWN.to_string(), None),
        };
        let group = groups.entry(name).or_insert_with(|| (code, Vec::new()));
        group.1.push((doc_key(rec, i), rec));
    }
    // Municipalities by name, the records of none last.
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(name, _)| name == UNKNOWN);
    for (name, (code, mut recs)) in groups {
        recs.sort_by(|a, b| a.0.cmp(&b.0));
        let mut muni = Municipality {
            name,
            code,
            ..Municipality::default()
        };
        // folded name → (rank of the kind its name was taken from, subject)
        let mut subjects: BTreeMap<String, (u8, Subject)> = BTreeMap::new();
        for (d, (_, rec)) in recs.iter().enumerate() {
            let doc = document(rec, link);
            report.years.insert(doc.year);
            report.doc_types.insert(doc.doc_type.clone());
            for c in claims::claims(rec) {
                let row = claim_row(rec, &c, d, &doc.href);
                *report.classes.entry(row.class.clone()).or_default() += 1;
                let name = c
                    .entity
                    .subject_name
                    .clone()
                    .or_else(|| c.entity.subject.clone())
                    .unwrap_or_else(|| "(no subject)".to_string());
                let rank = kind_rank(&BTreeSet::from([c.subject_type]));
                let (named, subject) = subjects.entry(fold(&name)).or_insert_with(|| {
                    (
                        rank,
                        Subject {
                            name: name.clone(),
                            ..Subject::default()
                        },
                    )
                });
                // A pilot's or project's own name beats a heading's.
                if rank < *named {
                    (*named, subject.name) = (rank, name);
                }
                subject.kinds.insert(c.subject_type);
                subject.claims.push(row);
            }
            muni.indicators.extend(indicator_tables(rec, d, &doc.href));
            muni.documents.push(Doc {
                claims: claims::claims(rec).len(),
                ..doc
            });
        }
        let mut subjects: Vec<(String, Subject)> =
            subjects.into_iter().map(|(k, (_, s))| (k, s)).collect();
        subjects
            .sort_by(|(a, sa), (b, sb)| (kind_rank(&sa.kinds), a).cmp(&(kind_rank(&sb.kinds), b)));
        muni.subjects = subjects.into_iter().map(|(_, s)| s).collect();
        report.municipalities.push(muni);
    }
    report
}

/// The document part of a record.
fn document(rec: &RecordView, link: &dyn Fn(&str) -> String) -> Doc {
    let meta = |k: &str| rec.metadata.get(k).filter(|v| !v.is_empty()).cloned();
    Doc {
        path: rec.source.path.clone(),
        href: link(&rec.source.path),
        format: rec.source.format.clone().unwrap_or_default(),
        pages: rec.source.pages,
        year: rec.year,
        doc_type: rec.doc_type.clone().unwrap_or_else(|| UNKNOWN.to_string()),
        title: meta("subject").or_else(|| meta("meeting")),
        claims: 0,
    }
}

fn claim_row(rec: &RecordView, c: &Claim, doc: usize, doc_href: &str) -> ClaimRow {
    let e = c.entity;
    ClaimRow {
        doc,
        class: e.class.clone().unwrap_or_else(|| "(none)".to_string()),
        partial: e.partial,
        text: e.text.clone(),
        sentence: e.sentence.clone(),
        section: rec.section(e.section.as_deref()).map(|s| s.heading.clone()),
        page: e.page,
        href: page_link(rec, doc_href, e.page),
        start: e.start,
        end: e.end,
    }
}

/// The link to `page` of `rec`, on the document's link (none without one).
fn page_link(rec: &RecordView, doc_href: &str, page: Option<u32>) -> String {
    if doc_href.is_empty() {
        String::new()
    } else {
        claims::link(doc_href, rec, page)
    }
}

/// The indicator rows of a record, one table per run of rows with the
/// same section and columns.
fn indicator_tables(rec: &RecordView, doc: usize, doc_href: &str) -> Vec<IndicatorTable> {
    let mut tables: Vec<IndicatorTable> = Vec::new();
    let mut last: Option<(&Option<String>, &Vec<String>)> = None;
    for ind in &rec.indicators {
        if last != Some((&ind.section, &ind.columns)) {
            tables.push(IndicatorTable {
                doc,
                section: rec
                    .section(ind.section.as_deref())
                    .map(|s| s.heading.clone()),
                columns: ind.columns.clone(),
                rows: Vec::new(),
            });
            last = Some((&ind.section, &ind.columns));
        }
        if let Some(t) = tables.last_mut() {
            t.rows.push(IndicatorRow {
                name: match &ind.code {
                    Some(code) => format!("{code} {}", ind.name),
                    None => ind.name.clone(),
                },
                cells: ind.cells.clone(),
                page: ind.span.page,
                href: page_link(rec, doc_href, ind.span.page),
            });
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::output::view::test_records as recs;

    const GM: &str = r#""municipality":{"name":"Gooise Meren","code":"GM1942"}"#;

    #[test]
    fn one_name_across_documents_and_years_is_one_timeline_in_cycle_order() {
        let lines = [
            // Read first, but the account of 2022: after the plans.
            format!(
                r#"{{"source":{{"path":"j.pdf","format":"pdf"}},{GM},"doc_type":"jaarstukken","year":2022,"entities":[{{"type":"project","id":"project-1","text":"Plan 18","canonical":"Plan 18"}},{{"type":"status","text":"afgerond","class":"achieved","subject":"project-1","subject_name":"Plan 18","page":7,"sentence":"Plan 18 is afgerond."}}]}}"#
            ),
            format!(
                r#"{{"source":{{"path":"b.pdf","format":"pdf"}},{GM},"doc_type":"begroting","year":2022,"sections":[{{"id":"s1","kind":"heading","heading":"Plan  18"}}],"entities":[{{"type":"status","text":"starten","class":"planned","subject":"s1","subject_name":"plan 18","page":3,"sentence":"We starten met Plan 18."}}]}}"#
            ),
            format!(
                r#"{{"source":{{"path":"r.txt","format":"text"}},{GM},"doc_type":"raadsmededeling","year":2023,"entities":[{{"type":"pilot","id":"pilot-1","text":"pilot Plan 18","canonical":"Plan 18"}},{{"type":"status","text":"vertraagd","class":"delayed","subject":"pilot-1","subject_name":"Plan 18","page":1,"sentence":"Plan 18 is vertraagd."}}]}}"#
            ),
            r#"{"source":{"path":"x"},"error":{"kind":"empty","message":"empty file"}}"#
                .to_string(),
            r#"{"source":{"path":"u.txt","format":"text"},"entities":[]}"#.to_string(),
        ];
        let r = build(&recs(&lines.join("\n")), &|p| format!("docs/{p}"));
        assert_eq!((r.documents, r.errors.len()), (4, 1));
        let names: Vec<&str> = r.municipalities.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Gooise Meren", UNKNOWN], "the unknown one last");
        let gm = &r.municipalities[0];
        let docs: Vec<&str> = gm.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(docs, ["b.pdf", "j.pdf", "r.txt"]);
        assert_eq!(gm.subjects.len(), 1, "{:?}", gm.subjects);
        let s = &gm.subjects[0];
        assert_eq!(s.name, "Plan 18");
        assert_eq!(
            s.kinds.iter().copied().collect::<Vec<_>>(),
            ["pilot", "project", "section"]
        );
        let trail: Vec<(&str, Option<u32>, &str)> = s
            .claims
            .iter()
            .map(|c| (c.class.as_str(), c.page, c.href.as_str()))
            .collect();
        assert_eq!(
            trail,
            [
                ("planned", Some(3), "docs/b.pdf#page=3"),
                ("achieved", Some(7), "docs/j.pdf#page=7"),
                ("delayed", Some(1), "docs/r.txt"),
            ]
        );
        assert_eq!(s.documents(), 3);
        assert_eq!(r.classes.values().sum::<usize>(), 3);
    }

    #[test]
    fn budget_cycle_stages_are_ordered() {
        let order = [
            "kadernota",
            "begroting",
            "raadsmededeling",
            "bestuursrapportage",
            "jaarstukken",
            "rekenkamerrapport",
        ];
        assert!(order.windows(2).all(|w| stage(w[0]) < stage(w[1])));
        assert!(stage("jaarstukken") < stage(UNKNOWN));
    }
}
