//! The pages of one document read on several threads, their results in
//! page order (beleidsmijn, PATCHED.md fix 11).
//!
//! A thread takes the next page when it is done with one, so a few heavy
//! pages do not leave a thread idle; each thread keeps its own state (a
//! cache) made by `state`. The calling thread is one of the workers. A
//! reader that no longer needs the result sets `stop`: no thread takes
//! another page. Tested in beleidsmijn's `tests/page_threads.rs` (this
//! crate is not a workspace member, so its own tests do not run there).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Stack of each extra thread: that of the batch threads of beleidsmijn,
/// whose pages a page thread reads in their stead.
const STACK: usize = 8 << 20;

/// `f` applied to every item by `threads` threads; the results in the
/// items' order, as a sequential map gives them, or `None` when `stop`
/// was set before every item was taken. A panic in `f` is raised again on
/// the calling thread.
pub fn map_in_order<T, S, R>(
    items: &[T],
    threads: usize,
    stop: &AtomicBool,
    state: impl Fn() -> S + Sync,
    f: impl Fn(&T, &mut S) -> R + Sync,
) -> Option<Vec<R>>
where
    T: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let work = || {
        let mut own = state();
        let mut done = Vec::new();
        loop {
            if stop.load(Ordering::Relaxed) {
                return done;
            }
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item, &mut own)));
        }
    };
    let extra = threads.min(items.len()).saturating_sub(1);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let spawned: Vec<_> = (0..extra)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut done = work();
        for handle in spawned {
            match handle.join() {
                Ok(theirs) => done.extend(theirs),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    if done.len() < items.len() {
        return None;
    }
    done.sort_unstable_by_key(|(i, _)| *i);
    Some(done.into_iter().map(|(_, r)| r).collect())
}

/// [`map_in_order`] for a caller that never stops and keeps no state per
/// thread: every item's result, in the items' order.
pub fn map_all<T, R>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    // Nothing sets `never`, so every item is taken and the map is `Some`.
    let never = AtomicBool::new(false);
    map_in_order(items, threads, &never, || (), |item, ()| f(item)).unwrap_or_default()
}
