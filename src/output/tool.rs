//! `tool`: which program, build and dictionaries wrote a record.
//!
//! Every record (documents and errors alike) carries it, so two archives
//! extracted by different builds, or with an edited `dictionaries/` folder
//! (`--dict`), can be told apart without rerunning anything. The build is
//! `git describe` of the checkout at compile time (see `build.rs`), else
//! the crate version; the dictionary fingerprint is the SHA-256 of every
//! dictionary file's name and text, built-in and overrides
//! ([`crate::dict::Sources::fingerprint`]).

use serde::{Deserialize, Serialize};

/// The build id compiled in: `git describe --always --tags` of the checkout,
/// or the crate version outside a checkout.
pub fn build() -> &'static str {
    match env!("BELEIDSMIJN_BUILD") {
        "" => env!("CARGO_PKG_VERSION"),
        b => b,
    }
}

/// The program that wrote a record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tool {
    /// Always `beleidsmijn`.
    pub name: String,
    /// The crate version (`0.1.0`).
    pub version: String,
    /// [`build`]: the commit it was built from, or the version.
    pub build: String,
    /// SHA-256 (hex) of the dictionaries the run compiled.
    pub dictionaries: String,
}

impl Tool {
    /// This program, with the dictionaries of `fingerprint`.
    pub fn new(fingerprint: &str) -> Tool {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            build: build().to_string(),
            dictionaries: fingerprint.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_is_never_empty_and_names_the_version_or_a_commit() {
        let t = Tool::new("ab");
        assert_eq!(t.name, "beleidsmijn");
        assert!(!t.build.is_empty());
        assert_eq!(t.dictionaries, "ab");
    }
}
