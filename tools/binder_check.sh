#!/usr/bin/env bash
# Local proof of the Binder configuration (Docker cannot run here, so we rebuild what repo2docker would do):
#  1. a fresh unprivileged user with an empty HOME gets a copy of the working tree;
#  2. only the packages in binder/apt.txt are added to the machine (plus Jupyter, which repo2docker brings);
#  3. binder/postBuild runs as that user (network allowed, as during an image build);
#  4. notebooks 00 and 01 run with the kernel postBuild installed, in a network namespace with no network,
#     inside a memory cgroup capped at 2 GB (when this machine lets us create one);
#  5. the peak RSS of each notebook's kernel process must stay under 1.5 GB.
# Called by `./kit binder-check` and by `./kit test`. Needs root; prints why and exits 0 when it cannot run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USER_NAME="distill4j-binder"
HOME_DIR="/tmp/distill4j-binder-home"
CGROUP="/sys/fs/cgroup/memory/distill4j-binder"
LIMIT_BYTES=$((2 * 1024 * 1024 * 1024))
BUDGET_MB=1536
read -r -a NOTEBOOKS <<<"${BINDER_CHECK_NOTEBOOKS:-notebooks/00-setup.ipynb notebooks/01-teacher.ipynb}"

say() { printf '\033[1m[binder-check]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[binder-check] %s\033[0m\n' "$*" >&2; exit 1; }

prepare_user() {
  if [ "$(id -u)" != "0" ] || ! command -v useradd >/dev/null || ! command -v unshare >/dev/null; then
    say "skipped: needs root, useradd and unshare (it creates a user and a network namespace). Run it as root: sudo ./kit binder-check"
    exit 0
  fi
  id "$USER_NAME" >/dev/null 2>&1 || useradd --home-dir "$HOME_DIR" --no-create-home --shell /bin/bash "$USER_NAME"
  rm -rf "$HOME_DIR" && mkdir -p "$HOME_DIR/course"
  # The working tree as git sees it (tracked and untracked-but-not-ignored files): no .kit/, no build/, no checkpoints/.
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - 2>/dev/null) \
    | tar -xf - -C "$HOME_DIR/course"
  chown -R "$USER_NAME" "$HOME_DIR"
}

install_apt_txt() {
  local missing=()
  while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="${pkg// /}"
    [ -n "$pkg" ] && ! dpkg -s "$pkg" >/dev/null 2>&1 && missing+=("$pkg")
  done < "$ROOT/binder/apt.txt"
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing from binder/apt.txt: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  fi
}

as_user() {  # as_user CMD...: run as the fresh user with a minimal environment
  runuser -u "$USER_NAME" -- env -i HOME="$HOME_DIR" USER="$USER_NAME" LANG=C.UTF-8 \
    PATH="/usr/local/bin:/usr/bin:/bin" "$@"
}

run_post_build() {
  say "running binder/postBuild as $USER_NAME in a fresh HOME (downloads Maven dependencies, like an image build)"
  local t0=$SECONDS
  as_user bash -c "cd '$HOME_DIR/course' && bash binder/postBuild" > "$HOME_DIR/postBuild.log" 2>&1 \
    || { tail -40 "$HOME_DIR/postBuild.log"; fail "binder/postBuild failed (log above)"; }
  say "postBuild done in $((SECONDS - t0)) s"
}

run_notebooks_offline() {
  local cap="no memory cgroup (this machine does not allow one): JVM limits only"
  if mkdir -p "$CGROUP" 2>/dev/null && echo "$LIMIT_BYTES" > "$CGROUP/memory.limit_in_bytes" 2>/dev/null; then
    echo 0 > "$CGROUP/memory.max_usage_in_bytes" 2>/dev/null || true
    cap="memory cgroup capped at 2 GB"
  else
    CGROUP=""
  fi
  say "executing ${NOTEBOOKS[*]} with no network and $cap"
  # New network namespace: only a loopback device (the kernel talks to Jupyter over 127.0.0.1), no route out.
  unshare -n bash -c "
    ip link set lo up
    [ -n '$CGROUP' ] && echo \$\$ > '$CGROUP/cgroup.procs'
    exec runuser -u '$USER_NAME' -- env -i HOME='$HOME_DIR' LANG=C.UTF-8 PATH=/usr/bin:/bin \
      python3 '$HOME_DIR/course/tools/notebooks.py' run --out '$HOME_DIR/build' \
      $(printf "'$HOME_DIR/course/%s' " "${NOTEBOOKS[@]}")
  " || { rc=$?; report || true; fail "notebooks failed under Binder conditions (exit $rc)"; }
  report
}

report() {
  local json="$HOME_DIR/build/notebook-report.json"
  [ -f "$json" ] || return 1
  python3 - "$json" "$BUDGET_MB" "${CGROUP:-}" <<'EOF'
import json, sys
rows = json.load(open(sys.argv[1]))
budget = float(sys.argv[2])
cg = sys.argv[3]
over = [r for r in rows if (r["peak_rss_mb"] or 0) > budget]
for r in rows:
    print(f"[binder-check] {r['notebook']}: {r['status']}, {r['seconds']} s, kernel peak RSS {r['peak_rss_mb']} MB")
if cg:
    try:
        peak = int(open(cg + "/memory.max_usage_in_bytes").read()) / 2**20
        print(f"[binder-check] peak memory of everything in the 2 GB cgroup (Jupyter client + kernel): {peak:.0f} MB")
    except OSError:
        pass
if over:
    sys.exit(f"[binder-check] over the {budget:.0f} MB budget: " + ", ".join(r["notebook"] for r in over))
print(f"binder-check: {sum(r['status'] == 'pass' for r in rows)} passed, {sum(r['status'] != 'pass' for r in rows)} failed")
EOF
}

cleanup() {
  [ -n "${CGROUP:-}" ] && [ -d "$CGROUP" ] && rmdir "$CGROUP" 2>/dev/null || true
}
trap cleanup EXIT

prepare_user
install_apt_txt
run_post_build
run_notebooks_offline
