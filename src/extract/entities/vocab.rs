//! The entity vocabulary: every dictionary and regex the entity extractor
//! uses, compiled once per run from [`dict::Sources`] and shared read-only.
//!
//! Dictionaries (see `docs/dictionaries.md`): `organisations.tsv` and
//! `generic_actors.tsv` become one case-folded aho-corasick automaton plus a
//! case-sensitive one for short acronyms; `status.tsv` is inflected into a
//! cue automaton; `municipalities.tsv` and `taakvelden.tsv` become folded
//! automata; `lexicon.tsv` gives word classes; `references.tsv` and
//! `months.tsv` feed regexes. All automata use `MatchKind::LeftmostLongest`.

use super::automata::{self, need};
pub use super::automata::{CueTense, Dict, Merged, OrgEntry, StatusCue};
use super::fastre;
pub use super::fastre::FastRe;
use super::fold::fold_key;
pub use super::lexicon::{Lexicon, Roles};
pub use super::verbs::Verbs;
pub use super::words::{Phrases, WordTable};
use crate::dict::{self, Sources, Workload};
use crate::lazy_regex::LazyRegex;
use crate::timing::phase;
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;
/// Regexes compiled once.
#[derive(Debug)]
pub struct Regexes {
    /// A four-digit year candidate.
    pub year: FastRe,
    /// "7 november 2023", "november 2021", "eind april 2018".
    pub date_text: FastRe,
    /// "10/20/2023 16:44:45", "01-02-2023".
    pub date_numeric: FastRe,
    /// "2021-2022", "2022 – 2028", "2021 t/m 2023".
    pub period_range: FastRe,
    /// "tweede kwartaal van 2024", "eind 2022", "rond de zomer 2022".
    pub period_part: FastRe,
    /// "in de loop van 2022".
    pub period_year: FastRe,
    /// A month with its day and year when written: "15 juli 2021",
    /// "28 mrt 23", "juli", "14 dec". Ranges and yearless dates are built
    /// from these.
    pub month_mention: FastRe,
    /// "de periode 1578-1795": a span of years before 1950, only after
    /// "periode".
    pub period_historic: FastRe,
    /// "2023-01-05": an ISO date.
    pub date_iso: FastRe,
    /// "2023-24", "2019/20": a span of years with a two-digit end.
    pub period_short: FastRe,
    /// "2 t/m 6 oktober 2023": a range of days in one month.
    pub day_range: FastRe,
    /// "tot 2027", "t/m 2025": a period open at its start.
    pub period_open: FastRe,
    /// "€ 1,2 miljoen", "500.000 euro per jaar".
    pub money: FastRe,
    /// "11%", "22,3 %", "5 procent".
    pub percent: FastRe,
    /// "ruim 20 activiteiten", "binnen vijf dagen", "1,3 miljoen scans",
    /// "1.600 m2".
    pub quantity: FastRe,
    /// A bare number (a table or budget cell; compiled on first use, as
    /// are the other two).
    pub bare_number: LazyRegex,
    /// Council document references (one group per row of references.tsv).
    pub reference: FastRe,
    /// "looptijd van 2 jaar".
    pub duration: FastRe,
    /// A taakveld code ("6.72", "0.10", "6.71a").
    pub taakveld_code: LazyRegex,
}

/// Everything the entity extractor needs, built once per run.
#[derive(Debug)]
pub struct EntityVocabulary {
    /// Word classes.
    pub lexicon: Lexicon,
    /// The role bits tested per token.
    pub roles: Roles,
    /// Organisations and generic actors, case-folded.
    pub orgs: Dict<OrgEntry>,
    /// Short acronyms, case-sensitive.
    pub acronyms: Dict<OrgEntry>,
    /// Status cues, case-folded.
    pub status: Dict<StatusCue>,
    /// The lexicon roles and verb readings of a word in one look-up, and
    /// the verb forms of any verb (`verbs.tsv`, [`WordTable::verbs`]).
    pub words: WordTable,
    /// Municipalities: (CBS code, name, common word).
    pub municipalities: Dict<(String, String, bool)>,
    /// Taakvelden: (code, name).
    pub taakvelden: Dict<(String, String)>,
    /// `orgs`, `status`, `municipalities` and `taakvelden` in one automaton.
    pub folded: Merged,
    /// Month names to numbers.
    pub months: HashMap<String, u32>,
    /// Generic actor terms (folded) that may introduce a name ("jeugdhulpaanbieder Youké").
    pub generic_intro: std::collections::HashSet<String>,
    /// Reference kinds, in the order of the groups of `re.reference`.
    pub reference_kinds: Vec<String>,
    /// The `org_intro` terms of several words ("gemeenschappelijke
    /// regeling"), each split into its folded words: roles are looked up
    /// per token, so these are matched word by word.
    pub org_intro_phrases: Phrases,
    /// The `project_cue` phrases, split into folded words: what follows
    /// them with an article names a project ("in het kader van de aanpak
    /// woonoverlast").
    pub project_cue_phrases: Phrases,
    /// The `future_time` phrases ("komend jaar", "na de zomer"), split
    /// into folded words.
    pub future_phrases: Phrases,
    /// The `partial` phrases ("voor een deel"), split into folded words.
    pub partial_phrases: Phrases,
    /// Organisation heads that make a one-word compound a name by itself
    /// (`org_head_suffix` rows with value `single`: Athenaeum**bibliotheek**).
    pub single_org_heads: Vec<String>,
    /// The `project_doc` terms, each with whether it counts only as the end
    /// of a longer word (value `compound`).
    pub project_docs: Vec<(String, bool)>,
    /// Regexes.
    pub re: Regexes,
}

/// A regex with its ASCII-boundary twins ([`FastRe`]), compiled on first
/// use. With `eager` (user dictionaries) the regex as written is compiled
/// now, so a bad dictionary still stops the run before the first document;
/// the built-in dictionaries' regexes are checked by the tests.
fn fast(file: &str, pattern: &str, eager: bool) -> Result<FastRe, dict::Error> {
    let unicode = eager
        .then(|| crate::meta_regex::one(pattern))
        .transpose()
        .map_err(|reason| error(file, reason))?;
    Ok(FastRe::new(pattern, unicode, |p| {
        crate::meta_regex::one(p).ok()
    }))
}

fn error(file: &str, reason: String) -> dict::Error {
    dict::Error::Row {
        file: file.into(),
        line: 0,
        field: "pattern".into(),
        reason,
    }
}

fn big(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(crate::meta_regex::SIZE_LIMIT)
        .build()
}

/// [`big`] on first use ([`LazyRegex`]), or now when `eager`.
fn lazy(file: &str, pattern: String, eager: bool) -> Result<LazyRegex, dict::Error> {
    LazyRegex::when(eager, pattern, big).map_err(|e| error(file, e.to_string()))
}

/// The automata of the entity vocabulary: organisations, status cues,
/// municipalities and taakvelden, and all of them merged.
struct Automata {
    orgs: Dict<OrgEntry>,
    acronyms: Dict<OrgEntry>,
    status: Dict<StatusCue>,
    municipalities: Dict<(String, String, bool)>,
    taakvelden: Dict<(String, String)>,
    folded: Merged,
}

impl Automata {
    fn build(src: &Sources, workload: Workload) -> Result<Automata, dict::Error> {
        let (orgs, acronyms) = phase("ev organisations", || automata::organisations(src))?;
        let status = phase("ev status", || automata::status(src))?;
        let municipalities = phase("ev municipalities", || automata::municipalities(src))?;
        let taakvelden = phase("ev taakvelden", || automata::taakvelden(src))?;
        let folded = phase("ev merged", || {
            Merged::build(
                &[
                    &orgs.keys,
                    &status.keys,
                    &municipalities.keys,
                    &taakvelden.keys,
                ],
                workload,
            )
        })?;
        Ok(Automata {
            orgs,
            acronyms,
            status,
            municipalities,
            taakvelden,
            folded,
        })
    }
}

/// The word side of the entity vocabulary: the lexicon and the verbs, the
/// table that answers both per token, and the regexes of dates, periods
/// and amounts.
struct WordClasses {
    lexicon: Lexicon,
    roles: Roles,
    words: WordTable,
    months: HashMap<String, u32>,
    generic_intro: std::collections::HashSet<String>,
    reference_kinds: Vec<String>,
    /// Organisation intros, project cues, future times, partial statuses.
    phrases: [Phrases; 4],
    re: Regexes,
}

impl WordClasses {
    fn build(src: &Sources) -> Result<WordClasses, dict::Error> {
        let mut lexicon = Lexicon::default();
        for r in src.rows("lexicon.tsv") {
            let term = fold_key(need(r, "term")?);
            lexicon
                .insert(need(r, "role")?, term, r.get("value").to_string())
                .map_err(|e| match e {
                    dict::Error::Row { reason, .. } => r.error("role", reason),
                    e => e,
                })?;
        }
        let generic_intro: std::collections::HashSet<String> = src
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
        let eager = src.has_overrides();
        for r in src.rows("references.tsv") {
            let p = need(r, "pattern")?;
            // A user's row compiles now, to name it if it is bad; the
            // bundled ones are tested.
            if eager {
                Regex::new(p).map_err(|e| r.error("pattern", e.to_string()))?;
            }
            ref_alts.push(format!("({p})"));
            reference_kinds.push(need(r, "kind")?.to_string());
        }
        lexicon.mark_phrase_ends()?;
        lexicon.add_classes(
            months.keys().map(String::as_str),
            generic_intro.iter().map(String::as_str),
        )?;
        lexicon.finish();
        let roles = Roles::of(&lexicon);
        let re = phase("ev regexes", || {
            EntityVocabulary::regexes(&lexicon, &months, &ref_alts, eager)
        })?;
        let verbs = phase("ev verbs", || Verbs::build(src))?;
        let phrases = [
            Phrases::of(lexicon.terms_of(roles.org_intro), 1),
            Phrases::of(lexicon.terms_ref("project_cue"), 2),
            Phrases::of(lexicon.terms_ref("future_time"), 4),
            Phrases::of(lexicon.terms_ref("partial"), 8),
        ];
        let words = phase("ev words", || {
            WordTable::build(&lexicon, verbs, &phrases.iter().collect::<Vec<_>>())
        });
        Ok(WordClasses {
            lexicon,
            roles,
            words,
            months,
            generic_intro,
            reference_kinds,
            phrases,
            re,
        })
    }
}

impl EntityVocabulary {
    /// The words that name an amount: a heading's money words
    /// (`money_context`) and the rows of amounts a table of measures
    /// leaves out (`money_row`: "Eigen vermogen", "Totaal"), folded.
    pub fn money_words(&self) -> Vec<&str> {
        let mut words = self.lexicon.terms("money_context");
        words.extend(self.lexicon.terms("money_row"));
        words
    }

    /// Whether `word` reads as a finite verb or a past participle ("is",
    /// "zal", "geïnformeerd", "verstrekten"): what a cell that says
    /// something has and a cell that names something lacks.
    pub fn finite_or_participle(&self, word: &str) -> bool {
        use super::verbs::Reading;
        let r = self.words.verbs().reading(&fold_key(word));
        r.has(Reading::PRESENT) || r.has(Reading::PAST) || r.has(Reading::PARTICIPLE)
    }

    /// Compile every entity dictionary.
    ///
    /// # Errors
    /// A malformed row (unknown class, bad regex, missing field) names its
    /// file, line and field.
    pub fn build(src: &Sources) -> Result<EntityVocabulary, dict::Error> {
        EntityVocabulary::build_for(src, Workload::Large)
    }

    /// [`EntityVocabulary::build`] with automata chosen for `workload`
    /// (the same matches either way).
    ///
    /// # Errors
    /// As [`EntityVocabulary::build`].
    pub fn build_for(src: &Sources, workload: Workload) -> Result<EntityVocabulary, dict::Error> {
        // The automata and the word classes use nothing of each other: they
        // are built on two threads (at start-up on one small file, the
        // other cores are idle by then).
        let (words, automata) = std::thread::scope(|s| {
            let automata = s.spawn(|| Automata::build(src, workload));
            let words = WordClasses::build(src);
            let automata = crate::threads::join(automata);
            (words, automata)
        });
        let WordClasses {
            lexicon,
            roles,
            words,
            months,
            generic_intro,
            reference_kinds,
            phrases: [org_intro_phrases, project_cue_phrases, future_phrases, partial_phrases],
            re,
        } = words?;
        let Automata {
            orgs,
            acronyms,
            status,
            municipalities,
            taakvelden,
            folded,
        } = automata?;
        let single_org_heads = lexicon
            .terms_of(roles.org_head_suffix)
            .iter()
            .filter(|t| lexicon.value("org_head_suffix", t) == Some("single"))
            .cloned()
            .collect();
        let project_docs = lexicon
            .terms_ref("project_doc")
            .iter()
            .map(|t| {
                (
                    t.clone(),
                    lexicon.value("project_doc", t) == Some("compound"),
                )
            })
            .collect();
        Ok(EntityVocabulary {
            single_org_heads,
            project_docs,
            lexicon,
            orgs,
            acronyms,
            roles,
            status,
            words,
            municipalities,
            taakvelden,
            folded,
            months,
            generic_intro,
            reference_kinds,
            org_intro_phrases,
            project_cue_phrases,
            future_phrases,
            partial_phrases,
            re,
        })
    }

    fn regexes(
        lex: &Lexicon,
        months: &HashMap<String, u32>,
        ref_alts: &[String],
        eager: bool,
    ) -> Result<Regexes, dict::Error> {
        let fast = |file: &str, pattern: &str| fast(file, pattern, eager);
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
        // A count's scale is a word ("1,3 miljoen scans"): a letter ("k")
        // scales only an amount it is written against ("€ 250k").
        let word_scales = alt(lex
            .terms("money_scale")
            .into_iter()
            .filter(|t| t.chars().count() > 1)
            .collect());
        let y = r"(?:19[5-9][0-9]|20[0-9][0-9])";
        let num = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?";
        let f = "lexicon.tsv";
        Ok(Regexes {
            year: fast(f, r"\b(?:19[5-9][0-9]|20[0-9][0-9])\b")?,
            date_text: fast(
                f,
                &format!(
                    r"(?i)\b(?:(begin|eind|medio|half)\s+)?(?:([0-9]{{1,2}})\s+)?({months_alt})\.?\s+({y})\b"
                ),
            )?,
            date_numeric: fast(
                f,
                &format!(
                    r"\b([0-9]{{1,2}})[-/.]([0-9]{{1,2}})[-/.]({y})(?:[ T]([0-9]{{1,2}}):([0-9]{{2}})(?::([0-9]{{2}}))?)?\b"
                ),
            )?,
            period_range: fast(
                f,
                &format!(r"(?i)\b({y})\s*(?:-|–|—|/|t/m|tot\s+en\s+met|tot)\s*({y})\b"),
            )?,
            period_part: fast(
                f,
                &format!(r"(?i)\b({parts})(?:\s+|\s*-\s*)(?:van\s+|in\s+)?({y})\b"),
            )?,
            date_iso: fast(f, &format!(r"\b({y})-([0-9][0-9])-([0-9][0-9])\b"))?,
            period_short: fast(f, &format!(r"\b({y})\s*(?:-|–|/)\s*'?([0-9][0-9])\b"))?,
            day_range: fast(
                f,
                &format!(
                    r"(?i)\b([0-9]{{1,2}})\s*(?:-|–|t/m|tot\s+en\s+met|tot)\s*([0-9]{{1,2}})\s+({months_alt})\.?(?:\s+({y}))?\b"
                ),
            )?,
            period_year: fast(f, &format!(r"(?i)\bin\s+de\s+loop\s+van\s+({y})\b"))?,
            month_mention: fast(
                f,
                &format!(
                    r"(?i)\b(?:([0-9]{{1,2}})\s+)?({months_alt})\.?(?:\s+(?:({y})|'?([0-9][0-9])))?\b"
                ),
            )?,
            period_historic: fast(
                f,
                r"(?i)\bperiode\s+(?:van\s+)?(1[0-9][0-9][0-9])\s*(?:-|–|—|t/m|tot\s+en\s+met|tot)\s*(1[0-9][0-9][0-9]|20[0-9][0-9])\b",
            )?,
            period_open: fast(f, &format!(r"(?i)\b(tot\s+en\s+met|t/m|tot)\s+({y})\b"))?,
            money: fast(
                f,
                &format!(
                    r"(?i)(?:€\s?|\bEUR\s?)({num})(?:\s*({scales})\b)?|\b({num})(?:\s*({scales}))?\s*(?:euro|EUR)\b"
                ),
            )?,
            percent: fast(f, &format!(r"(?i)\b({num})\s?(?:%|procent\b)"))?,
            quantity: fast(
                f,
                &format!(
                    r"(?i)\b(?:({quant})\s+)?({num}|{numwords})\s+(?:({word_scales})\s+)?((?:extra|nieuwe|verschillende|eigen)\s+)?([a-zà-ÿ][a-zà-ÿ'’-]{{1,}}|[kcd]?m[23²³]\b)"
                ),
            )?,
            bare_number: lazy(f, format!(r"^-?(?:{num})$"), eager)?,
            reference: fast(
                "references.tsv",
                &if ref_alts.is_empty() {
                    r"[^\s\S]".to_string()
                } else {
                    format!(r"\b(?:{})\b", ref_alts.join("|"))
                },
            )?,
            duration: fast(
                f,
                &format!(
                    r"(?i)\b(?:looptijd|duur|periode)\s+van\s+(?:(?:ruim|circa|ongeveer)\s+)?({num}|{numwords})\s+(jaar|jaren|maanden|maand|weken|week)\b"
                ),
            )?,
            taakveld_code: lazy(
                "taakvelden.tsv",
                r"\b([0-9]\.[0-9]{1,3}[a-d]?)\b".into(),
                eager,
            )?,
        })
    }

    /// Compile the regexes that the sentences of nearly every document
    /// are searched with: the copies for sentences of plain ASCII, then
    /// those for sentences with Latin-1 letters, each in about the reverse
    /// order of their first use. `extract` runs this on a thread of its
    /// own while the first document is read, so that document, compiling
    /// what it needs from the other end, waits for about half of them
    /// (the records are the same either way).
    pub fn warm(&self) {
        let r = &self.re;
        let order = [
            &r.reference,
            &r.period_historic,
            &r.date_iso,
            &r.date_numeric,
            &r.period_short,
            &r.period_range,
            &r.quantity,
            &r.date_text,
            &r.period_part,
            &r.day_range,
            &r.year,
            &r.month_mention,
            &r.money,
            &r.percent,
            &r.duration,
            &r.period_open,
            &r.period_year,
        ];
        for engine in [fastre::Engine::Plain, fastre::Engine::Masked] {
            for re in order {
                re.warm(engine);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled patterns compiled on first use all compile.
    #[test]
    fn the_lazy_regexes_compile() {
        let ev = EntityVocabulary::builtin_for_tests();
        for re in [&ev.re.bare_number, &ev.re.taakveld_code] {
            assert!(!re.is_compiled(), "{}", re.source());
            assert!(re.try_get().is_some(), "{}", re.source());
        }
    }
}
