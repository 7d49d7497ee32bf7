use beleidsmijn::extract::entities::{extract, EntityVocabulary};
use beleidsmijn::{
    dict::{Sources, Vocabulary},
    ingest,
    model::Format,
};
fn main() {
    let sources = Sources::load(None).unwrap();
    let ev = EntityVocabulary::build(&sources).unwrap();
    let vocab = Vocabulary::build(sources).unwrap();
    let kinds: Vec<String> = std::env::var("KINDS")
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    for p in std::env::args().skip(1) {
        let doc = ingest::ingest(&std::fs::read(&p).unwrap(), Format::Text, &vocab).unwrap();
        for e in extract(&doc, &[], &[], &ev) {
            if kinds.is_empty() || kinds.contains(&e.kind) {
                println!(
                    "{:<12} {:<40} canon={:?} val={} class={:?} {}",
                    e.kind,
                    e.text,
                    e.canonical,
                    e.value,
                    e.class,
                    serde_json::Value::Object(e.extra.clone())
                );
            }
        }
    }
}
