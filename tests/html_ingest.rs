//! HTML ingest on the corpus: the seed documents rendered as municipal web
//! pages (`../shared/corpus/html`, gold in `../shared/gold`), the real agenda
//! pages and the hostile HTML files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

use beleidsmijn::dict::Vocabulary;
use beleidsmijn::ingest::{self, Error};
use beleidsmijn::model::{BlockKind, Document, Format};
use std::path::{Path, PathBuf};

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel)
}

fn ingest_file(path: &Path) -> Result<Document, Error> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let vocab = Vocabulary::builtin().expect("builtin vocabulary");
    ingest::ingest(&bytes, Format::Html, &vocab)
}

/// Lower case, white space collapsed (the gold README's matching rule,
/// without NFC: corpus and output are both NFC already).
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn gold(seed: &str) -> serde_json::Value {
    let dir = shared("gold");
    let entry = std::fs::read_dir(&dir)
        .expect("gold dir")
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{seed}_"))
        })
        .unwrap_or_else(|| panic!("no gold for {seed}"));
    serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("gold file"))
        .expect("gold json")
}

fn texts_of(doc: &Document, kind: BlockKind) -> Vec<String> {
    doc.blocks
        .iter()
        .filter(|b| b.kind == kind)
        .map(|b| norm(doc.block_text(b)))
        .collect()
}

fn tables(doc: &Document) -> Vec<Vec<Vec<String>>> {
    doc.blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Table)
        .map(|b| {
            b.rows
                .iter()
                .map(|r| r.iter().map(|c| doc.slice(c.span).to_string()).collect())
                .collect()
        })
        .collect()
}

const SEEDS: [(&str, &str); 5] = [
    ("000", "000.html"),
    ("001", "001.html"),
    ("002", "002_windows-1252.html"),
    ("003", "003.html"),
    ("004", "004.html"),
];

#[test]
fn gold_headings_are_heading_blocks() {
    for (seed, file) in SEEDS {
        let doc = ingest_file(&shared("corpus/html").join(file)).expect(file);
        let headings = texts_of(&doc, BlockKind::Heading);
        let gold = gold(seed);
        let want: Vec<String> = gold["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .map(|s| norm(s["heading"].as_str().expect("heading")))
            .collect();
        assert!(!want.is_empty(), "{file}: gold has no sections");
        // Same headings, same order: the HTML headings are the sections.
        assert_eq!(headings, want, "{file}");
    }
}

/// Words of the page against the words of the text version beside it: the
/// page must add no site chrome and lose no text.
#[test]
fn text_matches_the_text_version() {
    for (_, file) in SEEDS {
        let path = shared("corpus/html").join(file);
        let doc = ingest_file(&path).expect(file);
        let txt = std::fs::read_to_string(path.with_extension("txt")).expect("txt beside html");
        let words = |s: &str| {
            let mut w: Vec<String> = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().any(char::is_alphabetic))
                .map(str::to_lowercase)
                .collect();
            w.sort();
            w
        };
        let (got, want) = (words(&doc.text), words(&txt));
        let common = {
            let (mut i, mut j, mut n) = (0, 0, 0);
            while i < got.len() && j < want.len() {
                match got[i].cmp(&want[j]) {
                    std::cmp::Ordering::Equal => {
                        n += 1;
                        i += 1;
                        j += 1;
                    }
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                }
            }
            n
        };
        let recall = common as f64 / want.len() as f64;
        let precision = common as f64 / got.len() as f64;
        eprintln!("{file}: word recall {recall:.4}, precision {precision:.4}");
        assert!(
            recall > 0.995 && precision > 0.995,
            "{file}: recall {recall:.4}, precision {precision:.4}"
        );
        for chrome in [
            "cookies",
            "Direct naar de inhoud",
            "gtag",
            "Postbus 1000",
            "Op deze pagina",
            "Kruimelpad",
            "JavaScript",
        ] {
            assert!(
                !doc.text.contains(chrome),
                "{file}: site chrome {chrome:?} in the text"
            );
        }
    }
}

#[test]
fn raadsmededeling_header_is_a_key_value_table() {
    let doc = ingest_file(&shared("corpus/html/001.html")).expect("001");
    let t = tables(&doc);
    assert_eq!(t.len(), 1);
    let keys: Vec<&str> = t[0].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        keys,
        [
            "Van",
            "Aan",
            "Datum B&W vergadering",
            "Zaaknummer",
            "Portefeuillehouder",
            "Onderwerp"
        ]
    );
    let meta = &gold("001")["metadata"];
    assert_eq!(t[0][0][1], meta["from"].as_str().expect("from"));
    assert_eq!(
        t[0][3][1],
        meta["case_number"].as_str().expect("case_number")
    );
    assert_eq!(t[0][5][1], meta["subject"].as_str().expect("subject"));
    // The table opens the document, before the first heading.
    assert_eq!(doc.blocks[0].kind, BlockKind::Table);
}

#[test]
fn raadsmededeling_footnotes_are_footnote_blocks() {
    let doc = ingest_file(&shared("corpus/html/001.html")).expect("001");
    let notes: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Footnote)
        .collect();
    let markers: Vec<&str> = notes.iter().filter_map(|b| b.marker.as_deref()).collect();
    assert_eq!(markers, ["1", "2", "3"]);
    let gold = gold("001");
    for want in gold["footnotes"].as_array().expect("footnotes") {
        let want = norm(want.as_str().expect("footnote"));
        assert!(
            notes
                .iter()
                .any(|b| norm(doc.block_text(b)).contains(&want)),
            "footnote {want:?} not a footnote block"
        );
    }
    // The reference markers are gone from the running text.
    assert!(doc.text.contains("(M22-88 van 30 november 2022).\n"));
    assert!(doc.text.contains("Gooise Meren'. Dit werkprogramma"));
}

#[test]
fn actielijn_tables_hold_the_gold_items() {
    let doc = ingest_file(&shared("corpus/html/003.html")).expect("003");
    let t = tables(&doc);
    assert_eq!(t.len(), 4, "one table per actielijn");
    for table in &t {
        assert_eq!(
            table[0],
            [
                "Waar zetten we op in.",
                "Lokale uitvoering en Stand van zaken"
            ]
        );
        assert!(table.iter().all(|r| r.len() == 2));
    }
    let gold = gold("003");
    for item in gold["items"].as_array().expect("items") {
        let n = item["actielijn"].as_u64().expect("actielijn") as usize;
        let goal = item["goal_starts"].as_str().expect("goal_starts");
        let status = item["status_starts"].as_str().expect("status_starts");
        let table = &t[n - 1];
        assert!(
            table
                .iter()
                .any(|r| r[0].contains(goal) && r[1].starts_with(status)),
            "item {n}{} not a row of table {n}",
            item["label"]
        );
    }
    // 3f continues on a row of its own with an empty status cell.
    assert_eq!(
        t[2].last().expect("row"),
        &["vanuit de lokale toegangsteams toegenomen.", ""]
    );
}

#[test]
fn indicator_table_holds_the_gold_indicators() {
    let doc = ingest_file(&shared("corpus/html/004.html")).expect("004");
    let t = tables(&doc);
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0][0],
        ["", "Nul-", "Reali-", "Doel-", "Doel-", "Doel-", "Doel-", "Details"]
    );
    let gold = gold("004");
    let indicators = gold["indicators"].as_array().expect("indicators");
    assert_eq!(t[0].len(), indicators.len() + 1);
    for (row, ind) in t[0].iter().skip(1).zip(indicators) {
        assert_eq!(row[0], ind["name"].as_str().expect("name"));
        let cells: Vec<&str> = ind["cells"]
            .as_array()
            .expect("cells")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        assert_eq!(&row[1..=cells.len()], cells.as_slice());
    }
}

#[test]
fn windows_1252_page_decodes_by_its_meta_charset() {
    let doc = ingest_file(&shared("corpus/html/002_windows-1252.html")).expect("002");
    assert!(doc.text.contains("heroriëntatie"));
    assert!(doc.text.contains("collega’s"));
    assert!(doc
        .text
        .contains("“Zorg voor Jeugd in Noord en Midden-Drenthe 2021 – 2023”"));
    assert!(!doc.text.contains('\u{FFFD}'));
    // Declared, so no fallback warning.
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn list_items_keep_their_markers() {
    let doc = ingest_file(&shared("corpus/html/000.html")).expect("000");
    let items: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::ListItem)
        .collect();
    let markers: Vec<&str> = items.iter().filter_map(|b| b.marker.as_deref()).collect();
    assert_eq!(markers, ["1.", "2."]);
    assert!(doc.block_text(items[0]).starts_with("Onderzoekstafel:"));
}

#[test]
fn real_agenda_pages_read_without_chrome() {
    let doc = ingest_file(&shared(
        "corpus/real/denhelder_gemeenteraad_2015-08-31_agenda_print.html",
    ))
    .expect("print");
    // The agenda's number | title rows are a layout, not a table: each
    // item is a heading (issue 18), its explanation a paragraph.
    assert!(tables(&doc).is_empty());
    let headings = texts_of(&doc, BlockKind::Heading);
    assert!(headings.iter().any(|h| h == "1 opening."), "{headings:?}");
    for chrome in ["Hoofdmenu", "Disclaimer", "Terug naar boven"] {
        assert!(
            !doc.text.contains(chrome),
            "site chrome {chrome:?} in the text"
        );
    }
    for file in [
        "denhelder_gemeenteraad_2015-08-31_agenda.html",
        "denhelder_commissie_bm_2015-10-05_agenda.html",
    ] {
        let doc = ingest_file(&shared("corpus/real").join(file)).expect(file);
        let headings = texts_of(&doc, BlockKind::Heading);
        assert!(
            headings.iter().any(|h| h == "agenda"),
            "{file}: {headings:?}"
        );
        assert!(!doc.text.contains("jwplayer"), "{file}: script text");
        // The page tools and their legend of document types.
        for tool in [
            "Print deze agenda",
            "Download alle documenten",
            "Documentsoorten",
        ] {
            assert!(!doc.text.contains(tool), "{file}: page tool {tool:?}");
        }
    }
}

/// The committee page names its municipality only in the site's logo,
/// address and footer: the text leaves them out, the municipality comes
/// from them.
#[test]
fn real_agenda_page_takes_its_municipality_from_the_site_chrome() {
    let path = shared("corpus/real/denhelder_commissie_bm_2015-10-05_agenda.html");
    let engine = beleidsmijn::pipeline::Engine::new(None).unwrap();
    let a = engine.analyse_path(&path).map_err(|e| e.1).expect("page");
    assert!(!a.doc.text.contains("Gemeente Den Helder"));
    assert!(a
        .doc
        .chrome
        .iter()
        .any(|c| c.contains("Gemeente Den Helder")));
    let m = serde_json::to_value(&a.record).unwrap()["municipality"].clone();
    assert_eq!(m["code"], "GM0400", "{m}");
}

#[test]
fn hostile_random_bytes_is_binary() {
    let err = ingest_file(&shared("corpus/hostile/random_bytes.html")).expect_err("random bytes");
    assert_eq!(err.kind(), "binary", "{err}");
}

/// 50,000 nested divs: an error record, no stack overflow, also on a
/// 2 MiB stack (a rayon worker's default).
#[test]
fn hostile_deep_nesting_is_refused_on_a_small_stack() {
    let path = shared("corpus/hostile/deep_nesting.html");
    let result = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || ingest_file(&path).map(|d| d.blocks.len()))
        .expect("spawn")
        .join()
        .expect("no panic");
    match result {
        Err(Error::Limit(msg)) => assert!(msg.starts_with("nesting too deep"), "{msg}"),
        other => panic!("expected 'nesting too deep', got {other:?}"),
    }
}

#[test]
fn empty_html_is_an_error() {
    let vocab = Vocabulary::builtin().expect("vocab");
    assert!(matches!(
        ingest::ingest(b"", Format::Html, &vocab),
        Err(Error::Empty)
    ));
    let doc = ingest::ingest(
        b"<html><body><script>x()</script></body></html>",
        Format::Html,
        &vocab,
    )
    .expect("no text");
    assert!(doc.blocks.is_empty());
    assert_eq!(doc.warnings, ["no text found in the HTML body"]);
}

#[test]
fn soft_hyphens_are_invisible() {
    // Long Dutch compounds in web pages often carry `&shy;` break points;
    // the text must hold the word whole, as a browser shows it.
    let page = "<html><body><h1>Jeugd&shy;hulp</h1><p>Samen met de \
                Veiligheids&shy;regio Drenthe en de GGD&#173;.</p></body></html>";
    let vocab = Vocabulary::builtin().expect("builtin vocabulary");
    let doc = ingest::ingest(page.as_bytes(), Format::Html, &vocab).expect("page");
    assert_eq!(
        doc.text,
        "Jeugdhulp\n\nSamen met de Veiligheidsregio Drenthe en de GGD."
    );
}
