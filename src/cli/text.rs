//! `text`: the normalised text (or the blocks) that output offsets index.

use super::{TextArgs, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{Context, Result};
use beleidsmijn::dict::{furniture_set, Sources, Vocabulary};
use beleidsmijn::ingest;
use beleidsmijn::model::Format;
use beleidsmijn::pipeline::{read_bounded, DEFAULT_MAX_BYTES};
use std::io::{BufWriter, Write};

/// `text`.
///
/// Only ingest runs, so only its dictionaries are read and compiled: the
/// furniture patterns for HTML and PDF (`furniture.tsv` alone is parsed),
/// the vocabulary for text (its heading rules decide blocks). Segmenting and the entity automata are left out; they
/// cost ~20 ms per process and `text` prints none of their output.
///
/// # Errors
/// An unreadable dictionary or output that cannot be written.
pub fn text(args: TextArgs) -> Result<i32> {
    let read = read_bounded(&args.file, DEFAULT_MAX_BYTES).and_then(|bytes| {
        ingest::sniff::format_for(&args.file, &bytes).map(|format| (format, bytes))
    });
    let dict = args.dict.as_deref();
    let result = match read {
        Err(e) => Err(e),
        Ok((Format::Text, bytes)) => {
            let sources = Sources::load(dict).context("loading dictionaries")?;
            let vocab = Vocabulary::build(sources).context("loading dictionaries")?;
            ingest::ingest(&bytes, Format::Text, &vocab)
        }
        Ok((format, bytes)) => {
            let sources = Sources::load_files(dict, |name| name == "furniture.tsv")
                .context("loading dictionaries")?;
            let furniture = furniture_set(&sources).context("loading dictionaries")?;
            match format {
                Format::Html => ingest::ingest_html(&bytes, &furniture),
                _ => ingest::ingest_pdf(&bytes, &furniture),
            }
        }
    };
    let doc = match result {
        Ok(d) => d,
        Err(e) => {
            super::diag(format_args!(
                "error: {}: {e} ({})",
                args.file.display(),
                e.kind()
            ));
            return Ok(EXIT_SOME_FAILED);
        }
    };
    for w in &doc.warnings {
        super::diag(format_args!("warning: {}: {w}", args.file.display()));
    }
    let on_page = |b: &&beleidsmijn::model::Block| args.page.is_none_or(|p| b.page == p);
    // The page's text: from its first block to its last, offsets intact
    // (they index the whole document's text).
    let span = match args.page {
        None => 0..doc.text.len(),
        Some(p) => {
            let mut blocks = doc.blocks.iter().filter(on_page);
            match (blocks.next(), blocks.next_back()) {
                (Some(first), last) => first.span.start..last.unwrap_or(first).span.end,
                (None, _) => {
                    super::diag(format_args!(
                        "error: {}: page {p} has no text (the document has {} pages)",
                        args.file.display(),
                        doc.pages.unwrap_or(1)
                    ));
                    return Ok(EXIT_SOME_FAILED);
                }
            }
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let doc = &doc;
    let res = if args.blocks {
        (|| -> std::io::Result<()> {
            for b in doc.blocks.iter().filter(on_page) {
                let mut style = String::new();
                if let Some(t) = &b.style.tag {
                    style.push_str(&format!(" tag={t}"));
                }
                if let Some(l) = b.style.level {
                    style.push_str(&format!(" level={l}"));
                }
                if let Some(s) = b.style.font_size {
                    style.push_str(&format!(" size={s:.1}"));
                }
                if b.style.bold == Some(true) {
                    style.push_str(" bold");
                }
                let text: String = doc.block_text(b).chars().take(100).collect();
                writeln!(
                    out,
                    "p{:<3} {:>7}..{:<7} {:<10}{} {:?}",
                    b.page,
                    b.span.start,
                    b.span.end,
                    format!("{:?}", b.kind).to_lowercase(),
                    style,
                    text.replace('\n', " ")
                )?;
                for row in &b.rows {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| {
                            format!(
                                "{:?}",
                                doc.slice(c.span).chars().take(40).collect::<String>()
                            )
                        })
                        .collect();
                    writeln!(out, "{:>24}| {}", "", cells.join(" | "))?;
                }
            }
            out.flush()
        })()
    } else {
        out.write_all(doc.text.get(span).unwrap_or_default().as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush())
    };
    match res {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing output"),
        _ => Ok(EXIT_OK),
    }
}
