//! Flat typed tables for researchers: `--format csv --table NAME`, or
//! `--table all -o DIR` for one CSV per table.
//!
//! A record of the JSON output is a tree (a document holding sections,
//! items and entities). A researcher loading an archive into DuckDB,
//! pandas or R wants flat tables that join, so each kind of thing gets a
//! table of its own, every column one type (`docs/schema.md` lists them):
//!
//! | table | one row per | key |
//! |---|---|---|
//! | `documents` | record (error records too) | `doc_id`, `path` |
//! | `sections` | section | `doc_id`, `path`, `section` |
//! | `items` | goal/status table row | `doc_id`, `path`, `item` |
//! | `entities` | entity ([`super::csv`]; one row for a document without entities or an error) | `doc_id`, `path`, `entity` |
//! | `claims` | status: what a document claims about a pilot, project, item or section | `doc_id`, `path`, `entity` |
//! | `tables` | body cell of a table ([`super::cells`]) | `doc_id`, `path`, `table_id`, `row_index`, `col_index` |
//!
//! `doc_id` is the file's SHA-256; two copies of one file share it, so
//! `(doc_id, path)` names a record. Every row starts with `doc_id`,
//! `path`, `path_bytes` (the hex of a file name that is not UTF-8, whose
//! `path` is lossy; empty otherwise). The ids within a record are the
//! JSON's (`s3`, `1a`) or the entity's position (`e12`), stable for the
//! same file, tool build and dictionaries. The rows of a table are the
//! JSON's arrays in order, so their counts are the arrays' lengths.
//!
//! A table is a [`Table`] variant with its header and a row function.

use super::cells::TABLE_CELLS;
use super::claims::is_claim;
use super::csv::{header_of, Style};
use super::entity_rows::{entity_id, municipality, section_cells, HEADER};
use super::value::Value;
use super::view::{RecordView, SpanView};

/// One flat table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    /// One row per record.
    Documents,
    /// One row per section.
    Sections,
    /// One row per goal/status table row.
    Items,
    /// One row per entity (the default CSV).
    Entities,
    /// One row per status entity.
    Claims,
    /// One row per body cell of a table.
    Tables,
}

/// The columns of `documents`.
pub const DOCUMENTS: [&str; 22] = [
    "doc_id",
    "path",
    "path_bytes",
    "format",
    "bytes",
    "pages",
    "municipality",
    "cbs_code",
    "doc_type",
    "year",
    "doc_date",
    "doc_subject",
    "case_number",
    "n_sections",
    "n_items",
    "n_entities",
    "n_claims",
    "n_warnings",
    "tool_build",
    "dictionaries",
    "error",
    "error_message",
];

/// The columns of `sections`.
pub const SECTIONS: [&str; 15] = [
    "doc_id",
    "path",
    "path_bytes",
    "section",
    "parent",
    "level",
    "kind",
    "heading",
    "heading_number",
    "taakveld",
    "page",
    "start",
    "end",
    "char_start",
    "char_end",
];

/// The columns of `items`.
pub const ITEMS: [&str; 14] = [
    "doc_id",
    "path",
    "path_bytes",
    "item",
    "section",
    "label",
    "goal",
    "status_text",
    "refs",
    "page",
    "start",
    "end",
    "char_start",
    "char_end",
];

/// The columns of `claims`.
pub const CLAIMS: [&str; 25] = [
    "doc_id",
    "path",
    "path_bytes",
    "entity",
    "municipality",
    "cbs_code",
    "doc_type",
    "year",
    "section",
    "section_kind",
    "section_heading",
    "class",
    "partial",
    "text",
    "subject",
    "subject_type",
    "subject_name",
    "page",
    "link",
    "start",
    "end",
    "char_start",
    "char_end",
    "sentence",
    "row",
];

impl Table {
    /// Every table, in the order `--table all` writes them.
    pub const ALL: [Table; 6] = [
        Table::Documents,
        Table::Sections,
        Table::Items,
        Table::Entities,
        Table::Claims,
        Table::Tables,
    ];

    /// The table's name (and, with `.csv`, its file name).
    pub fn name(self) -> &'static str {
        match self {
            Table::Documents => "documents",
            Table::Sections => "sections",
            Table::Items => "items",
            Table::Entities => "entities",
            Table::Claims => "claims",
            Table::Tables => "tables",
        }
    }

    /// The column names.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Documents => &DOCUMENTS,
            Table::Sections => &SECTIONS,
            Table::Items => &ITEMS,
            Table::Entities => &HEADER,
            Table::Claims => &CLAIMS,
            Table::Tables => &TABLE_CELLS,
        }
    }

    /// The header line, CSV-encoded.
    ///
    /// # Errors
    /// Never in practice (writes to memory); kept for the `csv` API.
    pub fn header(self, style: Style) -> Result<Vec<u8>, ::csv::Error> {
        header_of(self.columns(), style)
    }

    /// The rows of one record, typed: what the CSV and the workbook are
    /// written from.
    pub fn values(self, rec: &RecordView) -> Vec<Vec<Value>> {
        match self {
            Table::Entities => super::entity_rows::rows(rec),
            Table::Documents => vec![document(rec)],
            Table::Sections => sections(rec),
            Table::Items => items(rec),
            Table::Claims => claims(rec),
            Table::Tables => super::cells::rows(rec, &key(rec)),
        }
    }

    /// The rows of one record, CSV-encoded.
    ///
    /// # Errors
    /// Never in practice (writes to memory); kept for the `csv` API.
    pub fn rows(self, rec: &RecordView, style: Style) -> Result<Vec<u8>, ::csv::Error> {
        style.encode(&self.values(rec))
    }
}

/// The DuckDB type of a column, the same in every table that has it
/// (`docs/schema.md`). A CSV carries no types, and a loader that guesses
/// them reads a BBV code "6.72", a case number "713442" or an item "1"
/// as a number when an archive happens to hold no other kind; the
/// script [`duckdb_script`] writes states them instead.
pub fn sql_type(column: &str) -> &'static str {
    match column {
        "bytes" | "pages" | "year" | "level" | "page" | "start" | "end" | "char_start"
        | "char_end" | "row_index" | "col_index" => "BIGINT",
        c if c.starts_with("n_") => "BIGINT",
        "number" | "scale" | "value" | "scale_factor" => "DOUBLE",
        "generic" | "partial" | "percent" => "BOOLEAN",
        "date" | "doc_date" | "period_start" | "period_end" => "DATE",
        "time" => "TIME",
        _ => "VARCHAR",
    }
}

/// A DuckDB script that makes a view of each table in `dir` with its
/// column types stated (`.read DIR/load.sql` in the folder `extract` ran
/// in), so nothing depends on what a sample of rows looks like.
pub fn duckdb_script(dir: &str, tables: &[Table], style: Style) -> String {
    let quote = |s: &str| s.replace('\'', "''");
    let mut sql = String::from(
        "-- Written by `beleidsmijn extract --format csv --table all`: one view per table, with\n\
         -- the column types of docs/schema.md. In duckdb, from the folder extract ran in:\n\
         --   .read DIR/load.sql\n",
    );
    for t in tables {
        let columns: Vec<String> = t
            .columns()
            .iter()
            .map(|c| format!("'{c}': '{}'", sql_type(c)))
            .collect();
        let path = format!("{}/{}.csv", dir.trim_end_matches('/'), t.name());
        sql.push_str(&format!(
            "CREATE OR REPLACE VIEW {} AS SELECT * FROM read_csv('{}', header = true, delim = '{}', \
             quote = '\"', escape = '\"', columns = {{{}}});\n",
            t.name(),
            quote(&path),
            quote(&char::from(style.delimiter).to_string()),
            columns.join(", ")
        ));
    }
    sql
}

/// `doc_id`, `path` and `path_bytes`, the columns every table starts
/// with.
fn key(rec: &RecordView) -> [Value; 3] {
    [
        Value::text(&rec.source.sha256),
        rec.source.path.as_str().into(),
        Value::text(&rec.source.path_bytes),
    ]
}

/// `page, start, end, char_start, char_end`.
fn span(s: &SpanView) -> [Value; 5] {
    [
        Value::opt(s.page),
        Value::opt(s.start),
        Value::opt(s.end),
        Value::opt(s.char_start),
        Value::opt(s.char_end),
    ]
}

fn document(rec: &RecordView) -> Vec<Value> {
    let [muni, code] = municipality(rec);
    let meta = |k: &str| Value::opt(rec.metadata.get(k).map(String::as_str));
    let tool = rec.tool.as_ref();
    let counts = if rec.error.is_some() {
        vec![Value::Empty; 5]
    } else {
        [
            rec.sections.len(),
            rec.items.len(),
            rec.entities.len(),
            rec.entities.iter().filter(|e| is_claim(e)).count(),
            rec.warnings.len(),
        ]
        .into_iter()
        .map(Value::from)
        .collect()
    };
    let mut row = key(rec).to_vec();
    row.extend([
        Value::text(&rec.source.format),
        Value::opt(rec.source.bytes),
        Value::opt(rec.source.pages),
        muni,
        code,
        Value::text(&rec.doc_type),
        Value::opt(rec.year),
        Value::date(&rec.metadata.get("date").cloned()),
        meta("subject"),
        meta("case_number"),
    ]);
    row.extend(counts);
    row.extend([
        Value::opt(tool.map(|t| t.build.as_str())),
        Value::opt(tool.map(|t| t.dictionaries.as_str())),
        Value::opt(rec.error.as_ref().map(|e| e.kind.as_str())),
        Value::opt(rec.error.as_ref().map(|e| e.message.as_str())),
    ]);
    row
}

fn sections(rec: &RecordView) -> Vec<Vec<Value>> {
    rec.sections
        .iter()
        .map(|s| {
            let mut row = key(rec).to_vec();
            row.extend([
                s.id.as_str().into(),
                Value::text(&s.parent),
                Value::opt(s.level),
                s.kind.as_str().into(),
                s.heading.as_str().into(),
                Value::text(&s.number),
                Value::text(&s.taakveld),
            ]);
            row.extend(span(&s.span));
            row
        })
        .collect()
}

fn items(rec: &RecordView) -> Vec<Vec<Value>> {
    rec.items
        .iter()
        .map(|i| {
            let mut row = key(rec).to_vec();
            row.extend([
                i.id.as_str().into(),
                Value::text(&i.section),
                i.label.as_str().into(),
                i.goal.as_str().into(),
                i.status_text.as_str().into(),
                i.refs.join("|").into(),
            ]);
            row.extend(span(&i.span));
            row
        })
        .collect()
}

fn claims(rec: &RecordView) -> Vec<Vec<Value>> {
    let [muni, code] = municipality(rec);
    super::claims::claims(rec)
        .into_iter()
        .map(|c| {
            let e = c.entity;
            let mut row = key(rec).to_vec();
            row.extend([
                entity_id(c.index).into(),
                muni.clone(),
                code.clone(),
                Value::text(&rec.doc_type),
                Value::opt(rec.year),
            ]);
            row.extend(section_cells(rec, e));
            row.extend([
                Value::text(&e.class),
                e.partial.into(),
                e.text.as_str().into(),
                Value::text(&e.subject),
                Value::opt((!c.subject_type.is_empty()).then_some(c.subject_type)),
                Value::text(&e.subject_name),
                Value::opt(e.page),
                super::claims::link(&rec.source.path, rec, e.page).into(),
                Value::opt(e.start),
                Value::opt(e.end),
                Value::opt(e.char_start),
                Value::opt(e.char_end),
                e.sentence.as_str().into(),
                Value::text(&e.row),
            ]);
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn rec(json: &str) -> RecordView {
        serde_json::from_str(json).unwrap()
    }

    /// The rows of `table` for `r`, parsed back by column name.
    fn parse(table: Table, r: &RecordView) -> Vec<BTreeMap<String, String>> {
        let mut all = table.header(Style::default()).unwrap();
        all.extend(table.rows(r, Style::default()).unwrap());
        ::csv::Reader::from_reader(&all[..])
            .deserialize()
            .map(Result::unwrap)
            .collect()
    }

    const DOC: &str = r#"{"tool":{"name":"beleidsmijn","version":"0.1.0","build":"abc","dictionaries":"d1"},
        "source":{"path":"a.pdf","format":"pdf","sha256":"ab12","bytes":10,"pages":3},
        "municipality":{"name":"Gooise Meren","code":"GM1942"},"doc_type":"jaarstukken","year":2021,
        "metadata":{"date":"2021-11-07","subject":"Jeugd"},
        "sections":[{"id":"s1","parent":null,"level":1,"kind":"actielijn","heading":"Actielijn 1","number":"1","taakveld":null,
                     "page":1,"start":0,"end":90,"char_start":0,"char_end":88},
                    {"id":"s2","parent":"s1","level":2,"kind":"heading","heading":"Pilots","number":null,"taakveld":"6.72",
                     "page":2,"start":40,"end":90,"char_start":39,"char_end":88}],
        "items":[{"id":"1a","section":"s1","label":"a","goal":"Minder wachtlijsten","status_text":"Afgerond.","refs":["1b","1c"],
                  "page":1,"start":10,"end":30,"char_start":10,"char_end":30}],
        "entities":[{"type":"pilot","id":"pilot-1","text":"pilot Plan 18","canonical":"Plan 18","section":"s2","page":2,"start":41,"end":54,"sentence":"x"},
                    {"type":"status","text":"afgerond","class":"achieved","subject":"pilot-1","subject_name":"Plan 18","section":"s2",
                     "page":2,"start":60,"end":68,"char_start":59,"char_end":67,"sentence":"De pilot Plan 18 is afgerond."},
                    {"type":"year","text":"2021","period_start":"2021-01-01","page":1,"start":5,"end":9,"sentence":"y"},
                    {"type":"status","text":"gestart","class":"in_progress","subject":"1a","subject_name":"Minder wachtlijsten","partial":true,
                     "section":"s1","page":1,"start":20,"end":27,"sentence":"Deels gestart."},
                    {"type":"status","text":"loopt","class":"in_progress","subject":"s1","subject_name":"Actielijn 1",
                     "section":"s1","page":1,"start":31,"end":36,"sentence":"Het loopt."}],
        "tables":[{"id":"t1","section":"s1","page":1,"page_end":1,"start":10,"end":60,"caption":"Lasten (x € 1.000)",
                   "scale":"x € 1.000","scale_factor":1000.0,"header_rows":1,"columns":["","Realisatie 2022","Begroting 2023","Groei %"],
                   "rows":[[{"text":"","page":1,"start":10,"end":10,"number":null,"percent":false,"value":null},
                            {"text":"Realisatie 2022","page":1,"start":10,"end":25,"number":null,"percent":false,"value":null},
                            {"text":"Begroting 2023","page":1,"start":26,"end":40,"number":null,"percent":false,"value":null},
                            {"text":"Groei %","page":1,"start":41,"end":48,"number":null,"percent":false,"value":null}],
                           [{"text":"Jeugd","page":1,"start":49,"end":54,"char_start":48,"char_end":53,"number":null,"percent":false,"value":null},
                            {"text":"-2.032","page":1,"start":55,"end":61,"number":-2032.0,"percent":false,"value":-2032000.0},
                            {"text":"12","page":1,"start":62,"end":64,"number":12.0,"percent":false,"value":12000.0},
                            {"text":"5%","page":1,"start":65,"end":67,"number":5.0,"percent":true,"value":5.0}]],
                   "continues":null},
                  {"id":"t2","section":null,"page":2,"page_end":2,"start":70,"end":80,"caption":null,"scale":null,"scale_factor":null,
                   "header_rows":0,"columns":["",""],
                   "rows":[[{"text":"3","page":2,"start":70,"end":71,"number":3.0,"percent":false,"value":3.0},
                            {"text":"Formatie","page":2,"start":72,"end":80,"number":null,"percent":false,"value":null}]],
                   "continues":"t1"}],
        "warnings":["w"]}"#;

    #[test]
    fn every_table_starts_with_doc_id_path_and_path_bytes_and_rows_follow_the_arrays() {
        let r = rec(DOC);
        let odd = rec(&DOC.replace(
            r#""path":"a.pdf","#,
            r#""path":"a\ufffd.pdf","path_bytes":"61ff2e706466","#,
        ));
        for t in Table::ALL {
            assert_eq!(
                &t.columns()[..3],
                &["doc_id", "path", "path_bytes"],
                "{}",
                t.name()
            );
            assert!(parse(t, &r).iter().all(|row| row["path_bytes"].is_empty()));
            assert!(parse(t, &odd)
                .iter()
                .all(|row| row["path"] == "a\u{fffd}.pdf" && row["path_bytes"] == "61ff2e706466"));
            let rows = parse(t, &r);
            let want = match t {
                Table::Documents => 1,
                Table::Sections => 2,
                Table::Items => 1,
                Table::Entities => 5,
                Table::Claims => 3,
                Table::Tables => 6,
            };
            assert_eq!(rows.len(), want, "{}", t.name());
            assert!(rows
                .iter()
                .all(|row| row["doc_id"] == "ab12" && row["path"] == "a.pdf"));
            assert!(rows.iter().all(|row| row.len() == t.columns().len()));
        }
    }

    #[test]
    fn documents_count_their_parts_and_keep_provenance() {
        let d = &parse(Table::Documents, &rec(DOC))[0];
        let get = |k: &str| d[k].as_str();
        assert_eq!(
            (get("format"), get("pages"), get("year")),
            ("pdf", "3", "2021")
        );
        assert_eq!(
            (get("doc_date"), get("doc_subject"), get("case_number")),
            ("2021-11-07", "Jeugd", "")
        );
        assert_eq!(
            (
                get("n_sections"),
                get("n_items"),
                get("n_entities"),
                get("n_claims"),
                get("n_warnings")
            ),
            ("2", "1", "5", "3", "1")
        );
        assert_eq!(
            (get("tool_build"), get("dictionaries"), get("error")),
            ("abc", "d1", "")
        );
        let e =
            rec(r#"{"source":{"path":"y.pdf"},"error":{"kind":"empty","message":"empty file"}}"#);
        let e = &parse(Table::Documents, &e)[0];
        assert_eq!(
            (e["error"].as_str(), e["error_message"].as_str()),
            ("empty", "empty file")
        );
        assert_eq!(e["n_entities"], "", "an error record has no counts");
        for t in [Table::Sections, Table::Items, Table::Claims] {
            let none = rec(r#"{"source":{"path":"y.pdf"},"error":{"kind":"empty","message":"e"}}"#);
            assert!(parse(t, &none).is_empty(), "{}", t.name());
        }
    }

    #[test]
    fn sections_and_items_carry_their_ids_and_spans() {
        let r = rec(DOC);
        let s = parse(Table::Sections, &r);
        assert_eq!(
            (
                s[1]["section"].as_str(),
                s[1]["parent"].as_str(),
                s[1]["level"].as_str()
            ),
            ("s2", "s1", "2")
        );
        assert_eq!(
            (
                s[1]["taakveld"].as_str(),
                s[0]["heading_number"].as_str(),
                s[1]["heading_number"].as_str()
            ),
            ("6.72", "1", "")
        );
        assert_eq!(
            (s[1]["char_start"].as_str(), s[1]["end"].as_str()),
            ("39", "90")
        );
        let i = &parse(Table::Items, &r)[0];
        assert_eq!(
            (
                i["item"].as_str(),
                i["section"].as_str(),
                i["refs"].as_str()
            ),
            ("1a", "s1", "1b|1c")
        );
        assert_eq!(
            (
                i["goal"].as_str(),
                i["status_text"].as_str(),
                i["page"].as_str()
            ),
            ("Minder wachtlijsten", "Afgerond.", "1")
        );
    }

    #[test]
    fn claims_name_their_subject_type_and_link_to_the_page() {
        let c = parse(Table::Claims, &rec(DOC));
        let e = parse(Table::Entities, &rec(DOC));
        let cols = |k: &str| c.iter().map(|r| r[k].as_str()).collect::<Vec<_>>();
        assert_eq!(cols("entity"), ["e2", "e4", "e5"]);
        assert_eq!(cols("subject_type"), ["pilot", "item", "section"]);
        assert_eq!(cols("partial"), ["false", "true", "false"]);
        assert_eq!(c[0]["link"], "a.pdf#page=2");
        assert_eq!(
            (c[0]["section_kind"].as_str(), c[0]["municipality"].as_str()),
            ("heading", "Gooise Meren")
        );
        // Each claim is the entity row of the same id.
        for claim in &c {
            let row = e.iter().find(|r| r["entity"] == claim["entity"]).unwrap();
            assert_eq!(
                (row["type"].as_str(), row["text"].as_str()),
                ("status", claim["text"].as_str())
            );
        }
        let txt = rec(
            r#"{"source":{"path":"b.txt","format":"text"},"entities":[{"type":"status","text":"x","page":1,"start":0,"end":1,"sentence":"x"}]}"#,
        );
        assert_eq!(
            parse(Table::Claims, &txt)[0]["link"],
            "b.txt",
            "no page anchor outside a PDF"
        );
    }

    #[test]
    fn tables_have_a_row_per_body_cell_with_its_column_year_and_scale() {
        let t = parse(Table::Tables, &rec(DOC));
        let col = |k: &str| t.iter().map(|r| r[k].as_str()).collect::<Vec<_>>();
        assert_eq!(col("table_id"), ["t1", "t1", "t1", "t1", "t2", "t2"]);
        assert_eq!(col("row_index"), ["1", "1", "1", "1", "1", "1"]);
        assert_eq!(col("col_index"), ["1", "2", "3", "4", "1", "2"]);
        assert_eq!(
            col("row_label"),
            ["Jeugd", "Jeugd", "Jeugd", "Jeugd", "Formatie", "Formatie"],
            "the text after a row number names the row"
        );
        assert_eq!(
            col("column_title"),
            ["", "Realisatie 2022", "Begroting 2023", "Groei %", "", ""]
        );
        assert_eq!(col("year"), ["", "2022", "2023", "", "", ""]);
        assert_eq!(
            col("text"),
            ["Jeugd", "-2.032", "12", "5%", "3", "Formatie"]
        );
        assert_eq!(col("number"), ["", "-2032.0", "12.0", "5.0", "3.0", ""]);
        assert_eq!(
            col("value"),
            ["", "-2032000.0", "12000.0", "5.0", "3.0", ""]
        );
        assert_eq!(
            col("percent"),
            ["false", "false", "false", "true", "false", "false"]
        );
        assert_eq!(
            (t[1]["scale_text"].as_str(), t[1]["scale_factor"].as_str()),
            ("x € 1.000", "1000.0")
        );
        assert_eq!(
            (t[1]["caption"].as_str(), t[1]["section"].as_str()),
            ("Lasten (x € 1.000)", "s1")
        );
        assert_eq!(col("continues"), ["", "", "", "", "t1", "t1"]);
        assert_eq!(
            (
                t[0]["page"].as_str(),
                t[0]["start"].as_str(),
                t[0]["char_end"].as_str()
            ),
            ("1", "49", "53")
        );
        assert_eq!(t[4]["page"], "2");
        for c in TABLE_CELLS {
            assert!(
                !matches!(c, "table" | "column" | "row" | "scale"),
                "{c}: reserved in SQL, or typed otherwise in another table"
            );
        }
    }

    #[test]
    fn a_column_name_has_one_type_and_the_script_states_it() {
        assert_eq!(sql_type("taakveld"), "VARCHAR", "a BBV code is no number");
        assert_eq!(sql_type("heading_number"), "VARCHAR");
        assert_eq!(
            (
                sql_type("number"),
                sql_type("n_claims"),
                sql_type("doc_date")
            ),
            ("DOUBLE", "BIGINT", "DATE")
        );
        let sql = duckdb_script(
            "out dir/",
            &Table::ALL,
            Style {
                delimiter: b';',
                spreadsheet: false,
            },
        );
        assert_eq!(sql.matches("CREATE OR REPLACE VIEW").count(), 6);
        assert!(
            sql.contains("read_csv('out dir/claims.csv', header = true, delim = ';'"),
            "{sql}"
        );
        assert!(sql.contains("'partial': 'BOOLEAN'") && sql.contains("'taakveld': 'VARCHAR'"));
        assert!(sql.contains("'value': 'DOUBLE'") && sql.contains("'row_index': 'BIGINT'"));
        assert!(sql.contains("'scale_text': 'VARCHAR'") && sql.contains("'percent': 'BOOLEAN'"));
    }
}
