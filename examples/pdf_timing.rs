//! Debug aid: time the stages of PDF ingest on one file.
use beleidsmijn::ingest::pdf::{events, glyphs, guard, layout, rules};
use std::time::Instant;

mod common;

fn main() {
    let (_, bytes) = common::pdf_arg("pdf_timing FILE.pdf");
    let t = Instant::now();
    let Ok(checked) = guard::load(&bytes) else {
        return;
    };
    let t_load = t.elapsed();
    let t = Instant::now();
    let mut c = events::Collector::default();
    let _ = glyphs::replay(&bytes, &checked.pages, checked.needs_filter, &mut c);
    let t_glyphs = t.elapsed();
    let t = Instant::now();
    let mut contents = Vec::new();
    for info in &checked.pages {
        contents.push(
            checked
                .doc
                .get_page_content_with_limit(info.id, guard::MAX_STREAM_BYTES)
                .unwrap_or_default(),
        );
    }
    let t_content = t.elapsed();
    let t = Instant::now();
    for (p, (info, content)) in c.pages.iter_mut().zip(checked.pages.iter().zip(&contents)) {
        p.rules = rules::rules(content, info.height);
    }
    let t_rules = t.elapsed();
    let t = Instant::now();
    let mut n = 0;
    for p in &c.pages {
        n += layout::page_blocks(p).len();
    }
    let t_layout = t.elapsed();
    println!("load {t_load:?} glyphs {t_glyphs:?} content {t_content:?} rules {t_rules:?} layout {t_layout:?} blocks {n}");
}
