//! The command line: clap definitions, settings, and the three commands.

use anyhow::{Context, Result};
use beleidsmijn::batch;
use beleidsmijn::eval;
use beleidsmijn::output::Record;
use beleidsmijn::pipeline::Engine;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

const EXIT_STATUS: &str = "EXIT STATUS:
  0  all inputs were processed
  1  the run finished, but some inputs failed and got error records
  2  the run could not proceed: bad arguments, an unreadable dictionary,
     or output that cannot be written";

/// Mine Dutch municipal policy documents (jaarstukken, begrotingen,
/// raadsmededelingen) into sections, tables and entities with provenance.
#[derive(Debug, Parser)]
#[command(name = "beleidsmijn", version, after_long_help = EXIT_STATUS)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON document per line, in input order.
    Jsonl,
    /// One pretty-printed JSON array.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract sections, tables, facts and entities from documents as JSON.
    #[command(after_long_help = "EXAMPLES:
  Extract the bundled seed documents, one JSON document per line:
    beleidsmijn extract fixtures/seeds

  Only the HTML files of a folder, as one pretty JSON array, into a file:
    beleidsmijn extract fixtures --glob '*.html' --format json -o out.json

  Sections of every document, with jq:
    beleidsmijn extract fixtures/seeds | jq -c '[.source.path, [.sections[].kind]]'

  Error records only:
    beleidsmijn extract fixtures ../shared/corpus/hostile | jq -c 'select(.error)'

Every input gives one record in input order (folders are walked in sorted
order). A file that cannot be read gives an error record
{source, error: {kind, message}} in its place and the others go on.

EXIT STATUS:
  0  all inputs were processed
  1  some inputs failed and got error records
  2  bad arguments, unreadable dictionary, or output that cannot be written")]
    Extract(ExtractArgs),
    /// Print the normalised text that output offsets point into.
    #[command(after_long_help = "EXAMPLES:
  The text of a seed; every start/end in `extract` output indexes it (bytes):
    beleidsmijn text fixtures/seeds/001_471ceefdd68c1809.txt

  The document model: block kind, page, offsets, style hints:
    beleidsmijn text --blocks fixtures/html/003.html

  Check an entity's offsets:
    beleidsmijn text FILE | head -c END | tail -c +$((START+1))")]
    Text(TextArgs),
    /// Score extraction against gold annotations.
    #[command(after_long_help = "EXAMPLES:
  Score the seeds against the gold:
    beleidsmijn eval --gold ../shared/gold fixtures/seeds

  Score the HTML versions and list every miss:
    beleidsmijn eval --gold ../shared/gold fixtures/html --misses

  Score earlier output instead of extracting again:
    beleidsmijn extract fixtures/seeds -o out.jsonl
    beleidsmijn eval --gold ../shared/gold out.jsonl

A document is matched to the gold file whose name starts with the same
leading id (000, 001, ...), so 000.html and 000_chromium.pdf both score
against 000_3a1d08d8a8726469.json.")]
    Eval(EvalArgs),
}

/// Options shared by commands that read documents.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Add to (or, with a first line `#replace`, replace) the built-in
    /// dictionaries with the TSV files of the same name in DIR.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Only files (inside folders) whose name or path matches PATTERN, e.g. '*.html'.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Option<String>,
    /// No warnings on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files and folders (walked recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// Arguments of `text`.
#[derive(Debug, clap::Args)]
pub struct TextArgs {
    /// The document.
    pub file: PathBuf,
    /// Show the blocks (kind, page, byte offsets, style) instead of the text.
    #[arg(long)]
    pub blocks: bool,
    /// Add to or replace the built-in dictionaries (see `extract --help`).
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
}

/// Arguments of `eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Folder of gold JSON files (see ../shared/gold/README.md).
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Documents, folders, or JSONL files written by `extract`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// List every miss with the gold value and what was found.
    #[arg(long)]
    pub misses: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// Exit codes.
pub const EXIT_OK: i32 = 0;
/// Some inputs failed.
pub const EXIT_SOME_FAILED: i32 = 1;

fn threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn warn_record(rec: &Record, quiet: bool) {
    match rec {
        Record::Error(e) => eprintln!("error: {}: {} ({})", e.source.path, e.error.message, e.error.kind),
        Record::Document(d) if !quiet => {
            for w in &d.warnings {
                eprintln!("warning: {}: {w}", d.source.path);
            }
        }
        Record::Document(_) => {}
    }
}

/// `extract`.
pub fn extract(args: ExtractArgs) -> Result<i32> {
    let engine = Engine::new(args.common.dict.as_deref()).context("loading dictionaries")?;
    let files = batch::expand(&args.paths, args.common.glob.as_deref())?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let mut failed = 0usize;
    let json = args.format == OutputFormat::Json;
    let quiet = args.common.quiet;
    if json {
        out.write_all(b"[")?;
    }
    let result = batch::run(files.len(), threads(args.common.threads), 64, |i| engine.process(&files[i]), |i, rec| {
        warn_record(&rec, quiet);
        failed += usize::from(rec.is_error());
        if json {
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer_pretty(&mut out, &rec)?;
        } else {
            serde_json::to_writer(&mut out, &rec)?;
            out.write_all(b"\n")?;
        }
        if std::io::stderr().is_terminal() {
            out.flush()?;
        }
        Ok(())
    })?;
    let finish = result.and_then(|()| {
        if json {
            out.write_all(if files.is_empty() { b"]\n" } else { b"\n]\n" })?;
        }
        out.flush()
    });
    if let Err(e) = finish {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(EXIT_OK);
        }
        return Err(e).context("writing output");
    }
    if !quiet && failed > 0 {
        eprintln!("{} documents, {failed} failed", files.len());
    }
    Ok(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}

/// `text`.
pub fn text(args: TextArgs) -> Result<i32> {
    let engine = Engine::new(args.dict.as_deref()).context("loading dictionaries")?;
    let analysis = match engine.analyse_path(&args.file) {
        Ok(a) => a,
        Err((source, e)) => {
            eprintln!("error: {}: {e} ({})", source.path, e.kind());
            return Ok(EXIT_SOME_FAILED);
        }
    };
    for w in &analysis.doc.warnings {
        eprintln!("warning: {}: {w}", args.file.display());
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let doc = &analysis.doc;
    let res = if args.blocks {
        (|| -> std::io::Result<()> {
            for b in &doc.blocks {
                let mut style = String::new();
                if let Some(t) = &b.style.tag {
                    style.push_str(&format!(" tag={t}"));
                }
                if let Some(l) = b.style.level {
                    style.push_str(&format!(" level={l}"));
                }
                if let Some(s) = b.style.font_size {
                    style.push_str(&format!(" size={s:.1}"));
                }
                if b.style.bold == Some(true) {
                    style.push_str(" bold");
                }
                let text: String = doc.block_text(b).chars().take(100).collect();
                writeln!(out, "p{:<3} {:>7}..{:<7} {:<10}{} {:?}", b.page, b.span.start, b.span.end, format!("{:?}", b.kind).to_lowercase(), style, text.replace('\n', " "))?;
                for row in &b.rows {
                    let cells: Vec<String> = row.iter().map(|c| format!("{:?}", doc.slice(c.span).chars().take(40).collect::<String>())).collect();
                    writeln!(out, "{:>24}| {}", "", cells.join(" | "))?;
                }
            }
            out.flush()
        })()
    } else {
        out.write_all(doc.text.as_bytes()).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush())
    };
    match res {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing output"),
        _ => Ok(EXIT_OK),
    }
}

/// `eval`.
pub fn eval(args: EvalArgs) -> Result<i32> {
    let engine = Engine::new(args.common.dict.as_deref()).context("loading dictionaries")?;
    let gold = eval::load_gold(&args.gold).with_context(|| format!("reading gold from {}", args.gold.display()))?;
    let mut docs = Vec::new();
    let mut inputs = Vec::new();
    for p in &args.paths {
        if p.extension().is_some_and(|e| e == "jsonl") {
            docs.extend(eval::read_jsonl(p).with_context(|| format!("reading {}", p.display()))?);
        } else {
            inputs.push(p.clone());
        }
    }
    let files = batch::expand(&inputs, args.common.glob.as_deref())?;
    let mut failed = 0;
    let work = |i: usize| match engine.analyse_path(&files[i]) {
        Ok(a) => Ok(eval::with_blocks(&a.record, &a.doc)),
        Err((source, e)) => Err(format!("{}: {e}", source.path)),
    };
    batch::run(files.len(), threads(args.common.threads), 64, work, |_, res| {
        match res {
            Ok(v) => docs.push(v),
            Err(msg) => {
                eprintln!("error: {msg}");
                failed += 1;
            }
        }
        Ok(())
    })?
    .context("collecting results")?;
    let report = eval::evaluate(&gold, &docs);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        eval::print_report(&mut out, &report, args.misses)?;
    }
    Ok(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}
