import type { ImportedRun } from "./index";
import type { ParsedRun } from "./types";

export interface MetricSummary {
  count: number;
  minStep: number;
  maxStep: number;
  first: number;
  last: number;
  /** Values that fell on a step this key already held from another line (only the last kept). */
  collapsed?: number;
}

export interface RunPreview {
  run: ParsedRun;
  /** Values (non-null (step, key) pairs) read, duplicates across batches included. */
  points: number;
  metrics: Record<string, MetricSummary>;
}

/** Reads a whole run and summarises it for the preview: per key, count, step range, first/last. */
export async function previewRun(run: ImportedRun): Promise<RunPreview> {
  const metrics: Record<string, MetricSummary> = {};
  let points = 0;
  const it = run.read();
  let r = await it.next();
  while (!r.done) {
    const { step, values, collapsed } = r.value;
    for (const key in values) {
      const col = values[key];
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (v === null) continue;
        points++;
        const m = (metrics[key] ??= { count: 0, minStep: step[i], maxStep: step[i], first: v, last: v });
        m.count++;
        if (step[i] < m.minStep) m.minStep = step[i];
        if (step[i] >= m.maxStep) m.maxStep = step[i];
        m.last = v;
      }
    }
    for (const key in collapsed) metrics[key].collapsed = (metrics[key].collapsed ?? 0) + collapsed[key];
    r = await it.next();
  }
  return { run: r.value, points, metrics };
}
