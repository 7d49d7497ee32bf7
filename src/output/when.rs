//! Dates and periods of schema version 2: ISO calendar dates always.
//!
//! The extractor writes a time as precise as the text is: a year (`2023`),
//! a month (`"2021-11"`), a day (`"2023-11-07"`) or a machine timestamp
//! (`"2023-10-20T16:44:45"`); a period is `{start, end}` of such bounds.
//! Version 1 wrote those as they were, so one field held integers and
//! strings of three shapes — and DuckDB, typing a column from a few rows,
//! failed on the first other shape. Version 2 writes every bound as a full
//! date (`YYYY-MM-DD`): the first day of what the start names and the last
//! day of what the end names, with the [`Precision`] the text gave, and the
//! time of a timestamp apart. [`Bound::legacy`] gives the version 1 value
//! back, for `eval`, whose gold is written that way.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// How precisely the text names a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A calendar year ("2023", "2021-2022").
    Year,
    /// A month ("november 2021", "Q1 2024").
    Month,
    /// A day ("7 november 2023").
    Day,
}

/// One time as the extractor wrote it: a year, a month or a day, and the
/// time of day of a timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
    time: Option<String>,
}

fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Bound {
    /// Read a version 1 value: an integer year or an ISO string of a year,
    /// month, day or timestamp. `None` for anything else, and for a day
    /// the calendar does not have ("2023-04-31").
    pub fn parse(v: &Value) -> Option<Bound> {
        if let Some(y) = v.as_i64() {
            return Some(Bound {
                year: i32::try_from(y).ok()?,
                month: None,
                day: None,
                time: None,
            });
        }
        let s = v.as_str()?;
        let (date, time) = match s.split_once('T') {
            Some((d, t)) => (d, Some(t.to_string())),
            None => (s, None),
        };
        let mut parts = date.split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
        let day: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
        if parts.next().is_some()
            || !(1..=9999).contains(&year)
            || month.is_some_and(|m| !(1..=12).contains(&m))
            || (day.is_some() && month.is_none())
            || day.is_some_and(|d| d == 0 || d > days_in(year, month.unwrap_or(1)))
            || (time.is_some() && day.is_none())
        {
            return None;
        }
        Some(Bound {
            year,
            month,
            day,
            time,
        })
    }

    /// How precise it is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The first day it names, `YYYY-MM-DD`.
    pub fn first_day(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }

    /// The last day it names, `YYYY-MM-DD`.
    pub fn last_day(&self) -> String {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in(self.year, month));
        format!("{:04}-{month:02}-{day:02}", self.year)
    }

    /// The time of day of a timestamp (`16:44:45`).
    pub fn time(&self) -> Option<&str> {
        self.time.as_deref()
    }

    /// Rebuild a bound from a version 2 date (`YYYY-MM-DD`), the
    /// precision and the time.
    pub fn from_date(date: &str, precision: Precision, time: Option<&str>) -> Option<Bound> {
        let b = Bound::parse(&Value::String(date.to_string()))?;
        Some(Bound {
            year: b.year,
            month: (precision != Precision::Year).then_some(b.month).flatten(),
            day: (precision == Precision::Day).then_some(b.day).flatten(),
            time: time.map(str::to_string),
        })
    }

    /// The version 1 value: the year as an integer, else the ISO string
    /// to its precision.
    pub fn legacy(&self) -> Value {
        match (self.month, self.day, &self.time) {
            (None, _, _) => json!(self.year),
            (Some(m), None, _) => json!(format!("{:04}-{m:02}", self.year)),
            (Some(m), Some(d), None) => json!(format!("{:04}-{m:02}-{d:02}", self.year)),
            (Some(m), Some(d), Some(t)) => {
                json!(format!("{:04}-{m:02}-{d:02}T{t}", self.year))
            }
        }
    }
}

/// A period in version 2 terms: first and last day, and precision.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Period {
    /// First day, when the start is known.
    pub start: Option<String>,
    /// Last day, when the end is known.
    pub end: Option<String>,
    /// Precision of the bounds (the end's where they differ).
    pub precision: Option<Precision>,
}

impl Period {
    /// A version 1 period value `{start, end}`.
    pub fn of_period(v: &Value) -> Period {
        let start = v.get("start").and_then(Bound::parse);
        let end = v.get("end").and_then(Bound::parse);
        Period {
            start: start.as_ref().map(Bound::first_day),
            end: end.as_ref().map(Bound::last_day),
            precision: end.or(start).map(|b| b.precision()),
        }
    }

    /// The span of one bound (a year, or a date).
    pub fn of_bound(b: &Bound) -> Period {
        Period {
            start: Some(b.first_day()),
            end: Some(b.last_day()),
            precision: Some(b.precision()),
        }
    }

    /// The version 1 period value `{start, end}`.
    pub fn legacy(&self) -> Value {
        let bound = |d: &Option<String>| {
            self.precision
                .and_then(|p| Bound::from_date(d.as_deref()?, p, None))
                .map_or(Value::Null, |b| b.legacy())
        };
        json!({"start": bound(&self.start), "end": bound(&self.end)})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_1_shape_becomes_full_dates_and_comes_back() {
        let cases = [
            (
                json!({"start": 2021, "end": 2022}),
                "2021-01-01",
                "2022-12-31",
                Precision::Year,
            ),
            (
                json!({"start": "2024-01", "end": "2024-02"}),
                "2024-01-01",
                "2024-02-29",
                Precision::Month,
            ),
            (
                json!({"start": "2023-10-02", "end": "2023-10-06"}),
                "2023-10-02",
                "2023-10-06",
                Precision::Day,
            ),
        ];
        for (v, start, end, p) in cases {
            let s = Period::of_period(&v);
            assert_eq!(
                (s.start.as_deref(), s.end.as_deref(), s.precision),
                (Some(start), Some(end), Some(p))
            );
            assert_eq!(s.legacy(), v);
        }
        let open = json!({"start": null, "end": 2024});
        let s = Period::of_period(&open);
        assert_eq!((s.start, s.end.as_deref()), (None, Some("2024-12-31")));
        assert_eq!(Period::of_period(&open).legacy(), open);
    }

    #[test]
    fn dates_keep_their_precision_and_time() {
        for v in ["2023-11-07", "2021-11", "2023-10-20T16:44:45"] {
            let b = Bound::parse(&json!(v)).unwrap();
            let back = Bound::from_date(&b.first_day(), b.precision(), b.time()).unwrap();
            assert_eq!(back.legacy(), json!(v));
        }
        assert_eq!(
            Bound::parse(&json!("2021-11")).unwrap().last_day(),
            "2021-11-30"
        );
        assert_eq!(Bound::parse(&json!(1900)).unwrap().legacy(), json!(1900));
    }

    #[test]
    fn days_the_calendar_lacks_are_no_dates() {
        for v in [
            json!("2023-04-31"),
            json!("2023-02-29"),
            json!("2023-13"),
            json!("x"),
            json!(null),
        ] {
            assert_eq!(Bound::parse(&v), None, "{v}");
        }
        assert!(Bound::parse(&json!("2024-02-29")).is_some());
    }
}
