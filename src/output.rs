//! The output contract (`schema_version` 2): the types that are written as
//! JSON, kept apart from the internal model so that internal renames never
//! change the output. `schema/document.schema.json` describes them and
//! `docs/schema.md` says what changed from version 1.
//!
//! Version 2 gives every field one JSON type and writes every field of an
//! object even when it is null, so a loader that types columns from a few
//! rows (DuckDB's `read_json_auto`, pandas) sees the same shape in every
//! row; it adds character offsets, the tool that wrote the record, and a
//! status's `subject_name`.

pub mod budget;
pub mod cells;
pub mod claims;
pub mod csv;
pub mod entity;
pub mod entity_rows;
pub mod json;
pub mod offsets;
pub mod parts;
pub mod subjects;
pub mod tables;
pub mod tool;
pub mod value;
pub mod view;
pub mod when;
pub mod xlsx;

use crate::extract::facts::{FactEvidence, MunicipalityFact};
use crate::model::{Document, Entity, Format, Indicator, Item, Section, Table};
use entity::EntityOut;
use offsets::CharIndex;
use parts::{IndicatorOut, ItemOut, SectionOut, TableOut};
use pdf_inspector::par_pages::map_all;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
pub use tool::Tool;

/// The schema version written into every record.
pub const SCHEMA_VERSION: u32 = 2;

/// Where a record came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Source {
    /// The path as given (folders expanded), lossily: bytes of a name
    /// that is not UTF-8 read as U+FFFD.
    pub path: String,
    /// The raw bytes of the path in lowercase hex when it is not valid
    /// UTF-8 (two names that differ only in such bytes have the same
    /// `path`), else `None`. Records written before this field read as
    /// `None`.
    #[serde(default)]
    pub path_bytes: Option<String>,
    /// Format read as; `null` when the format could not be decided.
    pub format: Option<Format>,
    /// SHA-256 of the file bytes; `null` when the file could not be read.
    pub sha256: Option<String>,
    /// File size; `null` when the file could not be read.
    pub bytes: Option<u64>,
    /// Page count; `null` for formats without pages.
    pub pages: Option<u32>,
}

impl Source {
    /// The source of a file not read (yet): only its path is known.
    pub fn unread(path: &std::path::Path) -> Source {
        Source {
            path: path.display().to_string(),
            path_bytes: path_bytes(path),
            format: None,
            sha256: None,
            bytes: None,
            pages: None,
        }
    }
}

/// The bytes of `path` in lowercase hex when it is not valid UTF-8
/// (`None` when it is): the exact name beside the lossy `path`.
///
/// # Example
/// ```
/// use std::path::Path;
/// assert_eq!(beleidsmijn::output::path_bytes(Path::new("a.txt")), None);
/// # #[cfg(unix)] {
/// use std::os::unix::ffi::OsStrExt;
/// let odd = Path::new(std::ffi::OsStr::from_bytes(b"a\xff.txt"));
/// assert_eq!(beleidsmijn::output::path_bytes(odd).as_deref(), Some("61ff2e747874"));
/// # }
/// ```
pub fn path_bytes(path: &std::path::Path) -> Option<String> {
    if path.to_str().is_some() {
        return None;
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A document record: everything extracted from one file.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRecord {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program, build and dictionaries that wrote it.
    pub tool: Tool,
    /// Provenance of the file.
    pub source: Source,
    /// The municipality the document is from.
    pub municipality: Option<MunicipalityFact>,
    /// Document type.
    pub doc_type: Option<String>,
    /// Year reported on, budgeted for or written in.
    pub year: Option<i32>,
    /// Why the document got its type and year.
    pub evidence: FactEvidence,
    /// Header fields: of a council letter, a meeting document, a motion.
    pub metadata: BTreeMap<String, String>,
    /// Sections in document order.
    pub sections: Vec<SectionOut>,
    /// Tables in document order.
    pub tables: Vec<TableOut>,
    /// Goal/status table rows.
    pub items: Vec<ItemOut>,
    /// Indicator table rows.
    pub indicators: Vec<IndicatorOut>,
    /// Entities in text order.
    pub entities: Vec<EntityOut>,
    /// What went partly wrong.
    pub warnings: Vec<String>,
}

/// What a document record is made of, in the internal model's terms.
#[derive(Debug)]
pub struct Parts<'a> {
    /// The document (its text is what the offsets index).
    pub doc: &'a Document,
    /// Sections.
    pub sections: &'a [Section],
    /// Tables.
    pub tables: &'a [Table],
    /// Goal/status table rows.
    pub items: &'a [Item],
    /// Indicator rows.
    pub indicators: &'a [Indicator],
    /// Entities.
    pub entities: &'a [Entity],
    /// Entities the extractor found but did not build: past the output
    /// budget already (see [`budget`]).
    pub entities_left_out: usize,
    /// Threads the entities' output may be built on (1: this one).
    pub threads: usize,
}

/// Fewer entities than this are built on one thread.
const MIN_ENTITIES_TO_SHARE: usize = 1024;

impl DocumentRecord {
    /// The record of `parts`, with provenance `source`, the document facts
    /// and header, written by `tool`, cut to at most `max_output` bytes of
    /// compact JSON (see [`budget`]).
    pub fn new(
        tool: &Tool,
        source: Source,
        facts: crate::extract::facts::Facts,
        metadata: BTreeMap<String, String>,
        parts: Parts,
        max_output: u64,
    ) -> DocumentRecord {
        let chars = CharIndex::new(&parts.doc.text);
        let mut rec = DocumentRecord {
            schema_version: SCHEMA_VERSION,
            tool: tool.clone(),
            source,
            municipality: facts.municipality,
            doc_type: facts.doc_type,
            year: facts.year,
            evidence: facts.evidence,
            metadata,
            sections: Vec::new(),
            tables: Vec::new(),
            items: Vec::new(),
            indicators: Vec::new(),
            entities: Vec::new(),
            warnings: parts.doc.warnings.clone(),
        };
        let fixed = budget::json_len(&rec).saturating_add(budget::WARNING_ROOM);
        let mut b = budget::Budget::new(max_output.saturating_sub(fixed));
        let mut left = budget::LeftOut {
            sections: b.fill(parts.sections, &mut rec.sections, |s| {
                SectionOut::of(s, &chars)
            }),
            items: b.fill(parts.items, &mut rec.items, |i| ItemOut::of(i, &chars)),
            indicators: b.fill(parts.indicators, &mut rec.indicators, |i| {
                IndicatorOut::of(i, &chars)
            }),
            ..budget::LeftOut::default()
        };
        let mut rows = 0;
        for t in parts.tables {
            if b.is_cut() {
                break;
            }
            let mut out = TableOut::of(t, parts.doc, &chars, 0);
            let shell = budget::json_len(&out).saturating_add(u64::from(!rec.tables.is_empty()));
            if !b.take(shell) {
                break;
            }
            let mut taken = shell;
            for row in &t.rows {
                let row = parts::row_out(row, parts.doc, &chars);
                let cost = budget::json_len(&row).saturating_add(u64::from(!out.rows.is_empty()));
                if !b.take(cost) {
                    break;
                }
                taken = taken.saturating_add(cost);
                out.rows.push(row);
            }
            // A table cut inside its header rows would be misread: it goes
            // whole.
            if out.rows.len() < t.header_rows.min(t.rows.len()) {
                b.give(taken);
                break;
            }
            rows += out.rows.len();
            rec.tables.push(out);
        }
        left.tables = (rec.tables.len(), parts.tables.len());
        left.rows = (rows, parts.tables.iter().map(|t| t.rows.len()).sum());
        let named = subjects::names(parts.entities, &chars);
        // Each entity's output and the length of its JSON.
        let make = |e: &Entity| {
            let mut e = EntityOut::of(e, &chars);
            subjects::name_subject(&mut e, &named, &rec.sections, &rec.items);
            let len = budget::json_len(&e);
            (e, len)
        };
        // With threads to spare (a lone large document), all are made
        // beforehand, on every thread; else one by one, until the budget
        // runs out. The same outputs in the same order either way.
        let made: Box<dyn Iterator<Item = (EntityOut, u64)>> =
            if parts.threads > 1 && parts.entities.len() >= MIN_ENTITIES_TO_SHARE {
                Box::new(map_all(parts.entities, parts.threads, make).into_iter())
            } else {
                Box::new(parts.entities.iter().map(make))
            };
        // Reserved: an `EntityOut` is large, and growing the list moved
        // every one made so far several times over.
        let mut entities = Vec::with_capacity(parts.entities.len());
        for (e, len) in made {
            if !b.take(len.saturating_add(u64::from(!entities.is_empty()))) {
                break;
            }
            entities.push(e);
        }
        rec.entities = entities;
        left.entities = (
            rec.entities.len(),
            parts.entities.len() + parts.entities_left_out,
        );
        if b.is_cut() || parts.entities_left_out > 0 {
            rec.warnings.push(left.warning(max_output));
        }
        rec
    }
}

/// Why a file failed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorInfo {
    /// Stable snake_case name (`empty`, `binary`, `not_found`, `encrypted`,
    /// `unsupported_format`, `internal`, ...).
    pub kind: String,
    /// Human-readable reason.
    pub message: String,
}

/// An error record, written in the failed document's place.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorRecord {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program, build and dictionaries that wrote it.
    pub tool: Tool,
    /// Provenance of the file.
    pub source: Source,
    /// What went wrong.
    pub error: ErrorInfo,
}

/// One output record.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Record {
    /// A document.
    Document(Box<DocumentRecord>),
    /// A failure.
    Error(Box<ErrorRecord>),
}

impl Record {
    /// Whether this is an error record.
    pub fn is_error(&self) -> bool {
        matches!(self, Record::Error(_))
    }

    /// The program that wrote the record.
    pub fn tool(&self) -> &Tool {
        match self {
            Record::Document(d) => &d.tool,
            Record::Error(e) => &e.tool,
        }
    }

    /// The source of the record.
    pub fn source(&self) -> &Source {
        match self {
            Record::Document(d) => &d.source,
            Record::Error(e) => &e.source,
        }
    }
}
