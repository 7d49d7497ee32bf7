//! Bench aid: time the layout (XY-cut and blocks, no PDF parsing) on
//! synthetic pages of many runs, the shapes whose rules pair lines across
//! columns: a key-value table, labels beside figures that drift off the
//! label baselines, and a four-column grid of words and figures. Each
//! page is laid out three times; the least time is printed.
//!
//!   cargo run --release --example layout_stress [RUNS...]   # default 20000 100000
use beleidsmijn::ingest::pdf::layout::page_blocks;
use beleidsmijn::ingest::pdf::page::{Frag, Page};
use std::time::{Duration, Instant};

fn run(text: &str, x: f32, y: f32) -> Frag {
    Frag {
        text: text.to_string(),
        x0: x,
        x1: x + 5.0 * text.chars().count() as f32,
        y,
        size: 10.0,
        bold: false,
        mcid: None,
        role: None,
        color: None,
        italic: false,
    }
}

/// `rows` lines 12 pt apart, each with the cells of `cells(k)` at their x.
fn page(rows: usize, cells: impl Fn(usize) -> Vec<(String, f32, f32)>) -> Page {
    let frags: Vec<Frag> = (0..rows)
        .flat_map(|k| {
            let y = 100.0 + 12.0 * k as f32;
            cells(k)
                .into_iter()
                .map(move |(t, x, dy)| run(&t, x, y + dy))
        })
        .collect();
    Page::a4(frags)
}

fn least(page: &Page) -> (Duration, usize) {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let n = page_blocks(page).len();
            (t.elapsed(), n)
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![20_000, 100_000]
    } else {
        sizes
    };
    for runs in sizes {
        let shapes: [(&str, Page); 3] = [
            (
                "key-value table",
                page(runs / 2, |_| {
                    vec![
                        ("Sleutel".into(), 50.0, 0.0),
                        (
                            "Een waarde die ruim langer is dan de sleutel".into(),
                            130.0,
                            0.0,
                        ),
                    ]
                }),
            ),
            (
                "labels beside drifting figures",
                page(runs / 2, |k| {
                    vec![
                        (format!("Label {k}"), 50.0, 0.0),
                        (format!("{}", 1000 + k), 300.0, (k % 7) as f32 * 0.3),
                    ]
                }),
            ),
            (
                "four-column grid",
                page(runs / 4, |_| {
                    vec![
                        ("Naam van indicator".into(), 50.0, 0.0),
                        ("Eenheid".into(), 200.0, 0.0),
                        ("12,5".into(), 300.0, 0.0),
                        ("Bron".into(), 350.0, 0.0),
                    ]
                }),
            ),
        ];
        for (name, p) in shapes {
            let (t, blocks) = least(&p);
            println!(
                "{runs:>7} runs  {name:<31} {:>9.1} ms  ({blocks} blocks)",
                t.as_secs_f64() * 1e3
            );
        }
    }
}
