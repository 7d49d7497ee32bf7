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
//!    repairing end-of-line hyphens the page explains and building tables;
//!    [`hyphens`] settles the rest from the whole document.
//! 5. [`classify`] decides headings (font size tiers, bold), footnotes
//!    (small type at the page foot) and furniture (running headers,
//!    footers and page numbers) over the whole document.
//!
//! A tagged PDF's [`structure`] tree, when there is one, gives each run the
//! role of its marked content (heading `H1`…`H6`, paragraph, list, table)
//! before layout. It is used only when it fits the runs (most tagged
//! characters found in the tree, most characters tagged) and its headings
//! agree with the type ([`classify::agreement`]); otherwise the roles are
//! dropped and the pages laid out again, so the document reads exactly as
//! an untagged one.
//!
//! A page without visible text is read from its invisible (OCR) layer when
//! it has one ([`ocr_layer`]), with a warning saying so; otherwise it gives
//! the warning `page N: no text layer (needs OCR)`;
//! a page whose content stream inflates past the limit gives an error of
//! kind `limit`. A page with more content operators than pdf-inspector's
//! limit keeps the text drawn before it, with a warning naming the limit.
//! Text that form fields and comments draw in their own appearance
//! streams is read too ([`annots`]). [`crate::ingest::finish`] then rejoins interrupted
//! sentences and assembles the text, a form feed between pages.

pub mod annots;
pub mod classify;
pub mod cues;
pub mod events;
pub mod glyphs;
pub mod guard;
pub mod hyphens;
pub mod info;
pub mod layout;
mod lines;
pub mod ocr_layer;
pub mod page;
mod params;
pub mod rules;
pub mod score;
pub mod structure;
mod table;
mod tree;
pub mod xycut;

use super::Error;
use crate::model::RawBlock;
use classify::PageGeom;
use events::Collector;
use page::Page;
use std::sync::Mutex;
use structure::{Tags, Unused};

/// What [`blocks`] returns: raw blocks, page count, warnings, and the
/// title and subject of the document information dictionary.
pub type Blocks = (Vec<RawBlock>, Option<u32>, Vec<String>, Vec<String>);

/// How the warning for a text layer of symbol soup begins; a document
/// warned so gets no entities (see [`crate::pipeline`]).
pub const GARBLED: &str = "text layer looks garbled";

/// Below this share of letters among the non-space characters, the text
/// layer is reported as garbled.
const MIN_LETTER_SHARE: f64 = 0.5;

/// Share of the characters with an MCID whose MCID the structure tree must
/// know, and share of all characters that must be tagged, for the tree to
/// be used.
const MIN_TAGGED_FOUND: f64 = 0.8;
const MIN_TAGGED_SHARE: f64 = 0.5;

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
    blocks_on(bytes, 1)
}

/// [`blocks`] with the pages read by `threads` threads: pdf-inspector's
/// runs page by page, and the drawn rules of each page. The blocks are the
/// same for any number of threads.
///
/// # Errors
/// As [`blocks`].
pub fn blocks_on(bytes: &[u8], threads: usize) -> Result<Blocks, Error> {
    guard::sniff(bytes)?;
    crate::threads::parse_pool();
    let mut warnings = Vec::new();
    let mut collector = Collector::default();
    let mut tags: Option<Tags> = None;
    let mut invisible: Vec<(u32, String)> = Vec::new();
    let mut titles = Vec::new();
    use crate::timing::phase;
    // The file is parsed once, by the guard; with threads to spare,
    // pdf-inspector reads the runs of every page from it while the
    // structure tree is read.
    match phase("pdf: load", || guard::load(bytes)) {
        Ok(mut checked) => {
            let ids: Vec<_> = checked.pages.iter().map(|p| p.id).collect();
            // A page tree with a cycle: only the pages the guard kept.
            let wanted: Option<pdf_inspector::HashSet<u32>> = checked
                .needs_filter
                .then(|| checked.pages.iter().map(|p| p.source_number).collect());
            let doc = &checked.doc;
            // Each page's drawn rules are read from the content that
            // pdf-inspector decodes for its runs, not decoded again
            // (PATCHED.md fix 23).
            let heights: pdf_inspector::HashMap<lopdf::ObjectId, f32> =
                checked.pages.iter().map(|p| (p.id, p.height)).collect();
            let seen_drawn: Mutex<pdf_inspector::HashMap<lopdf::ObjectId, Drawn>> =
                Mutex::default();
            let see = |id: lopdf::ObjectId, content: &[u8]| {
                if let Some(&height) = heights.get(&id) {
                    let drawn = drawn_text(content, height);
                    if let Ok(mut seen) = seen_drawn.lock() {
                        seen.insert(id, drawn);
                    }
                }
            };
            let read_runs = || {
                phase("pdf: glyphs", || {
                    glyphs::read(doc, wanted.as_ref(), threads, Some(&see))
                })
            };
            let (tree, runs) = std::thread::scope(|scope| {
                let early = (threads > 1).then(|| scope.spawn(read_runs));
                let tree = phase("pdf: structure", || structure::read(doc, &ids));
                let runs = match early {
                    Some(h) => crate::threads::join(h),
                    None => read_runs(),
                };
                (tree, runs)
            });
            titles = info::titles(&checked.doc);
            warnings.extend(checked.warnings.iter().cloned());
            match tree {
                Ok(t) => {
                    if t.revisited {
                        warnings
                            .push("structure tree has a cycle; each element read once".to_string());
                    }
                    tags = Some(t);
                }
                Err(Unused::Limit(what, n)) => warnings.push(format!(
                    "structure tree over the {what} limit of {n}; headings from font metrics"
                )),
                Err(Unused::Absent | Unused::Empty) => {}
            }
            let source = checked.repaired.as_deref().unwrap_or(bytes);
            let runs = runs.map_err(|e| Error::Pdf {
                kind: "damaged_pdf",
                message: format!("truncated or damaged PDF: {}", e.0),
            })?;
            glyphs::feed(&checked.pages, runs, &mut collector);
            let drawn = phase("pdf: annots", || {
                annots::read(&mut checked.doc, &checked.pages)
            });
            warnings.extend(drawn.warnings);
            for (number, all) in drawn.numbers.iter().zip(drawn.runs.pages) {
                if let Some(page) = collector.pages.iter_mut().find(|p| p.number == *number) {
                    ocr_layer::add_uncovered(&mut page.frags, all.frags);
                }
            }
            let mut empty = Vec::new();
            // Pages with visible text that may hide invisible text too.
            let mut mixed = Vec::new();
            let asked: Vec<(u32, &guard::PageInfo, bool)> = collector
                .pages
                .iter()
                .zip(&checked.pages)
                .map(|(page, info)| (page.number, info, page.frags.is_empty()))
                .collect();
            let doc = &checked.doc;
            let mut seen = seen_drawn.into_inner().unwrap_or_default();
            let drawn = phase("pdf: drawn", || {
                // A page with runs whose content was seen is read already.
                let mut known: Vec<Option<Drawn>> = asked
                    .iter()
                    .map(|(_, info, blank)| (!blank).then(|| seen.remove(&info.id)).flatten())
                    .collect();
                let unread: Vec<&(u32, &guard::PageInfo, bool)> = asked
                    .iter()
                    .zip(&known)
                    .filter(|(_, k)| k.is_none())
                    .map(|(a, _)| a)
                    .collect();
                let mut read = pdf_inspector::par_pages::map_all(
                    &unread,
                    threads,
                    |&&(number, info, blank)| read_drawn(doc, info, number, blank),
                )
                .into_iter();
                known
                    .iter_mut()
                    .map(|k| match k.take() {
                        Some(d) => Ok(d),
                        None => read.next().unwrap_or(Ok(Drawn::Unread)),
                    })
                    .collect::<Vec<_>>()
            });
            for ((page, info), drawn) in collector.pages.iter_mut().zip(&checked.pages).zip(drawn) {
                match drawn? {
                    Drawn::Blank { over: true, .. } => warnings.push(operator_warning(page.number)),
                    Drawn::Blank {
                        over: false,
                        invisible,
                    } => {
                        empty.push((page.number, info, invisible));
                    }
                    Drawn::Text {
                        over,
                        rules,
                        invisible,
                    } => {
                        if over {
                            warnings.push(operator_warning(page.number));
                        }
                        page.rules = rules;
                        if invisible {
                            mixed.push((page.number, *info));
                        }
                    }
                    Drawn::Unread => {}
                }
            }
            let infos: Vec<guard::PageInfo> = mixed.iter().map(|(_, info)| *info).collect();
            if let Some(unhidden) = phase("pdf: unhide", || {
                ocr_layer::unhide(&mut checked.doc, &infos)
            }) {
                for ((number, _), all) in mixed.iter().zip(unhidden.pages) {
                    let Some(page) = collector.pages.iter_mut().find(|p| p.number == *number)
                    else {
                        continue;
                    };
                    let added = ocr_layer::add_uncovered(&mut page.frags, all.frags);
                    if added > 0 {
                        warnings.push(format!(
                            "page {number}: {added} runs of invisible text read beside the visible text"
                        ));
                    }
                }
            }
            let layered: Vec<_> = empty
                .iter()
                .filter(|(_, _, mode3)| *mode3)
                .map(|(n, info, _)| (*n, *info))
                .collect();
            invisible = phase("pdf: recover", || ocr_layer::recover(source, &layered));
            for (number, _, _) in &empty {
                warnings.push(if invisible.iter().any(|(n, _)| n == number) {
                    format!(
                        "page {number}: text from an invisible (OCR) layer, read without layout"
                    )
                } else {
                    format!("page {number}: no text layer (needs OCR)")
                });
            }
            // Freeing the parsed file is work of its own (16 ms of the
            // 201-page Wassenaar begroting): with a thread to spare, it is
            // freed beside the layout. (Should the thread not start, the
            // closure, and with it the file, is dropped here.)
            if threads > 1 {
                let _ = std::thread::Builder::new()
                    .name("pdf free".into())
                    .spawn(move || drop(checked));
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
    }
    let tagged = tags.is_some_and(|t| apply_tags(&t, &mut collector.pages));
    let cut = phase("pdf: cut", || {
        layout::document_cut(&collector.pages, threads)
    });
    let mut all = phase("pdf: layout", || lay_out(&cut, &collector.pages, threads));
    if tagged && !classify::agreement(&all, &geoms).trusted() {
        for f in collector.pages.iter_mut().flat_map(|p| p.frags.iter_mut()) {
            f.role = None;
        }
        all = lay_out(&cut, &collector.pages, threads);
    }
    if let Some(w) = garbled(&all) {
        warnings.push(w);
    }
    let mut raw = phase("pdf: classify", || classify::classify(all, &geoms));
    for (number, text) in &invisible {
        let at = raw.partition_point(|b| b.page <= *number);
        raw.splice(at..at, ocr_layer::blocks(*number, text));
    }
    Ok((raw, Some(page_count), warnings, titles))
}

/// What a page's content stream says besides its text runs.
enum Drawn {
    /// A page without text runs: whether its content is over the operator
    /// limit, and whether it sets the invisible text mode (an OCR layer).
    Blank { over: bool, invisible: bool },
    /// A page with text: whether its content is over the operator limit,
    /// its drawn rules, and whether it sets the invisible text mode.
    Text {
        over: bool,
        rules: Vec<rules::Rule>,
        invisible: bool,
    },
    /// A page with text whose content could not be read again.
    Unread,
}

/// Read page `number`'s content for [`Drawn`]; `blank` when it has no
/// text runs.
///
/// # Errors
/// A blank page whose content stream is over the size limit.
fn read_drawn(
    doc: &lopdf::Document,
    info: &guard::PageInfo,
    number: u32,
    blank: bool,
) -> Result<Drawn, Error> {
    if blank {
        let content = guard::empty_page_content(doc, info, number)?;
        let over = operators_over_limit(&content);
        return Ok(Drawn::Blank {
            over,
            invisible: !over && ocr_layer::sets_invisible_mode(&content),
        });
    }
    let Ok(content) = doc.get_page_content_with_limit(info.id, guard::MAX_STREAM_BYTES) else {
        return Ok(Drawn::Unread);
    };
    Ok(drawn_text(&content, info.height))
}

/// The [`Drawn::Text`] of a page with runs, from its decoded `content`;
/// `height` is the page's.
fn drawn_text(content: &[u8], height: f32) -> Drawn {
    Drawn::Text {
        over: operators_over_limit(content),
        rules: rules::rules(content, height),
        invisible: ocr_layer::sets_invisible_mode(content),
    }
}

/// Whether pdf-inspector read only the first
/// [`pdf_inspector::extractor::content_decode::MAX_PAGE_OPERATIONS`]
/// operators of a page's content.
fn operators_over_limit(content: &[u8]) -> bool {
    pdf_inspector::extractor::content_decode::page_operations_over_limit(content)
}

/// The warning of a page whose content is read only up to the operator
/// limit: the text drawn before it is kept, the rest is not read.
fn operator_warning(number: u32) -> String {
    format!(
        "page {number}: content stream has more than the limit of {} operators; text after it not read",
        pdf_inspector::extractor::content_decode::MAX_PAGE_OPERATIONS
    )
}

/// The blocks of `pages` from their cut, hyphens settled.
fn lay_out(cut: &layout::DocumentCut, pages: &[Page], threads: usize) -> Vec<page::PageBlock> {
    let mut blocks = cut.blocks(pages, threads);
    crate::timing::phase("layout: hyphens", || hyphens::settle(&mut blocks));
    blocks
}

/// Give every run the role of its MCID. Returns whether the tree fits the
/// runs; when it does not (MCIDs the tree does not know, or too little
/// tagged text), no run keeps a role.
fn apply_tags(tags: &Tags, pages: &mut [Page]) -> bool {
    let (mut total, mut with_mcid, mut found) = (0usize, 0usize, 0usize);
    for page in pages.iter_mut() {
        for f in &mut page.frags {
            let n = f.text.chars().filter(|c| !c.is_whitespace()).count();
            total += n;
            let Some(mcid) = f.mcid else { continue };
            with_mcid += n;
            f.role = tags.role(page.number, mcid);
            if f.role.is_some() {
                found += n;
            }
        }
    }
    let fits = with_mcid > 0
        && found as f64 >= MIN_TAGGED_FOUND * with_mcid as f64
        && found as f64 >= MIN_TAGGED_SHARE * total as f64;
    if !fits {
        for f in pages.iter_mut().flat_map(|p| p.frags.iter_mut()) {
            f.role = None;
        }
    }
    fits
}

/// A warning when the text is mostly not letters (fonts without a Unicode
/// mapping give symbol soup).
fn garbled(blocks: &[page::PageBlock]) -> Option<String> {
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
            "{GARBLED}: {:.0}% of its characters are letters (fonts without a Unicode mapping?)",
            share * 100.0
        )
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use page::Frag;
    use structure::Role;

    fn pages(mcids: &[Option<i64>]) -> Vec<Page> {
        let frags = mcids
            .iter()
            .enumerate()
            .map(|(i, m)| Frag {
                text: "woord".to_string(),
                x0: 50.0,
                x1: 80.0,
                y: 100.0 + 12.0 * i as f32,
                size: 10.0,
                bold: false,
                mcid: *m,
                role: None,
                color: None,
                italic: false,
            })
            .collect();
        vec![Page {
            number: 1,
            frags,
            ..Page::default()
        }]
    }

    fn tags(mcids: &[i64]) -> Tags {
        mcids.iter().map(|m| ((1, *m), Role::Paragraph)).collect()
    }

    #[test]
    fn tags_that_fit_the_runs_are_applied() {
        let mut p = pages(&[Some(0), Some(1), None]);
        assert!(apply_tags(&tags(&[0, 1]), &mut p));
        assert_eq!(p[0].frags[0].role, Some(Role::Paragraph));
        assert_eq!(p[0].frags[2].role, None);
    }

    #[test]
    fn mcids_the_tree_does_not_know_drop_every_role() {
        // Half the tagged runs are unknown to the tree: inconsistent.
        let mut p = pages(&[Some(0), Some(7), Some(8), Some(1)]);
        assert!(!apply_tags(&tags(&[0, 1]), &mut p));
        assert!(p[0].frags.iter().all(|f| f.role.is_none()));
    }

    #[test]
    fn mostly_untagged_runs_drop_every_role() {
        let mut p = pages(&[Some(0), None, None, None]);
        assert!(!apply_tags(&tags(&[0]), &mut p));
        // Runs without any MCID: nothing to use.
        let mut p = pages(&[None, None]);
        assert!(!apply_tags(&tags(&[0]), &mut p));
    }
}
