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
use crate::model::EntityKind;
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

/// Where the year pattern `(?:19[5-9][0-9]|20[0-9][0-9])` could match in `text`:
/// the byte offset of every such run of four digits. Every regex of
/// [`find_long`] needs one, so a sentence without (most sentences, and most
/// with only counts or amounts) skips them all; what else each regex needs
/// next to its year ([`YearRuns`]) skips most of the rest.
fn year_runs(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'1', b'2', b)
        .filter(|&i| match b.get(i..i + 4) {
            Some([b'1', b'9', c, d]) => (b'5'..=b'9').contains(c) && d.is_ascii_digit(),
            Some([b'2', b'0', c, d]) => c.is_ascii_digit() && d.is_ascii_digit(),
            _ => false,
        })
        .collect()
}

/// The year runs of a sentence ([`year_runs`]) and what is next to them:
/// cheap tests that a regex of [`find_long`] can match at all. Each is
/// implied by its regex matching, so skipping the regex when it fails
/// changes no result.
struct YearRuns<'a> {
    text: &'a str,
    runs: Vec<usize>,
}

impl<'a> YearRuns<'a> {
    fn of(text: &'a str) -> YearRuns<'a> {
        YearRuns {
            text,
            runs: year_runs(text),
        }
    }

    /// A run followed (after white space) by one of `seps`: "2023-24",
    /// "2019 / 20".
    fn followed_by(&self, seps: &[char]) -> bool {
        self.runs.iter().any(|&r| {
            self.text
                .get(r + 4..)
                .is_some_and(|t| t.trim_start().starts_with(seps))
        })
    }

    /// A run right after one of the bytes `seps`: the year of "5-3-2023".
    fn preceded_by(&self, seps: &[u8]) -> bool {
        self.runs.iter().any(|&r| {
            r.checked_sub(1)
                .and_then(|p| self.text.as_bytes().get(p))
                .is_some_and(|b| seps.contains(b))
        })
    }
}

/// Whether `text` holds a two-digit number right after a month name
/// ("nov 23", "21 dec '23"): a short year.
fn has_short_year(text: &str, vocab: &EntityVocabulary) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        let two = b[i].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && !b.get(i + 2).is_some_and(u8::is_ascii_alphanumeric)
            && (i == 0 || !b[i - 1].is_ascii_digit());
        if two {
            let head = text[..i].trim_end_matches('\'').trim_end();
            let word = head
                .trim_end_matches('.')
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("");
            if head.len() < text[..i].len() && month_of(vocab, word).is_some() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Byte spans of a sentence.
type Spans = Vec<(usize, usize)>;

/// A month as written, with its day and year when given.
#[derive(Debug, Clone, Copy)]
struct Mention {
    start: usize,
    end: usize,
    day: Option<u32>,
    month: u32,
    /// The year written with it (a two-digit year read as 20yy).
    year: Option<i32>,
    /// Whether the year was written with two digits.
    short: bool,
}

impl Mention {
    fn value(&self, year: i32) -> String {
        match self.day {
            Some(d) => format!("{year}-{:02}-{d:02}", self.month),
            None => format!("{year}-{:02}", self.month),
        }
    }
}

/// Every month mention of a sentence ("15 juli 2021", "juni", "nov 23"),
/// and whether the month pattern matched at all (also where the mention
/// was dropped): without, no date names a month.
fn mentions(ctx: &Ctx, vocab: &EntityVocabulary) -> (Vec<Mention>, bool) {
    let text = ctx.text;
    let mut out = Vec::new();
    let mut seen = false;
    for c in vocab.re.month_mention.captures_iter(&ctx.hay) {
        seen = true;
        let (Some(m), Some(mon)) = (c.get(0), c.get(2)) else {
            continue;
        };
        let Some(month) = month_of(vocab, mon.as_str()) else {
            continue;
        };
        let day = match c.get(1).map(|d| d.as_str().parse::<u32>()) {
            Some(Ok(d)) if (1..=31).contains(&d) => Some(d),
            Some(_) => continue,
            None => None,
        };
        let mut end = m.end();
        let (mut year, mut short) = (None, false);
        if let Some(y) = c.get(3) {
            year = y.as_str().parse::<i32>().ok();
        } else if let Some(y) = c.get(4) {
            // A short year is no count, time or decimal: "dec 14:00",
            // "mei 20,5".
            let after = &text[y.end()..];
            let mut ch = after.chars();
            let next = ch.next();
            let digit_next = ch.next().is_some_and(|c| c.is_ascii_digit());
            if next == Some(':')
                || (matches!(next, Some('.' | ',')) && digit_next)
                || counts_something(after, vocab)
            {
                end = mon.end();
            } else {
                year = y.as_str().parse::<i32>().ok().map(|y| 2000 + y);
                short = true;
            }
        }
        if year.is_none() {
            // The mention without what followed it: "juli" of "juli 23:00".
            end = end.min(mon.end() + usize::from(text[mon.end()..].starts_with('.')));
        }
        out.push(Mention {
            start: m.start(),
            end,
            day,
            month,
            year,
            short,
        });
    }
    (out, seen)
}

/// Whether the words after a two-digit number make it a count ("in mei 12
/// bijeenkomsten", "15 nieuwe woningen"): a lower-case word the lexicon
/// does not know that ends like a plural or an inflected adjective (-en,
/// -s, -e), also after an inflected adjective it knows ("nieuwe"). Known
/// words ("een", "om", "opnieuw") and participles ("vastgesteld") leave the
/// number a year.
fn counts_something(after: &str, vocab: &EntityVocabulary) -> bool {
    let mut words = after
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2)
        .map(|w| (w, super::fold::fold_key(w)));
    let noun_like = |w: &str, key: &str| {
        w.starts_with(char::is_lowercase)
            && (w.ends_with("en") || w.ends_with('s') || w.ends_with('e'))
            && vocab.lexicon.roles_of(key) == 0
    };
    let Some((w1, k1)) = words.next() else {
        return false;
    };
    if noun_like(w1, &k1) {
        return true;
    }
    let adjective = w1.starts_with(char::is_lowercase)
        && w1.ends_with('e')
        && !vocab.lexicon.has("determiner", &k1)
        && !vocab.lexicon.has("article", &k1);
    adjective && words.next().is_some_and(|(w2, k2)| noun_like(w2, &k2))
}

/// Whether the text between two month mentions joins them into a range:
/// "januari tot en met juni", "juni/juli", "1 april 2023 tot 1 april 2028".
fn range_joint(between: &str) -> bool {
    let words: Vec<&str> = between.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["-" | "–" | "—" | "/" | "t/m" | "tot" | "T/m" | "Tot"] | ["tot" | "Tot", "en", "met"]
    )
}

/// Whether the text after a day and month makes it relative to the time
/// of writing ("17 december jl.", "1 januari van dit jaar"): its year is
/// not one the sentence names.
fn relative(after: &str, vocab: &EntityVocabulary) -> bool {
    let head: String = after.chars().take(24).collect();
    let folded = super::fold::fold_key(&head);
    vocab.lexicon.terms_ref("date_prefix").iter().any(|t| {
        vocab.lexicon.value("date_prefix", t) == Some("after")
            && folded
                .strip_prefix(t.as_str())
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// The year a yearless date or range takes from its sentence: the year
/// written nearest to it, or else the year of a dated sentence just before.
fn context_year(at: usize, years: &[(usize, i32)], prev_year: Option<i32>) -> Option<i32> {
    years
        .iter()
        .min_by_key(|(p, _)| p.abs_diff(at))
        .map(|&(_, y)| y)
        .or(prev_year)
}

/// Ranges of months ("januari 2017 tot en met juni 2017", "juni/juli 24",
/// "van 15 juli 2021 tot en met 26 augustus"), dates with a two-digit year
/// ("28 mrt 23") and dates without a year that take it from their context
/// ("14 dec en 21 dec 23"). A side of a range without a year takes the
/// other side's; a range without any, the sentence's; "2 t/m 6 oktober
/// 2023" is a range of days. Returns the spans of the ranges of months (a
/// month inside one is no date of its own) and of days (no date inside one
/// is), and whether a month is named at all.
fn months_and_ranges(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    prev_year: Option<i32>,
    out: &mut Vec<Found>,
) -> (Spans, Spans, bool) {
    let text = ctx.text;
    let (ms, month_seen) = mentions(ctx, vocab);
    let mut spans = Vec::new();
    let mut days = Vec::new();
    if ms.is_empty() {
        return (spans, days, month_seen);
    }
    let mut years: Vec<(usize, i32)> = Vec::new();
    for m in vocab.re.year.find_iter(&ctx.hay) {
        if year_ok(text, m.start(), m.end(), vocab) {
            if let Ok(y) = m.as_str().parse::<i32>() {
                years.push((m.start(), y));
            }
        }
    }
    years.extend(
        ms.iter()
            .filter(|m| m.short)
            .filter_map(|m| Some((m.start, m.year?))),
    );
    let mut used = vec![false; ms.len()];
    // "2 t/m 6 oktober 2023": days of one month; the month's date is the
    // range's end, no date of its own.
    for c in vocab.re.day_range.captures_iter(&ctx.hay) {
        let (Some(m), Some(d1), Some(d2), Some(mon)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let (Ok(d1), Ok(d2), Some(month)) = (
            d1.as_str().parse::<u32>(),
            d2.as_str().parse::<u32>(),
            month_of(vocab, mon.as_str()),
        ) else {
            continue;
        };
        let year = match c.get(4).and_then(|y| y.as_str().parse::<i32>().ok()) {
            Some(y) => y,
            None if relative(&text[m.end()..], vocab) => continue,
            None => match context_year(m.start(), &years, prev_year) {
                Some(y) => y,
                None => continue,
            },
        };
        if !(1..d2).contains(&d1) || d2 > 31 {
            continue;
        }
        out.push(Found::new(EntityKind::Period,
            m.start(),
            m.end(),
            json!({"start": format!("{year}-{month:02}-{d1:02}"), "end": format!("{year}-{month:02}-{d2:02}")}),
        ));
        days.push((m.start(), m.end()));
        for (k, x) in ms.iter().enumerate() {
            if m.start() <= x.start && x.end <= m.end() {
                used[k] = true;
            }
        }
    }
    let mut i = 0;
    while i + 1 < ms.len() {
        let (a, b) = (ms[i], ms[i + 1]);
        let joined = a.end <= b.start && range_joint(&text[a.end..b.start]);
        let wraps = (a.month, a.day) > (b.month, b.day);
        let years_of = match (a.year, b.year) {
            (Some(x), Some(y)) => Some((x, y)),
            (None, Some(y)) => Some((if wraps { y - 1 } else { y }, y)),
            (Some(x), None) => Some((x, if wraps { x + 1 } else { x })),
            (None, None) => {
                context_year(a.start, &years, prev_year).map(|y| (y, if wraps { y + 1 } else { y }))
            }
        };
        if let (true, Some((ya, yb))) = (joined, years_of) {
            let (start, end) = (a.value(ya), b.value(yb));
            if start[..7] <= end[..7] {
                out.push(Found::new(
                    EntityKind::Period,
                    a.start,
                    b.end,
                    json!({"start": start, "end": end}),
                ));
                spans.push((a.start, b.end));
                used[i] = true;
                used[i + 1] = true;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    for (m, _) in ms.iter().zip(&used).filter(|(_, u)| !**u) {
        let year = match (m.year, m.day) {
            (Some(y), _) if m.short => y,
            (None, Some(_)) if relative(&text[m.end..], vocab) => continue,
            (None, Some(_)) => match context_year(m.start, &years, prev_year) {
                Some(y) => y,
                None => continue,
            },
            _ => continue,
        };
        out.push(Found::new(
            EntityKind::Date,
            m.start,
            m.end,
            Value::String(m.value(year)),
        ));
    }
    (spans, days, true)
}

/// The length of the leading run of digits of `s`.
fn a_len(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

/// "de periode 1578-1795": a span of years before 1950, read only after
/// "periode", with its years.
fn historic(ctx: &Ctx, vocab: &EntityVocabulary, out: &mut Vec<Found>) {
    let text = ctx.text;
    let re = &vocab.re;
    for c in re.period_historic.captures_iter(&ctx.hay) {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Ok(y1), Ok(y2)) = (a.as_str().parse::<i32>(), b.as_str().parse::<i32>()) else {
            continue;
        };
        if y1 < 1950 && y1 < y2 && year_ok(text, a.start(), b.end(), vocab) {
            out.push(Found::new(
                EntityKind::Period,
                a.start(),
                m.end(),
                json!({"start": y1, "end": y2}),
            ));
            out.push(Found::new(EntityKind::Year, a.start(), a.end(), json!(y1)));
            if y2 < 1950 {
                out.push(Found::new(EntityKind::Year, b.start(), b.end(), json!(y2)));
            }
        }
    }
}

/// Years, dates and periods of one sentence.
pub fn find(ctx: &Ctx, vocab: &EntityVocabulary) -> Vec<Found> {
    find_with(ctx, vocab, None)
}

/// [`find`] where the sentence before, in the same paragraph, dated itself
/// with `prev_year` ("In januari 2017 is de uitvoering gestart. Op 10
/// januari is …"): a day and month without a year take that year.
pub fn find_with(ctx: &Ctx, vocab: &EntityVocabulary, prev_year: Option<i32>) -> Vec<Found> {
    let text = ctx.text;
    let mut out = Vec::new();
    let runs = YearRuns::of(text);
    let long = !runs.runs.is_empty();
    let periode = ctx.folded.text.contains("periode");
    let worth = long
        || periode
        || has_short_year(text, vocab)
        || (prev_year.is_some() && text.bytes().any(|b| b.is_ascii_digit()));
    if !worth {
        return out;
    }
    let (ranges, days, month_seen) = months_and_ranges(ctx, vocab, prev_year, &mut out);
    if long {
        find_long(ctx, vocab, &runs, month_seen, &mut out);
    }
    if periode {
        historic(ctx, vocab, &mut out);
    }
    // A month inside a range of months is part of it, no date of its own
    // ("januari 2017 tot en met juni 2017"); a day keeps its date.
    // The day a range of days ends on is part of it ("2 t/m 6 oktober").
    out.retain(|f| {
        let inside =
            |spans: &[(usize, usize)]| spans.iter().any(|&(s, e)| s <= f.start && f.end <= e);
        !(f.kind == EntityKind::Date
            && (inside(&days)
                || (f.value.as_str().is_some_and(|v| v.len() == 7) && inside(&ranges))))
    });
    out
}

/// Everything that needs a four-digit year; each regex only where what it
/// needs besides its year is there ([`YearRuns`]).
fn find_long(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    runs: &YearRuns,
    month_seen: bool,
    out: &mut Vec<Found>,
) {
    let text = ctx.text;
    let re = &vocab.re;
    let folded = ctx.folded.text;
    let two_years = runs.runs.len() >= 2;
    if two_years {
        for c in re.period_range.captures_iter(&ctx.hay) {
            let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let (Ok(a), Ok(b)) = (a.as_str().parse::<i32>(), b.as_str().parse::<i32>()) else {
                continue;
            };
            if a < b && b - a <= 30 && year_ok(text, m.start(), m.end(), vocab) {
                out.push(Found::new(
                    EntityKind::Period,
                    m.start(),
                    m.end(),
                    json!({"start": a, "end": b}),
                ));
            }
        }
    }
    // "schooljaar 2023-24", "2019/20": the end in two digits, later than
    // the start (not "2023-01", a month), its year a year of the text.
    if runs.followed_by(&['-', '–', '/']) {
        for c in re.period_short.captures_iter(&ctx.hay) {
            let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let (Ok(y1), Ok(e)) = (a.as_str().parse::<i32>(), b.as_str().parse::<i32>()) else {
                continue;
            };
            let y2 = y1 - y1 % 100 + e;
            let after = &text[m.end()..];
            if y1 < y2
                && y2 - y1 <= 30
                && !after.starts_with(['-', '/', '.', ':', ','])
                && year_ok(text, a.start(), a.end(), vocab)
            {
                out.push(Found::new(
                    EntityKind::Period,
                    m.start(),
                    m.end(),
                    json!({"start": y1, "end": y2}),
                ));
                out.push(Found::new(EntityKind::Year, b.start(), b.end(), json!(y2)));
            }
        }
    }
    // "tot 2027": a period without a start; not the end of a range ("2024
    // tot 2028"). ("sinds 2010" is left a year: annotators read it as the
    // time of an event more often than as a period.)
    let closed: Vec<(usize, usize)> = out
        .iter()
        .filter(|f| f.kind == EntityKind::Period)
        .map(|f| (f.start, f.end))
        .collect();
    if folded.contains("tot") || folded.contains("t/m") {
        for c in re.period_open.captures_iter(&ctx.hay) {
            let (Some(m), Some(y)) = (c.get(0), c.get(2)) else {
                continue;
            };
            let Ok(year) = y.as_str().parse::<i32>() else {
                continue;
            };
            if closed.iter().any(|&(s, e)| s < m.end() && m.start() < e)
                || !year_ok(text, y.start(), y.end(), vocab)
            {
                continue;
            }
            out.push(Found::new(
                EntityKind::Period,
                m.start(),
                m.end(),
                json!({"start": null, "end": year}),
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
        let mut f = Found::new(EntityKind::Period, m.start(), m.end(), v);
        f.extra.insert("part".into(), Value::String(key));
        out.push(f);
    }
    if folded.contains("loop") {
        for c in re.period_year.captures_iter(&ctx.hay) {
            let (Some(m), Some(y)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let Ok(y) = y.as_str().parse::<i32>() else {
                continue;
            };
            out.push(Found::new(
                EntityKind::Period,
                m.start(),
                m.end(),
                json!({"start": y, "end": y}),
            ));
        }
    }
    if month_seen {
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
            let part = c.get(1).map(|p| p.as_str().to_lowercase());
            // "eind februari 2020": the end of a month is a stretch of it, a
            // period as well as a date ("medio" is a point in it).
            if c.get(2).is_none() && matches!(part.as_deref(), Some("begin" | "eind")) {
                let mut f = Found::new(
                    EntityKind::Period,
                    m.start(),
                    m.end(),
                    json!({"start": value, "end": value}),
                );
                f.extra.insert("part".into(), json!(part));
                out.push(f);
            }
            let mut f = Found::new(EntityKind::Date, m.start(), m.end(), Value::String(value));
            if let Some(p) = part {
                f.extra.insert("part".into(), Value::String(p));
            }
            out.push(f);
        }
    }
    if runs.preceded_by(b"-/.") {
        for c in re.date_numeric.captures_iter(&ctx.hay) {
            let (Some(m), Some(a), Some(b), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            let (Ok(a), Ok(b)) = (a.as_str().parse::<u32>(), b.as_str().parse::<u32>()) else {
                continue;
            };
            // A time with seconds makes a machine timestamp; written with
            // slashes it is in the US order month/day ("11/10/2021 17:19:02",
            // the en-US default of web exports). A meeting's "19:30 uur" is a
            // time of day, not part of the date.
            let stamp = c.get(6).is_some();
            let us = stamp && m.as_str().as_bytes().get(a_len(m.as_str())) == Some(&b'/');
            // Dutch order day-month, unless the second number cannot be a month.
            let (day, month) = if us || (b > 12 && a <= 12) {
                (b, a)
            } else {
                (a, b)
            };
            let (day, month) = if month > 12 && day <= 12 {
                (month, day)
            } else {
                (day, month)
            };
            if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                continue;
            }
            let mut v = format!("{}-{month:02}-{day:02}", y.as_str());
            let mut end = c.get(3).map_or(m.end(), |y| y.end());
            if let (true, Some(h), Some(mi), Some(s)) = (stamp, c.get(4), c.get(5), c.get(6)) {
                v.push_str(&format!(
                    "T{:0>2}:{}:{}",
                    h.as_str(),
                    mi.as_str(),
                    s.as_str()
                ));
                end = m.end();
            }
            out.push(Found::new(
                EntityKind::Date,
                m.start(),
                end,
                Value::String(v),
            ));
        }
    }
    // "2023-01-05", as web exports write dates.
    if runs.followed_by(&['-']) {
        for c in re.date_iso.captures_iter(&ctx.hay) {
            let (Some(m), Some(y), Some(mo), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            let (Ok(mo), Ok(d)) = (mo.as_str().parse::<u32>(), d.as_str().parse::<u32>()) else {
                continue;
            };
            if (1..=12).contains(&mo)
                && (1..=31).contains(&d)
                && !text[m.end()..].starts_with(['-', '/'])
            {
                let v = format!("{}-{mo:02}-{d:02}", y.as_str());
                out.push(Found::new(
                    EntityKind::Date,
                    m.start(),
                    m.end(),
                    Value::String(v),
                ));
            }
        }
    }
    for m in re.year.find_iter(&ctx.hay) {
        if !year_ok(text, m.start(), m.end(), vocab) {
            continue;
        }
        if let Ok(y) = m.as_str().parse::<i64>() {
            out.push(Found::new(EntityKind::Year, m.start(), m.end(), json!(y)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::found_in;
    use crate::model::EntityKind;
    use serde_json::json;

    #[test]
    fn year_runs_and_what_is_next_to_them() {
        let runs = super::YearRuns::of;
        assert_eq!(super::year_runs("in 1949, 1950 en 2024; 21000"), [9, 17]);
        assert!(runs("schooljaar 2023 – 24").followed_by(&['-', '–', '/']));
        assert!(!runs("in 2023, 24 keer").followed_by(&['-', '–', '/']));
        assert!(runs("op 5-3-2023").preceded_by(b"-/."));
        assert!(!runs("op 5 maart 2023").preceded_by(b"-/."));
    }

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
                    .any(|(k, t, v)| k.as_str() == *kind && t == want && v == value),
                "{text}: {got:?}"
            );
        }
    }

    /// Whether `text` yields an entity of `kind` with text `want` and `value`.
    fn has(text: &str, kind: &str, want: &str, value: &serde_json::Value) -> bool {
        found_in(text)
            .iter()
            .any(|(k, t, v)| k.as_str() == kind && t == want && v == value)
    }

    #[test]
    fn ranges_of_months_and_days() {
        let cases: &[(&str, &str, serde_json::Value)] = &[
            (
                "Periode januari 2017 tot en met juni 2017",
                "januari 2017 tot en met juni 2017",
                json!({"start": "2017-01", "end": "2017-06"}),
            ),
            // A side without a year takes the other's.
            (
                "Het ontwerp heeft van 15 juli 2021 tot en met 26 augustus 21021 ter inzage gelegen.",
                "15 juli 2021 tot en met 26 augustus",
                json!({"start": "2021-07-15", "end": "2021-08-26"}),
            ),
            (
                "De raad wordt in juni/juli 24 geinformeerd.",
                "juni/juli 24",
                json!({"start": "2024-06", "end": "2024-07"}),
            ),
            // A range without any year takes the sentence's.
            (
                "De rapportage gaat over januari tot en met augustus en volgt de begroting 2015.",
                "januari tot en met augustus",
                json!({"start": "2015-01", "end": "2015-08"}),
            ),
            (
                "Samenwerking periode 1 april 2023 tot 1 april 2028 vastgesteld.",
                "1 april 2023 tot 1 april 2028",
                json!({"start": "2023-04-01", "end": "2028-04-01"}),
            ),
            // Across the turn of the year.
            (
                "Van november tot en met februari 2024 is het stil.",
                "november tot en met februari 2024",
                json!({"start": "2023-11", "end": "2024-02"}),
            ),
        ];
        for (text, want, value) in cases {
            assert!(
                has(text, "period", want, value),
                "{text}: {:?}",
                found_in(text)
            );
        }
        // A month inside a range is no date of its own; a day keeps its date.
        let got = found_in("Periode januari 2017 tot en met juni 2017");
        assert!(
            !got.iter().any(|(k, _, _)| *k == EntityKind::Date),
            "{got:?}"
        );
        assert!(has(
            "Samenwerking periode 1 april 2023 tot 1 april 2028 vastgesteld.",
            "date",
            "1 april 2028",
            &json!("2028-04-01")
        ));
        // Months joined by "en" make no range; without a year, no period.
        let got = found_in("Het kantoor is in juni en juli gesloten.");
        assert!(
            got.iter()
                .all(|(k, _, _)| *k != EntityKind::Period && *k != EntityKind::Date),
            "{got:?}"
        );
    }

    #[test]
    fn two_digit_years_after_a_month() {
        for (text, want, value) in [
            (
                "het besluit d.d. 28 mrt 23 om",
                "28 mrt 23",
                json!("2023-03-28"),
            ),
            (
                "De raad ontvangt in nov 23 een voorstel.",
                "nov 23",
                json!("2023-11"),
            ),
            (
                "de raad wordt in juli 23 opnieuw geinformeerd",
                "juli 23",
                json!("2023-07"),
            ),
            (
                "in PA 14 dec en Raad 21 dec '23",
                "21 dec '23",
                json!("2023-12-21"),
            ),
        ] {
            assert!(
                has(text, "date", want, &value),
                "{text}: {:?}",
                found_in(text)
            );
        }
        // A time or a decimal is no year.
        for text in [
            "Het overleg is op 4 dec 14:00 uur.",
            "In mei 20,5 procent meer.",
            "In mei 12 bijeenkomsten gehouden.",
            "In september 15 nieuwe woningen opgeleverd.",
        ] {
            let got = found_in(text);
            assert!(
                !got.iter().any(|(k, _, _)| *k == EntityKind::Date),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn days_without_a_year_take_it_from_their_context() {
        // From the sentence: the nearest year.
        assert!(has(
            "Behandeling in PA 14 dec en Raad 21 dec 23",
            "date",
            "14 dec",
            &json!("2023-12-14")
        ));
        // From a dated sentence just before, in the same paragraph.
        let text = "In januari 2017 is de uitvoering gestart. Op 10 januari is hierover een raadsbrief verzonden.";
        assert!(
            has(text, "date", "10 januari", &json!("2017-01-10")),
            "{:?}",
            found_in(text)
        );
        // Without a year anywhere, or relative to the time of writing: none.
        for text in [
            "Op 10 januari is een raadsbrief verzonden.",
            "Na ontvangst op 17 december jl. is de rapportage in 2021 voorgelegd.",
            "De wet is op 1 januari van dit jaar vervallen en de Verordening 2012 ook.",
        ] {
            let got = found_in(text);
            assert!(
                !got.iter()
                    .any(|(k, t, _)| *k == EntityKind::Date && !t.contains("20")),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn parts_and_open_and_historic_periods() {
        let cases: &[(&str, &str, &str, serde_json::Value)] = &[
            (
                "Einddatum 4de kwartaal 2025",
                "period",
                "4de kwartaal 2025",
                json!({"start": "2025-10", "end": "2025-12"}),
            ),
            (
                "De werkzaamheden in het 1e half jaar van 2017 zijn gestart.",
                "period",
                "1e half jaar van 2017",
                json!({"start": "2017-01", "end": "2017-06"}),
            ),
            (
                "gericht op het eerste half jaar van 2017.",
                "period",
                "eerste half jaar van 2017",
                json!({"start": "2017-01", "end": "2017-06"}),
            ),
            // The end of a month: a period of it and a date.
            (
                "Eind februari 2020 werd de eerste besmetting vastgesteld.",
                "period",
                "Eind februari 2020",
                json!({"start": "2020-02", "end": "2020-02"}),
            ),
            (
                "Eind februari 2020 werd de eerste besmetting vastgesteld.",
                "date",
                "Eind februari 2020",
                json!("2020-02"),
            ),
            (
                "De regeling loopt tot 2027.",
                "period",
                "tot 2027",
                json!({"start": null, "end": 2027}),
            ),
            (
                "scans uit de periode 1578-1795. Hierdoor",
                "period",
                "1578-1795",
                json!({"start": 1578, "end": 1795}),
            ),
            (
                "scans uit de periode 1578-1795.",
                "year",
                "1578",
                json!(1578),
            ),
            (
                "scans uit de periode 1578-1795.",
                "year",
                "1795",
                json!(1795),
            ),
        ];
        for (text, kind, want, value) in cases {
            assert!(has(text, kind, want, value), "{text}: {:?}", found_in(text));
        }
        // "medio" is a point in the month; the end of a range is no open
        // period; a span of counts is no historic period.
        let got = found_in("Medio december 2021 besloten.");
        assert!(
            !got.iter().any(|(k, _, _)| *k == EntityKind::Period),
            "{got:?}"
        );
        let got = found_in("Het akkoord loopt van 2024 tot 2028.");
        assert!(
            !got.iter()
                .any(|(k, _, v)| *k == EntityKind::Period && v["start"].is_null()),
            "{got:?}"
        );
        let got = found_in("Er kwamen 1200-1500 bezoekers.");
        assert!(
            !got.iter()
                .any(|(k, _, _)| *k == EntityKind::Period || *k == EntityKind::Year),
            "{got:?}"
        );
    }

    #[test]
    fn short_spans_day_ranges_and_iso_dates() {
        let cases: &[(&str, &str, &str, serde_json::Value)] = &[
            (
                "In het schooljaar 2023-24 starten we.",
                "period",
                "2023-24",
                json!({"start": 2023, "end": 2024}),
            ),
            (
                "Het collegeuitvoeringsprogramma 2023-25 vast te stellen.",
                "period",
                "2023-25",
                json!({"start": 2023, "end": 2025}),
            ),
            (
                "De begroting 2019/20 is vastgesteld.",
                "year",
                "20",
                json!(2020),
            ),
            (
                "De week van 2 t/m 6 oktober 2023 is druk.",
                "period",
                "2 t/m 6 oktober 2023",
                json!({"start": "2023-10-02", "end": "2023-10-06"}),
            ),
            (
                "In Q1-2024 volgt het besluit.",
                "period",
                "Q1-2024",
                json!({"start": "2024-01", "end": "2024-03"}),
            ),
            (
                "Op 2023-01-05 besloten.",
                "date",
                "2023-01-05",
                json!("2023-01-05"),
            ),
        ];
        for (text, kind, want, value) in cases {
            assert!(has(text, kind, want, value), "{text}: {:?}", found_in(text));
        }
        // The last day of a range of days is no date of its own; a month
        // after a year is no short span.
        let got = found_in("De week van 2 t/m 6 oktober 2023 is druk.");
        assert!(
            !got.iter().any(|(k, _, _)| *k == EntityKind::Date),
            "{got:?}"
        );
        let got = found_in("Op 2023-01-05 besloten.");
        assert!(
            !got.iter().any(|(k, _, _)| *k == EntityKind::Period),
            "{got:?}"
        );
    }

    #[test]
    fn times_with_dates() {
        // A meeting's time of day is not part of the date.
        assert!(has(
            "Datum: 31-08-2015 19:30 uur",
            "date",
            "31-08-2015",
            &json!("2015-08-31")
        ));
        // A slashed timestamp with seconds is US month/day.
        assert!(has(
            "Deze pagina is gebouwd op 11/10/2021 17:19:02 met",
            "date",
            "11/10/2021 17:19:02",
            &json!("2021-11-10T17:19:02")
        ));
        // Dutch day-month without a time.
        assert!(has(
            "besluit van 11/10/2021 over",
            "date",
            "11/10/2021",
            &json!("2021-10-11")
        ));
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
            assert!(
                !got.iter().any(|(k, _, _)| *k == EntityKind::Year),
                "{text}: {got:?}"
            );
        }
    }
}
