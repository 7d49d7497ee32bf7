#!/usr/bin/env bash
# Instruction count of entity extraction (the repeatable number behind the
# Ir column of docs/entities.md): callgrind on the entities bench binary,
# run on the first 0.5 MB of the bench corpus (cut at a document boundary),
# counting only inside `extract_bounded` (with fat LTO, `extract` and
# `extract_with` are inlined into it and have no symbol of their own; the
# count includes the lazily compiled regexes, ~115 M, once per run).
#   bash bench/callgrind.sh        (needs valgrind; run bench/entities.sh once first)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_DIR:-target/bench-entities}
[ -f "$OUT/corpus.txt" ] || { echo "run bash bench/entities.sh first (it writes $OUT/corpus.txt)"; exit 1; }
python3 - "$OUT/corpus.txt" "$OUT/c05.txt" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
sep = b"\n=====DOC=====\n"
cut = d.rfind(sep, 0, 500_000) + len(sep)
open(sys.argv[2], "wb").write(d[:cut])
PY
export CARGO_PROFILE_BENCH_DEBUG=line-tables-only
nice -n 10 cargo bench --bench entities --no-run 2>/dev/null
BIN=$(ls -t target/release/deps/entities-* | grep -v '\.d$' | head -1)
nice -n 10 valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" \
  --toggle-collect='beleidsmijn::extract::entities::extract_bounded*' \
  "$BIN" "$OUT/c05.txt" >/dev/null 2>&1
bytes=$(stat -c %s "$OUT/c05.txt")
callgrind_annotate "$OUT/callgrind.out" 2>/dev/null | grep "PROGRAM TOTALS" \
  | awk -v b="$bytes" '{gsub(",","",$1); printf "extract_bounded: %.1f M Ir (%d bytes)\n", $1/1e6, b}'
