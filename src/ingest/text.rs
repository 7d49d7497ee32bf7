//! Plain-text ingest: structure from the shape of lines.
//!
//! Plain text carries no markup, so blocks come from rules a reader can state:
//! - a form feed starts a new page;
//! - a blank line ends a block;
//! - a line with a tab, or with two or more `|`, is a table row; rows that
//!   follow each other (blank lines between allowed) form one table;
//! - a line starting with a bullet (`•`, `-`, `–`, `*`, `·`, `▪`) or a number
//!   or letter with `.` or `)` is a list item;
//! - a line starting with a superscript number (`¹ ² ³`) starts a footnote;
//! - a short line without final punctuation that opens a block and is
//!   followed by more text is a heading candidate;
//! - other lines are body text; hard-wrapped lines (pdftotext, copies from
//!   a PDF viewer) are joined into paragraphs and end-of-line hyphens repaired;
//! - in text that is not hard-wrapped (no common line width: a web page
//!   copied as text) every line is one its author ended, so a line joins
//!   the one before only when it starts in lower case or the one before
//!   breaks off mid-sentence (a comma, "met", "de"); the lines of a form
//!   ("Status" / "Aangenomen") stay apart, and a short line over running
//!   text is a heading candidate even after a line without a full stop.
//!
//! Page furniture (repeated running lines, page numbers) is found across pages
//! in [`super::reflow`].

use crate::dict::Vocabulary;
use crate::model::{BlockKind, RawBlock};
use std::collections::BTreeSet;

// The list-marker grammar and the heading shape live with every other
// line-shape predicate; callers elsewhere still find them here.
pub use crate::shape::bullet_marker;
use crate::shape::{
    ends_break, ends_clause, ends_mid_sentence, ends_sentence, heading_shape, starts_lower,
};

/// Split decoded text into raw blocks, page by page. Returns the blocks and
/// the page count (`None` when the text has no form feeds).
pub fn blocks(text: &str, vocab: &Vocabulary) -> (Vec<RawBlock>, Option<u32>) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let page_count = (pages.len() > 1).then_some(pages.len() as u32);
    let wrap = wrap_width(&text);
    let mut out: Vec<RawBlock> = Vec::new();
    for (pi, page) in pages.iter().enumerate() {
        let page_no = pi as u32 + 1;
        let lines: Vec<&str> = page.lines().collect();
        parse_page(&lines, page_no, wrap, vocab, &mut out);
    }
    (out, page_count)
}

/// What one line is, by its shape alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Separator,
    TableRow,
    Bullet,
    Footnote,
    Text,
}

fn line_kind(line: &str) -> LineKind {
    let t = line.trim();
    if t.is_empty() {
        return LineKind::Blank;
    }
    if t.chars()
        .all(|c| matches!(c, '-' | '|' | '=' | '_' | '*' | '\t' | ' ' | ':' | '+'))
    {
        return LineKind::Separator;
    }
    if t.starts_with(is_superscript_digit) {
        return LineKind::Footnote;
    }
    if line.trim_start().contains('\t') {
        return LineKind::TableRow;
    }
    if t.matches('|').count() >= 2 {
        return LineKind::TableRow;
    }
    if bullet_marker(t).is_some() {
        return LineKind::Bullet;
    }
    LineKind::Text
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰')
}

/// Estimate the wrap width of hard-wrapped text: the length most long lines
/// share. `None` when lines are not wrapped (one paragraph per line).
fn wrap_width(text: &str) -> Option<usize> {
    let mut lens: Vec<usize> = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .filter(|&n| n >= 30)
        .collect();
    if lens.len() < 8 {
        return None;
    }
    lens.sort_unstable();
    let w = lens[lens.len() * 95 / 100];
    if w > 160 {
        return None;
    }
    let near = lens.iter().filter(|&&n| n * 100 >= w * 80).count();
    (near * 100 >= lens.len() * 40).then_some(w)
}

fn parse_page(
    lines: &[&str],
    page: u32,
    wrap: Option<usize>,
    vocab: &Vocabulary,
    out: &mut Vec<RawBlock>,
) {
    // A heading does not end in a function word ("… van de"), unless a
    // heading rule names it ("1. Kennisnemen van").
    let heading_like = |t: &str| {
        heading_shape(t)
            && (!ends_with_function_word(t, &vocab.function_words) || {
                let bare = t
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                    .trim();
                vocab
                    .headings
                    .iter()
                    .any(|r| r.pattern_for(bare).is_some_and(|re| re.is_match(bare)))
            })
    };
    let kinds: Vec<LineKind> = lines.iter().map(|l| line_kind(l)).collect();
    let mut i = 0;
    // The block being built from text lines, and its kind.
    let mut cur: Option<RawBlock> = None;
    let mut pending_bullet: Option<String> = None;
    let flush = |cur: &mut Option<RawBlock>, out: &mut Vec<RawBlock>| {
        if let Some(b) = cur.take() {
            out.push(b);
        }
    };
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if is_lone_bullet(t) {
            // pdftotext puts a bullet on its own line, the item after a blank line.
            flush(&mut cur, out);
            pending_bullet = Some(t.to_string());
            i += 1;
            continue;
        }
        let in_footnote = cur.as_ref().is_some_and(|b| b.kind == BlockKind::Footnote);
        if in_footnote && !matches!(kinds[i], LineKind::Blank | LineKind::Footnote) {
            // Lines under a footnote marker, up to a blank line, belong to it.
            if let Some(b) = cur.as_mut() {
                join_line(&mut b.text, t);
            }
            i += 1;
            continue;
        }
        match kinds[i] {
            LineKind::Blank => {
                flush(&mut cur, out);
            }
            LineKind::Separator => {
                // A separator inside a table belongs to it; elsewhere it is furniture.
                flush(&mut cur, out);
                let in_table = out
                    .last()
                    .is_some_and(|b| b.kind == BlockKind::Table && b.page == page)
                    && next_nonblank(&kinds, i + 1) == Some(LineKind::TableRow);
                if !in_table {
                    out.push(RawBlock::new(BlockKind::Furniture, t, page));
                }
            }
            LineKind::TableRow => {
                flush(&mut cur, out);
                let cells = split_cells(line);
                let continues = out.last().is_some_and(|b| b.kind == BlockKind::Table);
                match out.last_mut() {
                    Some(b) if continues => b.rows.push(cells),
                    _ => out.push(RawBlock::table(vec![cells], page)),
                }
            }
            LineKind::Footnote => {
                flush(&mut cur, out);
                let marker: String = t.chars().take_while(|&c| is_superscript_digit(c)).collect();
                let mut b = RawBlock::new(BlockKind::Footnote, t[marker.len()..].trim(), page);
                b.marker = Some(marker);
                cur = Some(b);
            }
            LineKind::Bullet => {
                flush(&mut cur, out);
                let (marker, len) = bullet_marker(t).unwrap_or(("", 0));
                let body = t[len..].trim();
                if marker.ends_with('.')
                    && marker[..marker.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_digit())
                    && heading_like(body)
                    && opens_block(&kinds, i)
                    && followed_by_body(lines, &kinds, i)
                {
                    // "3. Kernboodschap": a numbered heading, not a list item.
                    let b = RawBlock::new(BlockKind::Heading, t, page);
                    out.push(b);
                } else {
                    let mut b = RawBlock::new(BlockKind::ListItem, body, page);
                    b.marker = Some(marker.to_string());
                    cur = Some(b);
                }
            }
            LineKind::Text if pending_bullet.is_some() => {
                flush(&mut cur, out);
                let mut b = RawBlock::new(BlockKind::ListItem, t, page);
                b.marker = pending_bullet.take();
                cur = Some(b);
            }
            LineKind::Text => {
                let joinable = cur.as_ref().is_some_and(|b| continues_block(b, t, wrap));
                if !joinable && cur.as_ref().is_none_or(|b| ends_break(&b.text)) {
                    if let Some(heading) = two_line_heading(lines, &kinds, i, wrap, &heading_like) {
                        flush(&mut cur, out);
                        out.push(RawBlock::new(BlockKind::Heading, heading, page));
                        i += 2;
                        continue;
                    }
                }
                if joinable {
                    if let Some(b) = cur.as_mut() {
                        join_line(&mut b.text, t);
                    }
                } else if heading_like(t)
                    && wrap.is_none_or(|w| t.chars().count() * 100 < w * 85)
                    && (cur.is_none()
                        || cur.as_ref().is_some_and(|b| ends_clause(&b.text))
                        || (wrap.is_none() && followed_by_prose(lines, &kinds, i)))
                    && followed_by_body(lines, &kinds, i)
                {
                    flush(&mut cur, out);
                    out.push(RawBlock::new(BlockKind::Heading, t, page));
                } else {
                    flush(&mut cur, out);
                    cur = Some(RawBlock::new(BlockKind::Paragraph, t, page));
                }
            }
        }
        i += 1;
    }
    flush(&mut cur, out);
}

/// Whether the last word of a line is a function word ("de", "van", "en"):
/// then the line was wrapped mid-sentence and is no heading.
fn ends_with_function_word(t: &str, fw: &BTreeSet<String>) -> bool {
    t.split_whitespace()
        .last()
        .is_some_and(|w| fw.contains(&w.to_lowercase()))
}

fn is_lone_bullet(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some('•' | '-' | '–' | '▪' | '●' | '\u{f0b7}')) && chars.next().is_none()
}

/// A heading wrapped over two lines by a narrow column: two short lines
/// without final punctuation, opening a block, followed by body text, that
/// together still have the shape of a heading. Only in hard-wrapped text.
fn two_line_heading(
    lines: &[&str],
    kinds: &[LineKind],
    i: usize,
    wrap: Option<usize>,
    heading_like: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let w = wrap?;
    let (first, second) = (lines[i].trim(), lines.get(i + 1)?.trim());
    if !opens_block(kinds, i) || kinds.get(i + 1) != Some(&LineKind::Text) || !heading_shape(first)
    {
        return None;
    }
    let short = |s: &str| s.chars().count() * 100 < w * 60;
    let joined = format!("{first} {second}");
    let body_after = matches!(
        kinds.get(i + 2),
        Some(LineKind::Text | LineKind::Bullet | LineKind::TableRow)
    );
    (short(second)
        && !ends_break(second)
        && heading_like(&joined)
        && body_after
        && !starts_lower(lines[i + 2]))
    .then_some(joined)
}

fn next_nonblank(kinds: &[LineKind], from: usize) -> Option<LineKind> {
    kinds[from.min(kinds.len())..]
        .iter()
        .copied()
        .find(|k| *k != LineKind::Blank)
}

/// Whether line `i` starts a block (blank line or page start before it).
fn opens_block(kinds: &[LineKind], i: usize) -> bool {
    i == 0 || kinds[i - 1] == LineKind::Blank
}

/// Whether a heading candidate at line `i` has body text after it on this
/// page (the last line of a page or document is not a heading).
fn followed_by_body(lines: &[&str], kinds: &[LineKind], i: usize) -> bool {
    let Some(j) = (i + 1..lines.len()).find(|&j| kinds[j] != LineKind::Blank) else {
        return false;
    };
    // A heading is not followed by a lowercase continuation of itself.
    !(j == i + 1 && kinds[j] == LineKind::Text && starts_lower(lines[j]))
}

/// Whether the line after line `i` is running text: a line of at least
/// [`PROSE_WORDS`] words that ends a sentence. In text that is not
/// hard-wrapped, a short line after an unfinished one heads such text
/// ("Voortgang" over the progress of a motion), where a label over a value
/// ("Einddatum" over "1-9-2024", "Afgedaan" over "Niet afgedaan") heads
/// none.
fn followed_by_prose(lines: &[&str], kinds: &[LineKind], i: usize) -> bool {
    let Some(next) = lines.get(i + 1).map(|l| l.trim()) else {
        return false;
    };
    kinds.get(i + 1) == Some(&LineKind::Text)
        && next.split_whitespace().count() >= PROSE_WORDS
        && ends_sentence(next)
}

/// Words of the shortest line [`followed_by_prose`] takes for running text.
const PROSE_WORDS: usize = 8;

/// Whether text line `t` continues block `b` (a hard-wrapped paragraph,
/// list item or footnote) rather than starting a new block.
fn continues_block(b: &RawBlock, t: &str, wrap: Option<usize>) -> bool {
    match b.kind {
        BlockKind::Footnote | BlockKind::ListItem => {
            // Continuation lines of a footnote or list item.
            // In text that is not hard-wrapped each line is one the author
            // ended: only a lower-case start carries the item on.
            starts_lower(t) || wrap.is_some() || b.kind == BlockKind::Footnote
        }
        BlockKind::Paragraph => {
            // In text that is not hard-wrapped a line without a full stop
            // still ends where its author ended it, unless it breaks off
            // mid-sentence for certain (a comma, "met", "de").
            if starts_lower(t)
                || (wrap.is_some() && !ends_clause(&b.text))
                || (wrap.is_none() && ends_mid_sentence(&b.text))
            {
                return true;
            }
            // After a full stop: a new paragraph unless the previous line
            // filled the wrap width.
            match wrap {
                Some(w) => last_line_len(&b.text) * 100 >= w * 85,
                None => false,
            }
        }
        _ => false,
    }
}

fn last_line_len(text: &str) -> usize {
    text.rsplit('\n').next().unwrap_or("").chars().count()
}

/// What the page shows about a line that ends in a hyphen, beyond its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HyphenEvidence {
    /// Nothing, and nothing more will be known: the words alone decide
    /// ([`join_line`]).
    #[default]
    None,
    /// The producer set a space after the hyphen: the word ended there
    /// ("drang- ⏎dwangmaatregelen"), so the hyphen and the line break stay,
    /// unless the document shows the space is habit (every line-end hyphen
    /// has one). Left as [`HYPHEN_SPACED`].
    SpaceAfter,
    /// The line left room for the first syllables of the next word, so no
    /// hyphenation broke a word here: the hyphen is the author's
    /// ("ggz-⏎instelling"). It is left as [`HYPHEN_AUTHORED`] for the
    /// whole document to settle.
    Room,
    /// The page says nothing, but the rest of the document may: whether it
    /// hyphenates at all. Left as [`HYPHEN_UNSURE`].
    Unsure,
}

/// Stands in the text for a line-end hyphen that may be hyphenation or the
/// author's, until the whole document is read
/// (`crate::ingest::pdf::hyphens`). A Unicode noncharacter: reserved for
/// a program's internal use, so no document means it.
pub const HYPHEN_UNSURE: char = '\u{FDD0}';

/// Stands in the text for a line-end hyphen the author wrote, which may
/// join a compound ("ggz-instelling") or stand for an elided word
/// ("drang- en dwangmaatregelen"), until the whole document is read.
pub const HYPHEN_AUTHORED: char = '\u{FDD1}';

/// Stands in the text for a line-end hyphen the producer set a space
/// after, until the whole document is read: the author's, unless every
/// line-end hyphen of the document has that space.
pub const HYPHEN_SPACED: char = '\u{FDD2}';

/// Every hyphen mark, for the passes that find or strip them.
pub const HYPHEN_MARKS: [char; 3] = [HYPHEN_UNSURE, HYPHEN_AUTHORED, HYPHEN_SPACED];

/// Join a wrapped line onto a block's text, repairing end-of-line hyphens:
/// "jeugd-" + "hulp" → "jeugdhulp", but "drang-" + "en dwang" keeps the
/// hyphen (the word after it is a conjunction: elision), and "18-" keeps it.
pub fn join_line(text: &mut String, next: &str) {
    join_line_with(text, next, HyphenEvidence::None);
}

/// [`join_line`], with what the page shows about a final hyphen.
pub fn join_line_with(text: &mut String, next: &str, evidence: HyphenEvidence) {
    let next = next.trim();
    let trimmed_len = text.trim_end().len();
    text.truncate(trimmed_len);
    let prev_char = text.chars().rev().nth(1);
    let next_word = next.split_whitespace().next().unwrap_or("");
    let hyphen_break = text.ends_with('-')
        && prev_char.is_some_and(|c| c.is_alphabetic())
        && next.chars().next().is_some_and(|c| c.is_lowercase())
        && !matches!(next_word, "en" | "of" | "tot");
    match (hyphen_break, evidence) {
        (true, HyphenEvidence::None) => {
            text.pop();
        }
        (true, HyphenEvidence::Room) => {
            text.pop();
            text.push(HYPHEN_AUTHORED);
        }
        (true, HyphenEvidence::Unsure) => {
            text.pop();
            text.push(HYPHEN_UNSURE);
        }
        (true, HyphenEvidence::SpaceAfter) => {
            text.pop();
            text.push(HYPHEN_SPACED);
        }
        _ => text.push('\n'),
    }
    text.push_str(next);
}

/// Characters of `word` up to the end of its first `n` syllables, each
/// taken generously (its vowels and every consonant after them), when a
/// syllable with a vowel is left after them: a length no hyphenation point
/// of that many syllables lies beyond. `None` for shorter words.
pub fn syllables_prefix(word: &str, n: usize) -> Option<usize> {
    let mut seen = 0;
    let mut in_vowels = false;
    for (i, c) in word.chars().enumerate() {
        let vowel = is_vowel(c);
        if vowel && !in_vowels {
            if seen == n {
                return Some(i);
            }
            seen += 1;
        }
        if !c.is_alphabetic() {
            return None;
        }
        in_vowels = vowel;
    }
    None
}

fn is_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'á'
            | 'à'
            | 'â'
            | 'ä'
            | 'é'
            | 'è'
            | 'ê'
            | 'ë'
            | 'í'
            | 'ì'
            | 'î'
            | 'ï'
            | 'ó'
            | 'ò'
            | 'ô'
            | 'ö'
            | 'ú'
            | 'ù'
            | 'û'
            | 'ü'
    )
}

/// Split a table row into cells: by tab, else by `|` (outer pipes dropped).
fn split_cells(line: &str) -> Vec<String> {
    let t = line.trim_end_matches(['\n', '\r']);
    let cells: Vec<&str> = if t.contains('\t') {
        t.split('\t').collect()
    } else {
        let inner = t.trim();
        let inner = inner.strip_prefix('|').unwrap_or(inner);
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        inner.split('|').collect()
    };
    let mut cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    while cells.len() > 1 && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> (Vec<RawBlock>, Option<u32>) {
        super::blocks(text, &Vocabulary::builtin().unwrap())
    }

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        blocks(text)
            .0
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn heading_then_body_without_blank_line() {
        let k = kinds("Beter bereiken van jongeren\nJongerenwerkers hebben gewerkt.\n");
        assert_eq!(
            k[0],
            (BlockKind::Heading, "Beter bereiken van jongeren".into())
        );
        assert_eq!(k[1].0, BlockKind::Paragraph);
    }

    #[test]
    fn numbered_heading_vs_numbered_list() {
        let k = kinds(
            "3. Kernboodschap\n\nWij melden dit.\n\n1. Onderzoekstafel: een tafel inrichten.\n",
        );
        assert_eq!(k[0].0, BlockKind::Heading);
        assert_eq!(k[2].0, BlockKind::ListItem);
        assert_eq!(k[2].1, "Onderzoekstafel: een tafel inrichten.");
    }

    #[test]
    fn closing_lines_after_a_comma_are_not_headings() {
        let k = kinds("Met vriendelijke groet,\nBurgemeester en wethouders,\n\ndrs. A. Jansen,\nGemeentesecretaris\n");
        assert!(
            k.iter().all(|(kind, _)| *kind != BlockKind::Heading),
            "{k:?}"
        );
    }

    #[test]
    fn a_line_ending_in_a_function_word_is_wrapped_text() {
        let k = kinds("Een zin.\nIn de programmabegroting 2021 van de\nGemeente staat veel.\n");
        assert!(
            k.iter().all(|(kind, _)| *kind != BlockKind::Heading),
            "{k:?}"
        );
    }

    #[test]
    fn numbers_are_not_headings() {
        let k = kinds("Lasten & baten\n\n8.948\n\n22,3 %\n");
        assert_eq!(k[0].0, BlockKind::Heading);
        assert!(k[1..].iter().all(|(kind, _)| *kind == BlockKind::Paragraph));
    }

    #[test]
    fn hyphen_repair_keeps_elision() {
        let mut s = "de jeugd-".to_string();
        join_line(&mut s, "hulp is er");
        assert_eq!(s, "de jeugdhulp is er");
        let mut s = "drang-".to_string();
        join_line(&mut s, "en dwangmaatregelen");
        assert_eq!(s, "drang-\nen dwangmaatregelen");
        let mut s = "Maatwerk 18-".to_string();
        join_line(&mut s, "jarigen");
        assert_eq!(s, "Maatwerk 18-\njarigen");
    }

    #[test]
    fn hyphen_evidence_from_the_page() {
        let mut s = "Verhouding drang-".to_string();
        join_line_with(&mut s, "dwangmaatregelen", HyphenEvidence::SpaceAfter);
        assert_eq!(
            s,
            format!("Verhouding drang{HYPHEN_SPACED}dwangmaatregelen")
        );
        let mut s = "de ggz-".to_string();
        join_line_with(&mut s, "instelling", HyphenEvidence::Room);
        assert_eq!(s, format!("de ggz{HYPHEN_AUTHORED}instelling"));
        let mut s = "de jeugd-".to_string();
        join_line_with(&mut s, "hulp", HyphenEvidence::Unsure);
        assert_eq!(s, format!("de jeugd{HYPHEN_UNSURE}hulp"));
        // A conjunction after the hyphen is elision whatever the page says.
        let mut s = "drang-".to_string();
        join_line_with(&mut s, "en dwang", HyphenEvidence::Room);
        assert_eq!(s, "drang-\nen dwang");
    }

    #[test]
    fn syllable_prefixes_are_generous() {
        // dwangm|aatr|egelen: two syllables end after "dwangmaatr".
        assert_eq!(syllables_prefix("dwangmaatregelen", 1), Some(6));
        assert_eq!(syllables_prefix("dwangmaatregelen", 2), Some(10));
        assert_eq!(syllables_prefix("hulp", 1), None);
        assert_eq!(syllables_prefix("cliënten", 1), Some(6));
        assert_eq!(syllables_prefix("instelling", 2), Some(7));
        assert_eq!(syllables_prefix("2021-jarigen", 1), None);
    }

    #[test]
    fn tab_and_pipe_tables() {
        let (b, _) =
            blocks("a) doel\tstand\n\nb) doel twee\tstand twee\n\nNaam | 2016 | 78% | |||\n");
        assert_eq!(b[0].kind, BlockKind::Table);
        assert_eq!(b[0].rows.len(), 3);
        assert_eq!(b[0].rows[2], vec!["Naam", "2016", "78%"]);
    }

    #[test]
    fn footnote_with_continuation_line() {
        let (b, _) =
            blocks("Tekst die eindigt.²\n\n² [Eerste link](#)\n[Tweede link](#)\n\nVerder.\n");
        assert_eq!(b[1].kind, BlockKind::Footnote);
        assert_eq!(b[1].marker.as_deref(), Some("²"));
        assert!(b[1].text.contains("Tweede link"));
    }

    #[test]
    fn form_feeds_count_pages() {
        let (b, pages) = blocks("Een alinea.\n\u{c}Nog een alinea.\n");
        assert_eq!(pages, Some(2));
        assert_eq!(b[1].page, 2);
    }

    /// A form copied from a web page, one label or value per line, is read
    /// line by line; a label over running text heads it, a label over a
    /// value does not.
    #[test]
    fn lines_of_a_form_stand_alone() {
        let k = kinds(
            "Moties\n\nID\n59\nStatus\nAangenomen\nIndieners\n  • C.J. Kool (CDA)\nMede-indieners\nEinddatum\n1-9-2024\nVoortgang\nOp 26 september 2023 is de raad weer geïnformeerd via een nota.\nAfgedaan\nNiet afgedaan\n",
        );
        let texts: Vec<&str> = k.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Moties",
                "ID",
                "59",
                "Status",
                "Aangenomen",
                "Indieners",
                "C.J. Kool (CDA)",
                "Mede-indieners",
                "Einddatum",
                "1-9-2024",
                "Voortgang",
                "Op 26 september 2023 is de raad weer geïnformeerd via een nota.",
                "Afgedaan",
                "Niet afgedaan"
            ]
        );
        let heading = |t: &str| {
            k.iter()
                .any(|(kind, x)| x == t && *kind == BlockKind::Heading)
        };
        assert!(heading("Voortgang"), "{k:?}");
        assert!(!heading("Einddatum") && !heading("Status"), "{k:?}");
    }

    /// Text that is not hard-wrapped still joins a line that starts in
    /// lower case: the sentence runs on.
    #[test]
    fn a_lower_case_line_continues_unwrapped_text() {
        let k = kinds("De raad heeft besloten\nom de motie aan te nemen.\n");
        assert_eq!(k.len(), 1, "{k:?}");
        // So does a line after one that breaks off mid-sentence.
        let k = kinds("Wij werken samen met de\nGGD Hollands Midden.\n\nMet vriendelijke groet,\nBurgemeester en wethouders\n");
        assert_eq!(k.len(), 2, "{k:?}");
    }

    #[test]
    fn hard_wrapped_paragraph_is_joined() {
        let line = "Dit is een lange regel tekst die door pdftotext is afgebroken op de";
        let mut text = String::new();
        for _ in 0..10 {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("laatste regel.\n");
        let (b, _) = blocks(&text);
        assert_eq!(b.len(), 1, "{b:?}");
    }
}
