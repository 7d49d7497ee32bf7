//! Layout: glyph runs of a page → lines → blocks, in reading order.
//!
//! In: [`OutputDev`](super::events::OutputDev) events (collected per page by
//! [`Collector`](super::events::Collector)) and each page's ruling lines.
//! Out: [`PageBlock`]s, still carrying geometry, which
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

use super::lines::{hyphen_evidence, lines};
use super::page::{Frag, Line, Page, PageBlock, Roles, Shape};
use super::params::{
    ASCENT, BLOCK_GAP, DESCENT, INDENT, LEADING, LEADING_SLACK, SAME_SIZE, SHORT_LINE,
};
use super::structure::Role;
use super::table::{
    cells_block, cells_line_up, continued_cell, grid_rows, is_cells, led_rows, line_in_cells,
    line_rows, nested_header, row_like, splice_after_header, table_blocks, titled_header, NoTable,
};
use super::tree::{cell_lines, leaves, same_baseline, table_size};
use super::xycut::{self, Node, Spacing};
use crate::ingest::text::join_line_with;
use crate::shape::{bullet_marker, ends_mid_sentence, ends_sentence, is_figures, starts_upper};
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

/// [`document_blocks`] with the pages cut and laid out on `threads` threads;
/// the blocks are the same for any number.
pub fn document_blocks_on(pages: &[Page], threads: usize) -> Vec<PageBlock> {
    let cut = document_cut(pages, threads);
    cut.blocks(pages, threads)
}

/// The region trees of a document's pages and the wide spacing of its
/// prose: what [`document_blocks`] cuts before it makes blocks. The cut
/// reads no structure role, so pages whose roles are dropped afterwards
/// are laid out from the same cut.
pub struct DocumentCut {
    trees: Vec<Node>,
    document: Option<Spacing>,
}

/// Cut the pages on `threads` threads, twice when the document has a wide
/// spacing ([`xycut::document_spacing`]).
pub fn document_cut(pages: &[Page], threads: usize) -> DocumentCut {
    let cut = |spacing: Option<Spacing>| -> Vec<Node> {
        map_all(pages, threads, |p| xycut::cut(&p.frags, &p.rules, spacing))
    };
    use crate::timing::phase;
    let trees = phase("layout: cut", || cut(None));
    let document = xycut::document_spacing(&trees);
    let trees = if document.is_some() {
        phase("layout: cut again", || cut(document))
    } else {
        trees
    };
    DocumentCut { trees, document }
}

impl DocumentCut {
    /// The blocks of `pages` (the pages it was cut from, their runs'
    /// roles as they are now) on `threads` threads, in page order as one
    /// thread gives them.
    pub fn blocks(&self, pages: &[Page], threads: usize) -> Vec<PageBlock> {
        let cut_pages: Vec<(&Page, &Node)> = pages.iter().zip(&self.trees).collect();
        let per_page = crate::timing::phase("layout: blocks", || {
            map_all(&cut_pages, threads, |(page, tree)| {
                let mut out = Vec::new();
                emit(&page.frags, tree, page.number, self.document, &mut out);
                out
            })
        });
        per_page.into_iter().flatten().collect()
    }
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
        .filter(|w| (w[0].size - w[1].size).abs() < SAME_SIZE)
        .map(|w| (w[1].size, w[1].y - w[0].y))
        .filter(|&(size, g)| g > LEADING * size && g <= 2.0 * size)
        .collect();
    gaps.iter()
        .copied()
        .filter(|&(size, g)| {
            gaps.iter()
                .filter(|&&(s2, g2)| (s2 - size).abs() < SAME_SIZE && (g2 - g).abs() <= 0.05 * g)
                .count()
                >= 3
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(size, g)| (size, g * LEADING_SLACK))
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
    let leading = wide_leading(&lines).or_else(|| {
        around
            .spacing
            .map(|sp| (sp.size, sp.pitch() * LEADING_SLACK))
    });
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
                let style = (line.size - prev.size).abs() > SAME_SIZE
                    || line.bold != prev.bold
                    || line.italic != prev.italic
                    || color_change(line.color, prev.color);
                // Tagged heading text next to tagged body text: two blocks
                // even in the same type (only set when the tree is used).
                let heading = |l: &Line| l.roles.main().is_some_and(Role::is_heading);
                let tagged = heading(&line) != heading(prev);
                let gap = line.y - prev.y > BLOCK_GAP * pitch;
                let indent = line.x0 > prev.x0 + INDENT * line.size
                    && line.x0 < left + 4.0 * line.size
                    && ends_sentence(&prev.text);
                let short = prev.x1 < right - SHORT_LINE * line.size
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
                top: line.y - ASCENT * line.size,
                bottom: line.y + DESCENT * line.size,
                chars: line.chars,
                role: None,
            };
            let pitch = leading
                .filter(|&(size, _)| (size - line.size).abs() < SAME_SIZE)
                .map_or(LEADING * line.size, |(_, p)| p.max(LEADING * line.size));
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
            b.bottom = line.y + DESCENT * line.size;
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
