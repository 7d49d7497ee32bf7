//! Indicator cards: a measure printed as a small table of its own, a title
//! over a header of years (perhaps a sub-header repeated under each year)
//! over one row of values, and no name column.
//!
//! ```text
//! Ziekteverzuim (%)              Ziekteverzuim frequentie
//! 2021   2022   2023             2021   2022   2023
//! 5%     6%     9%               0,7    1,4    1,5
//! ```
//!
//! A jaarverslag's "in cijfers" pages set their measures so (Collectie
//! Overijssel's "Bijlage 1: 2023 in cijfers"). A table reader sees no name
//! in the value row; the layout joins cards set side by side into one row,
//! and may join a title with the years under it ("Aantal scans … website
//! 2021 2022 2023"). Read here line by line over the blocks of a page, each
//! table row and each paragraph a line:
//! - the **header** is a line of years, each run of years one card, a
//!   title written before a run's first year being that card's title; a
//!   year that repeats one of its run starts the next card;
//! - an optional **sub-header** repeats the same words under each year
//!   ("Man | Vrouw | Man | Vrouw | …"): the columns are then "2021 Man" …;
//! - the **value row** has one value per column (a figure, or a few words
//!   such as "Niet beschikbaar"), at least one figure, and no cell standing
//!   under an empty cell of the header in the same table (that would be a
//!   name column: a table of measures, read by [`super::tables`]); no
//!   second value row follows;
//! - a card without a title of its own takes it from the line just above
//!   the header: one short text per card.
//!
//! Each card is one [`Indicator`] whose columns are its years; its offsets
//! run from its title (when the title is a line of its own) to its last
//! value.

use crate::model::{Block, BlockKind, Cell, Document, Indicator, Span};
use crate::shape::year;
use std::borrow::Cow;

/// A title longer than this many words is a paragraph.
const TITLE_WORDS: usize = 20;
/// A value cell without a digit ("Niet beschikbaar", "n.v.t.") has at
/// most this many words.
const WORDY_VALUE: usize = 3;

/// A line: a table row, or a paragraph or heading as one cell.
struct Line<'a> {
    block: usize,
    /// Its row in the block (0 for a paragraph).
    index: usize,
    /// Every cell, the empty ones included.
    cells: Cow<'a, [Cell]>,
    /// From a table row (not a paragraph joined into one cell).
    row: bool,
}

impl Line<'_> {
    fn filled<'b>(&'b self, doc: &'b Document) -> impl Iterator<Item = (usize, &'b Cell)> + 'b {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !doc.slice(c.span).trim().is_empty())
    }
}

/// One card of a header line: its title written beside its first year,
/// if any, and its years.
struct Run {
    title: Option<Span>,
    years: Vec<i32>,
}

/// Every card of the document, and the table rows they took as (block,
/// row), sorted: the table reader skips those.
pub fn cards(
    doc: &Document,
    accept: impl Fn(&Block) -> bool,
) -> (Vec<Indicator>, Vec<(usize, usize)>) {
    let lines = lines(doc);
    let mut out = Vec::new();
    let mut taken = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let Some(runs) = header(doc, line) else {
            continue;
        };
        let years: usize = runs.iter().map(|r| r.years.len()).sum();
        let next = |j: usize| lines.get(j).filter(|l| same_page(doc, line, l));
        // The sub-header, when the line under the header repeats its words
        // under every year.
        let sub = next(k + 1).and_then(|l| sub_header(doc, l, years));
        let at = k + 1 + usize::from(sub.is_some());
        let per_year = sub.as_ref().map_or(1, Vec::len);
        let Some(value_line) = next(at) else { continue };
        let over = if sub.is_some() {
            lines.get(k + 1)
        } else {
            Some(line)
        };
        let Some(values) = value_row(doc, value_line, over, years * per_year) else {
            continue;
        };
        // One row of values: a second one makes a table without names.
        if next(at + 1).is_some_and(|l| value_row(doc, l, None, years * per_year).is_some()) {
            continue;
        }
        if doc.blocks.get(value_line.block).is_none_or(|b| !accept(b)) {
            continue;
        }
        let titles = titles(doc, &lines, k, &runs);
        // The title line (when the titles came from it), the header, the
        // sub-header and the values.
        let first = if runs.iter().any(|r| r.title.is_none()) {
            k.saturating_sub(1)
        } else {
            k
        };
        taken.extend(
            lines[first..=at]
                .iter()
                .filter(|l| l.row)
                .map(|l| (l.block, l.index)),
        );
        let mut from = 0;
        for (run, title) in runs.iter().zip(titles) {
            let n = run.years.len() * per_year;
            let cells = values.get(from..from + n).unwrap_or(&[]);
            from += n;
            let (Some(title), Some(first), Some(last)) = (title, cells.first(), cells.last())
            else {
                continue;
            };
            let columns = run
                .years
                .iter()
                .flat_map(|y| match &sub {
                    Some(words) => words.iter().map(|w| format!("{y} {w}")).collect(),
                    None => vec![y.to_string()],
                })
                .collect();
            // From a title of its own line on, else from the first value.
            let start = if title.start < first.span.start && !inline(&runs, title) {
                title.start
            } else {
                first.span.start
            };
            out.push(Indicator {
                id: String::new(),
                section: None,
                code: None,
                name: doc.slice(title).to_string(),
                columns,
                cells: cells
                    .iter()
                    .map(|c| doc.slice(c.span).to_string())
                    .collect(),
                page: first.page,
                start,
                end: last.span.end,
            });
        }
    }
    taken.sort_unstable();
    taken.dedup();
    (out, taken)
}

fn inline(runs: &[Run], title: Span) -> bool {
    runs.iter().any(|r| r.title == Some(title))
}

fn same_page(doc: &Document, a: &Line, b: &Line) -> bool {
    let page = |l: &Line| doc.blocks.get(l.block).map(|b| b.page);
    page(a) == page(b)
}

/// The lines of the document: every table row, and every paragraph and
/// heading as one cell; page furniture is left out.
fn lines(doc: &Document) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        match b.kind {
            BlockKind::Table => out.extend(b.rows.iter().enumerate().map(|(index, r)| Line {
                block: i,
                index,
                cells: Cow::Borrowed(r.as_slice()),
                row: true,
            })),
            BlockKind::Paragraph | BlockKind::Heading => out.push(Line {
                block: i,
                index: 0,
                cells: Cow::Owned(vec![Cell {
                    span: b.span,
                    page: b.page,
                }]),
                row: false,
            }),
            _ => {}
        }
    }
    out
}

/// The cards of a header line: runs of years, each perhaps after a title
/// in the same cell. `None` when the line is no such header.
fn header(doc: &Document, line: &Line) -> Option<Vec<Run>> {
    let mut runs: Vec<Run> = Vec::new();
    for (_, cell) in line.filled(doc) {
        let text = doc.slice(cell.span);
        let words: Vec<&str> = text.split_whitespace().collect();
        let trailing = words.iter().rev().take_while(|w| year(w).is_some()).count();
        if trailing == 0 {
            return None;
        }
        let years: Vec<i32> = words[words.len() - trailing..]
            .iter()
            .filter_map(|w| year(w))
            .collect();
        let title_words = &words[..words.len() - trailing];
        if !title_words.is_empty() {
            if title_words.len() > TITLE_WORDS
                || !title_words
                    .iter()
                    .any(|w| w.chars().any(char::is_alphabetic))
            {
                return None;
            }
            // The title's bytes: from the cell's start to its last word.
            let last = title_words.last()?;
            let end = last.as_ptr() as usize - text.as_ptr() as usize + last.len();
            runs.push(Run {
                title: Some(Span {
                    start: cell.span.start,
                    end: cell.span.start + end,
                }),
                years: Vec::new(),
            });
        }
        for y in years {
            match runs.last_mut() {
                // A year a run already has starts the next card.
                Some(r) if !r.years.contains(&y) && ordered(&r.years, y) => r.years.push(y),
                _ => runs.push(Run {
                    title: None,
                    years: vec![y],
                }),
            }
        }
    }
    let years: usize = runs.iter().map(|r| r.years.len()).sum();
    (years >= 2 && runs.iter().all(|r| !r.years.is_empty())).then_some(runs)
}

/// `y` goes on the run `years` in the same direction (2021 2022 2023, or
/// 2023 2022).
fn ordered(years: &[i32], y: i32) -> bool {
    match years {
        [.., a, b] => (b - a).signum() == (y - b).signum(),
        _ => true,
    }
}

/// The words repeated under each of `years` years ("Deventer | Zwolle"),
/// when the line is such a sub-header.
fn sub_header(doc: &Document, line: &Line, years: usize) -> Option<Vec<String>> {
    let words: Vec<&str> = line.filled(doc).map(|(_, c)| doc.slice(c.span)).collect();
    let per = words.len() / years.max(1);
    let worded = words
        .iter()
        .all(|w| w.chars().any(char::is_alphabetic) && !w.bytes().any(|b| b.is_ascii_digit()));
    let repeated = per >= 2
        && per * years == words.len()
        && words.iter().enumerate().all(|(i, w)| {
            words
                .get(i % per)
                .is_some_and(|f| f.eq_ignore_ascii_case(w))
        });
    (line.row && worded && repeated).then(|| words[..per].iter().map(|w| w.to_string()).collect())
}

/// The cells of a value row of `n` columns under the header line `over`
/// (when both are rows of one table, no value may stand under a gap).
fn value_row(doc: &Document, line: &Line, over: Option<&Line>, n: usize) -> Option<Vec<Cell>> {
    if !line.row {
        return None;
    }
    let filled: Vec<(usize, &Cell)> = line.filled(doc).collect();
    let is_value = |c: &Cell| {
        let t = doc.slice(c.span);
        t.bytes().any(|b| b.is_ascii_digit()) || t.split_whitespace().count() <= WORDY_VALUE
    };
    let figures = filled
        .iter()
        .filter(|(_, c)| doc.slice(c.span).bytes().any(|b| b.is_ascii_digit()))
        .count();
    if figures == 0
        || !filled.iter().all(|(_, c)| is_value(c))
        || filled
            .iter()
            .all(|(_, c)| year(doc.slice(c.span).trim()).is_some())
    {
        return None;
    }
    // Rows of one table share its columns.
    if let Some(over) = over.filter(|o| o.row && o.block == line.block) {
        let gap = |i: usize| {
            over.cells
                .get(i)
                .is_some_and(|c| doc.slice(c.span).trim().is_empty())
        };
        if filled.iter().any(|&(i, _)| gap(i)) {
            return None;
        }
    }
    if line.cells.len() == n {
        return Some(line.cells.to_vec());
    }
    (filled.len() == n).then(|| filled.into_iter().map(|(_, c)| c.clone()).collect())
}

/// Each run's title: its own, else the short texts of the line above the
/// header, one per card.
fn titles(doc: &Document, lines: &[Line], header: usize, runs: &[Run]) -> Vec<Option<Span>> {
    let short = |s: Span| {
        let t = doc.slice(s);
        t.chars().any(char::is_alphabetic)
            && t.split_whitespace().count() <= TITLE_WORDS
            && !t.trim_end().ends_with(':')
    };
    let above: Vec<Span> = header
        .checked_sub(1)
        .and_then(|k| lines.get(k))
        .filter(|l| lines.get(header).is_some_and(|h| same_page(doc, l, h)))
        .filter(|l| self::header(doc, l).is_none())
        .map(|l| l.filled(doc).map(|(_, c)| c.span).collect::<Vec<_>>())
        .filter(|spans| spans.iter().all(|&s| short(s)))
        .unwrap_or_default();
    let untitled = runs.iter().filter(|r| r.title.is_none()).count();
    let mut above = above.into_iter();
    runs.iter()
        .map(|r| match r.title {
            Some(t) => Some(t),
            None if above.len() == untitled => above.next(),
            None => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::dict::Vocabulary;
    use crate::model::Format;

    /// (name, columns, cells) of the indicators of a text.
    fn read(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
        let vocab = Vocabulary::builtin().unwrap();
        let doc = crate::ingest::ingest(text.as_bytes(), Format::Text, &vocab).unwrap();
        let sections = crate::segment::segment(&doc, &vocab);
        let grids = crate::extract::grid::tables(&doc, &sections);
        crate::extract::tables::indicators(&doc, &sections, &grids, &[])
            .into_iter()
            .map(|i| {
                assert!(doc.text[i.start..i.end].contains(i.cells.last().unwrap().as_str()));
                (i.name, i.columns, i.cells)
            })
            .collect()
    }

    fn owned(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cards_alone_side_by_side_and_under_a_sub_header() {
        let text = "Bijlage 1: 2023 in cijfers\n\nDe cijfers van het jaar.\n\n\
            Formele klachten\n2021\t2022\t2023\n0\t2\t0\n\n\
            Ziekteverzuim (%) 2021\t2022\t2023\tZiekteverzuim frequentie 2021\t2022\t2023\n\
            5%\t6%\t9%\t0,7\t1,4\t1,5\n\n\
            Fysieke bezoeken naar locatie\n2021\t\t2022\t\t2023\t\n\
            Deventer\tZwolle\tDeventer\tZwolle\tDeventer\tZwolle\n418\t601\t585\t716\t453\t555\n\n\
            Personeel\t2023\t2022\nWaarvan man\t26\t21\nWaarvan vrouw\t31\t25\n";
        let years = owned(&["2021", "2022", "2023"]);
        let got = read(text);
        assert_eq!(
            got,
            vec![
                (
                    "Formele klachten".into(),
                    years.clone(),
                    owned(&["0", "2", "0"])
                ),
                (
                    "Ziekteverzuim (%)".into(),
                    years.clone(),
                    owned(&["5%", "6%", "9%"])
                ),
                (
                    "Ziekteverzuim frequentie".into(),
                    years,
                    owned(&["0,7", "1,4", "1,5"])
                ),
                (
                    "Fysieke bezoeken naar locatie".into(),
                    owned(&[
                        "2021 Deventer",
                        "2021 Zwolle",
                        "2022 Deventer",
                        "2022 Zwolle",
                        "2023 Deventer",
                        "2023 Zwolle"
                    ]),
                    owned(&["418", "601", "585", "716", "453", "555"])
                ),
                // The table of measures in the same block keeps its rows.
                (
                    "Waarvan man".into(),
                    owned(&["Personeel", "2023", "2022"]),
                    owned(&["26", "21"])
                ),
                (
                    "Waarvan vrouw".into(),
                    owned(&["Personeel", "2023", "2022"]),
                    owned(&["31", "25"])
                ),
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn rows_with_names_or_several_value_rows_are_no_cards() {
        // A name column under an empty header cell: a table, not a card
        // named by the heading with cells "Bezoekers", "5".
        let named = "Kerncijfers\n\n\t2023\t2022\nBezoekers\t5\n";
        assert!(read(named).is_empty(), "{:?}", read(named));
        // Two rows of values under one header: a table without names.
        let headless = "Overzicht\n\nTellingen\n2021\t2022\t2023\n1\t2\t3\n4\t5\t6\n";
        assert!(read(headless).is_empty(), "{:?}", read(headless));
        // Years in prose are no header.
        let prose = "In 2021 2022 en 2023 is gemeten.\n\nTellingen\n2021\t2022\t2023\n1\t2\t3\n";
        assert_eq!(read(prose).len(), 1);
    }
}
