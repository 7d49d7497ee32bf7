//! Table blocks of a run of row regions: the cut the region tree made,
//! checked for evidence ([`super::evidence`]), then the grid
//! [`super::assemble`] reads from the runs, as [`PageBlock`]s.

use super::super::lines::{dominant_size, join_cell_lines};
use super::super::page::{Frag, Line, PageBlock, Shape};
use super::super::params::{COLUMN_ANCHOR, OFF_BASELINE};
use super::super::tree::{cell_lines, leaves};
use super::super::xycut::Node;
use super::columns::{drop_empty_columns, merge_disjoint_columns};
use super::evidence::{reads_as_text, text_boxes, NoTable};
use super::stacks::{band_rows, centred_rows, grid_rows, led_rows, line_rows};
use super::{assemble, Band};
use crate::ingest::labels;

/// The table blocks of the `rows` regions: their grids as
/// [`assemble`] reads them (several when a header row starts
/// another table), or why they are none; the cut itself when it is a
/// layout of labels beside text.
pub(in crate::ingest::pdf) fn table_blocks(
    frags: &[Frag],
    rows: &[Node],
    ruled: bool,
    page: u32,
) -> Result<Vec<PageBlock>, NoTable> {
    let cut = cut_block(frags, rows, page);
    let boxes = || !ruled && text_boxes(frags, rows, &cut.rows);
    if reads_as_text(&cut.rows) {
        return Err(if boxes() {
            NoTable::Boxes
        } else {
            NoTable::Text
        });
    }
    // Labels beside text, as the region's cells give them, are read as
    // headings over paragraphs ([`labels`]), not as a grid.
    if labels::label_rows(&cut.rows).is_some() {
        return Ok(vec![cut]);
    }
    if boxes() {
        return Err(NoTable::Boxes);
    }
    // The bands between ruling lines, when rules cut the rows. A band
    // that the region tree cut into cells, and that reads as no stack of
    // rows of its own, is one row: its cells may be centred between the
    // rules, so their baselines say nothing about rows.
    let bands: Vec<Band> = if ruled {
        rows.iter()
            .flat_map(|r| match centred_rows(frags, r) {
                Some(parts) => parts
                    .into_iter()
                    .map(|runs| Band { runs, whole: true })
                    .collect(),
                None => vec![Band {
                    runs: leaves(r),
                    whole: one_row(frags, r),
                }],
            })
            .collect()
    } else {
        vec![Band {
            runs: rows.iter().flat_map(leaves).collect(),
            whole: false,
        }]
    };
    let grids = assemble(frags, &bands);
    if grids.is_empty() {
        return Ok(vec![cut]);
    }
    Ok(grids
        .into_iter()
        .map(|mut g| {
            // Columns are cut for the whole region; a table of it
            // keeps the ones it fills, its figures merged as in
            // [`cut_block`].
            drop_empty_columns(&mut g.rows);
            merge_disjoint_columns(&mut g.rows);
            PageBlock {
                top: g.top,
                bottom: g.bottom,
                ..grid_block(frags, rows, g.rows, page)
            }
        })
        .collect())
}

/// Whether a ruled band of a table is one row: cut into cells side by
/// side, a line of another cell off every baseline of the first cell's
/// lines (cells centred between the rules: "126 ha" halfway beside
/// "Wegen 2016-" / "2020"), and no reading of [`cut_block`] splitting it
/// into rows. Where every line sits on a baseline of the first cell
/// ("Tijd" / "Join" / "registratie" beside "9.30-14.44 uur" /
/// "Z/24/082517"), the baselines can tell rows apart: [`assemble`]
/// decides.
pub(super) fn one_row(frags: &[Frag], band: &Node) -> bool {
    let Node::Cols(c) = band else {
        return false;
    };
    if band_rows(frags, band).is_some() {
        return false;
    }
    let cols = cell_lines(frags, c);
    let Some(((_, first), others)) = cols.split_first() else {
        return false;
    };
    let off = |l: &Line| {
        first
            .iter()
            .all(|f| (f.y - l.y).abs() > OFF_BASELINE * f.size.max(l.size))
    };
    others.iter().any(|(_, lines)| lines.iter().any(off))
        && line_rows(&cols).is_none()
        && led_rows(&cols).is_none()
        && grid_rows(&cols, 3).is_none()
}

/// A table block of the `rows` regions from the cells the region tree
/// cut them into.
pub(super) fn cut_block(frags: &[Frag], rows: &[Node], page: u32) -> PageBlock {
    // Cells of every row with their left edges.
    let mut cells: Vec<Vec<(f32, String)>> = Vec::new();
    for r in rows.iter().flat_map(row_parts) {
        if let Some(split) = band_rows(frags, r) {
            cells.extend(split);
            continue;
        }
        let cols = match r {
            Node::Cols(c) => cell_lines(frags, c),
            other => cell_lines(frags, std::slice::from_ref(other)),
        };
        match line_rows(&cols)
            .or_else(|| led_rows(&cols))
            .or_else(|| grid_rows(&cols, 3))
        {
            Some(split) => cells.extend(split),
            None => cells.push(
                cols.into_iter()
                    .map(|(x0, lines)| (x0, join_cell_lines(lines)))
                    .collect(),
            ),
        }
    }
    cells_block(frags, rows, cells, page)
}

/// The rows a table's row region stands for: a region cut into bands (a
/// title over the header's cells) gives a row per band.
pub(super) fn row_parts(node: &Node) -> Vec<&Node> {
    match node {
        Node::Rows { children, .. } => children.iter().flat_map(row_parts).collect(),
        other => vec![other],
    }
}

/// A table block of the `rows` regions, from their cells with left edges:
/// columns anchored at the left edges that recur.
pub(in crate::ingest::pdf) fn cells_block(
    frags: &[Frag],
    rows: &[Node],
    cells: Vec<Vec<(f32, String)>>,
    page: u32,
) -> PageBlock {
    // Column anchors from the left edges.
    let mut xs: Vec<f32> = cells.iter().flatten().map(|c| c.0).collect();
    xs.sort_by(f32::total_cmp);
    let mut anchors: Vec<f32> = Vec::new();
    for x in xs {
        if !anchors.last().is_some_and(|a| x - a <= COLUMN_ANCHOR) {
            anchors.push(x);
        }
    }
    let mut out_rows = Vec::new();
    for row in cells {
        let mut r = vec![String::new(); anchors.len().max(1)];
        for (x, text) in row {
            let col = anchors
                .partition_point(|&a| a <= x + COLUMN_ANCHOR)
                .saturating_sub(1);
            if let Some(slot) = r.get_mut(col) {
                if !slot.is_empty() {
                    slot.push(' ');
                }
                slot.push_str(&text);
            }
        }
        out_rows.push(r);
    }
    merge_disjoint_columns(&mut out_rows);
    grid_block(frags, rows, out_rows, page)
}

/// A table block of the `rows` regions with its grid.
pub(super) fn grid_block(
    frags: &[Frag],
    rows: &[Node],
    grid: Vec<Vec<String>>,
    page: u32,
) -> PageBlock {
    let all: Vec<usize> = rows.iter().flat_map(leaves).collect();
    let top = all.iter().map(|&i| frags[i].top()).fold(f32::MAX, f32::min);
    let bottom = all
        .iter()
        .map(|&i| frags[i].bottom())
        .fold(f32::MIN, f32::max);
    let chars = all.iter().map(|&i| frags[i].text.chars().count()).sum();
    let size = dominant_size(frags, &all);
    PageBlock {
        text: String::new(),
        rows: grid,
        shape: Shape::Table,
        page,
        size,
        bold: false,
        italic: false,
        color: None,
        lines: rows.len(),
        top,
        bottom,
        chars,
        role: None,
    }
}
