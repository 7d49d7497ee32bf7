//! The incremental-run cache (`--cache DIR`): a document's output record,
//! kept under a key made of everything the record depends on.
//!
//! The key hashes the tool version and the SHA-256 of the running
//! executable, the dictionary fingerprint ([`crate::dict::Sources`]), the
//! size budget, the path (it is written in the record) and the SHA-256 of
//! the file's bytes. A changed file, a new release or build (a binary built
//! from a newer commit of the same version writes other output) or an
//! edited dictionary therefore misses and is processed again; nothing is
//! ever invalidated by hand.
//!
//! An entry is a file `DIR/ab/abcdef….json` holding a header line with the
//! key and then the record's compact JSON line. On reading, the header, the
//! record's path and hash are checked against what is expected and the
//! record must parse; anything else (truncated, edited, another key's
//! file) is treated as a miss, and the entry is rewritten. Entries are
//! written to a temporary file and renamed into place, so a crash or two
//! runs sharing the directory never leave half an entry under a real name.
//!
//! Only document records are stored: errors are cheap to reproduce, and
//! some (timeouts, I/O errors) depend on the run rather than the file.

use crate::output::view::{read_line, RecordView};
use sha2::Digest;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Names the entry format and the record's schema version: entries of
/// another (a version 1 record) never match a key of this build.
const MAGIC: &str = "beleidsmijn-cache-v2";

/// A cache directory and the salt of this run.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    salt: String,
    tmp: AtomicU64,
}

/// A cache hit: the record line and its parsed view.
#[derive(Debug)]
pub struct Hit {
    /// The compact JSON record.
    pub line: String,
    /// The record read back.
    pub view: RecordView,
}

/// What every key of a run shares.
fn salt(build: &str, fingerprint: &str, max_bytes: u64, max_output: u64) -> String {
    format!(
        "{MAGIC}\0{}\0{build}\0{fingerprint}\0{max_bytes}\0{max_output}",
        env!("CARGO_PKG_VERSION")
    )
}

/// The SHA-256 of the running executable, read once per run; empty when it
/// cannot be read (the version alone then keys the build).
fn build_id() -> String {
    std::env::current_exe()
        .and_then(std::fs::read)
        .map(|bytes| format!("{:x}", sha2::Sha256::digest(&bytes)))
        .unwrap_or_default()
}

/// Largest cache entry read back (a record is seldom above a few MB).
const MAX_ENTRY_BYTES: u64 = 1 << 30;

/// A cache entry's text, if it is a regular file of sane size: an entry
/// replaced by a link to a device (`/dev/zero`) would otherwise be read
/// without end.
fn read_entry(path: &Path) -> Option<String> {
    use std::io::Read;
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(MAX_ENTRY_BYTES + 1)
        .read_to_string(&mut text)
        .ok()?;
    (text.len() as u64 <= MAX_ENTRY_BYTES).then_some(text)
}

impl Cache {
    /// Open (creating it if needed) a cache directory for a run with this
    /// dictionary `fingerprint`, size budget and output budget.
    ///
    /// # Errors
    /// The directory cannot be created.
    pub fn open(
        dir: &Path,
        fingerprint: &str,
        max_bytes: u64,
        max_output: u64,
    ) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            salt: salt(&build_id(), fingerprint, max_bytes, max_output),
            tmp: AtomicU64::new(0),
        })
    }

    /// The key of a file at `path` with content hash `sha256`; a path
    /// that is not UTF-8 adds its exact bytes (`path_bytes`, hex), so two
    /// names that read alike lossily have different entries.
    pub fn key(&self, path: &str, path_bytes: Option<&str>, sha256: &str) -> String {
        let mut h = sha2::Sha256::new();
        for part in [self.salt.as_str(), path, sha256] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        if let Some(exact) = path_bytes {
            h.update(exact.as_bytes());
            h.update([0]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn entry(&self, key: &str) -> PathBuf {
        self.dir
            .join(key.get(..2).unwrap_or("xx"))
            .join(format!("{key}.json"))
    }

    /// The stored record for `key`, if present and sound.
    pub fn get(
        &self,
        key: &str,
        path: &str,
        path_bytes: Option<&str>,
        sha256: &str,
    ) -> Option<Hit> {
        let text = read_entry(&self.entry(key))?;
        let (head, line) = text.split_once('\n')?;
        let line = line.strip_suffix('\n')?;
        if head != format!("{MAGIC} {key}") || line.contains('\n') {
            return None;
        }
        let view = read_line(line).ok()?;
        let sound = view.error.is_none()
            && view.source.path == path
            && view.source.path_bytes.as_deref() == path_bytes
            && view.source.sha256.as_deref() == Some(sha256);
        sound.then(|| Hit {
            line: line.to_string(),
            view,
        })
    }

    /// Store `line` under `key`.
    ///
    /// # Errors
    /// The entry cannot be written.
    pub fn put(&self, key: &str, line: &str) -> std::io::Result<()> {
        let path = self.entry(key);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir)?;
        let n = self.tmp.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{key}.{}.{n}.tmp", std::process::id()));
        let mut f = std::fs::File::create(&tmp)?;
        let written = f
            .write_all(format!("{MAGIC} {key}\n{line}\n").as_bytes())
            .and_then(|()| f.flush());
        drop(f);
        match written.and_then(|()| std::fs::rename(&tmp, &path)) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"schema_version":2,"source":{"path":"a.txt","format":"text","sha256":"abc","bytes":3,"pages":null}}"#;

    /// An entry that is a link to a device is no entry (it was read
    /// without end: 1.8 GB from /dev/zero).
    #[test]
    fn an_entry_linked_to_a_device_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("e.json");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert_eq!(read_entry(&link), None);
        let file = dir.path().join("f.json");
        std::fs::write(&file, "x\n").unwrap();
        assert_eq!(read_entry(&file).as_deref(), Some("x\n"));
    }

    #[test]
    fn round_trip_and_corruption_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(dir.path(), "fp", 10, 20).unwrap();
        let k = c.key("a.txt", None, "abc");
        assert!(c.get(&k, "a.txt", None, "abc").is_none());
        c.put(&k, LINE).unwrap();
        assert_eq!(c.get(&k, "a.txt", None, "abc").unwrap().line, LINE);
        // Another hash or path never trusts the entry.
        assert!(c.get(&k, "a.txt", None, "abd").is_none());
        assert!(c.get(&k, "b.txt", None, "abc").is_none());
        // Truncated entry.
        let entry = c.entry(&k);
        let full = std::fs::read_to_string(&entry).unwrap();
        std::fs::write(&entry, &full[..full.len() / 2]).unwrap();
        assert!(c.get(&k, "a.txt", None, "abc").is_none());
        // Garbage.
        std::fs::write(&entry, b"\xff\xfe junk").unwrap();
        assert!(c.get(&k, "a.txt", None, "abc").is_none());
        // A version 1 record under the right key (issue 20).
        c.put(
            &k,
            &LINE.replace("\"schema_version\":2", "\"schema_version\":1"),
        )
        .unwrap();
        assert!(c.get(&k, "a.txt", None, "abc").is_none());
        c.put(&k, LINE).unwrap();
        assert!(c.get(&k, "a.txt", None, "abc").is_some());
    }

    #[test]
    fn dictionary_and_version_change_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let a = Cache::open(dir.path(), "fp1", 10, 20).unwrap();
        let b = Cache::open(dir.path(), "fp2", 10, 20).unwrap();
        let c = Cache::open(dir.path(), "fp1", 11, 20).unwrap();
        let d = Cache::open(dir.path(), "fp1", 10, 21).unwrap();
        assert_ne!(a.key("x", None, "h"), b.key("x", None, "h"));
        assert_ne!(a.key("x", None, "h"), c.key("x", None, "h"));
        assert_ne!(a.key("x", None, "h"), d.key("x", None, "h"));
        assert_eq!(
            a.key("x", None, "h"),
            Cache::open(dir.path(), "fp1", 10, 20)
                .unwrap()
                .key("x", None, "h")
        );
        // Another build of the same version keys apart.
        assert_eq!(build_id().len(), 64);
        assert_ne!(
            salt(&build_id(), "fp1", 10, 20),
            salt("other", "fp1", 10, 20)
        );
    }
}
