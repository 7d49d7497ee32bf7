#!/usr/bin/env bash
# Start-up of `extract` on one small text file (issue 21, clause 3): the
# wall time of whole processes, this checkout against a previous build in
# the same run (A and B interleaved, so drift hits both), then this build's
# phases (BELEIDSMIJN_TIMING=1).
#   bash bench/startup.sh [BASE] [RUNS] [FILE]
# BASE: a git ref (default main), built once per commit into
# target/bench-startup/, or the path of a beleidsmijn binary. RUNS: per
# command (default 30). FILE: default fixtures/seeds/001_*.txt.
# Release builds (fat LTO): the first run of a new BASE takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-main}
RUNS=${2:-30}
FILE=${3:-$(ls fixtures/seeds/001_*.txt)}
OUT=target/bench-startup
mkdir -p "$OUT"
cargo build --release --locked --quiet
A=target/release/beleidsmijn
if [ -x "$BASE" ]; then
  B=$BASE
else
  rev=$(git rev-parse --short "$BASE")
  B="$OUT/beleidsmijn-$rev"
  if [ ! -x "$B" ]; then
    src="$OUT/src-$rev"
    [ -d "$src" ] || git worktree add --detach "$src" "$rev" >/dev/null
    (cd "$src" && CARGO_TARGET_DIR="$PWD/../target" cargo build --release --locked --quiet)
    cp "$OUT/target/release/beleidsmijn" "$B"
    git worktree remove --force "$src"
  fi
fi
if ! cmp -s <("$A" extract "$FILE" 2>/dev/null | jq -c 'del(.tool)') \
            <("$B" extract "$FILE" 2>/dev/null | jq -c 'del(.tool)'); then
  echo "warning: the two builds write different records for $FILE" >&2
fi
python3 - "$A" "$B" "$RUNS" "$FILE" <<'PY'
import os, statistics, subprocess, sys, time
a, b, runs, f = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def run(exe):
    t = time.perf_counter()
    subprocess.run([exe, "extract", f], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - t) * 1000
for exe in (a, b):  # warm the page cache
    run(exe)
ta, tb = [], []
for _ in range(runs):
    ta.append(run(a))
    tb.append(run(b))
ratios = sorted(x / y for x, y in zip(ta, tb))
print(f"extract {f}, {runs} runs each, wall ms (min / median / max):")
for name, exe, t in (("A (this)", a, ta), ("B (base)", b, tb)):
    print(f"  {name:9} {min(t):6.1f} {statistics.median(t):6.1f} {max(t):6.1f}  {exe}")
print(f"  A/B median of paired ratios: {statistics.median(ratios):.2f}")
print(f"load average: {os.getloadavg()[0]:.2f}")
PY
echo "phases of A (one run):"
BELEIDSMIJN_TIMING=1 "$A" extract "$FILE" 2>&1 >/dev/null | grep '^timing:' | sed 's/^timing: /  /'
