//! Header fields a reader takes from lines without labels: the dateline
//! under a letter's title, "Vergadering van Gemeenteraad", a signature
//! "namens het college van Heusden,", and (once the document type is
//! known) the title of a meeting document or council letter.

use super::{parse_date, Fields};
use crate::dict::Vocabulary;
use crate::model::{BlockKind, Document, Section};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Most words of a municipality's name in a dateline.
const PLACE_WORDS: usize = 3;

/// Document types whose subject is their title when no label gives one.
const TITLED: &[&str] = &[
    "raadsmededeling",
    "raadsvoorstel",
    "besluitenlijst",
    "motie",
];

/// Document types of a meeting, whose title names the meeting and its date.
const MEETINGS: &[&str] = &["agenda", "besluitenlijst", "notulen"];

/// Whether `words` spell a municipality.
fn is_municipality(words: &str, vocab: &Vocabulary) -> bool {
    vocab
        .municipalities
        .iter()
        .any(|m| m.spellings.iter().any(|s| s == words))
}

/// "College van Burgemeester en Wethouders Maastricht, 8 juni 2015": who
/// sends it (a body of `header_values.tsv`), from where, and when.
pub(super) fn dateline(f: &mut Fields, text: &str) -> bool {
    let Some((before, after)) = text.rsplit_once(',') else {
        return false;
    };
    let Some(date) = parse_date(after, f.vocab) else {
        return false;
    };
    let words: Vec<&str> = before.split_whitespace().collect();
    for n in 1..=PLACE_WORDS.min(words.len().saturating_sub(1)) {
        let (who, place) = words.split_at(words.len() - n);
        let who = who.join(" ");
        if is_municipality(&place.join(" "), f.vocab) && f.header().body(&who).is_some() {
            f.set("from", &who);
            f.set("date", &date);
            return true;
        }
    }
    false
}

/// "Vergadering van Gemeenteraad": the meeting.
pub(super) fn meeting_of(f: &mut Fields, text: &str) -> bool {
    static OF: OnceLock<Regex> = OnceLock::new();
    let of = OF.get_or_init(|| {
        Regex::new(r"(?i)^vergadering van (?:de )?(.{3,80})$").unwrap_or_else(|_| unreachable!())
    });
    match of.captures(text.trim()).and_then(|c| c.get(1)) {
        Some(m) => {
            f.set("meeting", m.as_str());
            true
        }
        None => false,
    }
}

/// "namens het college van Heusden,": the sender.
pub(super) fn signature(f: &mut Fields, doc: &Document) {
    static NAMENS: OnceLock<Regex> = OnceLock::new();
    let namens = NAMENS.get_or_init(|| {
        Regex::new(r"(?i)\bnamens\s+([^,.;:]{3,60}?)\s*[,.;:]").unwrap_or_else(|_| unreachable!())
    });
    for b in doc.blocks.iter().filter(|b| b.kind != BlockKind::Furniture) {
        for c in namens.captures_iter(doc.block_text(b)) {
            if let Some(who) = c.get(1).map(|m| m.as_str()) {
                if let Some(body) = f.header().body(who) {
                    f.set("from", &body);
                    return;
                }
            }
        }
    }
}

/// The document's title: its first heading, when it opens the document
/// (among its first three blocks).
pub fn title<'s>(doc: &Document, sections: &'s [Section]) -> Option<&'s Section> {
    let first = sections.first()?;
    let opening = doc
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Furniture)
        .take(3)
        .any(|b| b.span.start == first.heading_span.start);
    opening.then_some(first)
}

/// Where the date in `words` starts, and the date.
fn date_in(words: &[&str], vocab: &Vocabulary) -> Option<(usize, String)> {
    (0..words.len()).find_map(|i| {
        let end = (i + 3).min(words.len());
        let first = words.get(i)?;
        if !first.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        parse_date(&words[i..end].join(" "), vocab).map(|d| (i, d))
    })
}

/// Fill in what the title of a council letter or meeting document says:
/// its subject (the title itself, when no "Onderwerp" gave one), and for a
/// meeting document the meeting, its date ("Raadscommissie Bestuur en
/// Middelen 05 oktober 2015 19:30:00") and the body whose decisions a
/// besluitenlijst lists ("B&W-vergadering Wassenaar").
pub fn complete(
    meta: &mut BTreeMap<String, String>,
    doc: &Document,
    sections: &[Section],
    doc_type: Option<&str>,
    vocab: &Vocabulary,
) {
    let (Some(t), Some(title)) = (doc_type, title(doc, sections)) else {
        return;
    };
    let mut f = Fields {
        out: std::mem::take(meta),
        vocab,
    };
    let heading = title.heading.trim();
    if TITLED.contains(&t) {
        f.set("subject", heading);
    }
    if MEETINGS.contains(&t) {
        let words: Vec<&str> = heading.split_whitespace().collect();
        if let Some((at, date)) = date_in(&words, vocab) {
            f.set("date", &date);
            let mut name = &words[..at];
            if name
                .first()
                .is_some_and(|w| vocab.facts.cues.iter().any(|c| c.heading.is_match(w)))
            {
                name = &name[1..];
            }
            if !name.is_empty() {
                f.set("meeting", &name.join(" "));
            }
        }
    }
    if t == "besluitenlijst" {
        let tokens: Vec<&str> = heading
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        'found: for s in 0..tokens.len() {
            for n in (1..=6.min(tokens.len() - s)).rev() {
                let Some(body) = f.header().body(&tokens[s..s + n].join(" ")) else {
                    continue;
                };
                let place = tokens[s + n..]
                    .iter()
                    .find(|w| is_municipality(w, vocab))
                    .map_or(String::new(), |p| format!(" {p}"));
                f.set("from", &format!("{body}{place}"));
                break 'found;
            }
        }
    }
    *meta = f.out;
}
