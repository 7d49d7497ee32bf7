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
    let mut unmarked = Vec::new();
    let mut has_table = false;
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
                let text = doc.block_text(block);
                if let Some((label, value)) = text.split_once(':') {
                    put(&mut out, vocab, label, value);
                } else if let Some(pair) = label_first(text, vocab) {
                    unmarked.push(pair);
                }
            }
            _ => {}
        }
        if block.kind == BlockKind::Table {
            has_table = true;
        }
    }
    // "Van Het college van burgemeester en wethouders": a header row the
    // layout read as a line (its column gap narrower than the other rows').
    // Trusted only beside a header table.
    if has_table && !out.is_empty() {
        for (label, value) in unmarked {
            put(&mut out, vocab, label, value);
        }
    }
    out
}

/// A short line that starts with a header label and has no colon: the
/// longest label of one to four words, and the rest as its value.
fn label_first<'a>(text: &'a str, vocab: &Vocabulary) -> Option<(&'a str, &'a str)> {
    if text.split_whitespace().count() > 14 || text.trim_end().ends_with('.') {
        return None;
    }
    let ends: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).take(4).collect();
    ends.iter().rev().find_map(|&e| {
        let (label, value) = text.split_at(e);
        vocab
            .metadata
            .contains_key(&norm_key(label))
            .then_some((label, value))
    })
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
    fn header_rows_read_as_lines_beside_the_table() {
        let vocab = Vocabulary::builtin().unwrap();
        let text = "Van Het college van burgemeester en wethouders\n\nAan De gemeenteraad\n\n\
                    Zaaknummer\t713442\nOnderwerp\tStand van zaken\n\n1. Inleiding\n\nTekst.\n";
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        let m = extract(&doc, &vocab);
        assert_eq!(m["from"], "Het college van burgemeester en wethouders");
        assert_eq!(m["to"], "De gemeenteraad");
        assert_eq!(m["case_number"], "713442");
        // Without a header table such lines are ordinary text.
        let text = "Van de raad kregen we vragen\n\nTekst.\n";
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        assert!(extract(&doc, &vocab).is_empty());
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
