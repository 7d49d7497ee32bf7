//! A table must earn it: whether regions the region tree cut into cells
//! are a table's rows, or text that only looks cut (prose between a
//! masthead and a footer, text boxes side by side, a hanging indent, fine
//! print), before any grid is built.

use super::super::lines::dominant_size;
use super::super::page::Frag;
use super::super::params::{EXACT, FINE_PRINT, SAME_TABLE_SIZE};
use super::super::tree::{leaves, table_size};
use super::super::xycut::Node;
use super::headers::titled_header;
use crate::shape::{is_figures, is_prose};

/// Why regions are no table ([`table_blocks`](super::blocks::table_blocks)).
pub(in crate::ingest::pdf) enum NoTable {
    /// Cut by their cells, they read as text ([`reads_as_text`]).
    Text,
    /// Unruled, they are text boxes side by side ([`text_boxes`]).
    Boxes,
}

/// Whether rows cut as a table are a page of text: two thirds or more of
/// their characters stand in rows with one filled cell, all in one column,
/// each reading as prose ([`is_prose`]). Between the rules that frame a
/// page, a masthead and a footer cut into cells ("GEMEENTEBLAD" beside
/// "Nr. 469908", the page number beside the date) make a run of rows of
/// the paragraphs between them; their rows are the only ones with more
/// than one cell. A table's rows fill two cells or more (a label beside
/// its text), and a note spanning its width is a small part of it.
pub(super) fn reads_as_text(rows: &[Vec<String>]) -> bool {
    let total: usize = rows.iter().flatten().map(|c| c.chars().count()).sum();
    let mut by_column: Vec<(usize, usize)> = Vec::new();
    for row in rows {
        let mut filled = row.iter().enumerate().filter(|(_, c)| !c.trim().is_empty());
        if let (Some((k, cell)), None) = (filled.next(), filled.next()) {
            if is_prose(cell) {
                match by_column.iter_mut().find(|(col, _)| *col == k) {
                    Some(e) => e.1 += cell.chars().count(),
                    None => by_column.push((k, cell.chars().count())),
                }
            }
        }
    }
    let prose = by_column.iter().map(|e| e.1).max().unwrap_or(0);
    total > 0 && 3 * prose >= 2 * total
}

/// Whether unruled rows (`nodes`, cut into `rows`) are text boxes side by
/// side rather than a table of words: no figures after the first column,
/// and either
/// - fewer than four rows, one after the first with nothing in the first
///   column: a hanging indent ("1.1.1" beside a heading and the
///   paragraphs under it) or boxes that share no key; a short table of
///   words names every row in its first column (its header may leave it
///   empty); or
/// - type under 0.6 of the page's dominant size: a leaflet's fine print
///   ("Manufacturer" and "Importer" addresses at 4.5 pt on a page of 8 pt),
///   a figure's labels. A table set that small holds figures (Wassenaar's
///   5 pt "Tabel 3").
pub(super) fn text_boxes(frags: &[Frag], nodes: &[Node], rows: &[Vec<String>]) -> bool {
    let figures = rows.iter().any(|r| r.iter().skip(1).any(|c| is_figures(c)));
    let keyless = rows
        .iter()
        .skip(1)
        .any(|r| r.first().is_none_or(|c| c.trim().is_empty()));
    // The page's size only where the rest does not decide.
    let small = || {
        let size = dominant_size(frags, &nodes.iter().flat_map(leaves).collect::<Vec<_>>());
        size < FINE_PRINT * dominant_size(frags, &(0..frags.len()).collect::<Vec<_>>())
    };
    !figures && ((rows.len() < 4 && keyless) || small())
}

/// Whether a region can be a table row: cut into cells, or (between ruled
/// rows) a row with one filled cell set in the table's type size, which a
/// heading between two tables is not; a title over a row of cells, in a
/// run of rows, as that row.
pub(in crate::ingest::pdf) fn row_like(
    frags: &[Frag],
    node: &Node,
    ruled: bool,
    in_run: bool,
    size: f32,
) -> bool {
    if let Some((_, header)) = titled_header(node).filter(|_| in_run) {
        // A group's title over its first row.
        return row_like(frags, header, ruled, in_run, size);
    }
    match node {
        Node::Cols(v) => v.len() >= 2 && v.len() <= 16,
        Node::Leaf(_) | Node::Rows { .. } => {
            ruled && in_run && (table_size(frags, node) - size).abs() < SAME_TABLE_SIZE
        }
    }
}

/// Whether `node`, text at the top of a ruled table, is a cell going on
/// from the page before: it starts where a cell of the row under it other
/// than the first starts, in that row's type size (Collectie Overijssel's
/// goal table: "uitvoeren. De (op middellange termijn) …" beside no
/// label).
pub(in crate::ingest::pdf) fn continued_cell(
    frags: &[Frag],
    node: &Node,
    next: Option<&Node>,
) -> bool {
    let (Node::Leaf(idx), Some(next @ Node::Cols(parts))) = (node, next) else {
        return false;
    };
    let left = |idx: &[usize]| idx.iter().map(|&k| frags[k].x0).fold(f32::MAX, f32::min);
    let x0 = left(idx);
    (table_size(frags, node) - table_size(frags, next)).abs() < SAME_TABLE_SIZE
        && parts
            .iter()
            .skip(1)
            .any(|p| (left(&leaves(p)) - x0).abs() < 2.0)
}

/// Whether `node` is one line whose runs start where the cells of the
/// row `above` start, two of them or more: a row whose key ran so close to
/// its value that the cut could not part them ("Join registratie" 3.5 pt
/// before "Z/23/072658", under "Tijd" | "9.30").
pub(in crate::ingest::pdf) fn line_in_cells(frags: &[Frag], node: &Node, above: &Node) -> bool {
    let (Node::Leaf(idx), Node::Cols(parts)) = (node, above) else {
        return false;
    };
    let Some(&first) = idx.first() else {
        return false;
    };
    if idx
        .iter()
        .any(|&k| (frags[k].y - frags[first].y).abs() > EXACT)
    {
        return false;
    }
    let starts: Vec<f32> = parts
        .iter()
        .filter_map(|p| {
            let l = leaves(p);
            (!l.is_empty()).then(|| l.iter().map(|&k| frags[k].x0).fold(f32::MAX, f32::min))
        })
        .collect();
    let matched = starts
        .iter()
        .filter(|&&x| idx.iter().any(|&k| (frags[k].x0 - x).abs() < EXACT))
        .count();
    matched >= 2
}

pub(in crate::ingest::pdf) fn is_cells(node: &Node) -> bool {
    matches!(node, Node::Cols(v) if v.len() >= 2)
}

/// Whether the parts of a region cut side by side line up as the cells of
/// a table row do: each starts at the row's top (within three of its lines)
/// or is centred on the row. A margin note at the foot of a page-high
/// column of text ("ah-tk-20202021-3235 / ISSN …" beside a Kamerstuk's
/// questions) is no cell beside it.
pub(in crate::ingest::pdf) fn cells_line_up(frags: &[Frag], node: &Node) -> bool {
    let Node::Cols(parts) = node else {
        return true;
    };
    let spans: Vec<(f32, f32, f32)> = parts
        .iter()
        .map(leaves)
        .filter(|idx| !idx.is_empty())
        .map(|idx| {
            let top = idx.iter().map(|&i| frags[i].top()).fold(f32::MAX, f32::min);
            let bottom = idx
                .iter()
                .map(|&i| frags[i].bottom())
                .fold(f32::MIN, f32::max);
            (top, bottom, dominant_size(frags, &idx))
        })
        .collect();
    let top = spans.iter().map(|s| s.0).fold(f32::MAX, f32::min);
    let bottom = spans.iter().map(|s| s.1).fold(f32::MIN, f32::max);
    let centre = (top + bottom) / 2.0;
    spans
        .iter()
        .all(|&(t, b, size)| t - top <= 3.6 * size || ((t + b) / 2.0 - centre).abs() <= 2.0 * size)
}
