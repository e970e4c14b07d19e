#!/usr/bin/env python3
"""JupyterLab 4 / Notebook 7 rendering test of executed notebooks (part of `./kit test`).

Binder serves JupyterLab 4 and Notebook 7, whose output area is JupyterLab's: it runs an output's <script>s only
when the output is trusted, has no require.js, and sanitises untrusted HTML. No Python JupyterLab is installable
here, but Lab's renderers are npm packages: tools/lab_check/page.js puts @jupyterlab/outputarea and
@jupyterlab/rendermime (versions pinned in tools/lab_check/package-lock.json) on a test page, which `./kit lab-check`
bundles with esbuild into .kit/lab-check/bundle.js. This script feeds that page the outputs of each executed
notebook, twice, and reads what headless Chromium shows (launched as tools/browser_check.py does; `./kit` runs it
with no network when root):
  - trusted (a learner running the cells): every figure drawn by plotly.js (a non-empty <svg class="main-svg">),
    every table shown with rows, every image loaded, and no error thrown;
  - untrusted (a learner opening a saved notebook): every figure shows its text fallback and none is drawn, no
    <script> survives the sanitiser, tables and images still show, and no error is thrown.

  lab_check.py --bundle .kit/lab-check/bundle.js NOTEBOOK.ipynb...   (executed notebooks, e.g. build/notebooks/...)
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

import nbformat

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_check  # noqa: E402  (the same Chromium, flags and DOM dump as the classic-Notebook check)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODES = ("trusted", "untrusted")

# Runs before the bundle: every error thrown, every rejected promise and every console.error on the page is kept.
HOOKS = """
window.LAB_CHECK_ERRORS = [];
window.addEventListener('error', function (e) {
  LAB_CHECK_ERRORS.push('error: ' + e.message + ' (' + (e.filename || 'inline script') + ':' + e.lineno + ')');
});
window.addEventListener('unhandledrejection', function (e) {
  LAB_CHECK_ERRORS.push('unhandled rejection: ' + (e.reason && e.reason.stack ? e.reason.stack : e.reason));
});
(function () {
  var original = console.error;
  console.error = function () {
    LAB_CHECK_ERRORS.push('console.error: ' + Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
})();
"""


def text(value):
    return "".join(value) if isinstance(value, list) else (value or "")


def code_cell_outputs(nb):
    return [cell.get("outputs", []) for cell in nb["cells"] if cell.get("cell_type") == "code"]


def expected(cells):
    """What the notebook's outputs hold: figures and tables in text/html, images shown as PNG (no HTML beside)."""
    figures = tables = images = 0
    for outputs in cells:
        for out in outputs:
            data = out.get("data", {})
            h = text(data.get("text/html"))
            figures += h.count('class="distill4j-figure"')
            tables += h.count("<table")
            if "image/png" in data and "text/html" not in data:
                images += 1
    return {"figures": figures, "tables": tables, "images": images}


def page(out_dir, stem, mode, bundle):
    """Writes the test page of one notebook in one mode; the outputs travel in a .js file beside it."""
    path = os.path.join(out_dir, f"{stem}.{mode}.html")
    with open(path, "w") as f:
        f.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<title>{stem} ({mode}), JupyterLab's output area</title>\n"
                f"<script>{HOOKS}</script>\n"
                f"<script src=\"{stem}.outputs.js\"></script>\n"
                f"<script>window.LAB_CHECK.mode = '{mode}';</script>\n"
                "</head>\n<body>\n<div id=\"outputs\"></div>\n"
                f"<script src=\"{pathlib.Path(bundle).as_uri()}\"></script>\n</body>\n</html>\n")
    return path


def result_of(dom):
    start = dom.find('<pre id="lab-check-result">')
    if start < 0:
        return None
    start = dom.index(">", start) + 1
    end = dom.index("</pre>", start)
    body = dom[start:end].replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return json.loads(body)


def judge(mode, want, got):
    """The problems a learner would see, as sentences; empty when the page shows what it should."""
    if got is None:
        return ["the page never finished (no result in the DOM): the bundle did not run"]
    problems = []
    if got["figures"] != want["figures"]:
        problems.append(f"{want['figures']} figure outputs in the notebook, {got['figures']} figure divs on the page")
    if mode == "trusted":
        if got["drawn"] < want["figures"]:
            problems.append(f"only {got['drawn']} of {want['figures']} figures drawn by plotly.js")
    else:
        if got["drawn"]:
            problems.append(f"{got['drawn']} figures drawn although no script may run in untrusted output")
        if got["fallbacks"] < want["figures"]:
            problems.append(f"only {got['fallbacks']} of {want['figures']} figures show their text fallback")
        if got["scripts"]:
            problems.append(f"{got['scripts']} <script> elements survived Lab's sanitiser")
    if got["tables"] < want["tables"] or got["tablesWithRows"] < want["tables"]:
        problems.append(f"{want['tables']} tables expected, {got['tables']} shown ({got['tablesWithRows']} with rows)")
    if got["imagesLoaded"] < want["images"]:
        problems.append(f"{want['images']} images expected, {got['imagesLoaded']} shown")
    for e in got["errors"]:
        problems.append("thrown: " + e.strip().splitlines()[0][:300])
    return problems


# The host page opens each notebook's page in an iframe of its own (its own window: a notebook cannot borrow plotly.js
# from another), AT_ONCE at a time, collects what each reports by postMessage, and writes all of it into the DOM. One
# browser start for the whole run: a start costs seconds on 2 busy cores.
HOST = """
var pages = %s, results = new Array(pages.length), started = 0, finished = 0;
function openPage(i) {
  var frame = document.createElement('iframe'), timer;
  frame.style.width = '1200px';
  frame.style.height = '900px';
  function done(result) {
    if (results[i] !== undefined) return;
    clearTimeout(timer);
    window.removeEventListener('message', listen);
    results[i] = result;
    frame.remove();
    finished += 1;
    if (finished === pages.length) {
      var pre = document.createElement('pre');
      pre.id = 'lab-check-result';
      pre.textContent = JSON.stringify(results);
      document.body.appendChild(pre);
    } else if (started < pages.length) {
      openPage(started++);
    }
  }
  function listen(e) {
    if (e.source === frame.contentWindow && e.data && e.data.labCheck) done(e.data.labCheck);
  }
  window.addEventListener('message', listen);
  timer = setTimeout(function () { done(null); }, %d);
  frame.src = pages[i];
  document.body.appendChild(frame);
}
for (var k = 0; k < Math.min(%d, pages.length); k++) openPage(started++);
"""
PAGE_TIMEOUT_MS = 60000
AT_ONCE = 1   # pages rendering at the same time: on 2 busy cores 2 or 3 were no faster (19 s, 18-22 s, 35 s for 6 pages)


def run_pages(browser, out_dir, pages):
    """Results of the pages, in order (None for a page that never reported), from one headless Chromium."""
    host = os.path.join(out_dir, "index.html")
    with open(host, "w") as f:
        f.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<title>Distill4J: notebooks in JupyterLab's output area</title>\n</head>\n<body>\n"
                f"<script>{HOST % (json.dumps([pathlib.Path(p).as_uri() for p in pages]), PAGE_TIMEOUT_MS, AT_ONCE)}</script>\n"
                "</body>\n</html>\n")
    budget = PAGE_TIMEOUT_MS * len(pages) + 10000   # virtual time: it runs out only if pages hang
    try:
        dom = browser_check.dump(browser, pathlib.Path(host).as_uri(), budget_ms=budget, timeout=300)
    except subprocess.TimeoutExpired:
        print("[lab] Chromium did not finish within 300 s")
        return [None] * len(pages)
    results = result_of(dom)
    if results is None:
        print("[lab] the host page never finished (build/lab-check/ keeps the host page to open by hand)")
        return [None] * len(pages)
    return results


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("notebooks", nargs="+")
    p.add_argument("--bundle", default=os.path.join(ROOT, ".kit", "lab-check", "bundle.js"))
    p.add_argument("--out", default=os.path.join(ROOT, "build", "lab-check"))
    a = p.parse_args()

    browser = browser_check.chromium()
    if not browser:
        print("[lab] skipped: no Chromium found (Debian: apt-get install chromium)")
        return 0
    if not os.path.isfile(a.bundle):
        print(f"[lab] no bundle at {a.bundle}: run ./kit lab-check, which builds it")
        return 1
    os.makedirs(a.out, exist_ok=True)
    bundle = os.path.abspath(a.bundle)
    started = time.monotonic()
    checks = []   # (name, mode, expected, page)
    for nb_path in a.notebooks:
        # As Jupyter Server reads it for the front end: nbformat joins the lines of multi-line strings.
        nb = nbformat.read(nb_path, as_version=4)
        cells = code_cell_outputs(nb)
        stem = os.path.splitext(os.path.basename(nb_path))[0]
        if os.path.basename(os.path.dirname(os.path.abspath(nb_path))) == "solutions":
            stem = "solutions-" + stem
        with open(os.path.join(a.out, f"{stem}.outputs.js"), "w") as f:
            f.write("window.LAB_CHECK = " + json.dumps({"name": stem, "cells": cells}) + ";\n")
        for mode in MODES:
            checks.append((stem, mode, expected(cells), page(a.out, stem, mode, bundle)))
    results = run_pages(browser, os.path.abspath(a.out), [c[3] for c in checks])

    passed = failed = 0
    totals = {m: {"figures": 0, "drawn": 0, "fallbacks": 0, "tables": 0, "images": 0} for m in MODES}
    for (stem, mode, want, _), got in zip(checks, results):
        problems = judge(mode, want, got)
        t = totals[mode]
        t["figures"] += want["figures"]
        if got:
            t["drawn"] += got["drawn"]
            t["fallbacks"] += got["fallbacks"]
            t["tables"] += min(got["tablesWithRows"], want["tables"])
            t["images"] += min(got["imagesLoaded"], want["images"])
            shown = (f"{got['drawn']}/{want['figures']} figures drawn" if mode == "trusted"
                     else f"{got['fallbacks']}/{want['figures']} figures show their text fallback")
            shown += (f", {got['tablesWithRows']}/{want['tables']} tables, "
                      f"{got['imagesLoaded']}/{want['images']} images, {len(got['errors'])} errors")
        else:
            shown = "no result"
        print(f"[lab] {stem} ({mode}): {'pass' if not problems else 'FAIL'} — {shown}")
        for problem in problems:
            print(f"[lab]   {problem}")
        passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
    for mode in MODES:
        t = totals[mode]
        what = (f"{t['drawn']}/{t['figures']} figures drawn" if mode == "trusted"
                else f"{t['fallbacks']}/{t['figures']} figures show their text fallback, 0 drawn")
        print(f"[lab] {mode}, all notebooks: {what}, {t['tables']} tables, {t['images']} images")
    print(f"[lab] pages in {os.path.relpath(a.out, ROOT)}/ (open index.html); {time.monotonic() - started:.0f} s")
    print(f"lab: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
