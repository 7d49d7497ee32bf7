//! Start-up and stage timings on stderr, for measuring only.
//!
//! With `BELEIDSMIJN_TIMING=1` in the environment, [`phase`] prints
//! `timing: NAME 1.234 ms (from 5.678 ms, peak 56 MB)` to stderr when a
//! phase ends: how long it took, when it started (from the first phase of
//! the process, so phases on several threads line up), and the process's
//! peak resident memory so far (on Linux); without it, it only runs the
//! phase. Output records never change. The start-up
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
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    let t0 = Instant::now();
    let from = t0.duration_since(*ORIGIN.get_or_init(|| t0)).as_secs_f64() * 1000.0;
    let out = f();
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    match peak_mb() {
        Some(peak) => eprintln!("timing: {name} {ms:.3} ms (from {from:.3} ms, peak {peak} MB)"),
        None => eprintln!("timing: {name} {ms:.3} ms (from {from:.3} ms)"),
    }
    out
}

/// The process's peak resident memory so far, in MB (`VmHWM` of
/// `/proc/self/status`; `None` where there is none): the phase after
/// which it rose is the one that raised it.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1000)
}
