//! Entity extraction (issue 4): pilots, projects, partners, years, dates,
//! periods, statuses, money, percentages, quantities, taakvelden,
//! municipalities and references, each with byte offsets, section, page and
//! the whole sentence it stands in.
//!
//! Input: a [`Document`], its [`Section`]s and [`Item`]s, and an
//! [`EntityVocabulary`] compiled once per run. Output: entities sorted by
//! `(start, end, type)`. The document is split into [`sentences`]; `prepare`
//! folds them, runs the dictionary automata once per document and gives
//! each sentence its tokens (with lexicon roles) and matches, read by every
//! extractor; statuses are then
//! linked to the pilot, project, item or section they are about, and each
//! pilot gets the class of its status.

mod amounts;
mod automata;
pub mod class;
mod cues;
mod dates;
mod documents;
mod fastre;
mod fold;
mod fold_key;
mod inflect;
mod lexicon;
mod link;
mod names;
mod openings;
mod overlapping;
mod partners;
mod pilots;
mod prepare;
mod projects;
mod quotes;
mod refs;
pub mod sentences;
mod status;
mod sweep;
mod twin;
mod verb_forms;
mod verbs;
pub mod vocab;
mod words;

pub use fold::fold_key;
pub use status::{DocKind, When};
pub use vocab::EntityVocabulary;

use crate::model::EntityKind;
use crate::model::{BlockKind, Document, Entity, Item, Section};
use crate::output::budget;
use prepare::{Ctx, Prepared};
use serde_json::{Map, Value};

/// An entity found in a sentence, with offsets into the sentence text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    kind: EntityKind,
    start: usize,
    end: usize,
    canonical: Option<String>,
    value: Value,
    class: Option<class::StatusClass>,
    extra: Map<String, Value>,
    /// Where a name read on into lower-case words may have to stop
    /// ([`projects::Cut`]); empty for every other entity.
    cuts: Vec<projects::Cut>,
    /// A status's verb's own class in `status.tsv` ("geëvalueerd" in
    /// "wordt in 2022 geëvalueerd", a planned status), for its pilot.
    verb_class: Option<class::StatusClass>,
    /// How a document name relates to the document ([`documents::DocRef`]).
    doc_ref: documents::DocRef,
    /// A bare compound named only by its determiner ("het productenboek"):
    /// a short mention of a longer name of the same document is no name of
    /// its own ([`projects::drop_short_mentions`]).
    bare: bool,
    /// Where a partner candidate came from ("dictionary", "pattern" …),
    /// written as the entity's `source` only once it is kept: most
    /// candidates are dropped, and a map entry costs three allocations.
    source: Option<&'static str>,
}

impl Found {
    fn new(kind: EntityKind, start: usize, end: usize, value: Value) -> Found {
        Found {
            kind,
            start,
            end,
            canonical: None,
            value,
            class: None,
            extra: Map::new(),
            cuts: Vec::new(),
            verb_class: None,
            doc_ref: documents::DocRef::None,
            bare: false,
            source: None,
        }
    }
}

/// Keep the longest of overlapping candidates (earlier first on a tie).
pub(crate) fn keep_longest(mut cands: Vec<Found>) -> Vec<Found> {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Found> = Vec::with_capacity(cands.len());
    for c in cands {
        if !kept.iter().any(|k| k.start < c.end && c.start < k.end) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|f| (f.start, f.end));
    kept
}

/// Money context of each block: `Some(multiplier)` where a bare number is an
/// amount (a table with "x € 1.000", or a block under a budget heading).
fn money_context(doc: &Document, vocab: &EntityVocabulary) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(doc.blocks.len());
    let mut heading_ctx: Option<f64> = None;
    let mut since_heading = 0usize;
    for b in &doc.blocks {
        let text = doc.block_text(b);
        // The same scale the table's figures get ("x € 1.000", "€ '000"),
        // read where it is used: a heading's or a table's.
        let unit = || crate::extract::grid::scale_of(text).map(|s| s.1);
        match b.kind {
            BlockKind::Heading => {
                let low = fold::fold_key(text);
                let money = vocab
                    .lexicon
                    .terms_ref("money_context")
                    .iter()
                    .any(|t| low.split(|c: char| !c.is_alphanumeric()).any(|w| w == t));
                heading_ctx = money.then(|| unit().unwrap_or(1.0));
                since_heading = 0;
                out.push(None);
            }
            BlockKind::Table => out.push(unit().or(heading_ctx)),
            _ => {
                since_heading += 1;
                out.push(if since_heading <= 12 {
                    heading_ctx
                } else {
                    None
                });
            }
        }
    }
    out
}

/// Extract the entities of a document.
///
/// `sections` and `items` may be empty; they only decide `section` and the
/// `subject` of statuses.
///
/// # Example
/// ```
/// use beleidsmijn::{dict::{Sources, Vocabulary}, ingest, model::{EntityKind, Format}};
/// use beleidsmijn::extract::entities::{extract, EntityVocabulary};
/// let sources = Sources::load(None).unwrap();
/// let ev = EntityVocabulary::build(&sources).unwrap();
/// let vocab = Vocabulary::build(sources).unwrap();
/// let doc = ingest::ingest("In 2021 is de pilot Buitenshuisproject geëvalueerd.".as_bytes(), Format::Text, &vocab).unwrap();
/// let ents = extract(&doc, &[], &[], &ev);
/// assert!(ents.iter().any(|e| e.kind == EntityKind::Pilot && e.canonical.as_deref() == Some("Buitenshuisproject")));
/// assert!(ents.iter().any(|e| e.kind == EntityKind::Year && e.value == 2021));
/// ```
pub fn extract(
    doc: &Document,
    sections: &[Section],
    items: &[Item],
    vocab: &EntityVocabulary,
) -> Vec<Entity> {
    extract_with(doc, sections, items, vocab, When::default())
}

/// [`extract`] with the document's own time: the year and kind its facts
/// give (the year it reports on, plans or was written in), which decide
/// the tense of its statuses. Without a year, the year the text names most
/// is the reference.
pub fn extract_with(
    doc: &Document,
    sections: &[Section],
    items: &[Item],
    vocab: &EntityVocabulary,
    when: When,
) -> Vec<Entity> {
    extract_bounded(doc, sections, items, vocab, when, u64::MAX, 1).0
}

/// [`extract_with`] within an output budget of `max_output` bytes: the
/// entities in text order until a lower bound of their JSON size
/// ([`crate::output::budget::entity_floor`]) passes it, and how many were
/// left out. The record leaves out at least those anyway; this only keeps
/// them from being built (200,000 dates took 1.8 GB). With `threads` > 1,
/// a large document's sentences are read on two threads
/// ([`sweep`]); the entities are the same.
pub fn extract_bounded(
    doc: &Document,
    sections: &[Section],
    items: &[Item],
    vocab: &EntityVocabulary,
    when: When,
    max_output: u64,
    threads: usize,
) -> (Vec<Entity>, usize) {
    use crate::timing::phase;
    let sents = phase("entities: sentences", || sentences::split(doc, vocab));
    let when = When {
        year: when
            .year
            .or_else(|| dates::reference_year(&doc.text, vocab)),
        ..when
    };
    let money = money_context(doc, vocab);
    let prep = phase("entities: prepare", || Prepared::new(&sents, vocab));
    let mut found = phase("entities: sentences' finds", || {
        sweep::sweep(doc, &sents, &prep, vocab, when, &money, threads)
    });
    projects::cut_unattested(&mut found);
    projects::drop_short_mentions(&mut found, &sents);
    pilots::name_by_heading(&mut found, &sents, sections);
    documents::drop_self_references(&mut found, &sents);
    let suffixes = vocab.lexicon.terms_of(vocab.roles.project_suffix);
    let words = link::Words {
        suffixes,
        preparation: vocab.lexicon.terms_ref("preparation"),
        start: vocab.lexicon.terms_ref("start"),
        adjectives: vocab.lexicon.terms_of(vocab.roles.project_adjective),
    };
    phase("entities: link", || {
        link::link(&mut found, &sents, &prep, doc, &words)
    });
    // Sort and deduplicate (start, end, type) keys first, then build only
    // the entities kept: the same order and the same first of each run of
    // equal keys as sorting (stably) and deduplicating the entities, without
    // moving them.
    let mut keys: Vec<(usize, usize, EntityKind, usize)> = Vec::with_capacity(found.len());
    keys.extend(found.iter().enumerate().filter_map(|(k, (si, f))| {
        let s = sents.get(*si)?;
        let start = s.to_doc(f.start);
        let end = s.to_doc_end(f.end).max(start);
        doc.text.get(start..end)?;
        Some((start, end, f.kind, k))
    }));
    keys.sort_by_key(|a| (a.0, a.1, a.2));
    keys.dedup_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2));
    let mut slots: Vec<Option<(usize, Found)>> = found.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(keys.len());
    let mut floor: u64 = 0;
    let total = keys.len();
    let index = crate::segment::SectionIndex::new(sections, |s| s.end);
    let section_at = |at: usize| {
        index
            .at(at)
            .and_then(|k| sections.get(k))
            .map(|s| s.id.clone())
    };
    let mut build = |(start, end, _, k): (usize, usize, EntityKind, usize)| {
        let (si, f) = slots.get_mut(k)?.take()?;
        let s = sents.get(si)?;
        let mut extra = f.extra;
        if let Some(src) = f.source {
            extra.insert("source".into(), Value::String(src.to_string()));
        }
        // A figure in a table says what it is by its row.
        // (A row of one cell, the continuation of a cell, says nothing more.)
        if let Some(row) = s
            .row
            .and_then(|r| doc.text.get(r.start..r.end))
            .filter(|r| r.contains('\t'))
        {
            extra.insert("row".into(), Value::String(row.to_string()));
        }
        if f.kind == EntityKind::Status && !extra.contains_key("subject") {
            if let Some(id) = item_at(items, start).or_else(|| section_at(start)) {
                extra.insert("subject".into(), Value::String(id));
            }
        }
        Some(Entity {
            kind: f.kind,
            text: doc.text.get(start..end)?.to_string(),
            canonical: f.canonical,
            value: f.value,
            class: f.class,
            section: section_at(start),
            start,
            end,
            page: doc.page_at(start),
            sentence: s.text.clone(),
            extra,
        })
    };
    for (i, key) in keys.into_iter().enumerate() {
        let Some(e) = build(key) else { continue };
        let row = e.extra.get("row").and_then(Value::as_str);
        floor = floor.saturating_add(budget::entity_floor(&e.text, &e.sentence, row) as u64);
        if floor > max_output {
            // This one and every one after it.
            return (out, total - i);
        }
        out.push(e);
    }
    (out, 0)
}

/// The (first) year of a date or period value ("2024-03-01", `{start: 2024}`).
fn year_of(v: &Value) -> Option<i32> {
    // An open period ("tot 2027") has its year at the end.
    let v = v
        .get("start")
        .filter(|s| !s.is_null())
        .or_else(|| v.get("end"))
        .unwrap_or(v);
    match v {
        Value::Number(n) => n.as_i64().and_then(|y| i32::try_from(y).ok()),
        Value::String(s) => s.get(..4)?.parse().ok(),
        _ => None,
    }
}

/// The item whose goal or status cell contains `at`.
fn item_at(items: &[Item], at: usize) -> Option<String> {
    items
        .iter()
        .find(|i| {
            i.goal_spans
                .iter()
                .chain(i.status_spans.iter())
                .any(|sp| sp.start <= at && at < sp.end)
        })
        .map(|i| i.id.clone())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::dict::{Sources, Vocabulary};
    use crate::model::Format;

    /// The text of the seeds (`fixtures/seeds/*.txt` in name order), one
    /// after another, `times` times: a document long enough to be shared
    /// by two threads.
    #[allow(clippy::unwrap_used)]
    pub fn seeds_repeated(times: usize) -> String {
        let mut seeds: Vec<_> = std::fs::read_dir("fixtures/seeds")
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        seeds.sort();
        let mut text = String::new();
        for _ in 0..times {
            for p in &seeds {
                text.push_str(&std::fs::read_to_string(p).unwrap());
                text.push_str("\n\n");
            }
        }
        text
    }

    /// Entities of a one-paragraph text.
    #[allow(clippy::unwrap_used)]
    pub fn entities_in(text: &str) -> Vec<Entity> {
        let sources = Sources::load(None).unwrap();
        let ev = EntityVocabulary::build(&sources).unwrap();
        let vocab = Vocabulary::build(sources).unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        let ents = extract(&doc, &[], &[], &ev);
        for e in &ents {
            assert_eq!(&doc.text[e.start..e.end], e.text);
        }
        ents
    }

    /// (type, text, value) of every entity of a text.
    pub fn found_in(text: &str) -> Vec<(EntityKind, String, Value)> {
        entities_in(text)
            .into_iter()
            .map(|e| (e.kind, e.text, e.value))
            .collect()
    }

    /// The text of every entity of type `kind` in a text.
    pub fn texts_of(kind: &str, text: &str) -> Vec<String> {
        found_in(text)
            .into_iter()
            .filter(|(k, _, _)| k.as_str() == kind)
            .map(|(_, t, _)| t)
            .collect()
    }
}
