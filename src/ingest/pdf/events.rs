//! The event interface between the glyph source and layout.
//!
//! Whatever reads the content streams (today pdf-inspector's positioned
//! runs, see [`super::glyphs`]) reports a page as a sequence of events:
//! [`OutputDev::begin_page`], one [`OutputDev::run`] per glyph run in
//! content-stream order, [`OutputDev::end_page`]. Layout implements the
//! trait and never sees the glyph source, so the interpreter underneath can
//! be replaced without touching layout. The shape follows the `OutputDev`
//! trait of pdf-extract (and poppler), without its panics: no method can fail.
//! [`Collector`] is layout's receiver: it keeps each page's runs as
//! [`Frag`]s.

use super::page::{Frag, GlyphRun, Page};
use crate::ingest::text::HYPHEN_MARKS;

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

/// Most runs kept per page; the rest are dropped with a warning.
pub const MAX_RUNS_PER_PAGE: usize = 200_000;

/// Collects events into [`Page`]s.
#[derive(Debug, Default)]
pub struct Collector {
    /// Finished pages.
    pub pages: Vec<Page>,
    current: Option<Page>,
}

impl OutputDev for Collector {
    fn begin_page(&mut self, page: u32, width: f32, height: f32) {
        self.current = Some(Page {
            number: page,
            width,
            height,
            ..Page::default()
        });
    }

    fn run(&mut self, run: GlyphRun) {
        let Some(page) = self.current.as_mut() else {
            return;
        };
        if page.frags.len() >= MAX_RUNS_PER_PAGE {
            page.dropped += 1;
            return;
        }
        if !(run.x.is_finite() && run.y.is_finite() && run.width.is_finite()) {
            return;
        }
        let right = run.right();
        let mut text = run.text;
        // The hyphen marks are ours alone (see `hyphens`).
        text.retain(|c| !HYPHEN_MARKS.contains(&c));
        let (x0, text) = trim_leading_spaces(&text, run.x, right, run.size);
        if text.trim().is_empty() {
            return;
        }
        page.frags.push(Frag {
            text: text.to_string(),
            x0,
            x1: right,
            y: run.y,
            size: run.size,
            bold: run.bold,
            mcid: run.mcid,
            role: None,
            color: run.color,
            italic: run.italic,
        });
    }

    fn end_page(&mut self, _page: u32) {
        if let Some(p) = self.current.take() {
            self.pages.push(p);
        }
    }
}

/// A run's left edge without the spaces it starts with, and its text with
/// one of them. Producers right-align figures in a column by padding them
/// with spaces ("            2.247"), and a run's box then reaches into the
/// gap before the column, where it hides the gap. A space is as wide as
/// [`space_width`](super::page::space_width) says. One space stays in the text, so
/// a run that starts a word keeps its word break whatever the gap; spaces
/// at the end stay too: one after a line-end hyphen says the hyphen is the
/// author's.
fn trim_leading_spaces(text: &str, x0: f32, x1: f32, size: f32) -> (f32, &str) {
    let trimmed = text.trim_start_matches(' ');
    let lead = text.len() - trimmed.len();
    if lead == 0 || trimmed.trim().is_empty() {
        return (x0, text);
    }
    let space = super::page::space_width(text, x0, x1, size);
    (x0 + lead as f32 * space, &text[lead - 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_padded_figure_starts_where_its_digits_do() {
        // Twelve spaces before "2.247" in a 9 pt run 40 pt wide.
        let (x0, text) = trim_leading_spaces("            2.247", 100.0, 140.0, 9.0);
        assert_eq!(text, " 2.247");
        // A space counts a quarter of the size, never more than the run's
        // average character (40 / 17).
        assert!((x0 - (100.0 + 12.0 * 2.25)).abs() < 1e-3, "{x0}");
        assert_eq!(
            trim_leading_spaces("Baten ", 50.0, 80.0, 9.0),
            (50.0, "Baten ")
        );
    }
}
