#!/usr/bin/env python3
"""Real-browser test of the figures and tables in executed notebooks (part of `./kit test`).

Starts Jupyter Notebook on loopback over build/notebooks/ (the runner's executed, signed copies), opens each given
notebook in headless Chromium, and checks in the rendered page that
  - every figure output (a div of class "distill4j-figure") was drawn by plotly.js: it became a "js-plotly-plot"
    holding a non-empty <svg class="main-svg">;
  - every table output is an HTML <table> with rows;
and keeps a screenshot of each page in build/browser/. The executed notebooks' HTML exports are checked the same
way (opened as files, no server). `./kit test`, as root, runs it in a network namespace with no network at all, so
plotly.js can only come from the notebook itself.

  browser_check.py NOTEBOOK.ipynb...   (paths of executed notebooks under build/notebooks/)
  browser_check.py --dom PAGE [--budget MS] [--screenshot PNG]   (print one page's DOM after MS of page time)
"""
import argparse
import html.parser
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1280,2400"]


class Page(html.parser.HTMLParser):
    """Counts, in a rendered DOM, figure divs that plotly drew and HTML tables with at least one data row."""

    def __init__(self):
        super().__init__()
        self.figures = 0          # divs of class distill4j-figure
        self.drawn = 0            # ... that plotly turned into js-plotly-plot
        self.svgs = 0             # <svg class="main-svg"> with children
        self.tables = 0
        self.table_rows = 0
        self._in_table = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "distill4j-figure" in classes:
            self.figures += 1
            if "js-plotly-plot" in classes:
                self.drawn += 1
        if tag == "svg" and "main-svg" in classes:
            self.svgs += 1
        if tag == "table":
            self.tables += 1
            self._in_table += 1
        if tag == "tr" and self._in_table:
            self.table_rows += 1

    def handle_endtag(self, tag):
        if tag == "table" and self._in_table:
            self._in_table -= 1


def expected(nb_path):
    """Figure and table outputs in the executed notebook."""
    with open(nb_path) as f:
        nb = json.load(f)
    figures = tables = 0
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            h = out.get("data", {}).get("text/html", "")
            h = "".join(h) if isinstance(h, list) else h
            figures += h.count('class="distill4j-figure"')
            tables += h.count("<table")
    return figures, tables


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def dump(browser, url, screenshot=None, budget_ms=30000, timeout=120):
    """The DOM of `url` after `budget_ms` of virtual page time, from a fresh headless Chromium profile (and, when
    `screenshot` names a file, a PNG of the page first). Raises subprocess.TimeoutExpired after `timeout` seconds.
    The one place this project starts Chromium: this check, the JupyterLab check and the library's browser tests
    (through --dom) all come here."""
    profile = tempfile.mkdtemp(prefix="distill4j-chromium-")
    try:
        args = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={budget_ms}"]
        if screenshot:
            subprocess.run(args + [f"--screenshot={screenshot}", url], capture_output=True, timeout=timeout)
        r = subprocess.run(args + ["--dump-dom", url], capture_output=True, text=True, timeout=timeout)
        return r.stdout
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def dom_command(page, budget_ms, screenshot):
    """--dom: print one page's DOM (for the library's browser tests). Exit 3 when there is no Chromium."""
    browser = chromium()
    if not browser:
        print("no Chromium found (Debian: apt-get install chromium)", file=sys.stderr)
        return 3
    url = page if "://" in page else pathlib.Path(page).resolve().as_uri()
    try:
        sys.stdout.write(dump(browser, url, screenshot, budget_ms))
    except subprocess.TimeoutExpired:
        print(f"Chromium did not finish within 120 s on {page}", file=sys.stderr)
        return 1
    return 0


def check(name, dom, want_figures, want_tables):
    page = Page()
    page.feed(dom)
    problems = []
    if page.figures < want_figures:
        problems.append(f"{want_figures} figure outputs in the notebook but {page.figures} in the page")
    if page.drawn < want_figures or page.svgs < want_figures:
        problems.append(f"only {page.drawn} of {want_figures} figures drawn by plotly ({page.svgs} plot SVGs)")
    if page.tables < want_tables or (want_tables and page.table_rows <= want_tables):
        problems.append(f"{want_tables} tables expected, {page.tables} rendered with {page.table_rows} rows")
    status = "pass" if not problems else "FAIL"
    print(f"[browser] {name}: {status} — {page.drawn}/{want_figures} figures drawn, {page.tables}/{want_tables} tables")
    for p in problems:
        print(f"[browser]   {p}")
    return not problems


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--out", default=os.path.join(ROOT, "build", "browser"))
    p.add_argument("--dom", metavar="PAGE", help="print the DOM of one page (a file or URL) and exit")
    p.add_argument("--budget", type=int, default=30000, help="virtual page time for --dom, in ms")
    p.add_argument("--screenshot", metavar="PNG", help="with --dom: also a screenshot of the page")
    a = p.parse_args()
    if a.dom:
        return dom_command(a.dom, a.budget, a.screenshot)
    if not a.notebooks:
        p.error("name executed notebooks, or --dom PAGE")

    browser = chromium()
    if not browser:
        print("[browser] skipped: no Chromium found (Debian: apt-get install chromium)")
        return 0
    os.makedirs(a.out, exist_ok=True)
    served = os.path.join(ROOT, "build", "notebooks")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "notebook", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--NotebookApp.token=", "--NotebookApp.password=", f"--notebook-dir={served}",
         "--MultiKernelManager.default_kernel_name=distill4j"] + (["--allow-root"] if os.geteuid() == 0 else []),
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(a.out, "notebook-server.log"), "w"))
    results = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for nb in a.notebooks:
            nb = os.path.abspath(nb)
            name = os.path.relpath(nb, served)
            want_figures, want_tables = expected(nb)
            stem = os.path.splitext(name)[0].replace(os.sep, "_")
            dom = dump(browser, f"http://127.0.0.1:{port}/notebooks/{name}", os.path.join(a.out, stem + ".png"))
            results.append(check(f"{name} (Notebook)", dom, want_figures, want_tables))
            exported = os.path.splitext(nb)[0] + ".html"
            if os.path.isfile(exported):
                dom = dump(browser, "file://" + exported)
                results.append(check(f"{name} (HTML export)", dom, want_figures, want_tables))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(f"[browser] screenshots in {os.path.relpath(a.out, ROOT)}/")
    passed = sum(results)
    print(f"browser: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
