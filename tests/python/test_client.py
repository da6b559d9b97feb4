"""Unit tests of the Python client (public/anneal.py) against an in-process test double.

Run: python3 -m unittest discover -s tests/python -v
"""

import contextlib
import io
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PUBLIC = os.path.join(HERE, "..", "..", "public")
sys.path.insert(0, os.path.abspath(PUBLIC))
sys.path.insert(0, HERE)

import anneal  # noqa: E402
from anneal_double import AnnealDouble, Violation, free_port, validate_metrics  # noqa: E402

FAST = dict(flush_interval=0.1, backoff_base=0.05, backoff_max=0.3, request_timeout=2.0,
            init_timeout=2.0, flush_timeout=5.0, heartbeat_interval=60.0)


def wait_for(pred, timeout=5.0, interval=0.02):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(interval)
    return pred()


class FakeNumpyScalar(object):
    def __init__(self, v):
        self.v = v

    def item(self):
        return self.v


class FloatOnly(object):
    def __float__(self):
        return 2.5


class Base(unittest.TestCase):
    def setUp(self):
        anneal._warned.clear()
        self.spool = tempfile.mkdtemp(prefix="anneal-spool-")
        self.server = AnnealDouble()
        self.stderr = io.StringIO()
        self._redir = contextlib.redirect_stderr(self.stderr)
        self._redir.__enter__()

    def tearDown(self):
        self._redir.__exit__(None, None, None)
        self.server.stop()
        shutil.rmtree(self.spool, ignore_errors=True)
        self.assertEqual(self.server.violations, [], "requests broke the API contract")

    def init(self, url=None, **kw):
        opts = dict(FAST)
        opts.update(kw)
        opts.setdefault("spool_dir", self.spool)
        return anneal.init(project=opts.pop("project", "unit"), url=url or self.server.url,
                           **opts)

    def stored(self, run_or_id):
        rid = run_or_id if isinstance(run_or_id, str) else run_or_id.id
        return self.server.values[rid]

    def assert_written_once(self, rid):
        writes = self.server.writes[rid]
        self.assertTrue(writes)
        self.assertEqual(set(writes.values()), {1}, "some values were written more than once")

    def spool_files(self):
        return [n for n in os.listdir(self.spool) if n.endswith(".jsonl")]


class PayloadTests(Base):
    def test_columns_payload_with_nulls(self):
        run = self.init(name="r1", config={"optimizer": "AdamW", "lr": 1e-4}, tags=["a"])
        self.assertIsNotNone(run.id)
        self.assertEqual(run.url, self.server.url + "/runs/" + run.id)
        t0 = time.time()
        run.log({"loss": 0.71, "lr": 1e-4}, step=100, epoch=0)
        run.log({"mIoU": 0.412}, step=500, epoch=1)
        run.log({"loss": 0.5}, step=501)
        run.finish()
        reqs = self.server.metric_requests()
        self.assertEqual(len(reqs), 1)
        body = reqs[0]["body"]
        self.assertEqual(body["step"], [100, 500, 501])
        self.assertEqual(body["epoch"], [0, 1, 1])  # the last epoch carries over
        self.assertEqual(body["values"], {"loss": [0.71, None, 0.5], "lr": [1e-4, None, None],
                                          "mIoU": [None, 0.412, None]})
        self.assertTrue(all(t0 - 1 <= t <= time.time() for t in body["time"]))
        self.assertIsInstance(body["batchId"], str)
        self.assertEqual(self.stored(run), {(100, "loss"): 0.71, (100, "lr"): 1e-4,
                                            (500, "mIoU"): 0.412, (501, "loss"): 0.5})
        created = self.server.runs[run.id]["createBody"]
        self.assertEqual(created["config"], {"optimizer": "AdamW", "lr": 1e-4})
        self.assertEqual(created["externalId"], run.external_id)
        self.assertEqual(self.server.runs[run.id]["status"], "finished")

    def test_step_auto_increments_and_no_epoch_column_without_epochs(self):
        run = self.init()
        for i in range(5):
            run.log({"x": i})
        run.log({"x": 10}, step=10)
        run.log({"x": 11})
        run.finish()
        body = self.server.metric_requests()[0]["body"]
        self.assertEqual(body["step"], [0, 1, 2, 3, 4, 10, 11])
        self.assertNotIn("epoch", body)

    def test_nan_inf_and_duck_typed_numbers(self):
        run = self.init()
        run.log({"a": float("nan"), "b": float("inf"), "c": -math.inf, "d": FakeNumpyScalar(3),
                 "e": FakeNumpyScalar(float("nan")), "f": FloatOnly(), "g": True,
                 "bad": "hello", "worse": [1, 2]}, step=0)
        run.finish()
        body = self.server.metric_requests()[0]["body"]
        self.assertEqual(body["values"], {"a": ["NaN"], "b": ["Infinity"], "c": ["-Infinity"],
                                          "d": [3], "e": ["NaN"], "f": [2.5], "g": [1]})
        err = self.stderr.getvalue()
        self.assertIn("'bad'", err)
        self.assertIn("'worse'", err)

    def test_bad_step_is_skipped_with_warning(self):
        run = self.init()
        run.log({"x": 1}, step=-1)
        run.log({"x": 2}, step="abc")
        run.log({"x": 3}, step=FakeNumpyScalar(7))
        run.finish()
        self.assertEqual(self.stored(run), {(7, "x"): 3})
        self.assertIn("step must be an integer", self.stderr.getvalue())

    def test_large_batches_are_gzipped(self):
        run = self.init(batch_points=200)
        for i in range(1000):
            run.log({"loss": 1.0 / (i + 1), "lr": 0.0095}, step=i)
        run.finish()
        reqs = self.server.metric_requests()
        self.assertTrue(all(r["gzip"] for r in reqs))
        self.assertEqual(reqs[0]["headers"].get("Content-Encoding"), "gzip")
        self.assertEqual(len(self.stored(run)), 2000)
        self.assertEqual(self.stored(run)[(999, "lr")], 0.0095)
        self.assert_written_once(run.id)

    def test_batches_sent_in_background_before_finish(self):
        run = self.init(flush_interval=0.1)
        run.log({"x": 1}, step=0)
        self.assertTrue(wait_for(lambda: len(self.server.metric_requests()) == 1, 3))
        run.finish()

    def test_config_summary_and_status_patches(self):
        run = self.init(config={"lr": 0.1})
        run.config["momentum"] = 0.9
        run.update_config({"lr": 0.05, "nested": {"a": 1}})
        run.summary({"best_mIoU": 0.77, "nan": float("nan")})
        run.finish(status="failed")
        srv = self.server.runs[run.id]
        self.assertEqual(srv["config"], {"lr": 0.05, "momentum": 0.9, "nested": {"a": 1}})
        self.assertEqual(srv["summary"], {"best_mIoU": 0.77, "nan": "NaN"})
        self.assertEqual(srv["status"], "failed")
        self.assertEqual(dict(run.config), {"lr": 0.05, "momentum": 0.9, "nested": {"a": 1}})

    def test_with_block_marks_failed_on_exception(self):
        with self.assertRaises(RuntimeError):
            with self.init() as run:
                run.log({"x": 1}, step=0)
                raise RuntimeError("boom")
        self.assertEqual(self.server.runs[run.id]["status"], "failed")
        self.assertEqual(self.stored(run), {(0, "x"): 1})
        with self.init() as ok:
            ok.log({"x": 1})
        self.assertEqual(self.server.runs[ok.id]["status"], "finished")

    def test_heartbeats(self):
        run = self.init(heartbeat_interval=0.2)
        self.assertTrue(wait_for(lambda: self.server.heartbeats[run.id] >= 2, 5))
        run.finish()

    def test_api_key_sent_as_bearer(self):
        run = self.init(api_key="ank_secret")
        run.log({"x": 1})
        run.finish()
        for r in self.server.requests:
            self.assertEqual(r["headers"].get("Authorization"), "Bearer ank_secret")


class RetryTests(Base):
    def test_503_retried_with_same_batch_id(self):
        run = self.init()
        self.server.fail_next(times=2, status=503, path_contains="/metrics")
        run.log({"x": 1.5}, step=3)
        run.finish()
        reqs = self.server.metric_requests()
        self.assertEqual(len(reqs), 3)
        self.assertEqual(len(set(json.dumps(r["body"], sort_keys=True) for r in reqs
                                 if r["body"])), 1)
        self.assertEqual(self.stored(run), {(3, "x"): 1.5})

    def test_backoff_grows(self):
        run = self.init(backoff_base=0.1, backoff_max=5)
        self.server.fail_next(times=3, status=500, path_contains="/metrics")
        run.log({"x": 1}, step=0)
        run.finish(timeout=10)
        times = [r["time"] for r in self.server.metric_requests()]
        self.assertEqual(len(times), 4)
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertGreaterEqual(gaps[2], 0.2)  # 0.4 * jitter in [0.5, 1]
        self.assertEqual(self.stored(run), {(0, "x"): 1})

    def test_429_honours_retry_after(self):
        run = self.init()
        self.server.fail_next(status=429, retry_after=1, path_contains="/metrics")
        run.log({"x": 1}, step=0)
        run.finish()
        t = [r["time"] for r in self.server.metric_requests()]
        self.assertEqual(len(t), 2)
        self.assertGreaterEqual(t[1] - t[0], 0.95)
        self.assertEqual(self.stored(run), {(0, "x"): 1})

    def test_timeout_retry_is_deduplicated_by_batch_id(self):
        run = self.init(request_timeout=0.4)
        # processed by the server, but the answer comes too late: an ambiguous failure
        self.server.fail_next(path_contains="/metrics", process=True, delay=1.0)
        run.log({"x": 1, "y": 2}, step=0)
        run.finish(timeout=5)
        reqs = self.server.metric_requests()
        self.assertGreaterEqual(len(reqs), 2)
        self.assertEqual(len(set(r["body"]["batchId"] for r in reqs)), 1)
        self.assertEqual(run.stats["duplicates"], 1)
        self.assert_written_once(run.id)

    def test_create_retried_idempotently(self):
        self.server.fail_next(path_contains="/api/v1/runs", process=True, delay=1.0)
        run = self.init(request_timeout=0.3, init_timeout=0.3)
        run.log({"x": 1}, step=0)
        run.finish()
        creates = [r for r in self.server.requests if r["path"] == "/api/v1/runs"]
        self.assertGreaterEqual(len(creates), 2)
        self.assertEqual(len(self.server.runs), 1)
        self.assertEqual(self.stored(run), {(0, "x"): 1})

    def test_400_dropped_with_one_warning(self):
        run = self.init()
        self.server.fail_next(times=1, status=400, path_contains="/metrics",
                              message="values.lr[0]: expected a number")
        run.log({"lr": 1}, step=0)
        run.flush()
        run.log({"lr": 2}, step=1)
        run.finish()
        reqs = self.server.metric_requests()
        self.assertEqual(len(reqs), 2)  # the rejected batch was not retried
        self.assertEqual(self.stored(run), {(1, "lr"): 2})
        err = self.stderr.getvalue()
        self.assertIn("values.lr[0]: expected a number", err)
        self.assertEqual(err.count("rejected"), 1)
        self.assertEqual(run.stats["dropped_batches"], 1)

    def test_slow_server_does_not_block_log(self):
        run = self.init()
        self.server.fail_next(times=3, status=503, path_contains="/metrics", delay=1.0)
        durations = []
        for i in range(3000):
            t = time.perf_counter()
            run.log({"x": i}, step=i)
            durations.append(time.perf_counter() - t)
            if i % 1000 == 0:
                time.sleep(0.2)
        self.assertLess(statistics.median(durations), 50e-6)
        run.finish(timeout=10)
        self.assertEqual(len(self.stored(run)), 3000)
        self.assert_written_once(run.id)


class OfflineTests(Base):
    def test_server_down_log_is_fast_memory_bounded_and_spooled_then_synced(self):
        port = free_port()
        url = "http://127.0.0.1:%d" % port
        run = self.init(url=url, offline_after=0.3, max_buffer_points=2000, batch_points=500)
        self.assertIsNone(run.id)
        durations = []
        peak = 0
        n = 20000
        for i in range(n):
            t = time.perf_counter()
            vals = {"loss": 1.0 / (i + 1)}
            if i % 2 == 0:
                vals["acc"] = 0.5
            run.log(vals, step=i)
            durations.append(time.perf_counter() - t)
            peak = max(peak, run._mem_points)
        durations.sort()
        # typically ~2 us median and ~5 us p99 (the rare outlier is a buffer-full spool write
        # or a GIL switch); the bounds leave room for a loaded CI machine
        self.assertLess(durations[n // 2], 50e-6, "median log() too slow")
        self.assertLess(durations[int(n * 0.99)], 5e-3, "p99 log() too slow")
        self.assertLess(durations[-1], 0.5)
        self.assertLessEqual(peak, 2001)
        self.assertTrue(wait_for(lambda: self.spool_files(), 3))
        run.finish(timeout=0.5)
        self.assertIn("python anneal.py sync", self.stderr.getvalue())
        files = self.spool_files()
        self.assertEqual(len(files), 1)
        with open(os.path.join(self.spool, files[0])) as f:
            lines = [json.loads(line) for line in f]
        self.assertEqual(lines[0]["type"], "create")
        self.assertEqual(lines[0]["body"]["externalId"], run.external_id)
        self.assertEqual(lines[-1], {"type": "patch", "body": {"status": "finished"}})
        saved = open(os.path.join(self.spool, files[0])).read()

        # the server comes back on that port: sync delivers everything exactly once
        self.server.stop()
        self.server = AnnealDouble(port=port)
        out = io.StringIO()
        summary = anneal.sync(url=url, spool_dir=self.spool, out=out)
        self.assertEqual(summary["synced"], 1, out.getvalue())
        self.assertEqual(self.spool_files(), [])
        srv_run = self.server.run_by_external(run.external_id)
        self.assertEqual(srv_run["status"], "finished")
        values = self.stored(srv_run["id"])
        self.assertEqual(sum(1 for (s, k) in values if k == "loss"), n)
        self.assertEqual(values[(n - 1, "loss")], 1.0 / n)
        self.assert_written_once(srv_run["id"])
        self.assertEqual(summary["values"], len(values))

        # syncing the same spool again (e.g. a copy) duplicates nothing
        with open(os.path.join(self.spool, files[0]), "w") as f:
            f.write(saved)
        summary2 = anneal.sync(url=url, spool_dir=self.spool, out=io.StringIO())
        self.assertEqual(summary2["values"], 0)
        self.assertEqual(summary2["duplicates"], summary2["batches"])
        self.assertEqual(len(self.server.runs), 1)
        self.assert_written_once(srv_run["id"])

    def test_server_back_during_run_resends_spool_in_background(self):
        run = self.init(offline_after=0.2)
        port = self.server.port
        run.log({"x": 0}, step=0)
        run.flush()
        self.server.stop()
        for i in range(1, 500):
            run.log({"x": i}, step=i)
        self.assertTrue(wait_for(lambda: self.spool_files(), 3), "nothing spooled")
        for i in range(500, 1000):
            run.log({"x": i}, step=i)
        old = self.server
        self.server = AnnealDouble(port=port)
        self.server.runs, self.server.by_external = old.runs, old.by_external
        self.server.values, self.server.writes = old.values, old.writes
        self.server.batch_ids = old.batch_ids
        self.assertTrue(wait_for(lambda: not self.spool_files(), 10), "spool not drained")
        run.finish()
        self.assertEqual(len(self.stored(run)), 1000)
        self.assert_written_once(run.id)
        self.assertEqual(self.server.runs[run.id]["status"], "finished")

    def test_finish_retries_promptly_after_a_long_backoff(self):
        # Down long enough for the backoff to grow to several seconds, back just before finish():
        # finish must find it within its timeout instead of waiting out the backoff and spooling.
        run = self.init(backoff_base=0.1, backoff_max=30, offline_after=1.0)
        run.log({"x": 0}, step=0)
        run.flush()
        self.server.fail_next(times=10000, status=503)
        for i in range(1, 200):
            run.log({"x": i}, step=i)
        self.assertTrue(wait_for(lambda: run._next_attempt - time.time() > 2.5, 20),
                        "backoff did not grow")
        self.server.faults.clear()
        t = time.time()
        run.finish(timeout=2.0)
        self.assertLess(time.time() - t, 1.9)
        self.assertEqual(len(self.stored(run)), 200)
        self.assert_written_once(run.id)
        self.assertEqual(self.server.runs[run.id]["status"], "finished")
        self.assertEqual(self.spool_files(), [])
        self.assertNotIn("unsent data is in", self.stderr.getvalue())

    def test_offline_at_init_then_server_appears(self):
        port = free_port()
        run = self.init(url="http://127.0.0.1:%d" % port, offline_after=30)
        self.assertIsNone(run.id)
        run.log({"x": 1}, step=0)
        self.server.stop()
        self.server = AnnealDouble(port=port)
        self.assertTrue(wait_for(lambda: run.id is not None, 5))
        run.finish()
        self.assertEqual(self.stored(run), {(0, "x"): 1})

    def test_spooled_before_the_run_could_be_created_then_server_appears(self):
        port = free_port()
        run = self.init(url="http://127.0.0.1:%d" % port, offline_after=0.2, batch_points=100)
        for i in range(1000):
            run.log({"x": i, "y": -i}, step=i, epoch=i // 100)
        self.assertTrue(wait_for(lambda: self.spool_files(), 3), "nothing spooled")
        self.server.stop()
        self.server = AnnealDouble(port=port)
        self.assertTrue(wait_for(lambda: run.id is not None and not self.spool_files(), 10))
        run.log({"x": 1000}, step=1000)
        run.finish()
        self.assertEqual(len(self.server.runs), 1)
        self.assertEqual(len(self.stored(run)), 2001)
        self.assert_written_once(run.id)
        self.assertEqual(self.server.runs[run.id]["status"], "finished")

    def test_bad_api_key_warns_and_spools(self):
        self.server.stop()
        self.server = AnnealDouble(api_key="ank_good")
        run = self.init(api_key="ank_bad")
        run.log({"x": 1}, step=0)
        run.finish(timeout=0.5)
        self.assertIn("API key", self.stderr.getvalue())
        self.assertEqual(len(self.spool_files()), 1)
        summary = anneal.sync(url=self.server.url, api_key="ank_good", spool_dir=self.spool,
                              out=io.StringIO())
        self.assertEqual(summary["synced"], 1)
        rid = self.server.run_by_external(run.external_id)["id"]
        self.assertEqual(self.stored(rid), {(0, "x"): 1})

    def test_create_refused_warns_and_keeps_data_in_spool(self):
        self.server.fail_next(status=400, path_contains="/api/v1/runs",
                              message="project: invalid slug")
        run = self.init()
        run.log({"x": 1}, step=0)
        t = time.time()
        run.finish(timeout=5)
        self.assertLess(time.time() - t, 2)
        self.assertIn("project: invalid slug", self.stderr.getvalue())
        self.assertEqual(len(self.spool_files()), 1)
        self.assertEqual(self.server.metric_requests(), [])

    def test_sync_keeps_file_when_server_still_down(self):
        port = free_port()
        run = self.init(url="http://127.0.0.1:%d" % port)
        run.log({"x": 1}, step=0)
        run.finish(timeout=0.3)
        out = io.StringIO()
        summary = anneal.sync(url="http://127.0.0.1:%d" % port, spool_dir=self.spool, out=out,
                              attempts=1)
        self.assertEqual(summary["failed"], 1)
        self.assertEqual(len(self.spool_files()), 1)

    def test_sync_skips_file_of_live_run(self):
        port = free_port()
        run = self.init(url="http://127.0.0.1:%d" % port, offline_after=0.1)
        run.log({"x": 1}, step=0)
        self.assertTrue(wait_for(lambda: self.spool_files(), 3))
        summary = anneal.sync(url=self.server.url, spool_dir=self.spool, out=io.StringIO())
        self.assertEqual(summary["skipped"], 1)
        run.finish(timeout=0.2)
        summary = anneal.sync(url=self.server.url, spool_dir=self.spool, out=io.StringIO())
        self.assertEqual(summary["synced"], 1)


SCRIPT = r"""
import sys
sys.path.insert(0, %(public)r)
import anneal
run = anneal.init(project="exit", name="sub", external_id=%(ext)r, flush_interval=60)
for i in range(500):
    run.log({"loss": 1.0 / (i + 1)}, step=i)
if %(crash)r:
    raise RuntimeError("training crashed")
print("done")
"""


class ExitTests(Base):
    def run_script(self, url, ext, crash=False, env_extra=None):
        env = dict(os.environ, ANNEAL_URL=url, ANNEAL_SPOOL_DIR=self.spool)
        env.update(env_extra or {})
        src = SCRIPT % {"public": os.path.abspath(PUBLIC), "ext": ext, "crash": crash}
        t = time.time()
        p = subprocess.run([sys.executable, "-c", src], env=env, capture_output=True,
                           text=True, timeout=60)
        return p, time.time() - t

    def test_flush_at_exit(self):
        p, _ = self.run_script(self.server.url, "ext-ok")
        self.assertEqual(p.returncode, 0, p.stderr)
        run = self.server.run_by_external("ext-ok")
        self.assertEqual(len(self.stored(run["id"])), 500)
        self.assertEqual(run["status"], "finished")

    def test_uncaught_exception_marks_failed(self):
        p, _ = self.run_script(self.server.url, "ext-crash", crash=True)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("training crashed", p.stderr)
        run = self.server.run_by_external("ext-crash")
        self.assertEqual(run["status"], "failed")
        self.assertEqual(len(self.stored(run["id"])), 500)

    def test_exit_with_dead_server_is_bounded_and_spools(self):
        port = free_port()
        url = "http://127.0.0.1:%d" % port
        p, took = self.run_script(url, "ext-dead", env_extra={"ANNEAL_FLUSH_TIMEOUT": "1"})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertLess(took, 8)
        self.assertIn("python anneal.py sync", p.stderr)
        self.assertEqual(len(self.spool_files()), 1)
        self.server.stop()
        self.server = AnnealDouble(port=port)
        cli = subprocess.run([sys.executable, os.path.join(PUBLIC, "anneal.py"), "sync",
                              "--url", url], env=dict(os.environ, ANNEAL_SPOOL_DIR=self.spool),
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(cli.returncode, 0, cli.stdout + cli.stderr)
        self.assertIn("1 synced", cli.stdout)
        run = self.server.run_by_external("ext-dead")
        self.assertEqual(len(self.stored(run["id"])), 500)
        self.assertEqual(run["status"], "finished")
        self.assertEqual(self.spool_files(), [])

    def test_cli_help(self):
        p = subprocess.run([sys.executable, os.path.join(PUBLIC, "anneal.py"), "--help"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 0)
        self.assertIn("sync", p.stdout)
        self.assertIn("--api-key", p.stdout)


class RealServerCheckScriptTests(Base):
    """real_server_check.py is meant for the real server; running it against the double
    keeps the script itself from rotting."""

    def test_script_passes_against_the_double(self):
        env = dict(os.environ, ANNEAL_URL=self.server.url, ANNEAL_SPOOL_DIR=self.spool)
        p = subprocess.run([sys.executable, os.path.join(HERE, "real_server_check.py")],
                           env=env, capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout[-3000:] + p.stderr[-3000:])
        self.assertIn("PASSED", p.stdout)
        self.assertNotIn("FAIL ", p.stdout)


class DoubleEnforcesContractTests(unittest.TestCase):
    def test_rejects_bad_batches(self):
        bad = [
            {"step": [0, 1], "values": {"x": [1]}},
            {"step": [-1], "values": {"x": [1]}},
            {"step": [0.5], "values": {"x": [1]}},
            {"step": [0], "values": {"x": ["1"]}},
            {"step": [0], "values": {"x": [float("nan")]}},
            {"step": [0], "epoch": [None], "values": {"x": [1]}},
            {"step": [0], "values": {"x": [1]}, "batchID": "typo"},
            {"points": [{"step": 0, "value": {"x": 1}}]},
        ]
        for body in bad:
            with self.assertRaises(Violation, msg=body):
                validate_metrics(body)
        ok = validate_metrics({"step": [0, 1], "values": {"x": [None, "NaN"]}, "batchId": "b"})
        self.assertEqual(ok[0][3], {})
        self.assertEqual(ok[1][3], {"x": "NaN"})


if __name__ == "__main__":
    unittest.main()
