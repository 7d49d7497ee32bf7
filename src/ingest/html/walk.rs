//! The walk: the parsed tree, depth first with an explicit stack, into
//! raw blocks. What each element is (block, chrome, footnote, list item)
//! is asked of [`super::rules`]; the walk keeps the open blocks, lists and
//! the table being gathered.

use super::rules::{
    collapsed_text, dropped, heading_level, is_back_link, is_block, is_note_area, is_note_ref,
    list_of, next_marker, note_number, publisher_text, push_break, push_collapsed, wholly_bold,
    List,
};
use crate::model::{BlockKind, RawBlock};
use scraper::{ElementRef, Html, Node};

/// Largest `colspan` honoured; larger values are read as this.
const MAX_COLSPAN: usize = 64;

/// Parse decoded HTML and walk it into blocks (no depth check). Also
/// returns what the dropped title, header and footer say about the site
/// (see [`publisher_text`]), at most [`MAX_CHROME`] texts.
pub(super) fn parse(text: &str) -> (Vec<RawBlock>, Vec<String>) {
    let html = Html::parse_document(text);
    let mut walker = Walker::default();
    walker.walk(&html);
    (walker.out, walker.chrome)
}

/// Most texts kept of a page's chrome: a page has one head, and a banner
/// and a footer or two.
const MAX_CHROME: usize = 8;

/// An open block element and the text gathered for it so far.
#[derive(Debug)]
struct Ctx<'a> {
    /// The element (`None` for the document root).
    el: Option<ElementRef<'a>>,
    kind: BlockKind,
    tag: Option<String>,
    level: Option<u8>,
    /// Marker not yet given to a block.
    marker: Option<String>,
    /// The whole element is wrapped in `<b>`/`<strong>`.
    bold: bool,
    /// Nested block elements join its text instead of starting blocks
    /// (headings: one heading, one block).
    atomic: bool,
    /// Opens a footnote area.
    notes: bool,
    buf: String,
}

impl<'a> Ctx<'a> {
    fn new(el: Option<ElementRef<'a>>, kind: BlockKind) -> Ctx<'a> {
        Ctx {
            el,
            kind,
            tag: el.map(|e| e.value().name().to_string()),
            level: None,
            marker: None,
            bold: false,
            atomic: false,
            notes: false,
            buf: String::new(),
        }
    }
}

/// A table being gathered (the outermost one; nested tables flatten into
/// the cell that holds them).
#[derive(Debug, Default)]
struct Table<'a> {
    el: Option<ElementRef<'a>>,
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    cell: Option<(ElementRef<'a>, String, usize)>,
    caption: Option<(ElementRef<'a>, String)>,
    captions: Vec<String>,
}

#[derive(Debug, Default)]
struct Walker<'a> {
    out: Vec<RawBlock>,
    ctx: Vec<Ctx<'a>>,
    lists: Vec<List>,
    table: Option<Table<'a>>,
    /// Open footnote areas.
    notes: usize,
    /// What the dropped head and banners say about the site.
    chrome: Vec<String>,
}

impl<'a> Walker<'a> {
    /// Walk the whole tree depth first with an explicit stack.
    fn walk(&mut self, html: &'a Html) {
        self.ctx.push(Ctx::new(None, BlockKind::Paragraph));
        let mut stack = vec![(html.tree.root(), false)];
        while let Some((node, closing)) = stack.pop() {
            let descend = match node.value() {
                Node::Text(t) => {
                    self.text(t);
                    false
                }
                Node::Element(_) => match ElementRef::wrap(node) {
                    Some(el) if closing => {
                        self.close(el);
                        false
                    }
                    Some(el) => self.open(el),
                    None => false,
                },
                Node::Document | Node::Fragment => true,
                _ => false,
            };
            if descend {
                if node.value().is_element() {
                    stack.push((node, true));
                }
                stack.extend(node.children().rev().map(|c| (c, false)));
            }
        }
        while let Some(mut c) = self.ctx.pop() {
            self.flush(&mut c);
        }
    }

    fn text(&mut self, t: &str) {
        if let Some(table) = &mut self.table {
            if let Some((_, cell, _)) = &mut table.cell {
                push_collapsed(cell, t);
            } else if let Some((_, cap)) = &mut table.caption {
                push_collapsed(cap, t);
            }
        } else if let Some(c) = self.ctx.last_mut() {
            push_collapsed(&mut c.buf, t);
        }
    }

    /// An element starts. Returns whether to walk into it.
    fn open(&mut self, el: ElementRef<'a>) -> bool {
        if dropped(el) {
            if self.chrome.len() < MAX_CHROME {
                self.chrome.extend(publisher_text(el));
            }
            return false;
        }
        let name = el.value().name();
        if self.notes == 0 && is_note_ref(el) {
            return false;
        }
        if self.notes > 0 && is_back_link(el) {
            return false;
        }
        if self.table.is_some() {
            self.open_in_table(el, name);
            return true;
        }
        if name == "table" {
            self.flush_top();
            self.table = Some(Table {
                el: Some(el),
                ..Table::default()
            });
            return true;
        }
        if name == "sup" && self.notes > 0 {
            if let Some(c) = self.ctx.last_mut() {
                if c.kind == BlockKind::Footnote && c.buf.trim().is_empty() {
                    // The footnote's own number: a marker, not text.
                    let number = collapsed_text(el);
                    if c.marker.is_none() && !number.is_empty() {
                        c.marker = Some(number);
                    }
                    return false;
                }
            }
        }
        match name {
            "br" => self.text(" "),
            "ul" | "ol" | "menu" => self.lists.push(list_of(el)),
            _ => {}
        }
        if !is_block(name) {
            return true;
        }
        if self.ctx.last().is_some_and(|c| c.atomic) {
            self.text(" ");
            return true;
        }
        self.flush_top();
        let ctx = self.block_ctx(el, name);
        if ctx.notes {
            self.notes += 1;
        }
        self.ctx.push(ctx);
        true
    }

    /// The context a block element opens.
    fn block_ctx(&mut self, el: ElementRef<'a>, name: &str) -> Ctx<'a> {
        let in_notes = self.notes > 0;
        let mut ctx = Ctx::new(Some(el), BlockKind::Paragraph);
        if let Some(level) = heading_level(name) {
            ctx.atomic = true;
            if in_notes {
                // "Voetnoten" above the notes: not a section of the document.
                ctx.kind = BlockKind::Furniture;
            } else {
                ctx.kind = BlockKind::Heading;
                ctx.level = Some(level);
            }
            return ctx;
        }
        ctx.bold = wholly_bold(el);
        if is_note_area(el) {
            ctx.notes = true;
        }
        let note_id = note_number(el);
        if name == "li" {
            let marker = self.lists.last_mut().map(|l| next_marker(l, el));
            if in_notes || note_id.is_some() {
                ctx.kind = BlockKind::Footnote;
                ctx.marker =
                    note_id.or_else(|| marker.map(|m| m.trim_end_matches('.').to_string()));
            } else {
                ctx.kind = BlockKind::ListItem;
                ctx.marker = Some(marker.unwrap_or_else(|| "•".to_string()));
            }
            return ctx;
        }
        if let Some(n) = note_id {
            ctx.kind = BlockKind::Footnote;
            ctx.marker = Some(n);
            return ctx;
        }
        // `<li><p>text</p></li>`: the paragraph is the item.
        if let Some(parent) = self.ctx.last_mut() {
            if parent.marker.is_some() && parent.buf.trim().is_empty() {
                ctx.kind = parent.kind;
                ctx.marker = parent.marker.take();
                return ctx;
            }
        }
        if in_notes && !ctx.notes {
            ctx.kind = BlockKind::Footnote;
        }
        ctx
    }

    fn open_in_table(&mut self, el: ElementRef<'a>, name: &str) {
        let Some(table) = &mut self.table else {
            return;
        };
        let cell_open = table.cell.is_some();
        match name {
            "tr" if !cell_open => {
                if let Some(row) = table.row.take() {
                    table.rows.push(row);
                }
                table.row = Some(Vec::new());
            }
            "td" | "th" if !cell_open => {
                let span = el
                    .value()
                    .attr("colspan")
                    .and_then(|s| s.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_COLSPAN);
                table.cell = Some((el, String::new(), span));
            }
            "caption" if !cell_open && table.caption.is_none() => {
                table.caption = Some((el, String::new()))
            }
            _ => {
                if let Some((_, cell, _)) = &mut table.cell {
                    // A line break stays one (a title over its explanation);
                    // assembly sets it as a space.
                    if matches!(name, "br" | "tr" | "td" | "th") || is_block(name) {
                        push_break(cell);
                    }
                }
            }
        }
    }

    /// An element we walked into ends.
    fn close(&mut self, el: ElementRef<'a>) {
        let name = el.value().name();
        if matches!(name, "ul" | "ol" | "menu") {
            self.lists.pop();
        }
        if let Some(table) = &mut self.table {
            if table.cell.as_ref().is_some_and(|(c, _, _)| *c == el) {
                if let Some((_, text, span)) = table.cell.take() {
                    let row = table.row.get_or_insert_with(Vec::new);
                    row.push(text.trim().to_string());
                    row.extend(std::iter::repeat_n(String::new(), span - 1));
                }
            } else if table.caption.as_ref().is_some_and(|(c, _)| *c == el) {
                if let Some((_, text)) = table.caption.take() {
                    table.captions.push(text.trim().to_string());
                }
            } else if name == "tr" && table.cell.is_none() {
                if let Some(row) = table.row.take() {
                    table.rows.push(row);
                }
            } else if table.el == Some(el) {
                self.finish_table();
            }
            return;
        }
        if self.ctx.last().is_some_and(|c| c.el == Some(el)) {
            if let Some(mut c) = self.ctx.pop() {
                self.flush(&mut c);
                if c.notes {
                    self.notes = self.notes.saturating_sub(1);
                }
            }
        }
    }

    fn finish_table(&mut self) {
        let Some(mut table) = self.table.take() else {
            return;
        };
        if let Some(row) = table.row.take() {
            table.rows.push(row);
        }
        for cap in table.captions {
            if !cap.is_empty() {
                let mut b = RawBlock::new(BlockKind::Paragraph, cap, 1);
                b.style.tag = Some("caption".into());
                self.out.push(b);
            }
        }
        table.rows.retain(|r| !r.is_empty());
        let mut b = RawBlock::table(table.rows, 1);
        b.style.tag = Some("table".into());
        self.out.push(b);
    }

    fn flush_top(&mut self) {
        if let Some(mut c) = self.ctx.pop() {
            self.flush(&mut c);
            self.ctx.push(c);
        }
    }

    /// Emit the text gathered in `c` as a block.
    fn flush(&mut self, c: &mut Ctx<'a>) {
        let text = c.buf.trim();
        if text.is_empty() {
            c.buf.clear();
            return;
        }
        let mut b = RawBlock::new(c.kind, text, 1);
        b.style.tag = c.tag.clone();
        b.style.level = c.level;
        if c.bold {
            b.style.bold = Some(true);
        }
        b.marker = c.marker.take();
        self.out.push(b);
        c.buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Expected<'a> = &'a [(BlockKind, &'a str, Option<&'a str>)];

    fn check(name: &str, input: &str, expected: Expected<'_>) {
        let got = parse(input).0;
        let got: Vec<(BlockKind, &str, Option<&str>)> = got
            .iter()
            .map(|b| (b.kind, b.text.as_str(), b.marker.as_deref()))
            .collect();
        assert_eq!(got, expected, "case {name}");
    }

    #[test]
    fn blocks_by_element() {
        use BlockKind::*;
        let cases: &[(&str, &str, Expected<'_>)] = &[
            ("heading and paragraph", "<h2>Inleiding</h2><p>Een  zin\n over <b>twee</b> regels.</p>",
                &[(Heading, "Inleiding", None), (Paragraph, "Een zin over twee regels.", None)]),
            ("br is a space", "<p>Met vriendelijke groet,<br>Het college</p>",
                &[(Paragraph, "Met vriendelijke groet, Het college", None)]),
            ("ul and ol markers", "<ul><li>een</li><li>twee</li></ul><ol start=\"3\"><li>drie</li><li value=\"7\">zeven</li></ol>",
                &[(ListItem, "een", Some("•")), (ListItem, "twee", Some("•")), (ListItem, "drie", Some("3.")), (ListItem, "zeven", Some("7."))]),
            ("letter list", "<ol type=\"a\"><li>x</li><li>y</li></ol>",
                &[(ListItem, "x", Some("a.")), (ListItem, "y", Some("b."))]),
            ("paragraph inside li is the item", "<ul><li><p>los item</p></li></ul>",
                &[(ListItem, "los item", Some("•"))]),
            ("div-only text kept", "<div>Tekst direct in een div<div>Genest</div>en erna</div>",
                &[(Paragraph, "Tekst direct in een div", None), (Paragraph, "Genest", None), (Paragraph, "en erna", None)]),
            ("block inside heading stays one heading", "<h3><span>3.</span> <div>Kernboodschap</div></h3>",
                &[(Heading, "3. Kernboodschap", None)]),
            ("chrome dropped",
                "<header><nav><a>Home</a></nav></header><div role=\"dialog\"><p>Wij gebruiken cookies</p></div>\
                 <a class=\"skip-link\" href=\"#main\">Direct naar de inhoud</a><nav class=\"breadcrumb\">Home</nav>\
                 <aside class=\"toc\"><h2>Op deze pagina</h2></aside><script>var x = '<p>nee</p>';</script><style>p{}</style>\
                 <noscript>Zet JavaScript aan</noscript><form><button>Zoek</button></form><p hidden>verborgen</p>\
                 <main><p>Inhoud.</p></main><footer><p>Postbus 1000</p></footer>",
                &[(Paragraph, "Inhoud.", None)]),
            ("hidden and tool chrome dropped",
                "<h1 class=\"nonvisual\">Gemeenteraad 29 juni 2015 17:00:00</h1><div id=\"printhead\"><h1>Pagina afdrukken</h1></div>\
                 <div id=\"alternate_live_streams\"><h2>Kijk of luister mee</h2></div><div class=\"fragments\"><h2>Fragmenten:</h2></div>\
                 <div id=\"downloaden\"><h2>Downloaden audiofragment(en)</h2></div><h2>Agenda</h2><p>Opening.</p>",
                &[(Heading, "Agenda", None), (Paragraph, "Opening.", None)]),
            ("header inside article kept", "<article><header><h1>Titel</h1></header><p>Tekst.</p></article>",
                &[(Heading, "Titel", None), (Paragraph, "Tekst.", None)]),
            ("old id-named chrome dropped", "<div id=\"header\">Logo</div><div id=\"content\"><p>Agenda.</p></div><div id=\"footer\">©2014</div>",
                &[(Paragraph, "Agenda.", None)]),
            ("footnote section with sup markers",
                "<p>Zin met noot.<sup id=\"fnref1\"><a href=\"#fn1\">1</a></sup> Verder.</p>\
                 <section class=\"footnotes\"><hr><p id=\"fn1\"><sup>1</sup> <a href=\"#\">Een bron</a></p></section>",
                &[(Paragraph, "Zin met noot. Verder.", None), (Footnote, "Een bron", Some("1"))]),
            ("pandoc endnotes",
                "<p>Tekst<a href=\"#fn2\" class=\"footnote-ref\" role=\"doc-noteref\"><sup>2</sup></a>.</p>\
                 <section role=\"doc-endnotes\"><h2>Voetnoten</h2><ol><li id=\"fn1\"><p>Eerste.<a href=\"#fnref1\" class=\"footnote-back\">↩︎</a></p></li>\
                 <li id=\"fn2\"><p>Tweede.</p></li></ol></section>",
                &[(Paragraph, "Tekst.", None), (Furniture, "Voetnoten", None), (Footnote, "Eerste.", Some("1")), (Footnote, "Tweede.", Some("2"))]),
            ("footnote aside kept, other aside dropped",
                "<aside class=\"related\">Zie ook</aside><aside id=\"fn4\" role=\"doc-footnote\">Noot vier.</aside>",
                &[(Footnote, "Noot vier.", Some("4"))]),
            ("superscript that is no footnote stays", "<p>100 m<sup>2</sup> groen.</p>",
                &[(Paragraph, "100 m2 groen.", None)]),
        ];
        for (name, input, expected) in cases {
            check(name, input, expected);
        }
    }

    #[test]
    fn tables() {
        let cases: &[(&str, &str, &[&[&str]])] = &[
            ("th and td", "<table><tr><th>Van</th><td>Het college</td></tr><tr><th>Aan</th><td>De raad</td></tr></table>",
                &[&["Van", "Het college"], &["Aan", "De raad"]]),
            ("br and blocks in a cell", "<table><tr><td>a<br>b</td><td><p>c</p><p>d</p></td></tr></table>",
                &[&["a\nb", "c\nd"]]),
            ("colspan padded", "<table><tr><td colspan=\"3\">kop</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>",
                &[&["kop", "", ""], &["1", "2", "3"]]),
            ("nested table flattened into its cell", "<table><tr><td><table><tr><td>x</td><td>y</td></tr></table></td><td>z</td></tr></table>",
                &[&["x\ny", "z"]]),
            ("empty cell kept", "<table><tr><td>f) doel</td><td></td></tr></table>", &[&["f) doel", ""]]),
        ];
        for (name, input, rows) in cases {
            let got = parse(input).0;
            let tables: Vec<&RawBlock> =
                got.iter().filter(|b| b.kind == BlockKind::Table).collect();
            assert_eq!(tables.len(), 1, "case {name}: {got:?}");
            let want: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            assert_eq!(tables[0].rows, want, "case {name}");
        }
    }

    #[test]
    fn heading_style_and_bold_paragraph() {
        let b =
            parse("<h4>Kop</h4><p><strong>Vet kopje</strong></p><p>Niet <b>helemaal</b> vet</p>").0;
        assert_eq!(b[0].style.tag.as_deref(), Some("h4"));
        assert_eq!(b[0].style.level, Some(4));
        assert_eq!(b[1].style.bold, Some(true));
        assert_eq!(b[2].style.bold, None);
        assert!(b.iter().all(|b| b.page == 1));
    }

    #[test]
    fn the_head_and_banners_are_kept_as_chrome_menus_and_scripts_are_not() {
        let (blocks, chrome) = parse(
            "<html><head><title>Agenda | Gemeente Ede</title>\
             <meta property=\"og:site_name\" content=\"Raadsinformatie Ede\">\
             <meta name=\"viewport\" content=\"width=device-width\"></head><body>\
             <header><img src=\"l.svg\" alt=\"Logo Gemeente Ede\"><script>var x = 1;</script></header>\
             <nav>Home Contact</nav><main><article><header><h1>Agenda</h1></header>\
             <p>Opening.</p></article></main><div id=\"footer\">©2024 Gemeente Ede</div></body></html>",
        );
        assert_eq!(
            chrome,
            [
                "Agenda | Gemeente Ede Raadsinformatie Ede",
                "Logo Gemeente Ede",
                "©2024 Gemeente Ede"
            ]
        );
        // The article's own header is text.
        assert_eq!(blocks[0].text, "Agenda");
    }

    #[test]
    fn a_long_banner_is_cut_at_a_character() {
        let html = format!("<header>{}</header><p>Tekst.</p>", "é".repeat(3_000));
        let (_, chrome) = parse(&html);
        assert_eq!(chrome.len(), 1);
        assert!(chrome[0].len() <= 2_000 && chrome[0].chars().all(|c| c == 'é'));
        // Many banners: at most eight texts.
        let (_, chrome) = parse(&"<footer>©2024 Gemeente Ede</footer>".repeat(50));
        assert_eq!(chrome.len(), 8);
    }

    /// The walk and the tree's drop use no recursion: a tree far deeper than
    /// the limit (parsed without the pre-scan) is walked and dropped on a
    /// 256 KiB stack.
    #[test]
    fn deep_tree_on_small_stack() {
        let html = format!("{}<p>onderaan</p>", "<div>".repeat(10_000));
        let out = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parse(&html).0)
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "onderaan");
    }
}
