//! Start-up and stage timings on stderr, for measuring only.
//!
//! With `BELEIDSMIJN_TIMING=1` in the environment, [`phase`] prints
//! `timing: NAME 1.234 ms` to stderr when a phase ends; without it, it
//! only runs the phase. Output records never change. The start-up
//! breakdown in `docs/measurements.md` was taken this way.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether `BELEIDSMIJN_TIMING` is set (read once per process).
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("BELEIDSMIJN_TIMING").is_some_and(|v| !v.is_empty()))
}

/// Run `f`, printing how long it took when timing is enabled.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let t0 = Instant::now();
    let out = f();
    eprintln!(
        "timing: {name} {:.3} ms",
        t0.elapsed().as_secs_f64() * 1000.0
    );
    out
}
