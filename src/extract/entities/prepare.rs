//! Sentences prepared for the extractors: folded, tokenised and searched by
//! the dictionary automata once per document.
//!
//! Input: the document's [`Sentence`]s. Output: one [`Ctx`] per sentence
//! with its folded text and offset map, its tokens (each with its lexicon
//! roles, project suffix and capitalisation, looked up once) and the
//! dictionary matches that fall in it.
//!
//! Why per document: an automaton searched sentence by sentence pays its
//! start-up cost and cold cache lines ~100 bytes at a time. The sentence
//! texts are instead joined with `\n` (which no dictionary pattern contains,
//! so no match can cross it) and each automaton runs once over the joined
//! text. Under leftmost-longest semantics the matches inside each sentence
//! are then exactly those of a search of that sentence alone.

use super::fastre::{Engine, Hay};
use super::lexicon::RoleMask;
use super::names;
use super::sentences::Sentence;
use super::verbs::Reading;
use super::vocab::EntityVocabulary;
use super::words::Phrases;

/// Joins sentence texts; no dictionary pattern contains it.
const SEP: char = '\n';

/// A folded view of one sentence and the way back to its offsets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Folded<'a> {
    /// The folded text.
    pub text: &'a str,
    /// `map[i]` = sentence offset of folded byte `i`; one extra entry for
    /// the end.
    pub map: &'a [usize],
}

impl Folded<'_> {
    /// Original offset of a folded offset.
    pub fn orig(&self, i: usize) -> usize {
        self.map
            .get(i)
            .copied()
            .unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }
}

/// A dictionary match inside one sentence: folded offsets (original
/// offsets for the case-sensitive acronyms) and the pattern id.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    sentence: usize,
    pub start: usize,
    pub end: usize,
    pub pattern: usize,
}

/// The dictionaries searched per document.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Dict {
    Orgs,
    Acronyms,
    Status,
    Municipalities,
    Taakvelden,
}

/// All sentences of a document, folded and searched.
pub(crate) struct Prepared {
    folded: String,
    map: Vec<usize>,
    /// Per sentence: start of its folded text in `folded`.
    fstart: Vec<usize>,
    hits: [Vec<Hit>; 5],
    /// Per sentence: its regex engine and the range of its masked copy in
    /// `masked` (empty unless the engine is [`Engine::Masked`]).
    engines: Vec<(Engine, usize, usize)>,
    masked: String,
    /// Per last byte, a bit for each project suffix ending in it (`None`
    /// with more than 64 suffixes, or an empty one).
    suffix_by_last: Option<[u64; 256]>,
}

impl Prepared {
    /// Fold every sentence and run the automata over the joined texts.
    pub fn new(sents: &[Sentence], vocab: &EntityVocabulary) -> Prepared {
        let total: usize = sents.iter().map(|s| s.text.len() + 1).sum();
        let mut folded = String::with_capacity(total);
        let mut map = Vec::with_capacity(total);
        let mut joined = String::with_capacity(total);
        let mut fstart = Vec::with_capacity(sents.len() + 1);
        let mut tstart = Vec::with_capacity(sents.len() + 1);
        // Each sentence's engine first, so `masked` is allocated once.
        let kinds: Vec<Engine> = sents.iter().map(|s| Engine::of(&s.text)).collect();
        let masked_len: usize = sents
            .iter()
            .zip(&kinds)
            .filter(|(_, e)| **e == Engine::Masked)
            .map(|(s, _)| s.text.len())
            .sum();
        let mut engines = Vec::with_capacity(sents.len());
        let mut masked = String::with_capacity(masked_len);
        for (s, &engine) in sents.iter().zip(&kinds) {
            let from = masked.len();
            if engine == Engine::Masked {
                super::twin::mask_append(&s.text, &mut masked);
            }
            engines.push((engine, from, masked.len()));
            fstart.push(folded.len());
            tstart.push(joined.len());
            super::fold::fold_append(&s.text, &mut folded, &mut map);
            folded.push(SEP);
            map.push(s.text.len());
            joined.push_str(&s.text);
            joined.push(SEP);
        }
        fstart.push(folded.len());
        tstart.push(joined.len());
        let mut hits: [Vec<Hit>; 5] = Default::default();
        hits[Dict::Acronyms as usize] = place(
            vocab.acronyms.leftmost_longest(&joined).into_iter(),
            &tstart,
        );
        // The order of `vocab.folded`'s dictionaries.
        let merged = [
            Dict::Orgs,
            Dict::Status,
            Dict::Municipalities,
            Dict::Taakvelden,
        ];
        for (d, found) in merged
            .into_iter()
            .zip(vocab.folded.leftmost_longest(&folded))
        {
            hits[d as usize] = place(found.into_iter(), &fstart);
        }
        Prepared {
            folded,
            map,
            fstart,
            hits,
            engines,
            masked,
            suffix_by_last: suffix_by_last(vocab),
        }
    }

    /// The folded text of sentence `si` (empty past the last sentence).
    pub fn folded(&self, si: usize) -> &str {
        let a = self.fstart.get(si).copied().unwrap_or(0);
        let b = self
            .fstart
            .get(si + 1)
            .map_or(self.folded.len(), |n| n.saturating_sub(1));
        self.folded.get(a..b).unwrap_or("")
    }

    /// Prepare sentence `si` (`s`) for the extractors, its tokens in
    /// `toks` (a buffer reused sentence after sentence).
    pub fn ctx<'a>(
        &'a self,
        si: usize,
        sentence: &'a Sentence,
        vocab: &'a EntityVocabulary,
        toks: &'a mut Vec<Tok>,
    ) -> Ctx<'a> {
        let text = sentence.text.as_str();
        let a = self.fstart.get(si).copied().unwrap_or(0);
        // The sentence's text ends before the separator; its map includes
        // the separator's entry, which is the end offset.
        let b = self
            .fstart
            .get(si + 1)
            .map_or(self.folded.len(), |n| n.saturating_sub(1));
        let f = Folded {
            text: self.folded.get(a..b).unwrap_or(""),
            map: self.map.get(a..=b).unwrap_or(&[]),
        };
        toks.clear();
        let suffixes = vocab.lexicon.terms_of(vocab.roles.project_suffix);
        let by_last = &self.suffix_by_last;
        super::fold::for_each_token(f.text, |fs, fe| {
            let low = f.text.get(fs..fe).unwrap_or("");
            let ends = |s: &String| low.len() >= s.len() + 3 && low.ends_with(s.as_str());
            let suffix = match by_last {
                // Only the suffixes ending in the token's last byte, in order.
                Some(by_last) => {
                    let mut cands = low
                        .as_bytes()
                        .last()
                        .map_or(0, |&b| by_last[usize::from(b)]);
                    let mut found = None;
                    while cands != 0 {
                        let k = cands.trailing_zeros() as usize;
                        cands &= cands - 1;
                        if suffixes.get(k).is_some_and(ends) {
                            found = Some(k);
                            break;
                        }
                    }
                    found
                }
                None => suffixes.iter().position(ends),
            }
            .and_then(|p| u8::try_from(p).ok())
            .unwrap_or(u8::MAX);
            let (s, e) = (f.orig(fs), f.orig(fe));
            let word = vocab.words.get(low);
            toks.push(Tok {
                s,
                e,
                cap: names::capish_word(text.get(s..e).unwrap_or("")),
                fs,
                fe,
                roles: word.roles,
                verb: word.verb,
                ends: word.ends,
                suffix,
            });
        });
        // What any token of the sentence is: a loop looking for a role
        // (or a phrase end) that no token has is skipped.
        let (any_roles, any_ends) = toks
            .iter()
            .fold((0, 0), |(r, e), t| (r | t.roles, e | t.ends));
        let has_number_word = any_roles & vocab.roles.number_word != 0;
        let hits = self.hits.each_ref().map(|h| {
            let from = h.partition_point(|x| x.sentence < si);
            let to = from + h[from..].partition_point(|x| x.sentence <= si);
            &h[from..to]
        });
        let (engine, ma, mb) = self
            .engines
            .get(si)
            .copied()
            .unwrap_or((Engine::Unicode, 0, 0));
        Ctx {
            sentence,
            text,
            hay: Hay::from_parts(text, self.masked.get(ma..mb).unwrap_or(""), engine),
            folded: f,
            toks,
            vocab,
            hits,
            has_number_word,
            any_roles,
            any_ends,
        }
    }
}

fn suffix_by_last(vocab: &EntityVocabulary) -> Option<[u64; 256]> {
    let suffixes = vocab.lexicon.terms_of(vocab.roles.project_suffix);
    if suffixes.len() > 64 || suffixes.iter().any(String::is_empty) {
        return None;
    }
    let mut by_last = [0u64; 256];
    for (k, s) in suffixes.iter().enumerate() {
        if let Some(&b) = s.as_bytes().last() {
            by_last[usize::from(b)] |= 1 << k;
        }
    }
    Some(by_last)
}

/// Matches (start, end, pattern) in the joined text, in order, each placed
/// in its sentence.
fn place(found: impl Iterator<Item = (usize, usize, usize)>, starts: &[usize]) -> Vec<Hit> {
    let mut out = Vec::with_capacity(found.size_hint().0);
    let mut k = 0;
    for (start, end, pattern) in found {
        while starts.get(k + 1).is_some_and(|&n| n <= start) {
            k += 1;
        }
        let base = starts.get(k).copied().unwrap_or(0);
        out.push(Hit {
            sentence: k,
            start: start - base,
            end: end - base,
            pattern,
        });
    }
    out
}

/// A word: byte range in the sentence text and in its folded copy, its
/// lexicon roles, verb readings and the project suffix it ends in, looked
/// up once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
    pub fs: usize,
    pub fe: usize,
    pub roles: RoleMask,
    /// How it reads as a verb form.
    pub verb: Reading,
    /// The phrase lists it is the last word of ([`Ctx::ends_phrase`]).
    pub ends: u8,
    /// Index into the project suffixes, `u8::MAX` for none.
    pub suffix: u8,
    /// Reads as part of a proper name ([`names::capish`]).
    pub cap: bool,
}

impl Tok {
    pub fn is_acronym(&self, text: &str) -> bool {
        let t = text.get(self.s..self.e).unwrap_or("");
        let core = super::fold::strip_possessive(t);
        core.chars().filter(|c| c.is_uppercase()).count() >= 2
            && !core.chars().any(char::is_lowercase)
    }
}

/// One sentence prepared for the extractors: folded once, tokenised once.
pub(crate) struct Ctx<'a> {
    pub sentence: &'a Sentence,
    pub text: &'a str,
    /// The sentence text for the regexes ([`super::fastre`]).
    pub hay: Hay<'a>,
    pub folded: Folded<'a>,
    pub toks: &'a [Tok],
    vocab: &'a EntityVocabulary,
    hits: [&'a [Hit]; 5],
    pub has_number_word: bool,
    /// The roles of all its tokens together.
    any_roles: RoleMask,
    /// The phrase lists any of its tokens ends ([`Tok::ends`]).
    any_ends: u8,
}

impl<'a> Ctx<'a> {
    /// The matches of a dictionary automaton in this sentence.
    pub fn hits(&self, d: Dict) -> &'a [Hit] {
        self.hits[d as usize]
    }

    /// Headings and table cells are written in title case, so a capital
    /// there is no evidence of a name; a cell that holds a sentence of
    /// eight words or more, ending in a full stop, is running text.
    pub fn title_case(&self) -> bool {
        let running = self.toks.len() >= 8 && self.text.trim_end().ends_with('.');
        self.sentence.heading || (self.sentence.in_table && !running)
    }

    /// Token `i` ends one of `phrases`, terms of several words split into
    /// their folded words ("gemeenschappelijke regeling", "in het kader van").
    #[inline]
    pub fn ends_phrase(&self, i: usize, phrases: &Phrases) -> bool {
        // Only a token that is the last word of one of them (one bit, looked
        // up with its roles) is compared word by word.
        if self.any_ends & phrases.bit == 0
            || self.toks.get(i).is_none_or(|t| t.ends & phrases.bit == 0)
        {
            return false;
        }
        let last = self.low(i);
        phrases.list.iter().any(|words| {
            let k = words.len();
            // The last word first: it rarely matches.
            words.last().is_some_and(|w| w == last)
                && i + 1 >= k
                && words
                    .iter()
                    .enumerate()
                    .all(|(t, w)| self.low(i + 1 - k + t) == w)
                && (i + 1 - k..i).all(|t| self.gap_plain(t, t + 1))
        })
    }

    /// Some token of the sentence has one of the lexicon roles in `mask`.
    #[inline]
    pub fn any(&self, mask: RoleMask) -> bool {
        self.any_roles & mask != 0
    }

    /// Some token of the sentence is the last word of one of `phrases`.
    #[inline]
    pub fn may_end(&self, phrases: &Phrases) -> bool {
        self.any_ends & phrases.bit != 0
    }

    /// Token `i` has one of the lexicon roles in `mask`.
    pub fn is(&self, i: usize, mask: RoleMask) -> bool {
        self.toks.get(i).is_some_and(|t| t.roles & mask != 0)
    }

    /// The project suffix token `i` ends in ("Hervormingsagenda" → agenda).
    pub fn suffix(&self, i: usize) -> Option<&'a str> {
        let k = self.toks.get(i)?.suffix;
        self.vocab
            .lexicon
            .terms_of(self.vocab.roles.project_suffix)
            .get(usize::from(k))
            .map(String::as_str)
    }

    /// Token `i` as written.
    pub fn orig(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.s..t.e))
            .unwrap_or("")
    }

    /// Token `i` folded.
    pub fn low(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.folded.text.get(t.fs..t.fe))
            .unwrap_or("")
    }

    /// Token `i` folded is `w`: its length first, as most tokens are not.
    #[inline]
    pub fn low_is(&self, i: usize, w: &str) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.fe - t.fs == w.len()
                && self.folded.text.as_bytes().get(t.fs..t.fe) == Some(w.as_bytes())
        })
    }

    /// Only spaces between tokens `i` and `j`.
    pub fn gap_plain(&self, i: usize, j: usize) -> bool {
        match (self.toks.get(i), self.toks.get(j)) {
            (Some(a), Some(b)) if a.e <= b.s => self.text[a.e..b.s].chars().all(|c| c == ' '),
            _ => false,
        }
    }

    /// Byte span of tokens `a..b`.
    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        let s = self.toks.get(a).map(|t| t.s).unwrap_or(0);
        let e = b
            .checked_sub(1)
            .and_then(|k| self.toks.get(k))
            .map(|t| t.e)
            .unwrap_or(s);
        (s, e)
    }
}
