//! The header block of a raadsmededeling or raadsvoorstel.
//!
//! In: the document's first blocks. Out: `from`, `to`, `date` (ISO 8601),
//! `case_number`, `portfolio_holder`, `subject`. A header is a two-column
//! table (or `Label: value` lines) whose labels are in
//! `dictionaries/metadata.tsv`; only blocks before the first body heading
//! count, so a table later in the document is never read as a header.

use crate::dict::{norm_key, Vocabulary};
use crate::model::{BlockKind, Document};
use std::collections::BTreeMap;

/// How many blocks from the top a header block may start at.
const HEADER_WINDOW: usize = 12;

/// Read the header fields.
pub fn extract(doc: &Document, vocab: &Vocabulary) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for block in doc.blocks.iter().take(HEADER_WINDOW) {
        match block.kind {
            BlockKind::Table => {
                for row in &block.rows {
                    let (Some(label), Some(value)) = (row.first(), row.get(1)) else {
                        continue;
                    };
                    put(
                        &mut out,
                        vocab,
                        doc.slice(label.span),
                        doc.slice(value.span),
                    );
                }
            }
            BlockKind::Paragraph | BlockKind::Heading => {
                if let Some((label, value)) = doc.block_text(block).split_once(':') {
                    put(&mut out, vocab, label, value);
                }
            }
            _ => {}
        }
    }
    out
}

fn put(out: &mut BTreeMap<String, String>, vocab: &Vocabulary, label: &str, value: &str) {
    let Some(field) = vocab.metadata.get(&norm_key(label.trim_end_matches(':'))) else {
        return;
    };
    let value = value.trim();
    if value.is_empty() || out.contains_key(field) {
        return;
    }
    let value = if field == "date" {
        parse_date(value, vocab).unwrap_or_else(|| value.to_string())
    } else {
        value.to_string()
    };
    out.insert(field.clone(), value);
}

/// A Dutch date to ISO 8601: "7 november 2023" → "2023-11-07",
/// "07-11-2023" → "2023-11-07", "2023-11-07" stays.
pub fn parse_date(s: &str, vocab: &Vocabulary) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for w in words.windows(3) {
        let (Ok(d), Some(m), Ok(y)) = (
            w[0].parse::<u32>(),
            vocab.months.get(&norm_key(w[1].trim_end_matches('.'))),
            w[2].parse::<u32>(),
        ) else {
            continue;
        };
        if (1..=31).contains(&d) && (1000..=2999).contains(&y) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    let nums: Vec<&str> = s.split(['-', '/', '.']).map(str::trim).collect();
    if let [a, b, c] = nums.as_slice() {
        let (a, b, c) = (
            a.parse::<u32>().ok()?,
            b.parse::<u32>().ok()?,
            c.parse::<u32>().ok()?,
        );
        let (y, m, d) = if a > 999 { (a, b, c) } else { (c, b, a) };
        if (1..=12).contains(&m) && (1..=31).contains(&d) && (1000..=2999).contains(&y) {
            return Some(format!("{y:04}-{m:02}-{d:02}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    #[test]
    fn header_table() {
        let vocab = Vocabulary::builtin().unwrap();
        let text = "Van\tHet college\nAan\tDe raad\nDatum B&W vergadering\t7 november 2023\nZaaknummer\t713442\nOnderwerp\tStand van zaken\n\n1. Inleiding\n\nTekst.\n";
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        let m = extract(&doc, &vocab);
        assert_eq!(m["from"], "Het college");
        assert_eq!(m["date"], "2023-11-07");
        assert_eq!(m["case_number"], "713442");
        assert_eq!(m["subject"], "Stand van zaken");
    }

    #[test]
    fn dates() {
        let vocab = Vocabulary::builtin().unwrap();
        for (s, want) in [
            ("7 november 2023", "2023-11-07"),
            ("07-11-2023", "2023-11-07"),
            ("di 3 okt. 2023", "2023-10-03"),
        ] {
            assert_eq!(parse_date(s, &vocab).as_deref(), Some(want), "{s}");
        }
        assert_eq!(parse_date("binnenkort", &vocab), None);
    }
}
