//! Bad input gets an error record naming the file and the reason; the batch
//! goes on; the exit code says something failed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use serde_json::Value;
use util::*;

fn hostile(name: &str) -> String {
    shared()
        .join("corpus/hostile")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

fn error_of<'a>(recs: &'a [Value], path: &str) -> &'a Value {
    let r = recs
        .iter()
        .find(|r| r["source"]["path"] == path)
        .unwrap_or_else(|| panic!("no record for {path}"));
    assert_valid(r);
    &r["error"]
}

#[test]
fn empty_binary_missing_and_unsupported_files_give_error_records() {
    let dir = std::env::temp_dir().join(format!("beleidsmijn-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let odd = dir.join("sheet.xlsx");
    std::fs::write(&odd, b"PK\x03\x04").unwrap();
    let missing = dir.join("missing.txt");
    let (empty, odd, missing) = (
        empty.to_str().unwrap(),
        odd.to_str().unwrap(),
        missing.to_str().unwrap(),
    );
    let binary_path = dir.join("junk.txt");
    std::fs::copy(hostile("random_bytes.html"), &binary_path).unwrap();
    let binary = binary_path.to_str().unwrap().to_string();
    let o = run(&[
        "extract",
        "fixtures/seeds/000_3a1d08d8a8726469.txt",
        empty,
        &binary,
        missing,
        odd,
        "fixtures/seeds/001_471ceefdd68c1809.txt",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exit code 1 when some inputs failed"
    );
    let recs = records(&o);
    assert_eq!(recs.len(), 6, "one record per input");
    assert!(
        recs[0]["error"].is_null() && recs[5]["error"].is_null(),
        "good documents still written"
    );
    assert_eq!(error_of(&recs, empty)["kind"], "empty");
    assert_eq!(error_of(&recs, &binary)["kind"], "binary");
    assert_eq!(error_of(&recs, missing)["kind"], "not_found");
    assert_eq!(error_of(&recs, odd)["kind"], "unsupported_format");
    let err = stderr(&o);
    for p in [empty, binary.as_str(), missing, odd] {
        assert!(
            err.contains(&format!("error: {p}: ")),
            "stderr names {p}: {err}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn windows_1252_is_decoded_with_a_warning() {
    let path = hostile("windows-1252.txt");
    let o = run(&["extract", &path]);
    assert_eq!(o.status.code(), Some(0));
    let r = &records(&o)[0];
    assert_eq!(r["warnings"][0], "not UTF-8, decoded as Windows-1252");
    assert!(stderr(&o).contains("warning:"));
    let text = doc_text(std::path::Path::new(&path));
    let expected =
        std::fs::read_to_string(shared().join("corpus/hostile/expected/windows-1252.txt")).unwrap();
    for word in [
        "geïntensiveerd",
        "heroriëntatie",
        "z’n beloop",
        "jeugd – sport",
    ] {
        assert!(expected.contains(word), "{word} is in the expected text");
        assert!(text.contains(word), "{word} decoded");
    }
    assert!(!text.contains('\u{FFFD}'));
}

#[test]
fn utf16_with_bom_is_decoded() {
    let path = hostile("utf16le_bom.txt");
    let o = run(&["extract", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = &records(&o)[0];
    assert_eq!(r["municipality"]["name"], "Gooise Meren");
    assert!(r["sections"].as_array().unwrap().len() >= 10);
}

#[test]
fn nul_byte_is_dropped_with_a_warning_naming_the_offset() {
    let o = run(&["extract", &hostile("nul_byte.txt")]);
    assert_eq!(o.status.code(), Some(0));
    let r = &records(&o)[0];
    assert!(r["warnings"][0].as_str().unwrap().contains("NUL"), "{r}");
}

/// Issue 22, finding 1: text without a full stop was one sentence, and
/// every entity carried it whole: 10,000 years separated by spaces (50 KB)
/// gave 376 MB of output and 1.2 GB of memory. Sentences are at most
/// 1,000 bytes now, so the output grows with the text.
#[test]
fn a_text_without_full_stops_gives_output_that_grows_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("years.txt");
    let text: Vec<String> = (0..10_000).map(|i| (1900 + i % 200).to_string()).collect();
    std::fs::write(&path, text.join(" ")).unwrap();
    let o = run(&["extract", "-q", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.len() < 20_000_000, "{} bytes", o.stdout.len());
    let recs = records(&o);
    let ents = recs[0]["entities"].as_array().unwrap();
    // The years 1950–2099 of each 200: 7,500.
    assert!(ents.len() >= 7_000, "{}", ents.len());
    assert!(ents
        .iter()
        .all(|e| e["sentence"].as_str().unwrap().len() <= 1_000));
}

/// Issue 22, finding 4: a link to /dev/zero was read without bound (3.1
/// GB) and a FIFO hung the run; both are error records now, at once.
#[test]
fn devices_and_fifos_are_error_records() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("z.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let fifo = dir.path().join("f.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut args = vec!["extract", "-q", "--timeout", "20", zero.to_str().unwrap()];
    if made {
        args.push(fifo.to_str().unwrap());
    }
    let o = run(&args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), args.len() - 4);
    assert_eq!(recs[0]["error"]["kind"], "unsupported_format");
    assert!(recs[0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("character device"));
    if made {
        assert!(recs[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("fifo"));
    }
}

/// A wide tab table followed by dates: each cell a table cell and an
/// entity, each entity with its row and sentence. `rows` rows of 12.
fn output_bomb(dir: &std::path::Path, name: &str, rows: usize) -> String {
    let mut text = String::from("Tabel 1 Lasten\n\n");
    for r in 0..rows {
        let row: Vec<String> = (0..12)
            .map(|c| ((r * 31 + c * 7) % 9999).to_string())
            .collect();
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    text.push('\n');
    for i in 0..2_000 {
        text.push_str(&format!("{} januari {} ", 1 + i % 28, 1990 + i % 40));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Issue 22, item 2: a record's output had no size budget (a 1.9 MB wide
/// table in text gave 232 MB of JSONL, 200,000 dates 618 MB and 1.8 GB of
/// memory). `--max-output` cuts it: entities from the end first, then
/// table rows, with a `limit` warning; the exit code stays 0 and the bytes
/// are the same on one thread and two.
#[test]
fn an_output_bomb_is_cut_to_the_budget_with_a_limit_warning() {
    let dir = tempfile::tempdir().unwrap();
    let a = output_bomb(dir.path(), "a.txt", 400);
    let b = output_bomb(dir.path(), "b.txt", 300);
    let seed = "fixtures/seeds/000_3a1d08d8a8726469.txt";
    let unlimited = run(&["extract", "-q", "--max-output", "0", &a]);
    assert!(
        unlimited.stdout.len() > 3_000_000,
        "{}",
        unlimited.stdout.len()
    );
    for (budget, bytes, cut) in [
        ("1MB", 1_000_000, "entities"),
        ("64K", 64 << 10, "table rows"),
    ] {
        let args = |j| vec!["extract", "--max-output", budget, "-j", j, &a, seed, &b];
        let o = run(&args("1"));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(o.stdout, run(&args("2")).stdout, "-j1 and -j2 differ");
        let lines: Vec<&[u8]> = o.stdout.split(|&c| c == b'\n').collect();
        let recs = records(&o);
        for (i, r) in [(0, &a), (2, &b)] {
            assert!(
                lines[i].len() <= bytes,
                "{budget}: {} bytes",
                lines[i].len()
            );
            assert_valid(&recs[i]);
            let w = recs[i]["warnings"].as_array().unwrap();
            let w = w.last().unwrap().as_str().unwrap();
            assert!(
                w.starts_with("limit: output would be more than the limit of"),
                "{w}"
            );
            assert!(w.contains(cut), "{budget}: {w}");
            assert!(
                stderr(&o).contains(&format!("warning: {r}: {w}")),
                "{}",
                stderr(&o)
            );
        }
        if bytes == 1_000_000 {
            // Entities go first: the table is whole; the seed, under the
            // budget, is as without one.
            assert_eq!(recs[0]["tables"][0]["rows"].as_array().unwrap().len(), 400);
            let alone = run(&["extract", "--max-output", "0", seed]);
            assert_eq!(lines[1], alone.stdout.strip_suffix(b"\n").unwrap());
        }
    }
}

/// The default budget (64 MiB) cuts nothing in a normal document: the
/// output is the same as with no budget at all.
#[test]
fn the_default_output_budget_leaves_the_fixtures_whole() {
    let default = run(&["extract", "-q", "fixtures"]);
    let unlimited = run(&["extract", "-q", "--max-output", "0", "fixtures"]);
    assert_eq!(default.status.code(), Some(0), "{}", stderr(&default));
    assert_eq!(unlimited.status.code(), Some(0), "{}", stderr(&unlimited));
    assert!(!stdout(&default).contains("limit: output"));
    assert_eq!(default.stdout, unlimited.stdout);
}
