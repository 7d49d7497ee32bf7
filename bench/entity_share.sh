#!/usr/bin/env bash
# What entity extraction is of a whole `extract` run, file by file: the
# `entities` phase of BELEIDSMIJN_TIMING=1 against the run's `main`, the
# least `main` of RUNS runs (`extract -q -j1 FILE -o /dev/null`). Prints
# each file, the median share and the share of the summed time.
#   bash bench/entity_share.sh [RUNS] [FILE ...]
# FILEs default to the PDF and HTML documents of ../shared/corpus/real and
# ../shared/dev/docs. Files whose run prints no `entities` phase are left
# out of the shares and named.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
shift $(( $# > 0 ? 1 : 0 ))
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=(../shared/corpus/real/*.pdf ../shared/corpus/real/*.html ../shared/dev/docs/*.pdf ../shared/dev/docs/*.html)
cargo build --release --locked --quiet
python3 - "$RUNS" "${FILES[@]}" <<'PY'
import os, re, statistics, subprocess, sys
runs, files = int(sys.argv[1]), sys.argv[2:]
env = dict(os.environ, BELEIDSMIJN_TIMING="1")
rows, missing = [], []
for f in files:
    best = None
    for _ in range(runs):
        p = subprocess.run(["target/release/beleidsmijn", "extract", "-q", "-j1", f, "-o", "/dev/null"],
                           env=env, capture_output=True, text=True)
        t = {}
        for m in re.finditer(r"timing: (.+?) ([0-9.]+) ms", p.stderr):
            t.setdefault(m.group(1), float(m.group(2)))
        if "main" in t and (best is None or t["main"] < best["main"]):
            best = t
    if best is None or "entities" not in best:
        missing.append(f)
        continue
    rows.append((f, best["main"], best["entities"]))
    print(f"{os.path.basename(f)[:48]:48s} run {best['main']:8.1f} ms  entities {best['entities']:7.1f} ms  {best['entities'] / best['main']:6.1%}")
if rows:
    print(f"files {len(rows)}: median share {statistics.median(e / m for _, m, e in rows):.1%}, "
          f"summed {sum(e for *_, e in rows) / sum(m for _, m, _ in rows):.1%}")
for f in missing:
    print(f"no entities phase: {f}")
PY
