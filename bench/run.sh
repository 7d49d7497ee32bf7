#!/usr/bin/env bash
# Batch benchmark (issue 6): throughput, -j1 -> -j2 speedup, peak RSS,
# determinism, shards and cache on a synthetic archive. Not part of
# `cargo test`. Usage: bash bench/run.sh [COUNT] [--text-only | --pdf]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-10000}
EXTRA=${2:-}
ARCH=${TMPDIR:-/tmp}/beleidsmijn-bench-$COUNT${EXTRA:+-${EXTRA#--}}
OUT=${TMPDIR:-/tmp}/beleidsmijn-bench-out
B=target/release/beleidsmijn
cargo build --release --quiet
[ -d "$ARCH" ] || python3 bench/gen.py --count "$COUNT" --out "$ARCH" $EXTRA
mkdir -p "$OUT"; rm -rf "$OUT/cache"
MB=$(find "$ARCH" -type f -printf "%s\n" | awk "{s+=\$1} END {print s}")
run() { # name, args...
  local name=$1; shift
  # tree_rss.py adds the workers' RSS to the batch's (time -v: the largest process only).
  /usr/bin/time -v python3 bench/tree_rss.py "$B" extract "$ARCH" -q "$@" > "$OUT/$name.jsonl" 2> "$OUT/$name.err" || true
  local secs rss docs pages tree
  secs=$(grep -oP 'summary: .*, \K[0-9.]+(?= s)' "$OUT/$name.err")
  rss=$(grep -oP 'Maximum resident set size \(kbytes\): \K[0-9]+' "$OUT/$name.err")
  docs=$(grep -oP 'summary: \K[0-9]+' "$OUT/$name.err")
  pages=$(grep -oP 'documents.*?, \K[0-9]+(?= pages)' "$OUT/$name.err")
  tree=$(grep -oP 'tree peak RSS: \K[0-9]+' "$OUT/$name.err")
  awk -v n="$name" -v s="$secs" -v r="$rss" -v d="$docs" -v p="$pages" -v mb="$MB" -v t="$tree" \
    'BEGIN { printf "%-10s %8.2f s %9.0f docs/s %7.2f MB/s %9.0f pages/s  peak RSS %4.0f MB (time -v: largest reaped process), %4.0f MB (all processes, sampled)\n", n, s, d/s, mb/1e6/s, p/s, r/1024, t }'
  echo "$secs" > "$OUT/$name.secs"
}
echo "archive: $ARCH ($COUNT documents, $((MB / 1000000)) MB)"
run j1 -j1
run j2 -j2
echo "speedup -j1 -> -j2: $(awk -v a="$(cat "$OUT/j1.secs")" -v b="$(cat "$OUT/j2.secs")" 'BEGIN{printf "%.2fx", a/b}')"
cmp -s "$OUT/j1.jsonl" "$OUT/j2.jsonl" && echo "-j1 == -j2: byte-identical" || echo "-j1 != -j2: DIFFERENT"
"$B" extract "$ARCH" -q --shard 1/2 > "$OUT/s1.jsonl" 2>/dev/null || true
"$B" extract "$ARCH" -q --shard 2/2 > "$OUT/s2.jsonl" 2>/dev/null || true
cat "$OUT/s1.jsonl" "$OUT/s2.jsonl" | cmp -s - "$OUT/j2.jsonl" && echo "shard 1/2 + 2/2 == single run" || echo "shards: DIFFERENT"
run cold --cache "$OUT/cache"
run warm --cache "$OUT/cache"
cmp -s "$OUT/warm.jsonl" "$OUT/j2.jsonl" && echo "warm cache == single run" || echo "warm cache: DIFFERENT"
echo "cache speedup: $(awk -v a="$(cat "$OUT/j2.secs")" -v b="$(cat "$OUT/warm.secs")" 'BEGIN{printf "%.1fx", a/b}') (warm vs no cache, -j2 default)"
