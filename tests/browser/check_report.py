#!/usr/bin/env python3
"""Open a `beleidsmijn report` page in headless Chromium and say what a
reader would see, as one JSON object on stdout.

usage: check_report.py CHROMIUM REPORT.html SCREENSHOT.png CLASS

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4), so nothing
beyond the standard library is needed. The script

1. loads the page and records every network request, console message and
   uncaught exception;
2. reads every claim row of the rendered DOM (class, subject, sentence,
   link, whether it is shown);
3. chooses a municipality and a year and reads which rows and documents
   are shown, then chooses all again;
4. clicks, with real mouse events at the elements' places, the "none"
   button of the class filter and then the CLASS checkbox, and reads which
   rows are shown;
5. takes a screenshot;
6. clicks the page link of the first claim shown (one into a PDF, if any
   is shown) and records where the browser goes.

The test (tests/report.rs) asserts on the JSON; this script only observes.
"""

import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    """Headless Chromium with one page, over --remote-debugging-pipe."""

    def __init__(self, exe):
        # Our ends and Chromium's, kept at fds >= 10 so that placing
        # Chromium's on 3 and 4 in the child cannot clobber another.
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (cmd_r, cmd_w, res_r, res_w)]
        for fd in (cmd_r, cmd_w, res_r, res_w):
            os.close(fd)
        self.child_in, self.out, self.inp, self.child_out = high
        self.profile = tempfile.mkdtemp(prefix="beleidsmijn-chromium-")

        def place_fds():
            os.dup2(self.child_in, 3)
            os.dup2(self.child_out, 4)

        self.proc = subprocess.Popen(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--remote-debugging-pipe",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + self.profile,
                "about:blank",
            ],
            preexec_fn=place_fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(self.child_in)
        os.close(self.child_out)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.send("Browser.close", session=False, wait=False)
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self.buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.inp, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\0", 1)
        return json.loads(line)

    def send(self, method, params=None, session=True, wait=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.out, json.dumps(msg).encode() + b"\0")
        if not wait:
            return None
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=30):
        """The first event `method` not yet seen (waits for it)."""
        deadline = time.monotonic() + timeout
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read_message(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def pump(self, seconds):
        """Collect events for `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                os.set_blocking(self.inp, False)
                try:
                    chunk = os.read(self.inp, 1 << 16)
                except BlockingIOError:
                    chunk = None
                finally:
                    os.set_blocking(self.inp, True)
                if chunk:
                    self.buf += chunk
                while b"\0" in self.buf:
                    line, self.buf = self.buf.split(b"\0", 1)
                    self.events.append(json.loads(line))
                if not chunk:
                    time.sleep(0.05)
            except OSError:
                return

    def eval(self, expression):
        r = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in r:
            raise RuntimeError(f"evaluating {expression[:80]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def click(self, selector):
        """A real mouse click at the middle of the first element matching
        `selector`, scrolled into view first."""
        box = self.eval(
            "(() => { const el = document.querySelector(%s); if (!el) return null;"
            " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
            " return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()" % json.dumps(selector)
        )
        if box is None:
            raise RuntimeError(f"nothing matches {selector}")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box["x"], "y": box["y"], "button": "left", "clickCount": 1},
            )


ROWS = """Array.from(document.querySelectorAll('tr.claim')).map(r => {
  const s = r.closest('.subject'); const a = r.querySelector('a.page');
  return {class: r.dataset.class, muni: r.dataset.muni, year: r.dataset.year,
          doctype: r.dataset.doctype, shown: r.closest('[hidden]') === null && getComputedStyle(r).display !== 'none',
          subject: s.querySelector('.name').textContent, kinds: s.dataset.kinds,
          sentence: r.querySelector('td.sentence').firstChild ? r.querySelector('td.sentence').innerText.split('\\n')[0] : '',
          link: a ? a.getAttribute('href') : null, link_text: a ? a.textContent : null};
})"""


def main():
    exe, report, screenshot, cls = sys.argv[1:5]
    url = "file://" + os.path.abspath(report)
    b = Browser(exe)
    out = {}
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"}, session=False)
        b.session = b.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, session=False
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.send(domain + ".enable")
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        b.events.clear()
        b.send("Page.navigate", {"url": url})
        b.wait_event("Page.loadEventFired")
        b.pump(0.5)
        out["url"] = url
        out["title"] = b.eval("document.title")
        out["shown_counter"] = b.eval("document.getElementById('shown').textContent")
        out["rows"] = b.eval(ROWS)
        out["load_events"] = list(b.events)
        b.events.clear()
        # Municipality and year, chosen as a select does (a change event),
        # then back to all.
        b.eval(
            "(() => { const f = document.getElementById('filters');"
            " for (const [name, value] of [['muni', 'GM1942'], ['year', '2023']]) {"
            " f.elements[name].value = value;"
            " f.elements[name].dispatchEvent(new Event('change', {bubbles: true})); } })()"
        )
        out["place_counter"] = b.eval("document.getElementById('shown').textContent")
        out["place_rows"] = b.eval(ROWS)
        out["place_docs"] = b.eval(
            "Array.from(document.querySelectorAll('tr.doc')).filter(d => d.closest('[hidden]') === null)"
            ".map(d => d.dataset.muni + ' ' + d.dataset.year)"
        )
        b.eval(
            "(() => { const f = document.getElementById('filters');"
            " for (const name of ['muni', 'year']) { f.elements[name].value = '';"
            " f.elements[name].dispatchEvent(new Event('change', {bubbles: true})); } })()"
        )
        out["reset_counter"] = b.eval("document.getElementById('shown').textContent")
        # The class filter, clicked as a reader would: "none", then CLASS.
        b.click("#no-classes")
        out["after_none"] = b.eval("document.getElementById('shown').textContent")
        b.click("#filters input[name=class][value=%s]" % json.dumps(cls))
        b.pump(0.2)
        out["checked"] = b.eval(
            "Array.from(document.querySelectorAll('#filters input[name=class]:checked')).map(i => i.value)"
        )
        out["filtered_counter"] = b.eval("document.getElementById('shown').textContent")
        out["filtered_rows"] = b.eval(ROWS)
        out["visible_subjects"] = b.eval(
            "Array.from(document.querySelectorAll('.subject')).filter(s => s.closest('[hidden]') === null).length"
        )
        shot = b.send("Page.captureScreenshot", {"format": "png"})
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        # A claim's page link, clicked: where does the browser go?
        first = b.eval(
            "(() => { const links = Array.from(document.querySelectorAll('tr.claim a.page'))"
            ".filter(a => a.closest('[hidden]') === null);"
            " const a = links.find(a => a.getAttribute('href').includes('#page=')) || links[0];"
            " if (!a) return null;"
            " a.id = 'clicked-link'; return {href: a.getAttribute('href'), resolved: a.href}; })()"
        )
        out["clicked_link"] = first
        if first:
            b.click("#clicked-link")
            b.pump(2.0)
        out["after_click_events"] = list(b.events)
    finally:
        b.close()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
