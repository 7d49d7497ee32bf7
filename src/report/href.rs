//! Links from the report to its sources: a relative URL from the folder
//! the report is written into to the source file, so that the report and
//! the documents can be moved together and a click opens the file (with
//! `#page=N` at the page, in a PDF viewer) without any network.
//!
//! Source paths are the records' `source.path`, as given to `extract`:
//! relative ones are taken from the current folder (where a JSONL input
//! was written too, as a rule). Every byte outside the URL's unreserved
//! characters is percent-encoded, so a name with a space, `#`, `?` or `:`
//! links to itself and never reads as a scheme or a fragment.

use std::path::{Component, Path, PathBuf};

/// Turns source paths into links relative to the report's folder.
#[derive(Debug, Clone)]
pub struct Linker {
    /// The report's folder, absolute.
    base: PathBuf,
    /// The folder relative source paths are read from, absolute.
    cwd: PathBuf,
}

impl Linker {
    /// Links for a report written into the folder `report_dir`, with
    /// relative source paths read from `cwd` (both absolute, or made so
    /// from `cwd`).
    pub fn new(report_dir: &Path, cwd: &Path) -> Linker {
        Linker {
            base: resolve(cwd, report_dir),
            cwd: resolve(cwd, cwd),
        }
    }

    /// The link to the source at `path` ("" for standard input or no path).
    ///
    /// # Example
    /// ```
    /// use beleidsmijn::report::href::Linker;
    /// use std::path::Path;
    /// let l = Linker::new(Path::new("/nonexistent/out"), Path::new("/nonexistent/repo"));
    /// assert_eq!(l.link("../shared/a b#1.pdf"), "../shared/a%20b%231.pdf");
    /// assert_eq!(l.link("-"), "");
    /// ```
    pub fn link(&self, path: &str) -> String {
        if path.is_empty() || path == "-" {
            return String::new();
        }
        let target = resolve(&self.cwd, Path::new(path));
        let rel = relative(&target, &self.base);
        let parts: Vec<String> = rel
            .components()
            .map(|c| match c {
                Component::ParentDir => "..".to_string(),
                c => encode(&c.as_os_str().to_string_lossy()),
            })
            .collect();
        parts.join("/")
    }
}

/// `path` made absolute from `cwd` (as the file system resolves it when
/// it exists, else with `.` and `..` removed by name).
fn resolve(cwd: &Path, path: &Path) -> PathBuf {
    let abs = cwd.join(path);
    abs.canonicalize().unwrap_or_else(|_| normalise(&abs))
}

/// `.` and `..` removed by name.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `target` relative to the folder `base` (both absolute and normalised).
fn relative(target: &Path, base: &Path) -> PathBuf {
    let t: Vec<Component> = target.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in t.iter().skip(common) {
        rel.push(c);
    }
    rel
}

/// Percent-encode one path segment: every byte but ASCII letters, digits
/// and `-._~`.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_report_folder_and_encoded() {
        let l = Linker::new(Path::new("out"), Path::new("/nonexistent/repo"));
        let cases = [
            ("fixtures/a.txt", "../fixtures/a.txt"),
            (
                "../shared/corpus/real/x.pdf",
                "../../shared/corpus/real/x.pdf",
            ),
            ("/nonexistent/repo/out/b.html", "b.html"),
            ("c:d ë?.pdf", "../c%3Ad%20%C3%AB%3F.pdf"),
            ("./x/../y.pdf", "../y.pdf"),
            ("", ""),
        ];
        for (path, want) in cases {
            assert_eq!(l.link(path), want, "{path}");
        }
    }
}
