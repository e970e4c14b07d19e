#!/usr/bin/env bash
# A classroom on one server, for real (called by `./kit classroom-check`; `./kit test` runs it when root):
#  1. installs what it needs: Debian's jupyterhub, configurable-http-proxy from npm (into .kit/hub/, version pinned);
#  2. makes a shared install of the course (tools/install.sh) in a scratch prefix, with its kernelspec;
#  3. creates CLASSROOM_LEARNERS local system users (default 8:
#     on 2 shared cores all 8 ran 00 and 02 in 158 s) and starts JupyterHub on loopback only, with local
#     processes spawned as those users and an API token of its own (no passwords; nobody can log in);
#  4. tools/classroom_check.py starts every learner's server through the Hub's REST API and runs the notebooks
#     (default 00 and 02) for all of them at once, each through the learner's own server and kernel;
#  5. checks that the learners' files stayed theirs (state folders 700, nothing written under the prefix);
#  6. stops the Hub, the servers and kernels, and deletes the users and the scratch folder.
# Needs root; prints why and exits 0 when it cannot run.
set -euo pipefail

ROOT="${ROOT:?}" KIT="${KIT:?}" JAVA="${JAVA:?}"
LEARNERS="${CLASSROOM_LEARNERS:-8}"
read -r -a NOTEBOOKS <<<"${CLASSROOM_NOTEBOOKS:-notebooks/00-setup.ipynb notebooks/02-soft-labels.ipynb}"
read -r -a SOLO <<<"${CLASSROOM_SOLO:-notebooks/05-distilling.ipynb}"   # then run by one learner while the rest idle
CHP_VERSION="4.6.3"
PORT="${CLASSROOM_PORT:-18300}"
WORK="/tmp/distill4j-classroom"
PREFIX="$WORK/opt/distill4j"
USERS=()
HUB_PID=""

say()  { printf '\033[1m[classroom]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[classroom] %s\033[0m\n' "$*" >&2; exit 1; }

if [ "$(id -u)" != 0 ] || ! command -v useradd >/dev/null; then
  say "skipped: the classroom check needs root (it installs JupyterHub and creates learner accounts). Run it as root: sudo ./kit classroom-check"
  exit 0
fi

cleanup() {
  set +e
  if [ -n "$HUB_PID" ] && kill -0 "$HUB_PID" 2>/dev/null; then
    kill -TERM "$HUB_PID"; for _ in $(seq 30); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$HUB_PID" 2>/dev/null
  fi
  local u
  for u in "${USERS[@]}"; do
    ps -o pid= -u "$u" 2>/dev/null | xargs -r kill -KILL 2>/dev/null   # what of this learner's outlived the Hub
    userdel "$u" 2>/dev/null
  done
  # the proxy (started by the Hub in a process group of its own) if the Hub could not stop it
  [ -f "$WORK/proxy.pid" ] && kill "$(cat "$WORK/proxy.pid")" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

need_hub() {
  if ! command -v jupyterhub >/dev/null || ! /usr/bin/python3 -c 'import jupyterhub' 2>/dev/null; then
    say "installing Debian's jupyterhub"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jupyterhub >"$KIT/apt-hub.log" 2>&1 \
      || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends jupyterhub >"$KIT/apt-hub.log" 2>&1; } \
      || fail "apt-get install jupyterhub failed (see .kit/apt-hub.log)"
  fi
  # Debian's own configurable-http-proxy needs Debian's Node.js module path; npm's runs on any Node.js.
  CHP="$KIT/hub/chp/node_modules/.bin/configurable-http-proxy"
  if [ ! -x "$CHP" ] || [ "$("$CHP" --version 2>/dev/null)" != "$CHP_VERSION" ]; then
    command -v npm >/dev/null || fail "no npm: install Node.js with npm (Debian: sudo apt-get install npm), then run again"
    say "installing configurable-http-proxy $CHP_VERSION from npm into .kit/hub/chp"
    mkdir -p "$KIT/hub/chp"
    npm install --no-audit --no-fund --loglevel=error --fetch-retries=1 --prefix "$KIT/hub/chp" \
      "configurable-http-proxy@$CHP_VERSION" >"$KIT/hub/npm.log" 2>&1 \
      || fail "npm could not install configurable-http-proxy (is the npm registry reachable? details in .kit/hub/npm.log)"
  fi
}

make_users() {
  local i u
  mkdir -p "$WORK/home"
  chmod 755 "$WORK" "$WORK/home"
  for i in $(seq 1 "$LEARNERS"); do
    u="d4j-learner$i"
    id "$u" >/dev/null 2>&1 && { ps -o pid= -u "$u" | xargs -r kill -KILL 2>/dev/null || true; userdel "$u" 2>/dev/null || true; }
    useradd --home-dir "$WORK/home/$u" --create-home --shell /bin/bash "$u"
    chmod 700 "$WORK/home/$u"
    USERS+=("$u")
  done
}

start_hub() {
  local token="$1"
  cat > "$WORK/jupyterhub_config.py" <<EOF
c = get_config()
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = $PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = $((PORT + 1))
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:$((PORT + 2))"
c.ConfigurableHTTPProxy.command = ["$CHP"]
c.ConfigurableHTTPProxy.pid_file = "$WORK/proxy.pid"
c.JupyterHub.db_url = "sqlite:///$WORK/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "$WORK/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = "$WORK/jupyterhub.pid"
c.JupyterHub.authenticator_class = "dummy"          # no passwords; the check logs nobody in, it uses the API
c.DummyAuthenticator.password = "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
c.Authenticator.allowed_users = set($(printf '"%s",' "${USERS[@]}" | sed 's/,$//;s/^/[/;s/$/]/'))
c.JupyterHub.services = [{"name": "classroom-check", "api_token": "$token"}]
c.JupyterHub.load_roles = [{"name": "classroom-check", "services": ["classroom-check"],
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users", "access:servers"]}]
c.JupyterHub.spawner_class = "localprocess"         # each learner's server runs as that learner
c.Spawner.cmd = ["$PREFIX/bin/distill4j-course", "/usr/bin/jupyterhub-singleuser"]
c.Spawner.notebook_dir = "~/distill4j"
c.Spawner.default_url = "/tree/notebooks"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
# The shared kernelspec (a real install puts it in /usr/local/share/jupyter/kernels, found without this); claims strict.
c.Spawner.environment = {"JUPYTER_PATH": "$WORK/share/jupyter", "DISTILL4J_STRICT_CLAIMS": "1"}
EOF
  say "starting JupyterHub on http://127.0.0.1:$PORT (loopback only; log in .kit/hub/jupyterhub.log)"
  (cd "$WORK" && exec /usr/bin/python3 -m jupyterhub -f "$WORK/jupyterhub_config.py") >"$KIT/hub/jupyterhub.log" 2>&1 &
  HUB_PID=$!
  local i
  for i in $(seq 60); do
    curl -fs "http://127.0.0.1:$PORT/hub/api" >/dev/null 2>&1 && return 0
    kill -0 "$HUB_PID" 2>/dev/null || { tail -30 "$KIT/hub/jupyterhub.log"; fail "JupyterHub exited (log above)"; }
    sleep 1
  done
  tail -30 "$KIT/hub/jupyterhub.log"; fail "JupyterHub did not answer in 60 s (log above)"
}

# Each learner's files are their own; the shared copy did not change.
check_isolation() {
  local bad=0 u other mode
  for u in "${USERS[@]}"; do
    mode="$(stat -c %a "$WORK/home/$u/.distill4j" 2>/dev/null || echo missing)"
    [ "$mode" = 700 ] || { say "FAIL: $u's state folder is $mode, not 700"; bad=1; }
    ls "$WORK/home/$u/.distill4j/logs/kernel.log" >/dev/null 2>&1 || { say "FAIL: no kernel log in $u's state folder"; bad=1; }
  done
  other="${USERS[1]:-}"
  if [ -n "$other" ] && runuser -u "${USERS[0]}" -- ls "$WORK/home/$other/.distill4j" >/dev/null 2>&1; then
    say "FAIL: ${USERS[0]} can list $other's state folder"; bad=1
  fi
  if [ "$(fingerprint)" != "$BEFORE" ]; then
    say "FAIL: something under the shared prefix changed during the check (names, sizes, times, modes or owners)"; bad=1
  fi
  [ "$bad" = 0 ] && say "isolation: every learner's state is theirs alone (700), the shared prefix unchanged"
  return "$bad"
}

need_hub
rm -rf "$WORK" && mkdir -p "$WORK/share/jupyter/kernels" "$KIT/hub" "$ROOT/build"
bash "$ROOT/tools/install.sh" --root "$ROOT" --kit "$KIT" --java "$JAVA" --prefix "$PREFIX" \
  --kernels "$WORK/share/jupyter/kernels" --threads "${DISTILL4J_THREADS:-1}" | sed 's/^/  /'
fingerprint() { find "$PREFIX" -printf '%p %s %T@ %m %u\n' | sort | sha256sum; }
BEFORE="$(fingerprint)"
make_users
TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
start_hub "$TOKEN"
say "${#USERS[@]} learners, each with their own server and kernels, run ${NOTEBOOKS[*]} at the same time"
t0=$SECONDS
rc=0
/usr/bin/python3 "$ROOT/tools/classroom_check.py" --hub "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --users "${USERS[@]}" --notebooks "${NOTEBOOKS[@]}" --solo ${SOLO[@]+"${SOLO[@]}"} --json "$ROOT/build/classroom.json" | tee "$WORK/result.log" || rc=1
check_isolation || rc=1
say "the check took $((SECONDS - t0)) s after the Hub started; results in build/classroom.json"
if [ "$rc" != 0 ] && ! grep -q 'classroom: [0-9]* passed, [1-9]' "$WORK/result.log"; then
  echo "classroom: 0 passed, 1 failed (isolation)"
fi
exit "$rc"
