//! Money, percentages and quantities.
//!
//! Input: one sentence, and the money context of its block (a table whose
//! caption says "x € 1.000", or a budget heading such as "Lasten & baten").
//! Output: `money` (value in EUR, `per` when "per jaar" follows), `percentage`
//! (value in percent) and `quantity` (a number and its noun: "2 groepen",
//! "ruim 20 activiteiten", "binnen vijf dagen"). Numbers are Dutch: `.`
//! groups thousands, `,` is the decimal mark.

use super::fold::fold_key;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use crate::model::EntityKind;
use serde_json::{json, Value};

/// Parse a Dutch number ("1.200", "19,8", "vijf").
pub fn parse_number(s: &str, vocab: &EntityVocabulary) -> Option<f64> {
    if let Some(v) = vocab.lexicon.value("number_word", &fold_key(s)) {
        return v.parse().ok();
    }
    let plain: String = s
        .chars()
        .filter(|&c| c != '.')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    plain.parse().ok()
}

/// A JSON number: an integer when it is whole.
pub fn number_value(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!((v * 1000.0).round() / 1000.0)
    }
}

/// Money, percentages and quantities in one sentence. `money_scale` is
/// `Some(multiplier)` when a bare number in this sentence is an amount.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary, money_scale: Option<f64>) -> Vec<Found> {
    let text = ctx.text;
    let mut out: Vec<Found> = Vec::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) && !ctx.has_number_word {
        return out;
    }
    let re = &vocab.re;
    if let Some(scale) = money_scale {
        let t = text.trim();
        // A year over a column ("2023" in "€ '000 | 2023 | 2022") is no
        // amount: tables group an amount's thousands ("2.023").
        let year = t.len() == 4 && (t.starts_with("19") || t.starts_with("20"));
        if re.bare_number.is_match(t) && !year {
            if let Some(v) = parse_number(t.trim_start_matches('-'), vocab) {
                let sign = if t.starts_with('-') { -1.0 } else { 1.0 };
                let start = text.len() - text.trim_start().len();
                let mut f = Found::new(
                    EntityKind::Money,
                    start,
                    start + t.len(),
                    number_value(sign * v * scale),
                );
                f.extra.insert("unit".into(), json!("EUR"));
                f.extra.insert("scale".into(), json!(scale));
                out.push(f);
                return out;
            }
        }
    }
    // Cheap exact prefilters: money needs "€" or "eur", a percentage "%" or
    // "procent" (the folded text lower-cases, as the regexes' (?i) does).
    let low = ctx.folded.text;
    let money = low.contains('€') || low.contains("eur");
    let percent = low.contains('%') || low.contains("procent");
    for c in money
        .then(|| re.money.captures_iter(&ctx.hay))
        .into_iter()
        .flatten()
    {
        let Some(m) = c.get(0) else { continue };
        let (num, scale) = match (c.get(1), c.get(3)) {
            (Some(n), _) => (n.as_str(), c.get(2)),
            (None, Some(n)) => (n.as_str(), c.get(4)),
            _ => continue,
        };
        let Some(mut v) = parse_number(num, vocab) else {
            continue;
        };
        let multiplier = scale
            .and_then(|s| scale_value(vocab, s.as_str()))
            .unwrap_or(1.0);
        v *= multiplier;
        let mut end = m.end();
        let mut f = Found::new(EntityKind::Money, m.start(), end, number_value(v));
        f.extra.insert("unit".into(), json!("EUR"));
        f.extra.insert("scale".into(), json!(multiplier));
        let rest = &text[end..];
        if let Some(r) = rest.strip_prefix(" per ") {
            let w: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
            if vocab.lexicon.has("per_unit", &fold_key(&w)) {
                end += 5 + w.len();
                f.end = end;
                f.extra.insert("per".into(), json!(w.to_lowercase()));
            }
        }
        out.push(f);
    }
    for c in percent
        .then(|| re.percent.captures_iter(&ctx.hay))
        .into_iter()
        .flatten()
    {
        let (Some(m), Some(n)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if out.iter().any(|f| f.start < m.end() && m.start() < f.end) {
            continue;
        }
        let Some(v) = parse_number(n.as_str(), vocab) else {
            continue;
        };
        let mut f = Found::new(EntityKind::Percentage, m.start(), m.end(), number_value(v));
        f.extra.insert("unit".into(), json!("%"));
        out.push(f);
    }
    for c in re.quantity.captures_iter(&ctx.hay) {
        let (Some(m), Some(n), Some(noun)) = (c.get(0), c.get(2), c.get(5)) else {
            continue;
        };
        if out.iter().any(|f| f.start < m.end() && n.start() < f.end) {
            continue;
        }
        let noun_key = fold_key(noun.as_str());
        let qualifier = c.get(1).map(|q| q.as_str().to_lowercase());
        let is_yearlike = n.as_str().len() == 4
            && n.as_str().bytes().all(|b| b.is_ascii_digit())
            && (1950..2100).contains(&n.as_str().parse::<u32>().unwrap_or(0));
        if is_yearlike && qualifier.is_none() {
            continue;
        }
        if vocab.lexicon.has("stop", &noun_key)
            || vocab.months.contains_key(&noun_key)
            || matches!(
                noun_key.as_str(),
                "euro" | "procent" | "t/m" | "tot" | "en" | "of"
            )
        {
            continue;
        }
        // A number glued to a preceding word or number ("M22-88", "0-18") is no count.
        let prev = text[..n.start()].chars().next_back();
        if prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '-' | '/' | '.' | ',')) {
            continue;
        }
        let Some(mut v) = parse_number(n.as_str(), vocab) else {
            continue;
        };
        // "1,3 miljoen scans": the scale multiplies the count.
        if let Some(scale) = c.get(3).and_then(|s| scale_value(vocab, s.as_str())) {
            v *= scale;
        }
        let mut f = Found::new(EntityKind::Quantity, m.start(), m.end(), number_value(v));
        f.extra
            .insert("unit".into(), json!(noun.as_str().to_lowercase()));
        if let Some(q) = qualifier {
            f.extra.insert("qualifier".into(), json!(q));
        }
        out.push(f);
    }
    glued_counts(text, vocab, &mut out);
    out
}

/// Counts written against their unit: "500-jarig" (years: "het 25-jarig
/// bestaan", "een 4-jarige periode") and "2x per jaar" (a frequency: unit
/// "keer", `per` the period, one of the lexicon's `per_unit` words).
fn glued_counts(text: &str, vocab: &EntityVocabulary, out: &mut Vec<Found>) {
    // The digits that end at byte `at`, with nothing glued before them
    // ("M22-jarig" is no count).
    let digits_before = |at: usize| -> Option<usize> {
        let s = text[..at]
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .len();
        let glued = text[..s]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | ',' | '/'));
        (s < at && !glued).then_some(s)
    };
    // The count of the number at `s..n`, its entity ending at `e`.
    let push =
        |out: &mut Vec<Found>, (s, n, e): (usize, usize, usize), unit: &str, per: Option<&str>| {
            if out.iter().any(|f| f.start < e && s < f.end) {
                return;
            }
            let Some(v) = parse_number(&text[s..n], vocab) else {
                return;
            };
            let mut f = Found::new(EntityKind::Quantity, s, e, number_value(v));
            f.extra.insert("unit".into(), json!(unit));
            if let Some(p) = per {
                f.extra.insert("per".into(), json!(p.to_lowercase()));
            }
            out.push(f);
        };
    for (i, m) in text.match_indices("-jarig") {
        let mut end = i + m.len();
        if text[end..].starts_with('e') {
            end += 1;
        }
        if text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        if let Some(s) = digits_before(i) {
            push(out, (s, i, end), "jaar", None);
        }
    }
    for (i, m) in text.match_indices(" per ") {
        let Some(x) = text[..i].strip_suffix(['x', '×']) else {
            continue;
        };
        let n = x.trim_end().len();
        let Some(s) = digits_before(n) else {
            continue;
        };
        let after = i + m.len();
        let word = text[after..]
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if vocab.lexicon.has("per_unit", &fold_key(word)) {
            push(out, (s, n, after + word.len()), "keer", Some(word));
        }
    }
}

/// The multiplier of a scale word ("miljoen", "k") in `money_scale` of
/// `lexicon.tsv`.
fn scale_value(vocab: &EntityVocabulary, word: &str) -> Option<f64> {
    vocab
        .lexicon
        .value("money_scale", &fold_key(word))
        .and_then(|x| x.parse::<f64>().ok())
}

#[cfg(test)]
mod tests {
    use super::super::tests::found_in;
    use serde_json::json;

    #[test]
    fn table_of_amounts() {
        let cases: &[(&str, &str, &str, serde_json::Value)] = &[
            (
                "impuls van 500.000 euro per jaar.",
                "money",
                "500.000 euro per jaar",
                json!(500000),
            ),
            (
                "kost € 1,2 miljoen in",
                "money",
                "€ 1,2 miljoen",
                json!(1200000),
            ),
            (
                "In totaal werd € 253k besteed",
                "money",
                "€ 253k",
                json!(253000),
            ),
            ("rond de 11% van", "percentage", "11%", json!(11)),
            ("22,3 %", "percentage", "22,3 %", json!(22.3)),
            (
                "zijn er 2 groepen jongeren gestart",
                "quantity",
                "2 groepen",
                json!(2),
            ),
            (
                "In 2022 zijn ruim 20 activiteiten",
                "quantity",
                "ruim 20 activiteiten",
                json!(20),
            ),
            (
                "hebben ruim 2000 jongeren",
                "quantity",
                "ruim 2000 jongeren",
                json!(2000),
            ),
            (
                "binnen vijf dagen plaats",
                "quantity",
                "binnen vijf dagen",
                json!(5),
            ),
            (
                "ruim 1,3 miljoen scans gemaakt",
                "quantity",
                "ruim 1,3 miljoen scans",
                json!(1300000),
            ),
            (
                "een vloer van 1.600 m2 BVO",
                "quantity",
                "1.600 m2",
                json!(1600),
            ),
            (
                "het 500-jarig bestaan van de stad",
                "quantity",
                "500-jarig",
                json!(500),
            ),
            ("een 4-jarige periode", "quantity", "4-jarige", json!(4)),
            (
                "de rapportage verschijnt 2x per jaar.",
                "quantity",
                "2x per jaar",
                json!(2),
            ),
            (
                "komt 3 × per week samen",
                "quantity",
                "3 × per week",
                json!(3),
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
        // A number glued to a code, or an x ending a word, is no count.
        for text in [
            "zaak M22-jarig",
            "maximaal per jaar",
            "de 2x-regeling per jaar",
        ] {
            let got = found_in(text);
            assert!(
                !got.iter().any(|(k, _, _)| k.as_str() == "quantity"),
                "{text}: {got:?}"
            );
        }
        // A k that begins a word is no scale.
        let got = found_in("kost € 250 kosten");
        assert!(
            got.iter()
                .any(|(k, t, v)| k.as_str() == "money" && t == "€ 250" && *v == json!(250)),
            "{got:?}"
        );
    }
}
