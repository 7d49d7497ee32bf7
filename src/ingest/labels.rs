//! The label column of a two-column layout, read as headings.
//!
//! In: raw blocks of any format. Out: the same blocks, with each table
//! that is a layout of labels beside text (not a table of data) replaced
//! by a heading per label and a paragraph per text, in row order.
//!
//! A jaarstukken sets its results as "label | result" rows ("Plan
//! Collectiecentrum" | "In 2023 zijn participatiebijeenkomsten …"), an
//! agenda its items as "number | title and decision" rows ("5.c.1" |
//! "Beantwoording schriftelijke vragen …" / "Besluit: …"): a reader sees a
//! heading over each paragraph, and the sections must say so. What makes
//! such a table:
//!
//! - a **text column**: the column with the most prose cells, and a
//!   **label column**, the filled column just left of it; any other
//!   filled column holds figures only (a count of documents), or text
//!   only in rows where both are empty (a room name above the items);
//! - every label is a label (short, no sentence — see
//!   [`crate::shape::label_shape`]) or an outline number, whose title is
//!   the first lines of its text up to a label with a colon
//!   ("Besluit:"), at most a heading's length;
//! - two labels or more, and prose beside half of the labels (a third of
//!   the numbers): a header block ("Datum" | "27-06-2023") or a table of
//!   figures stays a table.

use crate::model::{BlockKind, Place, RawBlock};
use crate::shape::{
    is_figures, is_outline_number, is_prose, label_shape, starts_upper, MAX_HEADING_CHARS,
    MAX_HEADING_WORDS,
};

/// A piece of a label layout, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A label (with the title of an outline number).
    Heading(String),
    /// Text beside or under it.
    Text(String),
}

/// Replace every label-layout table among `raw` by its headings and
/// paragraphs. Headings set in a table take the level below the deepest
/// heading level the format gave.
pub fn split_label_tables(raw: Vec<RawBlock>) -> Vec<RawBlock> {
    if !raw.iter().any(|b| b.kind == BlockKind::Table) {
        return raw;
    }
    let deepest = raw
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .filter_map(|b| b.style.level)
        .max();
    let mut out = Vec::with_capacity(raw.len());
    let mut grids = 0;
    for b in raw {
        let layout = (b.kind == BlockKind::Table)
            .then(|| label_layout(&b.rows))
            .flatten();
        let Some(layout) = layout else {
            out.push(b);
            continue;
        };
        for (piece, cell) in layout.pieces {
            let (kind, text) = match piece {
                Piece::Heading(t) => (BlockKind::Heading, t),
                Piece::Text(t) => (BlockKind::Paragraph, t),
            };
            let mut nb = RawBlock::new(kind, text, b.page);
            nb.style.font_size = b.style.font_size;
            // A web page's label is a table cell, the element it came from.
            nb.style.tag = match kind {
                BlockKind::Heading => b.style.tag.as_ref().map(|_| "td".to_string()),
                _ => b.style.tag.clone(),
            };
            if kind == BlockKind::Heading {
                nb.style.level = deepest.map(|d| (d + 1).min(6));
            }
            nb.place = cell.filter(|_| layout.grid).map(|(row, col)| Place {
                table: grids,
                row,
                col,
            });
            out.push(nb);
        }
        grids += usize::from(layout.grid);
    }
    out
}

/// A label layout read: its pieces in reading order, each with the cell
/// it comes from (row, and column: 0 the label, 1 the text; none for the
/// text of other columns and an outline number's title), and whether the
/// pieces tile a grid of labels beside texts: no outline numbers (a
/// numbered list set with hanging indents is no table), no other column,
/// and prose beside three rows in four (a masthead's labels beside a page
/// number and a title are no table).
struct Layout {
    pieces: Vec<(Piece, Option<(usize, usize)>)>,
    grid: bool,
}

/// The pieces of a table that is a layout of labels beside text; `None`
/// when it is not one.
pub fn label_rows(rows: &[Vec<String>]) -> Option<Vec<Piece>> {
    label_layout(rows).map(|l| l.pieces.into_iter().map(|(p, _)| p).collect())
}

/// [`label_rows`] with each piece's cell.
fn label_layout(rows: &[Vec<String>]) -> Option<Layout> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    fn cell(r: &[String], c: usize) -> &str {
        r.get(c).map_or("", |t| t.trim())
    }
    let used: Vec<usize> = (0..width)
        .filter(|&c| rows.iter().any(|r| !cell(r, c).is_empty()))
        .collect();
    let prose_in = |c: usize| rows.iter().filter(|r| is_prose(&flat(cell(r, c)))).count();
    let text_at = (1..used.len()).max_by_key(|&k| (prose_in(used[k]), std::cmp::Reverse(k)))?;
    let (label, text) = (used[text_at - 1], used[text_at]);
    let mut out = Vec::new();
    let (mut labels, mut numbers, mut prose) = (0, 0, 0);
    let mut others_filled = false;
    let mut filled = 0;
    for (i, r) in rows.iter().enumerate() {
        let (l, t) = (flat(cell(r, label)), cell(r, text));
        let others: Vec<&str> = used
            .iter()
            .filter(|&&c| c != label && c != text)
            .map(|&c| cell(r, c))
            .filter(|t| !t.is_empty())
            .collect();
        let extra = others.join(" ");
        others_filled |= !extra.is_empty();
        if l.is_empty() && t.is_empty() {
            if !extra.is_empty() {
                out.push((Piece::Text(extra), None));
            }
            continue;
        }
        // Other filled cells beside a label or text: figures only.
        if !others.iter().all(|o| is_figures(o)) {
            return None;
        }
        if is_prose(&flat(t)) {
            prose += 1;
        }
        filled += 1;
        if l.is_empty() {
            out.push((Piece::Text(t.to_string()), Some((i, 1))));
        } else if is_outline_number(&l) {
            let (title, rest) = agenda_title(t)?;
            numbers += 1;
            out.push((Piece::Heading(format!("{l} {title}")), None));
            if !rest.is_empty() {
                out.push((Piece::Text(rest.to_string()), None));
            }
        } else if label_shape(&l) && !t.is_empty() {
            labels += 1;
            out.push((Piece::Heading(l), Some((i, 0))));
            out.push((Piece::Text(t.to_string()), Some((i, 1))));
        } else if label_shape(&l) && labels > 0 {
            // A label with no text beside it, among labels with text: a
            // group's title over the labels after it
            // ("Productiviteitsstrategie").
            out.push((Piece::Heading(l), Some((i, 0))));
        } else {
            return None;
        }
        if !extra.is_empty() {
            out.push((Piece::Text(extra), None));
        }
    }
    let enough = labels + numbers >= 2 && prose * 6 >= labels * 3 + numbers * 2;
    enough.then_some(Layout {
        pieces: out,
        grid: numbers == 0 && !others_filled && prose >= 2 && 4 * prose >= 3 * filled,
    })
}

/// A cell's lines as one line.
fn flat(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title of an agenda item in the cell beside its number, and the
/// text after it: the lines before the first label that ends in a colon
/// ("Besluit:"), when they are at most three and a heading's length, else
/// the first line. `None` when the title does not open in upper case.
fn agenda_title(cell: &str) -> Option<(String, &str)> {
    let lines: Vec<&str> = cell.lines().collect();
    let label = lines
        .iter()
        .position(|l| l.trim_end().ends_with(':') && l.split_whitespace().count() <= 3);
    let n = match label {
        Some(k) if (1..=3).contains(&k) => k,
        _ => 1,
    };
    let title = flat(&lines.get(..n)?.join(" "));
    let fits = title.split_whitespace().count() <= MAX_HEADING_WORDS + 8
        && title.chars().count() <= MAX_HEADING_CHARS;
    if !fits || !starts_upper(&title) {
        return None;
    }
    let at: usize = lines.iter().take(n).map(|l| l.len() + 1).sum();
    Some((title, cell.get(at.min(cell.len())..).unwrap_or("").trim()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use Piece::{Heading, Text};

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    const PROSE: &str = "In 2023 zijn bijeenkomsten georganiseerd voor de woordvoerders.";

    fn heads(p: &[Piece]) -> Vec<&str> {
        p.iter()
            .filter_map(|x| match x {
                Heading(h) => Some(h.as_str()),
                Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn label_column_beside_prose_gives_headings() {
        let table = rows(&[
            &["Plan Collectiecentrum", PROSE],
            &["", "Vervolgens is een businesscase opgesteld."],
            &["Toekennen niveau van\nbruikbaarheid", PROSE],
        ]);
        let got = label_rows(&table).unwrap();
        assert_eq!(
            got,
            [
                Heading("Plan Collectiecentrum".into()),
                Text(PROSE.into()),
                Text("Vervolgens is een businesscase opgesteld.".into()),
                Heading("Toekennen niveau van bruikbaarheid".into()),
                Text(PROSE.into()),
            ]
        );
    }

    /// A group's title in the label column with no text beside it, among
    /// labels with text: a heading of its own. Alone it makes no layout.
    #[test]
    fn a_label_without_text_titles_the_labels_after_it() {
        let table = rows(&[
            &["E-depot voorziening", PROSE],
            &["Productiviteitsstrategie", ""],
            &["Ontwikkelen en implementeren KPI’s", PROSE],
        ]);
        let got = label_rows(&table).unwrap();
        assert_eq!(
            heads(&got),
            [
                "E-depot voorziening",
                "Productiviteitsstrategie",
                "Ontwikkelen en implementeren KPI’s"
            ]
        );
        assert!(label_rows(&rows(&[
            &["Productiviteitsstrategie", ""],
            &["Datum", PROSE]
        ]))
        .is_none());
    }

    #[test]
    fn a_label_layout_keeps_its_cells_and_an_agenda_none() {
        let table = rows(&[
            &["Plan Collectiecentrum", PROSE],
            &["", PROSE],
            &["Versterken Knooppunt", PROSE],
        ]);
        let out = split_label_tables(vec![RawBlock::table(table, 1)]);
        let places: Vec<_> = out
            .iter()
            .map(|b| b.place.map(|p| (p.table, p.row, p.col)))
            .collect();
        assert_eq!(
            places,
            [
                Some((0, 0, 0)),
                Some((0, 0, 1)),
                Some((0, 1, 1)),
                Some((0, 2, 0)),
                Some((0, 2, 1))
            ]
        );
        // Numbered agenda items beside their text are a list: no cells.
        let agenda = rows(&[
            &["5.a.1", "Vaststellen van het plan\nBesluit: in te stemmen."],
            &["5.b", "Beantwoording van vragen\nBesluit: vast te stellen."],
        ]);
        let out = split_label_tables(vec![RawBlock::table(agenda, 1)]);
        assert!(
            out.len() > 1 && out.iter().all(|b| b.place.is_none()),
            "{out:?}"
        );
    }

    #[test]
    fn agenda_numbers_take_their_title() {
        let table = rows(&[
            &["5.c.1", "Beantwoording schriftelijke vragen (nr. 258)\nBesluit:\nDe vragen te beantwoorden zoals voorgesteld."],
            // A title wrapped over two lines before its "Besluit:" label.
            &["5.b.1", "Samenwerkingsovereenkomst Regiotaxi periode 1 april\n2023 tot 1 april 2028\nBesluit:\nIn te stemmen met de overeenkomst zoals voorgesteld."],
        ]);
        let got = label_rows(&table).unwrap();
        assert_eq!(
            heads(&got),
            [
                "5.c.1 Beantwoording schriftelijke vragen (nr. 258)",
                "5.b.1 Samenwerkingsovereenkomst Regiotaxi periode 1 april 2023 tot 1 april 2028"
            ]
        );
        assert!(matches!(&got[1], Text(t) if t.starts_with("Besluit:")));
    }

    /// An agenda page as a web table: a room above the items, the number,
    /// the title with its explanation, a count of documents.
    #[test]
    fn a_web_agenda_keeps_its_counts_and_room_as_text() {
        let table = rows(&[
            &["Raadzaal", "", "", ""],
            &["", "1", "Opening.", "0"],
            &[
                "",
                "6",
                &format!("Bekrachtigen van de geheimhouding.\n{PROSE}"),
                "1",
            ],
            &[
                "",
                "7",
                &format!("Voorstel tot ontslag van twee commissieleden.\n{PROSE}"),
                "2",
            ],
        ]);
        let got = label_rows(&table).unwrap();
        assert_eq!(
            heads(&got),
            [
                "1 Opening.",
                "6 Bekrachtigen van de geheimhouding.",
                "7 Voorstel tot ontslag van twee commissieleden."
            ]
        );
        assert_eq!(got[0], Text("Raadzaal".into()));
        assert!(got.contains(&Text("2".into())));
    }

    #[test]
    fn tables_that_are_no_label_layout() {
        let long = "Burgemeester L. de Lange, wethouder L. van Duijn, wethouder R. Brekelmans, \
                    wethouder J. Kleijn, gemeentesecretaris J. Verschoor en de communicatieadviseur";
        let cases = [
            // A header block, one long value among short ones.
            rows(&[
                &["Locatie", "Muzenzaal, Raadhuis De Paauw"],
                &["Voorzitter", "Burgemeester L. de Lange"],
                &["Aanwezigen", long],
            ]),
            rows(&[&["Datum", "27-06-2023"], &["Tijd", "9.30 – 12.30"]]),
            // Figures.
            rows(&[&["Baten", "2.247"], &["Lasten", "-470"]]),
            // An indicator table with row numbers: no prose.
            rows(&[
                &["1", "Aantal inwoners", "1.000", "2.000"],
                &["2", "Banen per 1.000 inwoners", "600", "610"],
            ]),
            // One labelled row only.
            rows(&[&["Plan", PROSE], &["", PROSE]]),
            // A left cell that is a sentence.
            rows(&[&["Dit is gedaan.", PROSE], &["Plan", PROSE]]),
            // A third column of words.
            rows(&[&["Plan", PROSE, "Gereed"], &["Actie", PROSE, "Loopt"]]),
        ];
        for t in cases {
            assert_eq!(label_rows(&t), None, "{t:?}");
        }
    }
}
