//! `beleidsmijn worker` (hidden): the worker process of an isolated batch
//! ([`super::isolate`]). It builds the engine with the batch's settings,
//! says so with an empty frame, then reads one path a frame from stdin and writes one reply a frame to
//! stdout, until stdin ends: the [`Outcome`]'s counts and stderr lines as
//! one JSON line, a newline, and the record's JSON line.
//!
//! Nothing else is written to stdout. A panic is caught and becomes the
//! document's `internal` record, as in the batch's own threads; an abort,
//! a stack overflow, a failed allocation under the batch's `--max-memory`
//! or a kill ends the process, and the batch writes the record for it.

use super::extract::engine_for;
use super::job::{Hooks, Job, Outcome};
use super::{OutputFormat, WorkerArgs};
use anyhow::{Context, Result};
use beleidsmijn::batch::{frame, run::STACK};
use beleidsmijn::dict::Workload;
use beleidsmijn::output::Source;
use beleidsmijn::pipeline;
use std::ffi::OsStr;
use std::io::{BufReader, BufWriter};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// The `worker` subcommand.
///
/// # Errors
/// An unreadable dictionary, a bad `--timeout`, or broken pipes.
pub fn serve(args: WorkerArgs) -> Result<i32> {
    let workload = if args.small {
        Workload::Small
    } else {
        Workload::Large
    };
    let budget = super::extract::run_options(&args.common, 1)?.budget;
    let mut engine = engine_for(&args.common, workload)?;
    // `--threads` of a worker: the threads for one PDF's pages that the
    // batch gives it (1 unless it has fewer documents than threads).
    engine.page_threads = args.common.threads.unwrap_or(1).max(1);
    let job = Job {
        engine,
        files: Vec::new(),
        cache: None,
        format: OutputFormat::Jsonl,
        csv: beleidsmijn::output::csv::Style::default(),
        tables: Vec::new(),
        quiet: args.common.quiet,
        budget,
        keep_view: false,
        hooks: Hooks::from_env(),
        isolation: None,
    };
    // The batch's threads have this stack; so does the thread that reads
    // here, so a deep document behaves the same in and out of a worker.
    std::thread::Builder::new()
        .name("beleidsmijn-worker".into())
        .stack_size(STACK)
        .spawn(move || answer(&job))
        .context("cannot start the worker thread")?
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        .context("worker pipes")?;
    Ok(super::EXIT_OK)
}

/// Answer requests until stdin ends.
fn answer(job: &Job) -> std::io::Result<()> {
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // Ready: the engine is built, so a document's time starts now.
    frame::write(&mut output, &[])?;
    while let Some(request) = frame::read(&mut input)? {
        let path = Path::new(OsStr::from_bytes(&request));
        let out = analyse(job, path);
        let meta = serde_json::to_vec(&out).map_err(std::io::Error::other)?;
        let mut reply = Vec::with_capacity(meta.len() + 1 + out.line.len());
        reply.extend_from_slice(&meta);
        reply.push(b'\n');
        reply.extend_from_slice(out.line.as_bytes());
        drop(out);
        frame::write(&mut output, &reply)?;
    }
    Ok(())
}

/// One document's outcome, whatever happens short of the process ending.
fn analyse(job: &Job, path: &Path) -> Outcome {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        job.hooks.apply(path);
        job.engine.process_until(path, job.budget)
    }));
    let rec = run.unwrap_or_else(|panic| pipeline::internal(&job.engine.tool, path, panic));
    Outcome::of(&rec, job.quiet)
}

/// A reply read back: the outcome, with what the worker wrote on stderr
/// meanwhile (a panic's message) as more lines for stderr.
///
/// # Errors
/// A reply that is not what [`answer`] writes.
pub(super) fn read_reply(payload: Vec<u8>, stderr: &[u8]) -> Result<Outcome, String> {
    let cut = memchr::memchr(b'\n', &payload).ok_or("no line break")?;
    let mut out: Outcome = serde_json::from_slice(payload.get(..cut).unwrap_or_default())
        .map_err(|e| e.to_string())?;
    let mut line = payload;
    line.drain(..=cut);
    out.line = String::from_utf8(line).map_err(|e| e.to_string())?;
    out.notes.extend(
        String::from_utf8_lossy(stderr)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string),
    );
    Ok(out)
}

/// The error record of input `path` that its worker could not give.
pub(super) fn failed(job: &Job, path: &Path, kind: &str, message: String) -> Outcome {
    let rec = pipeline::error_record(&job.engine.tool, Source::unread(path), kind, message);
    Outcome::of(&rec, job.quiet)
}
