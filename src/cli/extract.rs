//! `extract`: the batch from input list to output stream.
//!
//! Arguments are resolved into [`Settings`] first (input list, shard,
//! budgets, cache), then [`Job`] turns one input into a [`Done`] (the
//! record, already formatted, plus counts and stderr lines) on a worker
//! thread, and the writer appends the `Done`s in input order. With
//! `--isolate` each thread has the analysis done by a worker process of its
//! own ([`super::isolate`]). Inputs that
//! are all `.jsonl` files are earlier output: their records are converted
//! to the requested format instead of extracted again.

use super::isolate::Isolation;
use super::job::{Done, Hooks, Job};
use super::outfile::{interrupt_flag, OutFile, EXIT_INTERRUPTED};
use super::progress::Progress;
use super::workbook::WorkbookOut;
use super::{
    threads, Common, ExtractArgs, Isolate, OutputFormat, TableArg, EXIT_OK, EXIT_SOME_FAILED,
};
use anyhow::{bail, Context, Result};
use beleidsmijn::batch::worker::{Spec, Worker};
use beleidsmijn::batch::{self, Shard};
use beleidsmijn::cache::Cache;
use beleidsmijn::dict::Workload;
use beleidsmijn::output;
use beleidsmijn::output::tables::Table;
use beleidsmijn::output::view::read_line;
use beleidsmijn::pipeline::Engine;
use std::ffi::OsString;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Input paths: the arguments, then those of `--files-from` (`-`: stdin).
///
/// # Errors
/// The list cannot be read.
pub(super) fn inputs(paths: &[PathBuf], files_from: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut all = paths.to_vec();
    let stdin = Path::new(beleidsmijn::pipeline::STDIN);
    if paths.iter().filter(|p| *p == stdin).count() + usize::from(files_from == Some(stdin)) > 1 {
        bail!("standard input (-) can be read once: as a document or as --files-from, not both");
    }
    if let Some(list) = files_from {
        let text = if list == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("reading the input list from stdin")?;
            bytes
        } else {
            std::fs::read(list)
                .with_context(|| format!("reading the input list {}", list.display()))?
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
        0.0 => None,
        t if t.is_finite() && t > 0.0 && t < 1e9 => Some(Duration::from_secs_f64(t)),
        t => bail!("invalid --timeout {t}: expected seconds >= 0 (0: no limit)"),
    };
    let threads = threads(common.threads);
    beleidsmijn::threads::set_parse_threads(threads);
    Ok(batch::Options {
        threads,
        window,
        budget,
        ..batch::Options::default()
    })
}

/// Threads for the pages of each PDF: those a batch of `docs` documents
/// on `threads` threads leaves idle (issue 21, item 4), else 1.
fn page_threads(threads: usize, docs: usize) -> usize {
    (threads / docs.max(1)).max(1)
}

/// The engine with the shared flags applied.
///
/// # Errors
/// An unreadable or malformed dictionary.
pub(super) fn engine(common: &Common) -> Result<Engine> {
    engine_for(common, Workload::Large)
}

/// [`engine`] with automata chosen for `workload`.
///
/// # Errors
/// An unreadable or malformed dictionary.
pub(super) fn engine_for(common: &Common, workload: Workload) -> Result<Engine> {
    let mut engine = beleidsmijn::timing::phase("engine", || {
        Engine::for_workload(common.dict.as_deref(), workload)
    })
    .context("loading dictionaries")?;
    engine.max_bytes = common.max_size.saturating_mul(1 << 20);
    engine.max_output = match common.max_output {
        0 => u64::MAX,
        n => n,
    };
    Ok(engine)
}

/// Worker processes for `--isolate`, or none (`never`; `auto` with one
/// document). Workers get the settings that decide a record, and build
/// their automata for the same `workload`.
fn isolation(
    args: &ExtractArgs,
    files: &[PathBuf],
    workload: Workload,
    page_threads: usize,
) -> Option<Isolation> {
    let on = match args.isolate {
        Isolate::Never => false,
        Isolate::Always => true,
        Isolate::Auto => files.len() > 1,
    };
    if !on {
        return None;
    }
    // The running binary itself, even if its file was replaced meanwhile.
    let exe = Path::new("/proc/self/exe");
    let program = if exe.exists() {
        exe.to_path_buf()
    } else {
        std::env::current_exe().unwrap_or_else(|_| PathBuf::from("beleidsmijn"))
    };
    let c = &args.common;
    let mut a: Vec<OsString> = vec![
        "worker".into(),
        "--timeout".into(),
        c.timeout.to_string().into(),
        "--max-size".into(),
        c.max_size.to_string().into(),
        "--max-output".into(),
        c.max_output.to_string().into(),
        "--threads".into(),
        page_threads.to_string().into(),
    ];
    if let Some(dict) = &c.dict {
        a.extend(["--dict".into(), dict.into()]);
    }
    if c.quiet {
        a.push("--quiet".into());
    }
    if workload == Workload::Small {
        a.push("--small".into());
    }
    Some(Isolation {
        spec: Spec {
            program,
            args: a,
            max_memory: (args.max_memory > 0).then_some(args.max_memory),
        },
        grace: batch::Options::default().grace,
    })
}

/// `extract`'s arguments, resolved.
struct Settings {
    files: Vec<PathBuf>,
    /// Files a folder walk left out, and why.
    skipped: Vec<(PathBuf, &'static str)>,
    /// Earlier JSONL output to convert instead.
    convert: Vec<PathBuf>,
    /// Whether this run writes the CSV header (and BOM).
    header: bool,
    /// The CSV tables, one per output stream (`--table all`: every one,
    /// each into its file in the folder `-o` names).
    tables: Vec<Table>,
    opts: batch::Options,
}

/// The tables `--table` names (without it: entities for CSV, every table
/// for a workbook).
fn tables(arg: Option<TableArg>, format: OutputFormat) -> Vec<Table> {
    match arg {
        None if format == OutputFormat::Xlsx => Table::ALL.to_vec(),
        None | Some(TableArg::Entities) => vec![Table::Entities],
        Some(TableArg::Documents) => vec![Table::Documents],
        Some(TableArg::Sections) => vec![Table::Sections],
        Some(TableArg::Items) => vec![Table::Items],
        Some(TableArg::Claims) => vec![Table::Claims],
        Some(TableArg::Tables) => vec![Table::Tables],
        Some(TableArg::All) => Table::ALL.to_vec(),
    }
}

impl Settings {
    fn resolve(args: &ExtractArgs) -> Result<Settings> {
        let all = inputs(&args.paths, args.common.files_from.as_deref())?;
        if args.shard.is_some() && matches!(args.format, OutputFormat::Json | OutputFormat::Xlsx) {
            bail!(
                "--shard needs --format jsonl or csv: JSON arrays and workbooks do not concatenate"
            );
        }
        if (args.excel || args.delimiter.is_some()) && args.format != OutputFormat::Csv {
            bail!("--excel and --delimiter need --format csv (a workbook needs neither)");
        }
        if args.table.is_some() && !matches!(args.format, OutputFormat::Csv | OutputFormat::Xlsx) {
            bail!("--table needs --format csv or xlsx");
        }
        if args.format == OutputFormat::Xlsx {
            check_workbook_name(args.output.as_deref())?;
        }
        if args.table == Some(TableArg::All)
            && args.format == OutputFormat::Csv
            && args.output.is_none()
        {
            bail!("--table all writes one CSV per table: name their folder with -o DIR");
        }
        if args
            .delimiter
            .is_some_and(|d| !d.is_ascii() || d == '"' || d == '\n')
        {
            bail!("--delimiter must be one ASCII character other than a quote or a newline");
        }
        let opts = run_options(&args.common, args.window)?;
        let header = args.shard.is_none_or(|s: Shard| s.is_first());
        let (convert, docs): (Vec<PathBuf>, Vec<PathBuf>) =
            all.into_iter().partition(|p| is_jsonl(p));
        if !convert.is_empty() {
            if !docs.is_empty() || args.shard.is_some() || args.cache.is_some() {
                bail!("JSONL inputs are converted, not extracted: give only .jsonl files, without --shard or --cache");
            }
            return Ok(Settings {
                files: Vec::new(),
                skipped: Vec::new(),
                convert,
                header,
                tables: tables(args.table, args.format),
                opts,
            });
        }
        let batch::Expanded { mut files, skipped } =
            batch::expand(&docs, args.common.glob.as_deref())?;
        if let Some(shard) = args.shard {
            let range = shard.range(files.len());
            files = files
                .get(range)
                .map(<[PathBuf]>::to_vec)
                .unwrap_or_default();
        }
        Ok(Settings {
            files,
            skipped,
            convert,
            header,
            tables: tables(args.table, args.format),
            opts,
        })
    }
}

/// The workbook's path: `-o`'s, which must be there (a workbook cannot
/// stream) and end in `.xlsx` (Excel opens a workbook by its name).
///
/// # Errors
/// No `-o`, or another extension.
fn check_workbook_name(path: Option<&Path>) -> Result<&Path> {
    let Some(path) = path else {
        bail!(
            "--format xlsx writes a workbook, which cannot stream to standard output: \
             name it with -o FILE.xlsx"
        );
    };
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        bail!(
            "--format xlsx: name the workbook FILE.xlsx (Excel opens a workbook by its \
             extension), not {}",
            path.display()
        );
    }
    Ok(path)
}

/// Where the records go: stdout, or `-o`'s partial file (checked not to
/// be one of `inputs`).
pub(super) fn open_output(
    path: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<(Box<dyn Write>, Option<OutFile>)> {
    Ok(match path {
        Some(p) => {
            let (out, file) = OutFile::create(p, inputs)?;
            (Box::new(file), Some(out))
        }
        None => (Box::new(std::io::stdout().lock()), None),
    })
}

/// Output streams, and the files among them to commit when complete.
type Outputs = (Vec<Box<dyn Write>>, Vec<OutFile>);

/// The outputs of `--table all`: one partial file per table in `dir`
/// (created when missing), in the order of `tables`.
fn open_tables(dir: &Path, tables: &[Table], inputs: &[PathBuf]) -> Result<Outputs> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let mut sinks: Vec<Box<dyn Write>> = Vec::new();
    let mut files = Vec::new();
    for t in tables {
        let (out, file) = OutFile::create(&dir.join(format!("{}.csv", t.name())), inputs)?;
        sinks.push(Box::new(file));
        files.push(out);
    }
    Ok((sinks, files))
}

/// How an interrupted run ends: the summary so far, and where the
/// incomplete output is.
pub(super) fn interrupted(progress: &Progress, out: &[OutFile], written: usize) -> i32 {
    progress.finish();
    let join = |f: fn(&OutFile) -> &Path| {
        out.iter()
            .map(|o| f(o).display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let place = if out.is_empty() {
        String::new()
    } else {
        format!(
            " to {} (incomplete: only a finished run writes {})",
            join(OutFile::partial),
            join(OutFile::target)
        )
    };
    super::diag(format_args!(
        "interrupted: {written} records written{place}"
    ));
    EXIT_INTERRUPTED
}

/// Earlier output, record by record, as [`Done`]s.
fn convert(
    files: &[PathBuf],
    job: &Job,
    mut write: impl FnMut(usize, Done) -> std::io::Result<()>,
) -> Result<std::io::Result<()>> {
    let mut i = 0;
    for f in files {
        let file =
            std::fs::File::open(f).with_context(|| format!("cannot open {}", f.display()))?;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", f.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let view = read_line(&line).with_context(|| format!("{}:{}", f.display(), n + 1))?;
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
    // One small file (a script calling extract per file) gets automata
    // that are quick to build; standard input counts as large.
    let workload = Workload::of_sizes(settings.files.iter().map(|p| {
        (p != Path::new(beleidsmijn::pipeline::STDIN))
            .then(|| std::fs::metadata(p).map_or(0, |m| m.len()))
    }));
    let mut engine = engine_for(&args.common, workload)?;
    engine.page_threads = page_threads(settings.opts.threads, settings.files.len());
    let cache = open_cache(args.cache.as_deref(), &engine)?;
    let inputs: Vec<PathBuf> = settings
        .files
        .iter()
        .chain(&settings.convert)
        .cloned()
        .collect();
    let mut book = None;
    let (sinks, mut outfiles) = match (args.format, args.table, args.output.as_deref()) {
        (OutputFormat::Xlsx, _, path) => {
            let path = check_workbook_name(path)?;
            book = Some(WorkbookOut::create(path, &settings.tables, &inputs)?);
            (Vec::new(), Vec::new())
        }
        (_, Some(TableArg::All), Some(dir)) => open_tables(dir, &settings.tables, &inputs)?,
        (_, _, path) => {
            let (sink, file) = open_output(path, &inputs)?;
            (vec![sink], file.into_iter().collect())
        }
    };
    let mut outs: Vec<_> = sinks
        .into_iter()
        .map(|s| std::io::BufWriter::with_capacity(1 << 18, s))
        .collect();
    let stop = interrupt_flag();
    let mut opts = settings.opts.clone();
    opts.interrupt.clone_from(&stop);
    let isolation = isolation(&args, &settings.files, workload, engine.page_threads);
    if let Some(iso) = &isolation {
        // The thread kills its worker at the budget plus `iso.grace` and
        // writes the timeout record itself; the watchdog stays a backstop.
        opts.grace = iso.grace + Duration::from_secs(1);
    }
    // Each record reaches a terminal, or `-o`'s partial file (which then
    // shows how far a run got: `tail -f out.jsonl.partial`), when written.
    let flush_each = args.output.is_some() || std::io::stdout().is_terminal();
    let format = args.format;
    let n = settings.files.len();
    let job = Arc::new(Job {
        engine,
        files: settings.files,
        cache,
        format,
        csv: output::csv::Style {
            delimiter: args
                .delimiter
                .map_or(if args.excel { b';' } else { b',' }, |d| d as u8),
            spreadsheet: args.excel,
        },
        tables: settings.tables,
        quiet: args.common.quiet,
        budget: settings.opts.budget,
        keep_view: false,
        hooks: Hooks::from_env(),
        isolation,
    });
    // The job, and with it the engine, lives until the process exits:
    // freeing the dictionaries' tables one by one is work the exit does
    // anyway, at once.
    std::mem::forget(Arc::clone(&job));
    // While the first document is read and split, another core compiles
    // the regexes its sentences will be searched with.
    if job.isolation.is_none() {
        let job = Arc::clone(&job);
        std::thread::spawn(move || job.engine.warm());
    }
    let mut progress = Progress::new(n, args.common.quiet);
    progress.skipped(&settings.skipped, args.common.verbose);
    let mut head = || -> std::io::Result<()> {
        match format {
            OutputFormat::Json => outs.iter_mut().try_for_each(|o| o.write_all(b"[")),
            OutputFormat::Csv if settings.header => {
                for (out, table) in outs.iter_mut().zip(&job.tables) {
                    if args.excel {
                        out.write_all(output::csv::BOM)?;
                    }
                    out.write_all(&table.header(job.csv).map_err(std::io::Error::from)?)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    };
    let mut result = head();
    let mut written = 0usize;
    let mut write = |_: usize, done: Done| -> std::io::Result<()> {
        if stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst)) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            ));
        }
        progress.notes(&done.notes);
        progress.tick(done.pages, done.entities, done.failed, done.cached);
        if let Some(book) = book.as_mut() {
            book.append(&done.sheets)?;
        }
        for (out, chunk) in outs.iter_mut().zip(&done.chunks) {
            if format == OutputFormat::Json {
                out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
            }
            out.write_all(chunk)?;
            if flush_each {
                out.flush()?;
            }
        }
        written += 1;
        Ok(())
    };
    if result.is_ok() {
        result = if settings.convert.is_empty() {
            let worker = Arc::clone(&job);
            batch::run_with(
                n,
                &opts,
                move |slot: &mut Option<Worker>, i| worker.run_isolated(slot, i),
                |i, b| job.late(i, b),
                &mut write,
            )?
        } else {
            convert(&settings.convert, &job, &mut write)?
        };
    }
    let result = result.and_then(|()| {
        outs.iter_mut().try_for_each(|out| {
            if format == OutputFormat::Json {
                out.write_all(if written == 0 { b"]\n" } else { b"\n]\n" })?;
            }
            out.flush()
        })
    });
    drop(outs);
    // The workbook is written now: whole, or after an interruption what it
    // has so far (into the partial file, which the message names).
    if let Some(book) = book {
        let (file, written) = book.write();
        outfiles.push(file);
        match written {
            Ok(warnings) if !args.common.quiet => {
                for w in warnings {
                    super::diag(format_args!("warning: {w}"));
                }
            }
            Ok(_) => {}
            Err(e) if result.is_ok() => return Err(e),
            Err(_) => {}
        }
    }
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::Interrupted {
            return Ok(interrupted(&progress, &outfiles, written));
        }
        for o in &outfiles {
            super::diag(format_args!(
                "error: the output is incomplete, left in {}",
                o.partial().display()
            ));
        }
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away ("| head"): no summary claims what it
            // did not read, but a document that failed still says so.
            return Ok(if progress.errors > 0 {
                EXIT_SOME_FAILED
            } else {
                EXIT_OK
            });
        }
        return Err(e).context("writing output");
    }
    progress.finish();
    for o in outfiles {
        o.commit()?;
    }
    if let (OutputFormat::Csv, Some(TableArg::All), Some(dir)) =
        (format, args.table, args.output.as_deref())
    {
        let sql = output::tables::duckdb_script(&dir.display().to_string(), &job.tables, job.csv);
        let load = dir.join("load.sql");
        std::fs::write(&load, sql).with_context(|| format!("cannot write {}", load.display()))?;
    }
    Ok(if progress.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// The cache in `dir`, keyed by what decides a record (dictionaries and
/// the size budgets), or none without `--cache`.
pub(super) fn open_cache(dir: Option<&Path>, engine: &Engine) -> Result<Option<Cache>> {
    dir.map(|dir| {
        Cache::open(
            dir,
            &engine.vocab.sources.fingerprint,
            engine.max_bytes,
            engine.max_output,
        )
        .with_context(|| format!("cannot open cache directory {}", dir.display()))
    })
    .transpose()
}
