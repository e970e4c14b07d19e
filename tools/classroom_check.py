#!/usr/bin/env python3
"""Many learners at once through a real JupyterHub (called by tools/classroom_check.sh, which starts the Hub).

For each learner, at the same time: create the Hub user and start their server through the Hub's REST API, then, for
each notebook, open a session on *their* server (through the Hub's proxy, with a token of their own), run every code
cell over the kernel's websocket in order, and count a notebook as passed when every cell replied "ok" with no error
output. Claims are strict (the Hub gives the servers DISTILL4J_STRICT_CLAIMS=1). Meanwhile the machine's used memory
and each learner's processes' RSS are sampled every second.

Prints one line per learner and ends with "classroom: N passed, N failed" (learners). Uses only what Debian's
jupyterhub package brings (tornado).
"""
import argparse
import asyncio
import datetime
import json
import os
import pwd
import sys
import time
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPRequest, HTTPClientError
from tornado.websocket import websocket_connect


def meminfo_used_mb():
    info = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":", 1)
            info[k] = int(v.split()[0])
    return (info["MemTotal"] - info["MemAvailable"]) / 1024


def rss_by_uid(uids):
    total = {u: 0 for u in uids}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                uid = rss = None
                for line in f:
                    if line.startswith("Uid:"):
                        uid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
            if uid in total and rss:
                total[uid] += rss
        except OSError:
            pass
    return {u: kb / 1024 for u, kb in total.items()}


class Hub:
    def __init__(self, url, token):
        self.url, self.token = url.rstrip("/"), token
        self.http = AsyncHTTPClient(max_clients=64)

    async def call(self, method, path, body=None, token=None, ok=(200, 201, 202, 204)):
        req = HTTPRequest(self.url + path, method=method, request_timeout=300,
                          headers={"Authorization": "token " + (token or self.token)},
                          body=None if body is None and method == "GET" else json.dumps(body or {}),
                          allow_nonstandard_methods=True)
        try:
            resp = await self.http.fetch(req, raise_error=False)
        except Exception as e:  # connection refused, timeout
            raise RuntimeError(f"{method} {path}: {e}") from e
        if resp.code not in ok:
            raise RuntimeError(f"{method} {path}: HTTP {resp.code} {resp.body[:300]!r}")
        return json.loads(resp.body) if resp.body else None


def message(msg_type, content, session):
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session, "username": "check",
                       "version": "5.3", "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}


async def run_notebook(hub, user, token, path, cell_timeout, result):
    """Runs the notebook at `path` (relative to the learner's course folder) on the learner's own server."""
    base = f"/user/{user}/api"
    nb = await hub.call("GET", f"{base}/contents/{path}?content=1", token=token)
    cells = [c for c in nb["content"]["cells"] if c["cell_type"] == "code"]
    t0 = time.monotonic()
    sess = await hub.call("POST", f"{base}/sessions", {"path": path, "type": "notebook", "name": "",
                                                        "kernel": {"name": "distill4j"}}, token=token)
    kid, session = sess["kernel"]["id"], uuid.uuid4().hex
    ws_url = hub.url.replace("http", "ws", 1) + f"{base}/kernels/{kid}/channels?session_id={session}"
    ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": "token " + token}),
                                 max_message_size=256 * 2**20)
    try:
        # The kernel has started when it answers kernel_info (asked again every 2 s, for up to 120 s).
        started = False
        deadline = time.monotonic() + 120
        while not started and time.monotonic() < deadline:
            ask = message("kernel_info_request", {}, session)
            await ws.write_message(json.dumps(ask))
            end = time.monotonic() + 2
            while time.monotonic() < end:
                try:
                    raw = await asyncio.wait_for(ws.read_message(), end - time.monotonic())
                except asyncio.TimeoutError:
                    break
                if raw is None:
                    raise RuntimeError("the kernel's websocket closed")
                m = json.loads(raw)
                if m.get("msg_type") == "kernel_info_reply" and m["parent_header"].get("msg_id") == ask["header"]["msg_id"]:
                    started = True
                    break
        if not started:
            result["kernel_start_failures"] += 1
            raise RuntimeError("the kernel never answered kernel_info in 120 s")
        result["kernel_start_s"].append(round(time.monotonic() - t0, 1))
        for i, cell in enumerate(cells):
            code = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            req = message("execute_request", {"code": code, "silent": False, "store_history": True,
                                              "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
                          session)
            await ws.write_message(json.dumps(req))
            msg_id, status, idle, errors = req["header"]["msg_id"], None, False, []
            end = time.monotonic() + cell_timeout
            while status is None or not idle:
                left = end - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"cell {i}: no reply in {cell_timeout} s")
                raw = await asyncio.wait_for(ws.read_message(), left)
                if raw is None:
                    raise RuntimeError(f"cell {i}: the kernel's websocket closed (kernel died?)")
                m = json.loads(raw)
                if m["parent_header"].get("msg_id") != msg_id:
                    continue
                t = m.get("msg_type")
                if t == "execute_reply":
                    status = m["content"]["status"]
                elif t == "error":
                    errors.append(f"{m['content'].get('ename')}: {m['content'].get('evalue', '')[:300]}")
                elif t == "status" and m["content"]["execution_state"] == "idle":
                    idle = True
            if status != "ok" or errors:
                raise RuntimeError(f"cell {i} ({code.strip().splitlines()[0][:60] if code.strip() else ''}): "
                                   f"{status}; {'; '.join(errors) or 'no error output'}")
    finally:
        ws.close()
        try:
            await hub.call("DELETE", f"{base}/sessions/{sess['id']}", token=token)
        except RuntimeError:
            pass
    return time.monotonic() - t0


async def learner(hub, user, notebooks, cell_timeout, spawn_timeout):
    result = {"user": user, "status": "fail", "spawn_s": None, "notebooks": {}, "kernel_start_s": [],
              "kernel_start_failures": 0, "error": None}
    t0 = time.monotonic()
    try:
        await hub.call("POST", f"/hub/api/users/{user}", ok=(201, 409))
        await hub.call("POST", f"/hub/api/users/{user}/server", ok=(201, 202))
        while True:
            info = await hub.call("GET", f"/hub/api/users/{user}")
            server = (info.get("servers") or {}).get("")
            if server and server.get("ready"):
                break
            if time.monotonic() - t0 > spawn_timeout:
                raise RuntimeError(f"the server did not start in {spawn_timeout} s: {server}")
            await asyncio.sleep(1)
        result["spawn_s"] = round(time.monotonic() - t0, 1)
        token = (await hub.call("POST", f"/hub/api/users/{user}/tokens",
                                {"note": "classroom check", "expires_in": 3600}))["token"]
        for path in notebooks:
            result["notebooks"][path] = round(await run_notebook(hub, user, token, path, cell_timeout, result), 1)
        result["status"] = "pass"
    except Exception as e:  # one learner's failure is reported, the others go on
        result["error"] = f"{type(e).__name__}: {e}"
    result["seconds"] = round(time.monotonic() - t0, 1)
    return result


async def sample(users, peaks, stop):
    uids = {pwd.getpwnam(u).pw_uid: u for u in users}
    while not stop.is_set():
        peaks["machine"] = max(peaks["machine"], meminfo_used_mb())
        for uid, mb in rss_by_uid(uids).items():
            peaks[uids[uid]] = max(peaks.get(uids[uid], 0), mb)
        try:
            await asyncio.wait_for(stop.wait(), 1)
        except asyncio.TimeoutError:
            pass


async def main_async(a):
    hub = Hub(a.hub, a.token)
    peaks = {"machine": 0.0}
    baseline = meminfo_used_mb()
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(a.users, peaks, stop))
    t0 = time.monotonic()
    results = await asyncio.gather(*(learner(hub, u, a.notebooks, a.cell_timeout, a.spawn_timeout) for u in a.users))
    wall = time.monotonic() - t0
    stop.set()
    await sampler
    for r in results:
        nbs = ", ".join(f"{os.path.basename(p).split('-')[0]} {s} s" for p, s in r["notebooks"].items())
        print(f"[classroom] {r['user']}: {r['status']} in {r['seconds']} s (server {r['spawn_s']} s; {nbs or 'no notebook'}; "
              f"kernel starts {r['kernel_start_s']} s; peak RSS {peaks.get(r['user'], 0):.0f} MB)"
              + (f"\n[classroom]   {r['error']}" if r["error"] else ""))
    failures = sum(r["kernel_start_failures"] for r in results)
    print(f"[classroom] {len(results)} learners at once, notebooks {', '.join(a.notebooks)}: wall {wall:.0f} s; "
          f"kernel starts that failed: {failures}; machine memory in use peaked at {peaks['machine']:.0f} MB "
          f"({peaks['machine'] - baseline:+.0f} MB over the {baseline:.0f} MB before the check)")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"learners": results, "wall_s": round(wall, 1), "peak_machine_mb": round(peaks["machine"]),
                       "baseline_machine_mb": round(baseline), "kernel_start_failures": failures,
                       "peak_rss_mb": {u: round(peaks.get(u, 0)) for u in a.users}}, f, indent=1)
    passed = sum(r["status"] == "pass" for r in results)
    total = len(results)
    if a.solo:
        total += 1
        ok, summary = await solo(hub, a.users, a.solo, a.cell_timeout)
        passed += ok
        if a.json:
            with open(a.json) as f:
                data = json.load(f)
            data["solo"] = summary
            with open(a.json, "w") as f:
                json.dump(data, f, indent=1)
    print(f"classroom: {passed} passed, {total - passed} failed")
    return passed == total and failures == 0


async def solo(hub, users, notebooks, cell_timeout):
    """One learner runs the heavy notebooks while the others' servers sit idle (their kernels are shut down)."""
    user = users[0]
    peaks = {"machine": 0.0}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(users, peaks, stop))
    result = {"user": user, "kernel_start_s": [], "kernel_start_failures": 0, "notebooks": {}, "error": None}
    t0 = time.monotonic()
    try:
        token = (await hub.call("POST", f"/hub/api/users/{user}/tokens",
                                {"note": "classroom check, solo", "expires_in": 3600}))["token"]
        for path in notebooks:
            result["notebooks"][path] = round(await run_notebook(hub, user, token, path, cell_timeout, result), 1)
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {e}"
    stop.set()
    await sampler
    ok = result["error"] is None and result["kernel_start_failures"] == 0
    others = max((peaks.get(u, 0) for u in users[1:]), default=0)
    nbs = ", ".join(f"{os.path.basename(p).split('-')[0]} {s} s" for p, s in result["notebooks"].items())
    print(f"[classroom] solo: {user} ran {nbs or 'nothing'} while {len(users) - 1} others idled: "
          f"{'pass' if ok else 'fail'} in {time.monotonic() - t0:.0f} s; {user}'s peak RSS {peaks.get(user, 0):.0f} MB, "
          f"an idle learner's at most {others:.0f} MB, machine memory in use at most {peaks['machine']:.0f} MB"
          + (f"\n[classroom]   {result['error']}" if result["error"] else ""))
    return ok, {"user": user, "pass": ok, "notebooks": result["notebooks"], "peak_rss_mb": round(peaks.get(user, 0)),
                "idle_peak_rss_mb": round(others), "peak_machine_mb": round(peaks["machine"]), "error": result["error"]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--hub", required=True, help="the Hub's public URL (http://127.0.0.1:PORT)")
    p.add_argument("--token", required=True, help="an API token with admin:users, admin:servers and tokens")
    p.add_argument("--users", nargs="+", required=True)
    p.add_argument("--notebooks", nargs="+", required=True, help="paths relative to the learner's course folder")
    p.add_argument("--cell-timeout", type=int, default=900)
    p.add_argument("--spawn-timeout", type=int, default=180)
    p.add_argument("--solo", nargs="*", default=[],
                   help="then the first learner alone runs these notebooks while the others idle")
    p.add_argument("--json")
    a = p.parse_args()
    sys.exit(0 if asyncio.run(main_async(a)) else 1)


if __name__ == "__main__":
    main()
