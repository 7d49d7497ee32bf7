//! Invisible text layers (text render mode 3), as OCR software lays them
//! behind a scanned page.
//!
//! pdf-inspector's positioned runs leave invisible text out. For a page
//! that gave no visible text, its region reader retries with the invisible
//! layer included and adopts it only when it carries real, non-garbage
//! text (at least 40 letters and digits). We ask it for the whole page of
//! every such page; the layer's lines come back without positions, so the
//! page's text is read as paragraphs split at blank lines, in the order the
//! OCR layer gives them.
//!
//! A page with visible text can carry invisible text too: an OCR layer
//! under a scan that a document system stamped with a visible number, or
//! lettering drawn as outlines with the text laid invisibly over it (the
//! Papendrecht map's "GEMEENTE PAPENDRECHT"). Neither of pdf-inspector's
//! readers gives it there, so [`unhide`] swaps invisible and visible in
//! those pages' content streams (`3 Tr` ↔ `0 Tr`) and reads them again; [`add_uncovered`] keeps the
//! runs of that reading that no visible run covers, so text that is both
//! printed and laid invisibly over itself is read once.

use super::events::Collector;
use super::guard::{self, PageInfo};
use super::page::Frag;
use crate::model::{BlockKind, RawBlock};
use lopdf::Document;

/// A region larger than any page: the region reader clips to the page box.
const WHOLE_PAGE: [f32; 4] = [-1.0e6, -1.0e6, 1.0e6, 1.0e6];

/// Whether a content stream sets text render mode 3 (`3 Tr`): only then
/// can a page without visible text hold an invisible layer.
pub fn sets_invisible_mode(content: &[u8]) -> bool {
    mode_operands(content).any(|i| content[i] == b'3')
}

/// Where the one-digit operand of each `Tr` (text render mode) in a
/// content stream stands.
fn mode_operands(content: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memmem::find_iter(content, b"Tr").filter_map(|i| {
        if content.get(i + 2).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        let before = content[..i].trim_ascii_end();
        let at = before.len().checked_sub(1)?;
        let lone = !before[..at]
            .last()
            .is_some_and(|c| c.is_ascii_digit() || *c == b'.');
        (before[at].is_ascii_digit() && lone).then_some(at)
    })
}

/// The invisible-layer text of each page in `pages` (our page number and
/// its page info) that has one, as (page number, text). The region reader
/// reports images as `[Image: Im0]` lines; those are no text.
pub fn recover(source: &[u8], pages: &[(u32, &PageInfo)]) -> Vec<(u32, String)> {
    if pages.is_empty() {
        return Vec::new();
    }
    let regions: Vec<(u32, Vec<[f32; 4]>)> = pages
        .iter()
        .map(|(_, info)| (info.source_number.saturating_sub(1), vec![WHOLE_PAGE]))
        .collect();
    let Ok(results) = pdf_inspector::extract_text_in_regions_mem(source, &regions) else {
        return Vec::new();
    };
    results
        .iter()
        .zip(pages)
        .filter_map(|(r, (number, _))| {
            let region = r.regions.first()?;
            let text: Vec<&str> = region
                .text
                .lines()
                .filter(|l| !(l.starts_with("[Image:") && l.ends_with(']')))
                .collect();
            let text = text.join("\n").trim().to_string();
            (!region.needs_ocr && !text.is_empty()).then_some((*number, text))
        })
        .collect()
}

/// The runs of `pages` (pages with visible text whose content streams set
/// mode 3) read with their invisible text made visible, in a collector
/// whose pages are numbered 1.. in the order of `pages`. `None` when there
/// is nothing to read or the rewritten file cannot be (an encrypted file
/// is not rewritten).
pub fn unhide(doc: &mut Document, pages: &[PageInfo]) -> Option<Collector> {
    if pages.is_empty() || doc.was_encrypted() {
        return None;
    }
    for info in pages {
        let content = doc
            .get_page_content_with_limit(info.id, guard::MAX_STREAM_BYTES)
            .ok()?;
        // Invisible and visible swap places: the page starts invisible and
        // every mode operand becomes 0 where it was 3 and 3 elsewhere, so
        // the second reading builds runs of the hidden text alone (what it
        // still reads, from forms that set their own mode, the visible runs
        // cover). Operands are overwritten in place: a map's content stream
        // runs to megabytes, which parsing and writing back would take long
        // over.
        const INVISIBLE: &[u8] = b"3 Tr\n";
        let mut swapped = INVISIBLE.to_vec();
        swapped.extend_from_slice(&content);
        for i in mode_operands(&content) {
            swapped[INVISIBLE.len() + i] = if content[i] == b'3' { b'0' } else { b'3' };
        }
        // A new stream, left uncompressed: lopdf's `change_page_content`
        // deflates the content it is given, which took 16 % of reading a
        // 30-page report (vws 10999) only for the copy to be inflated again.
        let stream = doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), swapped));
        match doc.get_object_mut(info.id).ok()? {
            lopdf::Object::Dictionary(page) => page.set("Contents", stream),
            _ => return None,
        }
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).ok()?;
    let mut collector = Collector::default();
    super::glyphs::replay(&bytes, pages, true, &mut collector).ok()?;
    Some(collector)
}

/// Add to `visible` the runs of `all` (the same page read with its
/// invisible text made visible) that no run of `visible` overlaps. Returns
/// how many were added.
pub fn add_uncovered(visible: &mut Vec<Frag>, all: Vec<Frag>) -> usize {
    let covered = |f: &Frag| {
        visible.iter().any(|v| {
            f.x1.min(v.x1) - f.x0.max(v.x0) > 0.5
                && f.bottom().min(v.bottom()) > f.top().max(v.top())
        })
    };
    let fresh: Vec<Frag> = all.into_iter().filter(|f| !covered(f)).collect();
    let n = fresh.len();
    visible.extend(fresh);
    n
}

/// Paragraph blocks of a page's invisible-layer text: blank lines split
/// paragraphs, line breaks inside one are joined (hyphens repaired).
pub fn blocks(page: u32, text: &str) -> Vec<RawBlock> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let mut joined = String::new();
        for line in para.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if joined.is_empty() {
                joined.push_str(line);
            } else {
                crate::ingest::text::join_line(&mut joined, line);
            }
        }
        if !joined.is_empty() {
            out.push(RawBlock::new(BlockKind::Paragraph, joined, page));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// A one-page PDF whose content stream is `content`, Helvetica as /F1.
    fn pdf(content: &str) -> Vec<u8> {
        let objs = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_string(),
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_string(),
        ];
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
        }
        let xref = out.len();
        out.push_str(&format!(
            "xref\n0 {}\n0000000000 65535 f \n",
            objs.len() + 1
        ));
        for o in offsets {
            out.push_str(&format!("{o:010} 00000 n \n"));
        }
        out.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        ));
        out.into_bytes()
    }

    #[test]
    fn invisible_mode_operator() {
        use super::sets_invisible_mode as mode3;
        assert!(mode3(b"BT 3 Tr /F1 12 Tf"));
        assert!(mode3(b"q\n3\nTr ET"));
        for no in [
            &b"BT 0 Tr"[..],
            b"13 Tr",
            b"0.3 Tr",
            b"3 Trx",
            b"BT (3 Tree) Tj",
        ] {
            assert!(!mode3(no), "{}", String::from_utf8_lossy(no));
        }
    }

    const OCR: &str = "BT 3 Tr /F1 12 Tf 72 700 Td 14 TL \
        (De gemeente heeft in 2023 de pilot Wijkbuddy ge-) Tj T* \
        (evalueerd en besloten die voort te zetten.) Tj ET";

    #[test]
    #[allow(clippy::unwrap_used)]
    fn invisible_layer_of_a_page_without_visible_text_is_read() {
        let (blocks, pages, warnings, _) = super::super::blocks(&pdf(OCR)).unwrap();
        assert_eq!(pages, Some(1));
        let text: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            text,
            ["De gemeente heeft in 2023 de pilot Wijkbuddy geevalueerd en besloten die voort te zetten."]
        );
        assert_eq!(blocks[0].page, 1);
        assert_eq!(
            warnings,
            ["page 1: text from an invisible (OCR) layer, read without layout"]
        );
    }

    /// A scan stamped with a visible line keeps its OCR layer; text both
    /// printed and laid invisibly over itself is read once.
    #[test]
    #[allow(clippy::unwrap_used)]
    fn invisible_text_beside_visible_text_is_read_once() {
        let both = format!("BT /F1 12 Tf 72 750 Td (Zichtbare kop) Tj ET {OCR}");
        let (blocks, _, warnings, _) = super::super::blocks(&pdf(&both)).unwrap();
        let text: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            text,
            [
                "Zichtbare kop",
                "De gemeente heeft in 2023 de pilot Wijkbuddy geevalueerd en besloten die voort te zetten."
            ]
        );
        assert_eq!(
            warnings,
            ["page 1: 2 runs of invisible text read beside the visible text"]
        );
        let twin = "BT /F1 12 Tf 72 750 Td (Zichtbare kop) Tj ET \
                    BT 3 Tr /F1 12 Tf 72 750 Td (Zichtbare kop) Tj ET";
        let (blocks, _, warnings, _) = super::super::blocks(&pdf(twin)).unwrap();
        let text: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(text, ["Zichtbare kop"]);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_bare_scan_needs_ocr() {
        let (blocks, _, warnings, _) = super::super::blocks(&pdf("q 1 0 0 1 0 0 cm Q")).unwrap();
        assert!(blocks.is_empty());
        assert_eq!(warnings, ["page 1: no text layer (needs OCR)"]);
    }
}
