//! The vocabularies header blocks are read with, compiled once:
//! `dictionaries/metadata.tsv` (labels, the field each fills and the shape
//! of its value) and `dictionaries/header_values.tsv` (what unlabelled
//! values look like: meeting places, the words that open a person's name,
//! the bodies that send or decide).

use crate::dict::{norm_key, Error, Sources};
use crate::lazy_regex::LazyRegex;
use regex::{Regex, RegexBuilder};
use std::collections::BTreeMap;

/// What a field's value looks like, and so where it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Free text up to the next label.
    Text,
    /// A date, written out or in figures: normalised to ISO 8601.
    Date,
    /// A time or time range, as printed.
    Time,
    /// A case or registration number, as printed.
    Case,
    /// A person's name, with title or initials.
    Person,
}

/// A header label's field and shape.
#[derive(Debug, Clone)]
pub struct Label {
    /// Output field.
    pub field: String,
    /// Value shape.
    pub shape: Shape,
}

/// The compiled header vocabularies.
#[derive(Debug, Clone, Default)]
pub struct HeaderVocab {
    /// Normalised label → field and shape.
    pub labels: BTreeMap<String, Label>,
    /// Most words in a label.
    pub label_words: usize,
    /// A meeting place, anchored to the whole value (compiled on first
    /// use, as are the others).
    pub venue: Option<LazyRegex>,
    /// A word that opens a person's name ("Dhr.", "Burgemeester").
    pub honorific: Option<LazyRegex>,
    /// Bodies, anchored, with their canonical name (empty: as printed).
    pub bodies: Vec<(LazyRegex, String)>,
}

fn anchored(p: &str) -> String {
    format!("^(?:{p})$")
}

fn compile(p: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(p).case_insensitive(true).build()
}

impl HeaderVocab {
    /// Compile `metadata.tsv` and `header_values.tsv`.
    ///
    /// # Errors
    /// A bad shape, kind or pattern, naming its row.
    pub fn build(sources: &Sources) -> Result<HeaderVocab, Error> {
        let mut v = HeaderVocab::default();
        // A user's patterns compile now, so a bad one stops the run.
        let now = sources.has_overrides();
        for r in sources.rows("metadata.tsv") {
            let shape = match r.get("shape") {
                "" | "text" => Shape::Text,
                "date" => Shape::Date,
                "time" => Shape::Time,
                "case" => Shape::Case,
                "person" => Shape::Person,
                other => return Err(r.error("shape", format!("unknown shape '{other}'"))),
            };
            let label = norm_key(r.required("label")?);
            v.label_words = v.label_words.max(label.split(' ').count());
            v.labels.insert(
                label,
                Label {
                    field: r.required("field")?.to_string(),
                    shape,
                },
            );
        }
        let mut venues = Vec::new();
        let mut honorifics = Vec::new();
        for r in sources.rows("header_values.tsv") {
            let p = r.required("pattern")?;
            match r.required("kind")? {
                "venue" => venues.push(p.to_string()),
                "honorific" => honorifics.push(p.to_string()),
                "body" => v.bodies.push((
                    LazyRegex::when(now, anchored(p), compile)
                        .map_err(|e| r.error("pattern", e.to_string()))?,
                    r.get("value").to_string(),
                )),
                other => return Err(r.error("kind", format!("unknown kind '{other}'"))),
            }
        }
        let join = |ps: &[String], file: &str| -> Result<Option<LazyRegex>, Error> {
            if ps.is_empty() {
                return Ok(None);
            }
            let alt = ps.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>();
            let source = anchored(&alt.join("|"));
            LazyRegex::when(now, source, compile)
                .map(Some)
                .map_err(|e| Error::Row {
                    file: file.into(),
                    line: 0,
                    field: "pattern".into(),
                    reason: e.to_string(),
                })
        };
        v.venue = join(&venues, "header_values.tsv")?;
        v.honorific = join(&honorifics, "header_values.tsv")?;
        Ok(v)
    }

    /// The label `words` spell, if any.
    pub fn label(&self, words: &str) -> Option<&Label> {
        self.labels
            .get(&norm_key(words.trim_end_matches(':').trim()))
    }

    /// The canonical name of a body ("B&W" → "Het college van burgemeester
    /// en wethouders"), or the text as printed when its row says so.
    pub fn body(&self, text: &str) -> Option<String> {
        let t = text.trim();
        self.bodies.iter().find_map(|(re, canonical)| {
            re.is_match(t).then(|| {
                if canonical.is_empty() {
                    t.to_string()
                } else {
                    canonical.clone()
                }
            })
        })
    }
}
