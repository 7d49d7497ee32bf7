//! CSV output: the entities table (one row per entity, what `--format csv`
//! writes by default), the style every table is written in (RFC 4180
//! quoting by the `csv` crate, UTF-8, optionally with a byte-order mark
//! for Excel), and the cell helpers [`super::tables`] shares.
//!
//! Columns are [`HEADER`]: the document's (`doc_id` is the file's SHA-256,
//! `source.sha256` in the JSON), the section's, the entity's id (`entity`:
//! `e1`, `e2` ... by its position in the record, what the claims table
//! joins on), and the entity's typed fields of schema version 2
//! (`docs/schema.md`), one type per column.
//! Two kinds of row are not entities, so that every input shows up at
//! least once and a row count never hides a failure:
//!
//! - a document without entities gives one row of `type` `document`
//!   (entity columns empty), so its municipality, type and year still load;
//! - an error record gives one row of `type` `error`, with the error kind
//!   in `error` and the message in `text`.
//!
//! Empty cells are absent values. Numbers are written bare: integers as
//! integers, `number` and `scale` always with a fraction (`1200.0`), so a
//! loader that types a column from its first rows (DuckDB's
//! `read_csv_auto`) reads a double, not an integer it then cannot widen.
//! Dates are `YYYY-MM-DD`, flags `true`/`false`.
//!
//! [`Style`] says how: the delimiter (`,`, or `;` for a Dutch-locale
//! spreadsheet), and for spreadsheets (`--excel`) a cell that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return: "- de pilot is gestart" is one) gets a leading `'`, so
//! it shows as the text it is; whole numbers are written without their
//! fraction there, as a spreadsheet reads them whatever its locale.

use super::view::{EntityView, RecordView};

/// The header row of the entities table.
pub const HEADER: [&str; 41] = [
    "doc_id",
    "path",
    "path_bytes",
    "municipality",
    "cbs_code",
    "doc_type",
    "year",
    "section",
    "section_kind",
    "section_heading",
    "entity",
    "type",
    "id",
    "text",
    "canonical",
    "class",
    "number",
    "unit",
    "per",
    "scale",
    "qualifier",
    "date",
    "time",
    "period_start",
    "period_end",
    "precision",
    "part",
    "code",
    "org_type",
    "generic",
    "subject",
    "subject_name",
    "partial",
    "page",
    "start",
    "end",
    "char_start",
    "char_end",
    "sentence",
    "row",
    "error",
];

/// The UTF-8 byte-order mark `--excel` writes first.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// How the CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// The field delimiter.
    pub delimiter: u8,
    /// For a spreadsheet: cells that would run as formulas are quoted
    /// with a leading `'`.
    pub spreadsheet: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            delimiter: b',',
            spreadsheet: false,
        }
    }
}

impl Style {
    pub(super) fn writer(self) -> ::csv::Writer<Vec<u8>> {
        ::csv::WriterBuilder::new()
            .has_headers(false)
            .delimiter(self.delimiter)
            .from_writer(Vec::new())
    }

    /// A cell as this style writes it.
    pub(super) fn cell(self, text: String) -> String {
        if self.spreadsheet && runs_as_formula(&text) {
            format!("'{text}")
        } else {
            text
        }
    }
}

/// Whether a spreadsheet would run `text` as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, and is no signed number
/// ("-3.076" stays a number).
fn runs_as_formula(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['=', '+', '-', '@', '\t', '\r']) else {
        return false;
    };
    let signed_number = text.starts_with(['-', '+'])
        && rest.starts_with(|c: char| c.is_ascii_digit())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    !signed_number
}

pub(super) fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

pub(super) fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

pub(super) fn flag(v: bool) -> String {
    v.to_string()
}

impl Style {
    /// A number of a `number` or `scale` column: with a fraction always
    /// (`1200.0`), or for a spreadsheet without one when whole.
    pub(super) fn number(self, v: Option<f64>) -> String {
        match v {
            None => String::new(),
            Some(v) if self.spreadsheet && v.fract() == 0.0 && v.abs() < 9.0e15 => {
                format!("{}", v as i64)
            }
            Some(v) => format!("{v:?}"),
        }
    }
}

/// The header line of the entities table, CSV-encoded.
///
/// # Errors
/// Never in practice (writes to memory); kept for the `csv` API.
pub fn header(style: Style) -> Result<Vec<u8>, ::csv::Error> {
    header_of(&HEADER, style)
}

/// A header line, CSV-encoded.
///
/// # Errors
/// Never in practice (writes to memory); kept for the `csv` API.
pub fn header_of(columns: &[&str], style: Style) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = style.writer();
    w.write_record(columns)?;
    w.into_inner().map_err(|e| e.into_error().into())
}

/// `municipality` and `cbs_code` of a record (empty when undecided).
pub(super) fn municipality(rec: &RecordView) -> [String; 2] {
    match &rec.municipality {
        Some(m) => [m.name.clone(), m.code.clone()],
        None => [String::new(), String::new()],
    }
}

/// `section`, `section_kind` and `section_heading` of an entity.
pub(super) fn section_cells(rec: &RecordView, e: &EntityView) -> [String; 3] {
    let section = rec.section(e.section.as_deref());
    [
        text(&e.section),
        section.map(|s| s.kind.clone()).unwrap_or_default(),
        section.map(|s| s.heading.clone()).unwrap_or_default(),
    ]
}

/// The id of the `i`-th entity (0-based) of a record: `e1`, `e2` ...,
/// its position in the record's `entities`.
pub fn entity_id(i: usize) -> String {
    format!("e{}", i + 1)
}

/// The entity columns of `e` (from `type` to `row`).
fn entity_cells(e: &EntityView, style: Style) -> Vec<String> {
    vec![
        e.kind.clone(),
        text(&e.id),
        e.text.clone(),
        text(&e.canonical),
        text(&e.class),
        style.number(e.number),
        text(&e.unit),
        text(&e.per),
        style.number(e.scale),
        text(&e.qualifier),
        text(&e.date),
        text(&e.time),
        text(&e.period_start),
        text(&e.period_end),
        text(&e.precision),
        text(&e.part),
        text(&e.code),
        text(&e.org_type),
        flag(e.generic),
        text(&e.subject),
        text(&e.subject_name),
        flag(e.partial),
        opt(e.page),
        opt(e.start),
        opt(e.end),
        opt(e.char_start),
        opt(e.char_end),
        e.sentence.clone(),
        text(&e.row),
    ]
}

/// The number of entity columns.
const ENTITY_COLUMNS: usize = 29;

/// The rows of one record in the entities table, CSV-encoded.
///
/// # Errors
/// Never in practice (writes to memory); kept for the `csv` API.
pub fn rows(rec: &RecordView, style: Style) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = style.writer();
    let mut write = |row: Vec<String>| w.write_record(row.into_iter().map(|c| style.cell(c)));
    let [muni, code] = municipality(rec);
    let doc = [
        text(&rec.source.sha256),
        rec.source.path.clone(),
        text(&rec.source.path_bytes),
        muni,
        code,
        rec.doc_type.clone().unwrap_or_default(),
        opt(rec.year),
    ];
    // A row that is no entity: `type` and `text` set, the rest empty.
    let other = |kind: &str, text: &str, error: &str| {
        let mut row = doc.to_vec();
        row.extend(vec![String::new(); 4]);
        let mut entity = vec![String::new(); ENTITY_COLUMNS];
        entity[0] = kind.to_string();
        entity[2] = text.to_string();
        row.extend(entity);
        row.push(error.to_string());
        row
    };
    if let Some(e) = &rec.error {
        write(other("error", &e.message, &e.kind))?;
    } else if rec.entities.is_empty() {
        write(other("document", "", ""))?;
    }
    for (i, e) in rec.entities.iter().enumerate() {
        let mut row = doc.to_vec();
        row.extend(section_cells(rec, e));
        row.push(entity_id(i));
        row.extend(entity_cells(e, style));
        row.push(String::new());
        write(row)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(json: &str) -> RecordView {
        serde_json::from_str(json).unwrap()
    }

    fn parse(bytes: Vec<u8>, delimiter: u8) -> Vec<std::collections::BTreeMap<String, String>> {
        let mut all = header(Style {
            delimiter,
            spreadsheet: false,
        })
        .unwrap();
        all.extend(bytes);
        ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(&all[..])
            .deserialize()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn entity_rows_quote_and_fill_sections_and_typed_columns() {
        let r = rec(
            r#"{"source":{"path":"a, b.txt","sha256":"ab12"},"municipality":{"name":"Gooise Meren","code":"GM1942"},
            "doc_type":"jaarstukken","year":2021,"sections":[{"id":"s1","kind":"wat_hebben_we_bereikt","heading":"Wat \"hebben\" we bereikt"}],
            "entities":[{"type":"status","text":"afgerond","class":"achieved","section":"s1",
            "start":3,"end":11,"char_start":3,"char_end":11,"page":2,"sentence":"Het is\nafgerond.","subject":"pilot-1","subject_name":"Plan 18"},
            {"type":"money","text":"89","number":89000.0,"unit":"EUR","scale":1000.0,"section":"s1",
            "start":20,"end":22,"page":2,"sentence":"89","row":"Bestuur\tBaten\t89"},
            {"type":"date","text":"november 2021","date":"2021-11-01","period_start":"2021-11-01","period_end":"2021-11-30","precision":"month"}]}"#,
        );
        let out = String::from_utf8(rows(&r, Style::default()).unwrap()).unwrap();
        assert!(out.starts_with("ab12,\"a, b.txt\",,Gooise Meren,GM1942,jaarstukken,2021,s1,wat_hebben_we_bereikt,\"Wat \"\"hebben\"\" we bereikt\",e1,status,"), "{out}");
        let rows = parse(out.into_bytes(), b',');
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["subject"], "pilot-1");
        assert_eq!(
            (rows[0]["entity"].as_str(), rows[2]["entity"].as_str()),
            ("e1", "e3")
        );
        assert_eq!(rows[0]["subject_name"], "Plan 18");
        assert_eq!(rows[0]["class"], "achieved");
        assert_eq!(rows[0]["sentence"], "Het is\nafgerond.");
        assert_eq!(
            (rows[0]["generic"].as_str(), rows[0]["number"].as_str()),
            ("false", "")
        );
        assert_eq!(
            (rows[1]["number"].as_str(), rows[1]["scale"].as_str()),
            ("89000.0", "1000.0")
        );
        assert_eq!(rows[1]["row"], "Bestuur\tBaten\t89");
        assert_eq!(rows[2]["period_end"], "2021-11-30");
        assert_eq!(rows[2]["precision"], "month");
        assert!(rows
            .iter()
            .all(|r| r.len() == HEADER.len() && r["error"].is_empty()));
    }

    #[test]
    fn spreadsheet_style_uses_its_delimiter_and_runs_no_formula() {
        let r = rec(
            r#"{"source":{"path":"a;b.txt"},"entities":[{"type":"status","text":"- gestart",
            "start":0,"end":9,"sentence":"=SUM(A1)","class":"in_progress"},
            {"type":"money","text":"-3.076","number":-3076.0,"start":9,"end":15,"sentence":"+31 70"}]}"#,
        );
        let excel = Style {
            delimiter: b';',
            spreadsheet: true,
        };
        let rows = parse(rows(&r, excel).unwrap(), b';');
        assert_eq!(rows[0]["path"], "a;b.txt");
        assert_eq!(rows[0]["text"], "'- gestart");
        assert_eq!(rows[0]["sentence"], "'=SUM(A1)");
        assert_eq!(rows[1]["text"], "-3.076");
        assert_eq!(
            rows[1]["number"], "-3076",
            "a spreadsheet gets whole numbers bare"
        );
        assert_eq!(rows[1]["sentence"], "'+31 70");
        assert_eq!(
            header(excel)
                .unwrap()
                .iter()
                .filter(|&&b| b == b';')
                .count(),
            HEADER.len() - 1
        );
    }

    #[test]
    fn documents_without_entities_and_errors_get_one_row() {
        let d = rec(r#"{"source":{"path":"x.txt","sha256":"cd"},"year":null}"#);
        let rows_d = parse(rows(&d, Style::default()).unwrap(), b',');
        assert_eq!(rows_d.len(), 1);
        assert_eq!(
            (rows_d[0]["doc_id"].as_str(), rows_d[0]["type"].as_str()),
            ("cd", "document")
        );
        let e =
            rec(r#"{"source":{"path":"y.pdf"},"error":{"kind":"empty","message":"empty file"}}"#);
        let rows_e = parse(rows(&e, Style::default()).unwrap(), b',');
        assert_eq!(
            (
                rows_e[0]["type"].as_str(),
                rows_e[0]["text"].as_str(),
                rows_e[0]["error"].as_str()
            ),
            ("error", "empty file", "empty")
        );
        assert_eq!(rows_e[0]["generic"], "", "no entity, no flag");
        assert_eq!(
            ENTITY_COLUMNS,
            HEADER.iter().position(|h| *h == "error").unwrap() - 11
        );
    }
}
