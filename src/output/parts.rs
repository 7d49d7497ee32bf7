//! Sections, items and indicators as schema version 2 writes them: the
//! model's fields, every optional one present (null when unset), and
//! character offsets beside the byte offsets.

use super::offsets::CharIndex;
use crate::model::{Indicator, Item, Section, Span};
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
