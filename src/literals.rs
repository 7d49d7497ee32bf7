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
