"""Load the flat tables of `extract --format csv --table all -o DIR` in
DuckDB as a researcher would, and check them against the JSONL the same
run wrote.

Usage: python3 check_tables.py DIR JSONL

- every table loads with read_csv_auto(sample_size=5) without an error,
  and with DIR/load.sql (the script extract writes beside them) every
  column has the type docs/schema.md states; read_csv_auto agrees except
  where a column's values all look like numbers (a BBV code "6.72", a
  case number) or it has no value at all;
- each table has as many rows as the records' arrays have elements;
- (doc_id, path) names one record, and the ids within it are unique;
- the joins work: every section, item and claim finds its document, every
  claim its entity row, and every claim about a pilot, project, item or
  section finds that pilot or project entity, item or section;
- `tables` has one row per body cell of the JSON's `tables`, each with the
  cell's text, figures, column title and page; every cell finds its
  document and, when it has one, its section; every indicator row finds
  its cells by offsets; and a pivot of the values per year runs.

Prints one line of counts on success; an AssertionError says what failed.
"""

import csv
import json
import sys

import duckdb

DIR, JSONL = sys.argv[1:3]
records = [json.loads(line) for line in open(JSONL, encoding="utf-8") if line.strip()]
docs = [r for r in records if "error" not in r]
con = duckdb.connect()

con.execute(open(f"{DIR}/load.sql", encoding="utf-8").read())

B, V, D, F = "BIGINT", "VARCHAR", "DOUBLE", "BOOLEAN"
want = {
    "documents": dict(
        doc_id=V, path=V, path_bytes=V, format=V, bytes=B, pages=B, municipality=V, cbs_code=V,
        doc_type=V, year=B, doc_date="DATE", doc_subject=V, case_number=V, n_sections=B, n_items=B,
        n_entities=B, n_claims=B, n_warnings=B, tool_build=V, dictionaries=V, error=V,
        error_message=V,
    ),
    "sections": dict(
        doc_id=V, path=V, path_bytes=V, section=V, parent=V, level=B, kind=V, heading=V,
        heading_number=V, taakveld=V, page=B, start=B, end=B, char_start=B, char_end=B,
    ),
    "items": dict(
        doc_id=V, path=V, path_bytes=V, item=V, section=V, label=V, goal=V, status_text=V, refs=V,
        page=B, start=B, end=B, char_start=B, char_end=B,
    ),
    "claims": dict(
        doc_id=V, path=V, path_bytes=V, entity=V, municipality=V, cbs_code=V, doc_type=V, year=B,
        section=V, section_kind=V, section_heading=V, **{"class": V}, partial=F, text=V, subject=V,
        subject_type=V, subject_name=V, page=B, link=V, start=B, end=B, char_start=B,
        char_end=B, sentence=V, row=V,
    ),
    "tables": dict(
        doc_id=V, path=V, path_bytes=V, table_id=V, section=V, caption=V, page=B, row_index=B,
        row_label=V, col_index=B, column_title=V, year=B, text=V, number=D, percent=F, value=D,
        scale_text=V, scale_factor=D, continues=V, start=B, end=B, char_start=B, char_end=B,
    ),
}


def filled(name):
    """The columns of a table that hold a value in some row, less those
    empty in the first 5 rows: read_csv_auto(sample_size=5) has nothing
    to type them by and reads them as VARCHAR (load.sql states them)."""
    with open(f"{DIR}/{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    sampled = {k for r in rows[:5] for k, v in r.items() if v != ""}
    return {k for r in rows for k, v in r.items() if v != ""} & sampled


NUMERIC = {"BIGINT", "DOUBLE"}
for name, cols in want.items():
    got = dict(
        (r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {name}").fetchall()
    )
    assert got == cols, (name, {c: (got.get(c), t) for c, t in cols.items() if got.get(c) != t})
    auto = con.sql(f"SELECT * FROM read_csv_auto('{DIR}/{name}.csv', sample_size=5)")
    (n,), = auto.aggregate("count(*)").fetchall()
    assert n == con.execute(f"SELECT count(*) FROM {name}").fetchone()[0], name
    guessed = dict(zip(auto.columns, [str(t) for t in auto.types]))
    has = filled(name)
    bad = {
        c: (guessed[c], t)
        for c, t in cols.items()
        if guessed[c] != t and c in has and not (t == V and guessed[c] in NUMERIC)
    }
    assert not bad, (name, "read_csv_auto", bad)

# Row counts follow the JSON arrays.
count = lambda name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
statuses = sum(1 for r in docs for e in r["entities"] if e["type"] == "status")
assert count("documents") == len(records), (count("documents"), len(records))
assert count("sections") == sum(len(r["sections"]) for r in docs)
assert count("items") == sum(len(r["items"]) for r in docs)
assert count("claims") == statuses, (count("claims"), statuses)
empty = sum(1 for r in docs if not r["entities"])
entities = sum(len(r["entities"]) for r in docs)
assert count("entities") == entities + empty + len(records) - len(docs)

# One row per body cell of every table, each the JSON's cell.
cells = [
    (r, t, ri, ci, c)
    for r in docs
    for t in r.get("tables", [])
    for ri, row in enumerate(t["rows"][t["header_rows"]:], 1)
    for ci, c in enumerate(row, 1)
]
assert count("tables") == len(cells), (count("tables"), len(cells))
got = {
    (d, p, t, ri, ci): rest
    for d, p, t, ri, ci, *rest in con.execute(
        "SELECT doc_id, path, table_id, row_index, col_index, text, number, percent, value,"
        " column_title, page, start FROM tables"
    ).fetchall()
}
for r, t, ri, ci, c in cells:
    key = (r["source"]["sha256"], r["source"]["path"], t["id"], ri, ci)
    title = t["columns"][ci - 1] if ci <= len(t["columns"]) else ""
    want_cell = [c["text"] or None, c["number"], c["percent"], c["value"], title or None, c["page"], c["start"]]
    assert got[key] == want_cell, (key, got[key], want_cell)

# Keys are unique.
for name, key in [
    ("documents", "doc_id, path"),
    ("sections", "doc_id, path, section"),
    ("items", "doc_id, path, item"),
    ("claims", "doc_id, path, entity"),
    ("tables", "doc_id, path, table_id, row_index, col_index"),
]:
    dup = con.execute(
        f"SELECT count(*) - count(DISTINCT ({key})) FROM {name}"
    ).fetchone()[0]
    assert dup == 0, (name, dup)

# Joins.
orphans = con.execute(
    """
    SELECT (SELECT count(*) FROM sections s ANTI JOIN documents d USING (doc_id, path)),
           (SELECT count(*) FROM items i ANTI JOIN documents d USING (doc_id, path)),
           (SELECT count(*) FROM claims c ANTI JOIN documents d USING (doc_id, path)),
           (SELECT count(*) FROM claims c ANTI JOIN entities e USING (doc_id, path, entity)),
           (SELECT count(*) FROM tables t ANTI JOIN documents d USING (doc_id, path)),
           (SELECT count(*) FROM tables t ANTI JOIN sections s USING (doc_id, path, section)
            WHERE t.section IS NOT NULL)
    """
).fetchone()
assert orphans == (0, 0, 0, 0, 0, 0), orphans

# An indicator row's cells are the table cells within its offsets
# (docs/schema.md: indicators join to `tables` by page and offsets): its
# name among them, or (a card, whose name is a title above its values)
# every value it has.
indicators = [(r, i) for r in docs for i in r.get("indicators", [])]


def joined(r, i):
    texts = {
        t
        for (t,) in con.execute(
            "SELECT text FROM tables WHERE doc_id = ? AND path = ? AND start >= ?"
            " AND \"end\" <= ?",
            [r["source"]["sha256"], r["source"]["path"], i["start"], i["end"]],
        ).fetchall()
    }
    values = [c for c in i["cells"] if c]
    return i["name"] in texts or (values and all(c in texts for c in values))


unjoined = [(r["source"]["path"], i["name"]) for r, i in indicators if not joined(r, i)]
assert len(unjoined) <= len(indicators) // 10, ("indicators without their cells", unjoined[:5])

# The documented pivot runs: one row per indicator, one column per year.
con.execute(
    """
    PIVOT (SELECT doc_id, path, table_id, row_index, row_label, year, value FROM tables
           WHERE year IS NOT NULL AND value IS NOT NULL)
    ON year USING first(value) GROUP BY doc_id, path, table_id, row_index, row_label
    """
).fetchall()
by_type = dict(
    con.execute(
        """
        SELECT c.subject_type, count(*) FILTER (WHERE NOT found)
        FROM (
          SELECT c.*, CASE c.subject_type
            WHEN 'section' THEN EXISTS (SELECT 1 FROM sections s WHERE s.doc_id = c.doc_id
                                        AND s.path = c.path AND s.section = c.subject
                                        AND s.heading IS NOT DISTINCT FROM c.subject_name)
            WHEN 'item' THEN EXISTS (SELECT 1 FROM items i WHERE i.doc_id = c.doc_id
                                     AND i.path = c.path AND i.item = c.subject
                                     AND i.goal IS NOT DISTINCT FROM c.subject_name)
            ELSE EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = c.doc_id AND e.path = c.path
                         AND e.id = c.subject AND e.type = c.subject_type)
          END AS found FROM claims c WHERE c.subject IS NOT NULL
        ) c GROUP BY ALL
        """
    ).fetchall()
)
assert by_type and all(n == 0 for n in by_type.values()), by_type
typed = con.execute(
    "SELECT count(*) FROM claims WHERE subject IS NOT NULL AND subject_type IS NULL"
).fetchone()[0]
assert typed == 0, typed
d_claims = con.execute("SELECT sum(n_claims) FROM documents").fetchone()[0]
assert d_claims == statuses, (d_claims, statuses)

print(
    f"ok: {count('documents')} documents, {count('sections')} sections, {count('items')} items, "
    f"{count('entities')} entity rows, {count('claims')} claims, {count('tables')} table cells"
    f" ({', '.join(f'{k} {v}' for k, v in sorted(by_type.items()))} unresolved);"
    f" {len(indicators) - len(unjoined)}/{len(indicators)} indicator rows found in tables"
)
