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
//!
//! In a tagged PDF whose structure tree is used (blocks carry a
//! [`Role`], see [`agreement`] for when), the tags decide first: a block
//! tagged `H1`…`H6` is a heading of that level (`H`: the level of its size
//! tier), one tagged as body text (`P`, lists, tables, captions, notes) is
//! never promoted by its type, and untagged blocks (artifacts) in the top or
//! bottom band that recur on two pages are furniture. Blocks without a role
//! fall back to the type.

use super::cues::{self, Cues};
use super::page::{PageBlock, Shape};
use super::params::{LARGER, SAME_SIZE, SMALLER};
use super::structure::Role;
use crate::ingest::reflow::{edge_key, is_page_number, running_pages};
use crate::model::{BlockKind, RawBlock, Style};
use std::collections::{BTreeMap, BTreeSet};

use crate::shape::{ends_page_ref, without_number, MAX_HEADING_CHARS};

/// Page geometry classification needs.
#[derive(Debug, Clone, Copy)]
pub struct PageGeom {
    /// 1-based page.
    pub number: u32,
    /// Height in points.
    pub height: f32,
}

/// Body font size: the size carrying the most letters and digits outside
/// tables (0.5 pt steps).
pub fn body_size(blocks: &[PageBlock]) -> f32 {
    let mut by: BTreeMap<i32, usize> = BTreeMap::new();
    for b in blocks.iter().filter(|b| b.shape != Shape::Table) {
        // Letters and digits: a contents page's dot leaders are no text.
        let chars = b.text.chars().filter(|c| c.is_alphanumeric()).count();
        *by.entry((b.size * 2.0).round() as i32).or_default() += chars;
    }
    by.iter()
        .max_by_key(|(_, n)| **n)
        .map_or(10.0, |(k, _)| *k as f32 / 2.0)
}

/// The document facts every decision shares.
struct Facts {
    body: f32,
    furniture: Vec<bool>,
    footnote: Vec<bool>,
    cues: Cues,
}

fn facts(blocks: &[PageBlock], pages: &[PageGeom]) -> Facts {
    let body = body_size(blocks);
    let height: BTreeMap<u32, f32> = pages.iter().map(|p| (p.number, p.height)).collect();
    let n_pages = pages.len().max(1);
    let in_band = |b: &PageBlock| {
        let h = height.get(&b.page).copied().unwrap_or(842.0);
        b.shape != Shape::Table
            && b.lines <= 2
            && b.text.chars().count() <= 150
            && (b.bottom < 0.1 * h || b.top > 0.9 * h)
    };
    let mut seen: BTreeMap<String, Vec<(u32, String)>> = BTreeMap::new();
    for b in blocks.iter().filter(|b| in_band(b)) {
        seen.entry(edge_key(&b.text))
            .or_default()
            .push((b.page, b.text.clone()));
    }
    let need = (n_pages * 2).div_ceil(5).max(2);
    // In a tagged document, untagged text is an artifact: two pages will do.
    let tagged = blocks.iter().any(|b| b.role.is_some());
    let furniture: Vec<bool> = blocks
        .iter()
        .map(|b| {
            let need = if tagged && b.role.is_none() { 2 } else { need };
            in_band(b)
                && (seen
                    .get(&edge_key(&b.text))
                    .is_some_and(|lines| running_pages(lines, b.page, &b.text) >= need)
                    || is_page_number(&b.text))
        })
        .collect();
    let footnote = footnotes(blocks, &furniture, body);
    let cues = Cues::of(blocks, body, &furniture);
    Facts {
        body,
        furniture,
        footnote,
        cues,
    }
}

/// How a structure tree's headings agree with the type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Agreement {
    /// Blocks tagged as headings (furniture aside).
    pub tagged_headings: usize,
    /// Blocks the type calls headings that are tagged as headings.
    pub agree: usize,
    /// Blocks the type calls headings that are tagged as body text.
    pub disagree: usize,
}

impl Agreement {
    /// Whether the tree is to be trusted over the type: it tags headings at
    /// all, and at least as many of the type's headings as it calls body
    /// text. A tree that tags everything `P` (Word without heading styles)
    /// or tags the table of contents `H1`/`H2` and the real headings `P`
    /// says nothing the type does not say better.
    pub fn trusted(&self) -> bool {
        self.tagged_headings > 0 && self.agree >= self.disagree
    }
}

/// Compare the tags of laid-out blocks with the font-metric headings.
pub fn agreement(blocks: &[PageBlock], pages: &[PageGeom]) -> Agreement {
    let f = facts(blocks, pages);
    let mut a = Agreement::default();
    for (i, b) in blocks.iter().enumerate() {
        if f.furniture[i] {
            continue;
        }
        let tagged_heading = b.role.is_some_and(Role::is_heading);
        if tagged_heading {
            a.tagged_headings += 1;
        }
        if !f.footnote[i] && is_heading(b, f.body, &f.cues) {
            if tagged_heading {
                a.agree += 1;
            } else if b.role.is_some_and(Role::is_body) {
                a.disagree += 1;
            }
        }
    }
    a
}

/// A footnote's number set apart from its text ("2" | "Hervormingsagenda
/// Jeugd …", the layout cutting the narrow number column off) is put back in
/// front of it, so the number is not taken for a page number and the
/// footnote opens with its number. Both on one baseline, smaller than body
/// text, the same size.
fn attach_footnote_numbers(blocks: Vec<PageBlock>) -> Vec<PageBlock> {
    let body = body_size(&blocks);
    let mut out: Vec<PageBlock> = Vec::with_capacity(blocks.len());
    let mut it = blocks.into_iter().peekable();
    while let Some(b) = it.next() {
        let t = b.text.trim();
        let number = !t.is_empty()
            && t.chars().count() <= 3
            && t.chars()
                .all(|c| c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹⁰".contains(c));
        let joins = |n: &PageBlock| {
            number
                && n.page == b.page
                && n.shape == Shape::Text
                && b.size <= body - SMALLER
                && (n.size - b.size).abs() <= SAME_SIZE
                && (n.top - b.top).abs() <= 0.6 * b.size
                && n.text.chars().filter(|c| c.is_alphabetic()).count() >= 3
        };
        match it.peek_mut() {
            Some(n) if joins(n) => n.text = format!("{t} {}", n.text.trim_start()),
            _ => out.push(b),
        }
    }
    out
}

/// Classify and convert.
pub fn classify(blocks: Vec<PageBlock>, pages: &[PageGeom]) -> Vec<RawBlock> {
    let blocks = cues::join_outline_numbers(attach_footnote_numbers(blocks));
    let Facts {
        body,
        furniture,
        mut footnote,
        cues,
    } = facts(&blocks, pages);

    // Headings: the tag when there is one, else the type.
    let mut heading: Vec<bool> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            !furniture[i]
                && match b.role {
                    Some(Role::Heading(_)) => is_tagged_heading(b),
                    Some(r) if r.is_body() => false,
                    _ => {
                        !footnote[i]
                            && is_heading(b, body, &cues)
                            && !continued(&blocks, &furniture, i)
                    }
                }
        })
        .collect();
    for (f, h) in footnote.iter_mut().zip(&heading) {
        *f &= !*h;
    }
    // Headings by their place: alone above their paragraph. Not where a
    // structure tree speaks (it tags such a line as what it is).
    let skip: Vec<bool> = furniture
        .iter()
        .zip(&footnote)
        .map(|(a, b)| *a || *b)
        .collect();
    for i in 0..blocks.len() {
        let b = &blocks[i];
        if !heading[i]
            && !skip[i]
            && b.role.is_none()
            && (b.size - body).abs() < SAME_SIZE
            && (cues::stands_alone(&blocks, i, &heading, &skip)
                || cues::numbered_division(&blocks, i, &heading, &skip))
        {
            heading[i] = true;
        }
    }
    // A contents line is no heading: a title with its page number beside
    // a line with a dot leader.
    for i in 0..blocks.len() {
        if heading[i] && ends_page_ref(&blocks[i].text) && cues::beside_contents(&blocks, i, &skip)
        {
            heading[i] = false;
        }
    }
    // Heading tiers.
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
        let level = (kind == BlockKind::Heading).then(|| match b.role {
            Some(Role::Heading(Some(n))) => n.clamp(1, 6),
            _ => {
                let key = (b.size * 2.0).round() as i32;
                let pos = tiers.iter().position(|t| *t == key).unwrap_or(tiers.len());
                (pos + 1).min(6) as u8
            }
        });
        // A heading the tree decided names its structure type, as an HTML
        // heading names its element: markup, the author's word.
        let tag = match (kind, b.role) {
            (BlockKind::Heading, Some(Role::Heading(Some(n)))) => Some(format!("H{n}")),
            (BlockKind::Heading, Some(Role::Heading(None))) => Some("H".to_string()),
            _ => None,
        };
        let style = Style {
            tag,
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

/// Whether the block after `i` (furniture aside, same page) continues its
/// sentence: same type, same weight, and it starts in lower case. A line
/// in larger type followed so is the first line of a paragraph or a table
/// row read as lines ("De opbrengst van verkoop vastgoed wordt niet" /
/// "automatisch aan de reserve …"), not a heading.
fn continued(blocks: &[PageBlock], furniture: &[bool], i: usize) -> bool {
    let b = &blocks[i];
    blocks
        .iter()
        .enumerate()
        .skip(i + 1)
        .find(|(k, _)| !furniture[*k])
        .is_some_and(|(_, n)| {
            n.page == b.page
                && (n.size - b.size).abs() < SAME_SIZE
                && n.bold == b.bold
                && n.shape == Shape::Text
                && n.text.trim_start().starts_with(char::is_lowercase)
        })
}

/// A block tagged as a heading is one unless it is a table or too long to
/// be one (a whole page tagged `H1` is a tagging slip).
fn is_tagged_heading(b: &PageBlock) -> bool {
    let n = b.text.trim().chars().count();
    b.shape != Shape::Table && n > 0 && n <= MAX_HEADING_CHARS
}

fn is_heading(b: &PageBlock, body: f32, cues: &Cues) -> bool {
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
    // An outline number ("a)", "5.c.1") aside, a heading opens in upper
    // case or with a number.
    let first = without_number(t).chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    if t.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return false;
    }
    b.size >= body + LARGER
        || (b.bold && b.size >= body - SAME_SIZE && cues.bold_marks(b))
        || cues.emphasised(b)
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
            if b.shape != Shape::Table && b.size <= body - SMALLER {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    /// A one-line text block at `top` on page 1.
    fn block(text: &str, size: f32, bold: bool, top: f32, role: Option<Role>) -> PageBlock {
        PageBlock {
            text: text.to_string(),
            rows: Vec::new(),
            shape: Shape::Text,
            page: 1,
            size,
            bold,
            italic: false,
            color: None,
            lines: 1,
            top,
            bottom: top + size,
            chars: text.chars().count(),
            role,
        }
    }

    const BODY: &str = "Dit is gewone lopende tekst van een alinea die lang genoeg is om de \
                        korpsgrootte van het document te bepalen, met nog wat woorden erbij.";
    const PAGE: [PageGeom; 1] = [PageGeom {
        number: 1,
        height: 842.0,
    }];

    fn kinds(blocks: Vec<PageBlock>) -> Vec<(BlockKind, Option<u8>, Option<String>)> {
        classify(blocks, &PAGE)
            .into_iter()
            .map(|b| (b.kind, b.style.level, b.style.tag))
            .collect()
    }

    #[test]
    fn a_large_line_whose_sentence_goes_on_is_no_heading() {
        let blocks = vec![
            block("Inleiding", 11.0, false, 100.0, None),
            block(BODY, 10.0, false, 120.0, None),
            block(
                "De opbrengst van verkoop vastgoed wordt niet",
                11.0,
                false,
                200.0,
                None,
            ),
            block(
                "automatisch aan de reserve toegevoegd.",
                11.0,
                false,
                215.0,
                None,
            ),
            block(BODY, 10.0, false, 240.0, None),
        ];
        let k = kinds(blocks);
        assert_eq!(k[0].0, BlockKind::Heading);
        assert_eq!(k[2].0, BlockKind::Paragraph);
    }

    #[test]
    fn tags_decide_headings_and_levels() {
        let p = Some(Role::Paragraph);
        let blocks = vec![
            // Tagged H3 in body type: a heading of level 3.
            block(
                "Aanleiding",
                10.0,
                false,
                100.0,
                Some(Role::Heading(Some(3))),
            ),
            block(BODY, 10.0, false, 120.0, p),
            // Bold at body size but tagged P: not promoted.
            block("Besluit", 10.0, true, 200.0, p),
            block(BODY, 10.0, false, 220.0, p),
            // `H`: level from the size tier (the only tier: 1).
            block("Samenvatting", 14.0, true, 300.0, Some(Role::Heading(None))),
            block(BODY, 10.0, false, 320.0, p),
            // Untagged (role unknown to the tree): the type decides.
            block("Bijlage", 10.0, true, 400.0, Some(Role::Unspecified)),
            block(BODY, 10.0, false, 420.0, Some(Role::List)),
        ];
        let k = kinds(blocks);
        assert_eq!(k[0], (BlockKind::Heading, Some(3), Some("H3".to_string())));
        assert_eq!(k[2], (BlockKind::Paragraph, None, None));
        assert_eq!(k[4], (BlockKind::Heading, Some(1), Some("H".to_string())));
        assert_eq!(k[6].0, BlockKind::Heading);
        assert_eq!(k[6].2, None);
        assert_eq!(k[7].0, BlockKind::Paragraph);
    }

    #[test]
    fn untagged_blocks_keep_the_font_metric_path() {
        let blocks = vec![
            block("Aanleiding", 10.0, false, 100.0, None),
            block(BODY, 10.0, false, 120.0, None),
            block("Besluit", 10.0, true, 200.0, None),
            block(BODY, 10.0, false, 220.0, None),
        ];
        let k = kinds(blocks);
        // Body type, but alone above its paragraph: a heading by its place.
        assert_eq!(k[0].0, BlockKind::Heading);
        assert_eq!(k[2], (BlockKind::Heading, Some(1), None));
        // Inside running text (after a sentence that goes on) it is none.
        let blocks = vec![
            block(
                "De gemeente heeft in 2021 besloten om de",
                10.0,
                false,
                100.0,
                None,
            ),
            block("Aanleiding", 10.0, false, 112.0, None),
            block(BODY, 10.0, false, 124.0, None),
        ];
        assert_eq!(kinds(blocks)[1].0, BlockKind::Paragraph);
    }

    #[test]
    fn agreement_trusts_a_tree_whose_headings_match_the_type() {
        let h2 = Some(Role::Heading(Some(2)));
        let p = Some(Role::Paragraph);
        let good = vec![
            block("Inleiding", 14.0, true, 100.0, h2),
            block(BODY, 10.0, false, 120.0, p),
            block("Kern", 14.0, true, 200.0, h2),
            block(BODY, 10.0, false, 220.0, p),
        ];
        let a = agreement(&good, &PAGE);
        assert_eq!((a.tagged_headings, a.agree, a.disagree), (2, 2, 0));
        assert!(a.trusted());
        // Every heading tagged P (Word without heading styles).
        let all_p: Vec<PageBlock> = good
            .iter()
            .cloned()
            .map(|mut b| {
                b.role = p;
                b
            })
            .collect();
        let a = agreement(&all_p, &PAGE);
        assert_eq!((a.tagged_headings, a.disagree), (0, 2));
        assert!(!a.trusted());
        // Contents lines tagged H2, the real headings P.
        let mut toc = all_p.clone();
        toc.push(block("Inleiding ........ 3", 10.0, false, 300.0, h2));
        assert!(!agreement(&toc, &PAGE).trusted());
    }

    #[test]
    fn footnote_number_cut_off_by_layout_is_put_back() {
        let blocks = vec![
            block(BODY, 10.0, false, 100.0, None),
            block("2", 7.5, false, 765.0, None),
            block(
                "Hervormingsagenda Jeugd 2023 - 2028 | Rapport",
                7.5,
                false,
                765.0,
                None,
            ),
        ];
        let out = classify(blocks, &PAGE);
        let texts: Vec<(BlockKind, &str)> = out.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            texts[1..],
            [(
                BlockKind::Footnote,
                "2 Hervormingsagenda Jeugd 2023 - 2028 | Rapport"
            )]
        );
        // On another baseline the number stays apart (a page number).
        let blocks = vec![
            block(BODY, 10.0, false, 100.0, None),
            block(
                "Een voetnoottekst zonder nummer ervoor",
                7.5,
                false,
                740.0,
                None,
            ),
            block("2", 7.5, false, 800.0, None),
        ];
        assert_eq!(classify(blocks, &PAGE).len(), 3);
    }
}
