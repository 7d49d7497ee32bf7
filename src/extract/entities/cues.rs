//! Partners named in a coordinated list after a partner cue.
//!
//! Input: one sentence. Output: the capitalised names of a list that a cue
//! opens, as partner candidates (source `list`, so the document learns
//! them): "samen met A, B en C", "in overleg met A en gemeente X",
//! "uitgevoerd door A", "het door A uitgevoerde onderzoek", "verstrekt aan
//! A", "aanbieders zoals A en B", "de overeenkomst met A/B".
//!
//! A cue is a preposition with the `list_cue` role whose value says what
//! must stand before it: a `partner_cue` word ("samen", "overleg",
//! "overeenkomst" before "met"), a participle (the agent after "door", the
//! receiver after "aan"), or an organisation noun ("zoals", "waaronder").
//! "door" also opens a list that a participle adjective closes ("het door
//! A uitgevoerde onderzoek"). Up to three function words may stand between
//! the cue and the first name ("met onder andere de A"). Items are
//! capitalised names read as elsewhere ([`names::forward`]), separated by
//! commas, "en"/"of" and slashes; after a comma the last item ends at its
//! first conjunction ("A, Het B en Natuur en Milieu C": "Natuur en Milieu
//! C" is the third name). The list ends at the first item that does not
//! start with a capital. Municipalities (places, or co-operating
//! municipalities, which are not required), project names and people
//! (initials, titles) are no partner items.

use super::names::{self, capish, Mode};
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};

/// What has to stand before a list cue (its `value` in the lexicon).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    PartnerCue,
    Participle,
    OrgNoun,
}

impl Before {
    fn of(value: &str) -> Option<Before> {
        match value {
            "partner_cue" => Some(Before::PartnerCue),
            "participle" => Some(Before::Participle),
            "org_noun" => Some(Before::OrgNoun),
            _ => None,
        }
    }
}

/// A past participle, also of a verb with an unstressed prefix, which
/// takes no ge-: "uitgevoerd", "verstrekt", "besteed", "ontwikkeld".
fn participle(low: &str) -> bool {
    names::participle_like(low)
        || (low.len() >= 6
            && low.ends_with(['d', 't'])
            && ["be", "ver", "ont", "her", "er"]
                .iter()
                .any(|p| low.starts_with(p)))
}

/// "uitgevoerde", "opgestelde": a participle used as an adjective.
fn participle_adjective(low: &str) -> bool {
    low.strip_suffix('e').is_some_and(names::participle_like)
}

/// Whether the list cue at token `p` opens a list of partners.
fn opens_list(ctx: &Ctx, p: usize, vocab: &EntityVocabulary) -> bool {
    let r = &vocab.roles;
    if p == 0 || !ctx.is(p, r.list_cue) || !ctx.gap_plain(p - 1, p) {
        return false;
    }
    let Some(before) = vocab
        .lexicon
        .value("list_cue", ctx.low(p))
        .and_then(Before::of)
    else {
        return false;
    };
    let prev = p - 1;
    match before {
        Before::PartnerCue => ctx.is(prev, r.partner_cue),
        Before::Participle => participle(ctx.low(prev)),
        Before::OrgNoun => {
            ctx.is(prev, r.org_intro | r.partner_cue | r.generic_intro)
                || vocab.generic_head(ctx.low(prev))
        }
    }
}

/// A person rather than an organisation: initials ("A.H.") or a title
/// before the name ("Dhr.", "mevrouw", "wethouder").
fn person(ctx: &Ctx, vocab: &EntityVocabulary, a: usize, e: usize) -> bool {
    let initials = (a..e).any(|k| {
        let t = ctx.orig(k);
        t.len() <= 2 && t.chars().all(char::is_uppercase) && {
            let end = ctx.toks[k].e;
            ctx.text[end..].starts_with('.')
        }
    });
    let titles = vocab.lexicon.terms_ref("person_title");
    let titled = |k: usize| titles.iter().any(|t| t == ctx.low(k));
    initials || titled(a) || (a > 0 && titled(a - 1))
}

/// The partner items of every cued list in the sentence: (first token,
/// end token) of each name.
pub fn cued_items(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    skip: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let r = &vocab.roles;
    let n = ctx.toks.len();
    let mut out = Vec::new();
    if ctx.title_case() {
        return out;
    }
    for p in 0..n {
        // Every cue, "door" before a participle adjective too, is a list_cue.
        if !ctx.is(p, r.list_cue) {
            continue;
        }
        let agent_before_adjective = ctx.low(p) == "door";
        let cued = opens_list(ctx, p, vocab);
        if !cued && !agent_before_adjective {
            continue;
        }
        let mut items = Vec::new();
        let mut k = p + 1;
        // "met onder andere de A": function words before the first name.
        let mut lead = 0;
        while k < n && lead < 3 && !capish(ctx, k) && ctx.is(k, r.stop) && ctx.gap_plain(k - 1, k) {
            k += 1;
            lead += 1;
        }
        let mut after_comma = false;
        while k < n && capish(ctx, k) {
            // "Het Oversticht": a capitalised article starts the name.
            let from = if ctx.is(k, r.article) && k + 1 < n && ctx.gap_plain(k, k + 1) {
                k + 1
            } else {
                k
            };
            let Some(mut e) = names::forward(ctx, from, Mode::Capitalised, 7, vocab) else {
                break;
            };
            if after_comma {
                if let Some(c) = (from + 1..e).find(|&t| ctx.is(t, r.coordination)) {
                    e = c;
                }
            }
            items.push((k, e));
            // The separator after the name.
            let Some(next) = ctx.toks.get(e) else { break };
            let gap = &ctx.text[ctx.toks[e - 1].e..next.s];
            after_comma = gap.trim() == ",";
            if after_comma || gap.trim() == "/" {
                k = e;
            } else if gap == " " && ctx.is(e, r.coordination) {
                k = e + 1;
            } else {
                break;
            }
            // An article after a separator: "A, de B en het C".
            if k < n && !capish(ctx, k) && ctx.is(k, r.article) {
                k += 1;
            }
        }
        if !cued {
            // "het door A uitgevoerde onderzoek": one name, then the adjective.
            let closes = items.len() == 1
                && items
                    .first()
                    .is_some_and(|&(_, e)| e < n && participle_adjective(ctx.low(e)));
            if !closes {
                continue;
            }
        }
        out.extend(
            items
                .into_iter()
                .filter(|&(a, e)| !person(ctx, vocab, a, e) && !skip(a, e)),
        );
    }
    out
}

/// Partner candidates of the cued lists of a sentence.
pub fn find(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    skip: &dyn Fn(usize, usize) -> bool,
    make: &dyn Fn(usize, usize, &str) -> Found,
) -> Vec<Found> {
    cued_items(ctx, vocab, skip)
        .into_iter()
        .map(|(a, e)| {
            let (s, en) = ctx.span(a, e);
            make(s, en, &ctx.text[s..en])
        })
        .collect()
}
