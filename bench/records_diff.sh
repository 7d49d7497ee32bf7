#!/usr/bin/env bash
# Whether a change moves any record: `extract -j2` of two builds over
# ../shared/dev/docs, ../shared/seeds, ../shared/corpus and fixtures in one
# batch each (220 files), the records compared by source path with the
# `tool` field (build and dictionary fingerprints) left out; prints the
# counts and the paths whose records differ.
#   bash bench/records_diff.sh OLD_BINARY NEW_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for b in old new; do
  bin=${!b}
  # Exit code 1: the hostile files fail, as they should.
  "$bin" extract -q -j2 ../shared/dev/docs ../shared/seeds ../shared/corpus fixtures -o "$out/$b.jsonl" 2>/dev/null || true
done
python3 - "$out/old.jsonl" "$out/new.jsonl" <<'PY'
import json, sys
def load(p):
    recs = {}
    for line in open(p, encoding="utf-8"):
        r = json.loads(line)
        r.pop("tool", None)
        recs[r.get("source", {}).get("path")] = r
    return recs
a, b = load(sys.argv[1]), load(sys.argv[2])
differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
print(f"records {len(a)} and {len(b)}, differ {len(differ)}")
for k in differ:
    print(f"DIFF {k}")
PY
