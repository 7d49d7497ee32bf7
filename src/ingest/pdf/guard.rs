//! Load checks and limits: everything that must be true of a PDF before its
//! text is read, and the budgets that keep a hostile file bounded.
//!
//! In: the file's bytes. Out: a [`Checked`] file (the lopdf document, loaded
//! once with pdf-inspector's loader and read by both it and us, the
//! pages in page-tree order with their sizes, warnings) or an
//! [`Error::Pdf`] with a stable kind:
//!
//! | kind | when |
//! |---|---|
//! | `empty` | zero bytes |
//! | `not_pdf` | no `%PDF-` header in the first KiB |
//! | `limit` | larger than [`MAX_FILE_BYTES`], more than [`MAX_PAGES`] pages, or a content stream that inflates past [`MAX_STREAM_BYTES`] |
//! | `encrypted` | encrypted, and the empty user password does not open it |
//! | `damaged_pdf` | lopdf cannot read the file, even after pdf-inspector's container repairs and a rebuilt cross-reference table, or the page tree holds no page |
//!
//! lopdf's own page iterator follows a page tree with a cycle into the same
//! page twice, so the tree is walked here with a visited set and a depth
//! limit, and the glyph source is told which page numbers to read.

use super::super::Error;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Largest file read (bytes).
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;
/// Most pages read from one document.
pub const MAX_PAGES: usize = 20_000;
/// Largest decompressed size of one stream, and of one page's content.
/// pdf-inspector skips a page whose content is larger (64 MiB) in silence;
/// the same number here turns that silence into an error record.
pub const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;
/// Deepest page tree walked.
const MAX_TREE_DEPTH: usize = 64;
/// Where the `%PDF-` header may start.
const HEADER_WINDOW: usize = 1024;

/// A page as the page tree lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageInfo {
    /// The page object.
    pub id: ObjectId,
    /// Page number as lopdf (and so pdf-inspector) counts it.
    pub source_number: u32,
    /// Visible page box width in points.
    pub width: f32,
    /// Visible page box height in points.
    pub height: f32,
}

/// A file that passed the checks.
#[derive(Debug)]
pub struct Checked {
    /// The parsed document.
    pub doc: Document,
    /// Pages in reading order, each once.
    pub pages: Vec<PageInfo>,
    /// Whether lopdf's page numbering lists a page more than once (a page
    /// tree cycle), so the glyph source must be limited to `pages`.
    pub needs_filter: bool,
    /// Things noted on the way.
    pub warnings: Vec<String>,
    /// The file with a rebuilt cross-reference table, when it needed one.
    pub repaired: Option<Vec<u8>>,
}

fn pdf_error(kind: &'static str, message: impl Into<String>) -> Error {
    Error::Pdf {
        kind,
        message: message.into(),
    }
}

/// The cheap checks on the raw bytes: empty, size, header.
///
/// # Errors
/// `empty`, `limit` or `not_pdf`.
pub fn sniff(bytes: &[u8]) -> Result<(), Error> {
    if bytes.is_empty() {
        return Err(pdf_error("empty", "empty file"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(pdf_error(
            "limit",
            format!(
                "file is {} bytes, more than the limit of {MAX_FILE_BYTES} bytes",
                bytes.len()
            ),
        ));
    }
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if !window.windows(5).any(|w| w == b"%PDF-") {
        return Err(pdf_error("not_pdf", "not a PDF (no %PDF header)"));
    }
    Ok(())
}

/// Whether a lopdf error means "cannot decrypt".
fn is_password_error(e: &lopdf::Error) -> bool {
    matches!(
        e,
        lopdf::Error::Decryption(_)
            | lopdf::Error::InvalidPassword
            | lopdf::Error::AlreadyEncrypted
            | lopdf::Error::UnsupportedSecurityHandler(_)
    ) || matches!(e, lopdf::Error::Unimplemented(m) if m.contains("encrypted"))
}

/// Parse the file with lopdf and check it. A file whose cross-reference
/// table points nowhere is read again with a table rebuilt by scanning for
/// `N G obj`, as poppler does; the rebuilt bytes are in
/// [`Checked::repaired`] for the glyph source.
///
/// # Errors
/// `encrypted` for a file the empty password does not open, `damaged_pdf`
/// for a file lopdf cannot read or one without pages, `limit` for too many
/// pages.
pub fn load(bytes: &[u8]) -> Result<Checked, Error> {
    match load_once(bytes) {
        Err(
            e @ Error::Pdf {
                kind: "damaged_pdf",
                ..
            },
        ) if !e.to_string().contains("cycle") => {
            let Some(fixed) = rebuild_xref(bytes) else {
                return Err(e);
            };
            match load_once(&fixed) {
                Ok(mut c) => {
                    c.warnings.push(format!(
                        "cross-reference table broken ({e}); rebuilt by scanning for objects"
                    ));
                    c.repaired = Some(fixed);
                    Ok(c)
                }
                Err(_) => Err(e),
            }
        }
        other => other,
    }
}

/// A copy of the file with a fresh cross-reference table and trailer
/// appended, built from the `N G obj` headers found in the bytes.
fn rebuild_xref(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut offsets: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
    let mut root: Option<(u32, u16)> = None;
    let mut i = 0;
    while let Some(pos) = find(&bytes[i..], b" obj").map(|p| p + i) {
        i = pos + 4;
        // Walk back over "N G" before " obj".
        let head = &bytes[pos.saturating_sub(24)..pos];
        let text = String::from_utf8_lossy(head);
        let mut parts = text
            .rsplit(|c: char| c.is_whitespace())
            .filter(|p| !p.is_empty());
        let (Some(g), Some(n)) = (parts.next(), parts.next()) else {
            continue;
        };
        let n: String = n
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let (Ok(num), Ok(gen)) = (n.parse::<u32>(), g.parse::<u16>()) else {
            continue;
        };
        let start = pos.saturating_sub(n.len() + 1 + g.len());
        offsets.insert(num, (gen, start));
        let body = &bytes[i..bytes.len().min(i + 256)];
        if find(body, b"/Catalog").is_some() && root.is_none() {
            root = Some((num, gen));
        }
        if offsets.len() > 10_000_000 {
            return None;
        }
    }
    let (rn, rg) = root?;
    let size = offsets.keys().next_back()? + 1;
    let mut out = bytes.to_vec();
    out.push(b'\n');
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for n in 1..size {
        match offsets.get(&n) {
            Some((g, off)) => out.extend_from_slice(format!("{off:010} {g:05} n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root {rn} {rg} R >>\nstartxref\n{xref_at}\n%%EOF\n")
            .as_bytes(),
    );
    Some(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn load_once(bytes: &[u8]) -> Result<Checked, Error> {
    // pdf-inspector's loader, whose repairs its text reader relies on: the
    // document is then read by both (see `glyphs::read`).
    let doc = match pdf_inspector::load_document_for_reading(bytes, MAX_STREAM_BYTES) {
        Ok(doc) => doc,
        Err(e) if is_password_error(&e) => {
            return Err(pdf_error(
                "encrypted",
                format!("password-protected: cannot be opened without a password ({e})"),
            ))
        }
        Err(e) => {
            return Err(pdf_error(
                "damaged_pdf",
                format!("truncated or damaged PDF: {e}"),
            ))
        }
    };
    if doc.is_encrypted() {
        return Err(pdf_error(
            "encrypted",
            "password-protected: cannot be opened without a password",
        ));
    }
    let mut warnings = Vec::new();
    if doc.was_encrypted() {
        warnings.push("encrypted with an empty user password; decrypted".to_string());
    }
    let Walk {
        pages: tree,
        cycle,
        repeats,
    } = walk_page_tree(&doc);
    if cycle {
        warnings.push("page tree has a cycle; every page read once".to_string());
    }
    if repeats > 0 {
        warnings.push(format!(
            "page tree lists a node already read {repeats} more times; every page read once"
        ));
    }
    if tree.is_empty() {
        let why = if cycle {
            "page tree cycle (no pages)"
        } else {
            "no pages in the page tree"
        };
        return Err(pdf_error("damaged_pdf", why));
    }
    if tree.len() > MAX_PAGES {
        return Err(pdf_error(
            "limit",
            format!("{} pages, more than the limit of {MAX_PAGES}", tree.len()),
        ));
    }
    // lopdf numbers pages by its own iterator; take the first number of
    // every page the walk found.
    let mut first_number: BTreeMap<ObjectId, u32> = BTreeMap::new();
    let mut listed = 0usize;
    for (n, id) in doc.page_iter().take(MAX_PAGES + 1).enumerate() {
        listed += 1;
        first_number.entry(id).or_insert(n as u32 + 1);
    }
    let mut pages = Vec::with_capacity(tree.len());
    for id in tree {
        let Some(&source_number) = first_number.get(&id) else {
            continue;
        };
        let (width, height) = page_size(&doc, id);
        pages.push(PageInfo {
            id,
            source_number,
            width,
            height,
        });
    }
    if pages.is_empty() {
        return Err(pdf_error(
            "damaged_pdf",
            "no readable pages in the page tree",
        ));
    }
    let needs_filter = listed != pages.len();
    Ok(Checked {
        doc,
        pages,
        needs_filter,
        warnings,
        repaired: None,
    })
}

/// What the page-tree walk found.
#[derive(Debug, Default)]
struct Walk {
    /// Leaf pages in order, each once.
    pages: Vec<ObjectId>,
    /// A node is its own ancestor, or the tree is deeper than
    /// [`MAX_TREE_DEPTH`].
    cycle: bool,
    /// Times a node already read was listed again elsewhere (the same kid
    /// repeated: a page-tree bomb lists one child 1,000 times per level).
    repeats: usize,
}

/// Walk the page tree depth first with a visited set, so every node is
/// expanded once: the work and the memory follow the objects in the file,
/// never a declared `/Count`.
fn walk_page_tree(doc: &Document) -> Walk {
    enum Step {
        Enter(ObjectId, usize),
        Leave(ObjectId),
    }
    let mut walk = Walk::default();
    let Ok(root) = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
    else {
        return walk;
    };
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut path: HashSet<ObjectId> = HashSet::new();
    // Explicit stack: no recursion, so no stack overflow.
    let mut stack = vec![Step::Enter(root, 0)];
    while let Some(step) = stack.pop() {
        let (id, depth) = match step {
            Step::Leave(id) => {
                path.remove(&id);
                continue;
            }
            Step::Enter(id, depth) => (id, depth),
        };
        if path.contains(&id) {
            walk.cycle = true;
            continue;
        }
        if !seen.insert(id) {
            walk.repeats += 1;
            continue;
        }
        if depth > MAX_TREE_DEPTH {
            walk.cycle = true;
            continue;
        }
        if walk.pages.len() > MAX_PAGES {
            break;
        }
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        let is_pages = dict
            .get(b"Type")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Pages")
            || dict.has(b"Kids");
        if is_pages {
            stack.push(Step::Leave(id));
            path.insert(id);
            if let Ok(kids) = dict.get(b"Kids").and_then(Object::as_array) {
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push(Step::Enter(kid, depth + 1));
                    }
                }
            }
        } else {
            walk.pages.push(id);
        }
    }
    walk
}

/// Width and height of a page's visible box (CropBox within MediaBox),
/// A4 when the file does not say.
fn page_size(doc: &Document, id: ObjectId) -> (f32, f32) {
    let media = inherited_box(doc, id, b"MediaBox");
    let crop = inherited_box(doc, id, b"CropBox");
    let b = match (media, crop) {
        (Some(m), Some(c)) => [
            m[0].max(c[0]),
            m[1].max(c[1]),
            m[2].min(c[2]),
            m[3].min(c[3]),
        ],
        (Some(m), None) => m,
        (None, Some(c)) => c,
        (None, None) => [0.0, 0.0, 595.0, 842.0],
    };
    let (w, h) = ((b[2] - b[0]).abs(), (b[3] - b[1]).abs());
    if w.is_finite() && h.is_finite() && w > 1.0 && h > 1.0 {
        (w, h)
    } else {
        (595.0, 842.0)
    }
}

fn inherited_box(doc: &Document, id: ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let mut node: Option<&Dictionary> = doc.get_dictionary(id).ok();
    let mut seen = BTreeSet::new();
    seen.insert(id);
    for _ in 0..MAX_TREE_DEPTH {
        let dict = node?;
        if let Ok(obj) = dict.get(key) {
            let arr = doc.dereference(obj).ok()?.1.as_array().ok()?;
            let nums: Vec<f32> = arr.iter().filter_map(|o| o.as_float().ok()).collect();
            if let [a, b, c, d] = nums[..] {
                return Some([a.min(c), b.min(d), a.max(c), b.max(d)]);
            }
            return None;
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
        if !seen.insert(parent) {
            return None;
        }
        node = doc.get_dictionary(parent).ok();
    }
    None
}

/// The content stream of a page without text, for a look at what it holds
/// (an unreadable stream reads as empty).
///
/// # Errors
/// `limit` when the page's content inflates past [`MAX_STREAM_BYTES`].
pub fn empty_page_content(doc: &Document, page: &PageInfo, number: u32) -> Result<Vec<u8>, Error> {
    match doc.get_page_content_with_limit(page.id, MAX_STREAM_BYTES) {
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit })) => {
            Err(pdf_error(
                "limit",
                format!("page {number}: content stream exceeds {limit} bytes when decompressed"),
            ))
        }
        Ok(content) => Ok(content),
        Err(_) => Ok(Vec::new()),
    }
}
