//! PDF ingest: bytes of a PDF in, [`RawBlock`]s in reading order out.
//!
//! The pipeline, one module per step:
//!
//! 1. [`guard`] checks the bytes (empty, size, header), parses the file
//!    with lopdf under a decompression limit, refuses files the empty
//!    password does not open, and walks the page tree once per page (a
//!    cycle is read once, with a warning).
//! 2. [`glyphs`] replays pdf-inspector's positioned glyph runs as
//!    [`events`]: page start, runs, page end.
//! 3. [`rules`] reads each page's ruling lines (table borders).
//! 4. [`layout`] turns the runs into lines and blocks in reading order
//!    ([`xycut`]: columns one after the other, grid tables row by row),
//!    repairing end-of-line hyphens and building tables.
//! 5. [`classify`] decides headings (font size tiers, bold), footnotes
//!    (small type at the page foot) and furniture (running headers,
//!    footers and page numbers) over the whole document.
//!
//! Pages without text give a warning `page N: no text layer (needs OCR)`;
//! a page whose content stream inflates past the limit gives an error of
//! kind `limit`. [`crate::ingest::finish`] then rejoins interrupted
//! sentences and assembles the text, a form feed between pages.

pub mod classify;
pub mod events;
pub mod glyphs;
pub mod guard;
pub mod layout;
pub mod rules;
pub mod score;
pub mod structure;
pub mod xycut;

use super::Error;
use crate::model::RawBlock;
use classify::PageGeom;
use layout::Collector;

/// What [`blocks`] returns: raw blocks, page count, warnings.
pub type Blocks = (Vec<RawBlock>, Option<u32>, Vec<String>);

/// Below this share of letters among the non-space characters, the text
/// layer is reported as garbled.
const MIN_LETTER_SHARE: f64 = 0.5;

/// Read a PDF into raw blocks. Returns the blocks, the page count and the
/// warnings.
///
/// # Errors
/// [`Error::Pdf`] with kind `empty`, `not_pdf`, `encrypted`, `damaged_pdf`
/// or `limit` (see [`guard`]).
///
/// # Example
/// ```
/// let err = beleidsmijn::ingest::pdf::blocks(b"hello").unwrap_err();
/// assert_eq!(err.kind(), "not_pdf");
/// ```
pub fn blocks(bytes: &[u8]) -> Result<Blocks, Error> {
    guard::sniff(bytes)?;
    let mut warnings = Vec::new();
    let mut collector = Collector::default();
    match guard::load(bytes) {
        Ok(checked) => {
            warnings.extend(checked.warnings.iter().cloned());
            let source = checked.repaired.as_deref().unwrap_or(bytes);
            glyphs::replay(source, &checked.pages, checked.needs_filter, &mut collector).map_err(
                |e| Error::Pdf {
                    kind: "damaged_pdf",
                    message: format!("truncated or damaged PDF: {}", e.0),
                },
            )?;
            for (page, info) in collector.pages.iter_mut().zip(&checked.pages) {
                if page.frags.is_empty() {
                    warnings.push(guard::check_empty_page(&checked.doc, info, page.number)?);
                    continue;
                }
                if let Ok(content) = checked
                    .doc
                    .get_page_content_with_limit(info.id, guard::MAX_STREAM_BYTES)
                {
                    page.rules = rules::rules(&content, info.height);
                }
            }
        }
        Err(
            e @ Error::Pdf {
                kind: "damaged_pdf",
                ..
            },
        ) => {
            // pdf-inspector tries container repairs lopdf does not.
            match glyphs::replay_unchecked(bytes, &mut collector) {
                Ok(n) if n > 0 => warnings.push(format!("damaged PDF, text recovered ({e})")),
                _ => return Err(e),
            }
        }
        Err(e) => return Err(e),
    }
    let page_count = collector.pages.len() as u32;
    let mut all = Vec::new();
    let mut geoms = Vec::with_capacity(collector.pages.len());
    for page in &collector.pages {
        if page.dropped > 0 {
            warnings.push(format!(
                "page {}: {} glyph runs over the limit dropped",
                page.number, page.dropped
            ));
        }
        geoms.push(PageGeom {
            number: page.number,
            height: page.height,
        });
        all.extend(layout::page_blocks(page));
    }
    if let Some(w) = garbled(&all) {
        warnings.push(w);
    }
    let raw = classify::classify(all, &geoms);
    Ok((raw, Some(page_count), warnings))
}

/// A warning when the text is mostly not letters (fonts without a Unicode
/// mapping give symbol soup).
fn garbled(blocks: &[layout::PageBlock]) -> Option<String> {
    let (mut letters, mut total) = (0usize, 0usize);
    for b in blocks {
        let cells = b.rows.iter().flatten().map(String::as_str);
        for t in std::iter::once(b.text.as_str()).chain(cells) {
            for c in t.chars().filter(|c| !c.is_whitespace()) {
                total += 1;
                if c.is_alphabetic() {
                    letters += 1;
                }
            }
        }
    }
    let share = letters as f64 / total.max(1) as f64;
    (total >= 200 && share < MIN_LETTER_SHARE).then(|| {
        format!(
            "text layer looks garbled: {:.0}% of its characters are letters (fonts without a Unicode mapping?)",
            share * 100.0
        )
    })
}
