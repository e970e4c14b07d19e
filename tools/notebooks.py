#!/usr/bin/env python3
"""Distill4J's notebook runner: executes notebooks headless through the real Java kernel.

  notebooks.py run [--all] [NOTEBOOK...]   execute, write build/notebooks/**.ipynb + .html and the report
  notebooks.py check-clean                 fail if a committed notebook carries outputs

For each notebook it records status, wall time and the kernel process's peak resident memory (VmHWM from
/proc: JVM heap, PyTorch's native memory and everything else), prints a table, and writes
build/notebook-report.md and build/notebook-report.json (a list of {notebook, status, seconds, peak_rss_mb}).
Exercise notebooks as shipped (exercises/*.ipynb) must run to the end and say "not implemented yet".
A notebook is retried only when its kernel never answered at start; any cell error fails it.

Claims are strict here: the runner sets DISTILL4J_STRICT_CLAIMS=1 in its own environment, which the kernels it
starts inherit, so a failed Claim stops the notebook and fails the run. In a learner's session (./kit lab) the
variable is unset and a failed Claim only prints a warning (see org.distill4j.claims.Claim).
"""
import argparse
import glob
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COURSE_GLOBS = ["notebooks/*.ipynb", "exercises/*.ipynb", "exercises/solutions/*.ipynb"]
UNSOLVED_MARK = "not implemented yet"


def rel(path):
    return os.path.relpath(os.path.abspath(path), ROOT)


def course_notebooks():
    out = []
    for pattern in COURSE_GLOBS:
        out.extend(sorted(glob.glob(os.path.join(ROOT, pattern))))
    return out


def peak_rss_mb(pid):
    """Peak resident set size of a process in MB (VmHWM), or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def kernel_pid(client):
    prov = getattr(client.km, "provisioner", None)
    proc = getattr(prov, "process", None) if prov is not None else getattr(client.km, "kernel", None)
    return getattr(proc, "pid", None)


def text_of_outputs(nb):
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "text" in out:
                parts.append(out["text"])
            for value in out.get("data", {}).values():
                if isinstance(value, str):
                    parts.append(value)
    return "\n".join(parts)


def execute(path, kernel, out_dir, cell_timeout):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=cell_timeout, startup_timeout=90,
                            resources={"metadata": {"path": os.path.dirname(path)}})
    result = {"notebook": rel(path), "status": "fail", "seconds": None, "peak_rss_mb": None}
    error = None
    log_path = os.path.join(out_dir, "kernel-logs", os.path.splitext(rel(path))[0].replace(os.sep, "_") + ".log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    log = open(log_path, "w")
    start = time.monotonic()
    for attempt in range(3):
        started = False
        try:
            client.reset_execution_trackers()
            with client.setup_kernel(stderr=log):
                started = True
                pid = kernel_pid(client)
                try:
                    for index, cell in enumerate(nb.cells):
                        client.execute_cell(cell, index)
                finally:
                    result["peak_rss_mb"] = peak_rss_mb(pid) if pid else None
            result["status"] = "pass"
            break
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
            error = str(e)
            break
        except RuntimeError as e:  # "Kernel didn't respond in N seconds": the only case worth a retry
            if started or "respond" not in str(e):
                error = str(e)
                break
            error = f"kernel did not answer at start (attempt {attempt + 1} of 3): {e}"
            print(f"  {rel(path)}: {error}; retrying", flush=True)
    result["seconds"] = round(time.monotonic() - start, 1)
    log.close()
    if result["status"] != "pass" and os.path.getsize(log_path):
        with open(log_path) as f:
            tail = f.read()[-3000:]
        error = f"{error}\n--- kernel stderr ({rel(log_path)}) ---\n{tail}"

    if result["status"] == "pass" and rel(path).startswith("exercises/") and "/solutions/" not in rel(path):
        if UNSOLVED_MARK not in text_of_outputs(nb):
            result["status"] = "fail"
            error = f'an unsolved exercise notebook must run to the end and report "{UNSOLVED_MARK}"'

    name = rel(path) if not rel(path).startswith("..") else os.path.basename(path)  # a notebook outside the repo
    target = os.path.join(out_dir, "notebooks", os.path.splitext(name)[0])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Sign the executed copy with this Jupyter's notary: its figures are scripts, which Notebook and Lab run only in
    # trusted outputs. We produced these outputs ourselves, so trusting them is right (as when you run a cell).
    try:
        from nbformat.sign import NotebookNotary
        NotebookNotary().sign(nb)
    except Exception as e:
        print(f"  (could not sign {rel(target)}.ipynb: {e}; open it and choose File > Trust Notebook)", flush=True)
    nbformat.write(nb, target + ".ipynb")
    try:
        from nbconvert import HTMLExporter
        html, _ = HTMLExporter().from_notebook_node(nb)
        with open(target + ".html", "w", encoding="utf-8") as f:
            f.write(html)
    except Exception as e:  # the HTML copy is a convenience; never hide the real result behind it
        print(f"  (could not write {target}.html: {e})", flush=True)
    return result, error


def write_report(results, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "notebook-report.json"), "w") as f:
        json.dump(results, f, indent=1)
    lines = ["| notebook | status | seconds | peak RSS (MB) |", "|---|---|---:|---:|"]
    for r in results:
        lines.append(f"| {r['notebook']} | {r['status']} | {r['seconds']} | {r['peak_rss_mb']} |")
    total = sum(r["seconds"] or 0 for r in results)
    lines.append(f"| **total** | {sum(r['status'] == 'pass' for r in results)}/{len(results)} pass | {round(total, 1)} | "
                 f"{max((r['peak_rss_mb'] or 0) for r in results) if results else 0} (max) |")
    table = "\n".join(lines)
    with open(os.path.join(out_dir, "notebook-report.md"), "w") as f:
        f.write("# Notebook report\n\nExecuted by `./kit test` / `./kit run` through the Distill4J kernel.\n\n"
                + table + "\n")
    return table


def cmd_run(args):
    os.environ["DISTILL4J_STRICT_CLAIMS"] = "1"  # inherited by every kernel started below: failed claims fail the run
    paths = [os.path.abspath(p) for p in args.notebooks] if args.notebooks else course_notebooks()
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        sys.exit("No such notebook: " + ", ".join(missing) + ". Notebooks are in notebooks/ and exercises/.")
    results = []
    failures = []
    for path in paths:
        print(f"[run] {rel(path)} ...", flush=True)
        result, error = execute(path, args.kernel, args.out, args.cell_timeout)
        results.append(result)
        print(f"[run] {rel(path)}: {result['status']} in {result['seconds']} s, peak RSS {result['peak_rss_mb']} MB",
              flush=True)
        if result["status"] != "pass":
            failures.append((rel(path), error))
    print()
    print(write_report(results, args.out))
    print(f"\nReport: {rel(os.path.join(args.out, 'notebook-report.md'))}; executed copies in "
          f"{rel(os.path.join(args.out, 'notebooks'))}/")
    for name, error in failures:
        print(f"\n===== FAILED: {name} =====\n{error}\n", file=sys.stderr)
    passed = len(results) - len(failures)
    print(f"notebooks: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


def cmd_check_clean(_args):
    import nbformat
    dirty = []
    for path in course_notebooks():
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
                dirty.append(rel(path))
                break
    if dirty:
        print("Notebooks must be committed without outputs; clear them with\n  "
              + "jupyter nbconvert --clear-output --inplace " + " ".join(dirty), file=sys.stderr)
        return 1
    print(f"[check] {len(course_notebooks())} notebooks committed without outputs")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("notebooks", nargs="*")
    r.add_argument("--all", action="store_true", help="every course notebook (the default without arguments)")
    r.add_argument("--kernel", default="distill4j")
    r.add_argument("--out", default=os.path.join(ROOT, "build"))
    r.add_argument("--cell-timeout", type=int, default=600)
    sub.add_parser("check-clean")
    args = p.parse_args()
    return cmd_run(args) if args.cmd == "run" else cmd_check_clean(args)


if __name__ == "__main__":
    sys.exit(main())
