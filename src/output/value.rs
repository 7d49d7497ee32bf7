//! A typed cell of the flat tables: what every table's row builder
//! yields, so that one builder feeds both writers.
//!
//! In: a field of a record as read back (`super::view`). Out: a [`Value`]
//! that says what the field is — text, a whole number, a fraction, a
//! calendar date, a flag, or nothing. The CSV writer (`super::csv`) turns
//! each into text (the bytes `--format csv` has always written); the
//! workbook writer (`super::xlsx`) writes each as a cell of its own type,
//! so a spreadsheet sums the numbers and sorts the dates. Typing the cell
//! where the row is built, not where it is written, keeps the columns and
//! their types in one place (`docs/schema.md` lists them).

/// One cell of a flat table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (an absent field).
    Empty,
    /// Text, written as text whatever it starts with.
    Text(String),
    /// A whole number: a count, a page, an offset, a year.
    Int(i64),
    /// A number that may have a fraction: an amount, a scale, a value.
    Float(f64),
    /// A calendar date, `YYYY-MM-DD` (a year-month or a period is text).
    Date(String),
    /// A flag.
    Bool(bool),
}

impl Value {
    /// An optional value: [`Value::Empty`] when absent.
    pub fn opt<T>(v: Option<T>) -> Value
    where
        Value: From<T>,
    {
        v.map_or(Value::Empty, Value::from)
    }

    /// Optional text (absent: empty).
    pub fn text(v: &Option<String>) -> Value {
        v.as_ref().map_or(Value::Empty, |s| Value::Text(s.clone()))
    }

    /// A date column's value: [`Value::Date`] when `v` is a full ISO date
    /// (`2021-11-07`), else the text it is, so nothing is lost when a
    /// record carries something else.
    ///
    /// # Example
    /// ```
    /// use beleidsmijn::output::value::Value;
    /// assert_eq!(Value::date(&Some("2021-11-07".into())), Value::Date("2021-11-07".into()));
    /// assert_eq!(Value::date(&Some("2021-11".into())), Value::Text("2021-11".into()));
    /// assert_eq!(Value::date(&None), Value::Empty);
    /// ```
    pub fn date(v: &Option<String>) -> Value {
        match v {
            None => Value::Empty,
            Some(s) if iso_date(s).is_some() => Value::Date(s.clone()),
            Some(s) => Value::Text(s.clone()),
        }
    }
}

/// Year, month and day of a full ISO date (`YYYY-MM-DD`, month 1–12, day
/// 1–31), else `None`.
pub fn iso_date(s: &str) -> Option<(u16, u8, u8)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = s.get(0..4)?.parse().ok()?;
    let month = s.get(5..7)?.parse().ok().filter(|m| (1..=12).contains(m))?;
    let day = s
        .get(8..10)?
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && digits(5..7) && digits(8..10)).then_some((year, month, day))
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Float(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<u32> for Value {
    fn from(v: u32) -> Value {
        Value::Int(i64::from(v))
    }
}

impl From<u64> for Value {
    fn from(v: u64) -> Value {
        i64::try_from(v).map_or_else(|_| Value::Text(v.to_string()), Value::Int)
    }
}

impl From<usize> for Value {
    fn from(v: usize) -> Value {
        i64::try_from(v).map_or_else(|_| Value::Text(v.to_string()), Value::Int)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_full_iso_date_is_a_date() {
        for (s, want) in [
            ("2021-11-07", Some((2021, 11, 7))),
            ("1899-12-31", Some((1899, 12, 31))),
            ("2021-11", None),
            ("2021", None),
            ("2021-13-01", None),
            ("2021-00-10", None),
            ("2021-1-07x", None),
            ("+021-11-07", None),
            ("7 november 2021", None),
            ("", None),
        ] {
            assert_eq!(iso_date(s), want, "{s}");
        }
    }

    #[test]
    fn numbers_keep_their_kind() {
        assert_eq!(Value::from(3u32), Value::Int(3));
        assert_eq!(Value::opt(Some(2.5f64)), Value::Float(2.5));
        assert_eq!(Value::opt::<u64>(None), Value::Empty);
        assert_eq!(
            Value::from(u64::MAX),
            Value::Text(u64::MAX.to_string()),
            "too big for a whole number: the digits, not a wrapped value"
        );
    }
}
