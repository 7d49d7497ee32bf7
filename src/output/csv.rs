//! CSV output: how the rows of every flat table ([`super::tables`]) are
//! written as text — RFC 4180 quoting by the `csv` crate, UTF-8,
//! optionally with a byte-order mark for Excel.
//!
//! In: rows of typed [`Value`]s. Out: CSV bytes. Empty cells are absent
//! values. Numbers are written bare: whole numbers as integers, fractions
//! (`number`, `scale`, `value`, `scale_factor`) always with a fraction
//! (`1200.0`), so a loader that types a column from its first rows
//! (DuckDB's `read_csv_auto`) reads a double, not an integer it then
//! cannot widen. Dates are `YYYY-MM-DD`, flags `true`/`false`.
//!
//! [`Style`] says how: the delimiter (`,`, or `;` for a Dutch-locale
//! spreadsheet), and for spreadsheets (`--excel`) a text cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return: "- de pilot is gestart" is one) gets a
//! leading `'`, so it shows as the text it is; whole numbers are written
//! without their fraction there, as a spreadsheet reads them whatever its
//! locale.

use super::value::Value;

/// The UTF-8 byte-order mark `--excel` writes first.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// How the CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// The field delimiter.
    pub delimiter: u8,
    /// For a spreadsheet: cells that would run as formulas are quoted
    /// with a leading `'`.
    pub spreadsheet: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            delimiter: b',',
            spreadsheet: false,
        }
    }
}

impl Style {
    fn writer(self) -> ::csv::Writer<Vec<u8>> {
        ::csv::WriterBuilder::new()
            .has_headers(false)
            .delimiter(self.delimiter)
            .from_writer(Vec::new())
    }

    /// A text cell as this style writes it.
    fn cell(self, text: &str) -> String {
        if self.spreadsheet && runs_as_formula(text) {
            format!("'{text}")
        } else {
            text.to_string()
        }
    }

    /// A fraction: with a fraction always (`1200.0`), or for a
    /// spreadsheet without one when whole.
    fn number(self, v: f64) -> String {
        if self.spreadsheet && v.fract() == 0.0 && v.abs() < 9.0e15 {
            format!("{}", v as i64)
        } else {
            format!("{v:?}")
        }
    }

    /// A cell as text.
    pub fn format(self, v: &Value) -> String {
        match v {
            Value::Empty => String::new(),
            Value::Text(s) => self.cell(s),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => self.number(*f),
            Value::Date(d) => d.clone(),
            Value::Bool(b) => b.to_string(),
        }
    }

    /// Rows, CSV-encoded.
    ///
    /// # Errors
    /// Never in practice (writes to memory); kept for the `csv` API.
    pub fn encode(self, rows: &[Vec<Value>]) -> Result<Vec<u8>, ::csv::Error> {
        let mut w = self.writer();
        for row in rows {
            w.write_record(row.iter().map(|v| self.format(v)))?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
}

/// Whether a spreadsheet would run `text` as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, and is no signed number
/// ("-3.076" stays a number).
fn runs_as_formula(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['=', '+', '-', '@', '\t', '\r']) else {
        return false;
    };
    let signed_number = text.starts_with(['-', '+'])
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    !signed_number
}

/// A header line, CSV-encoded.
///
/// # Errors
/// Never in practice (writes to memory); kept for the `csv` API.
pub fn header_of(columns: &[&str], style: Style) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = style.writer();
    w.write_record(columns)?;
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_value_has_its_text() {
        let csv = Style::default();
        let excel = Style {
            delimiter: b';',
            spreadsheet: true,
        };
        for (v, plain, spreadsheet) in [
            (Value::Empty, "", ""),
            (Value::Int(-12), "-12", "-12"),
            (Value::Float(1200.0), "1200.0", "1200"),
            (Value::Float(-0.5), "-0.5", "-0.5"),
            (Value::Date("2021-11-07".into()), "2021-11-07", "2021-11-07"),
            (Value::Bool(true), "true", "true"),
            (Value::Text("- gestart".into()), "- gestart", "'- gestart"),
            (Value::Text("=SUM(A1)".into()), "=SUM(A1)", "'=SUM(A1)"),
            (Value::Text("-3.076".into()), "-3.076", "-3.076"),
            (Value::Text("@home".into()), "@home", "'@home"),
        ] {
            assert_eq!(csv.format(&v), plain, "{v:?}");
            assert_eq!(excel.format(&v), spreadsheet, "{v:?}");
        }
    }
}
