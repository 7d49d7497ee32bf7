//! The header block: the key-value pairs above a document's text.
//!
//! In: the document's first blocks (the header zone: up to
//! [`HEADER_WINDOW`] blocks, ending at the first long paragraph that does
//! not open with a label). Out: fields such as `from`, `to`, `date` (ISO
//! 8601), `meeting_date`, `case_number`, `reference`, `subject`,
//! `portfolio_holder`, `chair`, `location`, `time`, `present`, `meeting`
//! (the labels and their fields: `dictionaries/metadata.tsv`).
//!
//! A pair is read in any layout: a table row of label and value; a line
//! "Datum: 8 oktober 2014"; a label alone on its line with the value on the
//! next; a run of labels whose lines were joined ("ID 59 Agendapunt …
//! Datum 20-12-2022 Onderwerp …"); or labels that the reading order put
//! before their values ("Onderwerp Portefeuillehouder Evaluatie …
//! Dhr. Dr. M.G.M. van der Poel"), which are matched to the values by
//! shape (a person's name to the person label, the rest to the text
//! label). Each value is cut to its shape (`Shape`): a date is
//! normalised, a case number, time or name kept as printed.
//!
//! Lines without a label say something too, when their shape is plain: a
//! date under the title, a meeting place ("Raadzaal"), "Vergadering van
//! Gemeenteraad", a dateline "College van Burgemeester en Wethouders
//! Maastricht, 8 juni 2015", and a signature "namens het college van
//! Heusden,". After the document type is known, [`complete`] reads the
//! title of a meeting document or council letter for what its header
//! leaves out.

mod scan;
mod shapes;
mod title;
pub mod vocab;

pub use shapes::parse_date;
pub use title::{complete, title};

use crate::dict::Vocabulary;
use crate::model::{Block, BlockKind, Document};
use std::collections::BTreeMap;
use vocab::{HeaderVocab, Label, Shape};

/// How many blocks from the top a header block may reach.
pub const HEADER_WINDOW: usize = 16;

/// A block this long that does not open with a label is the body.
const BODY_WORDS: usize = 40;

/// Longest value of a table cell, in words.
const CELL_WORDS: usize = 60;

/// Longest text that is read for its shape alone (a date line, a place).
const UNLABELLED_WORDS: usize = 10;

/// The fields read so far; the first value of a field wins.
pub(crate) struct Fields<'v> {
    pub(crate) out: BTreeMap<String, String>,
    vocab: &'v Vocabulary,
}

impl<'v> Fields<'v> {
    fn new(vocab: &'v Vocabulary) -> Fields<'v> {
        Fields {
            out: BTreeMap::new(),
            vocab,
        }
    }

    fn header(&self) -> &'v HeaderVocab {
        &self.vocab.header
    }

    /// Set `field` unless it is set.
    pub(crate) fn set(&mut self, field: &str, value: &str) {
        let value = value.trim().trim_end_matches([',', ';', ':']).trim();
        if !value.is_empty() && !self.out.contains_key(field) {
            self.out.insert(field.to_string(), value.to_string());
        }
    }

    /// A labelled value, cut to its label's shape. `limit`: most words a
    /// text value may have (0 when the value's end is not known).
    fn put(&mut self, label: &Label, value: &str, limit: usize) {
        let value = value.trim();
        let cut: Option<String> = match label.shape {
            Shape::Date => {
                // "Datum: 31-08-2015 19:30 uur": the time of the meeting too.
                if let Some(t) = shapes::find_time(value) {
                    self.set("time", t);
                }
                parse_date(value, self.vocab)
            }
            Shape::Time => shapes::find_time(value).map(str::to_string),
            Shape::Case => shapes::find_case(value).map(str::to_string),
            Shape::Person => match shapes::person_start(value, self.header()) {
                Some(at) if value[at..].split_whitespace().count() <= 8 => {
                    Some(value[at..].to_string())
                }
                _ => (value.split_whitespace().count() <= 6).then(|| value.to_string()),
            },
            Shape::Text => (value.split_whitespace().count() <= limit).then(|| value.to_string()),
        };
        if let Some(v) = cut {
            self.set(&label.field, &v);
        }
    }

    /// Labels that stood before one value ("Onderwerp Portefeuillehouder
    /// Evaluatie … Dhr. Dr. M.G.M. van der Poel"): each shaped label takes
    /// the part of its shape, a single text label the rest.
    fn distribute(&mut self, labels: &[&Label], value: &str) {
        let mut rest = value.trim().to_string();
        for label in labels {
            match label.shape {
                Shape::Person => {
                    if let Some(at) = shapes::person_start(&rest, self.header()) {
                        self.set(&label.field, &rest[at..]);
                        rest.truncate(at);
                    }
                }
                Shape::Case => {
                    if let Some(case) = shapes::find_case(&rest).map(str::to_string) {
                        self.set(&label.field, &case);
                        rest = rest.replacen(&case, "", 1);
                    }
                }
                Shape::Date | Shape::Time => self.put(label, &rest.clone(), 0),
                Shape::Text => {}
            }
        }
        let texts: Vec<&&Label> = labels.iter().filter(|l| l.shape == Shape::Text).collect();
        if let [only] = texts.as_slice() {
            self.put(only, &rest, scan::RUN_WORDS);
        }
    }

    /// A text without a label, read for its shape.
    fn unlabelled(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() || text.split_whitespace().count() > UNLABELLED_WORDS {
            return;
        }
        if title::dateline(self, text) || title::meeting_of(self, text) {
            return;
        }
        if let Some(date) = parse_date(text, self.vocab) {
            self.set("date", &date);
            if let Some(t) = shapes::find_time(text) {
                self.set("time", t);
            }
        } else if shapes::is_venue(text, self.header()) {
            self.set("location", text);
        } else if let Some(t) = shapes::find_time(text).filter(|t| t.len() + 5 >= text.len()) {
            self.set("time", t);
        }
    }
}

/// Whether `s` holds a time ("19:30", "9.30 – 12.30").
pub fn has_time(s: &str) -> bool {
    shapes::find_time(s).is_some()
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The blocks a header may stand in.
fn zone<'d>(doc: &'d Document, header: &HeaderVocab) -> Vec<&'d Block> {
    let mut out = Vec::new();
    for b in doc
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Furniture)
        .take(HEADER_WINDOW)
    {
        let text = doc.block_text(b);
        if b.kind != BlockKind::Table
            && words(text) > BODY_WORDS
            && scan::labels(text, header, false)
                .first()
                .is_none_or(|h| words(&text[..h.start]) > 2)
        {
            break;
        }
        out.push(b);
    }
    out
}

/// Read the header fields.
pub fn extract(doc: &Document, vocab: &Vocabulary) -> BTreeMap<String, String> {
    let header = &vocab.header;
    let mut f = Fields::new(vocab);
    let zone = zone(doc, header);
    let label_of = |cell: &str| header.label(cell);
    let has_table = zone.iter().any(|b| {
        b.kind == BlockKind::Table
            && b.rows
                .iter()
                .filter(|r| {
                    r.first()
                        .is_some_and(|c| label_of(doc.slice(c.span)).is_some())
                })
                .count()
                >= 2
    });
    let mut consumed = None;
    for (i, b) in zone.iter().enumerate() {
        if consumed == Some(i) {
            continue;
        }
        if b.kind == BlockKind::Table {
            for row in &b.rows {
                let cells: Vec<&str> = row
                    .iter()
                    .map(|c| doc.slice(c.span).trim())
                    .filter(|c| !c.is_empty())
                    .collect();
                match cells.as_slice() {
                    [label, value, ..] if label_of(label).is_some() => {
                        if let Some(l) = label_of(label) {
                            f.put(l, value, CELL_WORDS);
                        }
                    }
                    [only] => f.unlabelled(only),
                    _ => {}
                }
            }
            continue;
        }
        let text = doc.block_text(b);
        let hits = scan::labels(text, header, has_table);
        let Some(first) = hits.first() else {
            f.unlabelled(text);
            continue;
        };
        f.unlabelled(&text[..first.start]);
        let short = words(text) <= BODY_WORDS;
        let mut pending: Vec<&Label> = Vec::new();
        for (k, h) in hits.iter().enumerate() {
            let end = hits.get(k + 1).map_or(text.len(), |n| n.start);
            let mut value = text[h.end..end].trim();
            let last = k + 1 == hits.len();
            let mut limit = if last && !short { 0 } else { scan::RUN_WORDS };
            if value.is_empty() && last {
                // The value on the next line: a short one, or a longer one
                // under a label that stands alone on its line (a form copied
                // from a web page: "Onderwerp" over the motion's title).
                let alone = hits.len() == 1 && text[..h.start].trim().is_empty();
                let most = if alone {
                    scan::RUN_WORDS
                } else {
                    UNLABELLED_WORDS
                };
                if let Some(next) = zone.get(i + 1).filter(|n| n.kind != BlockKind::Table) {
                    let t = doc.block_text(next);
                    if words(t) <= most && scan::labels(t, header, false).is_empty() {
                        value = t.trim();
                        limit = scan::RUN_WORDS;
                        consumed = Some(i + 1);
                    }
                }
            }
            if value.is_empty() {
                pending.push(h.label);
                continue;
            }
            if pending.is_empty() {
                f.put(h.label, value, limit);
            } else {
                pending.push(h.label);
                f.distribute(&pending, value);
                pending.clear();
            }
        }
    }
    title::signature(&mut f, doc);
    if let Some(d) = f.out.get("meeting_date").cloned() {
        f.set("date", &d);
    }
    f.out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::Format;

    fn meta(text: &str) -> BTreeMap<String, String> {
        let vocab = Vocabulary::builtin().unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        extract(&doc, &vocab)
    }

    #[test]
    fn header_blocks_in_any_layout() {
        /// (name, text, fields expected).
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                "a table of labels and values",
                "Van\tHet college\nAan\tDe raad\nDatum B&W vergadering\t7 november 2023\nZaaknummer\t713442\nOnderwerp\tStand van zaken\n\n1. Inleiding\n\nTekst.\n",
                &[("from", "Het college"), ("to", "De raad"), ("date", "2023-11-07"), ("meeting_date", "2023-11-07"), ("case_number", "713442"), ("subject", "Stand van zaken")],
            ),
            (
                "rows read as lines beside the table",
                "Van Het college van burgemeester en wethouders\n\nAan De gemeenteraad\n\nZaaknummer\t713442\nOnderwerp\tStand van zaken\n\n1. Inleiding\n\nTekst.\n",
                &[("from", "Het college van burgemeester en wethouders"), ("to", "De gemeenteraad"), ("case_number", "713442"), ("subject", "Stand van zaken")],
            ),
            ("prose is no header", "Van de raad kregen we vragen\n\nTekst.\n", &[]),
            (
                "label and colon on one line",
                "Vergadering van Gemeenteraad Datum: 31-08-2015 19:30 uur\n\nRaadzaal\n\n1. Opening.\n",
                &[("meeting", "Gemeenteraad"), ("date", "2015-08-31"), ("time", "19:30 uur"), ("location", "Raadzaal")],
            ),
            (
                "a label alone, its value on the next line; an unlabelled date",
                "Overzicht College Besluiten\n\ndinsdag 12 oktober 2021\n\n12:00 Locatie\n\nCollegekamer\n\nVoorzitter\n\nJ.W.E. Spies\n\nAgendapunten\n",
                &[("date", "2021-10-12"), ("time", "12:00"), ("location", "Collegekamer"), ("chair", "J.W.E. Spies")],
            ),
            (
                "a form of one label or value per line",
                "Moties\n\nID\n59\nAgendapunt\nRaadsvergadering 2022\nDatum\n20-12-2022\nOnderwerp\nMeer inzicht voor bewoners\nStatus\nAangenomen\nIndieners\n\nC.J. Kool (CDA)\n",
                &[("case_number", "59"), ("date", "2022-12-20"), ("subject", "Meer inzicht voor bewoners"), ("status", "Aangenomen")],
            ),
            (
                "a label alone on its line over a long value",
                "Moties\n\nID\n59\nDatum\n20-12-2022\nOnderwerp\nVVD, CDA en D66 - Meer inzicht voor bewoners en raad over project Herinrichting Oranjebuurt\nStatus\nAangenomen\n",
                &[("case_number", "59"), ("date", "2022-12-20"), ("subject", "VVD, CDA en D66 - Meer inzicht voor bewoners en raad over project Herinrichting Oranjebuurt"), ("status", "Aangenomen")],
            ),
            (
                "labels before their values, matched by shape",
                "3 Raadsvoorstel Zaak : Onderwerp Portefeuillehouder Evaluatie omgekeerd inzamelen Dhr. Dr. M.G.M. van der Poel Datum raadsvergadering 18 september 2018 Samenvatting De invoering van omgekeerd inzamelen in de gemeente is geëvalueerd. De belangrijkste conclusies zijn dat het restafval daalt en dat de kosten stijgen, maar ook dat het aantal dumpingen van afval is toegenomen in de wijken en dat de inwoners het waarderen.\n",
                &[("subject", "Evaluatie omgekeerd inzamelen"), ("portfolio_holder", "Dhr. Dr. M.G.M. van der Poel"), ("date", "2018-09-18")],
            ),
            (
                "a dateline under the title",
                "Beantwoording vragen\n\nCollege van Burgemeester en Wethouders Maastricht, 8 juni 2015\n\nTekst.\n",
                &[("from", "College van Burgemeester en Wethouders"), ("date", "2015-06-08")],
            ),
            (
                "a signature",
                "Besluit\n\nHet college heeft besloten de raad voor te stellen de evaluatie vast te stellen. namens het college van Heusden, de secretaris.\n",
                &[("from", "het college van Heusden")],
            ),
        ];
        for (name, text, want) in cases {
            let got = meta(text);
            for (k, v) in *want {
                assert_eq!(
                    got.get(*k).map(String::as_str),
                    Some(*v),
                    "{name}: {k} in {got:?}"
                );
            }
            if want.is_empty() {
                assert!(got.is_empty(), "{name}: {got:?}");
            }
        }
    }
}
