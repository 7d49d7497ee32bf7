//! `extract`: the batch from input list to output stream.
//!
//! Arguments are resolved into [`Settings`] first (input list, shard,
//! budgets, cache), then [`Job`] turns one input into a [`Done`] (the
//! record, already formatted, plus counts and stderr lines) on a worker
//! thread, and the writer appends the `Done`s in input order. Inputs that
//! are all `.jsonl` files are earlier output: their records are converted
//! to the requested format instead of extracted again.

use super::progress::Progress;
use super::{threads, Common, ExtractArgs, OutputFormat, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{bail, Context, Result};
use beleidsmijn::batch::{self, Shard};
use beleidsmijn::cache::Cache;
use beleidsmijn::output::view::RecordView;
use beleidsmijn::output::{self, Record, Source};
use beleidsmijn::pipeline::{self, Engine};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Input paths: the arguments, then those of `--files-from` (`-`: stdin).
///
/// # Errors
/// The list cannot be read.
pub(super) fn inputs(paths: &[PathBuf], files_from: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut all = paths.to_vec();
    if let Some(list) = files_from {
        let text = if list == Path::new("-") {
            std::io::read_to_string(std::io::stdin().lock()).context("reading the input list from stdin")?
        } else {
            std::fs::read_to_string(list).with_context(|| format!("reading the input list {}", list.display()))?
        };
        all.extend(batch::parse_list(&text));
    }
    Ok(all)
}

/// Whether a path is earlier JSONL output.
pub(super) fn is_jsonl(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "jsonl")
}

/// The runner options of the shared flags.
///
/// # Errors
/// A negative or non-finite `--timeout`.
pub(super) fn run_options(common: &Common, window: usize) -> Result<batch::Options> {
    let budget = match common.timeout {
        t if t == 0.0 => None,
        t => Some(Duration::try_from_secs_f64(t).with_context(|| format!("invalid --timeout {t}: expected seconds >= 0 (0: no limit)"))?),
    };
    Ok(batch::Options { threads: threads(common.threads), window, budget, ..batch::Options::default() })
}

/// The engine with the shared flags applied.
///
/// # Errors
/// An unreadable or malformed dictionary.
pub(super) fn engine(common: &Common) -> Result<Engine> {
    let mut engine = Engine::new(common.dict.as_deref()).context("loading dictionaries")?;
    engine.max_bytes = common.max_size.saturating_mul(1 << 20);
    Ok(engine)
}

/// One input, processed and formatted.
pub(super) struct Done {
    /// The output bytes of this record.
    pub chunk: Vec<u8>,
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
    pub quiet: bool,
    pub budget: Option<Duration>,
    /// Keep the [`RecordView`] in every [`Done`].
    pub keep_view: bool,
    /// Test hook: a file name to hang on (debug builds only).
    pub hang_on: Option<String>,
}

/// `BELEIDSMIJN_TEST_HANG_ON=<file name>`: in debug builds (the binary the
/// integration tests run) a document of that name never finishes, standing
/// in for a parser stuck in a loop, so tests can prove that `--timeout`
/// turns it into an error record. Release builds never read the variable.
pub(super) fn hang_on() -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var("BELEIDSMIJN_TEST_HANG_ON").ok()
    } else {
        None
    }
}

fn notes_of(view_path: &str, error: Option<(&str, &str)>, warnings: &[String], quiet: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some((kind, message)) = error {
        notes.push(format!("error: {view_path}: {message} ({kind})"));
    }
    if !quiet {
        notes.extend(warnings.iter().map(|w| format!("warning: {view_path}: {w}")));
    }
    notes
}

impl Job {
    /// Process input `i`, whatever happens.
    pub fn run(&self, i: usize) -> Done {
        let Some(path) = self.files.get(i) else {
            return self.record(pipeline::error_record(source_of(Path::new("")), "internal", format!("no input {i}")));
        };
        if self.hang_on.as_deref().is_some_and(|n| path.file_name().is_some_and(|f| f == n)) {
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        let started = Instant::now();
        let Some(cache) = &self.cache else {
            return self.record(self.engine.process_until(path, self.budget));
        };
        let loaded = match self.engine.load(path) {
            Ok(l) => l,
            Err(rec) => return self.record(rec),
        };
        let (p, sha) = (loaded.source.path.clone(), loaded.source.sha256.clone().unwrap_or_default());
        let key = cache.key(&p, &sha);
        if let Some(hit) = cache.get(&key, &p, &sha) {
            return self.view(hit.line, hit.view, true);
        }
        let rec = self.engine.process_loaded(loaded, self.budget.map(|b| (started, b)));
        let line = to_line(&rec);
        let stored = if rec.is_error() { Ok(()) } else { cache.put(&key, &line) };
        let mut done = self.record_line(&rec, line);
        if let Err(e) = stored {
            done.notes.push(format!("warning: {p}: cannot write cache entry: {e}"));
        }
        done
    }

    /// The watchdog's record for input `i`.
    pub fn late(&self, i: usize, budget: Duration) -> Done {
        let path = self.files.get(i).map(PathBuf::as_path).unwrap_or(Path::new(""));
        self.record(pipeline::error_record(source_of(path), "timeout", pipeline::timeout_message(budget)))
    }

    fn record(&self, rec: Record) -> Done {
        let line = to_line(&rec);
        self.record_line(&rec, line)
    }

    fn record_line(&self, rec: &Record, line: String) -> Done {
        if self.keep_view || self.format == OutputFormat::Csv {
            if let Ok(view) = serde_json::from_str::<RecordView>(&line) {
                return self.view(line, view, false);
            }
        }
        let (pages, entities, error, warnings) = match rec {
            Record::Document(d) => (u64::from(d.source.pages.unwrap_or(1)), d.entities.len() as u64, None, d.warnings.as_slice()),
            Record::Error(e) => (0, 0, Some((e.error.kind.as_str(), e.error.message.as_str())), &[][..]),
        };
        Done {
            chunk: format_line(line, None, self.format),
            pages,
            entities,
            failed: rec.is_error(),
            cached: false,
            notes: notes_of(&rec.source().path, error, warnings, self.quiet),
            view: None,
        }
    }

    fn view(&self, line: String, view: RecordView, cached: bool) -> Done {
        let error = view.error.as_ref().map(|e| (e.kind.as_str(), e.message.as_str()));
        let notes = notes_of(&view.source.path, error, &view.warnings, self.quiet);
        Done {
            chunk: format_line(line, Some(&view), self.format),
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
    serde_json::to_string(rec).unwrap_or_else(|e| {
        let fallback = pipeline::error_record(rec.source().clone(), "internal", format!("cannot serialise the record: {e}"));
        serde_json::to_string(&fallback).unwrap_or_default()
    })
}

fn source_of(path: &Path) -> Source {
    Source { path: path.display().to_string(), format: None, sha256: None, bytes: None, pages: None }
}

/// Format one record line.
fn format_line(line: String, view: Option<&RecordView>, format: OutputFormat) -> Vec<u8> {
    match format {
        OutputFormat::Jsonl => {
            let mut b = line.into_bytes();
            b.push(b'\n');
            b
        }
        OutputFormat::Json => {
            let mut s = String::with_capacity(line.len() * 2);
            output::json::reindent(&line, 0, &mut s);
            s.into_bytes()
        }
        OutputFormat::Csv => match view.map(output::csv::rows) {
            Some(Ok(rows)) => rows,
            // A record that does not read back (cannot happen for records
            // this build wrote) still gets a row rather than vanishing.
            _ => b"\"\",,,,,,,error,record does not read back,,,internal,,,,,\n".to_vec(),
        },
    }
}

/// `extract`'s arguments, resolved.
struct Settings {
    files: Vec<PathBuf>,
    /// Earlier JSONL output to convert instead.
    convert: Vec<PathBuf>,
    /// Whether this run writes the CSV header (and BOM).
    header: bool,
    opts: batch::Options,
}

impl Settings {
    fn resolve(args: &ExtractArgs) -> Result<Settings> {
        let all = inputs(&args.paths, args.common.files_from.as_deref())?;
        if args.shard.is_some() && args.format == OutputFormat::Json {
            bail!("--shard needs --format jsonl or csv: JSON arrays do not concatenate");
        }
        if args.excel && args.format != OutputFormat::Csv {
            bail!("--excel needs --format csv");
        }
        let opts = run_options(&args.common, args.window)?;
        let header = args.shard.is_none_or(|s: Shard| s.is_first());
        let (convert, docs): (Vec<PathBuf>, Vec<PathBuf>) = all.into_iter().partition(|p| is_jsonl(p));
        if !convert.is_empty() {
            if !docs.is_empty() || args.shard.is_some() || args.cache.is_some() {
                bail!("JSONL inputs are converted, not extracted: give only .jsonl files, without --shard or --cache");
            }
            return Ok(Settings { files: Vec::new(), convert, header, opts });
        }
        let mut files = batch::expand(&docs, args.common.glob.as_deref())?;
        if let Some(shard) = args.shard {
            let range = shard.range(files.len());
            files = files.get(range).map(<[PathBuf]>::to_vec).unwrap_or_default();
        }
        Ok(Settings { files, convert, header, opts })
    }
}

fn open_output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    })
}

/// Earlier output, record by record, as [`Done`]s.
fn convert(files: &[PathBuf], job: &Job, mut write: impl FnMut(usize, Done) -> std::io::Result<()>) -> Result<std::io::Result<()>> {
    let mut i = 0;
    for f in files {
        let file = std::fs::File::open(f).with_context(|| format!("cannot open {}", f.display()))?;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", f.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let view: RecordView = serde_json::from_str(&line).with_context(|| format!("{}:{}: not a record written by extract", f.display(), n + 1))?;
            if let Err(e) = write(i, job.view(line, view, false)) {
                return Ok(Err(e));
            }
            i += 1;
        }
    }
    Ok(Ok(()))
}

/// `extract`.
///
/// # Errors
/// Bad arguments, an unreadable dictionary, input list or JSONL input, or
/// output that cannot be written (exit code 2).
pub fn extract(args: ExtractArgs) -> Result<i32> {
    let settings = Settings::resolve(&args)?;
    let engine = engine(&args.common)?;
    let cache = match &args.cache {
        Some(dir) => Some(
            Cache::open(dir, &engine.vocab.sources.fingerprint, engine.max_bytes)
                .with_context(|| format!("cannot open cache directory {}", dir.display()))?,
        ),
        None => None,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 18, open_output(args.output.as_deref())?);
    let flush_each = args.output.is_none() && std::io::stdout().is_terminal();
    let format = args.format;
    let n = settings.files.len();
    let job = Arc::new(Job {
        engine,
        files: settings.files,
        cache,
        format,
        quiet: args.common.quiet,
        budget: settings.opts.budget,
        keep_view: false,
        hang_on: hang_on(),
    });
    let mut progress = Progress::new(n, args.common.quiet);
    let mut head = || -> std::io::Result<()> {
        match format {
            OutputFormat::Json => out.write_all(b"["),
            OutputFormat::Csv if settings.header => {
                if args.excel {
                    out.write_all(output::csv::BOM)?;
                }
                out.write_all(&output::csv::header().map_err(std::io::Error::from)?)
            }
            _ => Ok(()),
        }
    };
    let mut result = head();
    let mut written = 0usize;
    let mut write = |_: usize, done: Done| -> std::io::Result<()> {
        progress.notes(&done.notes);
        progress.tick(done.pages, done.entities, done.failed, done.cached);
        if format == OutputFormat::Json {
            out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
        }
        written += 1;
        out.write_all(&done.chunk)?;
        if flush_each {
            out.flush()?;
        }
        Ok(())
    };
    if result.is_ok() {
        result = if settings.convert.is_empty() {
            let worker = Arc::clone(&job);
            batch::run(n, &settings.opts, move |i| worker.run(i), |i, b| job.late(i, b), &mut write)?
        } else {
            convert(&settings.convert, &job, &mut write)?
        };
    }
    let result = result.and_then(|()| {
        if format == OutputFormat::Json {
            out.write_all(if written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        out.flush()
    });
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(EXIT_OK);
        }
        return Err(e).context("writing output");
    }
    progress.finish();
    Ok(if progress.errors > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}
