//! `--format xlsx`: the flat tables as one workbook, a sheet per table.
//!
//! In: the typed rows ([`Value`]) of each table, record by record, the
//! same rows `--format csv --table NAME` writes as text. Out: an Office
//! Open XML workbook (`rust_xlsxwriter`) whose sheets are named for the
//! tables, with the same columns:
//!
//! - each cell has its type: whole numbers and fractions are numbers,
//!   full dates from 1901 on are dates (shown `yyyy-mm-dd`), flags booleans, the rest
//!   text. Text is always written as a string, never as a formula, so a
//!   sentence starting with `=`, `+`, `-` or `@` shows as written and runs
//!   nothing (the CSV needs `--excel`'s `'` for that; a workbook does not);
//! - the header row is bold and frozen, an autofilter covers the data,
//!   and each column is as wide as its longest value (up to a limit);
//! - Excel's limits are kept rather than failed on: a text longer than a
//!   cell holds (32,767 characters) is cut and ends in [`CUT`]; rows past
//!   the last row of a sheet (1,048,576) are left out, and the last row
//!   says how many. Each gives one warning per sheet.
//!
//! The bytes are the same on every run and for any thread count (no
//! clock time is written). Rows are streamed into temporary files beside
//! the output (`rust_xlsxwriter`'s constant-memory mode), not kept in
//! memory, so an archive's workbook costs disk, not RAM; the zip is
//! written at the end.

use super::tables::Table;
use super::value::{iso_date, Value};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook as Book, XlsxError};
use std::io::{Seek, Write};
use std::path::Path;

/// What ends a text cut to fit a cell.
pub const CUT: &str = " …[cut: longer than an Excel cell holds]";

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The writer failed (a temporary file, the zip, the output).
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// How much a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows per sheet, the header row included.
    pub rows: u32,
    /// Characters per cell (UTF-16 code units, as Excel counts them).
    pub cell_chars: usize,
}

impl Limits {
    /// Excel's: 1,048,576 rows, 32,767 characters a cell.
    pub const EXCEL: Limits = Limits {
        rows: 1_048_576,
        cell_chars: 32_767,
    };
}

/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;

/// One sheet being written.
#[derive(Debug)]
struct Sheet {
    table: Table,
    /// The next row to write (0 is the header).
    next: u32,
    /// A row for the last row of the sheet, written there unless more
    /// rows come (then the last row says how many were left out).
    pending: Option<Vec<Value>>,
    /// Rows left out.
    dropped: u64,
    /// Cells cut.
    cut: u64,
    /// The longest value of each column, in characters.
    widths: Vec<usize>,
}

/// A workbook being written, one sheet per table.
pub struct Workbook {
    book: Book,
    sheets: Vec<Sheet>,
    date: Format,
    limits: Limits,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("sheets", &self.sheets)
            .finish_non_exhaustive()
    }
}

impl Workbook {
    /// A workbook with a sheet for each of `tables` (named for it, with
    /// its header row), its rows kept in temporary files in `tempdir`
    /// (the system's when `None`).
    ///
    /// # Errors
    /// A temporary file cannot be created.
    ///
    /// # Example
    /// ```
    /// use beleidsmijn::output::{tables::Table, value::Value, xlsx::{Limits, Workbook}};
    /// let mut book = Workbook::new(&[Table::Documents], None, Limits::EXCEL)?;
    /// let row = vec![Value::Text("ab12".into()), Value::Text("a.txt".into())];
    /// book.append(0, &[row])?;
    /// let mut bytes = std::io::Cursor::new(Vec::new());
    /// let warnings = book.finish(&mut bytes)?;
    /// assert!(warnings.is_empty() && bytes.get_ref().starts_with(b"PK"));
    /// # Ok::<(), beleidsmijn::output::xlsx::Error>(())
    /// ```
    pub fn new(
        tables: &[Table],
        tempdir: Option<&Path>,
        limits: Limits,
    ) -> Result<Workbook, Error> {
        let mut book = Book::new();
        // The same bytes every run: the creation time is fixed (the zip's
        // entries carry a fixed time too), not the clock's.
        let epoch = ExcelDateTime::from_ymd(1980, 1, 1)?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
        if let Some(dir) = tempdir {
            book.set_tempdir(dir)?;
        }
        let bold = Format::new().set_bold();
        let mut sheets = Vec::new();
        for &table in tables {
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name(table.name())?;
            for (c, name) in (0u16..).zip(table.columns()) {
                sheet.write_string_with_format(0, c, *name, &bold)?;
            }
            sheet.set_freeze_panes(1, 0)?;
            sheets.push(Sheet {
                table,
                next: 1,
                pending: None,
                dropped: 0,
                cut: 0,
                widths: table.columns().iter().map(|c| c.chars().count()).collect(),
            });
        }
        Ok(Workbook {
            book,
            sheets,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            limits,
        })
    }

    /// Append `rows` to the `sheet`-th sheet (in the order of the tables
    /// given to [`Workbook::new`]); rows past the sheet's last are counted
    /// and left out.
    ///
    /// # Errors
    /// A temporary file cannot be written.
    pub fn append(&mut self, sheet: usize, rows: &[Vec<Value>]) -> Result<(), Error> {
        let last = self.limits.rows.saturating_sub(1);
        for row in rows {
            let Some(s) = self.sheets.get_mut(sheet) else {
                return Ok(());
            };
            if s.next < last {
                let at = s.next;
                s.next += 1;
                self.write_row(sheet, at, row)?;
            } else if s.pending.is_none() && s.dropped == 0 {
                s.pending = Some(row.clone());
            } else {
                s.dropped += 1;
            }
        }
        Ok(())
    }

    fn write_row(&mut self, sheet: usize, at: u32, row: &[Value]) -> Result<(), Error> {
        let Some(s) = self.sheets.get_mut(sheet) else {
            return Ok(());
        };
        let ws = self.book.worksheet_from_index(sheet)?;
        for (c, v) in (0u16..).zip(row) {
            let width = match v {
                Value::Empty => 0,
                Value::Text(t) => {
                    if t.is_empty() {
                        continue;
                    }
                    let (text, cut) = fit(t, self.limits.cell_chars);
                    s.cut += u64::from(cut);
                    ws.write_string(at, c, text.as_ref())?;
                    text.chars().count()
                }
                Value::Int(i) => {
                    ws.write_number(at, c, *i as f64)?;
                    i.to_string().len()
                }
                Value::Float(f) if f.is_finite() => {
                    ws.write_number(at, c, *f)?;
                    format!("{f}").len().min(16)
                }
                Value::Float(_) => 0,
                Value::Date(d) => {
                    match excel_date(d) {
                        Some(date) => ws.write_datetime_with_format(at, c, &date, &self.date)?,
                        None => ws.write_string(at, c, d.as_str())?,
                    };
                    d.len()
                }
                Value::Bool(b) => {
                    ws.write_boolean(at, c, *b)?;
                    5
                }
            };
            if let Some(w) = s.widths.get_mut(usize::from(c)) {
                *w = (*w).max(width);
            }
        }
        Ok(())
    }

    /// Finish every sheet (the last row, the autofilter, column widths)
    /// and write the workbook to `out`. Returns a warning for each sheet
    /// whose rows or cells did not fit.
    ///
    /// # Errors
    /// The workbook cannot be assembled or written.
    pub fn finish<W: Write + Seek + Send>(mut self, out: W) -> Result<Vec<String>, Error> {
        let mut warnings = Vec::new();
        let last = self.limits.rows.saturating_sub(1);
        for i in 0..self.sheets.len() {
            let (pending, dropped) = match self.sheets.get_mut(i) {
                Some(s) => (s.pending.take(), s.dropped),
                None => continue,
            };
            match pending {
                Some(row) if dropped == 0 => {
                    self.write_row(i, last, &row)?;
                    if let Some(s) = self.sheets.get_mut(i) {
                        s.next = last + 1;
                    }
                }
                Some(_) => {
                    let left_out = dropped + 1;
                    let marker = format!(
                        "[{left_out} more rows left out: a sheet holds {} rows; \
                         --format csv --table {} has them all]",
                        self.limits.rows,
                        self.sheets.get(i).map_or("", |s| s.table.name())
                    );
                    self.write_row(i, last, &[Value::Text(marker)])?;
                    if let Some(s) = self.sheets.get_mut(i) {
                        s.next = last + 1;
                        s.dropped = left_out;
                    }
                }
                None => {}
            }
            let Some(s) = self.sheets.get(i) else {
                continue;
            };
            let ws = self.book.worksheet_from_index(i)?;
            let columns = u16::try_from(s.widths.len().saturating_sub(1)).unwrap_or(0);
            ws.autofilter(0, 0, s.next.saturating_sub(1), columns)?;
            for (c, w) in (0u16..).zip(&s.widths) {
                // Room for the filter button in the header.
                let width = (w + 3).clamp(6, MAX_WIDTH);
                ws.set_column_width(c, width as f64)?;
            }
            let name = s.table.name();
            if s.dropped > 0 {
                warnings.push(format!(
                    "sheet {name}: {} rows left out, past the {} rows a sheet holds \
                     (the last row says so; --format csv --table {name} has them all)",
                    s.dropped, self.limits.rows
                ));
            }
            if s.cut > 0 {
                warnings.push(format!(
                    "sheet {name}: {} cells cut to the {} characters a cell holds, \
                     each ending in \"{}\"",
                    s.cut,
                    self.limits.cell_chars,
                    CUT.trim()
                ));
            }
        }
        self.book.save_to_writer(out)?;
        Ok(warnings)
    }
}

/// `text`, or its longest start that fits `max` UTF-16 code units with
/// [`CUT`] after it; and whether it was cut.
fn fit(text: &str, max: usize) -> (std::borrow::Cow<'_, str>, bool) {
    if text.len() <= max || text.encode_utf16().count() <= max {
        return (text.into(), false);
    }
    let room = max.saturating_sub(CUT.encode_utf16().count());
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(i, _)| i);
    let start = text.get(..end).unwrap_or_default();
    (format!("{start}{CUT}").into(), true)
}

/// A full ISO date as an Excel date; `None` before 1901 (Excel's dates
/// start in 1900, with a 29 February 1900 that never was) or when it is no
/// day of the calendar (2021-02-30), which are then written as text.
fn excel_date(s: &str) -> Option<ExcelDateTime> {
    let (y, m, d) = iso_date(s).filter(|(y, _, _)| *y > 1900)?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_to_fit_with_a_marker() {
        assert_eq!(fit("kort", 10), ("kort".into(), false));
        let long = "é".repeat(100);
        let (cut, was) = fit(&long, 60);
        assert!(was);
        assert!(cut.ends_with(CUT), "{cut}");
        assert_eq!(cut.encode_utf16().count(), 60);
        // A character outside the BMP counts twice, as Excel counts it.
        let emoji = "😀".repeat(40);
        let (cut, _) = fit(&emoji, 60);
        assert!(cut.encode_utf16().count() <= 60, "{cut}");
        assert!(cut.starts_with("😀"));
    }

    /// The sheet XML of a finished one-sheet workbook, and its warnings.
    fn write(limits: Limits, rows: &[Vec<Value>]) -> (String, Vec<String>) {
        let mut book = Workbook::new(&[Table::Items], None, limits).unwrap();
        book.append(0, rows).unwrap();
        let mut bytes = std::io::Cursor::new(Vec::new());
        let warnings = book.finish(&mut bytes).unwrap();
        let mut zip = zip::ZipArchive::new(bytes).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        (xml, warnings)
    }

    fn row(i: i64) -> Vec<Value> {
        vec![Value::Text(format!("r{i}")), Value::Int(i)]
    }

    #[test]
    fn rows_past_the_last_are_left_out_and_the_last_row_says_how_many() {
        let limits = Limits {
            rows: 4,
            cell_chars: 100,
        };
        // Three rows fit under the header: all written, no marker.
        let (xml, warnings) = write(limits, &[row(1), row(2), row(3)]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(
            xml.contains("<t>r3</t>") && !xml.contains("left out"),
            "{xml}"
        );
        assert!(xml.contains(r#"<autoFilter ref="A1:N4"/>"#), "{xml}");
        // Six: two written, the last row says four were left out.
        let rows: Vec<_> = (1..=6).map(row).collect();
        let (xml, warnings) = write(limits, &rows);
        assert!(
            xml.contains("<t>r2</t>") && !xml.contains("<t>r3</t>"),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<c r="A4" t="inlineStr"><is><t>[4 more rows left out: a sheet holds 4 rows; --format csv --table items has them all]</t></is></c>"#),
            "{xml}"
        );
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with("sheet items: 4 rows left out"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_text_longer_than_a_cell_holds_is_cut_with_a_warning() {
        let limits = Limits {
            rows: 100,
            cell_chars: 60,
        };
        let long = vec![Value::Text("x".repeat(61)), Value::Text("=1+1".into())];
        let (xml, warnings) = write(limits, &[long, row(1)]);
        let kept = "x".repeat(60 - CUT.encode_utf16().count());
        assert!(xml.contains(&format!("<t>{kept}{CUT}</t>")), "{xml}");
        assert!(xml.contains("<t>=1+1</t>") && !xml.contains("<f>"), "{xml}");
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("1 cells cut to the 60 characters"),
            "{warnings:?}"
        );
    }

    #[test]
    fn dates_before_1900_or_not_in_the_calendar_stay_text() {
        assert!(excel_date("2021-11-07").is_some());
        assert!(excel_date("1899-12-31").is_none());
        assert!(excel_date("1900-02-29").is_none());
        assert!(excel_date("2021-02-30").is_none());
        assert!(excel_date("2021-11").is_none());
    }
}
