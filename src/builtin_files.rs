//! The names of the built-in dictionaries, in the order of
//! [`crate::dict::BUILTIN`] (a test holds the two together), and how a set
//! of dictionaries is fingerprinted: `build.rs` includes this file to work
//! out the built-in ones' fingerprint at build time, `dict` for a user's.

/// The SHA-256, in hex, of the dictionaries' names and texts in order.
pub fn fingerprint<'t>(files: impl Iterator<Item = (&'t str, &'t str)>) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for (name, text) in files {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The built-in dictionary files, in fingerprint order.
#[cfg_attr(not(test), allow(dead_code))]
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
