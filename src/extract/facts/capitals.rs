//! Capitalised names in a block's text, scanned by hand.
//!
//! Input: a block's text. Output: what four regexes of the municipality
//! fact found, with the same matches (the tests hold each scanner to its
//! regex on random text of tricky characters):
//! - [`long_words`]: `\b\p{Lu}[\p{L}-]{6,}\b`, a capitalised word of seven
//!   characters or more, checked for a misspelt municipality;
//! - [`adjectives`]: `\b(\p{Lu}[\p{L}-]{2,})se\s+(\p{Ll}+)`, an adjective of
//!   a place and the noun after it ("Utrechtse gemeenteraad");
//! - [`name_and_before`]: `\p{Lu}[\p{L}-]+\s+en\s+$`, a name and "en" at the
//!   end of the text;
//! - [`and_name_after`]: `^\s+en\s+\p{Lu}[\p{L}-]+`, "en" and a name at the
//!   start.
//!
//! Why: compiling those regexes (Unicode letter classes and word
//! boundaries) took 4–5 ms of every `extract` start-up, more than the
//! scanning of most documents.

use regex_syntax::hir::{Class, HirKind};
use std::ops::Range;
use std::sync::OnceLock;

/// The non-ASCII ranges of the letter classes, taken from `regex-syntax`
/// (the tables the regexes used), so a character is in a class here
/// exactly when it is in the regex's.
struct Classes {
    upper: Vec<(char, char)>,
    lower: Vec<(char, char)>,
    letter: Vec<(char, char)>,
}

fn classes() -> &'static Classes {
    static CLASSES: OnceLock<Classes> = OnceLock::new();
    CLASSES.get_or_init(|| Classes {
        upper: ranges(r"\p{Lu}"),
        lower: ranges(r"\p{Ll}"),
        letter: ranges(r"\p{L}"),
    })
}

/// The ranges of a Unicode class, as `regex-syntax` parses it.
fn ranges(class: &str) -> Vec<(char, char)> {
    match regex_syntax::parse(class).map(regex_syntax::hir::Hir::into_kind) {
        Ok(HirKind::Class(Class::Unicode(c))) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => Vec::new(),
    }
}

fn within(ranges: &[(char, char)], c: char) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `\p{Lu}`.
fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        within(&classes().upper, c)
    }
}

/// `\p{Ll}`.
fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        within(&classes().lower, c)
    }
}

/// `[\p{L}-]`: a character of a name.
fn in_name(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '-'
    } else {
        within(&classes().letter, c)
    }
}

/// `\w`, which decides `\b`; no character is a word character before the
/// text or after it.
fn is_word(c: Option<char>) -> bool {
    c.is_some_and(regex_syntax::is_word_character)
}

/// A maximal run of name characters: each one's offset and the offset
/// after the last, with the characters just before and after it.
struct Run {
    chars: Vec<(usize, char)>,
    end: usize,
    before: Option<char>,
    after: Option<char>,
}

impl Run {
    /// The offset of the run's `k`-th character (its end for the last).
    fn at(&self, k: usize) -> usize {
        self.chars.get(k).map_or(self.end, |&(i, _)| i)
    }

    /// The character before the run's `k`-th character.
    fn char(&self, k: usize) -> Option<char> {
        match k.checked_sub(1) {
            None => self.before,
            Some(j) => self.chars.get(j).map(|&(_, c)| c),
        }
    }

    /// The character at index `k` of the run, or the one after it.
    fn next(&self, k: usize) -> Option<char> {
        self.chars.get(k).map_or(self.after, |&(_, c)| Some(c))
    }

    /// Whether `\b` holds before the run's `k`-th character.
    fn boundary(&self, k: usize) -> bool {
        is_word(self.char(k)) != is_word(self.next(k))
    }

    /// Whether a match may start at the `k`-th character: `\b\p{Lu}`.
    fn capital_at(&self, k: usize) -> bool {
        self.next(k).is_some_and(is_upper) && !is_word(self.char(k))
    }
}

/// The maximal runs of name characters of `text`, in order.
fn runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let mut it = text.char_indices().peekable();
    let mut before = None;
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = it.peek() {
            if in_name(c) {
                break;
            }
            before = Some(c);
            it.next();
        }
        let mut chars = Vec::new();
        while let Some(&(i, c)) = it.peek() {
            if !in_name(c) {
                break;
            }
            chars.push((i, c));
            it.next();
        }
        let &(last, c) = chars.last()?;
        let end = last + c.len_utf8();
        let after = it.peek().map(|&(_, c)| c);
        let run = Run {
            chars,
            end,
            before: before.take(),
            after,
        };
        before = run.chars.last().map(|&(_, c)| c);
        Some(run)
    })
}

/// The matches of `\b\p{Lu}[\p{L}-]{6,}\b` in `text`, in order.
pub fn long_words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for run in runs(text) {
        let n = run.chars.len();
        // The regex takes the longest run it can end at a boundary; the
        // last boundary of the run is the same for every start.
        let Some(last) = (0..=n).rev().find(|&k| run.boundary(k)) else {
            continue;
        };
        let mut k = 0;
        while k < n {
            if run.capital_at(k) && last >= k + 7 {
                out.push(run.at(k)..run.at(last));
                k = last;
            } else {
                k += 1;
            }
        }
    }
    out
}

/// A match of `\b(\p{Lu}[\p{L}-]{2,})se\s+(\p{Ll}+)`: the whole, the stem
/// and the noun.
#[derive(Debug, PartialEq, Eq)]
pub struct Adjective {
    pub whole: Range<usize>,
    pub stem: Range<usize>,
    pub noun: Range<usize>,
}

/// The matches of `\b(\p{Lu}[\p{L}-]{2,})se\s+(\p{Ll}+)` in `text`, in
/// order.
pub fn adjectives(text: &str) -> Vec<Adjective> {
    let mut out = Vec::new();
    // A match ends in the noun; the next may start in the noun's run.
    let mut from = 0;
    for run in runs(text) {
        let n = run.chars.len();
        // "se" ends the run, as `\s` follows it; the earliest start gives
        // the longest stem, and every start shares the rest.
        if n < 5 || run.char(n - 1) != Some('s') || run.char(n) != Some('e') {
            continue;
        }
        let Some(k) = (0..n - 4).find(|&k| run.at(k) >= from && run.capital_at(k)) else {
            continue;
        };
        let rest = &text[run.end..];
        let noun_at = rest.trim_start_matches(char::is_whitespace);
        if noun_at.len() == rest.len() {
            continue;
        }
        let noun_len: usize = noun_at
            .chars()
            .take_while(|&c| is_lower(c))
            .map(char::len_utf8)
            .sum();
        if noun_len == 0 {
            continue;
        }
        let noun_start = text.len() - noun_at.len();
        let noun = noun_start..noun_start + noun_len;
        from = noun.end;
        out.push(Adjective {
            whole: run.at(k)..noun.end,
            stem: run.at(k)..run.at(n - 2),
            noun,
        });
    }
    out
}

/// Whether `text` ends in a capitalised name and "en":
/// `\p{Lu}[\p{L}-]+\s+en\s+$`.
pub fn name_and_before(text: &str) -> bool {
    let t = text.trim_end_matches(char::is_whitespace);
    if t.len() == text.len() {
        return false;
    }
    let Some(t) = t.strip_suffix("en") else {
        return false;
    };
    let u = t.trim_end_matches(char::is_whitespace);
    if u.len() == t.len() {
        return false;
    }
    // A capital anywhere in the name's run but its last character.
    u.chars()
        .rev()
        .take_while(|&c| in_name(c))
        .skip(1)
        .any(is_upper)
}

/// Whether `text` starts with "en" and a capitalised name:
/// `^\s+en\s+\p{Lu}[\p{L}-]+`.
pub fn and_name_after(text: &str) -> bool {
    let t = text.trim_start_matches(char::is_whitespace);
    if t.len() == text.len() {
        return false;
    }
    let Some(t) = t.strip_prefix("en") else {
        return false;
    };
    let u = t.trim_start_matches(char::is_whitespace);
    if u.len() == t.len() {
        return false;
    }
    let mut cs = u.chars();
    cs.next().is_some_and(is_upper) && cs.next().is_some_and(in_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// Random texts of pieces that test the classes and boundaries: capitals
    /// and small letters in and out of ASCII, a titlecase letter (not
    /// `\p{Lu}`), a Roman numeral (alphabetic, not a letter), a combining
    /// mark (a word character, not a letter), digits, `_`, hyphens and
    /// spaces of several kinds, and the literals "se" and "en".
    fn texts() -> Vec<String> {
        let pieces = [
            "A",
            "Bc",
            "d",
            "e",
            "-",
            " ",
            "  ",
            "\u{a0}",
            "\n",
            "se",
            "en",
            "É",
            "é",
            "ß",
            "Ǆ",
            "ǅ",
            "Ⅻ",
            "ª",
            "\u{301}",
            "1",
            "_",
            ".",
            "Amsterdam",
            "Noord-Holland",
            "Utrechtse",
            "gemeente",
            "x",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut out = Vec::new();
        for _ in 0..40_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut s = String::new();
            let mut r = seed;
            for _ in 0..(seed % 12) {
                s.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r = r.rotate_right(5) ^ (r >> 3);
            }
            out.push(s);
        }
        out
    }

    #[test]
    fn long_words_as_the_regex() {
        let re = Regex::new(r"\b\p{Lu}[\p{L}-]{6,}\b").unwrap();
        for t in texts() {
            let want: Vec<_> = re.find_iter(&t).map(|m| m.range()).collect();
            assert_eq!(long_words(&t), want, "{t:?}");
        }
        let only = 0..12;
        assert_eq!(long_words("Zuid-Holland en Gooise Meren"), [only]);
    }

    #[test]
    fn adjectives_as_the_regex() {
        let re = Regex::new(r"\b(\p{Lu}[\p{L}-]{2,})se\s+(\p{Ll}+)").unwrap();
        for t in texts() {
            let want: Vec<_> = re
                .captures_iter(&t)
                .map(|c| Adjective {
                    whole: c.get(0).unwrap().range(),
                    stem: c.get(1).unwrap().range(),
                    noun: c.get(2).unwrap().range(),
                })
                .collect();
            assert_eq!(adjectives(&t), want, "{t:?}");
        }
        let t = "de Utrechtse gemeenteraad";
        let a = &adjectives(t)[0];
        assert_eq!(
            (&t[a.stem.clone()], &t[a.noun.clone()]),
            ("Utrecht", "gemeenteraad")
        );
    }

    #[test]
    fn names_and_en_as_the_regexes() {
        let before = Regex::new(r"\p{Lu}[\p{L}-]+\s+en\s+$").unwrap();
        let after = Regex::new(r"^\s+en\s+\p{Lu}[\p{L}-]+").unwrap();
        for t in texts() {
            assert_eq!(name_and_before(&t), before.is_match(&t), "{t:?}");
            assert_eq!(and_name_after(&t), after.is_match(&t), "{t:?}");
        }
        assert!(name_and_before("Midden-Holland en "));
        assert!(and_name_after(" en Zoetermeer"));
    }
}
