//! Debug aid: print pdf-inspector's positioned runs of a PDF, one per line.
mod common;

fn main() {
    let (_, bytes) = common::pdf_arg("pdf_items FILE.pdf");
    match pdf_inspector::extractor::extract_text_with_positions_mem(&bytes) {
        Ok(items) => {
            for it in items {
                println!(
                    "p{} x={:.1} y={:.1} w={:.1} h={:.1} fs={:.1} b={} {:?} mc={:?} c={:?} t={:?}",
                    it.page,
                    it.x,
                    it.y,
                    it.width,
                    it.height,
                    it.font_size,
                    it.is_bold as u8,
                    it.font,
                    it.mcid,
                    it.fill_color,
                    it.text
                );
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
