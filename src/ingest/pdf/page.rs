//! The page as layout sees it, one home for its types: the glyph run a
//! source reports ([`GlyphRun`]), the run in the page's top-down frame
//! ([`Frag`]), the page of runs and ruling lines ([`Page`]), a line as a
//! reader sees it (`Line`), and a laid-out block ([`PageBlock`]).

use super::params::{ASCENT, DESCENT, SPACE};
use super::rules::Rule;
use super::structure::Role;

/// A run of glyphs painted with one font at one baseline, in PDF points.
///
/// Coordinates are in the visible page box with the origin at the *top-left*
/// corner and `y` growing downward (reading order), so `y` is the baseline's
/// distance from the top edge.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The decoded text (ligatures expanded, Unicode).
    pub text: String,
    /// Left edge of the run.
    pub x: f32,
    /// Baseline, measured down from the top of the page.
    pub y: f32,
    /// Advance width of the whole run.
    pub width: f32,
    /// Font size in points (text-space size times the text matrix scale).
    pub size: f32,
    /// Bold face (from the font name, weight or flags).
    pub bold: bool,
    /// Italic face.
    pub italic: bool,
    /// Marked-content id for tagged PDFs.
    pub mcid: Option<i64>,
    /// Fill colour as 8-bit sRGB, when the glyph source knows it.
    pub color: Option<[u8; 3]>,
}

impl GlyphRun {
    /// Right edge of the run.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// One glyph run in the page's top-down frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Frag {
    /// Text of the run.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline (top-down).
    pub y: f32,
    /// Font size.
    pub size: f32,
    /// Bold face.
    pub bold: bool,
    /// Marked-content id (tagged PDFs).
    pub mcid: Option<i64>,
    /// The structure role of `mcid`, when the structure tree is used.
    pub role: Option<Role>,
    /// Fill colour (8-bit sRGB), when known.
    pub color: Option<[u8; 3]>,
    /// Italic face.
    pub italic: bool,
}

impl Frag {
    /// The right edge without the spaces the run ends with (Word ends a
    /// table's key with one, which reached into the gap before the value
    /// column), each as wide as [`space_width`] says.
    pub fn ink_x1(&self) -> f32 {
        let trail = self.text.len() - self.text.trim_end_matches(' ').len();
        if trail == 0 {
            return self.x1;
        }
        let space = space_width(&self.text, self.x0, self.x1, self.size);
        (self.x1 - trail as f32 * space).max(self.x0)
    }

    /// Top of the glyph box (ascender estimate).
    pub fn top(&self) -> f32 {
        self.y - ASCENT * self.size
    }
    /// Bottom of the glyph box (descender estimate).
    pub fn bottom(&self) -> f32 {
        self.y + DESCENT * self.size
    }
}

/// The width taken for one space of a run of `text` from `x0` to `x1`:
/// a quarter of the type size (narrower than most fonts set it), never
/// more than the run's average character.
pub fn space_width(text: &str, x0: f32, x1: f32, size: f32) -> f32 {
    let chars = text.chars().count().max(1) as f32;
    (SPACE * size).min((x1 - x0).max(0.0) / chars)
}

/// One page as the glyph source reported it.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Runs in source order.
    pub frags: Vec<Frag>,
    /// Ruling lines.
    pub rules: Vec<Rule>,
    /// Runs dropped over [`MAX_RUNS_PER_PAGE`](super::events::MAX_RUNS_PER_PAGE).
    pub dropped: usize,
}

impl Page {
    /// Page 1, A4 (595 × 842 pt), holding these runs and no rules: a page
    /// made up for a test or a timing.
    pub fn a4(frags: Vec<Frag>) -> Page {
        Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            frags,
            ..Page::default()
        }
    }
}

/// What a laid-out block is before classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Running text.
    Text,
    /// Starts with a list marker.
    List,
    /// A table; see [`PageBlock::rows`].
    Table,
}

/// A block with the geometry classification needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PageBlock {
    /// Text, lines joined.
    pub text: String,
    /// Table rows (tables only).
    pub rows: Vec<Vec<String>>,
    /// Shape.
    pub shape: Shape,
    /// 1-based page.
    pub page: u32,
    /// Dominant font size.
    pub size: f32,
    /// All lines bold.
    pub bold: bool,
    /// All lines italic.
    pub italic: bool,
    /// The fill colour of most of its characters, when known.
    pub color: Option<[u8; 3]>,
    /// Number of lines.
    pub lines: usize,
    /// Top of the first line.
    pub top: f32,
    /// Bottom of the last line.
    pub bottom: f32,
    /// Characters (for body-size statistics).
    pub chars: usize,
    /// The structure role of most of its characters, when the structure
    /// tree is used and most of them have one.
    pub role: Option<Role>,
}

/// A line of text.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) text: String,
    pub(super) x0: f32,
    pub(super) x1: f32,
    pub(super) y: f32,
    pub(super) size: f32,
    pub(super) bold: bool,
    pub(super) italic: bool,
    /// The fill colour of most of its characters.
    pub(super) color: Option<[u8; 3]>,
    pub(super) chars: usize,
    /// The producer set a space after the last glyph.
    pub(super) open_end: bool,
    /// Characters per structure role (untagged ones under `None`).
    pub(super) roles: Roles,
}

/// Characters counted per structure role; a handful of entries at most.
#[derive(Debug, Clone, Default)]
pub(super) struct Roles(Vec<(Option<Role>, usize)>);

impl Roles {
    pub(super) fn add(&mut self, role: Option<Role>, n: usize) {
        match self.0.iter_mut().find(|(r, _)| *r == role) {
            Some(e) => e.1 += n,
            None => self.0.push((role, n)),
        }
    }

    pub(super) fn merge(&mut self, other: &Roles) {
        for &(r, n) in &other.0 {
            self.add(r, n);
        }
    }

    /// The role with the most characters (first met on a tie); `None` when
    /// untagged characters are the most.
    pub(super) fn main(&self) -> Option<Role> {
        let mut best: Option<(Option<Role>, usize)> = None;
        for &(r, n) in &self.0 {
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((r, n));
            }
        }
        best.and_then(|(r, _)| r)
    }
}
