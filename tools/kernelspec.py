#!/usr/bin/env python3
"""Writes the kernelspec of the "distill4j" Java kernel (called by `kit`; also by binder/postBuild).

The kernel is Distill4J's own (kernel/: JShell evaluates the cells, jjava-jupyter speaks Jupyter's protocol), started
with the library and its dependencies on the JVM's class path (which is also JShell's), and a start-up file of imports.
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
    p.add_argument("--classpath", required=True, help="file with the kernel's and library's ':'-separated class path")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--heap", default="768m")
    a = p.parse_args()

    with open(a.classpath) as f:
        classpath = f.read().strip()
    log = os.path.join(a.kit, "logs", "kernel.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    spec = {
        "argv": [
            # The kernel's own messages (warnings, a rejected start-up import) go to a log file, so that the terminal
            # running Jupyter stays readable. exec: the JVM replaces the shell (same pid, signals reach it).
            "/bin/sh", "-c", 'exec "$0" "$@" >>"%s" 2>&1' % log,
            a.java,
            # Sized for a 2 GB container (Binder): the JVM heap holds datasets as bytes and tables; tensors live in
            # PyTorch's native memory, outside the heap. Serial GC: no GC threads competing for 1-2 CPUs.
            "-Xms64m", "-Xmx" + a.heap, "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=256m",
            "-Djava.security.manager=allow",          # lets the kernel refuse a cell's System.exit (JDK 18-23)
            "-Dai.djl.offline=true",                   # natives come from the Maven jar, never a download
            "-Djava.util.logging.config.file=" + os.path.join(a.kit, "logging.properties"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Ddistill4j.home=" + a.root,
            "-Ddistill4j.kernel.init=" + os.path.join(a.kit, "init.jshell"),
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dai.djl.pytorch.num_threads=%d" % a.threads,
            "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
            "-cp", classpath,
            "org.distill4j.kernel.KernelMain",
            "{connection_file}",
        ],
        "display_name": "Java (Distill4J)",
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "DJL_CACHE_DIR": os.path.join(a.kit, "djl"),
            "DISTILL4J_HOME": a.root,
            "OMP_NUM_THREADS": str(a.threads),
            # Idle OpenMP threads sleep instead of spinning: on a busy or quota-limited machine (Binder, a laptop
            # with a browser open) spinning threads starved the working ones and training ran up to 10x slower.
            "OMP_WAIT_POLICY": "PASSIVE",
            "MKL_NUM_THREADS": str(a.threads),
            # The kernel runs each cell on a thread of its own; glibc gives new threads new malloc arenas (up to 8 per
            # core), and PyTorch's freed memory stayed in them: notebook 05 grew to 1.5 GB, with 2.8 GB peaks. Two
            # arenas keep freed memory where the next cell reuses it.
            "MALLOC_ARENA_MAX": "2",
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
