//! What a file is, from its first bytes, with its extension as a hint.
//!
//! Council systems serve documents under names that say nothing
//! (`download.ashx`, `1234567`, `page.aspx`), and a `.pdf` download can be
//! an HTML error page. So the content decides where it speaks: a `%PDF-`
//! header is a PDF, HTML markup is HTML (unless the name says plain text,
//! which may quote markup), and the magic bytes of an office file, archive
//! or image name what it is in a clear `unsupported_format` record. Where
//! the content says nothing, the extension decides, as before.

use super::{format_of, Error};
use crate::model::Format;
use std::path::Path;

/// The path that stands for standard input, read as text unless its
/// content says otherwise.
pub const STDIN: &str = "-";

/// How much of a file's start is enough to tell what it is.
pub const HEAD: usize = 4096;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// `%PDF-` near the start.
    Pdf,
    /// An HTML document: a doctype or an `html`, `head` or `body` tag
    /// first.
    Html,
    /// A kind of file beleidsmijn does not read, named for the user
    /// ("a Word document (.docx)").
    Foreign(&'static str),
    /// Nothing recognisable: plain text, or something unknown.
    Unknown,
}

/// Magic numbers of files that are no document beleidsmijn reads.
const MAGIC: &[(&[u8], &str)] = &[
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Microsoft Office document (.doc, .xls or .ppt)",
    ),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\0", "a TIFF image"),
    (b"MM\0*", "a TIFF image"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
];

/// Members that name the kind of a ZIP-based office file. The central
/// directory at the end of the archive lists every member's name
/// uncompressed, so a search of the whole file finds them.
const ZIP_MEMBERS: &[(&[u8], &str)] = &[
    (b"word/document", "a Word document (.docx)"),
    (b"xl/workbook", "an Excel workbook (.xlsx)"),
    (b"ppt/presentation", "a PowerPoint presentation (.pptx)"),
    (
        b"application/vnd.oasis.opendocument.text",
        "an OpenDocument text (.odt)",
    ),
    (
        b"application/vnd.oasis.opendocument.spreadsheet",
        "an OpenDocument spreadsheet (.ods)",
    ),
    (
        b"application/vnd.oasis.opendocument.presentation",
        "an OpenDocument presentation (.odp)",
    ),
    (b"application/epub+zip", "an EPUB book"),
];

/// What `bytes` (the whole file, or its first [`HEAD`] bytes) are.
pub fn sniff(bytes: &[u8]) -> Content {
    let head = &bytes[..bytes.len().min(HEAD)];
    if memchr::memmem::find(&head[..head.len().min(1024)], b"%PDF-").is_some() {
        return Content::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        let what = ZIP_MEMBERS
            .iter()
            .find(|(name, _)| memchr::memmem::find(bytes, name).is_some())
            .map_or("a ZIP archive", |(_, what)| what);
        return Content::Foreign(what);
    }
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Content::Foreign(what);
    }
    if is_html(head) {
        return Content::Html;
    }
    Content::Unknown
}

/// Markup first (after a byte-order mark, white space, an XML declaration
/// or comments): a doctype or an `html`, `head` or `body` tag.
fn is_html(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if !head.trim_ascii_start().starts_with(b"<") {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|tag| memchr::memmem::find(&lower, tag).is_some())
}

/// The format to read `path` as, its bytes in hand: the content's where it
/// speaks, else the extension's. A plain-text name keeps markup as text.
///
/// # Errors
/// A file of a kind beleidsmijn does not read, by content or, where the
/// content says nothing, by extension.
pub fn format_for(path: &Path, bytes: &[u8]) -> Result<Format, Error> {
    let by_name = if path == Path::new(STDIN) {
        Ok(Format::Text)
    } else {
        format_of(path)
    };
    match sniff(bytes) {
        Content::Pdf => Ok(Format::Pdf),
        Content::Html if !matches!(by_name, Ok(Format::Text)) => Ok(Format::Html),
        Content::Foreign(what) => Err(Error::NotADocument { what }),
        Content::Html | Content::Unknown => by_name,
    }
}

/// Why a folder walk leaves a file out, or `None` to read it: a file with
/// a document extension is read (Markdown and READMEs only when named
/// explicitly: in a folder they are notes, not policy documents); another
/// one is read when its first bytes say PDF, HTML or an office file (which
/// then gets a record naming what it is).
pub fn left_out(path: &Path) -> Option<&'static str> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.starts_with("readme") || name.ends_with(".md") {
        return Some("a README or Markdown file (name it to read it)");
    }
    if format_of(path).is_ok() {
        return None;
    }
    match head_of(path).as_deref().map(sniff) {
        Some(Content::Pdf | Content::Html | Content::Foreign(_)) => None,
        Some(Content::Unknown) | None => Some("not a PDF, HTML or text file"),
    }
}

/// The first [`HEAD`] bytes of a file, if it can be read.
fn head_of(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(HEAD);
    std::fs::File::open(path)
        .ok()?
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_where_it_speaks() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Content::Pdf);
        assert_eq!(sniff(b"\n\n  <!DOCTYPE html><html>"), Content::Html);
        assert_eq!(
            sniff(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<html xmlns=\"x\">"),
            Content::Html
        );
        assert_eq!(sniff(b"Raadsvoorstel\n\nDe raad besluit"), Content::Unknown);
        assert_eq!(sniff(b"<p>geen document</p>"), Content::Unknown);
        let docx = b"PK\x03\x04\x14\0\0\0[Content_Types].xml...PK\x01\x02word/document.xml";
        assert_eq!(sniff(docx), Content::Foreign("a Word document (.docx)"));
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Foreign("a ZIP archive"));
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0"),
            Content::Foreign("a PNG image")
        );
    }

    #[test]
    fn the_name_is_a_hint() {
        let html = b"<!doctype html><html><body>Besluit</body></html>";
        // No extension, or a server script's: the content says HTML.
        assert_eq!(
            format_for(Path::new("1234567"), html).unwrap(),
            Format::Html
        );
        assert_eq!(
            format_for(Path::new("download.ashx"), b"%PDF-1.4").unwrap(),
            Format::Pdf
        );
        // A ".pdf" that is an HTML error page is read as the page it is.
        assert_eq!(format_for(Path::new("a.pdf"), html).unwrap(), Format::Html);
        // A text file may quote markup; it stays text.
        assert_eq!(format_for(Path::new("a.txt"), html).unwrap(), Format::Text);
        // Nothing recognisable: the extension decides.
        assert_eq!(
            format_for(Path::new("a.txt"), b"Tekst").unwrap(),
            Format::Text
        );
        assert!(format_for(Path::new("a.xyz"), b"Tekst").is_err());
        let e = format_for(Path::new("notulen.pdf"), b"PK\x03\x04..word/document.xml").unwrap_err();
        assert_eq!(e.kind(), "unsupported_format");
        assert!(e.to_string().contains("a Word document (.docx)"), "{e}");
    }
}
