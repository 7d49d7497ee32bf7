//! Header labels in running text: "Datum: 8 oktober 2014", "Zaak :
//! Onderwerp Portefeuillehouder …" (labels the reading order put before
//! their values), "ID 59 Agendapunt … Datum 20-12-2022 Onderwerp …" (a
//! label/value list whose lines were joined).
//!
//! A label counts when a colon follows it, when it ends the text (its
//! value is the next line), or when it is capitalised in a text that
//! starts with a label and holds another: a header's run of labels. After
//! a value longer than [`RUN_WORDS`] the run is over; capitalised words
//! further on are prose.

use super::vocab::{HeaderVocab, Label};

/// Longest value, in words, between two labels of one run.
pub const RUN_WORDS: usize = 25;

/// How many words may stand before a run's first label ("3 Raadsvoorstel
/// Zaak :" — a page number and the form's title).
const LEAD_WORDS: usize = 2;

/// A label found in a text.
#[derive(Debug, Clone)]
pub struct Hit<'v> {
    /// Its field and shape.
    pub label: &'v Label,
    /// Byte offset of the label.
    pub start: usize,
    /// Byte offset after the label and its colon.
    pub end: usize,
}

/// A label candidate: where, how long, whether a colon follows, whether
/// capitalised.
struct Candidate<'v> {
    label: &'v Label,
    start: usize,
    end: usize,
    colon: bool,
    capital: bool,
    word: usize,
}

/// Start offsets of the words of `text`.
fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut prev_space = true;
    for (i, c) in text.char_indices() {
        if prev_space && !c.is_whitespace() {
            starts.push(i);
        }
        prev_space = c.is_whitespace();
    }
    starts
}

/// The longest label at each word start, without overlaps.
fn candidates<'v>(text: &str, header: &'v HeaderVocab) -> Vec<Candidate<'v>> {
    let starts = word_starts(text);
    let mut out: Vec<Candidate<'v>> = Vec::new();
    let mut w = 0;
    while w < starts.len() {
        let start = starts[w];
        let mut found = None;
        for n in (1..=header.label_words.min(starts.len() - w)).rev() {
            let end = starts
                .get(w + n)
                .map_or(text.len(), |&e| text[..e].trim_end().len());
            let words = &text[start..end];
            // "Datum:" or "Zaak :" both end the label.
            let bare = words.trim_end_matches(':').trim_end();
            if let Some(label) = header.label(bare) {
                let rest = &text[end..];
                let colon = words.ends_with(':') || rest.trim_start().starts_with(':');
                let end = if colon && !words.ends_with(':') {
                    end + rest.find(':').map_or(0, |i| i + 1)
                } else {
                    end
                };
                found = Some((n, label, start + bare.len(), end, colon));
                break;
            }
        }
        match found {
            Some((n, label, _, end, colon)) => {
                out.push(Candidate {
                    label,
                    start,
                    end,
                    colon,
                    capital: text[start..].starts_with(|c: char| c.is_uppercase()),
                    word: w,
                });
                w += n;
            }
            None => w += 1,
        }
    }
    out
}

/// The labels of `text` that a reader takes as labels. `beside_table`:
/// the header also has a label/value table, so a capitalised label that
/// opens a line is trusted alone ("Van Het college …").
pub fn labels<'v>(text: &str, header: &'v HeaderVocab, beside_table: bool) -> Vec<Hit<'v>> {
    let all = candidates(text, header);
    // A label that ends its line ("12:00 Locatie"): the value is the next.
    let closing = |c: &Candidate| text[c.end..].trim().is_empty() && (c.word == 0 || c.capital);
    let capitals = all.iter().filter(|c| c.capital).count();
    let run_opens = all.first().is_some_and(|c| c.word <= LEAD_WORDS);
    let mut out = Vec::new();
    let mut prev_end: Option<usize> = None;
    for c in &all {
        let in_run =
            prev_end.is_none_or(|e| text[e..c.start].split_whitespace().count() <= RUN_WORDS);
        let accept = c.colon
            || closing(c)
            || (c.capital && in_run && run_opens && capitals >= 2)
            || (c.capital && beside_table && c.word == 0);
        if accept {
            out.push(Hit {
                label: c.label,
                start: c.start,
                end: c.end,
            });
            prev_end = Some(c.end);
        } else if prev_end.is_some() && !in_run {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::dict::Vocabulary;

    #[test]
    fn labels_in_running_text() {
        let vocab = Vocabulary::builtin().unwrap();
        let h = &vocab.header;
        let cases: &[(&str, &str, bool, &[&str])] = &[
            ("colon", "Datum: 8 oktober 2014", false, &["date"]),
            ("colon after a space", "Zaak : 123", false, &["case_number"]),
            ("alone: the value is the next line", "Voorzitter", false, &["chair"]),
            ("ending the line", "12:00 Locatie", false, &["location"]),
            (
                "a run of capitalised labels",
                "ID 59 Agendapunt Raadsvergadering 2022 Datum 20-12-2022 Onderwerp Motie over bomen Status Aangenomen",
                false,
                &["case_number", "agenda_item", "date", "subject", "status"],
            ),
            (
                "labels before their values",
                "3 Raadsvoorstel Zaak : Onderwerp Portefeuillehouder Evaluatie Dhr. A. Jansen Datum raadsvergadering 18 september 2018",
                false,
                &["case_number", "subject", "portfolio_holder", "meeting_date"],
            ),
            ("one capitalised word is prose", "Van de raad kregen we vragen", false, &[]),
            ("beside a table it opens a row", "Van Het college", true, &["from"]),
            ("lower case is prose", "de datum van de vergadering en het onderwerp", false, &[]),
        ];
        for (name, text, table, want) in cases {
            let got: Vec<&str> = labels(text, h, *table)
                .iter()
                .map(|hit| hit.label.field.as_str())
                .collect();
            assert_eq!(&got, want, "{name}");
        }
    }
}
