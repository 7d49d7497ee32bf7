//! Columns from the pieces of every line, anchored on the header cells: a
//! piece joins the column it overlaps, one that overlaps two columns spans
//! them; after assembly, a column no row fills is dropped and columns of
//! figures that never meet are one.

use super::super::lines::dominant_size;
use super::super::page::Frag;
use super::super::params::CELL_GAP;
use crate::shape::is_figures;

/// A piece of a line: the runs of one cell on one baseline.
pub(super) struct Piece {
    pub(super) runs: Vec<usize>,
    x0: f32,
    x1: f32,
    pub(super) line: usize,
}

/// One column as the pieces build it: its extent and the lines that hold
/// a piece in it.
pub(super) struct Column {
    pub(super) x0: f32,
    pub(super) x1: f32,
    pub(super) lines: Vec<usize>,
}

/// The column a run overlaps most.
pub(super) fn column_of(columns: &[Column], x0: f32, x1: f32) -> usize {
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
pub(super) fn split_spanning(
    frags: &[Frag],
    piece: &Piece,
    columns: &[Column],
) -> Vec<(usize, Vec<usize>)> {
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
pub(super) fn pieces(frags: &[Frag], groups: &[(f32, Vec<usize>)]) -> Vec<Piece> {
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
pub(super) fn figure_edge(frags: &[Frag], piece: &Piece, next: &Frag, size: f32) -> bool {
    let Some(&last) = piece.runs.last() else {
        return false;
    };
    let prev = &frags[last];
    next.x0 - piece.x1 >= 0.4 * size && is_figures(&prev.text) != is_figures(&next.text)
}

pub(super) fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> f32 {
    a1.min(b1) - a0.max(b0)
}

/// Columns from the pieces, narrowest first, in left-to-right order, and
/// each piece's column (`None` for a piece that spans columns).
pub(super) fn columns(pieces: &[Piece]) -> (Vec<Column>, Vec<Option<usize>>) {
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

/// Remove the columns no row fills: a column of the region that another
/// table under the same rules cut.
pub(super) fn drop_empty_columns(rows: &mut [Vec<String>]) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for j in (0..width).rev() {
        if rows.iter().all(|r| r.get(j).is_none_or(|c| c.is_empty())) {
            for r in rows.iter_mut() {
                if j < r.len() {
                    r.remove(j);
                }
            }
        }
    }
}

/// Merge each column of figures into the one before it while no row fills
/// both. Right-aligned figures of different widths start at different
/// left edges, and a total set a little apart from the figures it adds up
/// starts at another: each edge became a column, most of them empty in
/// most rows. Only figures are merged, with the titles over them (in the
/// first row, or in a row without figures: the header of a second table
/// under the same rules): a column of words beside a column of marks
/// ("Directeur" beside the "V"s of a board) says something by its place.
pub(super) fn merge_disjoint_columns(rows: &mut [Vec<String>]) {
    let title_row = |r: &Vec<String>| r.iter().all(|c| !is_figures(c));
    let mergeable = |rows: &[Vec<String>], j: usize| {
        let figures = rows
            .iter()
            .any(|r| is_figures(&r[j]) || is_figures(&r[j + 1]));
        rows.iter().enumerate().all(|(i, r)| {
            let (a, b) = (&r[j], &r[j + 1]);
            (a.is_empty() || b.is_empty())
                && (i == 0
                    || (figures && title_row(r))
                    || [a, b].iter().all(|c| c.is_empty() || is_figures(c)))
        })
    };
    let mut j = 0;
    while rows.first().is_some_and(|r| j + 1 < r.len()) {
        if !mergeable(rows, j) {
            j += 1;
            continue;
        }
        for r in rows.iter_mut() {
            let next = r.remove(j + 1);
            if r[j].is_empty() {
                r[j] = next;
            }
        }
    }
}
