//! Where a document names itself and who issues it: its title (the opening
//! heading), its header (the short blocks above the first sentence of its
//! body), its running headers and footers, and what the reader kept
//! beside the text (an HTML page's head, a PDF's `/Info` title:
//! `Document::chrome`).

use crate::extract::metadata;
use crate::model::{BlockKind, Document, Section, Span};
use std::collections::BTreeMap;

/// Most blocks of a header.
const HEADER_BLOCKS: usize = 8;

/// A block of this many words that ends like a sentence opens the body.
const SENTENCE_WORDS: usize = 6;

/// A block longer than this opens the body, however it ends.
const BODY_WORDS: usize = 25;

/// How many blocks from the top the opening sentence may stand.
const OPENING_BLOCKS: usize = 6;

/// How many paragraphs of the body, among how many blocks from the top,
/// [`Zone::subjects`] reads.
const SUBJECT_PARAGRAPHS: usize = 3;
const SUBJECT_BLOCKS: usize = 12;

/// How many opening words of a paragraph are its subject.
pub const SUBJECT_WORDS: usize = 3;

/// The title and header of a document.
#[derive(Debug, Default)]
pub struct Zone<'d> {
    /// The opening heading.
    pub title: Option<&'d Section>,
    /// Byte ranges of the header blocks and the running headers and footers.
    pub spans: Vec<Span>,
    /// Titles kept beside the text (page head, PDF title).
    pub external: Vec<&'d str>,
    /// Running headers and footers with words (not page numbers).
    pub running: Vec<&'d str>,
}

impl<'d> Zone<'d> {
    /// Find the title and header of `doc`.
    pub fn of(doc: &'d Document, sections: &'d [Section]) -> Zone<'d> {
        let mut z = Zone {
            title: metadata::title(doc, sections),
            external: doc.chrome.iter().take(2).map(String::as_str).collect(),
            ..Zone::default()
        };
        for b in doc
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Furniture)
            .take(HEADER_BLOCKS)
        {
            let text = doc.block_text(b).trim();
            let words = text.split_whitespace().count();
            let sentence = text.ends_with(['.', '!', '?', ':', ';']) && words >= SENTENCE_WORDS;
            if b.kind != BlockKind::Table && (sentence || words > BODY_WORDS) {
                break;
            }
            z.spans.push(b.span);
        }
        // One running header, whatever page number it carries; a line of
        // furniture met once (a link back to the navigation, a page tool)
        // runs over no pages and names nothing.
        let key = |t: &str| {
            t.chars()
                .filter(|c| !c.is_ascii_digit())
                .collect::<String>()
        };
        let mut lines: Vec<(String, &str)> = Vec::new();
        for b in doc.blocks.iter().filter(|b| b.kind == BlockKind::Furniture) {
            let text = doc.block_text(b);
            if text.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                z.spans.push(b.span);
                lines.push((key(text), text));
            }
        }
        let mut times: BTreeMap<&str, usize> = BTreeMap::new();
        for (k, _) in &lines {
            *times.entry(k.as_str()).or_default() += 1;
        }
        for (k, text) in &lines {
            if times.remove(k.as_str()).is_some_and(|n| n >= 2) {
                z.running.push(text);
            }
        }
        z
    }

    /// The opening sentence of the body: the first paragraph of five words
    /// or more among the first blocks, up to its first full stop.
    pub fn opening(doc: &'d Document) -> Option<&'d str> {
        let first = doc
            .blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Furniture)
            .take(OPENING_BLOCKS)
            .find(|b| {
                b.kind == BlockKind::Paragraph && doc.block_text(b).split_whitespace().count() >= 5
            })?;
        let text = doc.block_text(first);
        Some(text.split_once(". ").map_or(text, |(s, _)| s))
    }

    /// The subjects (first [`SUBJECT_WORDS`] words) of the first
    /// paragraphs of the body: paragraphs of five words or more among the
    /// first blocks, leaving out header fields ("Verzonden: woensdag 24
    /// juli", "Afgestemd met: …", a label ending in a colon). Who acts in
    /// them is who issues the document: "Gedeputeerde Staten hebben
    /// besloten …" under a memo's fields, "De minister van …" after a
    /// letter's salutation.
    pub fn subjects(doc: &'d Document) -> Vec<String> {
        let field = |words: &[&str]| words.iter().take(SUBJECT_WORDS).any(|w| w.ends_with(':'));
        doc.blocks
            .iter()
            .filter(|b| b.kind != BlockKind::Furniture)
            .take(SUBJECT_BLOCKS)
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| doc.block_text(b).split_whitespace().collect::<Vec<_>>())
            .filter(|words| words.len() >= 5 && !field(words))
            .take(SUBJECT_PARAGRAPHS)
            .map(|words| words[..SUBJECT_WORDS].join(" "))
            .collect()
    }

    /// Whether byte offset `at` lies in the title.
    pub fn in_title(&self, at: usize) -> bool {
        self.title
            .is_some_and(|t| (t.heading_span.start..t.heading_span.end).contains(&at))
    }

    /// Whether byte offset `at` lies in the title, header or a running header.
    pub fn contains(&self, at: usize) -> bool {
        self.in_title(at) || self.spans.iter().any(|s| (s.start..s.end).contains(&at))
    }

    /// The texts of the title and header, for cues that need no offsets.
    pub fn texts(&self, doc: &'d Document) -> Vec<&'d str> {
        let mut out: Vec<&str> = self.title.map(|t| t.heading.as_str()).into_iter().collect();
        out.extend(self.spans.iter().map(|s| doc.slice(*s)));
        out.extend(self.external.iter().copied());
        out
    }
}
