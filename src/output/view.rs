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
use serde_json::{Map, Value};

/// A record as read back: a document or an error.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RecordView {
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
    /// Sections.
    #[serde(default)]
    pub sections: Vec<SectionView>,
    /// Indicator rows.
    #[serde(default)]
    pub indicators: Vec<IndicatorView>,
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
    /// Path.
    pub path: String,
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

/// A section.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct SectionView {
    /// `s1`, `s2` ...
    pub id: String,
    /// Canonical kind.
    pub kind: String,
    /// Heading as written.
    pub heading: String,
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
}

/// An entity.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct EntityView {
    /// `pilot`, `status`, `partner`, `year` ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Text as written.
    pub text: String,
    /// Canonical name.
    #[serde(default)]
    pub canonical: Option<String>,
    /// Normalised value.
    #[serde(default)]
    pub value: Value,
    /// Class (statuses).
    #[serde(default)]
    pub class: Option<String>,
    /// Section id.
    #[serde(default)]
    pub section: Option<String>,
    /// Start byte.
    #[serde(default)]
    pub start: Option<u64>,
    /// End byte.
    #[serde(default)]
    pub end: Option<u64>,
    /// Page.
    #[serde(default)]
    pub page: Option<u32>,
    /// Sentence.
    #[serde(default)]
    pub sentence: String,
    /// Type-specific fields (`subject`, `generic`, `partial` ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl EntityView {
    /// The name an entity is grouped by: its canonical name, else its text.
    pub fn name(&self) -> &str {
        self.canonical
            .as_deref()
            .filter(|c| !c.is_empty())
            .unwrap_or(&self.text)
    }

    /// The `subject` field (statuses: what the status is about), if a string.
    pub fn subject(&self) -> Option<&str> {
        self.extra.get("subject").and_then(Value::as_str)
    }
}

impl RecordView {
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

/// A cell value as text: strings as they are, `null` empty, anything else
/// as compact JSON.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
