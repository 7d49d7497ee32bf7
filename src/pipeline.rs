//! One document through every stage: read, ingest, segment, extract.
//!
//! [`Engine`] holds everything compiled once per run (dictionaries,
//! automata) and is shared read-only by all worker threads.
//! [`Engine::process`] never panics and never fails: any problem becomes an
//! error record naming the file and the reason, and a panic inside one
//! document's processing becomes that document's `internal` error record.

use crate::dict::{Sources, Vocabulary};
use crate::extract::entities::{self, EntityVocabulary};
use crate::extract::facts::FactFinder;
use crate::extract::{metadata, tables};
use crate::ingest::{self, Error};
use crate::model::{Document, Format};
use crate::output::{DocumentRecord, ErrorInfo, ErrorRecord, Record, Source, SCHEMA_VERSION};
use crate::segment;
use sha2::Digest;
use std::path::Path;

/// Default per-document size budget: 256 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

/// Everything compiled once per run.
#[derive(Debug)]
pub struct Engine {
    /// Dictionaries.
    pub vocab: Vocabulary,
    facts: FactFinder,
    entities: EntityVocabulary,
    /// Files larger than this become `too_large` error records.
    pub max_bytes: u64,
}

/// Fatal setup errors.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A dictionary is malformed or unreadable.
    #[error(transparent)]
    Dict(#[from] crate::dict::Error),
    /// An automaton could not be built.
    #[error("cannot compile dictionary automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// A document after every stage, before it is turned into output.
#[derive(Debug)]
pub struct Analysis {
    /// The document model.
    pub doc: Document,
    /// The record.
    pub record: DocumentRecord,
}

impl Engine {
    /// Compile the built-in dictionaries plus those in `dict_dir`.
    ///
    /// # Errors
    /// A malformed or unreadable dictionary.
    pub fn new(dict_dir: Option<&Path>) -> Result<Engine, SetupError> {
        let sources = Sources::load(dict_dir)?;
        let entities = EntityVocabulary::build(&sources)?;
        let vocab = Vocabulary::build(sources)?;
        let facts = FactFinder::new(&vocab)?;
        Ok(Engine { vocab, facts, entities, max_bytes: DEFAULT_MAX_BYTES })
    }

    /// Read a file and analyse it.
    ///
    /// # Errors
    /// Missing, unreadable, empty, binary or unsupported files.
    pub fn analyse_path(&self, path: &Path) -> Result<Analysis, (Source, Error)> {
        let mut source = Source { path: path.display().to_string(), format: None, sha256: None, bytes: None, pages: None };
        let format = match ingest::format_of(path) {
            Ok(f) => f,
            Err(e) => return Err((source, e)),
        };
        source.format = Some(format);
        let bytes = match read_bounded(path, self.max_bytes) {
            Ok(b) => b,
            Err(e) => return Err((source, e)),
        };
        source.bytes = Some(bytes.len() as u64);
        source.sha256 = Some(sha256_hex(&bytes));
        match self.analyse(&bytes, format, source.clone()) {
            Ok(a) => Ok(a),
            Err(e) => Err((source, e)),
        }
    }

    /// Analyse bytes of a known format.
    ///
    /// # Errors
    /// Empty, binary or unreadable content.
    pub fn analyse(&self, bytes: &[u8], format: Format, mut source: Source) -> Result<Analysis, Error> {
        let doc = ingest::ingest(bytes, format, &self.vocab)?;
        source.pages = doc.pages;
        let sections = segment::segment(&doc, &self.vocab);
        let metadata = metadata::extract(&doc, &self.vocab);
        let items = tables::items(&doc, &sections);
        let indicators = tables::indicators(&doc, &sections);
        let facts = self.facts.facts(&doc, &sections, &metadata, &self.vocab);
        let entities = entities::extract(&doc, &sections, &items, &self.entities);
        let record = DocumentRecord {
            schema_version: SCHEMA_VERSION,
            source,
            municipality: facts.municipality,
            doc_type: facts.doc_type,
            year: facts.year,
            metadata,
            sections,
            items,
            indicators,
            entities,
            warnings: doc.warnings.clone(),
        };
        Ok(Analysis { doc, record })
    }

    /// Process one path into a record, whatever happens.
    pub fn process(&self, path: &Path) -> Record {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.analyse_path(path)));
        match run {
            Ok(Ok(a)) => Record::Document(Box::new(a.record)),
            Ok(Err((source, e))) => error_record(source, e.kind(), e.to_string()),
            Err(panic) => {
                let msg = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                let source = Source { path: path.display().to_string(), format: None, sha256: None, bytes: None, pages: None };
                error_record(source, "internal", format!("internal error (a bug in beleidsmijn): {msg}"))
            }
        }
    }
}

/// An error record for a source.
pub fn error_record(source: Source, kind: &str, message: String) -> Record {
    Record::Error(ErrorRecord { schema_version: SCHEMA_VERSION, source, error: ErrorInfo { kind: kind.to_string(), message } })
}

/// Read a file, refusing one larger than `limit` before reading it.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound,
        _ => Error::Io(e),
    })?;
    if meta.is_dir() {
        return Err(Error::Unsupported { extension: "directory".into() });
    }
    if meta.len() > limit {
        return Err(Error::TooLarge { bytes: meta.len(), limit });
    }
    let bytes = std::fs::read(path)?;
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    Ok(bytes)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
