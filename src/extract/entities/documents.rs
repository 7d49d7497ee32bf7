//! Policy documents named by their kind and year: "de begroting 2024",
//! "het jaarverslag 2013", "de Huisvestingsverordening Wassenaar 2023",
//! "het integraal veiligheidsbeleid 2019 – 2022", "de najaarsnota over 2023".
//!
//! Input: one sentence. Output: `project` candidates. A word that ends in a
//! `project_doc` term of the lexicon (begroting, jaarverslag, kadernota,
//! rapportage, raming …; terms with the value `compound` only as the end
//! of a longer word: privacy**beleid**) followed by a year or a year
//! range — with at most three capitalised words ("Wassenaar"), "over", or
//! "voor/van de" and a noun between ("Verordening voor de
//! kamerverhuurpanden 2015") — names one document of a planning cycle; a
//! `project_adjective` before it belongs to the name ("Integraal
//! jaarverslag 2024").
//!
//! The document itself is no project of its own: a name that opens the
//! document's first block ("Publieksjaarverslag 2018", "Voorwoord begroting
//! 2022-2025") or follows a demonstrative ("met deze begroting 2022 -
//! 2025") is dropped with every other mention of it
//! ([`drop_self_references`]); "ons meerjarenbeleidsplan 2021-2024" is the
//! organisation's plan, not the document. A heading or table cell that is the
//! name and nothing else is a label ("Begroting 2023" over a column).

use super::fold::fold_key;
use super::names::capish;
use super::sentences::Sentence;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use crate::model::EntityKind;
use serde_json::json;

/// How a document name relates to the document it stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DocRef {
    /// Not a document name of this module.
    #[default]
    None,
    /// Another document.
    Other,
    /// At the start of a heading: the document itself when that heading
    /// is the document's first block.
    Lead,
    /// After a demonstrative: the document itself.
    This,
    /// A heading or cell that is the name alone: a label, never a project;
    /// the document's title when it opens the first block.
    Label,
}

/// A four-digit year of the range the year pattern accepts.
pub(crate) fn year(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 4
        && b.iter().all(u8::is_ascii_digit)
        && (t.starts_with("20") || (t.starts_with("19") && b[2] >= b'5'))
}

/// A year or a range written as one token ("2017-2019", "2021/2022").
fn year_token(t: &str) -> bool {
    match t.split_once(['-', '/', '–']) {
        Some((a, b)) => year(a) && year(b),
        None => year(t),
    }
}

/// Token `i` ends in a `project_doc` term (as a whole word, or as the end
/// of a longer one where the term asks for that).
fn doc_word(ctx: &Ctx, i: usize, vocab: &EntityVocabulary) -> bool {
    let low = ctx.low(i);
    vocab.project_docs.iter().any(|(t, compound_only)| {
        low.ends_with(t.as_str())
            && (low.len() >= t.len() + 3 || (!compound_only && low.len() == t.len()))
    })
}

/// Document names of one sentence. Driven by the years, which are rare:
/// from each year back to the document word.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary, out: &mut Vec<Found>) {
    let n = ctx.toks.len();
    let text = ctx.text;
    let mut after = 0;
    for (k, t) in ctx.toks.iter().enumerate().skip(1) {
        // Cheap tests first: a year is four digits, a range nine.
        let len = t.e - t.s;
        if k < after
            || !(len == 4 || len == 9)
            || !text
                .as_bytes()
                .get(t.s)
                .is_some_and(|&b| b == b'1' || b == b'2')
            || !year_token(ctx.orig(k))
            || !ctx.gap_plain(k - 1, k)
        {
            continue;
        }
        // Back over "over", "voor/van de" and a noun ("Verordening voor de
        // kamerverhuurpanden 2015", not "… voor de jaren 2018-2022") or up
        // to three capitalised words.
        let r = &vocab.roles;
        let of_noun = k >= 4
            && matches!(ctx.low(k - 3), "voor" | "van")
            && ctx.is(k - 2, r.article)
            && !capish(ctx, k - 1)
            && !ctx.is(k - 1, r.stop | r.period_word)
            && (k - 3..k).all(|t| ctx.gap_plain(t - 1, t));
        let mut i = k - 1;
        while i > 0
            && k - i <= 3
            && capish(ctx, i)
            && !doc_word(ctx, i, vocab)
            && ctx.gap_plain(i - 1, i)
        {
            i -= 1;
        }
        if ctx.low(k - 1) == "over" {
            i = k.saturating_sub(2);
        } else if of_noun && doc_word(ctx, k - 4, vocab) {
            i = k - 4;
        }
        if !doc_word(ctx, i, vocab) || (i + 1 < k && !ctx.gap_plain(i, i + 1)) {
            continue;
        }
        let mut end = k + 1;
        if let Some(next) = ctx.toks.get(k + 1) {
            let gap = text[ctx.toks[k].e..next.s].trim();
            if matches!(gap, "-" | "–" | "—" | "/" | "t/m") && year(ctx.orig(k + 1)) {
                end = k + 2;
            }
        }
        after = end;
        let mut start = i;
        // "Integraal jaarverslag 2024", "integraal veiligheidsbeleid"; a
        // capital starts the name: "het nieuwe Privacybeleid".
        if i > 0
            && ctx.gap_plain(i - 1, i)
            && ctx.is(i - 1, r.project_adjective)
            && (capish(ctx, i - 1) || !capish(ctx, i))
        {
            start = i - 1;
        }
        let (s, e) = ctx.span(start, end);
        let name = &text[s..e];
        let mut f = Found::new(EntityKind::Project, s, e, json!(name));
        f.canonical = Some(name.to_string());
        f.doc_ref = if ctx.title_case() && start == 0 && end == n {
            DocRef::Label
        } else if start > 0 && ctx.is(start - 1, r.demonstrative) {
            DocRef::This
        } else if start <= 1 && ctx.sentence.heading {
            DocRef::Lead
        } else {
            DocRef::Other
        };
        out.push(f);
    }
}

/// Drop the document's names of itself, with every mention of the same
/// name (see the module docs). `found` holds (sentence, entity).
pub(crate) fn drop_self_references(found: &mut Vec<(usize, Found)>, sents: &[Sentence]) {
    let first_block = sents.iter().find(|s| !s.furniture).map(|s| s.block);
    let own: Vec<String> = found
        .iter()
        .filter(|(si, f)| {
            let first = sents.get(*si).map(|s| s.block) == first_block;
            f.doc_ref == DocRef::This
                || (matches!(f.doc_ref, DocRef::Lead | DocRef::Label) && first)
        })
        .filter_map(|(_, f)| f.canonical.as_deref().map(fold_key))
        .collect();
    found.retain(|(_, f)| {
        f.doc_ref == DocRef::None
            || f.doc_ref != DocRef::Label
                && !f
                    .canonical
                    .as_deref()
                    .is_some_and(|c| own.contains(&fold_key(c)))
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::texts_of;

    #[test]
    fn documents_named_by_kind_and_year() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Dit verwerken we in de begroting 2024 en de najaarsnota over 2023.",
                &["begroting 2024", "najaarsnota over 2023"],
            ),
            (
                "Het nieuwe Privacybeleid Wassenaar 2025 vast te stellen.",
                &["Privacybeleid Wassenaar 2025"],
            ),
            (
                "Het integraal veiligheidsbeleid 2019 – 2022 loopt af.",
                &["integraal veiligheidsbeleid 2019 – 2022"],
            ),
            (
                "Voorstel over de begroting 2016 en meerjarenbegroting 2017-2019 van de regio.",
                &["begroting 2016", "meerjarenbegroting 2017-2019"],
            ),
            (
                "Voorstel tot het vaststellen van de Verordening voor de kamerverhuurpanden 2015.",
                &["Verordening voor de kamerverhuurpanden 2015"],
            ),
            // A noun of time after "voor de" is no part of a name.
            (
                "Het opgestelde collegeprogramma voor de jaren 2018-2022 is klaar.",
                &[],
            ),
            // "beleid" names a document only as the end of a compound.
            ("Het beleid 2019 is klaar.", &[]),
            // The document itself is none, with all its mentions.
            (
                "Met deze begroting 2022 - 2025 geven wij inzicht. De begroting 2022 - 2025 is sluitend.",
                &[],
            ),
            (
                "Jaarrekening 2019\n\nDe jaarrekening 2019 sluit met een overschot.",
                &[],
            ),
            // "ons" plan is the organisation's, not the document.
            (
                "Voorwoord\n\nIn ons meerjarenbeleidsplan 2021-2024 spraken we de ambitie uit.",
                &["meerjarenbeleidsplan 2021-2024"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(texts_of("project", text), *want, "{text}");
        }
    }
}
