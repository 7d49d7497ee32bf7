//! Helpers for integration tests: run the real binary, read the schema.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the clone (CI and developer machines have it).
pub fn shared() -> PathBuf {
    root().join("..").join("shared")
}

/// Run the binary with `args` in the crate root.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beleidsmijn"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs")
}

/// stdout as UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// stderr as UTF-8.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parse JSONL output.
pub fn records(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// Validate a record against schema/document.schema.json; panics with
/// every violation.
pub fn assert_valid(record: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("schema/document.schema.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(record)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "record violates the schema: {errors:#?}");
}

/// The text `beleidsmijn text` prints for a file (offsets point into it).
pub fn doc_text(path: &Path) -> String {
    let o = run(&["text", path.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "text failed: {}", stderr(&o));
    let mut s = stdout(&o);
    s.pop(); // the final newline `text` adds
    s
}

/// Whether Python can import duckdb; says why a test skips when it cannot.
pub fn duckdb() -> bool {
    match Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
    {
        Ok(o) if o.status.success() => true,
        _ => {
            eprintln!("skipped: python3 -c 'import duckdb' fails (pip install duckdb)");
            false
        }
    }
}

/// Run `python3 ARGS`; panics with its output unless it succeeds, and
/// returns its stdout.
pub fn python3<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> String {
    let o = Command::new("python3").args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `extract INPUT --format csv --table all -q -o DIR`: the flat tables.
pub fn extract_tables(input: &Path, dir: &Path) -> Output {
    run(&[
        "extract",
        input.to_str().expect("utf-8 path"),
        "--format",
        "csv",
        "--table",
        "all",
        "-q",
        "-o",
        dir.to_str().expect("utf-8 path"),
    ])
}

/// Load a folder of flat tables (`--format csv --table all -o DIR`) in
/// DuckDB and check types, row counts and joins against the JSONL they
/// came from (`tests/duckdb/check_tables.py`); skipped without duckdb.
pub fn check_tables(dir: &Path, jsonl: &Path) {
    if !duckdb() {
        return;
    }
    let script = root().join("tests/duckdb/check_tables.py");
    let out = python3(&[script.as_path(), dir, jsonl]);
    eprintln!("{}", out.trim());
}

/// The flat tables, in the order `--table all` writes them and a
/// workbook has its sheets.
pub const TABLES: [&str; 6] = [
    "documents",
    "sections",
    "items",
    "entities",
    "claims",
    "tables",
];

/// Send SIGINT to `child` and wait (10 s at most) for it to end; its
/// output, or `None` (the child killed) when there is no `kill` command
/// to send the signal with.
pub fn interrupt_and_wait(mut child: std::process::Child) -> Option<Output> {
    use std::time::{Duration, Instant};
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    if !killed.is_ok_and(|k| k.success()) {
        let _ = child.kill();
        let _ = child.wait();
        eprintln!("skip: no kill command to send SIGINT with");
        return None;
    }
    let sent = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if sent.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the run did not stop on SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(child.wait_with_output().unwrap())
}
