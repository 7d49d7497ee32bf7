//! Document facts: which municipality, what kind of document, which year.
//!
//! Each fact is decided by weighing evidence, and the evidence is kept so a
//! reader can check it. When the evidence does not decide, the fact is
//! `null`: never a guess.
//!
//! - **Municipality.** Mentions of names and aliases of
//!   `dictionaries/municipalities.tsv` (case-sensitive, whole words): 3
//!   points after "gemeente", 2 in the title or the header block, 1
//!   elsewhere. Names that are also ordinary words count only after
//!   "gemeente". A capitalised word one edit away from a municipality name
//!   of eight letters or more counts as a misspelling of it ("Meerijstad").
//!   The winner needs a strict lead, and 3 points unless no other
//!   municipality is mentioned at all. A document whose title and header
//!   do not name the leader, which says "gemeente X" three times or more of
//!   a second one and gives the leader less than three times its points,
//!   speaks about several (a gemeenschappelijke regeling): no municipality.
//! - **Document type.** The first heading (title) and its leading cue word,
//!   the header block of a council letter, canonical section kinds (each
//!   kind once; cue words in other headings count double)
//!   (`wat_hebben_we_bereikt` speaks for jaarstukken, `wat_gaan_we_doen`
//!   for a begroting: `dictionaries/headings.tsv`), and cue words in the
//!   body (`dictionaries/doc_types.tsv`).
//! - **Year.** A council letter: the year of its date. A meeting document
//!   (agenda, besluitenlijst, notulen): the year in its title, else of its
//!   date (header field, or "Datum …" in the block under the title). Jaarstukken and
//!   begrotingen: a year in the title, else the most-mentioned year in the
//!   body if it leads clearly; when the two most-mentioned years are
//!   consecutive and close in count, jaarstukken take the earlier (they look
//!   ahead to the next year) and a begroting the later (it looks back).

use crate::dict::{Municipality, Vocabulary};
use crate::extract::metadata::parse_date;
use crate::model::{BlockKind, Document, Section};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// "gemeente X" mentions of a second municipality that, with the leader
/// absent from the title and header, make a document regional.
const MEMBER_MENTIONS: u32 = 3;

/// How many times the points of the runner-up a municipality needs to own
/// a document that does not name it in its title or header, when the
/// runner-up is called "gemeente X" [`MEMBER_MENTIONS`] times.
const OWN_LEAD: u32 = 3;

/// Shortest municipality name matched with one spelling error.
const FUZZY_MIN_CHARS: usize = 8;

/// The municipality a document is from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MunicipalityFact {
    /// CBS name.
    pub name: String,
    /// CBS code.
    pub code: String,
    /// Why: one line per kind of evidence with its points.
    pub evidence: Vec<String>,
}

/// The facts of one document.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Facts {
    /// Municipality, if the evidence decides.
    pub municipality: Option<MunicipalityFact>,
    /// Document type, if the evidence decides.
    pub doc_type: Option<String>,
    /// Year reported on, budgeted for, or written in.
    pub year: Option<i32>,
}

/// The evidence for one municipality.
#[derive(Debug, Default)]
struct Tally {
    points: u32,
    /// Evidence line → how often.
    evidence: BTreeMap<String, u32>,
    /// Mentions by their points: 3 after "gemeente", 2 in the title or
    /// header, 1 elsewhere.
    by_points: [u32; 4],
}

/// The matcher for municipality names, built once per run.
#[derive(Debug)]
pub struct FactFinder {
    automaton: AhoCorasick,
    /// Pattern index → municipality index.
    owners: Vec<usize>,
    /// (lower-cased name, municipality index) for fuzzy matching.
    fuzzy: Vec<(String, usize)>,
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\d.,/])((?:19|20)\d\d)(?:$|[^\d]|[.,][^\d])")
            .unwrap_or_else(|_| unreachable!())
    })
}

fn word_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b\p{Lu}[\p{L}-]{6,}\b").unwrap_or_else(|_| unreachable!()))
}

impl FactFinder {
    /// Compile the municipality names.
    ///
    /// # Errors
    /// If the automaton cannot be built (too many patterns).
    pub fn new(vocab: &Vocabulary) -> Result<FactFinder, aho_corasick::BuildError> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        let mut fuzzy = Vec::new();
        for (i, m) in vocab.municipalities.iter().enumerate() {
            for s in &m.spellings {
                patterns.push(s.clone());
                owners.push(i);
                if !m.common_word && s.chars().count() >= FUZZY_MIN_CHARS && !s.contains(' ') {
                    fuzzy.push((s.to_lowercase(), i));
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)?;
        Ok(FactFinder {
            automaton,
            owners,
            fuzzy,
        })
    }

    /// Decide the facts of a document.
    pub fn facts(
        &self,
        doc: &Document,
        sections: &[Section],
        metadata: &BTreeMap<String, String>,
        vocab: &Vocabulary,
    ) -> Facts {
        let municipality = self
            .municipality(doc, sections, metadata, vocab)
            .or_else(|| self.chrome_municipality(doc, vocab));
        let doc_type = doc_type(doc, sections, metadata, vocab);
        let year = year(doc, doc_type.as_deref(), metadata, sections, vocab);
        Facts {
            municipality,
            doc_type,
            year,
        }
    }

    fn municipality(
        &self,
        doc: &Document,
        sections: &[Section],
        metadata: &BTreeMap<String, String>,
        vocab: &Vocabulary,
    ) -> Option<MunicipalityFact> {
        let mut score: BTreeMap<usize, Tally> = BTreeMap::new();
        let mut add = |i: usize, points: u32, why: String| {
            let e = score.entry(i).or_default();
            e.points += points;
            *e.evidence.entry(why).or_default() += 1;
            if let Some(n) = e.by_points.get_mut(points as usize) {
                *n += 1;
            }
        };
        let title_end = sections.first().map(|s| s.heading_span.end).unwrap_or(0);
        for block in doc.blocks.iter().filter(|b| b.kind != BlockKind::Furniture) {
            let text = doc.block_text(block);
            let mut covered = Vec::new();
            for m in self.automaton.find_iter(text) {
                if !word_bounded(text, m.start(), m.end()) {
                    continue;
                }
                let i = self.owners[m.pattern().as_usize()];
                let muni: &Municipality = &vocab.municipalities[i];
                let before = text[..m.start()].trim_end().to_lowercase();
                let after_gemeente = before.ends_with("gemeente") || before.ends_with("gemeenten");
                if muni.common_word && !after_gemeente {
                    continue;
                }
                covered.push((m.start(), m.end()));
                let at = block.span.start + m.start();
                let spelled = &text[m.start()..m.end()];
                if after_gemeente {
                    add(i, 3, format!("'gemeente {spelled}'"));
                } else if at < title_end
                    || block.kind == BlockKind::Table
                        && metadata.values().any(|v| v.contains(spelled))
                {
                    add(i, 2, format!("'{spelled}' in the title or header"));
                } else {
                    add(i, 1, format!("'{spelled}' mentioned"));
                }
            }
            for m in word_re().find_iter(text) {
                if covered.iter().any(|&(s, e)| m.start() < e && s < m.end()) {
                    continue;
                }
                let w = m.as_str().to_lowercase();
                if let Some(&(_, i)) = self.fuzzy.iter().find(|(name, _)| {
                    name.len().abs_diff(w.len()) <= 1
                        && *name != w
                        && strsim::damerau_levenshtein(name, &w) == 1
                }) {
                    add(
                        i,
                        1,
                        format!(
                            "'{}' (spelling of {})",
                            m.as_str(),
                            vocab.municipalities[i].name
                        ),
                    );
                }
            }
        }
        let mut ranked: Vec<(u32, usize)> = score.iter().map(|(i, t)| (t.points, *i)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let (best, i) = *ranked.first()?;
        let second = ranked.get(1).map_or(0, |r| r.0);
        if best <= second || (best < 3 && second > 0) {
            return None;
        }
        // A document that does not name the leader in its title or header
        // while it calls another municipality "gemeente X" again and again,
        // and names the leader less than three times as often, speaks about
        // several, not for one: a gemeenschappelijke regeling's jaarstukken
        // name its member municipalities (Zwolle 87 points, Deventer 44); a
        // municipality's own begroting names itself far more (Wassenaar 347,
        // its neighbour 25).
        let mentions = |i: usize, points: usize| score[&i].by_points[points];
        // Two municipalities named about as often (the runner-up at three
        // quarters of the leader or more), neither in the title or header:
        // the document speaks of both, as a regeling's text names its
        // deelnemers ("Gemeente Zwolle, Gemeente Deventer"), not for one.
        if mentions(i, 2) == 0 && second * 4 >= best * 3 {
            return None;
        }
        let runner_up_as_gemeente = ranked.get(1).map_or(0, |&(_, j)| mentions(j, 3));
        if mentions(i, 2) == 0
            && runner_up_as_gemeente >= MEMBER_MENTIONS
            && best < OWN_LEAD * second
        {
            return None;
        }
        let m = &vocab.municipalities[i];
        let mut evidence: Vec<String> = score[&i]
            .evidence
            .iter()
            .map(|(why, n)| format!("{why} ×{n}"))
            .collect();
        evidence.push(format!("{best} points; runner-up {second}"));
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
    fn chrome_municipality(&self, doc: &Document, vocab: &Vocabulary) -> Option<MunicipalityFact> {
        let mut named: BTreeMap<usize, u32> = BTreeMap::new();
        for text in &doc.chrome {
            for m in self.automaton.find_iter(text.as_str()) {
                let before = text[..m.start()].trim_end().to_lowercase();
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

fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
        && !after.is_some_and(|c| c.is_alphanumeric())
}

fn doc_type(
    doc: &Document,
    sections: &[Section],
    metadata: &BTreeMap<String, String>,
    vocab: &Vocabulary,
) -> Option<String> {
    let mut score: BTreeMap<String, u32> = BTreeMap::new();
    if let Some(first) = sections.first() {
        // The title: its leftmost cue word.
        if let Some((t, _)) = vocab
            .doc_types
            .iter()
            .filter_map(|(t, re, _)| re.find(&first.heading).map(|m| (t, m.start())))
            .min_by_key(|(_, at)| *at)
        {
            *score.entry(t.clone()).or_default() += 5;
        }
    }
    // Each kind of section speaks once: a besluitenlijst repeats "Besluit:"
    // under every agenda item, a raadsvoorstel has one; a begroting speaks
    // through its three questions, however many programmes ask them.
    let mut kinds_seen: Vec<&str> = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        for rule in vocab.headings.iter().filter(|r| r.kind == s.kind) {
            if let Some(t) = &rule.doc_type {
                if !rule.doc_type_title_only {
                    if !kinds_seen.contains(&s.kind.as_str()) {
                        kinds_seen.push(&s.kind);
                        *score.entry(t.clone()).or_default() += 3;
                    }
                } else if i == 0 {
                    *score.entry(t.clone()).or_default() += 5;
                }
            }
        }
    }
    if metadata.len() >= 3 {
        for t in ["raadsmededeling", "raadsvoorstel"] {
            if vocab.doc_types.iter().any(|(d, _, _)| d == t) {
                *score.entry(t.to_string()).or_default() += 2;
            }
        }
    }
    for (t, re, w) in &vocab.doc_types {
        let n: u32 = doc
            .blocks
            .iter()
            .filter(|b| {
                matches!(
                    b.kind,
                    BlockKind::Paragraph
                        | BlockKind::ListItem
                        | BlockKind::Footnote
                        | BlockKind::Heading
                )
            })
            .map(|b| {
                // A cue in a heading names a part of the document: it counts double.
                let n = re.find_iter(doc.block_text(b)).count() as u32;
                if b.kind == BlockKind::Heading {
                    2 * n
                } else {
                    n
                }
            })
            .sum();
        *score.entry(t.clone()).or_default() += w * n.min(3);
    }
    let mut ranked: Vec<(&String, &u32)> = score.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1));
    let (best, &points) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| *r.1);
    (points >= 2 && points > second).then(|| best.clone())
}

fn year(
    doc: &Document,
    doc_type: Option<&str>,
    metadata: &BTreeMap<String, String>,
    sections: &[Section],
    vocab: &Vocabulary,
) -> Option<i32> {
    match doc_type {
        Some("raadsmededeling" | "raadsvoorstel") => {
            return metadata
                .get("date")
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok());
        }
        Some("jaarstukken" | "begroting") => {}
        Some("agenda" | "besluitenlijst" | "notulen") => {
            // A meeting document: the year of the meeting date in its
            // title, else of the date its header gives ("Datum 10-05-2022").
            let title = sections.first()?;
            if let Some(y) = year_re()
                .captures(&title.heading)
                .and_then(|c| c[1].parse().ok())
            {
                return Some(y);
            }
            if let Some(y) = metadata
                .get("date")
                .and_then(|d| d.get(..4))
                .and_then(|y| y.parse().ok())
            {
                return Some(y);
            }
            let header = doc
                .blocks
                .iter()
                .filter(|b| b.span.start >= title.heading_span.end)
                .find(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Table))?;
            // "Datum 10-05-2022 Tijd …", "Datum: 4 juni 2024 …"
            let text = doc.block_text(header);
            let at = text.to_ascii_lowercase().find("datum")? + "datum".len();
            let words: Vec<&str> = text[at..]
                .trim_start_matches(':')
                .split_whitespace()
                .take(3)
                .collect();
            let date = parse_date(words.first()?, vocab)
                .or_else(|| parse_date(&words.join(" "), vocab))?;
            return date.get(..4).and_then(|y| y.parse().ok());
        }
        _ => return None,
    }
    if let Some(first) = sections.first() {
        if let Some(c) = year_re().captures(&first.heading) {
            return c[1].parse().ok();
        }
    }
    let mut counts: BTreeMap<i32, u32> = BTreeMap::new();
    for b in doc.blocks.iter().filter(|b| b.kind != BlockKind::Furniture) {
        for c in year_re().captures_iter(doc.block_text(b)) {
            if let Ok(y) = c[1].parse::<i32>() {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(i32, u32)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (y1, c1) = *ranked.first()?;
    let (y2, c2) = ranked.get(1).copied().unwrap_or((0, 0));
    if c1 < 3 {
        return None;
    }
    if (y1 - y2).abs() == 1 && c2 * 3 >= c1 * 2 {
        return Some(if doc_type == Some("jaarstukken") {
            y1.min(y2)
        } else {
            y1.max(y2)
        });
    }
    (c1 * 2 >= c2 * 3).then_some(y1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::extract::metadata;
    use crate::model::Format;
    use crate::segment;

    fn facts_of(text: &str) -> Facts {
        let vocab = Vocabulary::builtin().unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        let sections = segment::segment(&doc, &vocab);
        let meta = metadata::extract(&doc, &vocab);
        FactFinder::new(&vocab)
            .unwrap()
            .facts(&doc, &sections, &meta, &vocab)
    }

    #[test]
    fn a_besluitenlijst_with_a_besluit_per_item_and_its_header_date() {
        let mut text = String::from(
            "Besluitenlijst Openbaar B&W-vergadering Wassenaar\n\n\
             Datum 10-05-2022 Tijd 9:30 - 12:42 Locatie De Paauw Voorzitter de burgemeester.\n\n",
        );
        for i in 1..=6 {
            text.push_str(&format!(
                "{i} Raadsvoorstel over onderwerp {i}\n\nHet college stemt in met het raadsvoorstel.\n\n\
                 Besluit:\n\nConform advies.\n\n"
            ));
        }
        let f = facts_of(&text);
        assert_eq!(f.doc_type.as_deref(), Some("besluitenlijst"));
        assert_eq!(f.year, Some(2022));
    }

    /// Facts of `text` as a web page whose chrome says `chrome`.
    fn facts_with_chrome(text: &str, chrome: &[&str]) -> Option<MunicipalityFact> {
        let vocab = Vocabulary::builtin().unwrap();
        let mut doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        doc.chrome = chrome.iter().map(|c| c.to_string()).collect();
        let sections = segment::segment(&doc, &vocab);
        let meta = metadata::extract(&doc, &vocab);
        FactFinder::new(&vocab)
            .unwrap()
            .facts(&doc, &sections, &meta, &vocab)
            .municipality
    }

    #[test]
    fn the_site_chrome_names_the_municipality_only_when_the_text_does_not() {
        let agenda = "Agenda\n\nRaadscommissie Bestuur en Middelen, 5 oktober 2015.\n\n";
        let footer = [
            "Raadsinformatie",
            "Raadsgriffie gemeente Den Helder Postbus 2",
        ];
        let m = facts_with_chrome(agenda, &footer).expect("from the footer");
        assert_eq!((m.name.as_str(), m.code.as_str()), ("Den Helder", "GM0400"));
        assert!(
            m.evidence[0].contains("header or footer ×1"),
            "{:?}",
            m.evidence
        );
        // The text decides when it can.
        let own = format!("{agenda}De gemeente Texel en de gemeente Texel overleggen.\n\n");
        assert_eq!(facts_with_chrome(&own, &footer).unwrap().name, "Texel");
        // Two municipalities in the chrome, or a bare name: no evidence.
        let two = ["Gemeente Den Helder", "gemeente Texel"];
        assert_eq!(facts_with_chrome(agenda, &two), None);
        assert_eq!(facts_with_chrome(agenda, &["Den Helder"]), None);
    }

    #[test]
    fn a_regional_body_is_no_municipality_but_a_municipality_with_neighbours_is() {
        let mut text = String::from("Jaarstukken 2023\n\nCollectie Overijssel\n\n");
        for _ in 0..6 {
            text.push_str("De bijdrage van de gemeente Zwolle is vastgesteld door Zwolle.\n\n");
        }
        for _ in 0..4 {
            text.push_str("De bijdrage van de gemeente Deventer is gelijk gebleven.\n\n");
        }
        assert_eq!(facts_of(&text).municipality, None);
        // The same neighbour mentions in a document that is mostly about Zwolle.
        for _ in 0..20 {
            text.push_str("In de gemeente Zwolle groeit het aantal inwoners.\n\n");
        }
        let m = facts_of(&text).municipality.expect("Zwolle");
        assert_eq!(m.name, "Zwolle");
    }

    #[test]
    fn two_municipalities_named_about_as_often_are_no_one_municipality() {
        let text = "Organisatiegegevens\n\nVestigingsadres Eikenstraat 20, Zwolle.\n\n\
                    Deelnemers zijn het Rijk, de gemeente Zwolle en de gemeente Deventer.\n\n\
                    De gemeente Zwolle en de gemeente Deventer betalen een bijdrage.\n\n";
        assert_eq!(facts_of(text).municipality, None);
        // The same, once more about Zwolle, is about Zwolle.
        let more = format!("{text}De gemeente Zwolle groeit. De gemeente Zwolle bouwt.\n\n");
        assert_eq!(facts_of(&more).municipality.unwrap().name, "Zwolle");
    }
}
