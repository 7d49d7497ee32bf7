//! Rows of a table's lines: each line starts a row or goes on with the one
//! above ([`super::cells::continues`]); a header after body rows starts
//! another table.

use super::super::lines::{join_cell_lines, lines};
use super::super::page::{Frag, Line};
use super::super::params::{ASCENT, DESCENT};
use super::cells::{continues, key_goes_on};
use super::headers::{header_zone, line_kind, LineKind};
use super::{Grid, LineCells};
use crate::shape::bullet_marker;

/// The grids of a table's lines: cut before a header that follows body
/// rows (with the lines without figures above it), each with its rows.
pub(super) fn rows(frags: &[Frag], lines_cells: &[LineCells], key: (f32, f32)) -> Vec<Grid> {
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
pub(super) fn grid(
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
    let top = lines_cells.first().map_or(0.0, |l| l.y - ASCENT * l.size);
    let bottom = lines_cells.last().map_or(0.0, |l| l.y + DESCENT * l.size);
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
