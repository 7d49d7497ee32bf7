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
