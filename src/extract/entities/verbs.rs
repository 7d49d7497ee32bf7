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
use super::fold::fold_key;
use super::lexicon::ShortMap;
use crate::dict::{self, Sources};

/// How a word reads as a verb form: a set of the `PARTICIPLE`, `INFINITIVE`,
/// `PRESENT` and `PAST` bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading(u8);

impl Reading {
    /// Past participle (`gemaakt`, `uitgevoerd`, `geschreven`).
    pub const PARTICIPLE: Reading = Reading(1);
    /// Infinitive, also the present plural (`maken`, `uitvoeren`).
    pub const INFINITIVE: Reading = Reading(2);
    /// Present singular (`maakt`, `loopt`).
    pub const PRESENT: Reading = Reading(4);
    /// Simple past (`maakte`, `verstrekten`, `trad`).
    pub const PAST: Reading = Reading(8);

    /// Whether any bit of `other` is set.
    pub fn has(self, other: Reading) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether the word reads as no verb form.
    pub fn is_none(self) -> bool {
        self.0 == 0
    }

    /// Add the bits of `other`.
    pub fn add(&mut self, other: Reading) {
        self.0 |= other.0;
    }
}

/// Folded verb forms → their readings.
#[derive(Debug, Default)]
pub struct Verbs {
    forms: ShortMap<String, Reading>,
}

impl Verbs {
    /// Read `verbs.tsv`.
    ///
    /// # Errors
    /// A row without a verb or participle.
    pub fn build(src: &Sources) -> Result<Verbs, dict::Error> {
        let rows = src.rows("verbs.tsv");
        let mut forms: ShortMap<String, Reading> = ShortMap::default();
        forms.reserve(rows.len() * 4);
        let mut add = |w: &str, r: Reading| {
            if !w.is_empty() {
                forms.entry(fold_key(w)).or_default().add(r);
            }
        };
        for r in rows {
            let verb = need(r, "verb")?;
            add(need(r, "participle")?, Reading::PARTICIPLE);
            add(&verb.replace('|', ""), Reading::INFINITIVE);
            // A separable verb's finite forms are its simple verb's own rows.
            if !verb.contains('|') {
                add(r.get("present"), Reading::PRESENT);
                add(r.get("past"), Reading::PAST);
                add(r.get("past_plural"), Reading::PAST);
            }
        }
        Ok(Verbs { forms })
    }

    /// How a folded word reads as a verb form.
    pub fn reading(&self, folded: &str) -> Reading {
        self.forms.get(folded).copied().unwrap_or_default()
    }

    /// Every form with its readings.
    pub fn forms(&self) -> impl Iterator<Item = (&str, Reading)> {
        self.forms.iter().map(|(w, r)| (w.as_str(), *r))
    }

    /// Number of distinct forms (for tests and the docs).
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether no form is known.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
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
        for w in ["gemeente", "projecten", "activiteiten", "beleid"] {
            assert!(verbs.reading(w).is_none(), "{w}");
        }
    }
}
