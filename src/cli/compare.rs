//! `compare`: read documents or earlier JSONL output, aggregate, render.

use super::extract::{engine, inputs, interrupted, is_jsonl, open_output, run_options};
use super::job::{Hooks, Job};
use super::outfile::interrupt_flag;
use super::progress::Progress;
use super::{CompareArgs, CompareFormat, OutputFormat, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{Context, Result};
use beleidsmijn::batch;
use beleidsmijn::compare::{self, render};
use beleidsmijn::output::view::{read_line, RecordView};
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
                records
                    .push(read_line(&line).with_context(|| format!("{}:{}", f.display(), n + 1))?);
            }
        }
    }
    let batch::Expanded { files, skipped } = batch::expand(&docs, args.common.glob.as_deref())?;
    let mut opts = run_options(&args.common, 64)?;
    opts.interrupt = interrupt_flag();
    let all_inputs: Vec<std::path::PathBuf> = jsonl.iter().chain(&files).cloned().collect();
    // Refused before the documents are read, not after.
    let (mut out, outfile) = open_output(args.output.as_deref(), &all_inputs)?;
    let n = files.len();
    let mut progress = Progress::new(n, args.common.quiet);
    progress.skipped(&skipped, args.common.verbose);
    if n > 0 {
        let job = Arc::new(Job {
            engine: engine(&args.common)?,
            files,
            cache: None,
            format: OutputFormat::Jsonl,
            csv: beleidsmijn::output::csv::Style::default(),
            tables: Vec::new(),
            quiet: args.common.quiet,
            budget: opts.budget,
            keep_view: true,
            hooks: Hooks::from_env(),
        });
        let worker = Arc::clone(&job);
        let collected = batch::run(
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
        )?;
        match collected {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                return Ok(interrupted(&progress, outfile.as_slice(), 0));
            }
            c => c.context("collecting results")?,
        }
    }
    let report = compare::compare(&records);
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
    drop(out);
    if n > 0 {
        progress.finish();
    }
    if let Some(o) = outfile {
        o.commit()?;
    }
    Ok(if report.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}
