//! Which municipality a document is from.
//!
//! Mentions of names and aliases of `dictionaries/municipalities.tsv`
//! (case-sensitive, whole words) score by where they stand: 6 points in the
//! title (the opening heading, a page's or PDF's title), 3 in the header or
//! a running header, 3 after "gemeente" (1 when a partner word precedes it:
//! "in overleg met gemeente Amersfoort"), 3 for its adjective before a noun
//! of `own_noun` ("de Bloemendaalse organisatie"), 1 elsewhere. Names that
//! are also ordinary words count only after "gemeente". A capitalised word
//! one edit away from a municipality name of eight letters or more counts
//! as a misspelling of it ("Meerijstad"). Names joined to another
//! municipality ("Zwolle en Deventer", "gemeenten Zwolle + Deventer")
//! score nothing: they speak of several.
//!
//! The decision, in order: a title or header that names a body that is
//! not a municipality (`issuer` in `dictionaries/facts.tsv`: a province, a
//! ministry, a GGD, a gemeenschappelijke regeling) gives no municipality;
//! a title that names one municipality gives it; so does such a body as
//! the subject of one of the first paragraphs ("Gedeputeerde Staten
//! hebben besloten …", [`Zone::subjects`]) when no municipality is named
//! in the title or header; otherwise the leader
//! needs [`MIN_POINTS`], more than twice the runner-up's points, and must
//! not be named beside other municipalities at least half as often as
//! alone while the title is silent (a member of a gemeenschappelijke
//! regeling).

use super::zone::{Zone, SUBJECT_WORDS};
use super::{capitals, FactFinder, MunicipalityFact};
use crate::dict::Vocabulary;
use crate::model::{BlockKind, Document};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Fewest points a municipality needs that the title does not name.
const MIN_POINTS: u32 = 1;

/// "gemeente X" mentions of a second municipality that, with the leader
/// absent from the title and header, make a document regional.
const MEMBER_MENTIONS: u32 = 3;

/// How many times the points of the runner-up a municipality needs to own
/// a document that does not name it in its title or header, when the
/// runner-up is called "gemeente X" [`MEMBER_MENTIONS`] times.
const OWN_LEAD: u32 = 3;

/// Mentions beside another municipality that make the leader a member of
/// several, when the title and header do not name it.
const JOINED_MENTIONS: u32 = 2;

/// How many words before a mention a partner word may stand ("met
/// Kwintes en gemeente Amersfoort").
const PARTNER_WINDOW: usize = 3;

const TITLE: u32 = 6;
const HEADER: u32 = 3;
const GEMEENTE: u32 = 3;
const OWN: u32 = 3;
const BARE: u32 = 1;

/// The evidence for one municipality.
#[derive(Debug, Default)]
struct Tally {
    points: u32,
    /// Evidence line → how often.
    evidence: BTreeMap<String, u32>,
    /// Mentions in the title.
    title: u32,
    /// Mentions in the title or header.
    header: u32,
    /// "gemeente X" mentions (not as a partner).
    gemeente: u32,
    /// Mentions joined to another municipality.
    joined: u32,
    /// Mentions that scored.
    own: u32,
}

pub(super) fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
        && !after.is_some_and(|c| c.is_alphanumeric())
}

/// Whether the words between two mentions join them ("en", ",", "+",
/// "en de gemeente").
fn joins(gap: &str) -> bool {
    let rest: Vec<String> = gap
        .to_lowercase()
        .split_whitespace()
        .filter(|w| !matches!(*w, "de" | "gemeente" | "gemeenten" | "van"))
        .map(str::to_string)
        .collect();
    matches!(
        rest.join(" ").as_str(),
        "en" | "," | "+" | "/" | "&" | "of" | ", en" | "-"
    ) || gap.trim() == ","
}

fn add(score: &mut BTreeMap<usize, Tally>, i: usize, points: u32, why: String) {
    let e = score.entry(i).or_default();
    e.points += points;
    e.own += u32::from(points > 0);
    *e.evidence.entry(why).or_default() += 1;
}

/// Where the last `n` whitespace-separated words of `text` begin (0 when
/// it has fewer). What a mention's preceding words say is read from them,
/// not from the whole block before it: that made a long block's mentions
/// quadratic (184 KB of one paragraph took 0.7 s).
fn words_back(text: &str, n: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().rev() {
        if !c.is_whitespace() {
            in_word = true;
        } else if in_word {
            words += 1;
            in_word = false;
            if words == n {
                return i + c.len_utf8();
            }
        }
    }
    0
}

/// The last `n` words of `text` before `start`, trimmed and lower-cased.
fn words_before(text: &str, start: usize, n: usize) -> String {
    let head = &text[..start];
    head[words_back(head, n)..].trim_end().to_lowercase()
}

/// Whether the lower-cased words before a mention end in "gemeente(n)".
fn after_gemeente(before: &str) -> bool {
    before.ends_with("gemeente") || before.ends_with("gemeenten")
}

/// The words before a mention without "gemeente" and "de".
fn lead(before: &str) -> &str {
    before
        .trim_end_matches("gemeenten")
        .trim_end_matches("gemeente")
        .trim_end()
        .trim_end_matches(" de")
        .trim_end()
}

/// [`partner`] for the mention at `start` of `text`, read from as few
/// words before it as give the window (the same answer as from all).
fn partner_at(text: &str, start: usize, vocab: &Vocabulary) -> bool {
    let head = &text[..start];
    let mut n = PARTNER_WINDOW + 3;
    loop {
        let from = words_back(head, n);
        let before = head[from..].trim_end().to_lowercase();
        if from == 0 || lead(&before).split_whitespace().count() >= PARTNER_WINDOW {
            return partner(&before, vocab);
        }
        n *= 2;
    }
}

/// Whether a mention after `before` (lower-cased) is of a partner: "in
/// overleg met gemeente Amersfoort", "in samenwerking met Geertruidenberg".
fn partner(before: &str, vocab: &Vocabulary) -> bool {
    let words: Vec<&str> = lead(before).split_whitespace().collect();
    let window = format!(
        " {} ",
        words[words.len().saturating_sub(PARTNER_WINDOW)..].join(" ")
    );
    vocab
        .facts
        .partner_before
        .iter()
        .any(|p| window.contains(&format!(" {p} ")))
}

/// Whether a mention after `before` is the town of a postal address
/// ("2500 EA Den Haag"): where a sender sits, not what it is about.
fn address(before: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b[0-9]{4}\s?[A-Z]{2}\s*$").unwrap_or_else(|_| unreachable!()))
        .is_match(before)
}

/// Whether a mention follows a capitalised name particle ("De Jong
/// Gierveld & Van Tilburg"): a surname.
fn surname(before: &str) -> bool {
    let last = before.split_whitespace().next_back().unwrap_or("");
    matches!(last, "Van" | "De" | "Den" | "Der" | "Ter" | "Ten")
}

/// Whether a mention is joined by "en" to a capitalised name that is no
/// municipality ("Midden-Holland en Zoetermeer"): part of a name or a list
/// of places.
fn joined_to_name(text: &str, start: usize, end: usize) -> bool {
    // The name and "en" are the last two words before the mention.
    let head = &text[..start];
    capitals::name_and_before(&head[words_back(head, 2)..])
        || capitals::and_name_after(&text[end..])
}

/// A mention of municipality `i` at `start..end` of a block's text.
struct Mention {
    i: usize,
    start: usize,
    end: usize,
}

impl FactFinder {
    /// The municipalities a block's text names, in order.
    fn mentions(&self, text: &str, vocab: &Vocabulary) -> Vec<Mention> {
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            if !word_bounded(text, m.start(), m.end()) {
                continue;
            }
            let i = self.owners[m.pattern().as_usize()];
            let gemeente = after_gemeente(&words_before(text, m.start(), 1));
            if vocab.municipalities[i].common_word && !gemeente {
                continue;
            }
            out.push(Mention {
                i,
                start: m.start(),
                end: m.end(),
            });
        }
        out
    }

    /// Decide the municipality.
    pub(super) fn municipality(
        &self,
        doc: &Document,
        zone: &Zone,
        vocab: &Vocabulary,
    ) -> Option<MunicipalityFact> {
        let texts = zone.texts(doc);
        // The opening sentence's subject speaks too: "De provincie
        // Overijssel gaat …".
        let subject: Option<String> = Zone::opening(doc).map(|s| {
            s.split_whitespace()
                .take(SUBJECT_WORDS)
                .collect::<Vec<_>>()
                .join(" ")
        });
        // The subjects of the next paragraphs speak only where the title
        // and header name no municipality (see below): a council letter
        // may well open a paragraph with "De provincie heeft …".
        let acting = vocab
            .facts
            .issuers
            .as_ref()
            .is_some_and(|re| Zone::subjects(doc).iter().any(|s| re.is_match(s)));
        let issued = vocab.facts.issuers.as_ref().is_some_and(|re| {
            texts
                .iter()
                .chain(zone.running.iter())
                .copied()
                .chain(subject.as_deref())
                .any(|t| re.is_match(t))
        });
        if issued {
            let titled = zone
                .title
                .is_some_and(|t| !self.mentions(&t.heading, vocab).is_empty());
            if !titled {
                return None;
            }
        }
        let mut score: BTreeMap<usize, Tally> = BTreeMap::new();
        for block in &doc.blocks {
            let text = doc.block_text(block);
            let in_zone = |at: usize| zone.contains(block.span.start + at);
            if block.kind == BlockKind::Furniture && !in_zone(0) {
                continue;
            }
            let found = self.mentions(text, vocab);
            let joined: Vec<bool> = (0..found.len())
                .map(|k| {
                    let prev = k.checked_sub(1).and_then(|p| found.get(p));
                    let next = found.get(k + 1);
                    joined_to_name(text, found[k].start, found[k].end)
                        || prev.is_some_and(|p| {
                            p.i != found[k].i && joins(&text[p.end..found[k].start])
                        })
                        || next.is_some_and(|n| {
                            n.i != found[k].i && joins(&text[found[k].end..n.start])
                        })
                })
                .collect();
            for (m, joined) in found.iter().zip(joined) {
                let spelled = &text[m.start..m.end];
                let at = block.span.start + m.start;
                let gemeente = after_gemeente(&words_before(text, m.start, 1));
                if joined {
                    let e = score.entry(m.i).or_default();
                    e.joined += 1;
                    *e.evidence
                        .entry(format!("'{spelled}' beside another municipality"))
                        .or_default() += 1;
                    continue;
                }
                // A postal code is the last word or two before the town.
                let head = &text[..m.start];
                if address(&head[words_back(head, 2)..]) {
                    add(&mut score, m.i, 0, format!("'{spelled}' in an address"));
                } else if surname(&text[..m.start]) {
                    add(&mut score, m.i, 0, format!("'{spelled}' in a surname"));
                } else if zone.in_title(at) {
                    let e = score.entry(m.i).or_default();
                    e.title += 1;
                    e.header += 1;
                    add(&mut score, m.i, TITLE, format!("'{spelled}' in the title"));
                } else if zone.contains(at) {
                    score.entry(m.i).or_default().header += 1;
                    add(
                        &mut score,
                        m.i,
                        HEADER,
                        format!("'{spelled}' in the header"),
                    );
                } else if partner_at(text, m.start, vocab) {
                    add(&mut score, m.i, 0, format!("'{spelled}' as a partner"));
                } else if gemeente {
                    {
                        score.entry(m.i).or_default().gemeente += 1;
                        add(&mut score, m.i, GEMEENTE, format!("'gemeente {spelled}'"));
                    }
                } else {
                    add(&mut score, m.i, BARE, format!("'{spelled}' mentioned"));
                }
            }
            if block.kind == BlockKind::Furniture {
                continue;
            }
            for a in capitals::adjectives(text) {
                if !vocab.facts.own_nouns.contains(&text[a.noun.clone()]) {
                    continue;
                }
                let stem = text[a.stem].to_lowercase();
                let i = [stem.clone(), format!("{stem}e"), format!("{stem}en")]
                    .iter()
                    .find_map(|s| self.by_name.get(s).copied());
                if let Some(i) = i {
                    add(&mut score, i, OWN, format!("'{}'", &text[a.whole]));
                }
            }
            let covered: Vec<(usize, usize)> = found.iter().map(|m| (m.start, m.end)).collect();
            for m in capitals::long_words(text) {
                if covered.iter().any(|&(s, e)| m.start < e && s < m.end) {
                    continue;
                }
                let word = &text[m];
                let w = word.to_lowercase();
                if let Some(i) = self.one_edit_from(&w) {
                    add(
                        &mut score,
                        i,
                        BARE,
                        format!("'{}' (spelling of {})", word, vocab.municipalities[i].name),
                    );
                }
            }
        }
        if acting && score.values().all(|t| t.header == 0) {
            return None;
        }
        self.decide(score, vocab)
    }

    /// The municipality of the first fuzzy name (in the dictionary's
    /// order) one edit away from the lower-cased word `w`.
    fn one_edit_from(&self, w: &str) -> Option<usize> {
        let lens = w.len().saturating_sub(1)..=w.len() + 1;
        let ends = |s: &str| (s.chars().next(), s.chars().next_back(), s.chars().nth(2));
        let (first, last, third) = ends(w);
        lens.filter_map(|len| self.fuzzy_by_len.get(len))
            .filter_map(|ks| {
                ks.iter().copied().find(|&k| {
                    let name = &self.fuzzy[k].0;
                    // One edit of two words of three letters or more
                    // leaves the first or the last letter: most names fail
                    // that before the full test.
                    let (f, l, t) = ends(name);
                    let may = third.is_none() || t.is_none() || f == first || l == last;
                    may && name != w && one_edit_apart(name, w)
                })
            })
            .min()
            .map(|k| self.fuzzy[k].1)
    }

    fn decide(
        &self,
        score: BTreeMap<usize, Tally>,
        vocab: &Vocabulary,
    ) -> Option<MunicipalityFact> {
        let titled: Vec<usize> = score
            .iter()
            .filter(|(_, t)| t.title > 0)
            .map(|(i, _)| *i)
            .collect();
        let mut ranked: Vec<(u32, usize)> = score.iter().map(|(i, t)| (t.points, *i)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let second_of = |i: usize| ranked.iter().find(|r| r.1 != i).map_or(0, |r| r.0);
        let i = if let [only] = titled.as_slice() {
            *only
        } else {
            let (best, i) = *ranked.first()?;
            let second = second_of(i);
            let t = &score[&i];
            if best < MIN_POINTS || best <= 2 * second {
                return None;
            }
            // A document whose title does not name the leader and that
            // names it beside other municipalities at least half as often
            // as alone speaks of several (a gemeenschappelijke regeling's
            // members: "de gemeenten Zwolle en Deventer").
            if t.title == 0 && t.joined >= JOINED_MENTIONS && 2 * t.joined >= t.own {
                return None;
            }
            // Nor when it calls another municipality "gemeente X" again and
            // again and names the leader less than three times as often.
            let runner_up_as_gemeente = ranked
                .iter()
                .find(|r| r.1 != i)
                .map_or(0, |r| score[&r.1].gemeente);
            if t.header == 0 && runner_up_as_gemeente >= MEMBER_MENTIONS && best < OWN_LEAD * second
            {
                return None;
            }
            i
        };
        let t = &score[&i];
        let m = &vocab.municipalities[i];
        let mut evidence: Vec<String> = t
            .evidence
            .iter()
            .map(|(why, n)| format!("{why} ×{n}"))
            .collect();
        evidence.push(format!("{} points; runner-up {}", t.points, second_of(i)));
        Some(MunicipalityFact {
            name: m.name.clone(),
            code: m.code.clone(),
            evidence,
        })
    }

    /// The municipality a web page's chrome names as "gemeente X", for a
    /// page whose own text decides none: a raadsinformatie agenda names
    /// "Gemeente Den Helder" only in its logo, address and footer, which
    /// the reader leaves out of the text. Exactly one municipality must be
    /// so named; a bare name or "gemeenten X en Y" is no evidence here.
    pub(super) fn chrome_municipality(
        &self,
        doc: &Document,
        vocab: &Vocabulary,
    ) -> Option<MunicipalityFact> {
        let mut named: BTreeMap<usize, u32> = BTreeMap::new();
        for text in &doc.chrome {
            for m in self.automaton.find_iter(text.as_str()) {
                let before = words_before(text, m.start(), 1);
                if before.ends_with("gemeente") && word_bounded(text, m.start(), m.end()) {
                    *named
                        .entry(self.owners[m.pattern().as_usize()])
                        .or_default() += 1;
                }
            }
        }
        let mut named = named.into_iter();
        let (i, n) = named.next()?;
        if named.next().is_some() {
            return None;
        }
        let m = &vocab.municipalities[i];
        Some(MunicipalityFact {
            name: m.name.clone(),
            code: m.code.clone(),
            evidence: vec![
                format!(
                    "'gemeente {}' in the site's title, header or footer ×{n}",
                    m.name
                ),
                "the text itself names no municipality".to_string(),
            ],
        })
    }
}

/// Whether `a` and `b` are one edit apart: one character inserted, deleted
/// or replaced, or two adjacent ones swapped (Damerau–Levenshtein distance
/// 1, as `strsim::damerau_levenshtein(a, b) == 1`, in linear time: the
/// table strsim fills for every word against every fuzzy name was a tenth
/// of a one-file `extract`).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // The common prefix; the edit is at `p`.
    let p = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 if p < short.len() => {
            short.get(p + 1..) == long.get(p + 1..)
                || (short.get(p) == long.get(p + 1)
                    && short.get(p + 1) == long.get(p)
                    && short.get(p + 1).is_some()
                    && short.get(p + 2..) == long.get(p + 2..))
        }
        1 => short.get(p..) == long.get(p + 1..),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{address, one_edit_apart, partner, partner_at, words_back};
    use crate::dict::{Sources, Vocabulary};
    use crate::extract::facts::capitals::name_and_before;

    /// Reading the words before a mention from a tail gives what the whole
    /// block before it gave, also where "de" and "gemeente" repeat.
    #[test]
    fn the_words_before_a_mention_read_from_a_tail_say_what_all_say() {
        let vocab = Vocabulary::build(Sources::load(None).unwrap()).unwrap();
        let pieces = [
            "in",
            "samenwerking",
            "met",
            "de",
            "gemeente",
            "gemeenten",
            "en",
            "Leiden",
            "2500",
            "EA",
            "2500EA",
            "x2500",
            "Van",
            "overleg",
            "  ",
            "\n",
            "Σ",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 12) {
                text.push_str(pieces[((seed >> (5 * k)) % pieces.len() as u64) as usize]);
                text.push(if (seed >> k) & 3 == 0 { '\u{a0}' } else { ' ' });
            }
            let end = text.len();
            let all = text.trim_end().to_lowercase();
            assert_eq!(
                partner_at(&text, end, &vocab),
                partner(&all, &vocab),
                "{text:?}"
            );
            assert_eq!(
                address(&text[words_back(&text, 2)..]),
                address(&text),
                "{text:?}"
            );
            assert_eq!(
                name_and_before(&text[words_back(&text, 2)..]),
                name_and_before(&text),
                "{text:?}"
            );
        }
        let text = "samen met de de de de de de de de de gemeente ";
        assert!(partner_at(text, text.len(), &vocab));
        assert_eq!(words_back("a b  c ", 2), 2);
        assert_eq!(words_back("a b", 5), 0);
    }

    #[test]
    fn one_edit_apart_agrees_with_damerau_levenshtein() {
        let pieces = ["a", "b", "e", "ë", "ab", "ba", "n", "ij", "é"];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let word = |seed: &mut u64| {
            let mut w = String::new();
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            for k in 0..(*seed % 6) {
                w.push_str(pieces[((*seed >> (8 * k)) % pieces.len() as u64) as usize]);
            }
            w
        };
        for _ in 0..20_000 {
            let (a, b) = (word(&mut seed), word(&mut seed));
            let want = strsim::damerau_levenshtein(&a, &b) == 1;
            assert_eq!(one_edit_apart(&a, &b), want, "{a:?} {b:?}");
            // The shortcut of `one_edit_from`: one edit of two words of
            // three letters or more leaves the first or the last letter.
            if want && a.chars().count() >= 3 && b.chars().count() >= 3 {
                assert!(
                    a.chars().next() == b.chars().next()
                        || a.chars().next_back() == b.chars().next_back(),
                    "{a:?} {b:?}"
                );
            }
        }
        for (a, b, want) in [
            ("gouda", "gouda", false),
            ("gouda", "guoda", true),
            ("gouda", "goud", true),
            ("gouda", "gowda", true),
            ("gouda", "goduA", false),
            ("zaanstad", "zaanstda", true),
            ("", "a", true),
        ] {
            assert_eq!(one_edit_apart(a, b), want, "{a:?} {b:?}");
        }
    }
}
