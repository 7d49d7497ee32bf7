#!/usr/bin/env bash
# One big PDF on several cores (issue 21, item 4: -j2 >= 1.6x -j1 on a
# single 200-page PDF, output byte-identical): `extract -jN FILE` against
# `extract -j1 FILE` for the same build, the runs alternating, wall clock
# per run, min / median / max and the median ratio; the records of both
# are compared byte for byte.
#   bash bench/pages.sh [RUNS] [N] [FILE ...]
#   BASE=path/to/old/beleidsmijn bash bench/pages.sh [RUNS] [N] [FILE ...]
# RUNS per setting (default 5), N threads (default 2), FILEs default to the
# two Wassenaar PDFs of ../shared/corpus/real (201 and 203 pages). With
# BASE, that binary's -j1 and -jN runs alternate with this build's, and its
# speed-up is printed under this build's (the same hour, the same load).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
N=${2:-2}
shift $(( $# > 2 ? 2 : $# ))
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=(../shared/corpus/real/wassenaar_begroting_2021-2024.pdf ../shared/corpus/real/wassenaar_jaarstukken_2019.pdf)
cargo build --release --locked --quiet
BIN=target/release/beleidsmijn
OUT=target/bench-pages
mkdir -p "$OUT"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
report() {
  python3 - "$@" <<'PY'
import statistics, sys
name, n, same, one, many = sys.argv[1:]
one = [float(x) for x in one.split()]; many = [float(x) for x in many.split()]
m1, mn = statistics.median(one), statistics.median(many)
print(f"{name}: -j1 {min(one):.3f} / {m1:.3f} / {max(one):.3f} s, -j{n} {min(many):.3f} / {mn:.3f} / {max(many):.3f} s"
      f" (min / median / max), speed-up {m1 / mn:.2f}x, records {same}")
PY
}
BINS=("$BIN")
[ -n "${BASE:-}" ] && BINS+=("$BASE")
for f in "${FILES[@]}"; do
  declare -A runs=()
  for _ in $(seq "$RUNS"); do
    for b in "${!BINS[@]}"; do
      for j in 1 "$N"; do
        s=$(date +%s.%N)
        "${BINS[$b]}" extract -q -j "$j" "$f" -o "$OUT/b$b-j$j.jsonl"
        e=$(date +%s.%N)
        runs[$b,$j]+="$(echo "$e - $s" | bc -l) "
      done
    done
  done
  for b in "${!BINS[@]}"; do
    cmp -s "$OUT/b$b-j1.jsonl" "$OUT/b$b-j$N.jsonl" && same=identical || same=DIFFERENT
    name=$(basename "$f")
    [ "$b" = 1 ] && name="  BASE $BASE"
    report "$name" "$N" "$same" "${runs[$b,1]}" "${runs[$b,$N]}"
  done
  unset runs
done
