//! Issue 20 part 2: `--format xlsx`, through the real binary. The
//! workbook is read back two ways: unzipped, its sheet XML checked cell by
//! cell against `--format csv --table NAME` of the same input (the same
//! columns and values, each cell of its column's type, no formula
//! anywhere); and, when LibreOffice is installed, converted by it to CSV
//! headless (it opens the file, or the conversion fails), the values again
//! compared with ours.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use regex::Regex;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use util::*;

/// A cell of a sheet as the XML has it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    /// `t="inlineStr"` (or a shared string): text.
    Text(String),
    /// No `t` or `t="n"`: a number, with its style index.
    Number(f64, Option<u32>),
    /// `t="b"`.
    Bool(bool),
}

/// Every part of the zip, by name.
fn unzip(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        parts.insert(f.name().unwrap().to_string(), s);
    }
    parts
}

fn unescape(s: &str) -> String {
    let s = s
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'");
    // Control characters are written `_xHHHH_` (OOXML's escape).
    let re = Regex::new("_x([0-9A-F]{4})_").unwrap();
    let s = re.replace_all(&s, |c: &regex::Captures| {
        char::from_u32(u32::from_str_radix(&c[1], 16).unwrap())
            .unwrap()
            .to_string()
    });
    s.replace("&amp;", "&")
}

/// Column letters to a 0-based index.
fn column(letters: &str) -> usize {
    letters
        .bytes()
        .fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1))
        - 1
}

/// The rows of a sheet's XML: row number (1-based) → column → cell.
fn cells(xml: &str) -> BTreeMap<u32, BTreeMap<usize, Cell>> {
    let re =
        Regex::new(r#"(?s)<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?(?:/>|>(.*?)</c>)"#)
            .unwrap();
    let text = Regex::new(r#"(?s)<t(?: [^>]*)?>(.*?)</t>"#).unwrap();
    let value = Regex::new(r#"<v>(.*?)</v>"#).unwrap();
    let mut rows: BTreeMap<u32, BTreeMap<usize, Cell>> = BTreeMap::new();
    for c in re.captures_iter(xml) {
        let body = c.get(5).map_or("", |m| m.as_str());
        let cell = match c.get(4).map(|m| m.as_str()) {
            Some("inlineStr") => Cell::Text(unescape(&text.captures(body).unwrap()[1])),
            Some("b") => Cell::Bool(&value.captures(body).unwrap()[1] == "1"),
            None | Some("n") => Cell::Number(
                value.captures(body).unwrap()[1].parse().unwrap(),
                c.get(3).map(|s| s.as_str().parse().unwrap()),
            ),
            Some(t) => panic!("unexpected cell type {t}: {}", &c[0]),
        };
        rows.entry(c[2].parse().unwrap())
            .or_default()
            .insert(column(&c[1]), cell);
    }
    rows
}

/// The sheets of a workbook, by name, in order: (name, sheet XML).
fn sheets(parts: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let names = Regex::new(r#"<sheet name="([^"]+)" sheetId="(\d+)""#).unwrap();
    names
        .captures_iter(&parts["xl/workbook.xml"])
        .map(|c| {
            let xml = parts[&format!("xl/worksheets/sheet{}.xml", &c[2])].clone();
            (c[1].to_string(), xml)
        })
        .collect()
}

/// The CSV of `--table NAME` for `inputs`: header and rows.
fn csv_table(inputs: &[&str], table: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut args = vec!["extract", "-q", "--format", "csv", "--table", table];
    args.extend(inputs);
    let o = run(&args);
    assert!(o.status.code() == Some(0), "{}", stderr(&o));
    let mut r = csv::Reader::from_reader(&o.stdout[..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The column types of `docs/schema.md` (as `load.sql` states them).
fn sql_type(column: &str) -> &'static str {
    beleidsmijn::output::tables::sql_type(column)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An Excel date serial (1900 system, after February 1900) of an ISO date.
fn serial(iso: &str) -> f64 {
    let p: Vec<i64> = iso.split('-').map(|x| x.parse().unwrap()).collect();
    (days_from_civil(p[0], p[1], p[2]) - days_from_civil(1899, 12, 30)) as f64
}

/// Write `inputs` as a workbook in `dir`; its path.
fn workbook(inputs: &[&str], dir: &Path) -> PathBuf {
    let path = dir.join("out.xlsx");
    let mut args = vec![
        "extract",
        "-q",
        "--format",
        "xlsx",
        "-o",
        path.to_str().unwrap(),
    ];
    args.extend(inputs);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "a workbook goes to its file only");
    assert!(path.exists() && !dir.join("out.xlsx.partial").exists());
    path
}

/// Every sheet of the workbook of `inputs` holds the CSV table of its
/// name: the same header, rows and values, each cell of its column's type.
/// Returns the parts of the workbook.
fn check_against_csv(inputs: &[&str], dir: &Path) -> BTreeMap<String, String> {
    let parts = unzip(&workbook(inputs, dir));
    for (name, xml) in parts.iter() {
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "{name}: a formula element"
        );
    }
    let styles = &parts["xl/styles.xml"];
    let sheets = sheets(&parts);
    assert_eq!(
        sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        TABLES
    );
    for (name, xml) in &sheets {
        let (header, rows) = csv_table(inputs, name);
        let grid = cells(xml);
        assert_eq!(
            grid.len(),
            rows.len() + 1,
            "{name}: header and one row per CSV row"
        );
        let head = &grid[&1];
        for (c, h) in header.iter().enumerate() {
            assert_eq!(head.get(&c), Some(&Cell::Text(h.clone())), "{name} header");
        }
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{name}: the header row is frozen"
        );
        let last_col = grid[&1].keys().max().unwrap();
        let letters = |mut n: usize| {
            let mut s = String::new();
            loop {
                s.insert(0, char::from(b'A' + (n % 26) as u8));
                if n < 26 {
                    break s;
                }
                n = n / 26 - 1;
            }
        };
        assert!(
            xml.contains(&format!(
                r#"<autoFilter ref="A1:{}{}"/>"#,
                letters(*last_col),
                rows.len() + 1
            )),
            "{name}: the autofilter covers the data"
        );
        assert!(xml.contains("<cols>"), "{name}: column widths");
        for (i, row) in rows.iter().enumerate() {
            let got = grid.get(&(i as u32 + 2)).cloned().unwrap_or_default();
            for (c, want) in row.iter().enumerate() {
                let col = &header[c];
                let cell = got.get(&c);
                let at = format!("{name} row {} {col}", i + 2);
                match (sql_type(col), cell) {
                    (_, None) => assert_eq!(want, "", "{at}: empty in the workbook"),
                    ("BIGINT" | "DOUBLE", Some(Cell::Number(n, _))) => {
                        assert_eq!(*n, want.parse::<f64>().unwrap(), "{at}")
                    }
                    ("BOOLEAN", Some(Cell::Bool(b))) => assert_eq!(b.to_string(), *want, "{at}"),
                    ("DATE", Some(Cell::Number(n, Some(style)))) => {
                        assert_eq!(*n, serial(want), "{at}: {want}");
                        assert!(*style > 0, "{at}: a date has a date format");
                        assert!(
                            styles.contains(r#"formatCode="yyyy\-mm\-dd""#)
                                || styles.contains(r#"formatCode="yyyy-mm-dd""#),
                            "{styles}"
                        );
                    }
                    ("VARCHAR" | "TIME", Some(Cell::Text(t))) => assert_eq!(t, want, "{at}"),
                    (ty, Some(cell)) => {
                        panic!("{at}: a {ty} column holds {cell:?} (CSV: {want:?})")
                    }
                }
            }
        }
    }
    parts
}

#[test]
fn workbook_of_the_fixtures_holds_each_csv_table_as_typed_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let parts = check_against_csv(&["fixtures"], tmp.path());
    // Numbers are numbers: seed 004's indicator cells, offsets, pages.
    let sheets = sheets(&parts);
    let tables = cells(&sheets[5].1);
    let numbers = tables
        .values()
        .skip(1)
        .filter(|r| matches!(r.get(&13), Some(Cell::Number(..))))
        .count();
    assert!(numbers > 10, "{numbers} numeric `number` cells in tables");
    let entities = cells(&sheets[3].1);
    let dates = entities
        .values()
        .filter(|r| matches!(r.get(&21), Some(Cell::Number(_, Some(_)))))
        .count();
    assert!(dates > 5, "{dates} date cells in entities.date");
}

/// A text that starts like a formula (a sentence, a row label, a table
/// cell: `=`, `+`, `-`, `@`) is written as text, never as a formula, and
/// a figure in the same table is a number.
#[test]
fn formula_like_text_is_never_a_formula() {
    let tmp = tempfile::tempdir().unwrap();
    let txt = tmp.path().join("formules.txt");
    std::fs::write(
        &txt,
        "Raadsinformatiebrief pilot Buitenshuisproject\n\n\
         =SUM(A1:A9) De pilot Buitenshuisproject is in 2021 afgerond.\n\n\
         +31 20 is het nummer; @gemeente meldt dat het project Groen Dak vertraging oploopt.\n\n\
         Indicator\tRealisatie 2022\tBegroting 2023\n\
         - wachtlijst jeugdzorg\t-2.032\t=SUM(B2:B3)\n\
         @jeugd\t+5\t3,5\n",
    )
    .unwrap();
    let parts = check_against_csv(&[txt.to_str().unwrap()], tmp.path());
    let sheets = sheets(&parts);
    let texts: Vec<String> = sheets
        .iter()
        .flat_map(|(_, xml)| cells(xml).into_values().flat_map(BTreeMap::into_values))
        .filter_map(|c| match c {
            Cell::Text(t) => Some(t),
            _ => None,
        })
        .collect();
    for text in [
        "=SUM(A1:A9) De pilot Buitenshuisproject is in 2021 afgerond.",
        "+31 20 is het nummer; @gemeente meldt dat het project Groen Dak vertraging oploopt.",
        "- wachtlijst jeugdzorg",
        "=SUM(B2:B3)",
        "@jeugd",
        "+5",
    ] {
        assert!(
            texts.iter().any(|t| t == text),
            "a text cell {text:?}: {texts:#?}"
        );
    }
    // In `tables`, the cell "-2.032" is text in `text` and -2032 in `number`.
    let tables = cells(&sheets[5].1);
    let row = tables
        .values()
        .find(|r| r.get(&12) == Some(&Cell::Text("-2.032".into())))
        .expect("the cell -2.032");
    assert_eq!(row.get(&13), Some(&Cell::Number(-2032.0, None)));
}

#[test]
fn xlsx_needs_a_file_named_xlsx_and_no_csv_options() {
    for (args, says) in [
        (
            &["--format", "xlsx"][..],
            "cannot stream to standard output",
        ),
        (&["--format", "xlsx", "-o", "x.csv"], "FILE.xlsx"),
        (
            &["--format", "xlsx", "--excel", "-o", "x.xlsx"],
            "need --format csv",
        ),
        (
            &["--format", "xlsx", "--shard", "1/2", "-o", "x.xlsx"],
            "do not concatenate",
        ),
    ] {
        let mut all = vec!["extract", "fixtures/seeds"];
        all.extend(args);
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    assert!(!root().join("x.xlsx.partial").exists());
}

/// The same bytes whatever the thread count, and on every run (no clock
/// time in the workbook).
#[test]
fn the_same_bytes_on_one_thread_and_on_eight() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for threads in ["1", "8"] {
        let path = tmp.path().join(format!("j{threads}.xlsx"));
        let o = run(&[
            "extract",
            "fixtures",
            "-q",
            "-j",
            threads,
            "--format",
            "xlsx",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        bytes.push(std::fs::read(&path).unwrap());
    }
    assert!(bytes[0] == bytes[1], "-j1 and -j8 differ");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 2, "no temporary file left beside the workbooks");
}

/// `--table NAME` with xlsx writes that sheet alone; earlier JSONL
/// converts to the same workbook content as extracting.
#[test]
fn one_sheet_and_conversion_from_jsonl() {
    let tmp = tempfile::tempdir().unwrap();
    let jsonl = tmp.path().join("seeds.jsonl");
    let o = run(&[
        "extract",
        "fixtures/seeds",
        "-q",
        "-o",
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let claims = tmp.path().join("claims.xlsx");
    let o = run(&[
        "extract",
        jsonl.to_str().unwrap(),
        "--format",
        "xlsx",
        "--table",
        "claims",
        "-o",
        claims.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let converted = unzip(&claims);
    let names: Vec<String> = sheets(&converted).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["claims"]);
    let extracted = unzip(&workbook(&["fixtures/seeds"], tmp.path()));
    let claims_of = |parts: &BTreeMap<String, String>| {
        sheets(parts)
            .into_iter()
            .find(|(n, _)| n == "claims")
            .map(|(_, xml)| cells(&xml))
            .unwrap()
    };
    let (a, b) = (claims_of(&converted), claims_of(&extracted));
    assert!(a.len() > 10, "{} claim rows", a.len());
    assert_eq!(a, b);
}

/// The LibreOffice binary, if installed.
fn libreoffice() -> Option<&'static str> {
    for bin in ["soffice", "libreoffice"] {
        if Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(bin);
        }
    }
    eprintln!("skipped: no soffice or libreoffice (apt-get install libreoffice-calc-nogui)");
    None
}

/// LibreOffice opens the workbook (headless, no repair: the conversion
/// would fail) and its CSV of every sheet has our CSV's values: numbers
/// that are numbers, dates that are dates.
#[test]
fn libreoffice_opens_the_workbook_and_reads_our_values() {
    let Some(bin) = libreoffice() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let inputs = ["fixtures/seeds"];
    let book = workbook(&inputs, tmp.path());
    let out = tmp.path().join("lo");
    let profile = format!("file://{}", tmp.path().join("profile").display());
    // Tokens: `,` `"` UTF-8, line 1, -, language, quote all text: no,
    // detect numbers, save as shown: no (raw values), formulas: no, trim:
    // no, sheet -1: every sheet into a file of its own (LibreOffice 7.2+).
    let o = Command::new(bin)
        .args([
            &format!("-env:UserInstallation={profile}"),
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            out.to_str().unwrap(),
            book.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for table in TABLES {
        let file = out.join(format!("out-{table}.csv"));
        assert!(file.exists(), "{}: {}", file.display(), stderr(&o));
        let lo: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&file)
            .unwrap()
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let (header, rows) = csv_table(&inputs, table);
        assert_eq!(lo[0], header, "{table}");
        assert_eq!(lo.len(), rows.len() + 1, "{table}");
        for (i, (theirs, ours)) in lo[1..].iter().zip(&rows).enumerate() {
            for (c, want) in ours.iter().enumerate() {
                let got = theirs.get(c).map_or("", String::as_str);
                let at = format!("{table} row {} {}", i + 2, header[c]);
                match sql_type(&header[c]) {
                    "BIGINT" | "DOUBLE" if !want.is_empty() => {
                        let n: f64 = got
                            .parse()
                            .unwrap_or_else(|_| panic!("{at}: {got:?} is no number"));
                        let w: f64 = want.parse().unwrap();
                        assert!((n - w).abs() <= w.abs() * 1e-12, "{at}: {n} != {w}");
                    }
                    "BOOLEAN" => assert_eq!(got.to_lowercase(), *want, "{at}"),
                    _ => assert_eq!(got, want, "{at}"),
                }
            }
        }
    }
}

/// SIGINT while the second of three documents hangs: exit 130, no
/// `out.xlsx`, and `out.xlsx.partial` is a workbook that opens, holding
/// the records written so far (as many as the summary says).
#[test]
fn an_interrupted_run_leaves_a_partial_workbook_of_the_records_so_far() {
    use std::process::Stdio;
    use std::time::Duration;
    if !cfg!(debug_assertions) {
        eprintln!("skip: the hang hook is in debug builds only");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        std::fs::write(
            docs.join(name),
            "De pilot Buurtkracht is in 2023 gestart.\n",
        )
        .unwrap();
    }
    let out = tmp.path().join("out.xlsx");
    let child = Command::new(env!("CARGO_BIN_EXE_beleidsmijn"))
        .args(["extract", "-j1", "--timeout", "0", "--format", "xlsx", "-o"])
        .arg(&out)
        .arg(&docs)
        .env("BELEIDSMIJN_TEST_HANG_ON", "b.txt")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The workbook is written at the end, so nothing shows when a.txt is
    // done; b.txt never is. Give a.txt time, then interrupt.
    std::thread::sleep(Duration::from_secs(3));
    let Some(o) = interrupt_and_wait(child) else {
        return;
    };
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    let err = stderr(&o);
    let partial = tmp.path().join("out.xlsx.partial");
    assert!(!out.exists(), "an interrupted run wrote out.xlsx");
    assert!(
        err.contains(&format!("to {} (incomplete", partial.display())),
        "{err}"
    );
    let written: usize = Regex::new(r"interrupted: (\d+) records written")
        .unwrap()
        .captures(&err)
        .unwrap_or_else(|| panic!("{err}"))[1]
        .parse()
        .unwrap();
    assert!(written <= 1, "{err}");
    let parts = unzip(&partial);
    let sheets = sheets(&parts);
    assert_eq!(sheets.len(), 6);
    assert_eq!(
        cells(&sheets[0].1).len(),
        written + 1,
        "header and a row per record"
    );
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(
        left.len(),
        2,
        "docs and the partial workbook, no temporary file"
    );
}
