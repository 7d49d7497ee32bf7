//! Gold check for issue 4: extract entities from every seed and hold the
//! scores to the issue's thresholds. Prints the per-field scores.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

use beleidsmijn::dict::{Sources, Vocabulary};
use beleidsmijn::eval::entities::score;
use beleidsmijn::eval::score::FieldScore;
use beleidsmijn::extract::entities::{extract, EntityVocabulary};
use beleidsmijn::ingest;
use beleidsmijn::model::EntityKind;
use beleidsmijn::model::Format;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn seeds_meet_issue_4_thresholds() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let seeds = shared.join("seeds");
    let Ok(dir) = std::fs::read_dir(&seeds) else {
        eprintln!("no ../shared/seeds: skipped");
        return;
    };
    let sources = Sources::load(None).unwrap();
    let ev = EntityVocabulary::build(&sources).unwrap();
    let vocab = Vocabulary::build(sources).unwrap();
    let mut paths: Vec<_> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut total: BTreeMap<String, FieldScore> = BTreeMap::new();
    let mut problems: Vec<String> = Vec::new();
    for p in &paths {
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        let gold: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shared.join("gold").join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        let doc = ingest::ingest(&std::fs::read(p).unwrap(), Format::Text, &vocab).unwrap();
        let ents = extract(&doc, &[], &[], &ev);
        for e in &ents {
            assert_eq!(&doc.text[e.start..e.end], e.text, "offsets of {e:?}");
        }
        if name.starts_with("000") {
            // Each named pilot carries a status class and a status names it as subject.
            for pl in ents
                .iter()
                .filter(|e| e.kind == EntityKind::Pilot && e.canonical.is_some())
            {
                let id = pl.extra.get("id").and_then(|v| v.as_str()).unwrap();
                if pl.class.is_none()
                    || !ents.iter().any(|s| {
                        s.kind == EntityKind::Status
                            && s.extra.get("subject").and_then(|v| v.as_str()) == Some(id)
                    })
                {
                    problems.push(format!(
                        "{name}: pilot {:?} ({id}) has no linked status",
                        pl.canonical
                    ));
                }
            }
        }
        for fs in score(&gold, &doc.text, &ents) {
            for m in &fs.misses {
                println!("{name}: {}: {m}", fs.field);
            }
            total
                .entry(fs.field.clone())
                .or_insert_with(|| FieldScore::new(&fs.field))
                .merge(&fs);
        }
    }
    println!(
        "{:<16} {:>6} {:>9} {:>9}",
        "field", "recall", "precision", "found"
    );
    for fs in total.values() {
        let p = fs
            .precision()
            .map(|p| format!("{p:.3}"))
            .unwrap_or_else(|| "-".into());
        println!(
            "{:<16} {:>6.3} {:>9} {:>5}/{}",
            fs.field,
            fs.recall(),
            p,
            fs.found,
            fs.total
        );
    }
    println!("{}", problems.join("\n"));
    let r = |f: &str| total.get(f).map(FieldScore::recall).unwrap_or(0.0);
    let prec = |f: &str| total.get(f).and_then(FieldScore::precision).unwrap_or(0.0);
    assert!(r("pilots") >= 0.9, "pilots recall");
    assert!(r("partners") >= 0.9 && prec("partners") >= 0.85, "partners");
    assert!(r("years") >= 1.0 && r("years_forbidden") >= 1.0, "years");
    assert!(r("dates") >= 0.9, "dates");
    assert!(r("statuses") >= 0.8, "statuses");
    assert!(r("projects") >= 0.7, "projects");
    assert!(problems.is_empty(), "{problems:?}");
}
