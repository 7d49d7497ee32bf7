//! HTML ingest: the bytes of an HTML page in, raw blocks in reading order
//! (plus warnings) out.
//!
//! Municipal web pages wrap the document in site chrome: cookie banners,
//! menus, breadcrumbs, search forms, tables of contents, footers and
//! scripts. The document itself is marked up well enough that the markup,
//! not the shape of lines, says what a block is:
//!
//! - `h1`–`h6` become [`BlockKind::Heading`] with `style.tag` and
//!   `style.level`;
//! - `p`, and text standing directly in a `div` or other block element,
//!   become [`BlockKind::Paragraph`];
//! - `li` becomes [`BlockKind::ListItem`] with marker `•` (in `ul`) or `1.`
//!   (in `ol`, honouring `start`, `value` and `type="a"`);
//! - a `table` becomes one table block, a row per `tr`, a cell per
//!   `td`/`th` (a `colspan` is padded with empty cells, so columns stay
//!   aligned);
//! - footnote areas (`section.footnotes`, `ol.footnotes`,
//!   `role="doc-endnotes"`, footnote `aside`s, elements with id `fn1` ...)
//!   become [`BlockKind::Footnote`] blocks whose marker is the footnote
//!   number; the reference markers (`<sup><a href="#fn1">1</a></sup>`) are
//!   dropped from the running text so that sentences read cleanly.
//!
//! The page is decoded by its byte-order mark, else its `<meta charset>`
//! (first 1024 bytes), else as UTF-8, else as Windows-1252 with a warning.
//! The tree is walked with an explicit stack, never recursion, so deeply
//! nested pages cannot overflow the stack; html5ever builds and scraper
//! drops the tree without recursion too (the tree is one flat `Vec`). All
//! blocks are on page 1: HTML has no pages. Furniture, sentence rejoining
//! and offsets are left to [`super::finish`], as for every format.

use super::Error;
use crate::model::{BlockKind, RawBlock};
use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node};

/// How many bytes are searched for a `<meta charset>` declaration (the HTML
/// standard's pre-scan length).
const SNIFF_BYTES: usize = 1024;
/// Largest `colspan` honoured; larger values are read as this.
const MAX_COLSPAN: usize = 64;
/// Deepest element nesting accepted. html5ever spends time linear in the
/// depth on every start tag (scope checks walk the stack of open elements),
/// so 50,000 nested `div`s take seconds; Blink stops nesting at the same
/// depth (`kMaximumHTMLParserDOMTreeDepth`). Real pages stay far below it.
const MAX_DEPTH: usize = 512;

/// Elements whose content is text, not markup, to the tokenizer.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];
/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];
/// Elements whose end tag may be left out (see [`is_unnested`]).
const UNNESTED: &[&str] = &[
    "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
    "option", "optgroup", "colgroup", "caption", "rb", "rt", "rp", "rtc",
];
/// Block elements besides headings (see [`is_block`]).
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];
/// Elements dropped with everything inside: not text, or site chrome.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "form", "button", "select",
    "textarea", "input", "iframe", "object", "embed", "svg", "canvas", "audio", "video", "dialog",
];

/// Parse an HTML file into raw blocks and warnings.
///
/// # Errors
/// [`Error::Binary`] when the bytes are not text in any supported encoding.
///
/// # Example
/// ```
/// use beleidsmijn::ingest::html;
/// use beleidsmijn::model::BlockKind;
///
/// let (blocks, _) = html::blocks(b"<h2>Inleiding</h2><p>Tekst.</p>")?;
/// assert_eq!(blocks[0].kind, BlockKind::Heading);
/// assert_eq!(blocks[1].text, "Tekst.");
/// # Ok::<(), beleidsmijn::ingest::Error>(())
/// ```
pub fn blocks(bytes: &[u8]) -> Result<(Vec<RawBlock>, Vec<String>), Error> {
    let mut warnings = Vec::new();
    let text = decode(bytes, &mut warnings)?;
    if let Some(at) = too_deep(&text, MAX_DEPTH) {
        return Err(Error::Limit(format!(
            "nesting too deep: more than {MAX_DEPTH} open elements at byte {at}"
        )));
    }
    let out = parse(&text);
    if out.is_empty() {
        warnings.push("no text found in the HTML body".to_string());
    }
    Ok((out, warnings))
}

/// Parse decoded HTML and walk it into blocks (no depth check).
fn parse(text: &str) -> Vec<RawBlock> {
    let html = Html::parse_document(text);
    let mut walker = Walker::default();
    walker.walk(&html);
    walker.out
}

/// The byte offset of the first start tag that opens more than `limit`
/// nested elements, by a light scan of the tags.
///
/// The scan models the tree builder only as far as depth goes: void
/// elements and elements whose end tag may be left out (`p`, `li`, `td`,
/// ...) do not nest; an end tag closes the innermost open element of its
/// name and everything opened after it; comments and the content of
/// `script`, `style` and the other raw-text elements are skipped. It runs
/// in time linear in the input.
fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let mut i = 0;
    while let Some(lt) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
        let at = i + lt;
        let rest = b.get(at + 1..).unwrap_or_default();
        if rest.starts_with(b"!--") {
            i = find(rest, b"-->").map_or(b.len(), |e| at + 1 + e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name: String = rest
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .map(|c| char::from(c.to_ascii_lowercase()))
            .collect();
        if !name.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            // "a < b", "<!DOCTYPE", "<?xml": not an element.
            i = at + 1;
            continue;
        }
        i = tag_end(rest).map_or(b.len(), |e| at + 1 + e + 1);
        if closing {
            if counts.get(&name).is_some_and(|&n| n > 0) {
                while let Some(top) = open.pop() {
                    if let Some(n) = counts.get_mut(&top) {
                        *n = n.saturating_sub(1);
                    }
                    if top == name {
                        break;
                    }
                }
            }
            continue;
        }
        if is_raw_text(&name) {
            let close = format!("</{name}");
            let lower = b.get(i..).unwrap_or_default().to_ascii_lowercase();
            i = find(&lower, close.as_bytes()).map_or(b.len(), |e| i + e);
            continue;
        }
        let self_closing = b
            .get(..i.saturating_sub(1))
            .is_some_and(|t| t.ends_with(b"/"));
        if self_closing || is_void(&name) || is_unnested(&name) {
            continue;
        }
        *counts.entry(name.clone()).or_default() += 1;
        open.push(name);
        if open.len() > limit {
            return Some(at);
        }
    }
    None
}

/// Index of the `>` that ends the tag starting at `rest` (after its `<`),
/// quotes in attribute values respected.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (k, &c) in rest.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(k),
            None => {}
        }
    }
    None
}

fn is_raw_text(name: &str) -> bool {
    RAW_TEXT.contains(&name)
}

fn is_void(name: &str) -> bool {
    VOID.contains(&name)
}

/// Elements whose end tag is optional: an unclosed one does not deepen
/// the tree, the next sibling closes it.
fn is_unnested(name: &str) -> bool {
    UNNESTED.contains(&name)
}

/// Decode the page: byte-order mark, then declared charset, then UTF-8,
/// then Windows-1252.
fn decode(bytes: &[u8], warnings: &mut Vec<String>) -> Result<String, Error> {
    let text = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (cow, had_errors) =
            enc.decode_without_bom_handling(bytes.get(bom_len..).unwrap_or_default());
        if had_errors {
            return Err(Error::Binary {
                reason: format!("invalid {} after its byte-order mark", enc.name()),
            });
        }
        cow.into_owned()
    } else {
        super::decode::check_not_binary(bytes)?;
        match declared_charset(bytes) {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
                if had_errors {
                    warnings.push(format!(
                        "bytes invalid in the declared charset {} were replaced",
                        enc.name()
                    ));
                }
                cow.into_owned()
            }
            declared => match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(_) => {
                    let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                    warnings.push(if declared.is_some() {
                        "declared UTF-8 but is not, decoded as Windows-1252".to_string()
                    } else {
                        "not UTF-8, decoded as Windows-1252".to_string()
                    });
                    cow.into_owned()
                }
            },
        }
    };
    super::decode::check_not_binary(text.as_bytes())?;
    Ok(text)
}

/// The encoding a `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` in the first [`SNIFF_BYTES`] declares.
/// UTF-16 declarations are read as UTF-8, as the HTML standard says (a page
/// that can declare itself in ASCII is not UTF-16); unknown labels and the
/// `replacement` encoding count as no declaration.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes
        .get(..bytes.len().min(SNIFF_BYTES))
        .unwrap_or_default();
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        rest = rest.get(at + 5..).unwrap_or_default();
        let tag_end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let tag = rest.get(..tag_end).unwrap_or_default();
        let Some(cs) = find(tag, b"charset") else {
            continue;
        };
        let value = tag.get(cs + 7..).unwrap_or_default();
        let value = value.trim_ascii_start();
        let Some(value) = value.strip_prefix(b"=") else {
            continue;
        };
        let value = value.trim_ascii_start();
        let value = value
            .strip_prefix(b"\"")
            .or_else(|| value.strip_prefix(b"'"))
            .unwrap_or(value);
        let end = value
            .iter()
            .position(|&b| {
                matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
            })
            .unwrap_or(value.len());
        let enc = Encoding::for_label(value.get(..end).unwrap_or_default())?;
        return match enc {
            e if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
                Some(encoding_rs::UTF_8)
            }
            e if e == encoding_rs::REPLACEMENT => None,
            e => Some(e),
        };
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

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

/// An open list: what its next item is numbered.
#[derive(Debug)]
struct List {
    ordered: bool,
    letters: Option<u8>,
    next: i64,
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
                    if matches!(name, "br" | "tr" | "td" | "th") || is_block(name) {
                        push_collapsed(cell, " ");
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
                    row.extend(std::iter::repeat(String::new()).take(span - 1));
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

/// Append `s` with white-space runs collapsed to one space.
fn push_collapsed(buf: &mut String, s: &str) {
    for ch in s.chars() {
        if ch.is_whitespace() {
            if !buf.is_empty() && !buf.ends_with(' ') {
                buf.push(' ');
            }
        } else {
            buf.push(ch);
        }
    }
}

/// The text of an element, white space collapsed and trimmed.
fn collapsed_text(el: ElementRef<'_>) -> String {
    let mut s = String::new();
    for t in el.text() {
        push_collapsed(&mut s, t);
    }
    s.trim().to_string()
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Elements that end the running text and start a block of their own.
fn is_block(name: &str) -> bool {
    heading_level(name).is_some() || BLOCK.contains(&name)
}

/// Site chrome and non-text elements, left out with everything inside.
fn dropped(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let name = e.name();
    if DROPPED.contains(&name) {
        return true;
    }
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if e.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    }) {
        return true;
    }
    let role = e
        .attr("role")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if matches!(
        role.as_str(),
        "dialog" | "alertdialog" | "navigation" | "search" | "menubar" | "toolbar"
    ) {
        return true;
    }
    // A page-level header or footer (banner, contentinfo); one inside an
    // article or section belongs to the text.
    if matches!(name, "header" | "footer") || matches!(role.as_str(), "banner" | "contentinfo") {
        let in_content = el.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|p| matches!(p.name(), "article" | "main" | "section"))
        });
        if !in_content {
            return true;
        }
    }
    if name == "aside" && !is_note_area(el) && note_number(el).is_none() {
        return true;
    }
    let label = e.attr("aria-label").unwrap_or_default().to_lowercase();
    if label.contains("kruimelpad") || label.contains("breadcrumb") {
        return true;
    }
    let id = e.id().unwrap_or_default().to_ascii_lowercase();
    let chrome =
        |w: &str| w.contains("cookie") || w.contains("breadcrumb") || w.contains("kruimelpad");
    // Pages older than <header>/<nav>/<footer> name their chrome by id
    // (GO. raadsinformatie: `div#header`, `div#menuHolder`, `div#footer`).
    let chrome_id = matches!(
        id.as_str(),
        "header"
            | "footer"
            | "navigation"
            | "nav"
            | "navbar"
            | "menu"
            | "menuholder"
            | "mainmenu"
            | "sitenav"
    );
    if chrome(&id) || chrome_id {
        return true;
    }
    e.classes().any(|c| {
        let c = c.to_ascii_lowercase();
        chrome(&c)
            || c.starts_with("skip-link")
            || c.starts_with("skiplink")
            || (name == "a" && c.starts_with("skip"))
    })
}

/// A footnote area: its blocks are footnotes.
fn is_note_area(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let role = e.attr("role").unwrap_or_default().to_ascii_lowercase();
    if matches!(
        role.as_str(),
        "doc-endnotes" | "doc-footnote" | "doc-endnote"
    ) {
        return true;
    }
    e.classes().any(|c| {
        let c = c.to_ascii_lowercase();
        matches!(
            c.as_str(),
            "footnotes"
                | "footnote"
                | "endnotes"
                | "voetnoten"
                | "voetnoot"
                | "notes"
                | "footnote-list"
        )
    })
}

/// The number of a single footnote, from its id: `fn1`, `fn:1`, `fn-1`,
/// `footnote-1`, `note1`, `voetnoot1`, `endnote1` give "1".
fn note_number(el: ElementRef<'_>) -> Option<String> {
    let id = el.value().id()?.to_ascii_lowercase();
    let rest = ["footnote", "voetnoot", "endnote", "note", "fn"]
        .iter()
        .find_map(|p| id.strip_prefix(p))?;
    let digits = rest.trim_start_matches([':', '-', '_', '.']);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then(|| digits.to_string())
}

/// A footnote reference in running text: `<sup><a href="#fn1">1</a></sup>`,
/// `<a class="footnote-ref">`, `role="doc-noteref"`.
fn is_note_ref(el: ElementRef<'_>) -> bool {
    let e = el.value();
    let marked = e
        .attr("role")
        .is_some_and(|r| r.eq_ignore_ascii_case("doc-noteref"))
        || e.classes().any(|c| {
            let c = c.to_ascii_lowercase();
            c == "footnote-ref" || c == "noteref" || c == "footnote-reference"
        })
        || e.id()
            .is_some_and(|id| id.to_ascii_lowercase().starts_with("fnref"));
    if marked {
        return true;
    }
    let links_to_note = |a: &scraper::node::Element| {
        a.name() == "a"
            && a.attr("href").is_some_and(|h| {
                let h = h.trim().to_ascii_lowercase();
                ["#fn", "#footnote", "#voetnoot", "#endnote", "#note"]
                    .iter()
                    .any(|p| h.starts_with(p))
                    && !h.starts_with("#fnref")
            })
    };
    match e.name() {
        "sup" => {
            collapsed_text(el).chars().count() <= 6
                && el
                    .descendants()
                    .any(|d| d.value().as_element().is_some_and(links_to_note))
        }
        "a" => links_to_note(e) && collapsed_text(el).chars().count() <= 6,
        _ => false,
    }
}

/// A link from a footnote back to its reference (`↩`).
fn is_back_link(el: ElementRef<'_>) -> bool {
    let e = el.value();
    e.name() == "a"
        && (e
            .attr("role")
            .is_some_and(|r| r.eq_ignore_ascii_case("doc-backlink"))
            || e.classes()
                .any(|c| c.to_ascii_lowercase().contains("footnote-back"))
            || e.attr("href")
                .is_some_and(|h| h.trim().to_ascii_lowercase().starts_with("#fnref")))
}

/// `<p><strong>...</strong></p>`: every child with text is bold.
fn wholly_bold(el: ElementRef<'_>) -> bool {
    let mut any = false;
    for child in el.children() {
        match child.value() {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Comment(_) => {}
            Node::Element(e) if matches!(e.name(), "b" | "strong") => any = true,
            _ => return false,
        }
    }
    any
}

fn list_of(el: ElementRef<'_>) -> List {
    let e = el.value();
    let ordered = e.name() == "ol";
    let letters = match e.attr("type") {
        Some("a") => Some(b'a'),
        Some("A") => Some(b'A'),
        _ => None,
    };
    let next = e
        .attr("start")
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(1);
    List {
        ordered,
        letters,
        next,
    }
}

/// The marker of the next item of `list` ("•", "3.", "c.").
fn next_marker(list: &mut List, li: ElementRef<'_>) -> String {
    if !list.ordered {
        return "•".to_string();
    }
    if let Some(v) = li
        .value()
        .attr("value")
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        list.next = v;
    }
    let n = list.next;
    list.next = list.next.saturating_add(1);
    match list.letters {
        Some(base) if (1..=26).contains(&n) => format!("{}.", char::from(base + (n - 1) as u8)),
        _ => format!("{n}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Expected<'a> = &'a [(BlockKind, &'a str, Option<&'a str>)];

    fn check(name: &str, input: &str, expected: Expected<'_>) {
        let (got, _) = blocks(input.as_bytes()).unwrap();
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
                &[&["a b", "c d"]]),
            ("colspan padded", "<table><tr><td colspan=\"3\">kop</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>",
                &[&["kop", "", ""], &["1", "2", "3"]]),
            ("nested table flattened into its cell", "<table><tr><td><table><tr><td>x</td><td>y</td></tr></table></td><td>z</td></tr></table>",
                &[&["x y", "z"]]),
            ("empty cell kept", "<table><tr><td>f) doel</td><td></td></tr></table>", &[&["f) doel", ""]]),
        ];
        for (name, input, rows) in cases {
            let (got, _) = blocks(input.as_bytes()).unwrap();
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
        let (b, _) =
            blocks(b"<h4>Kop</h4><p><strong>Vet kopje</strong></p><p>Niet <b>helemaal</b> vet</p>")
                .unwrap();
        assert_eq!(b[0].style.tag.as_deref(), Some("h4"));
        assert_eq!(b[0].style.level, Some(4));
        assert_eq!(b[1].style.bold, Some(true));
        assert_eq!(b[2].style.bold, None);
        assert!(b.iter().all(|b| b.page == 1));
    }

    #[test]
    fn charset_sniffing() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"<meta charset=\"windows-1252\">", Some("windows-1252")),
            (
                b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">",
                Some("windows-1252"),
            ),
            (b"<meta charset=utf-8>", Some("UTF-8")),
            (b"<meta charset=\"utf-16\">", Some("UTF-8")),
            (
                b"<meta name=\"x\" content=\"y\"><p>charset=latin1</p>",
                None,
            ),
            (b"<meta charset=\"bogus\">", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                declared_charset(input).map(|e| e.name()),
                *want,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn decoding() {
        let (b, w) =
            blocks(b"<meta charset=\"windows-1252\"><p>ge\xebvalueerd \x93zo\x94</p>").unwrap();
        assert_eq!(b[0].text, "geëvalueerd “zo”");
        assert!(w.is_empty(), "{w:?}");
        let (b, w) = blocks(b"<p>ge\xebvalueerd</p>").unwrap();
        assert_eq!(b[0].text, "geëvalueerd");
        assert_eq!(w, vec!["not UTF-8, decoded as Windows-1252"]);
        let (b, _) = blocks(b"\xEF\xBB\xBF<meta charset=\"windows-1252\"><p>\xC3\xAB</p>").unwrap();
        assert_eq!(b[0].text, "ë", "a BOM wins over <meta>");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "<p>geëvalueerd</p>".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(blocks(&utf16).unwrap().0[0].text, "geëvalueerd");
    }

    #[test]
    fn binary_refused() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(matches!(blocks(&bytes), Err(Error::Binary { .. })));
    }

    #[test]
    fn depth_scan() {
        let deep = |n: usize| format!("{}<p>x</p>{}", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(too_deep(&deep(10), 10), None);
        assert!(too_deep(&deep(11), 10).is_some());
        // Unclosed p/li, void elements, closed siblings, comments and
        // script text do not deepen the tree.
        let flat = format!(
            "{}{}{}<!-- {} --><script>{}</script>a < b",
            "<p>x".repeat(50),
            "<li>y<br><img src=x>".repeat(50),
            "<div><span>z</span></div>".repeat(50),
            "<div>".repeat(50),
            "<div>".repeat(50)
        );
        assert_eq!(too_deep(&flat, 10), None);
        // An end tag closes what was left open inside it.
        let unclosed = format!("<section>{}</section>", "<b>".repeat(5)).repeat(3);
        assert_eq!(too_deep(&unclosed, 6), None);
        assert!(too_deep(&unclosed.replace("</section>", ""), 10).is_some());
    }

    #[test]
    fn nesting_over_limit_is_an_error() {
        let html = format!("{}<p>x</p>", "<div>".repeat(MAX_DEPTH + 1));
        match blocks(html.as_bytes()) {
            Err(Error::Limit(msg)) => assert!(msg.starts_with("nesting too deep"), "{msg}"),
            other => panic!("expected a limit error, got {other:?}"),
        }
        let ok = format!("{}<p>diep</p>", "<div>".repeat(MAX_DEPTH - 5));
        assert_eq!(blocks(ok.as_bytes()).unwrap().0[0].text, "diep");
    }

    /// The walk and the tree's drop use no recursion: a tree far deeper than
    /// the limit (parsed without the pre-scan) is walked and dropped on a
    /// 256 KiB stack.
    #[test]
    fn deep_tree_on_small_stack() {
        let html = format!("{}<p>onderaan</p>", "<div>".repeat(10_000));
        let out = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parse(&html))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].text, "onderaan");
    }
}
