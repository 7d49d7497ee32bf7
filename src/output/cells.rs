//! The `tables` CSV table: every body cell of every table of a record, one
//! row each, in the long format a spreadsheet or DuckDB pivots.
//!
//! In: a record's `tables` as read back ([`TableView`]). Out: rows of
//! [`TABLE_CELLS`]: the key (`doc_id`, `path`, `path_bytes`), the table
//! (`table_id`, `section`, `caption`), where the cell stands (`row_index`,
//! `row_label`, `col_index`, `column_title`, and `year` when the column
//! title names one), the cell (`text` as printed, `number`, `percent`,
//! `value` with the scale applied), the table's scale (`scale_text` as
//! printed, `scale_factor`), `continues`, and the cell's page and offsets.
//!
//! Why these names and not the JSON's: `table` and `column` are reserved
//! words in SQL (every query would have to quote them), and `row` (the
//! table row text of an entity, VARCHAR) and `scale` (an amount's
//! multiplier, DOUBLE) already have a type in the other tables, and a
//! column name has one type in every table. Indices count from 1 as SQL
//! and spreadsheets do: the first body row is `row_index` 1, and the cell
//! is `.rows[.header_rows + row_index - 1][col_index - 1]` in the JSON.

use super::value::Value;
use super::view::{RecordView, TableCellView, TableView};
use regex::Regex;
use std::sync::OnceLock;

/// The columns of `tables`.
pub const TABLE_CELLS: [&str; 23] = [
    "doc_id",
    "path",
    "path_bytes",
    "table_id",
    "section",
    "caption",
    "page",
    "row_index",
    "row_label",
    "col_index",
    "column_title",
    "year",
    "text",
    "number",
    "percent",
    "value",
    "scale_text",
    "scale_factor",
    "continues",
    "start",
    "end",
    "char_start",
    "char_end",
];

/// The rows of `rec` in `tables`, after the key columns `key`.
pub fn rows(rec: &RecordView, key: &[Value; 3]) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for t in &rec.tables {
        for (r, row) in t.rows.iter().skip(t.header_rows).enumerate() {
            let label = row_label(row);
            for (c, cell) in row.iter().enumerate() {
                out.push(cell_row(t, key, (r, c), label, cell));
            }
        }
    }
    out
}

fn cell_row(
    t: &TableView,
    key: &[Value; 3],
    (r, c): (usize, usize),
    label: &str,
    cell: &TableCellView,
) -> Vec<Value> {
    let title = t.columns.get(c).map(String::as_str).unwrap_or_default();
    let mut row = key.to_vec();
    row.extend([
        t.id.as_str().into(),
        Value::text(&t.section),
        Value::text(&t.caption),
        Value::opt(cell.span.page),
        (r + 1).into(),
        label.into(),
        (c + 1).into(),
        title.into(),
        Value::opt(year_of(title)),
        cell.text.as_str().into(),
        Value::opt(cell.number),
        cell.percent.into(),
        Value::opt(cell.value),
        Value::text(&t.scale),
        Value::opt(t.scale_factor),
        Value::text(&t.continues),
        Value::opt(cell.span.start),
        Value::opt(cell.span.end),
        Value::opt(cell.span.char_start),
        Value::opt(cell.span.char_end),
    ]);
    row
}

/// What a row is called: its first cell's text, or the second's when the
/// first holds only a row number ("3", "1.2", "4a") and the second is
/// text ("3 | Formatie | fte | …").
fn row_label(row: &[TableCellView]) -> &str {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let number = RE
        .get_or_init(|| Regex::new(r"^[0-9]{1,3}(?:\.[0-9]{1,3})*\.?[a-z]?$").ok())
        .as_ref();
    let first = row.first().map(|c| c.text.trim()).unwrap_or_default();
    match row.get(1) {
        Some(second)
            if number.is_some_and(|re| re.is_match(first))
                && second.number.is_none()
                && !second.text.trim().is_empty() =>
        {
            second.text.trim()
        }
        _ => first,
    }
}

/// The year a column title names when it names exactly one (19xx or
/// 20xx): "Realisatie 2023" is 2023; "2022-2023", "Eenheid" none.
pub fn year_of(title: &str) -> Option<u32> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| Regex::new(r"\b(?:19|20)[0-9]{2}\b").ok())
        .as_ref()?;
    let mut years = re.find_iter(title).filter_map(|m| m.as_str().parse().ok());
    let first = years.next()?;
    years.all(|y: u32| y == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_title_names_one_year_or_none() {
        for (title, want) in [
            ("Realisatie 2023", Some(2023)),
            ("2024", Some(2024)),
            ("Begroting 2024 na wijziging 2024", Some(2024)),
            ("t/m 1999", Some(1999)),
            ("2022-2023", None),
            ("Realisatie 2022 Begroting 2023", None),
            ("Eenheid", None),
            ("12023", None),
            ("x € 1.000", None),
            ("", None),
        ] {
            assert_eq!(year_of(title), want, "{title}");
        }
    }

    #[test]
    fn a_row_is_named_by_its_first_cell_or_the_text_after_its_number() {
        let cells = |texts: &[&str]| -> Vec<TableCellView> {
            texts
                .iter()
                .map(|t| TableCellView {
                    text: t.to_string(),
                    number: crate::extract::grid::parse_figure(t).map(|f| f.0),
                    ..TableCellView::default()
                })
                .collect()
        };
        for (row, want) in [
            (&["Formatie", "fte", "0,17"][..], "Formatie"),
            (&["3", "Formatie", "0,17"], "Formatie"),
            (&["1.2", "Baten", "12"], "Baten"),
            (&["4a", "Lasten", "1"], "Lasten"),
            (&["2023", "12", "13"], "2023"),
            (&["3", "12", "13"], "3"),
            (&["3", "", "13"], "3"),
            (&[], ""),
        ] {
            assert_eq!(row_label(&cells(row)), want, "{row:?}");
        }
    }
}
