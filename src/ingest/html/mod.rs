//! HTML ingest: the bytes of an HTML page in, raw blocks in reading order
//! (plus warnings) out.
//!
//! Municipal web pages wrap the document in site chrome: cookie banners,
//! menus, breadcrumbs, search forms, page tools (print, share), tables of contents, footers and
//! scripts. The document itself is marked up well enough that the markup,
//! not the shape of lines, says what a block is:
//!
//! - `h1`–`h6` become [`BlockKind::Heading`] with `style.tag` and
//!   `style.level`;
//! - `p`, and text standing directly in a `div` or other block element,
//!   become [`BlockKind::Paragraph`];
//! - `li` becomes [`BlockKind::ListItem`] with marker `•` (in `ul`) or `1.`
//!   (in `ol`, honouring `start`, `value` and `type="a"`);
//! - a `table` becomes one table block, a row per `tr`, a cell per
//!   `td`/`th` (a `colspan` is padded with empty cells, so columns stay
//!   aligned);
//! - footnote areas (`section.footnotes`, `ol.footnotes`,
//!   `role="doc-endnotes"`, footnote `aside`s, elements with id `fn1` ...)
//!   become [`BlockKind::Footnote`] blocks whose marker is the footnote
//!   number; the reference markers (`<sup><a href="#fn1">1</a></sup>`) are
//!   dropped from the running text so that sentences read cleanly.
//!
//! The page is decoded by its byte-order mark, else its `<meta charset>`
//! (first 1024 bytes), else as UTF-8, else as Windows-1252 with a warning;
//! NUL bytes are dropped with a warning, as in text files.
//! The tree is walked with an explicit stack, never recursion, so deeply
//! nested pages cannot overflow the stack; html5ever builds and scraper
//! drops the tree without recursion too (the tree is one flat `Vec`). All
//! blocks are on page 1: HTML has no pages. Furniture, sentence rejoining
//! and offsets are left to [`super::finish`], as for every format.
//!
//! The three steps live in their own modules: `decode` (bytes to text),
//! `depth` (refuse nesting too deep before the parser sees it) and `walk`
//! (the tree into blocks, with the element rules in `rules`).
//!
//! [`BlockKind::Heading`]: crate::model::BlockKind::Heading
//! [`BlockKind::Paragraph`]: crate::model::BlockKind::Paragraph
//! [`BlockKind::ListItem`]: crate::model::BlockKind::ListItem
//! [`BlockKind::Footnote`]: crate::model::BlockKind::Footnote

mod decode;
mod depth;
mod rules;
mod walk;

use super::Error;
use crate::model::RawBlock;

/// A parsed page.
#[derive(Debug, Default)]
pub struct Page {
    /// The document's blocks in reading order.
    pub blocks: Vec<RawBlock>,
    /// What went partly wrong while reading it.
    pub warnings: Vec<String>,
    /// What the site says around the document, left out of the blocks: the
    /// head's title and site name, the page header's and footer's words
    /// and logo descriptions ("Gemeente Den Helder", "©2014 Gemeente Den
    /// Helder"). Evidence of who publishes the page, nothing more.
    pub chrome: Vec<String>,
}

/// Parse an HTML file into raw blocks, warnings and the site's chrome.
///
/// # Errors
/// [`Error::Binary`] when the bytes are not text in any supported encoding.
///
/// # Example
/// ```
/// use beleidsmijn::ingest::html;
/// use beleidsmijn::model::BlockKind;
///
/// let page = html::blocks(
///     b"<title>Raadsinformatie | Gemeente Ede</title><h2>Inleiding</h2><p>Tekst.</p>",
/// )?;
/// assert_eq!(page.blocks[0].kind, BlockKind::Heading);
/// assert_eq!(page.blocks[1].text, "Tekst.");
/// assert_eq!(page.chrome, ["Raadsinformatie | Gemeente Ede"]);
/// # Ok::<(), beleidsmijn::ingest::Error>(())
/// ```
pub fn blocks(bytes: &[u8]) -> Result<Page, Error> {
    let mut warnings = Vec::new();
    let text = decode::decode(bytes, &mut warnings)?;
    depth::check(&text)?;
    let (blocks, chrome) = walk::parse(&text);
    if blocks.is_empty() {
        warnings.push("no text found in the HTML body".to_string());
    }
    Ok(Page {
        blocks,
        warnings,
        chrome,
    })
}

/// Where `needle` first stands in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_over_limit_is_an_error() {
        let html = format!("{}<p>x</p>", "<div>".repeat(depth::MAX_DEPTH + 1));
        match blocks(html.as_bytes()) {
            Err(Error::Limit(msg)) => assert!(msg.starts_with("nesting too deep"), "{msg}"),
            other => panic!("expected a limit error, got {other:?}"),
        }
        let ok = format!("{}<p>diep</p>", "<div>".repeat(depth::MAX_DEPTH - 5));
        assert_eq!(blocks(ok.as_bytes()).unwrap().blocks[0].text, "diep");
    }
}
