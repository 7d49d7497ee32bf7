#!/usr/bin/env bash
# Benchmark for issue 4: text → entities, MB/s per core, against ripgrep
# counting the same dictionary terms in the same text.
#   bash bench/entities.sh [MB]   (default 50)
# Needs ripgrep (`apt-get install -y ripgrep`); benchmark only.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-50}
OUT=${BENCH_DIR:-target/bench-entities}
mkdir -p "$OUT"
CORPUS="$OUT/corpus.txt"
SEEDS=(../shared/seeds/*.txt)
# Repeat the seeds as separate documents, varying years and numbers so the
# text is not byte-identical from copy to copy.
python3 - "$CORPUS" "$MB" "${SEEDS[@]}" <<'PY'
import re, sys
out, mb, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
texts = [open(s, encoding="utf-8").read() for s in seeds]
size, i = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < mb * 1_000_000:
        t = texts[i % len(texts)]
        shift = i % 7
        t = re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + shift), t)
        t = re.sub(r"\b(\d{1,2}) (groepen|keer|activiteiten|gemeenten|plekken|dagen)\b", lambda m: f"{int(m.group(1)) + i % 5} {m.group(2)}", t)
        f.write(t + "\n=====DOC=====\n")
        size += len(t.encode()) + 15
        i += 1
PY
cargo bench --bench entities -- "$CORPUS" "$OUT/terms.txt" | tee "$OUT/result.txt"
if command -v rg >/dev/null; then
  rg --version | sed -n 1p  # sed reads it all: head would end rg with SIGPIPE under pipefail
  start=$(date +%s.%N)
  rg -j1 -c -F -f "$OUT/terms.txt" "$CORPUS" >/dev/null || true
  end=$(date +%s.%N)
  rg_s=$(echo "$end - $start" | bc -l)
  mb=$(grep "text MB" "$OUT/result.txt" | awk '{print $3}')
  ours=$(grep "extract MB/s/core" "$OUT/result.txt" | awk '{print $3}')
  rg_mbs=$(echo "$(stat -c %s "$CORPUS") / 1000000 / $rg_s" | bc -l)
  printf "rg -c -F -f terms.txt: %.3f s, %.1f MB/s (1 thread, %s terms)\n" "$rg_s" "$rg_mbs" "$(wc -l < "$OUT/terms.txt")"
  printf "ratio ours/rg: %.3f\n" "$(echo "$ours / $rg_mbs" | bc -l)"
else
  echo "ripgrep not installed: apt-get install -y ripgrep" >&2
fi
