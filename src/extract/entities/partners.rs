//! Partners: named organisations and institutional bodies, and generic actors.
//!
//! Input: one sentence and the document's [`Memory`] of names and aliases
//! learned so far. Output: `partner` entities (canonical name, `org_type`,
//! `generic: true` for generic actors such as "huisartsen").
//!
//! Sources, in order of trust:
//! 1. the dictionary automaton (`organisations.tsv` + `generic_actors.tsv`,
//!    case-folded) and the case-sensitive acronym automaton;
//! 2. definitions "Naam (ABC)" and "ABC teams (Samen werken aan Veiligheid)",
//!    which also teach the alias for the rest of the document;
//! 3. names after an organisation word: "stichting Welzijn X",
//!    "jeugdhulpaanbieder Youké", "welzijnsorganisaties (Versa en STAD)";
//! 4. capitalised names with an organisation head: "Commissie Passend
//!    Alternatief", "Sociaal Makelorganisatie", "NMDsamenwerking";
//! 5. names learned earlier in the same document.
//!
//! Overlapping candidates keep the longest.

use super::fold::fold_key;
use super::lexicon::ShortMap;
use super::names::{self, capish, Mode};
use super::prepare::Dict;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use crate::model::EntityKind;
use serde_json::json;

/// What a document has taught so far: aliases from definitions and names
/// found by pattern, so later bare mentions are recognised.
#[derive(Debug, Default)]
pub struct Memory {
    /// Acronym (as written) → (canonical, entity type).
    pub aliases: ShortMap<String, (String, EntityKind)>,
    /// Folded name → canonical, for partner names found by pattern.
    pub names: Vec<(String, String)>,
}

fn partner(start: usize, end: usize, canonical: &str, source: &'static str) -> Found {
    let mut f = Found::new(EntityKind::Partner, start, end, json!(canonical));
    f.canonical = Some(canonical.to_string());
    f.source = Some(source);
    f
}

fn has_org_head(ctx: &Ctx, a: usize, b: usize, vocab: &EntityVocabulary) -> bool {
    if ctx.is(a, vocab.roles.org_head_prefix) && b - a >= 2 {
        return true;
    }
    // "Raadhuis", "gemeentehuis": a building, though it ends in -huis.
    (a..b).any(|k| {
        let low = ctx.low(k).trim_end_matches('-');
        !ctx.is(k, vocab.roles.not_a_name)
            && vocab
                .lexicon
                .terms_of(vocab.roles.org_head_suffix)
                .iter()
                .any(|h| low.ends_with(h.as_str()) && (low.len() > h.len() || k > a))
    })
}

/// A defined name of several words whose first word is an organisation
/// head: "(De Nederlandse) Organisatie voor Wetenschappelijk Onderzoek (NWO)".
fn starts_with_head(ctx: &Ctx, a: usize, b: usize, vocab: &EntityVocabulary) -> bool {
    b - a >= 2
        && vocab
            .lexicon
            .terms_of(vocab.roles.org_head_suffix)
            .iter()
            .any(|h| ctx.low(a) == h.as_str())
}

fn is_project_name(ctx: &Ctx, a: usize, b: usize, vocab: &EntityVocabulary) -> bool {
    (a..b).any(|k| {
        let low = ctx.low(k);
        ctx.is(k, vocab.roles.project_keyword)
            || (ctx.suffix(k).is_some()
                && !vocab
                    .lexicon
                    .terms_of(vocab.roles.org_head_suffix)
                    .iter()
                    .any(|h| low.ends_with(h.as_str())))
    })
}

/// Letters of `acr` appear in order in `expansion`, starting with its first.
fn abbreviates(acr: &str, expansion: &str) -> bool {
    let acr: Vec<char> = acr
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let exp: Vec<char> = expansion
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if acr.len() < 2 || acr.first() != exp.first() {
        return false;
    }
    let mut it = exp.iter();
    acr.iter().all(|c| it.any(|e| e == c))
}

fn acronym_like(s: &str) -> bool {
    let core = super::fold::strip_possessive(s);
    (2..=8).contains(&core.chars().count())
        && core.chars().all(|c| c.is_alphanumeric())
        && core.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Partners (and project aliases) of one sentence.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary, mem: &mut Memory) -> Vec<Found> {
    let text = ctx.text;
    let folded = &ctx.folded;
    let mut cands: Vec<Found> = Vec::new();
    // 1. Dictionaries.
    for m in ctx.hits(Dict::Orgs) {
        let (s, e) = (folded.orig(m.start), folded.orig(m.end));
        if !super::fold::on_word_boundary(text, s, e) {
            continue;
        }
        let Some(entry) = vocab.orgs.entries.get(m.pattern).and_then(|v| v.first()) else {
            continue;
        };
        if entry.case_sensitive && (!text[s..].starts_with(char::is_uppercase) || s == 0) {
            continue;
        }
        let mut f = partner(s, e, &entry.canonical, "dictionary");
        f.extra.insert("org_type".into(), json!(entry.org_type));
        // A kind of organisation written in lower case is the service, not
        // a body: "een digitaal dossier in de jeugdgezondheidszorg".
        let lower_type =
            entry.org_type == "organisatietype" && text[s..].starts_with(char::is_lowercase);
        if entry.generic || lower_type {
            f.extra.insert("generic".into(), json!(true));
        }
        cands.push(f);
    }
    for m in ctx.hits(Dict::Acronyms) {
        if !super::fold::on_word_boundary(text, m.start, m.end) {
            continue;
        }
        let Some(entry) = vocab
            .acronyms
            .entries
            .get(m.pattern)
            .and_then(|v| v.first())
        else {
            continue;
        };
        let mut f = partner(m.start, m.end, &entry.canonical, "dictionary");
        f.extra.insert("org_type".into(), json!(entry.org_type));
        if entry.generic {
            f.extra.insert("generic".into(), json!(true));
        }
        cands.push(f);
    }
    // 5. Learned aliases and names.
    for i in (0..ctx.toks.len()).filter(|_| !mem.aliases.is_empty()) {
        let t = ctx.orig(i);
        let key = super::fold::strip_possessive(t);
        if let Some((canonical, kind)) = mem.aliases.get(key) {
            let (s, e) = ctx.span(i, i + 1);
            let mut f = partner(s, e, canonical, "alias");
            f.kind = *kind;
            cands.push(f);
        }
    }
    for (key, canonical) in &mem.names {
        let mut from = 0;
        while let Some(p) = super::fold::find_short(&folded.text[from..], key) {
            let fs = from + p;
            let (s, e) = (folded.orig(fs), folded.orig(fs + key.len()));
            if super::fold::on_word_boundary(text, s, e) {
                cands.push(partner(s, e, canonical, "learned"));
            }
            from = fs + key.len();
        }
    }
    // 2. Definitions "Naam (ABC)" and "ABC … (Uitgeschreven Naam)".
    let bytes = text.as_bytes();
    for (p, _) in text.match_indices('(') {
        let Some(q) = text[p..].find(')').map(|q| p + q) else {
            continue;
        };
        let inner = &text[p + 1..q];
        let Some(before_tok) = ctx.toks.iter().rposition(|t| t.e <= p) else {
            continue;
        };
        if !text[ctx.toks[before_tok].e..p]
            .chars()
            .all(char::is_whitespace)
        {
            continue;
        }
        if acronym_like(inner) {
            let Some(a) = names::backward(ctx, before_tok, vocab) else {
                continue;
            };
            let (s, e) = ctx.span(a, before_tok + 1);
            let name = text[s..e].to_string();
            let key = super::fold::strip_possessive(inner).to_string();
            // "Gemeenschappelijke Regeling (GR) Cocensus": a kind of body
            // defined inside a longer name defines nothing.
            let inside_name = text[q + 1..].starts_with(' ')
                && text[q + 1..].trim_start().starts_with(char::is_uppercase);
            let kind = if is_project_name(ctx, a, before_tok + 1, vocab) {
                if inside_name {
                    continue;
                }
                EntityKind::Project
            } else if has_org_head(ctx, a, before_tok + 1, vocab)
                || starts_with_head(ctx, a, before_tok + 1, vocab)
                || cands.iter().any(|c| c.start >= s && c.end <= e)
            {
                EntityKind::Partner
            } else {
                continue;
            };
            let generic = cands
                .iter()
                .find(|c| c.start == s && c.end == e)
                .and_then(|c| c.extra.get("generic").cloned());
            let canonical = cands
                .iter()
                .find(|c| c.start == s && c.end == e && generic.is_none())
                .and_then(|c| c.canonical.clone())
                .unwrap_or(name);
            mem.aliases.entry(key).or_insert((canonical.clone(), kind));
            for (fs, fe) in [(s, e), (p + 1, p + 1 + inner.trim_end_matches("'s").len())] {
                let mut f = partner(fs, fe, &canonical, "definition");
                f.kind = kind;
                if let Some(g) = &generic {
                    f.extra.insert("generic".into(), g.clone());
                }
                cands.push(f);
            }
        } else if inner.split_whitespace().count() >= 2
            && inner.starts_with(char::is_uppercase)
            && bytes.get(p.wrapping_sub(1)) == Some(&b' ')
        {
            // "SAVE teams (Samen werken aan Veiligheid)"
            for k in (before_tok.saturating_sub(1)..=before_tok).rev() {
                let acr = ctx.orig(k);
                if acronym_like(acr) && abbreviates(acr, inner) {
                    let (s, e) = ctx.span(k, k + 1);
                    mem.aliases
                        .entry(acr.to_string())
                        .or_insert((inner.to_string(), EntityKind::Partner));
                    cands.push(partner(s, e, inner, "definition"));
                    break;
                }
            }
        }
    }
    // 3. Names after an organisation word, and 4. names with an organisation head.
    let n = ctx.toks.len();
    let title_case = ctx.title_case();
    for i in 0..n {
        // A one-word intro inside a run of capitals is part of a title
        // ("Actieplan Evaluatie GR MRDH"), not the start of a name.
        let in_title = i > 0 && capish(ctx, i) && capish(ctx, i - 1) && ctx.gap_plain(i - 1, i);
        let intro = (ctx.is(i, vocab.roles.org_intro) && !in_title)
            || (ctx.is(i, vocab.roles.phrase_end) && ctx.ends_phrase(i, &vocab.org_intro_phrases));
        let prefix = ctx.is(i, vocab.roles.org_head_prefix);
        if (intro || prefix) && i + 1 < n && ctx.gap_plain(i, i + 1) && capish(ctx, i + 1) {
            if let Some(e) = names::forward(ctx, i + 1, Mode::Capitalised, 6, vocab)
                .map(|e| trim_numbers(ctx, i + 1, e))
            {
                let whole = prefix
                    && (capish(ctx, i)
                        || ctx.low_is(i, "stichting")
                        || ctx.low_is(i, "vereniging"));
                // "het centrum Wassenaar", "regio Utrecht": a place, not a body.
                let place = !whole && is_municipality(ctx, i + 1, e);
                if !place && !is_project_name(ctx, i + 1, e, vocab) {
                    let a = if whole { i } else { i + 1 };
                    let (s, en) = ctx.span(a, e);
                    let mut canonical = text[s..en].to_string();
                    if whole {
                        canonical = capitalise(&canonical);
                    }
                    cands.push(partner(s, en, &canonical, "pattern"));
                }
            }
        }
        if intro || ctx.is(i, vocab.roles.generic_intro) {
            list_after(ctx, i, &mut cands);
        }
        let run_start = capish(ctx, i)
            && !title_case
            && (i == 0 || !capish(ctx, i - 1) || !ctx.gap_plain(i - 1, i));
        if run_start {
            let Some(e) = names::forward(ctx, i, Mode::Capitalised, 7, vocab)
                .map(|e| trim_numbers(ctx, i, e))
            else {
                continue;
            };
            let a = (i..e).find(|&k| !ctx.is(k, vocab.roles.stop)).unwrap_or(i);
            let e = cut_dangling_owner(ctx, a, e, vocab);
            let single_camel = e - a == 1 && {
                let t = ctx.orig(a);
                t.chars().filter(|c| c.is_uppercase()).count() >= 2
                    && t.chars().any(char::is_lowercase)
            };
            // "de Athenaeumbibliotheek", "het Rijksvastgoedbedrijf": a
            // capitalised compound of an organisation head, mid-sentence.
            let single_head = e - a == 1 && a > 0 && {
                let low = ctx.low(a);
                vocab
                    .single_org_heads
                    .iter()
                    .any(|h| low.len() >= h.len() + 3 && low.ends_with(h.as_str()))
            };
            if (e - a >= 2 || single_camel || single_head)
                && has_org_head(ctx, a, e, vocab)
                && !is_project_name(ctx, a, e, vocab)
            {
                let (s, en) = ctx.span(a, e);
                cands.push(partner(s, en, &text[s..en], "pattern"));
            }
        }
    }
    // 6. Names in a list after a partner cue ("samen met A, B en C").
    let skip = |a: usize, e: usize| {
        is_municipality(ctx, a, e)
            || is_project_name(ctx, a, e, vocab)
            || (a..e).all(|k| ctx.is(k, vocab.roles.not_a_name | vocab.roles.stop))
    };
    cands.extend(super::cues::find(ctx, vocab, &skip, &|s, e, name| {
        partner(s, e, name, "cue")
    }));
    let dict_spans: Vec<(usize, usize)> = cands
        .iter()
        .filter(|c| c.source == Some("dictionary") && !c.extra.contains_key("generic"))
        .map(|c| (c.start, c.end))
        .collect();
    cands.retain(|c| {
        !matches!(c.source, Some("pattern" | "cue"))
            || !dict_spans
                .iter()
                .any(|&(s, e)| c.start <= s && e <= c.end && (s, e) != (c.start, c.end))
    });
    let kept = super::keep_longest(cands);
    for f in &kept {
        let src = f.source.unwrap_or("");
        if matches!(src, "pattern" | "list" | "cue") && f.kind == EntityKind::Partner {
            if let Some(c) = &f.canonical {
                let key = fold_key(&text[f.start..f.end]);
                if key.len() >= 4 && !mem.names.iter().any(|(k, _)| *k == key) {
                    mem.names.push((key.replace(" & ", " en "), c.clone()));
                    if key.contains(" en ") {
                        mem.names.push((key.replace(" en ", " & "), c.clone()));
                    }
                }
            }
        }
    }
    kept
}

/// End of a name without its trailing numbers: organisation names do not end
/// in one, so "Gemeenteraad 31 augustus" and "centrum Wassenaar 2020" are a
/// date and a year after a name (projects, which may, use their own reader).
fn trim_numbers(ctx: &Ctx, a: usize, mut e: usize) -> usize {
    while e > a + 1 && names::numeric(ctx, e - 1) {
        e -= 1;
    }
    e
}

/// "het Sophiekehuis van de Stichting" (and then a name in lower case): a
/// name ending in a connector and a bare organisation word ("van de
/// Stichting") points to an organisation it does not name; the end moves
/// back before the connector.
fn cut_dangling_owner(ctx: &Ctx, a: usize, e: usize, vocab: &EntityVocabulary) -> usize {
    let last = e - 1;
    if last <= a || !ctx.is(last, vocab.roles.org_head_prefix) {
        return e;
    }
    let mut k = last;
    while k > a && ctx.is(k - 1, vocab.roles.name_connector) {
        k -= 1;
    }
    if k < last {
        k
    } else {
        e
    }
}

/// Tokens `a..b` are exactly one municipality name from the dictionary.
fn is_municipality(ctx: &Ctx, a: usize, b: usize) -> bool {
    let (s, e) = ctx.span(a, b);
    ctx.hits(Dict::Municipalities)
        .iter()
        .any(|m| ctx.folded.orig(m.start) == s && ctx.folded.orig(m.end) == e)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "welzijnsorganisaties (Versa en STAD)", "partners in het voorveld (o.a.
/// Versa, STAD en Jeugd en Gezin)": the capitalised items of a list in
/// brackets right after, or a few words after, an organisation word.
fn list_after(ctx: &Ctx, i: usize, out: &mut Vec<Found>) {
    let text = ctx.text;
    let from = ctx.toks[i].e;
    let window_end = ctx.toks.get(i + 5).map(|t| t.s).unwrap_or(text.len());
    let Some(p) = text[from..window_end.max(from)].find('(').map(|p| from + p) else {
        return;
    };
    let direct = text[from..p].trim().is_empty();
    let Some(q) = text[p..].find(')').map(|q| p + q) else {
        return;
    };
    let mut inner_start = p + 1;
    let inner = &text[inner_start..q];
    if acronym_like(inner) {
        // "Zorgadviesteams (ZAT's)" is a definition, not a list.
        return;
    }
    let lower = inner.to_lowercase();
    let mut body = inner;
    for intro in [
        "o.a.",
        "onder andere",
        "zoals",
        "bijv.",
        "bijvoorbeeld",
        "waaronder",
    ] {
        if lower.starts_with(intro) {
            body = &inner[intro.len()..];
            inner_start += intro.len();
            break;
        }
    }
    if !direct && body.len() == inner.len() {
        return;
    }
    let items: Vec<&str> = body.split(", ").collect();
    let mut parts: Vec<&str> = Vec::new();
    for (k, it) in items.iter().enumerate() {
        if k + 1 == items.len() {
            match it.split_once(" en ") {
                Some((a, b)) => {
                    parts.push(a);
                    parts.push(b);
                }
                None => parts.push(it),
            }
        } else {
            parts.push(it);
        }
    }
    if parts.len() < 2 && !direct {
        return;
    }
    for part in parts {
        let t = part.trim();
        if t.chars().count() <= 2
            || !t.starts_with(char::is_uppercase)
            || t.split_whitespace().count() > 5
        {
            continue;
        }
        let Some(off) = text[inner_start..q].find(t) else {
            continue;
        };
        let s = inner_start + off;
        out.push(partner(s, s + t.len(), t, "list"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::texts_of;
    use crate::model::EntityKind;

    fn partners(text: &str) -> Vec<String> {
        texts_of("partner", text)
    }

    #[test]
    fn coordinated_names_are_two_names() {
        let got = partners(
            "Samen met de Raad van de Kinderbescherming en de Gecertificeerde Instellingen \
             zijn we gestart.",
        );
        assert!(
            got.iter().any(|t| t == "Raad van de Kinderbescherming"),
            "{got:?}"
        );
        assert!(
            got.iter().any(|t| t == "Gecertificeerde Instellingen"),
            "{got:?}"
        );
        assert!(!got.iter().any(|t| t.contains(" en de ")), "{got:?}");
    }

    #[test]
    fn places_dates_and_title_case_are_no_partners() {
        for text in [
            "De kade langs het water vanaf het centrum Wassenaar is hersteld.",
            "Dit besprak de Gemeenteraad 31 augustus 2015 in een vergadering.",
        ] {
            let got = partners(text);
            assert!(
                !got.iter()
                    .any(|t| t.contains("Wassenaar") || t.contains("31")),
                "{text}: {got:?}"
            );
        }
        // A bare organisation word after a connector names nobody.
        let got = partners("Er komt beplanting bij het Sophiekehuis van de Stichting aan de weg.");
        assert!(got.is_empty(), "{got:?}");
        // A heading in title case: no evidence of a name.
        let got = partners("Vaststellen Reglement van Orde Toetsingscommissie\n\nDit is besloten.");
        assert!(got.is_empty(), "{got:?}");
        // The same words in running text still make a name with a head.
        let got = partners("We werken samen met de Commissie Passend Alternatief in de stad.");
        assert_eq!(got, ["Commissie Passend Alternatief"]);
    }

    #[test]
    fn a_gemeenschappelijke_regeling_names_a_body() {
        let got = partners(
            "Voorstel tot wijziging van de Gemeenschappelijke Regeling Regionale \
             Uitvoeringsdienst Noord-Holland Noord.",
        );
        assert_eq!(got, ["Regionale Uitvoeringsdienst Noord-Holland Noord"]);
        assert!(super::super::tests::texts_of(
            "project",
            "De gemeenschappelijke regeling Omgevingsdienst Haaglanden wijzigt."
        )
        .is_empty());
    }

    /// Partners of a text that are no generic actors.
    fn named_partners(text: &str) -> Vec<String> {
        super::super::tests::entities_in(text)
            .into_iter()
            .filter(|e| e.kind == EntityKind::Partner && e.extra.get("generic").is_none())
            .map(|e| e.text)
            .collect()
    }

    #[test]
    fn names_in_a_list_after_a_partner_cue() {
        let cases: &[(&str, &[&str])] = &[
            // After a comma the last item ends at its first conjunction.
            (
                "Het pand is in 2023 gebruikt door Stichting Overijsselacademie, Het Oversticht en Natuur en Milieu Overijssel.",
                &["Stichting Overijsselacademie", "Het Oversticht", "Natuur en Milieu Overijssel"],
            ),
            // The passive agent, before and after its participle.
            (
                "Het onderzoek wordt uitgevoerd door Bouwkracht.",
                &["Bouwkracht"],
            ),
            (
                "De uitkomsten van het door Kennisplein uitgevoerde onderzoek zijn betrokken.",
                &["Kennisplein"],
            ),
            // The receiver after a participle without ge-.
            ("Deze opdracht is verstrekt aan Cebeon.", &["Cebeon"]),
            // A partner cue before "met"; a municipality is no item and
            // ends nothing; a slash separates.
            (
                "We zijn in overleg met Kwintes en gemeente Amersfoort.",
                &["Kwintes"],
            ),
            (
                "In de overeenkomst met Amaryllis/Incluzio staat dit.",
                &["Amaryllis", "Incluzio"],
            ),
            // No cue, a person, a heading: nothing.
            ("Het boek is geschreven met Pieter Post erbij.", &[]),
            ("Het advies is opgesteld door Dhr. A.H. Buiks.", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(named_partners(text), *want, "{text}");
        }
    }

    #[test]
    fn organisation_compounds_and_defined_heads() {
        let cases: &[(&str, &[&str])] = &[
            (
                "De samenwerking met de Athenaeumbibliotheek verloopt goed.",
                &["Athenaeumbibliotheek"],
            ),
            (
                "Toen heeft de Organisatie voor Onderzoek (OVO) een subsidie toegekend.",
                &["Organisatie voor Onderzoek", "OVO"],
            ),
            // A kind of organisation in lower case is the service: generic.
            (
                "De GGD werkt met een dossier in de jeugdgezondheidszorg.",
                &["GGD"],
            ),
            // "GR X" names the body; inside a title it does not.
            (
                "GR Cocensus is verplicht de begroting aan te bieden.",
                &["Cocensus"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(named_partners(text), *want, "{text}");
        }
    }

    #[test]
    fn a_town_hall_is_a_building_though_it_ends_in_huis() {
        let got = partners("Het Brandweermuseum is gehuisvest in Raadhuis De Paauw.");
        assert!(got.is_empty(), "{got:?}");
        let got = partners("Het Zorg- en Veiligheidshuis Midden-Holland helpt ons.");
        assert!(!got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_region_and_a_bank_are_organisations_by_their_head() {
        let got = partners(
            "Wassenaar is de noordvleugel van de Metropoolregio Rotterdam Den Haag (MRDH). \
             De MRDH werkt samen met de Europese Centrale Bank.",
        );
        assert_eq!(
            got,
            [
                "Metropoolregio Rotterdam Den Haag",
                "MRDH",
                "MRDH",
                "Europese Centrale Bank"
            ]
        );
    }
}
