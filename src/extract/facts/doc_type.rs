//! What kind of document it is.
//!
//! Evidence, each kept as a line: the leftmost cue word of the title (10
//! points), of a page's or PDF's title and of a running header (4 each);
//! the document naming itself ("deze jaarstukken", "ons publieksjaarverslag":
//! 3 each, twice at most, and 2 more for the first such naming); cue words
//! in headings (twice their weight) and in the body (their weight, three
//! times at most); headings a type is known by (`heading` scope of
//! `dictionaries/doc_types.tsv`: the BBV questions by tense, "Agenda");
//! the section kinds of `dictionaries/headings.tsv` that name a type (each
//! kind once); and header fields (`field` scope). The winner needs
//! [`MIN_POINTS`] and a strict lead.
//!
//! A meeting document — a header with two of chair, location, time,
//! attendance or meeting, or a title with a date and a time — is a
//! besluitenlijst when decisions stand under its items ("Besluit",
//! "Voorgesteld besluit"), notulen when it says so, else an agenda; unless
//! its title names a type that is not a meeting's (a motion on a
//! raadsinformatie page).

use super::vocab::{Cue, Scope};
use super::zone::Zone;
use crate::dict::Vocabulary;
use crate::extract::metadata::{self, parse_date};
use crate::model::{Block, BlockKind, Document, Entity, Section};
use crate::model::{EntityKind, StatusClass};
use std::collections::{BTreeMap, BTreeSet};

const MIN_POINTS: u32 = 3;
const TITLE: u32 = 10;
const EXTERNAL: u32 = 4;
const ITSELF: u32 = 3;
const ITSELF_FIRST: u32 = 2;
const OPENING: u32 = 5;
const TENSE: u32 = 2;
/// Fewest past-tense statuses that make a report on a year.
const PAST_STATUSES: usize = 3;
const ITSELF_MAX: usize = 2;
const BODY_MAX: u32 = 3;
const KIND: u32 = 3;

/// Header fields of a meeting.
const MEETING_FIELDS: &[&str] = &["chair", "location", "time", "present", "absent", "meeting"];

/// The types of a meeting's papers.
const MEETING_TYPES: &[&str] = &["agenda", "besluitenlijst", "notulen"];

#[derive(Default, Clone)]
struct Score {
    points: BTreeMap<String, u32>,
    /// Types with evidence beyond cue words in the body and tense.
    strong: BTreeSet<String>,
    /// Types by how many kinds of weak evidence speak for them.
    weak: BTreeMap<String, u32>,
    evidence: Vec<String>,
}

impl Score {
    fn add(&mut self, t: &str, points: u32, why: String) {
        if points == 0 {
            return;
        }
        *self.points.entry(t.to_string()).or_default() += points;
        self.strong.insert(t.to_string());
        self.evidence.push(format!("{t} +{points}: {why}"));
    }

    /// Evidence that cannot decide alone: cue words in the body, tense.
    fn add_weak(&mut self, t: &str, points: u32, why: String) {
        if points == 0 {
            return;
        }
        *self.points.entry(t.to_string()).or_default() += points;
        *self.weak.entry(t.to_string()).or_default() += 1;
        self.evidence.push(format!("{t} +{points}: {why}"));
    }

    /// Whether the evidence for `t` may decide: some that is not weak, or
    /// two kinds of weak evidence that agree.
    fn decides(&self, t: &str) -> bool {
        self.strong.contains(t) || self.weak.get(t).is_some_and(|&n| n >= 2)
    }
}

/// The leftmost cue of title scope (or any) in `text`.
fn leftmost<'v>(text: &str, vocab: &'v Vocabulary) -> Option<(&'v Cue, &'v str)> {
    vocab
        .facts
        .cues_in(text)
        .filter(|c| matches!(c.scope, Scope::Any | Scope::Title))
        .filter_map(|c| c.pattern.find(text).map(|m| (c, m.start(), m.end())))
        .min_by_key(|(_, s, e)| (*s, usize::MAX - e))
        .map(|(c, _, _)| (c, c.doc_type.as_str()))
}

/// The heading without its numbering ("4.2 Besluit" → "Besluit").
fn bare(heading: &str) -> &str {
    heading
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        .trim_start()
}

/// Most words before the cue in an opening sentence ("Met deze begroting").
const OPENING_WORDS: usize = 3;

/// What the document's opening sentence calls it: "De jaarstukken
/// verantwoorden …", "Deze voortgangsrapportage is …", "Met deze begroting
/// 2022 - 2025 geven wij …".
fn opening<'v>(doc: &Document, vocab: &'v Vocabulary) -> Option<(&'v str, String)> {
    let sentence = Zone::opening(doc)?;
    vocab
        .facts
        .cues_in(sentence)
        .filter(|c| c.scope == Scope::Any)
        .filter_map(|c| {
            let m = c.pattern.find(sentence)?;
            let before: Vec<&str> = sentence[..m.start()].split_whitespace().collect();
            let article = before.last().map(|w| w.to_lowercase())?;
            let known = matches!(article.as_str(), "de" | "het")
                || vocab.facts.self_ref.iter().any(|r| r == &article);
            (known && before.len() <= OPENING_WORDS).then(|| {
                (
                    m.start(),
                    c.doc_type.as_str(),
                    sentence[..m.end()].to_string(),
                )
            })
        })
        .min_by_key(|(at, _, _)| *at)
        .map(|(_, t, words)| (t, words))
}

/// The evidence for the type that the text gives, read once per document:
/// everything but the statuses' tense and the header fields.
pub(super) struct Read<'v> {
    score: Score,
    /// The title's leftmost cue and its type.
    title_type: Option<(&'v Cue, &'v str)>,
    /// Whether a heading names a decision.
    decisions: bool,
}

/// Read the evidence of the title, the headings, self-references and cue
/// words in the text.
pub(super) fn read<'v>(
    doc: &Document,
    sections: &[Section],
    zone: &Zone,
    vocab: &'v Vocabulary,
) -> Read<'v> {
    let mut s = Score::default();
    let title_type = zone.title.and_then(|t| leftmost(&t.heading, vocab));
    if let (Some((_, t)), Some(title)) = (title_type, zone.title) {
        s.add(t, TITLE, format!("'{}' is the title", title.heading));
    }
    for text in zone.external.iter().chain(zone.running.iter()) {
        if let Some((_, t)) = leftmost(text, vocab) {
            s.add(
                t,
                EXTERNAL,
                format!("'{text}' is a title or running header"),
            );
        }
    }
    // Headings a type is known by, and section kinds (each kind once).
    let mut kinds_seen: Vec<&str> = Vec::new();
    let mut decisions = false;
    for (i, sec) in sections.iter().enumerate() {
        let heading = bare(&sec.heading);
        for c in vocab.facts.cues_in(heading) {
            match c.scope {
                Scope::Heading if c.heading.is_match(heading) => {
                    s.add(&c.doc_type, c.weight, format!("heading '{heading}'"));
                }
                Scope::Decision if c.heading.is_match(heading) => decisions = true,
                _ => {}
            }
        }
        for rule in vocab.headings.iter().filter(|r| r.kind == sec.kind) {
            let Some(t) = &rule.doc_type else { continue };
            if rule.doc_type_title_only {
                if i == 0 && zone.title.is_some() {
                    s.add(t, TITLE, format!("the title is a {} heading", sec.kind));
                }
            } else if !kinds_seen.contains(&sec.kind.as_str()) {
                kinds_seen.push(&sec.kind);
                s.add(t, KIND, format!("a {} section", sec.kind));
            }
        }
    }
    // The document naming itself, and cue words in the text.
    let mut first_itself: Option<(usize, &str)> = None;
    // Each block with whether it refers to itself ("deze", "ons") and
    // which cues may match in it, asked once, not once per cue.
    let blocks: Vec<(&Block, &str, bool, Vec<bool>)> = doc
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
            let text = doc.block_text(b);
            let may = vocab.facts.possible(text);
            (b, text, vocab.facts.refers(text), may)
        })
        .collect();
    for (i, c) in vocab.facts.cues.iter().enumerate() {
        if c.scope != Scope::Any {
            continue;
        }
        let mut itself = 0;
        let mut body = 0;
        for (b, text, refers, may) in &blocks {
            if !may.get(i).copied().unwrap_or(true) {
                continue;
            }
            let (b, text, refers) = (*b, *text, *refers);
            let itself_re = c.itself_in(text, refers);
            for m in itself_re.into_iter().flat_map(|re| re.find_iter(text)) {
                itself += 1;
                let at = b.span.start + m.start();
                if first_itself.is_none_or(|(f, _)| at < f) {
                    first_itself = Some((at, c.doc_type.as_str()));
                }
            }
            if c.scope == Scope::Any
                && b.span.start != zone.title.map_or(usize::MAX, |t| t.heading_span.start)
            {
                let n = c.pattern.find_iter(text).count() as u32;
                body += if b.kind == BlockKind::Heading {
                    2 * n
                } else {
                    n
                };
            }
        }
        s.add(
            &c.doc_type,
            ITSELF * itself.min(ITSELF_MAX) as u32,
            format!("names itself so ×{itself}"),
        );
        s.add_weak(
            &c.doc_type,
            c.weight * body.min(BODY_MAX),
            format!(
                "cue '{}' ×{body}",
                c.pattern
                    .source()
                    .trim_start_matches(r"\b(?:")
                    .trim_end_matches(r")\b")
            ),
        );
    }
    if let Some((_, t)) = first_itself {
        s.add(
            t,
            ITSELF_FIRST,
            "the first time it names itself".to_string(),
        );
    }
    if let Some((t, words)) = opening(doc, vocab) {
        s.add(
            t,
            OPENING,
            format!("the opening sentence calls it '{words}'"),
        );
    }
    Read {
        score: s,
        title_type,
        decisions,
    }
}

/// Decide the document type from what the text gave, the statuses and the
/// header fields: the type and the evidence.
pub(super) fn doc_type(
    read: &Read,
    zone: &Zone,
    meta: &BTreeMap<String, String>,
    entities: &[Entity],
    vocab: &Vocabulary,
) -> (Option<String>, Vec<String>) {
    let mut s = read.score.clone();
    let (title_type, decisions) = (read.title_type, read.decisions);
    let past = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Status)
        .filter(|e| {
            e.class
                .is_some_and(|c| vocab.facts.past_classes.contains(c.as_str()))
        })
        .count();
    let planned = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Status && e.class == Some(StatusClass::Planned))
        .count();
    if past >= PAST_STATUSES && past >= 2 * planned {
        s.add_weak(
            "jaarstukken",
            TENSE,
            format!("{past} statuses in the past tense, {planned} planned"),
        );
    }
    for c in vocab.facts.cues.iter().filter(|c| c.scope == Scope::Field) {
        let n = meta.keys().filter(|k| c.pattern.is_match(k)).count() as u32;
        s.add(
            &c.doc_type,
            c.weight * n.min(2),
            format!("{n} header fields"),
        );
    }
    // A meeting's papers.
    let fields = meta
        .keys()
        .filter(|k| MEETING_FIELDS.contains(&k.as_str()))
        .count();
    let timed_title = zone
        .title
        .is_some_and(|t| parse_date(&t.heading, vocab).is_some() && metadata::has_time(&t.heading));
    let other_title = title_type.is_some_and(|(_, t)| !MEETING_TYPES.contains(&t));
    if (fields >= 2 || timed_title) && !other_title {
        let mut evidence = s.evidence;
        evidence.push(format!(
            "a meeting: {fields} meeting fields in the header{}",
            if timed_title {
                ", a date and time in the title"
            } else {
                ""
            }
        ));
        let t = match title_type.map(|(_, t)| t) {
            Some(t) => t,
            None if decisions => "besluitenlijst",
            None if s.points.get("notulen").copied().unwrap_or(0) > 0 => "notulen",
            None => "agenda",
        };
        if decisions {
            evidence.push("decisions under its items".to_string());
        }
        return (Some(t.to_string()), evidence);
    }
    let mut ranked: Vec<(&String, &u32)> = s.points.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let Some(&(best, &points)) = ranked.first() else {
        return (None, s.evidence);
    };
    let second = ranked.get(1).map_or(0, |r| *r.1);
    let decides = s.decides(best);
    let mut evidence = s.evidence;
    evidence.push(format!("{points} points; runner-up {second}"));
    // Cue words in the body speak of other documents as often as of this
    // one ("in de begroting 2024"): they weigh, but never decide alone.
    let decided = points >= MIN_POINTS && points > second && decides;
    (decided.then(|| best.clone()), evidence)
}
