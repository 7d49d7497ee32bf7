//! Debug aid: print each glyph run of a tagged PDF with the structure role
//! its MCID has in the structure tree (`-` when the run has no MCID, `?`
//! when the tree does not list it).
use beleidsmijn::ingest::pdf::{guard, structure};
mod common;

fn main() {
    let (path, bytes) = common::pdf_arg("pdf_tags FILE.pdf");
    let checked = match guard::load(&bytes) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            std::process::exit(1);
        }
    };
    let ids: Vec<_> = checked.pages.iter().map(|p| p.id).collect();
    let tags = match structure::read(&checked.doc, &ids) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("no structure tree used: {why:?}");
            std::process::exit(1);
        }
    };
    eprintln!("{} tagged (page, MCID) pairs", tags.len());
    let source: std::collections::HashMap<u32, u32> = checked
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source_number, i as u32 + 1))
        .collect();
    match pdf_inspector::extractor::extract_text_with_positions_mem(&bytes) {
        Ok(items) => {
            for it in items {
                let Some(&page) = source.get(&it.page) else {
                    continue;
                };
                let role = match it.mcid {
                    None => "-".to_string(),
                    Some(m) => tags
                        .role(page, m)
                        .map_or("?".to_string(), |r| format!("{r:?}")),
                };
                println!(
                    "p{page} mc={:?} {role} fs={:.1} b={} {:?}",
                    it.mcid, it.font_size, it.is_bold as u8, it.text
                );
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
