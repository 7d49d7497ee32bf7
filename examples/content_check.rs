//! Debug aid: the byte-level content decoder of the vendored pdf-inspector
//! (`extractor::content_lexer`, PATCHED.md fix 9) against lopdf's
//! `Content::decode`, on every page's content and every form XObject of
//! the PDFs given.
//!
//!   cargo run --release --example content_check -- ../shared/corpus/{pdf,real,wild}/*.pdf
//!
//! Prints one line per file with a difference, then the counts: streams
//! the fast decoder answered for (each must equal lopdf's operations),
//! streams it left to lopdf (lopdf decodes them, or fails on them), and
//! the time each decoder took over the answered streams. Exits with 1 on
//! any difference.
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, Stream};
use pdf_inspector::extractor::content_lexer;
use std::time::{Duration, Instant};

/// lopdf's equality, reals bit for bit, dictionaries in key order.
fn same_object(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Real(x), Object::Real(y)) => x.to_bits() == y.to_bits(),
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_object(x, y))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => same_dict(x, y),
        (Object::Stream(x), Object::Stream(y)) => same_stream(x, y),
        _ => a == b,
    }
}

fn same_dict(x: &Dictionary, y: &Dictionary) -> bool {
    x.len() == y.len()
        && x.iter()
            .zip(y.iter())
            .all(|((ka, va), (kb, vb))| ka == kb && same_object(va, vb))
}

fn same_stream(x: &Stream, y: &Stream) -> bool {
    same_dict(&x.dict, &y.dict)
        && x.content == y.content
        && x.allows_compression == y.allows_compression
        && x.start_position == y.start_position
}

fn same_operations(a: &[Operation], b: &[Operation]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.operator == y.operator
                && x.operands.len() == y.operands.len()
                && x.operands
                    .iter()
                    .zip(&y.operands)
                    .all(|(p, q)| same_object(p, q))
        })
}

#[derive(Default)]
struct Counts {
    streams: usize,
    answered: usize,
    operations: usize,
    left_lopdf_ok: usize,
    left_lopdf_err: usize,
    differ: usize,
    fast: Duration,
    lopdf: Duration,
}

impl Counts {
    fn check(&mut self, path: &str, what: &str, data: &[u8]) {
        self.streams += 1;
        let t = Instant::now();
        let ours = content_lexer::decode(data);
        let t_ours = t.elapsed();
        let t = Instant::now();
        let theirs = std::panic::catch_unwind(|| Content::decode(data).ok())
            .ok()
            .flatten();
        let t_theirs = t.elapsed();
        match (ours, theirs) {
            (Some(ours), Some(theirs)) if same_operations(&ours.operations, &theirs.operations) => {
                self.answered += 1;
                self.operations += ours.operations.len();
                self.fast += t_ours;
                self.lopdf += t_theirs;
            }
            (Some(_), _) => {
                self.differ += 1;
                println!("DIFFERS {path} {what}");
            }
            (None, Some(_)) => self.left_lopdf_ok += 1,
            (None, None) => self.left_lopdf_err += 1,
        }
    }
}

fn main() {
    let mut counts = Counts::default();
    let mut files = 0;
    for path in std::env::args().skip(1) {
        let Ok(doc) = Document::load(&path) else {
            println!("not loaded: {path}");
            continue;
        };
        files += 1;
        for (number, id) in doc.get_pages() {
            let content = doc.get_page_content(id);
            counts.check(&path, &format!("page {number}"), &content);
        }
        for (id, object) in &doc.objects {
            let Object::Stream(stream) = object else {
                continue;
            };
            if stream.dict.get(b"Subtype").ok() != Some(&Object::Name(b"Form".to_vec())) {
                continue;
            }
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            counts.check(&path, &format!("form {} {}", id.0, id.1), &data);
        }
    }
    let c = &counts;
    println!(
        "{files} files, {} streams: {} decoded by the fast decoder and equal to lopdf \
         ({} operations), {} left to lopdf (lopdf decodes {}, fails on {}), {} differ",
        c.streams,
        c.answered,
        c.operations,
        c.left_lopdf_ok + c.left_lopdf_err,
        c.left_lopdf_ok,
        c.left_lopdf_err,
        c.differ
    );
    println!(
        "time over the streams both decoded: fast {:?}, lopdf {:?} ({:.1}x)",
        c.fast,
        c.lopdf,
        c.lopdf.as_secs_f64() / c.fast.as_secs_f64().max(1e-9)
    );
    if c.differ > 0 {
        std::process::exit(1);
    }
}
