#!/usr/bin/env python3
"""Generate a synthetic archive for the batch benchmark from the fixtures.

Each output document is one of the fixture documents (text seeds and HTML
pages) with its municipality renamed and its years shifted, so the archive
has varied municipalities and years but realistic structure. Deterministic:
the same arguments give byte-identical files.

    python3 bench/gen.py --count 10000 --out /tmp/archive [--text-only | --pdf]

--pdf adds the 25 PDFs of ../shared/corpus/pdf (the seeds rendered by five
producers) to the sources; a PDF copy is byte-identical to its original
(its text cannot be rewritten), only its place in the archive varies.

Layout: OUT/<municipality-code>/<year>/<nnnnn>_<seed>.<ext>, so a sorted walk
interleaves municipalities and years.
"""
import argparse
import csv
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# Municipality names that occur in the fixtures, replaced in every copy.
NAMES = ["Gooise Meren", "Midden-Drenthe", "Meierijstad", "Meerijstad", "Utrecht"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--text-only", action="store_true", help="no HTML copies")
    ap.add_argument("--pdf", action="store_true", help="also copies of ../shared/corpus/pdf")
    ap.add_argument("--seed", type=int, default=6)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    sources = []
    for sub in ["seeds", "html"]:
        if sub == "html" and a.text_only:
            continue
        d = os.path.join(ROOT, "fixtures", sub)
        for f in sorted(os.listdir(d)):
            with open(os.path.join(d, f), "rb") as fh:
                sources.append((f, fh.read()))
    if a.pdf:
        d = os.path.join(ROOT, "..", "shared", "corpus", "pdf")
        for f in sorted(os.listdir(d)):
            if f.endswith(".pdf"):
                with open(os.path.join(d, f), "rb") as fh:
                    sources.append((f, fh.read()))
    with open(os.path.join(ROOT, "dictionaries", "municipalities.tsv"), encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("status") == "current"]
    munis = [(r["cbs_code"], r["name"]) for r in rows if r["name"] not in NAMES][:150]
    pattern = re.compile("|".join(re.escape(n) for n in NAMES).encode())
    years = re.compile(rb"\b(20[12][0-9])\b")
    total = 0
    for i in range(a.count):
        name, data = sources[i % len(sources)]
        code, muni = munis[rng.randrange(len(munis))]
        shift = rng.randrange(-3, 4)
        if name.endswith(".pdf"):
            text = data
        else:
            text = pattern.sub(muni.encode("utf-8") if not name.startswith("002_windows") else muni.encode("cp1252", "replace"), data)
            text = years.sub(lambda m: str(int(m.group(1)) + shift).encode(), text)
        year = 2021 + shift
        d = os.path.join(a.out, code, str(year))
        os.makedirs(d, exist_ok=True)
        base, ext = os.path.splitext(name)
        with open(os.path.join(d, f"{i:05d}_{base[:3]}{ext}"), "wb") as fh:
            fh.write(text)
        total += len(text)
    print(f"{a.count} documents, {total / 1e6:.1f} MB in {a.out}")


if __name__ == "__main__":
    main()
