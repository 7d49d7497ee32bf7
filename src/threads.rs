//! Scoped threads whose panic is the caller's.

/// What a scoped thread returned; its panic goes on in the thread that
/// joins it (so a document's panic still becomes its `internal` record).
pub(crate) fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
