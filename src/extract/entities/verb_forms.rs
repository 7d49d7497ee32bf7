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
//!
//! Beside the table, its hash index ([`index`]): inserting the forms into
//! a hash table was the longest step of an `extract` start-up (8 ms of
//! ~18), so the build writes the index too, and a look-up probes it where
//! it lies in the binary.

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

/// The hash index of a [`table`], as the bytes a look-up probes
/// ([`short_slot`], [`long_reading`]): open addressing with linear probing, at most two
/// thirds full, so every probe ends at the form or at an empty slot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Forms of up to [`INLINE`] bytes: 16 bytes a slot (little-endian),
    /// the form's [`short_key`] with its reading bits in byte 14; zero is
    /// empty.
    pub short: Vec<u8>,
    /// Longer forms: 4 bytes a slot, one more than the offset of the
    /// form's line in the table; zero is empty.
    pub long: Vec<u8>,
}

/// The longest form kept inline in a short slot.
pub const INLINE: usize = 13;

/// The bits of a short slot that hold the form and its length.
pub const WORD_BITS: u128 = (1 << 112) - 1;

/// The inline key of a word of 1 to [`INLINE`] bytes: its bytes, then its
/// length in byte 13 (so "ab" and "ab\0" differ, and no key is zero).
#[inline]
pub fn short_key(w: &[u8]) -> Option<u128> {
    if w.is_empty() || w.len() > INLINE {
        return None;
    }
    let mut k = [0u8; 16];
    k.get_mut(..w.len())?.copy_from_slice(w);
    *k.get_mut(INLINE)? = u8::try_from(w.len()).ok()?;
    Some(u128::from_le_bytes(k))
}

/// The final mix of a 64-bit state (SplitMix64's).
#[inline]
fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of a short key.
#[inline]
pub fn short_hash(key: u128) -> u64 {
    let (lo, hi) = (key as u64, (key >> 64) as u64);
    finish(lo ^ hi.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The hash of a longer form: [`content_hash`], mixed.
#[inline]
pub fn long_hash(w: &str) -> u64 {
    finish(content_hash(w))
}

/// The first slot, from the one `hash` picks on and wrapping round, of
/// a table of `n` slots (a power of two) where `stop` holds; `None` when
/// none does. Every look-up and insert of the index walks its slots so.
#[inline]
pub fn probe(n: usize, hash: u64, mut stop: impl FnMut(usize) -> bool) -> Option<usize> {
    let mask = n.wrapping_sub(1);
    let mut i = hash as usize & mask;
    for _ in 0..n {
        if stop(i) {
            return Some(i);
        }
        i = (i + 1) & mask;
    }
    None
}

/// The reading bits of a table line's hex digit.
fn digit(d: u8) -> u8 {
    char::from(d)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
        .unwrap_or(0)
}

/// The lines of a table: the offset of each line, its reading bits and
/// its form.
pub fn lines(table: &str) -> impl Iterator<Item = (usize, u8, &str)> {
    let mut start = 0;
    table.split_terminator('\n').map(move |line| {
        let at = start;
        start += line.len() + 1;
        let bits = line.as_bytes().first().map_or(0, |&d| digit(d));
        (at, bits, line.get(1..).unwrap_or(""))
    })
}

/// Slots for `n` forms: a power of two, at most two thirds of them full.
pub fn slots_for(n: usize) -> usize {
    (n + n / 2 + 1).next_power_of_two()
}

/// The hash index of `table`.
pub fn index(table: &str) -> Index {
    let (mut short, mut long) = (Vec::new(), Vec::new());
    for (at, bits, form) in lines(table) {
        match short_key(form.as_bytes()) {
            Some(key) => short.push(key | (u128::from(bits) << 112)),
            None => long.push((form, u32::try_from(at + 1).unwrap_or(0))),
        }
    }
    let mut short_slots = vec![0u128; slots_for(short.len())];
    for slot in short {
        let n = short_slots.len();
        let at = probe(n, short_hash(slot & WORD_BITS), |i| short_slots[i] == 0);
        if let Some(s) = at.and_then(|i| short_slots.get_mut(i)) {
            *s = slot;
        }
    }
    let mut long_slots = vec![0u32; slots_for(long.len())];
    for (form, line) in long {
        let n = long_slots.len();
        let at = probe(n, long_hash(form), |i| long_slots[i] == 0);
        if let Some(s) = at.and_then(|i| long_slots.get_mut(i)) {
            *s = line;
        }
    }
    Index {
        short: short_slots.iter().flat_map(|s| s.to_le_bytes()).collect(),
        long: long_slots.iter().flat_map(|s| s.to_le_bytes()).collect(),
    }
}

/// The slot of `key` (whose [`short_hash`] is `hash`) in a table of
/// 16-byte slots as [`Index::short`] lays them out; 0 when it is not there.
#[inline]
pub fn short_slot(short: &[u8], key: u128, hash: u64) -> u128 {
    let slot = |i: usize| {
        let mut b = [0u8; 16];
        if let Some(bytes) = short.get(i * 16..i * 16 + 16) {
            b.copy_from_slice(bytes);
        }
        u128::from_le_bytes(b)
    };
    probe(short.len() / 16, hash, |i| {
        let s = slot(i);
        s == 0 || s & WORD_BITS == key
    })
    .map_or(0, slot)
}

/// The reading bits of `w`, longer than [`INLINE`] bytes, in `table`
/// through its index of longer forms ([`Index::long`]); 0 for no form.
pub fn long_reading(table: &str, long: &[u8], w: &str) -> u8 {
    let line = |i: usize| {
        let mut b = [0u8; 4];
        if let Some(bytes) = long.get(i * 4..i * 4 + 4) {
            b.copy_from_slice(bytes);
        }
        u32::from_le_bytes(b) as usize
    };
    let is_w = |at: usize| {
        let rest = table.as_bytes().get(at..).unwrap_or(&[]);
        rest.starts_with(w.as_bytes()) && rest.get(w.len()) == Some(&b'\n')
    };
    probe(long.len() / 4, long_hash(w), |i| {
        line(i) == 0 || is_w(line(i))
    })
    .map(line)
    .filter(|&at| at > 0)
    .and_then(|at| table.as_bytes().get(at - 1))
    .map_or(0, |&d| digit(d))
}
