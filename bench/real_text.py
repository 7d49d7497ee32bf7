#!/usr/bin/env python3
"""Our text of the real PDFs against pdftotext's, four ways.

For every PDF given (default: ../shared/corpus/real/*.pdf) runs
`pdftotext -enc UTF-8 FILE` and `beleidsmijn text FILE` and prints:

  similarity  the issue's measure (../shared/corpus/tools/similarity.py):
              1 - Levenshtein / length on whitespace-collapsed text; it
              counts reading order, so a table read by rows against one read
              by columns scores low although every word is there
  layout      the same against `pdftotext -layout` (the other mode
              similarity.py --pdf scores), which keeps a table's rows
  words       share of pdftotext's words (whitespace-separated, counted with
              multiplicity) that our text has too, in any order
  chars       the same for non-space characters: what neither word division
              nor order can hide
  lines       share of the characters of pdftotext's lines (dot leaders of
              a table of contents left out) whose line stands verbatim, white
              space collapsed, in our text of the same page: 1.0 says every
              line of pdftotext is ours too, and what `similarity` still
              counts is only the order in which the lines come (two columns
              interleaved line by line, a table read column by column)
  splits      paragraphs of ours (blank-line separated, no tab in them) that
              end in a lower-case letter or comma before one that starts in
              lower case: a paragraph cut mid-sentence

With --pages it prints, for one file, each page's Levenshtein distance to
pdftotext and to pdftotext -layout (the numerator of `similarity`, page by
page), worst first, then the totals, the similarity taking per page the
mode closer to ours, and the pdftotext lines (outside dot leaders) that are
not verbatim on our page.

With --splice A-B it prints the file's similarity to pdftotext as it is
and with our pages A to B replaced by pdftotext's own: what copying
pdftotext's reading order there would gain.

Needs pdftotext and a release build (cargo build --release).
Usage: python3 bench/real_text.py [FILE.pdf ...]
       python3 bench/real_text.py --pages FILE.pdf
       python3 bench/real_text.py --splice A-B FILE.pdf
"""
import collections, glob, os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared", "corpus")
sys.path.insert(0, os.path.join(shared, "tools"))
from similarity import levenshtein, normalise, similarity  # noqa: E402

ours_bin = os.path.join(here, "..", "target", "release", "beleidsmijn")


def kept(theirs, ours):
    """Share of the multiset `theirs` found in `ours`."""
    total = sum(theirs.values())
    return 1.0 if total == 0 else 1 - sum((theirs - ours).values()) / total


def lines_kept(ref, ours):
    """Share of the characters of pdftotext's lines found verbatim on our page."""
    total = found = 0
    for theirs, mine in zip(ref.split("\f"), ours.split("\f")):
        mine = normalise(mine)
        for line in theirs.split("\n"):
            line = normalise(line)
            if not line or "....." in line:
                continue
            total += len(line)
            found += len(line) if line in mine else 0
    return 1.0 if total == 0 else found / total


def splits(text):
    n = 0
    for page in text.split("\f"):
        paras = [p.strip() for p in re.split(r"\n\s*\n", page) if p.strip()]
        for a, b in zip(paras, paras[1:]):
            if "\t" in a or "\t" in b:
                continue
            if re.search(r"[a-zà-ÿ,]$", a) and re.match(r"[a-zà-ÿ]", b):
                n += 1
    return n


def texts(pdf):
    """pdftotext plain, pdftotext -layout and ours."""
    run = lambda cmd: subprocess.run(cmd, capture_output=True, text=True).stdout  # noqa: E731
    return (run(["pdftotext", "-enc", "UTF-8", pdf, "-"]),
            run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"]),
            run([ours_bin, "text", pdf]))


def pages(pdf):
    ref, ref_layout, ours = (t.split("\f") for t in texts(pdf))
    rows, total, length = [], 0, 0
    for k, (r, lay, o) in enumerate(zip(ref, ref_layout, ours), 1):
        r, lay, o = normalise(r), normalise(lay), normalise(o)
        d = levenshtein(r, o)
        rows.append((d, k, levenshtein(lay, o), len(r)))
        total += d
        length += max(len(r), len(o))
    print("page\tdistance\tlayout distance\tpdftotext chars")
    for d, k, dl, n in sorted(rows, reverse=True):
        print(f"{k}\t{d}\t{dl}\t{n}")
    print(f"total\t{total}\tof {length} characters")
    best = sum(min(d, dl) for d, _, dl, _ in rows)
    print(f"per page the better of the two modes: similarity {1 - best / length:.4f}")
    for k, (r, o) in enumerate(zip(ref, ours), 1):
        mine = normalise(o)
        for line in map(normalise, r.split("\n")):
            if line and "....." not in line and line not in mine:
                print(f"not verbatim, page {k}: {line}")


def splice(span, pdf):
    first, last = (int(p) for p in span.split("-"))
    ref, _, ours = texts(pdf)
    theirs, mine = ref.split("\f"), ours.split("\f")
    spliced = [theirs[k] if first <= k + 1 <= last else page for k, page in enumerate(mine)]
    print(f"as read\t{similarity(ref, ours):.4f}")
    print(f"pages {first}-{last} from pdftotext\t{similarity(ref, chr(12).join(spliced)):.4f}")


if sys.argv[1:2] == ["--pages"]:
    pages(sys.argv[2])
    sys.exit(0)
if sys.argv[1:2] == ["--splice"]:
    splice(sys.argv[2], sys.argv[3])
    sys.exit(0)

files = sys.argv[1:] or sorted(glob.glob(f"{shared}/real/*.pdf"))
print("file\tsimilarity\tlayout\twords\tchars\tlines\tsplits")
for pdf in files:
    ref, ref_layout, ours = texts(pdf)
    a, b = normalise(ref), normalise(ours)
    words = kept(collections.Counter(a.split()), collections.Counter(b.split()))
    chars = kept(collections.Counter(a.replace(" ", "")), collections.Counter(b.replace(" ", "")))
    print(f"{os.path.basename(pdf)}\t{similarity(ref, ours):.4f}\t{similarity(ref_layout, ours):.4f}"
          f"\t{words:.4f}\t{chars:.4f}\t{lines_kept(ref, ours):.4f}\t{splits(ours)}")
