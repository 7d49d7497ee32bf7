"""Load `extract`'s JSONL and CSV in DuckDB as a researcher would, with a
small type-inference sample, and check the column types against
schema/document.schema.json.

Usage: python3 check_types.py SCHEMA JSONL CSV

DuckDB types a column from the records it samples. Schema version 2 makes
every sampled record agree (every key present, one JSON type per field,
dates always YYYY-MM-DD, fractional-capable numbers written with a
fraction), so loading never fails. A field that is null or empty in every
sampled record has nothing to type it by: DuckDB gives it the type NULL
(JSON[] for an empty array), whatever the contract says. So the check is,
for every field of the sampled records: where the sample holds a value,
DuckDB's type is the schema's; where it holds none, DuckDB's type is NULL
or JSON. With the whole file as the sample (sample_size=-1) every field
that ever has a value must come out exactly as the schema says.

Prints one line of counts on success; an AssertionError names the field.
"""

import json
import sys

import duckdb

SCHEMA, JSONL, CSV = sys.argv[1:4]
schema = json.load(open(SCHEMA, encoding="utf-8"))
defs = schema["$defs"]


def resolve(node):
    while "$ref" in node:
        node = defs[node["$ref"].split("/")[-1]]
    return node


def duck_type(node):
    """The DuckDB type a schema node should load as."""
    node = resolve(node)
    if "oneOf" in node:
        kinds = [k for k in node["oneOf"] if k.get("type") != "null"]
        return duck_type(kinds[0])
    if "const" in node:
        return "BIGINT" if isinstance(node["const"], int) else "VARCHAR"
    if "enum" in node:
        return "VARCHAR"
    types = node["type"] if isinstance(node["type"], list) else [node["type"]]
    t = [x for x in types if x != "null"][0]
    if t == "string":
        if node.get("format") == "date":
            return "DATE"
        if node.get("pattern", "").startswith("^[0-9]{2}:"):
            return "TIME"
        return "VARCHAR"
    if t == "integer":
        return "BIGINT"
    if t == "number":
        return "DOUBLE"
    if t == "boolean":
        return "BOOLEAN"
    if t == "array":
        return duck_type(node["items"]) + "[]"
    if t == "object":
        if "additionalProperties" in node and node["additionalProperties"] is not False:
            return "MAP(VARCHAR, VARCHAR)"
        fields = ", ".join(
            f"{k} {duck_type(v)}" for k, v in node["properties"].items()
        )
        return f"STRUCT({fields})"
    raise AssertionError(f"no DuckDB type for {node}")


def has_value(v):
    return v is not None and v != [] and v != {}


def values(records, path):
    """Every value at `path` (keys; `[]` steps into arrays) in records."""
    out = records
    for step in path:
        if step == "[]":
            out = [x for v in out if isinstance(v, list) for x in v]
        else:
            out = [v.get(step) for v in out if isinstance(v, dict)]
    return out


def check(node, got, path, records, where):
    """Compare DuckDB's type `got` (a duckdb type object) with the schema
    `node` at `path`, given the sampled `records`."""
    node = resolve(node)
    seen = [v for v in values(records, path) if has_value(v)]
    name = ".".join(path) or "record"
    got_s = str(got)
    if not seen:
        assert got_s in ("NULL", '"NULL"') or "JSON" in got_s or got_s == duck_type(node), (
            f"{where}: {name} has no value in the sample, yet DuckDB typed it {got_s}"
        )
        return 0
    want = duck_type(node)
    if want.startswith("STRUCT(") and got.id == "struct":
        props = node.get("properties") or [
            k for k in node["oneOf"] if k.get("type") != "null"
        ][0]["properties"]
        children = dict(got.children)
        n = 0
        for key, sub in props.items():
            assert key in children, f"{where}: {name}.{key} is not among DuckDB's fields"
            n += check(sub, children[key], path + [key], records, where)
        return n
    if want.endswith("[]") and got.id == "list":
        child = dict(got.children)["child"]
        return check(resolve(node)["items"], child, path + ["[]"], records, where)
    if want.startswith("MAP("):
        # A map of strings; an all-empty sample gives DuckDB no value type.
        assert got_s in (want, "MAP(VARCHAR, JSON)"), f"{where}: {name} is {got_s}"
        return 1
    assert got_s == want, f"{where}: {name} is {got_s}, the schema says {want}"
    return 1


records = [json.loads(line) for line in open(JSONL, encoding="utf-8") if line.strip()]
con = duckdb.connect()
documents = resolve(defs["document"])["properties"]
errors = resolve(defs["error_record"])["properties"]
top = {**documents, "error": errors["error"]}

typed = {}
for sample in (5, -1):
    rel = con.sql(f"SELECT * FROM read_json_auto('{JSONL}', sample_size={sample})")
    sampled = records[:sample] if sample > 0 else records
    cols = dict(zip(rel.columns, rel.types))
    assert set(cols) == set(top), f"columns {sorted(cols)} against {sorted(top)}"
    typed[sample] = sum(
        check(node, cols[key], [key], sampled, f"sample_size={sample}")
        for key, node in top.items()
    )
    (n,), = rel.aggregate("count(*)").fetchall()
    assert n == len(records), (n, len(records))

# Every entity loads as a row.
entity_rows, = con.execute(
    f"SELECT count(*) FROM (SELECT unnest(entities) FROM read_json_auto('{JSONL}', sample_size=5))"
).fetchall()[0]
assert entity_rows >= 1000, entity_rows

# Statuses joined to the names of their subjects, in SQL, agree with the
# subject_name the record carries.
joined = con.execute(
    f"""
    WITH docs AS (SELECT row_number() OVER () AS doc, * FROM read_json_auto('{JSONL}', sample_size=-1)),
    ents AS (SELECT doc, unnest(entities) AS e FROM docs),
    names AS (
        SELECT DISTINCT ON (doc, e.id) doc, e.id AS id, coalesce(e.canonical, e.text) AS name
        FROM ents WHERE e.type IN ('pilot', 'project') AND e.id IS NOT NULL
        UNION ALL SELECT doc, s.id, s.heading FROM (SELECT doc, unnest(sections) AS s FROM docs)
        UNION ALL SELECT doc, i.id, i.goal FROM (SELECT doc, unnest(items) AS i FROM docs)
    )
    SELECT count(*) FILTER (WHERE n.name IS NOT DISTINCT FROM e.subject_name),
           count(*),
           count(*) FILTER (WHERE e.subject LIKE 'pilot-%' OR e.subject LIKE 'project-%')
    FROM ents JOIN names n ON n.doc = ents.doc AND n.id = e.subject
    WHERE e.type = 'status'
    """
).fetchall()[0]
agree, statuses, named = joined
assert statuses > 1000 and agree == statuses and named > 100, joined

# The CSV: every column of the types the schema states.
csv_rel = con.sql(f"SELECT * FROM read_csv_auto('{CSV}', sample_size=5)")
csv_cols = dict(zip(csv_rel.columns, [str(t) for t in csv_rel.types]))
entity = resolve(documents["entities"]["items"])["properties"]
want_csv = {
    "doc_id": "VARCHAR", "path": "VARCHAR", "path_bytes": "VARCHAR", "municipality": "VARCHAR",
    "cbs_code": "VARCHAR", "doc_type": "VARCHAR", "year": "BIGINT", "section": "VARCHAR", "section_kind": "VARCHAR",
    "section_heading": "VARCHAR", "entity": "VARCHAR", "error": "VARCHAR",
}
for col in csv_cols:
    if col not in want_csv:
        want_csv[col] = duck_type(entity[col])
assert csv_cols == want_csv, {c: (csv_cols[c], want_csv[c]) for c in csv_cols if csv_cols[c] != want_csv[c]}
(csv_rows,), = csv_rel.aggregate("count(*)").fetchall()
assert csv_rows >= 1000 and csv_rows >= entity_rows, (csv_rows, entity_rows)
csv_join = con.execute(
    f"""
    WITH t AS (SELECT * FROM read_csv_auto('{CSV}', sample_size=5)),
    names AS (SELECT DISTINCT ON (path, id) path, id, coalesce(canonical, text) AS name
              FROM t WHERE type IN ('pilot', 'project') AND id IS NOT NULL)
    SELECT count(*), count(*) FILTER (WHERE n.name = s.subject_name)
    FROM t s JOIN names n ON n.path = s.path AND n.id = s.subject
    WHERE s.type = 'status'
    """
).fetchall()[0]
assert csv_join[0] > 100 and csv_join[0] == csv_join[1], csv_join

print(
    f"ok: {len(records)} records, {entity_rows} entity rows, {csv_rows} CSV rows; "
    f"{typed[5]} fields typed from 5 records, {typed[-1]} from all; "
    f"{statuses} statuses joined to their subjects"
)
