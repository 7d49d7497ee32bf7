//! Scoring extracted entities against the gold (`../shared/gold/*.json`).
//!
//! One [`FieldScore`] per entity field of the gold: recall for every field,
//! precision where the gold lists everything a reader should find (pilots,
//! projects, partners, years, dates, periods, taakvelden, references).
//!
//! Names are compared after the gold README's normalisation (NFC, lower
//! case, collapsed white space) made a little looser: quotes dropped, `&`
//! read as `en`, a hyphen before a space ignored, a leading article and a
//! trailing year or year range dropped. Two names match when equal, or when
//! one contains the other as whole words (so "Save Teams" matches "SAVE"
//! and "nota Zorgeloos (op)groeien" matches "Zorgeloos (op)groeien").
//! Partners match by canonical name, by the text as written, or through the
//! gold's `aliases`. A status is found when a status entity of the gold
//! class stands in the sentence that contains the gold `key`.

use super::score::{norm, FieldScore};
use crate::model::Entity;
use crate::model::StatusClass;
use serde_json::Value;

fn loose(s: &str) -> String {
    let n = norm(s);
    let n: String = n
        .chars()
        .filter(|c| !matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”' | '„'))
        .collect();
    let n = n
        .replace(" & ", " en ")
        .replace("- ", " ")
        .replace('–', "-");
    let mut words: Vec<&str> = n.split_whitespace().collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit() || c == '-') || *w == "-")
    {
        words.pop();
    }
    if words.len() > 1 && matches!(words.first(), Some(&"de" | &"het" | &"een")) {
        words.remove(0);
    }
    words.join(" ")
}

fn contains_words(long: &str, short: &str) -> bool {
    if short.len() < 3 {
        return false;
    }
    let mut from = 0;
    while let Some(p) = long[from..].find(short) {
        let s = from + p;
        let e = s + short.len();
        let before = long[..s].chars().next_back();
        let after = long[e..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = s + short.len().max(1);
    }
    false
}

/// Whether two names match (see the module docs).
pub fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (loose(a), loose(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || contains_words(&a, &b) || contains_words(&b, &a)
}

fn entity_names(e: &Entity) -> Vec<&str> {
    let mut v = vec![e.text.as_str()];
    if let Some(c) = &e.canonical {
        v.push(c);
    }
    v
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn of_kind<'a>(entities: &'a [Entity], kinds: &'a [&str]) -> impl Iterator<Item = &'a Entity> {
    entities
        .iter()
        .filter(move |e| kinds.contains(&e.kind.as_str()))
}

fn is_generic(e: &Entity) -> bool {
    e.extra
        .get("generic")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Score one document's entities against its gold.
pub fn score(gold: &Value, doc_text: &str, entities: &[Entity]) -> Vec<FieldScore> {
    let _ = doc_text;
    let mut out = Vec::new();
    // Pilots and their statuses.
    let gold_pilots: Vec<(String, String)> = gold["pilots"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or("").to_string(),
                        p["status"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let gold_projects = strings(gold.get("projects"));
    let mut pilots = FieldScore::new("pilots");
    let mut pilot_status = FieldScore::new("pilot_status");
    for (name, class) in &gold_pilots {
        let hits: Vec<&Entity> = of_kind(entities, &["pilot"])
            .filter(|e| e.canonical.as_deref().is_some_and(|c| names_match(c, name)))
            .collect();
        pilots.hit(!hits.is_empty(), || format!("pilot '{name}'"));
        let classes: Vec<&str> = hits
            .iter()
            .filter_map(|e| e.class.map(StatusClass::as_str))
            .collect();
        pilot_status.hit(classes.contains(&class.as_str()), || {
            format!("pilot '{name}' {class}: got {classes:?}")
        });
    }
    for e in of_kind(entities, &["pilot"]).filter(|e| e.canonical.is_some()) {
        let ok = entity_names(e).iter().any(|n| {
            gold_pilots
                .iter()
                .map(|p| &p.0)
                .chain(gold_projects.iter())
                .any(|g| names_match(n, g))
        });
        pilots.judge_or(ok, || format!("extra pilot '{}'", e.text));
    }
    out.push(pilots);
    out.push(pilot_status);
    // Projects.
    let mut projects = FieldScore::new("projects");
    for g in &gold_projects {
        let found = of_kind(entities, &["project", "pilot"])
            .any(|e| entity_names(e).iter().any(|n| names_match(n, g)));
        projects.hit(found, || format!("project '{g}'"));
    }
    for e in of_kind(entities, &["project"]) {
        let ok = entity_names(e).iter().any(|n| {
            gold_projects
                .iter()
                .chain(gold_pilots.iter().map(|p| &p.0))
                .any(|g| names_match(n, g))
        });
        projects.judge_or(ok, || format!("extra project '{}'", e.text));
    }
    out.push(projects);
    // Partners.
    let required = strings(gold.pointer("/partners/required"));
    let acceptable = strings(gold.pointer("/partners/acceptable"));
    let aliases: Vec<(String, String)> = gold["aliases"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    Some((
                        p.get(0)?.as_str()?.to_string(),
                        p.get(1)?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut partners = FieldScore::new("partners");
    for r in &required {
        let mut names = vec![r.clone()];
        names.extend(
            aliases
                .iter()
                .filter(|(_, c)| names_match(c, r))
                .map(|(a, _)| a.clone()),
        );
        let found = of_kind(entities, &["partner"]).any(|e| {
            entity_names(e)
                .iter()
                .any(|n| names.iter().any(|g| names_match(n, g)))
        });
        partners.hit(found, || format!("partner '{r}'"));
    }
    for e in of_kind(entities, &["partner"]).filter(|e| !is_generic(e)) {
        let ok = entity_names(e).iter().any(|n| {
            required
                .iter()
                .chain(acceptable.iter())
                .chain(aliases.iter().flat_map(|(a, c)| [a, c]))
                .any(|g| names_match(n, g))
        });
        partners.judge_or(ok, || format!("extra partner '{}'", e.text));
    }
    out.push(partners);
    // Years.
    let req_years: Vec<i64> = gold
        .pointer("/years/required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    let forbidden: Vec<i64> = gold
        .pointer("/years/forbidden")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    let got_years: Vec<i64> = of_kind(entities, &["year"])
        .filter_map(|e| e.value.as_i64())
        .collect();
    let mut years = FieldScore::new("years");
    for y in &req_years {
        years.hit(got_years.contains(y), || format!("year {y}"));
    }
    for y in &got_years {
        years.judge(req_years.contains(y));
    }
    out.push(years);
    let mut forb = FieldScore::new("years_forbidden");
    for y in &forbidden {
        forb.hit(!got_years.contains(y), || {
            format!("forbidden year {y} extracted")
        });
    }
    out.push(forb);
    // Dates and periods.
    let mut dates = FieldScore::new("dates");
    let gold_dates: Vec<(String, String)> = gold["dates"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    (
                        d["text"].as_str().unwrap_or("").to_string(),
                        d["value"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for (t, v) in &gold_dates {
        let found = of_kind(entities, &["date"])
            .any(|e| e.value.as_str() == Some(v) && names_match(&e.text, t));
        dates.hit(found, || format!("date '{t}' = {v}"));
    }
    if gold.get("dates").is_some() {
        for e in of_kind(entities, &["date"]) {
            let ok = gold_dates.iter().any(|(_, v)| e.value.as_str() == Some(v));
            dates.judge_or(ok, || format!("extra date '{}' = {}", e.text, e.value));
        }
    }
    out.push(dates);
    let mut periods = FieldScore::new("periods");
    let gold_periods: Vec<&Value> = gold["periods"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let same = |e: &Entity, p: &Value| {
        e.value.get("start") == p.get("start") && e.value.get("end") == p.get("end")
    };
    for p in &gold_periods {
        let found = of_kind(entities, &["period"]).any(|e| same(e, p));
        periods.hit(found, || {
            format!("period '{}'", p["text"].as_str().unwrap_or(""))
        });
    }
    if gold.get("periods").is_some() {
        for e in of_kind(entities, &["period"]) {
            let ok = gold_periods.iter().any(|p| same(e, p));
            periods.judge_or(ok, || format!("extra period '{}' = {}", e.text, e.value));
        }
    }
    out.push(periods);
    // Statuses.
    let mut statuses = FieldScore::new("statuses");
    for s in gold["statuses"].as_array().into_iter().flatten() {
        let key = norm(s["key"].as_str().unwrap_or(""));
        let class = s["class"].as_str().unwrap_or("");
        let found = of_kind(entities, &["status"]).any(|e| {
            e.class.map(StatusClass::as_str) == Some(class) && norm(&e.sentence).contains(&key)
        });
        statuses.hit(found, || {
            let got: Vec<&str> = of_kind(entities, &["status"])
                .filter(|e| norm(&e.sentence).contains(&key))
                .filter_map(|e| e.class.map(StatusClass::as_str))
                .collect();
            format!("status '{key}' {class}: got {got:?}")
        });
    }
    out.push(statuses);
    out.push(two_ways(gold, entities));
    // Quantities and amounts.
    for (field, kinds) in [
        ("quantities", &["quantity", "percentage"][..]),
        ("amounts", &["money"][..]),
    ] {
        let mut fs = FieldScore::new(field);
        for q in gold[field].as_array().into_iter().flatten() {
            let t = q["text"].as_str().unwrap_or("");
            let v = q["value"].as_f64().unwrap_or(f64::NAN);
            let gold_words: Vec<String> = norm(t).split_whitespace().map(str::to_string).collect();
            let shares_word = |e: &Entity| {
                norm(&e.text)
                    .split_whitespace()
                    .any(|w| gold_words.iter().any(|g| g == w))
            };
            let found = of_kind(entities, kinds).any(|e| {
                e.value.as_f64().is_some_and(|x| (x - v).abs() < 1e-9)
                    && (names_match(&e.text, t) || shares_word(e))
            });
            fs.hit(found, || format!("{field} '{t}' = {v}"));
        }
        out.push(fs);
    }
    // Taakvelden and references.
    let mut tv = FieldScore::new("taakvelden");
    let gold_tv: Vec<String> = gold["taakvelden"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    for c in &gold_tv {
        tv.hit(
            of_kind(entities, &["taakveld"]).any(|e| e.value.as_str() == Some(c)),
            || format!("taakveld {c}"),
        );
    }
    if gold.get("taakvelden").is_some() {
        for e in of_kind(entities, &["taakveld"]) {
            tv.judge(gold_tv.iter().any(|c| e.value.as_str() == Some(c)));
        }
    }
    out.push(tv);
    let mut refs = FieldScore::new("references");
    let gold_refs = strings(gold.get("references"));
    for r in &gold_refs {
        refs.hit(
            of_kind(entities, &["reference"]).any(|e| norm(&e.text) == norm(r)),
            || format!("reference {r}"),
        );
    }
    if gold.get("references").is_some() {
        for e in of_kind(entities, &["reference"]) {
            refs.judge(gold_refs.iter().any(|r| norm(&e.text) == norm(r)));
        }
    }
    out.push(refs);
    out
}

/// Of the gold statuses found, those also read with another class inside
/// their key (a status entity whose text stands in the key): a proxy for
/// precision, since the gold lists only some statuses. `found` counts them,
/// `total` the statuses found; each is listed as a miss.
fn two_ways(gold: &Value, entities: &[Entity]) -> FieldScore {
    let mut f = FieldScore::new("statuses_read_two_ways");
    for s in gold["statuses"].as_array().into_iter().flatten() {
        let key = norm(s["key"].as_str().unwrap_or(""));
        let class = s["class"].as_str().unwrap_or("");
        let in_sentence: Vec<&Entity> = of_kind(entities, &["status"])
            .filter(|e| norm(&e.sentence).contains(&key))
            .collect();
        if !in_sentence
            .iter()
            .any(|e| e.class.map(StatusClass::as_str) == Some(class))
        {
            continue;
        }
        f.total += 1;
        let others: Vec<&str> = in_sentence
            .iter()
            .filter(|e| {
                e.class.map(StatusClass::as_str) != Some(class)
                    && contains_words(&key, &norm(&e.text))
            })
            .filter_map(|e| e.class.map(StatusClass::as_str))
            .collect();
        if !others.is_empty() {
            f.found += 1;
            f.misses
                .push(format!("status '{key}' {class}: also read as {others:?}"));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::names_match;

    #[test]
    fn loose_name_matching() {
        assert!(names_match(
            "Consultatie- en Adviesteam",
            "Consultatie en Adviesteam"
        ));
        assert!(names_match("Jeugd & Gezin", "Jeugd en Gezin"));
        assert!(names_match(
            "Hervormingsagenda Jeugd 2022-2028",
            "Hervormingsagenda Jeugd"
        ));
        assert!(names_match("Save Teams", "SAVE"));
        assert!(!names_match("Versa", "Veilig Thuis"));
    }
}
