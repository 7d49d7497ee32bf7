//! `extract` on the bundled fixtures: the output contract, provenance and
//! determinism.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use serde_json::Value;
use util::*;

fn seeds() -> Vec<Value> {
    let o = run(&["extract", "fixtures/seeds"]);
    assert!(o.status.success(), "{}", stderr(&o));
    records(&o)
}

#[test]
fn five_seeds_five_valid_records_in_input_order() {
    let recs = seeds();
    assert_eq!(recs.len(), 5);
    let paths: Vec<&str> = recs
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    for r in &recs {
        assert_valid(r);
        assert_eq!(r["schema_version"], 2);
        assert_eq!(r["tool"]["name"], "beleidsmijn");
        assert_eq!(r["tool"]["version"], env!("CARGO_PKG_VERSION"));
        assert!(!r["tool"]["build"].as_str().unwrap().is_empty());
        assert_eq!(r["tool"]["dictionaries"].as_str().unwrap().len(), 64);
        assert_eq!(r["source"]["format"], "text");
        assert_eq!(r["source"]["sha256"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn every_offset_points_at_what_was_extracted() {
    for r in seeds() {
        let path = util::root().join(r["source"]["path"].as_str().unwrap());
        let text = doc_text(&path);
        for s in r["sections"].as_array().unwrap() {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert!(
                start <= end && end <= text.len(),
                "section out of bounds: {s}"
            );
            assert!(
                text[start..].starts_with(s["heading"].as_str().unwrap()),
                "heading not at its offset: {s}"
            );
        }
        for i in r["items"].as_array().unwrap() {
            for (field, spans) in [("goal", "goal_spans"), ("status_text", "status_spans")] {
                let pieces: Vec<&str> = i[spans]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|sp| {
                        &text[sp["start"].as_u64().unwrap() as usize
                            ..sp["end"].as_u64().unwrap() as usize]
                    })
                    .collect();
                assert_eq!(
                    pieces.join(" "),
                    i[field].as_str().unwrap(),
                    "item {} {field}",
                    i["id"]
                );
            }
        }
        for e in r["entities"].as_array().unwrap() {
            let (start, end) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], e["text"].as_str().unwrap(), "entity {e}");
            // An entity in a table cell carries its row: a line of the
            // text, cells apart by tabs, the entity inside it.
            if let Some(row) = e["row"].as_str() {
                let at = text[..=start].rfind('\n').map_or(0, |n| n + 1);
                let line = text[at..].lines().next().unwrap_or_default();
                assert!(row.contains('\t') && line.contains(row), "entity {e}");
                assert!(at + line.len() >= end, "entity {e} outside its row");
            }
        }
        let rows = r["entities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["row"].is_string());
        if r["source"]["path"].as_str().unwrap().contains("003") {
            assert!(rows.count() > 10, "003's goal/status table gives rows");
        }
    }
}

#[test]
fn same_bytes_whatever_the_thread_count() {
    let one = run(&["extract", "-j", "1", "fixtures"]);
    let two = run(&["extract", "-j", "2", "fixtures"]);
    let eight = run(&["extract", "-j", "8", "fixtures"]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, eight.stdout);
}

#[test]
fn json_format_is_one_array_of_the_same_records() {
    let o = run(&["extract", "--format", "json", "fixtures/seeds"]);
    assert!(o.status.success());
    let arr: Vec<Value> = serde_json::from_slice(&o.stdout).expect("one JSON array");
    assert_eq!(arr, seeds());
}

#[test]
fn output_file_and_glob() {
    let dir = std::env::temp_dir().join(format!("beleidsmijn-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.jsonl");
    let o = run(&[
        "extract",
        "fixtures",
        "--glob",
        "00[12]*.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "data goes to the file, not stdout");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn seed_001_header_block_and_sections() {
    let r = &seeds()[1];
    assert_eq!(r["metadata"]["date"], "2023-11-07");
    assert_eq!(r["metadata"]["case_number"], "713442");
    assert_eq!(r["doc_type"], "raadsmededeling");
    assert_eq!(r["municipality"]["code"], "GM1942");
    let kinds: Vec<&str> = r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        &kinds[..3],
        &["kennisnemen_van", "inleiding", "kernboodschap"]
    );
}

#[test]
fn version_and_help() {
    let o = run(&["--version"]);
    assert!(stdout(&o).starts_with("beleidsmijn "));
    for cmd in ["extract", "text", "eval", "compare", "report"] {
        let o = run(&[cmd, "--help"]);
        assert!(o.status.success());
        assert!(
            stdout(&o).contains("EXAMPLES:"),
            "{cmd} --help has examples"
        );
    }
}

/// A PDF whose text layer is symbol soup (Type 3 fonts without a Unicode
/// mapping) gets no entities, and its record says why.
#[test]
fn a_garbled_text_layer_gets_no_entities() {
    let pdf = shared().join("corpus/real/wassenaar_jaarstukken_2019.pdf");
    if !pdf.exists() {
        return;
    }
    let o = run(&["extract", "-q", pdf.to_str().unwrap()]);
    let r = &records(&o)[0];
    assert_eq!(r["entities"].as_array().map(Vec::len), Some(0));
    let warnings: Vec<&str> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    assert!(warnings
        .iter()
        .any(|w| w.starts_with("text layer looks garbled")));
    assert!(warnings.contains(&"no entities: the text layer is garbled"));
}

/// Boxtel's Gemeenteblad (XEP) in `corpus/wild`, if it is there.
fn gemeenteblad() -> Option<std::path::PathBuf> {
    let pdf = shared().join("corpus/wild/pzhswc__gmb-2024-469908.pdf");
    if !pdf.exists() {
        eprintln!("skip: no {}", pdf.display());
        return None;
    }
    Some(pdf)
}

/// Issue 18: a Gemeenteblad's first page, framed by rules with its
/// masthead and footer cut into cells, was read as one table, and its
/// articles were no sections. Articles 1 to 5 are sections, in order.
#[test]
fn issue_18_a_gemeenteblad_first_page_reads_its_articles() {
    let Some(pdf) = gemeenteblad() else {
        return;
    };
    let o = run(&["extract", "-q", pdf.to_str().unwrap()]);
    let r = &records(&o)[0];
    let headings: Vec<&str> = r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["heading"].as_str())
        .collect();
    let mut from = 0;
    for n in 1..=5 {
        let want = format!("Artikel {n}.");
        let at = headings[from..].iter().position(|h| h.starts_with(&want));
        let at = at.unwrap_or_else(|| panic!("no {want:?} after {from}: {headings:?}"));
        from += at + 1;
    }
    assert_eq!(r["source"]["pages"], 7);
}

/// XEP (every Gemeenteblad) ends each line with a space, after a
/// hyphenation hyphen too, and sets "Artikel 6 . Verzekering" with space
/// glyphs around the point. The hyphenated words are whole again
/// ("be- doeld" was read) and the spaces of the heading stay.
#[test]
fn a_gemeenteblad_joins_its_hyphenated_words() {
    let Some(pdf) = gemeenteblad() else {
        return;
    };
    let o = run(&["text", pdf.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    for whole in ["bedoeld", "politieke", "voorzieningen", "Gemeenteblad"] {
        assert!(text.contains(whole), "no {whole:?}");
    }
    for broken in ["be- doeld", "poli- tieke", "voorzie- ningen"] {
        assert!(!text.contains(broken), "{broken:?} is still broken");
    }
    assert!(text.contains("Artikel 6 . Verzekering raadsleden"));
}

/// Issue 18: documents of the Kiesraad, a ministry, a province or the VNG
/// name places but are from no municipality; a Gemeenteblad is from the
/// municipality that publishes it.
#[test]
fn issue_18_national_and_provincial_documents_have_no_municipality() {
    let wild = shared().join("corpus/wild");
    let Ok(dir) = std::fs::read_dir(&wild) else {
        eprintln!("skip: no {}", wild.display());
        return;
    };
    let mut files: Vec<String> = dir
        .filter_map(|e| e.ok())
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".pdf"))
        .collect();
    files.sort();
    let national = [
        "kiesraad__",
        "pzh__",
        "vws__",
        "vngbp__",
        "plooi__kst-",
        "plooi__ah-tk-",
    ];
    let mut args = vec!["extract", "-q"];
    args.extend(files.iter().map(String::as_str));
    let o = run(&args);
    let mut checked = 0;
    for r in records(&o) {
        let path = r["source"]["path"].as_str().unwrap().to_string();
        let name = path.rsplit('/').next().unwrap();
        if national.iter().any(|p| name.starts_with(p)) {
            assert!(r["municipality"].is_null(), "{name}: {}", r["municipality"]);
            checked += 1;
        } else if name.starts_with("pzhswc__gmb-") {
            assert!(r["municipality"]["code"].is_string(), "{name}");
        }
    }
    assert!(checked >= 40, "{checked} national or provincial documents");
}

/// Issue 19: a Word report's hanging-indent headings ("1.1.1" in a column
/// of its own beside "Maatschappelijk belang" and the paragraphs under
/// it) were one table; a leaflet's fine print (4.5 pt addresses beside
/// each other on a page of 8 pt) another. Each is text: the heading a
/// section, no table on those pages.
#[test]
fn issue_19_hanging_indents_and_fine_print_are_no_tables() {
    let report = shared().join("corpus/wild/pzhswc__blg-1159474.pdf");
    let leaflet = shared().join("corpus/wild/vws__10999.pdf");
    if !report.exists() || !leaflet.exists() {
        eprintln!("skip: no corpus/wild");
        return;
    }
    let o = run(&[
        "extract",
        "-q",
        report.to_str().unwrap(),
        leaflet.to_str().unwrap(),
    ]);
    let recs = records(&o);
    let tables_on = |r: &Value, page: u64| {
        r["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["page"] == page)
            .count()
    };
    let report = recs
        .iter()
        .find(|r| {
            r["source"]["path"]
                .as_str()
                .unwrap()
                .ends_with("blg-1159474.pdf")
        })
        .unwrap();
    assert_eq!(tables_on(report, 23), 0);
    assert!(report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["heading"] == "1.1.1 Maatschappelijk belang" && s["page"] == 23));
    let leaflet = recs
        .iter()
        .find(|r| {
            r["source"]["path"]
                .as_str()
                .unwrap()
                .ends_with("vws__10999.pdf")
        })
        .unwrap();
    assert_eq!(tables_on(leaflet, 1), 0);
}

/// Issue 19: rows no rule parts. A survey's answer grids, one per
/// question on a page (`vngbp__Mantelzorg_bijlage.pdf` p. 9), each
/// statement wrapped over five or six lines beside a mark per column set
/// halfway down it: one row per statement, under the header of its own
/// grid (the grids were one table, the four statements one row). A WNT
/// table (`dev/docs/205.pdf` p. 1) whose figures stand centred beside
/// wrapped labels: one row per label ("Beloningen betaalbaar op termijn"
/// was joined to the row above, "Individueel toepasselijke" parted from
/// its "bezoldigingsmaximum | 223.000").
#[test]
fn issue_19_rows_of_centred_cells_beside_wrapped_keys() {
    let survey = shared().join("corpus/wild/vngbp__Mantelzorg_bijlage.pdf");
    let wnt = shared().join("dev/docs/205.pdf");
    if !survey.exists() || !wnt.exists() {
        eprintln!("skip: no corpus/wild or dev");
        return;
    }
    let texts = |t: &Value| -> Vec<Vec<String>> {
        t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["text"].as_str().unwrap().to_string())
                    .collect()
            })
            .collect()
    };
    let o = run(&["extract", "-q", survey.to_str().unwrap()]);
    let rec = &records(&o)[0];
    let grid = rec["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(texts)
        .find(|rows| rows.iter().flatten().any(|c| c == "helemaal oneens"))
        .expect("the grid of p. 9");
    let statements: Vec<&str> = grid.iter().skip(1).map(|r| r[0].as_str()).collect();
    assert_eq!(
        statements,
        [
            "Ik pak de draad makkelijk op als het even tegen heeft gezeten",
            "Ik sla me makkelijk door moeilijke tijden heen",
            "Ik regel makkelijk zelf hulp als dat nodig is",
            "Ik raak snel van slag als iets tegenzit of onduidelijk is",
        ]
    );
    assert!(grid[1..].iter().all(|r| r[1..] == ["o"; 6]), "{grid:?}");
    // The question above it is no part of it.
    assert!(!grid
        .iter()
        .flatten()
        .any(|c| c.contains("[sociaal vangnet]")));

    let o = run(&["extract", "-q", wnt.to_str().unwrap()]);
    let rec = &records(&o)[0];
    let rows: Vec<Vec<String>> = rec["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(texts)
        .collect();
    for want in [
        [
            "Beloning plus belastbare onkostenvergoedingen",
            "118.337",
            "110.349",
        ],
        ["Beloningen betaalbaar op termijn", "18.974", "18.987"],
        [
            "Individueel toepasselijke bezoldigingsmaximum",
            "223.000",
            "216.000",
        ],
    ] {
        assert!(rows.iter().any(|r| r == &want), "{want:?} in {rows:?}");
    }
}
