//! Worker processes (issue 22, item 1): a document whose worker aborts,
//! runs out of its memory limit or hangs becomes its own error record
//! (`crash`, `limit`, `timeout`), its worker is replaced, and the batch
//! goes on with the same bytes on one worker as on two, and the same
//! records for good documents as on threads (`--isolate never`).
//!
//! The abort uses the debug build's `BELEIDSMIJN_TEST_ABORT_ON` hook (no
//! real input aborts any more since lopdf's counts are checked); the
//! memory limit and the timeout use real inputs and the real hang hook.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may panic: that is how they fail

mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use util::{assert_valid, records, root, stderr};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_beleidsmijn"));
    c.current_dir(root()).stdin(Stdio::null());
    c
}

/// Copies of the seed texts, `n` of them, numbered so they sort in order.
fn seeds(dir: &Path, n: usize) -> Vec<String> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    (0..n)
        .map(|i| {
            let src = &names[i % names.len()];
            let p = dir.join(format!(
                "{i:02}_{}",
                src.file_name().unwrap().to_str().unwrap()
            ));
            std::fs::copy(src, &p).unwrap();
            p.to_str().unwrap().to_string()
        })
        .collect()
}

/// A text of `n` dated sentences without a full stop between them: each
/// date an entity, so the record (with `--max-output 0`) grows to hundreds
/// of MB (20,000 dates: 616 MB) and needs more memory still.
fn memory_hungry(dir: &Path, n: usize) -> String {
    let mut text = String::from("Planning\n\n");
    for i in 0..n {
        text.push_str(&format!("{} januari {} ", 1 + i % 28, 1990 + i % 40));
    }
    let p = dir.join("zz_dates.txt");
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn kinds(o: &Output) -> Vec<String> {
    records(o)
        .iter()
        .map(|r| r["error"]["kind"].as_str().unwrap_or("ok").to_string())
        .collect()
}

/// A worker that aborts on the third document gives it a `crash` record
/// naming the signal; the documents after it are read by a new worker.
#[test]
fn an_abort_becomes_a_crash_record_and_the_next_documents_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    let files = seeds(dir.path(), 6);
    let bad = Path::new(&files[2]).file_name().unwrap().to_str().unwrap();
    let mut outs = Vec::new();
    for j in ["-j1", "-j2"] {
        let t0 = Instant::now();
        let o = bin()
            .args(["extract", j, dir.path().to_str().unwrap()])
            .env("BELEIDSMIJN_TEST_ABORT_ON", bad)
            .output()
            .unwrap();
        assert!(t0.elapsed() < Duration::from_secs(30));
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert_eq!(kinds(&o), ["ok", "ok", "crash", "ok", "ok", "ok"]);
        let recs = records(&o);
        assert_valid(&recs[2]);
        assert_eq!(recs[2]["source"]["path"], files[2]);
        let message = recs[2]["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("the worker process was killed by SIGABRT"),
            "{message}"
        );
        assert!(
            stderr(&o).contains(&format!("error: {}: {message} (crash)", files[2])),
            "{}",
            stderr(&o)
        );
        outs.push(o.stdout);
    }
    assert!(outs[0] == outs[1], "-j1 and -j2 differ");
    // The good records are those of the documents read on threads.
    let threads = bin()
        .args([
            "extract",
            "-q",
            "--isolate",
            "never",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(threads.status.code(), Some(0), "{}", stderr(&threads));
    let lines =
        |b: &[u8]| -> Vec<Vec<u8>> { b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    let (isolated, plain) = (lines(&outs[0]), lines(&threads.stdout));
    assert_eq!(isolated.len(), plain.len());
    for (i, (a, b)) in isolated.iter().zip(&plain).enumerate() {
        assert!(i == 2 || a == b, "record {i} differs from the thread's");
    }
}

/// A document that needs more memory than `--max-memory` gives the worker
/// a failed allocation: a `limit` record naming the limit; the document
/// after it is fine. Without the limit (in a thread, with output unbounded)
/// this text takes gigabytes.
#[test]
fn a_document_past_the_memory_limit_is_a_limit_record() {
    let dir = tempfile::tempdir().unwrap();
    let good = seeds(dir.path(), 1).remove(0);
    let hungry = memory_hungry(dir.path(), 20_000);
    let o = bin()
        .args([
            "extract",
            "-q",
            "-j1",
            "--max-output",
            "0",
            "--max-memory",
            "200M",
            &hungry,
            &good,
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(kinds(&o), ["limit", "ok"]);
    let recs = records(&o);
    assert_valid(&recs[0]);
    let message = recs[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "memory: needed more than the --max-memory limit of 209715200 bytes \
             (an allocation failed); the worker process was killed by SIGABRT"
        ),
        "{message}"
    );
}

/// The processes whose parent is `pid`.
fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: the name may hold spaces, so split
        // after its closing parenthesis.
        let Some((_, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let ppid = rest.split(' ').nth(1).and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(pid) {
            out.extend(e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()));
        }
    }
    out
}

/// A document that runs past `--timeout` gets a `timeout` record and its
/// worker is killed then, not left to burn CPU until the batch ends: two
/// hanging documents in a row, and while the second hangs, the first
/// one's worker is gone.
#[test]
fn a_timed_out_worker_is_killed_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        seeds(&dir.path().join(sub), 1);
    }
    let hang = std::fs::read_dir(dir.path().join("a"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let out = dir.path().join("out.jsonl");
    let mut child = bin()
        .args(["extract", "-q", "-j1", "--timeout", "2", "-o"])
        .arg(&out)
        .arg(dir.path().join("a"))
        .arg(dir.path().join("b"))
        .env("BELEIDSMIJN_TEST_HANG_ON", &hang)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let partial = dir.path().join("out.jsonl.partial");
    let t0 = Instant::now();
    let mut first = Vec::new();
    while first.is_empty() && t0.elapsed() < Duration::from_secs(60) {
        first = children(child.id());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(first.len(), 1, "one worker at -j1: {first:?}");
    let worker = first[0];
    // Wait for the first record, then look while the second hangs.
    while std::fs::read_to_string(&partial).map_or(true, |s| s.lines().count() < 1)
        && t0.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let gone = !Path::new(&format!("/proc/{worker}")).exists();
    // The thread starts the next worker right after it wrote the record.
    let mut now = children(child.id());
    let t1 = Instant::now();
    while now.iter().all(|&p| p == worker) && t1.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(20));
        now = children(child.id());
    }
    let running = child.try_wait().unwrap().is_none();
    let status = child.wait().unwrap();
    assert!(running, "the batch was still running");
    assert!(gone, "the timed-out worker {worker} is still there");
    assert_eq!(now.len(), 1, "a new worker took its place: {now:?}");
    assert_ne!(now[0], worker);
    assert_eq!(status.code(), Some(1));
    let text = std::fs::read_to_string(&out).unwrap();
    let recs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    for r in &recs {
        assert_eq!(r["error"]["kind"], "timeout");
        assert_eq!(
            r["error"]["message"],
            "processing took longer than the time budget of 2 s"
        );
    }
}

/// Good documents, hostile files, an abort and a memory-hungry text in one
/// batch: one record each, in order, the same bytes on one worker and two.
#[test]
fn a_mixed_batch_is_the_same_on_one_worker_and_two() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = seeds(dir.path(), 8);
    let hostile = root().join("../shared/corpus/hostile");
    for name in [
        "truncated_half.pdf",
        "random_bytes.html",
        "page_tree_cycle.pdf",
    ] {
        let p = hostile.join(name);
        if p.exists() {
            let to = dir.path().join(format!("50_{name}"));
            std::fs::copy(&p, &to).unwrap();
            files.push(to.to_str().unwrap().to_string());
        }
    }
    files.push(memory_hungry(dir.path(), 20_000));
    let abort = Path::new(&files[5])
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let run = |j: &str| {
        let o = bin()
            .args([
                "extract",
                "-q",
                j,
                "--max-output",
                "0",
                "--max-memory",
                "200M",
            ])
            .args(&files)
            .env("BELEIDSMIJN_TEST_ABORT_ON", &abort)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        o
    };
    let one = run("-j1");
    let two = run("-j2");
    assert!(one.stdout == two.stdout, "-j1 and -j2 differ");
    let kinds = kinds(&one);
    assert_eq!(kinds.len(), files.len());
    assert_eq!(kinds[5], "crash");
    assert_eq!(kinds.last().unwrap(), "limit");
    assert!(
        kinds[..8]
            .iter()
            .enumerate()
            .all(|(i, k)| i == 5 || k == "ok"),
        "{kinds:?}"
    );
}
