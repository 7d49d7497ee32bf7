//! Debug aid: print pdf-inspector's positioned runs of a PDF, one per line.
use std::env;

fn main() {
    let Some(path) = env::args().nth(1) else {
        eprintln!("usage: pdf_items FILE.pdf");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(2);
        }
    };
    match pdf_inspector::extractor::extract_text_with_positions_mem(&bytes) {
        Ok(items) => {
            for it in items {
                println!(
                    "p{} x={:.1} y={:.1} w={:.1} h={:.1} fs={:.1} b={} {:?} mc={:?} t={:?}",
                    it.page,
                    it.x,
                    it.y,
                    it.width,
                    it.height,
                    it.font_size,
                    it.is_bold as u8,
                    it.font,
                    it.mcid,
                    it.text
                );
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
