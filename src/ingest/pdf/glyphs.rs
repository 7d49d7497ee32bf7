//! The glyph source: pdf-inspector's positioned runs, replayed as
//! [`OutputDev`] events.
//!
//! pdf-inspector decodes the content streams (Type 1, TrueType, Type 3 and
//! Type 0/CID fonts, the simple encodings and `/Differences`, ToUnicode
//! CMaps, widths, every text operator, the CTM, Form XObjects; ligatures
//! expanded) and reports runs with position, size and weight. It reads the
//! document [`super::guard`] loaded with pdf-inspector's own loader (the
//! file is parsed once for both); the guard's page filter keeps it from
//! reading a page twice when the page tree has a cycle. Rewritten copies of
//! a file (annotations turned into text, an OCR layer made visible) are
//! given to it as bytes ([`replay`]).
//!
//! Only text items are passed on (no link, image or form-field items), in
//! its order, with `y` turned to a top-down baseline.

use super::events::OutputDev;
use super::guard::PageInfo;
use super::page::GlyphRun;
use pdf_inspector::extractor::ItemType;
use pdf_inspector::HashSet;
use pdf_inspector::TextItem;
use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

/// Why pdf-inspector gave up on a file.
#[derive(Debug)]
pub struct SourceError(pub String);

/// Read the runs of `pages` from `bytes` and feed them to `dev`, page by
/// page. Pages are numbered 1.. in the order of `pages`.
///
/// # Errors
/// pdf-inspector's own error when it cannot read the file.
pub fn replay(
    bytes: &[u8],
    pages: &[PageInfo],
    filter: bool,
    dev: &mut impl OutputDev,
) -> Result<(), SourceError> {
    let wanted: Option<HashSet<u32>> =
        filter.then(|| pages.iter().map(|p| p.source_number).collect());
    let items = pdf_inspector::extractor::extract_text_with_positions_mem_pages_threads(
        bytes,
        wanted.as_ref(),
        1,
        &AtomicBool::new(false),
    )
    .map_err(|e| SourceError(e.to_string()))?;
    feed(pages, by_page(items), dev);
    Ok(())
}

/// The text runs pdf-inspector reads, by the page's number in the file.
pub type Runs = BTreeMap<u32, Vec<TextItem>>;

/// Read the text runs of the pages in `wanted` (all: `None`) of `doc`, as
/// [`super::guard::load`] loaded it, the pages on `threads` threads.
/// `seen` is shown each page's decoded content as it is read, on the
/// thread that reads it.
///
/// # Errors
/// pdf-inspector's own error when it cannot read the file.
pub fn read(
    doc: &lopdf::Document,
    wanted: Option<&HashSet<u32>>,
    threads: usize,
    seen: pdf_inspector::extractor::ContentHook<'_>,
) -> Result<Runs, SourceError> {
    let items = pdf_inspector::extractor::extract_text_with_positions_doc_pages_threads_seeing(
        doc,
        wanted,
        threads,
        &AtomicBool::new(false),
        seen,
    )
    .map_err(|e| SourceError(e.to_string()))?;
    Ok(by_page(items))
}

/// Text items by the page's number in the file, text only.
fn by_page(items: Vec<TextItem>) -> Runs {
    let mut by_page: Runs = BTreeMap::new();
    for item in items {
        if matches!(item.item_type, ItemType::Text) && !item.text.trim().is_empty() {
            by_page.entry(item.page).or_default().push(item);
        }
    }
    by_page
}

/// Feed the runs of `pages` to `dev`, page by page, numbered 1.. in the
/// order of `pages`.
pub fn feed(pages: &[PageInfo], mut by_page: Runs, dev: &mut impl OutputDev) {
    for (i, page) in pages.iter().enumerate() {
        let number = i as u32 + 1;
        dev.begin_page(number, page.width, page.height);
        for item in by_page.remove(&page.source_number).unwrap_or_default() {
            dev.run(to_run(item, page.height));
        }
        dev.end_page(number);
    }
}

/// Read every page pdf-inspector finds, for a file lopdf could not check.
/// Pages are numbered as pdf-inspector numbers them; a page size of A4 is
/// assumed. Returns the page count.
///
/// # Errors
/// pdf-inspector's own error when it cannot read the file either.
pub fn replay_unchecked(bytes: &[u8], dev: &mut impl OutputDev) -> Result<u32, SourceError> {
    let items = pdf_inspector::extractor::extract_text_with_positions_mem(bytes)
        .map_err(|e| SourceError(e.to_string()))?;
    let mut by_page = by_page(items);
    let last = by_page.keys().next_back().copied().unwrap_or(0);
    for number in 1..=last {
        dev.begin_page(number, 595.0, 842.0);
        for item in by_page.remove(&number).unwrap_or_default() {
            dev.run(to_run(item, 842.0));
        }
        dev.end_page(number);
    }
    Ok(last)
}

fn to_run(item: TextItem, page_height: f32) -> GlyphRun {
    let size = if item.font_size.is_finite() && item.font_size > 0.0 {
        item.font_size
    } else {
        item.height.abs().max(1.0)
    };
    // pdf-inspector rewrites raised digits as superscript characters; the
    // document shows digits ("2022).1"), so they are turned back.
    let text = if item.text.contains(is_superscript_digit) {
        item.text.chars().map(plain_digit).collect()
    } else {
        item.text
    };
    GlyphRun {
        text,
        x: item.x,
        y: page_height - item.y,
        width: item.width.abs(),
        size,
        bold: item.is_bold,
        italic: item.is_italic,
        mcid: item.mcid,
        color: item.fill_color,
    }
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

fn plain_digit(c: char) -> char {
    match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        other => other,
    }
}
