//! `compare`: read documents or earlier JSONL output, aggregate, render.

use super::gather::{gather, Gather};
use super::{CompareArgs, CompareFormat, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::Result;
use beleidsmijn::compare::{self, render};

/// `compare`. JSONL inputs are read first, in argument order, then the
/// documents are extracted (in parallel, in input order).
///
/// # Errors
/// Bad arguments, an unreadable dictionary, input list or JSONL file, or
/// output that cannot be written (exit code 2).
pub fn compare(args: CompareArgs) -> Result<i32> {
    let gathered = match gather(&args.paths, &args.common, None, args.output.as_deref())? {
        Gather::Done(g) => g,
        Gather::Interrupted(code) => return Ok(code),
    };
    let report = compare::compare(&gathered.records);
    gathered.finish(|out| match args.format {
        CompareFormat::Json => render::json(&report, out),
        CompareFormat::Csv => render::csv(&report, out),
        CompareFormat::Md => render::markdown(&report, out),
    })?;
    Ok(if report.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}
