//! Layout: glyph runs of a page → lines → blocks, in reading order.
//!
//! In: [`OutputDev`] events (collected per page by [`Collector`]) and each
//! page's ruling lines. Out: [`PageBlock`]s, still carrying geometry, which
//! [`super::classify`] turns into headings, footnotes and furniture.
//!
//! - **Reading order** comes from [`super::xycut`]: columns are read one
//!   after the other, grid tables row by row.
//! - **Words** from glyph gaps: runs on one baseline are joined with a
//!   space when the gap between them is wider than a tenth of the font size.
//! - **Lines** from baselines: runs whose baselines lie within 0.45 em
//!   (superscript footnote marks included) form one line.
//! - **Blocks** from spacing, indentation and style: a change of font size
//!   or weight, a first-line indent or a short line after a full stop, or a
//!   list marker starts a new block. Lines of a block are joined with
//!   end-of-line hyphens repaired ([`crate::ingest::text::join_line`]).
//! - **Tables**: consecutive regions that are cut into two or more cells
//!   (ruled, or key/value rows) become one table; cells are placed in
//!   columns by their left edges.

use super::lines::{dominant_size, hyphen_evidence, join_cell_lines, lines};
use super::page::{Frag, Line, Page, PageBlock, Roles, Shape};
use super::structure::Role;
use super::table;
use super::xycut::{self, Node, Spacing};
use crate::ingest::labels;
use crate::ingest::text::{join_line_with, HyphenEvidence};
use crate::shape::{
    bullet_marker, ends_mid_sentence, ends_sentence, is_figures, is_prose, label_shape,
    starts_upper,
};
use pdf_inspector::par_pages::map_all;

/// Lay out one page.
pub fn page_blocks(page: &Page) -> Vec<PageBlock> {
    let tree = xycut::cut(&page.frags, &page.rules, None);
    let mut out = Vec::new();
    emit(&page.frags, &tree, page.number, None, &mut out);
    out
}

/// Lay out the pages of one document. The pages are cut once to find the
/// wide line spacing of the document's prose ([`xycut::document_spacing`]);
/// when there is one, they are cut again with it.
pub fn document_blocks(pages: &[Page]) -> Vec<PageBlock> {
    document_blocks_on(pages, 1)
}

/// [`document_blocks`] with the pages cut on `threads` threads; the blocks
/// are the same for any number.
pub fn document_blocks_on(pages: &[Page], threads: usize) -> Vec<PageBlock> {
    let cut = |spacing: Option<Spacing>| -> Vec<Node> {
        map_all(pages, threads, |p| xycut::cut(&p.frags, &p.rules, spacing))
    };
    let trees = cut(None);
    let document = xycut::document_spacing(&trees);
    let trees = if document.is_some() {
        cut(document)
    } else {
        trees
    };
    let mut out = Vec::new();
    for (page, tree) in pages.iter().zip(&trees) {
        emit(&page.frags, tree, page.number, document, &mut out);
    }
    out
}

/// Blocks of a region tree. `document` is the document's wide spacing.
fn emit(
    frags: &[Frag],
    node: &Node,
    page: u32,
    document: Option<Spacing>,
    out: &mut Vec<PageBlock>,
) {
    match node {
        Node::Leaf(idx) => leaf_blocks(frags, idx, Around::document(document), page, out),
        Node::Cols(children) => {
            // A single line cut into pieces is still one line of text.
            if children.iter().all(|c| matches!(c, Node::Leaf(_))) && same_baseline(frags, node) {
                let idx = leaves(node);
                leaf_blocks(frags, &idx, Around::document(document), page, out);
                return;
            }
            if !cells_line_up(frags, node) {
                for c in children {
                    emit(frags, c, page, document, out);
                }
                return;
            }
            // Labels beside figures, or a grid of words, standing alone. A
            // column with figures beside other text on one baseline holds a
            // table of its own and is read by its parts ("Tabel 32" beside
            // its title is no such table).
            let cols = cell_lines(frags, children);
            let nested = |lines: &Vec<Line>| {
                let mut by_y: Vec<&Line> = lines.iter().collect();
                by_y.sort_by(|a, b| a.y.total_cmp(&b.y));
                by_y.windows(2).any(|w| {
                    (w[1].y - w[0].y) <= 0.5 * w[0].size.max(w[1].size)
                        && (is_figures(&w[0].text) || is_figures(&w[1].text))
                })
            };
            if cols.iter().any(|(_, lines)| nested(lines)) {
                for c in children {
                    emit(frags, c, page, document, out);
                }
                return;
            }
            // Columns of words side by side with no figure in them are as
            // often an address block or a colophon as a table: a grid of
            // them needs four lines.
            let figures = cols
                .iter()
                .skip(1)
                .any(|(_, lines)| lines.iter().any(|l| is_figures(&l.text)));
            let split = line_rows(&cols)
                .or_else(|| led_rows(&cols))
                .or_else(|| grid_rows(&cols, if figures { 2 } else { 4 }));
            if let Some(cells) = split {
                out.push(cells_block(frags, std::slice::from_ref(node), cells, page));
                return;
            }
            for c in children {
                emit(frags, c, page, document, out);
            }
        }
        Node::Rows { .. } => emit_rows(frags, node, page, document, out),
    }
}

/// The regions of a [`Node::Rows`] in order: runs of rows of cells as
/// tables, the rest one by one.
fn emit_rows(
    frags: &[Frag],
    node: &Node,
    page: u32,
    document: Option<Spacing>,
    out: &mut Vec<PageBlock>,
) {
    let Node::Rows {
        children,
        ruled,
        spacing,
        ..
    } = node
    else {
        return;
    };
    // The rows of cells after a header cut off with its title may have
    // been grouped with what follows them (a paragraph gap further
    // down): they are rows of this run all the same (the board of
    // Collectie Overijssel's WNT page under "Naam | Functie | …").
    let spliced: Vec<Node>;
    let children: &[Node] = match splice_after_header(children) {
        Some(v) => {
            spliced = v;
            &spliced
        }
        None => children,
    };
    // Bands of a column set in wide spacing are measured against
    // the column: its lines, not theirs, show where a line stops
    // short ("Belangrijkste resultaten 2021" over "Lokaal").
    let has_leaf = children.iter().any(|c| matches!(c, Node::Leaf(_)));
    let around = match spacing {
        Some(_) if has_leaf => Around {
            spacing: *spacing,
            right: leaves(node)
                .iter()
                .map(|&k| frags[k].x1)
                .fold(f32::MIN, f32::max),
        },
        _ => Around::document(document),
    };
    // The end of the run of row-like children from `i` (a table
    // runs to its last row of cells), and how many rows of cells
    // it has.
    let run = |i: usize, size: f32, in_run: bool| {
        let mut j = i;
        // A group's label between ruled rows is a row in the type of the
        // rows after it ("1. Taakstellingen voorgaande jaren" under a
        // header set larger).
        let label_over_cells = |j: usize| {
            j > i
                && matches!(children[j], Node::Leaf(_))
                && children.get(j + 1).is_some_and(|next| {
                    is_cells(next)
                        && row_like(frags, &children[j], *ruled, true, table_size(frags, next))
                })
        };
        while j < children.len()
            && (row_like(frags, &children[j], *ruled, in_run || j > i, size)
                || (j == i && *ruled && continued_cell(frags, &children[i], children.get(i + 1)))
                || label_over_cells(j)
                || (j > i && line_in_cells(frags, &children[j], &children[j - 1])))
        {
            j += 1;
        }
        let cells = |n: &Node| is_cells(n) && cells_line_up(frags, n) || titled_header(n).is_some();
        while j > i && !cells(&children[j - 1]) {
            j -= 1;
        }
        (j, children[i..j].iter().filter(|c| cells(c)).count())
    };
    let mut i = 0;
    while i < children.len() {
        // A title cut off over a table's header (xycut's
        // `title_above_columns`), or text over it, is read on its
        // own, and the header heads the rows of cells that follow.
        let titled =
            nested_header(&children[i]).filter(|_| children.get(i + 1).is_some_and(is_cells));
        if let Some((title, header)) = titled {
            let (j, _) = run(i + 1, table_size(frags, header), true);
            let mut table = vec![header.clone()];
            table.extend_from_slice(&children[i + 1..j]);
            if let Ok(blocks) = table_blocks(frags, &table, *ruled, page) {
                for t in title {
                    emit(frags, t, page, document, out);
                }
                out.extend(blocks);
                i = j;
                continue;
            }
        } else {
            let (j, cell_rows) = run(i, table_size(frags, &children[i]), false);
            match (cell_rows >= 2).then(|| table_blocks(frags, &children[i..j], *ruled, page)) {
                Some(Ok(blocks)) => {
                    out.extend(blocks);
                    i = j;
                    continue;
                }
                // Text boxes side by side are read box by box, and no
                // table starts among their rows.
                Some(Err(NoTable::Boxes)) => {
                    for c in &children[i..j] {
                        emit(frags, c, page, document, out);
                    }
                    i = j;
                    continue;
                }
                Some(Err(NoTable::Text)) | None => {}
            }
        }
        // Not a table: this region on its own, and a table may start
        // with the next.
        if let Node::Leaf(idx) = &children[i] {
            leaf_blocks(frags, idx, around, page, out);
        } else {
            emit(frags, &children[i], page, document, out);
        }
        i += 1;
    }
}

/// Whether rows cut as a table are a page of text: two thirds or more of
/// their characters stand in rows with one filled cell, all in one column,
/// each reading as prose ([`is_prose`]). Between the rules that frame a
/// page, a masthead and a footer cut into cells ("GEMEENTEBLAD" beside
/// "Nr. 469908", the page number beside the date) make a run of rows of
/// the paragraphs between them; their rows are the only ones with more
/// than one cell. A table's rows fill two cells or more (a label beside
/// its text), and a note spanning its width is a small part of it.
fn reads_as_text(rows: &[Vec<String>]) -> bool {
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
fn text_boxes(frags: &[Frag], nodes: &[Node], rows: &[Vec<String>]) -> bool {
    let figures = rows.iter().any(|r| r.iter().skip(1).any(|c| is_figures(c)));
    let keyless = rows
        .iter()
        .skip(1)
        .any(|r| r.first().is_none_or(|c| c.trim().is_empty()));
    // The page's size only where the rest does not decide.
    let small = || {
        let size = dominant_size(frags, &nodes.iter().flat_map(leaves).collect::<Vec<_>>());
        size < 0.6 * dominant_size(frags, &(0..frags.len()).collect::<Vec<_>>())
    };
    !figures && ((rows.len() < 4 && keyless) || small())
}

/// Whether a region can be a table row: cut into cells, or (between ruled
/// rows) a row with one filled cell set in the table's type size, which a
/// heading between two tables is not; a title over a row of cells, in a
/// run of rows, as that row.
fn row_like(frags: &[Frag], node: &Node, ruled: bool, in_run: bool, size: f32) -> bool {
    if let Some((_, header)) = titled_header(node).filter(|_| in_run) {
        // A group's title over its first row.
        return row_like(frags, header, ruled, in_run, size);
    }
    match node {
        Node::Cols(v) => v.len() >= 2 && v.len() <= 16,
        Node::Leaf(_) | Node::Rows { .. } => {
            ruled && in_run && (table_size(frags, node) - size).abs() < 1.0
        }
    }
}

/// Whether `node`, text at the top of a ruled table, is a cell going on
/// from the page before: it starts where a cell of the row under it other
/// than the first starts, in that row's type size (Collectie Overijssel's
/// goal table: "uitvoeren. De (op middellange termijn) …" beside no
/// label).
fn continued_cell(frags: &[Frag], node: &Node, next: Option<&Node>) -> bool {
    let (Node::Leaf(idx), Some(next @ Node::Cols(parts))) = (node, next) else {
        return false;
    };
    let left = |idx: &[usize]| idx.iter().map(|&k| frags[k].x0).fold(f32::MAX, f32::min);
    let x0 = left(idx);
    (table_size(frags, node) - table_size(frags, next)).abs() < 1.0
        && parts
            .iter()
            .skip(1)
            .any(|p| (left(&leaves(p)) - x0).abs() < 2.0)
}

/// Whether `node` is one line whose runs start where the cells of the
/// row `above` start, two of them or more: a row whose key ran so close to
/// its value that the cut could not part them ("Join registratie" 3.5 pt
/// before "Z/23/072658", under "Tijd" | "9.30").
fn line_in_cells(frags: &[Frag], node: &Node, above: &Node) -> bool {
    let (Node::Leaf(idx), Node::Cols(parts)) = (node, above) else {
        return false;
    };
    let Some(&first) = idx.first() else {
        return false;
    };
    if idx
        .iter()
        .any(|&k| (frags[k].y - frags[first].y).abs() > 1.0)
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
        .filter(|&&x| idx.iter().any(|&k| (frags[k].x0 - x).abs() < 1.0))
        .count();
    matched >= 2
}

fn is_cells(node: &Node) -> bool {
    matches!(node, Node::Cols(v) if v.len() >= 2)
}

/// Whether the parts of a region cut side by side line up as the cells of
/// a table row do: each starts at the row's top (within three of its lines)
/// or is centred on the row. A margin note at the foot of a page-high
/// column of text ("ah-tk-20202021-3235 / ISSN …" beside a Kamerstuk's
/// questions) is no cell beside it.
fn cells_line_up(frags: &[Frag], node: &Node) -> bool {
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

/// A region that ends in a row of cells, cut apart from the rows of
/// cells after it (a table's header under its title, a band of text
/// above), when the row is the region's only one at its end (the last row
/// of a table of its own stays there): the regions before that row and
/// the row.
fn trailing_header(node: &Node) -> Option<(&[Node], &Node)> {
    let (header, before) = unruled_last(node)?;
    let alone = !before.last().is_some_and(is_cells);
    (alone && is_cells(header)).then_some((before, header))
}

/// [`trailing_header`], also where the region's last part is a group of
/// its own that ends in the header (a rule under the first row of a table
/// and none over it: the text above, the title and the first row are one
/// band, the title and the row a group in it).
fn nested_header(node: &Node) -> Option<(Vec<&Node>, &Node)> {
    if let Some((before, header)) = trailing_header(node) {
        return Some((before.iter().collect(), header));
    }
    let (last, before) = unruled_last(node)?;
    let (inner, header) = nested_header(last)?;
    let mut title: Vec<&Node> = before.iter().collect();
    title.extend(inner);
    Some((title, header))
}

/// The last part of an unruled group of rows, and the parts before it.
fn unruled_last(node: &Node) -> Option<(&Node, &[Node])> {
    match node {
        Node::Rows {
            children,
            ruled: false,
            ..
        } => children.split_last(),
        _ => None,
    }
}

/// `children` with an unruled group that opens with a row of cells,
/// right after a region ending in a table's header, opened up into its
/// parts; `None` when there is none.
fn splice_after_header(children: &[Node]) -> Option<Vec<Node>> {
    let at = children.windows(2).position(|w| {
        trailing_header(&w[0]).is_some()
            && matches!(&w[1], Node::Rows { children: inner, ruled: false, .. }
                if inner.first().is_some_and(is_cells))
    })? + 1;
    let Node::Rows {
        children: inner, ..
    } = &children[at]
    else {
        return None;
    };
    let mut out = children[..at].to_vec();
    out.extend(inner.iter().cloned());
    out.extend(children[at + 1..].iter().cloned());
    Some(out)
}

/// A title over a table's header as xycut cuts it off: a line of text
/// over a row of cells. The title's region and the header.
fn titled_header(node: &Node) -> Option<(&[Node], &Node)> {
    trailing_header(node).filter(|_| matches!(node, Node::Rows { titled: true, .. }))
}

fn table_size(frags: &[Frag], node: &Node) -> f32 {
    dominant_size(frags, &leaves(node))
}

fn leaves(node: &Node) -> Vec<usize> {
    match node {
        Node::Leaf(idx) => idx.clone(),
        Node::Cols(c) | Node::Rows { children: c, .. } => c.iter().flat_map(leaves).collect(),
    }
}

fn same_baseline(frags: &[Frag], node: &Node) -> bool {
    let idx = leaves(node);
    let ys: Vec<f32> = idx.iter().map(|&i| frags[i].y).collect();
    let lo = ys.iter().copied().fold(f32::MAX, f32::min);
    let hi = ys.iter().copied().fold(f32::MIN, f32::max);
    hi - lo < 3.0
}

/// The lines of each part of a row, with the part's left edge.
fn cell_lines(frags: &[Frag], parts: &[Node]) -> Vec<(f32, Vec<Line>)> {
    let mut cols: Vec<(f32, Vec<Line>)> = Vec::new();
    for p in parts {
        let idx = leaves(p);
        if idx.is_empty() {
            continue;
        }
        let x0 = idx.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
        let mut lines = Vec::new();
        emit_flat(frags, p, &mut lines);
        cols.push((x0, lines));
    }
    cols
}

/// Why regions are no table ([`table_blocks`]).
enum NoTable {
    /// Cut by their cells, they read as text ([`reads_as_text`]).
    Text,
    /// Unruled, they are text boxes side by side ([`text_boxes`]).
    Boxes,
}

/// The table blocks of the `rows` regions: their grids as
/// [`table::assemble`] reads them (several when a header row starts
/// another table), or why they are none; the cut itself when it is a
/// layout of labels beside text.
fn table_blocks(
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
    let bands: Vec<table::Band> = if ruled {
        rows.iter()
            .flat_map(|r| match centred_rows(frags, r) {
                Some(parts) => parts
                    .into_iter()
                    .map(|runs| table::Band { runs, whole: true })
                    .collect(),
                None => vec![table::Band {
                    runs: leaves(r),
                    whole: one_row(frags, r),
                }],
            })
            .collect()
    } else {
        vec![table::Band {
            runs: rows.iter().flat_map(leaves).collect(),
            whole: false,
        }]
    };
    let grids = table::assemble(frags, &bands);
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
/// "Z/24/082517"), the baselines can tell rows apart: [`table::assemble`]
/// decides.
fn one_row(frags: &[Frag], band: &Node) -> bool {
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
            .all(|f| (f.y - l.y).abs() > 0.3 * f.size.max(l.size))
    };
    others.iter().any(|(_, lines)| lines.iter().any(off))
        && line_rows(&cols).is_none()
        && led_rows(&cols).is_none()
        && grid_rows(&cols, 3).is_none()
}

/// A ruled band that holds several rows whose cells are centred on long
/// wrapped keys: a survey grid's statements, five or six lines each, with
/// one answer mark per column set halfway down each ("Ik pak de" / "draad"
/// / … beside "o | o | o"), and no rule between the rows. Two value
/// columns or more, each of the same number of short lines (two or more),
/// line for line on one baseline; the key column has more lines, and each
/// gap between two value lines holds exactly one key line that starts in
/// upper case. The band's runs per row, cut above those key lines; `None`
/// when the band is not so (keys in lower case give no place to cut).
fn centred_rows(frags: &[Frag], band: &Node) -> Option<Vec<Vec<usize>>> {
    let Node::Cols(c) = band else {
        return None;
    };
    let mut cols = cell_lines(frags, c);
    for (_, lines) in &mut cols {
        lines.sort_by(|a, b| a.y.total_cmp(&b.y));
    }
    let ((_, keys), values) = cols.split_first()?;
    let n = values.first()?.1.len();
    let short = |l: &Line| l.text.split_whitespace().count() <= 4;
    if values.len() < 2
        || n < 2
        || keys.len() <= n
        || keys.iter().any(|l| is_figures(&l.text))
        || values
            .iter()
            .any(|(_, v)| v.len() != n || !v.iter().all(short))
    {
        return None;
    }
    let ys: Vec<f32> = values[0].1.iter().map(|l| l.y).collect();
    let aligned = values.iter().all(|(_, v)| {
        v.iter()
            .zip(&ys)
            .all(|(l, &y)| (l.y - y).abs() <= 0.3 * l.size)
    });
    if !aligned || ys.windows(2).any(|w| w[1] <= w[0]) {
        return None;
    }
    let mut cuts = Vec::with_capacity(n - 1);
    for w in ys.windows(2) {
        // Key lines k that may open the next row: line k - 1 at or under
        // the upper value, line k at or over the lower one, in upper case.
        let tol = |l: &Line| 0.3 * l.size;
        let capital: Vec<usize> = (1..keys.len())
            .filter(|&k| {
                keys[k - 1].y >= w[0] - tol(&keys[k - 1])
                    && keys[k].y <= w[1] + tol(&keys[k])
                    && keys[k].text.starts_with(char::is_uppercase)
            })
            .collect();
        let [k] = capital[..] else {
            return None;
        };
        cuts.push((keys[k - 1].y + keys[k].y) / 2.0);
    }
    let between = cuts
        .iter()
        .zip(ys.windows(2))
        .all(|(&c, w)| c > w[0] && c < w[1]);
    if !between || cuts.windows(2).any(|w| w[1] <= w[0]) {
        return None;
    }
    let mut parts = vec![Vec::new(); n];
    for i in leaves(band) {
        parts[cuts.partition_point(|&c| c < frags[i].y)].push(i);
    }
    Some(parts)
}

/// A table block of the `rows` regions from the cells the region tree
/// cut them into.
fn cut_block(frags: &[Frag], rows: &[Node], page: u32) -> PageBlock {
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

/// A row whose first cell holds labels set apart by blank space, each
/// beside its own text ("E-depot voorziening voor particulier archief" |
/// "Dit project is doorgeschoven …", "Productiviteitsstrategie" alone,
/// "Ontwikkelen en implementeren KPI's en dashboards" | "In 2023 is …"):
/// rows that no rule parted. A row per label; each band of the other
/// cells joins the row of the last label that starts above it. `None`
/// unless the first cell has two bands or more, each a label, and another
/// cell has two bands or more too (one label over several paragraphs is
/// one row).
fn band_rows(frags: &[Frag], row: &Node) -> Option<Vec<Vec<(f32, String)>>> {
    let Node::Cols(parts) = row else {
        return None;
    };
    let bands = |n: &Node| -> Vec<Node> {
        match n {
            Node::Rows {
                children,
                ruled: false,
                ..
            } => children.clone(),
            other => vec![other.clone()],
        }
    };
    let top = |n: &Node| {
        leaves(n)
            .iter()
            .map(|&i| frags[i].top())
            .fold(f32::MAX, f32::min)
    };
    let text = |n: &Node| {
        let mut lines = Vec::new();
        emit_flat(frags, n, &mut lines);
        join_cell_lines(lines)
    };
    let first = bands(parts.first()?);
    if first.len() < 2
        || !first.iter().all(|b| label_shape(&text(b)))
        || !parts[1..].iter().any(|p| bands(p).len() >= 2)
    {
        return None;
    }
    let starts: Vec<f32> = first.iter().map(top).collect();
    let mut rows: Vec<Vec<(f32, String)>> = vec![Vec::new(); first.len()];
    for part in parts {
        let idx = leaves(part);
        if idx.is_empty() {
            continue;
        }
        let x0 = idx.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
        let mut texts = vec![String::new(); first.len()];
        for b in bands(part) {
            let t = top(&b);
            let k = starts.iter().rposition(|&s| s <= t + 2.0).unwrap_or(0);
            let slot = &mut texts[k];
            if !slot.is_empty() {
                slot.push('\n');
            }
            slot.push_str(&text(&b));
        }
        for (row, t) in rows.iter_mut().zip(texts) {
            row.push((x0, t));
        }
    }
    Some(rows)
}

/// The rows a table's row region stands for: a region cut into bands (a
/// title over the header's cells) gives a row per band.
fn row_parts(node: &Node) -> Vec<&Node> {
    match node {
        Node::Rows { children, .. } => children.iter().flat_map(row_parts).collect(),
        other => vec![other],
    }
}

/// A table block of the `rows` regions, from their cells with left edges:
/// columns anchored at the left edges that recur.
fn cells_block(
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
        if !anchors.last().is_some_and(|a| x - a <= 6.0) {
            anchors.push(x);
        }
    }
    let mut out_rows = Vec::new();
    for row in cells {
        let mut r = vec![String::new(); anchors.len().max(1)];
        for (x, text) in row {
            let col = anchors.partition_point(|&a| a <= x + 6.0).saturating_sub(1);
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
fn grid_block(frags: &[Frag], rows: &[Node], grid: Vec<Vec<String>>, page: u32) -> PageBlock {
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

/// Remove the columns no row fills: a column of the region that another
/// table under the same rules cut.
fn drop_empty_columns(rows: &mut [Vec<String>]) {
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
fn merge_disjoint_columns(rows: &mut [Vec<String>]) {
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

/// A row region of a table without rules between its rows: a column of
/// labels beside columns of figures, one per line ("Baten GR Rijk" /
/// "2.247", "Personeel overig" / "-470" …). When every line of the other
/// cells is figures and sits on the baseline of a label line, each baseline
/// is a row of its own; a label line with no figures that starts in lower
/// case continues the label above it. `None` when the region is not such a
/// stack (prose cells wrap; they are joined as one cell).
fn line_rows(cols: &[(f32, Vec<Line>)]) -> Option<Vec<Vec<(f32, String)>>> {
    let ((_, labels), values) = cols.split_first()?;
    if labels.len() < 2 || values.is_empty() || !values.iter().any(|(_, l)| l.len() >= 2) {
        return None;
    }
    let rows = pair_by_baseline(cols, 0, |_, l| is_figures(&l.text))?;
    // A label line that fills the column and has no figures was wrapped:
    // the line after it, in lower case, ends the label and has its figures
    // ("Precariobelasting kabels, … gas, water of" / "elektriciteit, per
    // strekkende meter ⇥ 2,74"); a short one is a group header
    // ("Hondenbelasting" / "eerste hond ⇥ 83,52").
    let right = labels.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let mut out: Vec<Vec<(f32, String)>> = Vec::with_capacity(rows.len());
    let mut prev_wrapped = false;
    for (row, line) in rows.into_iter().zip(labels) {
        let bare = row[1..].iter().all(|(_, t)| t.is_empty());
        let lower = row[0].1.starts_with(char::is_lowercase);
        match out.last_mut() {
            Some(prev) if lower && (bare || prev_wrapped) => {
                join_line_with(&mut prev[0].1, &row[0].1, HyphenEvidence::Unsure);
                if prev_wrapped {
                    for (slot, (_, value)) in prev[1..].iter_mut().zip(&row[1..]) {
                        slot.1.clone_from(value);
                    }
                }
            }
            _ => out.push(row),
        }
        prev_wrapped = bare && line.x1 >= right - 1.5 * line.size;
    }
    Some(out)
}

/// A stack of labels that stands in a later column, led by cells that name
/// the stack ("0.1 Bestuur" beside "Baten" / "Lasten" / "Saldo" and a
/// figure per line in every year's column: a programme's cost table). The
/// stack is the first column after the first with two lines or more; each
/// of its lines is a label of its own (a capital first, no hyphen last)
/// with figures beside it. The columns after it hold figures only, one of
/// them on two lines or more. Every line of a leading column sits on the
/// baseline of a stack line, and one that starts in lower case ends the
/// leading cell above it ("0.3 Beheer overige gebouwen en" / "gronden").
/// A row per stack line; `None` when the row is not such a stack: a
/// wrapped source beside values with their year under them ("Verwey
/// Jonker" / "Instituut-" beside "4%" / "(2017)") is one row.
fn led_rows(cols: &[(f32, Vec<Line>)]) -> Option<Vec<Vec<(f32, String)>>> {
    let key = 1 + cols
        .get(1..)?
        .iter()
        .position(|(_, lines)| lines.len() >= 2)?;
    let label = |l: &Line| l.text.starts_with(char::is_uppercase) && !l.text.ends_with('-');
    if !cols[key].1.iter().all(label) || !cols[key + 1..].iter().any(|(_, lines)| lines.len() >= 2)
    {
        return None;
    }
    let mut rows = pair_by_baseline(cols, key, |c, l| c < key || is_figures(&l.text))?;
    if rows
        .iter()
        .any(|r| r[key + 1..].iter().all(|c| c.1.is_empty()))
    {
        return None;
    }
    for c in 0..key {
        for k in 1..rows.len() {
            if rows[k][c].1.starts_with(char::is_lowercase) && !rows[k - 1][c].1.is_empty() {
                let tail = std::mem::take(&mut rows[k][c].1);
                join_line_with(&mut rows[k - 1][c].1, &tail, HyphenEvidence::Unsure);
            }
        }
    }
    Some(rows)
}

/// Columns whose lines pair up across them, as a region of their own or
/// a row of a table: three or more columns, `min_lines` or more lines in
/// the first, every line of the others (two or more each) on the baseline of
/// its own line of the first, the first and two thirds of those with a
/// value, and no line after a column's first going on in lower case (which
/// wrapped prose does). A grid without rules (a beleidsindicatoren table:
/// name, measure, value, note; a board with "V" marks) read column by
/// column would give every name, then every value. In a row of a table
/// three lines are asked for: a header whose cells wrap over two lines
/// ("Begroting 2021" / "Baten") is no grid. The rows,
/// one per line of the first column, each cell with its left edge.
fn grid_rows(cols: &[(f32, Vec<Line>)], min_lines: usize) -> Option<Vec<Vec<(f32, String)>>> {
    let ((_, labels), values) = cols.split_first()?;
    if cols.len() < 3 || labels.len() < min_lines || values.iter().any(|(_, l)| l.len() < 2) {
        return None;
    }
    let continues = |lines: &Vec<Line>| {
        lines
            .iter()
            .skip(1)
            .any(|l| l.text.starts_with(char::is_lowercase))
    };
    if cols.iter().any(|(_, lines)| continues(lines)) {
        return None;
    }
    let rows = pair_by_baseline(cols, 0, |_, _| true)?;
    // A grid starts with a row of values and has them on most of its lines
    // (a heading above it has none).
    let filled = |r: &Vec<(f32, String)>| r[1..].iter().any(|c| !c.1.is_empty());
    let n = rows.iter().filter(|r| filled(r)).count();
    (rows.first().is_some_and(filled) && n * 3 >= rows.len() * 2).then_some(rows)
}

/// A row per line of column `key`, each line of the others (all of them
/// `fit`, asked with their column's index) in the row on its baseline;
/// `None` when one has no such row or shares it with another line of its
/// column. Cells carry their column's left edge, in column order.
fn pair_by_baseline(
    cols: &[(f32, Vec<Line>)],
    key: usize,
    fit: impl Fn(usize, &Line) -> bool,
) -> Option<Vec<Vec<(f32, String)>>> {
    let labels = &cols.get(key)?.1;
    let mut rows: Vec<Vec<(f32, String)>> = labels
        .iter()
        .map(|l| {
            let mut row: Vec<(f32, String)> =
                cols.iter().map(|(x, _)| (*x, String::new())).collect();
            row[key].1.clone_from(&l.text);
            row
        })
        .collect();
    // Label lines by baseline, to find a value line's row without a scan.
    let mut by_y: Vec<(f32, usize)> = labels.iter().enumerate().map(|(k, l)| (l.y, k)).collect();
    by_y.sort_by(|a, b| a.0.total_cmp(&b.0));
    let widest = labels.iter().map(|l| l.size).fold(0.0, f32::max);
    for (c, (_, lines)) in cols.iter().enumerate().filter(|(c, _)| *c != key) {
        for line in lines {
            if !fit(c, line) {
                return None;
            }
            // The first label line (in label order) on this baseline.
            let reach = 0.5 * widest.max(line.size);
            let from = by_y.partition_point(|e| e.0 < line.y - reach);
            let k = by_y[from..]
                .iter()
                .take_while(|e| e.0 <= line.y + reach)
                .filter(|e| {
                    let l = &labels[e.1];
                    (l.y - line.y).abs() <= 0.5 * l.size.max(line.size)
                })
                .map(|e| e.1)
                .min()?;
            let slot = &mut rows[k][c].1;
            if !slot.is_empty() {
                return None;
            }
            slot.clone_from(&line.text);
        }
    }
    Some(rows)
}

fn emit_flat(frags: &[Frag], node: &Node, out: &mut Vec<Line>) {
    match node {
        Node::Leaf(idx) => out.extend(lines(frags, idx)),
        Node::Cols(c) | Node::Rows { children: c, .. } => {
            for n in c {
                emit_flat(frags, n, out);
            }
        }
    }
}

/// Whether two lines are set in different colours: both known and
/// clearly apart (a reader sees the change).
fn color_change(a: Option<[u8; 3]>, b: Option<[u8; 3]>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => crate::shape::color_distance(a, b) > 60,
        _ => false,
    }
}

/// Whether the first word of `next` would have fitted on `prev` before
/// `right` (its width estimated from the next line's average character):
/// a line that stops short of that was ended on purpose, as a title over
/// its paragraph is ("Verbonden partijen" / "Een verbonden partij is …").
fn next_word_fits(prev: &Line, next: &Line, right: f32) -> bool {
    let n = next.text.chars().count().max(1) as f32;
    let per_char = (next.x1 - next.x0) / n;
    let word = next.text.split_whitespace().next().unwrap_or("");
    let need = per_char * (word.chars().count() + 1) as f32;
    right - prev.x1 > need + 0.5 * next.size
}

/// A leaf set with wide leading (Word's 1.5 lines: 16.4 pt between 9 pt
/// lines): the line pitch that at least three consecutive pairs of lines in
/// one type size share (within 5%), when it is wider than the 1.25 × size a
/// new block assumes and at most twice the size, with that size. Without
/// it every line of such a paragraph would start a block of its own.
fn wide_leading(lines: &[Line]) -> Option<(f32, f32)> {
    let gaps: Vec<(f32, f32)> = lines
        .windows(2)
        .filter(|w| (w[0].size - w[1].size).abs() < 0.6)
        .map(|w| (w[1].size, w[1].y - w[0].y))
        .filter(|&(size, g)| g > 1.25 * size && g <= 2.0 * size)
        .collect();
    gaps.iter()
        .copied()
        .filter(|&(size, g)| {
            gaps.iter()
                .filter(|&&(s2, g2)| (s2 - size).abs() < 0.6 && (g2 - g).abs() <= 0.05 * g)
                .count()
                >= 3
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(size, g)| (size, g * 1.02))
}

/// What a leaf is told of the region it was cut from.
#[derive(Debug, Clone, Copy)]
struct Around {
    /// The wide line spacing of the region (or the document), for a leaf
    /// of too few lines to show it.
    spacing: Option<Spacing>,
    /// The right edge of the region's lines (`f32::MIN`: only the leaf's).
    right: f32,
}

impl Around {
    fn document(spacing: Option<Spacing>) -> Around {
        Around {
            spacing,
            right: f32::MIN,
        }
    }
}

/// Split a leaf's lines into blocks.
fn leaf_blocks(frags: &[Frag], idx: &[usize], around: Around, page: u32, out: &mut Vec<PageBlock>) {
    let lines = lines(frags, idx);
    let right = lines.iter().map(|l| l.x1).fold(around.right, f32::max);
    let left = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let leading =
        wide_leading(&lines).or_else(|| around.spacing.map(|sp| (sp.size, sp.pitch() * 1.02)));
    // block, its roles, last line, pitch
    let mut cur: Option<(PageBlock, Roles, Line, f32)> = None;
    // The right edge the current block's lines reach.
    let mut block_right = f32::MIN;
    let finish = |(mut b, roles, _, _): (PageBlock, Roles, Line, f32)| {
        b.role = roles.main();
        b
    };
    for line in lines {
        if line.text.is_empty() {
            continue;
        }
        let list = bullet_marker(&line.text).is_some();
        let breaks = match &cur {
            None => true,
            Some((b, _, prev, pitch)) => {
                let style = (line.size - prev.size).abs() > 0.6
                    || line.bold != prev.bold
                    || line.italic != prev.italic
                    || color_change(line.color, prev.color);
                // Tagged heading text next to tagged body text: two blocks
                // even in the same type (only set when the tree is used).
                let heading = |l: &Line| l.roles.main().is_some_and(Role::is_heading);
                let tagged = heading(&line) != heading(prev);
                let gap = line.y - prev.y > 1.45 * pitch;
                let indent = line.x0 > prev.x0 + 0.8 * line.size
                    && line.x0 < left + 4.0 * line.size
                    && ends_sentence(&prev.text);
                let short = prev.x1 < right - 3.0 * line.size
                    && (ends_sentence(&prev.text)
                        || next_word_fits(prev, &line, right) && !ends_mid_sentence(&prev.text))
                    && starts_upper(&line.text);
                let hanging =
                    b.shape == Shape::List && line.x0 + 0.5 * line.size < prev.x0 && !list;
                style || gap || indent || short || list || hanging || tagged
            }
        };
        if breaks {
            if let Some(c) = cur.take() {
                out.push(finish(c));
            }
            let block = PageBlock {
                text: line.text.clone(),
                rows: Vec::new(),
                shape: if list { Shape::List } else { Shape::Text },
                page,
                size: line.size,
                bold: line.bold,
                italic: line.italic,
                color: line.color,
                lines: 1,
                top: line.y - 0.72 * line.size,
                bottom: line.y + 0.2 * line.size,
                chars: line.chars,
                role: None,
            };
            let pitch = leading
                .filter(|&(size, _)| (size - line.size).abs() < 0.6)
                .map_or(1.25 * line.size, |(_, p)| p.max(1.25 * line.size));
            let roles = line.roles.clone();
            block_right = line.x1;
            cur = Some((block, roles, line, pitch));
        } else if let Some((b, roles, prev, pitch)) = cur.as_mut() {
            if b.lines == 1 {
                *pitch = (line.y - prev.y).max(0.8 * line.size);
            }
            block_right = block_right.max(line.x1);
            let evidence = hyphen_evidence(prev, &line, block_right);
            join_line_with(&mut b.text, &line.text, evidence);
            b.lines += 1;
            b.chars += line.chars;
            b.bottom = line.y + 0.2 * line.size;
            roles.merge(&line.roles);
            *prev = line;
        }
    }
    if let Some(c) = cur {
        out.push(finish(c));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn frag(text: &str, y: f32, role: Option<Role>) -> Frag {
        Frag {
            text: text.to_string(),
            x0: 50.0,
            x1: 50.0 + 5.0 * text.len() as f32,
            y,
            size: 10.0,
            bold: false,
            mcid: None,
            role,
            color: None,
            italic: false,
        }
    }

    fn page(frags: Vec<Frag>) -> Page {
        Page::a4(frags)
    }

    #[test]
    fn tagged_heading_in_body_type_is_its_own_block() {
        let h = Some(Role::Heading(Some(3)));
        let p = Some(Role::Paragraph);
        // A heading line about as long as the body's, which its shape alone
        // would not set apart.
        let lines = [
            ("Aanleiding tot de nieuwe organisatie", h),
            ("De gemeente heeft in 2021 besloten om de", p),
            ("jeugdhulp anders te organiseren.", p),
        ];
        let tagged: Vec<Frag> = lines
            .iter()
            .enumerate()
            .map(|(i, (t, r))| frag(t, 100.0 + 12.0 * i as f32, *r))
            .collect();
        let blocks = page_blocks(&page(tagged.clone()));
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].text, "Aanleiding tot de nieuwe organisatie");
        assert_eq!(blocks[0].role, h);
        assert_eq!(blocks[1].role, p);
        // Without roles the same lines are one block.
        let plain: Vec<Frag> = tagged
            .into_iter()
            .map(|mut f| {
                f.role = None;
                f
            })
            .collect();
        let blocks = page_blocks(&page(plain));
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].role, None);
    }

    /// A one-page document laid out, its hyphens settled.
    fn laid_out(page: &Page) -> Vec<PageBlock> {
        let mut blocks = page_blocks(page);
        super::super::hyphens::settle(&mut blocks);
        blocks
    }

    fn paragraph(lines: &[&str]) -> String {
        let frags = lines
            .iter()
            .enumerate()
            .map(|(i, t)| frag(t, 100.0 + 12.0 * i as f32, None))
            .collect();
        let blocks = laid_out(&page(frags));
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        blocks[0].text.clone()
    }

    #[test]
    fn hyphen_at_a_full_line_end_is_hyphenation() {
        let t = paragraph(&[
            "Wij werken samen met alle partners in de jeugd-",
            "hulpverlening van de regio.",
        ]);
        assert!(t.ends_with("de jeugdhulpverlening van de regio."), "{t}");
    }

    #[test]
    fn hyphen_before_room_on_the_line_is_the_authors() {
        // The line stops 110 pt short of the column with room for "instell-":
        // hyphenation would have filled it, so "ggz-" was written so. It
        // may join a compound or stand for an elided word: hyphen and line
        // break both stay.
        let t = paragraph(&[
            "Wij werken samen met de ggz-",
            "instelling in de regio en met de huisartsen daar.",
        ]);
        assert!(t.contains("de ggz-\ninstelling in"), "{t}");
    }

    #[test]
    fn hyphen_with_a_space_after_it_ends_the_word() {
        let t = paragraph(&["Verhouding drang- ", "dwangmaatregelen"]);
        assert_eq!(t, "Verhouding drang-\ndwangmaatregelen");
    }

    fn at(text: &str, x: f32, y: f32) -> Frag {
        Frag {
            x0: x,
            x1: x + 5.0 * text.len() as f32,
            ..frag(text, y, None)
        }
    }

    #[test]
    fn a_larger_title_at_line_spacing_over_keys_and_values_is_cut_off() {
        // Besluitenlijst: a 14 pt title 14 pt over "Datum | …", running
        // across the gap between keys and values; the last value wraps.
        let title = Frag {
            size: 14.0,
            bold: true,
            x1: 500.0,
            ..at(
                "Besluitenlijst Openbaar B&W vergadering Wassenaar",
                88.0,
                186.0,
            )
        };
        let mut frags = vec![title];
        let rows = [
            ("Datum", "10-05-2022"),
            ("Tijd", "9:30 - 12:42"),
            ("Locatie", "De Paauw, Muzenzaal"),
            (
                "Aanwezigen",
                "Burgemeester L. de Lange, wethouder C. Klaver-Bouman,",
            ),
        ];
        for (k, (key, value)) in rows.iter().enumerate() {
            let y = 200.0 + 14.0 * k as f32;
            frags.push(Frag {
                bold: true,
                x1: 70.0 + 5.0 * key.len() as f32,
                ..at(key, 70.0, y)
            });
            frags.push(Frag {
                x1: 151.0 + 4.0 * value.len() as f32,
                ..at(value, 151.0, y)
            });
        }
        frags.push(Frag {
            x1: 400.0,
            ..at(
                "wethouder K. Wassenaar, wethouder H. Schokker.",
                151.0,
                256.0,
            )
        });
        let blocks = page_blocks(&page(frags));
        assert_eq!(blocks[0].shape, Shape::Text, "{blocks:?}");
        let table = blocks.iter().find(|b| b.shape == Shape::Table).unwrap();
        assert_eq!(table.rows.len(), 4, "{:?}", table.rows);
        assert_eq!(table.rows[0], ["Datum", "10-05-2022"]);
        assert!(table.rows[3][1].ends_with("Schokker."), "{:?}", table.rows);
    }

    #[test]
    fn text_under_a_later_column_at_a_ruled_tables_top_is_a_continued_row() {
        // A goal table going on from the page before: its first band holds
        // only the rest of a text cell, under the text column.
        let prose = [
            "uitvoeren. De verwachte nieuwe huisvesting versterkt de urgentie.",
            "Er is een vooronderzoek gedaan rondom de problematiek van de dossiers.",
            "Alle geregistreerde collecties en archieven zijn voorzien van een niveau.",
        ];
        let mut frags = vec![at(prose[0], 200.0, 100.0)];
        frags.extend([
            at("Controle dossiers", 30.0, 130.0),
            at(prose[1], 200.0, 130.0),
        ]);
        frags.extend([
            at("Niveau bepalen", 30.0, 160.0),
            at(prose[2], 200.0, 160.0),
        ]);
        let table = ruled_table(frags, ruled_across(&[115.0, 145.0], 28.0, 560.0));
        assert_eq!(table.rows.len(), 3, "{:?}", table.rows);
        assert_eq!(table.rows[0], ["", prose[0]]);
    }

    #[test]
    fn a_stack_of_labels_beside_figures_is_a_row_per_line() {
        let mut frags = vec![
            at("Baten en lasten", 50.0, 100.0),
            at("2023", 300.0, 100.0),
            at("2022", 400.0, 100.0),
        ];
        frags.extend(label_rows(
            &[
                ("Baten GR Rijk", "2.247", "2.084"),
                ("Personeel overig", "-470", "-349"),
                ("Rente", "150", "-"),
            ],
            [50.0, 300.0, 400.0],
            130.0,
            12.0,
        ));
        // A label wrapped over two lines, its figures on the second.
        frags.extend([
            at("Precario kabels, leidingen of", 50.0, 166.0),
            at("buizen, per meter", 50.0, 178.0),
            at("2,74", 300.0, 178.0),
            at("2,80", 400.0, 178.0),
        ]);
        frags.extend([
            at("Lasten", 50.0, 210.0),
            at("-6.781", 300.0, 210.0),
            at("-6.051", 400.0, 210.0),
        ]);
        // Rules between the header, the stack and the total, as a
        // jaarrekening draws them; none between the stacked lines.
        let table = ruled_table(frags, ruled_across(&[108.0, 188.0, 218.0], 40.0, 460.0));
        // Lines joined inside a cell keep their newline until assembly.
        let rows: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.replace('\n', " ")).collect())
            .collect();
        let has = |want: [&str; 3]| rows.iter().any(|r| r == &want);
        assert!(has(["Personeel overig", "-470", "-349"]), "{rows:?}");
        assert!(has(["Rente", "150", "-"]), "{rows:?}");
        assert!(
            has([
                "Precario kabels, leidingen of buizen, per meter",
                "2,74",
                "2,80"
            ]),
            "{rows:?}"
        );
    }

    /// A programme's cost table: each taakveld names a stack of "Baten",
    /// "Lasten" and "Saldo", a figure per line in every year's column. A
    /// row per line, the taakveld on the first (begroting Wassenaar p. 38).
    #[test]
    fn a_named_stack_of_labels_is_a_row_per_line() {
        let mut frags = vec![
            at("Programma", 50.0, 100.0),
            at("2021", 300.0, 100.0),
            at("2022", 400.0, 100.0),
        ];
        let groups = [
            (
                "0.1 Bestuur",
                None,
                [("89", "0"), ("-2.032", "-2.087"), ("-1.943", "-2.087")],
            ),
            (
                "0.3 Beheer overige gebouwen en",
                Some("gronden"),
                [("97", "97"), ("-485", "-569"), ("-388", "-472")],
            ),
        ];
        let mut rules = vec![108.0];
        for (g, (name, wrapped, figures)) in groups.iter().enumerate() {
            let top = 120.0 + 50.0 * g as f32;
            frags.push(at(name, 50.0, top));
            if let Some(tail) = wrapped {
                frags.push(at(tail, 50.0, top + 12.0));
            }
            for (k, (label, (a, b))) in ["Baten", "Lasten", "Saldo"].iter().zip(figures).enumerate()
            {
                let y = top + 12.0 * k as f32;
                frags.extend([at(label, 220.0, y), at(a, 300.0, y), at(b, 400.0, y)]);
            }
            rules.push(top + 30.0);
        }
        let rules = ruled_across(&rules, 40.0, 460.0);
        let blocks = page_blocks(&Page {
            rules,
            ..page(frags)
        });
        assert_has_rows(
            &blocks,
            &[
                &["0.1 Bestuur", "Baten", "89", "0"],
                &["", "Lasten", "-2.032", "-2.087"],
                &["", "Saldo", "-1.943", "-2.087"],
                // Lines joined inside a cell keep their newline until assembly.
                &[
                    "0.3 Beheer overige gebouwen en\ngronden",
                    "Baten",
                    "97",
                    "97",
                ],
                &["", "Lasten", "-485", "-569"],
            ],
        );
    }

    /// Two tables under one set of rules, the second under a title set at
    /// line spacing over its header (Collectie Overijssel p. 13): the title
    /// is a row of its own, the header's titles stand over their figures,
    /// and the header of the second table, words in a row after the
    /// first, does not keep its figures' columns apart.
    #[test]
    fn a_title_over_a_second_tables_header_is_a_row_of_its_own() {
        let title =
            "Kasstroom en EMU-saldo - Wet Houdbare Overheidsfinancien (Wet HOF) per jaareinde";
        let mut frags = label_rows(
            &[("Baten", "5.152", "4.905"), ("Totaal", "5.824", "5.546")],
            [54.0, 274.0, 400.0],
            100.0,
            14.0,
        );
        frags.push(at(title, 50.0, 142.0));
        // The header's titles left-aligned, its years right-aligned.
        frags.extend(header_lines(
            "Kasstroom",
            [54.0, 252.0, 379.0],
            [277.0, 403.0],
            156.0,
            14.0,
        ));
        frags.extend(label_rows(
            &[
                ("Exploitatieresultaat", "137", "287"),
                ("EMU-saldo", "33", "614"),
            ],
            [54.0, 284.0, 410.0],
            192.0,
            14.0,
        ));
        let rules = ruled_across(&[88.0, 104.0, 120.0, 176.0, 196.0, 210.0], 50.0, 460.0);
        let blocks = page_blocks(&Page {
            rules,
            ..page(frags)
        });
        assert_has_rows(
            &blocks,
            &[
                &[title, "", ""],
                &["Kasstroom", "Realisatie", "Realisatie"],
                &["€ '000", "2023", "2022"],
                &["Exploitatieresultaat", "137", "287"],
                &["Totaal", "5.824", "5.546"],
            ],
        );
    }

    /// A section title a paragraph gap above its table, no wider than the
    /// table's first column (Collectie Overijssel p. 16), is read on its
    /// own: cut at the columns first, it became the top of the header's
    /// first cell. The header still heads the table.
    #[test]
    fn a_title_over_a_tables_first_column_is_read_on_its_own() {
        let mut frags = vec![at("2.1. Baten en Lasten", 50.0, 100.0)];
        frags.extend(header_lines(
            "Baten en Lasten",
            [54.0, 242.0, 363.0],
            [267.0, 388.0],
            133.0,
            15.0,
        ));
        frags.extend(label_rows(
            &[("Baten GR Rijk", "2.247", "2.084"), ("Rente", "150", "-1")],
            [54.0, 264.0, 385.0],
            166.0,
            15.0,
        ));
        let rules = ruled_across(&[90.0, 154.0, 172.0, 187.0], 50.0, 430.0);
        let blocks = page_blocks(&Page {
            rules,
            ..page(frags)
        });
        assert!(
            blocks.iter().any(|b| b.text == "2.1. Baten en Lasten"),
            "{blocks:#?}"
        );
        assert_has_rows(
            &blocks,
            &[
                &["Baten en Lasten", "Realisatie", "Realisatie"],
                &["€ '000", "2023", "2022"],
                &["Baten GR Rijk", "2.247", "2.084"],
            ],
        );
    }

    /// Labels beside one narrow column of figures are a table's rows
    /// (Collectie Overijssel p. 14), where a narrow column on the left is
    /// a list's numbers and a page number under a footnote is neither.
    #[test]
    fn labels_beside_one_narrow_column_of_figures_read_by_rows() {
        let rows: [&[&str]; 3] = [
            &["Beschikking", "223"],
            &["Besteed – Personeel", "-67"],
            &["Saldo per jaareinde", "0"],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 280.0])));
        assert_has_rows(&blocks, &rows);
        let frags = vec![
            at(
                "Liquide middelen: saldi banken en rekening courant Rijk.",
                50.0,
                100.0,
            ),
            at("13", 400.0, 120.0),
        ];
        let blocks = page_blocks(&page(frags));
        assert!(
            blocks.iter().all(|b| b.shape != Shape::Table),
            "{blocks:#?}"
        );
    }

    /// A key set so close to its value that the cut left them one line
    /// is a row of the key-value table around it (Wassenaar besluitenlijst
    /// 2023-03-28: "Join registratie" 3.5 pt before "Z/23/072658").
    #[test]
    fn a_key_run_into_its_value_is_a_row() {
        let mut frags = Vec::new();
        for (k, (key, value)) in [("Datum", "28-03-2023"), ("Tijd", "9.30 – 14.00")]
            .into_iter()
            .enumerate()
        {
            let y = 100.0 + 14.0 * k as f32;
            frags.extend([at(key, 70.0, y), at(value, 151.0, y)]);
        }
        // "Join registratie" ends at 147, 4 pt before the value.
        frags.extend([at("Join", 70.0, 128.0), at("registratie", 92.0, 128.0)]);
        frags.push(at("Z/23/072658", 151.0, 128.0));
        for (k, (key, value)) in [("Locatie", "Muzenzaal"), ("Voorzitter", "L. de Lange")]
            .into_iter()
            .enumerate()
        {
            let y = 142.0 + 14.0 * k as f32;
            frags.extend([at(key, 70.0, y), at(value, 151.0, y)]);
        }
        // Rows set apart by paragraph spacing.
        for f in frags.iter_mut() {
            f.y += 10.0 * ((f.y - 100.0) / 14.0).round();
        }
        let blocks = page_blocks(&page(frags));
        let rows: Vec<&Vec<String>> = blocks.iter().flat_map(|b| b.rows.iter()).collect();
        assert_eq!(rows.len(), 5, "{blocks:#?}");
        assert!(
            rows.iter()
                .any(|r| r[0] == "Join registratie" && r[1] == "Z/23/072658"),
            "{rows:?}"
        );
    }

    /// A group's label on a row of its own between ruled rows, in the type
    /// of the rows under it and not of the larger header, stays in the
    /// table (Wassenaar begroting p. 166: "1. Taakstellingen voorgaande
    /// jaren" split the table in two).
    #[test]
    fn a_group_label_between_ruled_rows_stays_in_the_table() {
        let big = |t: &str, x: f32, y: f32| Frag {
            size: 12.0,
            ..at(t, x, y)
        };
        let mut frags = vec![
            big("Taakstellingen", 50.0, 100.0),
            big("2021", 250.0, 100.0),
            big("2022", 320.0, 100.0),
            at("1. Voorgaande jaren", 50.0, 120.0),
        ];
        for (k, (name, a, b)) in [
            ("- Warenar", "0", "30.000"),
            ("- Welstand", "26.458", "26.458"),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 140.0 + 20.0 * k as f32;
            frags.extend([at(name, 50.0, y), at(a, 250.0, y), at(b, 320.0, y)]);
        }
        let blocks = page_blocks(&Page {
            rules: ruled_across(&[88.0, 106.0, 126.0, 146.0, 166.0], 45.0, 400.0),
            ..page(frags)
        });
        let tables: Vec<&PageBlock> = blocks.iter().filter(|b| b.shape == Shape::Table).collect();
        assert_eq!(tables.len(), 1, "{blocks:#?}");
        assert!(
            tables[0].rows.iter().any(|r| r[0] == "1. Voorgaande jaren"),
            "{blocks:#?}"
        );
    }

    /// A page number at the foot of the page, under the gap between two
    /// columns of a table, is no cell of its last row (Wassenaar begroting
    /// p. 115 read the table's body as paragraphs).
    #[test]
    fn a_page_number_under_a_table_is_no_cell() {
        let mut frags = vec![
            at("Opbrengst", 50.0, 100.0),
            at("2019", 200.0, 100.0),
            at("2020", 300.0, 100.0),
        ];
        for (k, (name, a, b)) in [
            ("OZB", "6.882", "7.324"),
            ("Honden", "181", "182"),
            ("Baat", "11", "11"),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 114.0 + 14.0 * k as f32;
            frags.extend([at(name, 50.0, y), at(a, 200.0, y), at(b, 300.0, y)]);
        }
        frags.push(at("115", 262.0, 400.0));
        let blocks = page_blocks(&page(frags));
        let rows: Vec<&Vec<String>> = blocks.iter().flat_map(|b| b.rows.iter()).collect();
        assert_eq!(rows.len(), 4, "{blocks:#?}");
        assert!(rows.iter().all(|r| r.len() == 3), "{rows:?}");
        assert!(blocks.iter().any(|b| b.text == "115"), "{blocks:#?}");
    }

    /// Word ends a key with a space that reaches into the gap before the
    /// value column; a title set in the value column over the first key
    /// and a page number under the last row belong to no row (Wassenaar
    /// begroting pp. 152-163, the verbonden partijen).
    #[test]
    fn keys_ending_in_a_space_a_value_title_and_a_page_number() {
        let mut frags = vec![at("Visie, beleidsdoelstelling en risico's", 150.0, 100.0)];
        for (k, (key, value)) in [
            (
                "Naam ",
                "Gemeenschappelijke regeling GGD Haaglanden en omgeving",
            ),
            ("Vestigingsplaats ", "Den Haag"),
            ("Bestuurlijk belang ", "Burgemeester is lid van het AB."),
        ]
        .iter()
        .enumerate()
        {
            let y = 116.0 + 16.0 * k as f32;
            frags.extend([at(key, 50.0, y), at(value, 150.0, y)]);
        }
        frags.extend([
            at("en de wethouder van het DB.", 150.0, 164.0),
            at("153", 400.0, 300.0),
        ]);
        let blocks = page_blocks(&page(frags));
        assert_has_rows(
            &blocks,
            &[
                &[
                    "Naam",
                    "Gemeenschappelijke regeling GGD Haaglanden en omgeving",
                ],
                &["Vestigingsplaats", "Den Haag"],
                &[
                    "Bestuurlijk belang",
                    "Burgemeester is lid van het AB.\nen de wethouder van het DB.",
                ],
            ],
        );
        for text in ["Visie, beleidsdoelstelling en risico's", "153"] {
            assert!(blocks.iter().any(|b| b.text == text), "{text}: {blocks:#?}");
        }
    }

    #[test]
    fn wide_leading_keeps_a_paragraph_whole() {
        // Word's 1.5 lines: 9 pt type, 16.4 pt between baselines.
        let lines = [
            "Om het economisch vestigingsklimaat te versterken",
            "en de bereikbaarheid te verbeteren, bundelen 23",
            "gemeenten hun kennis en krachten in de regio, met",
            "de Metropoolregio Rotterdam Den Haag als verband.",
        ];
        let frags: Vec<Frag> = lines
            .iter()
            .enumerate()
            .map(|(k, t)| Frag {
                size: 9.0,
                ..at(t, 70.0, 100.0 + 16.4 * k as f32)
            })
            .collect();
        let blocks = page_blocks(&page(frags));
        assert_eq!(blocks.len(), 1, "{blocks:#?}");
        assert!(blocks[0].text.ends_with("als verband."));
    }

    /// Paragraphs at 1.5 lines, one of them three lines long: too few to
    /// show the spacing by itself once cut from the rest, it keeps the
    /// spacing of the column it was cut from (Wassenaar begroting p. 77
    /// gave each of its lines a block of its own).
    #[test]
    fn a_short_paragraph_keeps_the_wide_leading_of_its_column() {
        let paragraphs: [&[&str]; 3] = [
            &[
                "De uitvoering van langer thuiswonen en een tegen",
                "eenzaamheid ligt bij de samenwerkende partijen in",
                "het welzijnsnetwerk. Door monitoring houdt de",
                "gemeente de voortgang bij en stuurt zij waar nodig.",
            ],
            &[
                "Om tot een inclusieve samenleving te komen zetten",
                "we in op bewustwording, ontmoeting en",
                "toegankelijkheid.",
            ],
            &[
                "Buurt- en bewonersinitiatieven die aansluiten bij",
                "welzijn worden zo mogelijk door de gemeentelijke",
                "wijkmanagers ondersteund. Zij letten hierbij op",
                "de samenhang met wat er al in de wijk gebeurt.",
            ],
        ];
        let blocks = page_blocks(&page(at_one_and_a_half(&paragraphs, 100.0)));
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 3, "{texts:#?}");
        assert!(texts[1].starts_with("Om tot") && texts[1].ends_with("toegankelijkheid."));
    }

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
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

    /// Lines at 9 pt, 16.4 pt apart (Word's 1.5 lines), from `y`; one
    /// paragraph per slice, a blank line between them.
    fn at_one_and_a_half(paragraphs: &[&[&str]], y: f32) -> Vec<Frag> {
        let mut frags = Vec::new();
        let mut y = y;
        for lines in paragraphs {
            for t in *lines {
                frags.push(Frag {
                    size: 9.0,
                    ..at(t, 70.0, y)
                });
                y += 16.4;
            }
            y += 16.4;
        }
        frags
    }

    /// A page of two-line paragraphs shows its 1.5 lines nowhere; the pages
    /// around it do, and so it is read at that spacing (Wassenaar begroting
    /// p. 29 gave each line a block of its own). Two pages are too few to
    /// speak for a document.
    #[test]
    fn a_page_of_short_paragraphs_reads_at_the_documents_spacing() {
        let long: &[&str] = &[
            "De gemeente Wassenaar streeft naar een tijdige en",
            "duidelijke dienstverlening. In 2020 is de burgerpeiling",
            "gehouden. De feedback uit deze peilingen zetten wij in",
            "om de dienstverlening verder te verbeteren voor iedereen.",
        ];
        let short: [&[&str]; 2] = [
            &[
                "We voeren chat in om gebruikers te kunnen",
                "ondersteunen die vastlopen in het digitale proces.",
            ],
            &[
                "We starten met huisbezoeken om adresfraude tegen",
                "te gaan.",
            ],
        ];
        let read = |others: u32| {
            let mut pages: Vec<Page> = (1..=others)
                .map(|n| Page {
                    number: n,
                    ..page(at_one_and_a_half(&[long, long], 100.0))
                })
                .collect();
            pages.push(Page {
                number: others + 1,
                ..page(at_one_and_a_half(&short, 100.0))
            });
            let blocks = document_blocks(&pages);
            blocks
                .iter()
                .filter(|b| b.page == others + 1)
                .map(|b| b.text.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read(3),
            [
                "We voeren chat in om gebruikers te kunnen ondersteunen die vastlopen in het digitale proces.",
                "We starten met huisbezoeken om adresfraude tegen te gaan."
            ]
        );
        assert_eq!(read(2).len(), 4);
    }

    /// A short paragraph at the document's 1.5 lines with ordinals set
    /// raised in a smaller type ("2e lijn") is one block: the raised runs
    /// are no lines of their own (Wassenaar begroting p. 90 gave each line
    /// a block).
    #[test]
    fn raised_ordinals_keep_a_paragraph_at_wide_spacing_whole() {
        let long: &[&str] = &[
            "De gemeente Wassenaar streeft naar een tijdige en",
            "duidelijke dienstverlening. In 2020 is de burgerpeiling",
            "gehouden. De feedback uit deze peilingen zetten wij in",
            "om de dienstverlening verder te verbeteren voor iedereen.",
        ];
        let mut pages: Vec<Page> = (1..=3)
            .map(|n| Page {
                number: n,
                ..page(at_one_and_a_half(&[long, long], 100.0))
            })
            .collect();
        let mut frags = at_one_and_a_half(
            &[&[
                "Ook in de 0",
                "opgenomen in de subsidiebeschikkingen en lokale contracten",
                "als doorverwijzingen naar de tweede lijn.",
            ]],
            100.0,
        );
        // "0e en 1e lijn dienen partijen zich te verantwoorden, zoals ook"
        // on the first line, the two "e"s raised in 6 points.
        for (t, x, raised) in [
            ("e", 125.0, true),
            ("en 1", 129.0, false),
            ("e", 149.0, true),
            (
                "lijn dienen partijen zich te verantwoorden, zoals ook",
                155.0,
                false,
            ),
        ] {
            let f = Frag {
                size: 9.0,
                ..at(t, x, 100.0)
            };
            frags.push(if raised {
                Frag {
                    size: 6.0,
                    y: 97.0,
                    x1: x + 3.6,
                    ..f
                }
            } else {
                f
            });
        }
        pages.push(Page {
            number: 4,
            ..page(frags)
        });
        let blocks = document_blocks(&pages);
        let last: Vec<&PageBlock> = blocks.iter().filter(|b| b.page == 4).collect();
        assert_eq!(last.len(), 1, "{last:#?}");
    }

    /// Prose at 1.5 lines followed by a list set solid: the list's narrower
    /// blanks must not hide the prose's line spacing (Wassenaar begroting
    /// p. 10 gave every prose line a block of its own).
    #[test]
    fn wide_leading_holds_beside_a_list_set_solid() {
        let prose = [
            "Op 1 januari 2022 treedt de Omgevingswet in",
            "werking. Het motto van de Omgevingswet is",
            "Ruimte voor ontwikkeling, waarborgen van",
            "kwaliteit. Het gaat daarbij om het zorgdragen",
            "voor een veilige en gezonde leefomgeving en",
            "goede omgevingskwaliteit. In 2021 moet door",
            "de raad een besluit genomen worden over:",
        ];
        let list = [
            "een generiek delegatiebesluit;",
            "doorwerkend adviesrecht van de raad;",
            "participatiebeleid onder de Omgevingswet.",
        ];
        let mut frags = Vec::new();
        let mut y = 100.0;
        for t in prose {
            frags.push(Frag {
                size: 9.0,
                ..at(t, 70.0, y)
            });
            y += 16.4;
        }
        y -= 4.0;
        for t in list {
            frags.push(Frag {
                size: 9.0,
                ..at("•", 70.0, y)
            });
            frags.push(Frag {
                size: 9.0,
                ..at(t, 88.0, y)
            });
            y += 11.5;
        }
        let blocks = page_blocks(&page(frags));
        assert_eq!(blocks.len(), 4, "{blocks:#?}");
        assert!(blocks[0].text.ends_with("genomen worden over:"));
        assert!(blocks[1].text.contains("delegatiebesluit"));
    }

    /// A key column beside values: a row per key line in a header table,
    /// but a key that wraps beside a running paragraph (whose next line
    /// goes on in lower case) is one row (Collectie Overijssel p. 8).
    #[test]
    fn a_wrapped_key_beside_a_paragraph_is_one_row() {
        let mut frags = Vec::new();
        for (k, (key, value)) in [
            ("Van", "Het college van burgemeester en wethouders"),
            ("Aan", "De gemeenteraad"),
            ("Zaaknummer", "713442"),
        ]
        .into_iter()
        .enumerate()
        {
            frags.push(at(key, 50.0, 100.0 + 14.0 * k as f32));
            frags.push(at(value, 200.0, 100.0 + 14.0 * k as f32));
        }
        let rows = page_blocks(&page(frags));
        let texts: Vec<&str> = rows.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 3, "{rows:#?}");
        assert!(texts[2].starts_with("Zaaknummer"), "{texts:?}");

        let mut frags = Vec::new();
        let keys = ["Herijken en formaliseren", "Athenaeumbibliotheek"];
        let paragraph = [
            "De samenwerking met de bibliotheek op locatie Klooster te",
            "verloopt goed en collegiaal. Er zijn nog geen afspraken ge-",
            "formaliseerd, vanwege het grote aantal activiteiten en pro-",
            "jecten in het jaarplan.",
        ];
        for (k, t) in keys.iter().enumerate() {
            frags.push(at(t, 50.0, 100.0 + 14.0 * k as f32));
        }
        for (k, t) in paragraph.iter().enumerate() {
            frags.push(at(t, 200.0, 100.0 + 14.0 * k as f32));
        }
        let blocks = laid_out(&page(frags));
        let texts: Vec<String> = blocks.iter().map(|b| b.text.replace('\n', " ")).collect();
        assert_eq!(
            texts,
            [
                "Herijken en formaliseren Athenaeumbibliotheek",
                "De samenwerking met de bibliotheek op locatie Klooster te verloopt goed en \
                 collegiaal. Er zijn nog geen afspraken geformaliseerd, vanwege het grote aantal \
                 activiteiten en projecten in het jaarplan."
            ]
        );
    }

    /// A ruled grid whose cells are centred between the rules (Wassenaar
    /// begroting p. 133): a one-line cell sits halfway between the lines
    /// of a wrapped name, on no baseline of it. The header and each band
    /// are one row each, though their baselines never line up.
    #[test]
    fn cells_centred_between_rules_are_one_row() {
        use crate::ingest::text::HYPHEN_UNSURE;
        let mut frags = vec![
            at("Beheerplan", 50.0, 100.0),
            at("Areaal-", 150.0, 95.0),
            at("gegevens", 150.0, 107.0),
            at("Niveau", 230.0, 100.0),
            at("Toelichting", 280.0, 100.0),
        ];
        // Band 1: the name on three lines, the others centred.
        frags.extend([
            at("Civieltechnische", 50.0, 130.0),
            at("kunstwerken", 50.0, 142.0),
            at("(bruggen)", 50.0, 154.0),
            at("75 stuks", 150.0, 136.0),
            at("C", 230.0, 142.0),
            at("Het uitgangspunt is het", 280.0, 136.0),
            at("waarborgen van de veiligheid.", 280.0, 148.0),
        ]);
        // Band 2: the name on two lines, the figure between them.
        frags.extend([
            at("Wegen 2016-", 50.0, 178.0),
            at("2020", 50.0, 190.0),
            at("126 ha", 150.0, 184.0),
            at("B", 230.0, 184.0),
            at("Het areaal is op orde.", 280.0, 184.0),
        ]);
        let blocks = page_blocks(&Page {
            rules: ruled_grid(
                &[88.0, 118.0, 166.0, 200.0],
                &[45.0, 145.0, 225.0, 275.0, 440.0],
            ),
            ..page(frags)
        });
        let rows: Vec<Vec<String>> = blocks
            .iter()
            .flat_map(|b| b.rows.iter())
            .map(|r| {
                r.iter()
                    .map(|c| c.replace('\n', " ").replace(HYPHEN_UNSURE, "-"))
                    .collect()
            })
            .collect();
        assert_eq!(
            rows,
            [
                ["Beheerplan", "Areaal-gegevens", "Niveau", "Toelichting"],
                [
                    "Civieltechnische kunstwerken (bruggen)",
                    "75 stuks",
                    "C",
                    "Het uitgangspunt is het waarborgen van de veiligheid."
                ],
                ["Wegen 2016- 2020", "126 ha", "B", "Het areaal is op orde."],
            ],
            "{blocks:#?}"
        );
    }

    /// A grid ruled in both directions whose third column holds one letter
    /// (a quality level): the vertical rules make it a table, so the narrow
    /// letter is a cell, not a word of justified prose (Wassenaar begroting
    /// p. 133 read every row as one line of words).
    #[test]
    fn a_ruled_grid_keeps_its_narrow_letter_column() {
        let mut frags = Vec::new();
        let rows = [
            (
                "Wegen 2016-2020",
                "126 ha",
                "C",
                "Het uitgangspunt is de veiligheid",
            ),
            ("Openbare", "7.152", "B", "Het beheer van de verlichting is"),
            (
                "Groen & bomen",
                "179 ha",
                "B",
                "Het openbaar groen is beeldbepalend",
            ),
        ];
        for (k, (a, b, c, d)) in rows.into_iter().enumerate() {
            let y = 100.0 + 30.0 * k as f32;
            frags.extend([
                at(a, 50.0, y),
                at(b, 150.0, y),
                at(c, 210.0, y),
                at(d, 260.0, y),
            ]);
        }
        // The second row's cells run on over a second line.
        frags.extend([at("verlichting", 50.0, 142.0), at("stuks", 150.0, 142.0)]);
        frags.push(at("erop gericht", 260.0, 142.0));
        let blocks = page_blocks(&Page {
            rules: ruled_grid(
                &[88.0, 118.0, 148.0, 178.0],
                &[45.0, 145.0, 205.0, 255.0, 440.0],
            ),
            ..page(frags)
        });
        let rows: Vec<Vec<String>> = blocks
            .iter()
            .flat_map(|b| b.rows.iter())
            .map(|r| r.iter().map(|c| c.replace('\n', " ")).collect())
            .collect();
        let want = |cells: [&str; 4]| rows.iter().any(|r| r == &cells);
        assert!(
            want([
                "Openbare verlichting",
                "7.152 stuks",
                "B",
                "Het beheer van de verlichting is erop gericht"
            ]),
            "{blocks:#?}"
        );
        assert!(
            want([
                "Groen & bomen",
                "179 ha",
                "B",
                "Het openbaar groen is beeldbepalend"
            ]),
            "{rows:?}"
        );
    }

    /// A key-value table under a title line in its key column reads a row
    /// per key (Collectie Overijssel p. 4 read all keys, then all values).
    #[test]
    fn a_titled_key_value_table_reads_by_rows() {
        let rows: [&[&str]; 5] = [
            &["Organisatiegegevens", ""],
            &["Statutaire naam", "Historisch Centrum Overijssel"],
            &["Vestigingsadres", "Eikenstraat 20, Zwolle"],
            &[
                "Rechtsvorm",
                "Openbaar Lichaam (Wet Gemeenschappelijke Regelingen)",
            ],
            &["Deelnemers", "Het Rijk, Gemeente Zwolle, Gemeente Deventer"],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 200.0])));
        assert_has_rows(&blocks, &rows[1..]);
    }

    /// Columns of text whose lines pair up across them, with no rules and
    /// no figures but one column, read a row per line (Collectie
    /// Overijssel p. 13's beleidsindicatoren read every name, then every
    /// measure).
    #[test]
    fn an_unruled_grid_of_words_reads_by_rows() {
        let rows: [&[&str]; 3] = [
            &[
                "FTE per 1000 inwoners",
                "Bezetting",
                "0,21",
                "Naar rato inwoners",
            ],
            &[
                "Kosten per inwoner",
                "Apparaatkosten",
                "12,35",
                "Naar rato inwoners",
            ],
            &[
                "Ext. inhuur",
                "Externe inhuur",
                "9%",
                "Als % van personeelskosten",
            ],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 200.0, 300.0, 350.0])));
        assert_has_rows(&blocks, &rows);
    }

    /// Prose in columns is no grid: its lines go on in lower case.
    #[test]
    fn three_columns_of_prose_are_no_grid() {
        let mut frags = Vec::new();
        for (x, lines) in [
            (
                50.0,
                [
                    "De gemeente werkt",
                    "samen met de regio",
                    "aan de jeugdhulp.",
                ],
            ),
            (
                200.0,
                [
                    "Het college heeft",
                    "besloten om de pilot",
                    "voort te zetten.",
                ],
            ),
            (
                350.0,
                ["In 2024 volgt een", "evaluatie van de", "nieuwe aanpak."],
            ),
        ] {
            for (k, t) in lines.iter().enumerate() {
                frags.push(at(t, x, 100.0 + 12.0 * k as f32));
            }
        }
        let blocks = page_blocks(&page(frags));
        assert!(blocks.iter().all(|b| b.rows.is_empty()), "{blocks:#?}");
        assert_eq!(
            blocks[0].text.replace('\n', " "),
            "De gemeente werkt samen met de regio aan de jeugdhulp."
        );
    }

    /// A line that stops short of the next line's first word ends on
    /// purpose: a title over its paragraph is a block of its own.
    #[test]
    fn a_short_title_line_is_not_run_into_its_paragraph() {
        let frags = vec![
            at("Verbonden partijen", 50.0, 100.0),
            at(
                "Een verbonden partij is een organisatie waarin de regeling",
                50.0,
                112.0,
            ),
            at(
                "een bestuurlijk en een financieel belang heeft en houdt.",
                50.0,
                124.0,
            ),
        ];
        let blocks = page_blocks(&page(frags));
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:?}");
        assert_eq!(texts[0], "Verbonden partijen");
    }

    /// Labels beside columns of figures with gaps (empty cells), not in a
    /// run of table rows, read a row per label (begroting p. 20's
    /// meerjarenbeeld read all labels, then each column of figures).
    #[test]
    fn labels_beside_gapped_figure_columns_read_by_rows() {
        let rows: [&[&str]; 6] = [
            &["Tabel 2 Meerjarenbeeld", "2021", "2022"],
            &["Vastgestelde begroting", "1.189", "225"],
            &["Vervallen stelpost", "806", ""],
            &["Paspoorten en rijbewijzen", "", "89"],
            &["Aanpak ondermijning", "-75", ""],
            &["waarvan Incidenteel", "-387", "64"],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 300.0, 400.0])));
        assert_has_rows(&blocks, &rows);
    }

    /// Narrow columns of letters on three lines or more are a table's
    /// columns, not words of justified prose: a board with "V" marks reads
    /// a row per member (Collectie Overijssel pp. 4 and 23).
    #[test]
    fn a_board_with_v_marks_reads_by_rows() {
        let rows: [&[&str]; 5] = [
            &["Bestuur", "AB", "DB"],
            &["Hans Gerritsen (voorzitter)", "V", "V"],
            &["Adriaan Buiks", "V", ""],
            &["Monique Schuttenbeld", "V", "V"],
            &["Ron König", "V", ""],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 300.0, 340.0])));
        assert_has_rows(&blocks, &rows);
    }

    /// A key-value table framed by rules but with none between its rows
    /// still reads a row per key; a key-value table whose longest value is
    /// followed by one in lower case ("wethouder …") too: a short key is
    /// no wrapped key.
    #[test]
    fn framed_and_lower_case_key_value_tables_read_by_rows() {
        use crate::ingest::pdf::rules::Rule;
        let rows: [&[&str]; 4] = [
            &["Naam", "Historisch Centrum Overijssel"],
            &["Adres", "Eikenstraat 20, Zwolle"],
            &[
                "Rechtsvorm",
                "Openbaar Lichaam (Wet Gemeenschappelijke Regelingen)",
            ],
            &["Deelnemers", "Het Rijk, Gemeente Zwolle, Gemeente Deventer"],
        ];
        let h = |y: f32| Rule {
            x0: 45.0,
            y0: y,
            x1: 420.0,
            y1: y + 0.5,
        };
        let v = |x: f32| Rule {
            x0: x,
            y0: 88.0,
            x1: x + 0.5,
            y1: 142.0,
        };
        let blocks = page_blocks(&Page {
            rules: vec![h(88.0), h(142.0), v(45.0), v(120.0), v(420.0)],
            ..page(grid_frags(&rows, &[50.0, 130.0]))
        });
        assert_has_rows(&blocks, &rows);
        let rows: [&[&str]; 4] = [
            &[
                "Onderwerp",
                "Vaststelling van de jaarstukken 2023 en de begroting 2025",
            ],
            &["Portefeuille", "wethouder R. Bloemendaal"],
            &["Website", "www.wassenaar.nl"],
            &["Datum", "28 maart 2023"],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 130.0])));
        assert_has_rows(&blocks, &rows);
    }

    /// A lettered list in a value cell keeps each letter with its item;
    /// columns of marks in a grid keep their places.
    #[test]
    fn list_letters_join_items_and_grid_marks_stay() {
        let mut frags = vec![at("Besluit", 50.0, 100.0)];
        let items = [
            ("a.", "in te stemmen met het uitvoeringsprogramma;"),
            ("b.", "de raad te informeren via een raadsmededeling;"),
            ("c.", "de kosten te dekken uit de algemene reserve."),
        ];
        for (k, (m, t)) in items.into_iter().enumerate() {
            let y = 100.0 + 12.0 * k as f32;
            frags.push(at(m, 150.0, y));
            frags.push(at(t, 172.0, y));
        }
        let blocks = page_blocks(&page(frags));
        let text: Vec<String> = blocks
            .iter()
            .map(|b| b.text.replace('\n', " "))
            .chain(blocks.iter().flat_map(|b| b.rows.iter().flatten().cloned()))
            .collect();
        for (m, t) in items {
            let item = format!("{m} {t}");
            assert!(
                text.iter().any(|x| x.contains(&item)),
                "{item}: {blocks:#?}"
            );
        }
        let rows: [&[&str]; 4] = [
            &["Jeugdzorg en jeugdhulp", "●", "●"],
            &["Beschermd wonen", "●", ""],
            &["Participatiewet uitvoering", "", "●"],
            &["Leerlingenvervoer", "●", "●"],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 300.0, 360.0])));
        assert_has_rows(&blocks, &rows);
    }

    /// Lines stopped short by a figure beside them, ending inside a
    /// sentence, stay one paragraph; three columns of an address block are
    /// no grid.
    #[test]
    fn figure_wrapped_lines_and_address_blocks_stay_text() {
        let lines = [
            "De gemeente werkt in de regio samen met",
            "Wassenaar en Voorschoten aan een nieuwe",
            "aanpak voor de jeugdhulp. Daarbij is de",
            "Raad nauw betrokken, omdat het gaat om",
            "een stelselwijziging die de komende jaren veel van de organisatie",
            "vraagt en waarvoor de middelen nog niet volledig zijn geraamd.",
        ];
        let frags: Vec<Frag> = lines
            .iter()
            .enumerate()
            .map(|(k, t)| at(t, 50.0, 100.0 + 12.0 * k as f32))
            .collect();
        let blocks = page_blocks(&page(frags));
        assert_eq!(blocks.len(), 1, "{blocks:#?}");
        let rows: [&[&str]; 3] = [
            &["Gemeente Wassenaar", "Bezoekadres", "Telefoon 14 070"],
            &[
                "Postbus 1",
                "Johan de Wittstraat 41",
                "E-mail gemeente@wassenaar.nl",
            ],
            &[
                "2240 CA Wassenaar",
                "2242 LV Wassenaar",
                "Website www.wassenaar.nl",
            ],
        ];
        let blocks = page_blocks(&page(grid_frags(&rows, &[50.0, 200.0, 350.0])));
        assert!(blocks.iter().all(|b| b.rows.is_empty()), "{blocks:#?}");
    }

    /// Issue 18: a Gemeenteblad's first page. Its masthead ("GEMEENTEBLAD"
    /// beside the issue number) and its footer (the page number in the
    /// margin, beside the title and the date) are cut into cells above
    /// and below the rules that frame the page, and made a table of the
    /// articles between them, which never became headings. Prose in one
    /// column, rows of cells only at the ends: text, not a table.
    #[test]
    fn text_between_a_masthead_and_a_footer_cut_into_cells_is_no_table() {
        let mut frags = vec![
            at("GEMEENTEBLAD", 119.0, 60.0),
            at("Nr. 469908", 504.0, 40.0),
            at("7 november", 510.0, 56.0),
        ];
        let articles = [
            "Artikel 1. Definitiebepalingen",
            "In deze verordening wordt verstaan onder een raadslid: een lid",
            "van de gemeenteraad, en onder de wet: de Gemeentewet van nu.",
            "Artikel 2. Vergoeding voor de werkzaamheden",
            "De vergoeding voor de werkzaamheden wordt aan de raadsleden",
            "toegekend ongeacht het aantal gehouden of bijgewoonde vergaderingen.",
            "Artikel 3. Steunfractieleden",
            "Elke fractie heeft de mogelijkheid om maximaal drie leden aan te",
            "wijzen, die de fractie bij de griffie aanmeldt voor de raadsperiode.",
        ];
        for (k, line) in articles.iter().enumerate() {
            // A paragraph gap before each article.
            let y = 120.0 + 12.0 * k as f32 + 20.0 * (k / 3) as f32;
            frags.push(at(line, 119.0, y));
        }
        frags.extend([
            at("1", 14.0, 806.0),
            at("Gemeenteblad 2024 nr. 469908", 119.0, 806.0),
            at("7 november 2024", 280.0, 806.0),
        ]);
        let blocks = page_blocks(&Page {
            rules: ruled_across(&[90.0, 792.0], 119.0, 595.0),
            ..page(frags)
        });
        assert!(
            blocks.iter().all(|b| b.shape != Shape::Table),
            "{blocks:#?}"
        );
        for heading in ["Artikel 1.", "Artikel 2.", "Artikel 3."] {
            assert!(
                blocks.iter().any(|b| b.text.starts_with(heading)),
                "{heading}: {blocks:#?}"
            );
        }
    }

    /// The runs of a table: a line per row, 12 pt apart from y = 100, each
    /// non-empty cell at its column's x.
    /// Horizontal rules from `x0` to `x1` at each of `ys`.
    fn ruled_across(ys: &[f32], x0: f32, x1: f32) -> Vec<crate::ingest::pdf::rules::Rule> {
        ys.iter()
            .map(|&y| crate::ingest::pdf::rules::Rule {
                x0,
                y0: y,
                x1,
                y1: y + 0.5,
            })
            .collect()
    }

    /// A grid ruled in both directions: a rule across at each of `ys` and
    /// one down at each of `xs`, each spanning the others' extent.
    fn ruled_grid(ys: &[f32], xs: &[f32]) -> Vec<crate::ingest::pdf::rules::Rule> {
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        let mut rules = ruled_across(ys, left, right);
        rules.extend(xs.iter().map(|&x| crate::ingest::pdf::rules::Rule {
            x0: x,
            y0: top,
            x1: x + 0.5,
            y1: bottom,
        }));
        rules
    }

    /// A label and two figures per row at `xs`, `pitch` apart from `y`.
    /// The first table of a page of `frags` under `rules`.
    fn ruled_table(frags: Vec<Frag>, rules: Vec<crate::ingest::pdf::rules::Rule>) -> PageBlock {
        let mut blocks = page_blocks(&Page {
            rules,
            ..page(frags)
        });
        let Some(at) = blocks.iter().position(|b| b.shape == Shape::Table) else {
            panic!("a table: {blocks:#?}")
        };
        blocks.swap_remove(at)
    }

    fn label_rows(rows: &[(&str, &str, &str)], xs: [f32; 3], y: f32, pitch: f32) -> Vec<Frag> {
        let mut frags = Vec::new();
        for (k, (label, a, b)) in rows.iter().enumerate() {
            let y = y + pitch * k as f32;
            frags.extend([at(label, xs[0], y), at(a, xs[1], y), at(b, xs[2], y)]);
        }
        frags
    }

    /// A cost table's two-line header at `y`: `title` and "Realisatie"
    /// twice at `xs`, and a line (`pitch`) under them "€ '000" under the
    /// title and "2023", "2022" at `years` (right-aligned under theirs).
    fn header_lines(title: &str, xs: [f32; 3], years: [f32; 2], y: f32, pitch: f32) -> Vec<Frag> {
        let mut frags = label_rows(&[(title, "Realisatie", "Realisatie")], xs, y, 0.0);
        let years = [xs[0], years[0], years[1]];
        frags.extend(label_rows(
            &[("€ '000", "2023", "2022")],
            years,
            y + pitch,
            0.0,
        ));
        frags
    }

    fn grid_frags(rows: &[&[&str]], xs: &[f32]) -> Vec<Frag> {
        let mut frags = Vec::new();
        for (k, row) in rows.iter().enumerate() {
            let y = 100.0 + 12.0 * k as f32;
            for (t, x) in row.iter().zip(xs) {
                if !t.is_empty() {
                    frags.push(at(t, *x, y));
                }
            }
        }
        frags
    }

    /// Every row is a row of some table block, cell for cell.
    fn assert_has_rows(blocks: &[PageBlock], rows: &[&[&str]]) {
        let got: Vec<Vec<&str>> = blocks
            .iter()
            .flat_map(|b| b.rows.iter())
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        for want in rows {
            assert!(
                got.iter().any(|r| r == want),
                "{want:?}: {got:?} {blocks:#?}"
            );
        }
    }
}
