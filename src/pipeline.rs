//! One document through every stage: read, ingest, segment, extract.
//!
//! [`Engine`] holds everything compiled once per run (dictionaries,
//! automata) and is shared read-only by all worker threads.
//! [`Engine::process`] never panics and never fails: any problem becomes an
//! error record naming the file and the reason, and a panic inside one
//! document's processing becomes that document's `internal` error record.

use crate::dict::{Sources, Vocabulary, Workload};
use crate::extract::entities::{self, EntityVocabulary};
use crate::extract::facts::FactFinder;
use crate::extract::{flat_items, grid, metadata, tables};
use crate::ingest::{self, Error};
use crate::model::{Document, Format};
use crate::output::{
    DocumentRecord, ErrorInfo, ErrorRecord, Parts, Record, Source, Tool, SCHEMA_VERSION,
};
use crate::pending::Pending;
use crate::segment;
use crate::threads::join;
use sha2::Digest;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// Text length (bytes) from which, with a spare thread, the header block
/// is read beside the segmenting: 128 KiB, about 40 pages.
const BESIDE_SEGMENT: usize = 128 << 10;

/// Default per-document size budget: 256 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

/// Everything compiled once per run.
#[derive(Debug)]
pub struct Engine {
    /// Dictionaries.
    pub vocab: Vocabulary,
    facts: FactFinder,
    /// Compiled beside the first document ([`Pending`]).
    entities: Pending<EntityVocabulary>,
    /// Files larger than this become `too_large` error records.
    pub max_bytes: u64,
    /// Records are cut to at most this many bytes of compact JSON, with a
    /// `limit` warning ([`crate::output::budget`]).
    pub max_output: u64,
    /// What every record says wrote it (this build, these dictionaries).
    pub tool: Tool,
    /// Threads that read the pages of one PDF (1: the document's own
    /// thread). A batch with fewer documents than threads gives each
    /// document the threads it leaves idle; the record is the same.
    pub page_threads: usize,
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

/// A file that could not be read or analysed: its source (as far as
/// known) and why. Boxed: a [`Source`] is large for an `Err`.
pub type Failed = Box<(Source, Error)>;

/// A file read into memory, ready for [`Engine::process_loaded`]: the
/// batch reads it first so that the cache can key on its hash.
#[derive(Debug)]
pub struct Loaded {
    /// Provenance so far (path, format, size, hash).
    pub source: Source,
    /// Format read as.
    pub format: Format,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Why the stages stopped.
enum Stop {
    Failed(Error),
    /// The deadline passed before this stage.
    Late(&'static str),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Stop {
        Stop::Failed(e)
    }
}

/// The message of a `timeout` error record, the same whether the pipeline
/// noticed the deadline between stages or the batch watchdog gave up.
pub fn timeout_message(budget: Duration) -> String {
    format!(
        "processing took longer than the time budget of {} s",
        budget.as_secs_f64()
    )
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
        Engine::for_workload(dict_dir, Workload::Large)
    }

    /// [`Engine::new`] with automata chosen for `workload`: quick to build
    /// for a small input, quick to search for a large one. The records are
    /// the same either way.
    ///
    /// # Errors
    /// As [`Engine::new`].
    pub fn for_workload(dict_dir: Option<&Path>, workload: Workload) -> Result<Engine, SetupError> {
        let sources = crate::timing::phase("sources", || Sources::load(dict_dir))?;
        Engine::from_sources(sources, workload)
    }

    /// [`Engine::for_workload`] from dictionaries already loaded (for
    /// embedders that build a dictionary in memory with
    /// [`Sources::insert`], and the dictionary fuzz target).
    ///
    /// # Errors
    /// A malformed dictionary row, or an automaton that cannot be built.
    pub fn from_sources(sources: Sources, workload: Workload) -> Result<Engine, SetupError> {
        use crate::timing::phase;
        let build_entities = move |sources: &Sources| {
            phase("entity vocabulary", || {
                EntityVocabulary::build_for(sources, workload)
            })
        };
        // The entity vocabulary takes longest, and nothing reads it before
        // a document's tables: it is compiled on a thread of its own while
        // the first document is read. A user's dictionaries may be
        // malformed, and their error must stop the run before any
        // document: they are compiled first, beside the vocabulary.
        let (entities, document_side) = if sources.has_overrides() {
            std::thread::scope(|s| {
                let entities = s.spawn(|| build_entities(&sources));
                let document_side = Engine::document_side(&sources);
                (join(entities).map(Pending::ready), document_side)
            })
        } else {
            let mine = sources.clone();
            let entities = Pending::spawn("entity vocabulary", move || {
                build_entities(&mine).map_err(|e| e.to_string())
            });
            (Ok(entities), Engine::document_side(&sources))
        };
        let entities = entities?;
        let (vocab, facts) = document_side?;
        let tool = Tool::new(&vocab.sources.fingerprint);
        Ok(Engine {
            vocab,
            facts,
            entities,
            max_bytes: DEFAULT_MAX_BYTES,
            max_output: crate::output::budget::DEFAULT_MAX_OUTPUT,
            page_threads: 1,
            tool,
        })
    }

    /// What every document's ingest needs first: the vocabulary, the fact
    /// finder and the page furniture.
    fn document_side(sources: &Sources) -> Result<(Vocabulary, FactFinder), SetupError> {
        use crate::timing::phase;
        let vocab = phase("vocabulary", || Vocabulary::build(sources.clone()))?;
        let facts = phase("fact finder", || FactFinder::new(&vocab))?;
        phase("warm furniture", || vocab.furniture());
        Ok((vocab, facts))
    }

    /// The entity vocabulary, waited for while it is being compiled.
    ///
    /// # Errors
    /// `internal` when it could not be compiled (the built-in dictionaries
    /// always compile; a user's are compiled before any document).
    fn entities(&self) -> Result<&EntityVocabulary, Error> {
        self.entities
            .get()
            .map_err(|e| Error::Internal(format!("entity dictionaries: {e}")))
    }

    /// Compile what the first document will ask for, in the order it
    /// asks: its facts' patterns ([`FactFinder::warm`]), then its
    /// sentences' regexes ([`EntityVocabulary::warm`]). For a thread beside
    /// the first document, which compiles what it reaches first itself;
    /// the records are the same either way.
    pub fn warm(&self) {
        crate::timing::phase("warm facts", || self.facts.warm(&self.vocab));
        if let Ok(entities) = self.entities.get() {
            crate::timing::phase("warm entities", || entities.warm());
        }
    }

    /// Read a file and analyse it.
    ///
    /// # Errors
    /// Missing, unreadable, empty, binary or unsupported files.
    pub fn analyse_path(&self, path: &Path) -> Result<Analysis, Failed> {
        let loaded = self.read(path)?;
        let source = loaded.source.clone();
        self.analyse(&loaded.bytes, loaded.format, loaded.source)
            .map_err(|e| Box::new((source, e)))
    }

    /// Read a file: its format from the name, its bytes within the size
    /// budget, and their hash.
    fn read(&self, path: &Path) -> Result<Loaded, Failed> {
        let mut source = Source::unread(path);
        let failed = |source: &Source, e| Box::new((source.clone(), e));
        let bytes = read_bounded(path, self.max_bytes).map_err(|e| failed(&source, e))?;
        source.bytes = Some(bytes.len() as u64);
        source.sha256 = Some(sha256_hex(&bytes));
        let format = ingest::sniff::format_for(path, &bytes).map_err(|e| failed(&source, e))?;
        source.format = Some(format);
        Ok(Loaded {
            source,
            format,
            bytes,
        })
    }

    /// Analyse bytes of a known format.
    ///
    /// # Errors
    /// Empty, binary or unreadable content.
    pub fn analyse(&self, bytes: &[u8], format: Format, source: Source) -> Result<Analysis, Error> {
        match self.stages(bytes, format, source, None) {
            Ok(a) => Ok(a),
            Err(Stop::Failed(e)) => Err(e),
            // Unreachable without a deadline; kept total rather than panicking.
            Err(Stop::Late(stage)) => Err(Error::Limit(format!("deadline passed before {stage}"))),
        }
    }

    /// The stages, checking `deadline` (when given) between them.
    fn stages(
        &self,
        bytes: &[u8],
        format: Format,
        mut source: Source,
        deadline: Option<Instant>,
    ) -> Result<Analysis, Stop> {
        let check = |stage: &'static str| match deadline {
            Some(d) if Instant::now() >= d => Err(Stop::Late(stage)),
            _ => Ok(()),
        };
        use crate::timing::phase;
        let mut doc = phase("ingest", || {
            ingest::ingest_on(bytes, format, &self.vocab, self.page_threads)
        })?;
        source.pages = doc.pages;
        check("segment")?;
        // The header block needs no sections: with a spare thread it is
        // read there while a large document is segmented (a small one
        // takes less time than a thread to start).
        let read_metadata = || phase("metadata", || metadata::extract(&doc, &self.vocab));
        let (sections, metadata) = if self.page_threads > 1 && doc.text.len() >= BESIDE_SEGMENT {
            std::thread::scope(|scope| {
                let metadata = scope.spawn(read_metadata);
                let sections = phase("segment", || segment::segment(&doc, &self.vocab));
                (sections, Some(join(metadata)))
            })
        } else {
            (
                phase("segment", || segment::segment(&doc, &self.vocab)),
                None,
            )
        };
        check("metadata")?;
        let mut metadata = metadata.unwrap_or_else(read_metadata);
        // Entities read from symbol soup would be noise ("5jklABC-mk9m" as
        // a project): a garbled text layer gets none, and says so.
        let garbled = doc
            .warnings
            .iter()
            .any(|w| w.starts_with(crate::ingest::pdf::GARBLED));
        if garbled {
            doc.warnings
                .push("no entities: the text layer is garbled".to_string());
        }
        let read_tables = |ev: &EntityVocabulary| {
            phase("tables", || {
                let grids = grid::tables(&doc, &sections);
                let money = ev.money_words();
                let indicators = tables::indicators(&doc, &sections, &grids, &money);
                let mut items = tables::items(&doc, &sections);
                items.extend(flat_items::items(&doc, &sections, ev));
                items.sort_by_key(|i| i.start);
                (grids, items, indicators)
            })
        };
        check("facts")?;
        let municipality = || {
            self.facts
                .municipality_of(&doc, &sections, &metadata, &self.vocab)
        };
        // The year's evidence needs no type, and the municipality no
        // statuses: with a spare thread, they are read there, the year
        // beside the type and the municipality beside the statuses.
        let (reading, municipality, found, (grids, items, indicators)) =
            std::thread::scope(|scope| {
                let (year_to, year) = std::sync::mpsc::channel();
                let (doc, sections) = (&doc, &sections);
                let beside = (self.page_threads > 1).then(|| {
                    scope.spawn(move || {
                        let year = self.facts.read_year(doc, sections, &self.vocab);
                        // The other end only hangs up by unwinding.
                        let _ = year_to.send(year);
                        municipality()
                    })
                });
                let mut reading = self.facts.read(doc, sections, &metadata, &self.vocab);
                // The first stage to need the entity vocabulary. With a spare
                // thread the tables are read while the year's evidence is
                // read there. A deadline passed while they are read is
                // caught at the next check, "entities" (the record is a
                // timeout either way).
                let ev = self.entities();
                let (grids, items, indicators) = match &ev {
                    Ok(ev) => read_tables(ev),
                    Err(_) => Default::default(),
                };
                if let Ok(year) = year.recv() {
                    reading = reading.with_year(year);
                }
                let found = if garbled {
                    ev.map(|_| (Vec::new(), 0)).map_err(Stop::Failed)
                } else {
                    // The statuses' tense is read against the document's time;
                    // the facts read without statuses give it (the final facts
                    // below weigh the statuses too).
                    let first = phase("facts (first)", || reading.facts(&[]));
                    let when = entities::When {
                        year: first.year,
                        kind: entities::DocKind::of(first.doc_type.as_deref()),
                    };
                    check("entities").and_then(|()| {
                        let ev = ev.map_err(Stop::Failed)?;
                        Ok(phase("entities", || {
                            entities::extract_bounded(
                                doc,
                                sections,
                                &items,
                                ev,
                                when,
                                self.max_output,
                                self.page_threads,
                            )
                        }))
                    })
                };
                let municipality = match beside {
                    Some(thread) => join(thread),
                    None => municipality(),
                };
                (reading, municipality, found, (grids, items, indicators))
            });
        let (entities, entities_left_out) = found?;
        // Facts weigh the statuses' tense, and the title completes the
        // header once the type is known.
        check("facts")?;
        let mut facts = phase("facts", || reading.facts(&entities));
        facts.municipality = municipality;
        drop(reading);
        metadata::complete(
            &mut metadata,
            &doc,
            &sections,
            facts.doc_type.as_deref(),
            &self.vocab,
        );
        let record = phase("record", || {
            DocumentRecord::new(
                &self.tool,
                source,
                facts,
                metadata,
                Parts {
                    doc: &doc,
                    sections: &sections,
                    tables: &grids,
                    items: &items,
                    indicators: &indicators,
                    entities: &entities,
                    entities_left_out,
                    threads: self.page_threads,
                },
                self.max_output,
            )
        });
        Ok(Analysis { doc, record })
    }

    /// Process one path into a record, whatever happens.
    pub fn process(&self, path: &Path) -> Record {
        self.process_until(path, None)
    }

    /// Process one path into a record, whatever happens; `budget` (when
    /// given) is checked between stages and gives a `timeout` record.
    pub fn process_until(&self, path: &Path, budget: Option<Duration>) -> Record {
        let started = Instant::now();
        match self.load(path) {
            Ok(loaded) => self.process_loaded(loaded, budget.map(|b| (started, b))),
            Err(record) => *record,
        }
    }

    /// Read a file (format, size budget, hash) without analysing it.
    ///
    /// # Errors
    /// The error record of a file that cannot be read.
    pub fn load(&self, path: &Path) -> Result<Loaded, Box<Record>> {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.read(path).map_err(|failed| {
                let (source, e) = *failed;
                Box::new(error_record(&self.tool, source, e.kind(), e.to_string()))
            })
        }));
        run.unwrap_or_else(|panic| Err(Box::new(internal(&self.tool, path, panic))))
    }

    /// Analyse a loaded file into a record, whatever happens. `budget` is
    /// `(started, budget)`: the stages stop with a `timeout` record once
    /// `started + budget` has passed.
    pub fn process_loaded(&self, loaded: Loaded, budget: Option<(Instant, Duration)>) -> Record {
        let deadline = budget.map(|(t0, b)| t0 + b);
        let Loaded {
            source,
            format,
            bytes,
        } = loaded;
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.stages(&bytes, format, source.clone(), deadline)
        }));
        match run {
            Ok(Ok(a)) => Record::Document(Box::new(a.record)),
            Ok(Err(Stop::Failed(e))) => error_record(&self.tool, source, e.kind(), e.to_string()),
            Ok(Err(Stop::Late(_))) => {
                let budget = budget.map(|(_, b)| b).unwrap_or_default();
                error_record(&self.tool, source, "timeout", timeout_message(budget))
            }
            Err(panic) => internal_of(&self.tool, source, panic),
        }
    }
}

/// The `internal` error record of a panic while processing `path`.
pub fn internal(tool: &Tool, path: &Path, panic: Box<dyn std::any::Any + Send>) -> Record {
    internal_of(tool, Source::unread(path), panic)
}

/// The `internal` error record of a panic while processing `source` (its
/// path kept exactly).
fn internal_of(tool: &Tool, source: Source, panic: Box<dyn std::any::Any + Send>) -> Record {
    let msg = crate::pending::panic_message(panic.as_ref());
    let source = Source {
        format: None,
        sha256: None,
        bytes: None,
        pages: None,
        ..source
    };
    error_record(
        tool,
        source,
        "internal",
        format!("internal error (a bug in beleidsmijn): {msg}"),
    )
}

/// An error record for a source, written by `tool`.
pub fn error_record(tool: &Tool, source: Source, kind: &str, message: String) -> Record {
    Record::Error(Box::new(ErrorRecord {
        schema_version: SCHEMA_VERSION,
        tool: tool.clone(),
        source,
        error: ErrorInfo {
            kind: kind.to_string(),
            message,
        },
    }))
}

pub use crate::ingest::sniff::STDIN;

/// Read a file, refusing one larger than `limit` before reading it; `-`
/// reads standard input, up to the limit.
///
/// # Errors
/// Missing, unreadable, too large or empty files.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    if path == Path::new(STDIN) {
        return cut_off(std::io::stdin().lock(), limit, 0);
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound,
        _ => Error::Io(e),
    })?;
    if !meta.is_file() {
        // A device or FIFO reports no size and may never end ("z.txt" a
        // link to /dev/zero read 3.1 GB; a FIFO hung): only regular files
        // are read.
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        let what = if t.is_dir() {
            "directory"
        } else if t.is_char_device() {
            "character device"
        } else if t.is_block_device() {
            "block device"
        } else if t.is_fifo() {
            "fifo"
        } else if t.is_socket() {
            "socket"
        } else {
            "special file"
        };
        return Err(Error::Unsupported {
            extension: what.into(),
        });
    }
    if meta.len() > limit {
        return Err(Error::TooLarge {
            bytes: meta.len(),
            limit,
        });
    }
    cut_off(std::fs::File::open(path)?, limit, meta.len())
}

/// Read at most one byte past `limit` (`size`: the length expected): a
/// file that grew since its size was asked, or a stream, is still cut off.
fn cut_off(from: impl Read, limit: u64, size: u64) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(limit)).unwrap_or(0));
    from.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    Ok(bytes)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A document with entities enough to build their output on two
    /// threads gives the record one thread gives (the seeds, one after
    /// another, three times).
    #[test]
    fn two_threads_build_the_record_of_one() {
        let text = crate::extract::entities::tests::seeds_repeated(3);
        let mut engine = Engine::new(None).unwrap();
        let record = |engine: &Engine| {
            let a = engine
                .analyse(
                    text.as_bytes(),
                    Format::Text,
                    Source::unread(Path::new("seeds.txt")),
                )
                .unwrap();
            (
                a.record.entities.len(),
                serde_json::to_string(&a.record).unwrap(),
            )
        };
        let (entities, one) = record(&engine);
        engine.page_threads = 2;
        let (_, two) = record(&engine);
        assert!(entities > 1024, "{entities} entities: too few to share");
        assert_eq!(one, two);
    }

    /// The bundled regexes compile on first use, but a user's bad pattern
    /// in any dictionary file still stops the engine before the first
    /// document, naming the file.
    #[test]
    fn a_users_bad_pattern_stops_the_engine() {
        let cases = [
            (
                "header_values.tsv",
                "kind\tpattern\tvalue\nvenue\t(raadzaal\t\n",
            ),
            (
                "doc_types.tsv",
                "doc_type\tpattern\tweight\tscope\nx\t(nota\t1\tany\n",
            ),
            ("references.tsv", "kind\tpattern\nx\t(RB\n"),
            ("furniture.tsv", "pattern\tnote\n(Pagina\t\n"),
            (
                "headings.tsv",
                "kind\tpattern\tlevel\tdoc_type\nx\t(kop\t1\t\n",
            ),
        ];
        for (file, text) in cases {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(file), text).unwrap();
            let err = Engine::new(Some(dir.path())).unwrap_err().to_string();
            assert!(err.contains(file), "{file}: {err}");
        }
        assert!(Engine::new(None).is_ok());
    }
}
