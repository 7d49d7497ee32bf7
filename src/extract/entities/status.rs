//! Statuses: where a clause says something stands.
//!
//! Input: one sentence, the document's time ([`When`]: the year reported on
//! or written in, and whether the document reports, plans, minutes a
//! meeting or announces one) and the years the sentence mentions. Output:
//! at most one `status` entity per clause, with a [`StatusClass`] and
//! `partial: true` for "grotendeels"/"deels".
//!
//! The sentence is cut into clauses ([`clauses`]) at `;`, `:`, brackets,
//! commas, subordinating words ("dat", "omdat", "die") and, where both sides
//! have a verb, coordinating ones ("en", "maar"); a comma that interrupts a
//! verb group ("hebben wij, samen met X, … gemaakt") does not cut it. Each
//! clause's verb group is read from the words' verb forms (`verbs.tsv`, any
//! Dutch verb) and the auxiliaries of the lexicon, and decides the class:
//! - a condition ("indien …", "zou … worden") gives none, nor does a
//!   question;
//! - a cue phrase of `status.tsv` in the clause gives its class ("in volle
//!   gang", "loopt vertraging op"; "conform planning" by the tense); one
//!   after "zonder" is denied ("zonder vertraging");
//! - a te-infinitive without a finite verb is a decision ("de verordening
//!   vast te stellen", after "besluit" or in a list of decisions): achieved
//!   for a decision that does what it says (`decision` in the lexicon),
//!   delayed, stopped or continued for verbs of that class, else planned;
//! - a future or modal auxiliary with a verb: planned (continued and
//!   delayed verbs stay; "opnieuw" continues); "kan" only where the clause
//!   looks ahead; "blijven": continued;
//! - "wordt/worden" with a participle: planned where the clause looks ahead
//!   (a year after the reference year, "volgend jaar"), achieved in minutes
//!   of a meeting, planned in an agenda, else in progress;
//! - a perfect, a past passive or a participle standing alone at the end of
//!   its clause ("Herzien plan naar de raad verstuurd"): the verb's class
//!   (`status.tsv`: evaluated, delayed, stopped, continued …) or achieved;
//!   a budget's target written as if done is left out;
//! - a finite verb alone: the past is achieved (or the verb's class); the
//!   present is planned where the clause looks ahead or states an intention,
//!   in progress with "momenteel" or a verb of that class ("er lopen
//!   gesprekken"), achieved in minutes, else no status (a description of
//!   policy says nothing about where anything stands);
//! - a negation in the clause turns the class ([`StatusClass::negated`]).

use super::class::StatusClass;
use super::inflect::Form;
use super::prepare::Dict;
use super::verbs::Reading;
use super::vocab::{CueTense, EntityVocabulary, StatusCue};
use super::{Ctx, Found};
use crate::model::EntityKind;
use serde_json::json;

/// What kind of document a sentence stands in, for the tense of its
/// clauses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DocKind {
    /// Reports on a closed year (jaarstukken).
    Report,
    /// Plans a year (begroting, kadernota).
    Plan,
    /// Minutes of a meeting (besluitenlijst): the present narrates.
    Minutes,
    /// Announces a meeting (agenda).
    Agenda,
    /// Anything else, or unknown.
    #[default]
    Other,
}

impl DocKind {
    /// The kind of a `doc_type` value.
    pub fn of(doc_type: Option<&str>) -> DocKind {
        match doc_type {
            Some("jaarstukken" | "jaarverslag" | "jaarrekening") => DocKind::Report,
            // A report during the year: its own year is still ahead.
            Some("voortgangsrapportage" | "motieoverzicht") => DocKind::Other,
            Some("begroting" | "kadernota") => DocKind::Plan,
            Some("besluitenlijst") => DocKind::Minutes,
            Some("agenda") => DocKind::Agenda,
            _ => DocKind::Other,
        }
    }
}

/// The document's own time: the year it reports on, plans or was written
/// in, and its kind.
#[derive(Debug, Clone, Copy, Default)]
pub struct When {
    /// Reference year.
    pub year: Option<i32>,
    /// Document kind.
    pub kind: DocKind,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Aux {
    #[default]
    None,
    Future,
    Modal,
    Conditional,
    Passive,
    Perfect,
    Continued,
}

impl Aux {
    /// Its bit in a set of auxiliaries.
    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// One word as the clause reader sees it.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    aux: Aux,
    past: bool,
    verb: Reading,
    /// After an article or preposition: a verb form here is a noun.
    nominal: bool,
}

/// A cue of `status.tsv` in the sentence: tokens `first..last`, bytes
/// `s..e`.
struct Cue<'v> {
    first: usize,
    last: usize,
    s: usize,
    e: usize,
    cue: &'v StatusCue,
}

/// A clause: its token range, and the range of the clause whose
/// auxiliaries it shares.
type Clause = (usize, usize, Option<(usize, usize)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Hard,
    Comma,
    Sub,
    Coord,
    /// The rest of a clause an "om … te" clause interrupted.
    Resume,
}

const PRONOUNS: &[&str] = &["we", "wij", "ze", "zij", "jullie", "er"];

/// The per-token vectors of the clause reader, kept from sentence to
/// sentence of a document so each sentence reuses their memory instead of
/// allocating six vectors of its own.
#[derive(Default)]
pub struct Buffers {
    words: Vec<Word>,
    cuts: Vec<Option<Cut>>,
    dets: Vec<u32>,
    fin: Vec<bool>,
    verbal: Vec<bool>,
    future: Vec<usize>,
}

struct Reader<'c, 'a, 'v> {
    ctx: &'c Ctx<'a>,
    vocab: &'v EntityVocabulary,
    words: Vec<Word>,
    cues: Vec<Cue<'v>>,
    /// Per token: the cut before it (none before the first).
    cuts: Vec<Option<Cut>>,
    /// Per token: determiners before it (a prefix count).
    dets: Vec<u32>,
    /// Per token: a finite main verb ([`Reader::is_finite`]), worked out once.
    fin: Vec<bool>,
    /// Per token: any verb form or auxiliary that can carry a clause.
    verbal: Vec<bool>,
    /// The tokens that end a word or phrase of a time ahead.
    future: Vec<usize>,
}

/// A year the sentence names: its byte offset in the sentence, its value,
/// and whether it stands alone (not part of a date or period).
#[derive(Debug, Clone, Copy)]
pub struct Year {
    /// Byte offset in the sentence.
    pub at: usize,
    /// The year.
    pub year: i32,
    /// A bare year, not a date or period.
    pub bare: bool,
}

/// What a te-infinitive without a finite verb is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// Nothing that makes it a status ("om … te", purpose).
    None,
    /// A decision being taken ("besluit … te").
    Decision,
    /// A sentence without a finite verb: an item of a list of decisions
    /// ("1. In te stemmen met …").
    List,
    /// A decision already taken ("heeft besloten … te").
    Taken,
    /// A proposal ("stellen wij voor om … te").
    Proposal,
}

/// Status entities of one sentence.
pub fn find(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    when: &When,
    years: &[Year],
    bufs: &mut Buffers,
) -> Vec<Found> {
    let n = ctx.toks.len();
    if n == 0 || ctx.text.trim_end().ends_with('?') {
        return Vec::new();
    }
    let mut r = Reader::new(ctx, vocab, std::mem::take(bufs));
    // With no verb form, auxiliary or cue every clause would be verbless,
    // and [`Reader::classify`] reads nothing in a verbless clause.
    let out = if r.verbless() && !r.may_announce() {
        Vec::new()
    } else {
        r.fill();
        read(&r, ctx, vocab, when, years)
    };
    *bufs = r.into_buffers();
    out
}

/// The statuses of the clauses of a sentence read by `r`.
fn read(
    r: &Reader,
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    when: &When,
    years: &[Year],
) -> Vec<Found> {
    let spans = r.clauses();
    // No finite verb outside subordinate clauses: an item of a list of
    // decisions ("De functie … voort te zetten, indien dit … is").
    let no_finite = spans
        .iter()
        .filter(|&&(a, _, _)| {
            !ctx.is(a, vocab.roles.subordinator) && !ctx.is(a, vocab.roles.condition)
        })
        .all(|&(a, b, _)| (a..b).all(|k| !r.finite(k) && r.words[k].aux == Aux::None));
    let roles = &vocab.roles;
    let mut out = Vec::new();
    let mut context = if no_finite {
        Context::List
    } else {
        Context::None
    };
    for &(a, b, shared) in &spans {
        if let Some(f) = r.classify(a, b, shared, when, years, context) {
            out.push(f);
        }
        if ctx.any(roles.decision_verb)
            && (a..b).any(|k| ctx.is(k, roles.decision_verb) && !r.words[k].nominal)
        {
            context = Context::Decision;
        } else if ctx.any(roles.proposal_verb)
            && (a..b).any(|k| r.proposes(k, a, b) && !r.words[k].nominal)
        {
            context = Context::Proposal;
        } else if !no_finite {
            context = Context::None;
        }
    }
    out
}

impl<'c, 'a, 'v> Reader<'c, 'a, 'v> {
    /// The reader of a sentence: its words and cues; [`Reader::fill`]
    /// adds the rest.
    fn new(ctx: &'c Ctx<'a>, vocab: &'v EntityVocabulary, mut bufs: Buffers) -> Self {
        let roles = &vocab.roles;
        // Each token's roles are read once; a word's class follows from
        // them and its neighbour's.
        let not_verb = roles.month | roles.stop | roles.negation | roles.preposition;
        let mut words = std::mem::take(&mut bufs.words);
        words.clear();
        words.extend(ctx.toks.iter().enumerate().map(|(k, t)| {
            let m = t.roles;
            let after_te = k > 0 && ctx.low_is(k - 1, "te");
            let aux = if m & roles.aux_future != 0 {
                Aux::Future
            } else if m & roles.aux_conditional != 0 {
                Aux::Conditional
            } else if m & roles.aux_modal != 0 {
                Aux::Modal
            } else if m & roles.aux_passive != 0 {
                Aux::Passive
            } else if m & roles.aux_continued != 0 {
                Aux::Continued
            } else if m & roles.aux_perfect != 0 {
                Aux::Perfect
            } else {
                Aux::None
            };
            // "in te dienen": an auxiliary's form after "te" is an infinitive.
            let aux = if after_te { Aux::None } else { aux };
            let prev = k.checked_sub(1).and_then(|j| ctx.toks.get(j));
            Word {
                aux,
                past: m & roles.aux_past != 0,
                // A month ("maart") or a function word ("niet", of
                // "nieten") is no verb form.
                verb: if m & not_verb != 0 {
                    Reading::default()
                } else {
                    t.verb
                },
                // After an article, a preposition or a count ("per 4
                // weken"; not a year: "In 2022 evalueren wij"), a verb
                // form is a noun.
                nominal: prev.is_some_and(|p| {
                    p.roles & (roles.before_noun | roles.number_word) != 0
                        || (p.fe - p.fs < 4
                            && ctx
                                .folded
                                .text
                                .as_bytes()
                                .get(p.fs)
                                .is_some_and(u8::is_ascii_digit))
                }),
            }
        }));
        let mut r = Reader {
            ctx,
            vocab,
            words,
            cues: Vec::new(),
            cuts: std::mem::take(&mut bufs.cuts),
            dets: std::mem::take(&mut bufs.dets),
            fin: std::mem::take(&mut bufs.fin),
            verbal: std::mem::take(&mut bufs.verbal),
            future: std::mem::take(&mut bufs.future),
        };
        r.cues = r.find_cues();
        // A verb cue is a verb form even where verbs.tsv lacks it.
        for c in &r.cues {
            // A cue's finite form counts only split, with its prefix found
            // later ("nemen … deel"): joined ("inzet" of in|zetten) it is
            // mostly a noun.
            let reading = match c.cue.form {
                Form::Participle => Reading::PARTICIPLE,
                Form::Infinitive | Form::TeInfinitive => Reading::INFINITIVE,
                Form::Present if c.cue.split_prefix.is_some() => Reading::PRESENT,
                Form::Past if c.cue.split_prefix.is_some() => Reading::PAST,
                Form::Present | Form::Past | Form::Phrase => continue,
            };
            if let Some(w) = r.words.get_mut(c.last.saturating_sub(1)) {
                w.verb.add(reading);
            }
        }
        r
    }

    /// No cue, and no word is a verb form or an auxiliary.
    fn verbless(&self) -> bool {
        self.cues.is_empty()
            && self
                .words
                .iter()
                .all(|w| w.aux == Aux::None && w.verb.is_none())
    }

    /// The per-token facts the clauses are read by: cuts, determiner
    /// counts, finite and verbal tests, times ahead.
    fn fill(&mut self) {
        let r = self;
        let ctx = r.ctx;
        let vocab = r.vocab;
        let roles = &vocab.roles;
        let n = ctx.toks.len();
        // Each vector is filled from the ones before it: the finite test
        // reads the cuts and determiner counts, the verbal test the finite
        // one.
        let mut cuts = std::mem::take(&mut r.cuts);
        cuts.clear();
        cuts.extend((0..n).map(|k| if k == 0 { None } else { r.cut(k) }));
        r.cuts = cuts;
        let mut dets = std::mem::take(&mut r.dets);
        dets.clear();
        let mut seen = 0u32;
        dets.extend(ctx.toks.iter().map(|t| {
            let before = seen;
            seen += u32::from(t.roles & roles.determiner != 0);
            before
        }));
        r.dets = dets;
        let mut fin = std::mem::take(&mut r.fin);
        fin.clear();
        fin.extend((0..n).map(|k| r.is_finite(k)));
        r.fin = fin;
        let mut verbal = std::mem::take(&mut r.verbal);
        verbal.clear();
        verbal.extend((0..n).map(|k| r.is_verbal(k)));
        r.verbal = verbal;
        let mut future = std::mem::take(&mut r.future);
        future.clear();
        if ctx.any(roles.future_time) || ctx.may_end(&vocab.future_phrases) {
            future.extend((0..n).filter(|&k| {
                ctx.is(k, roles.future_time) || ctx.ends_phrase(k, &vocab.future_phrases)
            }));
        }
        r.future = future;
    }

    /// The vectors of the reader, for the next sentence.
    fn into_buffers(self) -> Buffers {
        Buffers {
            words: self.words,
            cuts: self.cuts,
            dets: self.dets,
            fin: self.fin,
            verbal: self.verbal,
            future: self.future,
        }
    }

    /// The cues of `status.tsv` in the sentence, whole words only; a split
    /// verb's form only with its prefix later in the sentence.
    fn find_cues(&self) -> Vec<Cue<'v>> {
        let ctx = self.ctx;
        let f = ctx.folded.text;
        let mut out = Vec::new();
        for m in ctx.hits(Dict::Status) {
            let (fs, fe) = (m.start, m.end);
            if f[..fs]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                || f[fe..].chars().next().is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let (s, e) = (ctx.folded.orig(fs), ctx.folded.orig(fe));
            let Some(first) = ctx.toks.iter().position(|t| t.e > s) else {
                continue;
            };
            let last = ctx.toks.iter().rposition(|t| t.s < e).unwrap_or(first) + 1;
            let Some(cues) = self.vocab.status.entries.get(m.pattern) else {
                continue;
            };
            let later = |p: &str| (last..ctx.toks.len().min(last + 12)).any(|k| ctx.low(k) == p);
            let Some(cue) = cues
                .iter()
                .find(|c| c.split_prefix.as_deref().is_some_and(later))
                .or_else(|| cues.iter().find(|c| c.split_prefix.is_none()))
            else {
                continue;
            };
            out.push(Cue {
                first,
                last,
                s,
                e,
                cue,
            });
        }
        out
    }

    /// A te-infinitive: "te" before it, or before the infinitive before it
    /// ("te laten verlopen").
    fn te(&self, k: usize) -> bool {
        let ctx = self.ctx;
        (k > 0 && ctx.low_is(k - 1, "te"))
            || (k > 1 && ctx.low_is(k - 2, "te") && self.words[k - 1].verb.has(Reading::INFINITIVE))
    }

    fn finite(&self, k: usize) -> bool {
        self.fin.get(k).copied().unwrap_or(false)
    }

    /// A finite main verb: a present or past form that is no noun, and an
    /// infinitive form next to a subject pronoun ("er lopen gesprekken",
    /// "verwachten wij").
    fn is_finite(&self, k: usize) -> bool {
        let w = self.words[k];
        if !(w.verb.has(Reading::PRESENT)
            || w.verb.has(Reading::PAST)
            || w.verb.has(Reading::INFINITIVE))
        {
            return false;
        }
        // A declarative sentence does not open with its finite verb: a
        // capitalised first word ("Lasten", "Start bouw …") is a noun.
        let opens = self.upper(k);
        if w.aux != Aux::None || w.nominal || self.te(k) || self.ctx.low_is(k + 1, "te") || opens {
            return false;
        }
        let ctx = self.ctx;
        let pronoun_next = [k.wrapping_sub(1), k + 1]
            .iter()
            .any(|&j| j < self.words.len() && PRONOUNS.contains(&ctx.low(j)));
        if w.verb.has(Reading::PAST) && ctx.low(k).ends_with("en") && !pronoun_next {
            // A plural past is also a plural noun ("baten en lasten"): it
            // needs a subject, a pronoun beside it or a noun phrase before
            // it, and no "en" just before.
            return self.has_subject(0, k);
        }
        if w.verb.has(Reading::PAST)
            && ctx.low(k).ends_with(['e'])
            && !pronoun_next
            && self.attributive(k, self.words.len())
            && !self.has_subject(0, k)
        {
            // "laatst bekende realisatie": a past in -de/-te before a noun
            // is an adjective.
            return false;
        }
        if w.verb.has(Reading::PRESENT) || w.verb.has(Reading::PAST) {
            return true;
        }
        w.verb.has(Reading::INFINITIVE) && pronoun_next
    }

    /// A capitalised word in mid-sentence is a name or a noun ("Kansrijke
    /// Start", "Beschermd Wonen", a table's "Lasten"), not a verb; only the
    /// first word of a sentence or of a part after a colon or bullet
    /// ("Status: Aangenomen") may be one.
    fn in_name(&self, k: usize) -> bool {
        self.upper(k) && k > 0 && self.cut_before(k) != Some(Cut::Hard)
    }

    /// Token `k` as written starts with a capital.
    fn upper(&self, k: usize) -> bool {
        self.ctx.orig(k).starts_with(char::is_uppercase)
    }

    fn verbal(&self, k: usize) -> bool {
        self.verbal.get(k).copied().unwrap_or(false)
    }

    fn is_verbal(&self, k: usize) -> bool {
        let w = self.words[k];
        w.aux != Aux::None
            || self.finite(k)
            || (w.verb.has(Reading::PARTICIPLE) && !self.ctx.is(k, self.vocab.roles.stative))
            || (w.verb.has(Reading::INFINITIVE) && self.te(k))
    }

    fn has_verb(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| self.verbal(k))
    }

    /// Whether a plural verb form at `k` has a noun phrase before it (from
    /// `a`) to be its subject: a determiner, and no "en"/"of" just before
    /// ("baten en lasten" are nouns).
    fn has_subject(&self, a: usize, k: usize) -> bool {
        let ctx = self.ctx;
        // Not right after a determiner or an inflected adjective ("de
        // lasten", "lagere lasten"): those are inside the noun phrase.
        if k <= a {
            return false;
        }
        let prev = ctx.low(k - 1);
        let adjective = prev.len() > 3 && prev.ends_with('e') && self.words[k - 1].verb.is_none();
        let in_phrase = adjective
            || ctx.is(k - 1, self.vocab.roles.clause_coordinator)
            || ctx.is(k - 1, self.vocab.roles.determiner);
        !in_phrase && self.dets[k] > self.dets[a]
    }

    /// A verb of proposing at `k` in clause `a..b`: "voorstellen", or
    /// "stellen" with "voor" in the clause.
    fn proposes(&self, k: usize, a: usize, b: usize) -> bool {
        let ctx = self.ctx;
        ctx.is(k, self.vocab.roles.proposal_verb)
            && (ctx.low(k).starts_with("voor") || (a..b).any(|j| ctx.low_is(j, "voor")))
    }

    /// A verb that heads a verb group in `a..b`, or a cue phrase: no
    /// auxiliary alone.
    fn has_head(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| self.words[k].aux == Aux::None && self.verbal(k))
            || (self
                .cues
                .iter()
                .any(|c| c.cue.form == Form::Phrase && c.first >= a && c.last <= b)
                && (a..b).all(|k| matches!(self.words[k].aux, Aux::None | Aux::Perfect)))
    }

    /// A finite verb or auxiliary in `a..b`.
    fn has_finite(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| self.words[k].aux != Aux::None || self.finite(k))
    }

    fn cut_before(&self, k: usize) -> Option<Cut> {
        self.cuts.get(k).copied().flatten()
    }

    /// "als" before a subject ("als het gaat om …", "als we niets doen"):
    /// a condition or comparison, not "as" ("als onderdeel van").
    fn if_clause(&self, k: usize) -> bool {
        let ctx = self.ctx;
        ctx.low_is(k, "als")
            && (ctx.low_is(k + 1, "het") || PRONOUNS.contains(&ctx.low(k + 1)))
            // "zowel het percentage als het aantal": a coordination.
            && !(0..k).any(|j| ctx.low_is(j, "zowel"))
    }

    fn cut(&self, k: usize) -> Option<Cut> {
        let ctx = self.ctx;
        let (p, t) = (ctx.toks[k - 1], ctx.toks[k]);
        let gap = ctx.text.as_bytes().get(p.e..t.s).unwrap_or(&[]);
        let roles = &self.vocab.roles;
        let sub = || t.roles & roles.subordinator != 0 || self.if_clause(k);
        if gap == b" " || gap.is_empty() {
            // No punctuation between the words: only a word can cut.
            return if sub() {
                Some(Cut::Sub)
            } else if t.roles & roles.clause_coordinator != 0 {
                Some(Cut::Coord)
            } else {
                None
            };
        }
        let gap = ctx.text.get(p.e..t.s).unwrap_or("");
        if gap.contains([';', ':', '?', '!', '•', '\t', '\n', '|'])
            || gap.contains(" - ")
            || gap.contains(" – ")
        {
            Some(Cut::Hard)
        } else if sub() {
            // Also after a comma: ", die in 2024 …" is a clause of its own.
            Some(Cut::Sub)
        } else if gap.contains([',', '(', ')', '[', ']']) {
            Some(Cut::Comma)
        } else if t.roles & roles.clause_coordinator != 0 {
            Some(Cut::Coord)
        } else {
            None
        }
    }

    /// Whether the clause `a..b` has a finite auxiliary and no verb it
    /// governs, or non-finite verbs and no finite one: the two halves of a
    /// verb group a comma has cut.
    fn open_aux(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| self.words[k].aux != Aux::None)
            && !(a..b).any(|k| {
                let w = self.words[k];
                w.aux == Aux::None
                    && (w.verb.has(Reading::PARTICIPLE) || w.verb.has(Reading::INFINITIVE))
            })
    }

    fn open_verbs(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| {
            let w = self.words[k];
            w.aux == Aux::None
                && (w.verb.has(Reading::PARTICIPLE) || w.verb.has(Reading::INFINITIVE))
        }) && !(a..b).any(|k| self.words[k].aux != Aux::None || self.finite(k))
    }

    /// The clauses of the sentence as token ranges, each with the range of
    /// the clause whose auxiliaries it shares (the second of two
    /// coordinated heads without a finite verb of its own).
    fn clauses(&self) -> Vec<Clause> {
        let n = self.words.len();
        let mut segs: Vec<(usize, usize, Cut)> = Vec::new();
        let mut start = 0;
        let mut cut = Cut::Hard;
        for k in 1..n {
            if let Some(c) = self.cut_before(k) {
                segs.push((start, k, cut));
                start = k;
                cut = c;
            }
        }
        segs.push((start, n, cut));
        let mut out: Vec<(usize, usize, Cut)> = Vec::with_capacity(segs.len());
        for (a, b, c) in segs {
            let merge = match (c, out.last()) {
                // Two verb groups, or two heads sharing the first one's
                // auxiliary ("is geëvalueerd en … overgezet"); not an
                // auxiliary whose participle comes after the "en".
                (Cut::Coord, Some(&(pa, pb, _))) => !(self.has_head(pa, pb) && self.has_verb(a, b)),
                // After a subordinate clause, a main clause opening with
                // its finite verb (", zijn afgevoerd") is its own.
                (Cut::Comma, Some(&(_, _, pc)))
                    if pc == Cut::Sub && self.words[a].aux != Aux::None =>
                {
                    false
                }
                (Cut::Comma, Some(&(pa, pb, _))) => {
                    !self.has_verb(a, b)
                        || !self.has_verb(pa, pb)
                        || (self.open_aux(pa, pb) && self.open_verbs(a, b))
                }
                _ => false,
            };
            match out.last_mut() {
                Some(last) if merge => last.1 = b,
                _ => out.push((a, b, c)),
            }
        }
        // "om … te + infinitive" ends at its infinitive; what follows
        // resumes the clause it interrupted ("is de vergunning om te starten
        // met de bouw afgegeven").
        let mut split: Vec<(usize, usize, Cut)> = Vec::with_capacity(out.len());
        for &(a, b, c) in &out {
            let end = self
                .ctx
                .low_is(a, "om")
                .then(|| (a + 1..b).find(|&t| self.te(t)))
                .flatten()
                .filter(|&t| t + 1 < b && self.has_verb(t + 1, b));
            match end {
                Some(t) => {
                    split.push((a, t + 1, c));
                    split.push((t + 1, b, Cut::Resume));
                }
                None => split.push((a, b, c)),
            }
        }
        let mut res: Vec<Clause> = Vec::with_capacity(split.len());
        for (k, &(a, b, c)) in split.iter().enumerate() {
            let shared = match (c, k.checked_sub(1).and_then(|j| split.get(j))) {
                (Cut::Coord, Some(&(pa, pb, _))) if !self.has_finite(a, b) => Some((pa, pb)),
                (Cut::Resume, _) => k
                    .checked_sub(2)
                    .and_then(|j| split.get(j))
                    .map(|&(pa, pb, _)| (pa, pb)),
                _ => None,
            };
            res.push((a, b, shared));
        }
        res
    }

    fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        self.ctx.span(a, b)
    }

    /// Whether the clause looks ahead: a future time phrase; a year after
    /// the reference year (at or after it, outside reports), a bare year
    /// only as the clause's time ("in 2024 wordt", not "jaarplan voor
    /// 2024"); a month or quarter named as its time ("begin oktober",
    /// "in Q3").
    fn ahead(&self, a: usize, b: usize, when: &When, years: &[Year]) -> bool {
        let ctx = self.ctx;
        let roles = &self.vocab.roles;
        if self.future.iter().any(|&k| (a..b).contains(&k)) {
            return true;
        }
        if (a + 1..b).any(|k| {
            ctx.is(k - 1, roles.time_word)
                && (ctx.is(k, roles.month) || matches!(ctx.low(k), "q1" | "q2" | "q3" | "q4"))
                && !self.year_in(k, (k + 3).min(b), years, |_| true)
        }) {
            return true;
        }
        let (s, e) = self.bytes(a, b);
        when.year.is_some_and(|r| {
            years.iter().any(|y| {
                y.at >= s
                    && y.at < e
                    && (y.year > r || (y.year == r && when.kind != DocKind::Report))
                    && (!y.bare || self.time_of_clause(y.at))
            })
        })
    }

    /// Whether the year at byte `at` follows a time word ("in", "medio").
    fn time_of_clause(&self, at: usize) -> bool {
        let ctx = self.ctx;
        ctx.toks
            .iter()
            .position(|t| t.s == at)
            .and_then(|k| k.checked_sub(1))
            .is_some_and(|k| ctx.is(k, self.vocab.roles.time_word))
    }

    fn year_in(&self, a: usize, b: usize, years: &[Year], pred: impl Fn(i32) -> bool) -> bool {
        let (s, e) = self.bytes(a, b);
        years.iter().any(|y| y.at >= s && y.at < e && pred(y.year))
    }

    /// The verb cue of `status.tsv` on token `k`.
    fn verb_cue(&self, k: usize) -> Option<&'v StatusCue> {
        self.cues
            .iter()
            .filter(|c| c.cue.form != Form::Phrase && c.first <= k && k < c.last)
            .map(|c| c.cue)
            .next()
    }

    fn negated(&self, a: usize, b: usize) -> bool {
        let ctx = self.ctx;
        let roles = &self.vocab.roles;
        ctx.any(roles.negation)
            && (a..b).any(|k| {
                if !ctx.is(k, roles.negation) {
                    return false;
                }
                let (next, after) = (ctx.low(k + 1), ctx.low(k + 2));
                // "niet alleen", "niet meer dan": no negation of the clause.
                let idiom = matches!(next, "alleen" | "enkel" | "eerder")
                    || (matches!(next, "meer" | "minder") && after == "dan");
                !idiom && !(k.saturating_sub(2)..k).any(|j| j >= a && ctx.is(j, roles.privative))
            })
    }

    fn partial(&self, a: usize, b: usize) -> bool {
        let ctx = self.ctx;
        let roles = &self.vocab.roles;
        (ctx.any(roles.partial) || ctx.may_end(&self.vocab.partial_phrases))
            && (a..b).any(|k| {
                ctx.is(k, roles.partial) || ctx.ends_phrase(k, &self.vocab.partial_phrases)
            })
    }

    /// The status of clause `a..b`, if it says where something stands.
    #[allow(clippy::too_many_lines)]
    fn classify(
        &self,
        a: usize,
        b: usize,
        shared: Option<(usize, usize)>,
        when: &When,
        years: &[Year],
        context: Context,
    ) -> Option<Found> {
        use StatusClass as S;
        let ctx = self.ctx;
        let roles = &self.vocab.roles;
        if ctx.is(a, roles.condition)
            || self.if_clause(a)
            || (a..b).any(|k| self.words[k].aux == Aux::Conditional)
        {
            return None;
        }
        let (sa, sb) = shared.unwrap_or((a, a));
        // The auxiliaries of the clause and of the one it shares them with,
        // gathered in one pass: a bit per kind.
        let mut auxes = 0u8;
        let mut past_aux = false;
        let mut verbs = false;
        for w in (a..b).chain(sa..sb).filter_map(|k| self.words.get(k)) {
            auxes |= w.aux.bit();
            past_aux |= w.past;
            verbs |= !w.verb.is_none();
        }
        // No verb form, auxiliary or cue phrase: nothing to read.
        let verbless = auxes & !Aux::None.bit() == 0 && !verbs;
        if verbless && !self.cues.iter().any(|c| c.first < b && a < c.last) {
            let k = self.announced(a, b, when, years)?;
            return self.found(S::Planned, self.tok(k), a, b);
        }
        let has = |aux: Aux| auxes & aux.bit() != 0;
        let (modal, passive, perfect, cont) = (
            has(Aux::Modal),
            has(Aux::Passive),
            has(Aux::Perfect),
            has(Aux::Continued),
        );
        let parts: Vec<usize> = (a..b)
            .filter(|&k| {
                let w = self.words[k];
                w.aux == Aux::None
                    && w.verb.has(Reading::PARTICIPLE)
                    && !self.te(k)
                    && !self.in_name(k)
                    && !self.stative(k, a, b)
                    && (k == 0 || !ctx.is(k - 1, roles.determiner))
            })
            .collect();
        let infs: Vec<usize> = (a..b)
            .filter(|&k| {
                let w = self.words[k];
                w.aux == Aux::None
                    && w.verb.has(Reading::INFINITIVE)
                    && !self.in_name(k)
                    && (self.te(k) || (!w.nominal && (has(Aux::Future) || modal || cont)))
            })
            .collect();
        let mut fins: Vec<usize> = (a..b)
            .filter(|&k| {
                self.finite(k)
                    && !(self.words[k].verb.has(Reading::PARTICIPLE) && (perfect || passive))
            })
            .collect();
        if fins.is_empty() && parts.is_empty() && infs.is_empty() && auxes & !Aux::None.bit() == 0 {
            // A plural present with a subject that is no pronoun ("de
            // resultaten komen beschikbaar"): the clause's only verb form.
            fins.extend((a..b).find(|&k| {
                let w = self.words[k];
                w.verb.has(Reading::INFINITIVE)
                    && !w.nominal
                    && !self.te(k)
                    && !ctx.low_is(k + 1, "te")
                    && self.has_subject(a, k)
            }));
        }
        let phrase = self.cues.iter().rfind(|c| {
            let denied =
                (c.first.saturating_sub(2)..c.first).any(|j| j >= a && ctx.is(j, roles.privative));
            // Not inside a name ("'Gooise Meren op Koers'").
            let named = (c.first..c.last).any(|j| self.in_name(j));
            c.cue.form == Form::Phrase && c.first >= a && c.last <= b && !denied && !named
        });
        // "gaat" with no verb to govern is "to go", not the future; "zullen
        // … zijn" and "gaan … in gesprek" are.
        let future = has(Aux::Future)
            && (!parts.is_empty()
                || !infs.is_empty()
                || phrase.is_some()
                || (a..b).any(|k| {
                    matches!(
                        self.words[k].aux,
                        Aux::Perfect | Aux::Passive | Aux::Continued
                    ) && ctx.low(k).ends_with('n')
                }));
        let ahead = self.ahead(a, b, when, years);
        // "zetten" is a past plural and a present plural: the present wins.
        let past_fin = fins.iter().any(|&k| {
            let v = self.words[k].verb;
            v.has(Reading::PAST) && !v.has(Reading::PRESENT) && !v.has(Reading::INFINITIVE)
        });
        let done = past_aux || past_fin || (perfect && !parts.is_empty());
        let again = ctx.any(roles.again) && (a..b).any(|k| ctx.is(k, roles.again));
        let ongoing = ctx.any(roles.ongoing) && (a..b).any(|k| ctx.is(k, roles.ongoing));
        let special = |c: Option<&StatusCue>, keep: &[StatusClass]| {
            c.map(|c| c.class).filter(|c| keep.contains(c))
        };
        let holds =
            |c: Option<&StatusCue>| c.filter(|c| c.tense == CueTense::Holds).map(|c| c.class);
        let te_inf = infs.iter().rev().copied().find(|&k| self.te(k));
        let decider = te_inf.and_then(|k| {
            (a..k).find(|&j| ctx.is(j, roles.decision_verb) && !self.words[j].nominal)
        });
        // "dat we voorstellen het budget door te schuiven".
        let proposer =
            te_inf.and_then(|k| (a..k).find(|&j| self.proposes(j, a, b) && !self.words[j].nominal));
        let mut negation_to = b;

        let (class, span) = if let Some(p) = phrase {
            // 1. A cue phrase.
            let class = if p.cue.tense == CueTense::Follows && done {
                S::Achieved
            } else if future || (modal && ahead) {
                match p.cue.class {
                    S::Delayed | S::Stopped | S::NotAchieved => p.cue.class,
                    _ => S::Planned,
                }
            } else {
                p.cue.class
            };
            (class, (p.s, p.e))
        } else if let Some(k) = te_inf.filter(|_| {
            decider.is_some()
                || proposer.is_some()
                || (fins.is_empty() && !perfect && !passive && !future && !modal)
        }) {
            // 2. A decision: a te-infinitive after "besluit", or with no
            // finite verb in a list of decisions or after a proposal.
            let figures_after =
                (k + 1..b).all(|j| ctx.low(j).starts_with(|c: char| c.is_ascii_digit()));
            let context = if context == Context::List
                && ((ctx.sentence.in_table && figures_after && k + 1 < b)
                    || ctx.is(a, roles.subordinator))
            {
                // A table's row label ("Totaal nog te realiseren | 317.458")
                // or a subordinate clause ("dat … te maken krijgen") is no
                // item of a list of decisions.
                Context::None
            } else if proposer.is_some() && decider.is_none() {
                Context::Proposal
            } else if let Some(j) = decider {
                // A negation after "besloten" is what was decided ("geen
                // zienswijze in te dienen"), not a decision not taken.
                negation_to = j;
                // "heeft besloten … te laten uitvoeren": the decision was
                // taken.
                if perfect || past_aux || past_fin {
                    Context::Taken
                } else {
                    Context::Decision
                }
            } else {
                context
            };
            let span_from = self.particle(k).unwrap_or(k - 1);
            let cue = special(self.verb_cue(k), &[S::Delayed, S::Stopped, S::Continued]);
            let class = match context {
                Context::None => return None,
                _ if cue.is_some() => cue?,
                Context::Taken => S::Achieved,
                Context::Proposal => S::Planned,
                Context::Decision | Context::List => {
                    if self.decision(k) {
                        S::Achieved
                    } else {
                        S::Planned
                    }
                }
            };
            (class, (ctx.toks[span_from].s, ctx.toks[k].e))
        } else if modal && cont && !(parts.is_empty() && infs.is_empty()) {
            // "moet … blijven worden": work that must go on is under way.
            let k = *parts.last().or(infs.last())?;
            (S::InProgress, self.tok(k))
        } else if !future
            && (a..b).any(|k| {
                self.words[k].aux == Aux::Modal
                    && ctx.low(k).ends_with("en")
                    && (a..k).any(|j| self.words[j].aux == Aux::Perfect)
            })
            && !infs.is_empty()
        {
            // "hebben … kunnen vervullen": a perfect.
            let k = *infs.last()?;
            let class = special(
                self.verb_cue(k),
                &[S::Evaluated, S::Delayed, S::Stopped, S::Continued],
            )
            .unwrap_or(S::Achieved);
            (class, self.tok(k))
        } else if (future || modal) && !(parts.is_empty() && infs.is_empty() && !future) {
            // 3. Future and modal.
            let can_only = (a..b).all(|k| {
                self.words[k].aux != Aux::Modal
                    || matches!(
                        ctx.low(k),
                        "kan" | "kunnen" | "kon" | "konden" | "mag" | "mogen"
                    )
            });
            if !future && can_only && !ahead {
                return None;
            }
            let k = parts
                .last()
                .or(infs.last())
                .copied()
                .or_else(|| (a..b).rev().find(|&k| self.words[k].aux != Aux::None))?;
            let class = special(self.verb_cue(k), &[S::Continued, S::Delayed])
                .unwrap_or(if again { S::Continued } else { S::Planned });
            (class, self.tok(k))
        } else if cont && !(parts.is_empty() && infs.is_empty()) {
            let k = *infs.last().or(parts.last())?;
            (S::Continued, self.tok(k))
        } else if let Some(k) = self.participle(
            &parts,
            a,
            b,
            passive || perfect || past_aux,
            fins.is_empty(),
        ) {
            // 4. Participles.
            let cue = self.verb_cue(k);
            if passive && !past_aux && !perfect {
                let class = if ahead {
                    special(cue, &[S::Continued, S::Delayed]).unwrap_or(S::Planned)
                } else if let Some(c) = special(cue, &[S::Delayed, S::Stopped, S::Continued]) {
                    c
                } else if ongoing {
                    S::InProgress
                } else {
                    match when.kind {
                        DocKind::Minutes => S::Achieved,
                        DocKind::Agenda => S::Planned,
                        _ => S::InProgress,
                    }
                };
                (class, self.tok(k))
            } else {
                if when.kind == DocKind::Plan
                    && when.year.is_some_and(|r| {
                        let (s, e) = self.bytes(a, b);
                        years
                            .iter()
                            .any(|y| y.bare && y.at >= s && y.at < e && y.year >= r)
                    })
                {
                    // A budget's target written as if done ("In 2025 is
                    // het plan uitgevoerd"); a dated event stays.
                    return None;
                }
                let class = holds(cue)
                    .or_else(|| cue.map(|c| c.class).filter(|c| *c != S::InProgress))
                    .unwrap_or(S::Achieved);
                (class, self.tok(k))
            }
        } else if let Some(&k) = fins.first() {
            // 5. A finite verb alone.
            let cue = self.verb_cue(k);
            let class = if past_fin {
                holds(cue)
                    .or_else(|| {
                        cue.map(|c| c.class)
                            .filter(|c| !matches!(c, S::InProgress | S::Planned))
                    })
                    .unwrap_or(S::Achieved)
            } else if ahead {
                special(cue, &[S::Continued, S::Delayed]).unwrap_or(S::Planned)
            } else if ctx.any(roles.intention) && (a..b).any(|j| ctx.is(j, roles.intention)) {
                S::Planned
            } else if ongoing {
                S::InProgress
            } else if let Some(c) = special(cue, &[S::InProgress, S::Continued, S::Evaluated]) {
                if c == S::Evaluated {
                    S::InProgress
                } else {
                    c
                }
            } else if when.kind == DocKind::Minutes
                || (when.kind == DocKind::Report
                    && when
                        .year
                        .is_some_and(|r| self.year_in(a, b, years, |y| y == r)))
            {
                // Minutes narrate in the present; so does a report about
                // its own year ("we sluiten 2022 af met …").
                S::Achieved
            } else if self.no_longer(a, b) {
                // "voldoet niet meer", "werkt nog niet": a state that fails.
                return self.found(S::NotAchieved, self.tok(k), a, b);
            } else {
                return None;
            };
            (class, self.tok(k))
        } else if let Some(k) = (a..b)
            .find(|&j| ctx.is(j, roles.intention))
            .filter(|_| !done)
        {
            // "wordt in Q1 verwacht": an expectation.
            (S::Planned, self.tok(k))
        } else if let Some(k) = self
            .announced(a, b, when, years)
            .filter(|_| fins.is_empty() && parts.is_empty() && infs.is_empty())
        {
            // "De oplevering is in september": an event set for later.
            (S::Planned, self.tok(k))
        } else {
            return None;
        };
        // "heeft in 2023 wederom het beheer uitgevoerd": what was done again
        // is kept going.
        let class = if again && class == S::Achieved {
            S::Continued
        } else {
            class
        };
        let class = if self.negated(a, negation_to) {
            class.negated()?
        } else {
            class
        };
        self.found(class, span, a, b)
    }

    /// The participle that heads the clause: with an auxiliary the last
    /// one; without one, a participle that stands alone as the predicate —
    /// at the clause's start or end ("Vastgesteld in de vergadering van …",
    /// "… naar de raad verstuurd") — or after "als" ("beschouwt de
    /// toezegging als afgedaan").
    fn participle(
        &self,
        parts: &[usize],
        a: usize,
        b: usize,
        aux: bool,
        no_finite: bool,
    ) -> Option<usize> {
        if let Some(&k) = parts
            .iter()
            .find(|&&k| k > a && self.ctx.low_is(k - 1, "als"))
        {
            return Some(k);
        }
        if aux {
            // The verb group's participle, not one used as an adjective
            // before a noun ("is … de aangenomen motie"): a content word
            // after it that is no verb form makes it attributive.
            return parts
                .iter()
                .rev()
                .copied()
                .find(|&k| !self.attributive(k, b));
        }
        if !no_finite {
            return None;
        }
        // "brieven gestuurd naar de minister": a phrase after it, no noun.
        let predicate = |k: usize| {
            k + 1 == b
                || self.ctx.is(k + 1, self.vocab.roles.before_noun)
                || self.ctx.is(k + 1, self.vocab.roles.time_word)
        };
        match (parts.first(), parts.last()) {
            (Some(&f), _) if f == a => Some(f),
            (_, Some(&l)) if predicate(l) && !self.after_adjectives(l) => Some(l),
            _ => None,
        }
    }

    /// Whether the word at `k` follows a determiner and adjectives only
    /// (words ending in an `adjective_suffix`, inflected or not, and
    /// figures: "het tienjarig bestaan", "het 500-jarig bestaan"): a noun,
    /// whatever verb form it shares.
    fn after_adjectives(&self, k: usize) -> bool {
        let ctx = self.ctx;
        let suffixes = self.vocab.lexicon.terms_ref("adjective_suffix");
        let adjective = |j: usize| {
            let w = ctx.low(j);
            let w = w.strip_suffix('e').unwrap_or(w);
            suffixes
                .iter()
                .any(|s| w.len() > s.len() + 1 && w.ends_with(s.as_str()))
                || w.bytes().all(|c| c.is_ascii_digit())
        };
        let mut j = k;
        while j > 0 && adjective(j - 1) {
            j -= 1;
        }
        j < k && j > 0 && ctx.is(j - 1, self.vocab.roles.determiner)
    }

    /// Whether the participle at `k` stands before a noun: the next word of
    /// its clause is a content word, neither a function word nor a verb
    /// form nor a number.
    fn attributive(&self, k: usize, b: usize) -> bool {
        let ctx = self.ctx;
        let n = k + 1;
        n < b
            && self.cut_before(n).is_none()
            && !ctx.is(n, self.vocab.roles.stop)
            && !ctx.is(n, self.vocab.roles.preposition)
            && !ctx.is(n, self.vocab.roles.time_word)
            && self.words[n].verb.is_none()
            && self.words[n].aux == Aux::None
            && !ctx.low(n).starts_with(|c: char| c.is_ascii_digit())
            // "m.b.t." reads as single letters.
            && ctx.low(n).chars().nth(1).is_some()
    }

    /// The separable particle before "te" of a te-infinitive at `k` ("vast
    /// te stellen"), when particle and verb make a verb.
    fn particle(&self, k: usize) -> Option<usize> {
        let ctx = self.ctx;
        let p = k.checked_sub(2)?;
        let joined = format!("{}{}", ctx.low(p), ctx.low(k));
        (ctx.low_is(p + 1, "te")
            && (self
                .vocab
                .words
                .verbs()
                .reading(&joined)
                .has(Reading::INFINITIVE)
                || self
                    .vocab
                    .lexicon
                    .has("decision", &format!("{} {}", ctx.low(p), ctx.low(k)))))
        .then_some(p)
    }

    /// Whether the te-infinitive at `k` is a decision that does what it
    /// says ("vast te stellen", "in te stemmen", "akkoord te geven").
    fn decision(&self, k: usize) -> bool {
        let ctx = self.ctx;
        let lex = &self.vocab.lexicon;
        match self.particle(k) {
            Some(p) => {
                lex.has("decision", &format!("{}{}", ctx.low(p), ctx.low(k)))
                    || lex.has("decision", &format!("{} {}", ctx.low(p), ctx.low(k)))
            }
            None => lex.has("decision", ctx.low(k)),
        }
    }

    /// "niet meer", "nog niet", "nog geen" in `a..b`.
    fn no_longer(&self, a: usize, b: usize) -> bool {
        let ctx = self.ctx;
        let neg = self.vocab.roles.negation;
        (a..b).any(|k| {
            (ctx.is(k, neg) && ctx.low_is(k + 1, "meer"))
                || (ctx.low_is(k, "nog") && ctx.is(k + 1, neg))
        })
    }

    /// Whether the participle at `k` names a state in clause `a..b`: one
    /// of the lexicon's `stative` participles ("is gelegen", "is gericht
    /// op"), unless it is marked `adjective`, a form of "hebben" is the
    /// last auxiliary of a perfect before it (not "… heeft … is nog niet
    /// bekend") with no other participle between them ("hebben gemaakt
    /// (… als bedoeld in …)"), and it closes the verb group: at the
    /// clause's end or before a preposition ("heeft zes weken ter inzage
    /// gelegen", "hebben wij betrokken via diverse overleggen"; not "de
    /// verbonden partijen").
    fn stative(&self, k: usize, a: usize, b: usize) -> bool {
        let ctx = self.ctx;
        let roles = &self.vocab.roles;
        let lexicon = &self.vocab.lexicon;
        if !ctx.is(k, roles.stative) {
            return false;
        }
        let perfect = lexicon.value("stative", ctx.low(k)) == Some("adjective")
            && (k + 1 == b || ctx.is(k + 1, roles.preposition | roles.time_word))
            && (a..k)
                .rev()
                .find(|&j| self.words[j].aux == Aux::Perfect)
                .is_some_and(|j| {
                    lexicon.value("aux_perfect", ctx.low(j)) == Some("hebben")
                        && (j + 1..k).all(|i| !self.words[i].verb.has(Reading::PARTICIPLE))
                });
        !perfect
    }

    /// Whether a sentence without a verb form may still announce an event
    /// ([`Reader::announced`]): it names a time, and one of its words is a
    /// verbal noun.
    fn may_announce(&self) -> bool {
        let ctx = self.ctx;
        let roles = &self.vocab.roles;
        !ctx.sentence.heading
            && ctx.any(roles.time_word | roles.future_time)
            && (0..ctx.toks.len()).any(|k| self.verbal_noun(k))
    }

    /// An event named by a verbal noun at the head of a clause whose rest,
    /// from its first time word on, is the time set for it, a time ahead:
    /// "Afronding onderzoek naar verwachting in Q1 2021", "De oplevering is
    /// in september". A clause that says more after its time says something
    /// else of the noun ("De raming is in 2021 lager dan in 2020"); one with
    /// a negation, of three words or fewer (a table's "Realisatie 2024"
    /// heads a column) or in a heading is none.
    fn announced(&self, a: usize, b: usize, when: &When, years: &[Year]) -> Option<usize> {
        let ctx = self.ctx;
        let roles = &self.vocab.roles;
        let head = if ctx.is(a, roles.determiner) {
            a + 1
        } else {
            a
        };
        if ctx.sentence.heading || b <= a + 3 || head >= b || !self.verbal_noun(head) {
            return None;
        }
        let expected = |k: usize| {
            (ctx.low_is(k, "naar") && ctx.low_is(k + 1, "verwachting"))
                || (k > 0 && ctx.low_is(k - 1, "naar") && ctx.low_is(k, "verwachting"))
        };
        let time = (head + 1..b).find(|&k| ctx.is(k, roles.time_word) || expected(k))?;
        // The time's words: time words, months, figures, articles, "van",
        // "en", and a word before a time word ("eerste kwartaal").
        let of_time = |k: usize| {
            ctx.is(k, roles.time_word | roles.month | roles.determiner)
                || ctx.low(k).bytes().all(|c| c.is_ascii_digit())
                || ctx.low_is(k, "van")
                || ctx.low_is(k, "en")
                || expected(k)
                || (k + 1 < b && ctx.is(k + 1, roles.time_word))
        };
        ((time..b).all(of_time) && !self.negated(a, b) && self.ahead(a, b, when, years))
            .then_some(head)
    }

    /// Token `k` is a noun made of a verb by a suffix of the lexicon's
    /// `verbal_noun` rows: "afronding" of "afronden", "evaluatie" of
    /// "evalueren".
    fn verbal_noun(&self, k: usize) -> bool {
        let low = self.ctx.low(k);
        let lexicon = &self.vocab.lexicon;
        lexicon.terms_ref("verbal_noun").iter().any(|suffix| {
            low.len() >= suffix.len() + 3
                && low.ends_with(suffix.as_str())
                && lexicon.value("verbal_noun", suffix).is_some_and(|ending| {
                    let verb = format!("{}{ending}", &low[..low.len() - suffix.len()]);
                    self.vocab.words.get(&verb).verb.has(Reading::INFINITIVE)
                })
        })
    }

    fn found(&self, class: StatusClass, span: (usize, usize), a: usize, b: usize) -> Option<Found> {
        let mut found = Found::new(EntityKind::Status, span.0, span.1, json!(class.as_str()));
        found.class = Some(class);
        found.verb_class = self
            .cues
            .iter()
            .find(|c| c.cue.form != Form::Phrase && c.s < span.1 && span.0 < c.e)
            .map(|c| c.cue.class);
        if self.partial(a, b) {
            found.extra.insert("partial".into(), json!(true));
        }
        Some(found)
    }

    fn tok(&self, k: usize) -> (usize, usize) {
        let t = self.ctx.toks[k];
        (t.s, t.e)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::found_in;
    use crate::model::EntityKind;

    #[test]
    fn table_of_statuses() {
        let cases: &[(&str, &str)] = &[
            ("Dit is, mede door de Coronacrisis, nog niet gelukt.", "not_achieved"),
            ("Dit zal in 2022 nader uitgewerkt worden.", "planned"),
            ("De Pilot is geëvalueerd.", "evaluated"),
            // Done again: kept going.
            ("In 2023 heeft de stichting wederom het beheer uitgevoerd.", "continued"),
            // "zowel … als het": a coordination, the clause goes on.
            ("Zowel het percentage als het aantal jongeren is in 2023 gedaald.", "achieved"),
            ("Het college besloot om de aanpak structureel voort te zetten vanaf januari 2022.", "continued"),
            ("De aanbevelingen zijn grotendeels uitgevoerd.", "achieved"),
            ("Daar zijn de aanbevelingen deels nog niet uitgevoerd.", "not_achieved"),
            ("Deze herijking is gepland voor 2022.", "planned"),
            ("Dit wordt regionaal gemonitord.", "in_progress"),
            ("Dit zullen wij lokaal monitoren.", "planned"),
            ("Regionaal is er een handreiking ontwikkeld die lokaal geïmplementeerd gaat worden.", "planned"),
            ("Dit blijven we continueren.", "continued"),
            ("De jeugdhulpregio is bezig met een heroriëntatie.", "in_progress"),
            ("die in 2018 is afgerond.", "achieved"),
            ("Het convenant is in maart ondertekend.", "achieved"),
            ("De eerste woningen zijn opgeleverd.", "achieved"),
            ("De oplevering is uitgesteld tot 2025.", "delayed"),
            ("Het project is doorgeschoven naar volgend jaar.", "delayed"),
            ("De subsidie komt te vervallen.", "stopped"),
            ("De bouw is stopgezet.", "stopped"),
            // The future of the clause after "doch" is not the cue's.
            ("De visie is vertraagd door corona, doch zal in 2021 ingevoerd zijn.", "delayed"),
            ("De visie is vertraagd door corona, doch zal in 2021 ingevoerd zijn.", "planned"),
            // Any verb, by its verb group.
            ("In 2023 hebben wij een collectieprofiel gemaakt.", "achieved"),
            ("Tot slot is een advies geschreven.", "achieved"),
            ("De provincie heeft een subsidie toegekend.", "achieved"),
            ("In 2023 zijn er twaalf laadpalen geplaatst.", "achieved"),
            ("In 2023 hebben wij, samen met de bibliotheek, een plan gemaakt.", "achieved"),
            ("In 2023 verstrekten wij drie onderzoekbeurzen.", "achieved"),
            ("Er lopen gesprekken met de woningcorporatie.", "in_progress"),
            ("De bouw is in volle gang.", "in_progress"),
            ("Het project is zonder vertraging gerealiseerd.", "achieved"),
            ("De pilot is positief geëvalueerd.", "evaluated"),
            ("De GGD wil een systeem aanschaffen dat meer mogelijkheden biedt.", "planned"),
            ("Het huidige systeem voldoet niet meer.", "not_achieved"),
            ("Herzien plan van aanpak naar de gemeenteraad verstuurd.", "achieved"),
            ("Namens de M50 brieven gestuurd naar de minister.", "achieved"),
            // Lists of decisions: a decision that does what it says is
            // achieved, an action decided on planned.
            ("1. In te stemmen met de samenwerkingsovereenkomst.", "achieved"),
            ("2. De verordening vast te stellen.", "achieved"),
            ("3. De gemeenteraad te informeren over de evaluatie.", "planned"),
            ("4. Het oude privacybeleid in te trekken.", "stopped"),
            ("De gemeenteraad besluit de motie te verwerpen.", "achieved"),
            ("De raad heeft besloten geen zienswijze in te dienen.", "achieved"),
            ("Wij stellen voor om het budget door te schuiven naar 2019.", "delayed"),
            ("Dit betekent dat we voorstellen het budget door te schuiven naar 2019.", "delayed"),
            // "om … te" interrupts the clause it stands in.
            ("In Q3 2024 is de vergunning om te starten met de bouw afgegeven.", "achieved"),
            // Start verbs: what started is under way.
            ("In januari 2017 is de uitvoering gestart.", "in_progress"),
            ("Hebben we ook dit jaar posities kunnen vervullen.", "achieved"),
            ("Wij zullen partner zijn in dit project.", "planned"),
            // An event named by a verbal noun, set for later.
            ("Afronding onderzoek naar verwachting in Q1 2021.", "planned"),
            ("De oplevering is in september.", "planned"),
            // A participle of state after "hebben" is the verb's perfect.
            ("Het ontwerp heeft zes weken ter inzage gelegen.", "achieved"),
        ];
        for (text, class) in cases {
            let got = found_in(text);
            assert!(
                got.iter()
                    .any(|(k, _, v)| *k == EntityKind::Status && v == &serde_json::json!(class)),
                "{text}: {got:?}"
            );
        }
        let partial =
            super::super::tests::entities_in("De aanbevelingen zijn grotendeels uitgevoerd.");
        assert!(partial
            .iter()
            .any(|e| e.kind == EntityKind::Status && e.extra.get("partial").is_some()));
    }

    /// No status where nothing is said to stand anywhere.
    #[test]
    fn no_status() {
        for text in [
            "Worden de processen uitgevoerd zoals beoogd?",
            "Indien alle investeringen conform planning en zonder vertraging gerealiseerd zouden worden, daalt de schuld.",
            "De gemeente vindt preventie belangrijk.",
            "Het programma Kansrijke Start richt zich op de eerste 1000 dagen.",
            "Dit kan leiden tot hogere kosten.",
            "Saldo van baten en lasten",
            "In sommige gevallen is dat bekend.",
            "Het gaat om de volgende twee pilots:",
            // "als" before a subject opens a condition, not "as".
            "Wij krijgen een beter beeld van de verbeteringen die nodig zijn als het gaat om de toegankelijkheid.",
            "Deze samenwerking is noodzakelijk als wij nieuwe opgaven op willen pakken.",
            // A verbal noun with no time set for it.
            "De evaluatie van het beleid in de wijken.",
            "De uitvoering is een zaak van de gemeente.",
            // The time is not what is said of the noun.
            "De raming van de lasten is in 2031 per saldo € 67.000 lager dan in 2030.",
            // ... and after "zijn" names a state.
            "Het pand is gelegen aan de Dorpsstraat.",
            // A participle after an article and adjectives is a noun.
            "Het tienjarig bestaan van de stichting.",
            "Decentralisatie Beschermd Wonen in 2032 (geen",
        ] {
            let got: Vec<_> = found_in(text)
                .into_iter()
                .filter(|(k, _, _)| *k == EntityKind::Status)
                .collect();
            assert!(got.is_empty(), "{text}: {got:?}");
        }
    }

    /// One class per clause.
    #[test]
    fn one_class_per_clause() {
        let text = "De werkzaamheden zijn zonder vertraging gerealiseerd.";
        let got: Vec<_> = found_in(text)
            .into_iter()
            .filter(|(k, _, _)| *k == EntityKind::Status)
            .collect();
        assert_eq!(got.len(), 1, "{got:?}");
    }
}
