//! Which year a document is about: the year a jaarstukken or
//! bestuursrapportage reports on, a begroting budgets for, a council
//! document was written or its meeting held.
//!
//! - **Council documents** (raadsmededeling, raadsvoorstel, motie, agenda,
//!   besluitenlijst, notulen): the year of the header's date, else of a
//!   date in the title.
//! - **Others**: points per year: 6 for a year in the title (the first of
//!   a range: "Programmabegroting 2025-2028"), 4 in a page's or PDF's
//!   title or a running header, 4 where the document names itself with a
//!   year ("deze begroting 2022 - 2025"), 3 for a year label ("Realisatie
//!   2023", "Acties 2023": `year_label` in `dictionaries/facts.tsv`), and
//!   for a report on a year (jaarstukken, bestuursrapportage) 1 for each
//!   past-tense status whose sentence names the year ("In 2023 zijn …
//!   georganiseerd"), four at most. The leader needs 3 points and a strict
//!   lead. Without one, a document of known type takes the most-mentioned
//!   year if it leads clearly; when the two most-mentioned years are
//!   consecutive and close in count, a report takes the earlier (it looks
//!   ahead) and a plan the later (it looks back). A document of another
//!   type, or of none, takes a year only where it is mentioned at least
//!   four times and more than twice as often as any other.

use super::vocab::Scope;
use super::zone::Zone;
use crate::dict::Vocabulary;
use crate::extract::metadata::parse_date;
use crate::model::{BlockKind, Document, Entity};
use crate::model::{EntityKind, StatusClass};
use regex::Regex;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const COUNCIL: &[&str] = &[
    "raadsmededeling",
    "raadsvoorstel",
    "motie",
    "agenda",
    "besluitenlijst",
    "notulen",
];
const REPORTS: &[&str] = &["jaarstukken", "bestuursrapportage"];
const PLANS: &[&str] = &["begroting", "kadernota"];
/// Types whose most-mentioned year is theirs when nothing else decides:
/// documents about one year of a municipality's planning and control.
const COUNTED: &[&str] = &[
    "jaarstukken",
    "bestuursrapportage",
    "begroting",
    "kadernota",
    "prestatieafspraken",
];
const TITLE: u32 = 6;
const EXTERNAL: u32 = 4;
const ITSELF: u32 = 4;
const LABEL: u32 = 3;
const LABEL_MAX: u32 = 2;
const PAST_MAX: u32 = 4;
const MIN_POINTS: u32 = 3;
/// Mentions a year needs, more than twice as many as the runner-up's, to
/// be the year of a document whose type counts no mentions.
const DOMINANT_MIN: u32 = 4;

/// A year standing alone: not part of a longer number, an amount
/// ("1.2023"), a date written with slashes, or a code that a letter leads
/// ("Z2024-00006104", a case number).
pub(super) fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:^|[^0-9.,/\p{L}])((?:19|20)[0-9][0-9])(?:$|[^0-9]|[.,][^0-9])")
            .unwrap_or_else(|_| unreachable!())
    })
}

fn first_year(text: &str) -> Option<i32> {
    year_re()
        .captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
}

#[derive(Default, Clone)]
struct Score {
    points: BTreeMap<i32, u32>,
    evidence: Vec<String>,
}

impl Score {
    fn add(&mut self, y: i32, points: u32, why: String) {
        *self.points.entry(y).or_default() += points;
        self.evidence.push(format!("{y} +{points}: {why}"));
    }
}

/// The evidence for the year that the text gives, read once per document
/// and only for a type that is no council document's: the title, running
/// headers, self-references and year labels, and each year's mentions.
pub(super) struct Read {
    score: Score,
    /// How often each year is mentioned outside the page furniture,
    /// counted when first needed.
    counts: OnceCell<BTreeMap<i32, u32>>,
}

/// Read the evidence of the title, the running headers, the document
/// naming itself with a year, and year labels.
pub(super) fn read(doc: &Document, zone: &Zone, vocab: &Vocabulary) -> Read {
    let mut s = Score::default();
    if let Some(t) = zone.title {
        if let Some(y) = first_year(&t.heading) {
            s.add(y, TITLE, format!("'{}' is the title", t.heading));
        }
    }
    for text in zone.external.iter().chain(zone.running.iter()) {
        if let Some(y) = first_year(text) {
            s.add(
                y,
                EXTERNAL,
                format!("'{text}' is a title or running header"),
            );
        }
    }
    let mut itself: BTreeMap<i32, u32> = BTreeMap::new();
    let mut labels: BTreeMap<i32, u32> = BTreeMap::new();
    for text in texts(doc) {
        let refers = vocab.facts.refers(text);
        for c in vocab
            .facts
            .cues_in(text)
            .filter(|c| matches!(c.scope, Scope::Any | Scope::Title))
        {
            let itself_re = c.itself_in(text, refers);
            for cap in itself_re.into_iter().flat_map(|re| re.captures_iter(text)) {
                if let Some(y) = cap.name("year").and_then(|m| m.as_str().parse().ok()) {
                    *itself.entry(y).or_default() += 1;
                }
            }
        }
        for re in [&vocab.facts.year_label, &vocab.facts.year_label_after]
            .into_iter()
            .flatten()
        {
            for cap in re.captures_iter(text) {
                if let Some(y) = cap.name("year").and_then(|m| m.as_str().parse().ok()) {
                    *labels.entry(y).or_default() += 1;
                }
            }
        }
    }
    for (y, n) in itself {
        s.add(
            y,
            ITSELF * n.min(2),
            format!("the document names itself with it ×{n}"),
        );
    }
    for (y, n) in labels {
        s.add(y, LABEL * n.min(LABEL_MAX), format!("a year label ×{n}"));
    }
    Read {
        score: s,
        counts: OnceCell::new(),
    }
}

/// The texts of the blocks that are not page furniture.
fn texts(doc: &Document) -> impl Iterator<Item = &str> {
    doc.blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Furniture)
        .map(|b| doc.block_text(b))
}

/// Decide the year: the year and the evidence. `read` gives what the text
/// says (see [`read`]); it is asked only for a type that is no council
/// document's.
pub(super) fn year<'r>(
    doc: &Document,
    doc_type: Option<&str>,
    zone: &Zone,
    meta: &BTreeMap<String, String>,
    entities: &[Entity],
    vocab: &Vocabulary,
    read: impl FnOnce() -> &'r Read,
) -> (Option<i32>, Vec<String>) {
    if let Some(t) = doc_type.filter(|t| COUNCIL.contains(t)) {
        let from_date = meta
            .get("date")
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok());
        if let Some(y) = from_date {
            return (Some(y), vec![format!("{y}: the date of the {t}")]);
        }
        let titled = zone
            .title
            .and_then(|s| parse_date(&s.heading, vocab))
            .and_then(|d| d.get(..4).and_then(|y| y.parse().ok()));
        return match titled {
            Some(y) => (Some(y), vec![format!("{y}: the date in the title")]),
            None => (None, vec![format!("the {t} has no date")]),
        };
    }
    let read = read();
    let mut s = read.score.clone();
    // A report speaks of its year in the past tense, a plan of its own in
    // the future.
    let report = doc_type.is_some_and(|t| REPORTS.contains(&t));
    let plan = doc_type.is_some_and(|t| PLANS.contains(&t));
    if report || plan {
        let mut past: BTreeMap<i32, u32> = BTreeMap::new();
        for e in entities.iter().filter(|e| {
            e.kind == EntityKind::Status
                && e.class.is_some_and(|c| {
                    if report {
                        vocab.facts.past_classes.contains(c.as_str())
                    } else {
                        c == StatusClass::Planned
                    }
                })
        }) {
            for c in year_re().captures_iter(&e.sentence) {
                if let Some(y) = c.get(1).and_then(|m| m.as_str().parse().ok()) {
                    *past.entry(y).or_default() += 1;
                }
            }
        }
        for (y, n) in past {
            let tense = if report { "past-tense" } else { "planned" };
            s.add(y, n.min(PAST_MAX), format!("{tense} statuses name it ×{n}"));
        }
    }
    let mut ranked: Vec<(i32, u32)> = s.points.iter().map(|(y, p)| (*y, *p)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut evidence = s.evidence;
    if let Some(&(y, p)) = ranked.first() {
        let second = ranked.get(1).map_or(0, |r| r.1);
        if p >= MIN_POINTS && p > second {
            evidence.push(format!("{p} points; runner-up {second}"));
            return (Some(y), evidence);
        }
    }
    let counted = doc_type.is_some_and(|t| COUNTED.contains(&t));
    let counts = read.counts.get_or_init(|| {
        let mut counts: BTreeMap<i32, u32> = BTreeMap::new();
        for text in texts(doc) {
            for c in year_re().captures_iter(text) {
                if let Some(y) = c.get(1).and_then(|m| m.as_str().parse().ok()) {
                    *counts.entry(y).or_default() += 1;
                }
            }
        }
        counts
    });
    let mut ranked: Vec<(i32, u32)> = counts.iter().map(|(y, n)| (*y, *n)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(y1, c1)) = ranked.first() else {
        return (None, evidence);
    };
    let (y2, c2) = ranked.get(1).copied().unwrap_or((0, 0));
    if c1 < 3 {
        return (None, evidence);
    }
    let pick = if !counted {
        // A document of another type, or of none, is about a year only
        // where that year outweighs every other.
        (c1 >= DOMINANT_MIN && c1 > 2 * c2).then_some(y1)
    } else if (y1 - y2).abs() == 1 && c2 * 3 >= c1 * 2 {
        Some(if report { y1.min(y2) } else { y1.max(y2) })
    } else {
        (c1 * 2 >= c2 * 3).then_some(y1)
    };
    if let Some(y) = pick {
        evidence.push(format!(
            "{y}: the most-mentioned year ({c1}; then {y2} ×{c2})"
        ));
    }
    (pick, evidence)
}
