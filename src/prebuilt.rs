//! What `build.rs` compiled ahead of time from the bundled dictionaries:
//! the verb table of `verbs.tsv` ([`VERBS`], used by
//! `extract::entities::verbs`) and the prefix literals of the heading rules
//! of `headings.tsv` ([`HEADING_PREFIXES`], used by `dict`), and the
//! fingerprint of all built-in dictionaries ([`BUILTIN_FINGERPRINT`]). A
//! run uses them only for the text they were made of, and compiles
//! anything else (a user's `--dict` files) from the TSV as the build did;
//! tests check that both ways give the same.

include!(concat!(env!("OUT_DIR"), "/prebuilt.rs"));
