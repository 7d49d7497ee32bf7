//! Years, dates and periods.
//!
//! Input: one sentence. Output: `year` (value: int), `date` (ISO 8601 to
//! the precision written: `2023-11-07`, `2021-11`, `2023-10-20T16:44:45`) and
//! `period` (value `{start, end}`: years as ints, parts of a year as
//! `YYYY-MM`). A year is a calendar year only when it stands alone: not
//! inside a larger number ("713442", "2.180"), not after a quantifier
//! ("ruim 2000 jongeren"), not before "euro" or "%".

use super::fastre::Hay;
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use serde_json::{json, Value};

fn year_ok(text: &str, start: usize, end: usize, vocab: &EntityVocabulary) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let prev = before.chars().next_back();
    let next = after.chars().next();
    // Part of a larger number: "2.180", "12,2021", "2021,5".
    if matches!(prev, Some('.' | ','))
        && before
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_digit())
    {
        return false;
    }
    if matches!(next, Some('.' | ',')) && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    if prev.is_some_and(|c| c.is_alphanumeric()) || next.is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    // The last two words before the year, last first.
    let mut words = before.trim_end().rsplitn(3, char::is_whitespace);
    let prev_word = words.next().unwrap_or("");
    let prev_low = prev_word.to_lowercase();
    if vocab.lexicon.has("quantifier", &prev_low)
        && !matches!(prev_low.as_str(), "tot" | "vanaf" | "al" | "binnen")
    {
        return false;
    }
    // "word prev_word" in lower case (empty without a second word); ASCII
    // words are lowered in place.
    let pair = match words.next() {
        None => String::new(),
        Some(word) if word.is_ascii() && prev_word.is_ascii() => {
            let mut p = String::with_capacity(word.len() + 1 + prev_word.len());
            p.push_str(word);
            p.push(' ');
            p.push_str(prev_word);
            p.make_ascii_lowercase();
            p
        }
        Some(word) => format!("{word} {prev_word}").to_lowercase(),
    };
    if vocab.lexicon.has("quantifier", &pair) {
        return false;
    }
    let next_word = after
        .trim_start()
        .split(|c: char| !c.is_alphanumeric() && c != '%')
        .next()
        .unwrap_or("");
    // Only ASCII words lower to these (no other character lowers to their
    // letters), so an ASCII comparison equals comparing `to_lowercase()`.
    !(next_word.eq_ignore_ascii_case("euro")
        || next_word == "%"
        || next_word.eq_ignore_ascii_case("procent"))
}

/// The reporting year of a document: the year mentioned most often (the
/// later one on a tie). Used to tell plans from reports.
pub fn reference_year(text: &str, vocab: &EntityVocabulary) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    let mut buf = String::new();
    for m in vocab.re.year.find_iter(&Hay::new(text, &mut buf)) {
        if year_ok(text, m.start(), m.end(), vocab) {
            if let Ok(y) = m.as_str().parse::<i32>() {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

fn month_of(vocab: &EntityVocabulary, name: &str) -> Option<u32> {
    vocab
        .months
        .get(name.to_lowercase().trim_end_matches('.'))
        .copied()
}

/// Parse `"01/03"`-style month ranges from the lexicon.
fn months_range(v: &str) -> Option<(u32, u32)> {
    let (a, b) = v.split_once('/')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Whether `text` holds a run the year pattern `(?:19[5-9]\d|20\d\d)`
/// could match. Every regex below needs a year, so a sentence without one
/// (most sentences, and most with only counts or amounts) skips them all.
fn has_year_digits(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| match w {
        [b'1', b'9', c, d] => (b'5'..=b'9').contains(c) && d.is_ascii_digit(),
        [b'2', b'0', c, d] => c.is_ascii_digit() && d.is_ascii_digit(),
        _ => false,
    })
}

/// Years, dates and periods of one sentence.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary) -> Vec<Found> {
    let text = ctx.text;
    let mut out = Vec::new();
    if !has_year_digits(text) {
        return out;
    }
    let re = &vocab.re;
    for c in re.period_range.captures_iter(&ctx.hay) {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.as_str().parse::<i32>(), b.as_str().parse::<i32>()) else {
            continue;
        };
        if a < b && b - a <= 30 && year_ok(text, m.start(), m.end(), vocab) {
            out.push(Found::new(
                "period",
                m.start(),
                m.end(),
                json!({"start": a, "end": b}),
            ));
        }
    }
    for c in re.period_part.captures_iter(&ctx.hay) {
        let (Some(m), Some(p), Some(y)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let Ok(y) = y.as_str().parse::<i32>() else {
            continue;
        };
        let key = super::fold::fold_key(p.as_str());
        let Some((a, b)) = vocab
            .lexicon
            .value("period_part", &key)
            .and_then(months_range)
        else {
            continue;
        };
        let end_year = if b < a { y + 1 } else { y };
        let v = json!({"start": format!("{y}-{a:02}"), "end": format!("{end_year}-{b:02}")});
        let mut f = Found::new("period", m.start(), m.end(), v);
        f.extra.insert("part".into(), Value::String(key));
        out.push(f);
    }
    for c in re.period_year.captures_iter(&ctx.hay) {
        let (Some(m), Some(y)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Ok(y) = y.as_str().parse::<i32>() else {
            continue;
        };
        out.push(Found::new(
            "period",
            m.start(),
            m.end(),
            json!({"start": y, "end": y}),
        ));
    }
    for c in re.date_text.captures_iter(&ctx.hay) {
        let (Some(m), Some(mon), Some(y)) = (c.get(0), c.get(3), c.get(4)) else {
            continue;
        };
        let Some(month) = month_of(vocab, mon.as_str()) else {
            continue;
        };
        // "mei 2023" is a month; a bare abbreviation ("dec 2022") too, but
        // "jan" after a number of days still needs the day to be valid.
        let value = match c.get(2).and_then(|d| d.as_str().parse::<u32>().ok()) {
            Some(d) if (1..=31).contains(&d) => format!("{}-{month:02}-{d:02}", y.as_str()),
            Some(_) => continue,
            None => format!("{}-{month:02}", y.as_str()),
        };
        let mut f = Found::new("date", m.start(), m.end(), Value::String(value));
        if let Some(p) = c.get(1) {
            f.extra
                .insert("part".into(), Value::String(p.as_str().to_lowercase()));
        }
        out.push(f);
    }
    for c in re.date_numeric.captures_iter(&ctx.hay) {
        let (Some(m), Some(a), Some(b), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (a.as_str().parse::<u32>(), b.as_str().parse::<u32>()) else {
            continue;
        };
        // Dutch order day-month, unless the second number cannot be a month.
        let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            continue;
        }
        let mut v = format!("{}-{month:02}-{day:02}", y.as_str());
        if let (Some(h), Some(mi)) = (c.get(4), c.get(5)) {
            v.push_str(&format!("T{:0>2}:{}", h.as_str(), mi.as_str()));
            if let Some(s) = c.get(6) {
                v.push_str(&format!(":{}", s.as_str()));
            }
        }
        out.push(Found::new("date", m.start(), m.end(), Value::String(v)));
    }
    for m in re.year.find_iter(&ctx.hay) {
        if !year_ok(text, m.start(), m.end(), vocab) {
            continue;
        }
        if let Ok(y) = m.as_str().parse::<i64>() {
            out.push(Found::new("year", m.start(), m.end(), json!(y)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::found_in;
    use serde_json::json;

    #[test]
    fn table_of_dates_and_periods() {
        let cases: &[(&str, &str, &str, serde_json::Value)] = &[
            (
                "Op 7 november 2023 besloten.",
                "date",
                "7 november 2023",
                json!("2023-11-07"),
            ),
            (
                "In november 2021 gevraagd.",
                "date",
                "november 2021",
                json!("2021-11"),
            ),
            (
                "gebouwd op 10/20/2023 16:44:45 met",
                "date",
                "10/20/2023 16:44:45",
                json!("2023-10-20T16:44:45"),
            ),
            (
                "Eind april 2018 gelanceerd.",
                "date",
                "Eind april 2018",
                json!("2018-04"),
            ),
            (
                "looptijd (2021-2022).",
                "period",
                "2021-2022",
                json!({"start": 2021, "end": 2022}),
            ),
            (
                "agenda 2022 – 2028 is",
                "period",
                "2022 – 2028",
                json!({"start": 2022, "end": 2028}),
            ),
            (
                "in het tweede kwartaal van 2024 aan",
                "period",
                "tweede kwartaal van 2024",
                json!({"start": "2024-04", "end": "2024-06"}),
            ),
            (
                "Eind 2022 is het",
                "period",
                "Eind 2022",
                json!({"start": "2022-10", "end": "2022-12"}),
            ),
            (
                "Evaluatie in de loop van 2022.",
                "period",
                "in de loop van 2022",
                json!({"start": 2022, "end": 2022}),
            ),
            (
                "rond de zomer 2022 ingevuld",
                "period",
                "rond de zomer 2022",
                json!({"start": "2022-06", "end": "2022-08"}),
            ),
            ("In 2019 blijven we", "year", "2019", json!(2019)),
        ];
        for (text, kind, want, value) in cases {
            let got = found_in(text);
            assert!(
                got.iter()
                    .any(|(k, t, v)| k == kind && t == want && v == value),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn numbers_that_are_not_years() {
        for text in [
            "ruim 2000 jongeren",
            "Zaaknummer 713442",
            "Bereik 2.180 en 2.190",
            "kost 2020 euro",
            "RM 449660",
        ] {
            let got = found_in(text);
            assert!(!got.iter().any(|(k, _, _)| k == "year"), "{text}: {got:?}");
        }
    }
}
