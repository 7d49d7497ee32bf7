//! Document facts: which municipality, what kind of document, which year.
//!
//! Each fact is decided by weighing evidence from the whole document — its
//! title and header ([`zone`]), running headers and footers, a page's or
//! PDF's own title, the headings, the way it names itself, its header
//! fields, the tense of its statuses and its dates — and the evidence is
//! kept so a reader can check it. When the evidence does not decide, the
//! fact is `null`: never a guess. How each fact is decided: [`municipality`]
//! (module docs), [`doc_type`], [`year`].

mod capitals;
mod doc_type;
mod gate;
mod municipality;
pub mod vocab;
mod year;
pub mod zone;

use crate::dict::Vocabulary;
use crate::model::{Document, Entity, Section};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use std::cell::OnceCell;
use std::collections::BTreeMap;

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

/// Why a document got its type and year: one line per piece of evidence.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct FactEvidence {
    /// Evidence for the document type, with its points.
    pub doc_type: Vec<String>,
    /// Evidence for the year, with its points.
    pub year: Vec<String>,
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
    /// The evidence for type and year.
    pub evidence: FactEvidence,
}

/// The matcher for municipality names, built once per run.
#[derive(Debug)]
pub struct FactFinder {
    automaton: AhoCorasick,
    /// Pattern index → municipality index.
    owners: Vec<usize>,
    /// (lower-cased name, municipality index) for fuzzy matching.
    fuzzy: Vec<(String, usize)>,
    /// Indexes into `fuzzy` by the name's length in bytes, ascending: a
    /// word is compared only with names one byte longer or shorter at most.
    fuzzy_by_len: Vec<Vec<usize>>,
    /// Lower-cased spelling → municipality index, for adjectives.
    by_name: BTreeMap<String, usize>,
}

impl FactFinder {
    /// Make now what the facts of nearly every document need and would
    /// otherwise make on first use: the cue gate, the self-reference,
    /// issuer and year-label patterns ([`crate::pipeline::Engine::warm`]
    /// does this beside the first document); the records are the same
    /// either way.
    pub fn warm(&self, vocab: &Vocabulary) {
        vocab.facts.warm();
    }

    /// Compile the municipality names.
    ///
    /// # Errors
    /// If the automaton cannot be built (too many patterns).
    pub fn new(vocab: &Vocabulary) -> Result<FactFinder, aho_corasick::BuildError> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        let mut fuzzy = Vec::new();
        let mut by_name = BTreeMap::new();
        for (i, m) in vocab.municipalities.iter().enumerate() {
            for s in &m.spellings {
                patterns.push(s.clone());
                owners.push(i);
                if !m.common_word && s.chars().count() >= FUZZY_MIN_CHARS && !s.contains(' ') {
                    fuzzy.push((s.to_lowercase(), i));
                }
                if !m.common_word {
                    by_name.entry(s.to_lowercase()).or_insert(i);
                }
            }
        }
        let mut fuzzy_by_len: Vec<Vec<usize>> = Vec::new();
        for (k, (name, _)) in fuzzy.iter().enumerate() {
            if fuzzy_by_len.len() <= name.len() {
                fuzzy_by_len.resize(name.len() + 1, Vec::new());
            }
            fuzzy_by_len[name.len()].push(k);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)?;
        Ok(FactFinder {
            automaton,
            owners,
            fuzzy,
            fuzzy_by_len,
            by_name,
        })
    }

    /// Decide the facts of a document from its sections, header fields and
    /// entities (the statuses' tense).
    pub fn facts(
        &self,
        doc: &Document,
        sections: &[Section],
        metadata: &BTreeMap<String, String>,
        entities: &[Entity],
        vocab: &Vocabulary,
    ) -> Facts {
        let mut facts = self.read(doc, sections, metadata, vocab).facts(entities);
        facts.municipality = self.municipality_of(doc, sections, metadata, vocab);
        facts
    }

    /// The municipality of a document. It needs no statuses, so the
    /// pipeline decides it beside them.
    pub fn municipality_of(
        &self,
        doc: &Document,
        sections: &[Section],
        metadata: &BTreeMap<String, String>,
        vocab: &Vocabulary,
    ) -> Option<MunicipalityFact> {
        // A form handled by a body that is no municipality ("Behandeld door
        // Provincie Overijssel") is that body's, whatever place its title
        // names ("Rooi bomen Raalte": where, not who).
        let handled_elsewhere = metadata.get("handled_by").is_some_and(|h| {
            vocab
                .facts
                .issuers
                .as_ref()
                .is_some_and(|re| re.is_match(h))
        });
        if handled_elsewhere {
            return None;
        }
        crate::timing::phase("facts: municipality", || {
            let zone = zone::Zone::of(doc, sections);
            self.municipality(doc, &zone, vocab)
                .or_else(|| self.chrome_municipality(doc, vocab))
        })
    }

    /// Read what a document's text says of its type and year, for
    /// [`Reading::facts`] to decide them with the statuses: once per
    /// document, however often they are decided.
    pub fn read<'a>(
        &self,
        doc: &'a Document,
        sections: &'a [Section],
        metadata: &'a BTreeMap<String, String>,
        vocab: &'a Vocabulary,
    ) -> Reading<'a> {
        use crate::timing::phase;
        let zone = zone::Zone::of(doc, sections);
        let kind = phase("facts: type", || {
            doc_type::read(doc, sections, &zone, vocab)
        });
        Reading {
            doc,
            metadata,
            vocab,
            zone,
            kind,
            year: OnceCell::new(),
        }
    }
}

/// What a document's text says of its year, read beforehand (on a spare
/// thread, beside the type) by [`FactFinder::read_year`], for
/// [`Reading::with_year`].
pub struct YearRead(year::Read);

impl FactFinder {
    /// Read the year's evidence as [`Reading::facts`] would when it needs
    /// it: the same evidence, read earlier.
    pub fn read_year(&self, doc: &Document, sections: &[Section], vocab: &Vocabulary) -> YearRead {
        let zone = zone::Zone::of(doc, sections);
        YearRead(crate::timing::phase("facts: year read", || {
            year::read(doc, &zone, vocab)
        }))
    }
}

/// What a document's text says of its facts ([`FactFinder::read`]).
pub struct Reading<'a> {
    doc: &'a Document,
    metadata: &'a BTreeMap<String, String>,
    vocab: &'a Vocabulary,
    zone: zone::Zone<'a>,
    kind: doc_type::Read<'a>,
    /// The year's evidence, read when the type is no council document's.
    year: OnceCell<year::Read>,
}

impl Reading<'_> {
    /// This reading with the year's evidence read beforehand (of the same
    /// document).
    #[must_use]
    pub fn with_year(self, read: YearRead) -> Self {
        // Unset until the first `facts`: this sets it.
        let _ = self.year.set(read.0);
        self
    }

    /// Decide the type and year with the statuses among `entities` (their
    /// tense weighs for both); the municipality is left to
    /// [`FactFinder::municipality_of`].
    pub fn facts(&self, entities: &[Entity]) -> Facts {
        let (doc, zone, vocab) = (self.doc, &self.zone, self.vocab);
        let (doc_type, type_evidence) =
            doc_type::doc_type(&self.kind, zone, self.metadata, entities, vocab);
        let (year, year_evidence) = crate::timing::phase("facts: year", || {
            year::year(
                doc,
                doc_type.as_deref(),
                zone,
                self.metadata,
                entities,
                vocab,
                || self.year.get_or_init(|| year::read(doc, zone, vocab)),
            )
        });
        Facts {
            municipality: None,
            doc_type,
            year,
            evidence: FactEvidence {
                doc_type: type_evidence,
                year: year_evidence,
            },
        }
    }
}

#[cfg(test)]
mod tests;
