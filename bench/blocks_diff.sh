#!/usr/bin/env bash
# Which PDFs a reader or layout change touches: `text` and `text --blocks`
# of two builds compared file by file over ../shared/dev/docs,
# ../shared/corpus/{real,wild,pdf,hostile} and fixtures (125 PDFs); prints
# each file and mode that differs and a count.
#   bash bench/blocks_diff.sh OLD_BINARY NEW_BINARY
# Then `diff <(OLD text --blocks F) <(NEW text --blocks F)` shows what moved.
set -uo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2 n=0 d=0
for f in ../shared/dev/docs/*.pdf ../shared/corpus/{real,wild,pdf,hostile}/*.pdf fixtures/*/*.pdf; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  for mode in text blocks; do
    args=(text "$f")
    [ "$mode" = blocks ] && args=(text --blocks "$f")
    a=$(timeout 120 "$old" "${args[@]}" 2>&1 | md5sum)
    b=$(timeout 120 "$new" "${args[@]}" 2>&1 | md5sum)
    if [ "$a" != "$b" ]; then
      echo "DIFF $mode $f"
      d=$((d + 1))
    fi
  done
done
echo "files $n differ $d"
