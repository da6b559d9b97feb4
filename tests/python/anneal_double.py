"""An in-process stand-in for the Anneal HTTP API v1 (runs, metrics, heartbeat, PATCH).

It enforces the request shapes of the API contract (so the client can't drift from it
silently: every violation is answered with 400 and recorded in `violations`), stores what
it accepts, and can be told to fail: `fail_next(...)` queues faults for the next matching
requests, `stop()` / `start()` make the port refuse connections and come back.
Standard library only.
"""

import gzip
import http.server
import json
import math
import re
import socket
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict

SPECIAL = ("NaN", "Infinity", "-Infinity")
RUN_FIELDS = {"project": str, "name": str, "config": dict, "tags": list, "group": str,
              "notes": str, "externalId": str, "startedAt": (str, int, float)}
PATCH_FIELDS = {"status": str, "name": str, "tags": list, "notes": str, "config": dict,
                "summary": dict}
STATUSES = ("running", "finished", "failed", "killed")


class Violation(Exception):
    def __init__(self, path, message):
        Exception.__init__(self, "%s: %s" % (path, message))
        self.path = path
        self.message = message


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _reject_constant(name):
    raise Violation("", "%s is not JSON (send the string instead)" % name)


def _check_value(v, path):
    if v is None or v in SPECIAL or _is_number(v):
        return
    raise Violation(path, "a metric value must be a number, null or NaN/Infinity/-Infinity")


def validate_create(body):
    if not isinstance(body, dict):
        raise Violation("", "body must be an object")
    for k, v in body.items():
        if k not in RUN_FIELDS:
            raise Violation(k, "unknown field")
        if not isinstance(v, RUN_FIELDS[k]) or isinstance(v, bool):
            raise Violation(k, "wrong type")
    if not body.get("project"):
        raise Violation("project", "required")
    for i, t in enumerate(body.get("tags", [])):
        if not isinstance(t, str):
            raise Violation("tags[%d]" % i, "must be a string")


def validate_patch(body):
    if not isinstance(body, dict) or not body:
        raise Violation("", "body must be a non-empty object")
    for k, v in body.items():
        if k not in PATCH_FIELDS:
            raise Violation(k, "unknown field")
        if not isinstance(v, PATCH_FIELDS[k]):
            raise Violation(k, "wrong type")
    if "status" in body and body["status"] not in STATUSES:
        raise Violation("status", "must be one of %s" % (STATUSES,))


def validate_metrics(body):
    """Returns a list of (step, epoch, time, {key: value}) points (nulls removed)."""
    if not isinstance(body, dict):
        raise Violation("", "body must be an object")
    if "batchId" in body and not isinstance(body["batchId"], str):
        raise Violation("batchId", "must be a string")
    if "points" in body:
        if set(body) - {"points", "batchId"}:
            raise Violation("", "unknown fields in rows form")
        points = []
        for i, p in enumerate(body["points"]):
            if not isinstance(p, dict) or set(p) - {"step", "epoch", "time", "values"}:
                raise Violation("points[%d]" % i, "bad point")
            if not isinstance(p.get("values"), dict):
                raise Violation("points[%d].values" % i, "required object")
            points.append((p.get("step"), p.get("epoch"), p.get("time"), p["values"]))
    else:
        if set(body) - {"step", "epoch", "time", "values", "batchId"}:
            raise Violation("", "unknown fields %s" % sorted(set(body) - {
                "step", "epoch", "time", "values", "batchId"}))
        steps = body.get("step")
        if not isinstance(steps, list):
            raise Violation("step", "required array")
        n = len(steps)
        for col in ("epoch", "time"):
            if col in body:
                if not isinstance(body[col], list) or len(body[col]) != n:
                    raise Violation(col, "must be an array as long as step")
                for i, v in enumerate(body[col]):
                    if not _is_number(v):
                        raise Violation("%s[%d]" % (col, i), "must be a number")
        values = body.get("values")
        if not isinstance(values, dict):
            raise Violation("values", "required object")
        for k, col in values.items():
            if not isinstance(col, list) or len(col) != n:
                raise Violation("values.%s" % k, "must be an array as long as step")
        points = []
        for i in range(n):
            vals = dict((k, col[i]) for k, col in values.items())
            points.append((steps[i], body["epoch"][i] if "epoch" in body else None,
                           body["time"][i] if "time" in body else None, vals))
    for i, (step, epoch, t, vals) in enumerate(points):
        if not isinstance(step, int) or isinstance(step, bool) or step < 0:
            raise Violation("step[%d]" % i, "must be an integer >= 0")
        for k, v in vals.items():
            _check_value(v, "values.%s[%d]" % (k, i))
    return [(s, e, t, dict((k, v) for k, v in vals.items() if v is not None))
            for s, e, t, vals in points]


class AnnealDouble(object):
    def __init__(self, port=0, api_key=None):
        self.api_key = api_key
        self.lock = threading.Lock()
        self.requests = []
        self.violations = []
        self.faults = []          # [(matcher, fault dict)]
        self.runs = {}            # id -> run dict
        self.by_external = {}     # (project, externalId) -> id
        self.values = defaultdict(dict)     # id -> {(step, key): value}
        self.writes = defaultdict(lambda: defaultdict(int))  # id -> {(step, key): times written}
        self.batch_ids = defaultdict(set)
        self.heartbeats = defaultdict(int)
        self._server = None
        self.port = port
        self.start()

    # -------------------------------------------------------------- control
    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def start(self):
        double = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                double._handle(self, "GET")

            def do_POST(self):
                double._handle(self, "POST")

            def do_PATCH(self):
                double._handle(self, "PATCH")

        class Server(http.server.ThreadingHTTPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        t = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05})
        t.daemon = True
        t.start()

    def stop(self):
        """From now on connections to the port are refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def fail_next(self, times=1, status=503, path_contains="", retry_after=None, delay=0.0,
                  process=False, message="injected failure"):
        """The next `times` requests whose path contains `path_contains` get `status`
        (after `delay` s). With process=True the request is processed first and the
        response is delayed (an ambiguous failure when the client times out)."""
        for _ in range(times):
            self.faults.append((path_contains, dict(status=status, retry_after=retry_after,
                                                    delay=delay, process=process,
                                                    message=message)))

    def metric_requests(self):
        return [r for r in self.requests if r["path"].endswith("/metrics")
                and r["method"] == "POST"]

    def run_by_external(self, external_id):
        for (p, e), rid in self.by_external.items():
            if e == external_id:
                return self.runs[rid]
        return None

    # -------------------------------------------------------------- HTTP
    def _reply(self, h, status, body=None, headers=None):
        data = b"" if body is None else json.dumps(body).encode()
        h.send_response(status)
        if body is not None:
            h.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            h.send_header(k, str(v))
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        try:
            h.wfile.write(data)
        except OSError:
            pass

    def _error(self, h, status, code, message, details=None):
        self._reply(h, status, {"error": {"code": code, "message": message,
                                          "details": details or []}})

    def _handle(self, h, method):
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        rec = {"method": method, "path": h.path, "headers": dict(h.headers.items()),
               "bytes": len(raw), "time": time.time(), "body": None}
        with self.lock:
            self.requests.append(rec)
            fault = None
            for i, (match, f) in enumerate(self.faults):
                if match in h.path:
                    fault = self.faults.pop(i)[1]
                    break
        if fault and not fault["process"]:
            if fault["delay"]:
                time.sleep(fault["delay"])
            headers = {}
            if fault["retry_after"] is not None:
                headers["Retry-After"] = fault["retry_after"]
            codes = {400: "invalid_argument", 401: "unauthenticated", 403: "permission_denied",
                     404: "not_found", 429: "rate_limited", 503: "internal", 500: "internal"}
            self._reply(h, fault["status"], {"error": {
                "code": codes.get(fault["status"], "internal"), "message": fault["message"],
                "details": []}}, headers)
            return
        try:
            status, body = self._dispatch(h, method, raw, rec)
        except Violation as v:
            with self.lock:
                self.violations.append((method, h.path, str(v)))
            status, body = 400, {"error": {"code": "invalid_argument", "message": str(v),
                                           "details": [{"path": v.path, "message": v.message}]}}
        if fault:
            time.sleep(fault["delay"])
        self._reply(h, status, body)

    def _dispatch(self, h, method, raw, rec):
        if method != "GET":
            if self.api_key is not None and \
                    h.headers.get("Authorization") != "Bearer " + self.api_key:
                return 401, {"error": {"code": "unauthenticated", "message": "bad API key",
                                       "details": []}}
        body = None
        if raw:
            if h.headers.get("Content-Type", "").split(";")[0] != "application/json":
                raise Violation("", "Content-Type must be application/json")
            if h.headers.get("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
            elif h.headers.get("Content-Encoding") not in (None, "identity"):
                raise Violation("", "unsupported Content-Encoding")
            body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
            rec["body"] = body
            rec["gzip"] = h.headers.get("Content-Encoding") == "gzip"
        path, _, query = h.path.partition("?")
        params = dict(urllib.parse.parse_qsl(query))
        with self.lock:
            if method == "GET" and path == "/api/v1/projects":
                names = sorted(set(r["project"] for r in self.runs.values()))
                return 200, {"projects": [{"id": n, "slug": n, "name": n, "runCount": sum(
                    1 for r in self.runs.values() if r["project"] == n), "createdAt": 0}
                    for n in names]}
            if method == "POST" and path == "/api/v1/runs":
                validate_create(body)
                key = (body["project"], body.get("externalId"))
                if body.get("externalId") and key in self.by_external:
                    return 200, self._run_out(self.runs[self.by_external[key]])
                rid = uuid.uuid4().hex[:12]
                run = {"id": rid, "name": body.get("name") or "run-" + rid[:4],
                       "project": body["project"], "status": "running",
                       "config": dict(body.get("config") or {}), "summary": {},
                       "tags": body.get("tags", []), "externalId": body.get("externalId"),
                       "createBody": body}
                self.runs[rid] = run
                if body.get("externalId"):
                    self.by_external[key] = rid
                return 201, self._run_out(run)
            m = re.match(r"^/api/v1/runs/([^/]+)(/metrics|/heartbeat)?$", path)
            if not m or m.group(1) not in self.runs:
                return 404, {"error": {"code": "not_found", "message": "no such run",
                                       "details": []}}
            rid, sub = m.group(1), m.group(2)
            run = self.runs[rid]
            if method == "POST" and sub == "/metrics":
                points = validate_metrics(body)
                bid = body.get("batchId")
                if bid is not None and bid in self.batch_ids[rid]:
                    return 200, {"accepted": 0, "duplicate": True}
                if bid is not None:
                    self.batch_ids[rid].add(bid)
                n = 0
                for s, e, t, vals in points:
                    for k, v in vals.items():
                        self.values[rid][(s, k)] = v
                        self.writes[rid][(s, k)] += 1
                        n += 1
                return 200, {"accepted": n, "duplicate": False}
            if method == "POST" and sub == "/heartbeat":
                if body not in (None, {}):
                    raise Violation("", "heartbeat takes no body")
                self.heartbeats[rid] += 1
                return 204, None
            if method == "PATCH" and sub is None:
                validate_patch(body)
                for k in ("status", "name", "tags", "notes"):
                    if k in body:
                        run[k] = body[k]
                run["config"].update(body.get("config", {}))
                run["summary"].update(body.get("summary", {}))
                return 200, self._run_full(run)
            if method == "GET" and sub is None:
                return 200, self._run_full(run)
            if method == "GET" and sub == "/metrics":
                if params.get("maxPoints") != "0":
                    raise Violation("maxPoints", "the double only serves maxPoints=0")
                keys = params.get("keys")
                keys = keys.split(",") if keys else sorted(set(
                    k for (_, k) in self.values[rid]))
                series = {}
                for k in keys:
                    pts = sorted((st, v) for (st, kk), v in self.values[rid].items() if kk == k)
                    if pts:
                        ys = [v for _, v in pts]
                        series[k] = {"x": [st for st, _ in pts], "y": ys, "min": ys,
                                     "max": ys, "count": len(pts), "downsampled": False}
                return 200, {"series": series}
        raise Violation("", "no such endpoint %s %s" % (method, path))

    def _run_full(self, run):
        out = self._run_out(run)
        out.update(config=run["config"], summary=run["summary"], tags=run["tags"])
        return out

    def _run_out(self, run):
        return {"id": run["id"], "name": run["name"], "project": run["project"],
                "url": "/runs/" + run["id"], "status": run["status"]}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
