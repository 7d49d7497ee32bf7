//! The literals every match of a dictionary pattern starts with.
//!
//! Only `regex-syntax`: `build.rs` includes this file too, to work these
//! out for the bundled `headings.tsv` at build time (~3 ms of every
//! `extract` start-up when done at run time: case-insensitive parsing is
//! slow), so the run and the build use one definition.

/// The literals every match of `pattern` (case-insensitive) starts with,
/// as exact bytes; `None` when they are not a finite set. A text that
/// starts with none of them cannot match the pattern anchored at its
/// start, so the pattern need not be compiled for it.
pub fn prefix_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::Extractor;
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .ok()?;
    let seq = Extractor::new().extract(&hir);
    seq.literals()
        .map(|lits| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The literals every match of `pattern` starts with, taken from the
/// pattern parsed case-sensitively, when they are a finite set of
/// non-empty ASCII strings; `None` otherwise. For the pattern compiled
/// case-insensitively they are exact up to ASCII case: a match starts
/// with one of them in some mix of cases ([`starts_ascii_ci`] tests it),
/// unless the text holds one of [`FOLDS_TO_ASCII`]. Case-insensitive
/// extraction, as [`prefix_literals`] does, spells out every case of
/// every letter and gives up on all but short words.
pub fn ascii_prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::Extractor;
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let lits: Vec<Vec<u8>> = Extractor::new()
        .extract(&hir)
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    lits.iter()
        .all(|l| !l.is_empty() && l.is_ascii())
        .then_some(lits)
}

/// The two non-ASCII characters an ASCII letter also matches when
/// case-insensitive (Unicode simple case folding): the long s and the
/// Kelvin sign.
pub const FOLDS_TO_ASCII: [char; 2] = ['\u{17f}', '\u{212a}'];

/// Whether `text` may start with a match of a case-insensitive pattern of
/// [`ascii_prefixes`] `lits`.
pub fn starts_ascii_ci(text: &str, lits: &[Vec<u8>]) -> bool {
    let t = text.as_bytes();
    lits.iter()
        .any(|l| t.get(..l.len()).is_some_and(|h| h.eq_ignore_ascii_case(l)))
        || text.contains(FOLDS_TO_ASCII)
}
