//! The aho-corasick automata of the entity vocabulary, and what each
//! pattern stands for.
//!
//! Input: the rows of `organisations.tsv`, `generic_actors.tsv`,
//! `status.tsv`, `municipalities.tsv` and `taakvelden.tsv`. Output: one
//! [`Dict`] per job: organisations and generic actors case-folded, short
//! acronyms case-sensitive, status cues (verbs inflected by
//! [`super::inflect`]), municipalities and taakvelden folded. All automata
//! are DFAs built once per run. The acronyms have their own
//! `MatchKind::LeftmostLongest` automaton; the four folded dictionaries
//! share one overlapping automaton ([`Merged`]) that picks the
//! leftmost-longest matches of each dictionary from all its matches, so the
//! folded text is scanned once instead of four times.

use super::class::StatusClass;
use super::fold::fold_key;
use super::inflect::{verb_forms, Form};
use super::openings::{self, Openings};
use super::overlapping;
use crate::dict::{self, Row, Sources, Workload};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, StartKind};
use std::collections::BTreeMap;

/// A named organisation or a generic actor.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgEntry {
    /// Canonical name (for generic actors: the lemma).
    pub canonical: String,
    /// `type` column (generic actors: their category).
    pub org_type: String,
    /// A generic actor, not a named organisation.
    pub generic: bool,
    /// Also an ordinary word: only counts when capitalised mid-sentence.
    pub case_sensitive: bool,
}

/// How a cue's class meets its clause's tense (`status.tsv`, `tense`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CueTense {
    /// The clause's auxiliaries decide, as for any verb.
    #[default]
    Clause,
    /// "conform planning": in progress in the present, achieved in the past.
    Follows,
    /// "is gestart": the class holds in the perfect and past too.
    Holds,
}

/// A status cue: a generated verb form or a fixed phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusCue {
    /// Class of the completed reading.
    pub class: StatusClass,
    /// How the clause's tense bears on the class (`tense` column).
    pub tense: CueTense,
    /// How the form reads.
    pub form: Form,
    /// Separable prefix that must follow in the clause.
    pub split_prefix: Option<String>,
}

/// A dictionary: its patterns and, per pattern, what it stands for.
#[derive(Debug)]
pub struct Dict<T> {
    /// Its own leftmost-longest automaton (the acronyms); `None` for the
    /// folded dictionaries, searched together by [`Merged`].
    pub ac: Option<AhoCorasick>,
    /// The first bytes of its patterns, to run `ac` only where one can
    /// start ([`openings`]).
    openings: Option<Openings>,
    /// Pattern id → pattern.
    pub keys: Vec<String>,
    /// Pattern id → entries (several when spellings collide).
    pub entries: Vec<Vec<T>>,
}

fn automaton(file: &str, keys: &[String], kind: MatchKind) -> Result<AhoCorasick, dict::Error> {
    AhoCorasickBuilder::new()
        .match_kind(kind)
        .kind(Some(AhoCorasickKind::DFA))
        .start_kind(StartKind::Both)
        .build(keys)
        .map_err(|e| dict::Error::Row {
            file: file.into(),
            line: 0,
            field: "automaton".into(),
            reason: e.to_string(),
        })
}

impl<T> Dict<T> {
    pub(super) fn build(
        file: &str,
        items: BTreeMap<String, Vec<T>>,
        own_automaton: bool,
    ) -> Result<Dict<T>, dict::Error> {
        let (keys, entries): (Vec<String>, Vec<Vec<T>>) = items.into_iter().unzip();
        let ac = own_automaton
            .then(|| automaton(file, &keys, MatchKind::LeftmostLongest))
            .transpose()?;
        let openings = Openings::of(&keys);
        Ok(Dict {
            ac,
            openings,
            keys,
            entries,
        })
    }

    /// The leftmost-longest matches of its own automaton in `hay` (none
    /// without one).
    pub fn leftmost_longest(&self, hay: &str) -> Vec<Span> {
        self.ac.as_ref().map_or_else(Vec::new, |ac| {
            openings::leftmost_longest(ac, self.openings.as_ref(), hay)
        })
    }
}

/// Several dictionaries in one automaton with standard (overlapping)
/// semantics.
#[derive(Debug)]
pub struct Merged {
    aut: Walked,
    /// The first pattern id of each dictionary, then the number of patterns.
    starts: Vec<usize>,
    /// A byte no pattern contains, where [`overlapping::each`] may cut the
    /// text (the sentence separator, `\n`).
    sep: Option<u8>,
}

/// The automaton [`overlapping::each`] walks.
#[derive(Debug)]
enum Walked {
    Dfa(aho_corasick::dfa::DFA),
    Nfa(aho_corasick::nfa::contiguous::NFA),
}

/// A match: (start, end, pattern id within its dictionary).
pub type Span = (usize, usize, usize);

impl Merged {
    /// One automaton over the patterns of `dicts`, in order: a DFA for a
    /// large workload, a contiguous NFA (quicker to build) for a small one.
    pub(super) fn build(dicts: &[&[String]], workload: Workload) -> Result<Merged, dict::Error> {
        let mut starts = vec![0];
        let mut keys: Vec<&str> = Vec::new();
        for d in dicts {
            keys.extend(d.iter().map(String::as_str));
            starts.push(keys.len());
        }
        let error = |e: aho_corasick::BuildError| dict::Error::Row {
            file: "organisations.tsv, status.tsv, municipalities.tsv, taakvelden.tsv".into(),
            line: 0,
            field: "automaton".into(),
            reason: e.to_string(),
        };
        // No prefilter: the walks step through every byte anyway.
        let aut = match workload {
            Workload::Large => Walked::Dfa(
                aho_corasick::dfa::Builder::new()
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(&keys)
                    .map_err(error)?,
            ),
            Workload::Small => Walked::Nfa(
                aho_corasick::nfa::contiguous::Builder::new()
                    .match_kind(MatchKind::Standard)
                    .prefilter(false)
                    .build(&keys)
                    .map_err(error)?,
            ),
        };
        let sep = Some(b'\n').filter(|&b| keys.iter().all(|k| !k.as_bytes().contains(&b)));
        Ok(Merged { aut, starts, sep })
    }

    /// Per dictionary, the matches a leftmost-longest search of that
    /// dictionary alone finds in `hay`, in order: from all (overlapping)
    /// matches, repeatedly the one starting first at or after the end of the
    /// previous one, the longest of those starting there.
    pub fn leftmost_longest(&self, hay: &str) -> Vec<Vec<Span>> {
        let n = self.starts.len().saturating_sub(1);
        let mut all: Vec<Vec<Span>> = vec![Vec::new(); n];
        let found = |start: usize, end: usize, p: usize| {
            let d = self.starts.partition_point(|&s| s <= p).saturating_sub(1);
            let base = self.starts.get(d).copied().unwrap_or(0);
            if let Some(v) = all.get_mut(d) {
                v.push((start, end, p - base));
            }
        };
        // Neither automaton is built to fail an unanchored search.
        let _ = match &self.aut {
            Walked::Dfa(a) => overlapping::each(a, hay.as_bytes(), self.sep, found),
            Walked::Nfa(a) => overlapping::each(a, hay.as_bytes(), self.sep, found),
        };
        // Within a dictionary a (start, end) pair is one pattern, so the
        // order the walks found them in does not matter.
        for v in &mut all {
            v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let mut at = 0;
            v.retain(|&(s, e, _)| {
                let keep = s >= at;
                if keep {
                    at = e;
                }
                keep
            });
        }
        all
    }
}

pub(super) fn need<'a>(r: &'a Row, col: &str) -> Result<&'a str, dict::Error> {
    r.required(col)
}

pub(super) fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Short all-capital forms ("CJG", "ZAT", "POH GGZ") are matched case-sensitively.
fn is_acronym_form(s: &str) -> bool {
    let mut chars = s.chars();
    let two_caps = matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase());
    two_caps && s.chars().count() <= 8
}

/// `organisations.tsv` + `generic_actors.tsv` → (folded, acronym) automata.
pub(super) fn organisations(
    src: &Sources,
) -> Result<(Dict<OrgEntry>, Dict<OrgEntry>), dict::Error> {
    let mut folded: BTreeMap<String, Vec<OrgEntry>> = BTreeMap::new();
    let mut exact: BTreeMap<String, Vec<OrgEntry>> = BTreeMap::new();
    let mut add = |s: &str, e: &OrgEntry, force_exact: bool| {
        let (map, key) = if force_exact || is_acronym_form(s) {
            (&mut exact, s.trim().to_string())
        } else {
            (&mut folded, fold_key(s))
        };
        let v = map.entry(key).or_default();
        // A named organisation wins over a generic term of the same spelling.
        if v.iter().all(|x| x.canonical != e.canonical) && (v.is_empty() || !e.generic) {
            if !e.generic {
                v.retain(|x| !x.generic);
            }
            v.push(e.clone());
        }
    };
    for r in src.rows("organisations.tsv") {
        let canonical = need(r, "canonical")?;
        let e = OrgEntry {
            canonical: canonical.to_string(),
            org_type: r.get("type").to_string(),
            generic: false,
            case_sensitive: r.get("case_sensitive") == "1",
        };
        for s in std::iter::once(canonical).chain(list(r.get("aliases"))) {
            add(s, &e, false);
        }
        for s in list(r.get("abbreviations")) {
            add(s, &e, true);
        }
    }
    for r in src.rows("generic_actors.tsv") {
        let term = need(r, "term")?;
        let e = OrgEntry {
            canonical: r.get("lemma").to_string(),
            org_type: r.get("category").to_string(),
            generic: true,
            case_sensitive: false,
        };
        add(term, &e, false);
    }
    Ok((
        Dict::build("organisations.tsv", folded, false)?,
        Dict::build("organisations.tsv", exact, true)?,
    ))
}

/// `status.tsv` → cue automaton: each verb inflected into its forms.
pub(super) fn status(src: &Sources) -> Result<Dict<StatusCue>, dict::Error> {
    let mut status: BTreeMap<String, Vec<StatusCue>> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for r in src.rows("status.tsv") {
        let class: StatusClass = need(r, "class")?
            .parse()
            .map_err(|e: String| r.error("class", e))?;
        let tense = match r.get("tense") {
            "" => CueTense::Clause,
            "follows" => CueTense::Follows,
            "holds" => CueTense::Holds,
            t => return Err(r.error("tense", format!("'{t}' is not empty, 'follows' or 'holds'"))),
        };
        let phrase = fold_key(need(r, "phrase")?);
        if !seen.insert((phrase.clone(), need(r, "kind")?.to_string())) {
            return Err(r.error("phrase", format!("'{phrase}' is listed twice")));
        }
        match need(r, "kind")? {
            "phrase" => status.entry(phrase).or_default().push(StatusCue {
                class,
                tense,
                form: Form::Phrase,
                split_prefix: None,
            }),
            "verb" => {
                let part = Some(fold_key(r.get("participle"))).filter(|p| !p.is_empty());
                for f in verb_forms(&phrase, part.as_deref()) {
                    if class == StatusClass::Planned && f.form != Form::Participle {
                        continue;
                    }
                    let cue = StatusCue {
                        class,
                        tense,
                        form: f.form,
                        split_prefix: f.split_prefix,
                    };
                    let e = status.entry(f.text).or_default();
                    if !e.contains(&cue) {
                        e.push(cue);
                    }
                }
            }
            k => return Err(r.error("kind", format!("'{k}' is not 'verb' or 'phrase'"))),
        }
    }
    Dict::build("status.tsv", status, false)
}

/// `municipalities.tsv` → folded automaton of names and aliases.
pub(super) fn municipalities(src: &Sources) -> Result<Dict<(String, String, bool)>, dict::Error> {
    let mut municipalities: BTreeMap<String, Vec<(String, String, bool)>> = BTreeMap::new();
    for r in src.rows("municipalities.tsv") {
        let name = need(r, "name")?;
        let entry = (
            need(r, "cbs_code")?.to_string(),
            name.to_string(),
            r.get("common_word") == "1",
        );
        for s in std::iter::once(name).chain(list(r.get("aliases"))) {
            municipalities
                .entry(fold_key(s))
                .or_default()
                .push(entry.clone());
        }
    }
    Dict::build("municipalities.tsv", municipalities, false)
}

/// `taakvelden.tsv` → folded automaton of names and aliases.
pub(super) fn taakvelden(src: &Sources) -> Result<Dict<(String, String)>, dict::Error> {
    let mut taakvelden: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for r in src.rows("taakvelden.tsv") {
        let name = need(r, "name")?;
        let entry = (need(r, "code")?.to_string(), name.to_string());
        for s in std::iter::once(name).chain(list(r.get("aliases"))) {
            let e = taakvelden.entry(fold_key(s)).or_default();
            if !e.contains(&entry) {
                e.push(entry.clone());
            }
        }
    }
    Dict::build("taakvelden.tsv", taakvelden, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_finds_what_each_leftmost_longest_search_finds() {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = strings(&["gemeente", "gemeenteraad", "raad", "ggd", "de raad", "e"]);
        let b = strings(&["raad", "aad", "ede", "gemeente ede", "ee", "eer"]);
        for workload in [Workload::Large, Workload::Small] {
            let merged = Merged::build(&[&a, &b], workload).unwrap();
            // "\n" cuts the text into pieces walked side by side.
            let pieces = [
                "gemeente", "raad", " ", "ede", "ggd", "de", "e", "r", "aad", "\n",
            ];
            let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
            for round in 0..2_000 {
                let mut hay = String::new();
                for _ in 0..8 + round % 40 {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    hay.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                }
                let got = merged.leftmost_longest(&hay);
                for (d, keys) in [&a, &b].into_iter().enumerate() {
                    let own = automaton("test", keys, MatchKind::LeftmostLongest).unwrap();
                    let want: Vec<Span> = own
                        .find_iter(&hay)
                        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                        .collect();
                    assert_eq!(got[d], want, "{hay:?}");
                }
            }
        }
    }
}
