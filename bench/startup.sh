#!/usr/bin/env bash
# Start-up of `extract` on small files (issue 21, clause 3: <= 15 ms wall):
# whole processes, this checkout against a previous build in the same run
# (A and B interleaved, so drift hits both), on a one-sentence text file and
# on a seed; wall and CPU (user+sys) per run, min / median / max; then this
# build's phases (BELEIDSMIJN_TIMING=1).
#   bash bench/startup.sh [BASE] [RUNS] [FILE]
#   BASE=path/to/beleidsmijn bash bench/startup.sh
# BASE (argument or environment): a git ref (default main), built once per
# commit into target/bench-startup/, or the path of a beleidsmijn binary.
# RUNS: per command and file (default 30). FILE: the seed (default
# fixtures/seeds/001_*.txt); the one-sentence file is written to a temporary
# folder. Release builds (fat LTO): the first run of a new BASE takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${1:-${BASE:-main}}
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
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
SMALL="$TMP/small.txt"
echo "In 2021 hebben we vastgesteld dat de pilot in Gooise Meren een succes was." > "$SMALL"
for f in "$SMALL" "$FILE"; do
  if ! cmp -s <("$A" extract "$f" 2>/dev/null | jq -c 'del(.tool)') \
              <("$B" extract "$f" 2>/dev/null | jq -c 'del(.tool)'); then
    echo "warning: the two builds write different records for $f" >&2
  fi
done
python3 - "$A" "$B" "$RUNS" "$SMALL" "$FILE" <<'PY'
import os, statistics, subprocess, sys, time
a, b, runs, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def run(exe, f):
    t = time.perf_counter()
    p = subprocess.Popen([exe, "extract", f], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    if status != 0:
        sys.exit(f"{exe} extract {f}: exit status {status}")
    return wall, (ru.ru_utime + ru.ru_stime) * 1000
def stats(v):
    return f"{min(v):6.1f} {statistics.median(v):6.1f} {max(v):6.1f}"
for f in files:
    for exe in (a, b):  # warm the page cache
        run(exe, f)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(run(a, f))
        tb.append(run(b, f))
    print(f"extract {f} ({os.path.getsize(f)} bytes), {runs} runs each, ms (min / median / max):")
    for name, exe, t in (("A (this)", a, ta), ("B (base)", b, tb)):
        print(f"  {name:9} wall {stats([w for w, _ in t])}   cpu {stats([c for _, c in t])}  {exe}")
    ratio = statistics.median(x[0] / y[0] for x, y in zip(ta, tb))
    print(f"  A/B median of paired wall ratios: {ratio:.2f}")
print(f"load average: {os.getloadavg()[0]:.2f}")
PY
echo "phases of A on the one-sentence file (one run):"
BELEIDSMIJN_TIMING=1 "$A" extract "$SMALL" 2>&1 >/dev/null | grep '^timing:' | sed 's/^timing: /  /'
