//! A value built on a thread of its own, waited for where it is first
//! used: the entity vocabulary is compiled while the first document is
//! read, which needs none of it ([`crate::pipeline::Engine`]).

use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;

/// A value that is ready, or being built on its own thread.
#[derive(Debug)]
pub struct Pending<T> {
    value: OnceLock<Result<T, String>>,
    thread: Mutex<Option<JoinHandle<Result<T, String>>>>,
}

impl<T: Send + 'static> Pending<T> {
    /// A value already built.
    pub fn ready(value: T) -> Pending<T> {
        Pending {
            value: OnceLock::from(Ok(value)),
            thread: Mutex::new(None),
        }
    }

    /// `build` on a thread named `name`; on this thread, now, when no
    /// thread can be started.
    pub fn spawn(
        name: &str,
        build: impl FnOnce() -> Result<T, String> + Send + 'static,
    ) -> Pending<T> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        // The closure comes back through the channel when the thread cannot
        // be started, so it runs here instead.
        let spawned = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let build: Box<dyn FnOnce() -> Result<T, String> + Send> =
                    rx.recv().map_err(|_| "no builder".to_string())?;
                build()
            });
        let boxed: Box<dyn FnOnce() -> Result<T, String> + Send> = Box::new(build);
        match spawned {
            Ok(thread) => {
                // The thread waits for it; it cannot have hung up.
                let _ = tx.send(boxed);
                Pending {
                    value: OnceLock::new(),
                    thread: Mutex::new(Some(thread)),
                }
            }
            Err(_) => Pending {
                value: OnceLock::from(boxed()),
                thread: Mutex::new(None),
            },
        }
    }

    /// The value, once built (waiting for its thread), or why it was not:
    /// the builder's error, or its panic's message.
    pub fn get(&self) -> Result<&T, &str> {
        self.value
            .get_or_init(|| {
                let thread = self
                    .thread
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                match thread.map(JoinHandle::join) {
                    Some(Ok(built)) => built,
                    Some(Err(panic)) => Err(panic_message(panic.as_ref())),
                    None => Err("built on a thread that is gone".to_string()),
                }
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// What a panic said ("unknown panic" when it said no text).
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_beside_and_waited_for() {
        let p = Pending::spawn("test", || Ok(6 * 7));
        assert_eq!(p.get(), Ok(&42));
        assert_eq!(p.get(), Ok(&42));
        assert_eq!(Pending::ready("x").get(), Ok(&"x"));
        let failed: Pending<u8> = Pending::spawn("test", || Err("bad row".to_string()));
        assert_eq!(failed.get(), Err("bad row"));
    }

    #[test]
    #[allow(clippy::panic)]
    fn a_panic_there_is_an_error_here() {
        let p: Pending<u8> = Pending::spawn("test", || panic!("boom"));
        assert!(p.get().is_err_and(|e| e.contains("boom")), "{:?}", p.get());
    }
}
