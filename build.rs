//! Records the build: `BELEIDSMIJN_BUILD` is `git describe --always --tags`
//! of the checkout being built (`v0.1.0-12-gab81318`, or the commit alone
//! without tags), so every output record says which code wrote it. Outside
//! a git checkout (a crate tarball) it is empty and the record carries the
//! crate version alone. A `BELEIDSMIJN_BUILD` set in the environment (a
//! packager's own id) wins.
//!
//! It also compiles the bundled `dictionaries/verbs.tsv` into the verb
//! table a run would otherwise fold and sort at every start-up
//! (`src/extract/entities/verb_forms.rs`, included here, makes it the same
//! way as the run does for a user's `verbs.tsv`): `$OUT_DIR/verbs.table`,
//! its hash index `$OUT_DIR/verbs.short` and `verbs.long`, and
//! `$OUT_DIR/prebuilt.rs`, which names them with the hash of the text they
//! were made from. A bundled file this cannot read gives no table, and the
//! run compiles the file as it would a user's (and reports what is wrong).
//! Likewise the prefix literals of each heading rule of `headings.tsv`
//! (`src/literals.rs`), keyed by the rule's pattern, and the fingerprint
//! of the built-in dictionaries (`src/builtin_files.rs` names them).

#[path = "src/builtin_files.rs"]
mod builtin_files;
#[path = "src/extract/entities/fold_key.rs"]
#[allow(dead_code)]
mod fold_key;
#[path = "src/literals.rs"]
#[allow(dead_code)]
mod literals;
#[path = "src/extract/entities/verb_forms.rs"]
#[allow(dead_code)]
mod verb_forms;

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

/// The rows of a TSV text as the run parses them (`dict::parse_tsv`):
/// blank lines and lines starting with `#` skipped, the first line the
/// header, fields trimmed; of two columns of one name the last counts.
/// `None` for a row with more fields than the header.
fn tsv(text: &str) -> Option<(Vec<&str>, Vec<Vec<&str>>)> {
    let mut lines = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let columns: Vec<&str> = lines.next()?.split('\t').map(str::trim).collect();
    let mut rows = Vec::new();
    for line in lines {
        let values: Vec<&str> = line.split('\t').map(str::trim).collect();
        if values.len() > columns.len() {
            return None;
        }
        rows.push(values);
    }
    Some((columns, rows))
}

/// The verb table of the text of `verbs.tsv`; `None` when a row lacks the
/// verb or the participle (the run then compiles the file and names it).
fn verb_table(text: &str) -> Option<String> {
    let (columns, rows) = tsv(text)?;
    let at = |name: &str| columns.iter().rposition(|c| *c == name);
    let (verb, participle) = (at("verb"), at("participle"));
    let (present, past, past_plural) = (at("present"), at("past"), at("past_plural"));
    let mut out = Vec::new();
    for row in &rows {
        let f = |i: Option<usize>| i.and_then(|i| row.get(i).copied()).unwrap_or("");
        let r = verb_forms::VerbRow {
            verb: f(verb),
            participle: f(participle),
            present: f(present),
            past: f(past),
            past_plural: f(past_plural),
        };
        if r.verb.is_empty() || r.participle.is_empty() {
            return None;
        }
        out.push(r);
    }
    Some(verb_forms::table(out))
}

/// The prefix literals of the heading rules of `headings.tsv`, as Rust:
/// `(anchored pattern, literals)` per row, in file order.
fn heading_prefixes(text: &str) -> String {
    let mut out = String::from(
        "/// Per heading rule of the bundled `headings.tsv`: its anchored pattern\n\
         /// and `ascii_prefixes` of it.\n\
         pub const HEADING_PREFIXES: &[(&str, Option<&[&[u8]]>)] = &[\n",
    );
    let rows = tsv(text).map(|(columns, rows)| {
        let at = columns.iter().rposition(|c| *c == "pattern");
        rows.into_iter()
            .map(|row| at.and_then(|i| row.get(i).copied()).unwrap_or(""))
            .collect::<Vec<_>>()
    });
    for pattern in rows.unwrap_or_default() {
        let source = format!("^(?:{pattern})$");
        let lits = match literals::ascii_prefixes(&source) {
            Some(lits) => format!(
                "Some(&[{}])",
                lits.iter()
                    .map(|l| format!("&{l:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "None".to_string(),
        };
        out.push_str(&format!("    ({source:?}, {lits}),\n"));
    }
    out.push_str("];\n");
    out
}

/// The fingerprint of the built-in dictionaries as `dict::Sources` works
/// it out: the SHA-256, in hex, of each file's name and text in order.
fn builtin_fingerprint() -> std::io::Result<String> {
    let texts = builtin_files::BUILTIN_FILES
        .iter()
        .map(|name| std::fs::read_to_string(format!("dictionaries/{name}")))
        .collect::<std::io::Result<Vec<String>>>()?;
    Ok(builtin_files::fingerprint(
        builtin_files::BUILTIN_FILES
            .iter()
            .copied()
            .zip(texts.iter().map(String::as_str)),
    ))
}

/// Write the prebuilt tables and the code that names them.
fn prebuild() -> std::io::Result<()> {
    println!("cargo:rerun-if-changed=dictionaries/verbs.tsv");
    println!("cargo:rerun-if-changed=src/extract/entities/verb_forms.rs");
    println!("cargo:rerun-if-changed=src/extract/entities/fold_key.rs");
    println!("cargo:rerun-if-changed=dictionaries/headings.tsv");
    println!("cargo:rerun-if-changed=src/literals.rs");
    println!("cargo:rerun-if-changed=src/builtin_files.rs");
    for name in builtin_files::BUILTIN_FILES {
        println!("cargo:rerun-if-changed=dictionaries/{name}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let text = std::fs::read_to_string("dictionaries/verbs.tsv")?;
    let table = verb_table(&text);
    let index = table.as_deref().map(verb_forms::index).unwrap_or_default();
    std::fs::write(out.join("verbs.table"), table.as_deref().unwrap_or(""))?;
    std::fs::write(out.join("verbs.short"), &index.short)?;
    std::fs::write(out.join("verbs.long"), &index.long)?;
    let file = |name: &str| format!("concat!(env!(\"OUT_DIR\"), \"/{name}\")");
    let code = match table {
        Some(_) => format!(
            "/// The prebuilt verb table, its index, and the hash of the `verbs.tsv` it was made from.\n\
             pub const VERBS: Option<PrebuiltVerbs> = Some(PrebuiltVerbs {{ hash: {:#x}, table: include_str!({}), short: include_bytes!({}), long: include_bytes!({}) }});\n",
            verb_forms::content_hash(&text),
            file("verbs.table"),
            file("verbs.short"),
            file("verbs.long"),
        ),
        None => "/// No prebuilt verb table: the bundled `verbs.tsv` is compiled at run time.\n\
                 pub const VERBS: Option<PrebuiltVerbs> = None;\n"
            .to_string(),
    };
    let headings = std::fs::read_to_string("dictionaries/headings.tsv")?;
    let fingerprint = match builtin_fingerprint() {
        Ok(hex) => format!(
            "/// The fingerprint of the built-in dictionaries, all of them.\n\
             pub const BUILTIN_FINGERPRINT: Option<&str> = Some({hex:?});\n"
        ),
        Err(_) => "/// No prebuilt fingerprint: the run hashes the dictionaries.\n\
                   pub const BUILTIN_FINGERPRINT: Option<&str> = None;\n"
            .to_string(),
    };
    std::fs::write(
        out.join("prebuilt.rs"),
        code + &heading_prefixes(&headings) + &fingerprint,
    )
}

fn main() {
    if let Err(e) = prebuild() {
        println!("cargo:warning=no prebuilt dictionary tables: {e}");
    }
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
