import "server-only";
import type { Sql } from "@/lib/db/sql";
import type { Actor, EventData } from "@/lib/events/event-types";
import { ANALYSIS_RULES } from "@/lib/alerts/alert-rules";
import { APPENDED_POINTS_CAP, type AppendedKeyPoints } from "@/lib/events/appended-points";
import { EPOCH_KEY, TIME_KEY } from "@/lib/schemas/metrics";
import { toWire } from "@/lib/schemas/wire-number";
import { ALERT_CHECK_DELAY_SECONDS } from "@/lib/server/alerts/alert-timing";
import { publishEvent } from "@/lib/server/events/publish-event";
import { announceRunChanges } from "@/lib/server/runs/announce-run";
import type { SeriesPoints } from "./batch-series";

/**
 * After points are written (same transaction, run row locked): metrics.appended with the keys and
 * step range touched, so live pages fetch just that range; a run announced as crashed is running
 * again; and when the project has analysis alerts, one check of this run is scheduled (a burst of
 * batches within the delay is checked once).
 */
export async function announceAppend(
  tx: Sql,
  opts: { id: string; projectId: number; series: Map<string, SeriesPoints>; actor: Actor; before?: ReadonlyMap<string, number> },
) {
  const [state] = await tx.query<{ name: string; revived: boolean; scheduleCheck: boolean }>(
    `SELECT r.name, r.crash_notified_at IS NOT NULL AS revived,
            ${scheduleCheckSql("r", 2)} AS "scheduleCheck"
       FROM runs r WHERE r.id = $1`,
    [opts.id, ANALYSIS_RULES],
  );
  if (state.revived || state.scheduleCheck) {
    await tx.query(
      `UPDATE runs SET crash_notified_at = NULL,
              alert_check_at = CASE WHEN $2 THEN now() + make_interval(secs => $3) ELSE alert_check_at END
        WHERE id = $1`,
      [opts.id, state.scheduleCheck, ALERT_CHECK_DELAY_SECONDS],
    );
  }
  if (state.revived) {
    await announceRunChanges(tx, {
      projectId: opts.projectId,
      run: { id: opts.id, name: state.name },
      changes: { status: "running", previousStatus: "crashed" },
      actor: opts.actor,
    });
  }
  const data = appendedEventData(opts.id, opts.series, opts.before);
  if (!data) return;
  await publishEvent(tx, { projectId: opts.projectId, type: "metrics.appended", runId: opts.id, actor: opts.actor, data });
}

/**
 * Whether a write to run `run` (an alias of the runs table) schedules an alert check: none is
 * pending and the project has an enabled analysis alert. $rules is ANALYSIS_RULES.
 */
export const scheduleCheckSql = (run: string, rulesParam: number) =>
  `(${run}.alert_check_at IS NULL AND EXISTS (SELECT 1 FROM alerts a WHERE a.project_id = ${run}.project_id AND a.enabled AND a.rules && $${rulesParam}::text[]))`;

/**
 * metrics.appended's data: the keys written (axes left out) and the step range; null when only
 * axes were written. With `before` (each written key's last step before this write, known when
 * the write only appends: lib/server/metrics/fast-append.ts), the points too, when they are
 * APPENDED_POINTS_CAP or fewer: live charts then append them without a read.
 */
export function appendedEventData(
  runId: string,
  series: Map<string, SeriesPoints>,
  before?: ReadonlyMap<string, number>,
): EventData["metrics.appended"] | null {
  const keys: string[] = [];
  let firstStep = Infinity;
  let lastStep = -Infinity;
  let count = 0;
  for (const [key, s] of series) {
    if (key === EPOCH_KEY || key === TIME_KEY || s.steps.length === 0) continue;
    keys.push(key);
    count += s.steps.length;
    firstStep = Math.min(firstStep, s.steps[0]);
    lastStep = Math.max(lastStep, s.steps[s.steps.length - 1]);
  }
  if (!keys.length) return null;
  keys.sort();
  const data: EventData["metrics.appended"] = { runId, keys, firstStep, lastStep };
  if (before && count <= APPENDED_POINTS_CAP && keys.every((k) => before.has(k))) {
    const points: Record<string, AppendedKeyPoints> = {};
    for (const key of keys) {
      const s = series.get(key)!;
      points[key] = { after: before.get(key)!, steps: Array.from(s.steps), values: Array.from(s.values, toWire) };
    }
    data.points = points;
  }
  return data;
}
