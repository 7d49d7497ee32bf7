//! Projects: named projects, programmes, campaigns, plans, nota's, agendas
//! and akkoorden.
//!
//! Input: one sentence and its municipality spans (a run of capitals that
//! names a place is no project). Output: `project` candidates; the pilot
//! reader drops those that overlap a partner or a pilot.
//!
//! Project names are quoted capitalised names, names after a project word
//! ("project Grip op de Kosten", "nota preventief jeugdbeleid"), compounds
//! ending in a project word ("Hervormingsagenda Jeugd", "woonproject
//! Place2BU", "buurtpact", a capitalised "Woonvisie" mid-sentence), a noun
//! phrase after a `project_cue` ("in het kader van de aanpak woonoverlast"),
//! documents named by kind and year ([`super::documents`]) and runs of three
//! or more capitalised words ("Jeugdbescherming Nieuwe Stijl"). A name after
//! a project word that starts in lower case reaches a lower-case word only
//! where the document repeats the phrase that far or the word is a noun by
//! its ending (`noun_suffix` in the lexicon): "het plan benoemt …" names no
//! plan (see [`cut_unattested`]). A title that starts with a capital ends
//! where a verb follows with its object, its inverted subject or a
//! preposition ([`verb_cut`]).

use super::names::{self, capish, Mode, SUBJECTS};
use super::quotes::{quoted, quoted_with, OPEN_QUOTES};
use super::sentences::Sentence;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use crate::model::EntityKind;
use serde_json::json;

pub(crate) fn project(start: usize, end: usize, name: &str) -> Found {
    let mut f = Found::new(EntityKind::Project, start, end, json!(name));
    f.canonical = Some(name.to_string());
    f
}

/// Project candidates of one sentence, appended to `out`.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary, places: &[(usize, usize)], out: &mut Vec<Found>) {
    let text = ctx.text;
    let n = ctx.toks.len();
    let mut cands = Vec::new();
    // Quoted capitalised names. Every opening quote is `'`, `"` or starts
    // with the byte 0xE2 (‘ “ „), so only those bytes are decoded.
    for at in memchr::memchr3_iter(b'\'', b'"', 0xe2, text.as_bytes()) {
        let Some(c) = text.get(at..).and_then(|r| r.chars().next()) else {
            continue;
        };
        if !OPEN_QUOTES.iter().any(|(o, _)| *o == c) {
            continue;
        }
        let Some((qs, qe, end)) = quoted(text, at) else {
            continue;
        };
        let inner = &text[qs..qe];
        let words = inner.split_whitespace().count();
        if inner.starts_with(char::is_uppercase)
            && (1..=12).contains(&words)
            && !inner.ends_with('.')
        {
            cands.push(project(at, end, inner));
        }
    }
    cued_projects(ctx, vocab, &mut cands);
    for i in 0..n {
        let exact = ctx.is(i, vocab.roles.project_keyword);
        let suffix = ctx.suffix(i);
        // "gemeentefonds", "subsidieplafonds": the word ends in a project
        // word and is none.
        if !exact && (suffix.is_none() || ctx.is(i, vocab.roles.not_a_name)) {
            continue;
        }
        // "volgens plan", "van plan": a bare project word right after a
        // preposition is an idiom, no name.
        if exact
            && !capish(ctx, i)
            && i > 0
            && ctx.gap_plain(i - 1, i)
            && ctx.is(i - 1, vocab.roles.preposition)
        {
            continue;
        }
        let j = i + 1;
        let after = ctx.toks[i].e;
        let lead = text[after..].len() - text[after..].trim_start().len();
        let mut start = ctx.toks[i].s;
        // "integraal beleidsplan jeugd"; a capital starts the name: "het
        // nieuwe Privacybeleid Wassenaar 2025".
        if i > 0
            && ctx.gap_plain(i - 1, i)
            && ctx.is(i - 1, vocab.roles.project_adjective)
            && (capish(ctx, i - 1) || !capish(ctx, i))
        {
            start = ctx.toks[i - 1].s;
        }
        if let Some((qs, qe, end)) = quoted_with(text, after + lead, true).filter(|_| lead > 0) {
            cands.push(project(start, end, &text[qs..qe]));
            continue;
        }
        let mode = if exact { Mode::Open } else { Mode::Capitalised };
        // "renovatieproject De Paauw": a capitalised article opens a
        // proper name.
        let proper_article = j + 1 < n
            && capish(ctx, j)
            && ctx.is(j, vocab.roles.article)
            && capish(ctx, j + 1)
            && ctx.gap_plain(j, j + 1);
        let from = if proper_article { j + 1 } else { j };
        let named = (j < n && ctx.gap_plain(i, j))
            .then(|| names::forward(ctx, from, mode, 7, vocab))
            .flatten();
        // "Programma 3", "programma 0": one digit numbers a chapter of a
        // budget (the BBV programmes), it names nothing ("Plan 18" does).
        let chapter = |e: usize| e == j + 1 && ctx.orig(j).len() == 1 && names::numeric(ctx, j);
        match named.filter(|&e| !chapter(e)) {
            Some(e) => {
                let canonical_of = |e: usize| {
                    let (ns, ne) = ctx.span(j, e);
                    let name = &text[ns..ne];
                    let lower_name =
                        !name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
                    if lower_name || names::numeric(ctx, j) || (!exact && capish(ctx, i)) {
                        text[start..ne].to_string()
                    } else {
                        name.to_string()
                    }
                };
                let mut f = project(start, ctx.span(j, e).1, &canonical_of(e));
                let title = Title {
                    ctx,
                    vocab,
                    i,
                    j,
                    e,
                    canonical_of: &canonical_of,
                };
                // A name starting with a capital is a title, in sentence
                // case as Dutch titles are ("Jeugd aan zet"): it is cut
                // only where a verb follows a capitalised word.
                if exact && !capish(ctx, j) && !names::numeric(ctx, j) {
                    f.cuts = open_cuts(&title);
                } else if exact {
                    f.cuts = verb_cut(&title).into_iter().collect();
                }
                cands.push(f);
            }
            None => {
                let self_standing = suffix
                    .is_some_and(|s| vocab.lexicon.value("project_suffix", s) == Some("self"));
                // "het jeugdbeleid", "het coalitieprogramma": a policy
                // field or a standing instrument, named only with more.
                let standing = suffix
                    .is_some_and(|s| vocab.lexicon.value("project_suffix", s) == Some("standing"));
                let determined = !exact && !standing && determined_compound(ctx, vocab, i);
                let capitalised = capish(ctx, i) && i > 0;
                if suffix.is_some() && (self_standing || determined || capitalised) {
                    let (s, e) = ctx.span(i, i + 1);
                    let mut f = project(s, e, &text[s..e]);
                    f.bare = determined && !self_standing && !capitalised;
                    cands.push(f);
                }
            }
        }
    }
    // The first part of a hyphenated compound that is a name ending in a
    // project word: "het Citydeal-overleg", "Sportakkoord-middelen".
    let suffixes = vocab.lexicon.terms_of(vocab.roles.project_suffix);
    for i in (0..n).filter(|&i| ctx.suffix(i).is_none() && capish(ctx, i)) {
        let word = ctx.orig(i);
        let Some(head) = word
            .split_once('-')
            .map(|(h, _)| h)
            .filter(|h| !h.is_empty())
        else {
            continue;
        };
        let low = head.to_lowercase();
        if suffixes
            .iter()
            .any(|s| low.len() >= s.len() + 3 && low.ends_with(s.as_str()))
        {
            let s = ctx.toks[i].s;
            cands.push(project(s, s + head.len(), head));
        }
    }
    // Runs of three or more capitalised words mid-sentence (not in headings
    // and table cells, which are in title case). A run that names a
    // municipality is a place ("Wassenaar Zuid en Rijksdorp", "Jeugdzorg in
    // Gooise Meren") or an institution of one ("Rijnlands Lyceum
    // Wassenaar"); a project named after its municipality carries a project
    // word or quotes ("'Gooise Meren op Koers'").
    let title_case = ctx.sentence.heading || ctx.sentence.in_table;
    for i in (1..n).filter(|_| !title_case) {
        // A sentence's first word is capitalised whatever it is: after a
        // determiner there ("De Snelle Scanservice is …") a pair of
        // capitals may start.
        let opening = i == 1 && determiner(ctx, vocab, 0);
        if !capish(ctx, i) || (capish(ctx, i - 1) && ctx.gap_plain(i - 1, i) && !opening) {
            continue;
        }
        let Some(e) = names::forward(ctx, i, Mode::Capitalised, 8, vocab) else {
            continue;
        };
        if opening && !titled_pair(ctx, vocab, i, e) {
            continue;
        }
        let caps = (i..e).filter(|&k| capish(ctx, k)).count();
        let (s, en) = ctx.span(i, e);
        let place = places.iter().any(|&(a, b)| s <= a && b <= en);
        if (caps >= 3 || titled_pair(ctx, vocab, i, e)) && !ctx.toks[i].is_acronym(text) && !place {
            cands.push(project(s, en, &text[s..en]));
        }
    }
    // A capitalised compound mid-sentence after a determiner, a common
    // noun written as a name: "de Voedseltuin", "de Rijnlandroute", "een
    // Gedragscode", "een nieuw Collectiecentrum".
    for i in (2..n).filter(|_| !title_case) {
        if capitalised_compound(ctx, vocab, i) {
            let (s, e) = ctx.span(i, i + 1);
            cands.push(project(s, e, &text[s..e]));
        }
    }
    super::documents::find(ctx, vocab, &mut cands);
    for f in &mut cands {
        cut_label(ctx, vocab, f);
    }
    cands.retain(|f| f.end > f.start);
    out.extend(super::keep_longest(cands));
}

/// Endings of an uninflected adjective ("Multifunctioneel", "Provinciaal",
/// "Integraal", "Innovatief").
const ADJECTIVE_ENDINGS: &[&str] = &["eel", "aal", "ief"];

/// Two capitalised words mid-sentence, an adjective and a noun, after a
/// determiner: a title in title case ("De Snelle Scanservice is van start
/// gegaan", "de Ruimtelijke Puzzel", "een Multifunctioneel Centrum"). A
/// capitalised adjective mid-sentence is there only as part of a name; an
/// organisation so named ("het Algemeen Bestuur") is a partner or a
/// generic actor, and the pilot reader drops the project over it.
fn titled_pair(ctx: &Ctx, vocab: &EntityVocabulary, i: usize, e: usize) -> bool {
    let r = &vocab.roles;
    if e != i + 2 || i == 0 || !capish(ctx, i + 1) || !ctx.gap_plain(i - 1, i) {
        return false;
    }
    let low = ctx.low(i);
    let adjective = attributive(low)
        || ctx.is(i, r.project_adjective)
        || ADJECTIVE_ENDINGS
            .iter()
            .any(|s| low.len() >= s.len() + 4 && low.ends_with(s));
    let p = i - 1;
    adjective
        && determiner(ctx, vocab, p)
        && (p == 0 || !capish(ctx, p))
        && !ctx.toks[i + 1].is_acronym(ctx.text)
}

/// A name read on into the label of the next part of a flattened
/// decision list ("Ontwikkeling nieuw minimabeleid Besluit: de raad te
/// informeren") ends before the label: a decision word (`decision_verb`)
/// right before a colon. A name of nothing but the label goes (its end is
/// set to its start).
fn cut_label(ctx: &Ctx, vocab: &EntityVocabulary, f: &mut Found) {
    let text = ctx.text;
    if !text[f.end..].starts_with(':') {
        return;
    }
    let Some(last) = ctx.toks.iter().rposition(|t| t.e == f.end) else {
        return;
    };
    if !ctx.is(last, vocab.roles.decision_verb) || !capish(ctx, last) {
        return;
    }
    let Some(prev) = last.checked_sub(1).filter(|&k| ctx.toks[k].s >= f.start) else {
        f.end = f.start;
        return;
    };
    let end = ctx.toks[prev].e;
    let tail = &text[end..f.end];
    let kept = f
        .canonical
        .as_deref()
        .and_then(|c| c.strip_suffix(tail))
        .filter(|c| !c.trim().is_empty())
        .map_or_else(|| text[f.start..end].to_string(), str::to_string);
    f.end = end;
    f.value = json!(kept);
    f.canonical = Some(kept);
}

/// Shortest capitalised compound read as a name by [`capitalised_compound`].
const MIN_COMPOUND: usize = 9;

/// Token `i` is one capitalised word of letters mid-sentence, long as a
/// compound is and of no word class of the lexicon, between a lower-case
/// determiner (or a project adjective) and a word that starts no other
/// name. Organisations, places and generic actors so written are partners
/// or places, and the pilot reader drops the project over them. An
/// adjective ("de Overijsselse archieven"), a compound of a word that
/// names nothing ("de Gemeentewet": `not_a_name`) and a document of the
/// planning cycle without its year ("de Voortgangsrapportage":
/// `project_doc`) are none.
fn capitalised_compound(ctx: &Ctx, vocab: &EntityVocabulary, i: usize) -> bool {
    let word = ctx.orig(i);
    let low = ctx.low(i);
    let p = i - 1;
    let ends_in = |terms: &[String]| {
        terms
            .iter()
            .any(|t| t.len() >= 3 && !t.contains(' ') && low.ends_with(t.as_str()))
    };
    // The cheap tests first: most tokens fail them.
    capish(ctx, i)
        && ctx.toks[i].roles == 0
        && !capish(ctx, p)
        && (determiner(ctx, vocab, p) || ctx.is(p, vocab.roles.project_adjective))
        && ctx.gap_plain(p, i)
        && !(i + 1 < ctx.toks.len() && ctx.gap_plain(i, i + 1) && capish(ctx, i + 1))
        && !attributive(low)
        && word.chars().count() >= MIN_COMPOUND
        && word.chars().all(char::is_alphabetic)
        && word.chars().skip(1).all(char::is_lowercase)
        && !ends_in(vocab.lexicon.terms_of(vocab.roles.not_a_name))
        && !ends_in(vocab.lexicon.terms_ref("project_doc"))
}

/// An article, a demonstrative or a possessive at token `k`.
fn determiner(ctx: &Ctx, vocab: &EntityVocabulary, k: usize) -> bool {
    ctx.is(k, vocab.roles.article | vocab.roles.demonstrative) || POSSESSIVES.contains(&ctx.low(k))
}

/// Possessives that point at one known thing, as a definite article does
/// ("onze strategiekaart").
const POSSESSIVES: &[&str] = &["ons", "onze", "hun", "uw"];

/// A compound ending in a project word (`i`, in lower case, no project
/// word itself) that the text points at as one known thing: after a
/// definite article, a demonstrative or a possessive ("het productenboek",
/// "de beheerplannen", "onze strategiekaart"), also over an adjective
/// ("het huidige beleidsakkoord"), or after a project adjective ("het aan
/// te besteden nieuwe collectiebeheerssysteem"). "een jaarplan" is one of
/// a kind and no name; "de kadernota" is named by its year or not at all.
fn determined_compound(ctx: &Ctx, vocab: &EntityVocabulary, i: usize) -> bool {
    let r = &vocab.roles;
    let definite = |k: usize| {
        (ctx.is(k, r.article | r.demonstrative) && !ctx.low_is(k, "een"))
            || POSSESSIVES.contains(&ctx.low(k))
    };
    // "de kadernota": a document of the planning cycle is named by its year
    // (`project_doc`, see [`super::documents`]).
    let planning = vocab
        .lexicon
        .terms_ref("project_doc")
        .iter()
        .any(|t| t == ctx.low(i));
    if i == 0 || capish(ctx, i) || planning || !ctx.gap_plain(i - 1, i) {
        return false;
    }
    let p = i - 1;
    if definite(p) || ctx.is(p, r.project_adjective) {
        return true;
    }
    !capish(ctx, p)
        && attributive(ctx.low(p))
        && p > 0
        && ctx.gap_plain(p - 1, p)
        && definite(p - 1)
}

/// A name never includes a status word of its own sentence: a pilot or
/// project name read on over a status cue written in lower case ("project
/// Actualiseren vindplaatsregistratie kansen biedt", "plan beëindigde
/// trajecten") or used as a label ("minimabeleid Besluit: …") ends before
/// the cue, and goes when nothing but its project word is left. A quoted
/// name ("“Sport versterkt”") and a capitalised title word ("Kansrijke
/// Start") keep theirs.
pub fn trim_at_statuses(ctx: &Ctx, vocab: &EntityVocabulary, here: &mut Vec<Found>) {
    let cues: Vec<(usize, usize)> = here
        .iter()
        .filter(|f| f.kind == EntityKind::Status)
        .map(|f| (f.start, f.end))
        .collect();
    if cues.is_empty() {
        return;
    }
    let text = ctx.text;
    here.retain_mut(|f| {
        if !matches!(f.kind, EntityKind::Project | EntityKind::Pilot) || f.canonical.is_none() {
            return true;
        }
        // Where the name starts: its canonical text ends the span ("pilot
        // gestart met schuldhulp …": the cue before the name is no part of it).
        let name_start = f
            .canonical
            .as_deref()
            .and_then(|c| f.end.checked_sub(c.len()))
            .filter(|&s| s >= f.start && text.get(s..f.end) == f.canonical.as_deref())
            .unwrap_or(f.start);
        let Some(&(cs, ce)) = cues
            .iter()
            .find(|&&(cs, ce)| name_start.max(f.start + 1) <= cs && ce <= f.end)
        else {
            return true;
        };
        let lower = text[cs..].starts_with(char::is_lowercase);
        let label = text[ce..].starts_with(':');
        let quoted = text[f.start..].starts_with(super::quotes::QUOTE_CHARS);
        if quoted || !(lower || label) {
            return true;
        }
        // The last token before the cue that is no function word.
        let Some(last) = ctx
            .toks
            .iter()
            .rposition(|t| t.e <= cs && t.s >= f.start)
            .and_then(|k| {
                (0..=k).rev().find(|&t| {
                    ctx.toks[t].s >= f.start
                        && !ctx.is(t, vocab.roles.stop | vocab.roles.name_connector)
                })
            })
        else {
            return false;
        };
        let end = ctx.toks[last].e;
        let Some(canonical) = f.canonical.as_deref() else {
            return true;
        };
        let tail = &text[end..f.end];
        // The canonical name loses the same tail; a compound ending in a
        // project word is its own name ("nieuw minimabeleid Besluit:").
        let compound = ctx.suffix(last).is_some();
        let kept = match canonical
            .strip_suffix(tail)
            .filter(|c| !c.trim().is_empty())
        {
            Some(k) => k,
            None if compound => &text[f.start..end],
            None => return false,
        };
        // Only the project word is left: no name.
        if ctx.toks[last].s == f.start
            && f.kind == EntityKind::Project
            && ctx.is(last, vocab.roles.project_keyword)
        {
            return false;
        }
        let kept = kept.trim_end().to_string();
        f.end = end;
        f.value = json!(kept);
        f.canonical = Some(kept);
        true
    });
}

/// "in het kader van de gebiedsontwikkeling Noorderkwartier", "… van de
/// aanpak woonoverlast": after a `project_cue` phrase and an article, a
/// noun phrase that holds a capital or a project word names a project.
fn cued_projects(ctx: &Ctx, vocab: &EntityVocabulary, cands: &mut Vec<Found>) {
    let r = &vocab.roles;
    let n = ctx.toks.len();
    for i in 0..n.saturating_sub(2) {
        if !ctx.is(i, r.phrase_end)
            || !ctx.ends_phrase(i, &vocab.project_cue_phrases)
            || !ctx.is(i + 1, r.article)
            || !ctx.gap_plain(i, i + 1)
            || !ctx.gap_plain(i + 1, i + 2)
        {
            continue;
        }
        let j = i + 2;
        let Some(e) = names::forward(ctx, j, Mode::Open, 4, vocab) else {
            continue;
        };
        let named = (j..e).any(|k| {
            (capish(ctx, k) && !ctx.is(k, r.not_a_name))
                || ctx.is(k, r.project_keyword)
                || ctx.suffix(k).is_some()
        });
        if named {
            let (s, en) = ctx.span(j, e);
            cands.push(project(s, en, &ctx.text[s..en]));
        }
    }
}

/// A place where a project name that starts in lower case
/// ("nota preventief jeugdbeleid", "werkprogramma focust op …") stops at a
/// lower-case word unless the document repeats the name that far:
/// `phrase` is the keyword and the name up to and including that word,
/// folded (empty: the name cannot end where it does); `keep` the end and
/// canonical name before the word (`None`: no name is left, the candidate
/// goes); `free` when the word needs no repetition (a noun by its ending,
/// or an adjective before more words).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cut {
    phrase: String,
    keep: Option<(usize, String)>,
    free: bool,
}

/// A name `j..e` read after the project word `i`, with the canonical name
/// of the name ending at any token: what [`open_cuts`] and [`verb_cut`]
/// cut.
struct Title<'a, 'c> {
    ctx: &'a Ctx<'c>,
    vocab: &'a EntityVocabulary,
    i: usize,
    j: usize,
    e: usize,
    canonical_of: &'a dyn Fn(usize) -> String,
}

/// The cuts of a title read in open mode.
fn open_cuts(t: &Title) -> Vec<Cut> {
    let Title {
        ctx,
        vocab,
        i,
        j,
        e,
        canonical_of,
    } = *t;
    let r = &vocab.roles;
    let nouns = vocab.lexicon.terms_ref("noun_suffix");

    let mut cuts = Vec::new();
    let mut keep: Option<(usize, String)> = None;
    let mut phrase = ctx.low(i).to_string();
    let mut ends_well = true;
    for k in j..e {
        phrase.push(' ');
        phrase.push_str(ctx.low(k));
        let lower = (!capish(ctx, k) || ctx.is(k, r.not_a_name)) && !names::numeric(ctx, k);
        if lower && k > j && ctx.is(k, r.name_connector) {
            continue;
        }
        let low = ctx.low(k);
        let noun = nouns
            .iter()
            .any(|s| low.len() >= s.len() + 3 && low.ends_with(s.as_str()));
        // "preventieve", "dak-": a word that leads to another one.
        let leads = lower && !noun && (attributive(low) || low.ends_with('-'));
        if lower {
            // "Monitor jeugdhulp 2022", "Nota bodembeheer Midden-Holland en
            // Zoetermeer 2016-2021": a year closes a title.
            let dated = k + 1 < e && names::numeric(ctx, e - 1);
            cuts.push(Cut {
                phrase: phrase.clone(),
                keep: keep.clone(),
                free: noun || dated || (leads && k + 1 < e),
            });
        }
        ends_well = !leads;
        if ends_well {
            keep = Some((ctx.toks[k].e, canonical_of(k + 1)));
        }
    }
    if !ends_well {
        cuts.push(Cut {
            phrase: String::new(),
            keep,
            free: false,
        });
    }
    cuts
}

/// Where a title after a project word ("Nota Grondbeleid") runs on into
/// the clause: a lower-case word right after a capitalised one that reads
/// as a verb, ending in -t or -en and not a noun by its ending
/// ("kwaliteit", "verwachtingen"), with its object or its inverted subject
/// after it ("Nota Grondbeleid schetst de uitgangspunten", "Met de Nota
/// Internationals verduidelijken we"). A verb with anything else after it
/// is the title's own: "actieplan Geweld hoort nergens thuis", "nota
/// Zorgeloos (op)groeien in Midden-Drenthe". Like the cuts of a lower-case
/// name, it stands unless the document repeats the phrase that far.
fn verb_cut(t: &Title) -> Option<Cut> {
    let Title {
        ctx,
        vocab,
        i,
        j,
        e,
        canonical_of,
    } = *t;
    let r = &vocab.roles;
    let nouns = vocab.lexicon.terms_ref("noun_suffix");
    let k = (j + 1..e).find(|&k| {
        let low = ctx.low(k);
        capish(ctx, k - 1)
            && !capish(ctx, k)
            && !ctx.is(k, r.name_connector)
            && !names::numeric(ctx, k)
            && low.chars().count() >= 4
            && (low.ends_with("en") || low.ends_with('t'))
            && !nouns.iter().any(|s| low.ends_with(s.as_str()))
            && k + 1 < ctx.toks.len()
            && ctx.gap_plain(k, k + 1)
            && (ctx.is(k + 1, r.article)
                || SUBJECTS.contains(&ctx.low(k + 1))
                || preposition_phrase(ctx, vocab, k + 1))
    })?;
    let phrase = (i..=k).map(|t| ctx.low(t)).collect::<Vec<_>>().join(" ");
    Some(Cut {
        phrase,
        keep: Some((ctx.toks[k - 1].e, canonical_of(k))),
        free: false,
    })
}

/// A preposition at token `k` with a lower-case word or a number after it:
/// after a verb it goes on the clause ("Beleidsplan Jeugd loopt tot
/// 2026"), where a title goes on with a capital ("(op)groeien in
/// Midden-Drenthe").
fn preposition_phrase(ctx: &Ctx, vocab: &EntityVocabulary, k: usize) -> bool {
    let r = &vocab.roles;
    ctx.is(k, r.stop)
        && !ctx.is(k, r.article | r.coordination)
        && k + 1 < ctx.toks.len()
        && ctx.gap_plain(k, k + 1)
        && (!capish(ctx, k + 1) || names::numeric(ctx, k + 1))
}

/// An inflected adjective ("integrale", "financiële", "preventieve"): ends
/// in -e, but not in -de/-te (a past tense: "het plan beëindigde") or -ee.
fn attributive(low: &str) -> bool {
    low.len() > 3 && low.ends_with('e') && !["de", "te", "ee"].iter().any(|s| low.ends_with(s))
}

/// A name that runs on into lower-case words is a name only as far as the
/// document repeats it: an open name's words are ordinary words unless the
/// same phrase recurs ("integraal beleidsplan jeugd", four times in a
/// document), which a verb after a keyword does not ("het werkprogramma
/// focust op …", "in deze ontwikkelagenda staan afspraken"). Phrases are
/// counted over the candidates of the whole document; a noun by its ending
/// ("nota burgerparticipatie") needs no repetition.
pub(crate) fn cut_unattested(found: &mut Vec<(usize, Found)>) {
    let mut counts: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for (_, f) in found.iter() {
        for c in f.cuts.iter().filter(|c| !c.phrase.is_empty()) {
            *counts.entry(c.phrase.clone()).or_default() += 1;
        }
    }
    let attested = |c: &Cut| c.free || counts.get(&c.phrase).is_some_and(|&n| n >= 2);
    found.retain_mut(|(_, f)| {
        let cuts = std::mem::take(&mut f.cuts);
        let Some(cut) = cuts.into_iter().find(|c| !attested(c)) else {
            return true;
        };
        match cut.keep {
            None => false,
            Some((end, canonical)) => {
                f.end = end;
                f.value = json!(canonical);
                f.canonical = Some(canonical);
                true
            }
        }
    });
}

/// A bare compound read by its determiner ("de regiovisie") that is a word
/// of a longer project name of the document ("de nieuwe regiovisie
/// Huiselijk geweld") is a short mention of that name, no name of its own.
pub(crate) fn drop_short_mentions(found: &mut Vec<(usize, Found)>, sents: &[Sentence]) {
    let written = |si: usize, f: &Found| {
        sents
            .get(si)
            .and_then(|s| s.text.get(f.start..f.end))
            .map(super::fold::fold_key)
    };
    let longer: Vec<String> = found
        .iter()
        .filter(|(_, f)| f.kind == EntityKind::Project && !f.bare)
        .filter_map(|(si, f)| written(*si, f))
        .collect();
    found.retain(|(si, f)| {
        if !f.bare {
            return true;
        }
        let Some(key) = written(*si, f) else {
            return true;
        };
        !longer
            .iter()
            .any(|l| l.len() > key.len() && l.split(' ').any(|w| w == key))
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::texts_of;

    fn projects(text: &str) -> Vec<String> {
        texts_of("project", text)
    }

    #[test]
    fn capitalised_runs_name_projects_in_running_text_only() {
        let got = projects("Dit jaar is gestart met Samen Sterk Wijkgericht in drie wijken.");
        assert_eq!(got, ["Samen Sterk Wijkgericht"]);
        // Table cells are in title case.
        let got = projects(
            "Programma\tLasten\tBaten\n\
             Kasstroom en EMU-saldo Realisatie Realisatie\t12\t14\n\
             Hondenbelasting Toeristenbelasting Baatbelasting\t1\t2\n",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_lower_case_name_after_a_project_word_must_recur_or_be_a_noun() {
        // A verb after the keyword is no name.
        assert!(projects("Het werkprogramma focust op Jeugdzorg in minder brede zin.").is_empty());
        assert!(projects("In deze ontwikkelagenda staan afspraken over zorg.").is_empty());
        // A noun by its ending starts a name met once; the verb after it ends it.
        assert_eq!(
            projects("Wij stellen de nota burgerparticipatie vast."),
            ["nota burgerparticipatie"]
        );
        // A repeated phrase is a name as far as it repeats.
        let got = projects(
            "De nota preventief jeugdbeleid is klaar. \
             De actielijnen uit de nota preventief jeugdbeleid dragen bij.",
        );
        assert_eq!(
            got,
            ["nota preventief jeugdbeleid", "nota preventief jeugdbeleid"]
        );
        // A name that starts with a capital is a title in sentence case.
        assert_eq!(
            projects("Activiteiten onder de projectnaam Jeugd aan zet uitgevoerd door het CJG."),
            ["projectnaam Jeugd aan zet"]
        );
    }

    #[test]
    fn a_name_stops_where_the_clause_goes_on() {
        // Two connectors before a lower-case word: the verb's particle
        // and a fixed phrase, not the name.
        assert_eq!(
            projects("Wij bieden u het integrale beleidsplan Jeugd aan ter besluitvorming."),
            ["integrale beleidsplan Jeugd"]
        );
        // An adverb ends a name.
        assert_eq!(
            projects("Dit wordt in het Programma Maatschappelijke Ondersteuning nader beschreven."),
            ["Programma Maatschappelijke Ondersteuning"]
        );
    }

    #[test]
    fn where_project_names_end_and_what_is_none() {
        let cases: &[(&str, &[&str])] = &[
            // A title after a project word stops at a verb with its object
            // or its inverted subject after it ...
            (
                "De Nota Grondbeleid schetst de uitgangspunten van het grondbeleid.",
                &["Nota Grondbeleid"],
            ),
            (
                "Met de Nota Internationals verduidelijken we de effecten.",
                &["Nota Internationals"],
            ),
            // ... or a preposition with no capital after it ...
            ("De Nota Grondbeleid loopt tot 2026.", &["Nota Grondbeleid"]),
            // ... and a verb with anything else after it is the title's own.
            (
                "In 2018 is het actieplan Geweld hoort nergens thuis gelanceerd.",
                &["actieplan Geweld hoort nergens thuis"],
            ),
            // A run of capitals that names a municipality is a place ...
            ("Het gaat om Wassenaar Zuid en Rijksdorp samen.", &[]),
            ("De kosten van Jeugdzorg in Gooise Meren stijgen.", &[]),
            // ... with a project word or quotes it is a project all the same.
            (
                "We werken aan 'Gooise Meren op Koers' in de stad.",
                &["'Gooise Meren op Koers'"],
            ),
            (
                "Dit jaar is gestart met Samen Sterk Wijkgericht in drie wijken.",
                &["Samen Sterk Wijkgericht"],
            ),
            // The state's fund and a ceiling end in -fonds and are none; a
            // fund of the municipality's own is one.
            ("De algemene uitkering uit het Gemeentefonds stijgt.", &[]),
            ("De raad stelt de subsidieplafonds vast.", &[]),
            ("Het Innovatiefonds is gestart.", &["Innovatiefonds"]),
            // A name ending in a project word heads a hyphenated compound;
            // one without a project word, or in lower case, names none.
            (
                "Op stelselniveau leren we van het Citydeal-overleg.",
                &["Citydeal"],
            ),
            ("Het Jeugd-overleg en het buurtpact-overleg.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(projects(text), *want, "{text}");
        }
    }

    #[test]
    fn projects_named_by_a_cue_or_a_policy_compound() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Er lopen gesprekken in het kader van de gebiedsontwikkeling Noorderkwartier.",
                &["gebiedsontwikkeling Noorderkwartier"],
            ),
            (
                "Wij sluiten een convenant in het kader van de aanpak woonoverlast.",
                &["aanpak woonoverlast"],
            ),
            // Without a capital or a project word the phrase names nothing.
            ("Dit gebeurt in het kader van de uitvoering.", &[]),
            // Capitalised policy compounds mid-sentence; a common noun
            // written with a capital after a determiner is a name too.
            (
                "Sinds 2022 zijn een Gedragscode en een Klachtenregeling van kracht.",
                &["Gedragscode", "Klachtenregeling"],
            ),
            ("Er is overleg met de initiatiefnemers van de Voedseltuin.", &["Voedseltuin"]),
            // ... but not an adjective or a law.
            ("Dit raakt de Overijsselse archieven en de Gemeentewet.", &[]),
            // A compound ending in a project word that a determiner points
            // at is a name; one of a kind or a policy field is none.
            (
                "In 2023 is het productenboek herzien en onze strategiekaart vastgesteld.",
                &["productenboek", "strategiekaart"],
            ),
            ("Er is een jaarplan opgesteld voor het jeugdbeleid.", &[]),
            // A short mention of a longer name is no name of its own.
            (
                "Dit komt in de nieuwe regiovisie Huiselijk geweld. In de regiovisie staan ambities.",
                &["nieuwe regiovisie Huiselijk"],
            ),
            // A bare project word after a preposition is an idiom.
            ("Het aandeel volgens plan beëindigde trajecten Buurtteams stijgt.", &[]),
            // An adjective and a noun in capitals after a determiner.
            (
                "De Snelle Scanservice is gestart en de Ruimtelijke Puzzel ook.",
                &["Snelle Scanservice", "Ruimtelijke Puzzel"],
            ),
            ("Dit staat in de Algemene Reserve.", &[]),
            (
                "Er wordt een nieuwe Variantstudie uitgevoerd.",
                &["Variantstudie"],
            ),
            // Mismatched quotes after a project word.
            (
                "Het coalitieakkoord ’Vernieuwend Verder’ is de basis.",
                &["coalitieakkoord ’Vernieuwend Verder’"],
            ),
            // A capitalised article opens a proper name.
            (
                "De kosten dekken uit subsidies op het renovatieproject De Paauw.",
                &["renovatieproject De Paauw"],
            ),
            // A name never includes a status word of its own sentence,
            // unless quoted or a capitalised word of the title.
            ("Het plan beëindigde trajecten Buurtteams niet.", &[]),
            (
                "5.b.3 Ontwikkeling nieuw minimabeleid Besluit: de raad te informeren.",
                &["nieuw minimabeleid"],
            ),
            // One digit after a project word numbers a chapter.
            ("In Programma 3 staat het sociaal domein.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(projects(text), *want, "{text}");
        }
    }
}
