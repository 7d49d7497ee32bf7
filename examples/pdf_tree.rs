//! Debug aid: print the XY-cut region tree and rules of each page, cut
//! with the document's wide line spacing as layout cuts them.
use beleidsmijn::ingest::pdf::{events::Collector, glyphs, guard, page, rules, xycut};

fn show(frags: &[page::Frag], n: &xycut::Node, depth: usize) {
    let pad = "  ".repeat(depth);
    match n {
        xycut::Node::Leaf(idx) => {
            let t: Vec<&str> = idx
                .iter()
                .take(3)
                .map(|&i| frags[i].text.as_str())
                .collect();
            println!("{pad}Leaf({}) {:?}", idx.len(), t);
        }
        xycut::Node::Cols(c) => {
            println!("{pad}Cols");
            c.iter().for_each(|x| show(frags, x, depth + 1));
        }
        xycut::Node::Rows {
            children,
            ruled,
            spacing,
            titled,
        } => {
            println!("{pad}Rows ruled={ruled} spacing={spacing:?} titled={titled}");
            children.iter().for_each(|x| show(frags, x, depth + 1));
        }
    }
}

mod common;

fn main() {
    let (_, bytes) = common::pdf_arg("pdf_tree FILE.pdf [PAGE]");
    let want: Option<u32> = std::env::args().nth(2).and_then(|p| p.parse().ok());
    let Ok(checked) = guard::load(&bytes) else {
        return;
    };
    let mut c = Collector::default();
    if glyphs::replay(&bytes, &checked.pages, checked.needs_filter, &mut c).is_err() {
        return;
    }
    for (p, info) in c.pages.iter_mut().zip(&checked.pages) {
        if let Ok(content) = checked
            .doc
            .get_page_content_with_limit(info.id, guard::MAX_STREAM_BYTES)
        {
            p.rules = rules::rules(&content, info.height);
        }
    }
    // The trees as layout cuts them: again with the document's spacing.
    let trees: Vec<xycut::Node> = c
        .pages
        .iter()
        .map(|p| xycut::cut(&p.frags, &p.rules, None))
        .collect();
    let document = xycut::document_spacing(&trees);
    println!("== document spacing {document:?}");
    for p in &c.pages {
        if want.is_some_and(|w| w != p.number) {
            continue;
        }
        println!("== page {} rules {}", p.number, p.rules.len());
        for r in p.rules.iter().take(40) {
            println!("  rule {:.1},{:.1} - {:.1},{:.1}", r.x0, r.y0, r.x1, r.y1);
        }
        show(&p.frags, &xycut::cut(&p.frags, &p.rules, document), 0);
    }
}
