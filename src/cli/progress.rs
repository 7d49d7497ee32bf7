//! Progress on stderr while a batch runs, and the summary line after.
//!
//! The bar shows only when stderr is a terminal and `--quiet` is off
//! (STYLE §6); diagnostics are printed through it so they do not tear the
//! bar. The summary line ends every run but a `--quiet` one: a log of a
//! cluster job should say what the run did, and a script asking for quiet
//! wants nothing but errors.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// Counts of a run and its progress bar.
pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Documents written (error records included).
    pub documents: u64,
    /// Pages (a document without pages counts as one).
    pub pages: u64,
    /// Entities.
    pub entities: u64,
    /// Error records.
    pub errors: u64,
    /// Documents taken from the cache.
    pub cached: u64,
    /// Files a folder walk left out.
    skipped: usize,
    quiet: bool,
}

impl Progress {
    /// Progress over `total` documents.
    pub fn new(total: usize, quiet: bool) -> Progress {
        let bar = if !quiet && std::io::stderr().is_terminal() {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {pos}/{len} documents, {msg}, ETA {eta}")
            {
                bar.set_style(style);
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress {
            bar,
            started: Instant::now(),
            documents: 0,
            pages: 0,
            entities: 0,
            errors: 0,
            cached: 0,
            skipped: 0,
            quiet,
        }
    }

    /// Count the files a folder walk left out, listing them when asked.
    pub fn skipped(&mut self, files: &[(std::path::PathBuf, &str)], list: bool) {
        self.skipped = files.len();
        if list {
            for (f, why) in files {
                super::diag(format_args!("skipped: {}: {why}", f.display()));
            }
        }
    }

    /// Print diagnostic lines on stderr without tearing the bar.
    pub fn notes(&self, lines: &[String]) {
        if !lines.is_empty() {
            self.bar.suspend(|| {
                for l in lines {
                    super::diag(format_args!("{l}"));
                }
            });
        }
    }

    /// Count one written document.
    pub fn tick(&mut self, pages: u64, entities: u64, failed: bool, cached: bool) {
        self.documents += 1;
        self.pages += pages;
        self.entities += entities;
        self.errors += u64::from(failed);
        self.cached += u64::from(cached);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} pages, {:.0} documents/s",
            self.pages,
            self.documents as f64 / secs
        ));
        self.bar.inc(1);
    }

    /// Clear the bar and print the summary line (not with `--quiet`).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
        if self.quiet {
            return;
        }
        let cached = if self.cached > 0 {
            format!(" ({} from cache)", self.cached)
        } else {
            String::new()
        };
        let skipped = if self.skipped > 0 {
            format!(", {} skipped (-v lists them)", self.skipped)
        } else {
            String::new()
        };
        super::diag(format_args!(
            "summary: {} documents{cached}, {} pages, {} entities, {} errors{skipped}, {:.2} s",
            self.documents,
            self.pages,
            self.entities,
            self.errors,
            self.started.elapsed().as_secs_f64()
        ));
    }
}
