//! The entity vocabulary: every dictionary and regex the entity extractor
//! uses, compiled once per run from [`dict::Sources`] and shared read-only.
//!
//! Dictionaries (see `docs/dictionaries.md`): `organisations.tsv` and
//! `generic_actors.tsv` become one case-folded aho-corasick automaton plus a
//! case-sensitive one for short acronyms; `status.tsv` is inflected into a
//! cue automaton; `municipalities.tsv` and `taakvelden.tsv` become folded
//! automata; `lexicon.tsv` gives word classes; `references.tsv` and
//! `months.tsv` feed regexes. All automata use `MatchKind::LeftmostLongest`.

use super::fold::fold_key;
use super::inflect::{verb_forms, Form};
use crate::dict::{self, Row, Sources};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use std::collections::{BTreeMap, HashMap};

/// FNV-1a: the lexicon is looked up for every word, and its keys are short
/// and not attacker-chosen, so a cheap hash beats SipHash here.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// Word classes from `lexicon.tsv`: role → folded term → value.
#[derive(Debug, Default)]
pub struct Lexicon {
    roles: FnvMap<String, FnvMap<String, String>>,
    sorted: HashMap<String, Vec<String>>,
}

impl Lexicon {
    /// Whether the folded `term` has `role`.
    pub fn has(&self, role: &str, term: &str) -> bool {
        self.roles.get(role).is_some_and(|m| m.contains_key(term))
    }

    /// The value column of `term` in `role`.
    pub fn value(&self, role: &str, term: &str) -> Option<&str> {
        self.roles
            .get(role)
            .and_then(|m| m.get(term))
            .map(String::as_str)
    }

    /// All terms of a role, longest first, without allocating.
    pub fn terms_ref(&self, role: &str) -> &[String] {
        self.sorted.get(role).map(Vec::as_slice).unwrap_or(&[])
    }

    /// All terms of a role, longest first (for regex alternations).
    pub fn terms(&self, role: &str) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .roles
            .get(role)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        v
    }
}

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

/// A status cue: a generated verb form or a fixed phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusCue {
    /// Class of the completed reading.
    pub class: String,
    /// How the form reads.
    pub form: Form,
    /// Separable prefix that must follow in the clause.
    pub split_prefix: Option<String>,
}

/// An automaton and, per pattern, what it stands for.
#[derive(Debug)]
pub struct Dict<T> {
    /// The automaton.
    pub ac: AhoCorasick,
    /// Pattern id → entries (several when spellings collide).
    pub entries: Vec<Vec<T>>,
}

impl<T> Dict<T> {
    fn build(
        file: &str,
        items: BTreeMap<String, Vec<T>>,
        ascii_case_insensitive: bool,
    ) -> Result<Dict<T>, dict::Error> {
        let (keys, entries): (Vec<String>, Vec<Vec<T>>) = items.into_iter().unzip();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(ascii_case_insensitive)
            .build(&keys)
            .map_err(|e| dict::Error::Row {
                file: file.into(),
                line: 0,
                field: "automaton".into(),
                reason: e.to_string(),
            })?;
        Ok(Dict { ac, entries })
    }
}

/// Regexes compiled once.
#[derive(Debug)]
pub struct Regexes {
    /// A four-digit year candidate.
    pub year: Regex,
    /// "7 november 2023", "november 2021", "eind april 2018".
    pub date_text: Regex,
    /// "10/20/2023 16:44:45", "01-02-2023".
    pub date_numeric: Regex,
    /// "2021-2022", "2022 – 2028", "2021 t/m 2023".
    pub period_range: Regex,
    /// "tweede kwartaal van 2024", "eind 2022", "rond de zomer 2022".
    pub period_part: Regex,
    /// "in de loop van 2022".
    pub period_year: Regex,
    /// "€ 1,2 miljoen", "500.000 euro per jaar".
    pub money: Regex,
    /// "11%", "22,3 %", "5 procent".
    pub percent: Regex,
    /// "ruim 20 activiteiten", "binnen vijf dagen".
    pub quantity: Regex,
    /// A table unit "x € 1.000".
    pub table_unit: Regex,
    /// A bare number (a table or budget cell).
    pub bare_number: Regex,
    /// Council document references (one group per row of references.tsv).
    pub reference: Regex,
    /// "looptijd van 2 jaar".
    pub duration: Regex,
    /// A taakveld code ("6.72", "0.10", "6.71a").
    pub taakveld_code: Regex,
}

/// Everything the entity extractor needs, built once per run.
#[derive(Debug)]
pub struct EntityVocabulary {
    /// Word classes.
    pub lexicon: Lexicon,
    /// Organisations and generic actors, case-folded.
    pub orgs: Dict<OrgEntry>,
    /// Short acronyms, case-sensitive.
    pub acronyms: Dict<OrgEntry>,
    /// Status cues, case-folded.
    pub status: Dict<StatusCue>,
    /// Municipalities: (CBS code, name, common word).
    pub municipalities: Dict<(String, String, bool)>,
    /// Taakvelden: (code, name).
    pub taakvelden: Dict<(String, String)>,
    /// Month names to numbers.
    pub months: HashMap<String, u32>,
    /// Generic actor terms (folded) that may introduce a name ("jeugdhulpaanbieder Youké").
    pub generic_intro: std::collections::HashSet<String>,
    /// Reference kinds, in the order of the groups of `re.reference`.
    pub reference_kinds: Vec<String>,
    /// Regexes.
    pub re: Regexes,
}

fn re(file: &str, pattern: &str) -> Result<Regex, dict::Error> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 24)
        .build()
        .map_err(|e| dict::Error::Row {
            file: file.into(),
            line: 0,
            field: "pattern".into(),
            reason: e.to_string(),
        })
}

fn need<'a>(r: &'a Row, col: &str) -> Result<&'a str, dict::Error> {
    r.required(col)
}

fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Short all-capital forms ("CJG", "ZAT", "POH GGZ") are matched case-sensitively.
fn is_acronym_form(s: &str) -> bool {
    let mut chars = s.chars();
    let two_caps = matches!((chars.next(), chars.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase());
    two_caps && s.chars().count() <= 8
}

const CLASSES: &[&str] = &[
    "achieved",
    "in_progress",
    "planned",
    "delayed",
    "not_achieved",
    "continued",
    "evaluated",
    "stopped",
];

impl EntityVocabulary {
    /// Compile every entity dictionary.
    ///
    /// # Errors
    /// A malformed row (unknown class, bad regex, missing field) names its
    /// file, line and field.
    pub fn build(src: &Sources) -> Result<EntityVocabulary, dict::Error> {
        let mut lexicon = Lexicon::default();
        for r in src.rows("lexicon.tsv") {
            let term = fold_key(need(r, "term")?);
            lexicon
                .roles
                .entry(need(r, "role")?.to_string())
                .or_default()
                .insert(term, r.get("value").to_string());
        }
        for (role, m) in &lexicon.roles {
            let mut v: Vec<String> = m.keys().cloned().collect();
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            lexicon.sorted.insert(role.clone(), v);
        }
        let (orgs, acronyms) = Self::organisations(src)?;
        let mut status: BTreeMap<String, Vec<StatusCue>> = BTreeMap::new();
        for r in src.rows("status.tsv") {
            let class = need(r, "class")?;
            if !CLASSES.contains(&class) {
                return Err(r.error(
                    "class",
                    format!("'{class}' is not one of {}", CLASSES.join(", ")),
                ));
            }
            let phrase = fold_key(need(r, "phrase")?);
            match need(r, "kind")? {
                "phrase" => status.entry(phrase).or_default().push(StatusCue {
                    class: class.into(),
                    form: Form::Phrase,
                    split_prefix: None,
                }),
                "verb" => {
                    let part = Some(fold_key(r.get("participle"))).filter(|p| !p.is_empty());
                    for f in verb_forms(&phrase, part.as_deref()) {
                        if class == "planned" && f.form != Form::Participle {
                            continue;
                        }
                        let cue = StatusCue {
                            class: class.into(),
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
        let generic_intro = src
            .rows("generic_actors.tsv")
            .iter()
            .filter(|r| r.get("category") != "bestuur" && !r.get("term").contains(' '))
            .map(|r| fold_key(r.get("term")))
            .collect();
        let mut months = HashMap::new();
        for r in src.rows("months.tsv") {
            let n = need(r, "number")?
                .parse::<u32>()
                .map_err(|e| r.error("number", e.to_string()))?;
            months.insert(fold_key(need(r, "name")?), n);
        }
        let mut reference_kinds = Vec::new();
        let mut ref_alts = Vec::new();
        for r in src.rows("references.tsv") {
            let p = need(r, "pattern")?;
            Regex::new(p).map_err(|e| r.error("pattern", e.to_string()))?;
            ref_alts.push(format!("({p})"));
            reference_kinds.push(need(r, "kind")?.to_string());
        }
        let re = Self::regexes(&lexicon, &months, &ref_alts)?;
        Ok(EntityVocabulary {
            lexicon,
            orgs,
            acronyms,
            status: Dict::build("status.tsv", status, false)?,
            municipalities: Dict::build("municipalities.tsv", municipalities, false)?,
            taakvelden: Dict::build("taakvelden.tsv", taakvelden, false)?,
            months,
            generic_intro,
            reference_kinds,
            re,
        })
    }

    /// `organisations.tsv` + `generic_actors.tsv` → (folded, acronym) automata.
    fn organisations(src: &Sources) -> Result<(Dict<OrgEntry>, Dict<OrgEntry>), dict::Error> {
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
            Dict::build("organisations.tsv", exact, false)?,
        ))
    }

    fn regexes(
        lex: &Lexicon,
        months: &HashMap<String, u32>,
        ref_alts: &[String],
    ) -> Result<Regexes, dict::Error> {
        let mut month_names: Vec<&str> = months.keys().map(String::as_str).collect();
        month_names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alt = |v: Vec<&str>| {
            v.iter()
                .map(|t| regex::escape(t).replace("\\ ", r"\s+").replace(' ', r"\s+"))
                .collect::<Vec<_>>()
                .join("|")
        };
        let months_alt = alt(month_names);
        let parts = alt(lex.terms("period_part"));
        let quant = alt(lex.terms("quantifier"));
        let numwords = alt(lex.terms("number_word"));
        let scales = alt(lex.terms("money_scale"));
        let y = r"(?:19[5-9]\d|20\d\d)";
        let num = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?";
        let f = "lexicon.tsv";
        Ok(Regexes {
            year: re(f, r"\b(?:19[5-9]\d|20\d\d)\b")?,
            date_text: re(
                f,
                &format!(
                    r"(?i)\b(?:(begin|eind|medio|half)\s+)?(?:(\d{{1,2}})\s+)?({months_alt})\.?\s+({y})\b"
                ),
            )?,
            date_numeric: re(
                f,
                &format!(
                    r"\b(\d{{1,2}})[-/.](\d{{1,2}})[-/.]({y})(?:[ T](\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?)?\b"
                ),
            )?,
            period_range: re(
                f,
                &format!(r"(?i)\b({y})\s*(?:-|–|—|/|t/m|tot\s+en\s+met|tot)\s*({y})\b"),
            )?,
            period_part: re(f, &format!(r"(?i)\b({parts})\s+(?:van\s+|in\s+)?({y})\b"))?,
            period_year: re(f, &format!(r"(?i)\bin\s+de\s+loop\s+van\s+({y})\b"))?,
            money: re(
                f,
                &format!(
                    r"(?i)(?:€\s?|\bEUR\s?)({num})(?:\s*({scales})\b)?|\b({num})(?:\s*({scales}))?\s*(?:euro|EUR)\b"
                ),
            )?,
            percent: re(f, &format!(r"(?i)\b({num})\s?(?:%|procent\b)"))?,
            quantity: re(
                f,
                &format!(
                    r"(?i)\b(?:({quant})\s+)?({num}|{numwords})\s+((?:extra|nieuwe|verschillende|eigen)\s+)?([a-zà-ÿ][a-zà-ÿ'’-]{{1,}})"
                ),
            )?,
            table_unit: re(f, r"(?i)x\s?€\s?(1\.000|1000|1\.000\.000|1 miljoen|mln)")?,
            bare_number: re(f, &format!(r"^-?(?:{num})$"))?,
            reference: re(
                "references.tsv",
                &if ref_alts.is_empty() {
                    r"[^\s\S]".to_string()
                } else {
                    format!(r"\b(?:{})\b", ref_alts.join("|"))
                },
            )?,
            duration: re(
                f,
                &format!(
                    r"(?i)\b(?:looptijd|duur|periode)\s+van\s+(?:(?:ruim|circa|ongeveer)\s+)?({num}|{numwords})\s+(jaar|jaren|maanden|maand|weken|week)\b"
                ),
            )?,
            taakveld_code: re("taakvelden.tsv", r"\b(\d\.\d{1,3}[a-d]?)\b")?,
        })
    }

    /// Whether a folded word is a generic actor that may introduce a name.
    pub fn generic_head(&self, low: &str) -> bool {
        self.generic_intro.contains(low)
    }

    /// The entity vocabulary of the built-in dictionaries (for tests).
    ///
    /// # Panics
    /// When a built-in dictionary is malformed — a bug the unit tests catch.
    #[cfg(test)]
    #[allow(clippy::expect_used)]
    pub fn builtin_for_tests() -> EntityVocabulary {
        EntityVocabulary::build(&Sources::load(None).expect("built-in dictionaries"))
            .expect("built-in entity vocabulary")
    }
}
