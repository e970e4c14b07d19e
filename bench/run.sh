#!/usr/bin/env bash
# `./kit bench`: the kit's speed against the hardware bound and against PyTorch, the course's timings and the
# accuracy table across seeds. Called by ./kit after setup with JAVA, PY, KIT and ROOT exported.
# Writes build/bench.md and build/bench.json (parts: build/bench-*.json) and prints the Markdown table.
set -euo pipefail

: "${ROOT:?run this through ./kit bench}" "${JAVA:?}" "${PY:?}" "${KIT:?}"
OUT="$ROOT/build"
THREADS="${DISTILL4J_THREADS:-$(nproc 2>/dev/null || echo 2)}"
SEEDS="42,43,44"
TIMED_EPOCHS=3
FULL=auto
PYTORCH=1

say()  { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
# As ./kit's apt_install (same marker and log), returning non-zero instead of exiting: the bench goes on without it.
apt_install() {
  if [ ! -f "$KIT/.apt-updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && mkdir -p "$KIT" && touch "$KIT/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$KIT/apt.log" 2>&1
}
fail() { printf '\033[1;31m[bench] %s\033[0m\n' "$*" >&2; exit 1; }

usage() {
  cat <<USAGE
./kit bench [options]   measure the kit (about 10-15 min on 2 quiet cores; longer on a busy machine)
  --quick        one seed, one timed epoch, no full Fashion-MNIST: a 2-3 minute smoke run (numbers are rough)
  --no-full      skip the accuracy table on the full Fashion-MNIST even when it is present
  --no-pytorch   skip the PyTorch comparison
  --threads N    compute threads on both sides (default: DISTILL4J_THREADS or nproc = $THREADS)
Environment passed through to both sides: OMP_WAIT_POLICY (e.g. PASSIVE: far faster with 2 threads on a busy machine).
Results: build/bench.md (the table), build/bench.json (numbers for tools).
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SEEDS="42"; TIMED_EPOCHS=1; FULL=no ;;
    --no-full) FULL=no ;;
    --no-pytorch) PYTORCH=0 ;;
    --threads) THREADS="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; fail "unknown option '$1'" ;;
  esac
  shift
done

export OMP_NUM_THREADS="$THREADS" MKL_NUM_THREADS="$THREADS"
mkdir -p "$OUT"
rm -f "$OUT"/bench-kit.json "$OUT"/bench-pytorch.json "$OUT"/bench-kernel.json "$OUT"/bench.md "$OUT"/bench.json
START=$(date +%s)
LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"

# --- the benchmark's Java sources, compiled against the library's class path (no Maven run needed) -------------
JAVAC="$(dirname "$JAVA")/javac"
CLASSES="$OUT/bench/classes"
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
"$JAVAC" --release 17 -nowarn -d "$CLASSES" -cp "$(cat "$KIT/classpath.txt")" \
  "$ROOT"/bench/src/main/java/org/distill4j/bench/*.java || fail "compiling bench/src failed (see above)."

# --- course timings: kernel start and the first library cell (first, while nothing else of ours is running) ------
say "kernel: 3 fresh starts of the distill4j kernel, each with a first cell that uses the library"
"$PY" "$ROOT/bench/kernel_timing.py" --starts 3 --out "$OUT/bench-kernel.json" || say "kernel timing failed (see above)"

# --- the kit, through the library -------------------------------------------------------------------------------
say "kit: GEMM bound, training and inference throughput, step profile, accuracy over seeds ($SEEDS), memory, attributions ($THREADS threads)"
"$JAVA" -Xms256m -Xmx3g -XX:+UseSerialGC -Dai.djl.offline=true -Ddistill4j.home="$ROOT" \
  -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$CLASSES:$(cat "$KIT/classpath.txt")" org.distill4j.bench.Bench --out "$OUT/bench-kit.json" \
  --seeds "$SEEDS" --timed-epochs "$TIMED_EPOCHS" --full "$FULL" 2> >(grep --line-buffered -v '^SLF4J' >&2) \
  || fail "the kit's benchmark failed (see above); partial results are in build/bench-kit.json."

# --- PyTorch, same models, data, batches, optimizer and epochs --------------------------------------------------
PYTORCH_SKIPPED=""
torch_python() {
  local p
  for p in "$PY" /usr/bin/python3 "$(command -v python3 2>/dev/null || true)"; do
    if [ -n "$p" ] && [ -x "$p" ] && "$p" -c 'import torch, numpy' >/dev/null 2>&1; then TORCH_PY="$p"; return 0; fi
  done
  return 1
}
if [ "$PYTORCH" = 1 ]; then
  if ! torch_python && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing PyTorch from Debian's packages (python3-torch) for the comparison"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch python3-numpy \
      >"$KIT/apt-torch.log" 2>&1 || say "apt-get install python3-torch failed (see .kit/apt-torch.log)"
  fi
  # Debian's python3-torch multiplies matrices with whatever libblas.so.3 the system points at: without OpenBLAS that
  # is the reference BLAS, some 20x slower, and every kit-vs-PyTorch ratio would flatter the kit. Install OpenBLAS
  # where we can (root on Debian, as ./kit does for Jupyter); bench/report.py refuses ratios against a slow reference.
  if torch_python && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
      && ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
    say "installing OpenBLAS (libopenblas0-pthread) so that Debian's PyTorch does not use the reference BLAS"
    apt_install libopenblas0-pthread || say "could not install libopenblas0-pthread (see .kit/apt.log); PyTorch may be slow"
  fi
  if torch_python; then
    say "PyTorch: the same workloads with $("$TORCH_PY" -c 'import torch; print(torch.__version__)') ($THREADS threads)"
    "$TORCH_PY" "$ROOT/bench/pytorch_bench.py" --root "$ROOT" --out "$OUT/bench-pytorch.json" --threads "$THREADS" \
      --seeds "$SEEDS" --timed-epochs "$TIMED_EPOCHS" --recipe "$OUT/bench-kit.json" || { PYTORCH_SKIPPED="the PyTorch script failed"; say "$PYTORCH_SKIPPED"; }
  else
    PYTORCH_SKIPPED="no Python with torch and numpy (install: pip install torch numpy, or apt-get install python3-torch)"
    say "PyTorch comparison skipped: $PYTORCH_SKIPPED"
  fi
else
  PYTORCH_SKIPPED="--no-pytorch"
fi

# --- the machine, then the report -------------------------------------------------------------------------------
LOAD_AFTER="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
"$PY" - "$OUT/bench-machine.json" "$THREADS" "$LOAD_BEFORE" "$LOAD_AFTER" "$(( $(date +%s) - START ))" \
  "$PYTORCH_SKIPPED" <<'PYEOF'
import json, os, platform, sys, time
out, threads, before, after, total, skipped = sys.argv[1:7]
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
try:
    mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
except (ValueError, OSError):
    mem = "?"
cores = os.cpu_count()
def f(v):
    try:
        return float(v)
    except ValueError:
        return None
b, a = f(before), f(after)
busy = (b is not None and b > 0.5) or (a is not None and a > int(threads) + 1)
json.dump({"cpu": cpu, "cores": cores, "memory_gb": mem, "os": platform.platform(), "threads": int(threads),
           "load_before": b, "load_after": a, "busy": busy, "total_s": int(total),
           "date": time.strftime("%Y-%m-%d %H:%M %Z"), "pytorch_skipped": skipped or None,
           "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY")}, open(out, "w"), indent=1)
PYEOF
"$PY" "$ROOT/bench/report.py" --dir "$OUT"
say "wrote build/bench.md and build/bench.json in $(( $(date +%s) - START )) s"
