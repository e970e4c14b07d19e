#!/usr/bin/env python3
"""Writes the kernelspec of the "distill4j" Java kernel (called by `kit`; also by binder/postBuild).

The kernel is rapaio-jupyter-kernel run with Distill4J's start-up fix ahead of its jar on the class path,
the library and its dependencies on the JShell class path (RJK_CLASSPATH), and an init script of imports.
"""
import argparse
import json
import os


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--java", required=True)
    p.add_argument("--root", required=True, help="the repository root (distill4j.home)")
    p.add_argument("--kit", required=True, help="the kit's state folder (.kit)")
    p.add_argument("--classpath", required=True, help="file with the library's ':'-separated class path")
    p.add_argument("--kernel-cp", required=True, help="class path of the kernel itself (fix folder first)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--heap", default="768m")
    a = p.parse_args()

    with open(a.classpath) as f:
        entries = [e for e in f.read().strip().split(":") if e]
    log = os.path.join(a.kit, "logs", "kernel-stdout.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    spec = {
        "argv": [
            # The kernel prints two lines per class-path jar to stdout at start; send those to a log file so the
            # terminal running Jupyter stays readable. exec: the JVM replaces the shell (same pid, signals reach it).
            "/bin/sh", "-c", 'exec "$0" "$@" >>"%s"' % log,
            a.java,
            # Sized for a 2 GB container (Binder): the JVM heap holds datasets as bytes and tables; tensors live in
            # PyTorch's native memory, outside the heap. Serial GC: no GC threads competing for 1-2 CPUs.
            "-Xms64m", "-Xmx" + a.heap, "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=256m",
            "-Dai.djl.offline=true",                   # natives come from the Maven jar, never a download
            # Warnings only, from the very first log line (the kernel logs its connection file, HMAC key included, at INFO).
            "-Djava.util.logging.config.file=" + os.path.join(a.kernel_cp.split(":")[0], "logging.properties"),
            "-Ddistill4j.home=" + a.root,
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dai.djl.pytorch.num_threads=%d" % a.threads,
            "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
            "-cp", a.kernel_cp,
            "org.rapaio.jupyter.kernel.MainApp",
            "{connection_file}",
        ],
        "display_name": "Java (Distill4J)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "RJK_CLASSPATH": ";".join(entries),
            "RJK_INIT_SCRIPT": os.path.join(a.kit, "init.jshell"),
            "RJK_TIMEOUT_MILLIS": "-1",
            "RJK_COMPILER_OPTIONS": "",
            "RJK_MIMA_CACHE": os.path.join(a.kit, "mima"),
            "DJL_CACHE_DIR": os.path.join(a.kit, "djl"),
            "DISTILL4J_HOME": a.root,
            "OMP_NUM_THREADS": str(a.threads),
            # Idle OpenMP threads sleep instead of spinning: on a busy or quota-limited machine (Binder, a laptop
            # with a browser open) spinning threads starved the working ones and training ran up to 10x slower.
            "OMP_WAIT_POLICY": "PASSIVE",
            "MKL_NUM_THREADS": str(a.threads),
        },
        "metadata": {"distill4j": True},
    }
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(spec, f, indent=1)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
