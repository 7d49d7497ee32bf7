//! The entities table: one row per entity, what `--format csv` writes by
//! default and the `entities` sheet of `--format xlsx`.
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
//! Rows are typed [`Value`]s: `number` and `scale` fractions, offsets and
//! pages whole numbers, `date`, `period_start` and `period_end` dates,
//! `generic` and `partial` flags; the CSV and workbook writers format them.

use super::value::Value;
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

/// `municipality` and `cbs_code` of a record (empty when undecided).
pub(super) fn municipality(rec: &RecordView) -> [Value; 2] {
    match &rec.municipality {
        Some(m) => [m.name.as_str().into(), m.code.as_str().into()],
        None => [Value::Empty, Value::Empty],
    }
}

/// `section`, `section_kind` and `section_heading` of an entity.
pub(super) fn section_cells(rec: &RecordView, e: &EntityView) -> [Value; 3] {
    let section = rec.section(e.section.as_deref());
    [
        Value::text(&e.section),
        Value::opt(section.map(|s| s.kind.as_str())),
        Value::opt(section.map(|s| s.heading.as_str())),
    ]
}

/// The id of the `i`-th entity (0-based) of a record: `e1`, `e2` ...,
/// its position in the record's `entities`.
pub fn entity_id(i: usize) -> String {
    format!("e{}", i + 1)
}

/// The entity columns of `e` (from `type` to `row`).
fn entity_cells(e: &EntityView) -> Vec<Value> {
    vec![
        e.kind.as_str().into(),
        Value::text(&e.id),
        e.text.as_str().into(),
        Value::text(&e.canonical),
        Value::text(&e.class),
        Value::opt(e.number),
        Value::text(&e.unit),
        Value::text(&e.per),
        Value::opt(e.scale),
        Value::text(&e.qualifier),
        Value::date(&e.date),
        Value::text(&e.time),
        Value::date(&e.period_start),
        Value::date(&e.period_end),
        Value::text(&e.precision),
        Value::text(&e.part),
        Value::text(&e.code),
        Value::text(&e.org_type),
        e.generic.into(),
        Value::text(&e.subject),
        Value::text(&e.subject_name),
        e.partial.into(),
        Value::opt(e.page),
        Value::opt(e.start),
        Value::opt(e.end),
        Value::opt(e.char_start),
        Value::opt(e.char_end),
        e.sentence.as_str().into(),
        Value::text(&e.row),
    ]
}

/// The number of entity columns.
const ENTITY_COLUMNS: usize = 29;

/// The rows of one record in the entities table.
pub fn rows(rec: &RecordView) -> Vec<Vec<Value>> {
    let [muni, code] = municipality(rec);
    let doc = [
        Value::text(&rec.source.sha256),
        rec.source.path.as_str().into(),
        Value::text(&rec.source.path_bytes),
        muni,
        code,
        Value::text(&rec.doc_type),
        Value::opt(rec.year),
    ];
    // A row that is no entity: `type` and `text` set, the rest empty.
    let other = |kind: &str, text: &str, error: &str| {
        let mut row = doc.to_vec();
        row.extend(vec![Value::Empty; 4]);
        let mut entity = vec![Value::Empty; ENTITY_COLUMNS];
        entity[0] = kind.into();
        entity[2] = text.into();
        row.extend(entity);
        row.push(error.into());
        row
    };
    let mut out = Vec::with_capacity(rec.entities.len().max(1));
    if let Some(e) = &rec.error {
        out.push(other("error", &e.message, &e.kind));
    } else if rec.entities.is_empty() {
        out.push(other("document", "", ""));
    }
    for (i, e) in rec.entities.iter().enumerate() {
        let mut row = doc.to_vec();
        row.extend(section_cells(rec, e));
        row.push(entity_id(i).into());
        row.extend(entity_cells(e));
        row.push(Value::Empty);
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::csv::{header_of, Style};
    use super::*;

    fn rec(json: &str) -> RecordView {
        serde_json::from_str(json).unwrap()
    }

    /// The rows of `r`, CSV-encoded in `style` and parsed back by column.
    fn parse(r: &RecordView, style: Style) -> Vec<std::collections::BTreeMap<String, String>> {
        let mut all = header_of(&HEADER, style).unwrap();
        all.extend(style.encode(&rows(r)).unwrap());
        ::csv::ReaderBuilder::new()
            .delimiter(style.delimiter)
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
        let out = String::from_utf8(Style::default().encode(&rows(&r)).unwrap()).unwrap();
        assert!(out.starts_with("ab12,\"a, b.txt\",,Gooise Meren,GM1942,jaarstukken,2021,s1,wat_hebben_we_bereikt,\"Wat \"\"hebben\"\" we bereikt\",e1,status,"), "{out}");
        let rows = parse(&r, Style::default());
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
    fn entity_rows_are_typed() {
        let r = rec(
            r#"{"source":{"path":"a.txt"},"year":2021,"entities":[{"type":"date","text":"7 november 2021",
            "date":"2021-11-07","period_start":"2021-11","number":3.5,"page":1,"start":4,"end":19,"sentence":"=SUM(A1)"}]}"#,
        );
        let row = &rows(&r)[0];
        let col = |name: &str| &row[HEADER.iter().position(|h| *h == name).unwrap()];
        assert_eq!(col("year"), &Value::Int(2021));
        assert_eq!(col("date"), &Value::Date("2021-11-07".into()));
        assert_eq!(
            col("period_start"),
            &Value::Text("2021-11".into()),
            "not a full date: text"
        );
        assert_eq!(col("number"), &Value::Float(3.5));
        assert_eq!(col("generic"), &Value::Bool(false));
        assert_eq!(col("start"), &Value::Int(4));
        assert_eq!(col("sentence"), &Value::Text("=SUM(A1)".into()));
        assert_eq!(col("unit"), &Value::Empty);
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
        let rows = parse(&r, excel);
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
            header_of(&HEADER, excel)
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
        let rows_d = parse(&d, Style::default());
        assert_eq!(rows_d.len(), 1);
        assert_eq!(
            (rows_d[0]["doc_id"].as_str(), rows_d[0]["type"].as_str()),
            ("cd", "document")
        );
        let e =
            rec(r#"{"source":{"path":"y.pdf"},"error":{"kind":"empty","message":"empty file"}}"#);
        let rows_e = parse(&e, Style::default());
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
