//! Layout tolerances, one home: each with its unit and the reason for its
//! value. `em` means a fraction of the type size of the text it is
//! measured on; `pt` is PDF points (1/72 inch); a ratio has no unit.
//!
//! A tolerance that only one rule reads, and that the rule's own comment
//! explains with an example from a real page, stays beside that rule; what
//! two rules or more share, or what names a property of type and lines
//! (the glyph box, a word space, a line), is here.

// Type.

/// pt. Two type sizes closer than this are one size. Producers scale a
/// font by the text matrix, so one body size comes out as 9.96 and 10.02
/// pt, while the smallest step of a type scale (a heading over its body,
/// a note under it) is a point.
pub(super) const SAME_SIZE: f32 = 0.6;

/// pt. A row of a table is set in the table's type when its dominant size
/// is closer than this: a heading between two tables is set larger.
pub(super) const SAME_TABLE_SIZE: f32 = 1.0;

/// pt. A block this much under the body size is set smaller, as
/// footnotes and captions are.
pub(super) const SMALLER: f32 = 0.7;

/// pt. A block this much over the body size is set larger, as headings
/// are.
pub(super) const LARGER: f32 = 0.9;

// The glyph box and the word space.

/// em. Top of a glyph box above its baseline (the ascender of most text
/// faces; the PDF gives no box per glyph).
pub(super) const ASCENT: f32 = 0.72;

/// em. Bottom of a glyph box under its baseline (the descender).
pub(super) const DESCENT: f32 = 0.2;

/// em. The glyph box from top to bottom, [`ASCENT`] plus [`DESCENT`]
/// (written out: their sum in `f32` is not this value's last bit).
pub(super) const GLYPH_BOX: f32 = 0.92;

/// em. One space, when a run's own text does not tell: narrower than most
/// fonts set it, so a padded figure is never placed left of its digits.
pub(super) const SPACE: f32 = 0.25;

/// em. Runs on one line further apart than this are two words: kerning
/// and the gaps between glyph runs of one word stay under it.
pub(super) const WORD_GAP: f32 = 0.1;

// Lines.

/// em (of the larger size). Runs whose baselines lie this close are one
/// line; superscript footnote marks sit within it.
pub(super) const BASELINE: f32 = 0.45;

/// pt. Runs whose baselines, or lines whose tops, lie this close are on
/// one line when their sizes are not at hand: a key and its value, a
/// row's cells.
pub(super) const ONE_LINE: f32 = 2.0;

/// pt. Exactly aligned: the baselines of runs of one line set by one
/// producer (a folio), or left edges that start at one place.
pub(super) const EXACT: f32 = 1.0;

/// em. A line whose baseline is this far off every baseline of another
/// cell stands between them: the cell is centred on its row.
pub(super) const OFF_BASELINE: f32 = 0.3;

// Blocks of text.

/// Pitches. A gap between two lines wider than this many line pitches
/// starts a new block (a paragraph gap).
pub(super) const BLOCK_GAP: f32 = 1.45;

/// em. The line pitch of text set solid plus normal leading: lines this far
/// apart or closer are lines of one paragraph.
pub(super) const LEADING: f32 = 1.25;

/// Ratio. Slack on a measured wide leading, so that the pitch itself
/// (measured to within rounding) is not a gap.
pub(super) const LEADING_SLACK: f32 = 1.02;

/// em. A first line indented this much more than the line above starts a
/// paragraph.
pub(super) const INDENT: f32 = 0.8;

/// em. A line that stops this far short of its column's right edge was
/// ended on purpose (a title, a paragraph's last line).
pub(super) const SHORT_LINE: f32 = 3.0;

// Regions and columns (the XY-cut).

/// em. The narrowest blank between two columns of a region of two lines
/// or more: wider than a justified word space, narrower than any gutter.
pub(super) const COLUMN_GAP: f32 = 0.6;

/// em. The same for a region of one line, where a stretched word space is
/// all the evidence: twice as wide.
pub(super) const COLUMN_GAP_ONE_LINE: f32 = 1.2;

/// em. The narrowest blank between two bands of a region (a paragraph
/// gap; line spacing stays under it).
pub(super) const BAND_GAP: f32 = 0.8;

/// Ratio. A rule spans a region when it covers this share of the
/// region's width: a table's rules may stop short of its outer columns.
pub(super) const RULE_SPAN: f32 = 0.75;

/// pt. A rule touches or crosses a line, a region's edge or another rule
/// within this: strokes are drawn on the half point.
pub(super) const RULE_SLACK: f32 = 1.0;

/// pt. A vertical rule runs from a region's top to its bottom when it
/// reaches both within this.
pub(super) const RULE_REACH: f32 = 2.0;

// Tables.

/// em. Blank between two runs of a line above which they are pieces of
/// different cells. Word spaces are a quarter em; justified prose rarely
/// stretches one past half an em.
pub(super) const CELL_GAP: f32 = 0.8;

/// Ratio. A baseline gap is line spacing, not a row's padding, up to this
/// factor of the narrowest gap between lines of the table.
pub(super) const LINE_PITCH: f32 = 1.15;

/// pt. Cells whose left edges lie this close stand in one column when the
/// region tree's cut gives the columns.
pub(super) const COLUMN_ANCHOR: f32 = 6.0;

/// Ratio. Text set under this share of the page's dominant size is fine
/// print (a leaflet's addresses, a diagram's labels), not a table of words.
pub(super) const FINE_PRINT: f32 = 0.6;
