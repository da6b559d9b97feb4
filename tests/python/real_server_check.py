#!/usr/bin/env python3
"""End-to-end check of the Python client against a REAL Anneal server.

    ANNEAL_URL=http://127.0.0.1:3000 python3 tests/python/real_server_check.py

Optional: ANNEAL_API_KEY (write key, also used for reads unless ANNEAL_READ_API_KEY is set).
Exit code 0 when every check passed, 1 otherwise; prints each check.

Phases (each in its own fresh project):
  A. live: log known values (incl. NaN/+-Infinity, sparse keys, epochs) through the client,
     then read them back with GET /api/v1/runs/{id} and /metrics?maxPoints=0: every value
     exactly once; a batch re-sent with the same batchId is reported as a duplicate.
  B. dead server: a subprocess logs to a dead port and exits (spool written at exit), then
     `python anneal.py sync` delivers to the real server; a second sync of the same spool
     adds nothing.
  C. server down and back during a run: the client talks through a local TCP relay that is
     switched off (client spools) and on again (client re-sends by itself).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
PUBLIC = os.path.abspath(os.path.join(HERE, "..", "..", "public"))
CLIENT = os.path.join(PUBLIC, "anneal.py")
sys.path.insert(0, PUBLIC)
sys.path.insert(0, HERE)
import anneal  # noqa: E402
from anneal_double import free_port  # noqa: E402  (a port helper; nothing of the test double runs here)

URL = (os.environ.get("ANNEAL_URL") or "http://127.0.0.1:3000").rstrip("/")
KEY = os.environ.get("ANNEAL_API_KEY") or None
READ_KEY = os.environ.get("ANNEAL_READ_API_KEY") or KEY
TAG = uuid.uuid4().hex[:8]
failures = []


def check(cond, what, detail=""):
    print("%s  %s%s" % ("ok  " if cond else "FAIL", what, ("  -- " + detail) if detail and
                                                       not cond else ""))
    if not cond:
        failures.append(what)
    return cond


def api(method, path, body=None, key=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    k = key if key is not None else (KEY if method != "GET" else READ_KEY)
    if k:
        req.add_header("Authorization", "Bearer " + k)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, raw.decode("utf-8", "replace")


def expected_values(n, offset=0.0):
    """{key: {step: value}} — exact floats, special values and a sparse key."""
    exp = {"lr": {}, "loss": {}, "mIoU": {}}
    points = []
    for i in range(n):
        lr = 0.0095 * (1 - i / float(n)) ** 0.9 + offset
        loss = 2.3 / (1 + i) + offset
        vals = {"lr": lr, "loss": loss}
        if i == 7:
            vals["loss"] = float("nan")
        elif i == 8:
            vals["loss"] = float("inf")
        elif i == 9:
            vals["loss"] = float("-inf")
        if i % 50 == 49:
            vals["mIoU"] = 0.3 + i / (10.0 * n)
        for k, v in vals.items():
            exp[k][i] = anneal._encode_float(v)
        points.append((i, i // 200, vals))
    return exp, points


def run_doc(run_id):
    status, doc = api("GET", "/api/v1/runs/%s" % run_id)
    if isinstance(doc, dict) and isinstance(doc.get("run"), dict):
        doc = doc["run"]
    return status, doc


def verify_run(run_id, exp, label, status_expected="finished"):
    status, doc = run_doc(run_id)
    if not check(status == 200, "%s: GET /api/v1/runs/{id} -> 200" % label, "got %s %s"
                 % (status, doc)):
        return
    check(doc.get("status") == status_expected, "%s: status is %s" % (label, status_expected),
          "got %r" % doc.get("status"))
    cfg = doc.get("config") or {}
    check(cfg.get("optimizer") == "AdamW" and cfg.get("lr") == 0.0095,
          "%s: config stored" % label, "got %r" % cfg)
    status, m = api("GET", "/api/v1/runs/%s/metrics?maxPoints=0&x=step" % run_id)
    if not check(status == 200 and isinstance(m, dict) and "series" in m,
                 "%s: GET metrics?maxPoints=0 -> 200" % label, "got %s %s" % (status, m)):
        return
    series = m["series"]
    for key, want in sorted(exp.items()):
        s = series.get(key)
        if not check(s is not None, "%s: series %s present" % (label, key),
                     "keys: %s" % sorted(series)):
            continue
        xs, ys = s.get("x", []), s.get("y", [])
        got = dict(zip(xs, ys))
        check(len(xs) == len(set(xs)) == len(want),
              "%s: %s has %d points, each step once" % (label, key, len(want)),
              "got %d points, %d distinct steps" % (len(xs), len(set(xs))))
        check(s.get("count") in (None, len(want)), "%s: %s count == %d" % (label, key,
                                                                          len(want)),
              "got %r" % s.get("count"))
        check(s.get("downsampled") in (None, False), "%s: %s not downsampled" % (label, key))
        wrong = [(st, got.get(st), v) for st, v in sorted(want.items()) if got.get(st) != v]
        check(not wrong, "%s: %s values exact (incl. NaN/Infinity strings)" % (label, key),
              "%d wrong, first: step %s got %r want %r" % ((len(wrong),) + wrong[0])
              if wrong else "")
    extra = set(series) - set(exp)
    check(not extra, "%s: no unexpected series" % label, "extra: %s" % sorted(extra))


CONFIG = {"optimizer": "AdamW", "lr": 0.0095, "weight_decay": 1e-4, "batch_size": 16,
          "schedule": "poly"}


def phase_live():
    print("== A. live logging to %s" % URL)
    project = "client-check-%s-a" % TAG
    n = 2000
    exp, points = expected_values(n)
    spool = tempfile.mkdtemp(prefix="anneal-check-")
    run = anneal.init(project=project, name="live-%s" % TAG, config=CONFIG, tags=["check"],
                      url=URL, api_key=KEY, flush_interval=0.3, batch_points=300,
                      spool_dir=spool)
    if not check(run.id is not None, "A: run created at init (id %s, url %s)" % (run.id,
                                                                                run.url)):
        run.finish(timeout=5)
        return
    for step, epoch, vals in points:
        run.log(vals, step=step, epoch=epoch)
    run.update_config({"seed": 1})
    run.summary({"note_value": 1.5})
    run.finish()
    shutil.rmtree(spool, ignore_errors=True)
    check(run.stats["dropped_batches"] == 0 and run.stats["spooled_batches"] == 0,
          "A: nothing dropped or spooled", "stats %r" % run.stats)
    verify_run(run.id, exp, "A")
    _, doc = run_doc(run.id)
    check((doc or {}).get("config", {}).get("seed") == 1, "A: update_config merged")

    # same externalId -> the same run (200); same batchId -> duplicate
    st, again = api("POST", "/api/v1/runs", {"project": project, "externalId": run.external_id})
    check(st == 200 and (again or {}).get("id") == run.id,
          "A: POST /runs with the same externalId returns the same run with 200",
          "got %s %s" % (st, again))
    batch = {"step": [0], "values": {"dup_probe": [1.0]}, "batchId": "probe-" + TAG}
    st1, r1 = api("POST", "/api/v1/runs/%s/metrics" % run.id, batch)
    st2, r2 = api("POST", "/api/v1/runs/%s/metrics" % run.id, batch)
    check(st1 == 200 and r1.get("accepted") == 1 and r1.get("duplicate") is False,
          "A: first batch accepted", "got %s %s" % (st1, r1))
    check(st2 == 200 and r2.get("accepted") == 0 and r2.get("duplicate") is True,
          "A: same batchId again -> duplicate", "got %s %s" % (st2, r2))
    _, m = api("GET", "/api/v1/runs/%s/metrics?maxPoints=0&keys=dup_probe" % run.id)
    xs = ((m or {}).get("series", {}).get("dup_probe") or {}).get("x")
    check(xs == [0], "A: duplicate batch wrote nothing", "x=%r" % xs)


OFFLINE_SCRIPT = r"""
import sys
sys.path.insert(0, %(public)r)
import anneal
exp_points = %(points)r
run = anneal.init(project=%(project)r, name=%(name)r, config=%(config)r,
                  external_id=%(ext)r, offline_after=0.5)
for step, epoch, vals in exp_points:
    run.log(dict((k, float(v) if isinstance(v, str) else v) for k, v in vals.items()),
            step=step, epoch=epoch)
print("logged")
"""


def sync_cli(spool_dir, url):
    env = dict(os.environ, ANNEAL_SPOOL_DIR=spool_dir)
    args = [sys.executable, CLIENT, "sync", "--url", url]
    if KEY:
        args += ["--api-key", KEY]
    return subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=300)


def find_run(project, external_id):
    st, doc = api("POST", "/api/v1/runs", {"project": project, "externalId": external_id})
    return st, (doc or {}).get("id") if isinstance(doc, dict) else None


def phase_dead_then_sync():
    print("== B. dead server at a closed port, then `anneal.py sync` to %s" % URL)
    spool = tempfile.mkdtemp(prefix="anneal-check-spool-")
    try:
        project = "client-check-%s-b" % TAG
        ext = "check-b-" + TAG
        n = 1500
        exp, points = expected_values(n, offset=1.0)
        # NaN/Inf are passed as strings through repr and converted back in the subprocess
        pts = [(s, e, dict((k, anneal._encode_float(v)) for k, v in vals.items()))
               for s, e, vals in points]
        dead = "http://127.0.0.1:%d" % free_port()
        src = OFFLINE_SCRIPT % {"public": PUBLIC, "points": pts, "project": project,
                                "name": "offline-" + TAG, "config": CONFIG, "ext": ext}
        env = dict(os.environ, ANNEAL_URL=dead, ANNEAL_SPOOL_DIR=spool,
                   ANNEAL_FLUSH_TIMEOUT="2")
        t = time.time()
        p = subprocess.run([sys.executable, "-c", src], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True, timeout=120)
        took = time.time() - t
        check(p.returncode == 0 and "logged" in p.stdout,
              "B: training script ran to the end with the server down", p.stderr[-500:])
        check(took < 30, "B: exit not stalled by the dead server (%.1f s)" % took)
        check("anneal.py sync" in p.stderr, "B: exit message says how to sync", p.stderr[-500:])
        files = [f for f in os.listdir(spool) if f.endswith(".jsonl")]
        if not check(len(files) == 1, "B: one spool file written", "files: %s" % files):
            return
        saved = open(os.path.join(spool, files[0])).read()

        r = sync_cli(spool, URL)
        print("   " + r.stdout.strip().replace("\n", "\n   "))
        check(r.returncode == 0 and "1 synced" in r.stdout, "B: sync exit 0, 1 run synced",
              r.stdout + r.stderr)
        check(not [f for f in os.listdir(spool) if f.endswith(".jsonl")],
              "B: spool file removed after sync")
        st, rid = find_run(project, ext)
        if not check(st == 200 and rid, "B: synced run found by its externalId (200)",
                     "got %s" % st):
            return
        verify_run(rid, exp, "B")

        with open(os.path.join(spool, files[0]), "w") as f:
            f.write(saved)
        r = sync_cli(spool, URL)
        print("   " + r.stdout.strip().replace("\n", "\n   "))
        check(r.returncode == 0 and " 0 values sent" in r.stdout,
              "B: re-syncing the same spool sends 0 new values", r.stdout)
        st, rid2 = find_run(project, ext)
        check(rid2 == rid, "B: still the same run")
        verify_run(rid, exp, "B (after second sync)")
    finally:
        shutil.rmtree(spool, ignore_errors=True)


class Relay(object):
    """A TCP relay localhost:port -> the real server that can be switched off and on."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.sock = None
        self.conns = []
        self.on()

    def on(self):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", self.port))
        s.listen(64)
        self.sock = s
        threading.Thread(target=self._accept, args=(s,), daemon=True).start()

    def off(self):
        s, self.sock = self.sock, None
        if s:
            try:
                s.shutdown(socket.SHUT_RDWR)  # wakes the accept() thread on Linux
            except OSError:
                pass
            s.close()
        for c in self.conns:
            try:
                c.close()
            except OSError:
                pass
        self.conns = []

    def _accept(self, s):
        while True:
            try:
                client, _ = s.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=30)
            except OSError:
                client.close()
                continue
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                b.sendall(data)
        except OSError:
            pass
        finally:
            for x in (a, b):
                try:
                    x.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def phase_down_and_back():
    print("== C. server goes down and comes back during a run (relay -> %s)" % URL)
    from urllib.parse import urlparse
    u = urlparse(URL)
    if u.scheme != "http":
        print("skip  C needs an http:// URL")
        return
    relay = Relay(u.hostname, u.port or 80)
    spool = tempfile.mkdtemp(prefix="anneal-check-spool-")
    try:
        project = "client-check-%s-c" % TAG
        n = 3000
        exp, points = expected_values(n, offset=2.0)
        run = anneal.init(project=project, name="down-back-" + TAG, config=CONFIG,
                          url="http://127.0.0.1:%d" % relay.port, api_key=KEY,
                          flush_interval=0.2, batch_points=200, offline_after=0.5,
                          request_timeout=5, spool_dir=spool, backoff_max=1.0)
        if not check(run.id is not None, "C: run created through the relay"):
            run.finish(timeout=2)
            return
        third = n // 3
        for step, epoch, vals in points[:third]:
            run.log(vals, step=step, epoch=epoch)
        run.flush(10)
        relay.off()
        worst = 0.0
        for step, epoch, vals in points[third:2 * third]:
            t = time.perf_counter()
            run.log(vals, step=step, epoch=epoch)
            worst = max(worst, time.perf_counter() - t)
        deadline = time.time() + 10
        while time.time() < deadline and not os.listdir(spool):
            time.sleep(0.1)
        check(bool(os.listdir(spool)), "C: data spooled while the server was unreachable")
        check(worst < 0.5, "C: log() never stalled while down (worst %.4f s)" % worst)
        relay.on()
        for step, epoch, vals in points[2 * third:]:
            run.log(vals, step=step, epoch=epoch)
        run.finish(timeout=30)
        check(not [f for f in os.listdir(spool) if f.endswith(".jsonl")],
              "C: spool re-sent by the client itself once the server was back")
        verify_run(run.id, exp, "C")
    finally:
        relay.off()
        shutil.rmtree(spool, ignore_errors=True)


def main():
    print("anneal client %s against %s (tag %s)" % (anneal.__version__, URL, TAG))
    try:
        st, _ = api("GET", "/api/v1/projects")
    except Exception as e:
        print("FAIL  server not reachable at %s: %s" % (URL, e))
        return 1
    check(st == 200, "GET /api/v1/projects -> 200", "got %s" % st)
    for phase in (phase_live, phase_dead_then_sync, phase_down_and_back):
        try:
            phase()
        except Exception as e:
            import traceback
            traceback.print_exc()
            check(False, "%s raised %r" % (phase.__name__, e))
    print("\n%s: %d check(s) failed" % ("FAILED" if failures else "PASSED", len(failures))
          if failures else "\nPASSED: all checks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
