//! Taakvelden, municipalities and council document references.
//!
//! Input: one sentence. Output: `taakveld` (value: the BBV code, canonical:
//! the official name), `municipality` (value: the CBS code, canonical: the
//! CBS name) and `reference` ("RM 449660", "M22-88"; `kind` from
//! `references.tsv`). A taakveld name counts next to its code, as a whole
//! heading or cell, or when it is long enough (three words or more) not to be
//! an ordinary word; a code after the word "taakveld" counts by itself, under
//! whatever name the municipality gives it. A municipality counts when
//! capitalised; one whose name
//! is also a common word ("Best") only right after "gemeente".

use super::fold::on_word_boundary;
use super::prepare::Dict;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use crate::model::EntityKind;
use memchr::memmem::Finder;
use serde_json::json;
use std::sync::LazyLock;

/// Taakvelden, municipalities and references of one sentence.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary) -> Vec<Found> {
    let mut out = Vec::new();
    let text = ctx.text;
    let folded = &ctx.folded;
    for c in vocab.re.reference.captures_iter(&ctx.hay) {
        let Some(m) = c.get(0) else { continue };
        let kind = (1..c.groups())
            .find(|&i| c.get(i).is_some())
            .and_then(|i| vocab.reference_kinds.get(i - 1))
            .cloned()
            .unwrap_or_default();
        let mut f = Found::new(
            EntityKind::Reference,
            m.start(),
            m.end(),
            json!(m.as_str().split_whitespace().collect::<Vec<_>>().join(" ")),
        );
        f.extra.insert("kind".into(), json!(kind));
        out.push(f);
    }
    for m in ctx.hits(Dict::Municipalities) {
        let (fs, fe) = (m.start, m.end);
        let (s, e) = (folded.orig(fs), folded.orig(fe));
        if !on_word_boundary(text, s, e) {
            continue;
        }
        let first_letter = text[s..e].chars().find(|c| c.is_alphabetic());
        if !first_letter.is_some_and(char::is_uppercase) {
            continue;
        }
        let Some(entries) = vocab.municipalities.entries.get(m.pattern) else {
            continue;
        };
        let after_gemeente = folded.text[..fs].trim_end().ends_with("gemeente");
        let Some((code, name, _)) = entries
            .iter()
            .find(|(_, _, common)| !common || after_gemeente)
        else {
            continue;
        };
        let mut f = Found::new(EntityKind::Municipality, s, e, json!(code));
        f.canonical = Some(name.clone());
        if entries.len() > 1 {
            f.extra.insert(
                "ambiguous".into(),
                json!(entries
                    .iter()
                    .map(|(c, _, _)| c.as_str())
                    .collect::<Vec<_>>()),
            );
        }
        out.push(f);
    }
    for m in ctx.hits(Dict::Taakvelden) {
        let (fs, fe) = (m.start, m.end);
        let (s, e) = (folded.orig(fs), folded.orig(fe));
        // The name may end in "-" ("Maatwerkdienstverlening 18-"), so only
        // its start needs a boundary, and its end unless it ends in a mark.
        let end_ok = !text[e..].chars().next().is_some_and(char::is_alphanumeric)
            || !text[..e].ends_with(char::is_alphanumeric);
        if text[..s]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || !end_ok
        {
            continue;
        }
        let Some(entries) = vocab.taakvelden.entries.get(m.pattern) else {
            continue;
        };
        let before = text[..s].trim_end();
        let code_before = vocab
            .re
            .taakveld_code
            .find_iter(before)
            .last()
            .filter(|c| c.end() == before.len());
        let code = code_before.as_ref().map(|c| c.as_str());
        let entry = match code {
            Some(c) => entries.iter().find(|(k, _)| k == c).or(entries.first()),
            None => entries.last(),
        };
        let Some((code_v, name)) = entry else {
            continue;
        };
        let whole = ctx.sentence.whole_block && text.trim().len() == e - s;
        let long = text[s..e].split_whitespace().count() >= 3;
        if code.is_none() && !whole && !long {
            continue;
        }
        let start = code_before.map(|c| c.start()).unwrap_or(s);
        let mut f = Found::new(
            EntityKind::Taakveld,
            start,
            e,
            json!(code.unwrap_or(code_v)),
        );
        f.canonical = Some(name.clone());
        out.push(f);
    }
    let named = codes_after_word(text, vocab, &out);
    out.extend(named);
    out
}

/// The codes written after the word "taakveld" or "taakvelden" ("Taakveld
/// 5.1 Sport - algemeen", "Taakveld 6.1, 6.2 en 6.5 Sociaal Domein"): each
/// a taakveld when `taakvelden.tsv` knows the code, whatever name the
/// municipality gives it after; not where `found` already has one. A code
/// after the first follows a comma, "en" or "&" ("taakveld 0.1 2.1" is one).
fn codes_after_word(text: &str, vocab: &EntityVocabulary, found: &[Found]) -> Vec<Found> {
    let mut out = Vec::new();
    // Most sentences have neither spelling: ruled out by two searchers
    // made once (`match_indices` set one up per call, 1 % of the entity
    // benchmark's instructions).
    static LOWER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("aakveld"));
    static UPPER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("AAKVELD"));
    if LOWER.find(text.as_bytes()).is_none() && UPPER.find(text.as_bytes()).is_none() {
        return out;
    }
    let words = text
        .match_indices("aakveld")
        .chain(text.match_indices("AAKVELD"));
    for (i, _) in words {
        let Some(word) = i
            .checked_sub(1)
            .filter(|&w| matches!(text.as_bytes()[w], b't' | b'T'))
        else {
            continue;
        };
        if text[..word]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let mut at = i + "aakveld".len();
        if text[at..].starts_with("en") || text[at..].starts_with("EN") {
            at += 2;
        }
        if text[at..].chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut first = true;
        loop {
            let tail = &text[at..];
            let rest = tail.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '&');
            let gap = &tail[..tail.len() - rest.len()];
            let mut from = at + gap.len();
            let joined = gap.contains([',', '&']);
            let and = !gap.is_empty() && text[from..].starts_with("en ");
            if and {
                from += 3;
            }
            if gap.is_empty() || !(first || joined || and) {
                break;
            }
            // The code is the token at `from`, up to a space or comma.
            if !text[from..].starts_with(|c: char| c.is_ascii_digit()) {
                break;
            }
            let end = text[from..]
                .find(|c: char| c.is_whitespace() || c == ',')
                .map_or(text.len(), |k| from + k);
            let Some(m) = vocab
                .re
                .taakveld_code
                .find(&text[from..end])
                .filter(|m| m.start() == 0)
            else {
                break;
            };
            let (s, e) = (from, from + m.end());
            let code = m.as_str();
            let name = vocab
                .taakvelden
                .entries
                .iter()
                .flatten()
                .find(|(c, _)| c == code)
                .map(|(_, n)| n.clone());
            if let Some(name) = name {
                if !found
                    .iter()
                    .any(|f| f.kind == EntityKind::Taakveld && f.start == s)
                {
                    let mut f = Found::new(EntityKind::Taakveld, s, e, json!(code));
                    f.canonical = Some(name);
                    out.push(f);
                }
            }
            at = e;
            first = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::found_in;
    use crate::model::EntityKind;
    use serde_json::json;

    #[test]
    fn table_of_references_and_places() {
        let cases: &[(&str, &str, &str, serde_json::Value)] = &[
            (
                "geïnformeerd (RM 449660).",
                "reference",
                "RM 449660",
                json!("RM 449660"),
            ),
            (
                "in de Jeugdzorg (M22-88 van 30 november 2022)",
                "reference",
                "M22-88",
                json!("M22-88"),
            ),
            (
                "De gemeente Midden-Drenthe is",
                "municipality",
                "Midden-Drenthe",
                json!("GM1731"),
            ),
            (
                "taakveld 6.72 Maatwerkdienstverlening 18- kost",
                "taakveld",
                "6.72 Maatwerkdienstverlening 18-",
                json!("6.72"),
            ),
            // The code after the word, under a name of the municipality's own.
            (
                "Taakveld 5.1 Sport - algemeen € 148.621",
                "taakveld",
                "5.1",
                json!("5.1"),
            ),
            (
                "Taakveld 6.1, 6.2 en 6.5 Sociaal Domein € 1.146.089",
                "taakveld",
                "6.2",
                json!("6.2"),
            ),
        ];
        for (text, kind, want, value) in cases {
            let got = found_in(text);
            assert!(
                got.iter()
                    .any(|(k, t, v)| k.as_str() == *kind && t == want && v == value),
                "{text}: {got:?}"
            );
        }
        // A second code needs a comma, "en" or "&" before it.
        let codes: Vec<_> = found_in("Taakveld 0.1 2.1 is een bedrag.")
            .into_iter()
            .filter(|(k, _, _)| *k == EntityKind::Taakveld)
            .map(|(_, _, v)| v)
            .collect();
        assert_eq!(codes, vec![json!("0.1")]);
        assert!(!found_in("Het is best goed.")
            .iter()
            .any(|(k, _, _)| *k == EntityKind::Municipality));
    }
}
