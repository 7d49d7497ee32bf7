//! The batch: inputs expanded into a sorted, indexed list ([`expand`]),
//! cut into contiguous shards ([`Shard`]), processed in parallel and
//! written by one writer strictly in input order ([`run()`]).
//!
//! With [`worker`] each document runs in a worker process, so a document
//! that aborts, runs out of memory or never ends costs only its own
//! record.
//!
//! Shards are contiguous ranges of the list, so the outputs of shards
//! `1/N .. N/N` concatenated in order are byte for byte the output of one
//! run over the whole list.

pub mod frame;
pub mod run;
pub mod worker;

pub use run::{run, run_with, Options};

use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Why inputs could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad `--glob` pattern.
    #[error("invalid glob pattern '{pattern}': {source}")]
    Glob {
        /// The pattern.
        pattern: String,
        /// Cause.
        source: globset::Error,
    },
    /// A bad `--shard` value.
    #[error("invalid shard '{0}': expected K/N with 1 <= K <= N, e.g. 2/8")]
    Shard(String),
}

/// The inputs of a batch: the files to read, and those a folder walk left
/// out, each with the reason.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to read, in order.
    pub files: Vec<PathBuf>,
    /// Files inside folders that were not taken, and why.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Expand files and folders (recursively) into a list of files. Folders
/// are walked in sorted order and filtered by `glob` (matched against the
/// file name and the path, ignoring case as the walk does); without a glob
/// a file is taken when its name or first bytes say it is a document
/// ([`crate::ingest::sniff::left_out`]), and the others are listed as
/// skipped. Files named explicitly are always kept, in the order given.
/// Paths that do not exist are kept, so they get error records.
///
/// # Errors
/// An invalid glob pattern.
pub fn expand(inputs: &[PathBuf], glob: Option<&str>) -> Result<Expanded, Error> {
    let matcher = match glob {
        Some(p) => Some(
            globset::GlobBuilder::new(p)
                .case_insensitive(true)
                .build()
                .map_err(|source| Error::Glob {
                    pattern: p.to_string(),
                    source,
                })?
                .compile_matcher(),
        ),
        None => None,
    };
    let wanted = |p: &Path| {
        matcher
            .as_ref()
            .is_none_or(|m| m.is_match(p) || p.file_name().is_some_and(|n| m.is_match(n)))
    };
    let mut out = Expanded::default();
    for input in inputs {
        if input.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                // A link to a file is an input too, and so is a dangling
                // one or a loop: it becomes an error record, not a file
                // silently left out. Links to folders are not followed.
                .filter(|e| e.file_type().is_file() || (e.path_is_symlink() && !e.path().is_dir()))
                .map(|e| e.into_path())
                .filter(|p| !is_hidden(p, input))
                .filter(|p| wanted(p))
                .collect();
            files.sort();
            for f in files {
                match glob.map_or_else(|| crate::ingest::sniff::left_out(&f), |_| None) {
                    Some(why) => out.skipped.push((f, why)),
                    None => out.files.push(f),
                }
            }
        } else {
            out.files.push(input.clone());
        }
    }
    Ok(out)
}

fn is_hidden(p: &Path, root: &Path) -> bool {
    p.strip_prefix(root)
        .unwrap_or(p)
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// One of `n` contiguous shards of the input list: shard `k` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, 1..=n.
    pub k: usize,
    /// How many shards.
    pub n: usize,
}

impl FromStr for Shard {
    type Err = Error;

    fn from_str(s: &str) -> Result<Shard, Error> {
        let bad = || Error::Shard(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl Shard {
    /// The index range of this shard in a list of `len` items: shard `k`
    /// gets `[(k-1)·len/n, k·len/n)`, so the shards tile the list in order
    /// and differ in size by at most one.
    pub fn range(&self, len: usize) -> std::ops::Range<usize> {
        let at = |k: usize| ((k as u128 * len as u128) / self.n as u128) as usize;
        at(self.k - 1)..at(self.k)
    }

    /// Whether this is the first shard (the one that writes headers).
    pub fn is_first(&self) -> bool {
        self.k == 1
    }
}

/// Parse a list of paths, one a line (`--files-from`). Blank lines are
/// skipped; a trailing `\r` is dropped, so lists written on Windows work.
pub fn parse_list(text: &[u8]) -> Vec<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    // Bytes, not text: a file name need not be UTF-8, and one that is not
    // must not end the run (the folder walk accepts it too).
    text.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.trim_ascii().is_empty())
        .map(|l| PathBuf::from(std::ffi::OsStr::from_bytes(l)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_tile_the_list_in_order() {
        for len in [0, 1, 2, 7, 200, 10_001] {
            for n in 1..=9 {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard { k, n }.range(len);
                    assert_eq!(r.start, next, "len {len} shard {k}/{n}");
                    assert!(r.len() <= len / n + 1);
                    next = r.end;
                }
                assert_eq!(next, len);
            }
        }
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/8".parse::<Shard>().unwrap(), Shard { k: 2, n: 8 });
        for bad in ["0/2", "3/2", "1/0", "1", "a/b", "1/2/3", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    /// Issue 22, finding 8: links to files, dangling links and loops were
    /// skipped silently; each is an input now (the last two become error
    /// records). A link to a folder is not followed.
    #[test]
    fn the_walk_keeps_links_to_files_and_broken_links() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.txt"), "tekst").unwrap();
        symlink(d.join("a.txt"), d.join("b.txt")).unwrap();
        symlink(d.join("missing.txt"), d.join("c.txt")).unwrap();
        symlink(d.join("d.txt"), d.join("d.txt")).unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/e.txt"), "tekst").unwrap();
        symlink(d.join("sub"), d.join("link_to_sub")).unwrap();
        let got: Vec<String> = expand(&[d.to_path_buf()], None)
            .unwrap()
            .files
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(got, ["a.txt", "b.txt", "c.txt", "d.txt", "sub/e.txt"]);
    }

    #[test]
    fn list_skips_blank_lines_and_carriage_returns() {
        assert_eq!(
            parse_list(b"a.txt\r\n\n b c.txt\n"),
            vec![PathBuf::from("a.txt"), PathBuf::from(" b c.txt")]
        );
        // A name that is not UTF-8 is kept as its bytes.
        use std::os::unix::ffi::OsStrExt;
        let got = parse_list(b"a.txt\nbad\xff.txt\n");
        assert_eq!(got[1].as_os_str().as_bytes(), b"bad\xff.txt");
    }
}
