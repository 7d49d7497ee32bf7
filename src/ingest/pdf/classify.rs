//! Block kinds from font statistics and page geometry.
//!
//! In: every page's [`PageBlock`]s. Out: [`RawBlock`]s with kinds and
//! style. Decided over the whole document, because "larger than body
//! text" and "repeats on every page" are document facts:
//!
//! - **Body size**: the font size that carries the most characters.
//! - **Furniture**: a short block in the top or bottom tenth of the page
//!   whose text (digits ignored) recurs in that band on at least two pages
//!   and 40 % of them, or that is a bare page number there.
//! - **Footnotes**: the blocks at the foot of a page, set smaller than the
//!   body, the first of them opening with a number.
//! - **Headings**: short blocks set at least 0.9 pt larger than the body,
//!   or bold at body size; levels are the distinct heading sizes, largest
//!   first, with bold body-size headings one level below the smallest.

use super::layout::{PageBlock, Shape};
use crate::ingest::reflow::{edge_key, is_page_number};
use crate::model::{BlockKind, RawBlock, Style};
use std::collections::{BTreeMap, BTreeSet};

/// Longest heading, in characters.
const MAX_HEADING_CHARS: usize = 200;

/// Page geometry classification needs.
#[derive(Debug, Clone, Copy)]
pub struct PageGeom {
    /// 1-based page.
    pub number: u32,
    /// Height in points.
    pub height: f32,
}

/// Body font size: the size carrying the most characters outside tables
/// (0.5 pt steps).
pub fn body_size(blocks: &[PageBlock]) -> f32 {
    let mut by: BTreeMap<i32, usize> = BTreeMap::new();
    for b in blocks.iter().filter(|b| b.shape != Shape::Table) {
        *by.entry((b.size * 2.0).round() as i32).or_default() += b.chars;
    }
    by.iter()
        .max_by_key(|(_, n)| **n)
        .map_or(10.0, |(k, _)| *k as f32 / 2.0)
}

/// Classify and convert.
pub fn classify(blocks: Vec<PageBlock>, pages: &[PageGeom]) -> Vec<RawBlock> {
    let body = body_size(&blocks);
    let height: BTreeMap<u32, f32> = pages.iter().map(|p| (p.number, p.height)).collect();
    let n_pages = pages.len().max(1);
    let in_band = |b: &PageBlock| {
        let h = height.get(&b.page).copied().unwrap_or(842.0);
        b.shape != Shape::Table
            && b.lines <= 2
            && b.text.chars().count() <= 150
            && (b.bottom < 0.1 * h || b.top > 0.9 * h)
    };
    let mut seen: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for b in blocks.iter().filter(|b| in_band(b)) {
        seen.entry(edge_key(&b.text)).or_default().insert(b.page);
    }
    let need = (n_pages * 2).div_ceil(5).max(2);
    let furniture: Vec<bool> = blocks
        .iter()
        .map(|b| {
            in_band(b)
                && (seen
                    .get(&edge_key(&b.text))
                    .is_some_and(|p| p.len() >= need)
                    || is_page_number(&b.text))
        })
        .collect();
    let footnote = footnotes(&blocks, &furniture, body);

    // Heading tiers.
    let heading: Vec<bool> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| !furniture[i] && !footnote[i] && is_heading(b, body))
        .collect();
    let mut tiers: Vec<i32> = blocks
        .iter()
        .zip(&heading)
        .filter(|(b, h)| **h && b.size >= body + 0.9)
        .map(|(b, _)| (b.size * 2.0).round() as i32)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .rev()
        .collect();
    tiers.truncate(5);

    let mut out = Vec::with_capacity(blocks.len());
    for (i, b) in blocks.into_iter().enumerate() {
        let kind = if furniture[i] {
            BlockKind::Furniture
        } else if footnote[i] {
            BlockKind::Footnote
        } else if heading[i] {
            BlockKind::Heading
        } else {
            match b.shape {
                Shape::Table => BlockKind::Table,
                Shape::List => BlockKind::ListItem,
                Shape::Text => BlockKind::Paragraph,
            }
        };
        let level = (kind == BlockKind::Heading).then(|| {
            let key = (b.size * 2.0).round() as i32;
            let pos = tiers.iter().position(|t| *t == key).unwrap_or(tiers.len());
            (pos + 1).min(6) as u8
        });
        let style = Style {
            tag: None,
            font_size: Some(b.size),
            bold: Some(b.bold),
            level,
        };
        let mut raw = if kind == BlockKind::Table {
            RawBlock::table(b.rows, b.page)
        } else {
            RawBlock::new(kind, b.text, b.page)
        };
        raw.style = style;
        out.push(raw);
    }
    out
}

fn is_heading(b: &PageBlock, body: f32) -> bool {
    if b.shape == Shape::Table || b.lines > 4 {
        return false;
    }
    let t = b.text.trim();
    let n = t.chars().count();
    if n == 0 || n > MAX_HEADING_CHARS {
        return false;
    }
    if t.ends_with([',', ';', ':']) {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    if t.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return false;
    }
    b.size >= body + 0.9 || (b.bold && b.size >= body - 0.6)
}

/// Footnote blocks: on each page, the trailing run of smaller-than-body
/// blocks (furniture aside) whose first block opens with a number.
fn footnotes(blocks: &[PageBlock], furniture: &[bool], body: f32) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    let mut i = 0;
    while i < blocks.len() {
        let page = blocks[i].page;
        let mut j = i;
        while j < blocks.len() && blocks[j].page == page {
            j += 1;
        }
        // Blocks of this page, bottom up, skipping furniture.
        let mut run: Vec<usize> = Vec::new();
        for k in (i..j).rev() {
            if furniture[k] {
                continue;
            }
            let b = &blocks[k];
            if b.shape != Shape::Table && b.size <= body - 0.7 {
                run.push(k);
            } else {
                break;
            }
        }
        // The run must open (topmost) with a number.
        while let Some(&top) = run.last() {
            let opens = blocks[top]
                .text
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹".contains(c));
            if opens {
                break;
            }
            run.pop();
        }
        for k in run {
            out[k] = true;
        }
        i = j;
    }
    out
}
