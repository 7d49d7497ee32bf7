//! Pilots, and the projects of a sentence that are no pilot or partner.
//!
//! Input: one sentence, the partners already found in it (a name that is an
//! organisation is no project) and its periods. Output: `pilot` entities
//! (canonical: the name without the word pilot, `null` for an unnamed
//! pilot; `duration` and `period` when the sentence gives them) and the
//! `project` entities of [`super::projects`] that overlap no partner or
//! pilot.
//!
//! Pilot names follow "pilot"/"proeftuin": a quoted name (any quote
//! characters), a capitalised title that may run over a function word
//! between capitals ("Ouder met Power"), a few lower-case words up to a
//! verb, number or function word ("pilot tussenvoorziening heeft …") that
//! do not end in an adjective ("Pilot succesvol?"), or the subject after
//! "met/voor", also after a participle ("een pilot gestart met schuldhulp
//! aan de keukentafel"). An unnamed pilot takes the one quoted term of its
//! sentence ("onder de noemer 'fellowships' … een pilot"). The items of a
//! list announced by "de volgende (twee) pilots:" are pilots too (see
//! `list_item`).

use super::names::{self, capish, Mode, SUBJECTS};
use super::quotes::{quoted_with, sole_quoted};
use super::sentences::Sentence;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use crate::model::EntityKind;
use crate::model::Section;
use serde_json::{json, Value};

/// A word that is an adjective by its ending ("succesvol", "positief",
/// "tijdelijk"; `adjective_suffix` in the lexicon).
fn adjective(low: &str, vocab: &EntityVocabulary) -> bool {
    vocab
        .lexicon
        .terms_ref("adjective_suffix")
        .iter()
        .any(|s| low.len() >= s.len() + 3 && low.ends_with(s.as_str()))
}

/// The end of a capitalised title read up to `e`, continued over a
/// lower-case function word between capitals, as Dutch titles are written
/// ("Ouder met Power", "Bruggen naar Gezond Gewicht"), unless what follows
/// is a partner or a place ("de pilot Wijkbuddy met Versa", "pilot
/// Deelauto's in Wassenaar").
fn title_end(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    mut e: usize,
    taken: &[(usize, usize)],
    places: &[(usize, usize)],
) -> usize {
    let n = ctx.toks.len();
    while e + 1 < n
        && ctx.is(e, vocab.roles.stop)
        && !ctx.is(e, vocab.roles.article | vocab.roles.coordination)
        && !capish(ctx, e)
        && ctx.gap_plain(e - 1, e)
        && ctx.gap_plain(e, e + 1)
        && capish(ctx, e + 1)
        && !ctx.toks[e + 1].is_acronym(ctx.text)
    {
        let s = ctx.toks[e + 1].s;
        if taken.iter().chain(places).any(|&(a, b)| a <= s && s < b) {
            break;
        }
        match names::forward(ctx, e + 1, Mode::Capitalised, 4, vocab) {
            Some(next) => e = next,
            None => break,
        }
    }
    e
}

/// A subject read up to `e` goes on over a prepositional phrase of
/// article and noun attached to it ("schuldhulp aan de keukentafel").
fn attached_phrase(ctx: &Ctx, vocab: &EntityVocabulary, e: usize) -> usize {
    let r = &vocab.roles;
    let plain = (e..e + 3).all(|k| k > 0 && ctx.gap_plain(k - 1, k));
    let phrase = plain
        && ctx.is(e, r.stop)
        && !ctx.is(e, r.article | r.coordination)
        && ctx.is(e + 1, r.article)
        && !ctx.is(e + 2, r.stop | r.month | r.number_word)
        && !capish(ctx, e + 2)
        && !names::participle_like(ctx.low(e + 2))
        && ctx
            .toks
            .get(e + 3)
            .is_none_or(|t| ctx.text[ctx.toks[e + 2].e..t.s].trim() != "");
    if phrase {
        e + 3
    } else {
        e
    }
}

fn pilot(start: usize, end: usize, name: Option<&str>) -> Found {
    let mut f = Found::new(
        EntityKind::Pilot,
        start,
        end,
        name.map(|n| json!(n)).unwrap_or(Value::Null),
    );
    f.canonical = name.map(str::to_string);
    f
}

/// Pilots and projects of one sentence. `taken` are spans of partners,
/// `places` of municipality names.
pub fn find(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    taken: &[(usize, usize)],
    generic: &[(usize, usize)],
    places: &[(usize, usize)],
    periods: &[&Found],
) -> Vec<Found> {
    let text = ctx.text;
    let n = ctx.toks.len();
    let mut out = Vec::new();
    for i in 0..n {
        if !ctx.is(i, vocab.roles.pilot_keyword) {
            continue;
        }
        let after = ctx.toks[i].e;
        let next_char_at = after + (text[after..].len() - text[after..].trim_start().len());
        let s = ctx.toks[i].s;
        if let Some((qs, qe, end)) = quoted_with(text, next_char_at, true) {
            out.push(pilot(s, end, Some(&text[qs..qe])));
            continue;
        }
        // "onder de noemer 'fellowships' … binnen de context van een
        // pilot": the one quoted term of the sentence names an unnamed pilot.
        let unnamed = || {
            pilot(
                s,
                ctx.toks[i].e,
                sole_quoted(text).map(|(qs, qe)| &text[qs..qe]),
            )
        };
        let j = i + 1;
        if j >= n || !ctx.gap_plain(i, j) {
            out.push(unnamed());
            continue;
        }
        // "een pilot gestart met schuldhulp aan de keukentafel": the
        // subject after a participle and "met"/"voor".
        let j = if j + 2 < n
            && names::participle_like(ctx.low(j))
            && matches!(ctx.low(j + 1), "met" | "voor")
            && ctx.gap_plain(j, j + 1)
        {
            j + 1
        } else {
            j
        };
        let name_end = if capish(ctx, j) {
            names::forward(ctx, j, Mode::Capitalised, 6, vocab)
                .map(|e| (j, title_end(ctx, vocab, e, taken, places)))
        } else if matches!(ctx.low(j), "met" | "voor") {
            names::forward(ctx, j + 1, Mode::Open, 4, vocab)
                .map(|e| (j + 1, attached_phrase(ctx, vocab, e)))
        } else {
            let mut e = j;
            while e < n && e - j < 4 && (e == j || ctx.gap_plain(e - 1, e)) {
                let l = ctx.low(e);
                let acr = ctx.toks[e].is_acronym(text);
                if ctx.is(
                    e,
                    vocab.roles.stop | vocab.roles.month | vocab.roles.number_word,
                ) || names::participle_like(l)
                    || names::numeric(ctx, e)
                    || (capish(ctx, e) && !acr)
                {
                    break;
                }
                e += 1;
            }
            let inverted = e < n && SUBJECTS.contains(&ctx.low(e));
            // "Pilot succesvol?": a predicate adjective names nothing.
            let predicate = e > j && adjective(ctx.low(e - 1), vocab);
            (e > j && !inverted && !predicate).then_some((j, e))
        };
        let name_end = name_end.map(|(a, e)| {
            (
                a,
                (a..e).find(|&k| k > a && ctx.low_is(k, "in")).unwrap_or(e),
            )
        });
        match name_end {
            Some((a, e)) => {
                let (ns, ne) = ctx.span(a, e);
                let mut f = pilot(s, ne, Some(&text[ns..ne]));
                if let Some(c) = vocab.re.duration.captures(&ctx.hay) {
                    if let Some(m) = c.get(0) {
                        let d = m.as_str();
                        let d = d.split_once(" van ").map(|x| x.1).unwrap_or(d);
                        f.extra.insert("duration".into(), json!(d));
                    }
                }
                if let Some(p) = periods.first() {
                    f.extra.insert("period".into(), p.value.clone());
                }
                out.push(f);
            }
            None => out.push(unnamed()),
        }
    }
    super::projects::find(ctx, vocab, places, &mut out);
    let pilot_spans: Vec<(usize, usize)> = out
        .iter()
        .filter(|f| f.kind == EntityKind::Pilot)
        .map(|f| (f.start, f.end))
        .collect();
    // A project overlapping an organisation or a pilot is none; one
    // overlapping a generic actor is none unless a project word leads it
    // ("Brede Regeling Combinatiefunctionarissen", "beleidsnota
    // Schuldhulpverlening 2025–2028"), where the actor is its subject.
    let led = |f: &Found| {
        ctx.toks
            .iter()
            .position(|t| t.s == f.start)
            .is_some_and(|k| {
                ctx.is(
                    k,
                    vocab.roles.project_keyword | vocab.roles.project_adjective,
                ) || ctx.suffix(k).is_some()
            })
    };
    out.retain(|f| {
        let overlaps =
            |spans: &[(usize, usize)]| spans.iter().any(|&(s, e)| s < f.end && f.start < e);
        f.kind == EntityKind::Pilot
            || !(overlaps(taken) || overlaps(&pilot_spans) || (overlaps(generic) && !led(f)))
    });
    out
}

/// How many headings back an unnamed pilot looks for its name.
const HEADINGS_BACK: usize = 12;

/// Whether `hay` holds `needle` as whole words (both folded).
fn has_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(p) = hay.get(from..).and_then(|h| h.find(needle)) {
        let s = from + p;
        let e = s + needle.len();
        let before = hay[..s].chars().next_back();
        let after = hay[e..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = s + needle.len().max(1);
    }
    false
}

/// An unnamed pilot ("Pilot succesvol?", "Almelo heeft zich aangemeld als
/// pilot") in a document of one section per initiative is the initiative
/// of its section: the nearest heading before it that names one, where
/// the heading is a project named in the text ("Flexwonen Ruimtebaan",
/// after "Het project Flexwonen Ruimtebaan behelst …"), or the subject
/// that ends a heading of labelled parts and recurs in the text ("Motie -
/// CU, PvdA, GL - generatietoets", after "een generatietoets … inzetten").
/// Generic labels of such a section ("Korte omschrijving", "Uitkomst
/// evaluatie") are neither. A pilot word in the plural ("de lopende
/// pilots") names several and no one.
pub(crate) fn name_by_heading(
    found: &mut [(usize, Found)],
    sents: &[Sentence],
    sections: &[Section],
) {
    use super::fold::fold_key;
    let unnamed = |f: &Found| {
        f.kind == EntityKind::Pilot && f.canonical.is_none() && !f.extra.contains_key("list")
    };
    if sections.is_empty() || !found.iter().any(|(_, f)| unnamed(f)) {
        return;
    }
    let projects: Vec<String> = found
        .iter()
        .filter(|(_, f)| f.kind == EntityKind::Project)
        .filter_map(|(_, f)| f.canonical.as_deref().map(fold_key))
        .collect();
    let body: Vec<String> = sents
        .iter()
        .filter(|s| !s.heading && !s.furniture)
        .map(|s| fold_key(&s.text))
        .collect();
    // The name a heading gives, if any: (as written, folded).
    let named_by = |heading: &str| -> Option<String> {
        let heading = heading.trim().trim_end_matches(['.', ':', '?']).trim();
        let labelled = heading
            .rsplit_once(" - ")
            .or_else(|| heading.rsplit_once(" – "));
        let topic = labelled.map_or(heading, |(_, t)| t).trim();
        let key = fold_key(topic);
        let words = key.split(' ').count();
        if key.chars().count() < 4 || words > 8 {
            return None;
        }
        let project = projects.contains(&key);
        let recurs = labelled.is_some() && body.iter().any(|b| has_words(b, &key));
        (project || recurs).then(|| topic.to_string())
    };
    for (si, f) in found.iter_mut() {
        if !unnamed(f) {
            continue;
        }
        let Some(s) = sents.get(*si) else { continue };
        let word = fold_key(s.text.get(f.start..f.end).unwrap_or(""));
        if word.ends_with('s') || word.ends_with("en") {
            continue;
        }
        let at = s.to_doc(f.start);
        let mut before: Vec<&Section> = sections.iter().filter(|h| h.start <= at).collect();
        before.sort_by_key(|h| std::cmp::Reverse(h.start));
        let name = before
            .iter()
            .take(HEADINGS_BACK)
            .find_map(|h| named_by(&h.heading));
        if let Some(name) = name {
            f.value = json!(name);
            f.canonical = Some(name);
        }
    }
}

/// A list item announced by "de volgende pilots:": its name is the text
/// before the colon (at most six words).
pub fn list_item(ctx: &Ctx) -> Option<Found> {
    let text = ctx.text;
    let colon = text.find(':')?;
    let name = text[..colon].trim();
    let words = name.split_whitespace().count();
    if !(1..=6).contains(&words) {
        return None;
    }
    let s = text.len() - text.trim_start().len();
    let mut f = pilot(s, s + name.len(), Some(name));
    f.extra.insert("list".into(), json!(true));
    Some(f)
}

#[cfg(test)]
mod tests {
    use crate::model::EntityKind;

    /// The canonical names of the named pilots of a text.
    fn pilot_names(text: &str) -> Vec<String> {
        super::super::tests::entities_in(text)
            .into_iter()
            .filter(|e| e.kind == EntityKind::Pilot)
            .filter_map(|e| e.canonical)
            .collect()
    }

    #[test]
    fn pilot_names_by_context() {
        let cases: &[(&str, &[&str])] = &[
            // A title in sentence case runs over a function word between capitals ...
            (
                "Het college stemt in met de pilot Ouder met Power voor ouderen.",
                &["Ouder met Power"],
            ),
            (
                "Zo startten we in 2018 met vijf gemeenten de pilot Bruggen naar Gezond Gewicht om kinderen te helpen.",
                &["Bruggen naar Gezond Gewicht"],
            ),
            // ... but not into a partner or a place.
            (
                "De pilot Wijkbuddy met Stichting Welzijn Noord loopt goed.",
                &["Wijkbuddy"],
            ),
            ("De pilot Deelauto's in Wassenaar loopt goed.", &["Deelauto's"]),
            // A pilot named by its subject after a participle and "met".
            (
                "In 2023 is een pilot gestart met schuldhulp aan de keukentafel.",
                &["schuldhulp aan de keukentafel"],
            ),
            // The one quoted term of the sentence names an unnamed pilot.
            (
                "Wij verstrekten onder de noemer 'fellowships' drie beurzen binnen de context van een pilot.",
                &["fellowships"],
            ),
            // A number, a predicate adjective: no name.
            ("Het college besluit de pilot twee jaar te financieren.", &[]),
            ("Pilot succesvol? Ja, zeker.", &[]),
            // Two quoted terms: which one is the pilot's is unknown.
            ("Na 'Samen' en 'Thuis' volgt een pilot.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(pilot_names(text), *want, "{text}");
        }
    }
}
