#!/usr/bin/env python3
"""Anneal Python client: log training runs to an Anneal server.

One file, Python >= 3.8, standard library only. Download it from your server
(``curl -O http://127.0.0.1:3000/anneal.py``) and put it next to your script.

    import anneal                     # ANNEAL_URL / ANNEAL_API_KEY from the environment
    run = anneal.init(project="cityscapes-seg", name="adamw-1e-4-poly",
                      config={"optimizer": "AdamW", "lr": 1e-4, "batch_size": 16,
                              "schedule": "poly"})
    run.log({"loss": 0.71, "lr": 1e-4}, step=100, epoch=0)
    run.log({"mIoU": 0.412}, step=500, epoch=1)
    run.finish()                      # or finish(status="failed"); or `with anneal.init(...) as run:`

How it behaves:
- ``log()`` only appends to an in-memory buffer; it never waits for the network and never
  raises because of it. A background daemon thread sends batches (columns form, each with a
  ``batchId`` so a retry is never counted twice), gzip-compressed above 1 KiB, every
  ~1.5 s or every ``batch_points`` points.
- Network errors, 5xx and 429 are retried with exponential backoff and jitter (``Retry-After``
  honoured). Other 4xx: a warning with the server's message and the batch is dropped.
  401/403: a warning (check ANNEAL_API_KEY) and the data is spooled.
- If the server stays unreachable for ``offline_after`` seconds, or the in-memory buffer is
  full, batches go to a spool file (JSON lines) under ``~/.anneal/spool/`` (or
  ``ANNEAL_SPOOL_DIR``), one file per run; retrying continues in the background and the spool
  is re-sent when the server comes back.
- At exit everything is flushed (at most ``ANNEAL_FLUSH_TIMEOUT`` seconds, default 10); what
  could not be sent stays in the spool: ``python anneal.py sync`` sends it later.
- NaN / +-Inf are sent as "NaN" / "Infinity" / "-Infinity". numpy scalars and 0-dim torch
  tensors are accepted; non-numeric values are skipped with a warning.

Environment: ANNEAL_URL (default http://127.0.0.1:3000), ANNEAL_API_KEY, ANNEAL_SPOOL_DIR,
ANNEAL_FLUSH_TIMEOUT, ANNEAL_HEARTBEAT_INTERVAL.
"""

import atexit
import gzip
import json
import math
import os
import random
import sys
import threading
import time
import uuid
import weakref

import urllib.error
import urllib.parse
import urllib.request

__version__ = "0.1.0"
__all__ = ["init", "Run", "sync", "__version__"]

DEFAULT_URL = "http://127.0.0.1:3000"
GZIP_MIN_BYTES = 1024
USER_AGENT = "anneal-python/" + __version__

_RUN_STATUSES = ("running", "finished", "failed", "killed")


# --------------------------------------------------------------------------- utilities

_warned = set()
_warn_lock = threading.Lock()


def _warn(message, key=None):
    """Print a warning to stderr; with a key, only the first time for that key."""
    with _warn_lock:
        if key is not None:
            if key in _warned:
                return
            _warned.add(key)
    try:
        sys.stderr.write("anneal: " + message + "\n")
        sys.stderr.flush()
    except Exception:  # stderr closed at shutdown: nothing to do
        pass


def _env_float(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        _warn("ignoring %s=%r (not a number)" % (name, raw), key="env:" + name)
        return default


def _default_spool_dir():
    return os.environ.get("ANNEAL_SPOOL_DIR") or os.path.join(
        os.path.expanduser("~"), ".anneal", "spool")


def _encode_float(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


_NO_VALUE = object()


def _to_metric(value):
    """A metric value as JSON: int/float, "NaN"/"Infinity"/"-Infinity", or _NO_VALUE."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, (str, bytes, bytearray)) or value is None:
        return _NO_VALUE
    item = getattr(value, "item", None)  # numpy scalar, torch 0-dim tensor
    if callable(item):
        try:
            value = item()
        except Exception:
            return _NO_VALUE
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, (str, bytes, bytearray)) or value is None:
            return _NO_VALUE
    try:
        return _encode_float(float(value))
    except Exception:
        return _NO_VALUE


def _to_json(value, depth=0):
    """Config / summary values as plain JSON (numpy -> Python, NaN -> "NaN", else str())."""
    if depth > 32:
        return str(value)
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, dict):
        return dict((str(k), _to_json(v, depth + 1)) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_to_json(v, depth + 1) for v in value]
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return _to_json(item(), depth + 1)
        except Exception:
            pass
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        try:
            return _to_json(tolist(), depth + 1)
        except Exception:
            pass
    return str(value)


def _columns_batches(points, max_points):
    """Turn buffered points into columns-form batch bodies, each with a fresh batchId.

    A point is (step, epoch_or_None, time, {key: value}). Points with and without an
    epoch are never mixed in one batch, so `epoch` never contains null.
    """
    bodies = []
    i = 0
    n = len(points)
    while i < n:
        has_epoch = points[i][1] is not None
        j = i
        while j < n and j - i < max_points and (points[j][1] is not None) == has_epoch:
            j += 1
        chunk = points[i:j]
        keys = []
        seen = set()
        for p in chunk:
            for k in p[3]:
                if k not in seen:
                    seen.add(k)
                    keys.append(k)
        body = {"step": [p[0] for p in chunk]}
        if has_epoch:
            body["epoch"] = [p[1] for p in chunk]
        body["time"] = [p[2] for p in chunk]
        body["values"] = dict((k, [p[3].get(k) for p in chunk]) for k in keys)
        body["batchId"] = str(uuid.uuid4())
        bodies.append(body)
        i = j
    return bodies


def _batch_points(op):
    if op.get("type") == "batch":
        return len(op["body"].get("step", ()))
    return 0


def _batch_values(body):
    return sum(1 for col in body.get("values", {}).values() for v in col if v is not None)


# --------------------------------------------------------------------------- HTTP

class _HttpResult(object):
    def __init__(self, status, data, headers):
        self.status = status
        self.data = data
        self.headers = headers

    @property
    def error_message(self):
        err = self.data.get("error") if isinstance(self.data, dict) else None
        if isinstance(err, dict):
            msg = "%s: %s" % (err.get("code", "error"), err.get("message", ""))
            details = err.get("details")
            if isinstance(details, list) and details:
                parts = []
                for d in details[:3]:
                    if isinstance(d, dict):
                        parts.append("%s %s" % (d.get("path", ""), d.get("message", "")))
                msg += " (" + "; ".join(parts) + ")"
            return msg
        return "HTTP %d" % self.status

    @property
    def retry_after(self):
        raw = self.headers.get("Retry-After") if self.headers is not None else None
        if not raw:
            return None
        try:
            return max(0.0, float(raw))
        except ValueError:
            pass
        try:
            import email.utils
            when = email.utils.parsedate_to_datetime(raw)
            return max(0.0, when.timestamp() - time.time())
        except Exception:
            return None


class _Client(object):
    """Minimal JSON-over-HTTP client. `request` returns an _HttpResult for any HTTP
    status and raises OSError-like exceptions (URLError, timeout, ...) on network failure."""

    def __init__(self, base_url, api_key=None, timeout=10.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def request(self, method, path, body=None, timeout=None):
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        data = None
        if body is not None:
            data = json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
            if len(data) > GZIP_MIN_BYTES:
                data = gzip.compress(data, compresslevel=5)
                headers["Content-Encoding"] = "gzip"
        elif method in ("POST", "PATCH", "PUT"):
            data = b""
        if self.api_key:
            headers["Authorization"] = "Bearer " + self.api_key
        req = urllib.request.Request(self.base_url + path, data=data, headers=headers,
                                     method=method)
        t = self.timeout if timeout is None else max(0.05, timeout)
        try:
            resp = urllib.request.urlopen(req, timeout=t)
            status, raw, hdrs = resp.status, resp.read(), resp.headers
            resp.close()
        except urllib.error.HTTPError as e:
            status, hdrs = e.code, e.headers
            try:
                raw = e.read()
            except Exception:
                raw = b""
            e.close()
        parsed = None
        if raw:
            try:
                parsed = json.loads(raw.decode("utf-8"))
            except Exception:
                parsed = None
        return _HttpResult(status, parsed, hdrs)


def _backoff_delay(attempt, base, cap, retry_after=None):
    if retry_after is not None:
        return min(max(retry_after, 0.0), max(cap, 60.0)) + random.uniform(0, base * 0.2)
    delay = min(cap, base * (2 ** min(attempt, 20)))
    return delay * random.uniform(0.5, 1.0)


# While finishing, retries come at most this far apart: a server that came back during a long
# backoff (grown to 8-16 s while it was down) is found within the flush timeout, not after it.
_FINISH_RETRY_MAX = 1.0

# outcome of one attempt to deliver an op
_OK, _RETRY, _DROP, _AUTH = "ok", "retry", "drop", "auth"


def _classify(result):
    if 200 <= result.status < 300:
        return _OK
    if result.status in (401, 403):
        return _AUTH
    if result.status == 429 or result.status >= 500 or result.status == 408:
        return _RETRY
    return _DROP


# --------------------------------------------------------------------------- spool files

def _spool_lock_path(path):
    return path + ".lock"


def _pid_alive(pid):
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except Exception:
        return False
    return True


_active_spools = set()  # spool paths owned by live runs of this process


def _spool_owned_elsewhere(path):
    """True when a live run (this or another process) still owns the spool file."""
    if path in _active_spools:
        return True
    try:
        with open(_spool_lock_path(path)) as f:
            pid = int(f.read().strip() or "0")
    except (OSError, ValueError):
        return False
    return pid != os.getpid() and _pid_alive(pid)


# --------------------------------------------------------------------------- the run

class _Config(dict):
    """`run.config`: a dict whose update()/item assignment is sent to the server."""

    def __init__(self, run, data):
        dict.__init__(self, data)
        self._run_ref = weakref.ref(run)

    def __setitem__(self, key, value):
        self.update({key: value})

    def update(self, *args, **kwargs):
        changes = dict(*args, **kwargs)
        dict.update(self, changes)
        run = self._run_ref()
        if run is not None:
            run._enqueue_patch({"config": _to_json(changes)})


_live_runs = []
_live_lock = threading.Lock()


class Run(object):
    """A run being logged. Create it with `anneal.init(...)`."""

    def __init__(self, project, name=None, config=None, tags=None, group=None, notes=None,
                 external_id=None, url=None, api_key=None, started_at=None,
                 flush_interval=1.5, batch_points=1000, max_batch_points=10000,
                 max_buffer_points=100000, heartbeat_interval=None, offline_after=10.0,
                 request_timeout=10.0, init_timeout=5.0, flush_timeout=None, spool_dir=None,
                 backoff_base=0.5, backoff_max=30.0):
        if not isinstance(project, str) or not project:
            raise ValueError("anneal.init: project must be a non-empty string")
        self.project = project
        self.external_id = str(external_id) if external_id is not None else str(uuid.uuid4())
        self.base_url = (url or os.environ.get("ANNEAL_URL") or DEFAULT_URL).rstrip("/")
        key = api_key if api_key is not None else os.environ.get("ANNEAL_API_KEY")
        self._client = _Client(self.base_url, key or None, timeout=request_timeout)

        body = {"project": project, "externalId": self.external_id}
        if name is not None:
            body["name"] = str(name)
        if config is not None:
            body["config"] = _to_json(dict(config))
        if tags:
            body["tags"] = [str(t) for t in tags]
        if group is not None:
            body["group"] = str(group)
        if notes is not None:
            body["notes"] = str(notes)
        body["startedAt"] = float(started_at) if started_at is not None else time.time()
        self._create_body = body
        self.name = name
        self.config = _Config(self, config or {})

        self.flush_interval = float(flush_interval)
        self.batch_points = max(1, int(batch_points))
        self.max_batch_points = max(1, int(max_batch_points))
        self.max_buffer_points = max(self.batch_points, int(max_buffer_points))
        if heartbeat_interval is None:
            heartbeat_interval = _env_float("ANNEAL_HEARTBEAT_INTERVAL", 30.0)
        self.heartbeat_interval = float(heartbeat_interval)
        self.offline_after = float(offline_after)
        self.flush_timeout = float(flush_timeout if flush_timeout is not None
                                   else _env_float("ANNEAL_FLUSH_TIMEOUT", 10.0))
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)

        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in project)[:60]
        ext = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.external_id)[:80]
        self.spool_path = os.path.join(spool_dir or _default_spool_dir(),
                                       "%s__%s.jsonl" % (safe, ext))

        self._id = None
        self._url = None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._buffer = []          # points not yet formed into batches
        self._incoming = []        # ops formed by the caller's thread (patches, flushed batches)
        self._ops = []             # ops in memory, older than anything in the spool
        self._mem_points = 0       # points held in _buffer + _incoming + _ops
        self._last_step = -1
        self._last_epoch = None
        self._spooling = False     # spool file holds undelivered ops
        self._spool_offset = 0     # bytes of the spool file already delivered in this process
        self._spool_lock = threading.Lock()
        self._fatal = False        # creation refused (4xx): keep everything in the spool
        self._closing = False
        self._closed = False
        self._flush_requested = False
        self._deadline = 0.0
        self._attempt = 0
        self._next_attempt = 0.0
        self._down_since = None
        self._last_heartbeat = time.time()
        self._last_form = time.time()
        self.stats = {"sent_batches": 0, "sent_values": 0, "duplicates": 0,
                      "dropped_batches": 0, "spooled_batches": 0}

        self._try_create(timeout=init_timeout)

        self._thread = threading.Thread(target=self._worker, name="anneal-" + self.external_id[:8])
        self._thread.daemon = True
        self._thread.start()
        with _live_lock:
            _live_runs.append(self)

    # ---------------------------------------------------------------- public API

    @property
    def id(self):
        """The server's run id (None while the run could not be created yet)."""
        return self._id

    @property
    def url(self):
        """Link to the run page (None while the run could not be created yet)."""
        return self._url

    def log(self, values, step=None, epoch=None):
        """Buffer metric values at `step` (auto-incremented when omitted). Never blocks
        on the network and never raises because of it."""
        if not isinstance(values, dict):
            raise TypeError("anneal: run.log() expects a dict of metric values")
        if self._closed:
            _warn("run.log() after finish() is ignored", key=("closed", id(self)))
            return
        now = time.time()
        clean = {}
        for k, v in values.items():
            m = _to_metric(v)
            if m is _NO_VALUE:
                _warn("skipping metric %r: %r is not a number" % (k, type(v).__name__),
                      key=("bad-value", str(k), type(v).__name__))
                continue
            clean[k if isinstance(k, str) else str(k)] = m
        if step is not None:
            try:
                s = step.item() if callable(getattr(step, "item", None)) else step
                if isinstance(s, float) and s.is_integer():
                    s = int(s)
                if isinstance(s, bool) or not isinstance(s, int) or s < 0:
                    raise ValueError
            except Exception:
                _warn("run.log(): step must be an integer >= 0, got %r; values skipped"
                      % (step,), key=("bad-step", repr(step)))
                return
        if epoch is not None:
            try:
                e = epoch.item() if callable(getattr(epoch, "item", None)) else epoch
                e = float(e)
                if not math.isfinite(e) or e < 0:
                    raise ValueError
                epoch = int(e) if e.is_integer() else e
            except Exception:
                _warn("run.log(): epoch must be a number >= 0, got %r; epoch ignored"
                      % (epoch,), key=("bad-epoch", repr(epoch)))
                epoch = None
        overflow = None
        with self._lock:
            if step is None:
                s = self._last_step + 1
            self._last_step = s
            if epoch is None:
                epoch = self._last_epoch
            else:
                self._last_epoch = epoch
            if not clean:
                return
            self._buffer.append((s, epoch, now, clean))
            self._mem_points += 1
            if self._mem_points > self.max_buffer_points:
                overflow = self._ops
                self._ops = []
                overflow = overflow + self._take_buffered_locked()
                self._mem_points = 0
            elif len(self._buffer) >= self.batch_points:
                self._cond.notify()
        if overflow:
            self._spool_append(overflow, reason="the in-memory buffer is full")

    def update_config(self, config):
        """Merge `config` into the run's config (sent as PATCH)."""
        self.config.update(config)

    def summary(self, summary):
        """Merge values into the run's summary (sent as PATCH)."""
        self._enqueue_patch({"summary": _to_json(dict(summary))})

    def set_tags(self, tags):
        self._enqueue_patch({"tags": [str(t) for t in tags]})

    def flush(self, timeout=None):
        """Send everything buffered; wait at most `timeout` s. True if all was delivered."""
        deadline = time.time() + (self.flush_timeout if timeout is None else timeout)
        with self._lock:
            self._deadline = deadline
            self._flush_requested = True
            self._cond.notify_all()
            while not self._idle_locked():
                left = deadline - time.time()
                if left <= 0 or self._closed or self._fatal:
                    break
                self._cond.wait(min(left, 0.1))
            return self._idle_locked()

    def finish(self, status="finished", timeout=None):
        """Flush, set the run's status (finished|failed|killed) and stop. Whatever can't be
        delivered within `timeout` s (default ANNEAL_FLUSH_TIMEOUT or 10) is spooled."""
        if status not in _RUN_STATUSES:
            raise ValueError("anneal: status must be one of %s" % (_RUN_STATUSES,))
        with self._lock:
            if self._closing or self._closed:
                return
            self._closing = True
            # Retry now, with a short backoff from here on (see _note_failure), whatever the
            # backoff had grown to: finish() must not wait out a delay longer than its timeout.
            self._attempt = 0
            self._next_attempt = 0.0
            self._cond.notify_all()
        self._enqueue_patch({"status": status}, force=True)
        delivered = self.flush(timeout)
        with self._lock:
            self._closed = True
            rest = self._ops
            self._ops = []
            rest = rest + self._take_buffered_locked()
            self._mem_points = 0
            spooling = self._spooling
            self._cond.notify_all()
        self._thread.join(0.5)
        if rest:
            self._spool_append(rest, reason="the server could not be reached before exit",
                               warn=False)
            spooling = True
        with _live_lock:
            if self in _live_runs:
                _live_runs.remove(self)
        _active_spools.discard(self.spool_path)
        self._remove_lock_file()  # closed: `anneal.py sync` may take the file over now
        if spooling and not delivered:
            _warn("could not send everything to %s; unsent data is in %s. Send it later with:"
                  "\n    python anneal.py sync --url %s" % (self.base_url, self.spool_path,
                                                         self.base_url))
        elif not delivered:
            _warn("could not deliver everything to %s before the timeout" % self.base_url)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.finish("finished")
        elif issubclass(exc_type, KeyboardInterrupt):
            self.finish("killed")
        else:
            self.finish("failed")
        return False

    def __repr__(self):
        return "<anneal.Run project=%r id=%r external_id=%r>" % (
            self.project, self._id, self.external_id)

    # ---------------------------------------------------------------- caller-side helpers

    def _enqueue_patch(self, body, force=False):
        with self._lock:
            if self._closed or (self._closing and not force):
                if not force:
                    _warn("update after finish() is ignored", key=("closed-patch", id(self)))
                    return
            ops = self._form_batches_locked()
            ops.append({"type": "patch", "body": body})
            self._incoming.extend(ops)
            self._cond.notify()

    def _form_batches_locked(self):
        if not self._buffer:
            return []
        bodies = _columns_batches(self._buffer, self.max_batch_points)
        self._buffer = []
        self._last_form = time.time()
        return [{"type": "batch", "body": b} for b in bodies]

    def _take_buffered_locked(self):
        """All ops not yet handed to the worker (incoming + buffer)."""
        ops = self._incoming + self._form_batches_locked()
        self._incoming = []
        n = sum(_batch_points(o) for o in ops)
        self._mem_points -= n
        if self._mem_points < 0:
            self._mem_points = 0
        return ops

    def _idle_locked(self):
        return not (self._buffer or self._incoming or self._ops or self._spooling)

    # ---------------------------------------------------------------- spool

    def _spool_append(self, ops, reason, warn=True):
        if not ops:
            return
        try:
            with self._spool_lock:
                d = os.path.dirname(self.spool_path)
                if not os.path.isdir(d):
                    os.makedirs(d, exist_ok=True)
                new = not os.path.exists(self.spool_path)
                with open(self.spool_path, "a", encoding="utf-8") as f:
                    if new:
                        header = {"type": "create", "url": self.base_url, "runId": self._id,
                                  "body": self._create_body, "spooledAt": time.time()}
                        f.write(json.dumps(header, allow_nan=False) + "\n")
                        self._spool_offset = 0
                    for op in ops:
                        f.write(json.dumps(op, allow_nan=False, separators=(",", ":")) + "\n")
                if not self._closed:
                    _active_spools.add(self.spool_path)
                    try:
                        with open(_spool_lock_path(self.spool_path), "w") as lf:
                            lf.write(str(os.getpid()))
                    except OSError:
                        pass
            with self._lock:
                self._spooling = True
            self.stats["spooled_batches"] += sum(1 for o in ops if o.get("type") == "batch")
            if warn:
                _warn("%s; spooling to %s and retrying in the background (or later: "
                      "python anneal.py sync --url %s)" % (reason, self.spool_path, self.base_url),
                      key=("spool", self.spool_path))
        except Exception as e:  # disk full, read-only home...: never crash training
            _warn("could not write the spool file %s (%s); %d batches lost"
                  % (self.spool_path, e, len(ops)))

    def _remove_lock_file(self):
        try:
            os.remove(_spool_lock_path(self.spool_path))
        except OSError:
            pass

    def _drain_spool(self):
        """Send spooled ops in order from where we left off. True when fully drained."""
        while True:
            if self._closed:
                return False
            with self._spool_lock:
                try:
                    with open(self.spool_path, "r", encoding="utf-8") as f:
                        f.seek(self._spool_offset)
                        lines = []
                        pos = self._spool_offset
                        while len(lines) < 50:
                            line = f.readline()
                            if not line or not line.endswith("\n"):
                                break
                            lines.append((pos + len(line.encode("utf-8")), line))
                            pos += len(line.encode("utf-8"))
                except FileNotFoundError:
                    lines = None
                if not lines:
                    # fully delivered: remove the file (nobody appends while we hold the lock)
                    try:
                        os.remove(self.spool_path)
                    except OSError:
                        pass
                    self._remove_lock_file()
                    _active_spools.discard(self.spool_path)
                    self._spool_offset = 0
                    with self._lock:
                        self._spooling = False
                        self._cond.notify_all()
                    return True
            for end, line in lines:
                try:
                    op = json.loads(line)
                except ValueError:
                    op = {"type": "corrupt"}
                if op.get("type") in ("batch", "patch"):
                    outcome = self._send_op(op)
                    if outcome in (_RETRY, _AUTH):
                        return False
                with self._spool_lock:
                    self._spool_offset = end

    # ---------------------------------------------------------------- worker

    def _try_create(self, timeout=None):
        try:
            res = self._client.request("POST", "/api/v1/runs", self._create_body, timeout=timeout)
        except Exception as e:
            self._note_failure(None, "cannot reach %s (%s)" % (self.base_url, _short(e)))
            return False
        outcome = _classify(res)
        if outcome == _OK and isinstance(res.data, dict) and res.data.get("id") is not None:
            self._id = str(res.data["id"])
            if res.data.get("name"):
                self.name = res.data["name"]
            link = res.data.get("url")
            if isinstance(link, str) and link:
                self._url = urllib.parse.urljoin(self.base_url + "/", link)
            else:
                self._url = "%s/runs/%s" % (self.base_url, self._id)
            self._note_success()
            return True
        if outcome == _AUTH:
            self._auth_failure(res)
        elif outcome == _RETRY or outcome == _OK:
            self._note_failure(res, "creating the run failed: " + res.error_message)
        else:
            self._fatal = True
            _warn("the server refused to create the run (%s); nothing will be sent, the data "
                  "is kept in the spool file %s" % (res.error_message, self.spool_path))
        return False

    def _note_success(self):
        self._attempt = 0
        self._next_attempt = 0.0
        if self._down_since is not None:
            self._down_since = None

    def _note_failure(self, res, message):
        now = time.time()
        if self._down_since is None:
            self._down_since = now
        retry_after = res.retry_after if res is not None and res.status == 429 else None
        cap = min(self.backoff_max, _FINISH_RETRY_MAX) if self._closing else self.backoff_max
        self._next_attempt = now + _backoff_delay(self._attempt, self.backoff_base, cap,
                                                  retry_after)
        self._attempt += 1
        _warn(message + "; retrying with backoff", key=("retry", self.external_id, message[:40]))

    def _auth_failure(self, res):
        _warn("the API key was rejected by %s (%s). Check ANNEAL_API_KEY; data is spooled to "
              "%s and retried in the background" % (self.base_url, res.error_message,
                                                   self.spool_path),
              key=("auth", self.external_id))
        self._note_failure(res, "authorization failed")
        self._go_offline("the API key was rejected")

    def _send_op(self, op):
        """Deliver one op; returns _OK/_DROP (done with it) or _RETRY/_AUTH (try again)."""
        if op["type"] == "batch":
            path = "/api/v1/runs/%s/metrics" % urllib.parse.quote(self._id, safe="")
            method = "POST"
        else:
            path = "/api/v1/runs/%s" % urllib.parse.quote(self._id, safe="")
            method = "PATCH"
        timeout = None
        if self._closing:
            timeout = min(self._client.timeout, max(0.2, self._deadline - time.time()))
        try:
            res = self._client.request(method, path, op["body"], timeout=timeout)
        except Exception as e:
            self._note_failure(None, "cannot reach %s (%s)" % (self.base_url, _short(e)))
            return _RETRY
        outcome = _classify(res)
        if outcome == _OK:
            self._note_success()
            if op["type"] == "batch":
                self.stats["sent_batches"] += 1
                if isinstance(res.data, dict) and res.data.get("duplicate"):
                    self.stats["duplicates"] += 1
                else:
                    self.stats["sent_values"] += _batch_values(op["body"])
        elif outcome == _RETRY:
            self._note_failure(res, "server answered %s" % res.error_message)
        elif outcome == _AUTH:
            self._auth_failure(res)
        else:
            self._note_success()  # the server is up; this request will never succeed
            what = "a metrics batch" if op["type"] == "batch" else "an update"
            self.stats["dropped_batches"] += 1 if op["type"] == "batch" else 0
            _warn("the server rejected %s, dropping it: HTTP %d %s"
                  % (what, res.status, res.error_message),
                  key=("drop", self.external_id, res.status, res.error_message[:80]))
        return outcome

    def _go_offline(self, reason):
        with self._lock:
            ops = self._ops + self._take_buffered_locked()
            self._ops = []
            self._mem_points = 0
        if ops:
            self._spool_append(ops, reason=reason)

    def _worker(self):
        while True:
            try:
                if not self._worker_step():
                    return
            except Exception as e:  # a bug here must never take the training down
                _warn("internal error in the background sender: %r" % (e,), key="worker-bug")
                time.sleep(1.0)

    def _worker_step(self):
        with self._lock:
            if self._closed:
                return False
            now = time.time()
            form = (self._flush_requested or self._closing or
                    len(self._buffer) >= self.batch_points or
                    (self._buffer and now - self._last_form >= self.flush_interval))
            new_ops = self._incoming + (self._form_batches_locked() if form else [])
            self._incoming = []
            if self._flush_requested and not self._buffer:
                self._flush_requested = False
            to_spool = None
            if self._spooling or self._fatal:
                to_spool = new_ops
                self._mem_points -= sum(_batch_points(o) for o in new_ops)
            else:
                self._ops.extend(new_ops)
        if to_spool:
            self._spool_append(to_spool, reason="the server is unreachable", warn=False)

        if self._fatal:
            return self._wait()
        now = time.time()
        if now >= self._next_attempt:
            if self._id is None:
                self._try_create()
            if self._id is not None:
                while True:
                    with self._lock:
                        if self._closed or not self._ops:
                            break
                        op = self._ops[0]
                    outcome = self._send_op(op)
                    if outcome in (_RETRY, _AUTH):
                        break
                    with self._lock:
                        if self._ops and self._ops[0] is op:
                            self._ops.pop(0)
                            self._mem_points -= _batch_points(op)
                        self._cond.notify_all()
                with self._lock:
                    drain = self._spooling and not self._ops and not self._closed
                if drain and time.time() >= self._next_attempt:
                    self._drain_spool()
                if (self._down_since is None and not self._closing and
                        time.time() - self._last_heartbeat >= self.heartbeat_interval):
                    self._heartbeat()
        if (self._down_since is not None and not self._closing and
                time.time() - self._down_since >= self.offline_after):
            with self._lock:
                pending = bool(self._ops or self._incoming or self._buffer) or self._id is None
            if pending:
                self._go_offline("%s has been unreachable for %.0f s"
                                 % (self.base_url, time.time() - self._down_since))
        return self._wait()

    def _heartbeat(self):
        self._last_heartbeat = time.time()
        try:
            self._client.request("POST", "/api/v1/runs/%s/heartbeat"
                                 % urllib.parse.quote(self._id, safe=""))
        except Exception:
            pass

    def _wait(self):
        """Sleep until there is something to do (at most 1 s). False once closed."""
        with self._lock:
            if self._closed:
                return False
            if (self._incoming or len(self._buffer) >= self.batch_points or
                    ((self._closing or self._flush_requested) and self._buffer)):
                return True
            now = time.time()
            until = now + 1.0
            if self._buffer:
                until = min(until, self._last_form + self.flush_interval)
            if not self._fatal and (self._ops or self._spooling or self._id is None):
                until = min(until, max(self._next_attempt, now + 0.01))
            if until > now:
                self._cond.wait(until - now)
            return not self._closed


def _short(e):
    reason = getattr(e, "reason", None)
    return str(reason if reason is not None else e) or e.__class__.__name__


# --------------------------------------------------------------------------- module API

def init(project, name=None, config=None, tags=None, group=None, notes=None, external_id=None,
         url=None, api_key=None, **settings):
    """Start a run. `url` / `api_key` default to ANNEAL_URL / ANNEAL_API_KEY.

    Tuning (keyword-only): flush_interval=1.5, batch_points=1000, max_buffer_points=100000,
    heartbeat_interval=30, offline_after=10, request_timeout=10, init_timeout=5,
    flush_timeout=ANNEAL_FLUSH_TIMEOUT or 10, spool_dir=ANNEAL_SPOOL_DIR or ~/.anneal/spool,
    backoff_base=0.5, backoff_max=30.
    """
    return Run(project, name=name, config=config, tags=tags, group=group, notes=notes,
               external_id=external_id, url=url, api_key=api_key, **settings)


_exit_status = {"status": "finished"}
_prev_excepthook = sys.excepthook


def _excepthook(exc_type, exc, tb):
    try:
        _exit_status["status"] = "killed" if issubclass(exc_type, KeyboardInterrupt) else "failed"
    finally:
        _prev_excepthook(exc_type, exc, tb)


sys.excepthook = _excepthook


def _at_exit():
    with _live_lock:
        # a forked child (e.g. a data-loader worker) must not finish its parent's runs
        runs = [r for r in _live_runs if r._pid == os.getpid()]
    if not runs:
        return
    deadline = time.time() + max(r.flush_timeout for r in runs)
    for r in runs:
        try:
            r.finish(_exit_status["status"], timeout=max(0.5, deadline - time.time()))
        except Exception as e:
            _warn("flushing at exit failed: %r" % (e,))


atexit.register(_at_exit)


# --------------------------------------------------------------------------- sync

def _sync_file(path, client, attempts=4, backoff_base=0.5, out=sys.stdout):
    """Re-send one spool file. Returns (ok, batches_sent, duplicates, values, dropped)."""
    sent = dups = values = dropped = 0

    def call(method, api_path, body):
        for attempt in range(attempts):
            try:
                res = client.request(method, api_path, body)
            except Exception as e:
                last = "cannot reach %s (%s)" % (client.base_url, _short(e))
                res = None
            if res is not None:
                outcome = _classify(res)
                if outcome in (_OK, _DROP, _AUTH):
                    return outcome, res
                last = res.error_message
            if attempt + 1 < attempts:
                time.sleep(_backoff_delay(attempt, backoff_base, 10.0,
                                          res.retry_after if res is not None else None))
        return _RETRY, last

    with open(path, "r", encoding="utf-8") as f:
        first = f.readline()
        try:
            header = json.loads(first)
        except ValueError:
            header = {}
        if header.get("type") != "create":
            out.write("  %s: not an anneal spool file, skipped\n" % path)
            return False, 0, 0, 0, 0
        outcome, res = call("POST", "/api/v1/runs", header["body"])
        if outcome != _OK:
            msg = res if isinstance(res, str) else res.error_message
            out.write("  %s: could not create the run: %s\n" % (os.path.basename(path), msg))
            return False, 0, 0, 0, 0
        run_id = str(res.data["id"])
        link = res.data.get("url") or "/runs/" + run_id
        link = urllib.parse.urljoin(client.base_url + "/", link)
        q = urllib.parse.quote(run_id, safe="")
        for line in f:
            if not line.endswith("\n"):
                break  # a partly written last line (crash while spooling)
            try:
                op = json.loads(line)
            except ValueError:
                continue
            if op.get("type") == "batch":
                outcome, res = call("POST", "/api/v1/runs/%s/metrics" % q, op["body"])
            elif op.get("type") == "patch":
                outcome, res = call("PATCH", "/api/v1/runs/%s" % q, op["body"])
            else:
                continue
            if outcome in (_RETRY, _AUTH):
                msg = res if isinstance(res, str) else res.error_message
                out.write("  %s: stopped, %s (kept for the next sync)\n"
                          % (os.path.basename(path), msg))
                return False, sent, dups, values, dropped
            if outcome == _DROP:
                dropped += 1
                out.write("  %s: server rejected a %s: %s (dropped)\n"
                          % (os.path.basename(path), op["type"], res.error_message))
            elif op["type"] == "batch":
                sent += 1
                if isinstance(res.data, dict) and res.data.get("duplicate"):
                    dups += 1
                else:
                    values += _batch_values(op["body"])
        out.write("  %s -> run %s (%s): %d batches (%d already there), %d values\n"
                  % (header["body"].get("project"), run_id, link, sent,
                     dups, values))
    return True, sent, dups, values, dropped


def sync(url=None, api_key=None, spool_dir=None, out=None, attempts=4):
    """Re-send every spooled run to the server; delete the files fully delivered.
    Returns a summary dict."""
    out = out or sys.stdout
    url = (url or os.environ.get("ANNEAL_URL") or DEFAULT_URL).rstrip("/")
    key = api_key if api_key is not None else os.environ.get("ANNEAL_API_KEY")
    spool_dir = spool_dir or _default_spool_dir()
    client = _Client(url, key or None)
    summary = {"files": 0, "synced": 0, "failed": 0, "skipped": 0, "batches": 0,
               "duplicates": 0, "values": 0, "dropped": 0}
    try:
        names = sorted(n for n in os.listdir(spool_dir) if n.endswith(".jsonl"))
    except OSError:
        names = []
    out.write("anneal sync: %d spooled run(s) in %s -> %s\n" % (len(names), spool_dir, url))
    for n in names:
        path = os.path.join(spool_dir, n)
        summary["files"] += 1
        if _spool_owned_elsewhere(path):
            summary["skipped"] += 1
            out.write("  %s: still being written by a running process, skipped\n" % n)
            continue
        try:
            ok, sent, dups, values, dropped = _sync_file(path, client, attempts=attempts, out=out)
        except Exception as e:
            ok, sent, dups, values, dropped = False, 0, 0, 0, 0
            out.write("  %s: %r\n" % (n, e))
        summary["batches"] += sent
        summary["duplicates"] += dups
        summary["values"] += values
        summary["dropped"] += dropped
        if ok:
            summary["synced"] += 1
            for p in (path, _spool_lock_path(path)):
                try:
                    os.remove(p)
                except OSError:
                    pass
        else:
            summary["failed"] += 1
    out.write("anneal sync: %(synced)d synced, %(failed)d failed, %(skipped)d skipped; "
              "%(batches)d batches (%(duplicates)d duplicates ignored), %(values)d values sent, "
              "%(dropped)d rejected\n" % summary)
    return summary


_HELP = """usage: python anneal.py sync [--url URL] [--api-key KEY] [--spool-dir DIR]

Anneal Python client %s (import it in your training script: `import anneal`).

commands:
  sync        re-send every run spooled while the server was unreachable; a run is
              re-created with its externalId (same run) and batches keep their batchId
              (never counted twice). Files fully delivered are removed.

options:
  --url URL         server (default: ANNEAL_URL or %s)
  --api-key KEY     API key (default: ANNEAL_API_KEY)
  --spool-dir DIR   spool directory (default: ANNEAL_SPOOL_DIR or ~/.anneal/spool)
  -h, --help        show this help
""" % (__version__, DEFAULT_URL)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(_HELP)
        return 0 if argv else 2
    if argv[0] == "--version":
        sys.stdout.write(__version__ + "\n")
        return 0
    if argv[0] != "sync":
        sys.stderr.write("unknown command %r\n\n%s" % (argv[0], _HELP))
        return 2
    opts = {"--url": None, "--api-key": None, "--spool-dir": None}
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            sys.stdout.write(_HELP)
            return 0
        name, eq, val = a.partition("=")
        if name in opts:
            if not eq:
                i += 1
                if i >= len(argv):
                    sys.stderr.write("%s needs a value\n" % name)
                    return 2
                val = argv[i]
            opts[name] = val
        else:
            sys.stderr.write("unknown option %r\n\n%s" % (a, _HELP))
            return 2
        i += 1
    summary = sync(url=opts["--url"], api_key=opts["--api-key"], spool_dir=opts["--spool-dir"])
    return 0 if summary["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
