//! Regexes with word boundaries that stay on the fast engine.
//!
//! A Unicode `\b` stops the regex crate's lazy DFA at the first non-ASCII
//! byte; every search of such a sentence then falls back to the bounded
//! backtracker, which was the costliest part of extraction. [`FastRe`] keeps
//! each regex three times: as written, with ASCII `(?-u:\b)`, and as its
//! masked twin ([`super::twin`]). The ASCII copy agrees with the original on
//! any text in which every non-ASCII character is a non-word character
//! (typographic quotes and dashes, `€`, no-break spaces: the usual reason a
//! Dutch sentence is not ASCII); the masked twin agrees with it on the text
//! with its Latin-1 letters written `__` ("geëvalueerd", "financiën").
//! [`Hay`] decides once per text which applies; other texts use the regex as
//! written. Matches are reported against the original text either way.
//!
//! Each copy is compiled without a prefilter ([`crate::meta_regex`]).

use super::twin::{self, is_masked_letter};
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use std::sync::OnceLock;

/// A regex, its ASCII-word-boundary twin and its masked twin, each
/// compiled on first use: a text needs one of the three, and compiling all
/// of them up front was most of the entity vocabulary's start-up.
#[derive(Debug)]
pub struct FastRe {
    pattern: String,
    build: fn(&str) -> Option<Regex>,
    unicode: OnceLock<Option<Regex>>,
    ascii: OnceLock<Option<Regex>>,
    masked: OnceLock<Option<Regex>>,
}

/// Which copy of a regex a text is searched with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// No non-ASCII word characters: the ASCII twin on the text.
    Plain,
    /// Latin-1 letters, no other non-ASCII word characters and no `_`: the
    /// masked twin on the masked text.
    Masked,
    /// Anything else: the regex as written.
    Unicode,
}

impl Engine {
    /// The engine for `text`.
    pub fn of(text: &str) -> Engine {
        if text.is_ascii() {
            return Engine::Plain;
        }
        let mut letters = false;
        let mut rest = text;
        while let Some((i, c)) = twin::next_non_ascii(rest) {
            if is_masked_letter(c) {
                letters = true;
            } else if regex_syntax::try_is_word_character(c).unwrap_or(true) {
                return Engine::Unicode;
            }
            rest = rest.get(i + c.len_utf8()..).unwrap_or("");
        }
        if !letters {
            Engine::Plain
        } else if text.contains('_') {
            Engine::Unicode
        } else {
            Engine::Masked
        }
    }
}

/// A text to search, with its masked copy when its engine needs one.
#[derive(Debug, Clone, Copy)]
pub struct Hay<'a> {
    text: &'a str,
    masked: &'a str,
    engine: Engine,
}

impl<'a> Hay<'a> {
    /// Decide the engine for `text`, masking it into `buf` if needed.
    pub fn new(text: &'a str, buf: &'a mut String) -> Hay<'a> {
        let engine = Engine::of(text);
        buf.clear();
        if engine == Engine::Masked {
            twin::mask_append(text, buf);
        }
        Hay {
            text,
            masked: buf,
            engine,
        }
    }

    /// A text whose engine and masked copy (`masked`, used for
    /// [`Engine::Masked`] only) are known.
    pub fn from_parts(text: &'a str, masked: &'a str, engine: Engine) -> Hay<'a> {
        Hay {
            text,
            masked,
            engine,
        }
    }

    /// The original text.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

/// A match or group: byte range in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span<'h> {
    start: usize,
    end: usize,
    text: &'h str,
}

impl<'h> Span<'h> {
    fn of(hay: &Hay<'h>, start: usize, end: usize) -> Span<'h> {
        Span {
            start,
            end,
            text: hay.text.get(start..end).unwrap_or(""),
        }
    }

    /// First byte.
    pub fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The matched text as written.
    pub fn as_str(&self) -> &'h str {
        self.text
    }
}

/// The groups of one match, as the regex crate's `Captures`.
#[derive(Debug)]
pub struct Caps<'h> {
    caps: Captures,
    hay: Hay<'h>,
}

impl<'h> Caps<'h> {
    /// How many groups the regex has, the whole match included.
    pub fn groups(&self) -> usize {
        self.caps.group_len()
    }

    /// Group `i` (0: the whole match).
    pub fn get(&self, i: usize) -> Option<Span<'h>> {
        self.caps
            .get_group(i)
            .map(|m| Span::of(&self.hay, m.start, m.end))
    }
}

impl FastRe {
    /// The regex of `pattern`, its twins built by `build` from their
    /// patterns when first needed (none when a pattern fails to compile or
    /// no twin applies). `unicode`, when given, is the regex as written,
    /// already compiled.
    pub fn new(pattern: &str, unicode: Option<Regex>, build: fn(&str) -> Option<Regex>) -> FastRe {
        FastRe {
            pattern: pattern.to_string(),
            build,
            unicode: unicode.map_or_else(OnceLock::new, |re| OnceLock::from(Some(re))),
            ascii: OnceLock::new(),
            masked: OnceLock::new(),
        }
    }

    /// The regex as written.
    fn unicode(&self) -> Option<&Regex> {
        self.unicode
            .get_or_init(|| (self.build)(&self.pattern))
            .as_ref()
    }

    /// The twin with ASCII word boundaries.
    fn ascii(&self) -> Option<&Regex> {
        self.ascii
            .get_or_init(|| {
                let p = &self.pattern;
                p.contains(r"\b")
                    .then(|| (self.build)(&p.replace(r"\b", r"(?-u:\b)")))
                    .flatten()
            })
            .as_ref()
    }

    /// The masked twin.
    fn masked(&self) -> Option<&Regex> {
        self.masked
            .get_or_init(|| {
                let p = &self.pattern;
                p.contains(r"\b")
                    .then(|| regex_syntax::parse(p).ok())
                    .flatten()
                    .and_then(|h| twin::masked(&h))
                    .and_then(|h| (self.build)(&h.to_string()))
            })
            .as_ref()
    }

    /// Compile now the copy that texts of `engine` are searched with.
    pub fn warm(&self, engine: Engine) {
        let hay = Hay::from_parts("", "", engine);
        let _ = self.pick(&hay);
    }

    /// The copy to run on `hay`, and the text to run it on (none only when
    /// the regex as written cannot be compiled, which the vocabulary rules
    /// out for the built-in dictionaries and checks up front for others).
    fn pick<'h>(&self, hay: &Hay<'h>) -> Option<(&Regex, &'h str)> {
        let twin = match hay.engine {
            Engine::Plain => self.ascii().map(|a| (a, hay.text)),
            Engine::Masked => self.masked().map(|m| (m, hay.masked)),
            Engine::Unicode => None,
        };
        twin.or_else(|| self.unicode().map(|u| (u, hay.text)))
    }

    /// As the regex crate's `Regex::captures_iter`.
    pub fn captures_iter<'r, 'h: 'r>(
        &'r self,
        hay: &Hay<'h>,
    ) -> impl Iterator<Item = Caps<'h>> + 'r {
        let hay = *hay;
        self.pick(&hay)
            .into_iter()
            .flat_map(move |(re, s)| re.captures_iter(s).map(move |caps| Caps { caps, hay }))
    }

    /// As the regex crate's `Regex::find_iter`.
    pub fn find_iter<'r, 'h: 'r>(&'r self, hay: &Hay<'h>) -> impl Iterator<Item = Span<'h>> + 'r {
        let hay = *hay;
        self.pick(&hay).into_iter().flat_map(move |(re, s)| {
            re.find_iter(s)
                .map(move |m| Span::of(&hay, m.start(), m.end()))
        })
    }

    /// As the regex crate's `Regex::captures`.
    pub fn captures<'h>(&self, hay: &Hay<'h>) -> Option<Caps<'h>> {
        let (re, s) = self.pick(hay)?;
        let mut caps = re.create_captures();
        re.captures(s, &mut caps);
        caps.is_match().then_some(Caps { caps, hay: *hay })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::entities::EntityVocabulary;

    #[test]
    fn engines() {
        for (t, e) in [
            ("plain text 2021", Engine::Plain),
            ("In 2021 – en ’2022’ €5\u{a0}¹", Engine::Plain),
            ("geëvalueerd in 2021", Engine::Masked),
            ("geëvalueerd_in 2021", Engine::Unicode),
            ("Straße 2021", Engine::Unicode),
            ("Ça coûte 2021", Engine::Masked),
            ("Łódź 2021", Engine::Unicode),
            ("\u{212a}m 2021", Engine::Unicode),
            ("٣ 2021", Engine::Unicode),
        ] {
            assert_eq!(Engine::of(t), e, "{t}");
        }
    }

    /// Every group of every match, as (start, end) per group.
    fn groups(
        it: impl Iterator<Item = Vec<Option<(usize, usize)>>>,
    ) -> Vec<Vec<Option<(usize, usize)>>> {
        it.collect()
    }

    #[test]
    fn every_engine_finds_what_the_regex_as_written_finds() {
        let vocab = EntityVocabulary::builtin_for_tests();
        let r = &vocab.re;
        let all = [
            &r.year,
            &r.date_text,
            &r.date_numeric,
            &r.period_range,
            &r.period_part,
            &r.period_year,
            &r.month_mention,
            &r.period_historic,
            &r.period_open,
            &r.period_short,
            &r.date_iso,
            &r.day_range,
            &r.money,
            &r.percent,
            &r.quantity,
            &r.duration,
            &r.reference,
        ];
        for re in all {
            assert!(
                re.ascii().is_some() && re.masked().is_some(),
                "{}",
                re.pattern
            );
        }
        let pieces = [
            "2021",
            "1.200",
            "5",
            "19,8",
            " ",
            "  ",
            "-",
            "–",
            "/",
            ".",
            ",",
            "%",
            "€",
            "euro",
            "EUR",
            "procent",
            "april",
            "eind",
            "mei",
            "ruim",
            "vijf",
            "één",
            "groepen",
            "cliënten",
            "é",
            "ë",
            "ï",
            "Ë",
            "x",
            "_",
            "ß",
            "\u{a0}",
            "’",
            "'",
            "van",
            "tot",
            "in de loop van",
            "kwartaal",
            "tweede",
            "miljoen",
            "jaar",
            "looptijd van",
            "t/m",
            "10/20/2023 16:44",
            "jaren",
            "k",
            "\u{212a}",
            "café",
            "2022",
            "nieuwe",
            "a",
            "23",
            "dec",
            "periode",
            "1578",
            "sinds",
            "RM ",
            "449660",
            "M22-88",
            "R24.000007",
            "2024M17",
            "RG-221/2014",
            "motie ",
            "21-0642",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        // The regex crate's own compile of each pattern, prefilters and all.
        let reference: Vec<regex::Regex> = all
            .iter()
            .map(|re| {
                regex::RegexBuilder::new(&re.pattern)
                    .size_limit(crate::meta_regex::SIZE_LIMIT)
                    .build()
                    .unwrap()
            })
            .collect();
        let mut buf = String::new();
        let mut masked_seen = 0;
        for _ in 0..20_000 {
            let len = 1 + next(14);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let hay = Hay::new(&text, &mut buf);
            masked_seen += usize::from(hay.engine == Engine::Masked);
            for (re, reference) in all.iter().zip(&reference) {
                let fast = groups(re.captures_iter(&hay).map(|c| {
                    (0..reference.captures_len())
                        .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                        .collect()
                }));
                let slow = groups(
                    reference
                        .captures_iter(&text)
                        .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()),
                );
                assert_eq!(fast, slow, "{} on {text:?}", re.pattern);
                for c in re.captures_iter(&hay) {
                    let m = c.get(0).unwrap();
                    assert_eq!(m.as_str(), &text[m.start()..m.end()]);
                }
            }
        }
        assert!(masked_seen > 1000, "{masked_seen}");
    }
}
