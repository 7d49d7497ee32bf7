//! Goal/status rows of a table the source flattened into one block per
//! cell.
//!
//! A follow-up overview (moties, toezeggingen) copied from a web page or a
//! council system loses its table: every cell becomes a line or a list
//! item, and the header row becomes one line whose words run together
//! ("AgendapuntTitelStand van zakenDatum afdoeningAfgehandeld") or a run
//! of labels ("Omschrijving motie:" / "Datum raadsvergadering:" / "Stand
//! van zaken:"). Such a header names a status column (`status_column` in
//! `lexicon.tsv`). Below it, a row opens with a cell that names something
//! (a title: no finite verb or participle, no sentence end, at most
//! [`MAX_TITLE_WORDS`] words), and the cells after it that say something
//! (a finite verb or a participle, a sentence end) are its status; a date
//! cell ("19 mei 2020", "7 november 2019 (begroting 2020)") is passed over.
//! A title right after a title had no status cell: that row is no item.
//!
//! The rows end at a block of another kind than the list's titles or
//! statuses (a paragraph after a list of list items), at a table or a
//! numbered heading, or at the second row in a row without a status. Two
//! rows with a status or more are items `l1.1`, `l1.2`, … (list, row): the
//! rows carry no printed label, so the label is the row's number.
//!
//! Limit: a status cell that is a bare word with no verb ("Gereed") reads
//! as a title, and its row as one without a status.

use super::entities::EntityVocabulary;
use crate::model::{Block, BlockKind, Document, Item, Section, Span};
use crate::segment::section_at;

/// The most words a title cell has; a longer cell is prose.
const MAX_TITLE_WORDS: usize = 25;
/// The most words a header row has (its words glued or not).
const MAX_HEADER_WORDS: usize = 12;
/// The most words a column label of a label-run header has.
const MAX_LABEL_WORDS: usize = 5;
/// The most words after a date in a date cell ("(begroting 2020)").
const MAX_DATE_TAIL_WORDS: usize = 4;

/// The marks that end a sentence that says something (a label ends in `:`).
const STOPS: [char; 3] = ['.', '!', '?'];

/// What a cell of a flattened row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// It names something: a row's first cell.
    Title,
    /// It says something: a row's status.
    Status,
    /// A date (the meeting's, the deadline's).
    Date,
}

/// A row: its title and its status blocks.
struct Row<'a> {
    title: &'a Block,
    status: Vec<&'a Block>,
}

/// The goal/status items of every flattened table of `doc`.
pub fn items(doc: &Document, sections: &[Section], ev: &EntityVocabulary) -> Vec<Item> {
    let columns = ev.lexicon.terms_ref("status_column");
    if columns.is_empty() {
        return Vec::new();
    }
    let blocks: Vec<&Block> = doc
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Furniture | BlockKind::Footnote))
        .collect();
    let mut out = Vec::new();
    let mut list = 0;
    let mut i = 0;
    while i < blocks.len() {
        let Some(first) = header_end(doc, &blocks, i, columns) else {
            i += 1;
            continue;
        };
        let (rows, used) = rows(doc, sections, blocks.get(first..).unwrap_or(&[]), ev);
        if rows.len() < 2 {
            i += 1;
            continue;
        }
        list += 1;
        for (n, row) in rows.iter().enumerate() {
            out.push(item(doc, sections, row, list, n + 1));
        }
        i = first + used.max(1);
    }
    out
}

fn item(doc: &Document, sections: &[Section], row: &Row, list: usize, n: usize) -> Item {
    let goal_span = row.title.span;
    let status_spans: Vec<Span> = row.status.iter().map(|b| b.span).collect();
    let status_text = row
        .status
        .iter()
        .map(|b| doc.block_text(b))
        .collect::<Vec<_>>()
        .join(" ");
    Item {
        id: format!("l{list}.{n}"),
        section: section_at(sections, goal_span.start).map(|s| s.id.clone()),
        label: n.to_string(),
        goal: doc.slice(goal_span).to_string(),
        status_text,
        refs: Vec::new(),
        start: goal_span.start,
        end: status_spans.last().map_or(goal_span.end, |s| s.end),
        page: row.title.page,
        goal_spans: vec![goal_span],
        status_spans,
    }
}

/// Where the rows start when block `i` is a flattened header that names a
/// status column: after it when its words are glued together, after the
/// run of column labels it is one of ("Stand van zaken:").
fn header_end(doc: &Document, blocks: &[&Block], i: usize, columns: &[String]) -> Option<usize> {
    let b = blocks.get(i)?;
    if b.kind == BlockKind::Table {
        return None;
    }
    let t = doc.block_text(b).trim();
    let words = unglued(t);
    if words.split_whitespace().count() > MAX_HEADER_WORDS
        || crate::shape::ends_with_mark(t, &STOPS)
        || !names_column(&words, columns)
    {
        return None;
    }
    if crate::shape::glued_words(t) {
        return Some(i + 1);
    }
    let label = |k: usize| {
        blocks.get(k).is_some_and(|b| {
            let t = doc.block_text(b).trim();
            b.kind != BlockKind::Table
                && t.ends_with(':')
                && t.split_whitespace().count() <= MAX_LABEL_WORDS
        })
    };
    if !label(i) {
        return None;
    }
    let start = (0..i).rev().take_while(|&k| label(k)).count();
    let end = (i + 1..blocks.len()).take_while(|&k| label(k)).count();
    (start + end >= 1).then_some(i + end + 1)
}

/// `t` with a space where a word runs into the next one's capital
/// ("TitelStand" → "Titel Stand").
fn unglued(t: &str) -> String {
    let mut out = String::with_capacity(t.len() + 8);
    let mut prev_lower = false;
    for c in t.chars() {
        if prev_lower && c.is_uppercase() {
            out.push(' ');
        }
        prev_lower = c.is_lowercase();
        out.push(c);
    }
    out
}

/// Whether `header` names a status column as whole words.
fn names_column(header: &str, columns: &[String]) -> bool {
    let folded = super::entities::fold_key(header);
    columns.iter().any(|c| {
        folded.match_indices(c.as_str()).any(|(at, m)| {
            let before = folded[..at].chars().next_back();
            let after = folded[at + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

/// The rows of a flattened table starting at `blocks[0]`, and how many
/// blocks they took.
fn rows<'a>(
    doc: &Document,
    sections: &[Section],
    blocks: &[&'a Block],
    ev: &EntityVocabulary,
) -> (Vec<Row<'a>>, usize) {
    let mut rows = Vec::new();
    let mut current: Option<Row> = None;
    let (mut title_kind, mut status_kind) = (None, None);
    let mut without_status = 0;
    let mut used = 0;
    for b in blocks {
        if b.kind == BlockKind::Table {
            break;
        }
        let cell = cell(doc.block_text(b), ev);
        if cell != Cell::Date && numbered_heading(sections, b) {
            break;
        }
        match cell {
            Cell::Date if current.is_some() => {}
            Cell::Date => break,
            Cell::Title => {
                if title_kind.is_some_and(|k| k != b.kind) {
                    break;
                }
                title_kind = Some(b.kind);
                if let Some(row) = current.take() {
                    if row.status.is_empty() {
                        without_status += 1;
                        if without_status == 2 {
                            break;
                        }
                    } else {
                        without_status = 0;
                        rows.push(row);
                    }
                }
                current = Some(Row {
                    title: b,
                    status: Vec::new(),
                });
            }
            Cell::Status => {
                let Some(row) = current.as_mut() else { break };
                if status_kind.is_some_and(|k| k != b.kind) {
                    break;
                }
                status_kind = Some(b.kind);
                row.status.push(b);
            }
        }
        used += 1;
    }
    if let Some(row) = current.filter(|r| !r.status.is_empty()) {
        rows.push(row);
    }
    (rows, used)
}

fn numbered_heading(sections: &[Section], b: &Block) -> bool {
    sections
        .iter()
        .any(|s| s.start == b.span.start && s.number.is_some())
}

/// What the cell `t` holds.
fn cell(t: &str, ev: &EntityVocabulary) -> Cell {
    let t = t.trim();
    if is_date(t, ev) {
        return Cell::Date;
    }
    let says = crate::shape::ends_with_mark(t, &STOPS)
        || t.contains(". ")
        || words(t)
            .enumerate()
            // A verb is written in lower case unless it opens the cell;
            // capitals inside are names and acronyms ("LAS", "Afbouw").
            .filter(|(k, w)| *k == 0 || !w.starts_with(char::is_uppercase))
            .filter(|(_, w)| !w.chars().all(char::is_uppercase))
            .any(|(_, w)| ev.finite_or_participle(w));
    if says || t.split_whitespace().count() > MAX_TITLE_WORDS {
        Cell::Status
    } else {
        Cell::Title
    }
}

fn words(t: &str) -> impl Iterator<Item = &str> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A date cell: "19 mei 2020", "03-11-2021", with at most a few words
/// after it ("(begroting 2020)").
fn is_date(t: &str, ev: &EntityVocabulary) -> bool {
    let mut w = words(t);
    let (Some(day), Some(month), Some(year)) = (w.next(), w.next(), w.next()) else {
        return false;
    };
    let number =
        |s: &str, max: u32| s.len() <= 2 && s.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n));
    let month_ok = number(month, 12) || ev.months.contains_key(&super::entities::fold_key(month));
    number(day, 31)
        && month_ok
        && crate::shape::year(year).is_some()
        && w.count() <= MAX_DATE_TAIL_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::{Sources, Vocabulary};
    use crate::model::Format;

    #[allow(clippy::unwrap_used)]
    fn items_of(text: &str) -> Vec<Item> {
        let sources = Sources::load(None).unwrap();
        let ev = EntityVocabulary::build(&sources).unwrap();
        let vocab = Vocabulary::build(sources).unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        let sections = crate::segment::segment(&doc, &vocab);
        items(&doc, &sections, &ev)
    }

    #[test]
    fn a_glued_header_over_bullets() {
        let items = items_of(
            "Toezeggingen en moties\n\n\
             AgendapuntTitelStand van zakenDatum afdoeningAfgehandeld\n \
             • Afbouw parkeerplaatsen Heuvel\n \
             • Zodra dit aan de orde is zullen wij de raad informeren.\n \
             • Onderzoek naar luchtkwaliteit\n \
             • Motie Fietspad Statendamweg\n \
             • Na een offerteuitvraag is een bureau gekozen voor een tracestudie.\n \
             • Motie Afschaffing Verhuurdersheffing\n \
             • Raad is per brief geïnformeerd. Motie is afgehandeld.\n\n\
             Tot slot een alinea die geen cel is.\n",
        );
        let rows: Vec<(&str, &str, &str)> = items
            .iter()
            .map(|i| (i.id.as_str(), i.goal.as_str(), i.status_text.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "l1.1",
                    "Afbouw parkeerplaatsen Heuvel",
                    "Zodra dit aan de orde is zullen wij de raad informeren."
                ),
                (
                    "l1.2",
                    "Motie Fietspad Statendamweg",
                    "Na een offerteuitvraag is een bureau gekozen voor een tracestudie."
                ),
                (
                    "l1.3",
                    "Motie Afschaffing Verhuurdersheffing",
                    "Raad is per brief geïnformeerd. Motie is afgehandeld."
                ),
            ]
        );
    }

    #[test]
    fn a_run_of_column_labels_over_title_date_and_status() {
        let items = items_of(
            "Overzicht afdoening moties\n\n\
             Omschrijving motie:\n\nDatum raadsvergadering:\n\nStand van zaken:\n\n\
             Motie - CU, LAS - Zorg voor theaters\n\n19 mei 2020\n\n\
             Moet nog uitvoering aan worden gegeven, de motie is recent aangenomen.\n\n\
             Motie - alle fracties - stedenband\n\n7 november 2019 (begroting 2020)\n\n\
             Gelet op de crisis is het bezoek afgelast.\n",
        );
        let rows: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i.goal.as_str(), i.status_text.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Motie - CU, LAS - Zorg voor theaters",
                    "Moet nog uitvoering aan worden gegeven, de motie is recent aangenomen."
                ),
                (
                    "Motie - alle fracties - stedenband",
                    "Gelet op de crisis is het bezoek afgelast."
                ),
            ]
        );
    }

    #[test]
    fn no_status_column_or_one_row_is_no_list() {
        // Headings over paragraphs, without a header naming a status column.
        assert!(items_of(
            "Moties\n\nMotie Jeugdhotel\n\nWe zijn in overleg met Kwintes.\n\n\
             Motie Verwarde personen\n\nIn januari is de uitvoering gestart.\n"
        )
        .is_empty());
        // One row is no table.
        assert!(items_of(
            "Omschrijving:\n\nStand van zaken:\n\nMotie Jeugdhotel\n\n\
             We zijn in overleg met Kwintes.\n"
        )
        .is_empty());
    }
}
