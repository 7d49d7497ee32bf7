//! The verb forms of `verbs.tsv`, folded, each with how it reads, as one
//! sorted text table: per form a line of its reading bits as one hex digit,
//! then the form (`1gemaakt`).
//!
//! Input: rows of `verbs.tsv` (infinitive with a separable prefix marked
//! `uit|voeren`, participle, present, past, past plural). Output: the table
//! [`super::verbs::Verbs`] reads. Why a text table: folding and hashing the
//! ~40,000 forms took ~9 ms of every `extract` start-up, so `build.rs`
//! compiles the bundled file into this table once, at build time (it
//! includes this file and `fold_key.rs`, hence only `std`), and a run that
//! uses the bundled `verbs.tsv` reads it as it is; a user's `verbs.tsv`
//! (`--dict`) is compiled by the same code at run time.

use super::fold_key::fold_key;
use std::collections::BTreeMap;

/// Reading bit: past participle (`gemaakt`).
pub const PARTICIPLE: u8 = 1;
/// Reading bit: infinitive, also the present plural (`maken`).
pub const INFINITIVE: u8 = 2;
/// Reading bit: present singular (`maakt`).
pub const PRESENT: u8 = 4;
/// Reading bit: simple past (`maakte`, `maakten`).
pub const PAST: u8 = 8;

/// The fields of one `verbs.tsv` row the table is made of.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerbRow<'a> {
    /// Infinitive (`uit|voeren`).
    pub verb: &'a str,
    /// Past participle.
    pub participle: &'a str,
    /// Present, third person singular.
    pub present: &'a str,
    /// Simple past singular.
    pub past: &'a str,
    /// Simple past plural.
    pub past_plural: &'a str,
}

/// The table of `rows`: each folded form once with the bits of all its
/// readings, sorted by form. A separable verb's finite forms are its simple
/// verb's own rows, so only its participle and infinitive are its own.
pub fn table<'a>(rows: impl IntoIterator<Item = VerbRow<'a>>) -> String {
    let mut forms: BTreeMap<String, u8> = BTreeMap::new();
    let mut add = |w: &str, bits: u8| {
        if !w.is_empty() {
            *forms.entry(fold_key(w)).or_default() |= bits;
        }
    };
    for r in rows {
        add(r.participle, PARTICIPLE);
        add(&r.verb.replace('|', ""), INFINITIVE);
        if !r.verb.contains('|') {
            add(r.present, PRESENT);
            add(r.past, PAST);
            add(r.past_plural, PAST);
        }
    }
    let mut out = String::new();
    for (form, bits) in &forms {
        out.push(char::from_digit(u32::from(*bits), 16).unwrap_or('0'));
        out.push_str(form);
        out.push('\n');
    }
    out
}

/// A 64-bit hash of a dictionary's text, eight bytes a step: the build
/// records it for the `verbs.tsv` it compiled, and a run uses the prebuilt
/// table only for a text of the same hash (and length).
pub fn content_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ text.len() as u64;
    let mut chunks = text.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w))
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}
