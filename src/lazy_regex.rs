//! A dictionary regex compiled when first used.
//!
//! Input: a pattern and how to compile it. Output: the compiled regex, the
//! first time it is asked for (then shared by every thread). Why: `extract`
//! compiled every dictionary regex before its first document, ~30 ms of
//! each run on one small file, most of them for patterns that document
//! never reaches; `text` compiled them too. A user's dictionary
//! (`--dict`) is compiled at once ([`LazyRegex::eager`]), so a bad pattern
//! still stops the run before the first document; the bundled ones are
//! compiled by the tests.

use regex::Regex;
use std::sync::OnceLock;

/// How a pattern is compiled (case-insensitive, size limit …).
pub type Compile = fn(&str) -> Result<Regex, regex::Error>;

/// A regex compiled on first use.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    source: String,
    compile: Compile,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// `source`, to be compiled by `compile` when first used.
    pub fn new(source: String, compile: Compile) -> LazyRegex {
        LazyRegex {
            source,
            compile,
            compiled: OnceLock::new(),
        }
    }

    /// `source` compiled now (a user's dictionary).
    ///
    /// # Errors
    /// The pattern does not compile.
    pub fn eager(source: String, compile: Compile) -> Result<LazyRegex, regex::Error> {
        let re = compile(&source)?;
        Ok(LazyRegex {
            source,
            compile,
            compiled: OnceLock::from(Some(re)),
        })
    }

    /// [`LazyRegex::eager`] when `now`, else [`LazyRegex::new`].
    ///
    /// # Errors
    /// As [`LazyRegex::eager`].
    pub fn when(now: bool, source: String, compile: Compile) -> Result<LazyRegex, regex::Error> {
        if now {
            LazyRegex::eager(source, compile)
        } else {
            Ok(LazyRegex::new(source, compile))
        }
    }

    /// The compiled regex, or `None` when the pattern does not compile.
    pub fn try_get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| (self.compile)(&self.source).ok())
            .as_ref()
    }

    /// Whether it matches in `text` (never, when it does not compile).
    pub fn is_match(&self, text: &str) -> bool {
        self.try_get().is_some_and(|re| re.is_match(text))
    }

    /// Its leftmost-first match in `text`.
    pub fn find<'t>(&self, text: &'t str) -> Option<regex::Match<'t>> {
        self.try_get().and_then(|re| re.find(text))
    }

    /// Its matches in `text`.
    pub fn find_iter<'s, 't>(&'s self, text: &'t str) -> impl Iterator<Item = regex::Match<'t>> + 's
    where
        't: 's,
    {
        self.try_get()
            .into_iter()
            .flat_map(move |re| re.find_iter(text))
    }

    /// The groups of each of its matches in `text`.
    pub fn captures_iter<'s, 't>(
        &'s self,
        text: &'t str,
    ) -> impl Iterator<Item = regex::Captures<'t>> + 's
    where
        't: 's,
    {
        self.try_get()
            .into_iter()
            .flat_map(move |re| re.captures_iter(text))
    }

    /// The groups of its leftmost-first match in `text`.
    pub fn captures<'t>(&self, text: &'t str) -> Option<regex::Captures<'t>> {
        self.try_get().and_then(|re| re.captures(text))
    }

    /// Whether it has been compiled (for tests).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ci(p: &str) -> Result<Regex, regex::Error> {
        regex::RegexBuilder::new(p).case_insensitive(true).build()
    }

    #[test]
    fn compiles_on_first_use_or_at_once() {
        let re = LazyRegex::new(r"\bnota\b".into(), ci);
        assert!(!re.is_compiled());
        assert!(re.is_match("De NOTA"));
        assert!(re.is_compiled());
        assert!(LazyRegex::eager("(".into(), ci).is_err());
        let bad = LazyRegex::new("(".into(), ci);
        assert!(bad.try_get().is_none());
        assert!(!bad.is_match("") && bad.find("(").is_none());
        assert_eq!(re.find_iter("nota, nota").count(), 2);
        assert!(LazyRegex::when(false, "(".into(), ci).is_ok());
    }
}
