//! Format-independent repairs on the block list, before assembly:
//!
//! 1. **Furniture.** A line that repeats at the top or bottom of most pages
//!    (digits ignored, so "Pagina 3 van 9" repeats), a bare page number at a
//!    page edge, and any block matching a pattern of `dictionaries/furniture.tsv`
//!    (export stamps such as "Deze pagina is gebouwd op …") become
//!    [`BlockKind::Furniture`]: kept in the text, out of sections.
//! 2. **Interrupted sentences.** A paragraph or list item that ends without
//!    final punctuation and is followed — past footnotes, furniture and page
//!    breaks — by a paragraph starting in lower case is continued by it: the
//!    continuation is marked [`RawBlock::continues`] and the text stays in
//!    page order (so `beleidsmijn text` matches the page, and each part keeps
//!    its page); sentences and `eval` follow the chain.

use crate::model::{BlockKind, RawBlock};
use crate::shape::{ends_open, starts_lower};
use regex::RegexSet;
use std::collections::BTreeMap;

/// Apply both repairs.
pub fn reflow(
    mut blocks: Vec<RawBlock>,
    furniture: &RegexSet,
    pages: Option<u32>,
) -> Vec<RawBlock> {
    mark_furniture(&mut blocks, furniture, pages);
    rejoin(blocks)
}

/// A block's text with digits masked, for spotting lines that repeat from
/// page to page ("Pagina 3 van 9").
pub(crate) fn edge_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_lowercase().next().unwrap_or(c)
            }
        })
        .collect()
}

/// Whether two edge lines of one [`edge_key`] on pages `pa` and `pb` are
/// one running line: the same numbers, or numbers that move as the page
/// does, one or two printed pages a sheet ("Pagina 3 van 9" on page 3,
/// "Pagina 4 van 9" on page 4). Labels that count something else are no
/// running line: "Antwoord 3" on page 2 and "Antwoord 8" on page 3 open
/// answers at the top of two pages.
pub(crate) fn same_running_line(a: &str, pa: u32, b: &str, pb: u32) -> bool {
    let numbers = |t: &str| -> Vec<i64> {
        t.split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .map(|p| p.chars().take(12).collect::<String>().parse().unwrap_or(0))
            .collect()
    };
    let dp = i64::from(pb) - i64::from(pa);
    numbers(a).iter().zip(numbers(b)).all(|(&x, y)| {
        let dv = y - x;
        dv == 0 || dp != 0 && (dv == dp || dv == 2 * dp)
    })
}

/// Whether a block is only a page number: "12", "- 12 -", "Pagina 3 van 9",
/// "3 / 9", "blz. 4" (at most three digits: "2023" is a year).
pub(crate) fn is_page_number(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let t = t
        .trim_start_matches("pagina")
        .trim_start_matches("page")
        .trim_start_matches("blz.")
        .trim_start_matches("blz")
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let mut parts = t
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "van" && *p != "of");
    let first = parts.next();
    first.is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()) && p.len() <= 3)
        && parts.all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && t.len() <= 20
}

fn mark_furniture(blocks: &mut [RawBlock], furniture: &RegexSet, pages: Option<u32>) {
    for b in blocks.iter_mut() {
        if b.kind != BlockKind::Table
            && b.kind != BlockKind::Furniture
            && furniture.is_match(b.text.trim())
        {
            b.kind = BlockKind::Furniture;
        }
    }
    let Some(pages) = pages.filter(|&p| p >= 2) else {
        return;
    };
    // Indices of the first two and last two blocks of each page.
    let mut edges: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, b) in blocks.iter().enumerate() {
        edges.entry(b.page).or_default().push(i);
    }
    let mut edge_blocks = Vec::new();
    for idx in edges.values() {
        let n = idx.len();
        for (k, &i) in idx.iter().enumerate() {
            if k < 2 || k + 2 >= n {
                edge_blocks.push(i);
            }
        }
    }
    let mut seen: BTreeMap<String, Vec<(u32, String)>> = BTreeMap::new();
    for &i in &edge_blocks {
        let b = &blocks[i];
        if b.kind == BlockKind::Table || b.text.chars().count() > 150 {
            continue;
        }
        seen.entry(edge_key(&b.text))
            .or_default()
            .push((b.page, b.text.clone()));
    }
    let need = (pages as usize).div_ceil(2).max(2);
    for &i in &edge_blocks {
        let b = &blocks[i];
        if b.kind == BlockKind::Table {
            continue;
        }
        let repeated = seen
            .get(&edge_key(&b.text))
            .is_some_and(|lines| running_pages(lines, b.page, &b.text) >= need);
        if repeated || is_page_number(&b.text) {
            blocks[i].kind = BlockKind::Furniture;
        }
    }
}

/// On how many pages of `lines` (page, text; one edge key) the line
/// `text` of `page` runs ([`same_running_line`]).
pub(crate) fn running_pages(lines: &[(u32, String)], page: u32, text: &str) -> usize {
    lines
        .iter()
        .filter(|(p, t)| same_running_line(text, page, t, *p))
        .map(|(p, _)| *p)
        .collect::<std::collections::BTreeSet<u32>>()
        .len()
}

fn rejoin(mut blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    // Index of the body block whose sentence is still open, past the
    // footnotes and furniture that may come before its continuation.
    let mut open: Option<usize> = None;
    for i in 0..blocks.len() {
        let b = &blocks[i];
        match b.kind {
            BlockKind::Footnote | BlockKind::Furniture if open.is_some() => {}
            BlockKind::Paragraph if open.is_some() && starts_lower(&b.text) => {
                let closes = !ends_open(&b.text);
                if let Some(o) = open {
                    carry_broken_word(&mut blocks, o, i);
                }
                blocks[i].continues = true;
                if closes {
                    open = None;
                }
            }
            _ => {
                let is_body = matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem);
                open = (is_body && ends_open(&b.text)).then_some(i);
            }
        }
    }
    blocks
}

/// A word hyphenated across the break ("gezamen-" | "lijke lokale") moves
/// whole to the continuation, repaired as a line-end hyphen would be, so no
/// sentence or search sees the two halves.
fn carry_broken_word(blocks: &mut [RawBlock], open: usize, cont: usize) {
    let text = blocks[open].text.trim_end();
    if !text.ends_with('-') {
        return;
    }
    let cut = text.rfind(char::is_whitespace).map_or(0, |p| {
        p + text[p..].chars().next().map_or(1, char::len_utf8)
    });
    let mut word = text[cut..].to_string();
    if word.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return;
    }
    let kept = text[..cut].trim_end().to_string();
    super::text::join_line(&mut word, &blocks[cont].text);
    if kept.is_empty() {
        return;
    }
    blocks[open].text = kept;
    blocks[cont].text = word;
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn p(kind: BlockKind, text: &str, page: u32) -> RawBlock {
        RawBlock::new(kind, text, page)
    }

    #[test]
    fn sentence_split_by_footnote_is_rejoined() {
        let blocks = vec![
            p(
                BlockKind::Paragraph,
                "hebben de raadsleden interactief de",
                1,
            ),
            p(BlockKind::Footnote, "[link](#)", 1),
            p(BlockKind::Paragraph, "opgaven verkend. Daarna meer.", 2),
            p(BlockKind::Heading, "Volgende kop", 2),
        ];
        let out = rejoin(blocks);
        let marks: Vec<bool> = out.iter().map(|b| b.continues).collect();
        assert_eq!(marks, [false, false, true, false]);
        // The text stays in page order.
        assert_eq!(out[0].text, "hebben de raadsleden interactief de");
        assert_eq!(out[1].kind, BlockKind::Footnote);
        assert_eq!(out[3].kind, BlockKind::Heading);
    }

    #[test]
    fn word_hyphenated_across_the_break_moves_whole() {
        let blocks = vec![
            p(BlockKind::Paragraph, "Er zal een gezamen-", 3),
            p(BlockKind::Furniture, "3", 3),
            p(BlockKind::Paragraph, "lijke campagne komen.", 4),
        ];
        let out = rejoin(blocks);
        assert_eq!(out[0].text, "Er zal een");
        assert_eq!(out[2].text, "gezamenlijke campagne komen.");
        assert!(out[2].continues);
    }

    #[test]
    fn finished_sentence_is_not_joined() {
        let blocks = vec![
            p(BlockKind::Paragraph, "Een hele zin.", 1),
            p(BlockKind::Paragraph, "kleine letter maar nieuw blok.", 1),
        ];
        assert!(!rejoin(blocks)[1].continues);
    }

    #[test]
    fn repeated_page_edges_are_furniture() {
        let mut blocks = Vec::new();
        for page in 1..=3 {
            blocks.push(p(BlockKind::Heading, "Jaarstukken 2021", page));
            let body = ["Eerste", "Tweede", "Derde"][page as usize - 1];
            blocks.push(p(
                BlockKind::Paragraph,
                &format!("{body} alinea van de pagina."),
                page,
            ));
            blocks.push(p(BlockKind::Paragraph, &format!("{body} slotzin."), page));
            blocks.push(p(
                BlockKind::Paragraph,
                &format!("Pagina {page} van 3"),
                page,
            ));
        }
        let set = RegexSet::empty();
        mark_furniture(&mut blocks, &set, Some(3));
        assert_eq!(blocks[0].kind, BlockKind::Furniture);
        assert_eq!(blocks[3].kind, BlockKind::Furniture);
        assert_eq!(blocks[1].kind, BlockKind::Paragraph);
    }

    /// A Kamerstuk's answers open two pages at the top: "Antwoord 3" on
    /// page 2 and "Antwoord 8" on page 3 share an edge key, but their
    /// numbers do not move with the page as a running line's do.
    #[test]
    fn labels_counting_other_things_are_no_running_line() {
        assert!(same_running_line("Pagina 3 van 9", 3, "Pagina 4 van 9", 4));
        assert!(same_running_line("Aanhangsel 2", 2, "Aanhangsel 3", 3));
        assert!(same_running_line("Blad 13", 7, "Blad 15", 8));
        assert!(!same_running_line("Antwoord 3", 2, "Antwoord 8", 3));
        assert!(!same_running_line("Vraag 4", 2, "Vraag 7", 2));
        let mut blocks = Vec::new();
        for (page, n, answer) in [(1, 1, "Ja."), (2, 4, "Nee."), (3, 8, "Soms.")] {
            blocks.push(p(BlockKind::Heading, &format!("Antwoord {n}"), page));
            blocks.push(p(BlockKind::Paragraph, answer, page));
        }
        mark_furniture(&mut blocks, &RegexSet::empty(), Some(3));
        assert!(blocks.iter().all(|b| b.kind != BlockKind::Furniture));
    }

    /// The patterns of `furniture.tsv`, one row per line a reader skips
    /// or reads.
    #[test]
    fn furniture_patterns() {
        let set = crate::dict::furniture_set(
            &crate::dict::Sources::load_files(None, |n| n == "furniture.tsv").unwrap(),
        )
        .unwrap();
        let table: &[(&str, bool)] = &[
            ("Terug naar navigatie - Doel/Beoogd resultaat", true),
            ("Terug naar boven", true),
            ("Naar boven", true),
            ("Back to top", true),
            ("Pagina afdrukken", true),
            ("Pagina 3 van 12", true),
            ("Terug naar de basis", false),
            (
                "Terug naar navigatie - Data\nStartdatum 20 december 2021",
                false,
            ),
            ("Naar een nieuwe aanpak", false),
        ];
        for (line, want) in table {
            let mut blocks = vec![p(BlockKind::Heading, line, 1)];
            mark_furniture(&mut blocks, &set, None);
            assert_eq!(blocks[0].kind == BlockKind::Furniture, *want, "{line:?}");
        }
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("12"));
        assert!(is_page_number("Pagina 3 van 9"));
        assert!(is_page_number("3 / 9"));
        assert!(is_page_number("- 12 -"));
        assert!(!is_page_number("2023"));
    }
}
