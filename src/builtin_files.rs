//! The names of the built-in dictionaries, in the order of
//! [`crate::dict::BUILTIN`] (a test holds the two together): `build.rs`
//! includes this file to work out their fingerprint at build time.

/// The built-in dictionary files, in fingerprint order.
pub const BUILTIN_FILES: [&str; 16] = [
    "headings.tsv",
    "furniture.tsv",
    "metadata.tsv",
    "header_values.tsv",
    "facts.tsv",
    "months.tsv",
    "function_words.tsv",
    "doc_types.tsv",
    "municipalities.tsv",
    "taakvelden.tsv",
    "organisations.tsv",
    "generic_actors.tsv",
    "lexicon.tsv",
    "status.tsv",
    "verbs.tsv",
    "references.tsv",
];
