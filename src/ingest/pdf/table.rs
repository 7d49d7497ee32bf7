//! Table assembly: the grid a reader sees, from the glyph runs of a region
//! that layout has found to be a table.
//!
//! - **Lines** by baseline ([`lines::baselines`]); each line is cut into
//!   pieces where the blank between two runs is wider than [`CELL_GAP`].
//! - **Columns** from the pieces of every line, narrowest first: a piece
//!   joins the column it overlaps; one that overlaps two columns that
//!   other lines already hold apart spans them (a title over sub-columns,
//!   a long label reaching under the first figures). So a right-aligned
//!   figure lands under the header it stands under, whatever its left
//!   edge, and no column exists that holds no text.
//! - **Rows**: each line starts a row unless it goes on with the one
//!   above ([`continues`]). A line without a first cell goes on in the
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
//! [`lines::baselines`]: super::lines::baselines

use super::lines::{baselines, dominant_size, join_cell_lines, lines};
use super::page::{Frag, Line};
use crate::shape::{bullet_marker, is_figures};

/// Blank between two runs of a line, in em, above which they are pieces
/// of different cells. Word spaces are a quarter em; justified prose
/// rarely stretches one past half an em.
const CELL_GAP: f32 = 0.8;

/// A baseline gap is line spacing, not a row's padding, up to this factor
/// of the narrowest gap between lines of the table.
const LINE_PITCH: f32 = 1.15;

/// A piece of a line: the runs of one cell on one baseline.
struct Piece {
    runs: Vec<usize>,
    x0: f32,
    x1: f32,
    line: usize,
}

/// One column as the pieces build it: its extent and the lines that hold
/// a piece in it.
struct Column {
    x0: f32,
    x1: f32,
    lines: Vec<usize>,
}

/// The cells of one line: for each filled column, the runs in it; a piece
/// that spans columns sits in its leftmost.
struct LineCells {
    y: f32,
    size: f32,
    cells: Vec<Vec<usize>>,
    /// The band between ruling lines the line stands in (0 when unruled).
    band: usize,
    /// Its band is one row ([`Band::whole`]).
    whole: bool,
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

/// The column a run overlaps most.
fn column_of(columns: &[Column], x0: f32, x1: f32) -> usize {
    let mut best = (0, f32::MIN);
    for (k, c) in columns.iter().enumerate() {
        let o = overlap(c.x0, c.x1, x0, x1);
        if o > best.1 {
            best = (k, o);
        }
    }
    best.0
}

/// A piece over two columns or more, cut where a blank between its runs
/// (a third of an em or more) parts runs of different columns ("0.3
/// Beheer overige gebouwen en" set close to "Baten"); what stays whole
/// spans its columns and sits in the leftmost.
fn split_spanning(frags: &[Frag], piece: &Piece, columns: &[Column]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut prev_x1 = f32::MIN;
    for &r in &piece.runs {
        let f = &frags[r];
        let col = column_of(columns, f.x0, f.ink_x1());
        // Set apart, or a word that starts where its column's words do.
        let apart = f.x0 - prev_x1 >= 0.3 * f.size
            || (f.x0 - prev_x1 > 0.1 * f.size && (f.x0 - columns[col].x0).abs() < 0.3 * f.size);
        match out.last_mut() {
            Some((c, runs)) if *c == col || !apart || col < *c => runs.push(r),
            _ => out.push((col, vec![r])),
        }
        prev_x1 = prev_x1.max(f.ink_x1());
    }
    if out.len() == 1 {
        let left = columns
            .iter()
            .position(|c| overlap(c.x0, c.x1, piece.x0, piece.x1) > 0.0)
            .unwrap_or(0);
        out[0].0 = left;
    }
    out
}

/// The pieces of each line, left to right.
fn pieces(frags: &[Frag], groups: &[(f32, Vec<usize>)]) -> Vec<Piece> {
    let mut out = Vec::new();
    for (line, (_, members)) in groups.iter().enumerate() {
        let mut order = members.clone();
        order.sort_by(|&a, &b| frags[a].x0.total_cmp(&frags[b].x0));
        let size = dominant_size(frags, &order);
        let mut current: Option<Piece> = None;
        for i in order {
            let f = &frags[i];
            if f.text.trim().is_empty() {
                continue;
            }
            match current.as_mut() {
                Some(p) if f.x0 - p.x1 <= CELL_GAP * size && !figure_edge(frags, p, f, size) => {
                    p.runs.push(i);
                    p.x1 = p.x1.max(f.ink_x1());
                }
                _ => {
                    out.extend(current.take());
                    current = Some(Piece {
                        runs: vec![i],
                        x0: f.x0,
                        x1: f.ink_x1(),
                        line,
                    });
                }
            }
        }
        out.extend(current);
    }
    out
}

/// A blank of 0.4 em or more between a figure and a word ("0,21" |
/// "Naar rato inwoners"): two cells set close.
fn figure_edge(frags: &[Frag], piece: &Piece, next: &Frag, size: f32) -> bool {
    let Some(&last) = piece.runs.last() else {
        return false;
    };
    let prev = &frags[last];
    next.x0 - piece.x1 >= 0.4 * size && is_figures(&prev.text) != is_figures(&next.text)
}

fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> f32 {
    a1.min(b1) - a0.max(b0)
}

/// Columns from the pieces, narrowest first, in left-to-right order, and
/// each piece's column (`None` for a piece that spans columns).
fn columns(pieces: &[Piece]) -> (Vec<Column>, Vec<Option<usize>>) {
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by(|&a, &b| {
        let wa = pieces[a].x1 - pieces[a].x0;
        let wb = pieces[b].x1 - pieces[b].x0;
        wa.total_cmp(&wb)
            .then(pieces[a].x0.total_cmp(&pieces[b].x0))
    });
    // Columns so far, and each piece's column by its index there; merged
    // columns leave a forward pointer.
    let mut cols: Vec<Column> = Vec::new();
    let mut merged_into: Vec<Option<usize>> = Vec::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut spanning: Vec<usize> = Vec::new();
    for p in order {
        let piece = &pieces[p];
        let live: Vec<usize> = (0..cols.len())
            .filter(|&c| merged_into[c].is_none())
            .filter(|&c| overlap(cols[c].x0, cols[c].x1, piece.x0, piece.x1) > 0.0)
            .collect();
        let held = live.iter().filter(|&&c| cols[c].lines.len() >= 2).count();
        if live.len() >= 2 && held >= 2 {
            spanning.push(p);
            continue;
        }
        let target = match live.first() {
            Some(&c) => c,
            None => {
                cols.push(Column {
                    x0: piece.x0,
                    x1: piece.x1,
                    lines: Vec::new(),
                });
                merged_into.push(None);
                members.push(Vec::new());
                cols.len() - 1
            }
        };
        for &c in live.iter().skip(1) {
            merged_into[c] = Some(target);
            let (x0, x1) = (cols[c].x0, cols[c].x1);
            let moved_lines = std::mem::take(&mut cols[c].lines);
            let moved = std::mem::take(&mut members[c]);
            let t = &mut cols[target];
            t.x0 = t.x0.min(x0);
            t.x1 = t.x1.max(x1);
            t.lines.extend(moved_lines);
            members[target].extend(moved);
        }
        let t = &mut cols[target];
        t.x0 = t.x0.min(piece.x0);
        t.x1 = t.x1.max(piece.x1);
        if !t.lines.contains(&piece.line) {
            t.lines.push(piece.line);
        }
        members[target].push(p);
    }
    // The live columns left to right.
    let mut live: Vec<usize> = (0..cols.len())
        .filter(|&c| merged_into[c].is_none())
        .collect();
    live.sort_by(|&a, &b| cols[a].x0.total_cmp(&cols[b].x0));
    let mut home = vec![None; pieces.len()];
    let mut out = Vec::with_capacity(live.len());
    for (k, &c) in live.iter().enumerate() {
        for &p in &members[c] {
            home[p] = Some(k);
        }
        out.push(Column {
            x0: cols[c].x0,
            x1: cols[c].x1,
            lines: std::mem::take(&mut cols[c].lines),
        });
    }
    (out, home)
}

/// What a line of a table is, by its cells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// A figure (not a year) in a column after the first: a body row.
    Body,
    /// Two years or labels with a year or more ("2023", "Realisatie
    /// 2023"), and no other digits after the first column: a header.
    YearHeader,
    /// Three titles or more, short, capitalised and without digits, the
    /// first cell among them ("Langlopende verplichting | Type | Kosten | Periode |
    /// Contractpartij"): a header of words.
    TitleHeader,
    /// Anything else.
    Other,
}

fn line_kind(cells: &[Option<Line>]) -> LineKind {
    let texts: Vec<&str> = cells.iter().flatten().map(|l| l.text.trim()).collect();
    let body = cells
        .iter()
        .skip(1)
        .flatten()
        .any(|l| is_figures(&l.text) && !is_year_label(&l.text));
    if body {
        LineKind::Body
    } else if texts.iter().filter(|t| is_year_label(t)).count() >= 2
        && cells
            .iter()
            .skip(1)
            .flatten()
            .all(|l| is_year_label(&l.text) || !l.text.contains(|c: char| c.is_ascii_digit()))
    {
        LineKind::YearHeader
    } else if texts.len() >= 3
        && cells[0].is_some()
        && texts.iter().all(|t| {
            t.split_whitespace().count() <= 5
                && !t.contains(|c: char| c.is_ascii_digit())
                && !t.starts_with(char::is_lowercase)
        })
    {
        LineKind::TitleHeader
    } else {
        LineKind::Other
    }
}

/// A year, or a few words with one year: "2023", "Realisatie 2023",
/// "Ultimo 2022".
fn is_year_label(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let year = |w: &str| crate::shape::year(w).is_some();
    words.len() <= 4
        && words.iter().filter(|w| year(w)).count() == 1
        && words
            .iter()
            .all(|w| year(w) || w.chars().all(|c| c.is_alphabetic() || c == '.'))
}

/// The grids of a table's lines: cut before a header that follows body
/// rows (with the lines without figures above it), each with its rows.
fn rows(frags: &[Frag], lines_cells: &[LineCells], key: (f32, f32)) -> Vec<Grid> {
    let text_of = |runs: &[usize]| -> Option<Line> { lines(frags, runs).into_iter().next() };
    let cells: Vec<Vec<Option<Line>>> = lines_cells
        .iter()
        .map(|lc| {
            lc.cells
                .iter()
                .map(|runs| (!runs.is_empty()).then(|| text_of(runs)).flatten())
                .collect()
        })
        .collect();
    let kinds: Vec<LineKind> = cells.iter().map(|c| line_kind(c)).collect();
    // Cut before each header that follows a body row, and before the
    // lines without figures right above it.
    let mut starts = vec![0];
    for i in 1..kinds.len() {
        // A header of words after rows of figures, over two rows of
        // cells or more, heads a table of its own (Collectie Overijssel
        // p. 21: "Langlopende verplichting | Type | …" under the
        // voorschotbedragen's totals).
        let filled = |k: &usize| cells[*k].iter().filter(|c| c.is_some()).count() >= 2;
        if kinds[i] == LineKind::TitleHeader {
            let start = *starts.last().unwrap_or(&0);
            let body_before = kinds[start..i].contains(&LineKind::Body);
            let rows_after = (i + 1..kinds.len()).take(3).filter(filled).count() >= 2;
            if body_before && rows_after {
                starts.push(i);
            }
            continue;
        }
        if kinds[i] != LineKind::YearHeader {
            continue;
        }
        let mut s = i;
        while s > 0 && kinds[s - 1] == LineKind::Other && i - s < 3 {
            s -= 1;
        }
        let body_before = s > 0 && kinds[s - 1] == LineKind::Body;
        let body_after = kinds[i + 1..].iter().take(3).any(|k| *k == LineKind::Body);
        if body_before && body_after && s > *starts.last().unwrap_or(&0) {
            starts.push(s);
        }
    }
    starts.push(kinds.len());
    starts
        .windows(2)
        .map(|w| {
            grid(
                &lines_cells[w[0]..w[1]],
                &cells[w[0]..w[1]],
                &kinds[w[0]..w[1]],
                key,
            )
        })
        .collect()
}

/// One grid from its lines: a header over several lines whose cells wrap
/// is one row; each other line starts a row unless it continues the one
/// above.
fn grid(
    lines_cells: &[LineCells],
    cells: &[Vec<Option<Line>>],
    kinds: &[LineKind],
    key: (f32, f32),
) -> Grid {
    let width = lines_cells.first().map_or(0, |l| l.cells.len());
    let pitch = lines_cells
        .windows(2)
        .map(|w| (w[1].y - w[0].y) / w[0].size.max(w[1].size).max(1.0))
        .fold(f32::MAX, f32::min);
    // Rows set apart by padding: a blank between two lines half as wide
    // again as the narrowest.
    let padded = lines_cells
        .windows(2)
        .any(|w| (w[1].y - w[0].y) / w[0].size.max(w[1].size).max(1.0) >= 1.5 * pitch);
    // The header: the lines before the first body line, when they are
    // few; one row when its lines fill different columns (cells that
    // wrap), a row per line when each fills the same ones.
    let ruled = lines_cells.iter().any(|l| l.band > 0);
    // A header ends at the first ruling line under it.
    let first_band = lines_cells
        .iter()
        .position(|l| l.band != lines_cells[0].band)
        .unwrap_or(cells.len());
    let (lead, head) = header_zone(&cells[..first_band], &kinds[..first_band]);
    let mut rows: Vec<Vec<Vec<Line>>> = cells[..lead]
        .iter()
        .map(|line| line.iter().map(|c| c.iter().cloned().collect()).collect())
        .collect();
    if head > lead {
        let mut row: Vec<Vec<Line>> = vec![Vec::new(); width];
        for line in &cells[lead..head] {
            for (slot, cell) in row.iter_mut().zip(line) {
                slot.extend(cell.clone());
            }
        }
        rows.push(row);
    }
    for k in head.max(lead)..cells.len() {
        let line = &cells[k];
        // A ruling line between two lines parts their rows.
        let same_band = k > 0 && lines_cells[k - 1].band == lines_cells[k].band;
        // A line of years under a header line is a header row of its
        // own ("Realisatie" over "2023"), unless its words go on in lower
        // case ("Ontvangen" over "bedragen").
        let years = kinds[k] == LineKind::YearHeader
            && !line
                .iter()
                .flatten()
                .any(|l| l.text.starts_with(char::is_lowercase));
        // Between ruling lines, a key's lower-case last word alone on its
        // line ends that key ("Join" over "registratie").
        let key_ends = ruled
            && line[0].as_ref().is_some_and(|l| {
                l.text.starts_with(char::is_lowercase) && bullet_marker(&l.text).is_none()
            })
            && line[1..].iter().all(Option::is_none);
        let joins = k > head
            && same_band
            && (lines_cells[k].whole || !years)
            && (lines_cells[k].whole
                || key_ends
                || rows.last().is_some_and(|row| {
                    continues(
                        &lines_cells[k - 1],
                        &lines_cells[k],
                        row,
                        line,
                        (pitch, padded),
                        key,
                    )
                }));
        match rows.last_mut() {
            Some(row) if joins => {
                for (slot, cell) in row.iter_mut().zip(line) {
                    slot.extend(cell.clone());
                }
            }
            Some(row)
                if k > head
                    && same_band
                    && key_goes_on(
                        &lines_cells[k - 1],
                        &lines_cells[k],
                        row,
                        line,
                        pitch,
                        key.1,
                    ) =>
            {
                // The key ends the one above; its figures are a row of
                // their own ("0.3 Beheer overige gebouwen en" over
                // "gronden | Lasten | -485").
                let mut line = line.clone();
                row[0].extend(line[0].take());
                rows.push(line.into_iter().map(|c| c.into_iter().collect()).collect());
            }
            _ => rows.push(line.iter().map(|c| c.iter().cloned().collect()).collect()),
        }
    }
    let top = lines_cells.first().map_or(0.0, |l| l.y - 0.72 * l.size);
    let bottom = lines_cells.last().map_or(0.0, |l| l.y + 0.2 * l.size);
    let rows = rows
        .into_iter()
        .map(|row| {
            let mut r: Vec<String> = row.into_iter().map(join_cell_lines).collect();
            r.resize(width, String::new());
            r
        })
        .collect();
    Grid { rows, top, bottom }
}

/// The header of a grid's lines: `(lead, end)`, where the lines before
/// `lead` are titles over it (a first cell alone, not going on) and
/// `lead..end` wrap into one header row. Each line is a row of its own
/// (`end == lead`) unless the header's lines fill different columns. The
/// header ends before the first body line, or at a first cell alone
/// under cells beside it that does not go on from them ("ACTIVA" under
/// "Boekwaarde per 31 december | 2020 | 2021").
fn header_zone(cells: &[Vec<Option<Line>>], kinds: &[LineKind]) -> (usize, usize) {
    let Some(body) = kinds.iter().position(|k| *k == LineKind::Body) else {
        return (0, 0);
    };
    let alone = |c: &Vec<Option<Line>>| c[0].is_some() && c[1..].iter().all(Option::is_none);
    let goes_on = |k: usize| {
        k + 1 < cells.len()
            && (cells[k][0].as_ref().is_some_and(|l| open_end(&l.text))
                || cells[k + 1][0]
                    .as_ref()
                    .is_some_and(|l| l.text.starts_with(char::is_lowercase)))
    };
    let mut lead = 0;
    while lead < body && alone(&cells[lead]) && !goes_on(lead) {
        lead += 1;
    }
    let mut end = lead;
    while end < body {
        let starts_lower = cells[end][0]
            .as_ref()
            .is_some_and(|l| l.text.starts_with(char::is_lowercase));
        if end > lead && alone(&cells[end]) && !starts_lower && !goes_on(end - 1) {
            break;
        }
        end += 1;
    }
    let set = |c: &Vec<Option<Line>>| c.iter().map(Option::is_some).collect::<Vec<_>>();
    // Two columns are a key and its value more often than a header.
    let wraps = cells[0].len() >= 3
        && end - lead >= 2
        && end - lead <= 6
        && cells[lead..end].iter().any(|c| set(c) != set(&cells[lead]));
    if wraps {
        (lead, end)
    } else {
        (lead, lead)
    }
}

/// Whether the line `cells` (at `lc`) goes on with the row `row`, whose
/// last line is `prev`.
fn continues(
    prev: &LineCells,
    lc: &LineCells,
    row: &[Vec<Line>],
    cells: &[Option<Line>],
    (pitch, padded): (f32, bool),
    (key_left, key_right): (f32, f32),
) -> bool {
    let gap = (lc.y - prev.y) / prev.size.max(lc.size).max(1.0);
    let filled: Vec<usize> = (0..cells.len()).filter(|&c| cells[c].is_some()).collect();
    let row_filled = |c: usize| !row[c].is_empty();
    // A line without the first column, under a row that has it, in
    // columns the row fills: the rest of its cells ("(2018)" under a
    // figure, a description's next line). Cells centred or set apart
    // by padding make its baseline gap no measure.
    let keyless = cells[0].is_none() && row_filled(0);
    let tight = gap <= LINE_PITCH * pitch;
    let figures = filled
        .iter()
        .any(|&c| cells[c].as_ref().is_some_and(|l| is_figures(&l.text)));
    if keyless
        && filled.iter().all(|&c| row_filled(c))
        && ((gap <= 3.0 && !figures) || (gap <= 2.0 && keyless_fits(row, cells)))
    {
        return true;
    }
    // A label wrapped before its figures: the row so far is its first
    // column alone, and the line ends the label in lower case ("a)"
    // opens an item). Within two lines when its first word did not fit
    // after the label above: the narrowest gap of the table may be a cell
    // centred off the key's lines, no measure of its line spacing
    // ("Individueel toepasselijke" over "bezoldigingsmaximum | 223.000";
    // a group's title "Uitzettingen < 1 jaar" over "vorderingen …" had
    // room for it).
    let wrapped_label = (1..row.len()).all(|c| !row_filled(c))
        && cells[0].as_ref().is_some_and(|l| {
            row_filled(0)
                && l.text.starts_with(char::is_lowercase)
                && bullet_marker(&l.text).is_none()
        });
    if wrapped_label && (tight || (gap <= 2.0 && no_room(row, cells, key_right))) {
        return true;
    }
    if !tight {
        return false;
    }
    if filled.is_empty() {
        return true;
    }
    // A cell goes on when its line starts in lower case or with "(", or
    // the cell's line above ends open.
    let goes_on = |c: usize| {
        cells[c].as_ref().is_some_and(|l| {
            l.text
                .starts_with(|ch: char| ch.is_lowercase() || ch == '(')
        }) || row[c].last().is_some_and(|l| open_end(&l.text))
    };
    // Figures start a row under figures, unless the cell above ends
    // open ("35% /" over "65%"); under words they go on with them
    // ("gemiddeld" over "19,8").
    let figure_starts = filled.iter().any(|&c| {
        cells[c].as_ref().is_some_and(|l| is_figures(&l.text))
            && row[c]
                .last()
                .is_none_or(|l| is_figures(&l.text) && !open_end(&l.text))
    });
    if figure_starts || !filled.iter().all(|&c| row_filled(c)) {
        return false;
    }
    // The first column decides when the line has one: a new key starts
    // a row ("Portefeuillehouder" | "de heer …" under "Zaaknummer"),
    // unless the other cells go on from text above them ("Aanvullende
    // zorg" | "dagen" | "dagen" under "… start hulp" | "binnen 14").
    if let Some(key) = &cells[0] {
        // A list item, or a key set in another weight (a group's title
        // under its last row), starts a row.
        let restyled = row[0].last().is_some_and(|above| above.bold != key.bold);
        if bullet_marker(&key.text).is_some() || restyled {
            return false;
        }
        let others: Vec<usize> = filled.iter().copied().filter(|&c| c > 0).collect();
        // A cell goes on, or (in padded rows) a figure goes on from words
        // ("gemiddeld" over "10,7 dagen").
        let text_goes_on = |c: usize| {
            goes_on(c)
                || (padded
                    && cells[c].as_ref().is_some_and(|l| {
                        l.text.starts_with(|ch: char| ch.is_ascii_digit())
                            && !is_year_label(&l.text)
                            && row[c].last().is_some_and(|a| !is_figures(&a.text))
                    }))
        };
        // Two cells or more: one value in lower case beside a new key
        // is that key's ("Portefeuille" | "wethouder …").
        let rest_goes_on = others.len() >= 2
            && 2 * others.iter().filter(|&&c| text_goes_on(c)).count() >= others.len();
        // The key above filled its column: the word that opens this
        // line did not fit after it ("% volgens plan beëindigde" over
        // "trajecten Aanvullende zorg", "Tijd tussen melding" over "en
        // start hulp").
        // Alone on its line that is enough; beside other cells, the key
        // above must fill most of its column and the cells go on in
        // lower case.
        let wrapped = row[0].last().is_some_and(|above| {
            let first = key.text.split_whitespace().next().unwrap_or("");
            let per_char = (key.x1 - key.x0) / key.text.chars().count().max(1) as f32;
            // In padded rows, any line of the key above may show it full.
            let reach = if padded {
                row[0].iter().map(|l| l.x1).fold(above.x1, f32::max)
            } else {
                above.x1
            };
            let full = reach - key_left >= 0.7 * (key_right - key_left);
            // Lower case, or, where rows are set apart by padding, a
            // figure going on from words ("gemiddeld" over "10,7 dagen").
            let lower = others.iter().all(|&c| {
                cells[c].as_ref().is_some_and(|l| {
                    l.text.starts_with(char::is_lowercase)
                        || (padded
                            && l.text.starts_with(|ch: char| ch.is_ascii_digit())
                            && row[c].last().is_some_and(|a| !is_figures(&a.text)))
                })
            });
            let figure_goes_on = others.iter().any(|&c| {
                cells[c].as_ref().is_some_and(|l| {
                    l.text.starts_with(|ch: char| ch.is_ascii_digit())
                        && row[c].last().is_some_and(|a| !is_figures(&a.text))
                })
            });
            above.x1 + per_char * (first.chars().count() + 1) as f32 > key_right
                && (others.is_empty() || (full && lower && (padded || figure_goes_on)))
        });
        return goes_on(0) || rest_goes_on || wrapped;
    }
    filled.iter().any(|&c| goes_on(c))
}

/// Whether the key of a line that starts a row ends the key of the row
/// above: set at line spacing, in lower case, under a key of the same
/// weight that ends open or left no room for the line's first word ("0.3
/// Beheer overige gebouwen en" over "gronden"). A short key above ends
/// where it does: "idem als % deelnemersbijdragen" under "Algemene
/// Reserve" is a row of its own.
fn key_goes_on(
    prev: &LineCells,
    lc: &LineCells,
    row: &[Vec<Line>],
    cells: &[Option<Line>],
    pitch: f32,
    key_right: f32,
) -> bool {
    let gap = (lc.y - prev.y) / prev.size.max(lc.size).max(1.0);
    let Some(key) = &cells[0] else { return false };
    gap <= LINE_PITCH * pitch
        && cells[1..].iter().any(Option::is_some)
        && key.text.starts_with(char::is_lowercase)
        && bullet_marker(&key.text).is_none()
        && row[0].last().is_some_and(|above| {
            above.bold == key.bold && (open_end(&above.text) || no_room(row, cells, key_right))
        })
}

/// Whether the first word of the line's key would not have fitted after
/// the key line above it, in a key column reaching `key_right`.
fn no_room(row: &[Vec<Line>], cells: &[Option<Line>], key_right: f32) -> bool {
    let Some(key) = &cells[0] else { return false };
    let first = key.text.split_whitespace().next().unwrap_or("");
    let per_char = (key.x1 - key.x0) / key.text.chars().count().max(1) as f32;
    row[0]
        .last()
        .is_some_and(|above| above.x1 + per_char * (first.chars().count() + 1) as f32 > key_right)
}

/// Whether a line without a first cell goes on with the cells above it:
/// every cell it has is a figure in parentheses or a year under a figure,
/// or goes on in lower case, or follows a line that ends open.
fn keyless_fits(row: &[Vec<Line>], cells: &[Option<Line>]) -> bool {
    cells.iter().zip(row).all(|(cell, above)| {
        let Some(l) = cell else { return true };
        let t = l.text.trim();
        (t.starts_with('(') && t.ends_with(')'))
            || t.starts_with(char::is_lowercase)
            || above.last().is_some_and(|a| open_end(&a.text))
    })
}

/// Whether a cell's line stops where its text cannot end: a comma, a
/// hyphen, or a word that needs one after it.
fn open_end(text: &str) -> bool {
    const OPEN: [&str; 12] = [
        "en", "of", "van", "de", "het", "een", "voor", "met", "op", "in", "aan", "te",
    ];
    let t = text.trim_end();
    t.ends_with([',', '-', '–', '(', '&', '/'])
        || t.rsplit(' ')
            .next()
            .is_some_and(|w| t.contains(' ') && OPEN.contains(&w))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

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
}
