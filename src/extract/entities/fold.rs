//! Case and diacritic folding with a map back to the original offsets.
//!
//! aho-corasick folds ASCII case only, so dictionaries and text are folded
//! the same way here: lower case, Dutch diacritics dropped (`ë` → `e`),
//! curly quotes and dashes made plain. Folding can change the byte length of
//! a character, so [`Folded`] keeps, for every folded byte, the offset of the
//! original byte it came from.

pub use super::fold_key::{fold_char, fold_key};

/// A folded copy of a text and the way back to the original offsets.
#[cfg(test)]
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `map[i]` = offset in the original of folded byte `i`; one extra entry
    /// for the end.
    pub map: Vec<usize>,
}

#[cfg(test)]
impl Folded {
    /// Original offset of a folded offset.
    pub fn orig(&self, i: usize) -> usize {
        self.map
            .get(i)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }
}

/// Fold a text, keeping the offset map.
#[cfg(test)]
pub fn fold(s: &str) -> Folded {
    let mut f = Folded::default();
    fold_append(s, &mut f.text, &mut f.map);
    f.map.push(s.len());
    f
}

/// Append the folded `s` to `text`, and for each folded byte the offset in
/// `s` it came from to `map` (no end entry).
pub fn fold_append(s: &str, text: &mut String, map: &mut Vec<usize>) {
    let mut i = 0;
    while i < s.len() {
        // The common case: a run of ASCII, lower-cased in one go.
        let run = s
            .get(i..)
            .and_then(super::twin::next_non_ascii)
            .map_or(s.len() - i, |(n, _)| n);
        if run > 0 {
            let from = text.len();
            text.push_str(s.get(i..i + run).unwrap_or(""));
            if let Some(t) = text.get_mut(from..) {
                t.make_ascii_lowercase();
            }
            map.extend(i..i + run);
            i += run;
            continue;
        }
        let Some(c) = char_at(s, i) else {
            break;
        };
        let f = fold_char(c);
        let before = text.len();
        text.push(f);
        for _ in before..text.len() {
            map.push(i);
        }
        i += c.len_utf8();
    }
}

/// The [`fold_key`] of a text whose folded copy (as [`fold_append`] makes
/// it) is `folded`: that copy itself when its white space is already single
/// spaces between words, else the text folded again.
pub fn key_of_folded<'a>(text: &str, folded: &'a str) -> std::borrow::Cow<'a, str> {
    let b = folded.as_bytes();
    // No control white space and no byte that may start a non-ASCII white
    // space character (U+0085, U+00A0, U+1680, U+2000…, U+3000): then only
    // spaces at the ends and double spaces are left to look for.
    let other = b.iter().fold(false, |acc, c| {
        acc | matches!(c, 0x09..=0x0d | 0xc2 | 0xe1 | 0xe2 | 0xe3)
    });
    if !other {
        let collapsed =
            b.first() != Some(&b' ') && b.last() != Some(&b' ') && !folded.contains("  ");
        return if collapsed {
            std::borrow::Cow::Borrowed(folded)
        } else {
            std::borrow::Cow::Owned(fold_key(text))
        };
    }
    // One pass over the bytes; only lead bytes of non-ASCII characters are
    // decoded (`char::is_whitespace` on each character).
    let mut prev_space = true;
    let mut collapsed = true;
    for (i, &b) in folded.as_bytes().iter().enumerate() {
        let space = if b.is_ascii() {
            matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
        } else if b >= 0xc0 {
            char_at(folded, i).is_some_and(char::is_whitespace)
        } else {
            continue;
        };
        if space && (prev_space || b != b' ') {
            collapsed = false;
            break;
        }
        prev_space = space;
    }
    if (collapsed && !prev_space) || folded.is_empty() {
        std::borrow::Cow::Borrowed(folded)
    } else {
        std::borrow::Cow::Owned(fold_key(text))
    }
}

/// The first occurrence of `needle` in `hay`, as `str::find` gives it. A
/// plain scan: the haystacks are sentences, too short to repay the
/// two-way searcher `str::find` builds on every call.
pub fn find_short(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return Some(0);
    };
    let last = h.len().checked_sub(n.len())?;
    let mut i = 0;
    while i <= last {
        let p = h.get(i..=last)?.iter().position(|&b| b == first)?;
        i += p;
        if h.get(i + 1..i + n.len()) == Some(rest) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `s` without trailing `'s` and then `’s` (a possessive: "ZAT's"), as
/// `s.trim_end_matches("'s").trim_end_matches("’s")` gives it, without the
/// substring searcher those build per call (they ran for every token).
pub fn strip_possessive(s: &str) -> &str {
    let mut t = s;
    while let Some(x) = t.strip_suffix("'s") {
        t = x;
    }
    while let Some(x) = t.strip_suffix("’s") {
        t = x;
    }
    t
}

/// Whether `s[start..end]` stands on word boundaries (no letter or digit
/// directly before or after).
pub fn on_word_boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s.get(..start).and_then(|p| p.chars().next_back());
    let after = s.get(end..).and_then(|p| p.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A word of a text with its byte range.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The word as written.
    pub text: &'a str,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Split a text into words: runs of letters and digits, with inner `-`,
/// `'`, `@`, `&`, `.` between alphanumerics, and parenthesised infixes such
/// as "(op)groeien" kept whole. Punctuation is not returned.
#[cfg(test)]
pub fn tokens(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for_each_token(s, |start, end| {
        out.push(Token {
            text: &s[start..end],
            start,
            end,
        });
    });
    out
}

/// Call `f(start, end)` for each word of [`tokens`], without collecting.
pub fn for_each_token(s: &str, mut f: impl FnMut(usize, usize)) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let Some(c) = char_at(s, i) else {
            break;
        };
        let starts_paren_word = c == '(' && paren_infix_len(s, i).is_some();
        if !(c.is_alphanumeric() || starts_paren_word) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        loop {
            // ASCII letters and digits, the bulk of a word, without decoding.
            while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            let Some(c) = char_at(s, i) else {
                break;
            };
            if c.is_alphanumeric() {
                i += c.len_utf8();
            } else if c == '(' {
                match paren_infix_len(s, i) {
                    Some(n) => i += n,
                    None => break,
                }
            } else if matches!(c, '-' | '\'' | '’' | '@' | '&' | '.' | '/') {
                let next = char_at(s, i + c.len_utf8());
                let inner = next.is_some_and(char::is_alphanumeric);
                if inner
                    && (c != '.' || b.get(i + 1).is_some_and(u8::is_ascii_digit))
                    && (c != '/' || b.get(i + 1).is_some_and(u8::is_ascii_digit))
                {
                    i += c.len_utf8();
                } else if c == '-' && i > start {
                    // "kind- en gezinsbescherming": a trailing hyphen belongs to the word.
                    i += 1;
                    break;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if i > start {
            f(start, i);
        } else {
            i += c.len_utf8();
        }
    }
}

/// The character at byte `i` of `s`, as `s.get(i..)?.chars().next()`
/// gives it, without decoding ASCII.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => s.get(i..).and_then(|r| r.chars().next()),
        None => None,
    }
}

/// Length of "(op)" when a parenthesised lower-case infix is directly
/// followed by letters, as in "(op)groeien".
fn paren_infix_len(s: &str, at: usize) -> Option<usize> {
    let rest = s.get(at + 1..)?;
    let close = rest.find(')')?;
    if close == 0 || close > 12 || !rest[..close].chars().all(|c| c.is_lowercase()) {
        return None;
    }
    let after = rest.get(close + 1..)?.chars().next()?;
    after.is_alphabetic().then_some(close + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_round_trip() {
        let s = "Geëvalueerd: Youké – ‘Groen’";
        let f = fold(s);
        assert_eq!(f.text, "geevalueerd: youke - 'groen'");
        let at = f.text.find("youke").unwrap();
        assert_eq!(&s[f.orig(at)..f.orig(at + 5)], "Youké");
        assert_eq!(f.orig(f.text.len()), s.len());
    }

    #[test]
    fn find_short_agrees_with_find() {
        let hay = "de gemeente en de gemeenteraad, ggd en ggd";
        for needle in ["gemeente", "ggd", "d", "raad,", "x", "", "ggd en ggd!", hay] {
            assert_eq!(find_short(hay, needle), hay.find(needle), "{needle}");
            assert_eq!(find_short(&hay[5..], needle), hay[5..].find(needle));
        }
        assert_eq!(
            fold_key("  Geëvalueerd \u{a0} door\tde  GGD "),
            "geevalueerd door de ggd"
        );
    }

    #[test]
    fn key_of_folded_is_fold_key() {
        for t in [
            "Geëvalueerd door de GGD",
            " voorloop",
            "naloop ",
            "twee  spaties",
            "tab\there",
            "nbsp\u{a0}hier",
            "regel\nnieuw",
            "",
            " ",
            "‘Pilot’ – gestart",
            "vt\u{b}x",
            "ff\u{c}x",
            "cr\rx",
            "em\u{2003}space",
            "één  twee",
            " één",
            "één ",
            "\u{1c}x",
            "a\u{85}b",
            "a\u{3000}b",
            "éé éé",
        ] {
            let mut folded = String::new();
            fold_append(t, &mut folded, &mut Vec::new());
            assert_eq!(key_of_folded(t, &folded), fold_key(t), "{t:?}");
        }
    }

    #[test]
    fn strip_possessive_as_trim() {
        for t in [
            "ZAT's",
            "ZAT’s",
            "ZAT's's",
            "ZAT’s's",
            "ZAT's’s",
            "'s",
            "s",
            "GGD",
            "",
        ] {
            assert_eq!(
                strip_possessive(t),
                t.trim_end_matches("'s").trim_end_matches("’s"),
                "{t}"
            );
        }
    }

    #[test]
    fn tokens_keep_inner_marks() {
        let t: Vec<&str> =
            tokens("Zorgeloos (op)groeien in Midden-Drenthe, 2.180 kind- en ZAT's Extr@Utrecht.")
                .iter()
                .map(|t| t.text)
                .collect();
        assert_eq!(
            t,
            [
                "Zorgeloos",
                "(op)groeien",
                "in",
                "Midden-Drenthe",
                "2.180",
                "kind-",
                "en",
                "ZAT's",
                "Extr@Utrecht"
            ]
        );
    }
}
