#!/usr/bin/env bash
# Whole-process speed of beleidsmijn's PDF text against pdftotext, on the
# same files in the same run, one core (taskset -c ${BENCH_CPU:-0}), RAYON_NUM_THREADS=1.
#
#   bash bench/pdf.sh [RUNS]          # default 3 runs, median of the totals
#
# Needs poppler-utils (apt-get install -y poppler-utils). Times the real
# binary, `beleidsmijn text FILE.pdf` (release build, made here), start-up
# included, against `pdftotext -enc UTF-8 FILE.pdf -`; both write to
# /dev/null. Files: ../shared/corpus/pdf/*.pdf and
# ../shared/corpus/real/*.pdf. Prints pages, seconds and pages/s per tool and
# the ratio of our pages/s to pdftotext's.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
CORPUS="${CORPUS:-../shared/corpus}"
command -v pdftotext >/dev/null || { echo "skip: pdftotext not installed (apt-get install -y poppler-utils)"; exit 0; }
# BIN=path/to/beleidsmijn compares another build (not rebuilt here).
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --bin beleidsmijn
  BIN=target/release/beleidsmijn
fi
FILES=$(ls "$CORPUS"/pdf/*.pdf "$CORPUS"/real/*.pdf)
PAGES=0
for f in $FILES; do PAGES=$((PAGES + $(pdfinfo "$f" | awk '/^Pages/{print $2}'))); done
export RAYON_NUM_THREADS=1
ours=(); theirs=()
for r in $(seq "$RUNS"); do
  o=0; t=0
  for f in $FILES; do
    s=$(date +%s.%N); taskset -c "${BENCH_CPU:-0}" "$BIN" text "$f" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    o=$(echo "$o + $e - $s" | bc)
    s=$(date +%s.%N); taskset -c "${BENCH_CPU:-0}" pdftotext -enc UTF-8 "$f" - >/dev/null 2>&1 || true; e=$(date +%s.%N)
    t=$(echo "$t + $e - $s" | bc)
  done
  ours+=("$o"); theirs+=("$t")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mt=$(median "${theirs[@]}")
printf 'files %d, pages %d, runs %d (median)\n' "$(echo "$FILES" | wc -l)" "$PAGES" "$RUNS"
printf 'beleidsmijn  %.3f s  %.1f pages/s\n' "$mo" "$(echo "$PAGES / $mo" | bc -l)"
printf 'pdftotext    %.3f s  %.1f pages/s\n' "$mt" "$(echo "$PAGES / $mt" | bc -l)"
printf 'ratio (our pages/s / pdftotext pages/s): %.2f\n' "$(echo "$mt / $mo" | bc -l)"
