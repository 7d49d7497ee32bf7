//! `compare`: read documents or earlier JSONL output, aggregate, render.

use super::extract::{engine, inputs, is_jsonl, run_options};
use super::job::{Hooks, Job};
use super::progress::Progress;
use super::{CompareArgs, CompareFormat, OutputFormat, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{Context, Result};
use beleidsmijn::batch;
use beleidsmijn::compare::{self, render};
use beleidsmijn::output::view::RecordView;
use std::io::{BufRead, Write};
use std::sync::Arc;

/// `compare`. JSONL inputs are read first, in argument order, then the
/// documents are extracted (in parallel, in input order).
///
/// # Errors
/// Bad arguments, an unreadable dictionary, input list or JSONL file, or
/// output that cannot be written (exit code 2).
pub fn compare(args: CompareArgs) -> Result<i32> {
    let all = inputs(&args.paths, args.common.files_from.as_deref())?;
    let (jsonl, docs): (Vec<_>, Vec<_>) = all.into_iter().partition(|p| is_jsonl(p));
    let mut records: Vec<RecordView> = Vec::new();
    for f in &jsonl {
        let file =
            std::fs::File::open(f).with_context(|| format!("cannot open {}", f.display()))?;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", f.display()))?;
            if !line.trim().is_empty() {
                records.push(serde_json::from_str(&line).with_context(|| {
                    format!("{}:{}: not a record written by extract", f.display(), n + 1)
                })?);
            }
        }
    }
    let files = batch::expand(&docs, args.common.glob.as_deref())?;
    let opts = run_options(&args.common, 64)?;
    let n = files.len();
    let mut progress = Progress::new(n, args.common.quiet);
    if n > 0 {
        let job = Arc::new(Job {
            engine: engine(&args.common)?,
            files,
            cache: None,
            format: OutputFormat::Jsonl,
            quiet: args.common.quiet,
            budget: opts.budget,
            keep_view: true,
            hooks: Hooks::from_env(),
        });
        let worker = Arc::clone(&job);
        batch::run(
            n,
            &opts,
            move |i| worker.run(i),
            |i, b| job.late(i, b),
            |_, done| {
                progress.notes(&done.notes);
                progress.tick(done.pages, done.entities, done.failed, done.cached);
                records.extend(done.view);
                Ok(())
            },
        )?
        .context("collecting results")?;
    }
    let report = compare::compare(&records);
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let written = match args.format {
        CompareFormat::Json => render::json(&report, &mut out),
        CompareFormat::Csv => render::csv(&report, &mut out),
        CompareFormat::Md => render::markdown(&report, &mut out),
    }
    .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        Err(e) => return Err(e).context("writing output"),
        Ok(()) => {}
    }
    if n > 0 {
        progress.finish();
    }
    Ok(if report.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}
