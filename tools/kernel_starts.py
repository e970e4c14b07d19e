#!/usr/bin/env python3
"""Starts the Distill4J kernel N times and counts the starts that never answer (`./kit kernel-starts`).

A start "hangs" when the kernel's shell channel does not answer kernel_info within --timeout seconds. Each kernel is
then shut down the way Jupyter's Restart does it (a shutdown request, then waiting for the process), and the time
until the process is gone is recorded too.
Prints one line per 10 starts and a summary; writes build/kernel-starts.json.
"""
import argparse
import json
import os
import sys
import time


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("n", nargs="?", type=int, default=100)
    p.add_argument("--kernel", default="distill4j")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--out", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build"))
    a = p.parse_args()

    from jupyter_client.manager import KernelManager

    name = a.kernel
    hangs, times, stops = 0, [], []
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
            t1 = time.monotonic()
            km.shutdown_kernel(now=False)
            stops.append(time.monotonic() - t1)
        if i % 10 == 0:
            print(f"{i:4d} starts, {hangs} hung", flush=True)
    times.sort()
    stops.sort()
    summary = {"kernel": name, "starts": a.n, "hangs": hangs, "timeout_s": a.timeout,
               "ready_median_s": round(times[len(times) // 2], 2) if times else None,
               "ready_max_s": round(times[-1], 2) if times else None,
               "shutdown_median_s": round(stops[len(stops) // 2], 2) if stops else None,
               "shutdown_max_s": round(stops[-1], 2) if stops else None}
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "kernel-starts.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"{name}: {hangs} of {a.n} starts never answered (timeout {a.timeout:g} s); "
          f"ready in {summary['ready_median_s']} s median, {summary['ready_max_s']} s max; "
          f"shut down in {summary['shutdown_median_s']} s median, {summary['shutdown_max_s']} s max")
    return 1 if hangs else 0


if __name__ == "__main__":
    sys.exit(main())
