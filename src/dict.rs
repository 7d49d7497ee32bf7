//! Dictionaries: the vocabularies under `dictionaries/`, read once per run.
//!
//! Every dictionary is a UTF-8 TSV file with a header line. The files in the
//! repository are compiled into the binary; `--dict DIR` adds the rows of a
//! file of the same name in DIR (or replaces the built-in rows when the file
//! starts with the line `#replace`). A malformed row is an error naming the
//! file, the line and the field.

use regex::{Regex, RegexBuilder, RegexSet};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Why a dictionary could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The override file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// A row is malformed.
    #[error("{file}:{line}: field '{field}': {reason}")]
    Row {
        /// Dictionary file name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// Column name.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The file lacks a column the code needs.
    #[error("{file}: missing column '{column}' in the header line")]
    Column {
        /// Dictionary file name.
        file: String,
        /// Column name.
        column: String,
    },
}

/// The built-in dictionaries: (file name, contents).
pub const BUILTIN: &[(&str, &str)] = &[
    ("headings.tsv", include_str!("../dictionaries/headings.tsv")),
    (
        "furniture.tsv",
        include_str!("../dictionaries/furniture.tsv"),
    ),
    ("metadata.tsv", include_str!("../dictionaries/metadata.tsv")),
    (
        "header_values.tsv",
        include_str!("../dictionaries/header_values.tsv"),
    ),
    ("facts.tsv", include_str!("../dictionaries/facts.tsv")),
    ("months.tsv", include_str!("../dictionaries/months.tsv")),
    (
        "function_words.tsv",
        include_str!("../dictionaries/function_words.tsv"),
    ),
    (
        "doc_types.tsv",
        include_str!("../dictionaries/doc_types.tsv"),
    ),
    (
        "municipalities.tsv",
        include_str!("../dictionaries/municipalities.tsv"),
    ),
    (
        "taakvelden.tsv",
        include_str!("../dictionaries/taakvelden.tsv"),
    ),
    (
        "organisations.tsv",
        include_str!("../dictionaries/organisations.tsv"),
    ),
    (
        "generic_actors.tsv",
        include_str!("../dictionaries/generic_actors.tsv"),
    ),
    ("lexicon.tsv", include_str!("../dictionaries/lexicon.tsv")),
    ("status.tsv", include_str!("../dictionaries/status.tsv")),
    ("verbs.tsv", include_str!("../dictionaries/verbs.tsv")),
    (
        "references.tsv",
        include_str!("../dictionaries/references.tsv"),
    ),
];

/// One data row of a TSV file: its fields by column name and its line number.
///
/// The file name and the header's columns are shared by every row of a
/// file: `verbs.tsv` has 10,000 rows, and a map of owned strings per row
/// cost ~5 ms of every `extract` start-up to build and free.
#[derive(Debug, Clone)]
pub struct Row {
    /// Dictionary file name.
    pub file: Arc<str>,
    /// 1-based line number in its file.
    pub line: usize,
    /// The header's column names, in order.
    columns: Arc<[String]>,
    /// The fields, one per column (missing trailing fields are absent; of
    /// two columns of one name, the last counts).
    values: Vec<Cow<'static, str>>,
}

impl Row {
    /// A field (empty string when the column is absent).
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .iter()
            .rposition(|c| c == column)
            .and_then(|i| self.values.get(i))
            .map_or("", |v| v)
    }

    /// A field that must not be empty.
    ///
    /// # Errors
    /// [`Error::Row`] when it is empty.
    pub fn required(&self, column: &str) -> Result<&str, Error> {
        let v = self.get(column);
        if v.is_empty() {
            return Err(self.error(column, "must not be empty"));
        }
        Ok(v)
    }

    /// An error about a field of this row.
    pub fn error(&self, column: &str, reason: impl Into<String>) -> Error {
        Error::Row {
            file: self.file.to_string(),
            line: self.line,
            field: column.to_string(),
            reason: reason.into(),
        }
    }

    /// Compile a field as a regex (case-insensitive, anchored to the whole
    /// text when `anchored`).
    ///
    /// # Errors
    /// [`Error::Row`] naming the regex error.
    pub fn regex(&self, column: &str, anchored: bool) -> Result<Regex, Error> {
        let p = self.required(column)?;
        let p = if anchored {
            format!("^(?:{p})$")
        } else {
            p.to_string()
        };
        compile(&p).map_err(|e| self.error(column, e.to_string()))
    }
}

/// A dictionary pattern as [`Row::regex`] compiles it (case-insensitive).
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
}

pub use crate::literals::prefix_literals;

use crate::builtin_files::fingerprint;

/// Parse TSV text: header line, then rows. Lines starting with `#` and
/// blank lines are skipped.
///
/// # Errors
/// [`Error::Row`] for a row with more fields than the header.
pub fn parse_tsv(file: &str, text: &str) -> Result<Vec<Row>, Error> {
    parse_with(file, text, |v| Cow::Owned(v.to_string()))
}

/// [`parse_tsv`] of a built-in dictionary, whose fields borrow the text
/// instead of copying it (~10,000 fields parsed at every start-up).
fn parse_builtin(file: &str, text: &'static str) -> Result<Vec<Row>, Error> {
    parse_with(file, text, Cow::Borrowed)
}

fn parse_with<'t>(
    file: &str,
    text: &'t str,
    field: impl Fn(&'t str) -> Cow<'static, str>,
) -> Result<Vec<Row>, Error> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((_, header)) = lines.next() else {
        return Ok(Vec::new());
    };
    let columns: Arc<[String]> = header.split('\t').map(|c| c.trim().to_string()).collect();
    let label: Arc<str> = Arc::from(file);
    let mut rows = Vec::new();
    for (i, line) in lines {
        let values: Vec<&str> = line.split('\t').collect();
        if values.len() > columns.len() {
            return Err(Error::Row {
                file: file.to_string(),
                line: i + 1,
                field: format!("#{}", values.len()),
                reason: format!(
                    "{} fields, but the header has {} columns",
                    values.len(),
                    columns.len()
                ),
            });
        }
        rows.push(Row {
            file: Arc::clone(&label),
            line: i + 1,
            columns: Arc::clone(&columns),
            values: values.iter().map(|v| field(v.trim())).collect(),
        });
    }
    Ok(rows)
}

/// The rows of one dictionary. A built-in one is parsed when first asked
/// for, so the engine's two vocabularies parse theirs on their own threads
/// (parsing all 16 files first took 6 ms, `verbs.tsv` most of it); one a
/// user's file adds to is parsed up front, so a malformed row stops the run
/// at once.
#[derive(Debug, Clone)]
struct Rows {
    /// The built-in text, when the rows are still to be parsed from it.
    builtin: Option<&'static str>,
    parsed: OnceLock<Vec<Row>>,
}

impl Rows {
    fn parsed(rows: Vec<Row>) -> Rows {
        Rows {
            builtin: None,
            parsed: OnceLock::from(rows),
        }
    }

    /// The rows (`name`: the file's, for their labels). A built-in file
    /// parses (a test checks each one).
    fn get(&self, name: &str) -> &[Row] {
        self.parsed.get_or_init(|| {
            self.builtin
                .and_then(|text| parse_builtin(name, text).ok())
                .unwrap_or_default()
        })
    }
}

/// The raw rows of every dictionary, built-in plus user overrides.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Shared: the engine's two vocabularies are built from one copy.
    files: Arc<BTreeMap<String, Rows>>,
    /// Hash of every dictionary's text (for caches).
    pub fingerprint: String,
    /// Whether a file of a user's dictionary folder was read.
    overrides: bool,
}

impl Sources {
    /// The built-in dictionaries, plus those in `dir` if given.
    ///
    /// # Errors
    /// An unreadable override file or a malformed row.
    pub fn load(dir: Option<&Path>) -> Result<Sources, Error> {
        Sources::load_files(dir, |_| true)
    }

    /// [`Sources::load`] for the dictionaries `wanted` names only (a
    /// command that compiles one dictionary need not parse all of them:
    /// `text` on a PDF reads `furniture.tsv` alone). The fingerprint covers
    /// the files read.
    ///
    /// # Errors
    /// As [`Sources::load`].
    pub fn load_files(dir: Option<&Path>, wanted: impl Fn(&str) -> bool) -> Result<Sources, Error> {
        let mut files = BTreeMap::new();
        for (name, text) in BUILTIN.iter().filter(|(name, _)| wanted(name)) {
            files.insert(
                name.to_string(),
                Rows {
                    builtin: Some(text),
                    parsed: OnceLock::new(),
                },
            );
        }
        // The user's files, by name, in the order they are read.
        let mut read: Vec<(String, String)> = Vec::new();
        if let Some(dir) = dir {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|source| Error::Read {
                    path: dir.to_path_buf(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
                .filter(|p| p.file_name().is_some_and(|n| wanted(&n.to_string_lossy())))
                .collect();
            entries.sort();
            for path in entries {
                let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
                    path: path.clone(),
                    source,
                })?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let label = path.display().to_string();
                let rows = parse_tsv(&label, &text)?;
                let replace = text.starts_with("#replace");
                let mut all = match files.remove(&name) {
                    Some(old) if !replace => old.get(&name).to_vec(),
                    _ => Vec::new(),
                };
                all.extend(rows);
                files.insert(name.clone(), Rows::parsed(all));
                read.push((name, text));
            }
        }
        // All the built-in files and none of a user's: the build worked
        // the fingerprint out (hashing the 700 kB took ~0.35 ms of every
        // start-up, before any thread could start).
        let all_builtin = BUILTIN.iter().all(|(name, _)| wanted(name));
        let fingerprint = match crate::prebuilt::BUILTIN_FINGERPRINT {
            Some(built) if all_builtin && read.is_empty() => built.to_string(),
            _ => fingerprint(
                BUILTIN
                    .iter()
                    .filter(|(name, _)| wanted(name))
                    .copied()
                    .chain(read.iter().map(|(n, t)| (n.as_str(), t.as_str()))),
            ),
        };
        Ok(Sources {
            files: Arc::new(files),
            fingerprint,
            overrides: !read.is_empty(),
        })
    }

    /// Set the rows of one dictionary (for tests and embedders that build
    /// a dictionary in memory): it counts as a user's dictionary.
    pub fn insert(&mut self, file: &str, rows: Vec<Row>) {
        self.overrides = true;
        Arc::make_mut(&mut self.files).insert(file.to_string(), Rows::parsed(rows));
    }

    /// Whether any rows are a user's (a dictionary folder, or
    /// [`Sources::insert`]) rather than built in: their regexes are then
    /// compiled up front, so a bad one stops the run before the first
    /// document; the built-in ones (checked by the tests) compile when first
    /// needed.
    pub fn has_overrides(&self) -> bool {
        self.overrides
    }

    /// The bundled text of one dictionary when its rows are that text's
    /// alone (no user's file of that name): what the build may have
    /// compiled ahead of time (`None`: a user's rows, or no such file).
    pub fn builtin_text(&self, file: &str) -> Option<&'static str> {
        self.files.get(file).and_then(|rows| rows.builtin)
    }

    /// Rows of one dictionary (empty if there is no such file).
    pub fn rows(&self, file: &str) -> &[Row] {
        self.files.get(file).map_or(&[], |rows| rows.get(file))
    }
}

/// A heading rule of `headings.tsv`.
#[derive(Debug, Clone)]
pub struct HeadingRule {
    /// Canonical section kind.
    pub kind: String,
    /// The anchored, case-insensitive pattern over the heading without
    /// numbering, as text ([`HeadingRule::pattern_for`] compiles it).
    source: String,
    /// The compiled pattern, on first use (`None`: it cannot compile).
    pattern: OnceLock<Option<Regex>>,
    /// What every match starts with, up to ASCII case
    /// ([`crate::literals::ascii_prefixes`]): a line that starts otherwise
    /// is not this heading, and a small document compiles few of the 25
    /// rules (~20 ms of start-up when all were compiled).
    prefixes: Option<Vec<Vec<u8>>>,
    /// Default level.
    pub level: u8,
    /// Document type this heading is evidence for.
    pub doc_type: Option<String>,
    /// Whether that evidence counts anywhere (`false`) or only when the
    /// heading is the document's first, its title (`true`).
    pub doc_type_title_only: bool,
}

impl HeadingRule {
    /// The rule's anchored pattern when it may match `text` (compiled on
    /// first use), `None` when it cannot.
    pub fn pattern_for(&self, text: &str) -> Option<&Regex> {
        if !self
            .prefixes
            .as_ref()
            .is_none_or(|ps| crate::literals::starts_ascii_ci(text, ps))
        {
            return None;
        }
        self.pattern
            .get_or_init(|| compile(&self.source).ok())
            .as_ref()
    }
}

/// A municipality of `municipalities.tsv`.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// CBS name.
    pub name: String,
    /// CBS code (`GM0363`).
    pub code: String,
    /// Name and aliases.
    pub spellings: Vec<String>,
    /// Also an ordinary Dutch word: only counted after "gemeente".
    pub common_word: bool,
}

/// A taakveld of `taakvelden.tsv`.
#[derive(Debug, Clone)]
pub struct Taakveld {
    /// BBV code ("6.72").
    pub code: String,
    /// Official name.
    pub name: String,
    /// Name and aliases, normalised.
    pub spellings: Vec<String>,
}

/// Every vocabulary the pipeline needs, compiled once per run and shared
/// read-only across threads.
#[derive(Debug)]
pub struct Vocabulary {
    /// The sources the vocabulary was built from.
    pub sources: Sources,
    /// Section heading rules in file order (first match wins).
    pub headings: Vec<HeadingRule>,
    /// Page-furniture patterns ([`Vocabulary::furniture`]).
    furniture: OnceLock<RegexSet>,
    /// Header-block labels, value shapes and bodies.
    pub header: crate::extract::metadata::vocab::HeaderVocab,
    /// Month names and abbreviations to month numbers.
    pub months: BTreeMap<String, u32>,
    /// Document type cues and the other vocabularies of document facts.
    pub facts: crate::extract::facts::vocab::FactVocab,
    /// Municipalities.
    pub municipalities: Vec<Municipality>,
    /// Taakvelden.
    pub taakvelden: Vec<Taakveld>,
    /// Function words (articles, prepositions, conjunctions …): a line that
    /// ends with one is wrapped text, never a heading.
    pub function_words: std::collections::BTreeSet<String>,
}

/// The page-furniture patterns of `furniture.tsv` as one set: all that
/// HTML and PDF ingest need of the vocabulary, so `beleidsmijn text` on
/// those formats compiles only this.
///
/// # Errors
/// A malformed pattern.
pub fn furniture_set(sources: &Sources) -> Result<RegexSet, Error> {
    let rows = sources.rows("furniture.tsv");
    let mut furniture = Vec::with_capacity(rows.len());
    for r in rows {
        furniture.push(r.required("pattern")?.to_string());
    }
    // Compiled once as a set; only when that fails is each row compiled
    // alone, to name the row at fault.
    RegexSet::new(&furniture).map_err(|e| {
        rows.iter()
            .find_map(|r| r.regex("pattern", false).err())
            .unwrap_or_else(|| Error::Row {
                file: "furniture.tsv".into(),
                line: 0,
                field: "pattern".into(),
                reason: e.to_string(),
            })
    })
}

/// How much input a run's automata are built for.
///
/// The merged dictionary automaton of the entity vocabulary is a DFA for a
/// large input: the fastest to search, but ~30 ms to build, most of what a
/// one-file `extract` then spends on its dictionaries. A small input gets a
/// contiguous NFA, ~7× quicker to build and fast enough for a few hundred
/// kilobytes. Both find the same matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Workload {
    /// Up to [`Workload::SMALL_BYTES`] of input files.
    Small,
    /// More, or not known (standard input).
    #[default]
    Large,
}

impl Workload {
    /// The most input bytes a small workload has.
    pub const SMALL_BYTES: u64 = 1 << 20;

    /// The workload of input files of these sizes (`None`: not known).
    pub fn of_sizes(sizes: impl IntoIterator<Item = Option<u64>>) -> Workload {
        let mut total = 0u64;
        for size in sizes {
            match size {
                Some(n) => total = total.saturating_add(n),
                None => return Workload::Large,
            }
            if total > Workload::SMALL_BYTES {
                return Workload::Large;
            }
        }
        Workload::Small
    }
}

/// Lower-case and collapse white space: the key dictionaries are matched on.
pub fn norm_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The prefix literals of the anchored heading pattern `source`, row `i`
/// of `headings.tsv`: worked out by the build for the bundled rows (the
/// same pattern text at the same row), at run time for any other.
fn prefixes_of(i: usize, source: &str) -> Option<Vec<Vec<u8>>> {
    match crate::prebuilt::HEADING_PREFIXES.get(i) {
        Some((built, lits)) if *built == source => {
            lits.map(|lits| lits.iter().map(|l| l.to_vec()).collect())
        }
        _ => crate::literals::ascii_prefixes(source),
    }
}

/// The heading rules of `headings.tsv`, in file order.
fn heading_rules(sources: &Sources) -> Result<Vec<HeadingRule>, Error> {
    let mut headings = Vec::new();
    for (i, r) in sources.rows("headings.tsv").iter().enumerate() {
        let level = r
            .get("level")
            .parse::<u8>()
            .map_err(|e| r.error("level", e.to_string()))?;
        let doc_type = Some(r.get("doc_type").to_string()).filter(|d| !d.is_empty());
        // A user's rule compiles now, so a bad one stops the run
        // before the first document; the built-in ones are tested.
        let pattern = if sources.has_overrides() {
            OnceLock::from(Some(r.regex("pattern", true)?))
        } else {
            OnceLock::new()
        };
        let source = format!("^(?:{})$", r.required("pattern")?);
        headings.push(HeadingRule {
            kind: r.required("kind")?.to_string(),
            prefixes: prefixes_of(i, &source),
            source,
            pattern,
            level,
            doc_type,
            doc_type_title_only: r.get("doc_type_scope") == "title",
        });
    }
    Ok(headings)
}

impl Vocabulary {
    /// Build every vocabulary from its sources.
    ///
    /// # Errors
    /// A malformed row (bad regex, bad number, missing field).
    pub fn build(sources: Sources) -> Result<Vocabulary, Error> {
        let headings = crate::timing::phase("v headings", || heading_rules(&sources))?;
        // Only HTML and PDF need the furniture patterns: a user's are
        // compiled now (a bad one stops the run), the bundled ones when a
        // document first asks for them.
        let furniture = if sources.has_overrides() {
            OnceLock::from(crate::timing::phase("v furniture", || {
                furniture_set(&sources)
            })?)
        } else {
            OnceLock::new()
        };
        let header = crate::timing::phase("v header", || {
            crate::extract::metadata::vocab::HeaderVocab::build(&sources)
        })?;
        let mut months = BTreeMap::new();
        for r in sources.rows("months.tsv") {
            let n = r
                .required("number")?
                .parse::<u32>()
                .map_err(|e| r.error("number", e.to_string()))?;
            if !(1..=12).contains(&n) {
                return Err(r.error("number", "a month number is 1 to 12"));
            }
            months.insert(norm_key(r.required("name")?), n);
        }
        let facts = crate::timing::phase("v facts", || {
            crate::extract::facts::vocab::FactVocab::build(&sources)
        })?;
        let mut municipalities = Vec::new();
        for r in sources.rows("municipalities.tsv") {
            let name = r.required("name")?.to_string();
            let mut spellings = vec![name.clone()];
            spellings.extend(
                r.get("aliases")
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
            );
            municipalities.push(Municipality {
                code: r.required("cbs_code")?.to_string(),
                name,
                spellings,
                common_word: r.get("common_word") == "1",
            });
        }
        let mut taakvelden = Vec::new();
        for r in sources.rows("taakvelden.tsv") {
            let name = r.required("name")?.to_string();
            let mut spellings = vec![norm_key(&name)];
            spellings.extend(
                r.get("aliases")
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(norm_key),
            );
            taakvelden.push(Taakveld {
                code: r.required("code")?.to_string(),
                name,
                spellings,
            });
        }
        let mut function_words = std::collections::BTreeSet::new();
        for r in sources.rows("function_words.tsv") {
            function_words.insert(norm_key(r.required("word")?));
        }
        Ok(Vocabulary {
            sources,
            headings,
            furniture,
            header,
            months,
            facts,
            municipalities,
            taakvelden,
            function_words,
        })
    }

    /// The page-furniture patterns of `furniture.tsv` as one set,
    /// compiled on first use (an empty set if the bundled ones did not
    /// compile, which the tests rule out).
    pub fn furniture(&self) -> &RegexSet {
        self.furniture
            .get_or_init(|| furniture_set(&self.sources).unwrap_or_else(|_| RegexSet::empty()))
    }

    /// Built-in dictionaries only.
    ///
    /// # Errors
    /// Only if a built-in dictionary is malformed (a bug, caught by tests).
    pub fn builtin() -> Result<Vocabulary, Error> {
        Vocabulary::build(Sources::load(None)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_dictionaries_parse() {
        for (name, text) in BUILTIN {
            let rows = parse_tsv(name, text).unwrap();
            assert!(!rows.is_empty(), "{name}");
            assert_eq!(Sources::load(None).unwrap().rows(name).len(), rows.len());
        }
    }

    #[test]
    fn builtin_dictionaries_compile() {
        let v = Vocabulary::builtin().unwrap();
        assert!(v.headings.len() > 10);
        assert!(v.municipalities.len() > 400);
        assert_eq!(v.months.get("november"), Some(&11));
        for h in &v.headings {
            assert!(
                h.pattern.get_or_init(|| compile(&h.source).ok()).is_some(),
                "{}",
                h.source
            );
        }
        assert!(v.furniture.get().is_none(), "furniture compiled up front");
        assert!(!v.furniture().is_empty());
        let h = &v.header;
        for re in h
            .bodies
            .iter()
            .map(|(re, _)| re)
            .chain(&h.venue)
            .chain(&h.honorific)
        {
            assert!(re.try_get().is_some(), "{}", re.source());
        }
        // The build's fingerprint is the run's, of the same files.
        let names: Vec<&str> = BUILTIN.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, crate::builtin_files::BUILTIN_FILES);
        assert_eq!(
            crate::prebuilt::BUILTIN_FINGERPRINT,
            Some(fingerprint(BUILTIN.iter().copied()).as_str())
        );
        assert_eq!(
            Sources::load(None).unwrap().fingerprint,
            fingerprint(BUILTIN.iter().copied())
        );
        // The build's prefix literals are the run's.
        let built = crate::prebuilt::HEADING_PREFIXES;
        assert_eq!(built.len(), v.headings.len());
        for ((source, lits), h) in built.iter().zip(&v.headings) {
            assert_eq!(*source, h.source);
            let lits = lits.map(|l| l.iter().map(|l| l.to_vec()).collect::<Vec<_>>());
            assert_eq!(lits, crate::literals::ascii_prefixes(source), "{source}");
            assert_eq!(h.prefixes, lits, "{source}");
        }
        let caption = v.headings.iter().find(|h| h.kind == "caption").unwrap();
        assert!(caption.prefixes.is_some());
        assert!(caption.pattern_for("Tabel 3 Kosten").is_some());
        assert!(caption.pattern_for("Inleiding").is_none());
    }

    #[test]
    fn furniture_set_names_the_bad_row_and_load_files_reads_only_those_wanted() {
        let rows = parse_tsv(
            "furniture.tsv",
            "pattern\tnote\n^Pagina \\d+$\t\n(unclosed\t\n",
        )
        .unwrap();
        let mut files = BTreeMap::new();
        files.insert("furniture.tsv".to_string(), Rows::parsed(rows));
        let sources = Sources {
            files: Arc::new(files),
            fingerprint: String::new(),
            overrides: false,
        };
        let err = furniture_set(&sources).unwrap_err().to_string();
        assert!(err.starts_with("furniture.tsv:3: field 'pattern'"), "{err}");
        let only = Sources::load_files(None, |n| n == "furniture.tsv").unwrap();
        assert!(!only.rows("furniture.tsv").is_empty());
        assert!(only.rows("municipalities.tsv").is_empty());
        assert_eq!(
            furniture_set(&only).unwrap().len(),
            furniture_set(&Sources::load(None).unwrap()).unwrap().len()
        );
    }

    #[test]
    fn malformed_row_names_file_line_field() {
        let err = parse_tsv("x.tsv", "a\tb\n1\t2\t3\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.tsv:2: field '#3': 3 fields, but the header has 2 columns"
        );
        let rows = parse_tsv(
            "h.tsv",
            "kind\tpattern\tlevel\tdoc_type\nx\t(unclosed\t1\t\n",
        )
        .unwrap();
        let err = rows[0].regex("pattern", true).unwrap_err();
        assert!(
            err.to_string().starts_with("h.tsv:2: field 'pattern'"),
            "{err}"
        );
    }
}
