//! `report`: read documents or earlier JSONL output, build the claims
//! report, write it as one HTML page.

use super::gather::{gather, Gather};
use super::{ReportArgs, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{Context, Result};
use beleidsmijn::report::{self, href::Linker, render};
use std::path::Path;

/// `report`.
///
/// # Errors
/// Bad arguments, an unreadable dictionary, input list, JSONL file or
/// cache, or output that cannot be written (exit code 2).
pub fn report(args: ReportArgs) -> Result<i32> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    // Links are relative to the folder the page is written into.
    let folder = match args.output.as_deref().map(Path::parent) {
        Some(Some(p)) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => cwd.clone(),
    };
    let gathered = match gather(
        &args.paths,
        &args.common,
        args.cache.as_deref(),
        args.output.as_deref(),
    )? {
        Gather::Done(g) => g,
        Gather::Interrupted(code) => return Ok(code),
    };
    let linker = Linker::new(&folder, &cwd);
    let report = report::build(&gathered.records, &|p| linker.link(p));
    gathered.finish(|out| render::html(&report, out))?;
    Ok(if report.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    })
}
