//! One input of a batch, processed and formatted on a worker thread.
//!
//! [`Job`] holds what every worker shares read-only (engine, input list,
//! cache, format); [`Job::run`] turns input `i` into a [`Done`]: the record
//! already formatted for the output, its counts, and its stderr lines, so
//! the single writer only appends bytes. With a cache, the file is read
//! and hashed once, looked up, and only analysed on a miss.

use super::OutputFormat;
use beleidsmijn::cache::Cache;
use beleidsmijn::output::tables::Table;
use beleidsmijn::output::value::Value;
use beleidsmijn::output::view::RecordView;
use beleidsmijn::output::{self, Record, Source};
use beleidsmijn::pipeline::{self, Engine};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One input, processed and formatted.
pub(super) struct Done {
    /// The output bytes of this record, one chunk per output stream (one,
    /// or one per table with `--table all`).
    pub chunks: Vec<Vec<u8>>,
    /// `--format xlsx`: the record's typed rows, one list per sheet (the
    /// workbook is assembled by the writer, not in bytes per record).
    pub sheets: Vec<Vec<Vec<Value>>>,
    /// Pages counted.
    pub pages: u64,
    /// Entities.
    pub entities: u64,
    /// Whether it is an error record.
    pub failed: bool,
    /// Whether it came from the cache.
    pub cached: bool,
    /// Lines for stderr (`error: ...`, `warning: ...`).
    pub notes: Vec<String>,
    /// The record read back (CSV and `compare` only).
    pub view: Option<RecordView>,
}

/// What each worker needs, shared read-only.
pub(super) struct Job {
    pub engine: Engine,
    pub files: Vec<PathBuf>,
    pub cache: Option<Cache>,
    pub format: OutputFormat,
    /// How CSV rows are written.
    pub csv: output::csv::Style,
    /// The CSV tables written, one per output stream.
    pub tables: Vec<Table>,
    pub quiet: bool,
    pub budget: Option<Duration>,
    /// Keep the [`RecordView`] in every [`Done`].
    pub keep_view: bool,
    /// Test hooks (debug builds only).
    pub hooks: Hooks,
    /// Run documents in worker processes ([`Job::run_isolated`]).
    pub isolation: Option<super::isolate::Isolation>,
}

/// Test hooks, read from the environment in debug builds only (the binary
/// the integration tests run); release builds never read the variables.
///
/// - `BELEIDSMIJN_TEST_HANG_ON=<file name>`: that document never finishes,
///   standing in for a parser stuck in a loop, so tests can prove that
///   `--timeout` turns it into an error record.
/// - `BELEIDSMIJN_TEST_PANIC_ON=<file name>`: processing that document
///   panics, standing in for a bug, so tests can prove that it becomes an
///   `internal` error record and the batch goes on.
/// - `BELEIDSMIJN_TEST_ABORT_ON=<file name>`: processing that document
///   aborts the process (`SIGABRT`), standing in for a parser that aborts
///   (issue 22's page-tree bomb did, before lopdf's counts were checked),
///   so tests can prove that its worker process's death becomes a `crash`
///   error record and the batch goes on.
#[derive(Debug, Default)]
pub(super) struct Hooks {
    hang_on: Option<String>,
    panic_on: Option<String>,
    abort_on: Option<String>,
}

impl Hooks {
    /// The hooks of this process.
    pub fn from_env() -> Hooks {
        if cfg!(debug_assertions) {
            let var = |v: &str| std::env::var(v).ok().filter(|s| !s.is_empty());
            Hooks {
                hang_on: var("BELEIDSMIJN_TEST_HANG_ON"),
                panic_on: var("BELEIDSMIJN_TEST_PANIC_ON"),
                abort_on: var("BELEIDSMIJN_TEST_ABORT_ON"),
            }
        } else {
            Hooks::default()
        }
    }

    pub fn apply(&self, path: &Path) {
        let is = |n: &Option<String>| {
            n.as_deref()
                .is_some_and(|n| path.file_name().is_some_and(|f| f == n))
        };
        if is(&self.hang_on) {
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        #[allow(clippy::panic)]
        // the deliberate panic that tests panic isolation (debug builds only)
        if is(&self.panic_on) {
            panic!("BELEIDSMIJN_TEST_PANIC_ON: {}", path.display());
        }
        if is(&self.abort_on) {
            std::process::abort();
        }
    }
}

/// A record as one JSON line with what the writer counts and prints:
/// what a worker process sends back for a document.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(super) struct Outcome {
    /// The compact JSON record.
    #[serde(skip)]
    pub line: String,
    /// Pages counted.
    pub pages: u64,
    /// Entities.
    pub entities: u64,
    /// Whether it is an error record.
    pub failed: bool,
    /// Lines for stderr.
    pub notes: Vec<String>,
}

impl Outcome {
    /// The outcome of a record (`quiet`: without warning lines).
    pub fn of(rec: &Record, quiet: bool) -> Outcome {
        let (pages, entities, error, warnings) = match rec {
            Record::Document(d) => (
                u64::from(d.source.pages.unwrap_or(1)),
                d.entities.len() as u64,
                None,
                d.warnings.as_slice(),
            ),
            Record::Error(e) => (
                0,
                0,
                Some((e.error.kind.as_str(), e.error.message.as_str())),
                &[][..],
            ),
        };
        Outcome {
            line: to_line(rec),
            pages,
            entities,
            failed: rec.is_error(),
            notes: notes_of(&rec.source().path, error, warnings, quiet),
        }
    }
}

fn notes_of(
    view_path: &str,
    error: Option<(&str, &str)>,
    warnings: &[String],
    quiet: bool,
) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((kind, message)) = error {
        notes.push(format!("error: {view_path}: {message} ({kind})"));
    }
    if !quiet {
        notes.extend(
            warnings
                .iter()
                .map(|w| format!("warning: {view_path}: {w}")),
        );
    }
    notes
}

impl Job {
    /// Process input `i`, whatever happens: a panic anywhere in the job
    /// (not only inside the pipeline's own guard) becomes an `internal`
    /// error record, so a worker thread never dies with its index unsent.
    pub fn run(&self, i: usize) -> Done {
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run_guarded(i)));
        run.unwrap_or_else(|panic| {
            self.record(pipeline::internal(&self.engine.tool, self.path(i), panic))
        })
    }

    /// The path of input `i` ("" if out of range).
    pub fn path(&self, i: usize) -> &Path {
        self.files
            .get(i)
            .map(PathBuf::as_path)
            .unwrap_or(Path::new(""))
    }

    fn run_guarded(&self, i: usize) -> Done {
        let Some(path) = self.files.get(i) else {
            return self.no_input(i);
        };
        self.hooks.apply(path);
        let started = Instant::now();
        self.through_cache(path, |loaded| {
            let rec = match loaded {
                Some(l) => self
                    .engine
                    .process_loaded(l, self.budget.map(|b| (started, b))),
                None => self.engine.process_until(path, self.budget),
            };
            Outcome::of(&rec, self.quiet)
        })
    }

    /// The record of an index past the input list (cannot happen).
    pub fn no_input(&self, i: usize) -> Done {
        self.record(pipeline::error_record(
            &self.engine.tool,
            Source::unread(Path::new("")),
            "internal",
            format!("no input {i}"),
        ))
    }

    /// Input `path` through the cache: without one, `analyse(None)`; with
    /// one, the file is read and hashed once, a hit is served, and a miss
    /// is `analyse(Some(file))`, stored unless it is an error record.
    pub fn through_cache(
        &self,
        path: &Path,
        analyse: impl FnOnce(Option<pipeline::Loaded>) -> Outcome,
    ) -> Done {
        let Some(cache) = &self.cache else {
            return self.done(analyse(None));
        };
        let loaded = match self.engine.load(path) {
            Ok(l) => l,
            Err(rec) => return self.record(*rec),
        };
        let (p, exact, sha) = (
            loaded.source.path.clone(),
            loaded.source.path_bytes.clone(),
            loaded.source.sha256.clone().unwrap_or_default(),
        );
        let key = cache.key(&p, exact.as_deref(), &sha);
        if let Some(hit) = cache.get(&key, &p, exact.as_deref(), &sha) {
            return self.view(hit.line, hit.view, true);
        }
        let out = analyse(Some(loaded));
        let stored = if out.failed {
            Ok(())
        } else {
            cache.put(&key, &out.line)
        };
        let mut done = self.done(out);
        if let Err(e) = stored {
            done.notes
                .push(format!("warning: {p}: cannot write cache entry: {e}"));
        }
        done
    }

    /// The watchdog's record for input `i`.
    pub fn late(&self, i: usize, budget: Duration) -> Done {
        self.record(pipeline::error_record(
            &self.engine.tool,
            Source::unread(self.path(i)),
            "timeout",
            pipeline::timeout_message(budget),
        ))
    }

    /// The [`Done`] of a record.
    pub fn record(&self, rec: Record) -> Done {
        self.done(Outcome::of(&rec, self.quiet))
    }

    /// The [`Done`] of an outcome: its line formatted for the output.
    pub fn done(&self, out: Outcome) -> Done {
        let Outcome {
            line,
            pages,
            entities,
            failed,
            notes,
        } = out;
        if self.keep_view || matches!(self.format, OutputFormat::Csv | OutputFormat::Xlsx) {
            if let Ok(view) = serde_json::from_str::<RecordView>(&line) {
                return self.view(line, view, false);
            }
        }
        let (chunks, sheets) = self.format_line(line, None);
        Done {
            chunks,
            sheets,
            pages,
            entities,
            failed,
            cached: false,
            notes,
            view: None,
        }
    }

    /// The [`Done`] of a record already read back (cache hit, JSONL input).
    pub fn view(&self, line: String, view: RecordView, cached: bool) -> Done {
        let error = view
            .error
            .as_ref()
            .map(|e| (e.kind.as_str(), e.message.as_str()));
        let notes = notes_of(&view.source.path, error, &view.warnings, self.quiet);
        let (chunks, sheets) = self.format_line(line, Some(&view));
        Done {
            chunks,
            sheets,
            pages: view.pages_counted(),
            entities: view.entities.len() as u64,
            failed: view.error.is_some(),
            cached,
            notes,
            view: self.keep_view.then_some(view),
        }
    }
}

/// A record as one compact JSON line (what JSONL writes and the cache keeps).
fn to_line(rec: &Record) -> String {
    beleidsmijn::timing::phase("to line", || serde_json::to_string(rec)).unwrap_or_else(|e| {
        let fallback = pipeline::error_record(
            rec.tool(),
            rec.source().clone(),
            "internal",
            format!("cannot serialise the record: {e}"),
        );
        serde_json::to_string(&fallback).unwrap_or_default()
    })
}

impl Job {
    /// Format one record line: one chunk of bytes per output stream, or
    /// (`--format xlsx`) the typed rows of each sheet.
    fn format_line(
        &self,
        line: String,
        view: Option<&RecordView>,
    ) -> (Vec<Vec<u8>>, Vec<Vec<Vec<Value>>>) {
        match self.format {
            OutputFormat::Jsonl => {
                let mut b = line.into_bytes();
                b.push(b'\n');
                (vec![b], Vec::new())
            }
            OutputFormat::Json => {
                let mut s = String::with_capacity(line.len() * 2);
                output::json::reindent(&line, 0, &mut s);
                (vec![s.into_bytes()], Vec::new())
            }
            OutputFormat::Csv | OutputFormat::Xlsx => {
                // A record that does not read back (cannot happen for
                // records this build wrote) still gets its rows rather
                // than vanishing: an `internal` error record's.
                let unread;
                let view = match view {
                    Some(v) => v,
                    None => {
                        unread = RecordView::unreadable("record does not read back");
                        &unread
                    }
                };
                let rows = self.tables.iter().map(|t| t.values(view));
                if self.format == OutputFormat::Xlsx {
                    (Vec::new(), rows.collect())
                } else {
                    let csv = rows.map(|r| self.csv.encode(&r).unwrap_or_default());
                    (csv.collect(), Vec::new())
                }
            }
        }
    }
}
