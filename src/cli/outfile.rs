//! Output files that are whole or plainly not: `-o NAME` is written to
//! `NAME.partial` and renamed to `NAME` only when the run finished, so an
//! interrupted or failed run never leaves a file that looks complete; and
//! an output path that is also an input is refused before anything is
//! written (`extract copy.jsonl --format csv -o copy.jsonl` once replaced
//! its own input with a header line).

use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// Exit code of a run stopped by SIGINT or SIGTERM (128 + SIGINT, as
/// shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// An output file being written under its partial name.
#[derive(Debug)]
pub struct OutFile {
    target: PathBuf,
    partial: PathBuf,
}

impl OutFile {
    /// Create `target`'s partial file, after checking that `target` is
    /// none of `inputs`.
    ///
    /// # Errors
    /// The output is an input, or the partial file cannot be created.
    pub fn create(target: &Path, inputs: &[PathBuf]) -> Result<(OutFile, File)> {
        if let Ok(out) = target.canonicalize() {
            if let Some(same) = inputs
                .iter()
                .find(|i| i.canonicalize().is_ok_and(|i| i == out))
            {
                bail!(
                    "the output {} is also an input ({}): refusing to overwrite it",
                    target.display(),
                    same.display()
                );
            }
        }
        let mut name = target.file_name().map(OsString::from).unwrap_or_default();
        name.push(".partial");
        let partial = target.with_file_name(name);
        let file = File::create(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let out = OutFile {
            target: target.to_path_buf(),
            partial,
        };
        Ok((out, file))
    }

    /// The file is complete: give it its name.
    ///
    /// # Errors
    /// The rename failed.
    pub fn commit(self) -> Result<()> {
        std::fs::rename(&self.partial, &self.target).with_context(|| {
            format!(
                "cannot rename {} to {}",
                self.partial.display(),
                self.target.display()
            )
        })
    }

    /// The name of the complete output.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Where the incomplete output is.
    pub fn partial(&self) -> &Path {
        &self.partial
    }
}

/// A flag that SIGINT and SIGTERM set, so a batch can stop between
/// documents and say what it did. A second signal ends the process at
/// once. `None` if the handlers cannot be installed (the signals then end
/// the process as they always do).
pub fn interrupt_flag() -> Option<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        // Registered first, so it runs before the flag is set: the second
        // signal finds the flag set and exits.
        signal_hook::flag::register_conditional_shutdown(
            signal,
            EXIT_INTERRUPTED,
            Arc::clone(&flag),
        )
        .ok()?;
        signal_hook::flag::register(signal, Arc::clone(&flag)).ok()?;
    }
    Some(flag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_partial_until_committed_and_never_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        let (out, file) = OutFile::create(&target, &[]).unwrap();
        drop(file);
        assert!(out.partial().ends_with("out.jsonl.partial"));
        assert!(!target.exists());
        out.commit().unwrap();
        assert!(target.exists());
        // Now it exists, it is an input of the next run: refused, untouched.
        let e = OutFile::create(&target, &[dir.path().join("./out.jsonl")]).unwrap_err();
        assert!(e.to_string().contains("also an input"), "{e}");
        assert!(!dir.path().join("out.jsonl.partial").exists());
    }
}
