//! Documents in worker processes (`extract --isolate`): each batch thread
//! keeps one worker process ([`beleidsmijn::batch::worker`]: the same
//! binary as `beleidsmijn worker`, [`super::serve`]) and hands it the
//! paths of its documents one at a time. The parent reads, hashes and
//! looks up the cache as before; only the analysis runs in the worker.
//!
//! A worker that dies on a document (an abort, a stack overflow, an
//! allocation past `--max-memory`, the out-of-memory killer) gives that
//! document a `crash` or `limit` error record; one that is still working
//! when the document's `--timeout` (plus the watchdog's grace) has passed
//! is killed, and the document gets the same `timeout` record as in a
//! thread. The thread starts a new worker for its next document. Standard
//! input is read in the parent, as without isolation.

use super::job::{Done, Job, Outcome};
use super::serve::{failed, read_reply};
use beleidsmijn::batch::worker::{Spec, Worker};
use beleidsmijn::pipeline::{self, STDIN};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a worker may take to start (build its engine) when the batch
/// has a time budget.
const READY: Duration = Duration::from_secs(120);

/// How documents are run in worker processes.
#[derive(Debug, Clone)]
pub(super) struct Isolation {
    /// How to start a worker.
    pub spec: Spec,
    /// Time past the budget before a worker is killed, so that the
    /// pipeline's own deadline check reports first.
    pub grace: Duration,
}

impl Job {
    /// Process input `i` in the thread's worker process (`slot`, started
    /// when empty), or in this thread without [`Job::isolation`] or for
    /// standard input. A panic here becomes an `internal` record, as in
    /// [`Job::run`].
    pub fn run_isolated(&self, slot: &mut Option<Worker>, i: usize) -> Done {
        let Some(iso) = &self.isolation else {
            return self.run(i);
        };
        let Some(path) = self.files.get(i) else {
            return self.no_input(i);
        };
        if path == Path::new(STDIN) {
            return self.run(i);
        }
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.through_cache(path, |_| self.ask(iso, slot, path))
        }));
        run.unwrap_or_else(|panic| {
            *slot = None;
            self.record(pipeline::internal(&self.engine.tool, path, panic))
        })
    }

    /// The outcome of `path` from the worker in `slot`.
    fn ask(&self, iso: &Isolation, slot: &mut Option<Worker>, path: &Path) -> Outcome {
        let worker = match slot {
            Some(w) => w,
            None => match Worker::spawn(&iso.spec) {
                Ok(mut w) => {
                    // Its start (building the engine) is not the document's
                    // time: wait for it to say it is ready.
                    let ready = self.budget.map(|_| Instant::now() + READY);
                    if let Err(death) = w.receive(ready) {
                        let (kind, message) = death.describe(iso.spec.max_memory);
                        let message = format!("the worker process did not start: {message}");
                        return failed(self, path, kind, message);
                    }
                    slot.insert(w)
                }
                Err(e) => {
                    let message = format!("cannot start a worker process: {e}");
                    return failed(self, path, "internal", message);
                }
            },
        };
        let deadline = self.budget.map(|b| Instant::now() + b + iso.grace);
        match worker.ask(path.as_os_str().as_bytes(), deadline) {
            Ok(reply) => read_reply(reply.payload, &reply.stderr).unwrap_or_else(|e| {
                *slot = None;
                let message = format!("the worker process sent a reply that does not read: {e}");
                failed(self, path, "crash", message)
            }),
            Err(death) => {
                *slot = None;
                match (death.describe(iso.spec.max_memory), self.budget) {
                    (("timeout", _), Some(budget)) => {
                        failed(self, path, "timeout", pipeline::timeout_message(budget))
                    }
                    ((kind, message), _) => failed(self, path, kind, message),
                }
            }
        }
    }
}
