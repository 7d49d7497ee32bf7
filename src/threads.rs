//! Scoped threads whose panic is the caller's, and the size of the pool
//! lopdf parses on.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

/// What a scoped thread returned; its panic goes on in the thread that
/// joins it (so a document's panic still becomes its `internal` record).
pub(crate) fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Threads asked for the parse pool; 0: rayon's default.
static PARSE_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Parse PDF objects on `n` threads (no more than the cores). lopdf parses
/// a file's objects on rayon's global pool, which has a thread per core
/// whatever `-j` says: `-j1` kept two cores busy while a file was parsed,
/// and `xargs -P4 beleidsmijn extract -j1` ran eight threads on four
/// cores. Takes effect when the first PDF is read ([`parse_pool`]), so a
/// run without PDFs starts no pool; a pool already running keeps its size.
pub fn set_parse_threads(n: usize) {
    PARSE_THREADS.store(n, Ordering::Relaxed);
}

/// Start the parse pool at the size [`set_parse_threads`] asked for, no
/// more than the cores (once per process; nothing without a size).
pub(crate) fn parse_pool() {
    static START: Once = Once::new();
    START.call_once(|| {
        let n = PARSE_THREADS.load(Ordering::Relaxed);
        if n > 0 {
            let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
            let _ = rayon::ThreadPoolBuilder::new()
                .num_threads(n.min(cores))
                .build_global();
        }
    });
}
