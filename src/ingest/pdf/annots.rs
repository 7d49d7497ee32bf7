//! Text drawn by annotations: filled-in form fields and comments.
//!
//! A widget annotation (a form field) and a FreeText comment draw their
//! text in their normal appearance stream (`/AP /N`), a form of its own
//! outside the page's content stream. pdf-inspector reads the page's
//! content only, so a filled-in form read as a page without text ("needs
//! OCR"); pdftotext draws the appearances with the page and reads them.
//!
//! In: the parsed document and its pages. Out: for the pages with such
//! appearances, the runs they draw, read by the same glyph source. Each
//! page's content and resources are swapped, for one reading, for a
//! content that draws its appearances only (`q … cm /BmAp0 Do Q`, the
//! matrix mapping the form's box to the annotation's rectangle as the PDF
//! standard's algorithm 12.5.5 says) and put back afterwards; the caller
//! adds the runs no page run covers. Hidden annotations (`/F` bits 2 and
//! 6: Hidden, NoView) and appearances chosen by state (`/N` a dictionary:
//! check boxes and radio buttons, whose glyphs are no text) are not drawn.

use super::events::Collector;
use super::guard::{PageInfo, MAX_PAGES};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

/// Most appearances drawn in one document; past it the rest are reported.
pub const MAX_APPEARANCES: usize = 20_000;

/// Annotation flags that keep an annotation off the screen.
const HIDDEN: i64 = 2;
const NO_VIEW: i64 = 32;

/// One appearance to draw: its form and where.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Draw {
    form: ObjectId,
    /// `a 0 0 d e f cm`: maps the form's transformed box onto the
    /// annotation's rectangle.
    matrix: [f32; 6],
}

/// What [`read`] found.
#[derive(Debug, Default)]
pub struct Read {
    /// Our page numbers (1-based, in the order of the pages given) whose
    /// appearances were read, in the order of `runs.pages`.
    pub numbers: Vec<u32>,
    /// The runs the appearances draw, pages numbered 1.. in the order of
    /// `numbers`.
    pub runs: Collector,
    /// Things to tell: appearances not read, and why.
    pub warnings: Vec<String>,
}

/// Read the text of every page's visible annotation appearances.
/// `doc` is changed for the reading and restored.
pub fn read(doc: &mut Document, pages: &[PageInfo]) -> Read {
    let mut out = Read::default();
    let mut todo: Vec<(u32, &PageInfo, Vec<Draw>)> = Vec::new();
    let mut total = 0usize;
    let mut over = 0usize;
    for (i, info) in pages.iter().enumerate().take(MAX_PAGES) {
        let draws = appearances(doc, info.id);
        if draws.is_empty() {
            continue;
        }
        let room = MAX_APPEARANCES.saturating_sub(total);
        over += draws.len().saturating_sub(room);
        let draws: Vec<Draw> = draws.into_iter().take(room).collect();
        total += draws.len();
        if !draws.is_empty() {
            todo.push((i as u32 + 1, info, draws));
        }
    }
    if over > 0 {
        out.warnings.push(format!(
            "more than {MAX_APPEARANCES} form fields and annotations with text; {over} not read"
        ));
    }
    if todo.is_empty() {
        return out;
    }
    if doc.was_encrypted() {
        // The file would have to be written again, encrypted; not done.
        for (number, _, draws) in &todo {
            out.warnings.push(format!(
                "page {number}: {} form fields or annotations not read (encrypted file)",
                draws.len()
            ));
        }
        return out;
    }
    let mut saved: Vec<(ObjectId, Object)> = Vec::new();
    let mut added: Vec<ObjectId> = Vec::new();
    for (_, info, draws) in &todo {
        let Ok(Object::Dictionary(page)) = doc.get_object(info.id).cloned() else {
            continue;
        };
        let mut content = Vec::new();
        let mut xobjects = Dictionary::new();
        for (k, d) in draws.iter().enumerate() {
            let name = format!("BmAp{k}");
            let [a, b, c, dd, e, f] = d.matrix;
            content.extend_from_slice(
                format!("q {a} {b} {c} {dd} {e} {f} cm /{name} Do Q\n").as_bytes(),
            );
            xobjects.set(name, Object::Reference(d.form));
        }
        let stream = doc.add_object(Stream::new(Dictionary::new(), content));
        added.push(stream);
        let mut swapped = page.clone();
        swapped.set("Contents", Object::Reference(stream));
        swapped.set("Resources", dictionary! { "XObject" => xobjects });
        saved.push((info.id, Object::Dictionary(page)));
        doc.objects.insert(info.id, Object::Dictionary(swapped));
    }
    let mut bytes = Vec::new();
    let written = doc.save_to(&mut bytes);
    for (id, page) in saved {
        doc.objects.insert(id, page);
    }
    for id in added {
        doc.objects.remove(&id);
    }
    let infos: Vec<PageInfo> = todo.iter().map(|(_, info, _)| **info).collect();
    let read =
        written.is_ok() && super::glyphs::replay(&bytes, &infos, true, &mut out.runs).is_ok();
    if read {
        out.numbers = todo.iter().map(|(n, _, _)| *n).collect();
    } else {
        out.runs = Collector::default();
        for (number, _, draws) in &todo {
            out.warnings.push(format!(
                "page {number}: {} form fields or annotations could not be read",
                draws.len()
            ));
        }
    }
    out
}

/// The visible appearances of a page's annotations, in `/Annots` order.
fn appearances(doc: &Document, page: ObjectId) -> Vec<Draw> {
    let Ok(dict) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    let Some(annots) = dict
        .get(b"Annots")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
    else {
        return Vec::new();
    };
    annots
        .iter()
        .take(MAX_APPEARANCES + 1)
        .filter_map(|a| doc.dereference(a).ok()?.1.as_dict().ok())
        .filter_map(|a| draw(doc, a))
        .collect()
}

/// Where and what one annotation draws, if it shows a single appearance.
fn draw(doc: &Document, annot: &Dictionary) -> Option<Draw> {
    let flags = annot.get(b"F").and_then(Object::as_i64).unwrap_or(0);
    if flags & (HIDDEN | NO_VIEW) != 0 {
        return None;
    }
    if annot.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Popup") {
        return None;
    }
    let ap = doc
        .dereference(annot.get(b"AP").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    let form = ap.get(b"N").ok()?.as_reference().ok()?;
    let stream = doc.get_object(form).ok()?.as_stream().ok()?;
    let rect = numbers(doc, annot.get(b"Rect").ok()?)?;
    let bbox = numbers(doc, stream.dict.get(b"BBox").ok()?)?;
    let m = stream
        .dict
        .get(b"Matrix")
        .ok()
        .and_then(|o| numbers::<6>(doc, o))
        .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    Some(Draw {
        form,
        matrix: fit(bbox, m, rect)?,
    })
}

/// `N` numbers of an array (direct or referenced).
fn numbers<const N: usize>(doc: &Document, o: &Object) -> Option<[f32; N]> {
    let arr = doc.dereference(o).ok()?.1.as_array().ok()?;
    let v: Vec<f32> = arr.iter().filter_map(|x| x.as_float().ok()).collect();
    let out: [f32; N] = v.try_into().ok()?;
    out.iter().all(|x| x.is_finite()).then_some(out)
}

/// The matrix that maps the form's box, transformed by its matrix `m`,
/// onto `rect` (scale and move, as a viewer draws an appearance).
fn fit(bbox: [f32; 4], m: [f32; 6], rect: [f32; 4]) -> Option<[f32; 6]> {
    let corners = [
        (bbox[0], bbox[1]),
        (bbox[2], bbox[1]),
        (bbox[0], bbox[3]),
        (bbox[2], bbox[3]),
    ];
    let pts = corners.map(|(x, y)| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]));
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in pts {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let (rx0, ry0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
    let (rw, rh) = ((rect[2] - rect[0]).abs(), (rect[3] - rect[1]).abs());
    let sx = if x1 - x0 > 1e-3 { rw / (x1 - x0) } else { 1.0 };
    let sy = if y1 - y0 > 1e-3 { rh / (y1 - y0) } else { 1.0 };
    let out = [sx, 0.0, 0.0, sy, rx0 - x0 * sx, ry0 - y0 * sy];
    out.iter().all(|v| v.is_finite()).then_some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn a_box_is_fitted_onto_the_rectangle() {
        let id = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        // Same size: a move only.
        assert_eq!(
            fit([0.0, 0.0, 100.0, 20.0], id, [50.0, 700.0, 150.0, 720.0]),
            Some([1.0, 0.0, 0.0, 1.0, 50.0, 700.0])
        );
        // Twice as large a rectangle: scaled.
        assert_eq!(
            fit([0.0, 0.0, 100.0, 20.0], id, [0.0, 0.0, 200.0, 40.0]),
            Some([2.0, 0.0, 0.0, 2.0, 0.0, 0.0])
        );
        // An empty box is not scaled.
        assert_eq!(
            fit([0.0, 0.0, 0.0, 0.0], id, [10.0, 10.0, 30.0, 30.0]),
            Some([1.0, 0.0, 0.0, 1.0, 10.0, 10.0])
        );
    }
}
