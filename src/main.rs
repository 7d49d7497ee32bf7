//! The `beleidsmijn` binary: parse arguments, dispatch, choose the exit code
//! (0 all inputs processed, 1 some failed, 2 usage or setup error).

mod cli;

use clap::Parser;

/// PDF ingest (lopdf objects, pdf-inspector's runs) allocates and frees
/// small values at a high rate: glibc's malloc and free took ~25% of the
/// samples of `perf record` on a 200-page PDF. mimalloc halves that cost.
/// It is built with `no_thp` (Cargo.toml): with transparent huge pages it
/// asked for 2 MiB pages on its whole arena, and every first touch zeroed
/// one (or stalled in compaction), most of a short process's system time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = cli::Cli::parse();
    let result = beleidsmijn::timing::phase("main", || match args.command {
        cli::Command::Extract(a) => cli::extract(a),
        cli::Command::Text(a) => cli::text(a),
        cli::Command::Eval(a) => cli::eval(a),
        cli::Command::Compare(a) => cli::compare(a),
        cli::Command::Report(a) => cli::report(a),
        cli::Command::Worker(a) => cli::serve(a),
    });
    // `exit` rather than returning: a worker abandoned by the --timeout
    // watchdog may still be running, and must not keep the process alive.
    match result {
        Ok(code) => exit(code),
        Err(e) => {
            cli::diag(format_args!("error: {e:#}"));
            exit(2);
        }
    }
}

/// End the process with `code` once standard output is flushed, without
/// the exit handlers: mimalloc's frees every page the process holds, ~4%
/// of a short run's CPU (`perf record` on `extract` of one small file),
/// work the kernel does anyway when the process ends. What the commands
/// write is flushed and renamed into place before they return.
fn exit(code: i32) -> ! {
    use std::io::Write;
    // A reader that went away ("| head") was told by the command already.
    let _ = std::io::stdout().lock().flush();
    // SAFETY: `_exit` takes no pointers; it ends the process at once, and
    // nothing left to run (destructors, exit handlers) holds data that is
    // not written yet.
    unsafe { libc::_exit(code) }
}
