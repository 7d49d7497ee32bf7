//! The event interface between the glyph source and layout.
//!
//! Whatever reads the content streams (today pdf-inspector's positioned
//! runs, see [`super::glyphs`]) reports a page as a sequence of events:
//! [`OutputDev::begin_page`], one [`OutputDev::run`] per glyph run in
//! content-stream order, [`OutputDev::end_page`]. Layout implements the
//! trait and never sees the glyph source, so the interpreter underneath can
//! be replaced without touching layout. The shape follows the `OutputDev`
//! trait of pdf-extract (and poppler), without its panics: no method can fail.

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

/// Receiver of page events, in the manner of poppler's `OutputDev`.
pub trait OutputDev {
    /// A page starts. `page` is 1-based; `width` and `height` are the size of
    /// the visible page box in points.
    fn begin_page(&mut self, page: u32, width: f32, height: f32);
    /// One glyph run of the current page, in content-stream order.
    fn run(&mut self, run: GlyphRun);
    /// The current page ends.
    fn end_page(&mut self, page: u32);
}
