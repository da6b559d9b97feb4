import { importFiles, type ImportOptions } from "../index";
import type { ParsedRun, PointBatch, SourceFile } from "../types";

export interface CollectedRun {
  name: string;
  format: string;
  run: ParsedRun;
  batches: PointBatch[];
  /** Per key, (step, value) pairs sorted by step, a later value for a step replacing an earlier one. */
  series: Record<string, [number, number][]>;
  epochs: Map<number, number>;
  times: Map<number, number>;
}

/** Imports files and reads every run to the end, merging batches as the server would. */
export async function collectRuns(files: SourceFile[], opts: ImportOptions = {}): Promise<CollectedRun[]> {
  const plan = await importFiles(files, opts);
  const out: CollectedRun[] = [];
  for (const r of plan.runs) {
    const it = r.read();
    const batches: PointBatch[] = [];
    const merged: Record<string, Map<number, number>> = {};
    const epochs = new Map<number, number>();
    const times = new Map<number, number>();
    let res = await it.next();
    while (!res.done) {
      const b = res.value;
      batches.push(b);
      for (const [k, col] of Object.entries(b.values)) {
        col.forEach((v, i) => {
          if (v !== null) (merged[k] ??= new Map()).set(b.step[i], v);
        });
      }
      b.epoch?.forEach((e, i) => e !== null && epochs.set(b.step[i], e));
      b.time?.forEach((t, i) => t !== null && times.set(b.step[i], t));
      res = await it.next();
    }
    const series = Object.fromEntries(Object.entries(merged).map(([k, m]) => [k, [...m.entries()].sort((a, b) => a[0] - b[0])]));
    out.push({ name: r.name, format: r.format, run: res.value, batches, series, epochs, times });
  }
  return out;
}

export async function collectOne(files: SourceFile[], opts: ImportOptions = {}): Promise<CollectedRun> {
  const runs = await collectRuns(files, opts);
  if (runs.length !== 1) throw new Error(`expected one run, got ${runs.length}`);
  return runs[0];
}

/** First and last (step, value) of a key. */
export function ends(run: CollectedRun, key: string): { count: number; first: [number, number]; last: [number, number] } {
  const s = run.series[key];
  if (!s) throw new Error(`no key ${key} in ${Object.keys(run.series).join(", ")}`);
  return { count: s.length, first: s[0], last: s[s.length - 1] };
}
