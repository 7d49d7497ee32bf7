#!/usr/bin/env python3
"""Run a command and print the peak of the summed RSS of it and all its
descendants (worker processes included), sampled every 50 ms, on stderr:
`tree peak RSS: N MB`. /usr/bin/time reports only the largest single
process. Usage: python3 bench/tree_rss.py CMD [ARGS...]"""
import os
import subprocess
import sys
import time


def tree_rss(root):
    kids, rss = {}, {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                rest = f.read().rsplit(") ", 1)[1].split()
            kids.setdefault(int(rest[1]), []).append(int(pid))
            rss[int(pid)] = int(rest[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(kids.get(p, []))
    return total


proc = subprocess.Popen(sys.argv[1:])
peak = 0
while proc.poll() is None:
    peak = max(peak, tree_rss(proc.pid))
    time.sleep(0.05)
print(f"tree peak RSS: {peak / 1e6:.0f} MB", file=sys.stderr)
sys.exit(proc.returncode)
