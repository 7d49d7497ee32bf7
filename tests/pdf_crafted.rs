//! Crafted PDFs, each built here by a few lines, through the real binary:
//! what a hostile or unusual file does to the text (issue 22, findings 2
//! and 6). Each case failed before its fix.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use util::*;

/// A PDF of `objects` (object 1 first, the catalog) with a classic
/// cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
    s.extend(content);
    s.extend(b"\nendstream");
    s
}

const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

/// A one-page PDF whose page draws `content` with Helvetica as `/F1`
/// (objects: catalog, pages, page, content, font).
fn one_page(content: &[u8]) -> Vec<u8> {
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        stream("", content),
        FONT.as_bytes().to_vec(),
    ])
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// `beleidsmijn ARGS` with its address space limited to `mib` MiB (`ulimit
/// -v`), so an allocation sized by what a file declares fails, and the
/// process aborts, instead of being lazily granted.
fn run_limited(mib: u64, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", mib * 1024))
        .arg(env!("CARGO_BIN_EXE_beleidsmijn"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Issue 22, finding 2: a page tree listing the same child 1,000 times per
/// level, three levels deep, with `/Count 1000000000` (18.9 KB) made
/// lopdf's `get_pages` (through pdf-inspector) reserve 12 GB by the
/// declared count: the process aborted (exit 134) and the batch with it.
/// Now the tree is walked with a visited set and numbered by the kids
/// really listed: the one page is read once, with a warning, at once.
#[test]
fn a_page_tree_bomb_reads_its_one_page_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = page_tree_bomb();
    assert!(bomb.len() < 20_000, "{} bytes", bomb.len());
    let path = write(dir.path(), "bomb.pdf", &bomb);
    let good = "fixtures/seeds/000_3a1d08d8a8726469.txt";
    let started = Instant::now();
    let o = run_limited(2048, &["extract", "-q", &path, good]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 2, "the batch goes on");
    assert_valid(&recs[0]);
    assert_eq!(recs[0]["source"]["pages"], 1);
    let warnings = recs[0]["warnings"].to_string();
    assert!(
        warnings.contains("page tree lists a node already read"),
        "{warnings}"
    );
    let o = run_limited(2048, &["text", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "De enige pagina");
}

/// The page-tree bomb of issue 22, finding 2 (18.9 KB).
fn page_tree_bomb() -> Vec<u8> {
    let kids = |n: usize| format!("[{}]", vec![format!("{n} 0 R"); 1000].join(" "));
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids {} /Count 1000000000 >>", kids(3)).into_bytes(),
        format!("<< /Type /Pages /Parent 2 0 R /Kids {} /Count 1000000 >>", kids(4)).into_bytes(),
        format!("<< /Type /Pages /Parent 3 0 R /Kids {} /Count 1000 >>", kids(5)).into_bytes(),
        b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 612 792] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>".to_vec(),
        stream("", b"BT /F1 12 Tf 72 720 Td (De enige pagina) Tj ET"),
        FONT.as_bytes().to_vec(),
    ])
}

/// Issue 22, "Done when": a batch of 100 good files with the sentence
/// bombs, the page-tree bomb, `/dev/zero`, a FIFO and the HTML depth-guard
/// bypasses among them gives 100 good records and one record per bad input
/// (an error record for those that are no document or nest too deep, a
/// record within the output budget for the rest), exits 1, and is the same
/// at `-j1` and `-j2` (each run in worker processes, the default).
#[test]
fn hostile_inputs_among_a_hundred_good_files_each_give_one_record() {
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<_> = ["000_3a1d08d8a8726469.txt", "001_471ceefdd68c1809.txt"]
        .iter()
        .map(|n| std::fs::read_to_string(root().join("fixtures/seeds").join(n)).unwrap())
        .collect();
    let mut files: Vec<String> = (0..100)
        .map(|i| {
            let text = format!("{}\n\nVolgnummer {i}.\n", seeds[i % seeds.len()]);
            write(dir.path(), &format!("good_{i:03}.txt"), text.as_bytes())
        })
        .collect();
    let years: Vec<String> = (0..10_000).map(|i| (1900 + i % 200).to_string()).collect();
    let dates: Vec<String> = (0..5_000)
        .map(|i| format!("{} maart {}", 1 + i % 28, 1990 + i % 30))
        .collect();
    let bad: Vec<(&str, Vec<u8>)> = vec![
        ("year_run.txt", years.join(" ").into_bytes()),
        ("dates.txt", dates.join(" ").into_bytes()),
        ("year_chain.txt", years.join("-").into_bytes()),
        ("page_tree_bomb.pdf", page_tree_bomb()),
        (
            "self_closing.html",
            format!("<body>{}x</body>", "<div/>".repeat(20_000)).into_bytes(),
        ),
        (
            "bang_comment.html",
            format!("<body><!-- c --!>{}x</body>", "<div>".repeat(20_000)).into_bytes(),
        ),
        (
            "quote_attribute.html",
            format!("<body>{}x</body>", "<x '>".repeat(20_000)).into_bytes(),
        ),
    ];
    for (name, bytes) in &bad {
        files.push(write(dir.path(), name, bytes));
    }
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let fifo = dir.path().join("fifo.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    files.push(zero.to_str().unwrap().to_string());
    files.push(fifo.to_str().unwrap().to_string());
    let list = dir.path().join("list");
    std::fs::write(&list, files.join("\n") + "\n").unwrap();
    let list = list.to_str().unwrap();
    let one = run(&[
        "extract",
        "-q",
        "-j1",
        "--max-output",
        "8M",
        "--files-from",
        list,
    ]);
    let two = run(&[
        "extract",
        "-q",
        "-j2",
        "--max-output",
        "8M",
        "--files-from",
        list,
    ]);
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    assert_eq!(two.status.code(), Some(1), "{}", stderr(&two));
    assert!(one.stdout == two.stdout, "-j1 and -j2 differ");
    let recs = records(&two);
    assert_eq!(recs.len(), 109, "one record per input");
    for r in &recs[..100] {
        assert_valid(r);
        assert!(r.get("error").is_none(), "{r}");
    }
    let kinds: Vec<String> = recs[100..]
        .iter()
        .map(|r| match r.get("error") {
            Some(e) => e["kind"].as_str().unwrap().to_string(),
            None => "document".to_string(),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "document",
            "document",
            "document",
            "document", // the sentence bombs, the page-tree bomb
            "limit",
            "limit",
            "limit", // the HTML bypasses nest too deep
            "unsupported_format",
            "unsupported_format", // a character device, a FIFO
        ],
        "{}",
        stderr(&two)
    );
    let lines = stdout(&two);
    for line in lines.lines() {
        assert!(line.len() <= 8 << 20, "a record of {} bytes", line.len());
    }
}

/// Issue 22, finding 6: a page with more content operators than the limit
/// (1,000,000) lost all its text and was reported as "no text layer (needs
/// OCR)". It keeps the text drawn before the limit now, and the warning
/// names the limit.
#[test]
fn a_page_past_the_operator_limit_keeps_the_text_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut content = b"BT /F1 12 Tf 72 720 Td (Tekst voor de grens) Tj ET\n".to_vec();
    for _ in 0..550_000 {
        content.extend(b"q Q\n");
    }
    content.extend(b"BT /F1 12 Tf 72 700 Td (Tekst na de grens) Tj ET");
    let path = write(dir.path(), "ops.pdf", &one_page(&content));
    let o = run_limited(2048, &["text", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Tekst voor de grens"), "{text}");
    assert!(!text.contains("Tekst na de grens"), "{text}");
    let err = stderr(&o);
    assert!(
        err.contains("page 1: content stream has more than the limit of 1000000 operators"),
        "{err}"
    );
    assert!(!err.contains("needs OCR"), "{err}");
}

/// Issue 22, finding 6: text that only form fields (widget annotations)
/// and comments (FreeText) draw, in their own appearance streams, was not
/// read, and the page said "no text layer (needs OCR)"; pdftotext reads
/// it. It is read now; a hidden annotation stays unread.
#[test]
fn form_field_and_comment_appearances_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let appearance = |text: &str| {
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 300 20] /Resources << /Font << /Helv 5 0 R >> >>",
            format!("/Tx BMC BT /Helv 10 Tf 2 5 Td ({text}) Tj ET EMC").as_bytes(),
        )
    };
    let form = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [6 0 R 8 0 R 10 0 R] /Resources << >> >>".to_vec(),
        stream("", b""),
        FONT.as_bytes().to_vec(),
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (doel) /V (Subsidie voor de sportvereniging) /Rect [100 600 400 620] /AP << /N 7 0 R >> /P 3 0 R >>".to_vec(),
        appearance("Subsidie voor de sportvereniging"),
        b"<< /Type /Annot /Subtype /FreeText /Contents (opmerking) /Rect [100 500 400 520] /AP << /N 9 0 R >> >>".to_vec(),
        appearance("Het college verlengt de regeling"),
        b"<< /Type /Annot /Subtype /FreeText /F 2 /Rect [100 400 400 420] /AP << /N 11 0 R >> >>".to_vec(),
        appearance("Verborgen aantekening"),
    ]);
    let path = write(dir.path(), "form.pdf", &form);
    let o = run(&["text", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Subsidie voor de sportvereniging"), "{text}");
    assert!(text.contains("Het college verlengt de regeling"), "{text}");
    assert!(!text.contains("Verborgen"), "{text}");
    assert!(!stderr(&o).contains("needs OCR"), "{}", stderr(&o));
    // The field's value is drawn where its rectangle is: above the comment.
    assert!(text.find("Subsidie") < text.find("Het college"));
}

/// Issue 22, finding 6: one inline image lopdf cannot parse (a broken
/// dictionary, no data, no `EI`) failed the page's whole content stream,
/// and the document became `damaged_pdf`. The image is skipped now; the
/// text around it is read.
#[test]
fn a_bad_inline_image_skips_the_image_not_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let before = b"BT /F1 12 Tf 72 720 Td (Voor het plaatje) Tj ET\n".as_slice();
    let after = b"\nBT /F1 12 Tf 72 700 Td (Na het plaatje) Tj ET".as_slice();
    let images: [&[u8]; 3] = [
        b"q BI /W 4 /H ( /BPC 8 ID \xff\xff EI Q",
        b"q BI ID EI Q",
        b"q BI /W 4 /H 4 /BPC 8 [ /CS /G ID \x00\x01 EI Q",
    ];
    for (i, image) in images.iter().enumerate() {
        let path = write(
            dir.path(),
            &format!("image{i}.pdf"),
            &one_page(&[before, image, after].concat()),
        );
        let o = run(&["text", &path]);
        assert_eq!(o.status.code(), Some(0), "image {i}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(
            text.contains("Voor het plaatje") && text.contains("Na het plaatje"),
            "image {i}: {text}"
        );
    }
}
