//! What `build.rs` compiled ahead of time from the bundled dictionaries:
//! the verb table of `verbs.tsv` ([`VERBS`], used by
//! `extract::entities::verbs`) and the prefix literals of the heading rules
//! of `headings.tsv` ([`HEADING_PREFIXES`], used by `dict`), and the
//! fingerprint of all built-in dictionaries ([`BUILTIN_FINGERPRINT`]). A
//! run uses them only for the text they were made of, and compiles
//! anything else (a user's `--dict` files) from the TSV as the build did;
//! tests check that both ways give the same.

/// The verb table the build made of the bundled `verbs.tsv`
/// (`extract::entities::verb_forms`).
#[derive(Debug, Clone, Copy)]
pub struct PrebuiltVerbs {
    /// The hash of the `verbs.tsv` text it was made of (`content_hash`).
    pub hash: u64,
    /// The sorted table, one line per form.
    pub table: &'static str,
    /// Its index of short forms (`Index::short`).
    pub short: &'static [u8],
    /// Its index of longer forms (`Index::long`).
    pub long: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/prebuilt.rs"));
