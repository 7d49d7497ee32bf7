//! `--format xlsx -o FILE.xlsx`: the workbook as an output file.
//!
//! A workbook is a zip whose parts are written once all rows are known,
//! so it cannot stream to stdout; it is written at the end of the run.
//! It keeps the `-o` contract of [`super::outfile`]: the workbook is
//! written to `FILE.xlsx.partial` and renamed when the run is complete.
//! Until then the rows go, record by record as the writer receives them,
//! into temporary files in the output's folder (not into memory). An
//! interrupted run still writes what it has to the partial file, a
//! workbook that opens, so the summary's "records written" are there.

use super::outfile::OutFile;
use anyhow::{Context, Result};
use beleidsmijn::output::tables::Table;
use beleidsmijn::output::value::Value;
use beleidsmijn::output::xlsx::{Limits, Workbook};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A workbook being written to `-o`'s partial file.
pub(super) struct WorkbookOut {
    book: Workbook,
    file: File,
    out: OutFile,
}

impl WorkbookOut {
    /// Start the workbook at `path` (checked not to be an input): one
    /// sheet per table of `tables`.
    ///
    /// # Errors
    /// An output that is an input, or a partial or temporary file that
    /// cannot be created.
    pub fn create(path: &Path, tables: &[Table], inputs: &[PathBuf]) -> Result<Self> {
        let (out, file) = OutFile::create(path, inputs)?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let book = Workbook::new(tables, Some(dir), Limits::EXCEL)
            .with_context(|| format!("cannot start the workbook {}", path.display()))?;
        Ok(WorkbookOut { book, file, out })
    }

    /// Add one record's rows, one list per sheet.
    ///
    /// # Errors
    /// A temporary file cannot be written.
    pub fn append(&mut self, sheets: &[Vec<Vec<Value>>]) -> std::io::Result<()> {
        for (i, rows) in sheets.iter().enumerate() {
            self.book.append(i, rows).map_err(std::io::Error::other)?;
        }
        Ok(())
    }

    /// Write the workbook into the partial file. Returns the file to
    /// commit (or, after an interruption, to name as incomplete) and the
    /// result: the warnings of rows or cells that did not fit, or why it
    /// could not be written.
    pub fn write(self) -> (OutFile, Result<Vec<String>>) {
        let WorkbookOut { book, file, out } = self;
        let mut buf = std::io::BufWriter::new(file);
        let written = book
            .finish(&mut buf)
            .map_err(anyhow::Error::from)
            .and_then(|warnings| Ok(buf.flush().map(|()| warnings)?))
            .with_context(|| format!("writing {}", out.partial().display()));
        (out, written)
    }
}
