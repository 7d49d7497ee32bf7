#!/usr/bin/env bash
# Instructions of entity extraction, counted by callgrind: a measure that
# the machine's load does not move, for comparing two builds of the entity
# benchmark (bench/entities.sh times them; this counts their work).
#   bash bench/entities_instructions.sh [KB] [BASE_BENCH_BINARY]
# KB: how much of the benchmark corpus to read (default 600, cut at a
# document boundary; target/bench-entities/corpus.txt, written by
# `bash bench/entities.sh`). BASE_BENCH_BINARY: the entities bench binary
# of another build (target/release/deps/entities-* of that checkout), counted
# the same way. Prints, per binary, the instructions on the corpus minus
# those on an empty one (the vocabulary's build is the same in both): the
# work on the documents. Needs valgrind (`apt-get install -y valgrind`);
# benchmark only.
set -euo pipefail
cd "$(dirname "$0")/.."
KB=${1:-600}
BASE=${2:-}
CORPUS=target/bench-entities/corpus.txt
[ -f "$CORPUS" ] || { echo "no $CORPUS: run bash bench/entities.sh first" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "skip: valgrind not installed" >&2; exit 0; }
cargo bench --no-run --bench entities --quiet 2>/dev/null
BIN=$(ls -t target/release/deps/entities-* | grep -v '\.d$' | head -1)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
head -c $((KB * 1000)) "$CORPUS" | python3 -c '
import sys
d = sys.stdin.buffer.read()
sys.stdout.buffer.write(d[: d.rfind(b"\n=====DOC=====\n") + 15])' > "$TMP/part.txt"
printf 'x\n=====DOC=====\n' > "$TMP/empty.txt"
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
for b in "$BIN" ${BASE:+"$BASE"}; do
  all=$(count "$b" "$TMP/part.txt")
  none=$(count "$b" "$TMP/empty.txt")
  printf '%s: %d instructions on %d bytes of documents (%d in all, %d on an empty corpus)\n' \
    "$b" $((all - none)) "$(stat -c %s "$TMP/part.txt")" "$all" "$none"
done
