//! Policy documents named by their kind and year: "de begroting 2024",
//! "het jaarverslag 2013", "de Huisvestingsverordening Wassenaar 2023",
//! "het integraal veiligheidsbeleid 2019 – 2022", "de najaarsnota over 2023".
//!
//! Input: one sentence. Output: `project` candidates. A word that ends in a
//! `project_doc` term of the lexicon (begroting, jaarverslag, kadernota,
//! rapportage, raming …; terms with the value `compound` only as the end
//! of a longer word: privacy**beleid**) followed by a year or a year
//! range — with at most three capitalised words ("Wassenaar") or "over"
//! between — names one document of a planning cycle; a
//! `project_adjective` before it belongs to the name ("Integraal
//! jaarverslag 2024").
//!
//! The document itself is no project of its own: a name that opens the
//! document's first block ("Publieksjaarverslag 2018", "Voorwoord begroting
//! 2022-2025") or follows a demonstrative or possessive ("met deze begroting
//! 2022 - 2025", "ons jaarverslag 2018") is dropped with every other mention
//! of it ([`drop_self_references`]). A heading or table cell that is the
//! name and nothing else is a label ("Begroting 2023" over a column).

use super::fold::fold_key;
use super::names::capish;
use super::sentences::Sentence;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use serde_json::json;

/// How a document name relates to the document it stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DocRef {
    /// Not a document name of this module.
    #[default]
    None,
    /// Another document.
    Other,
    /// At the start of its sentence: the document itself when that
    /// sentence is the document's first block.
    Lead,
    /// After a demonstrative or possessive: the document itself.
    This,
}

/// A four-digit year token of the range the year pattern accepts.
pub(crate) fn year(t: &str) -> bool {
    t.len() == 4
        && t.bytes().all(|b| b.is_ascii_digit())
        && (t.starts_with("19") && t.as_bytes().get(2).is_some_and(|&b| b >= b'5')
            || t.starts_with("20"))
}

/// The `project_doc` term token `i` ends in, if any.
fn doc_word(ctx: &Ctx, i: usize, vocab: &EntityVocabulary) -> bool {
    let low = ctx.low(i);
    vocab.lexicon.terms_ref("project_doc").iter().any(|t| {
        let compound_only = vocab.lexicon.value("project_doc", t) == Some("compound");
        low.ends_with(t.as_str())
            && (low.len() >= t.len() + 3 || (!compound_only && low.len() == t.len()))
    })
}

/// Document names of one sentence. Driven by the years, which are rare:
/// from each year back to the document word.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary, out: &mut Vec<Found>) {
    let r = &vocab.roles;
    let n = ctx.toks.len();
    let text = ctx.text;
    let mut after = 0;
    for k in 1..n {
        if k < after || !year(ctx.orig(k)) || !ctx.gap_plain(k - 1, k) {
            continue;
        }
        // Back over "over" or up to three capitalised words.
        let mut i = k - 1;
        if ctx.low(i) == "over" {
            i = i.saturating_sub(1);
        } else {
            while i > 0
                && k - i <= 3
                && capish(ctx, i)
                && !doc_word(ctx, i, vocab)
                && ctx.gap_plain(i - 1, i)
            {
                i -= 1;
            }
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
        if i > 0 && ctx.gap_plain(i - 1, i) && ctx.is(i - 1, r.project_adjective) {
            start = i - 1;
        }
        // A heading or cell that is the name alone is a label.
        if ctx.title_case() && start == 0 && end == n {
            continue;
        }
        let (s, e) = ctx.span(start, end);
        let name = &text[s..e];
        let mut f = Found::new("project", s, e, json!(name));
        f.canonical = Some(name.to_string());
        f.doc_ref = if start > 0 && ctx.is(start - 1, r.demonstrative) {
            DocRef::This
        } else if start <= 1 {
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
            f.doc_ref == DocRef::This
                || (f.doc_ref == DocRef::Lead && sents.get(*si).map(|s| s.block) == first_block)
        })
        .filter_map(|(_, f)| f.canonical.as_deref().map(fold_key))
        .collect();
    if own.is_empty() {
        return;
    }
    found.retain(|(_, f)| {
        f.doc_ref == DocRef::None
            || !f
                .canonical
                .as_deref()
                .is_some_and(|c| own.contains(&fold_key(c)))
    });
}
