//! CSV output and `compare` through the real binary, on hand-built records
//! with entities (`tests/data/entities.jsonl`) and on the fixtures; CSV and
//! JSONL loaded in DuckDB when the Python `duckdb` module is installed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use std::path::Path;
use std::process::{Command, Output};
use util::records;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beleidsmijn"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn compare_puts_gooise_meren_in_one_group() {
    let o = run(&["compare", "fixtures/seeds", "--format", "json", "-q"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let gm: Vec<&serde_json::Value> = r["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["name"] == "Gooise Meren")
        .collect();
    assert_eq!(gm.len(), 1);
    assert_eq!(gm[0]["code"], "GM1942");
    assert_eq!(gm[0]["documents"], 2);
    let paths: Vec<&str> = gm[0]["years"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|y| y["paths"].as_array().unwrap())
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.contains("/000_")) && paths.iter().any(|p| p.contains("/001_")),
        "{paths:?}"
    );
}

#[test]
fn compare_lists_each_pilot_with_its_status_per_municipality() {
    let o = run(&["compare", "tests/data/entities.jsonl", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "one error record in the input");
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let plan = r["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Plan 18")
        .unwrap();
    assert_eq!(
        plan["by_municipality"]["Gooise Meren"]["status"],
        "afgerond"
    );
    assert_eq!(plan["by_municipality"]["Gooise Meren"]["year"], 2023);
    assert_eq!(plan["by_municipality"]["Huizen"]["class"], "delayed");
    assert_eq!(
        r["partners"]["GGD Gooi en Vechtstreek"],
        serde_json::json!(["Gooise Meren", "Huizen"])
    );
    let md = String::from_utf8(run(&["compare", "tests/data/entities.jsonl"]).stdout).unwrap();
    assert!(
        md.contains("| Plan 18 | pilot | afgerond (done) 2023 | vertraagd (delayed) 2022 |"),
        "{md}"
    );
    let csv =
        String::from_utf8(run(&["compare", "tests/data/entities.jsonl", "--format", "csv"]).stdout)
            .unwrap();
    assert!(csv.starts_with("table,municipality,cbs_code,year,name,field,value\n"));
    assert!(
        csv.contains("initiative,Gooise Meren,GM1942,2023,Plan 18,pilot,afgerond (done)\n"),
        "{csv}"
    );
}

/// `--excel`: a byte-order mark, `;` between fields (a Dutch-locale Excel
/// splits on it), and no cell that a spreadsheet would run as a formula.
#[test]
fn csv_rows_per_entity_with_bom_for_excel() {
    let o = run(&[
        "extract",
        "tests/data/entities.jsonl",
        "--format",
        "csv",
        "--excel",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o
        .stdout
        .starts_with("\u{feff}doc_id;path;path_bytes;municipality;cbs_code;".as_bytes()));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&o.stdout[3..]);
    let rows: Vec<std::collections::HashMap<String, String>> =
        r.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12, "11 entities + 1 error row");

    assert_eq!(
        rows[2]["sentence"],
        "Samen met de GGD, \"Jeugdteam\" en anderen."
    );
    assert_eq!(rows[2]["doc_id"], "a1");
    assert_eq!(
        rows[7]["number"], "1200000",
        "a spreadsheet gets whole numbers bare"
    );
    assert_eq!(rows[11]["type"], "error");
    assert_eq!(rows[11]["error"], "damaged_pdf");
}

/// Collectie Overijssel's jaarstukken list partners as "- Rijksvastgoedbedrijf":
/// with --excel no such cell starts a formula, and numbers stay numbers.
#[test]
fn excel_csv_runs_no_formula() {
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/real/collectie_overijssel_jaarstukken_2023.pdf");
    if !pdf.exists() {
        eprintln!("skip: no {}", pdf.display());
        return;
    }
    let cells = |excel: bool| -> Vec<String> {
        let mut args = vec!["extract", pdf.to_str().unwrap(), "--format", "csv", "-q"];
        if excel {
            args.push("--excel");
        }
        let o = run(&args);
        let body = if excel { &o.stdout[3..] } else { &o.stdout[..] };
        csv::ReaderBuilder::new()
            .delimiter(if excel { b';' } else { b',' })
            .from_reader(body)
            .records()
            .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
            .collect()
    };
    let formula = |c: &String| {
        c.starts_with(['=', '+', '@'])
            || c.starts_with('-') && !c[1..].starts_with(|d: char| d.is_ascii_digit())
    };
    let plain = cells(false);
    assert!(plain.iter().any(formula), "the document has such cells");
    let excel = cells(true);
    assert!(!excel.iter().any(formula));
    assert!(excel.iter().any(|c| c.starts_with("'- ")));
    assert!(excel
        .iter()
        .any(|c| c.starts_with('-') && c[1..].starts_with(|d: char| d.is_ascii_digit())));
}

#[test]
fn csv_and_jsonl_load_in_duckdb_with_the_right_types() {
    if !util::duckdb() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("e.csv");
    let jsonl = tmp.path().join("d.jsonl");
    run(&[
        "extract",
        "tests/data/entities.jsonl",
        "--format",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]);
    let mut lines = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/entities.jsonl"),
    )
    .unwrap();
    lines.push_str(&String::from_utf8(run(&["extract", "fixtures/seeds", "-q"]).stdout).unwrap());
    std::fs::write(&jsonl, lines).unwrap();
    let script = r#"
import duckdb, sys
c = duckdb.connect()
t = dict(
         [(r[0], r[1]) for r in c.execute("DESCRIBE SELECT * FROM read_csv_auto(?)", [sys.argv[1]]).fetchall()])
for col, want in [("year", "BIGINT"), ("page", "BIGINT"), ("start", "BIGINT"), ("end", "BIGINT"), ("text", "VARCHAR"), ("cbs_code", "VARCHAR"), ("number", "DOUBLE"), ("char_end", "BIGINT")]:
    assert t[col] == want, (col, t[col])
n, = c.execute("SELECT count(*) FROM read_csv_auto(?) WHERE type = 'pilot'", [sys.argv[1]]).fetchone()
assert n == 3, n
s, = c.execute("SELECT sentence FROM read_csv_auto(?) WHERE type = 'partner' AND year = 2021", [sys.argv[1]]).fetchone()
assert s == 'Samen met de GGD, "Jeugdteam" en anderen.', s
j = dict((r[0], r[1]) for r in c.execute("DESCRIBE SELECT * FROM read_json_auto(?)", [sys.argv[2]]).fetchall())
assert j["year"] == "BIGINT", j["year"]
assert j["source"].startswith("STRUCT(path VARCHAR"), j["source"]
assert j["entities"].startswith("STRUCT("), j["entities"]
n, = c.execute("SELECT count(*) FROM read_json_auto(?) WHERE error IS NULL", [sys.argv[2]]).fetchone()
assert n == 8, n
g, = c.execute("SELECT count(*) FROM read_json_auto(?) WHERE municipality.code = 'GM1942'", [sys.argv[2]]).fetchone()
assert g == 4, g
print("ok")
"#;
    util::python3(&["-c", script, csv.to_str().unwrap(), jsonl.to_str().unwrap()]);
}

#[test]
fn compare_links_every_named_pilot_of_seed_000_to_its_status() {
    let gold_file = util::shared().join("gold/000_3a1d08d8a8726469.json");
    if !gold_file.is_file() {
        eprintln!("no ../shared/gold: skipped");
        return;
    }
    let o = run(&["compare", "fixtures/seeds", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let pilots: Vec<&serde_json::Value> = report["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "pilot" && i["by_municipality"]["Gooise Meren"].is_object())
        .collect();
    let gold: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&gold_file).unwrap()).unwrap();
    for g in gold["pilots"].as_array().unwrap() {
        let name = g["name"].as_str().unwrap();
        let p = pilots
            .iter()
            .find(|p| p["name"].as_str().unwrap().eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("pilot {name} not in the matrix"));
        let state = &p["by_municipality"]["Gooise Meren"];
        assert!(state["class"].is_string(), "{name} has a status: {state}");
    }
}

/// Issue 19: seed 004's prestatie-indicatoren have four "Doel-" target
/// columns; `compare` merged them (the last won) and sorted the columns by
/// name. Every value stays, under its column, in table order.
#[test]
fn compare_keeps_seed_004s_four_targets_in_table_order() {
    let seed = "fixtures/seeds/004_fc83cc86498e516c.txt";
    let o = run(&["compare", seed, "--format", "csv", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&o.stdout[..])
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "indicator" && &r[4] == "Bereik jongerenwerk")
        .collect();
    let fields: Vec<(&str, &str)> = rows.iter().map(|r| (&r[5], &r[6])).collect();
    assert_eq!(
        fields,
        [
            ("Nul-", "2013"),
            ("Reali-", "2.180"),
            ("Doel- (3)", "2.190"),
            ("Doel- (4)", "2.190"),
            ("Doel- (5)", "2.180"),
            ("Doel- (6)", "2.200"),
        ],
        "the page's row: Bereik jongerenwerk | 2013 | 2.180 | 2.190 | 2.190 | 2.180 | 2.200"
    );
    // The JSON keeps the rows in table order, each value with its header.
    let o = run(&["compare", seed, "--format", "json", "-q"]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let inds = r["municipalities"][0]["years"][0]["indicators"]
        .as_array()
        .unwrap();
    let extracted = records(&run(&["extract", seed, "-q"]));
    let names: Vec<&str> = extracted[0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        inds.iter()
            .map(|i| i["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        names,
        "every indicator row, in the document's order"
    );
    let targets: Vec<&str> = inds[0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["column"] == "Doel-")
        .map(|v| v["value"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["84%", "84%", "85%", "85%"]);
}
