//! Structures inside tables: goal/status items and indicator rows.
//!
//! **Items.** A table with two or more columns in which at least two rows
//! start with a label (`a)`, `b.`, `c.)`, `1)`, followed by a space: "0.1
//! Bestuur" is a taakveld code) and have words in their second cell is a
//! goal/status table: the first column is the goal, the second the status
//! (a numbered table of figures is none). A row without a label
//! whose goal cell is empty or starts in lower case continues the item
//! before it (rows split by a page break); header rows before the first
//! label, repeated header rows and separator rows are skipped. Table blocks
//! that follow each other with only furniture or footnotes between them (a
//! table split by a page break) are read as one table. A paragraph in lower
//! case right after the table continues the last item's goal when that goal
//! is unfinished (PDF layout reads a lone continued cell as a paragraph). An item's id
//! is the number of the enclosing numbered section plus its label (`1a`,
//! actielijn 1, row a). References such as "Zie ook actielijn 1a, 1e en 1f"
//! in a cell resolve to the ids of items that exist.
//!
//! **Indicators.** Every row of a table inside a `prestatie_indicatoren` or
//! `beleidsindicatoren` section: the first cell is the name, the rest the
//! values in column order (trailing empty cells dropped); the first row is
//! the column header when its value cells hold words or years and no
//! other digit ("Realisatie 2023", "2021"). A first
//! cell that is only a number ("17", "01", "3a.") before a cell with words is
//! the row's number in the table (BBV numbers its beleidsindicatoren): it
//! becomes `code` and the words the name, so rows compare by name across
//! municipalities; the header's cells over the number and the name are then
//! not value columns. Measures set as cards (a title over years over one
//! row of values) are read first by [`super::cards`]; the rows they take
//! are left out here.

use crate::model::{Block, BlockKind, Cell, Document, Indicator, Item, Section, Span, Table};
use crate::segment::section_at;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*([a-z]{1,2}|[0-9]{1,2})\s?(?:\.\)|\)|\.)(?:\s+|$)")
            .unwrap_or_else(|_| unreachable!())
    })
}

fn ref_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // "zie (ook) ..." followed by item references "1a", "1 e", "4b".
    RE.get_or_init(|| Regex::new(r"(?i)\bzie\b([^.;]{0,80})").unwrap_or_else(|_| unreachable!()))
}

fn ref_token_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b([0-9]{1,2})\s?([a-z])\b").unwrap_or_else(|_| unreachable!()))
}

fn is_separator_row(doc: &Document, row: &[Cell]) -> bool {
    row.iter()
        .all(|c| doc.slice(c.span).chars().all(|ch| !ch.is_alphanumeric()))
}

fn starts_lower_or_empty(s: &str) -> bool {
    s.trim().is_empty() || crate::shape::starts_lower(s)
}

/// The number that names items in this table: from the innermost enclosing
/// section that has one.
fn table_number(sections: &[Section], at: usize) -> Option<String> {
    let mut cur = section_at(sections, at);
    while let Some(s) = cur {
        if let Some(n) = &s.number {
            return Some(n.clone());
        }
        cur = s
            .parent
            .as_ref()
            .and_then(|p| sections.iter().find(|x| &x.id == p));
    }
    None
}

/// Extract goal/status items from every item table.
pub fn items(doc: &Document, sections: &[Section]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    for (ti, group) in table_groups(doc).iter().enumerate() {
        let Some(block) = group.first() else { continue };
        let rows: Vec<&Vec<Cell>> = group.iter().flat_map(|b| b.rows.iter()).collect();
        let labelled = rows
            .iter()
            .filter(|r| {
                r.len() >= 2
                    && r.first()
                        .is_some_and(|c| label_re().is_match(doc.slice(c.span)))
                    && r.get(1)
                        .is_some_and(|c| doc.slice(c.span).chars().any(char::is_alphabetic))
            })
            .count();
        // Goals are written out: half the labelled rows or more have a
        // goal of three words or more. A numbered list of names set in
        // columns ("37. Diggsey") is no goal table.
        let written = rows
            .iter()
            .filter(|r| {
                r.first().is_some_and(|c| {
                    let t = doc.slice(c.span);
                    label_re()
                        .find(t)
                        .is_some_and(|m| t[m.end()..].split_whitespace().count() >= 3)
                })
            })
            .count();
        if labelled < 2 || 2 * written < labelled {
            continue;
        }
        let number = table_number(sections, block.span.start);
        let section = section_at(sections, block.span.start).map(|s| s.id.clone());
        let header: Option<String> = block.rows.first().map(|r| row_key(doc, r));
        let first_new = out.len();
        for row in rows {
            if row.is_empty() || is_separator_row(doc, row) || Some(row_key(doc, row)) == header {
                continue;
            }
            let goal_cell = &row[0];
            let goal_text = doc.slice(goal_cell.span);
            let status_span = row.get(1).map(|c| c.span);
            if let Some(m) = label_re().captures(goal_text) {
                let label = m.get(1).map(|g| g.as_str()).unwrap_or("").to_string();
                let skip = m.get(0).map(|g| g.end()).unwrap_or(0);
                let goal_span = Span {
                    start: goal_cell.span.start + skip,
                    end: goal_cell.span.end,
                };
                let base = match &number {
                    Some(n) => format!("{n}{label}"),
                    None => format!("t{}.{label}", ti + 1),
                };
                let mut id = base.clone();
                let mut k = 2;
                while out.iter().any(|i| i.id == id) {
                    id = format!("{base}-{k}");
                    k += 1;
                }
                let end = row.last().map(|c| c.span.end).unwrap_or(goal_cell.span.end);
                out.push(Item {
                    id,
                    section: section.clone(),
                    label,
                    goal: doc.slice(goal_span).to_string(),
                    status_text: status_span
                        .map(|s| doc.slice(s).to_string())
                        .unwrap_or_default(),
                    refs: Vec::new(),
                    start: goal_cell.span.start,
                    end,
                    page: goal_cell.page,
                    goal_spans: vec![goal_span],
                    status_spans: status_span.into_iter().collect(),
                });
            } else if out.len() > first_new && starts_lower_or_empty(goal_text) {
                if let Some(item) = out.last_mut() {
                    append(&mut item.goal, &mut item.goal_spans, goal_cell.span, doc);
                    if let Some(s) = status_span {
                        append(&mut item.status_text, &mut item.status_spans, s, doc);
                    }
                    item.end = row.last().map(|c| c.span.end).unwrap_or(item.end);
                }
            }
        }
        if out.len() > first_new {
            continue_past_table(doc, group, &mut out);
        }
    }
    resolve_refs(&mut out);
    out
}

/// A goal cell cut by a page break whose rest the layout read as a
/// paragraph after the table ("op 31 december 2023 is het aandeel in deze
/// verwijzingen" | page break | "vanuit de lokale toegangsteams
/// toegenomen."): a paragraph in lower case right after the table (past
/// furniture, footnotes and the header row repeated as a line) continues
/// the last item's goal when that goal is unfinished.
fn continue_past_table(doc: &Document, group: &[&Block], items: &mut [Item]) {
    let Some(item) = items.last_mut() else { return };
    if crate::shape::ends_break(&item.goal) {
        return;
    }
    let Some(last) = group.last() else { return };
    let Some(at) = doc.blocks.iter().position(|b| std::ptr::eq(b, *last)) else {
        return;
    };
    // The table's header row repeated on the new page, read as a line.
    let header: Option<String> = group.first().and_then(|b| b.rows.first()).map(|r| {
        r.iter()
            .map(|c| doc.slice(c.span))
            .collect::<Vec<_>>()
            .join(" ")
    });
    let next = doc.blocks[at + 1..].iter().find(|b| {
        !matches!(b.kind, BlockKind::Furniture | BlockKind::Footnote)
            && header.as_deref() != Some(doc.block_text(b))
    });
    if let Some(b) = next.filter(|b| {
        b.kind == BlockKind::Paragraph && doc.block_text(b).starts_with(char::is_lowercase)
    }) {
        append(&mut item.goal, &mut item.goal_spans, b.span, doc);
        item.end = item.end.max(b.span.end);
    }
}

/// Tables that continue one another: consecutive table blocks with only
/// page furniture or footnotes between them (a table split by a page break
/// is one table block per page).
fn table_groups(doc: &Document) -> Vec<Vec<&Block>> {
    let mut groups: Vec<Vec<&Block>> = Vec::new();
    let mut open = false;
    for b in &doc.blocks {
        match b.kind {
            BlockKind::Table => match groups.last_mut() {
                Some(g) if open => g.push(b),
                _ => {
                    groups.push(vec![b]);
                    open = true;
                }
            },
            BlockKind::Furniture | BlockKind::Footnote => {}
            _ => open = false,
        }
    }
    groups
}

fn row_key(doc: &Document, row: &[Cell]) -> String {
    row.iter()
        .map(|c| doc.slice(c.span))
        .collect::<Vec<_>>()
        .join("\t")
}

fn append(text: &mut String, spans: &mut Vec<Span>, span: Span, doc: &Document) {
    let piece = doc.slice(span);
    if piece.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(piece);
    spans.push(span);
}

fn resolve_refs(items: &mut [Item]) {
    let ids: BTreeSet<String> = items.iter().map(|i| i.id.clone()).collect();
    for item in items.iter_mut() {
        let mut refs = Vec::new();
        for text in [&item.goal, &item.status_text] {
            for m in ref_re().captures_iter(text) {
                let tail = m.get(1).map(|g| g.as_str()).unwrap_or("");
                for t in ref_token_re().captures_iter(tail) {
                    let id = format!("{}{}", &t[1], &t[2]);
                    if ids.contains(&id) && id != item.id && !refs.contains(&id) {
                        refs.push(id);
                    }
                }
            }
        }
        item.refs = refs;
    }
}

/// Extract indicator rows: every row of a table in an indicator section,
/// and outside one the measures of a table of measures
/// ([`measure_table`]: kerncijfers, kengetallen, personnel figures).
/// `grids` are the document's tables ([`super::grid::tables`]), whose
/// scale tells a table of amounts; `money_words` the lexicon's words that
/// name an amount (roles `money_context` and `money_row`).
pub fn indicators(
    doc: &Document,
    sections: &[Section],
    grids: &[Table],
    money_words: &[&str],
) -> Vec<Indicator> {
    // A garbled text layer has no names to read measures by.
    let garbled = doc
        .warnings
        .iter()
        .any(|w| w.starts_with(crate::ingest::pdf::GARBLED));
    // Cards first: the rows they take are no table of names.
    let (mut out, taken) = super::cards::cards(doc, |b| {
        !garbled && !scaled(b, grids) && !money_heading(sections, b, money_words)
    });
    for card in &mut out {
        card.section = section_at(sections, card.start).map(|s| s.id.clone());
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        if block.kind != BlockKind::Table {
            continue;
        }
        let rows: Vec<&Vec<Cell>> = block
            .rows
            .iter()
            .enumerate()
            .filter(|&(r, _)| taken.binary_search(&(i, r)).is_err())
            .map(|(_, r)| r)
            .filter(|r| {
                !is_separator_row(doc, r) && r.iter().any(|c| !doc.slice(c.span).is_empty())
            })
            .collect();
        let listed = indicator_section(sections, block);
        let measures = listed.is_none()
            && !garbled
            && measure_table(doc, block, &rows, grids)
            && !money_heading(sections, block, money_words);
        if listed.is_none() && !measures {
            continue;
        }
        let section = listed.or_else(|| section_at(sections, block.span.start));
        let Some(first) = rows.first() else { continue };
        let header_is_first = rows.len() > 1
            && first
                .iter()
                .skip(1)
                .all(|c| is_column_title(doc.slice(c.span)));
        let columns: Vec<String> = if header_is_first {
            first
                .iter()
                .map(|c| doc.slice(c.span).to_string())
                .filter(|c| !c.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        let gapped = header_is_first
            && first
                .iter()
                .skip(1)
                .any(|c| doc.slice(c.span).trim().is_empty());
        for row in rows.iter().skip(usize::from(header_is_first)) {
            let text = |i: usize| row.get(i).map_or("", |c: &Cell| doc.slice(c.span));
            let numbered = is_row_number(text(0)) && text(1).chars().any(char::is_alphabetic);
            let at = usize::from(numbered);
            let name_cell = &row[at];
            let name = doc.slice(name_cell.span);
            if name.is_empty() {
                continue;
            }
            let mut cells: Vec<String> = row[at + 1..]
                .iter()
                .map(|c| doc.slice(c.span).to_string())
                .collect();
            while cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
            if measures && !is_measure(name, &cells, money_words) {
                continue;
            }
            // The header's cells over the number and the name head no values.
            let skip = if numbered && columns.len() > cells.len() {
                (at + 1).min(columns.len() - cells.len())
            } else {
                0
            };
            // A header with an empty cell over values says by its gaps
            // which cell heads which column ("Beleidsindicatoren" | "" |
            // "2023" | "Toelichting" over "FTE per 1000 inwoners" |
            // "Bezetting" | "0,21" | …): each value keeps the header of
            // its own column.
            let titles: Vec<String> = if gapped {
                first
                    .iter()
                    .skip(at + 1)
                    .map(|c| doc.slice(c.span).to_string())
                    .collect()
            } else {
                columns[skip..].to_vec()
            };
            out.push(Indicator {
                id: String::new(),
                section: section.map(|s| s.id.clone()),
                code: numbered.then(|| text(0).to_string()),
                name: name.to_string(),
                columns: titles,
                cells,
                page: row[0].page,
                start: row[0].span.start,
                end: row.last().map(|c| c.span.end).unwrap_or(name_cell.span.end),
            });
        }
    }
    // Cards and rows in text order, numbered.
    out.sort_by_key(|i| i.start);
    for (k, i) in out.iter_mut().enumerate() {
        i.id = format!("i{}", k + 1);
    }
    out
}

/// Whether a table of amounts ("x € 1.000", "€ '000", read with its
/// caption by [`super::grid`]) overlaps `block`.
fn scaled(block: &Block, grids: &[Table]) -> bool {
    grids.iter().any(|t| {
        t.span.start < block.span.end && block.span.start < t.span.end && t.scale.is_some()
    })
}

/// Whether a table outside an indicator section is a table of measures:
/// no scale of amounts ("x € 1.000", "€ '000", read with its caption by
/// [`super::grid`]), no "€" in it, and at least two rows of text and
/// figures among `rows` (those no card took).
fn measure_table(doc: &Document, block: &Block, rows: &[&Vec<Cell>], grids: &[Table]) -> bool {
    let measured = rows
        .iter()
        .filter(|r| {
            r.first()
                .is_some_and(|c| doc.slice(c.span).chars().any(char::is_alphabetic))
                && r.iter().skip(1).any(|c| is_figure(doc.slice(c.span)))
        })
        .count();
    !scaled(block, grids) && !doc.slice(block.span).contains('€') && measured >= 2
}

/// Whether `text` has a word of `money_words` (with `derived`, a word
/// that starts with one too: "budgettair", "lastenverdeling").
fn names_money(text: &str, money_words: &[&str], derived: bool) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            money_words
                .iter()
                .any(|m| w == *m || (derived && m.len() >= 5 && w.starts_with(m)))
        })
}

/// Whether the table stands under a heading of amounts ("Overzicht baten
/// en lasten per taakveld", "Reserves en voorzieningen"), its section's or
/// a parent's.
fn money_heading(sections: &[Section], block: &Block, money_words: &[&str]) -> bool {
    enclosing(sections, block).any(|s| names_money(&s.heading, money_words, true))
}

/// Whether a row of a table of measures is a measure: a name with letters
/// that is no amount (no word of `money_words`: "Eigen vermogen",
/// "Lasten", "Totaal"), a figure among its cells, and figures as measures
/// print them: shares, ratios and counts below a thousand, none negative.
/// Amounts run to thousands and carry signs (lasten, mutaties, saldi),
/// even where no scale or heading says they are amounts.
fn is_measure(name: &str, cells: &[String], money_words: &[&str]) -> bool {
    let figures: Vec<(f64, bool)> = cells.iter().filter_map(|c| figure(c)).collect();
    let small = figures
        .iter()
        .all(|&(n, percent)| n >= 0.0 && (percent || n < 1000.0));
    // Beside its figures a measure's row holds a unit, a source or a
    // short note, not a paragraph.
    let short = cells.iter().all(|c| c.chars().count() <= 60);
    name.chars().any(char::is_alphabetic)
        && !names_money(name, money_words, false)
        && !figures.is_empty()
        && small
        && short
}

/// A figure as a measure prints it: a number or percentage ("57", "1,5",
/// "9%"), or a bound ("< 0", "> 10%"), as its value and whether it is a
/// percentage.
fn figure(t: &str) -> Option<(f64, bool)> {
    let bare = t
        .trim()
        .trim_start_matches(['<', '>', '≤', '≥'])
        .trim_start();
    super::grid::parse_figure(bare)
}

fn is_figure(t: &str) -> bool {
    figure(t).is_some()
}

/// A cell holding only a row number: up to three digits, perhaps a letter,
/// perhaps a closing `.` or `)` ("17", "01", "3a", "4.").
/// A cell that can head a column: words, or years ("Realisatie 2023",
/// "2023 Toelichting", "2021"), with no other digit; or nothing. A value
/// holds a digit of its own ("0,21", "9%", "153,7 (2018)") or is a dash.
pub(crate) fn is_column_title(t: &str) -> bool {
    let year = |w: &str| crate::shape::year(w).is_some();
    let titled = t.chars().any(char::is_alphabetic) || t.split_whitespace().all(year);
    t.split_whitespace()
        .all(|w| year(w) || !w.bytes().any(|b| b.is_ascii_digit()))
        && (t.is_empty() || titled)
}

fn is_row_number(t: &str) -> bool {
    let t = t.trim_end_matches(['.', ')']);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[digits..];
    (1..=3).contains(&digits)
        && (rest.is_empty() || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase())))
}

fn indicator_section<'a>(sections: &'a [Section], block: &Block) -> Option<&'a Section> {
    enclosing(sections, block)
        .find(|s| s.kind == "prestatie_indicatoren" || s.kind == "beleidsindicatoren")
}

/// The section `block` stands in, then its parent, and so on up.
fn enclosing<'a>(sections: &'a [Section], block: &Block) -> impl Iterator<Item = &'a Section> {
    std::iter::successors(section_at(sections, block.span.start), move |s| {
        s.parent
            .as_ref()
            .and_then(|p| sections.iter().find(|x| &x.id == p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dict::Vocabulary;
    use crate::model::Format;

    fn run(text: &str) -> (Document, Vec<Section>) {
        let vocab = Vocabulary::builtin().unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        let s = crate::segment::segment(&doc, &vocab);
        (doc, s)
    }

    /// The money words of the built-in lexicon.
    fn money() -> Vec<String> {
        let sources = crate::dict::Sources::load(None).unwrap();
        let ev = crate::extract::entities::EntityVocabulary::build(&sources).unwrap();
        ev.money_words().into_iter().map(String::from).collect()
    }

    fn indicators_of(doc: &Document, s: &[Section]) -> Vec<Indicator> {
        let money = money();
        let words: Vec<&str> = money.iter().map(String::as_str).collect();
        indicators(doc, s, &crate::extract::grid::tables(doc, s), &words)
    }

    #[test]
    fn a_table_of_measures_gives_indicators_and_a_table_of_amounts_none() {
        // Kerncijfers outside an indicator section: the personnel figures
        // and the ratio are measures; the balance sheet's amounts are not.
        let (doc, s) = run("Kerncijfers\n\n\
             Personeel\t2023\t2022\nAantal medewerkers, jaareinde\t57\t46\n\
             Aantal FTE, gemiddeld\t46\t42\nZiekte - Verzuim %\t9%\t6%\n\n\
             Balans\t2023\t2022\nEigen Vermogen\t3.084\t2.948\n\
             Balanstotaal\t5.310\t5.557\nSolvabiliteit\t58%\t53%\n");
        let names: Vec<String> = indicators_of(&doc, &s)
            .into_iter()
            .map(|i| i.name)
            .collect();
        assert_eq!(
            names,
            [
                "Aantal medewerkers, jaareinde",
                "Aantal FTE, gemiddeld",
                "Ziekte - Verzuim %",
                "Solvabiliteit"
            ]
        );
        // Under a heading of amounts, or with signed figures in thousands,
        // a table is of amounts, scale printed or not.
        let (doc, s) = run("Overzicht baten en lasten per taakveld\n\n\
             Taakveld\t2021\t2022\nWijkteams\t12\t14\nBeheer gebouwen\t31\t35\n");
        assert!(indicators_of(&doc, &s).is_empty());
        let (doc, s) = run("Maatstaven\n\n\
             Maatstaf\t2021\t2022\nGestandaardiseerd inkomen\t-1.402.839\t-1.282.052\n\
             Woonruimten\t704.729\t703.931\n");
        assert!(indicators_of(&doc, &s).is_empty());
    }

    #[test]
    fn taakveld_codes_and_numbered_figures_are_no_items() {
        // "0.1 Bestuur": a taakveld code, not label "0." before a goal.
        let (doc, s) = run(
            "Taakveld\tBaten\tLasten\n0.1 Bestuur\tBaten Lasten Saldo\t12\n\
                            0.2 Burgerzaken\tBaten Lasten Saldo\t14\n",
        );
        assert!(items(&doc, &s).is_empty());
        // Numbered rows of figures have no status.
        let (doc, s) = run("Kengetal\t2021\t2022\n1. Solvabiliteitsratio\t32%\t35%\n\
                            2. Grondexploitatie\t4%\t3%\n");
        assert!(items(&doc, &s).is_empty());
        // Labelled goals with a status are items.
        let (doc, s) = run("Doel\tStand\na) Meer jongeren bereiken.\tGedaan.\n\
                            b) Wachttijd korter.\tLoopt.\n");
        assert_eq!(items(&doc, &s).len(), 2);
        // A numbered list of names set in columns, and a project sheet's
        // numbered labels, have no goals written out.
        let (doc, s) = run("1. Aaron1011\t37. Diggsey\n2. alecmocatta\t38. edunham\n\
                            3. bluejekyll\t39. juhaku\n");
        assert!(items(&doc, &s).is_empty());
        let (doc, s) = run(
            "1. Projectnaam\tAbacus\n2. Opdrachtgever\tVoorzitter van de Kiesraad\n\
                            3. Startdatum project\tOktober 2023\n",
        );
        assert!(items(&doc, &s).is_empty());
    }

    #[test]
    fn numbered_indicator_rows_are_named_by_their_words() {
        let text = "Beleidsindicatoren\n\n\
                    Nr. | Beleidsindicator | Eenheid | Bron | Wassenaar | Nederland\n\
                    17 | Absoluut verzuim | Aantal per 1.000 leerlingen | DUO | 0,2 (2017) | 1,8 (2017)\n\
                    18 | Relatief verzuim | Aantal per 1.000 leerlingen | DUO | 11 (2018) | 23 (2018)\n";
        let (doc, s) = run(text);
        let got = indicators_of(&doc, &s);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].code.as_deref(), Some("17"));
        assert_eq!(got[0].name, "Absoluut verzuim");
        assert_eq!(
            got[0].cells,
            [
                "Aantal per 1.000 leerlingen",
                "DUO",
                "0,2 (2017)",
                "1,8 (2017)"
            ]
        );
        assert_eq!(
            got[0].columns,
            ["Eenheid", "Bron", "Wassenaar", "Nederland"]
        );
        assert_eq!(&doc.text[got[1].start..got[1].start + 2], "18");
        // A year in the first cell before values is no row number.
        let (doc, s) = run("Prestatie-indicatoren\n\nJaar | Bereik\n2019 | 78%\n2020 | 80%\n");
        assert!(indicators_of(&doc, &s).iter().all(|i| i.code.is_none()));
    }

    #[test]
    fn goal_continued_by_a_paragraph_after_the_page_break() {
        let text = "Actielijn 3: Toegang\n\nWaar zetten we op in.\tStand van zaken\n\
                    a) Eerste doel.\tGedaan.\nb) Het aandeel in deze\tWij monitoren dit.\n\
                    \u{c}\nvanuit de teams is toegenomen.\n\nVolgende alinea.\n";
        let (doc, s) = run(text);
        let got = items(&doc, &s);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(
            got[1].goal,
            "Het aandeel in deze vanuit de teams is toegenomen."
        );
        assert_eq!(got[1].status_text, "Wij monitoren dit.");
        assert_eq!(got[1].goal_spans.len(), 2);
        // The same with the header row repeated as a line on the new page.
        let repeated = text.replace(
            "\u{c}\n",
            "\u{c}\nWaar zetten we op in. Stand van zaken\n\n",
        );
        let (doc, s) = run(&repeated);
        assert_eq!(items(&doc, &s)[1].goal, got[1].goal);
        // A finished goal is not continued by the paragraph after it.
        let text = text.replace("in deze\t", "in deze.\t");
        let (doc, s) = run(&text);
        assert_eq!(items(&doc, &s)[1].goal, "Het aandeel in deze.");
    }

    #[test]
    fn items_with_continuation_and_refs() {
        let text = "Actielijn 3: Toegang\n\nWaar zetten we op in.\tStand van zaken\na) Een doel dat\tEen status\n\nloopt door.\tdie ook doorloopt.\nb) Tweede doel.\tZie ook actielijn 3a.\n";
        let (doc, s) = run(text);
        let items = items(&doc, &s);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].id, "3a");
        assert_eq!(items[0].goal, "Een doel dat loopt door.");
        assert_eq!(items[0].status_text, "Een status die ook doorloopt.");
        assert_eq!(items[1].refs, vec!["3a"]);
        for sp in &items[0].goal_spans {
            assert!(items[0].goal.contains(doc.slice(*sp)));
        }
    }

    #[test]
    fn indicator_rows() {
        let text = "Prestatie-indicatoren\nNul- | Doel- | Details |\n---|---|---|\nBereik jongerenwerk | 2.180 | 2.200 | |\n| ||\n";
        let (doc, s) = run(text);
        let ind = indicators_of(&doc, &s);
        assert_eq!(ind.len(), 1, "{ind:?}");
        assert_eq!(ind[0].name, "Bereik jongerenwerk");
        assert_eq!(ind[0].cells, vec!["2.180", "2.200"]);
        assert_eq!(ind[0].columns, vec!["Nul-", "Doel-", "Details"]);
    }

    /// Years head columns; a first row of values that are a year, words
    /// and dashes is a row all the same.
    #[test]
    fn years_head_columns_and_dashes_are_values() {
        let text =
            "Beleidsindicatoren\nIndicator | Realisatie 2022 | 2023 |\nBezetting | 0,21 | 0,23 |\n";
        let (doc, s) = run(text);
        let ind = indicators_of(&doc, &s);
        assert_eq!(ind.len(), 1, "{ind:?}");
        assert_eq!(ind[0].columns, vec!["Indicator", "Realisatie 2022", "2023"]);
        let text = "Beleidsindicatoren\nClientervaring | 2016 | Zie toelichting | - |\nBereik | 2013 | 2.180 | 2.190 |\n";
        let (doc, s) = run(text);
        let ind = indicators_of(&doc, &s);
        assert_eq!(ind.len(), 2, "{ind:?}");
        assert_eq!(ind[0].cells, vec!["2016", "Zie toelichting", "-"]);
    }
}
