//! A read-back view of output records: the fields that CSV, `compare` and
//! the batch summary need, deserialised from the JSON that `extract`
//! writes (fresh, cached, or an earlier run's JSONL).
//!
//! Reading back from JSON rather than from the internal types keeps these
//! consumers on the output contract: they see exactly what a user's JSONL
//! holds, and a cached record and a fresh one go through the same code.
//! Unknown fields are ignored, so the view survives additions to the
//! schema.

use super::ErrorInfo;
use serde::Deserialize;

/// A record as read back: a document or an error.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RecordView {
    /// The schema version (2).
    #[serde(default)]
    pub schema_version: Option<u64>,
    /// The program that wrote the record.
    #[serde(default)]
    pub tool: Option<super::Tool>,
    /// Provenance.
    pub source: SourceView,
    /// Municipality.
    #[serde(default)]
    pub municipality: Option<MunicipalityView>,
    /// Document type.
    #[serde(default)]
    pub doc_type: Option<String>,
    /// Year.
    #[serde(default)]
    pub year: Option<i64>,
    /// The header block (`date`, `subject`, `case_number` ...).
    #[serde(default)]
    pub metadata: std::collections::BTreeMap<String, String>,
    /// Sections.
    #[serde(default)]
    pub sections: Vec<SectionView>,
    /// Goal/status rows.
    #[serde(default)]
    pub items: Vec<ItemView>,
    /// Indicator rows.
    #[serde(default)]
    pub indicators: Vec<IndicatorView>,
    /// Every table (records of builds before tables were written have none).
    #[serde(default)]
    pub tables: Vec<TableView>,
    /// Entities.
    #[serde(default)]
    pub entities: Vec<EntityView>,
    /// Warnings.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Set on error records.
    #[serde(default)]
    pub error: Option<ErrorInfo>,
}

/// `source`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct SourceView {
    /// Path (lossy).
    pub path: String,
    /// Hex of the path's bytes when they are not UTF-8.
    #[serde(default)]
    pub path_bytes: Option<String>,
    /// `text`, `html`, `pdf`.
    #[serde(default)]
    pub format: Option<String>,
    /// Size in bytes.
    #[serde(default)]
    pub bytes: Option<u64>,
    /// Page count.
    #[serde(default)]
    pub pages: Option<u32>,
    /// SHA-256 of the bytes.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// `municipality`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct MunicipalityView {
    /// CBS name.
    pub name: String,
    /// CBS code (`GM1942`).
    pub code: String,
}

/// Where a section, item or entity is: page and offsets.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(default)]
pub struct SpanView {
    /// Page (1-based).
    pub page: Option<u32>,
    /// Start byte.
    pub start: Option<u64>,
    /// End byte.
    pub end: Option<u64>,
    /// Start character.
    pub char_start: Option<u64>,
    /// End character.
    pub char_end: Option<u64>,
}

/// A section.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct SectionView {
    /// `s1`, `s2` ...
    pub id: String,
    /// Canonical kind.
    pub kind: String,
    /// Heading as written.
    pub heading: String,
    /// The enclosing section's id.
    #[serde(default)]
    pub parent: Option<String>,
    /// Depth (1-6).
    #[serde(default)]
    pub level: Option<u32>,
    /// The number the heading carries.
    #[serde(default)]
    pub number: Option<String>,
    /// BBV taakveld code the heading names.
    #[serde(default)]
    pub taakveld: Option<String>,
    /// Page and offsets.
    #[serde(flatten)]
    pub span: SpanView,
}

/// A goal/status row.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ItemView {
    /// `1a`, `t3.a` ...
    pub id: String,
    /// The goal cell.
    #[serde(default)]
    pub goal: String,
    /// The enclosing section's id.
    #[serde(default)]
    pub section: Option<String>,
    /// The row's label (`a`).
    #[serde(default)]
    pub label: String,
    /// The status cell.
    #[serde(default)]
    pub status_text: String,
    /// Ids of the items this one refers to.
    #[serde(default)]
    pub refs: Vec<String>,
    /// Page and offsets.
    #[serde(flatten)]
    pub span: SpanView,
}

/// An indicator row.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct IndicatorView {
    /// Name.
    pub name: String,
    /// Column headers.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Cells.
    #[serde(default)]
    pub cells: Vec<String>,
    /// The row's number in the table, when it has one.
    #[serde(default)]
    pub code: Option<String>,
    /// The enclosing section's id.
    #[serde(default)]
    pub section: Option<String>,
    /// Page and offsets of the row.
    #[serde(flatten)]
    pub span: SpanView,
}

/// A table (`tables` in the record; see [`super::parts::TableOut`]).
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct TableView {
    /// `t1`, `t2` ...
    pub id: String,
    /// The enclosing section's id.
    pub section: Option<String>,
    /// The title printed over the table.
    pub caption: Option<String>,
    /// The scale as printed ("x € 1.000").
    pub scale: Option<String>,
    /// The scale's factor.
    pub scale_factor: Option<f64>,
    /// How many of the first rows are header rows.
    pub header_rows: usize,
    /// Each column's title.
    pub columns: Vec<String>,
    /// Every row, header rows first.
    pub rows: Vec<Vec<TableCellView>>,
    /// The id of the table this one goes on from over a page break.
    pub continues: Option<String>,
}

/// A table cell.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct TableCellView {
    /// The text as printed.
    pub text: String,
    /// Page and offsets.
    #[serde(flatten)]
    pub span: SpanView,
    /// The figure the cell holds, as printed.
    pub number: Option<f64>,
    /// The figure is a percentage.
    pub percent: bool,
    /// The figure with the table's scale applied.
    pub value: Option<f64>,
}

/// An entity (schema version 2 fields; see [`super::entity::EntityOut`]).
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct EntityView {
    /// `pilot`, `status`, `partner`, `year` ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Pilot or project id.
    pub id: Option<String>,
    /// Text as written.
    pub text: String,
    /// Canonical name.
    pub canonical: Option<String>,
    /// Class (statuses).
    pub class: Option<String>,
    /// Amount.
    pub number: Option<f64>,
    /// Unit.
    pub unit: Option<String>,
    /// Money per ...
    pub per: Option<String>,
    /// Multiplier applied to money.
    pub scale: Option<f64>,
    /// Quantity qualifier.
    pub qualifier: Option<String>,
    /// Date.
    pub date: Option<String>,
    /// Time of a timestamp.
    pub time: Option<String>,
    /// First day.
    pub period_start: Option<String>,
    /// Last day.
    pub period_end: Option<String>,
    /// Precision of the time.
    pub precision: Option<String>,
    /// Part of a year or month.
    pub part: Option<String>,
    /// CBS, BBV or reference code.
    pub code: Option<String>,
    /// Partner's organisation type.
    pub org_type: Option<String>,
    /// A generic actor.
    pub generic: bool,
    /// What a status is about.
    pub subject: Option<String>,
    /// The name of the subject.
    pub subject_name: Option<String>,
    /// A status of part of its subject.
    pub partial: bool,
    /// Section id.
    pub section: Option<String>,
    /// Page.
    pub page: Option<u32>,
    /// Start byte.
    pub start: Option<u64>,
    /// End byte.
    pub end: Option<u64>,
    /// Start character.
    pub char_start: Option<u64>,
    /// End character.
    pub char_end: Option<u64>,
    /// Sentence.
    pub sentence: String,
    /// Table row of an entity in a table cell.
    pub row: Option<String>,
}

impl EntityView {
    /// The name an entity is grouped by: its canonical name, else its text.
    pub fn name(&self) -> &str {
        self.canonical
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&self.text)
    }

    /// The `subject` field (statuses: what the status is about).
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }
}

/// Why a line of earlier output cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The line is no JSON record.
    #[error("not a record written by extract: {0}")]
    NotARecord(#[from] serde_json::Error),
    /// The record is of another schema version.
    #[error(
        "a schema_version {found} record, and this build reads version {}; extract the documents again (docs/schema.md)",
        super::SCHEMA_VERSION
    )]
    Version {
        /// The version found (0 when the record has none).
        found: u64,
    },
}

/// Check that a record read back is of this schema version.
///
/// # Errors
/// [`ReadError::Version`] for any other version, or none.
pub fn check_version(version: Option<u64>) -> Result<(), ReadError> {
    match version {
        Some(v) if v == u64::from(super::SCHEMA_VERSION) => Ok(()),
        other => Err(ReadError::Version {
            found: other.unwrap_or(0),
        }),
    }
}

/// The records of a JSONL text, for unit tests (blank lines skipped).
#[cfg(test)]
pub(crate) fn test_records(lines: &str) -> Vec<RecordView> {
    lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Read one line of earlier output (JSONL written by `extract`).
///
/// # Errors
/// A line that is no record, or a record of another schema version.
pub fn read_line(line: &str) -> Result<RecordView, ReadError> {
    let view: RecordView = serde_json::from_str(line)?;
    check_version(view.schema_version)?;
    Ok(view)
}

impl RecordView {
    /// An `internal` error record with `message` and no path: what a
    /// record that cannot be read back is written as.
    pub fn unreadable(message: &str) -> RecordView {
        RecordView {
            schema_version: Some(u64::from(super::SCHEMA_VERSION)),
            tool: None,
            source: SourceView {
                path: String::new(),
                path_bytes: None,
                format: None,
                bytes: None,
                pages: None,
                sha256: None,
            },
            municipality: None,
            doc_type: None,
            year: None,
            metadata: std::collections::BTreeMap::new(),
            sections: Vec::new(),
            items: Vec::new(),
            indicators: Vec::new(),
            tables: Vec::new(),
            entities: Vec::new(),
            warnings: Vec::new(),
            error: Some(ErrorInfo {
                kind: "internal".to_string(),
                message: message.to_string(),
            }),
        }
    }

    /// Pages counted for rates and summaries: the page count, or 1 for a
    /// document without pages (text, HTML); 0 for an error record.
    pub fn pages_counted(&self) -> u64 {
        if self.error.is_some() {
            0
        } else {
            u64::from(self.source.pages.unwrap_or(1))
        }
    }

    /// The section with id `id`.
    pub fn section(&self, id: Option<&str>) -> Option<&SectionView> {
        let id = id?;
        self.sections.iter().find(|s| s.id == id)
    }
}
