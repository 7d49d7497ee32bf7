//! One look-up per token for what the extractors ask of a word: its
//! lexicon roles and how it reads as a verb form.
//!
//! Input: the [`Lexicon`] and the [`Verbs`], built once per run. Output: a
//! table from a folded word to both ([`Entry`]). Why: each token was looked
//! up twice, once in the lexicon while tokenising and once in the ~100,000
//! verb forms by the status reader, and each hit followed the key's pointer
//! to compare it. One table does both look-ups at once, and keeps words of
//! up to 15 bytes (most tokens) inline in the key, compared as one integer.

use super::lexicon::{Lexicon, RoleMask, ShortMap};
use super::verbs::{Reading, Verbs};

/// What a folded word is: its lexicon roles, its verb readings and the
/// phrase lists it can end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry {
    /// Its lexicon roles ([`Lexicon::roles_of`]).
    pub roles: RoleMask,
    /// How it reads as a verb form ([`Verbs::reading`]).
    pub verb: Reading,
    /// One bit per [`Phrases`] list whose terms it is the last word of.
    pub ends: u8,
}

/// Lexicon terms of several words ("komend jaar", "in het kader van"),
/// each split into its folded words, matched token by token
/// ([`super::Ctx::ends_phrase`]); `bit` marks, in the [`WordTable`], the
/// words that end one of them, so a token that ends none costs one test.
#[derive(Debug, Default)]
pub struct Phrases {
    /// The list's bit in [`Entry::ends`].
    pub bit: u8,
    /// The terms, split into their folded words.
    pub list: Vec<Vec<String>>,
}

impl Phrases {
    /// The terms of several words among `terms`, with the list's bit.
    pub fn of(terms: &[String], bit: u8) -> Phrases {
        Phrases {
            bit,
            list: terms
                .iter()
                .filter(|t| t.contains(' '))
                .map(|t| t.split(' ').map(str::to_string).collect())
                .collect(),
        }
    }
}

/// Folded word → [`Entry`]: short words by an inline key, longer ones by
/// their text.
#[derive(Debug, Default)]
pub struct WordTable {
    short: ShortMap<u128, Entry>,
    long: ShortMap<Box<str>, Entry>,
}

/// The inline key of a word of at most 15 bytes: its bytes, then its
/// length in the last byte (so "ab" and "ab\0" differ).
#[inline]
fn short_key(w: &str) -> Option<u128> {
    let b = w.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut k = [0u8; 16];
    k.get_mut(..b.len())?.copy_from_slice(b);
    k[15] = u8::try_from(b.len()).ok()?;
    Some(u128::from_le_bytes(k))
}

impl WordTable {
    /// Every lexicon word and every verb form, with both answers, and the
    /// last words of the `phrases`.
    pub fn build(lexicon: &Lexicon, verbs: &Verbs, phrases: &[&Phrases]) -> WordTable {
        let mut t = WordTable::default();
        // Room for every word at once: growing the table rehashed it
        // about a dozen times.
        t.short.reserve(verbs.len() + lexicon.words().count());
        for (w, roles) in lexicon.words() {
            t.entry(w).roles |= roles;
        }
        for (w, r) in verbs.forms() {
            t.entry(w).verb.add(r);
        }
        for p in phrases {
            for last in p.list.iter().filter_map(|words| words.last()) {
                t.entry(last).ends |= p.bit;
            }
        }
        t
    }

    fn entry(&mut self, w: &str) -> &mut Entry {
        match short_key(w) {
            Some(k) => self.short.entry(k).or_default(),
            None => self.long.entry(w.into()).or_default(),
        }
    }

    /// The roles and verb readings of the folded word `w` (none for an
    /// unknown word).
    #[inline]
    pub fn get(&self, w: &str) -> Entry {
        match short_key(w) {
            Some(k) => self.short.get(&k),
            None => self.long.get(w),
        }
        .copied()
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use crate::dict::Sources;
    use crate::extract::entities::EntityVocabulary;

    #[test]
    fn same_answers_as_lexicon_and_verbs() {
        let ev = EntityVocabulary::build(&Sources::load(None).unwrap()).unwrap();
        let words = [
            "de",
            "niet",
            "wordt",
            "gemaakt",
            "evalueren",
            "maart",
            "uitgevoerd",
            "jeugdhulpaanbieders",
            "gemeenschappelijke",
            "",
            "xyzzy",
            "ab\0",
        ];
        for w in words {
            let e = ev.words.get(w);
            assert_eq!(e.roles, ev.lexicon.roles_of(w), "{w}");
            assert_eq!(e.verb, ev.verbs.reading(w), "{w}");
        }
        for (w, _) in ev.lexicon.words() {
            assert_eq!(ev.words.get(w).roles, ev.lexicon.roles_of(w), "{w}");
        }
        for (w, r) in ev.verbs.forms() {
            assert_eq!(ev.words.get(w).verb, r, "{w}");
        }
    }
}
