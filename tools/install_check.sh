#!/usr/bin/env bash
# The shared install, tested (called by `./kit install-check`): tools/install.sh into a scratch prefix, then two fresh
# learner accounts each start the installed kernel (found through its kernelspec, as Jupyter finds it) and, in a cell:
#  - try to write into the shared prefix (must be refused);
#  - save a checkpoint-folder file and a results file through the library (must land in their own state folder);
#  - try to read the other learner's state folder (must be refused).
# Also: no path of the checkout or of a home folder in the kernelspec, the launcher or the class path.
# Needs root (it creates users); prints why and exits 0 when it cannot run.
set -euo pipefail

ROOT="${ROOT:?}" KIT="${KIT:?}" JAVA="${JAVA:?}"
WORK="/tmp/distill4j-install-check"
PREFIX="$WORK/opt/distill4j"
USERS=(d4j-check-a d4j-check-b)

say()  { printf '\033[1m[install-check]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[install-check] %s\033[0m\n' "$*" >&2; exit 1; }

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null || ! command -v runuser >/dev/null; then
  say "skipped: needs root, useradd and runuser (it creates two learner accounts). Run it as root: sudo ./kit install-check"
  exit 0
fi
/usr/bin/python3 -c 'import jupyter_client' 2>/dev/null || fail "needs Debian's python3-jupyter-client (./kit setup installs it as root)"

cleanup() {
  set +e
  local u
  for u in "${USERS[@]}"; do
    ps -o pid= -u "$u" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
    userdel "$u" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

rm -rf "$WORK" && mkdir -p "$WORK/home" "$WORK/share/jupyter/kernels" && chmod 755 "$WORK" "$WORK/home"
bash "$ROOT/tools/install.sh" --root "$ROOT" --kit "$KIT" --java "$JAVA" --prefix "$PREFIX" \
  --kernels "$WORK/share/jupyter/kernels" --threads 1 | sed 's/^/  /'
fingerprint() { find "$PREFIX" -printf '%p %s %T@ %m %u\n' | sort | sha256sum; }
BEFORE="$(fingerprint)"
for u in "${USERS[@]}"; do
  id "$u" >/dev/null 2>&1 && userdel "$u" 2>/dev/null
  useradd --home-dir "$WORK/home/$u" --create-home --shell /bin/bash "$u"
  chmod 700 "$WORK/home/$u"
done

passed=0 failed=0
check() {  # check NAME CONDITION...
  local name="$1"; shift
  if "$@"; then say "✓ $name"; passed=$((passed + 1)); else say "✗ $name"; failed=$((failed + 1)); fi
}
no_private_paths() {
  ! grep -lE "($ROOT|/root/|/home/)" "$WORK/share/jupyter/kernels/distill4j/kernel.json" "$PREFIX/bin/distill4j-kernel" \
      "$PREFIX/lib/classpath.txt"
}
check "no path into the checkout or a home folder in the kernelspec, launcher or class path" no_private_paths

# One learner's kernel, as Jupyter starts it (kernelspec found on JUPYTER_PATH), runs CODE; prints its stdout.
run_as() {
  local u="$1" code="$2"
  runuser -u "$u" -- env -i HOME="$WORK/home/$u" USER="$u" LANG=C.UTF-8 PATH=/usr/bin:/bin \
    JUPYTER_PATH="$WORK/share/jupyter" JUPYTER_RUNTIME_DIR="$WORK/home/$u/.runtime" \
    /usr/bin/python3 - "$code" <<'PY'
import sys, jupyter_client
km, kc = jupyter_client.manager.start_new_kernel(kernel_name="distill4j", startup_timeout=120)
out = []
def hook(m):
    if m["msg_type"] == "stream": out.append(m["content"]["text"])
    if m["msg_type"] == "error": out.append("ERROR " + m["content"]["ename"] + ": " + m["content"]["evalue"])
try:
    kc.execute_interactive(sys.argv[1], timeout=120, output_hook=hook)
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
print("".join(out), flush=True)
import os; os._exit(0)   # no teardown noise from the client's destructors
PY
}

other_of() { [ "$1" = "${USERS[0]}" ] && echo "${USERS[1]}" || echo "${USERS[0]}"; }
for u in "${USERS[@]}"; do
  other="$(other_of "$u")"
  code='
String shared = System.getenv("DJL_CACHE_DIR").replace("/djl", "");
try { Files.writeString(Path.of(shared, "course", "datasets", "mine.txt"), "x"); System.out.println("PREFIX-WRITABLE"); }
catch (Exception e) { System.out.println("PREFIX-REFUSED"); }
try { Files.writeString(Path.of(shared, "lib", "mine.txt"), "x"); System.out.println("PREFIX-WRITABLE"); }
catch (Exception e) { System.out.println("PREFIX-REFUSED"); }
Path ck = Checkpoints.directory().resolve("probe.txt");
Files.writeString(ck, "mine");
System.out.println("CHECKPOINT " + ck.toRealPath());
System.out.println("RESULTS " + Course.saveResults("probe", Map.of("ok", 1)).toRealPath());
System.out.println("DATASETS " + Datasets.fashionMnist().train().size());
try (var s = Files.list(Path.of("'"$WORK/home/$other/.distill4j"'"))) { System.out.println("OTHER-READABLE " + s.count()); }
catch (Exception e) { System.out.println("OTHER-REFUSED"); }
'
  out="$(run_as "$u" "$code" 2>&1 || true)"
  echo "$out" | sed "s/^/  [$u] /"
  check "$u: the shared prefix is read-only to the learner" bash -c '[[ "$1" == *PREFIX-REFUSED*PREFIX-REFUSED* && "$1" != *PREFIX-WRITABLE* ]]' _ "$out"
  check "$u: checkpoints land in the learner's state folder" grep -q "^CHECKPOINT $WORK/home/$u/.distill4j/checkpoints/probe.txt$" <<<"$out"
  check "$u: results land in the learner's state folder" grep -q "^RESULTS $WORK/home/$u/.distill4j/build/results/probe.json$" <<<"$out"
  check "$u: the shared datasets load" grep -q '^DATASETS [1-9]' <<<"$out"
done
# Both have run: now each state folder exists, and neither learner may look into the other's.
for u in "${USERS[@]}"; do
  other="$(other_of "$u")"
  check "$u cannot list $other's state folder" bash -c '! runuser -u "$1" -- ls "$2" >/dev/null 2>&1' _ "$u" "$WORK/home/$other/.distill4j"
  check "$u's state folder is private (700)" test "$(stat -c %a "$WORK/home/$u/.distill4j")" = 700
done
check "nothing under the shared prefix changed" test "$(fingerprint)" = "$BEFORE"
echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
