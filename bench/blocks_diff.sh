#!/usr/bin/env bash
# Which PDFs a layout change touches: `text --blocks` of two builds compared
# file by file over ../shared/dev/docs, ../shared/corpus/{real,wild,pdf,hostile}
# and fixtures (125 PDFs); prints each file that differs and a count.
#   bash bench/blocks_diff.sh OLD_BINARY NEW_BINARY
# Then `diff <(OLD text --blocks F) <(NEW text --blocks F)` shows what moved.
set -uo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2 n=0 d=0
for f in ../shared/dev/docs/*.pdf ../shared/corpus/{real,wild,pdf,hostile}/*.pdf fixtures/*/*.pdf; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  a=$(timeout 120 "$old" text --blocks "$f" 2>&1 | md5sum)
  b=$(timeout 120 "$new" text --blocks "$f" 2>&1 | md5sum)
  if [ "$a" != "$b" ]; then
    echo "DIFF $f"
    d=$((d + 1))
  fi
done
echo "files $n differ $d"
