//! Status phrases: what the text says about the state of an action.
//!
//! Input: one sentence, the document's reference year and the years the
//! sentence mentions. Output: `status` entities with a `class` (achieved,
//! in_progress, planned, delayed, not_achieved, continued, evaluated,
//! stopped) and `partial: true` for "grotendeels"/"deels".
//!
//! Cues come from `status.tsv` (verbs inflected by [`super::inflect`], and
//! fixed phrases). The class of a verb cue is read from its clause:
//! - a future auxiliary (zal, gaat, willen …) makes it planned;
//! - a participle with "wordt/worden" (and no future) is in progress;
//! - a participle otherwise keeps the verb's class (is afgerond: achieved);
//! - a present or infinitive form next to a subject pronoun is present
//!   tense: planned when the sentence looks ahead (a future time phrase or a
//!   year at or after the reference year), else in progress;
//! - "blijven" + infinitive, and continuation verbs, are continued;
//! - a negation in the clause before the cue makes it not_achieved.
//!
//! A separable verb in a main clause ("Wij bieden … aan") needs its prefix
//! later in the clause. Word order does not matter: auxiliaries are looked
//! for on both sides of the cue within the clause (verb-final subordinate
//! clauses: "die in 2018 is afgerond", "geïmplementeerd gaat worden").

use super::inflect::Form;
use super::lexicon::RoleMask;
use super::prepare::Dict;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use serde_json::json;

const PRONOUNS: &[&str] = &["we", "wij", "ze", "zij", "jullie"];
/// Tokens an auxiliary may be away from its verb.
const AUX_WINDOW: usize = 16;
/// Tokens a negation may be before its verb.
const NEG_WINDOW: usize = 6;

fn clause_bounds(ctx: &Ctx, i: usize, marks: &[char]) -> (usize, usize) {
    let text = ctx.text;
    let mut a = i;
    while a > 0 && !text[ctx.toks[a - 1].e..ctx.toks[a].s].contains(marks) {
        a -= 1;
    }
    let mut b = i;
    while b + 1 < ctx.toks.len() && !text[ctx.toks[b].e..ctx.toks[b + 1].s].contains(marks) {
        b += 1;
    }
    (a, b + 1)
}

/// The clause around token `i`: [`clause_bounds`] at `;` and `:`, also
/// ended where a comma is followed by a `contrast` conjunction of the
/// lexicon, which opens a clause of its own whose auxiliaries are not the
/// cue's ("is vertraagd door de coronacrisis, doch zal in 2021
/// geïmplementeerd zijn").
fn verb_clause(ctx: &Ctx, vocab: &EntityVocabulary, i: usize) -> (usize, usize) {
    let (ca, cb) = clause_bounds(ctx, i, &[';', ':']);
    let opens = |k: usize| {
        ctx.is(k, vocab.roles.contrast) && ctx.text[ctx.toks[k - 1].e..ctx.toks[k].s].contains(',')
    };
    let a = (ca + 1..=i).rev().find(|&k| opens(k)).unwrap_or(ca);
    let b = (i + 1..cb).find(|&k| opens(k)).unwrap_or(cb);
    (a, b)
}

fn any_in(ctx: &Ctx, role: RoleMask, from: usize, to: usize, skip: (usize, usize)) -> bool {
    (from..to).any(|k| (k < skip.0 || k >= skip.1) && ctx.is(k, role))
}

fn looks_ahead(ctx: &Ctx, vocab: &EntityVocabulary, ref_year: Option<i32>, years: &[i32]) -> bool {
    if vocab
        .lexicon
        .terms_ref("future_time")
        .iter()
        .any(|t| ctx.folded.text.contains(t.as_str()))
    {
        return true;
    }
    ref_year.is_some_and(|r| years.iter().any(|&y| y >= r))
}

/// Status entities of one sentence.
pub fn find(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    ref_year: Option<i32>,
    years: &[i32],
) -> Vec<Found> {
    let mut out = Vec::new();
    let f = ctx.folded.text;
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
        let (ca, cb) = verb_clause(ctx, vocab, first);
        let Some(cues) = vocab.status.entries.get(m.pattern) else {
            continue;
        };
        let later = |p: &str| (last..cb.min(last + 12)).any(|k| ctx.low(k) == p);
        let Some(cue) = cues
            .iter()
            .find(|c| c.split_prefix.as_deref().is_some_and(later))
            .or_else(|| cues.iter().find(|c| c.split_prefix.is_none()))
        else {
            continue;
        };
        let (wa, wb) = (
            first.saturating_sub(AUX_WINDOW).max(ca),
            (last + AUX_WINDOW).min(cb),
        );
        let skip = (first, last);
        let future = any_in(ctx, vocab.roles.aux_future, wa, wb, skip);
        let passive = any_in(ctx, vocab.roles.aux_passive, wa, wb, skip);
        let cont = any_in(ctx, vocab.roles.aux_continued, wa, wb, skip);
        // "voor start onderzoek", "de inrichting": a determiner or preposition makes it a noun.
        let nominal = first > 0
            && matches!(
                ctx.low(first - 1),
                "de" | "het"
                    | "een"
                    | "voor"
                    | "na"
                    | "van"
                    | "bij"
                    | "met"
                    | "op"
                    | "aan"
                    | "tot"
                    | "om"
                    | "te"
                    | "door"
            );
        if nominal
            && matches!(cue.form, Form::Present | Form::Infinitive)
            && cue.class != "continued"
        {
            continue;
        }
        let pronoun = (first.saturating_sub(2)..(last + 2).min(ctx.toks.len()))
            .any(|k| PRONOUNS.contains(&ctx.low(k)));
        let base = cue.class.as_str();
        let class = match cue.form {
            Form::Phrase | Form::Past => base,
            Form::Participle if future => "planned",
            Form::Participle if passive => "in_progress",
            Form::Participle => base,
            Form::Infinitive | Form::TeInfinitive | Form::Present => {
                if base == "continued" || cont {
                    "continued"
                } else if future {
                    "planned"
                } else if pronoun || cue.form == Form::Present {
                    if looks_ahead(ctx, vocab, ref_year, years) {
                        "planned"
                    } else {
                        "in_progress"
                    }
                } else {
                    continue;
                }
            }
        };
        // Negation and partiality in the comma clause before the cue.
        let (na, _) = clause_bounds(ctx, first, &[',', ';', ':']);
        let from = first.saturating_sub(NEG_WINDOW).max(na);
        let negated = (from..first).any(|k| ctx.is(k, vocab.roles.negation));
        let partial = (from..first).any(|k| ctx.is(k, vocab.roles.partial))
            || vocab
                .lexicon
                .terms_ref("partial")
                .iter()
                .any(|p| p.contains(' ') && f[ctx.toks[from].fs..fs].contains(p.as_str()));
        let class = if negated
            && matches!(
                class,
                "achieved" | "in_progress" | "evaluated" | "continued"
            ) {
            "not_achieved"
        } else {
            class
        };
        let mut found = Found::new("status", s, e, json!(class));
        found.class = Some(class.to_string());
        if partial {
            found.extra.insert("partial".into(), json!(true));
        }
        out.push(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::found_in;

    #[test]
    fn table_of_statuses() {
        let cases: &[(&str, &str)] = &[
            ("Dit is, mede door de Coronacrisis, nog niet gelukt.", "not_achieved"),
            ("Dit zal in 2022 nader uitgewerkt worden.", "planned"),
            ("De Pilot is geëvalueerd.", "evaluated"),
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
            ("Wij bieden u het plan aan ter besluitvorming in 2099.", "planned"),
            ("Het convenant is in maart ondertekend.", "achieved"),
            ("De eerste woningen zijn opgeleverd.", "achieved"),
            ("De oplevering is uitgesteld tot 2025.", "delayed"),
            ("Het project is doorgeschoven naar volgend jaar.", "delayed"),
            ("De subsidie komt te vervallen.", "stopped"),
            ("De bouw is stopgezet.", "stopped"),
            // The future of the clause after "doch" is not the cue's.
            ("De visie is vertraagd door corona, doch zal in 2021 ingevoerd zijn.", "delayed"),
            ("De visie is vertraagd door corona, doch zal in 2021 ingevoerd zijn.", "planned"),
        ];
        for (text, class) in cases {
            let got = found_in(text);
            assert!(
                got.iter()
                    .any(|(k, _, v)| k == "status" && v == &serde_json::json!(class)),
                "{text}: {got:?}"
            );
        }
        let partial =
            super::super::tests::entities_in("De aanbevelingen zijn grotendeels uitgevoerd.");
        assert!(partial
            .iter()
            .any(|e| e.kind == "status" && e.extra.get("partial").is_some()));
    }
}
