//! Print a PDF's document text as `beleidsmijn text` will (form feed
//! between pages), or with `--body` without furniture, or with `--score
//! TRUE.txt` the similarity of the body text to a true text. Used by
//! `bench/pdf.sh` for the whole-process timing against pdftotext.
use beleidsmijn::dict::{parse_tsv, Vocabulary};
use beleidsmijn::ingest::{assemble, ingest, pdf, pdf::score, reflow};
use beleidsmijn::model::{Document, Format};
use std::io::Write;

/// `beleidsmijn text` needs only the furniture patterns; building the whole
/// vocabulary (heading and doc-type regexes) costs 25-45 ms per process.
fn lean(bytes: &[u8]) -> Result<Document, String> {
    let rows = parse_tsv(
        "furniture.tsv",
        include_str!("../dictionaries/furniture.tsv"),
    )
    .map_err(|e| e.to_string())?;
    let pats: Vec<&str> = rows.iter().map(|r| r.get("pattern")).collect();
    let set = regex::RegexSet::new(pats).map_err(|e| e.to_string())?;
    let (raw, pages, warnings, _) =
        pdf::blocks(bytes).map_err(|e| format!("{e} ({})", e.kind()))?;
    let mut doc = assemble(reflow::reflow(raw, &set, pages), Format::Pdf, pages);
    doc.warnings = warnings;
    Ok(doc)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args
        .iter()
        .find(|a| !a.starts_with("--") && !a.ends_with(".txt"))
    else {
        eprintln!("usage: pdftext [--full] [--body|--blocks|--score TRUE.txt] FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(2);
        }
    };
    let result = if args.iter().any(|a| a == "--full") {
        Vocabulary::builtin()
            .map_err(|e| e.to_string())
            .and_then(|v| {
                ingest(&bytes, Format::Pdf, &v).map_err(|e| format!("{e} ({})", e.kind()))
            })
    } else {
        lean(&bytes)
    };
    let doc = match result {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(1);
        }
    };
    for w in &doc.warnings {
        eprintln!("warning: {path}: {w}");
    }
    let mut out = std::io::stdout().lock();
    let text = if args.iter().any(|a| a == "--body" || a == "--score") {
        score::body_text(&doc)
    } else {
        doc.text.clone()
    };
    if args.iter().any(|a| a == "--blocks") {
        for b in &doc.blocks {
            let _ = writeln!(
                out,
                "[p{} {:?} {:?} lvl={:?}] {}",
                b.page,
                b.kind,
                b.style.font_size,
                b.style.level,
                doc.block_text(b).replace('\n', " | ")
            );
        }
        return;
    }
    if let Some(pos) = args.iter().position(|a| a == "--score") {
        let Some(truth) = args
            .get(pos + 1)
            .and_then(|p| std::fs::read_to_string(p).ok())
        else {
            eprintln!("error: --score needs a readable TRUE.txt");
            std::process::exit(2);
        };
        let _ = writeln!(out, "{:.4}", score::similarity(&truth, &text));
        return;
    }
    let _ = out.write_all(text.as_bytes());
    let _ = out.write_all(b"\n");
}
