//! Headers and spans: which lines of a table are its header (a line of
//! years, a line of titles) and where a region tree cut a header off from
//! its rows (under a title, at the end of a band of text).

use super::super::page::Line;
use super::super::xycut::Node;
use super::cells::open_end;
use super::evidence::is_cells;
use crate::shape::is_figures;

/// What a line of a table is, by its cells.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum LineKind {
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

pub(super) fn line_kind(cells: &[Option<Line>]) -> LineKind {
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
pub(super) fn is_year_label(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let year = |w: &str| crate::shape::year(w).is_some();
    words.len() <= 4
        && words.iter().filter(|w| year(w)).count() == 1
        && words
            .iter()
            .all(|w| year(w) || w.chars().all(|c| c.is_alphabetic() || c == '.'))
}

/// The header of a grid's lines: `(lead, end)`, where the lines before
/// `lead` are titles over it (a first cell alone, not going on) and
/// `lead..end` wrap into one header row. Each line is a row of its own
/// (`end == lead`) unless the header's lines fill different columns. The
/// header ends before the first body line, or at a first cell alone
/// under cells beside it that does not go on from them ("ACTIVA" under
/// "Boekwaarde per 31 december | 2020 | 2021").
pub(super) fn header_zone(cells: &[Vec<Option<Line>>], kinds: &[LineKind]) -> (usize, usize) {
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

/// A region that ends in a row of cells, cut apart from the rows of
/// cells after it (a table's header under its title, a band of text
/// above), when the row is the region's only one at its end (the last row
/// of a table of its own stays there): the regions before that row and
/// the row.
pub(super) fn trailing_header(node: &Node) -> Option<(&[Node], &Node)> {
    let (header, before) = unruled_last(node)?;
    let alone = !before.last().is_some_and(is_cells);
    (alone && is_cells(header)).then_some((before, header))
}

/// [`trailing_header`], also where the region's last part is a group of
/// its own that ends in the header (a rule under the first row of a table
/// and none over it: the text above, the title and the first row are one
/// band, the title and the row a group in it).
pub(in crate::ingest::pdf) fn nested_header(node: &Node) -> Option<(Vec<&Node>, &Node)> {
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
pub(super) fn unruled_last(node: &Node) -> Option<(&Node, &[Node])> {
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
pub(in crate::ingest::pdf) fn splice_after_header(children: &[Node]) -> Option<Vec<Node>> {
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
pub(in crate::ingest::pdf) fn titled_header(node: &Node) -> Option<(&[Node], &Node)> {
    trailing_header(node).filter(|_| matches!(node, Node::Rows { titled: true, .. }))
}
