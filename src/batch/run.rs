//! The ordered parallel runner: `n` jobs on worker threads, results handed
//! to one writer strictly in index order, with a reorder window and a
//! watchdog.
//!
//! Workers take indices in order and send `(index, result)` to the writer,
//! which buffers early arrivals in a `BTreeMap` and writes as soon as the
//! next index is in. A worker does not start job `i` until
//! `i < written + window`, so a slow job holds back at most `window`
//! finished ones: memory is bounded by the jobs in flight, not by the size
//! of the archive.
//!
//! A thread stuck in a job cannot be killed, so the watchdog works around
//! it: when the job the writer waits for has run longer than the budget,
//! the writer writes the `late` result in its place, marks the job
//! abandoned (its result is dropped if it ever comes), and starts a
//! replacement worker so the batch keeps its thread count. The stuck thread
//! is detached; it ends with the process. That is why workers are plain
//! threads with `'static` jobs rather than a rayon pool: a pool cannot grow
//! a replacement for a thread that never comes back.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Stack size of a worker: the same as the main thread's, so deep
/// documents behave the same with `-j1` and `-j8`.
pub const STACK: usize = 8 << 20;

/// How the runner runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Reorder window: how many finished results may wait for a slow one
    /// (at least `threads`).
    pub window: usize,
    /// Per-job time budget; `None` waits forever.
    pub budget: Option<Duration>,
    /// Extra time the watchdog grants past the budget, so that a job that
    /// checks its own deadline reports first.
    pub grace: Duration,
    /// Set (by a signal handler) to stop: the writer stops within
    /// [`INTERRUPT_POLL`] and the run returns an `Interrupted` error.
    pub interrupt: Option<Arc<AtomicBool>>,
}

/// How often the writer looks at [`Options::interrupt`] while it waits.
pub const INTERRUPT_POLL: Duration = Duration::from_millis(100);

impl Default for Options {
    fn default() -> Options {
        Options {
            threads: 1,
            window: 64,
            budget: None,
            grace: Duration::from_millis(250),
            interrupt: None,
        }
    }
}

/// Why the runner could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A worker thread could not be started.
    #[error("cannot start a worker thread: {0}")]
    Spawn(#[source] std::io::Error),
}

/// What workers and the writer share.
struct Shared {
    n: usize,
    window: usize,
    next: AtomicUsize,
    stop: AtomicBool,
    written: Mutex<usize>,
    moved: Condvar,
    flight: Mutex<Flight>,
}

/// Jobs in flight: when each started, and which were given up on.
#[derive(Default)]
struct Flight {
    started: BTreeMap<usize, Instant>,
    abandoned: BTreeSet<usize>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn spawn<S, T, F>(
    id: usize,
    shared: &Arc<Shared>,
    work: &Arc<F>,
    tx: &Sender<(usize, T)>,
) -> Result<(), Error>
where
    S: Default,
    T: Send + 'static,
    F: Fn(&mut S, usize) -> T + Send + Sync + 'static,
{
    let (shared, work, tx) = (Arc::clone(shared), Arc::clone(work), tx.clone());
    std::thread::Builder::new()
        .name(format!("beleidsmijn-worker-{id}"))
        .stack_size(STACK)
        .spawn(move || worker(&shared, &*work, &tx))
        .map(drop)
        .map_err(Error::Spawn)
}

/// One worker thread: its state (`S::default()`, dropped when the thread
/// ends) is handed to every job it runs.
fn worker<S: Default, T, F: Fn(&mut S, usize) -> T>(
    shared: &Shared,
    work: &F,
    tx: &Sender<(usize, T)>,
) {
    let mut state = S::default();
    loop {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let i = shared.next.fetch_add(1, Ordering::SeqCst);
        if i >= shared.n {
            return;
        }
        {
            let mut w = lock(&shared.written);
            while i >= *w + shared.window && !shared.stop.load(Ordering::SeqCst) {
                w = shared.moved.wait(w).unwrap_or_else(|e| e.into_inner());
            }
        }
        lock(&shared.flight).started.insert(i, Instant::now());
        let result = work(&mut state, i);
        let abandoned = {
            let mut f = lock(&shared.flight);
            f.started.remove(&i);
            f.abandoned.remove(&i)
        };
        // A replacement worker has taken this thread's place.
        if abandoned || tx.send((i, result)).is_err() {
            return;
        }
    }
}

/// Run `work` over `0..n` and hand the results to `write` in index order.
/// A job that overruns `opts.budget` is written as `late(index, budget)`.
/// Returns early (with the writer's error) when writing fails, e.g. on a
/// closed pipe.
///
/// # Errors
/// A worker thread that cannot be started. The inner result is the first
/// error `write` returned.
pub fn run<T, F, L, W>(
    n: usize,
    opts: &Options,
    work: F,
    late: L,
    write: W,
) -> Result<std::io::Result<()>, Error>
where
    T: Send + 'static,
    F: Fn(usize) -> T + Send + Sync + 'static,
    L: FnMut(usize, Duration) -> T,
    W: FnMut(usize, T) -> std::io::Result<()>,
{
    run_with(n, opts, move |_: &mut (), i| work(i), late, write)
}

/// [`run()`] with per-thread state: each worker thread starts with
/// `S::default()` and hands it to every job it runs, e.g. the worker
/// process that thread talks to. The state is dropped when its thread
/// ends, also when the watchdog gave up on the thread.
///
/// # Errors
/// As [`run()`].
pub fn run_with<S, T, F, L, W>(
    n: usize,
    opts: &Options,
    work: F,
    mut late: L,
    mut write: W,
) -> Result<std::io::Result<()>, Error>
where
    S: Default,
    T: Send + 'static,
    F: Fn(&mut S, usize) -> T + Send + Sync + 'static,
    L: FnMut(usize, Duration) -> T,
    W: FnMut(usize, T) -> std::io::Result<()>,
{
    let threads = opts.threads.clamp(1, n.max(1));
    let shared = Arc::new(Shared {
        n,
        window: opts.window.max(threads),
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        written: Mutex::new(0),
        moved: Condvar::new(),
        flight: Mutex::new(Flight::default()),
    });
    let work = Arc::new(work);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let mut spawned = 0;
    for _ in 0..threads.min(n) {
        spawn::<S, T, F>(spawned, &shared, &work, &tx)?;
        spawned += 1;
    }
    let mut pending: BTreeMap<usize, T> = BTreeMap::new();
    let mut expect = 0;
    let advance = |expect: usize| {
        *lock(&shared.written) = expect;
        shared.moved.notify_all();
    };
    let finish = |r: std::io::Result<()>| {
        shared.stop.store(true, Ordering::SeqCst);
        shared.moved.notify_all();
        Ok(r)
    };
    let interrupted = || {
        opts.interrupt
            .as_ref()
            .is_some_and(|f| f.load(Ordering::SeqCst))
    };
    while expect < n {
        if interrupted() {
            return finish(Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            )));
        }
        while let Some(rec) = pending.remove(&expect) {
            if let Err(e) = write(expect, rec) {
                return finish(Err(e));
            }
            expect += 1;
            advance(expect);
        }
        if expect >= n {
            break;
        }
        let wait = match opts.budget {
            None => None,
            Some(budget) => {
                let limit = budget + opts.grace;
                let mut f = lock(&shared.flight);
                match f.started.get(&expect).map(|t0| t0.elapsed()) {
                    Some(ran) if ran >= limit => {
                        f.abandoned.insert(expect);
                        drop(f);
                        if let Err(e) = write(expect, late(expect, budget)) {
                            return finish(Err(e));
                        }
                        expect += 1;
                        advance(expect);
                        spawn::<S, T, F>(spawned, &shared, &work, &tx)?;
                        spawned += 1;
                        continue;
                    }
                    Some(ran) => Some(limit - ran),
                    // Not started yet (or just finished): look again soon.
                    None => Some(Duration::from_millis(50)),
                }
            }
        };
        let wait = match (wait, &opts.interrupt) {
            (w, None) => w,
            (w, Some(_)) => Some(w.map_or(INTERRUPT_POLL, |w| w.min(INTERRUPT_POLL))),
        };
        let got = match wait {
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(w) => rx.recv_timeout(w),
        };
        match got {
            Ok((i, rec)) if i >= expect => {
                pending.insert(i, rec);
            }
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            // Every worker is gone with jobs unwritten: cannot happen, as
            // workers only leave when all jobs are taken, and taken jobs
            // are either sent or abandoned (and then written as late).
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    finish(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(threads: usize, window: usize) -> Options {
        Options {
            threads,
            window,
            ..Options::default()
        }
    }

    #[test]
    fn output_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let work = |i: usize| {
                std::thread::sleep(Duration::from_micros(((i * 37) % 11) as u64 * 100));
                i
            };
            run(
                50,
                &opts(threads, 4),
                work,
                |i, _| i,
                |i, r| {
                    assert_eq!(r, i);
                    seen.push(i);
                    Ok(())
                },
            )
            .unwrap()
            .unwrap();
            assert_eq!(seen, (0..50).collect::<Vec<_>>());
        }
    }

    #[test]
    fn writer_error_stops_the_run() {
        let r = run(
            1000,
            &opts(2, 4),
            |i| i,
            |i, _| i,
            |i, _| {
                if i == 3 {
                    Err(std::io::Error::other("closed"))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap();
        assert!(r.is_err());
    }

    /// An interrupt stops the writer while it waits for a slow job,
    /// without waiting for that job or its budget.
    #[test]
    fn an_interrupt_stops_the_writer_while_it_waits() {
        let flag = Arc::new(AtomicBool::new(false));
        let set = Arc::clone(&flag);
        let options = Options {
            interrupt: Some(Arc::clone(&flag)),
            ..opts(2, 4)
        };
        let started = Instant::now();
        let mut written = Vec::new();
        let r = run(
            5,
            &options,
            move |i| {
                if i == 2 {
                    set.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_secs(30));
                }
                i
            },
            |i, _| i,
            |i, _| {
                written.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(r.unwrap_err().kind(), std::io::ErrorKind::Interrupted);
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(written.iter().all(|&i| i < 2), "{written:?}");
    }

    #[test]
    fn reorder_window_bounds_the_jobs_started_ahead() {
        // Job 0 is slow; with a window of 3 no job past index 2 may start
        // before job 0 is written.
        let max_started = Arc::new(AtomicUsize::new(0));
        let m = Arc::clone(&max_started);
        let work = move |i: usize| {
            if i == 0 {
                std::thread::sleep(Duration::from_millis(200));
                return m.load(Ordering::SeqCst);
            }
            m.fetch_max(i, Ordering::SeqCst);
            0
        };
        let mut first = None;
        run(
            20,
            &opts(2, 3),
            work,
            |_, _| 0,
            |i, r| {
                if i == 0 {
                    first = Some(r);
                }
                Ok(())
            },
        )
        .unwrap()
        .unwrap();
        assert!(first.unwrap() <= 2, "started ahead: {first:?}");
    }

    #[test]
    fn a_job_that_never_ends_is_written_late_and_the_rest_go_on() {
        for threads in [1, 2] {
            let work = |i: usize| {
                if i == 2 {
                    loop {
                        std::thread::sleep(Duration::from_secs(3600));
                    }
                }
                Some(i)
            };
            let o = Options {
                threads,
                window: 4,
                budget: Some(Duration::from_millis(100)),
                grace: Duration::ZERO,
                interrupt: None,
            };
            let mut seen = Vec::new();
            run(
                6,
                &o,
                work,
                |_, _| None,
                |i, r| {
                    seen.push((i, r));
                    Ok(())
                },
            )
            .unwrap()
            .unwrap();
            assert_eq!(
                seen,
                vec![
                    (0, Some(0)),
                    (1, Some(1)),
                    (2, None),
                    (3, Some(3)),
                    (4, Some(4)),
                    (5, Some(5))
                ]
            );
        }
    }
}
