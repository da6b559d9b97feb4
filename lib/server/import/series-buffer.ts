import "server-only";
import { CHUNK_MAX } from "@/lib/metrics/chunk-codec";
import { countValues, EPOCH_KEY, TIME_KEY, type MetricBatch } from "@/lib/schemas/metrics";
import { batchToSeries, mergeSeries, type SeriesPoints } from "@/lib/server/metrics/batch-series";

/** Points held across all keys before everything is handed out, whole chunks or not (bounds memory with many keys). */
const MAX_HELD = 2_000_000;

/** A key's chunk being filled; `last` is the last step this key received, held or handed out. */
interface Filling {
  steps: Float64Array;
  values: Float64Array;
  n: number;
  last: number;
}

/** A key's series handed out and not yet taken, oldest first; `merge` once any may overlap what was written. */
interface Ready {
  parts: SeriesPoints[];
  merge: boolean;
}

/** What to write: `appends` come after everything written for their key, `merges` may overlap it. */
export interface Writable {
  appends: Map<string, SeriesPoints>;
  merges: Map<string, SeriesPoints>;
}

/**
 * Collects an import's points per key into whole chunks, so each chunk is encoded and inserted
 * once rather than appended in batch-sized pieces (and small ones read back and merged).
 * Batches that only append (the usual log) are copied straight into chunk buffers; any other
 * batch goes through batchToSeries and is written as a merge, so last-write-wins is kept.
 */
export class SeriesBuffer {
  private filling = new Map<string, Filling>();
  private ready = new Map<string, Ready>();
  private held = 0;

  /** Takes a batch's points; returns how many metric values (epoch and time aside) it held. */
  add(batch: MetricBatch): number {
    // One column per key, epoch and time replacing a metric of their reserved name, as in batchToSeries.
    const columns = new Map(Object.entries(batch.values));
    if (batch.epoch) columns.set(EPOCH_KEY, batch.epoch);
    if (batch.time) columns.set(TIME_KEY, batch.time);
    if (!this.onlyAppends(batch.step, columns)) {
      for (const [key, pts] of batchToSeries(batch)) this.enqueue(key, pts);
      return countValues(batch);
    }
    let count = 0;
    for (const [key, col] of columns) {
      const added = this.append(key, batch.step, col);
      if (col === batch.values[key]) count += added;
    }
    return count;
  }

  /** Removes and returns what is ready to write: whole chunks, or every held point when `all` (or too many are held). */
  take(all = false): Writable {
    if (all || this.held >= MAX_HELD) for (const [key, f] of this.filling) this.handOutHeld(key, f);
    const out: Writable = { appends: new Map(), merges: new Map() };
    for (const [key, r] of this.ready) (r.merge ? out.merges : out.appends).set(key, r.parts.length === 1 ? r.parts[0] : r.parts.reduce(mergeSeries));
    this.ready.clear();
    return out;
  }

  /** Whether steps strictly increase and each key's first value comes after everything it received before. */
  private onlyAppends(step: number[], columns: Map<string, (number | null)[]>): boolean {
    for (let i = 1; i < step.length; i++) if (step[i] <= step[i - 1]) return false;
    for (const [key, col] of columns) {
      const last = this.filling.get(key)?.last ?? -1;
      const first = col.findIndex((v) => v !== null);
      if (first !== -1 && step[first] <= last) return false;
    }
    return true;
  }

  private append(key: string, step: number[], col: (number | null)[]): number {
    let f = this.filling.get(key);
    if (!f) this.filling.set(key, (f = emptyFilling(-1)));
    let added = 0;
    let last = -1;
    for (let i = 0; i < col.length; i++) {
      const v = col[i];
      if (v === null) continue;
      if (f.n === f.steps.length) grow(f);
      f.steps[f.n] = last = step[i];
      f.values[f.n++] = v;
      added++;
      if (f.n === CHUNK_MAX) this.handOutHeld(key, f);
    }
    if (added) f.last = last;
    this.held += added;
    return added;
  }

  /** Queues a series after the key's held points, which are queued first (the newer values win on write). */
  private enqueue(key: string, pts: SeriesPoints): void {
    const f = this.filling.get(key);
    if (f) this.handOutHeld(key, f);
    const last = pts.steps[pts.steps.length - 1];
    if (f) f.last = Math.max(f.last, last);
    else this.filling.set(key, emptyFilling(last));
    this.handOut(key, pts, true);
  }

  /** Hands out a key's chunk being filled and starts an empty one. */
  private handOutHeld(key: string, f: Filling): void {
    if (!f.n) return;
    this.handOut(key, { steps: f.steps.subarray(0, f.n), values: f.values.subarray(0, f.n) }, false);
    this.held -= f.n;
    const capacity = f.n === CHUNK_MAX ? CHUNK_MAX : FIRST_CAPACITY;
    f.steps = new Float64Array(capacity);
    f.values = new Float64Array(capacity);
    f.n = 0;
  }

  private handOut(key: string, pts: SeriesPoints, merge: boolean): void {
    const r = this.ready.get(key);
    if (!r) this.ready.set(key, { parts: [pts], merge });
    else {
      r.parts.push(pts);
      r.merge ||= merge;
    }
  }
}

/** Chunk buffers start small and double up to CHUNK_MAX, so sparse keys (validation metrics) hold little memory. */
const FIRST_CAPACITY = 1024;

const emptyFilling = (last: number): Filling => ({ steps: new Float64Array(FIRST_CAPACITY), values: new Float64Array(FIRST_CAPACITY), n: 0, last });

function grow(f: Filling): void {
  const capacity = Math.min(CHUNK_MAX, f.steps.length * 2);
  const steps = new Float64Array(capacity);
  const values = new Float64Array(capacity);
  steps.set(f.steps);
  values.set(f.values);
  f.steps = steps;
  f.values = values;
}
