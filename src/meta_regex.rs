//! Regexes compiled by the regex crate's engine without prefilters.
//!
//! Input: a pattern. Output: a `regex_automata::meta::Regex` configured as
//! `regex::RegexBuilder` configures its own, except that it builds no
//! prefilter. Why: finding the literals every match must contain
//! (regex-syntax's literal extractor, then the prefilter and reverse-search
//! builders) was about two thirds of compiling the entity regexes, and
//! compiling regexes the largest part of a run's start-up. The texts these regexes search are short (a
//! sentence), where a prefilter saves little, and the matches are the
//! same: a prefilter only skips text in which no match can start.
//!
//! (The furniture patterns, a `regex::RegexSet`, were tried too: without
//! prefilters their compile took 1.5 % fewer instructions, no gain worth a
//! type of our own.)

use regex_automata::meta::{BuildError, Config, Regex};
use regex_automata::util::syntax;
use regex_automata::MatchKind;

/// The largest compiled program a pattern may have: what
/// `RegexBuilder::size_limit(1 << 24)` gives the dictionary regexes.
pub const SIZE_LIMIT: usize = 1 << 24;

/// The regex crate's configuration for a regex, prefilters off.
fn config() -> Config {
    Regex::config()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(SIZE_LIMIT))
        .hybrid_cache_capacity(2 * (1 << 20))
        .auto_prefilter(false)
}

/// `pattern` as `regex::RegexBuilder::new(pattern).size_limit(1 << 24)`
/// compiles it, without a prefilter.
///
/// # Errors
/// The pattern does not compile; the message is the one the regex crate
/// gives for it.
pub fn one(pattern: &str) -> Result<Regex, String> {
    Regex::builder()
        .configure(config())
        .syntax(syntax::Config::new().utf8(true))
        .build(pattern)
        .map_err(|e| message(&e))
}

/// A build error worded as `regex::Error` words it.
fn message(e: &BuildError) -> String {
    match (e.size_limit(), e.syntax_error()) {
        (Some(limit), _) => format!("Compiled regex exceeds size limit of {limit} bytes."),
        (None, Some(syntax)) => syntax.to_string(),
        (None, None) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn errors_read_as_the_regex_crate_words_them() {
        for bad in ["(unclosed", "a{99999999}", r"\p{Nope}"] {
            let ours = one(bad).unwrap_err();
            let theirs = regex::RegexBuilder::new(bad)
                .size_limit(SIZE_LIMIT)
                .build()
                .unwrap_err()
                .to_string();
            assert_eq!(ours, theirs, "{bad}");
        }
    }
}
