#!/usr/bin/env bash
# Fill fuzz/seeds/<target>/ with starting inputs from ../shared and the repo
# (the folder is ignored by git; new inputs the fuzzer finds go to corpus/).
#   bash fuzz/seeds.sh     (from the repository root or fuzz/)
set -euo pipefail
cd "$(dirname "$0")"
SHARED=../../shared
rm -rf seeds && mkdir -p seeds/fuzz_text seeds/fuzz_html seeds/fuzz_dictionary seeds/fuzz_pdf
# Text: the seeds, the fixtures and the development set's text files, cut
# to 64 KB (libFuzzer's -max_len below); the hostile text files whole.
for f in "$SHARED"/seeds/*.txt ../fixtures/seeds/*.txt "$SHARED"/dev/docs/*.txt "$SHARED"/corpus/hostile/*.txt; do
  [ -f "$f" ] && head -c 65536 "$f" > "seeds/fuzz_text/$(basename "$f")"
done
# HTML: the corpus pages, the fixtures and the hostile pages.
for f in "$SHARED"/corpus/html/*.htm* ../fixtures/html/*.htm* "$SHARED"/dev/docs/*.htm* "$SHARED"/corpus/hostile/*.html; do
  [ -f "$f" ] && head -c 65536 "$f" > "seeds/fuzz_html/$(basename "$f")"
done
# Dictionaries: each built-in file, cut to 16 KB, behind the byte that
# picks it (its index in `dict::BUILTIN`, the order of this list).
i=0
for name in headings furniture metadata header_values facts months function_words doc_types \
            municipalities taakvelden organisations generic_actors lexicon status verbs references; do
  { printf "\\x$(printf %02x $i)"; head -c 16384 "../dictionaries/$name.tsv"; } > "seeds/fuzz_dictionary/$i-$name"
  i=$((i + 1))
done
# PDF: the corpus PDFs and the hostile ones but the 1 GiB flate bomb.
cp "$SHARED"/corpus/pdf/*.pdf seeds/fuzz_pdf/
find "$SHARED"/corpus/hostile -name '*.pdf' ! -name 'flate_bomb_1gib.pdf' -exec cp {} seeds/fuzz_pdf/ \;
for t in seeds/*; do echo "$t: $(ls "$t" | wc -l) files"; done
