//! Verb forms of any Dutch verb, from `verbs.tsv` (generated from OpenTaal's
//! lexicon by `scripts/verbs_from_opentaal.py`).
//!
//! Input: rows `verb` (infinitive, a separable prefix marked `uit|voeren`),
//! `participle`, `present` (third person singular), `past`, `past_plural`.
//! Output: a table from a folded word to the ways it reads as a verb form
//! ([`Reading`]), so the status reader can find the verb group of a clause
//! ("hebben … gemaakt", "zijn … geplaatst", "verstrekten") for verbs no
//! status cue names. A separable verb's finite forms are its simple verb's
//! (`voert … uit`), so only its participle and infinitive are its own.

use super::automata::need;
use super::verb_forms::{self, VerbRow};
use crate::dict::{self, Sources};
use crate::prebuilt;
use std::borrow::Cow;

/// How a word reads as a verb form: a set of the `PARTICIPLE`, `INFINITIVE`,
/// `PRESENT` and `PAST` bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Reading(u8);

impl Reading {
    /// Past participle (`gemaakt`, `uitgevoerd`, `geschreven`).
    pub const PARTICIPLE: Reading = Reading(verb_forms::PARTICIPLE);
    /// Infinitive, also the present plural (`maken`, `uitvoeren`).
    pub const INFINITIVE: Reading = Reading(verb_forms::INFINITIVE);
    /// Present singular (`maakt`, `loopt`).
    pub const PRESENT: Reading = Reading(verb_forms::PRESENT);
    /// Simple past (`maakte`, `verstrekten`, `trad`).
    pub const PAST: Reading = Reading(verb_forms::PAST);

    /// Whether any bit of `other` is set.
    pub fn has(self, other: Reading) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the word reads as no verb form.
    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// Its bits (four: a table line's hex digit).
    pub fn bits(self) -> u8 {
        self.0
    }

    /// Add the bits of `other`.
    pub fn add(&mut self, other: Reading) {
        self.0 |= other.0;
    }
}

/// Folded verb forms → their readings: the sorted table of
/// [`verb_forms`], one line per form (its bits as a hex digit, the form),
/// and its hash index ([`verb_forms::Index`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verbs {
    table: Cow<'static, str>,
    short: Cow<'static, [u8]>,
    long: Cow<'static, [u8]>,
}

impl Verbs {
    /// The forms of `verbs.tsv`: the table and index the build made of the
    /// bundled file when the run's rows are its rows (no `--dict` file of
    /// that name, and the text of the hash the build recorded), else
    /// compiled from the rows.
    ///
    /// # Errors
    /// A row without a verb or participle.
    pub fn build(src: &Sources) -> Result<Verbs, dict::Error> {
        match (src.builtin_text("verbs.tsv"), prebuilt::VERBS) {
            (Some(text), Some(p)) if verb_forms::content_hash(text) == p.hash => Ok(Verbs {
                table: Cow::Borrowed(p.table),
                short: Cow::Borrowed(p.short),
                long: Cow::Borrowed(p.long),
            }),
            _ => Verbs::compile(src),
        }
    }

    /// The forms of the rows of `verbs.tsv`, compiled now.
    ///
    /// # Errors
    /// A row without a verb or participle.
    pub fn compile(src: &Sources) -> Result<Verbs, dict::Error> {
        let rows = src.rows("verbs.tsv");
        let mut fields = Vec::with_capacity(rows.len());
        for r in rows {
            fields.push(VerbRow {
                verb: need(r, "verb")?,
                participle: need(r, "participle")?,
                present: r.get("present"),
                past: r.get("past"),
                past_plural: r.get("past_plural"),
            });
        }
        let table = verb_forms::table(fields);
        let index = verb_forms::index(&table);
        Ok(Verbs {
            table: Cow::Owned(table),
            short: Cow::Owned(index.short),
            long: Cow::Owned(index.long),
        })
    }

    /// How a folded word reads as a verb form (one probe of the index, a
    /// few on a collision).
    #[inline]
    pub fn reading(&self, folded: &str) -> Reading {
        match verb_forms::short_key(folded.as_bytes()) {
            Some(key) => self.reading_short(key, verb_forms::short_hash(key)),
            None => Reading(verb_forms::long_reading(&self.table, &self.long, folded)),
        }
    }

    /// [`Verbs::reading`] of a word of at most `INLINE` bytes by its key
    /// and that key's hash (`verb_forms::short_key`, `short_hash`).
    #[inline]
    pub fn reading_short(&self, key: u128, hash: u64) -> Reading {
        Reading((verb_forms::short_slot(&self.short, key, hash) >> 112) as u8)
    }

    /// Every form with its readings, in byte order of the forms.
    pub fn forms(&self) -> impl Iterator<Item = (&str, Reading)> {
        verb_forms::lines(&self.table).map(|(_, bits, form)| (form, Reading(bits)))
    }

    /// Number of distinct forms (for tests and the docs).
    pub fn len(&self) -> usize {
        memchr::memchr_iter(b'\n', self.table.as_bytes()).count()
    }

    /// Whether no form is known.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_weak_strong_and_separable_verbs() {
        let verbs = Verbs::build(&Sources::load(None).unwrap()).unwrap();
        assert!(verbs.len() > 30_000, "{}", verbs.len());
        let p = Reading::PARTICIPLE;
        let cases: &[(&str, Reading)] = &[
            ("gemaakt", p),
            ("geschreven", p),
            ("toegekend", p),
            ("geevalueerd", p),
            ("ingestemd", p),
            ("plaatsgevonden", p),
            ("ondertekend", p),
            ("verworpen", p),
            ("opgeschoond", p),
            ("uitvoeren", Reading::INFINITIVE),
            ("verstrekten", Reading::PAST),
            ("trad", Reading::PAST),
            ("loopt", Reading::PRESENT),
        ];
        for (w, r) in cases {
            assert!(verbs.reading(w).has(*r), "{w}: {:?}", verbs.reading(w));
        }
        for w in [
            "gemeente",
            "projecten",
            "activiteiten",
            "beleid",
            "",
            "a",
            "zzzz",
        ] {
            assert!(verbs.reading(w).is_none(), "{w}");
        }
        // Every form is found by the binary search.
        for (w, r) in verbs.forms() {
            assert_eq!(verbs.reading(w), r, "{w}");
        }
    }

    /// The table the build made of the bundled `verbs.tsv` is the one the
    /// run compiles from its rows, and it is the one a run uses.
    #[test]
    fn the_prebuilt_table_is_the_compiled_one() {
        let src = Sources::load(None).unwrap();
        let p = prebuilt::VERBS.unwrap();
        let text = src.builtin_text("verbs.tsv").unwrap();
        assert_eq!(verb_forms::content_hash(text), p.hash);
        let compiled = Verbs::compile(&src).unwrap();
        assert!(matches!(compiled.table, Cow::Owned(_)));
        assert!(compiled.table == p.table, "the prebuilt verb table differs");
        assert!(compiled.short == p.short && compiled.long == p.long);
        assert!(!p.long.is_empty(), "no form longer than a short slot");
        let built = Verbs::build(&src).unwrap();
        assert!(matches!(built.table, Cow::Borrowed(_)));
        assert_eq!(built, compiled);
    }

    /// A user's `verbs.tsv` is compiled, added to the bundled rows or in
    /// their place.
    #[test]
    fn a_users_verbs_are_compiled() {
        let row = "verb\tparticiple\tpresent\tpast\tpast_plural\nzwoegen\tgezwoegd\tzwoegt\tzwoegde\tzwoegden\n";
        for (text, builtin_kept) in [(row.to_string(), true), (format!("#replace\n{row}"), false)] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("verbs.tsv"), text).unwrap();
            let src = Sources::load(Some(dir.path())).unwrap();
            assert!(src.builtin_text("verbs.tsv").is_none());
            let verbs = Verbs::build(&src).unwrap();
            assert!(matches!(verbs.table, Cow::Owned(_)));
            assert!(verbs.reading("zwoegden").has(Reading::PAST));
            assert_eq!(
                verbs.reading("gemaakt").has(Reading::PARTICIPLE),
                builtin_kept
            );
        }
    }
}
