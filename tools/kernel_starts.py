#!/usr/bin/env python3
"""Starts the Distill4J kernel N times and counts the starts that never answer (`./kit kernel-starts`).

A start "hangs" when the kernel's shell channel does not answer kernel_info within --timeout seconds.
--unfixed runs the same kernel without Distill4J's LoopThread fix, to show the defect it removes.
Prints one line per 10 starts and a summary; writes build/kernel-starts.json.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile
import time


def unfixed_spec(kernel):
    """A copy of the kernelspec whose class path lacks the fix folder, in a temporary JUPYTER_PATH entry."""
    from jupyter_client.kernelspec import KernelSpecManager
    spec = KernelSpecManager().get_kernel_spec(kernel)
    argv = list(spec.argv)
    cp = argv.index("-cp") + 1
    argv[cp] = ":".join(e for e in argv[cp].split(":") if not e.rstrip("/").endswith("fix"))
    tmp = tempfile.mkdtemp(prefix="distill4j-unfixed-")
    os.makedirs(os.path.join(tmp, "kernels", kernel + "-unfixed"))
    with open(os.path.join(tmp, "kernels", kernel + "-unfixed", "kernel.json"), "w") as f:
        json.dump({"argv": argv, "display_name": spec.display_name + " (unfixed)", "language": "java",
                   "interrupt_mode": "message", "env": spec.env}, f)
    os.environ["JUPYTER_PATH"] = tmp + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    return kernel + "-unfixed", tmp


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("n", nargs="?", type=int, default=100)
    p.add_argument("--kernel", default="distill4j")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--unfixed", action="store_true")
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build"))
    a = p.parse_args()

    from jupyter_client.manager import KernelManager

    name, tmp = (unfixed_spec(a.kernel) if a.unfixed else (a.kernel, None))
    hangs, times = 0, []
    try:
        for i in range(1, a.n + 1):
            km = KernelManager(kernel_name=name)
            t0 = time.monotonic()
            km.start_kernel()
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=a.timeout)
                times.append(time.monotonic() - t0)
            except RuntimeError:
                hangs += 1
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            if i % 10 == 0:
                print(f"{i:4d} starts, {hangs} hung", flush=True)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    times.sort()
    summary = {"kernel": name, "starts": a.n, "hangs": hangs, "timeout_s": a.timeout,
               "ready_median_s": round(times[len(times) // 2], 2) if times else None,
               "ready_max_s": round(times[-1], 2) if times else None}
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "kernel-starts%s.json" % ("-unfixed" if a.unfixed else "")), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"{name}: {hangs} of {a.n} starts never answered (timeout {a.timeout:g} s); "
          f"ready in {summary['ready_median_s']} s median, {summary['ready_max_s']} s max")
    return 1 if hangs else 0


if __name__ == "__main__":
    sys.exit(main())
