//! Table assembly: the grid a reader sees, from the glyph runs of a region
//! that layout has found to be a table.
//!
//! - **Lines** by baseline ([`lines::baselines`]); each line is cut into
//!   pieces where the blank between two runs is wider than
//!   [`CELL_GAP`](super::params::CELL_GAP).
//! - **Columns** from the pieces of every line, narrowest first: a piece
//!   joins the column it overlaps; one that overlaps two columns that
//!   other lines already hold apart spans them (a title over sub-columns,
//!   a long label reaching under the first figures). So a right-aligned
//!   figure lands under the header it stands under, whatever its left
//!   edge, and no column exists that holds no text.
//! - **Rows**: each line starts a row unless it goes on with the one
//!   above ([`cells::continues`]). A line without a first cell goes on in the
//!   row's cells unless it brings figures of its own ("(2018)" under
//!   "0,17" goes on; "Lasten | -2.032" under "Baten | 89" does not). A
//!   line with a first cell is decided by it: a list item or a key in
//!   another weight starts a row; a key in lower case, after an open word
//!   ("en", a comma), or whose first word did not fit after the key above
//!   ends that key. A line with a figure under a figure starts a row, so
//!   a header on two full lines ("Realisatie" over "2023") gives two
//!   header rows, while a header whose cells wrap over lines of different
//!   columns is one row. Where rows are set apart by padding, a figure
//!   under words goes on with them ("gemiddeld" over "10,7 dagen").
//! - **Tables**: a header of years after rows of figures starts another
//!   table (Collectie Overijssel's "Balans | 2023 | 2022").
//!
//!
//! Before any of that, a region must earn being a table ([`evidence`]):
//! the modules are [`blocks`] (a run of row regions to table blocks),
//! [`evidence`], [`columns`](mod@columns), [`headers`] (header lines, and headers cut
//! off by the region tree), [`rows`](mod@rows), [`cells`] (multi-line cells) and
//! [`stacks`] (rows inside one region that no rule parts).
//!
//! [`lines::baselines`]: super::lines::baselines

mod blocks;
mod cells;
mod columns;
mod evidence;
mod headers;
mod rows;
mod stacks;

pub(super) use blocks::{cells_block, table_blocks};
pub(super) use evidence::{
    cells_line_up, continued_cell, is_cells, line_in_cells, row_like, NoTable,
};
pub(super) use headers::{nested_header, splice_after_header, titled_header};
pub(super) use stacks::{grid_rows, led_rows, line_rows};

use super::lines::{baselines, dominant_size};
use super::page::Frag;
use columns::{columns, pieces, split_spanning};
use rows::rows;

/// The cells of one line: for each filled column, the runs in it; a piece
/// that spans columns sits in its leftmost.
pub(super) struct LineCells {
    pub(super) y: f32,
    pub(super) size: f32,
    pub(super) cells: Vec<Vec<usize>>,
    /// The band between ruling lines the line stands in (0 when unruled).
    pub(super) band: usize,
    /// Its band is one row ([`Band::whole`]).
    pub(super) whole: bool,
}

/// The runs between two ruling lines of a table (all of them when no
/// rule parts its rows).
pub(super) struct Band {
    pub runs: Vec<usize>,
    /// The band is one row, whatever its lines.
    pub whole: bool,
}

/// A table's grid as the page shows it.
pub(super) struct Grid {
    /// Rows of equal width, a cell's lines joined.
    pub rows: Vec<Vec<String>>,
    /// Top of the first line and bottom of the last.
    pub top: f32,
    pub bottom: f32,
}

/// The grids of the runs `idx`: one table, or several when a header row
/// starts another under the same rules ("Balans | 2023 | 2022" under the
/// figures of "Resultaat"). Empty when the runs hold fewer than two
/// columns.
pub(super) fn assemble(frags: &[Frag], bands: &[Band]) -> Vec<Grid> {
    let idx: Vec<usize> = bands.iter().flat_map(|b| b.runs.iter().copied()).collect();
    let band_of = |i: usize| bands.iter().position(|b| b.runs.contains(&i)).unwrap_or(0);
    let groups = baselines(frags, &idx);
    let pieces = pieces(frags, &groups);
    let (columns, home) = columns(&pieces);
    if columns.len() < 2 {
        return Vec::new();
    }
    let mut lines_cells: Vec<LineCells> = groups
        .iter()
        .map(|(y, members)| {
            let band = members.first().map_or(0, |&i| band_of(i));
            LineCells {
                y: *y,
                size: dominant_size(frags, members),
                cells: vec![Vec::new(); columns.len()],
                band,
                whole: bands.get(band).is_some_and(|b| b.whole),
            }
        })
        .collect();
    for (p, piece) in pieces.iter().enumerate() {
        let cells = &mut lines_cells[piece.line].cells;
        match home[p] {
            Some(col) => cells[col].extend_from_slice(&piece.runs),
            None => {
                for (col, runs) in split_spanning(frags, piece, &columns) {
                    cells[col].extend(runs);
                }
            }
        }
    }
    rows(frags, &lines_cells, (columns[0].x0, columns[0].x1))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use columns::merge_disjoint_columns;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    /// A run of `text` at `x0` on baseline `y`, 10 pt, each character 5 pt
    /// wide.
    fn run(text: &str, x0: f32, y: f32) -> Frag {
        Frag {
            text: text.to_string(),
            x0,
            x1: x0 + 5.0 * text.chars().count() as f32,
            y,
            size: 10.0,
            bold: false,
            mcid: None,
            role: None,
            color: None,
            italic: false,
        }
    }

    /// A page as data: per line, its baseline and runs by left edge.
    fn grids(lines: &[(f32, &[(&str, f32)])]) -> Vec<Vec<Vec<String>>> {
        let frags: Vec<Frag> = lines
            .iter()
            .flat_map(|(y, runs)| runs.iter().map(|(t, x)| run(t, *x, *y)))
            .collect();
        let idx: Vec<usize> = (0..frags.len()).collect();
        assemble(
            &frags,
            &[Band {
                runs: idx,
                whole: false,
            }],
        )
        .into_iter()
        .map(|g| g.rows)
        .collect()
    }

    fn flat(g: &[Vec<String>]) -> Vec<Vec<String>> {
        g.iter()
            .map(|r| r.iter().map(|c| c.replace('\n', " ")).collect())
            .collect()
    }

    /// Right-aligned figures of different widths, and a subtotal set a
    /// little to the right, stand under the header they overlap: two
    /// columns of figures, not four.
    #[test]
    fn figures_stand_under_their_header() {
        let g = grids(&[
            (
                10.0,
                &[
                    ("Vlottende passiva", 0.0),
                    ("Ultimo", 200.0),
                    ("Ultimo", 260.0),
                ],
            ),
            (22.0, &[("€ '000", 0.0), ("2023", 205.0), ("2022", 265.0)]),
            (34.0, &[("Subsidies", 0.0), ("36", 215.0), ("2", 280.0)]),
            (
                46.0,
                &[("Subtotaal", 0.0), ("1.737", 220.0), ("2.006", 275.0)],
            ),
        ]);
        assert_eq!(g.len(), 1);
        assert_eq!(
            g[0],
            vec![
                vec!["Vlottende passiva", "Ultimo", "Ultimo"],
                vec!["€ '000", "2023", "2022"],
                vec!["Subsidies", "36", "2"],
                vec!["Subtotaal", "1.737", "2.006"],
            ]
        );
    }

    /// A label wrapped onto a line of its own joins its row; a new key
    /// starts one, even with a lower-case value beside it.
    #[test]
    fn wrapped_cells_join_their_row_and_new_keys_start_one() {
        let g = grids(&[
            (10.0, &[("Zaaknummer", 0.0), ("713442", 120.0)]),
            (
                22.0,
                &[("Portefeuillehouder", 0.0), ("de heer J. Kruijt", 120.0)],
            ),
            (34.0, &[("Saldo van niet", 0.0), ("€ 83k", 120.0)]),
            (46.0, &[("opgenomen verlofuren", 0.0)]),
        ]);
        assert_eq!(
            flat(&g[0]),
            vec![
                vec!["Zaaknummer", "713442"],
                vec!["Portefeuillehouder", "de heer J. Kruijt"],
                vec!["Saldo van niet opgenomen verlofuren", "€ 83k"],
            ]
        );
    }

    /// A header of years under the figures of a table starts the next
    /// table ("Balans | 2023 | 2022" under "Resultaat").
    #[test]
    fn a_header_of_years_after_figures_starts_a_table() {
        let g = grids(&[
            (
                10.0,
                &[("Resultaat", 0.0), ("2023", 200.0), ("2022", 260.0)],
            ),
            (22.0, &[("Baten", 0.0), ("6.918", 200.0), ("6.338", 260.0)]),
            (40.0, &[("Balans", 0.0), ("2023", 200.0), ("2022", 260.0)]),
            (
                52.0,
                &[("Eigen Vermogen", 0.0), ("3.084", 200.0), ("2.948", 260.0)],
            ),
        ]);
        assert_eq!(g.len(), 2);
        assert_eq!(g[1][0], vec!["Balans", "2023", "2022"]);
        assert_eq!(g[1][1], vec!["Eigen Vermogen", "3.084", "2.948"]);
    }

    /// Between ruling lines, a key's last word in lower case alone on its
    /// line ends that key (Wassenaar besluitenlijst: "Join" over
    /// "registratie" beside "Z/24/082517"), though it stands further
    /// below than the table's lines do.
    #[test]
    fn a_key_wrapped_between_rules_ends_its_key() {
        // The names under "Aanwezigen" set the line pitch; the key's
        // second line stands a little further down.
        let lines: [(f32, &[(&str, f32)]); 6] = [
            (10.0, &[("Datum", 0.0), ("10-12-2024", 120.0)]),
            (24.0, &[("Tijd", 0.0), ("9.30-14.44 uur", 120.0)]),
            (38.0, &[("Join", 0.0), ("Z/24/082517", 120.0)]),
            (50.0, &[("registratie", 0.0)]),
            (
                64.0,
                &[("Aanwezigen", 0.0), ("Wethouder L. van Doeveren,", 120.0)],
            ),
            (74.0, &[("wethouder R. Bloemendaal", 120.0)]),
        ];
        let mut frags = Vec::new();
        let mut bands = Vec::new();
        for (k, (y, runs)) in lines.iter().enumerate() {
            let first = frags.len();
            frags.extend(runs.iter().map(|(t, x)| run(t, *x, *y)));
            // The wrapped key and name stand in the band of the line
            // above them.
            if k == 3 || k == 5 {
                let band: &mut Band = bands.last_mut().unwrap();
                band.runs.extend(first..frags.len());
            } else {
                bands.push(Band {
                    runs: (first..frags.len()).collect(),
                    whole: false,
                });
            }
        }
        let g = assemble(&frags, &bands);
        assert_eq!(
            flat(&g[0].rows),
            vec![
                vec!["Datum", "10-12-2024"],
                vec!["Tijd", "9.30-14.44 uur"],
                vec!["Join registratie", "Z/24/082517"],
                vec![
                    "Aanwezigen",
                    "Wethouder L. van Doeveren, wethouder R. Bloemendaal"
                ],
            ]
        );
    }

    /// A header of capitalised words over rows of cells, under the
    /// figures of another table, starts a table of its own (Collectie
    /// Overijssel p. 21); a lower-case line of words under a key does not
    /// ("maatregel gecertificeerde instelling | werkdagen | werkdagen").
    #[test]
    fn a_header_of_words_after_figures_starts_a_table() {
        let g = grids(&[
            (10.0, &[("Totaal", 0.0), ("1.412", 200.0), ("1.150", 260.0)]),
            (
                28.0,
                &[
                    ("Langlopende verplichting", 0.0),
                    ("Type", 200.0),
                    ("Periode", 260.0),
                ],
            ),
            (
                40.0,
                &[
                    ("Pand Eikenstraat", 0.0),
                    ("Gebruik", 200.0),
                    ("Jaarlijks", 260.0),
                ],
            ),
            (
                52.0,
                &[("Pand Klooster", 0.0), ("Huur", 200.0), ("Tot 2024", 260.0)],
            ),
        ]);
        assert_eq!(g.len(), 2, "{g:?}");
        assert_eq!(g[1][0], vec!["Langlopende verplichting", "Type", "Periode"]);
        let g = grids(&[
            (10.0, &[("Tijd tot start", 0.0), ("5", 200.0), ("5", 260.0)]),
            (
                22.0,
                &[
                    ("maatregel instelling", 0.0),
                    ("werkdagen", 200.0),
                    ("werkdagen", 260.0),
                ],
            ),
            (
                34.0,
                &[
                    ("Bereik jongerenwerk", 0.0),
                    ("2.180", 200.0),
                    ("2.190", 260.0),
                ],
            ),
            (
                46.0,
                &[("Clientervaring", 0.0), ("8,1", 200.0), ("7,4", 260.0)],
            ),
        ]);
        assert_eq!(g.len(), 1, "{g:?}");
    }

    /// Header cells that wrap over lines of different columns are one
    /// header row; a value's year in parentheses under it stays in its
    /// cell.
    #[test]
    fn a_wrapped_header_is_one_row() {
        let g = grids(&[
            (10.0, &[("Voorgaande", 200.0), ("Landelijk", 300.0)]),
            (
                20.0,
                &[
                    ("Nr.", 0.0),
                    ("Indicator", 40.0),
                    ("laatst", 200.0),
                    ("cijfer", 300.0),
                ],
            ),
            (30.0, &[("bekende", 200.0)]),
            (
                44.0,
                &[
                    ("01", 0.0),
                    ("Formatie", 40.0),
                    ("0,17", 200.0),
                    ("n.v.t.", 300.0),
                ],
            ),
            (54.0, &[("(2018)", 200.0)]),
            (
                68.0,
                &[
                    ("02", 0.0),
                    ("Bezetting", 40.0),
                    ("0,12", 200.0),
                    ("n.v.t.", 300.0),
                ],
            ),
        ]);
        assert_eq!(
            flat(&g[0]),
            vec![
                vec![
                    "Nr.",
                    "Indicator",
                    "Voorgaande laatst bekende",
                    "Landelijk cijfer"
                ],
                vec!["01", "Formatie", "0,17 (2018)", "n.v.t."],
                vec!["02", "Bezetting", "0,12", "n.v.t."],
            ]
        );
    }

    #[test]
    fn columns_of_figures_that_never_meet_are_one() {
        // Details and their total right-aligned a little apart, under a
        // header set over neither.
        let mut rows = grid(&[
            &["Baten en lasten", "Realisatie 2023", "", ""],
            &["Baten GR Rijk", "", "", "2.247"],
            &["Baten GR Gemeente Zwolle", "", "", "1.662"],
            &["Baten", "", "6.918", ""],
        ]);
        merge_disjoint_columns(&mut rows);
        assert_eq!(
            rows,
            grid(&[
                &["Baten en lasten", "Realisatie 2023"],
                &["Baten GR Rijk", "2.247"],
                &["Baten GR Gemeente Zwolle", "1.662"],
                &["Baten", "6.918"],
            ])
        );
        // Words beside marks keep their place.
        let board = grid(&[
            &["Bestuur", "", "AB", "DB"],
            &["Hans Gerritsen", "", "V", "V"],
            &["Vincent Robijn", "Directeur", "", ""],
        ]);
        let mut same = board.clone();
        merge_disjoint_columns(&mut same);
        assert_eq!(same, board);
    }

    /// One case of `layouts.txt`: a page, and what must be read from it.
    struct Layout {
        name: String,
        page: super::super::page::Page,
        /// The first table's rows; `None`: no table at all.
        table: Option<Vec<Vec<String>>>,
    }

    /// The cases of `layouts.txt` (its header says the format).
    fn layouts(data: &str) -> Vec<Layout> {
        use super::super::rules::Rule;
        let mut out: Vec<Layout> = Vec::new();
        for (n, line) in data.lines().enumerate() {
            let line = line.trim_end();
            let here = || format!("layouts.txt:{}: {line:?}", n + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix("== ") {
                out.push(Layout {
                    name: name.to_string(),
                    page: super::super::page::Page::a4(Vec::new()),
                    table: None,
                });
                continue;
            }
            let case = out
                .last_mut()
                .unwrap_or_else(|| panic!("{} before a case", here()));
            let nums = |s: &str| -> Vec<f32> {
                s.split_whitespace()
                    .map(|w| w.parse().unwrap_or_else(|_| panic!("{}", here())))
                    .collect()
            };
            if let Some(rest) = line.strip_prefix("hrule ") {
                let [x0, x1, y] = nums(rest)[..] else {
                    panic!("{}", here())
                };
                case.page.rules.push(Rule {
                    x0,
                    y0: y,
                    x1,
                    y1: y + 0.5,
                });
            } else if let Some(rest) = line.strip_prefix("vrule ") {
                let [x, y0, y1] = nums(rest)[..] else {
                    panic!("{}", here())
                };
                case.page.rules.push(Rule {
                    x0: x,
                    y0,
                    x1: x + 0.5,
                    y1,
                });
            } else if line == "table" {
                case.table = Some(Vec::new());
            } else if line == "no table" {
                case.table = None;
            } else if let Some(cells) = line.strip_prefix('|') {
                let rows = case.table.as_mut().unwrap_or_else(|| panic!("{}", here()));
                let cells = cells
                    .strip_suffix('|')
                    .unwrap_or_else(|| panic!("{}", here()));
                rows.push(cells.split('|').map(|c| c.trim().to_string()).collect());
            } else if let Some((y, runs)) = line.split_once(':') {
                let y: f32 = y.trim().parse().unwrap_or_else(|_| panic!("{}", here()));
                for r in runs.split('|') {
                    let (x, text) = r
                        .trim()
                        .split_once(' ')
                        .unwrap_or_else(|| panic!("{}", here()));
                    let x: f32 = x.parse().unwrap_or_else(|_| panic!("{}", here()));
                    case.page.frags.push(run(text, x, y));
                }
            } else {
                panic!("{}: not a line of the format", here());
            }
        }
        out
    }

    /// Layouts as data: every case of `layouts.txt` read as it says.
    #[test]
    fn layouts_as_data() {
        let cases = layouts(include_str!("layouts.txt"));
        assert!(cases.len() >= 6, "{} cases", cases.len());
        let mut wrong = Vec::new();
        for case in &cases {
            let blocks = super::super::layout::page_blocks(&case.page);
            // A cell keeps its line breaks until hyphens are settled; a
            // reader sees a space.
            let table = blocks
                .iter()
                .find(|b| b.shape == super::super::page::Shape::Table)
                .map(|b| {
                    b.rows
                        .iter()
                        .map(|r| r.iter().map(|c| c.replace('\n', " ")).collect())
                        .collect()
                });
            if table != case.table {
                let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
                wrong.push(format!(
                    "{}:\n  want {:?}\n  read {:?}\n  blocks {:?}",
                    case.name, case.table, table, texts
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
