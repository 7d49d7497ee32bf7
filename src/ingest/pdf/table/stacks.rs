//! Rows inside one region that no rule parts: labels beside figures a
//! line each ([`line_rows`]), a stack of labels led by a cell that names
//! it ([`led_rows`]), an unruled grid ([`grid_rows`]), labels set apart by
//! blank space ([`band_rows`]) and marks centred beside wrapped keys
//! ([`centred_rows`]).

use super::super::lines::join_cell_lines;
use super::super::page::{Frag, Line};
use super::super::params::{OFF_BASELINE, ONE_LINE};
use super::super::tree::{cell_lines, emit_flat, leaves};
use super::super::xycut::Node;
use crate::ingest::text::{join_line_with, HyphenEvidence};
use crate::shape::{is_figures, label_shape};

/// A row whose first cell holds labels set apart by blank space, each
/// beside its own text ("E-depot voorziening voor particulier archief" |
/// "Dit project is doorgeschoven …", "Productiviteitsstrategie" alone,
/// "Ontwikkelen en implementeren KPI's en dashboards" | "In 2023 is …"):
/// rows that no rule parted. A row per label; each band of the other
/// cells joins the row of the last label that starts above it. `None`
/// unless the first cell has two bands or more, each a label, and another
/// cell has two bands or more too (one label over several paragraphs is
/// one row).
pub(super) fn band_rows(frags: &[Frag], row: &Node) -> Option<Vec<Vec<(f32, String)>>> {
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
            let k = starts.iter().rposition(|&s| s <= t + ONE_LINE).unwrap_or(0);
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

/// A ruled band that holds several rows whose cells are centred on long
/// wrapped keys: a survey grid's statements, five or six lines each, with
/// one answer mark per column set halfway down each ("Ik pak de" / "draad"
/// / … beside "o | o | o"), and no rule between the rows. Two value
/// columns or more, each of the same number of short lines (two or more),
/// line for line on one baseline; the key column has more lines, and each
/// gap between two value lines holds exactly one key line that starts in
/// upper case. The band's runs per row, cut above those key lines; `None`
/// when the band is not so (keys in lower case give no place to cut).
pub(super) fn centred_rows(frags: &[Frag], band: &Node) -> Option<Vec<Vec<usize>>> {
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
            .all(|(l, &y)| (l.y - y).abs() <= OFF_BASELINE * l.size)
    });
    if !aligned || ys.windows(2).any(|w| w[1] <= w[0]) {
        return None;
    }
    let mut cuts = Vec::with_capacity(n - 1);
    for w in ys.windows(2) {
        // Key lines k that may open the next row: line k - 1 at or under
        // the upper value, line k at or over the lower one, in upper case.
        let tol = |l: &Line| OFF_BASELINE * l.size;
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

/// A row region of a table without rules between its rows: a column of
/// labels beside columns of figures, one per line ("Baten GR Rijk" /
/// "2.247", "Personeel overig" / "-470" …). When every line of the other
/// cells is figures (or a short title over them, beside the first label)
/// and sits on the baseline of a label line, each baseline
/// is a row of its own; a label line with no figures that starts in lower
/// case continues the label above it. `None` when the region is not such a
/// stack (prose cells wrap; they are joined as one cell).
pub(in crate::ingest::pdf) fn line_rows(
    cols: &[(f32, Vec<Line>)],
) -> Option<Vec<Vec<(f32, String)>>> {
    let ((_, labels), values) = cols.split_first()?;
    if labels.len() < 2 || values.is_empty() || !values.iter().any(|(_, l)| l.len() >= 2) {
        return None;
    }
    // A short title over a column's figures, on the first label's
    // baseline, beside labels that are words, is the header row ("Baten
    // en lasten" beside "Realisatie 2023" over "2.247" / "1.662").
    let top = labels.iter().map(|l| l.y).fold(f32::MAX, f32::min);
    let named = labels.iter().filter(|l| !is_figures(&l.text)).count() >= 3;
    let header = |lines: &[Line], l: &Line| {
        named
            && (l.y - top).abs() <= 0.5 * l.size
            && l.text.split_whitespace().count() <= 4
            && lines
                .iter()
                .filter(|o| o.y > l.y && is_figures(&o.text))
                .count()
                >= 2
    };
    let rows = pair_by_baseline(cols, 0, |c, l| is_figures(&l.text) || header(&cols[c].1, l))?;
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
pub(in crate::ingest::pdf) fn led_rows(
    cols: &[(f32, Vec<Line>)],
) -> Option<Vec<Vec<(f32, String)>>> {
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
pub(in crate::ingest::pdf) fn grid_rows(
    cols: &[(f32, Vec<Line>)],
    min_lines: usize,
) -> Option<Vec<Vec<(f32, String)>>> {
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
pub(super) fn pair_by_baseline(
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
