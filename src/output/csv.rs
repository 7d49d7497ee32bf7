//! CSV output: one row per entity, RFC 4180 quoting (the `csv` crate),
//! UTF-8, optionally with a byte-order mark for Excel.
//!
//! Columns are [`HEADER`]. Two kinds of row are not entities, so that every
//! input shows up at least once and a row count never hides a failure:
//!
//! - a document without entities gives one row of `type` `document`
//!   (entity columns empty), so its municipality, type and year still load;
//! - an error record gives one row of `type` `error`, with the error kind
//!   in `class` and the message in `text`.
//!
//! Numbers (`year`, `page`, `start`, `end`) are written bare and left empty
//! when absent, so `read_csv_auto` in DuckDB types them as integers.
//! `value` holds strings as they are and anything else as compact JSON.
//!
//! [`Style`] says how: the delimiter (`,`, or `;` for a Dutch-locale
//! spreadsheet), and for spreadsheets (`--excel`) a cell that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return: "- de pilot is gestart" is one) gets a leading `'`, so
//! it shows as the text it is.

use super::view::{value_text, RecordView};

/// The header row.
pub const HEADER: [&str; 18] = [
    "path",
    "municipality",
    "cbs_code",
    "doc_type",
    "year",
    "section_kind",
    "section_heading",
    "type",
    "text",
    "canonical",
    "value",
    "class",
    "subject",
    "page",
    "start",
    "end",
    "sentence",
    "row",
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
    fn writer(self) -> ::csv::Writer<Vec<u8>> {
        ::csv::WriterBuilder::new()
            .has_headers(false)
            .delimiter(self.delimiter)
            .from_writer(Vec::new())
    }

    /// A cell as this style writes it.
    fn cell(self, text: String) -> String {
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

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The header line, CSV-encoded.
///
/// # Errors
/// Never in practice (writes to memory); kept for the `csv` API.
pub fn header(style: Style) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = style.writer();
    w.write_record(HEADER)?;
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The rows of one record, CSV-encoded.
///
/// # Errors
/// Never in practice (writes to memory); kept for the `csv` API.
pub fn rows(rec: &RecordView, style: Style) -> Result<Vec<u8>, ::csv::Error> {
    let mut w = style.writer();
    let mut write = |row: Vec<String>| w.write_record(row.into_iter().map(|c| style.cell(c)));
    let (muni, code) = match &rec.municipality {
        Some(m) => (m.name.clone(), m.code.clone()),
        None => (String::new(), String::new()),
    };
    let doc = [
        rec.source.path.clone(),
        muni,
        code,
        rec.doc_type.clone().unwrap_or_default(),
        opt(rec.year),
    ];
    if let Some(e) = &rec.error {
        let mut row = doc.to_vec();
        row.extend(
            [
                "", "", "error", &e.message, "", "", &e.kind, "", "", "", "", "", "",
            ]
            .map(String::from),
        );
        write(row)?;
    } else if rec.entities.is_empty() {
        let mut row = doc.to_vec();
        row.extend(vec![String::new(); 13]);
        row[7] = "document".into();
        write(row)?;
    }
    for e in &rec.entities {
        let section = rec.section(e.section.as_deref());
        let mut row = doc.to_vec();
        row.extend([
            section.map(|s| s.kind.clone()).unwrap_or_default(),
            section.map(|s| s.heading.clone()).unwrap_or_default(),
            e.kind.clone(),
            e.text.clone(),
            e.canonical.clone().unwrap_or_default(),
            value_text(&e.value),
            e.class.clone().unwrap_or_default(),
            e.extra.get("subject").map(value_text).unwrap_or_default(),
            opt(e.page),
            opt(e.start),
            opt(e.end),
            e.sentence.clone(),
            e.extra.get("row").map(value_text).unwrap_or_default(),
        ]);
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

    #[test]
    fn entity_rows_quote_and_fill_sections() {
        let r = rec(
            r#"{"source":{"path":"a, b.txt"},"municipality":{"name":"Gooise Meren","code":"GM1942"},
            "doc_type":"jaarstukken","year":2021,"sections":[{"id":"s1","kind":"wat_hebben_we_bereikt","heading":"Wat \"hebben\" we bereikt"}],
            "entities":[{"type":"status","text":"afgerond","canonical":null,"value":{"k":1},"class":"done","section":"s1",
            "start":3,"end":11,"page":2,"sentence":"Het is\nafgerond.","subject":"Plan 18"},
            {"type":"money","text":"89","canonical":null,"value":89000,"class":null,"section":"s1",
            "start":20,"end":22,"page":2,"sentence":"89","row":"Bestuur\tBaten\t89"}]}"#,
        );
        let out = String::from_utf8(rows(&r, Style::default()).unwrap()).unwrap();
        assert_eq!(
            out,
            "\"a, b.txt\",Gooise Meren,GM1942,jaarstukken,2021,wat_hebben_we_bereikt,\"Wat \"\"hebben\"\" we bereikt\",status,afgerond,,\"{\"\"k\"\":1}\",done,Plan 18,2,3,11,\"Het is\nafgerond.\",\n\
             \"a, b.txt\",Gooise Meren,GM1942,jaarstukken,2021,wat_hebben_we_bereikt,\"Wat \"\"hebben\"\" we bereikt\",money,89,,89000,,,2,20,22,89,Bestuur\tBaten\t89\n"
        );
    }

    #[test]
    fn spreadsheet_style_uses_its_delimiter_and_runs_no_formula() {
        let r = rec(
            r#"{"source":{"path":"a;b.txt"},"entities":[{"type":"status","text":"- gestart",
            "value":null,"start":0,"end":9,"sentence":"=SUM(A1)","class":"in_progress"},
            {"type":"money","text":"-3.076","value":-3076,"start":9,"end":15,"sentence":"+31 70"}]}"#,
        );
        let excel = Style {
            delimiter: b';',
            spreadsheet: true,
        };
        let out = String::from_utf8(rows(&r, excel).unwrap()).unwrap();
        assert_eq!(
            out,
            "\"a;b.txt\";;;;;;;status;'- gestart;;;in_progress;;;0;9;'=SUM(A1);\n\
             \"a;b.txt\";;;;;;;money;-3.076;;-3076;;;;9;15;'+31 70;\n"
        );
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
        let d = rec(r#"{"source":{"path":"x.txt"},"year":null}"#);
        assert_eq!(
            String::from_utf8(rows(&d, Style::default()).unwrap()).unwrap(),
            "x.txt,,,,,,,document,,,,,,,,,,\n"
        );
        let e =
            rec(r#"{"source":{"path":"y.pdf"},"error":{"kind":"empty","message":"empty file"}}"#);
        assert_eq!(
            String::from_utf8(rows(&e, Style::default()).unwrap()).unwrap(),
            "y.pdf,,,,,,,error,empty file,,,empty,,,,,,\n"
        );
        assert_eq!(
            header(Style::default())
                .unwrap()
                .iter()
                .filter(|&&b| b == b',')
                .count(),
            HEADER.len() - 1
        );
    }
}
