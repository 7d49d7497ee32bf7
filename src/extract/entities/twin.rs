//! The masked twin of a regex, for texts with accented letters.
//!
//! A Unicode `\b` stops the regex crate's lazy DFA at the first non-ASCII
//! byte, and the search of the whole text falls back to the bounded
//! backtracker. Dutch sentences with accented letters ("geëvalueerd",
//! "financiën") were the costliest part of extraction for that reason.
//!
//! Input: the HIR of a regex. Output: a twin that, run on the text with
//! every Latin-1 letter written `__` ([`mask_append`]), finds the same
//! matches at the same byte offsets, on the fast engine:
//! - each Unicode word boundary becomes an ASCII one: `_` is an ASCII word
//!   character as the letter it stands for is a Unicode one, and every other
//!   character is kept, so both see the same boundaries;
//! - a class holding all the Latin-1 letters also takes `__` (one letter);
//!   one holding none of them stays as it is; one holding some of them, a
//!   literal with one, and any atom that matches `_` leave no twin;
//! - a match may not begin with a letter, nor be empty, so no match starts
//!   inside a `__` (the twin could otherwise pair the bytes of two letters).
//!
//! [`super::fastre::Engine`] decides per text whether the twin applies: only
//! Latin-1 letters among its non-ASCII word characters, and no `_`.

use regex_syntax::hir::{Capture, Class, ClassUnicode, Hir, HirKind, Look, Repetition};

/// The Latin-1 letters a masked text writes as `__` (each is two bytes in
/// UTF-8, so offsets do not move).
const LETTERS: [(char, char); 4] = [('À', 'Ö'), ('Ø', 'Þ'), ('à', 'ö'), ('ø', 'ÿ')];

/// How many characters [`LETTERS`] holds.
const ALL_LETTERS: u32 = 61;

/// What a masked letter is written as.
const MASK: &str = "__";

/// A Latin-1 letter, written `__` in a masked text.
pub fn is_masked_letter(c: char) -> bool {
    LETTERS.iter().any(|&(a, b)| (a..=b).contains(&c))
}

/// Append `text` with every masked letter written `__`.
pub fn mask_append(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some((i, c)) = next_non_ascii(rest) {
        out.push_str(&rest[..i]);
        out.push_str(if is_masked_letter(c) {
            MASK
        } else {
            &rest[i..i + c.len_utf8()]
        });
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// The first non-ASCII character of `s` and its offset; ASCII runs are
/// skipped byte by byte, without decoding.
pub fn next_non_ascii(s: &str) -> Option<(usize, char)> {
    let b = s.as_bytes();
    // Eight bytes at a time: any high bit marks a non-ASCII byte.
    let mut i = 0;
    for chunk in b.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        i += 8;
    }
    let i = i + b.get(i..)?.iter().position(|b| !b.is_ascii())?;
    Some((i, s.get(i..)?.chars().next()?))
}

/// How many masked letters a class holds.
fn letters_in(class: &ClassUnicode) -> u32 {
    class
        .ranges()
        .iter()
        .map(|r| {
            LETTERS
                .iter()
                .map(|&(a, b)| {
                    let (lo, hi) = (u32::from(a.max(r.start())), u32::from(b.min(r.end())));
                    (hi + 1).saturating_sub(lo)
                })
                .sum::<u32>()
        })
        .sum()
}

/// The masked twin of `hir`, or `None` when it would not find the same
/// matches.
pub fn masked(hir: &Hir) -> Option<Hir> {
    if hir.properties().minimum_len().is_none_or(|n| n == 0) || first(hir).0 {
        return None;
    }
    twin(hir)
}

fn twin(h: &Hir) -> Option<Hir> {
    Some(match h.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            if s.chars().any(|c| c == '_' || is_masked_letter(c)) {
                return None;
            }
            h.clone()
        }
        HirKind::Class(Class::Unicode(c)) => {
            if c.ranges()
                .iter()
                .any(|r| (r.start()..=r.end()).contains(&'_'))
            {
                return None;
            }
            match letters_in(c) {
                0 => h.clone(),
                ALL_LETTERS => Hir::alternation(vec![h.clone(), Hir::literal(MASK.as_bytes())]),
                _ => return None,
            }
        }
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Look(look) => Hir::look(ascii(*look)),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(twin(&r.sub)?),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(twin(&c.sub)?),
        }),
        HirKind::Concat(v) => Hir::concat(v.iter().map(twin).collect::<Option<_>>()?),
        HirKind::Alternation(v) => Hir::alternation(v.iter().map(twin).collect::<Option<_>>()?),
    })
}

/// The ASCII form of a word-boundary assertion.
fn ascii(look: Look) -> Look {
    match look {
        Look::WordUnicode => Look::WordAscii,
        Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        other => other,
    }
}

/// (a match may begin with a masked letter, `h` may match the empty text).
fn first(h: &Hir) -> (bool, bool) {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => (false, true),
        HirKind::Literal(lit) => {
            let letter = std::str::from_utf8(&lit.0)
                .map_or(true, |s| s.chars().next().is_some_and(is_masked_letter));
            (letter, lit.0.is_empty())
        }
        HirKind::Class(Class::Unicode(c)) => (letters_in(c) > 0, false),
        HirKind::Class(Class::Bytes(_)) => (true, false),
        HirKind::Repetition(r) => {
            let (letter, empty) = first(&r.sub);
            (letter && r.max != Some(0), empty || r.min == 0)
        }
        HirKind::Capture(c) => first(&c.sub),
        HirKind::Concat(v) => {
            let mut letter = false;
            for x in v {
                let (l, e) = first(x);
                letter |= l;
                if !e {
                    return (letter, false);
                }
            }
            (letter, true)
        }
        HirKind::Alternation(v) => v
            .iter()
            .map(first)
            .fold((false, false), |(a, b), (c, d)| (a || c, b || d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hir(p: &str) -> Hir {
        regex_syntax::parse(p).unwrap()
    }

    #[test]
    fn letters_are_two_bytes_and_counted() {
        let all: Vec<char> = (0..0x3000u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_masked_letter(c))
            .collect();
        assert_eq!(all.len() as u32, ALL_LETTERS);
        assert!(all.iter().all(|c| c.len_utf8() == MASK.len()));
        assert!(all.iter().all(|&c| regex_syntax::is_word_character(c)));
        match hir(r"(?i)[a-zà-ÿ]").kind() {
            HirKind::Class(Class::Unicode(c)) => assert_eq!(letters_in(c), ALL_LETTERS),
            k => panic!("{k:?}"),
        }
    }

    #[test]
    fn next_non_ascii_as_char_indices() {
        for t in [
            "",
            "abc",
            "abcdefghé",
            "é",
            "abcdefgh",
            "abcdefghijklmnopq€r",
            "x’",
        ] {
            let want = t.char_indices().find(|(_, c)| !c.is_ascii());
            assert_eq!(next_non_ascii(t), want, "{t}");
        }
    }

    #[test]
    fn which_patterns_have_a_twin() {
        for (p, ok) in [
            (r"\b20\d\d\b", true),
            (r"(?i)\b\d+\s+([a-zà-ÿ][a-zà-ÿ'’-]{1,})", true),
            (r"\b[à-é]x", false),
            (r"(?i)\bé", false),
            (r"\bx[a-z_]", false),
            (r"\b\w+", false),
            (r"(?i)[a-zà-ÿ]+\b", false),
            (r"\b\d*", false),
        ] {
            assert_eq!(masked(&hir(p)).is_some(), ok, "{p}");
        }
    }
}
