//! Pilots and projects.
//!
//! Input: one sentence, the partners already found in it (a name that is an
//! organisation is no project) and its periods. Output: `pilot` entities
//! (canonical: the name without the word pilot, `null` for an unnamed
//! pilot; `duration` and `period` when the sentence gives them) and
//! `project` entities (named projects, programmes, campaigns, plans, nota's,
//! agendas and akkoorden).
//!
//! Pilot names follow "pilot"/"proeftuin": a quoted name, a capitalised
//! name, a few lower-case words up to a verb or function word ("pilot
//! tussenvoorziening heeft …"), or what follows "pilot met/voor". The items
//! of a list announced by "de volgende (twee) pilots:" are pilots too (see
//! `list_item`). Project names are quoted capitalised names, names after a
//! project word ("project Grip op de Kosten", "nota preventief jeugdbeleid"),
//! compounds ending in a project word ("Hervormingsagenda Jeugd",
//! "woonproject Place2BU", "buurtpact") and runs of three or more
//! capitalised words ("Jeugdbescherming Nieuwe Stijl").

use super::names::{self, capish, Mode};
use super::vocab::EntityVocabulary;
use super::{Ctx, Found};
use serde_json::{json, Value};

const OPEN_QUOTES: &[(char, char)] =
    &[('\'', '\''), ('"', '"'), ('‘', '’'), ('“', '”'), ('„', '”')];

/// A quoted text starting at byte `at` (the opening quote): (inner start,
/// inner end, end after the closing quote).
fn quoted(text: &str, at: usize) -> Option<(usize, usize, usize)> {
    let open = text[at..].chars().next()?;
    let close = OPEN_QUOTES.iter().find(|(o, _)| *o == open)?.1;
    if at > 0
        && text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let s = at + open.len_utf8();
    let rel = text[s..]
        .char_indices()
        .take(160)
        .find(|&(i, c)| {
            c == close && i > 0 && !text[s + i + c.len_utf8()..].starts_with(char::is_alphanumeric)
        })?
        .0;
    let e = s + rel;
    let inner = &text[s..e];
    (inner.trim() == inner && !inner.is_empty()).then_some((s, e, e + close.len_utf8()))
}

fn pilot(start: usize, end: usize, name: Option<&str>) -> Found {
    let mut f = Found::new(
        "pilot",
        start,
        end,
        name.map(|n| json!(n)).unwrap_or(Value::Null),
    );
    f.canonical = name.map(str::to_string);
    f
}

fn project(start: usize, end: usize, name: &str) -> Found {
    let mut f = Found::new("project", start, end, json!(name));
    f.canonical = Some(name.to_string());
    f
}

/// Pilots and projects of one sentence. `taken` are spans of partners.
pub fn find(
    ctx: &Ctx,
    vocab: &EntityVocabulary,
    taken: &[(usize, usize)],
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
        if let Some((qs, qe, end)) = quoted(text, next_char_at) {
            out.push(pilot(s, end, Some(&text[qs..qe])));
            continue;
        }
        let j = i + 1;
        if j >= n || !ctx.gap_plain(i, j) {
            out.push(pilot(s, ctx.toks[i].e, None));
            continue;
        }
        let name_end = if capish(ctx, j) {
            names::forward(ctx, j, Mode::Capitalised, 6, vocab).map(|e| (j, e))
        } else if matches!(ctx.low(j), "met" | "voor") {
            names::forward(ctx, j + 1, Mode::Open, 4, vocab).map(|e| (j + 1, e))
        } else {
            let mut e = j;
            while e < n && e - j < 4 && (e == j || ctx.gap_plain(e - 1, e)) {
                let l = ctx.low(e);
                let acr = ctx.toks[e].is_acronym(text);
                if ctx.is(e, vocab.roles.stop | vocab.roles.month)
                    || names::participle_like(l)
                    || names::numeric(ctx, e)
                    || (capish(ctx, e) && !acr)
                {
                    break;
                }
                e += 1;
            }
            let inverted = e < n
                && matches!(
                    ctx.low(e),
                    "we" | "wij" | "ze" | "zij" | "jullie" | "u" | "ik" | "hij"
                );
            (e > j && !inverted).then_some((j, e))
        };
        let name_end = name_end.map(|(a, e)| {
            (
                a,
                (a..e).find(|&k| k > a && ctx.low(k) == "in").unwrap_or(e),
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
            None => out.push(pilot(s, ctx.toks[i].e, None)),
        }
    }
    projects(ctx, vocab, &mut out);
    let pilot_spans: Vec<(usize, usize)> = out
        .iter()
        .filter(|f| f.kind == "pilot")
        .map(|f| (f.start, f.end))
        .collect();
    out.retain(|f| {
        f.kind == "pilot"
            || !taken
                .iter()
                .chain(pilot_spans.iter())
                .any(|&(s, e)| s < f.end && f.start < e)
    });
    out
}

fn projects(ctx: &Ctx, vocab: &EntityVocabulary, out: &mut Vec<Found>) {
    let text = ctx.text;
    let n = ctx.toks.len();
    let mut cands = Vec::new();
    // Quoted capitalised names. Every opening quote is `'`, `"` or starts
    // with the byte 0xE2 (‘ “ „), so only those bytes are decoded.
    let bytes = text.as_bytes();
    for at in (0..bytes.len()).filter(|&k| matches!(bytes[k], b'\'' | b'"' | 0xe2)) {
        let Some(c) = text.get(at..).and_then(|r| r.chars().next()) else {
            continue;
        };
        if !OPEN_QUOTES.iter().any(|(o, _)| *o == c) {
            continue;
        }
        let Some((qs, qe, end)) = quoted(text, at) else {
            continue;
        };
        let inner = &text[qs..qe];
        let words = inner.split_whitespace().count();
        if inner.starts_with(char::is_uppercase)
            && (1..=12).contains(&words)
            && !inner.ends_with('.')
        {
            cands.push(project(at, end, inner));
        }
    }
    for i in 0..n {
        let exact = ctx.is(i, vocab.roles.project_keyword);
        let suffix = ctx.suffix(i);
        if !exact && suffix.is_none() {
            continue;
        }
        let j = i + 1;
        let after = ctx.toks[i].e;
        let lead = text[after..].len() - text[after..].trim_start().len();
        let mut start = ctx.toks[i].s;
        if i > 0 && ctx.gap_plain(i - 1, i) && ctx.is(i - 1, vocab.roles.project_adjective) {
            start = ctx.toks[i - 1].s;
        }
        if let Some((qs, qe, end)) = quoted(text, after + lead).filter(|_| lead > 0) {
            cands.push(project(start, end, &text[qs..qe]));
            continue;
        }
        let mode = if exact { Mode::Open } else { Mode::Capitalised };
        let named = (j < n && ctx.gap_plain(i, j))
            .then(|| names::forward(ctx, j, mode, 7, vocab))
            .flatten();
        match named {
            Some(e) => {
                let (ns, ne) = ctx.span(j, e);
                let name = &text[ns..ne];
                let lower_name =
                    !name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
                let keyword = &text[ctx.toks[i].s..ctx.toks[i].e];
                let canonical =
                    if lower_name || names::numeric(ctx, j) || (!exact && capish(ctx, i)) {
                        text[start..ne].to_string()
                    } else {
                        let _ = keyword;
                        name.to_string()
                    };
                cands.push(project(start, ne, &canonical));
            }
            None => {
                let self_standing = suffix
                    .is_some_and(|s| vocab.lexicon.value("project_suffix", s) == Some("self"));
                if suffix.is_some() && (self_standing || (capish(ctx, i) && i > 0)) {
                    let (s, e) = ctx.span(i, i + 1);
                    cands.push(project(s, e, &text[s..e]));
                }
            }
        }
    }
    // Runs of three or more capitalised words mid-sentence (not in headings
    // and table cells, which are in title case).
    let title_case = ctx.sentence.heading || ctx.sentence.in_table;
    for i in (1..n).filter(|_| !title_case) {
        if !capish(ctx, i) || (capish(ctx, i - 1) && ctx.gap_plain(i - 1, i)) {
            continue;
        }
        let Some(e) = names::forward(ctx, i, Mode::Capitalised, 8, vocab) else {
            continue;
        };
        let caps = (i..e).filter(|&k| capish(ctx, k)).count();
        if caps >= 3 && !ctx.toks[i].is_acronym(text) {
            let (s, en) = ctx.span(i, e);
            cands.push(project(s, en, &text[s..en]));
        }
    }
    out.extend(super::keep_longest(cands));
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
    use super::super::tests::texts_of;
    use super::OPEN_QUOTES;

    fn projects(text: &str) -> Vec<String> {
        texts_of("project", text)
    }

    #[test]
    fn capitalised_runs_name_projects_in_running_text_only() {
        let got = projects("Dit jaar is gestart met Samen Sterk Wijkgericht in drie wijken.");
        assert_eq!(got, ["Samen Sterk Wijkgericht"]);
        // Table cells are in title case.
        let got = projects(
            "Programma\tLasten\tBaten\n\
             Kasstroom en EMU-saldo Realisatie Realisatie\t12\t14\n\
             Hondenbelasting Toeristenbelasting Baatbelasting\t1\t2\n",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn opening_quotes_start_with_a_prefiltered_byte() {
        for (open, _) in OPEN_QUOTES {
            let first = open.to_string().as_bytes()[0];
            assert!(matches!(first, b'\'' | b'"' | 0xe2), "{open}");
        }
    }
}
