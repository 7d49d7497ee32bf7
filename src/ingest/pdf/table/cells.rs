//! Multi-line cells: whether a table's line goes on with the row above (a
//! wrapped key, a value's second line, a year under its figure) or starts
//! a row of its own.

use super::super::page::Line;
use super::super::params::LINE_PITCH;
use super::headers::is_year_label;
use super::LineCells;
use crate::shape::{bullet_marker, is_figures};

/// Whether the line `cells` (at `lc`) goes on with the row `row`, whose
/// last line is `prev`.
pub(super) fn continues(
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
pub(super) fn key_goes_on(
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
pub(super) fn no_room(row: &[Vec<Line>], cells: &[Option<Line>], key_right: f32) -> bool {
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
pub(super) fn keyless_fits(row: &[Vec<Line>], cells: &[Option<Line>]) -> bool {
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
pub(super) fn open_end(text: &str) -> bool {
    const OPEN: [&str; 12] = [
        "en", "of", "van", "de", "het", "een", "voor", "met", "op", "in", "aan", "te",
    ];
    let t = text.trim_end();
    t.ends_with([',', '-', '–', '(', '&', '/'])
        || t.rsplit(' ')
            .next()
            .is_some_and(|w| t.contains(' ') && OPEN.contains(&w))
}
