//! The output contract (`schema_version` 1): the types that are written as
//! JSON, kept apart from the internal model so that internal renames never
//! change the output. `schema/document.schema.json` describes them.

pub mod csv;
pub mod json;
pub mod view;

use crate::extract::facts::{FactEvidence, MunicipalityFact};
use crate::model::{Entity, Format, Indicator, Item, Section};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema version written into every record.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a record came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Source {
    /// The path as given (folders expanded).
    pub path: String,
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
            format: None,
            sha256: None,
            bytes: None,
            pages: None,
        }
    }
}

/// A document record: everything extracted from one file.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRecord {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
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
    pub sections: Vec<Section>,
    /// Goal/status table rows.
    pub items: Vec<Item>,
    /// Indicator table rows.
    pub indicators: Vec<Indicator>,
    /// Entities in text order.
    pub entities: Vec<Entity>,
    /// What went partly wrong.
    pub warnings: Vec<String>,
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
    Error(ErrorRecord),
}

impl Record {
    /// Whether this is an error record.
    pub fn is_error(&self) -> bool {
        matches!(self, Record::Error(_))
    }

    /// The source of the record.
    pub fn source(&self) -> &Source {
        match self {
            Record::Document(d) => &d.source,
            Record::Error(e) => &e.source,
        }
    }
}
