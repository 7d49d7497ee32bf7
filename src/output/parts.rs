//! Sections, tables, items and indicators as schema version 2 writes them: the
//! model's fields, every optional one present (null when unset), and
//! character offsets beside the byte offsets.

use super::offsets::CharIndex;
use crate::model::{Document, Indicator, Item, Section, Span, Table, TableCell};
use serde::{Deserialize, Serialize};

/// A byte range with its character range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// First character (code point).
    pub char_start: usize,
    /// One past the last character.
    pub char_end: usize,
}

impl SpanOut {
    /// `span` with its character offsets.
    pub fn of(span: Span, chars: &CharIndex) -> SpanOut {
        SpanOut {
            start: span.start,
            end: span.end,
            char_start: chars.chars(span.start),
            char_end: chars.chars(span.end),
        }
    }
}

/// A section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionOut {
    /// `s1`, `s2`, ... in document order.
    pub id: String,
    /// Id of the enclosing section.
    pub parent: Option<String>,
    /// 1 = top level.
    pub level: u8,
    /// Canonical kind (the schema lists them).
    pub kind: String,
    /// The heading as written.
    pub heading: String,
    /// The number the heading carries.
    pub number: Option<String>,
    /// BBV taakveld code when the heading names one.
    pub taakveld: Option<String>,
    /// Page of the heading.
    pub page: u32,
    /// Byte offset of the heading.
    pub start: usize,
    /// Byte offset where the section ends.
    pub end: usize,
    /// Character offset of the heading.
    pub char_start: usize,
    /// Character offset where the section ends.
    pub char_end: usize,
}

impl SectionOut {
    /// The output form of `s`.
    pub fn of(s: &Section, chars: &CharIndex) -> SectionOut {
        SectionOut {
            id: s.id.clone(),
            parent: s.parent.clone(),
            level: s.level,
            kind: s.kind.clone(),
            heading: s.heading.clone(),
            number: s.number.clone(),
            taakveld: s.taakveld.clone(),
            page: s.page,
            start: s.start,
            end: s.end,
            char_start: chars.chars(s.start),
            char_end: chars.chars(s.end),
        }
    }
}

/// A row of a goal/status table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemOut {
    /// `1a` (section number + label), else `t3.a`.
    pub id: String,
    /// Enclosing section id.
    pub section: Option<String>,
    /// Row label ("a").
    pub label: String,
    /// The goal cell.
    pub goal: String,
    /// The status cell.
    pub status_text: String,
    /// Ids of items this item refers to.
    pub refs: Vec<String>,
    /// Page the row starts on.
    pub page: u32,
    /// Start byte of the row.
    pub start: usize,
    /// End byte of the last row.
    pub end: usize,
    /// Start character.
    pub char_start: usize,
    /// End character.
    pub char_end: usize,
    /// The pieces of the goal cell.
    pub goal_spans: Vec<SpanOut>,
    /// The pieces of the status cell.
    pub status_spans: Vec<SpanOut>,
}

impl ItemOut {
    /// The output form of `i`.
    pub fn of(i: &Item, chars: &CharIndex) -> ItemOut {
        let spans = |v: &[Span]| v.iter().map(|s| SpanOut::of(*s, chars)).collect();
        ItemOut {
            id: i.id.clone(),
            section: i.section.clone(),
            label: i.label.clone(),
            goal: i.goal.clone(),
            status_text: i.status_text.clone(),
            refs: i.refs.clone(),
            page: i.page,
            start: i.start,
            end: i.end,
            char_start: chars.chars(i.start),
            char_end: chars.chars(i.end),
            goal_spans: spans(&i.goal_spans),
            status_spans: spans(&i.status_spans),
        }
    }
}

/// A row of an indicator table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorOut {
    /// `i1`, `i2` ... in document order.
    pub id: String,
    /// Enclosing section id.
    pub section: Option<String>,
    /// The row's number in the table, when it has one.
    pub code: Option<String>,
    /// The indicator name.
    pub name: String,
    /// Column headers (after the name column).
    pub columns: Vec<String>,
    /// The value cells as written, in column order.
    pub cells: Vec<String>,
    /// Page the row starts on.
    pub page: u32,
    /// Row start byte.
    pub start: usize,
    /// Row end byte.
    pub end: usize,
    /// Row start character.
    pub char_start: usize,
    /// Row end character.
    pub char_end: usize,
}

impl IndicatorOut {
    /// The output form of `i`.
    pub fn of(i: &Indicator, chars: &CharIndex) -> IndicatorOut {
        IndicatorOut {
            id: i.id.clone(),
            section: i.section.clone(),
            code: i.code.clone(),
            name: i.name.clone(),
            columns: i.columns.clone(),
            cells: i.cells.clone(),
            page: i.page,
            start: i.start,
            end: i.end,
            char_start: chars.chars(i.start),
            char_end: chars.chars(i.end),
        }
    }
}

/// A table: its header and body rows, column titles, caption and scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableOut {
    /// `t1`, `t2` ... in document order.
    pub id: String,
    /// Enclosing section id.
    pub section: Option<String>,
    /// Page the table starts on.
    pub page: u32,
    /// Page it ends on.
    pub page_end: u32,
    /// Start byte of the table.
    pub start: usize,
    /// End byte of the table.
    pub end: usize,
    /// Start character.
    pub char_start: usize,
    /// End character.
    pub char_end: usize,
    /// The title printed over the table.
    pub caption: Option<String>,
    /// The scale as printed ("x € 1.000", "€ '000").
    pub scale: Option<String>,
    /// The scale's factor (1000, 1000000).
    pub scale_factor: Option<f64>,
    /// How many of the first rows are header rows.
    pub header_rows: usize,
    /// Each column's title, its header cells joined top to bottom ("" for
    /// a column without one).
    pub columns: Vec<String>,
    /// Every row, header rows first.
    pub rows: Vec<Vec<TableCellOut>>,
    /// The id of the table this one goes on from over a page break.
    pub continues: Option<String>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableCellOut {
    /// The text as printed ("" for an empty cell).
    pub text: String,
    /// Page.
    pub page: u32,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Start character.
    pub char_start: usize,
    /// End character.
    pub char_end: usize,
    /// The figure the cell holds when it holds nothing else, as printed.
    pub number: Option<f64>,
    /// The figure is a percentage.
    pub percent: bool,
    /// The figure with the table's scale applied (`number` when the table
    /// has none, or for a percentage or a first-column cell).
    pub value: Option<f64>,
}

impl TableOut {
    /// The output form of `t`, its cells' text read from `doc`, with its
    /// first `rows` rows.
    pub fn of(t: &Table, doc: &Document, chars: &CharIndex, rows: usize) -> TableOut {
        TableOut {
            id: t.id.clone(),
            section: t.section.clone(),
            page: t.page,
            page_end: t.page_end,
            start: t.span.start,
            end: t.span.end,
            char_start: chars.chars(t.span.start),
            char_end: chars.chars(t.span.end),
            caption: t.caption.clone(),
            scale: t.scale.as_ref().map(|s| s.0.clone()),
            scale_factor: t.scale.as_ref().map(|s| s.1),
            header_rows: t.header_rows,
            columns: t.columns.clone(),
            rows: t
                .rows
                .iter()
                .take(rows)
                .map(|row| row_out(row, doc, chars))
                .collect(),
            continues: t.continues.clone(),
        }
    }
}

/// The output form of a table row, its cells' text read from `doc`.
pub fn row_out(row: &[TableCell], doc: &Document, chars: &CharIndex) -> Vec<TableCellOut> {
    row.iter()
        .map(|c| TableCellOut {
            text: doc.slice(c.span).to_string(),
            page: c.page,
            start: c.span.start,
            end: c.span.end,
            char_start: chars.chars(c.span.start),
            char_end: chars.chars(c.span.end),
            number: c.number,
            percent: c.percent,
            value: c.value,
        })
        .collect()
}
