//! Regexes with word boundaries that stay on the fast engine.
//!
//! A Unicode `\b` stops the regex crate's lazy DFA at the first non-ASCII
//! byte; every search of such a sentence then falls back to the bounded
//! backtracker, which was the costliest part of extraction. [`FastRe`] keeps
//! each regex twice: as written, and with ASCII `(?-u:\b)`. The two agree on
//! any text in which every non-ASCII character is a non-word character under
//! both definitions (typographic quotes and dashes, `€`, no-break spaces:
//! the usual reason a Dutch sentence is not ASCII), so such texts use the
//! ASCII copy and get the same matches; texts with accented letters use the
//! regex as written.

use regex::{CaptureMatches, Matches, Regex};

/// A regex and its ASCII-word-boundary twin.
#[derive(Debug)]
pub struct FastRe {
    unicode: Regex,
    ascii: Option<Regex>,
}

/// Non-ASCII characters that are not word characters for Unicode `\b`
/// either, so their presence leaves `\b` and `(?-u:\b)` equal.
fn neutral(c: char) -> bool {
    c.is_ascii()
        || matches!(
            c,
            '\u{a0}'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '„'
                | '–'
                | '—'
                | '‐'
                | '‑'
                | '€'
                | '•'
                | '…'
                | '·'
                | '«'
                | '»'
        )
}

impl FastRe {
    /// Pair `unicode` with its twin built by `build` from the pattern with
    /// each `\b` made ASCII (none when that fails to compile).
    pub fn new(unicode: Regex, build: impl FnOnce(&str) -> Option<Regex>) -> FastRe {
        let pattern = unicode.as_str();
        let ascii = if pattern.contains(r"\b") {
            build(&pattern.replace(r"\b", r"(?-u:\b)"))
        } else {
            None
        };
        FastRe { unicode, ascii }
    }

    /// The copy to run on `text`: the ASCII twin where it gives the same
    /// matches.
    fn pick(&self, text: &str) -> &Regex {
        match &self.ascii {
            Some(a) if text.is_ascii() || text.chars().all(neutral) => a,
            _ => &self.unicode,
        }
    }

    /// As [`Regex::captures_iter`].
    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str) -> CaptureMatches<'r, 'h> {
        self.pick(text).captures_iter(text)
    }

    /// As [`Regex::find_iter`].
    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> Matches<'r, 'h> {
        self.pick(text).find_iter(text)
    }

    /// As [`Regex::captures`].
    pub fn captures<'h>(&self, text: &'h str) -> Option<regex::Captures<'h>> {
        self.pick(text).captures(text)
    }

    /// As [`Regex::is_match`].
    pub fn is_match(&self, text: &str) -> bool {
        self.pick(text).is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutral_characters_are_no_word_characters() {
        let word = Regex::new(r"\w").unwrap();
        for c in (0x80..0x3000u32)
            .filter_map(char::from_u32)
            .filter(|&c| neutral(c))
        {
            assert!(!word.is_match(&c.to_string()), "{c:?} is a word character");
        }
    }

    #[test]
    fn twins_agree_where_used() {
        let re = FastRe::new(Regex::new(r"\b(20\d\d)\b").unwrap(), |p| Regex::new(p).ok());
        let cases = [
            "In 2021 – en ’2022’ – niet 12021",
            "geëvalueerd in 2021",
            "é2021 2022",
            "2021€ 2023",
        ];
        for t in cases {
            let fast: Vec<&str> = re.find_iter(t).map(|m| m.as_str()).collect();
            let slow: Vec<&str> = re.unicode.find_iter(t).map(|m| m.as_str()).collect();
            assert_eq!(fast, slow, "{t}");
        }
        assert!(std::ptr::eq(re.pick("a – b"), re.ascii.as_ref().unwrap()));
        assert!(std::ptr::eq(re.pick("é"), &re.unicode));
    }
}
