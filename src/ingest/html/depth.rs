//! The depth pre-scan: refuse a page whose elements nest deeper than
//! [`MAX_DEPTH`] before html5ever builds its tree.

use super::find;
use crate::ingest::Error;

/// Deepest element nesting accepted. html5ever spends time linear in the
/// depth on every start tag (scope checks walk the stack of open elements),
/// so 50,000 nested `div`s take seconds; Blink stops nesting at the same
/// depth (`kMaximumHTMLParserDOMTreeDepth`). Real pages stay far below it.
pub(super) const MAX_DEPTH: usize = 512;

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

/// Refuse `text` when its elements nest deeper than [`MAX_DEPTH`].
///
/// # Errors
/// [`Error::Limit`] naming the byte offset of the start tag that goes too
/// deep.
pub(super) fn check(text: &str) -> Result<(), Error> {
    match too_deep(text, MAX_DEPTH) {
        Some(at) => Err(Error::Limit(format!(
            "nesting too deep: more than {MAX_DEPTH} open elements at byte {at}"
        ))),
        None => Ok(()),
    }
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
            i = comment_end(rest).map_or(b.len(), |e| at + 1 + e);
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
        // The tree builder ignores "/>" on an HTML element ("<div/>" opens
        // a div); only inside SVG or MathML does it close the element.
        let foreign = ["svg", "math"]
            .iter()
            .any(|f| counts.get(*f).is_some_and(|&n| n > 0));
        let self_closing = foreign
            && b.get(..i.saturating_sub(1))
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
/// quotes in attribute values respected. A quote opens a value only after
/// `=`, as the tokenizer reads it: in an attribute's name (`<x '>`) it is
/// a character of the name, and the `>` ends the tag.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    let mut after_eq = false;
    for (k, &c) in rest.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if after_eq && (c == b'"' || c == b'\'') => quote = Some(c),
            None if c == b'>' => return Some(k),
            None => {}
        }
        if quote.is_none() && !c.is_ascii_whitespace() {
            after_eq = c == b'=';
        }
    }
    None
}

/// Index just past the end of the comment starting at `rest` (after its
/// `<`, at `!--`): `-->`, also `--!>` and the abrupt `<!-->` / `<!--->`
/// that the tokenizer accepts.
fn comment_end(rest: &[u8]) -> Option<usize> {
    let body = rest.get(3..)?;
    if body.starts_with(b">") {
        return Some(4);
    }
    if body.starts_with(b"->") {
        return Some(5);
    }
    let a = find(body, b"-->").map(|e| e + 3);
    let b = find(body, b"--!>").map(|e| e + 4);
    let end = match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }?;
    Some(3 + end)
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Issue 22, finding 5: three ways around the scan, each of which the
    /// parser nests 100k deep.
    #[test]
    fn what_the_tokenizer_nests_the_scan_counts() {
        // "/>" on an HTML element is ignored: "<div/>" opens a div.
        assert!(too_deep(&"<div/>".repeat(20), 10).is_some());
        // ... but closes an element inside SVG.
        let svg = format!("<svg>{}</svg>", "<path d='M0'/>".repeat(20));
        assert_eq!(too_deep(&svg, 10), None);
        // "--!>" ends a comment.
        assert!(too_deep(&format!("<!-- x --!>{}", "<div>".repeat(20)), 10).is_some());
        assert!(too_deep(&format!("<!-->{}", "<div>".repeat(20)), 10).is_some());
        // A quote in an attribute name opens no value.
        assert!(too_deep(&"<x '>".repeat(20), 10).is_some());
        // A quoted value still hides its ">".
        assert_eq!(too_deep("<a title='1 > 0'>x</a>", 10), None);
        assert_eq!(tag_end(b"a title = \"x>y\">"), Some(15));
    }
}
