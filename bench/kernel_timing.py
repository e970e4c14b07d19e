#!/usr/bin/env python3
"""Kernel timings for `./kit bench`: how long a learner waits for the Distill4J kernel, then for the first cell that
uses the library.

Each start: the kernel process is launched through jupyter_client (as Jupyter does) and timed until it answers
kernel_info ("kernel ready"); then one cell that loads the shipped Fashion-MNIST and runs an NDArray operation (so DJL's
PyTorch engine starts) is executed and timed from the request to its reply ("first library cell"). Medians over
--starts fresh kernels. Writes a JSON file (--out).
"""
import argparse
import json
import os
import statistics
import sys
import time

FIRST_CELL = """var data = Datasets.fashionMnist();
try (NDManager m = NDManager.newBaseManager()) {
    System.out.println(data.train().size() + " images, mean pixel " + data.train().images(m).mean().getFloat());
}"""


def one_start(kernel, timeout, log):
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name=kernel)
    t0 = time.monotonic()
    km.start_kernel(stderr=log)  # the kernel's own log lines go to a file, not into the benchmark's output
    kc = km.client()
    kc.start_channels()
    try:
        try:
            kc.wait_for_ready(timeout=timeout)
        except RuntimeError:
            return {"ready_s": None, "first_lib_cell_s": None, "error": f"no answer within {timeout:g} s"}
        ready = time.monotonic() - t0
        t1 = time.monotonic()
        reply = kc.execute_interactive(FIRST_CELL, timeout=timeout, output_hook=lambda msg: None)
        cell = time.monotonic() - t1
        status = reply["content"]["status"]
        return {"ready_s": ready, "first_lib_cell_s": cell if status == "ok" else None,
                "error": None if status == "ok" else reply["content"].get("evalue", status)}
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kernel", default="distill4j")
    p.add_argument("--starts", type=int, default=3)
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    runs = []
    log = open(os.path.splitext(a.out)[0] + "-stderr.log", "w")
    for i in range(a.starts):
        r = one_start(a.kernel, a.timeout, log)
        runs.append(r)
        print(f"[bench/kernel] start {i + 1}: ready {r['ready_s'] and round(r['ready_s'], 2)} s, first library cell "
              f"{r['first_lib_cell_s'] and round(r['first_lib_cell_s'], 2)} s" + (f" ({r['error']})" if r["error"] else ""),
              file=sys.stderr, flush=True)
    ok = [r for r in runs if r["ready_s"] is not None]
    cells = [r["first_lib_cell_s"] for r in runs if r["first_lib_cell_s"] is not None]
    out = {"kernel": a.kernel, "starts": a.starts, "runs": runs, "first_cell": FIRST_CELL,
           "kernel_ready_s": statistics.median(r["ready_s"] for r in ok) if ok else None,
           "first_lib_cell_s": statistics.median(cells) if cells else None}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
