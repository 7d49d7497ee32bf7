//! The vocabularies document facts are decided with, compiled once:
//! `dictionaries/doc_types.tsv` (cue words per document type and where
//! they count) and `dictionaries/facts.tsv` (self-references, partner
//! words, issuers that are not municipalities, year labels, past-tense
//! status classes).

use super::gate::CueGate;
use crate::dict::{norm_key, Error, Sources};
use crate::lazy_regex::LazyRegex;
use regex::{Regex, RegexBuilder};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Where a document type cue counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere: the title, headings, self-references and the body.
    Any,
    /// Only in the title (first heading, PDF title, page title, running header).
    Title,
    /// A heading that starts with the cue.
    Heading,
    /// A heading that starts with the cue, naming a decision.
    Decision,
    /// Header-block field names (`chair`, `to` …), not text.
    Field,
}

/// One row of `doc_types.tsv`.
#[derive(Debug)]
pub struct Cue {
    /// The document type the cue speaks for.
    pub doc_type: String,
    /// Word-bounded, case-insensitive (compiled on first use, as are
    /// the others: a document needs the heading patterns of few cues).
    pub pattern: LazyRegex,
    /// The pattern anchored at the start of a heading.
    pub heading: LazyRegex,
    /// The pattern of [`Cue::itself`].
    itself_src: String,
    /// [`Cue::itself`], compiled on first use (`None`: it cannot compile).
    itself: OnceLock<Option<Regex>>,
    /// The cue's pattern as written.
    source: String,
    /// Whether every match of the pattern starts with a word character: a
    /// text then names itself with the cue only where the cue's pattern
    /// matches too (decided on first use).
    gated: OnceLock<bool>,
    /// Points per occurrence.
    pub weight: u32,
    /// Where it counts.
    pub scope: Scope,
}

impl Cue {
    /// The pattern after a self-reference ("deze jaarstukken"), with the
    /// year that may follow in group `year` — or `None` when it cannot
    /// match in `text`. It is compiled only for a text in which it may
    /// match: one with a self-reference and, when the cue is gated, the
    /// cue. Its 28 copies of a case-folded `\p{L}` took ~40 ms at every
    /// start-up; a small document needs one or two.
    ///
    /// `refers` is [`FactVocab::refers`] of the same text, asked once for
    /// all cues.
    pub fn itself_in(&self, text: &str, refers: bool) -> Option<&Regex> {
        if !refers || (self.gated() && !self.pattern.is_match(text)) {
            return None;
        }
        self.itself
            .get_or_init(|| build(&self.itself_src).ok())
            .as_ref()
    }

    /// Whether every match of the cue starts with a word character.
    fn gated(&self) -> bool {
        *self.gated.get_or_init(|| starts_with_word(&self.source))
    }
}

impl FactVocab {
    /// Whether `text` has a self-reference ("deze", "ons") that a cue may
    /// follow: without one, no cue's [`Cue::itself_in`] can match.
    pub fn refers(&self, text: &str) -> bool {
        self.self_ref_start
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }

    /// Per cue of [`FactVocab::cues`], whether it may match in `text`: a
    /// cue left out cannot ([`CueGate`]), and is neither compiled nor run.
    pub fn possible(&self, text: &str) -> Vec<bool> {
        self.gate().possible(text)
    }

    /// The cues that may match in `text`, in file order.
    pub fn cues_in(&self, text: &str) -> impl Iterator<Item = &Cue> {
        self.cues
            .iter()
            .zip(self.possible(text))
            .filter_map(|(c, may)| may.then_some(c))
    }

    fn gate(&self) -> &CueGate {
        self.gate
            .get_or_init(|| CueGate::new(self.cues.iter().map(|c| c.source.as_str())))
    }

    /// Make what every document's facts use: the cue gate, and the
    /// self-reference, issuer and year-label patterns
    /// ([`super::FactFinder::warm`]). The cues themselves are compiled
    /// when a text may hold one.
    pub fn warm(&self) {
        self.gate();
        for re in [
            &self.self_ref_start,
            &self.issuers,
            &self.year_label,
            &self.year_label_after,
        ]
        .into_iter()
        .flatten()
        {
            re.try_get();
        }
    }
}

/// Whether every match of `pattern` (case-insensitive) starts with a word
/// character: its prefix literals are finite, and each starts with one.
fn starts_with_word(pattern: &str) -> bool {
    crate::dict::prefix_literals(pattern).is_some_and(|lits| {
        !lits.is_empty()
            && lits.iter().all(|l| {
                String::from_utf8_lossy(l)
                    .chars()
                    .next()
                    .is_some_and(|c| c != '\u{fffd}' && regex_syntax::is_word_character(c))
            })
    })
}

/// The compiled vocabularies of document facts.
#[derive(Debug)]
pub struct FactVocab {
    /// Document type cues in file order.
    pub cues: Vec<Cue>,
    /// Words by which a document names itself ("deze", "onze"), lower-case.
    pub self_ref: Vec<String>,
    /// Where a text may name itself: a self-reference and white space, as
    /// every [`Cue::itself_in`] match starts (`None`: no self-references).
    self_ref_start: Option<LazyRegex>,
    /// Words before "gemeente X" that make X a partner, lower-case.
    pub partner_before: Vec<String>,
    /// Nouns after a municipality's adjective that make it the document's own.
    pub own_nouns: BTreeSet<String>,
    /// Bodies that are not municipalities.
    pub issuers: Option<LazyRegex>,
    /// "Realisatie 2023": label and year (group `year`).
    pub year_label: Option<LazyRegex>,
    /// "2023 in cijfers": year (group `year`) and label.
    pub year_label_after: Option<LazyRegex>,
    /// Status classes of the past tense.
    pub past_classes: BTreeSet<String>,
    /// Which cues may match a text ([`FactVocab::possible`]), built on
    /// first use.
    gate: OnceLock<CueGate>,
}

/// A year, as a regex group: 1900–2099.
pub const YEAR: &str = r"(?P<year>(?:19|20)[0-9][0-9])\b";

fn build(p: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(p)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
}

fn alternation(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| regex::escape(t).replace("\\ ", r"\s+").replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

impl FactVocab {
    /// Compile the rows of `doc_types.tsv` and `facts.tsv`.
    ///
    /// # Errors
    /// A malformed pattern, weight, scope or role, naming its row.
    pub fn build(sources: &Sources) -> Result<FactVocab, Error> {
        let mut terms: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for r in sources.rows("facts.tsv") {
            let role = r.required("role")?;
            if ![
                "self_ref",
                "partner_before",
                "own_noun",
                "issuer",
                "year_label",
                "year_label_after",
                "past_class",
            ]
            .contains(&role)
            {
                return Err(r.error("role", format!("unknown role '{role}'")));
            }
            terms
                .entry(role.to_string())
                .or_default()
                .push(norm_key(r.required("term")?));
        }
        let role = |name: &str| terms.get(name).cloned().unwrap_or_default();
        // A user's dictionary is compiled now, so a bad pattern stops the
        // run before the first document.
        let now = sources.has_overrides();
        let self_ref = role("self_ref");
        let self_alt = alternation(&self_ref);
        let mut cues = Vec::new();
        for r in sources.rows("doc_types.tsv") {
            let weight = r
                .required("weight")?
                .parse::<u32>()
                .map_err(|e| r.error("weight", e.to_string()))?;
            let scope = match r.get("scope") {
                "" | "any" => Scope::Any,
                "title" => Scope::Title,
                "heading" => Scope::Heading,
                "decision" => Scope::Decision,
                "field" => Scope::Field,
                other => return Err(r.error("scope", format!("unknown scope '{other}'"))),
            };
            let p = r.required("pattern")?;
            let err = |e: regex::Error| r.error("pattern", e.to_string());
            let pattern = LazyRegex::when(now, format!(r"\b(?:{p})\b"), build).map_err(err)?;
            let heading = LazyRegex::when(now, format!(r"^(?:{p})\b"), build).map_err(err)?;
            // No self-references known: a pattern that never matches.
            let itself_src = if self_alt.is_empty() {
                r"[^\s\S]".to_string()
            } else {
                format!(
                    r"\b(?:{self_alt})\s+(?:[\p{{L}}-]+\s+)?(?:{p})\b(?:\s+(?:voor\s+)?{YEAR})?"
                )
            };
            let itself = if now {
                OnceLock::from(Some(build(&itself_src).map_err(err)?))
            } else {
                OnceLock::new()
            };
            cues.push(Cue {
                doc_type: r.required("doc_type")?.to_string(),
                pattern,
                heading,
                itself_src,
                itself,
                source: p.to_string(),
                gated: OnceLock::new(),
                weight,
                scope,
            });
        }
        let compile =
            |name: &str, wrap: &dyn Fn(&str) -> String| -> Result<Option<LazyRegex>, Error> {
                let alt = alternation(&role(name));
                if alt.is_empty() {
                    return Ok(None);
                }
                LazyRegex::when(now, wrap(&alt), build)
                    .map(Some)
                    .map_err(|e| Error::Row {
                        file: "facts.tsv".into(),
                        line: 0,
                        field: "term".into(),
                        reason: e.to_string(),
                    })
            };
        let self_ref_start = (!self_alt.is_empty())
            .then(|| LazyRegex::when(now, format!(r"\b(?:{self_alt})\s"), build))
            .transpose()
            .map_err(|e| Error::Row {
                file: "facts.tsv".into(),
                line: 0,
                field: "term".into(),
                reason: e.to_string(),
            })?;
        Ok(FactVocab {
            cues,
            self_ref,
            self_ref_start,
            partner_before: role("partner_before"),
            own_nouns: role("own_noun").into_iter().collect(),
            issuers: compile("issuer", &|alt| format!(r"\b(?:{alt})\b"))?,
            year_label: compile("year_label", &|alt| {
                format!(r"\b(?:{alt})\s+(?:(?:19|20)[0-9][0-9]\s*[-–/]\s*)?{YEAR}")
            })?,
            year_label_after: compile("year_label_after", &|alt| {
                format!(r"\b{YEAR}\s+(?:{alt})\b")
            })?,
            past_classes: role("past_class").into_iter().collect(),
            gate: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every type a cue or a section kind can give has its row in the
    /// table of document types of docs/reading.md (issue 18; it was in the
    /// README until the README became a user's guide).
    #[test]
    fn the_docs_list_every_document_type() {
        let readme = include_str!("../../../docs/reading.md");
        let sources = Sources::load(None).unwrap();
        let types: BTreeSet<&str> = ["doc_types.tsv", "headings.tsv"]
            .iter()
            .flat_map(|f| sources.rows(f))
            .map(|r| r.get("doc_type"))
            .filter(|t| !t.is_empty())
            .collect();
        assert!(types.len() >= 15, "{types:?}");
        for t in types {
            assert!(
                readme.contains(&format!("\n| `{t}` | ")),
                "docs/reading.md: no row for {t}"
            );
        }
    }

    #[test]
    fn the_builtin_cues_compile_and_a_bad_scope_names_its_row() {
        let v = FactVocab::build(&Sources::load(None).unwrap()).unwrap();
        assert!(v.cues.iter().any(|c| c.doc_type == "bestuursrapportage"));
        let c = v.cues.iter().find(|c| c.doc_type == "begroting").unwrap();
        let text = "Met deze begroting 2022 - 2025 geven wij";
        let m = c
            .itself_in(text, v.refers(text))
            .unwrap()
            .captures(text)
            .unwrap();
        assert_eq!(&m["year"], "2022");
        assert!(c
            .itself_in("Met de begroting 2022", v.refers("Met de begroting 2022"))
            .is_none());
        assert!(c
            .itself_in("Deze jaarstukken 2022", v.refers("Deze jaarstukken 2022"))
            .is_none());
        // Every built-in cue compiles, and is gated when it starts with a word.
        for c in &v.cues {
            assert!(c.itself.get_or_init(|| build(&c.itself_src).ok()).is_some());
            assert!(c.pattern.try_get().is_some() && c.heading.try_get().is_some());
        }
        for re in [
            &v.issuers,
            &v.year_label,
            &v.year_label_after,
            &v.self_ref_start,
        ] {
            assert!(re.as_ref().and_then(LazyRegex::try_get).is_some());
        }
        assert!(v.cues.iter().all(Cue::gated), "a cue without a word start");
        assert!(!starts_with_word(r"-?jaar") && starts_with_word("(?:jaar|rapport)s?"));
        let label = v.year_label.as_ref().unwrap();
        assert_eq!(&label.captures("Acties 2023").unwrap()["year"], "2023");
        // Nothing of it was compiled before it was asked for.
        let fresh = FactVocab::build(&Sources::load(None).unwrap()).unwrap();
        assert!(fresh.cues.iter().all(|c| !c.pattern.is_compiled()));
        let rows = crate::dict::parse_tsv(
            "doc_types.tsv",
            "doc_type\tpattern\tweight\tscope\nx\ty\t1\teverywhere\n",
        )
        .unwrap();
        let mut sources = Sources::default();
        sources.insert("doc_types.tsv", rows);
        let err = FactVocab::build(&sources).unwrap_err().to_string();
        assert!(err.starts_with("doc_types.tsv:2: field 'scope'"), "{err}");
    }
}
