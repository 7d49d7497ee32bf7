//! What the fuzz targets (`fuzz/fuzz_targets/`) run on each input, and
//! what `tests/fuzz_replay.rs` runs on the inputs committed under
//! `tests/fuzz/<target>/`: one function per target, so a crash the fuzzer
//! found is replayed by the test suite through exactly the same code.
//!
//! Each function returns `Err` with what went wrong when an output
//! property does not hold (an offset out of bounds or inside a character,
//! a record that does not read back); a panic, a hang or unbounded memory
//! is the fuzzer's to see. Errors the input deserves (not UTF-8, not a
//! PDF, a malformed dictionary row) are `Ok`: a clear error is the right
//! outcome for bad input.

use crate::dict::Workload;
use crate::dict::{parse_tsv, Sources, BUILTIN};
use crate::model::Format;
use crate::output::tables::Table;
use crate::output::{view, Record, Source};
use crate::pipeline::{Analysis, Engine};
use std::sync::OnceLock;

/// The text a dictionary fuzz input's engine reads: a seed-like paragraph
/// that touches headings, statuses, dates, amounts, partners and a table.
pub const DICTIONARY_PROBE: &str = "Programma 1 Sociaal domein\n\n\
Wat hebben we bereikt?\n\n\
De pilot Buurtgezin is in 2023 gestart samen met Stichting Welzijn en de GGD Hollands Midden. \
Het project Schone Lucht is vertraagd tot 1 maart 2024; de evaluatie volgt in het tweede kwartaal. \
Hiervoor is € 1,2 miljoen beschikbaar (taakveld 6.1).\n\n\
Indicator\t2022\t2023\nAantal deelnemers\t12\t40\n";

/// A source with no file behind it.
fn source() -> Source {
    Source {
        path: "fuzz".into(),
        path_bytes: None,
        format: None,
        sha256: None,
        bytes: None,
        pages: None,
    }
}

/// The engine of the built-in dictionaries, built once per process.
fn engine() -> Result<&'static Engine, String> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Engine::new(None).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// PDF bytes through the PDF reader.
///
/// # Errors
/// Never: the PDF reader's properties are the other tests'; this target
/// is for panics, hangs and memory.
pub fn pdf(data: &[u8]) -> Result<(), String> {
    let _ = crate::ingest::pdf::blocks(data);
    Ok(())
}

/// Bytes as a text file, through every stage and every output view.
///
/// # Errors
/// An output property that does not hold.
pub fn text(data: &[u8]) -> Result<(), String> {
    document(engine()?, data, Format::Text)
}

/// Bytes as an HTML file, through every stage and every output view.
///
/// # Errors
/// An output property that does not hold.
pub fn html(data: &[u8]) -> Result<(), String> {
    document(engine()?, data, Format::Html)
}

/// A user's dictionary: the first byte picks which built-in file the rest
/// replaces (as a file of that name in `--dict DIR` would); the engine built
/// from it then reads [`DICTIONARY_PROBE`].
///
/// # Errors
/// An output property that does not hold on the probe text.
pub fn dictionary(data: &[u8]) -> Result<(), String> {
    let Some((&pick, rest)) = data.split_first() else {
        return Ok(());
    };
    let Some(&(name, _)) = BUILTIN.get(usize::from(pick) % BUILTIN.len().max(1)) else {
        return Ok(());
    };
    let Ok(tsv) = std::str::from_utf8(rest) else {
        return Ok(());
    };
    let Ok(rows) = parse_tsv(name, tsv) else {
        return Ok(());
    };
    let Ok(mut sources) = Sources::load(None) else {
        return Err("the built-in dictionaries do not load".to_string());
    };
    sources.insert(name, rows);
    let Ok(engine) = Engine::from_sources(sources, Workload::Small) else {
        return Ok(());
    };
    document(&engine, DICTIONARY_PROBE.as_bytes(), Format::Text)
}

/// Analyse `data`, check the offsets, write the record as a JSONL line,
/// read it back and build every CSV table from it.
fn document(engine: &Engine, data: &[u8], format: Format) -> Result<(), String> {
    let Ok(analysis) = engine.analyse(data, format, source()) else {
        return Ok(());
    };
    offsets(&analysis)?;
    let record = Record::Document(Box::new(analysis.record));
    let line = serde_json::to_string(&record).map_err(|e| format!("record not serialised: {e}"))?;
    let back = view::read_line(&line).map_err(|e| format!("record does not read back: {e}"))?;
    for table in Table::ALL {
        let _ = table.values(&back);
    }
    Ok(())
}

/// Every block, cell, section and entity span lies in the text, on
/// character boundaries.
fn offsets(a: &Analysis) -> Result<(), String> {
    let text = &a.doc.text;
    let inside = |what: &str, start: usize, end: usize| {
        if start <= end && text.get(start..end).is_some() {
            Ok(())
        } else {
            Err(format!(
                "{what} span {start}..{end} is not inside the text ({} bytes) on character boundaries",
                text.len()
            ))
        }
    };
    for b in &a.doc.blocks {
        inside("block", b.span.start, b.span.end)?;
        for cell in b.rows.iter().flatten() {
            inside("cell", cell.span.start, cell.span.end)?;
        }
    }
    for s in &a.record.sections {
        inside("section", s.start, s.end)?;
    }
    for e in &a.record.entities {
        inside("entity", e.start, e.end)?;
    }
    Ok(())
}
