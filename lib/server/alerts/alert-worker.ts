import "server-only";
import type { Database } from "@/lib/db/client";
import { getEventBus } from "@/lib/server/events/event-bus";
import { pruneEvents } from "@/lib/server/events/prune-events";
import { sweepOrphanArtifacts } from "@/lib/server/mlflow/artifact-sweep";
import { checkDueRuns } from "./check-run-alerts";
import { deliverDueAlerts, type DeliveryOptions } from "./deliver-alerts";
import { sweepCrashedRuns } from "./sweep-crashed-runs";

export interface WorkerOptions extends DeliveryOptions {
  /** How often due deliveries and alert checks are looked for (other instances' work, retries). */
  pollMs?: number;
  crashSweepMs?: number;
  pruneMs?: number;
  /** How often the artifacts folder is swept for folders of runs that no longer exist. */
  artifactSweepMs?: number;
}

/** Events after which deliveries may be waiting (queued in the same transaction). */
const WAKING_EVENTS = new Set(["comment.created", "run.updated"]);

/**
 * The background work of an app instance: webhook deliveries, alert checks of runs that logged,
 * the crash sweep, event pruning and the artifacts' orphan sweep. Every task claims its rows in
 * the database (or, for the sweep, is harmless twice), so any number of
 * instances can run it. Wakes at once after an event that may have queued deliveries.
 */
export function startAlertWorker(db: Database, opts: WorkerOptions = {}) {
  const pollMs = opts.pollMs ?? 1_000;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let lastSweep = 0;
  let lastPrune = 0;
  let lastArtifactSweep = 0;

  const round = async () => {
    const now = Date.now();
    if (now - lastSweep >= (opts.crashSweepMs ?? 10_000)) {
      lastSweep = now;
      await sweepCrashedRuns(db);
    }
    if (now - lastPrune >= (opts.pruneMs ?? 600_000)) {
      lastPrune = now;
      await pruneEvents(db);
    }
    await checkDueRuns(db);
    // A full batch may mean more are due.
    while (!stopped && (await deliverDueAlerts(db, opts)) > 0);
    // Last: a folder it cannot read must not hold up alerts.
    if (now - lastArtifactSweep >= (opts.artifactSweepMs ?? 3_600_000)) {
      lastArtifactSweep = now;
      await sweepOrphanArtifacts(db);
    }
  };
  const tick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((err: unknown) => console.error("[anneal] alert worker:", err))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          tick();
        }
      });
  };

  const timer = setInterval(tick, pollMs);
  timer.unref?.();
  let unsubscribe = () => {};
  void getEventBus(db).then((bus) => {
    if (stopped) return;
    unsubscribe = bus.subscribe(null, { push: (e) => WAKING_EVENTS.has(e.type) && tick(), gap: tick });
  });
  tick();

  return {
    /** Runs one round now and waits for it (tests, shutdown). */
    async flush() {
      tick();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}
