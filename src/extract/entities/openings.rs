//! A leftmost-longest search that runs its automaton only where one of its
//! patterns can start.
//!
//! Input: an automaton built for anchored and unanchored searches, and the
//! first bytes of its patterns ([`Openings`]). Output: the matches of
//! `find_iter`, in order. Why: the case-sensitive acronyms all start with a
//! capital, about one byte in twenty-five of running text, yet their DFA
//! stepped through every byte of every document. Here eight bytes at a
//! time are tested for a capital, and the automaton is run anchored at
//! each one. The matches are the same: a leftmost-longest match is the
//! longest match at the first position where any match starts, and no
//! match starts where no pattern does.

use super::automata::Span;
use aho_corasick::{AhoCorasick, Anchored, Input};

/// The bytes the patterns of an automaton start with.
#[derive(Debug)]
pub struct Openings {
    first: [bool; 256],
    /// Every first byte is an ASCII capital: test eight bytes at a time.
    capitals: bool,
}

impl Openings {
    /// The first bytes of `keys`; `None` if one is empty (it matches
    /// anywhere).
    pub fn of(keys: &[String]) -> Option<Openings> {
        let mut first = [false; 256];
        for k in keys {
            let &b = k.as_bytes().first()?;
            first[usize::from(b)] = true;
        }
        let capitals = first
            .iter()
            .zip(0u8..=255)
            .all(|(&f, b)| !f || b.is_ascii_uppercase());
        Some(Openings { first, capitals })
    }

    /// The first position at or after `at` where a pattern can start.
    fn next(&self, hay: &[u8], mut at: usize) -> Option<usize> {
        if self.capitals {
            while let Some(w) = hay
                .get(at..at + 8)
                .and_then(|w| <[u8; 8]>::try_from(w).ok())
            {
                if has_capital(u64::from_le_bytes(w)) {
                    break;
                }
                at += 8;
            }
        }
        let p = hay
            .get(at..)?
            .iter()
            .position(|&b| self.first[usize::from(b)])?;
        Some(at + p)
    }
}

/// Whether any of the eight bytes of `x` is an ASCII capital. Per byte, its
/// low seven bits plus 0x3f reach bit 7 from 'A' on, plus 0x25 from '['
/// on; neither sum carries into the next byte.
#[inline]
fn has_capital(x: u64) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & LOW7;
    let from_a = low + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = low + 0x2525_2525_2525_2525;
    from_a & !past_z & !x & HIGH != 0
}

/// The leftmost-longest matches of `ac` in `hay`, as `find_iter` gives
/// them; `ac` must support anchored searches when `openings` is given.
pub fn leftmost_longest(ac: &AhoCorasick, openings: Option<&Openings>, hay: &str) -> Vec<Span> {
    let all = || {
        ac.find_iter(hay)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    };
    let Some(openings) = openings else {
        return all();
    };
    let bytes = hay.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = openings.next(bytes, at) {
        let input = Input::new(hay).span(i..hay.len()).anchored(Anchored::Yes);
        match ac.try_find(input) {
            Ok(Some(m)) => {
                out.push((m.start(), m.end(), m.pattern().as_usize()));
                at = m.end();
            }
            Ok(None) => at = i + 1,
            // No anchored search after all: search the whole text.
            Err(_) => return all(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, AhoCorasickKind, MatchKind, StartKind};

    #[test]
    fn capitals_found_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut w = [b'a'; 8];
                w[lane] = b;
                assert_eq!(
                    has_capital(u64::from_le_bytes(w)),
                    b.is_ascii_uppercase(),
                    "byte {b:#x} in lane {lane}"
                );
            }
        }
    }

    #[test]
    fn same_matches_as_find_iter() {
        let keys: Vec<String> = [
            "CJG", "CJGs", "GGD", "GGD HvB", "VNG", "POH GGZ", "SO", "SOCIAAL",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .start_kind(StartKind::Both)
            .build(&keys)
            .unwrap();
        let openings = Openings::of(&keys);
        assert!(openings.as_ref().is_some_and(|o| o.capitals));
        let hays = [
            "",
            "De GGD HvB en het CJGs werken samen met VNG.",
            "SOCIAAL domein; SO; GGDGGD; xCJG; POH GGZ POH GG",
            "geen hoofdletters hier, alleen een lange zin zonder afkortingen erin",
            "ëën GGD’s «VNG» 12345678CJG",
        ];
        for h in hays {
            let want: Vec<Span> = ac
                .find_iter(h)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            assert_eq!(leftmost_longest(&ac, openings.as_ref(), h), want, "{h}");
        }
    }
}
