//! `eval`: score extraction against the gold annotations.

use super::{EvalArgs, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{Context, Result};
use beleidsmijn::{batch, eval};
use std::io::Write;
use std::sync::Arc;

/// `eval`.
///
/// # Errors
/// An unreadable dictionary, gold or JSONL input, or unwritable output.
pub fn eval(args: EvalArgs) -> Result<i32> {
    let engine = Arc::new(super::extract::engine(&args.common)?);
    let gold = eval::load_gold(&args.gold)
        .with_context(|| format!("reading gold from {}", args.gold.display()))?;
    let mut docs = Vec::new();
    let mut inputs = Vec::new();
    for p in &args.paths {
        if super::extract::is_jsonl(p) {
            docs.extend(eval::read_jsonl(p).with_context(|| format!("reading {}", p.display()))?);
        } else {
            inputs.push(p.clone());
        }
    }
    let files = Arc::new(batch::expand(&inputs, args.common.glob.as_deref())?.files);
    let mut failed = 0;
    let n = files.len();
    let opts = super::extract::run_options(&args.common, 64)?;
    let work_files = Arc::clone(&files);
    let work = move |i: usize| match work_files.get(i).map(|p| engine.analyse_path(p)) {
        Some(Ok(a)) => Ok(eval::with_blocks(&a.record, &a.doc)),
        Some(Err(failed)) => Err(format!("{}: {}", failed.0.path, failed.1)),
        None => Err(format!("no input {i}")),
    };
    let late = |i: usize, budget| {
        let path = files
            .get(i)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        Err(format!(
            "{path}: {}",
            beleidsmijn::pipeline::timeout_message(budget)
        ))
    };
    batch::run(n, &opts, work, late, |_, res| {
        match res {
            Ok(v) => docs.push(v),
            Err(msg) => {
                super::diag(format_args!("error: {msg}"));
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
    Ok(if failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}
