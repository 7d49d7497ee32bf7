//! Sentences: the unit every entity is found in and reported with.
//!
//! Input is the assembled [`Document`]; output is a list of [`Sentence`]s,
//! each with the document byte ranges it covers and its text rejoined with
//! single spaces. A paragraph that stops without final punctuation and is
//! continued, past footnotes, page furniture and page breaks, by a paragraph
//! that starts in lower case forms one sentence with it. Table cells are
//! segmented one by one; page furniture is kept as its own unit (flagged) so
//! that only export dates are read from it.
//!
//! Splitting happens after `.`, `!` or `?` followed by white space and an
//! upper-case letter, a digit or a quote — not after a Dutch abbreviation
//! from `lexicon.tsv` ("o.a.", "m.b.t.", "drs.", "t/m"), not after initials
//! ("J.J.") and never inside a number ("19,8", "2.180").

use super::fold::fold_key;
use super::vocab::EntityVocabulary;
use crate::ingest::text::bullet_marker;
use crate::model::{BlockKind, Document, Span};

/// One sentence with its place in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Document byte ranges the sentence covers, in order.
    pub pieces: Vec<Span>,
    /// The sentence text, pieces joined with a single space.
    pub text: String,
    /// Index of the block the sentence starts in.
    pub block: usize,
    /// Comes from page furniture.
    pub furniture: bool,
    /// Comes from a table cell.
    pub in_table: bool,
    /// The table row of that cell: the document bytes from its first
    /// cell to its last.
    pub row: Option<Span>,
    /// The whole unit (paragraph, cell) is this one sentence.
    pub whole_block: bool,
    /// Comes from a heading.
    pub heading: bool,
}

impl Sentence {
    /// The document offset of sentence offset `i` (a start position).
    pub fn to_doc(&self, i: usize) -> usize {
        let mut off = 0;
        for p in &self.pieces {
            let len = p.end - p.start;
            if i < off + len {
                return p.start + i.saturating_sub(off);
            }
            off += len + 1;
        }
        self.pieces.last().map(|p| p.end).unwrap_or(0)
    }

    /// The document offset of sentence offset `i` used as an end position.
    pub fn to_doc_end(&self, i: usize) -> usize {
        let mut off = 0;
        for p in &self.pieces {
            let len = p.end - p.start;
            if i <= off + len {
                return p.start + (i.saturating_sub(off)).min(len);
            }
            off += len + 1;
        }
        self.pieces.last().map(|p| p.end).unwrap_or(0)
    }

    /// First document byte.
    pub fn start(&self) -> usize {
        self.pieces.first().map(|p| p.start).unwrap_or(0)
    }
}

/// A run of text to segment: one block, one cell, or paragraphs rejoined.
struct Unit {
    pieces: Vec<Span>,
    block: usize,
    kind: BlockKind,
    furniture: bool,
    in_table: bool,
    row: Option<Span>,
}

fn is_footnote_table(doc: &Document, b: &crate::model::Block) -> bool {
    doc.block_text(b)
        .starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
}

fn units(doc: &Document) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(doc.blocks.len());
    // Index in `out` of a paragraph that ended mid-sentence and may continue.
    let mut open: Option<usize> = None;
    for (bi, b) in doc.blocks.iter().enumerate() {
        match b.kind {
            BlockKind::Furniture => {
                out.push(Unit {
                    pieces: vec![b.span],
                    block: bi,
                    kind: b.kind,
                    furniture: true,
                    in_table: false,
                    row: None,
                });
                continue;
            }
            BlockKind::Table if !is_footnote_table(doc, b) => {
                open = None;
                for row in &b.rows {
                    let span = row.first().zip(row.last()).map(|(a, z)| Span {
                        start: a.span.start,
                        end: z.span.end,
                    });
                    for cell in row {
                        if cell.span.end > cell.span.start {
                            out.push(Unit {
                                pieces: vec![cell.span],
                                block: bi,
                                kind: b.kind,
                                furniture: false,
                                in_table: true,
                                row: span,
                            });
                        }
                    }
                }
                continue;
            }
            BlockKind::Table | BlockKind::Footnote => {
                // A footnote interrupts a sentence without ending it.
                out.push(Unit {
                    pieces: vec![b.span],
                    block: bi,
                    kind: BlockKind::Footnote,
                    furniture: false,
                    in_table: false,
                    row: None,
                });
                continue;
            }
            _ => {}
        }
        let text = doc.block_text(b);
        if b.kind == BlockKind::Paragraph && text.starts_with(|c: char| c.is_lowercase()) {
            if let Some(u) = open.and_then(|i| out.get_mut(i)) {
                u.pieces.push(b.span);
                open = (!ends_sentence(text)).then_some(open).flatten();
                continue;
            }
        }
        let mut span = b.span;
        if b.kind == BlockKind::ListItem {
            // PDF keeps an item's number in the text: "1. Onderzoekstafel: …"
            // is one sentence without it, not "1." and the rest.
            span.start += bullet_marker(text).map_or(0, |(_, len)| len);
        }
        out.push(Unit {
            pieces: vec![span],
            block: bi,
            kind: b.kind,
            furniture: false,
            in_table: false,
            row: None,
        });
        open = (matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
            && !ends_sentence(text))
        .then_some(out.len() - 1);
    }
    out
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '"', '\'', '’', '”', ')'])
}

/// Longest sentence in bytes. Every entity carries its sentence, so a
/// text without full stops (a flattened table, a list of 10,000 years)
/// made one sentence whose copies grew with the square of its length
/// (376 MB of output from 50 KB); longer runs are cut at a space. The
/// longest sentence of the seeds and the development set is 710 bytes.
pub const MAX_SENTENCE_BYTES: usize = 1_000;

/// `cuts` with more cuts, at the last space before the limit (or a
/// character boundary where there is none), so that no piece of `text` is
/// longer than [`MAX_SENTENCE_BYTES`].
fn bounded(text: &str, cuts: Vec<usize>) -> Vec<usize> {
    if text.len() <= MAX_SENTENCE_BYTES {
        return cuts;
    }
    let mut out = Vec::with_capacity(cuts.len() + text.len() / MAX_SENTENCE_BYTES);
    let mut from = 0;
    for to in cuts.into_iter().chain(std::iter::once(text.len())) {
        while to - from > MAX_SENTENCE_BYTES {
            let mut limit = from + MAX_SENTENCE_BYTES;
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let cut = text[from..limit]
                .rfind(' ')
                .map(|k| from + k)
                .filter(|&k| k > from)
                .unwrap_or(limit);
            out.push(cut);
            from = cut;
        }
        if to < text.len() {
            out.push(to);
        }
        from = to;
    }
    out
}

/// Segment the document into sentences, in document order.
pub fn split(doc: &Document, vocab: &EntityVocabulary) -> Vec<Sentence> {
    let units = units(doc);
    let mut out = Vec::with_capacity(units.len());
    for u in units {
        let text = join_spaced(u.pieces.iter().map(|p| doc.slice(*p)));
        let cuts = if u.furniture || u.kind == BlockKind::Heading {
            Vec::new()
        } else {
            cut_points(&text, vocab)
        };
        let cuts = bounded(&text, cuts);
        let mut from = 0;
        let single = cuts.is_empty();
        out.reserve(cuts.len() + 1);
        for to in cuts.into_iter().chain(std::iter::once(text.len())) {
            let piece = &text[from..to];
            let lead = piece.len() - piece.trim_start().len();
            let s = from + lead;
            let e = from + piece.trim_end().len();
            if e > s {
                out.push(make(&u, &text, s, e, single));
            }
            from = to;
        }
    }
    out
}

fn make(u: &Unit, text: &str, s: usize, e: usize, whole: bool) -> Sentence {
    // Map [s, e) of the joined text back to document pieces.
    let mut pieces = Vec::with_capacity(u.pieces.len());
    let mut off = 0;
    for p in &u.pieces {
        let len = p.end - p.start;
        let (a, b) = (s.max(off), e.min(off + len));
        if a < b {
            pieces.push(Span {
                start: p.start + (a - off),
                end: p.start + (b - off),
            });
        }
        off += len + 1;
    }
    let text = join_spaced(pieces.iter().map(|p| text_of(text, &u.pieces, *p)));
    Sentence {
        pieces,
        text,
        block: u.block,
        furniture: u.furniture,
        in_table: u.in_table,
        row: u.row,
        whole_block: whole,
        heading: u.kind == BlockKind::Heading,
    }
}

/// The parts joined with single spaces, as `parts.collect::<Vec<_>>().join(" ")`.
fn join_spaced<'a>(parts: impl Iterator<Item = &'a str> + Clone) -> String {
    let len = parts.clone().map(|p| p.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len.saturating_sub(1));
    for (k, p) in parts.enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// The slice of the joined `text` that a document span `p` (inside one of
/// `pieces`) corresponds to.
fn text_of<'a>(text: &'a str, pieces: &[Span], p: Span) -> &'a str {
    let mut off = 0;
    for q in pieces {
        if p.start >= q.start && p.end <= q.end {
            let a = off + (p.start - q.start);
            return text.get(a..a + (p.end - p.start)).unwrap_or("");
        }
        off += q.end - q.start + 1;
    }
    ""
}

/// Byte offsets (just after the punctuation) where the text splits.
fn cut_points(text: &str, vocab: &EntityVocabulary) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut cuts = Vec::new();
    for i in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
        let c = bytes[i];
        // Closing quotes or brackets right after the mark stay with the sentence.
        let mut end = i + 1;
        while let Some(ch) = text
            .get(end..)
            .and_then(|r| r.chars().next())
            .filter(|ch| matches!(ch, '"' | '\'' | '’' | '”' | ')'))
        {
            end += ch.len_utf8();
        }
        let rest = text.get(end..).unwrap_or("");
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let Some(next) = rest.trim_start().chars().next() else {
            continue;
        };
        if !(next.is_uppercase()
            || next.is_ascii_digit()
            || matches!(next, '"' | '\'' | '‘' | '“' | '(' | '-' | '•'))
        {
            continue;
        }
        if c == b'.' && !ends_sentence_word(&text[..i + 1], vocab) {
            continue;
        }
        cuts.push(end);
    }
    cuts
}

/// Whether the word ending in this period ends a sentence (it is no
/// abbreviation and no initial).
fn ends_sentence_word(upto: &str, vocab: &EntityVocabulary) -> bool {
    let word = upto
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if vocab.lexicon.has("abbreviation", &fold_key(word)) {
        return false;
    }
    // Initials ("J.J.", "E.M.") and single letters.
    let core = word.trim_end_matches('.');
    let initials = !core.is_empty()
        && core
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
    !initials
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_without_full_stops_is_cut_at_spaces() {
        let text: String = (0..10_000)
            .map(|i| (1900 + i % 200).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let cuts = bounded(&text, vec![20_000]);
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .chain(std::iter::once(text.len()))
            .collect();
        assert!(bounds
            .windows(2)
            .all(|w| w[0] < w[1] && w[1] - w[0] <= MAX_SENTENCE_BYTES));
        // The cuts the sentence rules made stay, and the new ones fall on spaces.
        assert!(cuts.contains(&20_000));
        assert!(cuts.iter().all(|&c| c == 20_000 || &text[c..=c] == " "));
        // A long word is cut at a character boundary.
        let word = "é".repeat(1_500);
        let cuts = bounded(&word, Vec::new());
        assert_eq!(cuts, [1_000, 2_000]);
        // Short text keeps its cuts.
        assert_eq!(bounded("Een. Twee.", vec![4]), [4]);
    }

    #[test]
    fn cuts_respect_abbreviations_and_numbers() {
        let vocab = EntityVocabulary::builtin_for_tests();
        let text = "Er zijn o.a. Versa en STAD. Het cijfer is 19,8 en 2.180 stuks. De heer drs. J.J. Kruijt tekent. Actielijnen 1 t/m 4. Klaar.";
        let cuts = cut_points(text, &vocab);
        let parts: Vec<&str> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied().chain(std::iter::once(text.len())))
            .map(|(a, b)| text[a..b].trim())
            .collect();
        assert_eq!(
            parts,
            [
                "Er zijn o.a. Versa en STAD.",
                "Het cijfer is 19,8 en 2.180 stuks.",
                "De heer drs. J.J. Kruijt tekent.",
                "Actielijnen 1 t/m 4.",
                "Klaar."
            ]
        );
    }
}
