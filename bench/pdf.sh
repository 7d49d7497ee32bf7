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
# the ratio of our pages/s to pdftotext's, by wall clock and by CPU time;
# PER_FILE=1 adds each file's least CPU time over the runs for both tools.
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
# Each run times every file with both tools, one after the other: wall
# clock, and CPU time (user + system, from the kernel's rusage of the child,
# in microseconds), which other processes on the machine disturb less.
python3 - "$RUNS" "$PAGES" "${BENCH_CPU:-0}" "$BIN" $FILES <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, pages, cpu, binary, files = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
tools = {
    "beleidsmijn": lambda f: ["taskset", "-c", cpu, binary, "text", f],
    "pdftotext": lambda f: ["taskset", "-c", cpu, "pdftotext", "-enc", "UTF-8", f, "-"],
}
def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
totals = {k: ([], []) for k in tools}
best = {}  # (tool, file) -> least CPU time over the runs
for _ in range(runs):
    sums = {k: [0.0, 0.0] for k in tools}
    for f in files:
        for k, cmd in tools.items():
            w, c = run(cmd(f))
            sums[k][0] += w
            sums[k][1] += c
            best[(k, f)] = min(c, best.get((k, f), c))
    for k in tools:
        totals[k][0].append(sums[k][0])
        totals[k][1].append(sums[k][1])
print(f"files {len(files)}, pages {pages}, runs {runs} (median)")
med = {k: (statistics.median(v[0]), statistics.median(v[1])) for k, v in totals.items()}
for k, (w, c) in med.items():
    print(f"{k:<12} wall {w:.3f} s  {pages / w:.1f} pages/s   cpu {c:.3f} s  {pages / c:.1f} pages/s")
ours, theirs = med["beleidsmijn"], med["pdftotext"]
print(f"ratio (our pages/s / pdftotext pages/s): wall {theirs[0] / ours[0]:.2f}, cpu {theirs[1] / ours[1]:.2f}")
if os.environ.get("PER_FILE"):
    print("per file, least CPU time over the runs: ours, pdftotext, ratio")
    for f in files:
        o, t = best[("beleidsmijn", f)], best[("pdftotext", f)]
        print(f"  {os.path.basename(f):<50} {o * 1000:8.1f} ms {t * 1000:8.1f} ms {t / max(o, 1e-9):5.2f}")
PY
