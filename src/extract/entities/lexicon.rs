//! Word classes from `lexicon.tsv`: which roles a folded word has ("stop",
//! "name_connector", "aux_future" …) and the value column of each.
//!
//! Input: the rows of `lexicon.tsv`, plus the month names and the generic
//! actors that may introduce a name (two classes the extractors test per
//! word like the lexicon roles). Output: one table from folded word to a
//! bitmask of its roles, so a word costs one hash look-up however many roles
//! are asked about. [`super::Ctx`] looks each token up once per sentence and
//! the extractors then test bits ([`Roles`]); [`Lexicon::has`] remains for
//! words that are not tokens ("t/m", a noun after a number).

use crate::dict;
use std::collections::HashMap;

/// A word-at-a-time hash for the lexicon and the verb forms: they are
/// looked up for every token, their keys are short and not
/// attacker-chosen, so a cheap hash beats SipHash here. Eight bytes are
/// mixed per multiply (FNV-1a took one), and `finish` spreads the bits
/// over the whole word (the splitmix64 finaliser), as hashbrown takes its
/// bucket from the low bits and its tag from the high ones.
#[derive(Debug, Clone, Copy)]
pub struct ShortHash(u64);

impl Default for ShortHash {
    fn default() -> ShortHash {
        ShortHash(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for ShortHash {
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "ab" and "ab\0" apart.
            self.mix(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
}

impl ShortHash {
    #[inline]
    fn mix(&mut self, w: u64) {
        self.0 = (self.0 ^ w).wrapping_mul(0x0100_0000_01b3).rotate_left(23);
    }
}

/// A `HashMap` with [`ShortHash`] hashing.
pub type ShortMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<ShortHash>>;

/// A set of roles, one bit each.
pub type RoleMask = u64;

/// Role bit of the month names (`months.tsv`).
const MONTH_ROLE: &str = "\u{0}month";
/// Role bit of the generic actors that may introduce a name.
const GENERIC_INTRO_ROLE: &str = "\u{0}generic_intro";
/// Role bit of the last word of a term of several words ("regeling" of
/// "gemeenschappelijke regeling"): only such a token can end the phrase.
const PHRASE_END_ROLE: &str = "\u{0}phrase_end";

/// One folded word: its roles and the value column per role.
#[derive(Debug, Default)]
struct Word {
    mask: RoleMask,
    values: Vec<(u8, String)>,
}

/// Word classes from `lexicon.tsv`: folded term → roles and values.
#[derive(Debug, Default)]
pub struct Lexicon {
    /// Role id (bit number) → role name.
    roles: Vec<String>,
    /// Role name → role id: the extractors ask by name per call
    /// ([`Lexicon::has`], [`Lexicon::value`]).
    ids: ShortMap<String, u8>,
    words: ShortMap<String, Word>,
    /// Per role id: its terms, longest first.
    sorted: Vec<Vec<String>>,
    /// Longest term, in bytes: longer words need no look-up.
    longest: usize,
}

impl Lexicon {
    /// The bit of `role`; roles are numbered as they are first added.
    fn role_bit(&mut self, role: &str) -> Result<u8, dict::Error> {
        if let Some(&i) = self.ids.get(role) {
            return Ok(i);
        }
        if self.roles.len() >= RoleMask::BITS as usize {
            return Err(role_error(
                role,
                format!("more than {} roles", RoleMask::BITS),
            ));
        }
        let id = u8::try_from(self.roles.len()).map_err(|e| role_error(role, e.to_string()))?;
        self.roles.push(role.to_string());
        self.ids.insert(role.to_string(), id);
        self.sorted.push(Vec::new());
        Ok(id)
    }

    /// The id (bit number) of `role`, if any term has it.
    fn id(&self, role: &str) -> Option<usize> {
        self.ids.get(role).map(|&i| usize::from(i))
    }

    /// Add a folded `term` with `role` and `value`.
    ///
    /// # Errors
    /// More than 64 roles.
    pub fn insert(&mut self, role: &str, term: String, value: String) -> Result<(), dict::Error> {
        let bit = self.role_bit(role)?;
        self.longest = self.longest.max(term.len());
        let w = self.words.entry(term).or_default();
        w.mask |= 1 << bit;
        match w.values.iter_mut().find(|(b, _)| *b == bit) {
            Some(v) => v.1 = value,
            None => w.values.push((bit, value)),
        }
        Ok(())
    }

    /// Add the month names and the generic actors that introduce names.
    pub(crate) fn add_classes<'a>(
        &mut self,
        months: impl Iterator<Item = &'a str>,
        generic_intro: impl Iterator<Item = &'a str>,
    ) -> Result<(), dict::Error> {
        for m in months {
            self.insert(MONTH_ROLE, m.to_string(), String::new())?;
        }
        for g in generic_intro {
            self.insert(GENERIC_INTRO_ROLE, g.to_string(), String::new())?;
        }
        Ok(())
    }

    /// Mark the last word of every term of several words, so a phrase is
    /// only compared where a token can end it.
    pub(crate) fn mark_phrase_ends(&mut self) -> Result<(), dict::Error> {
        let ends: Vec<String> = self
            .words
            .keys()
            .filter_map(|t| t.rsplit_once(' ').map(|(_, last)| last.to_string()))
            .collect();
        for e in ends {
            self.insert(PHRASE_END_ROLE, e, String::new())?;
        }
        Ok(())
    }

    /// Sort each role's terms, longest first (call once after the inserts).
    pub(crate) fn finish(&mut self) {
        for v in &mut self.sorted {
            v.clear();
        }
        for (term, w) in &self.words {
            for (bit, _) in &w.values {
                if let Some(v) = self.sorted.get_mut(usize::from(*bit)) {
                    v.push(term.clone());
                }
            }
        }
        for v in &mut self.sorted {
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        }
    }

    /// The bit of a role (0 when no term has it, so tests of it are false).
    pub fn mask(&self, role: &str) -> RoleMask {
        self.id(role).map_or(0, |i| 1 << i)
    }

    /// All roles of the folded word `term`.
    pub fn roles_of(&self, term: &str) -> RoleMask {
        if term.len() > self.longest {
            return 0;
        }
        self.words.get(term).map_or(0, |w| w.mask)
    }

    /// Every word with its roles.
    pub fn words(&self) -> impl Iterator<Item = (&str, RoleMask)> {
        self.words.iter().map(|(t, w)| (t.as_str(), w.mask))
    }

    /// Whether the folded `term` has `role`.
    pub fn has(&self, role: &str, term: &str) -> bool {
        self.roles_of(term) & self.mask(role) != 0
    }

    /// The value column of `term` in `role`.
    pub fn value(&self, role: &str, term: &str) -> Option<&str> {
        let bit = self.id(role)?;
        self.words
            .get(term)?
            .values
            .iter()
            .find(|(b, _)| usize::from(*b) == bit)
            .map(|(_, v)| v.as_str())
    }

    /// All terms of the role with bit `mask`, longest first.
    pub fn terms_of(&self, mask: RoleMask) -> &[String] {
        if mask == 0 {
            return &[];
        }
        self.sorted
            .get(mask.trailing_zeros() as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// All terms of a role, longest first, without allocating.
    pub fn terms_ref(&self, role: &str) -> &[String] {
        self.id(role)
            .and_then(|i| self.sorted.get(i))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// All terms of a role, longest first (for regex alternations).
    pub fn terms(&self, role: &str) -> Vec<&str> {
        self.terms_ref(role).iter().map(String::as_str).collect()
    }
}

fn role_error(role: &str, reason: String) -> dict::Error {
    dict::Error::Row {
        file: "lexicon.tsv".into(),
        line: 0,
        field: format!("role {role}"),
        reason,
    }
}

/// The role bits the extractors test per token, resolved once.
#[derive(Debug, Default, Clone, Copy)]
pub struct Roles {
    /// Function words that end or cannot start a name.
    pub stop: RoleMask,
    /// Capitalised words that are no name ("Dit", "Daarnaast").
    pub not_a_name: RoleMask,
    /// Words that join the parts of a name ("van", "voor", "de").
    pub name_connector: RoleMask,
    /// Words that announce a project ("project", "programma").
    pub project_keyword: RoleMask,
    /// Words that announce a pilot.
    pub pilot_keyword: RoleMask,
    /// Adjectives before a project word ("nieuwe").
    pub project_adjective: RoleMask,
    /// Words that introduce an organisation name ("stichting").
    pub org_intro: RoleMask,
    /// Organisation words that head a name ("Stichting", "Commissie").
    pub org_head_prefix: RoleMask,
    /// Number words ("vijf").
    pub number_word: RoleMask,
    /// Future auxiliaries.
    pub aux_future: RoleMask,
    /// Passive auxiliaries.
    pub aux_passive: RoleMask,
    /// Continuation auxiliaries.
    pub aux_continued: RoleMask,
    /// Negations.
    pub negation: RoleMask,
    /// Partiality words ("deels").
    pub partial: RoleMask,
    /// Words of a time ahead ("binnenkort"; phrases of several words are
    /// in [`super::vocab::EntityVocabulary::future_phrases`]).
    pub future_time: RoleMask,
    /// Project words that end a compound ("Hervormingsagenda").
    pub project_suffix: RoleMask,
    /// Organisation words that end a name ("…organisatie").
    pub org_head_suffix: RoleMask,
    /// Month names.
    pub month: RoleMask,
    /// Generic actors that may introduce a name.
    pub generic_intro: RoleMask,
    /// Conjunctions that join two names ("en", "of").
    pub coordination: RoleMask,
    /// Articles ("de", "het", "een").
    pub article: RoleMask,
    /// Conjunctions that open a clause of their own after a comma ("maar", "doch").
    pub contrast: RoleMask,
    /// Modal auxiliaries ("kan", "moet", "wil").
    pub aux_modal: RoleMask,
    /// Conditional auxiliaries ("zou").
    pub aux_conditional: RoleMask,
    /// Past-tense auxiliaries ("was", "werd").
    pub aux_past: RoleMask,
    /// Perfect auxiliaries and the copula ("is", "heeft").
    pub aux_perfect: RoleMask,
    /// Finite verbs of intention ("verwachten", "streven").
    pub intention: RoleMask,
    /// Words that open a subordinate clause ("dat", "omdat", "die").
    pub subordinator: RoleMask,
    /// Words that open a condition ("indien").
    pub condition: RoleMask,
    /// Conjunctions that may join two clauses ("en", "maar").
    pub clause_coordinator: RoleMask,
    /// "opnieuw", "wederom".
    pub again: RoleMask,
    /// "momenteel", "nog steeds".
    pub ongoing: RoleMask,
    /// "zonder".
    pub privative: RoleMask,
    /// Participles that name a state ("gericht", "gebaseerd").
    pub stative: RoleMask,
    /// Verbs whose decision is the act ("vaststellen", "instemmen").
    pub decision: RoleMask,
    /// Finite verbs of deciding ("besluit").
    pub decision_verb: RoleMask,
    /// Words after which a verb form is a noun ("de", "van").
    pub before_noun: RoleMask,
    /// Words that make a following year or month the clause's time ("in").
    pub time_word: RoleMask,
    /// Verbs of proposing, with "voor" ("stellen … voor").
    pub proposal_verb: RoleMask,
    /// Determiners: a participle after one is an adjective or noun ("in
    /// sommige gevallen", "het gestelde").
    pub determiner: RoleMask,
    /// Prepositions.
    pub preposition: RoleMask,
    /// Words after which a list cue introduces partners ("samen", "overleg").
    pub partner_cue: RoleMask,
    /// Prepositions that open a list of partners after a cue ("met", "door").
    pub list_cue: RoleMask,
    /// Words that point at the document itself ("deze", "dit").
    pub demonstrative: RoleMask,
    /// Nouns of time that a year follows by itself ("de jaren 2018-2022").
    pub period_word: RoleMask,
    /// The last word of a lexicon term of several words.
    pub phrase_end: RoleMask,
}

impl Roles {
    /// Resolve the bits of a lexicon.
    pub fn of(lex: &Lexicon) -> Roles {
        Roles {
            stop: lex.mask("stop"),
            not_a_name: lex.mask("not_a_name"),
            name_connector: lex.mask("name_connector"),
            project_keyword: lex.mask("project_keyword"),
            pilot_keyword: lex.mask("pilot_keyword"),
            project_adjective: lex.mask("project_adjective"),
            org_intro: lex.mask("org_intro"),
            org_head_prefix: lex.mask("org_head_prefix"),
            number_word: lex.mask("number_word"),
            aux_future: lex.mask("aux_future"),
            aux_passive: lex.mask("aux_passive"),
            aux_continued: lex.mask("aux_continued"),
            negation: lex.mask("negation"),
            partial: lex.mask("partial"),
            future_time: lex.mask("future_time"),
            project_suffix: lex.mask("project_suffix"),
            org_head_suffix: lex.mask("org_head_suffix"),
            month: lex.mask(MONTH_ROLE),
            generic_intro: lex.mask(GENERIC_INTRO_ROLE),
            coordination: lex.mask("coordination"),
            article: lex.mask("article"),
            contrast: lex.mask("contrast"),
            aux_modal: lex.mask("aux_modal"),
            aux_conditional: lex.mask("aux_conditional"),
            aux_past: lex.mask("aux_past"),
            aux_perfect: lex.mask("aux_perfect"),
            intention: lex.mask("intention"),
            subordinator: lex.mask("subordinator"),
            condition: lex.mask("condition"),
            clause_coordinator: lex.mask("clause_coordinator"),
            again: lex.mask("again"),
            ongoing: lex.mask("ongoing"),
            privative: lex.mask("privative"),
            stative: lex.mask("stative"),
            decision: lex.mask("decision"),
            decision_verb: lex.mask("decision_verb"),
            before_noun: lex.mask("before_noun"),
            time_word: lex.mask("time_word"),
            proposal_verb: lex.mask("proposal_verb"),
            determiner: lex.mask("determiner"),
            preposition: lex.mask("preposition"),
            partner_cue: lex.mask("partner_cue"),
            list_cue: lex.mask("list_cue"),
            demonstrative: lex.mask("demonstrative"),
            period_word: lex.mask("period_word"),
            phrase_end: lex.mask(PHRASE_END_ROLE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_hash_tells_short_words_apart() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let h = |w: &[u8]| BuildHasherDefault::<ShortHash>::default().hash_one(w);
        let words: Vec<&[u8]> = vec![
            b"",
            b"a",
            b"ab",
            b"ab\0",
            b"ba",
            b"te",
            b"het",
            b"gemaakt",
            b"geevalueerd",
            b"geevalueere",
            b"12345678",
            b"123456789",
        ];
        let mut hashes: Vec<u64> = words.iter().map(|w| h(w)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), words.len());
        // The low bits (hashbrown's bucket) spread: 8,192 words of one
        // shape into 1,024 buckets, 8 a bucket on average.
        let mut load = vec![0u32; 1024];
        for i in 0..8192 {
            load[(h(format!("woord{i}").as_bytes()) & 1023) as usize] += 1;
        }
        assert!(load.iter().all(|&n| n <= 24), "{:?}", load.iter().max());
    }

    #[test]
    fn one_word_several_roles() {
        let mut lex = Lexicon::default();
        lex.insert("stop", "de".into(), String::new()).unwrap();
        lex.insert("name_connector", "de".into(), "x".into())
            .unwrap();
        lex.insert("stop", "het".into(), String::new()).unwrap();
        lex.finish();
        assert!(lex.has("stop", "de") && lex.has("name_connector", "de"));
        assert!(!lex.has("name_connector", "het") && !lex.has("nope", "de"));
        assert_eq!(lex.value("name_connector", "de"), Some("x"));
        assert_eq!(lex.terms_ref("stop"), ["het", "de"]);
        assert_eq!(
            lex.roles_of("de"),
            lex.mask("stop") | lex.mask("name_connector")
        );
    }
}
