#!/usr/bin/env bash
# Instruction count of entity extraction (the repeatable number behind the
# Ir column of docs/entities.md): callgrind on the entities bench binary,
# run on the first ~1 MB of the bench corpus (cut at a document boundary),
# inclusive Ir of `extract`.
#   bash bench/callgrind.sh        (needs valgrind; run bench/entities.sh once first)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BENCH_DIR:-target/bench-entities}
[ -f "$OUT/corpus.txt" ] || { echo "run bash bench/entities.sh first (it writes $OUT/corpus.txt)"; exit 1; }
python3 - "$OUT/corpus.txt" "$OUT/c1.txt" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
sep = b"\n=====DOC=====\n"
cut = d.rfind(sep, 0, 1_000_000) + len(sep)
open(sys.argv[2], "wb").write(d[:cut])
PY
cargo bench --bench entities --no-run 2>/dev/null
BIN=$(ls -t target/release/deps/entities-* | grep -v '\.d$' | head -1)
valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" "$BIN" "$OUT/c1.txt" "$OUT/c1-terms.txt" >/dev/null 2>&1
mb=$(stat -c %s "$OUT/c1.txt")
callgrind_annotate --inclusive=yes "$OUT/callgrind.out" 2>/dev/null \
  | grep -E "entities::extract \[" | head -1 \
  | awk -v mb="$mb" '{gsub(",","",$1); printf "extract: %.1f M Ir inclusive, %.0f M Ir per MB (%d bytes; the harness repeats its first 20 documents, see docs/entities.md)\n", $1/1e6, $1/(mb/1e6)/1e6, mb}'
