//! Issue 20, part 5: safe output files and honest inputs, through the real
//! binary. Files named as council systems serve them are read by their
//! content; an office file gets a record that names it; what a folder walk
//! leaves out is counted; `-o` is written whole or left as `.partial`, and
//! never onto an input.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use util::{interrupt_and_wait, records, run, stderr};

/// A folder as a download from a council system: a PDF named
/// `download.ashx`, an HTML page named `1234567`, a PDF whose extension is
/// upper case, a Word file, a README and a JSON file.
fn download_folder() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let Ok(pdf) = std::fs::read(lo_pdf()) else {
        eprintln!("skip: no {}", lo_pdf().display());
        return None;
    };
    std::fs::write(d.join("download.ashx"), &pdf).unwrap();
    std::fs::write(d.join("B.PDF"), &pdf).unwrap();
    std::fs::write(
        d.join("1234567"),
        "<!DOCTYPE html><html><body><h1>Besluitenlijst</h1>\
         <p>De pilot Buurtkracht is in 2023 afgerond.</p></body></html>",
    )
    .unwrap();
    // A .docx is a ZIP whose central directory names word/document.xml.
    let mut docx = b"PK\x03\x04\x14\0\0\0\0\0[Content_Types].xml<Types/>".to_vec();
    docx.extend_from_slice(b"PK\x01\x02\x14\0word/document.xml");
    std::fs::write(d.join("verslag.docx"), docx).unwrap();
    std::fs::write(d.join("README.md"), "# Over deze map\n").unwrap();
    std::fs::write(d.join("meta.json"), "{}\n").unwrap();
    Some(dir)
}

/// A two-page LibreOffice PDF of the corpus.
fn lo_pdf() -> std::path::PathBuf {
    util::shared().join("corpus/pdf/000_lo.pdf")
}

#[test]
fn files_are_read_by_their_content_and_the_rest_is_counted() {
    let Some(dir) = download_folder() else {
        return;
    };
    let o = run(&["extract", dir.path().to_str().unwrap(), "-v"]);
    let recs = records(&o);
    let by_name = |n: &str| {
        recs.iter()
            .find(|r| r["source"]["path"].as_str().unwrap().ends_with(n))
            .unwrap_or_else(|| panic!("no record for {n}: {}", stderr(&o)))
    };
    assert_eq!(by_name("download.ashx")["source"]["format"], "pdf");
    assert_eq!(by_name("B.PDF")["source"]["format"], "pdf");
    assert_eq!(by_name("1234567")["source"]["format"], "html");
    assert_eq!(
        by_name("1234567")["sections"][0]["heading"],
        "Besluitenlijst"
    );
    let word = &by_name("verslag.docx")["error"];
    assert_eq!(word["kind"], "unsupported_format");
    assert!(word["message"]
        .as_str()
        .unwrap()
        .contains("Word document (.docx)"));
    assert_eq!(recs.len(), 4, "README.md and meta.json are no documents");
    let err = stderr(&o);
    assert!(err.contains("1 errors, 2 skipped"), "{err}");
    assert!(
        err.contains("skipped: ") && err.contains("README.md"),
        "{err}"
    );
    assert!(
        err.contains("meta.json: not a PDF, HTML or text file"),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(1), "the Word file failed");

    // --glob ignores case, as the walk's extensions do.
    let o = run(&[
        "extract",
        dir.path().to_str().unwrap(),
        "--glob",
        "*.pdf",
        "-q",
    ]);
    let recs = records(&o);
    assert_eq!(recs.len(), 1);
    assert!(recs[0]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("B.PDF"));
    // -q: nothing on stderr but errors (there are none here).
    assert_eq!(stderr(&o), "");
}

#[test]
fn standard_input_is_a_document() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beleidsmijn"))
        .args(["extract", "-", "-q"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Raadsvoorstel\n\nDe pilot Buurtkracht is in 2023 gestart.\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let recs = records(&o);
    assert_eq!(recs[0]["source"]["path"], "-");
    assert_eq!(recs[0]["source"]["format"], "text");
    assert!(recs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["type"] == "pilot"));
    // Standard input is read once.
    let o = run(&["extract", "-", "--files-from", "-"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.jsonl");
    let o = run(&[
        "extract",
        "fixtures/seeds",
        "-q",
        "-o",
        copy.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(&copy).unwrap();
    assert!(!dir.path().join("copy.jsonl.partial").exists());
    let c = copy.to_str().unwrap();
    let o = run(&["extract", c, "--format", "csv", "-o", c]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("also an input"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        before,
        "the input is untouched"
    );
    let o = run(&["compare", c, "-o", c]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

/// SIGINT while a document is being read: the run stops at once with the
/// summary so far, exit 130, and leaves `out.jsonl.partial`, never an
/// `out.jsonl` that looks complete.
#[test]
fn an_interrupted_run_leaves_only_a_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let Some(partials) = interrupt(dir.path(), &[], &out, &["out.jsonl"]) else {
        return;
    };
    assert_eq!(partials[0].lines().count(), 1, "a.txt only");
}

/// The same for `--table all -o DIR`: every table is left as
/// `NAME.csv.partial` (header and a.txt's rows), none complete, and no
/// `load.sql` points at them.
#[test]
fn an_interrupted_run_leaves_every_table_partial() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    let names = [
        "documents.csv",
        "sections.csv",
        "items.csv",
        "entities.csv",
        "claims.csv",
    ];
    let args = ["--format", "csv", "--table", "all"];
    let Some(partials) = interrupt(dir.path(), &args, &out, &names) else {
        return;
    };
    assert_eq!(partials[0].lines().count(), 2, "header and a.txt's row");
    assert!(partials[4].starts_with("doc_id,path,path_bytes,entity,"));
    assert!(!out.join("load.sql").exists());
}

/// Run `extract ARGS -o OUT` on three documents, the second of which
/// hangs, and send SIGINT once the first is written; check what the run
/// says and that no file of `names` (in OUT when it is a folder, else
/// OUT itself) is complete. Returns the partial files' text, or `None`
/// when the test cannot run here.
fn interrupt(dir: &Path, args: &[&str], out: &Path, names: &[&str]) -> Option<Vec<String>> {
    if !cfg!(debug_assertions) {
        eprintln!("skip: the hang hook is in debug builds only");
        return None;
    }
    let docs = dir.join("docs");
    std::fs::create_dir(&docs).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(
            docs.join(name),
            "De pilot Buurtkracht is in 2023 gestart.\n",
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_beleidsmijn"))
        .args(["extract", "-j1", "--timeout", "0"])
        .args(args)
        .arg("-o")
        .arg(out)
        .arg(&docs)
        .env("BELEIDSMIJN_TEST_HANG_ON", "b.txt")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let place = |name: &str| {
        if names.len() > 1 {
            out.join(name)
        } else {
            out.with_file_name(name)
        }
    };
    let partial = |name: &str| place(&format!("{name}.partial"));
    let first = partial(names[0]);
    let t0 = Instant::now();
    // a.txt's record reaches the partial file as soon as it is written
    // (a table's header comes first: wait for a second line).
    while std::fs::read_to_string(&first).map_or(true, |t| t.lines().count() < names.len().min(2)) {
        if t0.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("a.txt never written");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let o = interrupt_and_wait(child)?;
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("summary: 1 documents"), "{err}");
    assert!(err.contains("interrupted: 1 records written"), "{err}");
    Some(
        names
            .iter()
            .map(|n| {
                assert!(!place(n).exists(), "an interrupted run wrote {n}");
                let p = partial(n);
                assert!(err.contains(&p.display().to_string()), "{err}");
                std::fs::read_to_string(&p).unwrap()
            })
            .collect(),
    )
}

#[test]
fn text_prints_one_page() {
    let pdf = lo_pdf();
    if !Path::new(&pdf).exists() {
        eprintln!("skip: no {}", pdf.display());
        return;
    }
    let p = pdf.to_str().unwrap();
    let whole = String::from_utf8(run(&["text", p]).stdout).unwrap();
    let two = String::from_utf8(run(&["text", "--page", "2", p]).stdout).unwrap();
    let page2 = two.trim_end();
    assert!(!page2.is_empty() && page2.len() < whole.len());
    assert!(whole.contains(page2), "page 2 is a slice of the whole text");
    let o = run(&["text", "--page", "99", p]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("page 99 has no text"));
}
