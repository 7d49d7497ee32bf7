//! The records a command aggregates (`compare`, `report`): earlier JSONL
//! output read back, and documents extracted in parallel, all as
//! [`RecordView`]s in input order (JSONL files first, in argument order).
//!
//! The output is opened before any document is read, so an output that is
//! also an input is refused at once rather than after the batch.

use super::extract::{engine, inputs, interrupted, is_jsonl, open_cache, open_output, run_options};
use super::job::{Hooks, Job};
use super::outfile::{interrupt_flag, OutFile};
use super::progress::Progress;
use super::{Common, OutputFormat};
use anyhow::{Context, Result};
use beleidsmijn::batch;
use beleidsmijn::output::view::{read_line, RecordView};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The records, and where the result goes.
pub(super) struct Gathered {
    /// Every record, error records included, in input order.
    pub records: Vec<RecordView>,
    /// stdout, or `-o`'s partial file.
    pub out: Box<dyn Write>,
    /// `-o`'s file, to commit when the output is complete.
    pub outfile: Option<OutFile>,
    /// Counts of the documents extracted (`None` when all were JSONL).
    pub progress: Option<Progress>,
}

/// How gathering ended.
pub(super) enum Gather {
    /// Every input was read.
    Done(Gathered),
    /// SIGINT or SIGTERM stopped the batch: the exit code.
    Interrupted(i32),
}

/// Earlier JSONL output, record by record.
fn read_jsonl(files: &[PathBuf], records: &mut Vec<RecordView>) -> Result<()> {
    for f in files {
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
    Ok(())
}

/// Read `paths` (and `--files-from`): `.jsonl` files are read back,
/// documents and folders extracted (with `cache`, unchanged documents are
/// taken from it); the output (`output`, else stdout) is opened first.
///
/// # Errors
/// An unreadable input list, JSONL file, dictionary or cache, or an
/// output that cannot be created or is an input.
pub(super) fn gather(
    paths: &[PathBuf],
    common: &Common,
    cache: Option<&Path>,
    output: Option<&Path>,
) -> Result<Gather> {
    let all = inputs(paths, common.files_from.as_deref())?;
    let (jsonl, docs): (Vec<_>, Vec<_>) = all.into_iter().partition(|p| is_jsonl(p));
    let mut records: Vec<RecordView> = Vec::new();
    read_jsonl(&jsonl, &mut records)?;
    let batch::Expanded { files, skipped } = batch::expand(&docs, common.glob.as_deref())?;
    let mut opts = run_options(common, 64)?;
    opts.interrupt = interrupt_flag();
    let all_inputs: Vec<PathBuf> = jsonl.iter().chain(&files).cloned().collect();
    let (out, outfile) = open_output(output, &all_inputs)?;
    let n = files.len();
    let mut progress = Progress::new(n, common.quiet);
    progress.skipped(&skipped, common.verbose);
    if n == 0 {
        return Ok(Gather::Done(Gathered {
            records,
            out,
            outfile,
            progress: None,
        }));
    }
    let engine = engine(common)?;
    let cache = open_cache(cache, &engine)?;
    let job = Arc::new(Job {
        engine,
        files,
        cache,
        format: OutputFormat::Jsonl,
        csv: beleidsmijn::output::csv::Style::default(),
        tables: Vec::new(),
        quiet: common.quiet,
        budget: opts.budget,
        keep_view: true,
        hooks: Hooks::from_env(),
        isolation: None,
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
            return Ok(Gather::Interrupted(interrupted(
                &progress,
                outfile.as_slice(),
                0,
            )));
        }
        c => c.context("collecting results")?,
    }
    Ok(Gather::Done(Gathered {
        records,
        out,
        outfile,
        progress: Some(progress),
    }))
}

impl Gathered {
    /// Write the result with `write`, then end the run: flush, the summary
    /// line, `-o`'s file given its name. A reader that went away (`|
    /// head`) ends it quietly.
    ///
    /// # Errors
    /// The output cannot be written or renamed.
    pub fn finish(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let written = write(&mut self.out).and_then(|()| self.out.flush());
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(e).context("writing output"),
            Ok(()) => {}
        }
        drop(self.out);
        if let Some(p) = &self.progress {
            p.finish();
        }
        if let Some(o) = self.outfile {
            o.commit()?;
        }
        Ok(())
    }
}
