#!/usr/bin/env bash
# A shared, read-only install of the course for many learners on one server (called by `./kit install`):
#
#   PREFIX/lib/          the kernel's and library's jars and every dependency, and classpath.txt naming them in order
#   PREFIX/djl/          the PyTorch natives, already extracted (DJL_CACHE_DIR; DJL only reads it)
#   PREFIX/etc/          the kernel's start-up script (init.jshell) and logging configuration
#   PREFIX/course/       datasets/ (with the shipped CNN teacher), lib/src/main/java (Shift-Tab docs), notebooks/, exercises/
#   PREFIX/checkpoints/  the pre-trained teachers and the CNN teacher's logits, offered to every learner read-only
#   PREFIX/bin/distill4j-kernel   starts the kernel for whoever runs it, with that learner's own state folder
#   PREFIX/bin/distill4j-course   copies the notebooks and exercises into a learner's home, then runs its arguments
#   KERNELS/distill4j/kernel.json the system-wide kernelspec: it names PREFIX/bin/distill4j-kernel and nothing else
#
# A learner's writable state is chosen when their kernel starts: $DISTILL4J_STATE, else $HOME/.distill4j (mode 700).
# The kernel sees it as the kit's home (distill4j.home): checkpoints/, build/results/, logs/ are real folders there;
# datasets/ and lib/ are links into PREFIX/course, and each shared checkpoint is a link until the learner trains their
# own (a save replaces the link, never its target). Nothing in PREFIX is writable by learners.
#
# Usage: install.sh --root REPO --kit KIT --java JAVA --prefix PREFIX [--kernels DIR] [--threads N] [--heap SIZE]
set -euo pipefail

say()  { printf '\033[1m[install]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[install] %s\033[0m\n' "$*" >&2; exit 1; }

ROOT="" KIT="" JAVA="" PREFIX="" KERNELS="/usr/local/share/jupyter/kernels" THREADS=2 HEAP=768m
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$2"; shift 2 ;;
    --kit) KIT="$2"; shift 2 ;;
    --java) JAVA="$2"; shift 2 ;;
    --prefix) PREFIX="$2"; shift 2 ;;
    --kernels) KERNELS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    *) fail "unknown argument $1 (usage: ./kit install --prefix /opt/distill4j [--kernels DIR] [--threads N] [--heap SIZE])" ;;
  esac
done
[ -n "$PREFIX" ] || fail "say where: ./kit install --prefix /opt/distill4j"
case "$PREFIX" in /*) ;; *) fail "--prefix must be an absolute path (got $PREFIX)" ;; esac
PREFIX="${PREFIX%/}"
[ -f "$KIT/classpath.txt" ] || fail "the library is not built: run ./kit setup first"
[ -d "$KIT/djl" ] || fail "the PyTorch natives are not extracted (.kit/djl): run ./kit warm-up first"

# Nothing a learner starts may depend on one person's files: refuse a JDK under a home folder or under this checkout.
for bad in "$ROOT" /root /home; do
  case "$JAVA" in "$bad"/*) fail "the JDK ($JAVA) is under $bad, which learners cannot (or should not) read: install a system JDK (sudo apt-get install openjdk-17-jdk-headless) and run again" ;; esac
done
if [ -e "$PREFIX" ] && [ ! -f "$PREFIX/.distill4j-install" ] && [ -n "$(ls -A "$PREFIX" 2>/dev/null)" ]; then
  fail "$PREFIX exists, is not empty and is not a Distill4J install: choose another --prefix"
fi

# Build the new copy beside the old one, then swap, so that a half-written install is never in use.
NEW="$PREFIX.new.$$"
rm -rf "$NEW"
trap 'rm -rf "$NEW"' EXIT
mkdir -p "$NEW"/{lib,etc,bin,course/lib/src/main,checkpoints}

say "jars: the kernel, the library and their dependencies"
cp_entries=()
IFS=':' read -ra entries < "$KIT/classpath.txt"
for entry in "${entries[@]}"; do
  name="$(basename "$entry")"
  [ -e "$NEW/lib/$name" ] && fail "two jars on the class path share the name $name: cannot flatten it into $PREFIX/lib"
  cp -L "$entry" "$NEW/lib/$name"
  cp_entries+=("$PREFIX/lib/$name")
done
(IFS=':'; echo "${cp_entries[*]}") > "$NEW/lib/classpath.txt"

say "the PyTorch natives (extracted: $(du -sh "$KIT/djl" | cut -f1))"
cp -RL "$KIT/djl" "$NEW/djl"
cp "$ROOT/tools/kernel/init.jshell" "$ROOT/tools/kernel/logging.properties" "$NEW/etc/"

say "the course: datasets, library sources (for Shift-Tab), notebooks, exercises"
cp -RL "$ROOT/datasets" "$NEW/course/datasets"
cp -RL "$ROOT/lib/src/main/java" "$NEW/course/lib/src/main/java"
cp -RL "$ROOT/notebooks" "$NEW/course/notebooks"
cp -RL "$ROOT/exercises" "$NEW/course/exercises"
find "$NEW/course" -name .ipynb_checkpoints -prune -exec rm -rf {} +

if compgen -G "$ROOT/checkpoints/*.params" >/dev/null; then
  say "pre-trained checkpoints: $(ls "$ROOT"/checkpoints/*.params | wc -l) networks$([ -d "$ROOT/checkpoints/logits" ] && echo ' and the CNN teacher'"'"'s logits')"
  cp -L "$ROOT"/checkpoints/*.params "$NEW/checkpoints/"
  [ -d "$ROOT/checkpoints/logits" ] && cp -RL "$ROOT/checkpoints/logits" "$NEW/checkpoints/logits"
fi
rm -f "$NEW"/checkpoints/*.tmp "$NEW"/checkpoints/logits/*.tmp 2>/dev/null || true

cat > "$NEW/bin/distill4j-kernel" <<EOF
#!/bin/sh
# The Distill4J kernel for the learner who starts it (written by ./kit install; see tools/install.sh).
# Shared, read-only: $PREFIX. Writable, this learner's own: \$DISTILL4J_STATE, else \$HOME/.distill4j.
set -eu
PREFIX='$PREFIX'
STATE="\${DISTILL4J_STATE:-\${HOME:?HOME is not set}/.distill4j}"
THREADS="\${DISTILL4J_THREADS:-$THREADS}"
umask 077
mkdir -p "\$STATE/checkpoints/logits" "\$STATE/build/results" "\$STATE/logs"
chmod 700 "\$STATE"
# The library finds datasets and its sources under its home (distill4j.home): links into the shared copy.
for d in datasets lib; do
  if [ -L "\$STATE/\$d" ] || [ ! -e "\$STATE/\$d" ]; then ln -sfn "\$PREFIX/course/\$d" "\$STATE/\$d"; fi
done
# Each shared checkpoint is offered as a link; training saves a file of the learner's own in its place.
for f in "\$PREFIX"/checkpoints/*.params "\$PREFIX"/checkpoints/logits/*; do
  [ -f "\$f" ] || continue
  rel="\${f#\$PREFIX/checkpoints/}"
  [ -e "\$STATE/checkpoints/\$rel" ] || ln -sfn "\$f" "\$STATE/checkpoints/\$rel"
done
export DJL_CACHE_DIR="\$PREFIX/djl" DISTILL4J_HOME="\$STATE" OMP_NUM_THREADS="\$THREADS" MKL_NUM_THREADS="\$THREADS"
export OMP_WAIT_POLICY=PASSIVE MALLOC_ARENA_MAX=2
exec '$JAVA' -Xms64m -Xmx\${DISTILL4J_HEAP:-$HEAP} -XX:+UseSerialGC -XX:MaxMetaspaceSize=256m \\
  -Djava.security.manager=allow -Dai.djl.offline=true \\
  -Djava.util.logging.config.file="\$PREFIX/etc/logging.properties" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \\
  -Ddistill4j.home="\$STATE" -Ddistill4j.checkpoints="\$STATE/checkpoints" \\
  -Ddistill4j.kernel.init="\$PREFIX/etc/init.jshell" \\
  -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads="\$THREADS" \\
  -Dfile.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 \\
  -cp "\$(cat "\$PREFIX/lib/classpath.txt")" org.distill4j.kernel.KernelMain "\$@" >>"\$STATE/logs/kernel.log" 2>&1
EOF

cat > "$NEW/bin/distill4j-course" <<EOF
#!/bin/sh
# Copies the course's notebooks and exercises into \$HOME/distill4j (never overwriting a learner's file), then runs
# its arguments: JupyterHub's Spawner.cmd = ['$PREFIX/bin/distill4j-course', 'jupyterhub-singleuser'].
set -eu
DEST="\${DISTILL4J_COURSE_DIR:-\$HOME/distill4j}"
mkdir -p "\$DEST"
for d in notebooks exercises; do
  cp -Rn '$PREFIX/course/'"\$d" "\$DEST/" 2>/dev/null || cp -R '$PREFIX/course/'"\$d" "\$DEST/" 2>/dev/null || true
done
chmod -R u+w "\$DEST"
[ \$# -gt 0 ] && exec "\$@"
echo "the course is in \$DEST"
EOF
chmod 755 "$NEW/bin/distill4j-kernel" "$NEW/bin/distill4j-course"
date -u +%FT%TZ > "$NEW/.distill4j-install"

# Read-only for everybody but the owner (root, for a system install).
[ "$(id -u)" = 0 ] && chown -R 0:0 "$NEW"
chmod -R u+rwX,go+rX,go-w "$NEW"

if [ -e "$PREFIX" ]; then mv "$PREFIX" "$PREFIX.old.$$"; fi
mkdir -p "$(dirname "$PREFIX")"
mv "$NEW" "$PREFIX"
trap - EXIT
rm -rf "$PREFIX.old.$$"

say "kernelspec: $KERNELS/distill4j"
mkdir -p "$KERNELS/distill4j"
python3 - "$KERNELS/distill4j/kernel.json" "$PREFIX" <<'PY'
import json, sys
out, prefix = sys.argv[1], sys.argv[2]
spec = {
    "argv": [prefix + "/bin/distill4j-kernel", "{connection_file}"],
    "display_name": "Java (Distill4J)",
    "language": "java",
    "interrupt_mode": "message",
    "metadata": {"distill4j": True, "shared_install": prefix},
}
with open(out, "w") as f:
    json.dump(spec, f, indent=1)
PY
chmod -R go+rX,go-w "$KERNELS/distill4j"
say "done: $(du -sh "$PREFIX" | cut -f1) in $PREFIX; each learner's own files go to \$DISTILL4J_STATE or ~/.distill4j"
