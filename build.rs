//! Records the build: `BELEIDSMIJN_BUILD` is `git describe --always --tags`
//! of the checkout being built (`v0.1.0-12-gab81318`, or the commit alone
//! without tags), so every output record says which code wrote it. Outside
//! a git checkout (a crate tarball) it is empty and the record carries the
//! crate version alone. A `BELEIDSMIJN_BUILD` set in the environment (a
//! packager's own id) wins.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=BELEIDSMIJN_BUILD");
    // A new commit or checkout moves HEAD and appends to its log; watching
    // those (not the sources) keeps edits from re-running this script.
    for path in ["HEAD", "logs/HEAD"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    let build = std::env::var("BELEIDSMIJN_BUILD")
        .ok()
        .filter(|b| !b.is_empty())
        .or_else(|| git(&["describe", "--always", "--tags"]))
        .unwrap_or_default();
    println!("cargo:rustc-env=BELEIDSMIJN_BUILD={build}");
}
