//! The one document model every stage shares.
//!
//! Ingest (text, HTML, later PDF) turns a file into a list of [`RawBlock`]s:
//! text with a kind, a page and style hints, but no offsets yet. The
//! [`crate::ingest::assemble`] step joins those blocks into the single
//! normalised document text and gives every block (and every table cell) its
//! byte range in it. From then on the [`Document`] is read-only: segmentation
//! and extraction annotate it with [`Section`]s, [`Item`]s, [`Indicator`]s and
//! [`Entity`]s whose `start..end` always index `Document::text`.

pub use crate::extract::entities::class::StatusClass;
use serde::Serialize;

/// What a block is, as far as the format (not the vocabulary) can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A line that looks like a heading (short, no final punctuation, or a
    /// heading element / large or bold font).
    Heading,
    /// Body text.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A table; its cells are in [`Block::rows`].
    Table,
    /// A footnote or endnote.
    Footnote,
    /// Page furniture: running headers and footers, page numbers, export
    /// stamps. Kept in the text (so offsets stay honest) but outside sections.
    Furniture,
}

/// Style hints that the format gives. Every field is optional: plain text
/// has none, HTML has the tag, PDF has font size and weight.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Style {
    /// The HTML element the block came from (`h2`, `p`, `li`, `td` ...), or
    /// the structure type of a tagged-PDF heading (`H2`, `H`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Font size in points (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font_size: Option<f32>,
    /// Bold font (PDF, or `<b>`/`<strong>` wrapping a whole HTML block).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bold: Option<bool>,
    /// Heading level the format states (HTML h1..h6, PDF size tier, tagged PDF H1..H6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
}

/// A block as ingest produces it, before offsets exist.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    /// Kind of block.
    pub kind: BlockKind,
    /// Its text on one logical line (line breaks inside a paragraph already
    /// joined). For tables: ignored, the cells are in `rows`.
    pub text: String,
    /// 1-based page number.
    pub page: u32,
    /// Style hints.
    pub style: Style,
    /// Table cells, row by row (only for [`BlockKind::Table`]).
    pub rows: Vec<Vec<String>>,
    /// A bullet or footnote marker that was stripped from the text ("•", "1.", "²").
    pub marker: Option<String>,
    /// Continues the last paragraph or list item before it, whose sentence a
    /// page break or footnote interrupted (set by reflow).
    pub continues: bool,
    /// Its cell in the table it was read from, when a layout of labels
    /// beside text became headings and paragraphs ([`crate::ingest::labels`]).
    pub place: Option<Place>,
}

/// A heading's or paragraph's cell in the label layout it was read from:
/// the sections see a heading over a paragraph, the tables the grid the
/// page draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Which label layout of the document (counted from 0).
    pub table: usize,
    /// Row in it.
    pub row: usize,
    /// Column in it: 0 the label, 1 the text.
    pub col: usize,
}

impl RawBlock {
    /// A block of `kind` with `text` on `page` and no style.
    pub fn new(kind: BlockKind, text: impl Into<String>, page: u32) -> RawBlock {
        RawBlock {
            kind,
            text: text.into(),
            page,
            style: Style::default(),
            rows: Vec::new(),
            marker: None,
            continues: false,
            place: None,
        }
    }

    /// A table block on `page`.
    pub fn table(rows: Vec<Vec<String>>, page: u32) -> RawBlock {
        RawBlock {
            rows,
            ..RawBlock::new(BlockKind::Table, "", page)
        }
    }
}

/// A byte range into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One table cell with its place in the document text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Byte range of the cell text (empty range for an empty cell).
    pub span: Span,
    /// 1-based page the cell starts on.
    pub page: u32,
}

/// A block of the assembled document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// Kind of block.
    pub kind: BlockKind,
    /// Byte range of the block in the document text.
    pub span: Span,
    /// 1-based page.
    pub page: u32,
    /// Style hints.
    pub style: Style,
    /// Table rows (tables only), each cell with its own span.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Vec<Cell>>,
    /// Stripped bullet or footnote marker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    /// Index of the paragraph or list item this block continues (the first
    /// block of the chain): a sentence interrupted by a page break or a
    /// footnote goes on here. The text stays
    /// in page order; readers of the paragraph follow the chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continues: Option<usize>,
    /// Its cell in the label layout it was read from (see [`RawBlock::place`]).
    #[serde(skip)]
    pub place: Option<Place>,
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`, `.md`).
    Text,
    /// HTML (`.html`, `.htm`).
    Html,
    /// PDF.
    Pdf,
}

/// A document: one normalised text and the blocks that tile it.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The normalised text every offset points into. Blocks are separated by
    /// a blank line, pages by a form feed.
    pub text: String,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Number of pages; `None` for formats without pages.
    pub pages: Option<u32>,
    /// Format the document came from.
    pub format: Format,
    /// Things that went partly wrong while reading it.
    pub warnings: Vec<String>,
    /// What the publisher says around the document and the reader left
    /// out of `text`: a web page's title, site name, header and footer
    /// (see [`crate::ingest::html::Page::chrome`]), a PDF's `/Title` and
    /// `/Subject` (see [`crate::ingest::pdf::info`]). No offset points into
    /// it; it is evidence of who published the document, used only when
    /// the text itself does not say.
    pub chrome: Vec<String>,
}

impl Document {
    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The text of a block.
    pub fn block_text(&self, block: &Block) -> &str {
        self.slice(block.span)
    }

    /// The page that byte offset `at` lies on (1 when the format has no pages).
    pub fn page_at(&self, at: usize) -> u32 {
        match self.blocks.partition_point(|b| b.span.start <= at) {
            0 => 1,
            i => self.blocks[i - 1].page,
        }
    }
}

/// A section of the document: a heading and what follows it up to the next
/// heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// `s1`, `s2`, ... in document order.
    pub id: String,
    /// Id of the enclosing section.
    pub parent: Option<String>,
    /// 1 = top level.
    pub level: u8,
    /// Canonical kind (`wat_hebben_we_bereikt`, `actielijn`, `heading` ...).
    pub kind: String,
    /// The heading as written.
    pub heading: String,
    /// The number the heading carries ("3." numbering, actielijn number,
    /// taakveld code).
    pub number: Option<String>,
    /// Byte offset of the heading.
    pub start: usize,
    /// Byte offset where the section ends (start of the next section of the
    /// same or a higher level, or end of text).
    pub end: usize,
    /// Byte range of the heading text itself.
    #[serde(skip)]
    pub heading_span: Span,
    /// Page of the heading.
    pub page: u32,
    /// BBV taakveld code when the heading names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taakveld: Option<String>,
}

/// A row of a goal/status table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// `1a` (section number + label) where the section has a number, else `t3.a`.
    pub id: String,
    /// Enclosing section id.
    pub section: Option<String>,
    /// Row label ("a").
    pub label: String,
    /// The goal cell (first column), continuation rows joined.
    pub goal: String,
    /// The status cell (second column), continuation rows joined.
    pub status_text: String,
    /// Ids of items this item refers to ("Zie ook actielijn 1e").
    pub refs: Vec<String>,
    /// Start of the row in the document text.
    pub start: usize,
    /// End of the last row (continuations included).
    pub end: usize,
    /// Page the row starts on.
    pub page: u32,
    /// Byte ranges of the pieces of the goal cell (one per physical row).
    pub goal_spans: Vec<Span>,
    /// Byte ranges of the pieces of the status cell.
    pub status_spans: Vec<Span>,
}

/// A row of an indicator table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    /// `i1`, `i2` ... in document order.
    pub id: String,
    /// Enclosing section id.
    pub section: Option<String>,
    /// The row's number in the table, when its first cell holds only that
    /// ("17"); the name is then the next cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The indicator name (first cell, or the cell after `code`).
    pub name: String,
    /// Column headers of the table (after the name column).
    pub columns: Vec<String>,
    /// The value cells in column order, trailing empty cells dropped.
    pub cells: Vec<String>,
    /// Page the row starts on.
    pub page: u32,
    /// Row start in the document text.
    pub start: usize,
    /// Row end in the document text.
    pub end: usize,
}

/// A table as a reader sees it: its header rows over its body rows, each
/// column titled by its header cells, a caption and scale from around it,
/// and every figure parsed. Read from a table block by
/// [`crate::extract::grid`].
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// `t1`, `t2` ... in document order.
    pub id: String,
    /// Enclosing section id.
    pub section: Option<String>,
    /// The page the table starts on, and the page it ends on.
    pub page: u32,
    /// Last page.
    pub page_end: u32,
    /// The table block in the document text.
    pub span: Span,
    /// The title printed over it ("Tabel 31 Bezuinigingen en taakstellingen").
    pub caption: Option<String>,
    /// The scale as printed ("x € 1.000", "€ '000"), and its factor.
    pub scale: Option<(String, f64)>,
    /// How many of the first rows are header rows.
    pub header_rows: usize,
    /// Each column's title: its header cells, top to bottom.
    pub columns: Vec<String>,
    /// Every row, header rows first.
    pub rows: Vec<Vec<TableCell>>,
    /// The id of the table this one goes on from over a page break.
    pub continues: Option<String>,
}

/// A cell of a [`Table`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableCell {
    /// The cell text in the document text.
    pub span: Span,
    /// Page.
    pub page: u32,
    /// The figure the cell holds, as printed ("-2.032" gives -2032.0).
    pub number: Option<f64>,
    /// The figure is a percentage.
    pub percent: bool,
    /// The figure with the table's scale applied (body cells after the
    /// first column; a percentage is never scaled).
    pub value: Option<f64>,
}

/// What an entity is. Serialised as the lower-case name (`"status"`), the
/// `type` of an entity in the output; ordered by that name, so sorting
/// entities by kind gives the order of their written types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A year ("2023").
    Year,
    /// A day or month with its year.
    Date,
    /// A span of years or of a year's part.
    Period,
    /// An amount of money.
    Money,
    /// A percentage.
    Percentage,
    /// A counted quantity ("12 laadpalen").
    Quantity,
    /// A municipality named.
    Municipality,
    /// An organisation or generic actor.
    Partner,
    /// A pilot (with its status).
    Pilot,
    /// A named programme, plan, project or policy document.
    Project,
    /// Where something stands (its class in `class`).
    Status,
    /// A BBV taakveld.
    Taakveld,
    /// A reference to a law, decision or document (`references.tsv`).
    Reference,
}

impl EntityKind {
    /// Every kind, in the order of their names.
    pub const ALL: [EntityKind; 13] = [
        EntityKind::Date,
        EntityKind::Money,
        EntityKind::Municipality,
        EntityKind::Partner,
        EntityKind::Percentage,
        EntityKind::Period,
        EntityKind::Pilot,
        EntityKind::Project,
        EntityKind::Quantity,
        EntityKind::Reference,
        EntityKind::Status,
        EntityKind::Taakveld,
        EntityKind::Year,
    ];

    /// The name written in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Year => "year",
            EntityKind::Date => "date",
            EntityKind::Period => "period",
            EntityKind::Money => "money",
            EntityKind::Percentage => "percentage",
            EntityKind::Quantity => "quantity",
            EntityKind::Municipality => "municipality",
            EntityKind::Partner => "partner",
            EntityKind::Pilot => "pilot",
            EntityKind::Project => "project",
            EntityKind::Status => "status",
            EntityKind::Taakveld => "taakveld",
            EntityKind::Reference => "reference",
        }
    }

    /// The kind written as `name`, if there is one.
    pub fn from_name(name: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl Ord for EntityKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for EntityKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An extracted entity. `&text[start..end]` equals `text`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// `year`, `date`, `period`, `pilot`, `partner`, `status` ...
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// The text as written.
    pub text: String,
    /// Canonical name (partners, pilots, projects).
    pub canonical: Option<String>,
    /// Normalised value (int year, ISO date, `{start, end}`, amount ...).
    pub value: serde_json::Value,
    /// Class (statuses, and a pilot's own status).
    pub class: Option<StatusClass>,
    /// Section id.
    pub section: Option<String>,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Page.
    pub page: u32,
    /// The whole sentence the entity lies in.
    pub sentence: String,
    /// Further type-specific fields (`generic`, `partial`, `subject`, `per`, ...).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
