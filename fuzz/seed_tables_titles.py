#!/usr/bin/env python3
"""Write fuzz/corpus_seeds/synthetic_tables_titles.pdf: an uncompressed page for
the table paths of the layout (a title a paragraph gap over a header, a title
over a header at line spacing, named stacks of Baten / Lasten / Saldo, labels
beside one narrow column of figures, a page number under a footnote).
Usage: python3 fuzz/seed_tables_titles.py [OUT.pdf]"""
import os, sys
# An uncompressed one-page PDF: a title a paragraph gap over a table's
# header, a title over a header at line spacing, a named stack of Baten /
# Lasten / Saldo, labels beside one narrow column of figures, rules.
lines = []
def t(x, y, s, bold=False):
    f = "/F2" if bold else "/F1"
    s = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    lines.append(f"BT {f} 10 Tf {x} {y} Td ({s}) Tj ET")
def rule(y):
    lines.append(f"0.5 w 50 {y} m 460 {y} l S")
t(50, 800, "2.1. Baten en Lasten", True)
t(54, 767, "Baten en Lasten", True); t(242, 767, "Realisatie", True); t(363, 767, "Realisatie", True)
t(54, 752, "EUR '000", True); t(267, 752, "2023", True); t(388, 752, "2022", True)
rule(746)
for k, (a, b, c) in enumerate([("Baten GR Rijk", "2.247", "2.084"), ("Rente", "150", "-1")]):
    y = 732 - 15 * k
    t(54, y, a); t(264, y, b); t(385, y, c)
rule(700)
t(50, 686, "Kasstroom en EMU-saldo - Wet Houdbare Overheidsfinancien (Wet HOF) per jaareinde")
t(54, 672, "Kasstroom", True); t(252, 672, "Realisatie", True); t(379, 672, "Realisatie", True)
t(54, 658, "EUR '000", True); t(277, 658, "2023", True); t(403, 658, "2022", True)
rule(650)
for g, (name, figs) in enumerate([("0.1 Bestuur", [("89", "0"), ("-2.032", "-2.087"), ("-1.943", "-2.087")]),
                                  ("0.3 Beheer overige gebouwen en", [("97", "97"), ("-485", "-569"), ("-388", "-472")])]):
    top = 636 - 50 * g
    t(50, top, name)
    if g == 1:
        t(50, top - 12, "gronden")
    for k, (lab, (a, b)) in enumerate(zip(["Baten", "Lasten", "Saldo"], figs)):
        y = top - 12 * k
        t(220, y, lab); t(300, y, a); t(400, y, b)
    rule(top - 30)
for k, (a, b) in enumerate([("Beschikking", "223"), ("Besteed - Personeel", "-67"), ("Saldo per jaareinde", "0")]):
    y = 500 - 14 * k
    t(54, y, a, k == 0); t(282, y, b)
t(54, 440, "Liquide middelen: saldi banken en rekening courant Rijk.")
t(300, 420, "13")
content = "\n".join(lines).encode("latin-1")
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
]
out = bytearray(b"%PDF-1.4\n")
offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus_seeds", "synthetic_tables_titles.pdf")
os.makedirs(os.path.dirname(out_path), exist_ok=True)
open(out_path, "wb").write(out)
