//! What an element is to the walk: a block or inline, a heading and its
//! level, site chrome to drop, a footnote area, note or reference, a list
//! and the marker of its next item.

use scraper::{ElementRef, Node};

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
/// An open list: what its next item is numbered.
#[derive(Debug)]
pub(super) struct List {
    ordered: bool,
    letters: Option<u8>,
    next: i64,
}

/// Append `s` with white-space runs collapsed to one space.
pub(super) fn push_collapsed(buf: &mut String, s: &str) {
    for ch in s.chars() {
        if ch.is_whitespace() {
            if !buf.is_empty() && !buf.ends_with([' ', '\n']) {
                buf.push(' ');
            }
        } else {
            buf.push(ch);
        }
    }
}

/// End a line in `buf` (a `<br>` or a block inside a table cell): one
/// line break, none at the start and none twice.
pub(super) fn push_break(buf: &mut String) {
    let kept = buf.trim_end_matches(' ').len();
    buf.truncate(kept);
    if !buf.is_empty() && !buf.ends_with('\n') {
        buf.push('\n');
    }
}

/// The text of an element, white space collapsed and trimmed.
pub(super) fn collapsed_text(el: ElementRef<'_>) -> String {
    let mut s = String::new();
    for t in el.text() {
        push_collapsed(&mut s, t);
    }
    s.trim().to_string()
}

pub(super) fn heading_level(name: &str) -> Option<u8> {
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
pub(super) fn is_block(name: &str) -> bool {
    heading_level(name).is_some() || BLOCK.contains(&name)
}

/// Site chrome and non-text elements, left out with everything inside.
pub(super) fn dropped(el: ElementRef<'_>) -> bool {
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
    if page_banner(el, &role) {
        return true;
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
        "navigation" | "nav" | "navbar" | "menu" | "menuholder" | "mainmenu" | "sitenav"
    );
    if chrome(&id) || chrome_id || tool_name(&id) {
        return true;
    }
    // Page tools: "Print deze agenda", "Deel deze pagina" (GO.
    // raadsinformatie's `div.actions`, with its legend of document types).
    e.classes().any(|c| {
        let c = c.to_ascii_lowercase();
        chrome(&c)
            || tool_name(&c)
            || (heading_level(name).is_some() && HIDDEN_CLASSES.contains(&c.as_str()))
            || c.starts_with("skip-link")
            || c.starts_with("skiplink")
            || (name == "a" && c.starts_with("skip"))
            || matches!(
                c.as_str(),
                "actions" | "page-actions" | "page-tools" | "share" | "social-share"
            )
            || (name == "a" && (c.starts_with("print") || c.starts_with("share")))
    })
}

/// Classes that hide an element from the eye and leave it to screen
/// readers (`<h1 class="nonvisual">` repeating the page title with its
/// seconds): a heading so hidden is no heading a reader sees. Inline text
/// so hidden stays (a link's "notitie" beside its icon), as it reads with
/// its neighbours.
const HIDDEN_CLASSES: &[&str] = &[
    "nonvisual",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screenreader",
    "element-invisible",
    "offscreen",
];

/// Words of an id or class that name a page's tools rather than its text:
/// a media player, a live stream, audio or video fragments, downloads, a
/// print view's banner ("Kijk of luister mee", "Fragmenten:",
/// "Downloaden audiofragment(en)", "Pagina afdrukken"). The id or class is
/// split at `-` and `_`; one of its words must be one of these.
const TOOL_WORDS: &[&str] = &[
    "player",
    "mediaplayer",
    "stream",
    "streams",
    "livestream",
    "livestreams",
    "fragments",
    "fragmenten",
    "download",
    "downloads",
    "downloaden",
    "printhead",
    "printheader",
];

/// Whether an id or class names a page tool (see [`TOOL_WORDS`]).
fn tool_name(name: &str) -> bool {
    name.split(['-', '_']).any(|w| TOOL_WORDS.contains(&w))
}

/// The site's own header or footer around the document: `<header>` or
/// `<footer>` (or role banner, contentinfo) not inside an article, main or
/// section (one inside belongs to the text), or, on pages older than those
/// elements, `div#header` and `div#footer`.
fn page_banner(el: ElementRef<'_>, role: &str) -> bool {
    let e = el.value();
    if matches!(e.name(), "header" | "footer") || matches!(role, "banner" | "contentinfo") {
        return !el.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|p| matches!(p.name(), "article" | "main" | "section"))
        });
    }
    e.id()
        .is_some_and(|id| id.eq_ignore_ascii_case("header") || id.eq_ignore_ascii_case("footer"))
}

/// Most characters kept of one dropped element's words for [`publisher_text`].
const PUBLISHER_TEXT_MAX: usize = 2_000;

/// `<meta>` names and properties whose content names the site or its owner.
const PUBLISHER_META: &[&str] = &[
    "og:site_name",
    "application-name",
    "author",
    "dcterms.creator",
    "dcterms.publisher",
];

/// What a dropped element says about who publishes the page: the `<head>`'s
/// title and the site name and owner its `<meta>` tags give; a page
/// banner's text and image descriptions (the logo: "Logo Gemeente
/// Meierijstad"). `None` for other dropped elements (menus, scripts,
/// forms). At most [`PUBLISHER_TEXT_MAX`] bytes, cut at a character.
pub(super) fn publisher_text(el: ElementRef<'_>) -> Option<String> {
    let e = el.value();
    let role = e
        .attr("role")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let head = e.name() == "head";
    if !head && !page_banner(el, &role) {
        return None;
    }
    let mut s = String::new();
    for node in el.descendants() {
        if s.len() >= PUBLISHER_TEXT_MAX {
            break;
        }
        // Words of a script or style sheet are not on the page.
        let code = node
            .parent()
            .and_then(|p| p.value().as_element().map(|e| e.name()))
            .is_some_and(|n| matches!(n, "script" | "style" | "noscript" | "template"));
        match node.value() {
            Node::Text(t) if !head && !code => push_collapsed(&mut s, t),
            Node::Element(d) => {
                let said = match d.name() {
                    "title" if head => ElementRef::wrap(node).map(collapsed_text),
                    "meta" if head => d
                        .attr("name")
                        .or_else(|| d.attr("property"))
                        .filter(|n| {
                            PUBLISHER_META
                                .iter()
                                .any(|m| m.eq_ignore_ascii_case(n.trim()))
                        })
                        .and(d.attr("content"))
                        .map(str::to_string),
                    "img" if !head => d.attr("alt").map(str::to_string),
                    _ => None,
                };
                if let Some(t) = said {
                    push_collapsed(&mut s, " ");
                    push_collapsed(&mut s, &t);
                    push_collapsed(&mut s, " ");
                }
            }
            _ => {}
        }
    }
    let mut end = s.len().min(PUBLISHER_TEXT_MAX);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let t = s[..end].trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A footnote area: its blocks are footnotes.
pub(super) fn is_note_area(el: ElementRef<'_>) -> bool {
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
pub(super) fn note_number(el: ElementRef<'_>) -> Option<String> {
    let id = el.value().id()?.to_ascii_lowercase();
    let rest = ["footnote", "voetnoot", "endnote", "note", "fn"]
        .iter()
        .find_map(|p| id.strip_prefix(p))?;
    let digits = rest.trim_start_matches([':', '-', '_', '.']);
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then(|| digits.to_string())
}

/// A footnote reference in running text: `<sup><a href="#fn1">1</a></sup>`,
/// `<a class="footnote-ref">`, `role="doc-noteref"`.
pub(super) fn is_note_ref(el: ElementRef<'_>) -> bool {
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
pub(super) fn is_back_link(el: ElementRef<'_>) -> bool {
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
pub(super) fn wholly_bold(el: ElementRef<'_>) -> bool {
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

pub(super) fn list_of(el: ElementRef<'_>) -> List {
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
pub(super) fn next_marker(list: &mut List, li: ElementRef<'_>) -> String {
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
