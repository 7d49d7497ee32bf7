//! Counting hits and misses for one field of the gold.

use serde::Serialize;

/// Recall (and precision where the gold allows) for one field.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct FieldScore {
    /// Field name (`sections`, `partners`, `years` ...).
    pub field: String,
    /// Gold values found.
    pub found: usize,
    /// Gold values in all.
    pub total: usize,
    /// Extracted values that match the gold (for precision); `None` when the
    /// gold cannot judge precision for this field.
    pub correct: Option<usize>,
    /// Extracted values judged (for precision).
    pub extracted: Option<usize>,
    /// One line per miss: the gold value and what was found instead.
    pub misses: Vec<String>,
}

impl FieldScore {
    /// A new, empty score for `field`.
    pub fn new(field: &str) -> FieldScore {
        FieldScore {
            field: field.to_string(),
            ..FieldScore::default()
        }
    }

    /// Count one gold value, found or missed (with an explanation).
    pub fn hit(&mut self, found: bool, miss: impl FnOnce() -> String) {
        self.total += 1;
        if found {
            self.found += 1;
        } else {
            self.misses.push(miss());
        }
    }

    /// Count one extracted value for precision.
    pub fn judge(&mut self, correct: bool) {
        *self.extracted.get_or_insert(0) += 1;
        if correct {
            *self.correct.get_or_insert(0) += 1;
        } else {
            self.correct.get_or_insert(0);
        }
    }

    /// Count one extracted value for precision; a wrong one is listed
    /// with the misses, as `extra()` describes it.
    pub fn judge_or(&mut self, correct: bool, extra: impl FnOnce() -> String) {
        self.judge(correct);
        if !correct {
            self.misses.push(extra());
        }
    }

    /// Recall in 0..=1 (1 when there is nothing to find).
    pub fn recall(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.found as f64 / self.total as f64
        }
    }

    /// Precision in 0..=1, if judged.
    pub fn precision(&self) -> Option<f64> {
        match (self.correct, self.extracted) {
            (Some(c), Some(e)) if e > 0 => Some(c as f64 / e as f64),
            (_, Some(_)) => Some(1.0),
            _ => None,
        }
    }

    /// Add another document's score for the same field.
    pub fn merge(&mut self, other: &FieldScore) {
        self.found += other.found;
        self.total += other.total;
        if let Some(c) = other.correct {
            *self.correct.get_or_insert(0) += c;
        }
        if let Some(e) = other.extracted {
            *self.extracted.get_or_insert(0) += e;
        }
        self.misses.extend(other.misses.iter().cloned());
    }
}

/// Text comparison as the gold README defines it: NFC, lower case, white
/// space collapsed.
pub fn norm(s: &str) -> String {
    crate::dict::norm_key(s)
}
