//! Which document type cues may match a text, found without their regexes.
//!
//! Input: the cues' patterns as written in `doc_types.tsv`. Output, per
//! text: the cues that may match in it ([`CueGate::possible`]); a cue left
//! out cannot. Why: a cue's regex (case-insensitive, word-bounded) took
//! ~0.3 ms to compile, and every document's facts compiled all of them,
//! ~7 ms of each start-up (`BELEIDSMIJN_TIMING=1`), though a small document
//! names one or two. Now a cue is compiled when a text holds one of its
//! literals.
//!
//! How: every match of a pattern starts with one of its prefix literals
//! ([`ascii_prefixes`]), and one automaton finds them all in a text,
//! ignoring ASCII case. That is exact for the case-insensitive regex: an
//! ASCII letter matches only its two cases and, under Unicode case
//! folding, `ſ` (for s) and the Kelvin sign (for k), so a text with either
//! of those two opens every cue. A cue whose literals are not a finite set
//! of non-empty ASCII strings is always tried.

use crate::literals::{ascii_prefixes, FOLDS_TO_ASCII};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// The literals of every cue, in one automaton.
#[derive(Debug)]
pub struct CueGate {
    ac: Option<AhoCorasick>,
    /// Per pattern of `ac`: its cue, or `None` for a character of
    /// [`FOLDS_TO_ASCII`].
    owner: Vec<Option<usize>>,
    /// Per cue: tried on every text (no literals to look for).
    open: Vec<bool>,
}

impl CueGate {
    /// The gate of the cue patterns `patterns`, in cue order.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> CueGate {
        let mut keys: Vec<Vec<u8>> = FOLDS_TO_ASCII
            .iter()
            .map(|c| c.to_string().into_bytes())
            .collect();
        let mut owner: Vec<Option<usize>> = vec![None; keys.len()];
        let mut open = Vec::new();
        for (i, p) in patterns.into_iter().enumerate() {
            match ascii_prefixes(p) {
                Some(lits) => {
                    owner.extend(std::iter::repeat_n(Some(i), lits.len()));
                    keys.extend(lits);
                    open.push(false);
                }
                None => open.push(true),
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&keys)
            .ok();
        // Without an automaton (it could not be built) every cue is open.
        if ac.is_none() {
            open.iter_mut().for_each(|o| *o = true);
        }
        CueGate { ac, owner, open }
    }

    /// Per cue, whether it may match in `text`.
    pub fn possible(&self, text: &str) -> Vec<bool> {
        let mut may = self.open.clone();
        let Some(ac) = &self.ac else {
            return may;
        };
        for m in ac.find_overlapping_iter(text) {
            match self.owner.get(m.pattern().as_usize()) {
                Some(Some(i)) => {
                    if let Some(c) = may.get_mut(*i) {
                        *c = true;
                    }
                }
                _ => {
                    may.iter_mut().for_each(|c| *c = true);
                    break;
                }
            }
        }
        may
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use regex::RegexBuilder;
    use regex_syntax::hir::{Class, HirKind};

    /// The gate's premise: under the regex's case-insensitive matching an
    /// ASCII letter matches its two cases and, at most, the characters of
    /// `FOLDS_TO_ASCII`; any other ASCII character only itself.
    #[test]
    fn ascii_folds_only_to_its_cases_and_two_others() {
        for b in 0x20u8..0x7f {
            let c = char::from(b);
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(&regex_syntax::escape(&c.to_string()))
                .unwrap();
            let chars: Vec<char> = match hir.kind() {
                HirKind::Class(Class::Unicode(cls)) => cls
                    .ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .collect(),
                HirKind::Literal(_) => vec![c],
                other => panic!("{c:?}: {other:?}"),
            };
            for m in chars {
                assert!(
                    m.eq_ignore_ascii_case(&c) || FOLDS_TO_ASCII.contains(&m),
                    "{c:?} also matches {m:?}"
                );
            }
        }
    }

    /// On random texts, a cue the gate leaves out never matches.
    #[test]
    fn a_cue_left_out_does_not_match() {
        let sources = crate::dict::Sources::load(None).unwrap();
        let patterns: Vec<String> = sources
            .rows("doc_types.tsv")
            .iter()
            .map(|r| r.get("pattern").to_string())
            .collect();
        let gate = CueGate::new(patterns.iter().map(String::as_str));
        assert!(gate.open.iter().filter(|o| !**o).count() * 2 > patterns.len());
        let regexes: Vec<regex::Regex> = patterns
            .iter()
            .map(|p| {
                RegexBuilder::new(&format!(r"\b(?:{p})\b"))
                    .case_insensitive(true)
                    .build()
                    .unwrap()
            })
            .collect();
        let pieces = [
            "de ",
            "JAARSTUKKEN",
            "jaar",
            "stukken",
            "Begroting ",
            "ſ",
            "\u{212a}",
            "raads",
            "VOORSTEL",
            "notulen",
            "-",
            " ",
            "é",
            "2023",
            "motie",
            "s ",
            "Bijlage",
            "agenda",
            "ver",
            "slag",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut text = String::new();
            let mut r = seed;
            for _ in 0..(seed % 9) {
                text.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r = r.rotate_right(7) ^ (r >> 5);
            }
            let may = gate.possible(&text);
            for (i, re) in regexes.iter().enumerate() {
                assert!(may[i] || !re.is_match(&text), "{} in {text:?}", patterns[i]);
            }
        }
        let may = gate.possible("De jaarstukken 2023");
        let named: Vec<&str> = may
            .iter()
            .zip(&patterns)
            .filter(|(m, _)| **m)
            .map(|(_, p)| p.as_str())
            .collect();
        assert!(named.iter().any(|p| p.contains("jaarstukken")), "{named:?}");
        assert!(!named.iter().any(|p| p.contains("notulen")), "{named:?}");
    }
}
