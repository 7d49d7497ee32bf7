//! One look-up per token for what the extractors ask of a word: its
//! lexicon roles and how it reads as a verb form.
//!
//! Input: the [`Lexicon`] and the [`Verbs`], built once per run. Output: a
//! table from a folded word to both ([`Entry`]). Why: each token was looked
//! up twice, once in the lexicon while tokenising and once in the ~35,000
//! verb forms by the status reader. One look-up answers both; words of up
//! to 13 bytes (most tokens) are kept inline in their key, compared as one
//! integer.

use super::lexicon::{Lexicon, RoleMask, ShortMap};
use super::verb_forms::{probe, short_hash, short_key, slots_for, WORD_BITS};
use super::verbs::{Reading, Verbs};

/// What a folded word is: its lexicon roles, its verb readings and the
/// phrase lists it can end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
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

/// Folded word → [`Entry`]. The verb forms are looked up in the index of
/// [`Verbs`] (built with the binary for the bundled `verbs.tsv`); the words
/// the lexicon and the phrase lists add something to (a few thousand) have
/// their whole entry in a small table looked up first, with the same key
/// and hash: a short word's slot holds its key and, in bytes 14 and 15, the
/// index of its entry in 16 bytes; longer words are kept by their text. The
/// distinct entries (a few hundred) are kept once, in `entries`.
#[derive(Debug, Default)]
pub struct WordTable {
    /// Open addressing with linear probing, at most two thirds full; 0 is
    /// an empty slot (no key is 0).
    short: Vec<u128>,
    long: ShortMap<Box<str>, u32>,
    entries: Vec<Entry>,
    verbs: Verbs,
}

impl WordTable {
    /// The `verbs`, and every lexicon word and last word of the `phrases`
    /// with both answers.
    pub fn build(lexicon: &Lexicon, verbs: Verbs, phrases: &[&Phrases]) -> WordTable {
        let mut index: ShortMap<Entry, u32> = ShortMap::default();
        // What the lexicon and the phrase lists add to a word, gathered by
        // word first, each added to the word's verb readings.
        let mut more: ShortMap<&str, Entry> = ShortMap::default();
        for (w, roles) in lexicon.words() {
            more.entry(w).or_default().roles |= roles;
        }
        for p in phrases {
            for last in p.list.iter().filter_map(|words| words.last()) {
                more.entry(last.as_str()).or_default().ends |= p.bit;
            }
        }
        let mut t = WordTable {
            short: vec![0; slots_for(more.len())],
            verbs,
            ..WordTable::default()
        };
        for (w, mut e) in more {
            e.verb = t.verbs.reading(w);
            let k = t.keep(e, &mut index);
            t.put(w, k);
        }
        t
    }

    /// The verb forms (the table's own look-up answers them too).
    pub fn verbs(&self) -> &Verbs {
        &self.verbs
    }

    /// The index of entry `e` in `entries`, added if new; `index` finds
    /// the entries already kept.
    fn keep(&mut self, e: Entry, index: &mut ShortMap<Entry, u32>) -> u32 {
        let next = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
        let k = *index.entry(e).or_insert(next);
        if k == next {
            self.entries.push(e);
        }
        k
    }

    /// The slot of `key` (hash `hash`) in `short`: where it is, or the
    /// empty slot where it would go.
    #[inline]
    fn slot(&self, key: u128, hash: u64) -> usize {
        probe(self.short.len(), hash, |i| {
            let s = self.short[i];
            s == 0 || s & WORD_BITS == key
        })
        .unwrap_or(usize::MAX)
    }

    /// `w` (a word not yet in the table) with the entry at index `k`.
    fn put(&mut self, w: &str, k: u32) {
        match (short_key(w.as_bytes()), u16::try_from(k)) {
            (Some(key), Ok(k16)) => {
                let i = self.slot(key, short_hash(key));
                if let Some(s) = self.short.get_mut(i) {
                    *s = key | (u128::from(k16) << 112);
                }
            }
            _ => {
                self.long.insert(w.into(), k);
            }
        }
    }

    /// The roles and verb readings of the folded word `w` (none for an
    /// unknown word).
    #[inline]
    pub fn get(&self, w: &str) -> Entry {
        // A word the table lacks is a verb form or nothing.
        let only_verb = |verb| Entry {
            verb,
            ..Entry::default()
        };
        let k = match short_key(w.as_bytes()) {
            Some(key) => {
                let hash = short_hash(key);
                match self.short.get(self.slot(key, hash)).copied() {
                    Some(s) if s != 0 => u32::from((s >> 112) as u16),
                    _ => return only_verb(self.verbs.reading_short(key, hash)),
                }
            }
            None => match self.long.get(w) {
                Some(&k) => k,
                None => return only_verb(self.verbs.reading(w)),
            },
        };
        self.entries
            .get(usize::try_from(k).unwrap_or(usize::MAX))
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
            assert_eq!(e.verb, ev.words.verbs().reading(w), "{w}");
        }
        for (w, _) in ev.lexicon.words() {
            assert_eq!(ev.words.get(w).roles, ev.lexicon.roles_of(w), "{w}");
        }
        for (w, r) in ev.words.verbs().forms() {
            assert_eq!(ev.words.get(w).verb, r, "{w}");
        }
    }
}
