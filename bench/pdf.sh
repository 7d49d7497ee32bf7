#!/usr/bin/env bash
# Whole-process speed and peak memory of beleidsmijn's PDF text against
# pdftotext, file by file, on the same files in the same run, one core.
#
#   bash bench/pdf.sh [RUNS]          # default 3 runs, least CPU time per file
#
#   SETS="pdf real"   folders of $CORPUS to use (default "pdf real wild":
#                     *.pdf and *.PDF in each, 105 files)
#   CORPUS=dir        default ../shared/corpus
#   BIN=path          time this binary instead of building target/release here
#   BASE=path         also time this other build, alternating with BIN, and
#                     compare its `text` output byte for byte
#   OUT=dir           default target/bench-pdf; per_file.tsv is written there
#   BENCH_CPU=n       the core to run on (default 0); PER_FILE=1 prints every
#                     file; TIMEOUT=s per process (default 300)
#
# Needs poppler-utils (pdftotext, pdfinfo; skips without them) and, for
# exact peak memory, GNU time (/usr/bin/time, Debian package "time").
#
# Times the real binary, `beleidsmijn text FILE.pdf`, start-up included,
# against `pdftotext -enc UTF-8 FILE.pdf -`, both writing to /dev/null, with
# RAYON_NUM_THREADS=1 and this script pinned to one core (the children
# inherit it, as under taskset -c, without taskset's own millisecond in every
# measurement). Each run times every file with each tool in turn (ours,
# [base,] pdftotext); a file's time is its least CPU time (user + system, from
# the kernel's rusage of that child, os.wait4) over the runs, which other
# processes on the machine disturb less than wall clock. Before the timed
# runs, one untimed pass per file hashes the text of BIN and BASE and measures
# each tool's peak RSS with GNU time's %M: ru_maxrss of a child spawned by
# Python itself never reads below the Python parent's own RSS (~14 MB), which
# is more than pdftotext needs on a small file.
#
# Reports, with ratio = pdftotext CPU time / our CPU time (> 1: we are faster):
# the geometric mean of the per-file ratios (the headline), their median, the
# same by wall clock, the number of files where we are slower, the ratio per
# corpus folder, the worst 5 files, the geometric mean per producer (pdfinfo's
# Producer folded to a family name), peak RSS (our maximum and median,
# pdftotext's), the page-weighted totals that were the headline before (sum
# of pages / sum of the per-file times), and with BASE the geometric mean of
# new/base CPU time per file and whether every file's text is identical.
# A file that fails or times out in a tool is listed and left out of the
# ratios; the run goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
CORPUS="${CORPUS:-../shared/corpus}"
SETS="${SETS:-pdf real wild}"
OUT="${OUT:-target/bench-pdf}"
for tool in pdftotext pdfinfo; do
  command -v "$tool" >/dev/null || { echo "skip: $tool not installed (apt-get install -y poppler-utils)"; exit 0; }
done
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --bin beleidsmijn
  BIN=target/release/beleidsmijn
fi
for b in "$BIN" ${BASE:+"$BASE"}; do
  [ -x "$b" ] || { echo "error: $b is not an executable" >&2; exit 2; }
done
mkdir -p "$OUT"
export RAYON_NUM_THREADS=1
exec python3 - "$RUNS" "$CORPUS" "$SETS" "$OUT" "${BENCH_CPU:-0}" "$BIN" "${BASE:-}" <<'PY'
import glob, hashlib, math, os, re, signal, statistics, subprocess, sys, tempfile, time

runs, corpus, sets, out, cpu, binary, base = sys.argv[1:8]
runs, cpu = int(runs), int(cpu)
timeout = float(os.environ.get("TIMEOUT", "300"))
gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
os.sched_setaffinity(0, {cpu})  # the children inherit the core

files = []  # (set, path)
for s in sets.split():
    paths = sorted(set(glob.glob(os.path.join(corpus, s, "*.pdf")) + glob.glob(os.path.join(corpus, s, "*.PDF"))))
    if not paths:
        sys.exit(f"error: no PDF in {os.path.join(corpus, s)}")
    files += [(s, p) for p in paths]

tools = {"ours": lambda f: [binary, "text", f]}
if base:
    tools["base"] = lambda f: [base, "text", f]
tools["pdftotext"] = lambda f: ["pdftotext", "-enc", "UTF-8", f, "-"]

def family(producer, creator):
    """pdfinfo's Producer folded to a short family name."""
    p = producer.strip()
    rules = [
        (r"Print To PDF", "Microsoft: Print To PDF"),
        (r"Microsoft\W*\s*(Word|Excel|PowerPoint)", None),
        (r"Skia/PDF", "Skia/PDF (Chromium)"),
        (r"fpdf|PyFPDF", "fpdf2/PyFPDF"),
        (r"LibreOffice", "LibreOffice"),
        (r"OpenOffice", "OpenOffice.org"),
        (r"pdfe?TeX", "pdfTeX"),
        (r"LuaTeX", "LuaTeX"),
        (r"XeTeX|xdvipdfmx", "XeTeX"),
        (r"Ghostscript", "GPL Ghostscript"),
        (r"^XEP\b", "XEP"),
        (r"iText", "iText"),
        (r"Nuance", "Nuance"),
        (r"Distiller", "Acrobat Distiller"),
        (r"Adobe PDF Library", "Adobe PDF Library"),
        (r"Quartz PDFContext", "Quartz PDFContext (macOS)"),
        (r"Aspose", "Aspose"),
        (r"ReportLab", "ReportLab"),
        (r"^cairo\b", "cairo"),
        (r"pdfplot", "AutoCAD pdfplot"),
    ]
    if re.search(r"InDesign", creator) or re.search(r"InDesign", p):
        return "Adobe InDesign"
    for pattern, name in rules:
        m = re.search(pattern, p, re.I)
        if m:
            return name or "Microsoft " + m.group(1)
    words = []
    for w in p.split():
        if words and (re.match(r"v?\d", w) or len(words) == 3):
            break
        words.append(w.rstrip(",;"))
    return " ".join(words) or "(none)"

def pdfinfo(path):
    r = subprocess.run(["pdfinfo", path], capture_output=True, text=True, errors="replace")
    info = dict(l.split(":", 1) for l in r.stdout.splitlines() if ":" in l)
    pages = int(info.get("Pages", "0").strip() or 0)
    return pages, family(info.get("Producer", ""), info.get("Creator", ""))

current = None  # the running child, for the timeout
timed_out = False

def on_alarm(signum, frame):
    global timed_out
    timed_out = True
    if current is not None:
        try:
            os.killpg(current.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

signal.signal(signal.SIGALRM, on_alarm)

def run(cmd, capture=False):
    """Runs cmd once: exit status, CPU and wall seconds, ru_maxrss (KiB),
    and with capture the sha256 of stdout and the stderr text."""
    global current, timed_out
    timed_out = False
    err = tempfile.TemporaryFile() if capture else subprocess.DEVNULL
    t = time.perf_counter()
    current = subprocess.Popen(cmd, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                               stderr=err, start_new_session=True)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    digest = None
    if capture:
        h = hashlib.sha256()
        for chunk in iter(lambda: current.stdout.read(1 << 16), b""):
            h.update(chunk)
        digest = h.hexdigest()
        current.stdout.close()
    _, status, ru = os.wait4(current.pid, 0)
    wall = time.perf_counter() - t
    signal.setitimer(signal.ITIMER_REAL, 0)
    current = None
    text = ""
    if capture:
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        err.close()
    rc = "timeout" if timed_out else os.waitstatus_to_exitcode(status)
    return rc, ru.ru_utime + ru.ru_stime, wall, ru.ru_maxrss, digest, text

def short(name, width=64):
    return name if len(name) <= width else name[: width // 2 - 1] + "…" + name[-(width // 2):]

def gmean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")

load = os.getloadavg()[0]
meta = {p: pdfinfo(p) for _, p in files}

# Untimed pass: the output of BIN and BASE, peak RSS of each tool, failures.
rss, digests, failed = {}, {}, {}
for s, f in files:
    for k, cmd in tools.items():
        full = [gnu_time, "-f", "maxrss_kib=%M"] + cmd(f) if gnu_time else cmd(f)
        rc, _, _, maxrss, digest, err = run(full, capture=True)
        if gnu_time:
            m = re.findall(r"^maxrss_kib=(\d+)$", err, re.M)
            maxrss = int(m[-1]) if m else 0
        rss[(k, f)] = maxrss / 1024
        digests[(k, f)] = digest
        if rc != 0:
            failed.setdefault(f, []).append(f"{k}: {'timeout' if rc == 'timeout' else f'exit {rc}'}")

# Timed runs: every file with every tool in turn, least CPU and wall per file.
best = {}
for _ in range(runs):
    for s, f in files:
        for k, cmd in tools.items():
            rc, c, w, _, _, _ = run(cmd(f))
            if rc != 0 and not any(x.startswith(k + ":") for x in failed.get(f, [])):
                failed.setdefault(f, []).append(f"{k}: {'timeout' if rc == 'timeout' else f'exit {rc}'} (timed run)")
            c0, w0 = best.get((k, f), (c, w))
            best[(k, f)] = (min(c, c0), min(w, w0))

def name(s, f):
    return f"{s}/{os.path.basename(f)}"

ok = [(s, f) for s, f in files if f not in failed]
if not ok:
    sys.exit(f"error: every file failed: {failed}")
ratio = {f: best[("pdftotext", f)][0] / max(best[("ours", f)][0], 1e-9) for _, f in ok}
wall_ratio = {f: best[("pdftotext", f)][1] / max(best[("ours", f)][1], 1e-9) for _, f in ok}
pages = sum(meta[f][0] for _, f in files)
counts = ", ".join(f"{s} {sum(1 for x, _ in files if x == s)}" for s in sets.split())
version = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr.split("\n")[0]

print(f"beleidsmijn text against {version}, one core (cpu {cpu}), RAYON_NUM_THREADS=1")
print(f"binary {binary}" + (f", base {base}" if base else ""))
print(f"files {len(files)} ({counts}), pages {pages}, runs {runs} (least CPU time per file), "
      f"load {load:.2f} at start, {os.getloadavg()[0]:.2f} at end")
if failed:
    print(f"failed, left out of the ratios ({len(failed)}):")
    for s, f in files:
        if f in failed:
            print(f"  {name(s, f)}: {'; '.join(failed[f])}")
else:
    print("failed: none")

print()
print(f"per file, ratio = pdftotext CPU time / our CPU time (> 1: we are faster), {len(ok)} files:")
slower = sum(1 for r in ratio.values() if r < 1)
print(f"  CPU   geometric mean {gmean(list(ratio.values())):.2f}×  median {statistics.median(ratio.values()):.2f}×  "
      f"slower on {slower} of {len(ok)} files")
print(f"  wall  geometric mean {gmean(list(wall_ratio.values())):.2f}×  median {statistics.median(wall_ratio.values()):.2f}×  "
      f"slower on {sum(1 for r in wall_ratio.values() if r < 1)} of {len(ok)} files")
for s0 in sets.split():
    rs = [ratio[f] for s, f in ok if s == s0]
    if rs:
        print(f"  {s0:<5} {len(rs):3} files: CPU geometric mean {gmean(rs):.2f}×, median {statistics.median(rs):.2f}×, "
              f"slower on {sum(1 for r in rs if r < 1)}")
tot = {k: (sum(best[(k, f)][0] for _, f in ok), sum(best[(k, f)][1] for _, f in ok)) for k in tools}
okpages = sum(meta[f][0] for _, f in ok)
print(f"page-weighted total (the old headline; {okpages} pages / sum of per-file times): "
      f"ours {okpages / tot['ours'][0]:.1f} pages/s CPU, pdftotext {okpages / tot['pdftotext'][0]:.1f}, "
      f"ratio {tot['pdftotext'][0] / tot['ours'][0]:.2f}× (wall {tot['pdftotext'][1] / tot['ours'][1]:.2f}×)")

print()
print("worst 5 files (CPU):")
print(f"  {'ratio':>6} {'ours ms':>9} {'pdftotext ms':>12} {'pages':>5}  {'producer':<26} file")
for s, f in sorted(ok, key=lambda sf: ratio[sf[1]])[:5]:
    print(f"  {ratio[f]:5.2f}× {best[('ours', f)][0] * 1000:9.1f} {best[('pdftotext', f)][0] * 1000:12.1f} "
          f"{meta[f][0]:5}  {meta[f][1][:26]:<26} {short(name(s, f))}")

print()
print("by producer (geometric mean of per-file CPU ratios, worst first):")
groups = {}
for s, f in ok:
    groups.setdefault(meta[f][1], []).append(ratio[f])
print(f"  {'files':>5} {'ratio':>6} {'worst':>6}  producer")
for g, rs in sorted(groups.items(), key=lambda kv: gmean(kv[1])):
    print(f"  {len(rs):5} {gmean(rs):5.2f}× {min(rs):5.2f}×  {g}")

print()
how = "GNU time %M" if gnu_time else "ru_maxrss from Python, never below the parent's own RSS: install GNU time"
print(f"peak RSS, MB (one untimed run per file, {how}):")
for k in tools:
    vals = [(rss[(k, f)], s, f) for s, f in files if f not in failed]
    if vals:
        top = max(vals)
        print(f"  {k:<9} max {top[0]:6.1f} ({short(name(top[1], top[2]))}), median {statistics.median(v[0] for v in vals):5.1f}")

if base:
    print()
    nb = {f: best[("ours", f)][0] / max(best[("base", f)][0], 1e-9) for _, f in ok}
    worst = max(ok, key=lambda sf: nb[sf[1]])
    print(f"against base {base}, per file CPU time new/base (< 1: new is faster), {len(ok)} files:")
    print(f"  geometric mean {gmean(list(nb.values())):.3f}, median {statistics.median(nb.values()):.3f}; "
          f"slower on {sum(1 for r in nb.values() if r > 1)} files, most on {short(name(*worst))} ({nb[worst[1]]:.2f})")
    print(f"  totals: new {tot['ours'][0]:.2f} s CPU, base {tot['base'][0]:.2f} s")
    differ = [(s, f) for s, f in files if digests[("ours", f)] != digests[("base", f)]]
    print(f"  text output byte-identical on {len(files) - len(differ)} of {len(files)} files")
    for s, f in differ:
        print(f"    differs: {name(s, f)}")

tsv = os.path.join(out, "per_file.tsv")
with open(tsv, "w") as w:
    cols = ["file", "set", "producer", "pages", "ours_cpu_ms", "pdftotext_cpu_ms", "ratio", "ours_rss_mb",
            "pdftotext_rss_mb", "ours_wall_ms", "pdftotext_wall_ms"]
    if base:
        cols += ["base_cpu_ms", "base_rss_mb", "same_text_as_base"]
    w.write("\t".join(cols + ["failed"]) + "\n")
    for s, f in files:
        ms = lambda k, i: f"{best[(k, f)][i] * 1000:.2f}"
        row = [os.path.basename(f), s, meta[f][1], str(meta[f][0]), ms("ours", 0), ms("pdftotext", 0),
               f"{ratio[f]:.3f}" if f in ratio else "", f"{rss[('ours', f)]:.1f}", f"{rss[('pdftotext', f)]:.1f}",
               ms("ours", 1), ms("pdftotext", 1)]
        if base:
            row += [ms("base", 0), f"{rss[('base', f)]:.1f}",
                    "yes" if digests[("ours", f)] == digests[("base", f)] else "no"]
        w.write("\t".join(row + ["; ".join(failed.get(f, []))]) + "\n")
if os.environ.get("PER_FILE"):
    print()
    print("per file (least CPU time over the runs):")
    for s, f in files:
        r = f"{ratio[f]:5.2f}×" if f in ratio else "  fail"
        print(f"  {r} {best[('ours', f)][0] * 1000:9.1f} {best[('pdftotext', f)][0] * 1000:9.1f} ms "
              f"{rss[('ours', f)]:6.1f} {rss[('pdftotext', f)]:6.1f} MB  {short(name(s, f))}")
print()
print(f"per-file results: {tsv}")
PY
