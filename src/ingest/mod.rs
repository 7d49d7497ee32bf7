//! Ingest: bytes of one file in, a [`Document`] out.
//!
//! Each format module (`text`, `html`, later `pdf`) produces [`RawBlock`]s in
//! reading order. [`assemble`] is the one place that turns blocks into the
//! normalised document text and gives every block and cell its byte offsets,
//! so that all formats share one offset space and one set of rules:
//! blocks are separated by a blank line, pages by a form feed, table rows by
//! a newline and cells by a tab.

pub mod decode;
pub mod html;
pub mod labels;
pub mod pdf;
pub mod reflow;
pub mod sniff;
pub mod text;

use crate::dict::Vocabulary;
use crate::model::{Block, BlockKind, Cell, Document, Format, RawBlock, Span};
use std::path::Path;

/// Why a file could not be read. `kind()` is the stable name written into
/// error records.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path does not exist.
    #[error("no such file")]
    NotFound,
    /// The file exists but cannot be read.
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// Zero bytes.
    #[error("empty file")]
    Empty,
    /// The file holds no text: binary bytes or an undecodable encoding.
    #[error("not valid text/HTML (binary or undecodable): {reason}")]
    Binary {
        /// What gave it away.
        reason: String,
    },
    /// An extension beleidsmijn does not read.
    #[error("unsupported format '{extension}' (supported: .txt, .md, .html, .htm, .pdf)")]
    Unsupported {
        /// The extension (or "none").
        extension: String,
    },
    /// A file whose content is of a kind beleidsmijn does not read.
    #[error("this is {what}, not a PDF, HTML or text file: save or export it as PDF to read it")]
    NotADocument {
        /// What it is ("a Word document (.docx)").
        what: &'static str,
    },
    /// Larger than the per-document size budget.
    #[error("file is {bytes} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// File size.
        bytes: u64,
        /// Limit.
        limit: u64,
    },
    /// The document decoded but nesting or size went past a limit.
    #[error("{0}")]
    Limit(String),
    /// A bug: something the run needs could not be built.
    #[error("internal error (a bug in beleidsmijn): {0}")]
    Internal(String),
    /// A PDF-specific failure.
    #[error("{message}")]
    Pdf {
        /// Stable snake_case kind (`encrypted`, `damaged_pdf`, `not_pdf`, ...).
        kind: &'static str,
        /// Human-readable reason.
        message: String,
    },
}

impl Error {
    /// Stable snake_case name for error records.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NotFound => "not_found",
            Error::Io(_) => "io",
            Error::Empty => "empty",
            Error::Binary { .. } => "binary",
            Error::Unsupported { .. } | Error::NotADocument { .. } => "unsupported_format",
            Error::TooLarge { .. } => "too_large",
            Error::Limit(_) => "limit",
            Error::Internal(_) => "internal",
            Error::Pdf { kind, .. } => kind,
        }
    }
}

/// The format a path is read as, from its extension.
pub fn format_of(path: &Path) -> Result<Format, Error> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "md" | "text" => Ok(Format::Text),
        "html" | "htm" | "xhtml" => Ok(Format::Html),
        "pdf" => Ok(Format::Pdf),
        "" => Err(Error::Unsupported {
            extension: "none".into(),
        }),
        _ => Err(Error::Unsupported { extension: ext }),
    }
}

/// Read one document from its bytes.
///
/// # Errors
/// Empty, binary or undecodable input, or a format that is not supported.
pub fn ingest(bytes: &[u8], format: Format, vocab: &Vocabulary) -> Result<Document, Error> {
    ingest_on(bytes, format, vocab, 1)
}

/// [`ingest`] with the pages of a PDF read by `threads` threads; the
/// document is the same for any number.
///
/// # Errors
/// As [`ingest`].
pub fn ingest_on(
    bytes: &[u8],
    format: Format,
    vocab: &Vocabulary,
    threads: usize,
) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    match format {
        Format::Text => {
            let decoded = decode::decode_text(bytes)?;
            let (raw, pages) = text::blocks(&decoded.text, vocab);
            let mut doc = finish(raw, Format::Text, pages, vocab);
            doc.warnings.splice(0..0, decoded.warnings);
            Ok(doc)
        }
        Format::Html => ingest_html(bytes, vocab.furniture()),
        Format::Pdf => ingest_pdf_on(bytes, vocab.furniture(), threads),
    }
}

/// [`ingest`] for HTML, which needs only the furniture patterns
/// ([`crate::dict::furniture_set`]) of the vocabulary.
///
/// # Errors
/// As [`ingest`].
pub fn ingest_html(bytes: &[u8], furniture: &regex::RegexSet) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let page = html::blocks(bytes)?;
    let raw = labels::split_label_tables(page.blocks);
    let raw = reflow::reflow(raw, furniture, None);
    let mut doc = assemble(raw, Format::Html, None);
    doc.warnings.splice(0..0, page.warnings);
    doc.chrome = page.chrome;
    Ok(doc)
}

/// [`ingest`] for PDF, which needs only the furniture patterns
/// ([`crate::dict::furniture_set`]) of the vocabulary.
///
/// # Errors
/// As [`ingest`].
pub fn ingest_pdf(bytes: &[u8], furniture: &regex::RegexSet) -> Result<Document, Error> {
    ingest_pdf_on(bytes, furniture, 1)
}

/// [`ingest_pdf`] with the pages read by `threads` threads
/// ([`pdf::blocks_on`]).
///
/// # Errors
/// As [`ingest`].
pub fn ingest_pdf_on(
    bytes: &[u8],
    furniture: &regex::RegexSet,
    threads: usize,
) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let (raw, pages, warnings, titles) = pdf::blocks_on(bytes, threads)?;
    let raw = labels::split_label_tables(raw);
    let raw = reflow::reflow(raw, furniture, pages);
    let mut doc = assemble(raw, Format::Pdf, pages);
    doc.warnings.splice(0..0, warnings);
    doc.chrome = titles;
    Ok(doc)
}

/// The steps every format shares after it has produced raw blocks:
/// label layouts read as headings ([`labels`]), furniture, rejoined
/// sentences, then offsets.
pub fn finish(
    raw: Vec<RawBlock>,
    format: Format,
    pages: Option<u32>,
    vocab: &Vocabulary,
) -> Document {
    let raw = labels::split_label_tables(raw);
    let raw = reflow::reflow(raw, vocab.furniture(), pages);
    assemble(raw, format, pages)
}

/// Join blocks into the document text and give each its offsets.
///
/// Blocks are separated by `"\n\n"`, pages by `"\n\u{c}\n"` (one form feed
/// per page boundary, so empty pages, leading and trailing ones too, keep
/// their place: the k-th form-feed-separated part is page k); a table's rows
/// are separated by `"\n"` and its cells by `"\t"`. Tabs and newlines inside
/// a cell or a block are replaced by spaces so that the separators stay
/// unambiguous. Empty blocks are dropped.
pub fn assemble(raw: Vec<RawBlock>, format: Format, pages: Option<u32>) -> Document {
    let mut text = String::new();
    let mut blocks = Vec::with_capacity(raw.len());
    let mut last_page = 1;
    for rb in raw {
        let is_table = rb.kind == BlockKind::Table;
        if is_table
            && rb
                .rows
                .iter()
                .all(|r| r.iter().all(|c| c.trim().is_empty()))
        {
            continue;
        }
        if !is_table && rb.text.trim().is_empty() {
            continue;
        }
        // One form feed per page boundary, empty pages included, so the
        // k-th page of `text` is page k.
        let breaks = rb.page.saturating_sub(last_page);
        if text.is_empty() {
            for _ in 0..breaks {
                text.push_str("\u{c}\n");
            }
        } else if breaks == 0 {
            text.push_str("\n\n");
        } else {
            text.push('\n');
            for _ in 0..breaks {
                text.push_str("\u{c}\n");
            }
        }
        last_page = last_page.max(rb.page);
        let start = text.len();
        let mut rows = Vec::new();
        if is_table {
            for (ri, row) in rb.rows.iter().enumerate() {
                if ri > 0 {
                    text.push('\n');
                }
                let mut cells = Vec::with_capacity(row.len());
                for (ci, cell) in row.iter().enumerate() {
                    if ci > 0 {
                        text.push('\t');
                    }
                    let s = text.len();
                    push_flat(&mut text, cell);
                    cells.push(Cell {
                        span: Span {
                            start: s,
                            end: text.len(),
                        },
                        page: rb.page,
                    });
                }
                rows.push(cells);
            }
        } else {
            push_flat(&mut text, &rb.text);
        }
        // The first block of the chain, so one look-up finds the paragraph.
        let continues = if rb.continues {
            blocks
                .iter()
                .rposition(|b: &Block| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
                .map(|r| blocks[r].continues.unwrap_or(r))
        } else {
            None
        };
        blocks.push(Block {
            continues,
            kind: rb.kind,
            span: Span {
                start,
                end: text.len(),
            },
            page: rb.page,
            style: rb.style,
            rows,
            marker: rb.marker,
            place: rb.place,
        });
    }
    if let Some(total) = pages.filter(|&t| t > last_page && !text.is_empty()) {
        text.push('\n');
        for _ in last_page..total {
            text.push_str("\u{c}\n");
        }
    }
    Document {
        text,
        blocks,
        pages,
        format,
        warnings: Vec::new(),
        chrome: Vec::new(),
    }
}

/// Append `s` trimmed, with every run of white space (tabs, newlines, form
/// feeds, no-break spaces) collapsed to one space. Characters nobody sees
/// are dropped: the soft hyphen (`&shy;` in a web page, a hyphenation
/// point in a text, the hyphen a PDF producer drew at a line end), the zero
/// width space, the word joiner and the byte order mark; a soft hyphen
/// joins its word across a line break right after it ("Veiligheids\u{ad}"
/// / "regio" is "Veiligheidsregio"), so dictionaries and searches see the
/// word whole.
fn push_flat(out: &mut String, s: &str) {
    let mut pending_space = false;
    let mut any = false;
    // After a soft hyphen: joining across the white space that follows,
    // which is a line break.
    let mut soft = false;
    let mut broken = false;
    for ch in s.chars() {
        if matches!(ch, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}') {
            soft = ch == '\u{ad}';
            continue;
        }
        if ch.is_whitespace() || ch.is_control() {
            broken |= soft && ch == '\n';
            pending_space = any;
            continue;
        }
        if pending_space && !broken {
            out.push(' ');
        }
        pending_space = false;
        out.push(ch);
        any = true;
        soft = false;
        broken = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_dropped_and_a_soft_hyphen_joins_its_word() {
        let raw = vec![
            RawBlock::new(BlockKind::Heading, "Jeugd\u{ad}hulp", 1),
            RawBlock::new(
                BlockKind::Paragraph,
                "samen met de Veiligheids\u{ad}\nregio en de\u{200b}GGD,\u{feff} zo\u{ad} snel",
                1,
            ),
        ];
        let doc = assemble(raw, Format::Text, Some(1));
        assert_eq!(
            doc.text,
            "Jeugdhulp\n\nsamen met de Veiligheidsregio en deGGD, zo snel"
        );
    }

    #[test]
    fn offsets_point_at_block_text() {
        let raw = vec![
            RawBlock::new(BlockKind::Heading, "Inleiding", 1),
            RawBlock::new(BlockKind::Paragraph, "Een  zin\nover twee regels.", 1),
            RawBlock::table(vec![vec!["a) doel".into(), "stand\tvan zaken".into()]], 2),
        ];
        let doc = assemble(raw, Format::Text, Some(2));
        assert_eq!(doc.block_text(&doc.blocks[0]), "Inleiding");
        assert_eq!(doc.block_text(&doc.blocks[1]), "Een zin over twee regels.");
        let cell = &doc.blocks[2].rows[0][1];
        assert_eq!(doc.slice(cell.span), "stand van zaken");
        assert!(doc.text.contains("\u{c}"));
        assert_eq!(doc.page_at(doc.blocks[2].span.start), 2);
    }

    #[test]
    fn every_page_has_its_form_feed_even_when_empty() {
        let raw = vec![
            RawBlock::new(BlockKind::Paragraph, "Op pagina twee.", 2),
            RawBlock::new(BlockKind::Paragraph, "Op pagina vier.", 4),
        ];
        let doc = assemble(raw, Format::Pdf, Some(5));
        let pages: Vec<&str> = doc.text.split('\u{c}').map(str::trim).collect();
        assert_eq!(pages, ["", "Op pagina twee.", "", "Op pagina vier.", ""]);
        assert_eq!(doc.block_text(&doc.blocks[1]), "Op pagina vier.");
    }
}
