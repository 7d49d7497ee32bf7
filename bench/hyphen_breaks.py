#!/usr/bin/env python3
"""Line-end hyphens per document, as pdftotext -raw sets the lines.

For every PDF given (default: ../shared/corpus/pdf/*.pdf and
../shared/corpus/real/*.pdf) prints the lines, the breaks ("x-" ending a line
before a lower-case word that is not en/of/tot) and their share of the lines,
then each break with what the true text beside the PDF (when there is one)
has: J joined, H hyphen, S hyphen and space, ? neither. The numbers behind
HYPHENATING_SHARE in src/ingest/pdf/hyphens.rs. Needs pdftotext.
"""
import glob, os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
shared = os.path.join(here, "..", "..", "shared", "corpus")
files = sys.argv[1:] or sorted(glob.glob(f"{shared}/pdf/*.pdf") + glob.glob(f"{shared}/real/*.pdf"))
for pdf in files:
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", pdf, "-"],
                         capture_output=True, text=True).stdout
    truth = pdf[:-4] + ".txt"
    true = re.sub(r"\s+", " ", open(truth).read()) if os.path.exists(truth) else None
    found = [m for m in re.finditer(r"(\w+)-\n(\w+)", raw)
             if m.group(2)[0].islower() and m.group(2) not in ("en", "of", "tot")]
    lines = len(raw.splitlines())
    def kind(a, b):
        if true is None:
            return "?"
        return "J" if a + b in true else "S" if f"{a}- {b}" in true else "H" if f"{a}-{b}" in true else "?"
    shown = " ".join(f"{m.group(1)}-|{m.group(2)}[{kind(m.group(1), m.group(2))}]" for m in found[:12])
    print(f"{os.path.basename(pdf)}\t{lines} lines\t{len(found)} breaks\t"
          f"{100 * len(found) / max(lines, 1):.2f} %\t{shown}")
