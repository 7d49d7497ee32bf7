//! Entities as schema version 2 writes them: one type per field.
//!
//! Version 1 wrote an entity's normalised value as one polymorphic
//! `value` (an integer year, an ISO string, `{start, end}`, an amount, a
//! CBS code or a class name) and its type-specific fields only when set.
//! Version 2 writes typed fields instead, every one on every entity (null,
//! or `false` for a flag, where it does not apply), so a table loader sees
//! the same columns with the same types in every row:
//!
//! | type | fields |
//! |---|---|
//! | `money`, `percentage`, `quantity` | `number`, `unit`, `per`, `scale`, `qualifier` |
//! | `year`, `period` | `period_start`, `period_end`, `precision`, `part` |
//! | `date` | `date`, `time`, and its day or month as `period_*` |
//! | `municipality`, `taakveld`, `reference` | `code` (CBS code, BBV code, reference number), `reference_kind`, `ambiguous` |
//! | `partner`, `project`, `pilot` | `canonical`, `id`, `org_type`, `source`, `generic`, `list`, `duration`, `period_*` |
//! | `status` | `class`, `subject`, `subject_name`, `partial` |
//!
//! [`EntityOut::to_model`] reads one back into the internal entity with
//! its version 1 `value`, which `eval` scores.

use super::offsets::CharIndex;
use super::when::{Bound, Period, Precision};
use crate::model::{Entity, EntityKind, StatusClass};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// The internal fields (`Entity::extra`) this module writes; any other is
/// a field the output does not know (a test keeps this complete).
pub const KNOWN_EXTRA: [&str; 17] = [
    "row",
    "subject",
    "id",
    "generic",
    "org_type",
    "source",
    "unit",
    "per",
    "scale",
    "qualifier",
    "part",
    "duration",
    "period",
    "list",
    "partial",
    "kind",
    "ambiguous",
];

/// One entity in the output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    /// `year`, `date`, `period`, `money` ... (the schema lists them).
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Pilots and projects: the id the statuses' `subject` names
    /// (`pilot-1`, `project-2`); every mention of the same one shares it.
    pub id: Option<String>,
    /// The text as written; `&text[start..end]`.
    pub text: String,
    /// Canonical name (partners, pilots, projects, municipalities, taakvelden).
    pub canonical: Option<String>,
    /// Status class (statuses, and a pilot's own status).
    pub class: Option<StatusClass>,
    /// The amount (EUR for money, percent for a percentage, the count of a
    /// quantity), always written with a fraction (`1200.0`).
    pub number: Option<f64>,
    /// `EUR`, `%`, or a quantity's noun (`laadpalen`).
    pub unit: Option<String>,
    /// Money "per jaar": the word after "per".
    pub per: Option<String>,
    /// Money: the multiplier already applied to `number` (`1000.0` in a
    /// table "x € 1.000" or for "duizend", `1000000.0` for "miljoen"),
    /// `1.0` when none.
    pub scale: Option<f64>,
    /// A quantity's qualifier ("ruim", "bijna").
    pub qualifier: Option<String>,
    /// Dates: the day (`YYYY-MM-DD`; the first day for a month).
    pub date: Option<String>,
    /// Dates written as a timestamp: its time of day (`16:44:45`).
    pub time: Option<String>,
    /// Years, dates, periods and pilots with a period: the first day.
    pub period_start: Option<String>,
    /// The last day.
    pub period_end: Option<String>,
    /// How precisely the text names the time.
    pub precision: Option<Precision>,
    /// The part of a year or month ("eind", "q1", "voorjaar").
    pub part: Option<String>,
    /// A pilot's duration as written ("2 jaar").
    pub duration: Option<String>,
    /// CBS code (municipality), BBV code (taakveld) or reference number.
    pub code: Option<String>,
    /// A reference's kind (`motie`, `raadsmededeling` ...).
    pub reference_kind: Option<String>,
    /// A municipality name several municipalities share: their CBS codes.
    pub ambiguous: Vec<String>,
    /// A partner's kind of organisation.
    pub org_type: Option<String>,
    /// How a partner or project was found (`dictionary`, `pattern` ...).
    pub source: Option<String>,
    /// A generic actor ("inwoners", "partijen") rather than a named one.
    pub generic: bool,
    /// Statuses: what the status is about (a pilot or project `id`, an
    /// item id, or a section id).
    pub subject: Option<String>,
    /// The name of `subject`: the pilot's or project's canonical name, the
    /// item's goal, or the section's heading.
    pub subject_name: Option<String>,
    /// A status that holds for part of its subject only.
    pub partial: bool,
    /// A pilot named in a list of pilots.
    pub list: bool,
    /// Enclosing section id.
    pub section: Option<String>,
    /// 1-based page.
    pub page: u32,
    /// Start byte in the document text.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// Start character (code point) in the document text.
    pub char_start: usize,
    /// End character.
    pub char_end: usize,
    /// The sentence the entity lies in.
    pub sentence: String,
    /// An entity in a table cell: its row, cells apart by tabs.
    pub row: Option<String>,
}

/// A number as version 1 wrote it: an integer when whole, else rounded to
/// three decimals (as `extract::entities::amounts` does).
fn number_value(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!((v * 1000.0).round() / 1000.0)
    }
}

fn string(extra: &Map<String, Value>, key: &str) -> Option<String> {
    extra.get(key).and_then(Value::as_str).map(str::to_string)
}

fn flag(extra: &Map<String, Value>, key: &str) -> bool {
    extra.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl EntityOut {
    /// The output form of `e`; `chars` indexes the document text.
    pub fn of(e: &Entity, chars: &CharIndex) -> EntityOut {
        let x = &e.extra;
        let value_str = || e.value.as_str().map(str::to_string);
        let mut out = EntityOut {
            kind: e.kind,
            id: string(x, "id"),
            text: e.text.clone(),
            canonical: e.canonical.clone(),
            class: e.class,
            number: None,
            unit: string(x, "unit"),
            per: string(x, "per"),
            scale: None,
            qualifier: string(x, "qualifier"),
            date: None,
            time: None,
            period_start: None,
            period_end: None,
            precision: None,
            part: string(x, "part"),
            duration: string(x, "duration"),
            code: None,
            reference_kind: None,
            ambiguous: x
                .get("ambiguous")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            org_type: string(x, "org_type"),
            source: string(x, "source"),
            generic: flag(x, "generic"),
            subject: string(x, "subject"),
            subject_name: None,
            partial: flag(x, "partial"),
            list: flag(x, "list"),
            section: e.section.clone(),
            page: e.page,
            start: e.start,
            end: e.end,
            char_start: chars.chars(e.start),
            char_end: chars.chars(e.end),
            sentence: e.sentence.clone(),
            row: string(x, "row"),
        };
        let mut period = |p: Period| {
            out.period_start = p.start;
            out.period_end = p.end;
            out.precision = p.precision;
        };
        match e.kind {
            EntityKind::Year | EntityKind::Date => {
                if let Some(b) = Bound::parse(&e.value) {
                    period(Period::of_bound(&b));
                    if e.kind == EntityKind::Date {
                        out.date = Some(b.first_day());
                        out.time = b.time().map(str::to_string);
                    }
                }
            }
            EntityKind::Period => period(Period::of_period(&e.value)),
            EntityKind::Pilot => {
                if let Some(p) = x.get("period") {
                    period(Period::of_period(p));
                }
            }
            EntityKind::Money | EntityKind::Percentage | EntityKind::Quantity => {
                out.number = e.value.as_f64();
                if e.kind == EntityKind::Money {
                    out.scale = Some(x.get("scale").and_then(Value::as_f64).unwrap_or(1.0));
                }
            }
            EntityKind::Municipality | EntityKind::Taakveld => out.code = value_str(),
            EntityKind::Reference => {
                out.code = value_str();
                out.reference_kind = string(x, "kind");
            }
            EntityKind::Partner | EntityKind::Project | EntityKind::Status => {}
        }
        out
    }

    /// The internal entity, with the version 1 `value` and fields, as the
    /// scorer of `eval` reads them.
    pub fn to_model(&self) -> Entity {
        let mut extra = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                extra.insert(k.to_string(), v);
            }
        };
        let s = |v: &Option<String>| v.as_ref().map(|s| json!(s));
        let t = |b: bool| b.then_some(Value::Bool(true));
        put("id", s(&self.id));
        put("unit", s(&self.unit));
        put("per", s(&self.per));
        put("qualifier", s(&self.qualifier));
        put("part", s(&self.part));
        put("duration", s(&self.duration));
        put("org_type", s(&self.org_type));
        put("source", s(&self.source));
        put("subject", s(&self.subject));
        put("row", s(&self.row));
        put("generic", t(self.generic));
        put("partial", t(self.partial));
        put("list", t(self.list));
        if self.kind == EntityKind::Reference {
            put("kind", s(&self.reference_kind));
        }
        if !self.ambiguous.is_empty() {
            put("ambiguous", Some(json!(self.ambiguous)));
        }
        let period = Period {
            start: self.period_start.clone(),
            end: self.period_end.clone(),
            precision: self.precision,
        };
        let bound = |d: &Option<String>| {
            let b = Bound::from_date(d.as_deref()?, self.precision?, self.time.as_deref())?;
            Some(b.legacy())
        };
        if self.kind == EntityKind::Pilot && self.precision.is_some() {
            put("period", Some(period.legacy()));
        }
        let text_or_null = |v: &Option<String>| v.as_ref().map_or(Value::Null, |s| json!(s));
        let value = match self.kind {
            EntityKind::Year | EntityKind::Date => {
                let day = if self.kind == EntityKind::Date {
                    &self.date
                } else {
                    &self.period_start
                };
                bound(day).unwrap_or(Value::Null)
            }
            EntityKind::Period => period.legacy(),
            EntityKind::Money | EntityKind::Percentage | EntityKind::Quantity => {
                self.number.map_or(Value::Null, number_value)
            }
            EntityKind::Municipality | EntityKind::Taakveld | EntityKind::Reference => {
                text_or_null(&self.code)
            }
            EntityKind::Partner | EntityKind::Project | EntityKind::Pilot => {
                text_or_null(&self.canonical)
            }
            EntityKind::Status => self.class.map_or(Value::Null, |c| json!(c.as_str())),
        };
        Entity {
            kind: self.kind,
            text: self.text.clone(),
            canonical: self.canonical.clone(),
            value,
            class: self.class,
            section: self.section.clone(),
            start: self.start,
            end: self.end,
            page: self.page,
            sentence: self.sentence.clone(),
            extra,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(kind: EntityKind, value: Value, extra: Value) -> Entity {
        Entity {
            kind,
            text: "x".into(),
            canonical: None,
            value,
            class: None,
            section: Some("s1".into()),
            start: 0,
            end: 1,
            page: 1,
            sentence: "x".into(),
            extra: extra.as_object().cloned().unwrap_or_default(),
        }
    }

    #[test]
    fn typed_fields_and_back_to_the_version_1_value() {
        let idx = CharIndex::new("x");
        let cases = [
            (EntityKind::Year, json!(2021), json!({})),
            (EntityKind::Date, json!("2021-11"), json!({"part": "eind"})),
            (EntityKind::Date, json!("2023-10-20T16:44:45"), json!({})),
            (
                EntityKind::Period,
                json!({"start": null, "end": 2024}),
                json!({}),
            ),
            (
                EntityKind::Period,
                json!({"start": "2024-01", "end": "2024-03"}),
                json!({"part": "q1"}),
            ),
            (
                EntityKind::Money,
                json!(89000),
                json!({"unit": "EUR", "scale": 1000.0, "row": "a\tb"}),
            ),
            (
                EntityKind::Money,
                json!(1.5),
                json!({"unit": "EUR", "per": "jaar"}),
            ),
            (
                EntityKind::Quantity,
                json!(20),
                json!({"unit": "activiteiten", "qualifier": "ruim"}),
            ),
            (
                EntityKind::Municipality,
                json!("GM1942"),
                json!({"ambiguous": ["GM1", "GM2"]}),
            ),
            (
                EntityKind::Reference,
                json!("M22-88"),
                json!({"kind": "motie"}),
            ),
            (
                EntityKind::Pilot,
                json!(null),
                json!({"id": "pilot-1", "list": true, "period": {"start": 2021, "end": 2022}}),
            ),
            (
                EntityKind::Partner,
                json!(null),
                json!({"generic": true, "org_type": "netwerk", "source": "dictionary"}),
            ),
        ];
        for (kind, value, extra) in cases {
            let e = entity(kind, value, extra);
            let out = EntityOut::of(&e, &idx);
            let mut back = out.to_model();
            // `scale` 1.0 is the default the output adds for money.
            if kind == EntityKind::Money {
                back.extra.remove("scale");
            }
            let mut want = e.clone();
            want.extra.remove("scale");
            assert_eq!(back, want, "{kind}");
        }
        let money = EntityOut::of(
            &entity(EntityKind::Money, json!(89000), json!({"unit": "EUR"})),
            &idx,
        );
        let line = serde_json::to_string(&money).unwrap();
        assert!(
            line.contains("\"number\":89000.0") && line.contains("\"scale\":1.0"),
            "{line}"
        );
        let date = EntityOut::of(&entity(EntityKind::Date, json!("2021-11"), json!({})), &idx);
        assert_eq!(
            (
                date.date.as_deref(),
                date.period_start.as_deref(),
                date.period_end.as_deref(),
                date.precision
            ),
            (
                Some("2021-11-01"),
                Some("2021-11-01"),
                Some("2021-11-30"),
                Some(Precision::Month)
            )
        );
    }

    #[test]
    fn every_field_the_extractor_sets_is_written() {
        // The keys `extract/entities` puts into `extra`, read from its source.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/extract/entities");
        let mut keys = std::collections::BTreeSet::new();
        for f in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            let squeezed: String = text.split_whitespace().collect();
            for part in squeezed.split("extra.insert(\"").skip(1) {
                keys.insert(part.split('"').next().unwrap().to_string());
            }
        }
        assert!(keys.len() > 10, "{keys:?}");
        for k in keys {
            assert!(
                KNOWN_EXTRA.contains(&k.as_str()),
                "entity field {k:?} is not in the output"
            );
        }
    }
}
