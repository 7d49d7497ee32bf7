//! Reading order by recursive XY-cut.
//!
//! In: the runs of one page (as [`Frag`]s) and its ruling lines. Out: a
//! tree of regions in reading order. A region is cut, in this order of
//! preference:
//!
//! 1. at horizontal rules that span it (grid-table rows, a header rule),
//!    so side-by-side cells are read row by row;
//! 2. at vertical white space (columns, cells); when the first column is a
//!    narrow key column whose lines pair with lines to its right, the cut
//!    is made line by line instead (an unruled key/value table);
//! 3. at wide horizontal white space (paragraph and block gaps).
//!
//! What is left is a leaf: lines of one column, read top to bottom.
//! Recursion depth and fragment counts are bounded.

use super::page::Frag;
use super::params::{
    BAND_GAP, COLUMN_GAP, COLUMN_GAP_ONE_LINE, EXACT, GLYPH_BOX, ONE_LINE, RULE_REACH, RULE_SLACK,
    RULE_SPAN, SAME_SIZE, SHORT_LINE,
};
use super::rules::Rule;
use crate::shape::{is_figures, is_list_marker};

/// A region of the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Fragments (indices) read as lines of one column.
    Leaf(Vec<usize>),
    /// Regions stacked top to bottom. `ruled` when the cuts were rules.
    Rows {
        /// The stacked regions.
        children: Vec<Node>,
        /// Cut at ruling lines.
        ruled: bool,
        /// The wide line spacing the region is set in, when known: found
        /// in it or in a region around it (see [`Spacing`]).
        spacing: Option<Spacing>,
        /// The first region is a title line cut off over the columns of
        /// the second (a table's header, two columns of text).
        titled: bool,
    },
    /// Regions side by side, left to right.
    Cols(Vec<Node>),
}

/// Wide line spacing (Word's 1.5 lines): the blank between two lines of
/// one paragraph, in text of `size`. Found where a region has enough lines
/// to show it, and handed down to the bands it is cut into, which may have
/// too few lines to show it again and would otherwise be cut at every line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    /// Height of the blank between lines.
    pub blank: f32,
    /// Type size the spacing was found in.
    pub size: f32,
}

impl Spacing {
    /// The spacing, for text of `size`: type that differs sets its own.
    pub fn for_size(self, size: f32) -> Option<f32> {
        ((self.size - size).abs() < SAME_SIZE).then_some(self.blank)
    }

    /// Baseline to baseline: the blank plus a glyph box (see
    /// [`Frag::top`] and [`Frag::bottom`]).
    pub fn pitch(self) -> f32 {
        self.blank + GLYPH_BOX * self.size
    }
}

/// The wide spacings a region may be set in, given from outside it: the
/// one found in the region it was cut from, and the one most pages of the
/// document are set in (see [`document_spacing`]). Its own lines, when
/// they show one, come first.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Given {
    /// Found in the region around it.
    pub region: Option<Spacing>,
    /// The document's.
    pub document: Option<Spacing>,
}

impl Given {
    /// The blank of the spacing given for text of `size`: the region's
    /// when it was found in that size, else the document's. A region's
    /// spacing found in a table's smaller type says nothing of the prose
    /// beside it (begroting p. 20: 8-point rows above 9-point prose).
    fn for_size(self, size: f32) -> Option<f32> {
        self.region
            .and_then(|sp| sp.for_size(size))
            .or_else(|| self.document.and_then(|sp| sp.for_size(size)))
    }
}

/// Deepest recursion.
const MAX_DEPTH: usize = 48;

/// Cut the page into a region tree; `document` is the wide spacing of the
/// document's prose, when it has one.
pub fn cut(frags: &[Frag], rules: &[Rule], document: Option<Spacing>) -> Node {
    let all: Vec<usize> = (0..frags.len()).collect();
    let given = Given {
        region: None,
        document,
    };
    // A page number alone at the foot of the page stands under whatever
    // is above it; cut among the columns of a table, it would be a cell of
    // its last row (Wassenaar begroting p. 115).
    if let Some((body, folio)) = split_folio(frags, &all) {
        return Node::Rows {
            children: vec![cut_region(frags, rules, body, 0, given), Node::Leaf(folio)],
            ruled: false,
            spacing: None,
            titled: false,
        };
    }
    cut_region(frags, rules, all, 0, given)
}

/// The runs of the page's lowest line when that line is a bare page
/// number ("115") set apart from the text above it by at least a line's
/// height: (the other runs, the number's runs).
fn split_folio(frags: &[Frag], all: &[usize]) -> Option<(Vec<usize>, Vec<usize>)> {
    let lowest = all.iter().map(|&i| frags[i].y).fold(f32::MIN, f32::max);
    let (folio, body): (Vec<usize>, Vec<usize>) = all
        .iter()
        .partition(|&&i| (frags[i].y - lowest).abs() < EXACT);
    let text: String = folio.iter().map(|&i| frags[i].text.trim()).collect();
    let size = folio.iter().map(|&i| frags[i].size).fold(0.0, f32::max);
    let above = body.iter().map(|&i| frags[i].y).fold(f32::MIN, f32::max);
    let number = !text.is_empty() && text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit());
    (number && !body.is_empty() && lowest - above >= 2.0 * size).then_some((body, folio))
}

/// The wide spacing of a document's prose: the spacing found on the most
/// pages (within 5%, in one type size), when that is at least three pages
/// and a fifth of the pages with text. A Word document set at 1.5 lines
/// shows it on most pages; a paragraph of two lines beside a figure, on a
/// page that shows it nowhere, is then still read as one.
pub fn document_spacing(trees: &[Node]) -> Option<Spacing> {
    let near = |a: &Spacing, b: &Spacing| {
        (a.size - b.size).abs() < SAME_SIZE && (a.blank - b.blank).abs() <= 0.05 * b.blank
    };
    // Each page's spacings, one of each kind (bands repeat their region's).
    let per_page: Vec<Vec<Spacing>> = trees
        .iter()
        .map(|t| {
            let mut found = Vec::new();
            spacings(t, &mut found);
            found.sort_by(|a, b| a.size.total_cmp(&b.size).then(a.blank.total_cmp(&b.blank)));
            found.dedup_by(|a, b| near(a, b));
            found
        })
        .collect();
    let pages = trees
        .iter()
        .filter(|t| !matches!(t, Node::Leaf(idx) if idx.is_empty()))
        .count();
    per_page
        .iter()
        .flatten()
        .map(|c| {
            let n = per_page
                .iter()
                .filter(|p| p.iter().any(|s| near(s, c)))
                .count();
            (n, *c)
        })
        .filter(|&(n, _)| n >= 3 && n * 5 >= pages)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.blank.total_cmp(&a.1.blank)))
        .map(|(_, c)| c)
}

fn spacings(node: &Node, out: &mut Vec<Spacing>) {
    match node {
        Node::Leaf(_) => {}
        Node::Cols(children) => children.iter().for_each(|c| spacings(c, out)),
        Node::Rows {
            children, spacing, ..
        } => {
            out.extend(spacing);
            children.iter().for_each(|c| spacings(c, out));
        }
    }
}

fn median_size(frags: &[Frag], idx: &[usize]) -> f32 {
    let mut s: Vec<f32> = idx.iter().map(|&i| frags[i].size).collect();
    s.sort_by(f32::total_cmp);
    s.get(s.len() / 2).copied().unwrap_or(10.0).max(1.0)
}

fn cut_region(frags: &[Frag], rules: &[Rule], idx: Vec<usize>, depth: usize, given: Given) -> Node {
    if idx.len() <= 1 || depth >= MAX_DEPTH {
        return Node::Leaf(idx);
    }
    let s = median_size(frags, &idx);
    let rx0 = idx.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
    let rx1 = idx.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max);
    let ry0 = idx.iter().map(|&i| frags[i].top()).fold(f32::MAX, f32::min);
    let ry1 = idx
        .iter()
        .map(|&i| frags[i].bottom())
        .fold(f32::MIN, f32::max);
    let width = (rx1 - rx0).max(1.0);
    let clear = |y: f32| {
        !idx.iter().any(|&i| {
            let f = &frags[i];
            y > f.y - 0.6 * f.size && y < f.y + 0.1 * f.size
        })
    };

    // 0. Two ruled grids one above the other: see `between_frames`.
    let cuts = between_frames(rules, rx0, rx1, ry0, ry1, s, clear);
    if !cuts.is_empty() {
        if let Some(bands) = split_by_y(frags, &idx, &cuts) {
            return rows(frags, rules, bands, depth, false, given);
        }
    }

    // 1. Horizontal rules across the region.
    let mut cuts: Vec<f32> = rules
        .iter()
        .filter(|r| r.horizontal())
        .map(|r| (r.y0 + r.y1) / 2.0)
        .zip(rules.iter().filter(|r| r.horizontal()))
        .filter(|(y, r)| {
            let overlap = r.x1.min(rx1) - r.x0.max(rx0);
            *y > ry0 + RULE_SLACK && *y < ry1 - RULE_SLACK && overlap >= RULE_SPAN * width
        })
        .map(|(y, _)| y)
        .filter(|&y| clear(y))
        .collect();
    if !cuts.is_empty() {
        cuts.sort_by(f32::total_cmp);
        if let Some(bands) = split_by_y(frags, &idx, &cuts) {
            return rows(frags, rules, bands, depth, true, given);
        }
    }

    // 1b. A title over columns: see `title_above_columns`.
    if let Some(bands) = title_above_columns(frags, rules, &idx, s, given) {
        return titled(frags, rules, bands, depth, given);
    }

    // 2. Vertical white space (or vertical rules in narrower gaps).
    let lines = distinct_baselines(frags, &idx);
    let min_gap = if lines >= 2 {
        COLUMN_GAP * s
    } else {
        COLUMN_GAP_ONE_LINE * s
    };
    let gaps = x_gaps_ruled(frags, &idx, rules, min_gap, ry0, ry1);
    if !gaps.is_empty() {
        let ruled = gaps.iter().any(|g| g.1);
        let gaps: Vec<f32> = gaps.into_iter().map(|g| g.0).collect();
        let cols = bullets_to_items(frags, rules, split_by_x(frags, &idx, &gaps), s);
        // A narrow column beside text is a bullet or number column, and a
        // narrow word between wide gaps is justified prose; among three or
        // more columns a narrow one without letters is a table cell ("-",
        // "8,1"). A vertical rule through the region makes it a table, whose
        // narrow cells ("B", a quality level) are cells all the same; so
        // are the words of one line of words without figures set over a
        // rule that runs under it (a grid's header: "ja, zeker |
        // waarschijnlijk wel | nee | weet niet").
        let over_rule = lines == 1
            && !idx
                .iter()
                .any(|&i| frags[i].text.contains(|c: char| c.is_ascii_digit()))
            && rules.iter().any(|r| {
                let y = (r.y0 + r.y1) / 2.0;
                r.horizontal()
                    && y >= ry1 - RULE_SLACK
                    && y <= ry1 + s
                    && r.x1.min(rx1) - r.x0.max(rx0) >= RULE_SPAN * width
            });
        let narrow = if ruled || over_rule {
            false
        } else if cols.len() == 2 {
            // A narrow column of figures on the right, each beside a line
            // on the left, is a table's ("Besteed – Personeel | -67"); a
            // page number under a footnote is not.
            let figures = cols[1].iter().all(|&i| is_figures(&frags[i].text))
                && values_all_keyed(frags, &cols);
            has_narrow(frags, &cols[..1], s) || (!figures && has_narrow(frags, &cols[1..], s))
        } else {
            has_narrow_word(frags, &cols, s)
        };
        if cols.len() >= 2 && !narrow {
            // A cell between rules on all four sides whose values wrap
            // (a value line with no key line beside it, or one going on in
            // lower case) is one row of a grid; a framed table of one-line
            // values is still read a row per key.
            let one_row = ruled
                && ruled_above_and_below(rules, rx0, rx1, ry0, ry1, s)
                && (!values_all_keyed(frags, &cols) || values_wrap(frags, &cols));
            // Cells and columns find their own spacing.
            let given = Given {
                region: None,
                ..given
            };
            if let Some(bands) = key_value_rows(frags, &cols, s).filter(|_| !one_row) {
                return rows(frags, rules, bands, depth, false, given);
            }
            let children = cols
                .into_iter()
                .map(|c| cut_region(frags, rules, c, depth + 1, given))
                .collect();
            return Node::Cols(children);
        }
    }

    // 2b. Columns hidden by a spanning title or a centred page number: cut
    // off up to two bands at the top and bottom when what is left between
    // them has a column gap.
    let all_gaps: Vec<f32> = y_gaps(frags, &idx, BAND_GAP * s)
        .into_iter()
        .map(|g| g.0)
        .collect();
    for (kt, kb) in [
        (0usize, 1usize),
        (1, 0),
        (1, 1),
        (0, 2),
        (2, 0),
        (2, 1),
        (1, 2),
        (2, 2),
    ] {
        if kt + kb > all_gaps.len() || all_gaps.is_empty() {
            continue;
        }
        let top = if kt > 0 { all_gaps[kt - 1] } else { f32::MIN };
        let bottom = if kb > 0 {
            all_gaps[all_gaps.len() - kb]
        } else {
            f32::MAX
        };
        let middle: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| frags[i].y > top && frags[i].y < bottom)
            .collect();
        if distinct_baselines(frags, &middle) < 3 {
            continue;
        }
        let (my0, my1) = (
            middle
                .iter()
                .map(|&i| frags[i].top())
                .fold(f32::MAX, f32::min),
            middle
                .iter()
                .map(|&i| frags[i].bottom())
                .fold(f32::MIN, f32::max),
        );
        let g = x_gaps(frags, &middle, rules, COLUMN_GAP * s, my0, my1);
        if g.is_empty() || has_narrow(frags, &split_by_x(frags, &middle, &g), s) {
            continue;
        }
        let mut cuts: Vec<f32> = all_gaps[..kt].to_vec();
        cuts.extend_from_slice(&all_gaps[all_gaps.len() - kb..]);
        if let Some(bands) = split_by_y(frags, &idx, &cuts) {
            return rows(frags, rules, bands, depth, false, given);
        }
    }

    // 2c. A title set at line spacing over a table's header: the gap under
    // it is too narrow for 2b, and it runs across the column gaps of the
    // lines below. When those lines (two or more) have three columns or
    // more, the top line is cut off.
    if let Some(bands) = title_over_columns(frags, rules, &idx, s) {
        return titled(frags, rules, bands, depth, given);
    }

    // 3. Wide horizontal white space; the widest gaps first, so that a
    // running footer is cut off before the columns above it are looked at.
    // Text set with wide leading (Word's 1.5 lines) has blanks between its
    // lines as wide as a paragraph gap elsewhere: when three or more blanks
    // share the narrowest width, about the type size, in a region of mostly
    // full lines, that width is line spacing, and only gaps half as wide
    // again are cut. A list set solid in such a region has narrower blanks
    // (not cut either way): then the spacing is a wider width that two
    // thirds of the blanks share and whose bands are mostly single lines,
    // provided the lines are mostly prose without a column gap (the rows of
    // a table are single lines too).
    let blanks = y_gaps(frags, &idx, 0.3 * s);
    let about_size = |w: &f32| (0.8 * s..=1.2 * s).contains(w);
    let shared = |w: f32| -> Vec<f32> {
        blanks
            .iter()
            .filter(|c| c.1 >= w && c.1 <= 1.15 * w)
            .map(|c| c.0)
            .collect()
    };
    let narrowest = blanks.iter().map(|c| c.1).fold(f32::MAX, f32::min);
    let shape = LineShape::of(frags, &idx, s);
    let spacing = if !shape.mostly(shape.full) {
        None
    } else if shared(narrowest).len() >= 3 && about_size(&narrowest) {
        Some(narrowest)
    } else if shape.mostly(shape.continuous) {
        // The narrowest width that works. Widths within 5% of one tried are
        // not tried again, which bounds the work on a page of many blanks
        // (at most nine widths in 0.8-1.2 sizes) at the risk of skipping
        // one whose window would have held a few more blanks.
        let mut widths: Vec<f32> = blanks.iter().map(|c| c.1).filter(about_size).collect();
        widths.sort_by(f32::total_cmp);
        let mut tried = f32::MIN;
        widths.into_iter().find(|&w| {
            if w <= tried * 1.05 {
                return false;
            }
            tried = w;
            let cuts = shared(w);
            cuts.len() >= 3
                && cuts.len() * 3 >= blanks.len() * 2
                && single_line_bands(frags, &idx, &cuts)
        })
    } else {
        None
    };
    // A band of prose in a region (or document) set in wide spacing keeps
    // to it; a band with a table in it (a line with a gap) finds its own.
    let spacing = spacing.or_else(|| {
        given
            .for_size(s)
            .filter(|_| shape.continuous == shape.lines)
    });
    let floor = spacing.map_or(BAND_GAP * s, |w| 1.5 * w);
    let cuts = y_gaps(frags, &idx, floor);
    let widest = cuts.iter().map(|c| c.1).fold(0.0, f32::max);
    let cuts: Vec<f32> = cuts
        .into_iter()
        .filter(|c| c.1 >= 0.7 * widest)
        .map(|c| c.0)
        .collect();
    if !cuts.is_empty() {
        if let Some(bands) = split_by_y(frags, &idx, &cuts) {
            let given = Given {
                region: spacing.map(|blank| Spacing { blank, size: s }),
                ..given
            };
            return rows(frags, rules, bands, depth, false, given);
        }
    }
    Node::Leaf(idx)
}

/// A region's top line (the runs on its first baseline) and the rest, with
/// the rest's top and bottom; `None` when the rest has fewer than two
/// lines.
struct TopLine {
    head: Vec<usize>,
    rest: Vec<usize>,
    y0: f32,
    y1: f32,
}

impl TopLine {
    fn of(frags: &[Frag], idx: &[usize]) -> Option<TopLine> {
        let top = idx.iter().map(|&i| frags[i].y).fold(f32::MAX, f32::min);
        let (head, rest): (Vec<usize>, Vec<usize>) =
            idx.iter().partition(|&&i| frags[i].y - top <= ONE_LINE);
        if head.is_empty() || distinct_baselines(frags, &rest) < 2 {
            return None;
        }
        let y0 = rest
            .iter()
            .map(|&i| frags[i].top())
            .fold(f32::MAX, f32::min);
        let y1 = rest
            .iter()
            .map(|&i| frags[i].bottom())
            .fold(f32::MIN, f32::max);
        Some(TopLine { head, rest, y0, y1 })
    }
}

/// The top line and the rest of a region when a paragraph gap parts them
/// and the top line starts left of the first column
/// gap of the rest (two lines or more): a title over a table or over two
/// columns ("2.1. Baten en Lasten" over its table's header, Collectie
/// Overijssel p. 16). Cut at the columns first, the title became the top
/// of the first column, and of a table's first cell. A top line that
/// starts in a later column (a header row, a column set higher) stays.
fn title_above_columns(
    frags: &[Frag],
    rules: &[Rule],
    idx: &[usize],
    s: f32,
    given: Given,
) -> Option<Vec<Vec<usize>>> {
    let TopLine { head, rest, y0, y1 } = TopLine::of(frags, idx)?;
    let head_bottom = head
        .iter()
        .map(|&i| frags[i].bottom())
        .fold(f32::MIN, f32::max);
    // As wide as a paragraph gap (at wide line spacing, half as wide again
    // as the spacing, as step 3 asks): not the next line of a paragraph.
    let spacing = given.for_size(s);
    if y0 - head_bottom < spacing.map_or(BAND_GAP * s, |w| (1.5 * w).max(BAND_GAP * s)) {
        return None;
    }
    let first_gap = *x_gaps(frags, &rest, rules, COLUMN_GAP * s, y0, y1).first()?;
    // The first line below in the title's column, when it goes on in lower
    // case, continues the title ("Voorzieningen verplichtingen," /
    // "verliezen").
    let below = rest
        .iter()
        .filter(|&&i| frags[i].x0 < first_gap)
        .min_by(|&&a, &&b| {
            frags[a]
                .y
                .total_cmp(&frags[b].y)
                .then(frags[a].x0.total_cmp(&frags[b].x0))
        });
    let continues =
        below.is_some_and(|&i| frags[i].text.trim_start().starts_with(char::is_lowercase));
    (!continues && head.iter().all(|&i| frags[i].x0 < first_gap)).then(|| vec![head, rest])
}

/// The top line and the rest of a region whose lines below the first
/// are a full grid of three columns or more (two or more lines, a cell on
/// every line of every column, no narrow word between gaps), or keys
/// beside values under a larger title ([`key_value_rows`]), with the top
/// line running across a gap ("Kasstroom en EMU-saldo -
/// Wet Houdbare Overheidsfinanciën (Wet HOF)" over "Kasstroom en EMU-saldo
/// | Realisatie | Realisatie", Collectie Overijssel p. 13).
fn title_over_columns(
    frags: &[Frag],
    rules: &[Rule],
    idx: &[usize],
    s: f32,
) -> Option<Vec<Vec<usize>>> {
    let TopLine { head, rest, y0, y1 } = TopLine::of(frags, idx)?;
    let gaps = x_gaps(frags, &rest, rules, COLUMN_GAP * s, y0, y1);
    let crossed = gaps
        .iter()
        .any(|&g| head.iter().any(|&i| frags[i].x0 < g && frags[i].x1 > g));
    let cols = split_by_x(frags, &rest, &gaps);
    let lines = distinct_baselines(frags, &rest);
    let full = cols.iter().all(|c| distinct_baselines(frags, c) == lines);
    let grid = gaps.len() >= 2 && full && !has_narrow_word(frags, &cols, s);
    // A title set larger over keys beside their values ("Besluitenlijst …"
    // over "Datum | 10-05-2022", "Aanwezigen | …" wrapping): two columns
    // are enough, and a value may wrap.
    let keyed = gaps.len() == 1
        && median_size(frags, &head) >= 1.2 * s
        && key_value_rows(frags, &cols, s).is_some();
    (crossed && (grid || keyed)).then(|| vec![head, rest])
}

/// Whether every line of the columns after the first has a line of the
/// first on its baseline.
fn values_all_keyed(frags: &[Frag], cols: &[Vec<usize>]) -> bool {
    let Some((first, rest)) = cols.split_first() else {
        return true;
    };
    let mut keys: Vec<f32> = first.iter().map(|&i| frags[i].y).collect();
    keys.sort_by(f32::total_cmp);
    rest.iter().flatten().all(|&i| {
        let y = frags[i].y;
        let at = keys.partition_point(|&k| k < y - ONE_LINE);
        keys.get(at).is_some_and(|&k| (k - y).abs() < ONE_LINE)
    })
}

/// Whether a column after the first has a line, not its first, that
/// starts in lower case: a wrapped cell.
fn values_wrap(frags: &[Frag], cols: &[Vec<usize>]) -> bool {
    cols.iter().skip(1).any(|c| {
        value_lines_of(frags, c)
            .iter()
            .skip(1)
            .any(|l| l.first.is_some_and(char::is_lowercase))
    })
}

/// Where to cut a region holding two or more ruled grids one above the
/// other: the vertical rules of a grid run from its header to its last
/// row, so where the spans of the region's vertical rules leave gaps (one
/// grid ends, a caption, the next grid begins), the region is cut at the
/// top and bottom of each grid, where the cut passes between lines
/// (`clear`); `s` is the region's type size. The horizontal rules under
/// each grid's header would otherwise cut the region into bands that hold
/// one grid's last rows with the next one's caption and header (a
/// survey's answer grids, one per question).
fn between_frames(
    rules: &[Rule],
    rx0: f32,
    rx1: f32,
    ry0: f32,
    ry1: f32,
    s: f32,
    clear: impl Fn(f32) -> bool,
) -> Vec<f32> {
    // A grid's column rule: three lines long or more, crossed by a rule
    // (under the header); not a stroke of a drawing.
    let horizontal = || rules.iter().filter(|h| h.horizontal());
    let across = |h: &Rule, x: f32| h.x0 <= x + RULE_SLACK && h.x1 >= x - RULE_SLACK;
    let crossed = |v: &Rule| {
        horizontal().any(|h| {
            let y = (h.y0 + h.y1) / 2.0;
            across(h, v.x0) && y > v.y0 + RULE_SLACK && y < v.y1 - RULE_SLACK
        })
    };
    let mut spans: Vec<(f32, f32, f32)> = rules
        .iter()
        .filter(|r| {
            !r.horizontal()
                && r.x0 > rx0 - RULE_SLACK
                && r.x1 < rx1 + RULE_SLACK
                && r.y1 - r.y0 >= 3.0 * s
                && crossed(r)
        })
        .map(|r| (r.y0.max(ry0), r.y1.min(ry1), r.x0))
        .filter(|(a, b, _)| b > a)
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Frames: overlapping spans, with the x of their rules.
    let mut frames: Vec<(f32, f32, Vec<f32>)> = Vec::new();
    for (a, b, x) in spans {
        match frames.last_mut() {
            Some(f) if a <= f.1 + 1.0 => {
                f.1 = f.1.max(b);
                f.2.push(x);
            }
            _ => frames.push((a, b, vec![x])),
        }
    }
    if frames.len() < 2 {
        return Vec::new();
    }
    // A header row without column rules stands between the grid's top
    // rule and the top of its column rules: the frame starts at that
    // rule (within two and a half lines above).
    for f in &mut frames {
        let top = horizontal()
            .map(|h| ((h.y0 + h.y1) / 2.0, h))
            .filter(|(y, h)| *y < f.0 && *y >= f.0 - 2.5 * s && f.2.iter().any(|&x| across(h, x)))
            .map(|(y, _)| y)
            .fold(f.0, f32::min);
        f.0 = top - 0.5;
    }
    frames
        .iter()
        .flat_map(|f| [f.0, f.1])
        .filter(|&y| y > ry0 + RULE_SLACK && y < ry1 - RULE_SLACK && clear(y))
        .collect()
}

/// Whether horizontal rules across most of the region's width lie just
/// above and just below it (within two type sizes): a ruled table row.
fn ruled_above_and_below(rules: &[Rule], x0: f32, x1: f32, y0: f32, y1: f32, s: f32) -> bool {
    let across = |r: &&Rule| r.horizontal() && r.x1.min(x1) - r.x0.max(x0) >= RULE_SPAN * (x1 - x0);
    let near = |y: f32| {
        rules
            .iter()
            .filter(across)
            .any(|r| (r.y0 - y).abs() <= 2.0 * s)
    };
    near(y0) && near(y1)
}

/// A column of list markers alone (round or square bullets, "a." "b)"
/// "3.") joins the last column when every marker has its item there, on
/// its baseline and just after it (within 2.5 type sizes), and no
/// vertical rule parts them: the markers of a list set in a table cell
/// ("Risico's | • Loopbaanbeleid", "Besluit | a. in te stemmen") are no
/// column of the table. Markers whose items have cells further right ("•
/// Installaties | 10 - 20 jaar") mark table rows; marks in a grid ("● |
/// ●") stand apart from their neighbours; a ruled column of row numbers
/// is a column: these stay columns.
fn bullets_to_items(
    frags: &[Frag],
    rules: &[Rule],
    mut cols: Vec<Vec<usize>>,
    s: f32,
) -> Vec<Vec<usize>> {
    let marker = |i: usize| is_list_marker(frags[i].text.trim());
    let mut k = 0;
    while k + 1 < cols.len() {
        let (left, right) = (&cols[k], &cols[k + 1]);
        let joins = k + 2 == cols.len()
            && left.iter().all(|&i| marker(i))
            && !right.iter().all(|&i| marker(i))
            && left.iter().all(|&m| {
                right.iter().any(|&i| {
                    (frags[i].y - frags[m].y).abs() < ONE_LINE
                        && frags[i].x0 >= frags[m].x1
                        && frags[i].x0 - frags[m].x1 <= 2.5 * s
                })
            })
            && !ruled_between(frags, rules, left, right);
        if joins {
            let markers = cols.remove(k);
            cols[k].extend(markers);
        } else {
            k += 1;
        }
    }
    cols
}

/// Whether a vertical rule runs between two columns over their height.
fn ruled_between(frags: &[Frag], rules: &[Rule], left: &[usize], right: &[usize]) -> bool {
    let x0 = left.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max);
    let x1 = right.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
    let y0 = left
        .iter()
        .chain(right)
        .map(|&i| frags[i].top())
        .fold(f32::MAX, f32::min);
    let y1 = left
        .iter()
        .chain(right)
        .map(|&i| frags[i].bottom())
        .fold(f32::MIN, f32::max);
    rules.iter().any(|r| {
        !r.horizontal()
            && r.x0 >= x0 - RULE_SLACK
            && r.x0 <= x1 + RULE_SLACK
            && r.y0 <= y0 + RULE_REACH
            && r.y1 >= y1 - RULE_REACH
    })
}

/// Whether a column is too narrow to be one (a bullet or number column).
fn has_narrow(frags: &[Frag], cols: &[Vec<usize>], s: f32) -> bool {
    cols.iter().any(|c| {
        let w = c.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max)
            - c.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
        w < 1.8 * s
    })
}

/// Whether a column is too narrow to be one and holds a letter, on fewer
/// than three lines: a word between the wide gaps of a justified line or
/// two. Three lines or more of narrow words at one place are a table's
/// column ("V" marks for membership).
fn has_narrow_word(frags: &[Frag], cols: &[Vec<usize>], s: f32) -> bool {
    cols.iter().any(|c| {
        has_narrow(frags, std::slice::from_ref(c), s)
            && c.iter()
                .any(|&i| frags[i].text.chars().any(char::is_alphabetic))
            && distinct_baselines(frags, c) < 3
    })
}

/// Whether at least two thirds of the bands the `cuts` make hold one line.
fn single_line_bands(frags: &[Frag], idx: &[usize], cuts: &[f32]) -> bool {
    split_by_y(frags, idx, cuts).is_some_and(|bands| {
        let single = bands
            .iter()
            .filter(|b| distinct_baselines(frags, b) == 1)
            .count();
        single * 3 >= bands.len() * 2
    })
}

/// How many lines a region has, how many run at least half its width
/// (prose, unlike a stack of short figures or one-line items set apart by
/// blank lines), and how many have no gap of two type sizes between their
/// runs (unlike the rows of a table).
struct LineShape {
    lines: usize,
    full: usize,
    continuous: usize,
}

impl LineShape {
    fn of(frags: &[Frag], idx: &[usize], s: f32) -> LineShape {
        let x0 = idx.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min);
        let x1 = idx.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max);
        // Runs in a smaller type raised or lowered on a line (the "e" of
        // "2e lijn", a footnote mark) belong to that line, not to one of
        // their own. `s` is the region's median type size.
        let (mut order, small): (Vec<usize>, Vec<usize>) =
            idx.iter().partition(|&&i| frags[i].size >= 0.8 * s);
        order.sort_by(|&a, &b| frags[a].y.total_cmp(&frags[b].y));
        // (first baseline, runs) per line
        let mut lines: Vec<(f32, Vec<usize>)> = Vec::new();
        for i in order {
            match lines.last_mut() {
                Some(l) if frags[i].y - l.0 <= ONE_LINE => l.1.push(i),
                _ => lines.push((frags[i].y, vec![i])),
            }
        }
        for i in small {
            let y = frags[i].y;
            // The first line whose baseline lies 0.3 sizes above to 0.6
            // below the run's (lines are in baseline order).
            let k = lines.partition_point(|l| l.0 < y - 0.3 * s);
            match lines.get_mut(k).filter(|l| l.0 <= y + 0.6 * s) {
                Some(l) => l.1.push(i),
                None => {
                    let at = lines.partition_point(|l| l.0 < y);
                    lines.insert(at, (y, vec![i]));
                }
            }
        }
        let mut shape = LineShape {
            lines: lines.len(),
            full: 0,
            continuous: 0,
        };
        for (_, mut runs) in lines {
            runs.sort_by(|&a, &b| frags[a].x0.total_cmp(&frags[b].x0));
            let left = frags[runs[0]].x0;
            let mut right = f32::MIN;
            let mut continuous = true;
            for &i in &runs {
                if right > f32::MIN && frags[i].x0 > right + 2.0 * frags[i].size {
                    continuous = false;
                }
                right = right.max(frags[i].x1);
            }
            shape.full += usize::from(right - left >= 0.5 * (x1 - x0));
            shape.continuous += usize::from(continuous);
        }
        shape
    }

    /// Whether `n` is at least two thirds of the lines.
    fn mostly(&self, n: usize) -> bool {
        n * 3 >= self.lines * 2
    }
}

fn distinct_baselines(frags: &[Frag], idx: &[usize]) -> usize {
    let mut ys: Vec<f32> = idx.iter().map(|&i| frags[i].y).collect();
    ys.sort_by(f32::total_cmp);
    let mut n = 0;
    let mut last = f32::MIN;
    for y in ys {
        if y - last > ONE_LINE {
            n += 1;
            last = y;
        }
    }
    n
}

/// Split into bands at the cut positions; `None` when fewer than two bands
/// hold fragments.
fn split_by_y(frags: &[Frag], idx: &[usize], cuts: &[f32]) -> Option<Vec<Vec<usize>>> {
    let mut bands: Vec<Vec<usize>> = vec![Vec::new(); cuts.len() + 1];
    for &i in idx {
        let y = frags[i].y;
        let b = cuts.partition_point(|&c| c < y);
        bands[b].push(i);
    }
    bands.retain(|b| !b.is_empty());
    (bands.len() >= 2).then_some(bands)
}

fn split_by_x(frags: &[Frag], idx: &[usize], cuts: &[f32]) -> Vec<Vec<usize>> {
    let mut cols: Vec<Vec<usize>> = vec![Vec::new(); cuts.len() + 1];
    for &i in idx {
        let cx = (frags[i].x0 + frags[i].x1) / 2.0;
        let c = cuts.partition_point(|&g| g < cx);
        cols[c].push(i);
    }
    cols.retain(|c| !c.is_empty());
    cols
}

/// Middles and heights of the horizontal bands free of glyph boxes, at
/// least `min` high.
fn y_gaps(frags: &[Frag], idx: &[usize], min: f32) -> Vec<(f32, f32)> {
    let mut iv: Vec<(f32, f32)> = idx
        .iter()
        .map(|&i| (frags[i].top(), frags[i].bottom()))
        .collect();
    gaps_of(&mut iv, min)
}

/// Middles of the vertical bands free of runs, at least `min` wide, or
/// holding a vertical rule that spans the region.
fn x_gaps(frags: &[Frag], idx: &[usize], rules: &[Rule], min: f32, y0: f32, y1: f32) -> Vec<f32> {
    x_gaps_ruled(frags, idx, rules, min, y0, y1)
        .into_iter()
        .map(|g| g.0)
        .collect()
}

/// [`x_gaps`], each with whether a vertical rule spanning the region lies
/// in it.
fn x_gaps_ruled(
    frags: &[Frag],
    idx: &[usize],
    rules: &[Rule],
    min: f32,
    y0: f32,
    y1: f32,
) -> Vec<(f32, bool)> {
    let mut iv: Vec<(f32, f32)> = idx
        .iter()
        .map(|&i| (frags[i].x0, frags[i].ink_x1()))
        .collect();
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut end = f32::MIN;
    for (a, b) in iv {
        if end > f32::MIN && a > end {
            let gap = a - end;
            let ruled = rules.iter().any(|r| {
                !r.horizontal()
                    && r.x0 > end
                    && r.x0 < a
                    && r.y0 <= y0 + RULE_REACH
                    && r.y1 >= y1 - RULE_REACH
            });
            if gap >= min || (ruled && gap >= 1.0) {
                out.push(((a + end) / 2.0, ruled));
            }
        }
        end = end.max(b);
    }
    out
}

fn gaps_of(iv: &mut [(f32, f32)], min: f32) -> Vec<(f32, f32)> {
    iv.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut end = f32::MIN;
    for &(a, b) in iv.iter() {
        if end > f32::MIN && a - end >= min {
            out.push(((a + end) / 2.0, a - end));
        }
        end = end.max(b);
    }
    out
}

/// Line-by-line bands when the first column is a narrow key column whose
/// every line has a partner on the same baseline to its right. A key line
/// whose partner goes on with the value line above it (that line ran to
/// the column's right edge and this one starts in lower case) beside a
/// key line whose first word did not fit on the key line above, of two
/// words or more, is a wrapped
/// key, not a new row: "Herijken en formaliseren afspraken" /
/// "Athenaeumbibliotheek" beside a paragraph is one row.
fn key_value_rows(frags: &[Frag], cols: &[Vec<usize>], s: f32) -> Option<Vec<Vec<usize>>> {
    let first = cols.first()?;
    let width = |c: &Vec<usize>| {
        c.iter().map(|&i| frags[i].x1).fold(f32::MIN, f32::max)
            - c.iter().map(|&i| frags[i].x0).fold(f32::MAX, f32::min)
    };
    let widest_other = cols.iter().skip(1).map(width).fold(0.0, f32::max);
    if width(first) >= 0.5 * widest_other {
        return None;
    }
    let mut keys: Vec<f32> = first.iter().map(|&i| frags[i].y).collect();
    keys.sort_by(f32::total_cmp);
    keys.dedup_by(|a, b| (*a - *b).abs() < ONE_LINE);
    if keys.len() < 2 {
        return None;
    }
    let mut others: Vec<f32> = cols.iter().skip(1).flatten().map(|&i| frags[i].y).collect();
    others.sort_by(f32::total_cmp);
    // Key lines above every value are the table's title ("Organisatiegegevens"
    // over "Statutaire naam | …"): a band of their own.
    let top = others.iter().copied().fold(f32::MAX, f32::min);
    let titled = keys.iter().take_while(|&&k| k < top - ONE_LINE).count();
    let keys = &keys[titled..];
    let paired: Vec<f32> = keys
        .iter()
        .copied()
        .filter(|&k| near(&others, k, |&o| o).is_some())
        .collect();
    // Most key lines have a partner (a key may wrap), the first one does.
    if paired.len() < 2 || paired.len() * 4 < keys.len() * 3 || paired.first() != keys.first() {
        return None;
    }
    let value_lines = value_lines(frags, &cols[1..]);
    let key_lines = value_lines_of(frags, first);
    let right = value_lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let key_right = key_lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let continues = |k: f32| {
        let at = near(&value_lines, k, |l| l.y);
        let key_at = near(&key_lines, k, |l| l.y);
        at.filter(|&j| j > 0).is_some_and(|j| {
            let (above, line) = (&value_lines[j - 1], &value_lines[j]);
            // The key wrapped too: the key line above has words enough to
            // be part of a name, and this line's first word would not have
            // fitted on it ("Onderwerp" alone is a whole key).
            let key_wrapped = key_at.filter(|&q| q > 0).is_some_and(|q| {
                let above = &key_lines[q - 1];
                above.words >= 2 && above.x1 + key_lines[q].lead > key_right + 0.5 * s
            });
            above.x1 >= right - SHORT_LINE * s
                && line.first.is_some_and(char::is_lowercase)
                && key_wrapped
        })
    };
    let starts: Vec<f32> = paired.into_iter().filter(|&k| !continues(k)).collect();
    if starts.len() < 2 {
        return None;
    }
    // Cut just above every row-starting key line but the first (and above
    // that one too under a title: key lines above every value, or value
    // lines above every key, "Visie, beleidsdoelstelling en risico's" set
    // in the value column over "Visie en | …").
    let value_titled = others.first().is_some_and(|&o| o < keys[0] - ONE_LINE);
    let skip = usize::from(titled == 0 && !value_titled);
    let mut cuts: Vec<f32> = starts.iter().skip(skip).map(|k| k - 0.75 * s).collect();
    // The last row ends at a blank of two lines: what comes after it (a
    // page number at the foot, a note) is no part of it.
    let last = starts.last().copied().unwrap_or(f32::MAX);
    let mut below: Vec<f32> = cols
        .iter()
        .flatten()
        .map(|&i| frags[i].y)
        .filter(|&y| y >= last)
        .collect();
    below.sort_by(f32::total_cmp);
    if let Some(w) = below.windows(2).find(|w| w[1] - w[0] > 3.0 * s) {
        cuts.push(w[1] - 0.75 * s);
    }
    let idx: Vec<usize> = cols.iter().flatten().copied().collect();
    split_by_y(frags, &idx, &cuts)
}

/// The first item, in an ascending list of baselines, within 2 pt of `y`
/// (binary search: a table may have thousands of lines).
fn near<T>(sorted: &[T], y: f32, key: impl Fn(&T) -> f32) -> Option<usize> {
    let at = sorted.partition_point(|e| key(e) < y - ONE_LINE);
    sorted
        .get(at)
        .filter(|e| (key(e) - y).abs() < ONE_LINE)
        .map(|_| at)
}

/// A line of a value column.
struct ValueLine {
    y: f32,
    /// First character of the leftmost run.
    first: Option<char>,
    /// Width of the leftmost run's first word and a space, estimated from
    /// the run's average character.
    lead: f32,
    /// Words on the line.
    words: usize,
    x0: f32,
    x1: f32,
}

/// The lines of the value columns, top down.
fn value_lines(frags: &[Frag], cols: &[Vec<usize>]) -> Vec<ValueLine> {
    let runs: Vec<usize> = cols.iter().flatten().copied().collect();
    value_lines_of(frags, &runs)
}

/// The lines of a set of runs, top down.
fn value_lines_of(frags: &[Frag], runs: &[usize]) -> Vec<ValueLine> {
    let mut runs: Vec<usize> = runs.to_vec();
    runs.sort_by(|&a, &b| frags[a].y.total_cmp(&frags[b].y));
    let mut lines: Vec<ValueLine> = Vec::new();
    for i in runs {
        let f = &frags[i];
        let text = f.text.trim();
        let first = text.chars().next();
        let n = text.chars().count().max(1) as f32;
        let word = text
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        let lead = (f.x1 - f.x0) / n * (word + 1) as f32;
        let words = text.split_whitespace().count();
        match lines.last_mut() {
            Some(l) if f.y - l.y <= ONE_LINE => {
                l.words += words;
                if f.x0 < l.x0 {
                    l.x0 = f.x0;
                    l.first = first;
                    l.lead = lead;
                }
                l.x1 = l.x1.max(f.x1);
            }
            _ => lines.push(ValueLine {
                y: f.y,
                first,
                lead,
                words,
                x0: f.x0,
                x1: f.x1,
            }),
        }
    }
    lines
}

/// A `Rows` node of bands, each cut further with the spacings `given`.
fn rows(
    frags: &[Frag],
    rules: &[Rule],
    bands: Vec<Vec<usize>>,
    depth: usize,
    ruled: bool,
    given: Given,
) -> Node {
    let children = bands
        .into_iter()
        .map(|b| cut_region(frags, rules, b, depth + 1, given))
        .collect();
    Node::Rows {
        children,
        ruled,
        spacing: given.region,
        titled: false,
    }
}

/// [`rows`] of a title line and the columns under it.
fn titled(
    frags: &[Frag],
    rules: &[Rule],
    bands: Vec<Vec<usize>>,
    depth: usize,
    given: Given,
) -> Node {
    match rows(frags, rules, bands, depth, false, given) {
        Node::Rows {
            children,
            ruled,
            spacing,
            ..
        } => Node::Rows {
            children,
            ruled,
            spacing,
            titled: true,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::{Given, Spacing};

    /// A region's spacing found in another type size gives way to the
    /// document's for text of the document's size.
    #[test]
    fn spacing_given_for_a_size_falls_back_to_the_documents() {
        let given = Given {
            region: Some(Spacing {
                blank: 7.0,
                size: 8.0,
            }),
            document: Some(Spacing {
                blank: 7.8,
                size: 9.0,
            }),
        };
        assert_eq!(given.for_size(8.0), Some(7.0));
        assert_eq!(given.for_size(9.0), Some(7.8));
        assert_eq!(given.for_size(12.0), None);
    }
}
