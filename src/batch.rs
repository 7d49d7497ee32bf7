//! The parallel batch: inputs expanded into a sorted, indexed list,
//! processed by a rayon pool, written by one writer strictly in input order.
//!
//! Workers take indices in order and send `(index, record)` to the writer,
//! which buffers early arrivals and writes as soon as the next index is in.
//! A worker does not start document `i` until `i < written + window`, so a
//! slow document holds back at most `window` finished ones: memory is
//! bounded by the documents in flight, not by the size of the archive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// Why inputs could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad `--glob` pattern.
    #[error("invalid glob pattern '{pattern}': {source}")]
    Glob {
        /// The pattern.
        pattern: String,
        /// Cause.
        source: globset::Error,
    },
    /// The thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Pool(#[from] rayon::ThreadPoolBuildError),
}

/// Expand files and folders (recursively) into a list of files. Folders
/// are walked in sorted order and filtered by `glob` (matched against the
/// file name and the path); files named explicitly are always kept, in the
/// order given. Paths that do not exist are kept, so they get error records.
///
/// # Errors
/// An invalid glob pattern.
pub fn expand(inputs: &[PathBuf], glob: Option<&str>) -> Result<Vec<PathBuf>, Error> {
    let matcher = match glob {
        Some(p) => Some(
            globset::Glob::new(p)
                .map_err(|source| Error::Glob { pattern: p.to_string(), source })?
                .compile_matcher(),
        ),
        None => None,
    };
    let wanted = |p: &Path| {
        matcher.as_ref().is_none_or(|m| m.is_match(p) || p.file_name().is_some_and(|n| m.is_match(n)))
    };
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| !is_hidden(p, input))
                .filter(|p| glob.is_some() || crate::ingest::format_of(p).is_ok())
                .filter(|p| wanted(p))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn is_hidden(p: &Path, root: &Path) -> bool {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Run `work` over `0..n` on `threads` threads and hand the results to
/// `write` in index order. Returns early (with the writer's error) when
/// writing fails, e.g. on a closed pipe.
///
/// # Errors
/// The first error `write` returns, or a thread-pool failure.
pub fn run<T, F, W>(n: usize, threads: usize, window: usize, work: F, mut write: W) -> Result<Result<(), std::io::Error>, Error>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
    W: FnMut(usize, T) -> std::io::Result<()>,
{
    let threads = threads.max(1);
    let window = window.max(threads);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let written = Mutex::new(0usize);
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let mut result = Ok(());
    pool.in_place_scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop, written, moved, work) = (&next, &stop, &written, &moved, &work);
            scope.spawn(move |_| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= n || stop.load(Ordering::SeqCst) {
                    break;
                }
                {
                    let mut w = written.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *w + window && !stop.load(Ordering::SeqCst) {
                        w = moved.wait(w).unwrap_or_else(|e| e.into_inner());
                    }
                }
                if tx.send((i, work(i))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, T> = BTreeMap::new();
        let mut expect = 0;
        for (i, rec) in rx.iter() {
            pending.insert(i, rec);
            while let Some(rec) = pending.remove(&expect) {
                if result.is_ok() {
                    if let Err(e) = write(expect, rec) {
                        result = Err(e);
                        stop.store(true, Ordering::SeqCst);
                    }
                }
                expect += 1;
                *written.lock().unwrap_or_else(|e| e.into_inner()) = expect;
                moved.notify_all();
            }
            if stop.load(Ordering::SeqCst) {
                moved.notify_all();
            }
        }
    });
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{ErrorInfo, ErrorRecord, Record, Source};

    fn rec(i: usize) -> Record {
        Record::Error(ErrorRecord {
            schema_version: 1,
            source: Source { path: i.to_string(), format: None, sha256: None, bytes: None, pages: None },
            error: ErrorInfo { kind: "x".into(), message: String::new() },
        })
    }

    #[test]
    fn output_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            run(50, threads, 4, |i| {
                std::thread::sleep(std::time::Duration::from_micros(((i * 37) % 11) as u64 * 100));
                rec(i)
            }, |i, r| {
                assert_eq!(r.source().path, i.to_string());
                seen.push(i);
                Ok(())
            })
            .unwrap()
            .unwrap();
            assert_eq!(seen, (0..50).collect::<Vec<_>>());
        }
    }

    #[test]
    fn writer_error_stops_the_run() {
        let r = run(1000, 2, 4, rec, |i, _| if i == 3 { Err(std::io::Error::other("closed")) } else { Ok(()) }).unwrap();
        assert!(r.is_err());
    }
}
