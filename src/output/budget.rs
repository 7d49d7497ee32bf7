//! The per-document output budget (`--max-output`): a record whose JSON
//! line would be larger is cut, deterministically, and says so.
//!
//! What grows without bound is the lists, not the document's own fields: a
//! 1.9 MB text of one wide tab table gave 232 MB of JSONL (280,000 entities
//! of about 680 bytes each and a 40 MB table), 200,000 dates 618 MB. So the
//! record keeps its document-level fields and warnings whole, and fills the
//! rest of the budget in this order, each list from its start: sections,
//! goal/status items, indicator rows, tables row by row, entities. Once one
//! element does not fit, it and everything after it in that order is left
//! out, and a warning starting with [`OUTPUT_LIMIT`] counts what.
//!
//! Sizes are exact: each element kept is serialised once into a byte
//! counter (no buffer), so the compact record line is at most the budget.
//! Elements after the cut are never converted, and the entity extractor
//! stops building entities once a lower bound of their size
//! ([`entity_floor`]) passes the budget, so memory stays bounded too; since
//! the bound is never above the true size, that early stop leaves out only
//! entities this pass would leave out anyway.

use serde::Serialize;

/// Default budget: 64 MiB per record (the largest record of the shared
/// corpus is 7.6 MB, see docs/batch.md).
pub const DEFAULT_MAX_OUTPUT: u64 = 64 << 20;

/// How the warning of a cut record starts: `limit`, like the error kind of
/// the other limits.
pub const OUTPUT_LIMIT: &str = "limit: output would be more than the limit of";

/// Room kept for the warning itself (it is at most about 300 bytes).
pub const WARNING_ROOM: u64 = 512;

/// The least JSON an entity takes besides its text, sentence and row: the
/// names of its fields, each written even when null (checked by a test
/// against a serialised minimal entity).
pub const MIN_ENTITY_JSON: usize = 400;

/// A lower bound on the compact JSON size of an entity with this text,
/// sentence and table row (escapes only make strings longer).
pub fn entity_floor(text: &str, sentence: &str, row: Option<&str>) -> usize {
    MIN_ENTITY_JSON + text.len() + sentence.len() + row.map_or(0, str::len)
}

/// Counts the bytes written to it.
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The length of `v` as compact JSON, without building the string.
pub fn json_len<T: Serialize>(v: &T) -> u64 {
    let mut c = Counter(0);
    // Our output types always serialise; a failure counts as too large.
    match serde_json::to_writer(&mut c, v) {
        Ok(()) => c.0,
        Err(_) => u64::MAX,
    }
}

/// The bytes left, and whether an element has been left out.
#[derive(Debug)]
pub struct Budget {
    left: u64,
    cut: bool,
}

impl Budget {
    /// A budget of `left` bytes.
    pub fn new(left: u64) -> Budget {
        Budget { left, cut: false }
    }

    /// Whether something was left out: everything after it is too.
    pub fn is_cut(&self) -> bool {
        self.cut
    }

    /// Take `cost` bytes if they fit (and nothing was cut before).
    pub fn take(&mut self, cost: u64) -> bool {
        if self.cut || cost > self.left {
            self.cut = true;
            return false;
        }
        self.left -= cost;
        true
    }

    /// Give back `cost` bytes taken for something left out after all.
    pub fn give(&mut self, cost: u64) {
        self.left = self.left.saturating_add(cost);
    }

    /// Take the JSON of `v`, the next element of a list that already has
    /// `len` elements (a comma before all but the first).
    pub fn take_element<T: Serialize>(&mut self, v: &T, len: usize) -> bool {
        if self.cut {
            return false;
        }
        let cost = json_len(v).saturating_add(u64::from(len > 0));
        self.take(cost)
    }

    /// Push `make(x)` for each `x` of `from` onto `to` while the budget
    /// lasts; `(kept, total)` for [`LeftOut`].
    pub fn fill<S, T: Serialize>(
        &mut self,
        from: &[S],
        to: &mut Vec<T>,
        make: impl Fn(&S) -> T,
    ) -> (usize, usize) {
        for x in from {
            let v = make(x);
            if !self.take_element(&v, to.len()) {
                break;
            }
            to.push(v);
        }
        (to.len(), from.len())
    }
}

/// What a cut record left out: `(kept, total)` per list.
#[derive(Debug, Default)]
pub struct LeftOut {
    /// Sections.
    pub sections: (usize, usize),
    /// Goal/status items.
    pub items: (usize, usize),
    /// Indicator rows.
    pub indicators: (usize, usize),
    /// Tables (a table cut inside counts as kept).
    pub tables: (usize, usize),
    /// Table rows.
    pub rows: (usize, usize),
    /// Entities.
    pub entities: (usize, usize),
}

impl LeftOut {
    /// The warning of a record cut to `max` bytes, e.g. `limit: output
    /// would be more than the limit of 1048576 bytes (--max-output); left
    /// out the last 270000 of 280001 entities`.
    pub fn warning(&self, max: u64) -> String {
        let parts = [
            (self.sections, "sections"),
            (self.items, "goal/status items"),
            (self.indicators, "indicator rows"),
            (self.tables, "tables"),
            (self.rows, "table rows"),
            (self.entities, "entities"),
        ];
        let what: Vec<String> = parts
            .iter()
            .filter(|((kept, total), _)| kept < total)
            .map(|((kept, total), name)| format!("{} of {total} {name}", total - kept))
            .collect();
        format!(
            "{OUTPUT_LIMIT} {max} bytes (--max-output); left out the last {}",
            what.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entity_floor_is_never_above_the_entity_json() {
        use crate::model::{Entity, EntityKind};
        use crate::output::{entity::EntityOut, offsets::CharIndex};
        let text = "x";
        let e = Entity {
            kind: EntityKind::Year,
            text: text.into(),
            canonical: None,
            value: serde_json::Value::Null,
            class: None,
            section: None,
            start: 0,
            end: 1,
            page: 1,
            sentence: text.into(),
            extra: serde_json::Map::new(),
        };
        let out = EntityOut::of(&e, &CharIndex::new(text));
        assert!(entity_floor(&e.text, &e.sentence, None) as u64 <= json_len(&out));
    }

    #[test]
    fn json_len_is_the_compact_length() {
        let v = serde_json::json!({"a": [1, 2, "x\"y"], "b": null, "ë": 1.5});
        assert_eq!(
            json_len(&v),
            serde_json::to_string(&v).map_or(0, |s| s.len() as u64)
        );
    }

    #[test]
    fn a_budget_stops_at_the_first_element_that_does_not_fit() {
        let mut b = Budget::new(10);
        assert!(b.take_element(&"abc", 0)); // 5
        assert!(!b.take_element(&"abcdefgh", 1)); // 11: over
        assert!(!b.take_element(&"", 2)); // would fit, but after a cut
        assert!(b.is_cut());
    }

    #[test]
    fn the_warning_names_what_was_left_out_and_fits_its_room() {
        let w = LeftOut {
            sections: (3, 3),
            entities: (1, usize::MAX),
            rows: (0, usize::MAX),
            tables: (0, usize::MAX),
            items: (0, usize::MAX),
            indicators: (0, usize::MAX),
        }
        .warning(u64::MAX);
        assert!(w.starts_with(OUTPUT_LIMIT), "{w}");
        assert!(!w.contains("sections"), "{w}");
        assert!(json_len(&w) < WARNING_ROOM, "{}", w.len());
    }
}
