//! The command line: clap definitions (here only), and one module per
//! command that resolves its arguments into settings and runs it.

mod compare;
mod eval;
mod extract;
mod gather;
mod isolate;
mod job;
mod outfile;
mod progress;
mod report;
mod serve;
mod text;
mod workbook;

pub use compare::compare;
pub use eval::eval;
pub use extract::extract;
pub use report::report;
pub use serve::serve;
pub use text::text;

use beleidsmijn::batch::Shard;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Write a diagnostic line on stderr. A closed or broken stderr (its
/// reader went away: `2>&1 | true`) loses the line, never the run:
/// `eprintln!` would panic and take unwritten records with it.
pub fn diag(args: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{args}");
}

const EXIT_STATUS: &str = "EXIT STATUS:
  0  all inputs were processed
  1  the run finished, but some inputs failed and got error records
  2  the run could not proceed: bad arguments, an unreadable dictionary,
     or output that cannot be written
  130  interrupted (SIGINT or SIGTERM): the output so far is in FILE.partial";

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
    /// One row per entity (see `--help`); error records as rows of type `error`.
    Csv,
    /// One workbook (needs -o FILE.xlsx): a sheet per flat table, typed cells.
    Xlsx,
}

/// The tables of `--format csv` and `xlsx` (`--table`).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableArg {
    /// One row per document (and error record).
    Documents,
    /// One row per section.
    Sections,
    /// One row per goal/status table row.
    Items,
    /// One row per entity (the default).
    Entities,
    /// One row per status claim, with its subject, sentence, file and page.
    Claims,
    /// One row per body cell of every table: row label, column title, year,
    /// text, number, scaled value, page and offsets.
    Tables,
    /// Every table: one CSV each in the folder -o names (csv), or every
    /// sheet (xlsx, the default there).
    All,
}

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CompareFormat {
    /// Markdown tables.
    Md,
    /// One JSON object.
    Json,
    /// One long CSV table: table, municipality, cbs_code, year, name, field, value.
    Csv,
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

  One CSV row per entity, for a Dutch Excel (byte-order mark, `;`, no formulas):
    beleidsmijn extract fixtures/seeds --format csv --excel -o entities.csv

  Every claim (status) with its subject, sentence, file and page, as CSV:
    beleidsmijn extract fixtures/seeds --format csv --table claims

  Every body cell of every table (row label, column title, year, value), as CSV:
    beleidsmijn extract fixtures/seeds --format csv --table tables

  One workbook for Excel or LibreOffice: a sheet per table (documents,
  sections, items, entities, claims, tables), numbers as numbers, dates as
  dates, header row frozen, autofilter on, no cell run as a formula:
    beleidsmijn extract fixtures/seeds --format xlsx -o seeds.xlsx

  Flat tables for DuckDB or pandas, one CSV each (documents.csv, sections.csv,
  items.csv, entities.csv, claims.csv, tables.csv) in the folder tables/, and
  tables/load.sql, which makes a DuckDB view of each with its column types
  (in duckdb: .read tables/load.sql):
    beleidsmijn extract fixtures --format csv --table all -o tables

  Incremental: the second run reuses every unchanged document:
    beleidsmijn extract fixtures --cache .beleidsmijn-cache -o out.jsonl

  Shard 2 of 4 of a list of paths (parts concatenate to the whole run):
    find fixtures -type f | sort | beleidsmijn extract --files-from - --shard 2/4

  Turn earlier JSONL output into CSV, or a workbook, without extracting again:
    beleidsmijn extract out.jsonl --format csv
    beleidsmijn extract out.jsonl --format xlsx -o out.xlsx

Every input gives one record in input order (folders are walked in sorted
order), written as soon as it and all before it are done. A file that cannot
be read, is larger than --max-size, takes longer than --timeout, or makes
beleidsmijn panic (kind `internal`) gives an error record
{source, error: {kind, message}} in its place and the others go on.

Documents run in worker processes (--isolate auto, unless there is only one
document; standard input is read in the process), each under --max-memory.
A worker that aborts or overflows its stack gives its document a `crash`
record, one that runs out of memory a `limit` record, one still working at
--timeout is killed (a `timeout` record); a new worker takes its place.

A file is read by its content, its name a hint: a PDF named download.ashx
or an HTML page named 1234567 is read as what it is, and a Word, Excel or
OpenDocument file gets an `unsupported_format` record naming it. Inside
folders, files that are none of these, README files and Markdown are
skipped: the summary counts them and -v lists them. `-` reads a document
from standard input.

With -o FILE the output is written to FILE.partial and renamed to FILE
when the run is complete; an output that is also an input is refused.
Ctrl-C (SIGINT or SIGTERM) stops between documents: the summary so far is
printed, FILE.partial is left, and the exit code is 130 (press it twice to
stop at once). Progress goes to stderr when it is a terminal; a summary
line (documents, pages, entities, errors, seconds) ends the run. --quiet
prints nothing but errors.

CSV (docs/schema.md lists every column and type): --table entities (the
default) writes one row per entity, with the document's and section's
columns, the entity's id (`e1` ...) and its typed fields; a document without
entities gives one row of type `document`, an error record one row of type
`error` (kind in `error`, message in `text`). --table documents, sections,
items and claims write one row per record, section, goal/status row and
status. Every row starts with doc_id (the file's SHA-256), path and
path_bytes (the name's bytes in hex when it is not UTF-8, else empty).

XLSX: --format xlsx -o FILE.xlsx writes the same tables, with the same
columns, as the sheets of one workbook (--table NAME: that sheet alone).
Whole numbers and fractions are number cells, full dates date cells
(yyyy-mm-dd), flags booleans; text is always text, even when it starts
with = + - @. A workbook is written when the run ends (FILE.xlsx.partial
until then), so it needs -o; its rows wait in temporary files beside it.
A text longer than a cell holds (32,767 characters) is cut with a marker,
and rows past a sheet's 1,048,576 are left out; both give a warning.

EXIT STATUS:
  0    all inputs were processed
  1    some inputs failed and got error records
  2    bad arguments, unreadable dictionary, or output that cannot be written
  130  interrupted (SIGINT or SIGTERM)")]
    Extract(ExtractArgs),
    /// Print the normalised text that output offsets point into.
    #[command(after_long_help = "EXAMPLES:
  The text of a seed; every start/end in `extract` output indexes it (bytes):
    beleidsmijn text fixtures/seeds/001_471ceefdd68c1809.txt

  The document model: block kind, page, offsets, style hints:
    beleidsmijn text --blocks fixtures/html/003.html

  Check an entity's offsets:
    beleidsmijn text FILE | head -c END | tail -c +$((START+1))

  The text of page 12 of a PDF, as a citation would point to it:
    beleidsmijn text --page 12 begroting.pdf

The file may be `-` (standard input, read as text unless it is a PDF or HTML).")]
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
    /// Compare documents across municipalities and years: types, sections,
    /// pilots and their status, partners, indicators.
    #[command(after_long_help = "EXAMPLES:
  Tables over the bundled fixtures:
    beleidsmijn compare fixtures/seeds

  From earlier output, as JSON:
    beleidsmijn extract fixtures -o out.jsonl
    beleidsmijn compare out.jsonl --format json

  As one long CSV table for DuckDB:
    beleidsmijn compare out.jsonl --format csv -o compare.csv

Documents are grouped by municipality (CBS code), then by year. Pilots and
projects are grouped by canonical name across municipalities, each with
its latest status (a status entity whose subject names it, or one in the
same sentence; the highest year wins).

EXIT STATUS:
  0  all inputs were compared
  1  some inputs failed (counted, left out of the tables)
  2  bad arguments, unreadable dictionary or input list, or unwritable output")]
    Compare(CompareArgs),
    /// Write one self-contained HTML page of every status claim: per
    /// municipality its documents, a timeline per pilot, project and
    /// section across documents and years, and the indicator tables.
    #[command(after_long_help = "EXAMPLES:
  The claims report of the bundled fixtures, opened in a browser:
    beleidsmijn report fixtures -o report.html

  From earlier output, without extracting again:
    beleidsmijn extract fixtures -o out.jsonl
    beleidsmijn report out.jsonl -o report.html

  Documents and earlier output together, unchanged documents from a cache:
    beleidsmijn report out.jsonl ../shared/corpus/real --cache .cache -o report.html

The page groups documents by municipality, then orders them by year and by
their place in the budget cycle (kadernota, begroting, council letters and
bestuursrapportages, jaarstukken, rekenkamer). Each pilot, project, goal/
status row and section that a status claim is about gets one timeline over
all documents and years (names matched as `compare` matches them): every
claim with its class, sentence, file and page; the page number links to
the PDF at that page (file.pdf#page=N, relative to the report's folder, so
keep the documents where they are or move them together). Filters by class,
municipality, year, document type and subject kind need no network: the
page loads nothing from anywhere (docs/report.md).

EXIT STATUS:
  0    all inputs were read
  1    some inputs failed (listed at the end of the page)
  2    bad arguments, unreadable dictionary or input list, or unwritable output
  130  interrupted (SIGINT or SIGTERM): no page (FILE.partial is left)")]
    Report(ReportArgs),
    /// The worker process of `extract --isolate process` (not for use by
    /// hand): reads paths from stdin, writes records to stdout, framed.
    #[command(hide = true)]
    Worker(WorkerArgs),
}

/// Options shared by commands that read documents.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Add to (or, with a first line `#replace`, replace) the built-in
    /// dictionaries with the TSV files of the same name in DIR.
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
    /// Worker threads (default: all cores). With fewer documents than
    /// threads, each PDF's pages are read on the threads left idle. A
    /// PDF's objects are parsed on at most this many threads too, so
    /// `-j1` keeps to one core.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Only files (inside folders) whose name or path matches PATTERN,
    /// ignoring case, e.g. '*.html'.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Option<String>,
    /// Nothing on stderr but errors: no warnings, progress bar or summary.
    #[arg(short, long)]
    pub quiet: bool,
    /// List the files inside folders that were skipped (not a PDF, HTML or
    /// text file; a README or Markdown file), with the reason.
    #[arg(short, long)]
    pub verbose: bool,
    /// Per-document time budget in seconds; a document that takes longer
    /// becomes a `timeout` error record.
    #[arg(long, value_name = "SECS", default_value_t = 60.0)]
    pub timeout: f64,
    /// Per-document size budget in MiB; a larger file becomes a `too_large`
    /// error record without being read.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub max_size: u64,
    /// Per-document output budget: a record whose JSON line would be
    /// larger keeps its document fields and fills the budget with sections,
    /// items, indicator rows, tables row by row and entities, in that
    /// order; the rest is left out with a `limit: output ...` warning (the
    /// exit code stays 0). SIZE in bytes or with K, M, G (1024-based; KB,
    /// MB, GB: 1000-based); 0: no limit.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_output: u64,
    /// Read more input paths from FILE (`-`: stdin), one a line.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
}

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Files and folders (walked recursively), `-` for standard input, or
    /// JSONL files written by `extract` to convert to another format.
    #[arg(required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Write to FILE instead of stdout (as FILE.partial until the run is
    /// complete); xlsx needs it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV for a spreadsheet: a UTF-8 byte-order mark (so Excel reads
    /// UTF-8), `;` between fields (what a Dutch-locale Excel expects;
    /// --delimiter overrides it), and a `'` before a cell that would run as
    /// a formula (one starting with = + - @).
    #[arg(long)]
    pub excel: bool,
    /// CSV: the field delimiter (default `,`; `;` with --excel).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<char>,
    /// CSV: which table (default entities); `all` writes one CSV per
    /// table into the folder -o names. XLSX: which sheet (default all).
    #[arg(long, value_enum, value_name = "TABLE")]
    pub table: Option<TableArg>,
    /// Reuse results of earlier runs kept in DIR (keyed by content hash,
    /// tool version and dictionaries); store new ones there.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Process only the K-th of N contiguous shards of the input list
    /// (jsonl and csv; only shard 1 writes the CSV header).
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Run documents in worker processes, so that one that aborts,
    /// overflows its stack, runs out of memory or hangs costs only its own
    /// record (`crash`, `limit`, `timeout`): `auto` (every document but
    /// standard input, unless there is only one), `always`, `never` (on
    /// threads of this process).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Isolate::Auto)]
    pub isolate: Isolate,
    /// Address-space limit of each worker process (`RLIMIT_AS`): a
    /// document that needs more gets a `limit` error record. SIZE as for
    /// --max-output; 0: none.
    #[arg(long, value_name = "SIZE", default_value = "2G", value_parser = parse_size)]
    pub max_memory: u64,
    /// How many finished documents may wait for a slow one (memory bound).
    #[arg(long, value_name = "N", default_value_t = 64, hide = true)]
    pub window: usize,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// How `extract` runs its documents (`--isolate`).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Isolate {
    /// In worker processes, except a document read from standard input
    /// and a run of a single document.
    Auto,
    /// Every document but standard input in a worker process.
    Always,
    /// On threads of this process.
    Never,
}

/// Arguments of the hidden `worker` subcommand: the batch's settings.
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// Build the automata for a small workload.
    #[arg(long)]
    pub small: bool,
    /// The batch's shared options.
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
    /// Only page N (1-based): its text, from its first block to its last
    /// (the byte offsets of `extract` still index the whole text).
    #[arg(long, value_name = "N")]
    pub page: Option<u32>,
    /// Add to or replace the built-in dictionaries (see `extract --help`).
    #[arg(long, value_name = "DIR")]
    pub dict: Option<PathBuf>,
}

/// Arguments of `compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Documents, folders, or JSONL files written by `extract`.
    #[arg(required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Md)]
    pub format: CompareFormat,
    /// Write to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// Arguments of `report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Documents, folders, or JSONL files written by `extract`.
    #[arg(required_unless_present = "files_from")]
    pub paths: Vec<PathBuf>,
    /// Write the page to FILE (as FILE.partial until it is complete)
    /// instead of stdout; links to the documents are relative to FILE's
    /// folder.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Reuse results of earlier runs kept in DIR (as `extract --cache`).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
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

/// Exit code: all inputs were processed.
pub const EXIT_OK: i32 = 0;
/// Exit code: some inputs failed.
pub const EXIT_SOME_FAILED: i32 = 1;

/// The thread count: `-j N`, or all cores.
fn threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A size: bytes, or a number with K, M, G, KiB, MiB, GiB (1024-based) or
/// KB, MB, GB (1000-based), as coreutils reads them.
fn parse_size(arg: &str) -> Result<u64, String> {
    let t = arg.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("expected a size such as 1048576, 512K or 64M, not '{arg}'"))?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KIB" => 1 << 10,
        "M" | "MIB" => 1 << 20,
        "G" | "GIB" => 1 << 30,
        "KB" => 1_000,
        "MB" => 1_000_000,
        "GB" => 1_000_000_000,
        u => {
            return Err(format!(
                "unknown unit '{u}' in '{arg}' (K, M, G, KB, MB, GB)"
            ))
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("size '{arg}' is too large"))
}

#[cfg(test)]
mod size_tests {
    use super::parse_size;

    #[test]
    fn sizes_read_as_coreutils_reads_them() {
        for (arg, want) in [
            ("0", Some(0)),
            ("1048576", Some(1 << 20)),
            ("512K", Some(512 << 10)),
            ("64M", Some(64 << 20)),
            ("64MiB", Some(64 << 20)),
            ("1MB", Some(1_000_000)),
            ("2gb", Some(2_000_000_000)),
            ("1G", Some(1 << 30)),
            ("M", None),
            ("-1", None),
            ("1.5M", None),
            ("1T", None),
            ("99999999999G", None),
        ] {
            assert_eq!(parse_size(arg).ok(), want, "{arg}");
        }
    }
}
