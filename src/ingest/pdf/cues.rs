//! Heading cues beyond size and weight, read over the whole document.
//!
//! In: the laid-out [`PageBlock`]s and the body size. Out: the facts
//! [`super::classify`] weighs besides size and weight, each a cue a reader
//! uses:
//!
//! - **Colour**: the fill colour of most body text is the body colour; a
//!   colour that sets two or more label-shaped lines apart from it (not a
//!   grey, which tones down) is a heading colour, and a label in it is a
//!   heading at body size ("Kengetallen" in orange over black prose).
//!   Where bold labels come in the heading colour and in the body colour,
//!   the colour is what marks the headings: bold in the body colour is a
//!   form's field label ("Huisnummer") unless it is numbered.
//! - **Italic**: a label set wholly in italic at body size, a style two or
//!   more labels share ("a) Titel voorstel").
//! - **Outline numbers in a column of their own**: an agenda sets "5.a.1"
//!   left of its title; the number goes back in front of it.
//! - **Position**: a label alone on its line at body size, above a
//!   paragraph it sits closer to than to the text before it, after text
//!   that ended its sentence ("Researchers in residence", "Vraag 4").
//!
//! The label column of a two-column layout is read for every format, in
//! [`crate::ingest::labels`].

use super::page::{PageBlock, Shape};
use super::params::SAME_SIZE;
use crate::shape::{
    color_distance, ends_sentence, has_dot_leader, is_grey, is_outline_number, is_prose,
    label_shape, named_number, outline_number, starts_upper,
};

/// How far apart two colours must be to be told apart.
const COLOR_APART: u32 = 60;

/// The document's cues.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    body: f32,
    body_color: Option<[u8; 3]>,
    heading_colors: Vec<[u8; 3]>,
    italic_labels: bool,
    colour_marks_bold: bool,
}

fn body_sized(b: &PageBlock, body: f32) -> bool {
    (b.size - body).abs() < SAME_SIZE
}

fn label_block(b: &PageBlock) -> bool {
    b.shape != Shape::Table && b.lines <= 3 && label_shape(&b.text)
}

impl Cues {
    /// Read the cues of a document; `skip` marks furniture.
    pub fn of(blocks: &[PageBlock], body: f32, skip: &[bool]) -> Cues {
        let text = |i: usize| blocks[i].shape != Shape::Table && !skip[i];
        // Body colour: the colour of most body-size characters.
        let mut by: Vec<([u8; 3], usize)> = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            if !text(i) || !body_sized(b, body) {
                continue;
            }
            if let Some(c) = b.color {
                match by.iter_mut().find(|(k, _)| *k == c) {
                    Some(e) => e.1 += b.chars,
                    None => by.push((c, b.chars)),
                }
            }
        }
        let body_color = by.iter().max_by_key(|(_, n)| *n).map(|(c, _)| *c);
        let mut cues = Cues {
            body,
            body_color,
            ..Cues::default()
        };
        // Heading colours: apart from the body's, shared by two labels.
        let mut labels: Vec<([u8; 3], usize)> = Vec::new();
        let mut italic = 0;
        for (i, b) in blocks.iter().enumerate() {
            if !text(i) || !label_block(b) || b.size < body - SAME_SIZE {
                continue;
            }
            if b.italic && !b.bold && body_sized(b, body) {
                italic += 1;
            }
            let Some(c) = b.color.filter(|c| cues.apart(*c)) else {
                continue;
            };
            match labels.iter_mut().find(|(k, _)| *k == c) {
                Some(e) => e.1 += 1,
                None => labels.push((c, 1)),
            }
        }
        cues.heading_colors = labels
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|(c, _)| c)
            .collect();
        cues.italic_labels = italic >= 2;
        let bold_labels = |coloured: bool| {
            blocks
                .iter()
                .enumerate()
                .filter(|(i, b)| {
                    text(*i)
                        && b.bold
                        && body_sized(b, body)
                        && label_block(b)
                        && cues.coloured(b) == coloured
                })
                .count()
        };
        cues.colour_marks_bold = bold_labels(true) >= 2 && bold_labels(false) >= 2;
        cues
    }

    /// Whether a colour stands apart from the body's: clearly another
    /// colour, and no grey.
    fn apart(&self, c: [u8; 3]) -> bool {
        !is_grey(c)
            && self
                .body_color
                .is_some_and(|b| color_distance(b, c) > COLOR_APART)
    }

    fn coloured(&self, b: &PageBlock) -> bool {
        b.color.is_some_and(|c| {
            self.heading_colors
                .iter()
                .any(|h| color_distance(*h, c) <= COLOR_APART)
        })
    }

    /// Whether a block is a label at body size that its colour or italic
    /// type marks as a heading.
    pub fn emphasised(&self, b: &PageBlock) -> bool {
        b.size >= self.body - SAME_SIZE
            && label_block(b)
            && (self.coloured(b) || self.italic_labels && b.italic && !b.bold)
    }

    /// Whether bold at body size marks a heading here: not where the
    /// headings take a colour and bold in the body colour is a form's
    /// field label; a numbered line is a heading either way.
    pub fn bold_marks(&self, b: &PageBlock) -> bool {
        !self.colour_marks_bold || self.coloured(b) || outline_number(&b.text).is_some()
    }
}

/// An outline number set in a column of its own ("5.a.1" left of
/// "Beantwoording schriftelijke vragen …") is put back in front of the
/// text it numbers: the next block on the page, on its baseline or just
/// below, that starts in upper case.
pub fn join_outline_numbers(blocks: Vec<PageBlock>) -> Vec<PageBlock> {
    let mut out: Vec<PageBlock> = Vec::with_capacity(blocks.len());
    let mut it = blocks.into_iter().peekable();
    while let Some(b) = it.next() {
        let t = b.text.trim();
        let number = b.shape != Shape::Table && b.lines == 1 && is_outline_number(t);
        let joins = |n: &PageBlock| {
            number
                && n.page == b.page
                && n.shape != Shape::Table
                && starts_upper(&n.text)
                && (n.top - b.top).abs() <= 1.5 * b.size.max(n.size)
        };
        match it.peek_mut() {
            Some(n) if joins(n) => {
                n.text = format!("{t} {}", n.text.trim_start());
                n.top = n.top.min(b.top);
                n.shape = Shape::Text;
            }
            _ => out.push(b),
        }
    }
    out
}

/// Whether block `i`, not a heading by its type, is one by its place: a
/// label of one line at body size, after text that ended its sentence
/// (or a heading, or nothing on its page), above a paragraph of prose that
/// starts in upper case and that it sits no farther from than from what
/// came before. `skip` marks blocks that are furniture or footnotes.
pub fn stands_alone(blocks: &[PageBlock], i: usize, heading: &[bool], skip: &[bool]) -> bool {
    let b = &blocks[i];
    if b.shape != Shape::Text || b.lines != 1 || !label_shape(&b.text) {
        return false;
    }
    let prev = (0..i)
        .rev()
        .find(|&k| !skip[k])
        .filter(|&k| blocks[k].page == b.page);
    let Some(next) = (i + 1..blocks.len())
        .find(|&k| !skip[k])
        .filter(|&k| blocks[k].page == b.page)
    else {
        return false;
    };
    let n = &blocks[next];
    let body_after = !heading[next]
        && matches!(n.shape, Shape::Text | Shape::List)
        && starts_upper(&n.text)
        && (n.lines >= 2 || is_prose(&n.text))
        && (n.size - b.size).abs() < SAME_SIZE;
    if !body_after {
        return false;
    }
    let gap_below = n.top - b.bottom;
    match prev {
        None => true,
        Some(k) => {
            let p = &blocks[k];
            let closed = heading[k] || p.shape == Shape::Table || ends_sentence(&p.text);
            closed && gap_below <= (b.top - p.bottom) + 0.25 * b.size
        }
    }
}

/// The blocks before and after `i` on its page, furniture and footnotes
/// (`skip`) aside.
fn neighbours(blocks: &[PageBlock], i: usize, skip: &[bool]) -> (Option<usize>, Option<usize>) {
    let page = blocks[i].page;
    let prev = (0..i)
        .rev()
        .find(|&k| !skip[k])
        .filter(|&k| blocks[k].page == page);
    let next = (i + 1..blocks.len())
        .find(|&k| !skip[k])
        .filter(|&k| blocks[k].page == page);
    (prev, next)
}

/// Whether block `i` is a division by its numbering: a line of its own
/// that opens with a division word and its ordinal before a title ("Deel
/// A: Samenleven", see [`named_number`]), shaped as a label, after text
/// that ended its sentence, a heading, or nothing on its page. A
/// questionnaire sets its parts so in body type.
pub fn numbered_division(blocks: &[PageBlock], i: usize, heading: &[bool], skip: &[bool]) -> bool {
    let b = &blocks[i];
    if b.shape != Shape::Text || b.lines != 1 || !named_number(&b.text) || !label_shape(&b.text) {
        return false;
    }
    match neighbours(blocks, i, skip).0 {
        None => true,
        Some(k) => heading[k] || ends_sentence(&blocks[k].text),
    }
}

/// Whether block `i` sits beside a contents line: the block before or
/// after it on its page has a dot leader, in its text or a cell.
pub fn beside_contents(blocks: &[PageBlock], i: usize, skip: &[bool]) -> bool {
    let (prev, next) = neighbours(blocks, i, skip);
    [prev, next].into_iter().flatten().any(|k| {
        let n = &blocks[k];
        has_dot_leader(&n.text) || n.rows.iter().flatten().any(|c| has_dot_leader(c))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    const BLACK: Option<[u8; 3]> = Some([0, 0, 0]);
    const ORANGE: Option<[u8; 3]> = Some([234, 127, 0]);
    const PROSE: &str = "In 2023 zijn bijeenkomsten georganiseerd voor de woordvoerders \
                         van alle fracties in de raad.";

    /// A block of `lines` lines at `top`, 10 pt, on page 1.
    fn block(text: &str, top: f32, lines: usize, bold: bool, color: Option<[u8; 3]>) -> PageBlock {
        PageBlock {
            text: text.to_string(),
            rows: Vec::new(),
            shape: Shape::Text,
            page: 1,
            size: 10.0,
            bold,
            italic: false,
            color,
            lines,
            top,
            bottom: top + 12.0 * lines as f32,
            chars: text.chars().count(),
            role: None,
        }
    }

    #[test]
    fn a_colour_that_marks_labels_is_a_heading_colour() {
        let blocks = vec![
            block("Kengetallen", 100.0, 1, false, ORANGE),
            block(PROSE, 120.0, 3, false, BLACK),
            block("Kapitaalgoederen", 200.0, 1, false, ORANGE),
            block(PROSE, 220.0, 3, false, BLACK),
            // A grey previous-year column is toned down, no heading.
            block("Realisatie 2022", 300.0, 1, false, Some([128, 128, 128])),
            block("Realisatie 2021", 320.0, 1, false, Some([128, 128, 128])),
        ];
        let cues = Cues::of(&blocks, 10.0, &[false; 6]);
        let marked: Vec<bool> = blocks.iter().map(|b| cues.emphasised(b)).collect();
        assert_eq!(marked, [true, false, true, false, false, false]);
        // One coloured label alone is no pattern (a link, a stray mark).
        let one = Cues::of(&blocks[..2], 10.0, &[false; 2]);
        assert!(!one.emphasised(&blocks[0]));
    }

    /// A form: group headings bold in colour, field labels bold in black.
    #[test]
    fn bold_in_the_body_colour_is_a_field_label_where_colour_marks_headings() {
        let blocks = vec![
            block(PROSE, 60.0, 3, false, BLACK),
            block("Gegevens bedrijf initiatiefnemer", 100.0, 1, true, ORANGE),
            block("Huisnummer", 120.0, 1, true, BLACK),
            block("28", 132.0, 1, false, BLACK),
            block("Adresgegevens bedrijf", 160.0, 1, true, ORANGE),
            block("Postcode", 180.0, 1, true, BLACK),
            block("7481EB", 192.0, 1, false, BLACK),
            block("3.2 Genummerde kop", 220.0, 1, true, BLACK),
        ];
        let cues = Cues::of(&blocks, 10.0, &[false; 8]);
        assert!(cues.bold_marks(&blocks[1]));
        assert!(!cues.bold_marks(&blocks[2]));
        assert!(cues.bold_marks(&blocks[7]), "a numbered line is a heading");
        // Without coloured bold labels, bold marks headings as before.
        let plain = Cues::of(&blocks[..4], 10.0, &[false; 4]);
        assert!(plain.bold_marks(&blocks[2]));
    }

    #[test]
    fn an_outline_number_in_its_own_column_goes_before_its_title() {
        let blocks = vec![
            block("5.a.1", 100.0, 1, true, BLACK),
            block("Beantwoording schriftelijke vragen", 100.0, 1, true, BLACK),
            block("12", 800.0, 1, false, BLACK),
        ];
        let out = join_outline_numbers(blocks);
        let texts: Vec<&str> = out.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["5.a.1 Beantwoording schriftelijke vragen", "12"]);
    }

    /// A questionnaire's parts in body type, after its introduction.
    #[test]
    fn a_division_by_its_numbering() {
        let blocks = vec![
            block(PROSE, 100.0, 2, false, BLACK),
            block("Deel A: Samenleven", 140.0, 1, false, BLACK),
            block("[dit deel opnemen na vraag wl03]", 156.0, 1, false, BLACK),
            block("zoals in", 200.0, 1, false, BLACK),
            block("Deel B Samenredzaam", 214.0, 1, false, BLACK),
        ];
        let no = [false; 5];
        assert!(numbered_division(&blocks, 1, &no, &no));
        // After a sentence that goes on, it goes on too.
        assert!(!numbered_division(&blocks, 4, &no, &no));
        assert!(!numbered_division(&blocks, 2, &no, &no));
    }

    /// A contents page: a title and its page number beside dot leaders.
    #[test]
    fn a_page_reference_beside_dot_leaders_is_contents() {
        let blocks = vec![
            block("A Externe dependency’s 35", 100.0, 1, true, BLACK),
            block(
                "A.1 Directe dependencies . . . . . . . . 35",
                112.0,
                1,
                false,
                BLACK,
            ),
            block(PROSE, 200.0, 3, false, BLACK),
            block("Softwarekwetsbaarheden 12", 300.0, 1, true, BLACK),
            block(PROSE, 312.0, 3, false, BLACK),
        ];
        let no = [false; 5];
        assert!(beside_contents(&blocks, 0, &no));
        assert!(!beside_contents(&blocks, 3, &no));
    }

    #[test]
    fn a_label_alone_above_its_paragraph() {
        let skip = [false; 5];
        let heading = [false; 5];
        let blocks = vec![
            block(PROSE, 100.0, 3, false, BLACK),
            // 14 pt above it, 4 pt below: it belongs to what follows.
            block("Researchers in residence", 150.0, 1, false, BLACK),
            block(PROSE, 166.0, 3, false, BLACK),
            // Closer to the text above than below, and after a sentence
            // that goes on: no heading.
            block("zoals het plan voorzag en", 204.0, 1, false, BLACK),
            block(PROSE, 240.0, 3, false, BLACK),
        ];
        assert!(stands_alone(&blocks, 1, &heading, &skip));
        assert!(!stands_alone(&blocks, 3, &heading, &skip));
        // A form's value under its label: no paragraph follows.
        let form = vec![
            block("Kapaanvraag BUBEKO", 100.0, 1, false, BLACK),
            block("Projectomschrijving", 120.0, 1, false, BLACK),
        ];
        assert!(!stands_alone(&form, 0, &[false; 2], &[false; 2]));
    }
}
