//! `beleidsmijn report`: the HTML claims report, checked two ways.
//!
//! - Its HTML, parsed here: every status claim of seed 000's pilots and
//!   seed 001's projects (as `extract` gives them) is a row of its
//!   subject's timeline with class, sentence, file and page; Gooise
//!   Meren's 2021 and 2023 documents are one municipality timeline; the
//!   page links no network address; the same input gives the same bytes.
//! - The page in headless Chromium (`tests/browser/check_report.py`,
//!   skipped without `chromium` or `python3`): no console error and no
//!   request but the page itself; real mouse clicks on the class filter
//!   leave exactly the claims of that class; choosing a municipality and
//!   a year leaves exactly theirs; a click on a claim's page link opens
//!   the PDF at that page. The screenshot is kept as
//!   `target/report-screenshot.png`.
//!
//! Inputs are `fixtures/` and, when present, `../shared/corpus/real`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod util;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use util::{root, run, shared, stderr};

const SEED_000: &str = "fixtures/seeds/000_3a1d08d8a8726469.txt";
const SEED_001: &str = "fixtures/seeds/001_471ceefdd68c1809.txt";

/// A claim row of the report, as its HTML writes it.
#[derive(Debug, Clone)]
struct Row {
    muni: String,
    subject: String,
    kinds: String,
    class: String,
    year: String,
    doctype: String,
    sentence: String,
    href: String,
    link_text: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in `tag` ("" when absent).
fn attr(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    tag.find(&key)
        .and_then(|at| {
            let rest = &tag[at + key.len()..];
            rest.find('"').map(|end| unescape(&rest[..end]))
        })
        .unwrap_or_default()
}

/// The text between `open` (up to its `>`) and `close` after it.
fn inner<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    let Some(at) = s.find(open) else { return "" };
    let rest = &s[at..];
    let Some(gt) = rest.find('>') else { return "" };
    let rest = &rest[gt + 1..];
    &rest[..rest.find(close).unwrap_or(rest.len())]
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// Every claim row, with the municipality and subject it stands under.
fn rows(html: &str) -> Vec<Row> {
    let (mut muni, mut subject, mut kinds) = (String::new(), String::new(), String::new());
    let mut out = Vec::new();
    for line in html.lines() {
        if line.starts_with("<section class=\"muni\"") {
            muni = attr(line, "data-muni");
        } else if line.starts_with("<details class=\"subject\"") {
            kinds = attr(line, "data-kinds");
        } else if line.starts_with("<summary>") {
            subject = unescape(inner(line, "<b class=\"name\"", "</b>"));
        } else if line.starts_with("<tr class=\"claim\"") {
            let sentence = inner(line, "<td class=\"sentence\"", "</td>");
            let sentence = sentence.split("<br><small>in “").next().unwrap();
            let link = &line[line.find("<td class=\"src\">").unwrap()..];
            out.push(Row {
                muni: muni.clone(),
                subject: subject.clone(),
                kinds: kinds.clone(),
                class: attr(line, "data-class"),
                year: attr(line, "data-year"),
                doctype: attr(line, "data-doctype"),
                sentence: strip_tags(sentence),
                href: attr(link, "href"),
                link_text: strip_tags(inner(link, "<a", "</a>")),
            });
        }
    }
    out
}

/// A scratch folder under target/ (kept for a look after a failure).
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target").join("report-test").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The inputs: fixtures, and the real corpus when it is there.
fn inputs() -> Vec<String> {
    let mut v = vec!["fixtures".to_string()];
    let real = shared().join("corpus/real");
    if real.is_dir() {
        v.push("../shared/corpus/real".to_string());
    } else {
        eprintln!(
            "note: {} missing: the report covers the fixtures only",
            real.display()
        );
    }
    v
}

/// `extract` of the inputs, once per test binary: the JSONL file and its
/// records.
fn extracted() -> &'static (PathBuf, Vec<Value>) {
    static ONCE: OnceLock<(PathBuf, Vec<Value>)> = OnceLock::new();
    ONCE.get_or_init(|| {
        let jsonl = scratch("extract").join("all.jsonl");
        let mut args = vec!["extract", "-q", "-o", jsonl.to_str().unwrap()];
        let inputs = inputs();
        args.extend(inputs.iter().map(String::as_str));
        let o = run(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let recs = std::fs::read_to_string(&jsonl)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (jsonl, recs)
    })
}

/// `report ARGS -o DIR/r.html`: the page.
fn report(dir: &Path, args: &[&str]) -> String {
    let out = dir.join("r.html");
    let mut all = vec!["report", "-q", "-o", out.to_str().unwrap()];
    all.extend(args);
    let o = run(&all);
    assert!(o.status.success(), "report failed: {}", stderr(&o));
    assert!(o.stdout.is_empty(), "the page goes to -o, not stdout");
    std::fs::read_to_string(out).unwrap()
}

/// The report of the extracted JSONL, once per test binary.
fn page() -> &'static (PathBuf, String) {
    static ONCE: OnceLock<(PathBuf, String)> = OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = scratch("page");
        let html = report(&dir, &[extracted().0.to_str().unwrap()]);
        (dir.join("r.html"), html)
    })
}

/// The status entities of the record of `path` whose subject is a
/// `kind` (`pilot-3`, `project-1`).
fn claims_of<'a>(path: &str, kind: &str) -> Vec<&'a Value> {
    let rec = extracted()
        .1
        .iter()
        .find(|r| r["source"]["path"] == path)
        .unwrap_or_else(|| panic!("{path} extracted"));
    rec["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["type"] == "status"
                && e["subject"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(&format!("{kind}-")))
        })
        .collect()
}

/// Each claim is a row of its subject's timeline with its class,
/// sentence, file and page, linked to its file.
fn assert_claims_shown(rows: &[Row], path: &str, kind: &str) {
    let claims = claims_of(path, kind);
    assert!(claims.len() >= 5, "{path}: {} {kind} claims", claims.len());
    let file = path.rsplit('/').next().unwrap();
    let mine: Vec<&Row> = rows.iter().filter(|r| r.href.ends_with(path)).collect();
    for c in &claims {
        let want = (
            c["subject_name"].as_str().unwrap(),
            c["class"].as_str().unwrap(),
            c["sentence"].as_str().unwrap(),
            format!("{file} p. {}", c["page"]),
        );
        let found = mine.iter().any(|r| {
            (
                r.subject.as_str(),
                r.class.as_str(),
                r.sentence.as_str(),
                r.link_text.clone(),
            ) == want
                && r.kinds.split(' ').any(|k| k == kind)
                && r.muni == "GM1942"
        });
        assert!(found, "{path}: no row for {want:?}");
    }
    let under_kind = mine
        .iter()
        .filter(|r| r.kinds.split(' ').any(|k| k == kind))
        .count();
    assert!(under_kind >= claims.len());
}

#[test]
fn seed_000_pilots_and_seed_001_projects_show_their_claims_with_page_and_sentence() {
    let rows = rows(&page().1);
    assert_claims_shown(&rows, SEED_000, "pilot");
    assert_claims_shown(&rows, SEED_001, "project");
    // The timeline of a pilot holds its claims from both copies of seed
    // 000 (text and HTML): one name, one timeline.
    let pilot: Vec<&Row> = rows
        .iter()
        .filter(|r| r.subject == "Buitenshuisproject")
        .collect();
    assert!(pilot
        .iter()
        .any(|r| r.href.ends_with("fixtures/html/000.html")));
    assert!(pilot.iter().any(|r| r.href.ends_with(SEED_000)));
}

#[test]
fn gooise_meren_2021_and_2023_are_one_timeline() {
    let html = &page().1;
    let sections: Vec<&str> = html
        .split("<section class=\"muni\"")
        .skip(1)
        .filter(|s| s.starts_with(" id=\"m-GM1942\""))
        .collect();
    assert_eq!(sections.len(), 1, "one section for Gooise Meren");
    let gm = sections[0];
    let docs: Vec<String> = gm
        .lines()
        .filter(|l| l.starts_with("<tr class=\"doc\""))
        .map(|l| format!("{} {}", attr(l, "data-year"), attr(l, "data-doctype")))
        .collect();
    assert_eq!(
        docs,
        [
            "2021 jaarstukken",
            "2021 jaarstukken",
            "2023 raadsmededeling",
            "2023 raadsmededeling"
        ]
    );
    let trail = strip_tags(inner(gm, "<p class=\"trail all\"", "</p>"));
    let (y2021, y2023) = (
        trail.find("2021 jaarstukken:").unwrap(),
        trail.find("→ 2023 raadsmededeling:").unwrap(),
    );
    assert!(y2021 < y2023, "{trail}");
    // Every claim of both seeds is in that one section, in year order.
    let rows = rows(html);
    let gm_rows: Vec<&Row> = rows.iter().filter(|r| r.muni == "GM1942").collect();
    for seed in [SEED_000, SEED_001] {
        let all = extracted()
            .1
            .iter()
            .find(|r| r["source"]["path"] == seed)
            .unwrap()["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == "status")
            .count();
        assert_eq!(
            gm_rows.iter().filter(|r| r.href.ends_with(seed)).count(),
            all,
            "{seed}"
        );
    }
    for r in &gm_rows {
        let want = if r.href.contains("000") {
            ("2021", "jaarstukken")
        } else {
            ("2023", "raadsmededeling")
        };
        assert_eq!((r.year.as_str(), r.doctype.as_str()), want, "{r:?}");
    }
}

#[test]
fn the_page_loads_nothing_and_links_pdf_claims_to_their_page() {
    let html = &page().1;
    assert!(html.contains("default-src 'none'"), "a CSP forbids loads");
    for attr_name in ["src=\"", "href=\""] {
        for part in html.split(attr_name).skip(1) {
            let url = &part[..part.find('"').unwrap()];
            assert!(
                !url.contains("://") && !url.starts_with("//"),
                "{attr_name}{url}: no address of a network or a file elsewhere"
            );
        }
    }
    let rows = rows(html);
    let pdf: Vec<&Row> = rows.iter().filter(|r| r.href.contains(".pdf")).collect();
    if !inputs().iter().any(|i| i.contains("real")) {
        return;
    }
    assert!(pdf.len() > 100, "{} PDF claims", pdf.len());
    for r in &pdf {
        let page = r.href.rsplit_once("#page=").unwrap().1;
        assert!(r.link_text.ends_with(&format!(" p. {page}")), "{r:?}");
    }
    // The links resolve from the page's folder to the files.
    let dir = page().0.parent().unwrap();
    let first = pdf[0].href.split('#').next().unwrap();
    assert!(dir.join(first).is_file(), "{first}");
    // A promise and what came of it: a Wassenaar subject announced in the
    // 2021 begroting is spoken of again in a later year.
    let mut years: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.muni == "GM0629") {
        years.entry(&r.subject).or_default().push(&r.year);
    }
    assert!(
        years
            .values()
            .any(|ys| ys.first() == Some(&"2021") && ys.iter().any(|y| *y > "2021")),
        "no Wassenaar timeline from the begroting into a later year"
    );
}

#[test]
fn documents_and_their_jsonl_give_the_same_bytes_on_any_thread_count() {
    let dir = scratch("same");
    let inputs = inputs();
    let mut args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    args.extend(["-j", "1"]);
    let from_docs = report(&dir, &args);
    // The page written into the same folder as page(), so links match.
    let from_jsonl = &page().1;
    assert!(
        from_docs == *from_jsonl,
        "extracting again (-j1) and reading the JSONL differ"
    );
}

/// The path of Debian's `chromium` (or another name for it), if any.
fn chromium() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_string)
}

#[test]
fn in_chromium_the_class_filter_and_a_page_link_work_without_errors_or_requests() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: no chromium (apt-get install chromium)");
        return;
    };
    let (page_path, html) = page();
    let shot = root().join("target").join("report-screenshot.png");
    let script = root().join("tests/browser/check_report.py");
    let o = Command::new("python3")
        .args([
            script.as_os_str(),
            chromium.as_ref(),
            page_path.as_os_str(),
            shot.as_os_str(),
            "delayed".as_ref(),
        ])
        .output();
    let o = match o {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: python3 cannot run ({e})");
            return;
        }
    };
    assert!(
        o.status.success(),
        "check_report.py failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let seen: Value = serde_json::from_slice(&o.stdout).unwrap();
    let url = seen["url"].as_str().unwrap();
    let events = |k: &str| seen[k].as_array().unwrap().clone();
    let load = events("load_events");

    // No console error or uncaught exception, no request but the page.
    for e in &load {
        let method = e["method"].as_str().unwrap_or_default();
        let p = &e["params"];
        assert!(method != "Runtime.exceptionThrown", "{e}");
        assert!(
            !(method == "Runtime.consoleAPICalled"
                && matches!(p["type"].as_str(), Some("error" | "warning" | "assert"))),
            "{e}"
        );
        assert!(
            !(method == "Log.entryAdded" && p["entry"]["level"] == "error"),
            "{e}"
        );
        if method == "Network.requestWillBeSent" {
            assert_eq!(p["request"]["url"], url, "a request other than the page");
        }
    }
    assert!(load
        .iter()
        .any(|e| e["method"] == "Network.requestWillBeSent"));

    // The rendered DOM holds every claim, all shown at first.
    let dom = seen["rows"].as_array().unwrap();
    let n_claims = rows(html).len();
    assert_eq!(dom.len(), n_claims);
    assert_eq!(seen["shown_counter"], n_claims.to_string());
    assert!(dom.iter().all(|r| r["shown"] == true));
    // Seed 000's pilots in the DOM: subject, class, sentence, page.
    for c in claims_of(SEED_000, "pilot") {
        assert!(
            dom.iter().any(|r| r["subject"] == c["subject_name"]
                && r["class"] == c["class"]
                && r["sentence"] == c["sentence"]
                && r["link_text"] == format!("000_3a1d08d8a8726469.txt p. {}", c["page"])),
            "not in the DOM: {c}"
        );
    }

    // Clicks: "none", then "delayed": exactly the delayed claims remain.
    assert_eq!(seen["after_none"], "0");
    assert_eq!(seen["checked"], serde_json::json!(["delayed"]));
    let delayed = extracted()
        .1
        .iter()
        .flat_map(|r| r["entities"].as_array().into_iter().flatten())
        .filter(|e| e["type"] == "status" && e["class"] == "delayed")
        .count();
    assert!(delayed > 0);
    let shown: Vec<&Value> = seen["filtered_rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["shown"] == true)
        .collect();
    assert_eq!(shown.len(), delayed, "every delayed claim and no other");
    assert!(shown.iter().all(|r| r["class"] == "delayed"));
    assert_eq!(seen["filtered_counter"], delayed.to_string());

    // Gooise Meren, 2023: its raadsmededeling's claims and documents only.
    let want = extracted()
        .1
        .iter()
        .filter(|r| r["municipality"]["code"] == "GM1942" && r["year"] == 2023)
        .flat_map(|r| r["entities"].as_array().into_iter().flatten())
        .filter(|e| e["type"] == "status")
        .count();
    let placed: Vec<&Value> = seen["place_rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["shown"] == true)
        .collect();
    assert!(want > 0);
    assert_eq!(placed.len(), want);
    assert!(placed
        .iter()
        .all(|r| r["muni"] == "GM1942" && r["year"] == "2023"));
    assert_eq!(seen["place_counter"], want.to_string());
    assert_eq!(
        seen["place_docs"],
        serde_json::json!(["GM1942 2023", "GM1942 2023"])
    );
    assert_eq!(seen["reset_counter"], n_claims.to_string());

    // A claim's page link, clicked: the browser goes to that file and page.
    let link = &seen["clicked_link"];
    let resolved = link["resolved"].as_str().unwrap();
    let nav = events("after_click_events");
    let requested = nav
        .iter()
        .find(|e| e["method"] == "Page.frameRequestedNavigation")
        .unwrap_or_else(|| panic!("the click went nowhere: {nav:?}"));
    assert_eq!(requested["params"]["url"], resolved);
    assert_eq!(requested["params"]["reason"], "anchorClick");
    let navigated = nav
        .iter()
        .find(|e| {
            e["method"] == "Page.frameNavigated" && e["params"]["frame"]["parentId"].is_null()
        })
        .unwrap_or_else(|| panic!("no navigation: {nav:?}"));
    let frame = &navigated["params"]["frame"];
    let landed = format!(
        "{}{}",
        frame["url"].as_str().unwrap(),
        frame["urlFragment"].as_str().unwrap_or_default()
    );
    assert_eq!(landed, resolved);
    if inputs().iter().any(|i| i.contains("real")) {
        assert!(resolved.contains(".pdf#page="), "{resolved}");
        let file = resolved
            .trim_start_matches("file://")
            .split('#')
            .next()
            .unwrap();
        assert!(Path::new(file).is_file(), "{file}");
    }
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    eprintln!("screenshot: {}", shot.display());
}
