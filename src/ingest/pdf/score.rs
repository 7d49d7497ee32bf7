//! The text-similarity measure of `corpus/tools/similarity.py`, in Rust.
//!
//! Both texts are NFC-normalised, every run of white space (Rust's
//! `char::is_whitespace`, the set the Python tool lists) becomes one space,
//! the ends are trimmed; the score is `strsim::normalized_levenshtein` of
//! the two, i.e. `1 - lev / max(len)` over code points (1.0 when both are
//! empty). Same numbers as the Python tool.
//!
//! PDFs are scored on their *body text* ([`body_text`]): the document text
//! without furniture blocks. Furniture stays in `Document::text` so offsets
//! are honest, but the true texts of the corpus have no running headers,
//! footers or page numbers.

use crate::model::{BlockKind, Document};
use unicode_normalization::UnicodeNormalization;

/// NFC, white space collapsed to single spaces, ends trimmed.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Similarity of two texts in 0..=1.
///
/// # Example
/// ```
/// use beleidsmijn::ingest::pdf::score::similarity;
/// assert_eq!(similarity("a  b\n", "a b"), 1.0);
/// ```
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(&normalise(a), &normalise(b))
}

/// The share of `reference`'s characters (white space aside, counted with
/// their repeats) that `ours` has too, in any order: what a reading-order
/// difference cannot lower and lost text does. 1.0 when `reference` has
/// none.
///
/// # Example
/// ```
/// use beleidsmijn::ingest::pdf::score::kept;
/// assert_eq!(kept("ab cd", "cd ab"), 1.0);
/// assert_eq!(kept("ab cd", "ab"), 0.5);
/// ```
pub fn kept(reference: &str, ours: &str) -> f64 {
    let mut have: std::collections::HashMap<char, i64> = std::collections::HashMap::new();
    for c in ours.nfc().filter(|c| !c.is_whitespace()) {
        *have.entry(c).or_default() += 1;
    }
    let (mut total, mut found) = (0usize, 0usize);
    for c in reference.nfc().filter(|c| !c.is_whitespace()) {
        total += 1;
        if let Some(n) = have.get_mut(&c).filter(|n| **n > 0) {
            *n -= 1;
            found += 1;
        }
    }
    if total == 0 {
        1.0
    } else {
        found as f64 / total as f64
    }
}

/// The document text without furniture blocks, blocks separated by blank
/// lines.
pub fn body_text(doc: &Document) -> String {
    let mut out = String::new();
    for b in doc.blocks.iter().filter(|b| b.kind != BlockKind::Furniture) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(doc.block_text(b));
    }
    out
}
