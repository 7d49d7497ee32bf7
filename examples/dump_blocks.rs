use beleidsmijn::{dict::Vocabulary, ingest, model::Format};
fn main() {
    let vocab = Vocabulary::builtin().unwrap();
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap();
        let doc = ingest::ingest(&bytes, Format::Text, &vocab).unwrap();
        for b in &doc.blocks {
            println!("[{:?} p{} {}..{}] {:?}", b.kind, b.page, b.span.start, b.span.end, &doc.text[b.span.start..b.span.end.min(b.span.start+150).max(b.span.start)].chars().take(150).collect::<String>());
        }
    }
}
