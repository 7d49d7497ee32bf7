//! Tables as a reader sees them: the header rows over the body, each
//! column titled by its header cells, the caption and the scale printed
//! around the table, each figure parsed and scaled, and a table that goes
//! on over a page break tied to where it began.
//!
//! Input: the table blocks of the document (their rows of cells, as
//! layout assembled them). Output: one [`Table`] per block, in order.
//!
//! - **Header rows** are the first rows whose cells after the first are
//!   column titles (words, or years: [`is_column_title`]); a title alone
//!   in the first cell over such a row is one of them. In a table without
//!   figures, where text rows look alike, only a first row of three titles or
//!   more, short after the first, heads it; two columns of text are keys and values.
//! - **Scale**: "x € 1.000", "€ '000", "bedragen x € 1 miljoen" in the
//!   caption, the text just above, or the header ([`scale_of`]); each body
//!   figure after the first column gets `value` = figure × factor (a
//!   percentage never).
//! - **Continuation**: a table at the top of the page after another
//!   table's last, with only page furniture between them and as many
//!   columns, goes on from it; without header rows of its own it takes
//!   the columns of the first.

use crate::extract::tables::is_column_title;
use crate::model::{Block, BlockKind, Cell, Document, Section, Span, Table, TableCell};
use crate::segment::section_at;
use regex::Regex;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// At most this many header rows.
const MAX_HEADER_ROWS: usize = 3;

/// A caption is at most this many characters.
const MAX_CAPTION: usize = 150;

/// The tables of `doc`, one per table block and one per label layout
/// read as headings and paragraphs ([`crate::model::Place`]), in order.
pub fn tables(doc: &Document, sections: &[Section]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    // The block before the current one, furniture skipped, and whether
    // only furniture stood between the last table and this block.
    let mut before: Option<usize> = None;
    let mut after_table = false;
    let mut i = 0;
    while i < doc.blocks.len() {
        let block = &doc.blocks[i];
        let (src, next) = match (block.place, block.kind) {
            (Some(place), _) => label_grid(doc, i, place.table),
            (None, BlockKind::Furniture) => {
                i += 1;
                continue;
            }
            (None, BlockKind::Table) if !block.rows.is_empty() => (
                Source {
                    rows: Cow::Borrowed(&block.rows),
                    page: block.page,
                    span: block.span,
                },
                i + 1,
            ),
            _ => {
                before = Some(i);
                after_table = false;
                i += 1;
                continue;
            }
        };
        let above = before.map(|b| &doc.blocks[b]);
        let prev = out.last().filter(|_| after_table);
        let mut table = read_table(doc, sections, &src, above, prev, out.len() + 1);
        rescale(&mut table);
        out.push(table);
        before = Some(next - 1);
        after_table = true;
        i = next;
    }
    out
}

/// A table's rows with the page and the text it starts on.
struct Source<'a> {
    rows: Cow<'a, [Vec<Cell>]>,
    page: u32,
    span: Span,
}

/// The grid of the label layout `table` whose first block is `doc.blocks[at]`:
/// a row per row of the layout, its label and its text as cells (an
/// empty cell an empty span where its row starts), and the index after
/// its last block.
fn label_grid(doc: &Document, at: usize, table: usize) -> (Source<'static>, usize) {
    let mut cells: BTreeMap<usize, [Option<&Block>; 2]> = BTreeMap::new();
    let mut next = at;
    for (j, b) in doc.blocks.iter().enumerate().skip(at) {
        match b.place {
            Some(p) if p.table == table => {
                if let Some(slot) = cells.entry(p.row).or_default().get_mut(p.col) {
                    *slot = Some(b);
                }
                next = j + 1;
            }
            None if b.kind == BlockKind::Furniture => {}
            _ => break,
        }
    }
    let rows: Vec<Vec<Cell>> = cells
        .values()
        .map(|row| {
            let first = row.iter().flatten().next();
            let at = first.map_or(Span::default(), |b| Span {
                start: b.span.start,
                end: b.span.start,
            });
            let page = first.map_or(doc.blocks[0].page, |b| b.page);
            row.iter()
                .map(|c| match c {
                    Some(b) => Cell {
                        span: b.span,
                        page: b.page,
                    },
                    None => Cell { span: at, page },
                })
                .collect()
        })
        .collect();
    let first = &doc.blocks[at];
    let next = next.max(at + 1);
    let end = doc.blocks[next - 1].span.end;
    let src = Source {
        rows: Cow::Owned(rows),
        page: first.page,
        span: Span {
            start: first.span.start,
            end,
        },
    };
    (src, next)
}

/// The table `src` reads as, numbered `id`: `above` is the block before
/// it (furniture skipped), `prev` the table it may go on from (only
/// furniture between them).
fn read_table(
    doc: &Document,
    sections: &[Section],
    src: &Source,
    above: Option<&Block>,
    prev: Option<&Table>,
    id: usize,
) -> Table {
    let rows = &src.rows[..];
    let text = |c: &Cell| doc.slice(c.span);
    let parsed: Vec<Vec<Option<(f64, bool)>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| parse_figure(text(c))).collect())
        .collect();
    // A table of figures: half its rows or more hold one after the
    // first column.
    let with_figures = parsed
        .iter()
        .filter(|r| r.iter().skip(1).any(Option::is_some))
        .count();
    let figures = 2 * with_figures >= rows.len();
    let header_rows = header_rows(doc, rows, figures);
    let columns = columns(doc, rows, header_rows);
    // The caption: a title row in the table, or a short heading or
    // line just above it on its page.
    let title_row = (header_rows > 0)
        .then(|| &rows[0])
        .filter(|r| r.iter().skip(1).all(|c| text(c).is_empty()))
        .map(|r| text(&r[0]).to_string());
    // A cell of a label layout is no caption.
    let above =
        above.filter(|b| b.page == src.page && b.kind != BlockKind::Table && b.place.is_none());
    let caption = title_row.or_else(|| {
        above
            .map(|b| doc.block_text(b).trim())
            .filter(|t| t.chars().count() <= MAX_CAPTION && !t.ends_with(['.', ';', ':', ',']))
            .map(str::to_string)
    });
    let header_text: Vec<&str> = rows[..header_rows].iter().flatten().map(text).collect();
    let scale = caption
        .as_deref()
        .and_then(scale_of)
        .or_else(|| above.and_then(|b| scale_of(doc.block_text(b))))
        .or_else(|| header_text.iter().find_map(|t| scale_of(t)));
    // Figures in the body only; `value` gets the scale below, once
    // a part going on from another table may have taken its scale.
    let cells: Vec<Vec<TableCell>> = rows
        .iter()
        .zip(&parsed)
        .enumerate()
        .map(|(r, (row, figures))| {
            row.iter()
                .zip(figures)
                .map(|(cell, figure)| {
                    let figure = figure.filter(|_| r >= header_rows);
                    TableCell {
                        span: cell.span,
                        page: cell.page,
                        number: figure.map(|f| f.0),
                        percent: figure.is_some_and(|f| f.1),
                        value: figure.map(|f| f.0),
                    }
                })
                .collect()
        })
        .collect();
    let page_end = rows
        .iter()
        .flatten()
        .map(|c| c.page)
        .max()
        .unwrap_or(src.page);
    let mut table = Table {
        id: format!("t{id}"),
        section: section_at(sections, src.span.start).map(|s| s.id.clone()),
        page: src.page,
        page_end: page_end.max(src.page),
        span: src.span,
        caption,
        scale,
        header_rows,
        columns,
        rows: cells,
        continues: None,
    };
    if let Some(prev) = prev {
        let same_header = header_rows == 0 || table.columns == prev.columns;
        if table.page == prev.page_end + 1
            && table.columns.len() == prev.columns.len()
            && same_header
        {
            table.continues = Some(prev.continues.clone().unwrap_or(prev.id.clone()));
            if header_rows == 0 {
                table.columns.clone_from(&prev.columns);
                if table.scale.is_none() {
                    table.scale.clone_from(&prev.scale);
                }
            }
        }
    }
    table
}

/// Apply a table's scale to its body figures after the first column.
fn rescale(table: &mut Table) {
    let Some((_, k)) = table.scale else { return };
    for row in table.rows.iter_mut().skip(table.header_rows) {
        for cell in row.iter_mut().skip(1) {
            if let (Some(n), false) = (cell.number, cell.percent) {
                cell.value = Some(n * k);
            }
        }
    }
}

/// How many of `rows` head the table: rows whose cells after the first
/// are column titles, one at least filled; a title alone in the first
/// cell over such a row counts. Several only in a table of figures, and a
/// body row always stays.
fn header_rows(doc: &Document, rows: &[Vec<Cell>], figures: bool) -> usize {
    let text = |c: &Cell| doc.slice(c.span);
    let titles = |row: &Vec<Cell>| {
        row.iter().skip(1).all(|c| is_column_title(text(c)))
            && row.iter().skip(1).any(|c| !text(c).is_empty())
    };
    let alone = |row: &Vec<Cell>| {
        row.first().is_some_and(|c| !text(c).is_empty())
            && row.iter().skip(1).all(|c| text(c).is_empty())
    };
    // Without figures, two columns are keys and values ("Van" | "Het
    // college …"), and a header's titles are short.
    let short = |row: &Vec<Cell>| {
        row.iter()
            .skip(1)
            .all(|c| text(c).split_whitespace().count() <= 4 && !text(c).ends_with(':'))
    };
    if !figures && (rows.first().is_none_or(|r| r.len() < 3 || !short(r))) {
        return 0;
    }
    let start = usize::from(rows.len() > 2 && alone(&rows[0]) && titles(&rows[1]));
    let most = if figures { MAX_HEADER_ROWS } else { 1 };
    let mut n = 0;
    while n < most && start + n + 1 < rows.len() && titles(&rows[start + n]) {
        n += 1;
    }
    if n == 0 {
        0
    } else {
        start + n
    }
}

/// Each column's title: its header cells top to bottom, a line-end hyphen
/// joined ("Toevoe-" over "gingen").
fn columns(doc: &Document, rows: &[Vec<Cell>], header_rows: usize) -> Vec<String> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|c| {
            let mut title = String::new();
            for row in &rows[..header_rows] {
                let Some(t) = row.get(c).map(|cell| doc.slice(cell.span).trim()) else {
                    continue;
                };
                if t.is_empty() || row.iter().skip(1).all(|x| doc.slice(x.span).is_empty()) {
                    continue;
                }
                if title.ends_with('-') && t.starts_with(char::is_lowercase) {
                    title.pop();
                } else if !title.is_empty() {
                    title.push(' ');
                }
                title.push_str(t);
            }
            title
        })
        .collect()
}

/// The scale a text states, as printed, with its factor: "x € 1.000",
/// "(x €1000)", "x 1.000 euro", "€ '000", "x € 1 miljoen", "x € 1 mln".
pub fn scale_of(text: &str) -> Option<(String, f64)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"(?i)(?:\bx|×)\s?(?:€|eur|euro)?\s?1[.\s]?000[.\s]?000\b|(?:\bx|×)\s?(?:€|eur|euro)?\s?1\s?(?:miljoen|mln\.?)|(?:\bx|×)\s?(?:€|eur|euro)?\s?1[.\s]?000\b|€\s?['’‘]000\b|\bin\s+duizenden\s+euro",
            )
            .ok()
        })
        .as_ref()?;
    let m = re.find(text)?;
    let written = m.as_str().trim().to_string();
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let low = written.to_lowercase();
    let factor = if digits == "1000000" || low.contains("miljoen") || low.contains("mln") {
        1.0e6
    } else {
        1.0e3
    };
    Some((written, factor))
}

/// The figure a cell holds when it holds nothing else: a Dutch number
/// ("1.234", "-2.032", "19,8", "€ 150.000", "58%"), and whether it is a
/// percentage.
pub fn parse_figure(text: &str) -> Option<(f64, bool)> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| {
            Regex::new(
                r"^([-−–+]?)\s*(?:€\s*)?([-−–]?)([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]+))?\s*(%)?$",
            )
            .ok()
        })
        .as_ref()?;
    let c = re.captures(text.trim())?;
    let negative = !c[1].is_empty() && &c[1] != "+" || !c[2].is_empty();
    let whole = c[3].replace('.', "");
    let n: f64 = match c.get(4) {
        Some(frac) => format!("{whole}.{}", frac.as_str()).parse().ok()?,
        None => whole.parse().ok()?,
    };
    Some((if negative { -n } else { n }, c.get(5).is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawBlock;

    #[test]
    fn a_label_layout_read_as_headings_is_a_table() {
        let prose = "In 2023 zijn bijeenkomsten georganiseerd voor de woordvoerders.";
        let cells = |r: &[&str]| r.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let mut raw = vec![RawBlock::new(BlockKind::Paragraph, "Groeistrategie", 1)];
        raw.push(RawBlock::table(
            vec![
                cells(&["Plan Collectiecentrum", prose]),
                cells(&["", prose]),
                cells(&["Acquisitiebeleid", prose]),
            ],
            1,
        ));
        let doc = crate::ingest::assemble(
            crate::ingest::labels::split_label_tables(raw),
            crate::model::Format::Text,
            None,
        );
        // The sections see headings; the tables the grid.
        assert!(doc.blocks.iter().all(|b| b.kind != BlockKind::Table));
        let t = tables(&doc, &[]);
        assert_eq!(t.len(), 1);
        let grid: Vec<Vec<&str>> = t[0]
            .rows
            .iter()
            .map(|r| r.iter().map(|c| doc.slice(c.span)).collect())
            .collect();
        assert_eq!(
            grid,
            [
                ["Plan Collectiecentrum", prose],
                ["", prose],
                ["Acquisitiebeleid", prose]
            ]
        );
        assert_eq!(t[0].caption.as_deref(), Some("Groeistrategie"));
    }

    #[test]
    fn figures_as_printed() {
        assert_eq!(parse_figure("1.234"), Some((1234.0, false)));
        assert_eq!(parse_figure("-2.032"), Some((-2032.0, false)));
        assert_eq!(parse_figure("– 485"), Some((-485.0, false)));
        assert_eq!(parse_figure("19,8"), Some((19.8, false)));
        assert_eq!(parse_figure("€ 150.000"), Some((150_000.0, false)));
        assert_eq!(parse_figure("58%"), Some((58.0, true)));
        for text in [
            "0.3",
            "0,17 (2018)",
            "n.v.t.",
            "2016-2020",
            "Baten",
            "",
            "12.34",
        ] {
            assert_eq!(parse_figure(text), None, "{text}");
        }
    }

    #[test]
    fn scales_as_printed() {
        let factor = |t: &str| scale_of(t).map(|s| s.1);
        assert_eq!(
            factor("Tabel 2 Meerjarenbeeld (bedragen x € 1.000)"),
            Some(1.0e3)
        );
        assert_eq!(factor("Kasstroom en EMU-saldo € '000"), Some(1.0e3));
        assert_eq!(factor("Bedragen x €1000"), Some(1.0e3));
        assert_eq!(factor("x € 1 miljoen"), Some(1.0e6));
        assert_eq!(factor("x 1.000.000"), Some(1.0e6));
        assert_eq!(factor("Lasten 2023"), None);
        assert_eq!(factor("box 1.000"), None);
        assert_eq!(
            scale_of("( \"-\"= nadeel ) bedragen x € 1.000").map(|s| s.0),
            Some("x € 1.000".to_string())
        );
    }
}
